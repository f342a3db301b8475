#!/usr/bin/env python3
"""A stateful fake of Vortask (shared/api/vortask.md, with the choices of
shared/api/assumptions.md) for lanes' tests: its REST API and its MCP
server in one process.

    vortask.py --port 0 [--token TOKEN] [--mate-token TOKEN] [--tasks N]

Prints "PORT <n>" once it listens. Then:

REST under /api (lanes: url=http://127.0.0.1:PORT/api), bearer token on
every request. Served: GET /profile, GET /projects, GET /projects/:id,
GET /projects/:id/members, GET|POST /projects/:id/tasks (the list takes
status, priority, assigneeId, label, dueBefore, dueAfter; both due bounds
are inclusive), GET|PUT|DELETE /projects/:id/tasks/:taskId and
GET /projects/:id/tasks/:taskId/history. Errors are
{"errors": [...], "message": "..."}. Ids are integers, user ids UUIDs,
timestamps whole seconds in UTC.

Users and roles: TOKEN (default vt_test) is Sam, Admin of project 1 and a
Viewer of project 2. MATE-TOKEN (default vt_mate) is Kim, the teammate: a
Member of project 1 (so a delete by Kim is a 403) and Admin of project 2.
Lee is a Viewer of project 1 without a token; project 1 also has one
pending invitation.

History: one entry per changed field, newest first, in the documented
shape {id, actorId, actorName, action, detail, createdAt}. Actions are
Created (detail: the title), StatusChanged, TitleChanged,
DescriptionChanged, PriorityChanged, DueDateChanged, TagsChanged and
AssigneesChanged, each with detail "old → new" ("none" for an empty
value, lists joined with ", "). A PUT that changes nothing leaves
updatedAt and the history alone.

MCP at /mcp (lanes: mcp-url=http://127.0.0.1:PORT/mcp), streamable HTTP
as of MCP 2025-03-26: POST only (DELETE ends a session, GET is 405), the
bearer token on every request (401), Accept naming both application/json
and text/event-stream (406). initialize answers an Mcp-Session-Id header
that every later request must carry (missing 400, unknown 404). Batches
are taken. Tools, ids being JSON integers:
    list_comments    {taskId, projectId?}              -> [comment], oldest first
    add_comment      {taskId, projectId?, content}     -> comment
    delete_comment   {commentId, taskId?, projectId?}  -> {deleted, commentId}
    get_task_history {taskId, projectId?}              -> [history entry]
    list_members     {projectId}                       -> {members, invitations}
A result is {content: [{type: "text", text: JSON}], isError: false}; a
refusal has isError true and the reason as the text. An unknown tool is
-32601, wrong arguments (missing, unknown, of the wrong type) -32602.

Control, outside the API (never logged, never faulted):
    GET  /_log       requests: method, path, query, body, status, auth (was a
                     token sent; the token itself is never kept), session
                     (was Mcp-Session-Id sent), rpc (JSON-RPC method, a list
                     for a batch), tool, applied, fault, dropped, t (ms)
    GET  /_state     the whole state          POST /_state  replace it
    GET  /_control   switches                 POST /_control change them:
        {"fail": {"status": 429, "count": 2, "retry_after": 1},
         "drop": 1,            apply the next N non-GET requests, then close
                               without an answer
         "drop_tool": "add_comment",  with drop: only calls of that tool count
                               (null: any request)
         "garbage": 1,         answer the next N requests 200 with junk,
                               nothing applied
         "truncate": 1,        apply the next N requests, then send only half
                               of the answer (the headers promise it whole)
         "hang": 1,            take the next N requests and never answer them
                               (true: every request until "hang" is 0/false,
                               which closes the ones held)
         "latency_ms": 300,    wait this long before every answer
         "reject_once": {"method": "PUT", "path": "/api/...", "status": 409,
                         "message": "...", "tool": "add_comment"},
         "fail_rate": 0.3, "fault": FAULT, "random_seed": 7,
         "clear_log": true,
         "sse": true,          answer MCP POSTs as text/event-stream: a
                               comment, an unrelated notification, another
                               comment, then each response with its data split
                               over two data: lines, CRLF line ends, written in
                               several flushes (chunked)
         "expire_session": true,   forget every MCP session now
         "tool_missing": "add_comment",   tools/list leaves it out and a
                               call is -32601 (null brings it back)
         "rename_arg": {"tool": "add_comment", "from": "content", "to": "text"}
                               the tool's schema says "text"; "content" is
                               then -32602 (null restores it)}
    fail and reject_once answer in the REST error shape (on /mcp too).
    fail_rate: each API request meets `fault` with this chance, drawn from a
    generator seeded with random_seed (the same requests, the same faults).
    A FAULT is one of
        "drop"                 close the connection, nothing applied
        "drop_after_apply"     apply the request, then close without answering
        "garbage"              answer 200 with junk, nothing applied
        "garbage_after_apply"  apply, then answer 200 with junk
        "truncate"             apply, then send half of the answer
        "hang"                 never answer, nothing applied
    The log's "fault" names whichever switch acted on the request.
    POST /_teammate  {"method", "path", "body"} (path with or without /api)
                     or {"tool", "arguments"}: one request made by Kim, past
                     every switch. A tool answers 200 with the tools/call
                     result, or 400 {"error": {code, message}}.

Only the Python standard library is used.
"""

import argparse
import copy
import datetime
import json
import random
import re
import secrets
import sys
import threading
import time
import urllib.parse

from serve import JsonHandler, Server, serve

ME = {'id': '5a3e0c1e-0001-4d6a-9e51-6b1f00000001', 'email': 'sam@example.com',
	'displayName': 'Sam Tester'}
MATE = {'id': '5a3e0c1e-0002-4d6a-9e51-6b1f00000002', 'email': 'kim@example.com',
	'displayName': 'Kim Mate'}
LEE = {'id': '5a3e0c1e-0003-4d6a-9e51-6b1f00000003', 'email': 'lee@example.com',
	'displayName': 'Lee Viewer'}
STATUSES = ('New', 'Active', 'Blocked', 'Closed')
PRIORITIES = ('Low', 'Medium', 'High')
FAULTS = ('drop', 'drop_after_apply', 'garbage', 'garbage_after_apply', 'truncate', 'hang')
PROTOCOLS = ('2025-03-26', '2025-06-18')
GARBAGE = b'{"id": <html>oops'
ARROW = ' \u2192 '
MAX_HANG_S = 600


def now_iso():
	return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


DATE_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?'
	r'(Z|[+-]\d{2}:?\d{2})?)?$')


def parse_date(v):
	"""An ISO 8601 date or date-time as whole-second UTC text, or None."""
	m = DATE_RE.match(v) if isinstance(v, str) else None
	if not m:
		return None
	y, mo, d, h, mi, s, tz = m.groups()
	try:
		t = datetime.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
			tzinfo=datetime.timezone.utc)
	except ValueError:
		return None
	if tz and tz != 'Z':
		sign = 1 if tz[0] == '+' else -1
		digits = tz[1:].replace(':', '')
		t -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
	return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def seed():
	members = [(1, ME, 'Admin'), (1, MATE, 'Member'), (1, LEE, 'Viewer'),
		(2, ME, 'Viewer'), (2, MATE, 'Admin')]
	tasks = [
		(1, 'Write the spec', 'Active', 'High', '2026-03-20T00:00:00Z', ['docs'], [ME]),
		(1, 'Review the API', 'New', 'Medium', None, ['backend', 'api'], [MATE]),
		(1, 'Fix login', 'Blocked', 'High', '2026-03-18T00:00:00Z', ['auth'], []),
		(1, 'Ship 1.0', 'Closed', 'Low', None, [], [ME, MATE]),
		(2, 'Old plan', 'New', 'Low', None, ['archive'], [MATE]),
	]
	s = {
		'users': [dict(u, avatarUrl=None, createdAt='2026-01-05T09:00:00Z') for u in (ME, MATE, LEE)],
		'projects': [
			{'id': 1, 'name': 'Launch', 'description': 'The 1.0 launch',
				'createdAt': '2026-03-01T10:00:00Z'},
			{'id': 2, 'name': 'Archive', 'description': None, 'createdAt': '2026-02-01T10:00:00Z'},
		],
		'members': [{'id': i, 'projectId': p, 'userId': u['id'], 'role': r,
			'joinedAt': '2026-03-01T10:00:00Z'} for i, (p, u, r) in enumerate(members, 1)],
		'invitations': [{'id': 1, 'projectId': 1, 'email': 'new@example.com', 'role': 'Member',
			'invitedAt': '2026-03-10T08:00:00Z', 'expiresAt': '2026-04-10T08:00:00Z'}],
		'tasks': [],
		'history': [],
		'comments': [],
		'next_id': 100,
	}
	for i, (p, title, status, prio, due, tags, who) in enumerate(tasks, 1):
		s['tasks'].append({'id': i, 'projectId': p, 'title': title, 'description': None,
			'status': status, 'priority': prio, 'dueDate': due, 'tags': tags,
			'assigneeIds': [u['id'] for u in who], 'createdAt': '2026-03-01T09:00:00Z',
			'updatedAt': '2026-03-02T09:00:00Z'})
		s['history'].append({'id': i, 'taskId': i, 'actorId': ME['id'], 'actorName':
			ME['displayName'], 'action': 'Created', 'detail': title,
			'createdAt': '2026-03-01T09:00:00Z'})
	s['comments'] = [
		{'id': 1, 'taskId': 1, 'content': 'First draft is up.', 'authorId': ME['id'],
			'authorName': ME['displayName'], 'createdAt': '2026-03-02T10:00:00Z'},
		{'id': 2, 'taskId': 1, 'content': 'Looks good to me.', 'authorId': MATE['id'],
			'authorName': MATE['displayName'], 'createdAt': '2026-03-02T11:00:00Z'},
		{'id': 3, 'taskId': 5, 'content': 'Kept for the record.', 'authorId': MATE['id'],
			'authorName': MATE['displayName'], 'createdAt': '2026-02-02T11:00:00Z'},
	]
	return s


def add_tasks(s, n):
	"""n plain tasks in project 1, round-robin over the statuses (benchmarks)."""
	for i in range(n):
		s['next_id'] += 1
		s['tasks'].append({'id': s['next_id'], 'projectId': 1, 'title': 'Task %d' % i,
			'description': 'Notes of task %d' % i, 'status': STATUSES[i % 4],
			'priority': PRIORITIES[i % 3], 'dueDate': None, 'tags': [], 'assigneeIds': [],
			'createdAt': '2026-03-01T09:00:00Z', 'updatedAt': '2026-03-02T09:00:00Z'})


class ApiError(Exception):
	NAMES = {400: 'Validation failed', 401: 'Unauthorized', 403: 'Forbidden',
		404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests'}

	def __init__(self, status, errors, message=None):
		errors = errors if isinstance(errors, list) else [errors]
		super().__init__('; '.join(map(str, errors)))
		self.status, self.errors = status, errors
		self.message = message or self.NAMES.get(status, 'Error')

	def body(self):
		return {'errors': self.errors, 'message': self.message}


class RpcError(Exception):
	"""A JSON-RPC error answer."""

	def __init__(self, code, message):
		super().__init__(message)
		self.code, self.message = code, message


class Refusal(Exception):
	"""A tool call the service turns down: isError true."""


class Reply:
	"""What to send: kind is "json", "empty" (no body) or "sse"."""

	def __init__(self, status, obj=None, headers=None, kind='json'):
		self.status, self.obj, self.headers, self.kind = status, obj, headers or {}, kind


def rpc_error(id, code, message):
	return {'jsonrpc': '2.0', 'id': id, 'error': {'code': code, 'message': message}}


# Each tool: description, {argument: JSON type}, required arguments.
TOOLS = {
	'list_comments': ('List all comments on a task, oldest first.',
		{'taskId': 'integer', 'projectId': 'integer'}, ['taskId']),
	'add_comment': ('Add a comment to a task. Plain text or HTML.',
		{'taskId': 'integer', 'projectId': 'integer', 'content': 'string'},
		['taskId', 'content']),
	'delete_comment': ('Delete a comment: your own, or any if you are the project Admin.',
		{'commentId': 'integer', 'taskId': 'integer', 'projectId': 'integer'}, ['commentId']),
	'get_task_history': ('Audit trail of a task: who changed what and when, newest first.',
		{'taskId': 'integer', 'projectId': 'integer'}, ['taskId']),
	'list_members': ('List project members and pending invitations.',
		{'projectId': 'integer'}, ['projectId']),
}


def is_int(v):
	return isinstance(v, int) and not isinstance(v, bool)


def set_fault_switches(st, body, rate):
	"""The fault switches this fake and astravue.py share (see the
	docstring), from a /_control body already checked, onto st."""
	st.fail_rate = rate
	if 'fault' in body:
		st.rate_fault = body['fault']
	if 'random_seed' in body:
		st.random_seed = body['random_seed']
		st.rng = random.Random(st.random_seed)
	if 'fail' in body:
		st.fail = dict(body['fail']) if body['fail'] else None
	st.drop = int(body.get('drop', st.drop))
	if 'drop_tool' in body:
		st.drop_tool = body['drop_tool'] or None
	st.garbage = int(body.get('garbage', st.garbage))
	st.truncate = int(body.get('truncate', st.truncate))
	st.latency_ms = int(body.get('latency_ms', st.latency_ms) or 0)
	if 'hang' in body:
		h = body['hang']
		st.hang = -1 if h is True else int(h or 0)
		if not st.hang:        # let go of the requests held so far
			st.wake.set()
			st.wake = threading.Event()
	if body.get('reject_once'):
		st.reject.append(dict(body['reject_once']))
	if body.get('clear_log'):
		st.log = []
	if 'sse' in body:
		st.sse = bool(body['sse'])
	if body.get('expire_session'):
		st.sessions.clear()


class Vortask:
	"""The state and the service's rules; every method runs under self.lock."""

	def __init__(self, token, mate_token):
		self.lock = threading.Lock()
		self.s = seed()
		self.tokens = {token: ME['id'], mate_token: MATE['id']}
		self.sessions = {}
		self.log = []
		self.fail = None
		self.drop = self.garbage = self.truncate = self.hang = 0
		self.drop_tool = None
		self.latency_ms = 0
		self.reject = []
		self.fail_rate, self.rate_fault, self.random_seed = 0.0, None, None
		self.rng = random.Random()
		self.sse = False
		self.tool_missing = []
		self.rename_arg = None
		self.wake = threading.Event()

	# -- switches

	KEYS = {'fail', 'drop', 'drop_tool', 'garbage', 'truncate', 'hang', 'latency_ms', 'reject_once',
		'clear_log', 'fail_rate', 'fault', 'random_seed', 'sse', 'expire_session',
		'tool_missing', 'rename_arg'}

	def control(self, body):
		unknown = set(body) - self.KEYS
		if unknown:
			raise ValueError('unknown control keys: %s' % ', '.join(sorted(unknown)))
		if body.get('fault') is not None and body['fault'] not in FAULTS:
			raise ValueError('unknown fault %r (one of %s)' % (body['fault'], ', '.join(FAULTS)))
		rate = float(body.get('fail_rate', self.fail_rate) or 0)
		if not 0 <= rate <= 1:
			raise ValueError('fail_rate must be between 0 and 1')
		ren = body.get('rename_arg', self.rename_arg)
		if ren is not None and not (isinstance(ren, dict) and ren.get('tool') in TOOLS and
				ren.get('from') in TOOLS[ren['tool']][1] and isinstance(ren.get('to'), str)):
			raise ValueError('rename_arg needs a known tool, one of its arguments as "from" '
				'and a new name as "to"')
		missing = body.get('tool_missing', self.tool_missing)
		missing = [missing] if isinstance(missing, str) else list(missing or [])
		set_fault_switches(self, body, rate)
		self.tool_missing = missing
		self.rename_arg = dict(ren) if ren else None

	def settings(self):
		return {'fail': self.fail, 'drop': self.drop, 'drop_tool': self.drop_tool,
			'garbage': self.garbage,
			'truncate': self.truncate, 'hang': self.hang, 'latency_ms': self.latency_ms,
			'reject': self.reject, 'fail_rate': self.fail_rate, 'fault': self.rate_fault,
			'random_seed': self.random_seed, 'sse': self.sse, 'tool_missing': self.tool_missing,
			'rename_arg': self.rename_arg, 'sessions': len(self.sessions),
			'log_length': len(self.log)}

	def new_id(self):
		self.s['next_id'] += 1
		return self.s['next_id']

	# -- lookups

	def user_of(self, bearer):
		uid = self.tokens.get(bearer) if bearer else None
		return self.user(uid) if uid else None

	def user(self, uid):
		return next((u for u in self.s['users'] if u['id'] == uid), None)

	def role(self, pid, user):
		m = next((m for m in self.s['members'] if m['projectId'] == pid and
			m['userId'] == user['id']), None)
		return m and m['role']

	def project(self, pid, user):
		"""The project and the user's role in it; 404 unless a member."""
		p = next((p for p in self.s['projects'] if p['id'] == pid), None)
		role = self.role(pid, user) if p else None
		if role is None:
			raise ApiError(404, 'Project not found.', 'Not Found')
		return p, role

	def task(self, pid, tid):
		t = next((t for t in self.s['tasks'] if t['id'] == tid and t['projectId'] == pid), None)
		if t is None:
			raise ApiError(404, 'Task not found.', 'Not Found')
		return t

	@staticmethod
	def need_role(role, least, what):
		order = ('Viewer', 'Member', 'Admin')
		if order.index(role) < order.index(least):
			raise ApiError(403, '%s requires the %s role or higher; you are a %s.' %
				(what, least, role), 'Forbidden')

	# -- shapes

	def show_project(self, p, role):
		return dict(p, taskCount=sum(1 for t in self.s['tasks'] if t['projectId'] == p['id']),
			myRole=role)

	def show_task(self, t):
		out = {k: t[k] for k in ('id', 'title', 'description', 'status', 'priority', 'dueDate',
			'tags')}
		out['assignees'] = [{'userId': u['id'], 'email': u['email'],
			'displayName': u['displayName']} for u in map(self.user, t['assigneeIds']) if u]
		out['createdAt'], out['updatedAt'] = t['createdAt'], t['updatedAt']
		return out

	def show_member(self, m):
		u = self.user(m['userId'])
		return {'id': m['id'], 'userId': u['id'], 'email': u['email'],
			'displayName': u['displayName'], 'role': m['role'], 'joinedAt': m['joinedAt']}

	def history_of(self, tid):
		return [{k: h[k] for k in ('id', 'actorId', 'actorName', 'action', 'detail', 'createdAt')}
			for h in sorted((h for h in self.s['history'] if h['taskId'] == tid),
				key=lambda h: -h['id'])]

	def comments_of(self, tid):
		return sorted((c for c in self.s['comments'] if c['taskId'] == tid),
			key=lambda c: (c['createdAt'], c['id']))

	def record(self, t, user, action, detail, when):
		self.s['history'].append({'id': self.new_id(), 'taskId': t['id'], 'actorId': user['id'],
			'actorName': user['displayName'], 'action': action, 'detail': detail,
			'createdAt': when})

	# -- tasks over REST

	def check_fields(self, pid, body, creating):
		"""The validated fields of a create or update; 400 with every problem."""
		errs, out = [], {}
		if creating or 'title' in body:
			v = body.get('title')
			if not isinstance(v, str) or not v.strip():
				errs.append('Title is required.')
			elif len(v) > 500:
				errs.append('Title must be at most 500 characters.')
			else:
				out['title'] = v
		if creating or 'priority' in body:
			v = body.get('priority')
			if v is None:
				errs.append('Priority is required.')
			elif v not in PRIORITIES:
				errs.append('Priority must be one of: %s.' % ', '.join(PRIORITIES))
			else:
				out['priority'] = v
		if not creating and 'status' in body:
			if body['status'] not in STATUSES:
				errs.append('Status must be one of: %s.' % ', '.join(STATUSES))
			else:
				out['status'] = body['status']
		if 'description' in body:
			if body['description'] is not None and not isinstance(body['description'], str):
				errs.append('Description must be a string.')
			else:
				out['description'] = body['description'] or None
		if 'dueDate' in body:
			v = body['dueDate']
			if v is None:
				out['dueDate'] = None
			elif parse_date(v) is None:
				errs.append('DueDate must be an ISO 8601 date.')
			else:
				out['dueDate'] = parse_date(v)
		if 'tags' in body:
			v = body['tags']
			if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
				errs.append('Tags must be an array of strings.')
			else:
				out['tags'] = list(v)
		if 'assigneeIds' in body:
			v = body['assigneeIds']
			if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
				errs.append('AssigneeIds must be an array of user ids.')
			else:
				bad = [x for x in v if self.user(x) is None or self.role(pid, self.user(x)) is None]
				if bad:
					errs.append('Assignee %s is not a member of this project.' % bad[0])
				else:
					out['assigneeIds'] = list(dict.fromkeys(v))
		if errs:
			raise ApiError(400, errs)
		return out

	def create_task(self, pid, body, user):
		f = self.check_fields(pid, body, True)
		when = now_iso()
		t = {'id': self.new_id(), 'projectId': pid, 'title': f['title'],
			'description': f.get('description'), 'status': 'New', 'priority': f['priority'],
			'dueDate': f.get('dueDate'), 'tags': f.get('tags', []),
			'assigneeIds': f.get('assigneeIds', []), 'createdAt': when, 'updatedAt': when}
		self.s['tasks'].append(t)
		self.record(t, user, 'Created', t['title'], when)
		return t

	def describe(self, key, v):
		if key == 'assigneeIds':
			v = [self.user(x)['displayName'] for x in v if self.user(x)]
		if isinstance(v, list):
			return ', '.join(v) if v else 'none'
		return 'none' if v is None else str(v)

	def update_task(self, t, body, user):
		f = self.check_fields(t['projectId'], body, False)
		when = now_iso()
		actions = (('title', 'TitleChanged'), ('description', 'DescriptionChanged'),
			('status', 'StatusChanged'), ('priority', 'PriorityChanged'),
			('dueDate', 'DueDateChanged'), ('tags', 'TagsChanged'),
			('assigneeIds', 'AssigneesChanged'))
		for key, action in actions:
			if key in f and f[key] != t[key]:
				self.record(t, user, action, self.describe(key, t[key]) + ARROW +
					self.describe(key, f[key]), when)
				t[key] = f[key]
				t['updatedAt'] = when
		return t

	def list_tasks(self, pid, query):
		q = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
		errs = []
		if 'status' in q and q['status'] not in STATUSES:
			errs.append('Status must be one of: %s.' % ', '.join(STATUSES))
		if 'priority' in q and q['priority'] not in PRIORITIES:
			errs.append('Priority must be one of: %s.' % ', '.join(PRIORITIES))
		bounds = {}
		for k in ('dueBefore', 'dueAfter'):
			if k in q:
				bounds[k] = parse_date(q[k])
				if bounds[k] is None:
					errs.append('%s must be an ISO 8601 date.' % k)
		if errs:
			raise ApiError(400, errs)
		out = []
		for t in self.s['tasks']:
			if t['projectId'] != pid:
				continue
			if 'status' in q and t['status'] != q['status']:
				continue
			if 'priority' in q and t['priority'] != q['priority']:
				continue
			if 'assigneeId' in q and q['assigneeId'] not in t['assigneeIds']:
				continue
			if 'label' in q and not any(q['label'].lower() in x.lower() for x in t['tags']):
				continue
			if bounds and t['dueDate'] is None:
				continue
			if 'dueBefore' in bounds and t['dueDate'] > bounds['dueBefore']:
				continue
			if 'dueAfter' in bounds and t['dueDate'] < bounds['dueAfter']:
				continue
			out.append(self.show_task(t))
		return out

	def rest(self, method, path, query, body, user):
		"""(status, object) of one REST request by user; path is below /api."""
		parts = path.strip('/').split('/')
		if method == 'GET' and parts == ['profile']:
			return 200, self.user(user['id'])
		if parts == ['projects'] and method == 'GET':
			return 200, [self.show_project(p, self.role(p['id'], user)) for p in self.s['projects']
				if self.role(p['id'], user)]
		if parts[0] != 'projects' or len(parts) < 2 or not parts[1].isdigit():
			raise ApiError(404, 'No such endpoint: %s %s' % (method, path), 'Not Found')
		p, role = self.project(int(parts[1]), user)
		rest = parts[2:]
		if not rest and method == 'GET':
			return 200, self.show_project(p, role)
		if rest == ['members'] and method == 'GET':
			return 200, [self.show_member(m) for m in self.s['members']
				if m['projectId'] == p['id']]
		if rest == ['tasks'] and method == 'GET':
			return 200, self.list_tasks(p['id'], query)
		if rest == ['tasks'] and method == 'POST':
			self.need_role(role, 'Member', 'Creating a task')
			return 201, self.show_task(self.create_task(p['id'], body, user))
		if len(rest) >= 2 and rest[0] == 'tasks' and rest[1].isdigit():
			t = self.task(p['id'], int(rest[1]))
			if len(rest) == 2 and method == 'GET':
				return 200, self.show_task(t)
			if len(rest) == 2 and method == 'PUT':
				self.need_role(role, 'Member', 'Updating a task')
				return 200, self.show_task(self.update_task(t, body, user))
			if len(rest) == 2 and method == 'DELETE':
				self.need_role(role, 'Admin', 'Deleting a task')
				self.s['tasks'].remove(t)
				self.s['comments'] = [c for c in self.s['comments'] if c['taskId'] != t['id']]
				self.s['history'] = [h for h in self.s['history'] if h['taskId'] != t['id']]
				return 204, None
			if rest[2:] == ['history'] and method == 'GET':
				return 200, self.history_of(t['id'])
		raise ApiError(404, 'No such endpoint: %s %s' % (method, path), 'Not Found')

	def answer_rest(self, method, path, query, bearer, body, user=None):
		"""The Reply to one request below /api."""
		if user is None:
			user = self.user_of(bearer)
			if user is None:
				e = ApiError(401, 'Missing or invalid API token.')
				return Reply(401, e.body(), {'WWW-Authenticate': 'Bearer'})
		if method in ('POST', 'PUT') and not isinstance(body, dict):
			what = 'The body is not valid JSON.' if isinstance(body, str) else \
				'The body must be a JSON object.'
			return Reply(400, ApiError(400, what).body())
		try:
			status, obj = self.rest(method, path, query, body, user)
		except ApiError as e:
			return Reply(e.status, e.body())
		if status == 204:
			return Reply(204, kind='empty')
		return Reply(status, copy.deepcopy(obj))

	# -- MCP

	def tool_list(self):
		out = []
		for name, (desc, args, required) in TOOLS.items():
			if name in self.tool_missing:
				continue
			props = {a: {'type': ty} for a, ty in args.items()}
			required = list(required)
			ren = self.rename_arg
			if ren and ren['tool'] == name:
				props[ren['to']] = props.pop(ren['from'])
				required = [ren['to'] if a == ren['from'] else a for a in required]
			out.append({'name': name, 'description': desc, 'inputSchema': {'type': 'object',
				'properties': props, 'required': required, 'additionalProperties': False}})
		return out

	def check_args(self, name, args, schema=True):
		"""The arguments under their real names; -32602 when they do not fit
		the schema (as the switches have it, unless schema is False)."""
		if args is None:
			args = {}
		if not isinstance(args, dict):
			raise RpcError(-32602, 'Invalid params: arguments must be an object')
		_, types, required = TOOLS[name]
		names = {a: a for a in types}
		ren = self.rename_arg if schema else None
		if ren and ren['tool'] == name:
			del names[ren['from']]
			names[ren['to']] = ren['from']
		for a, v in args.items():
			if a not in names:
				raise RpcError(-32602, 'Invalid params: unknown argument "%s" for %s' % (a, name))
			want = types[names[a]]
			if (want == 'integer' and not is_int(v)) or (want == 'string' and not isinstance(v, str)):
				raise RpcError(-32602, 'Invalid params: "%s" must be an %s' % (a, want)
					if want == 'integer' else 'Invalid params: "%s" must be a %s' % (a, want))
		real = {names[a]: v for a, v in args.items()}
		for a in required:
			if a not in real:
				shown = next(k for k, v in names.items() if v == a)
				raise RpcError(-32602, 'Invalid params: missing required argument "%s"' % shown)
		return real

	def tool_task(self, args, user):
		"""The task the arguments name and the user's role in its project."""
		t = next((t for t in self.s['tasks'] if t['id'] == args['taskId']), None)
		if t is None or ('projectId' in args and args['projectId'] != t['projectId']):
			raise Refusal('Task %d not found.' % args['taskId'])
		role = self.role(t['projectId'], user)
		if role is None:
			raise Refusal('Task %d not found.' % args['taskId'])
		return t, role

	def run_tool(self, name, a, user):
		"""The result of one tool call (JSON-able); raises Refusal."""
		if name == 'list_comments':
			t, _ = self.tool_task(a, user)
			return self.comments_of(t['id'])
		if name == 'add_comment':
			t, role = self.tool_task(a, user)
			if role == 'Viewer':
				raise Refusal('Insufficient role: a Viewer cannot comment on tasks.')
			if not a['content'].strip():
				raise Refusal('Content is required.')
			c = {'id': self.new_id(), 'taskId': t['id'], 'content': a['content'],
				'authorId': user['id'], 'authorName': user['displayName'], 'createdAt': now_iso()}
			self.s['comments'].append(c)
			return c
		if name == 'delete_comment':
			c = next((c for c in self.s['comments'] if c['id'] == a['commentId']), None)
			t = c and next((t for t in self.s['tasks'] if t['id'] == c['taskId']), None)
			role = t and self.role(t['projectId'], user)
			if c is None or role is None or a.get('taskId', t['id']) != t['id'] or \
					a.get('projectId', t['projectId']) != t['projectId']:
				raise Refusal('Comment %d not found.' % a['commentId'])
			if c['authorId'] != user['id'] and role != 'Admin':
				raise Refusal('You can only delete your own comments unless you are a project Admin.')
			self.s['comments'].remove(c)
			return {'deleted': True, 'commentId': c['id']}
		if name == 'get_task_history':
			t, _ = self.tool_task(a, user)
			return self.history_of(t['id'])
		if name == 'list_members':
			try:
				p, _ = self.project(a['projectId'], user)
			except ApiError:
				raise Refusal('Project %d not found.' % a['projectId'])
			return {'members': [self.show_member(m) for m in self.s['members']
					if m['projectId'] == p['id']],
				'invitations': [{k: i[k] for k in ('id', 'email', 'role', 'invitedAt', 'expiresAt')}
					for i in self.s['invitations'] if i['projectId'] == p['id']]}
		raise RpcError(-32601, 'Unknown tool: %s' % name)

	def call_tool(self, params, user, schema=True):
		"""The tools/call result; raises RpcError."""
		if not isinstance(params, dict) or not isinstance(params.get('name'), str):
			raise RpcError(-32602, 'Invalid params: tools/call needs a tool name')
		name = params['name']
		if name not in TOOLS or (schema and name in self.tool_missing):
			raise RpcError(-32601, 'Unknown tool: %s' % name)
		args = self.check_args(name, params.get('arguments'), schema)
		try:
			text, err = json.dumps(self.run_tool(name, args, user)), False
		except Refusal as e:
			text, err = str(e), True
		return {'content': [{'type': 'text', 'text': text}], 'isError': err}

	def rpc(self, m, user, init_version):
		"""The answer to one JSON-RPC message, None for a notification."""
		if not isinstance(m, dict) or m.get('jsonrpc') != '2.0':
			return rpc_error(None, -32600, 'Invalid Request')
		if 'method' not in m:
			return None        # the client answering us; nothing asks
		id = m.get('id')
		if 'id' not in m:
			return None        # a notification: taken
		if not isinstance(m['method'], str) or id is None or isinstance(id, (bool, float, dict, list)):
			return rpc_error(id if isinstance(id, (str, int)) else None, -32600, 'Invalid Request')
		method, params = m['method'], m.get('params')
		try:
			if method == 'initialize':
				result = {'protocolVersion': init_version, 'capabilities': {'tools': {}},
					'serverInfo': {'name': 'vortask-fake', 'version': '1.0.0'}}
			elif method == 'ping':
				result = {}
			elif method == 'tools/list':
				result = {'tools': self.tool_list()}
			elif method == 'tools/call':
				result = self.call_tool(params, user)
			else:
				raise RpcError(-32601, 'Method not found: %s' % method)
		except RpcError as e:
			return rpc_error(id, e.code, e.message)
		return {'jsonrpc': '2.0', 'id': id, 'result': result}

	def answer_mcp(self, method, bearer, accept, sid, body):
		"""The Reply to one request at /mcp."""
		if method not in ('POST', 'DELETE'):
			return Reply(405, rpc_error(None, -32000, 'Method not allowed: POST or DELETE'),
				{'Allow': 'POST, DELETE'})
		user = self.user_of(bearer)
		if user is None:
			return Reply(401, rpc_error(None, -32001, 'Unauthorized: missing or invalid API token'),
				{'WWW-Authenticate': 'Bearer'})
		known = sid in self.sessions and self.sessions[sid]['user'] == user['id']
		if method == 'DELETE':
			if not sid:
				return Reply(400, rpc_error(None, -32000, 'Bad Request: Mcp-Session-Id header is required'))
			if not known:
				return Reply(404, rpc_error(None, -32001, 'Session not found'))
			del self.sessions[sid]
			return Reply(204, kind='empty')
		kinds = [x.split(';')[0].strip().lower() for x in accept.split(',')]
		if 'application/json' not in kinds or 'text/event-stream' not in kinds:
			return Reply(406, rpc_error(None, -32000, 'Not Acceptable: Accept must include both '
				'application/json and text/event-stream'))
		if body is None or isinstance(body, str):
			return Reply(400, rpc_error(None, -32700, 'Parse error'))
		msgs = body if isinstance(body, list) else [body]
		if not msgs:
			return Reply(400, rpc_error(None, -32600, 'Invalid Request: empty batch'))
		inits = [m for m in msgs if isinstance(m, dict) and m.get('method') == 'initialize']
		headers, version = {}, PROTOCOLS[0]
		if inits:
			if len(msgs) > 1:
				return Reply(400, rpc_error(None, -32600, 'Invalid Request: initialize must be sent alone'))
			asked = (inits[0].get('params') or {}).get('protocolVersion') \
				if isinstance(inits[0].get('params'), dict) else None
			version = asked if asked in PROTOCOLS else PROTOCOLS[0]
			sid = secrets.token_urlsafe(24)
			self.sessions[sid] = {'user': user['id'], 'protocol': version}
			headers['Mcp-Session-Id'] = sid
		elif not sid:
			return Reply(400, rpc_error(None, -32000, 'Bad Request: Mcp-Session-Id header is required'))
		elif not known:
			return Reply(404, rpc_error(None, -32001, 'Session not found'))
		out = [r for r in (self.rpc(m, user, version) for m in msgs) if r is not None]
		if not out:
			return Reply(202, kind='empty')
		return Reply(200, out if isinstance(body, list) else out[0], headers,
			'sse' if self.sse else 'json')

	# -- switches in front of the API

	def fault(self, method, path, tools):
		"""A Reply a switch answers instead (and its name), or None."""
		for r in self.reject:
			if r.get('path', path) == path and r.get('method', method) == method and \
					(r.get('tool') is None or r['tool'] in tools):
				self.reject.remove(r)
				status = int(r.get('status', 409))
				e = ApiError(status, r.get('message', 'Rejected by the test.'))
				return Reply(status, e.body()), 'reject_once'
		if self.fail and self.fail.get('count', 1) > 0:
			self.fail['count'] = self.fail.get('count', 1) - 1
			status = int(self.fail.get('status', 503))
			headers = {}
			if 'retry_after' in self.fail:
				headers['Retry-After'] = str(self.fail['retry_after'])
			if self.fail['count'] <= 0:
				self.fail = None
			e = ApiError(status, 'Service unavailable, try again later.' if status >= 500 else
				'Rate limit exceeded.', 'Service Unavailable' if status >= 500 else None)
			return Reply(status, e.body(), headers), 'fail'
		return None

	def take_rate(self):
		"""The fault fail_rate draws for this request, or None."""
		if self.fail_rate and self.rate_fault and self.rng.random() < self.fail_rate:
			return self.rate_fault
		return None


def rpc_names(body):
	"""(rpc method or list of them, tool names) of an MCP request body."""
	msgs = body if isinstance(body, list) else [body]
	methods = [m.get('method') for m in msgs if isinstance(m, dict)]
	tools = [m['params'].get('name') for m in msgs if isinstance(m, dict) and
		m.get('method') == 'tools/call' and isinstance(m.get('params'), dict)]
	rpc = methods if isinstance(body, list) else (methods[0] if methods else None)
	return rpc, tools


class Handler(JsonHandler):
	server_version = 'FakeVortask/1.0'

	def handle_any(self, method):
		url, body, bearer = self.read_request()
		path = url.path
		st = self.server.st
		if path.startswith('/_'):
			return self.control(method, path, body)
		mcp = path.rstrip('/') == '/mcp'
		sid = self.headers.get('Mcp-Session-Id')
		rpc, tools = rpc_names(body) if mcp else (None, [])
		mode = None        # how the answer goes wrong: drop, garbage, truncate, hang
		with st.lock:
			hit = st.fault(method, path, tools)
			answer, fault = hit if hit else (None, None)
			rate = st.take_rate() if answer is None else None
			if rate in ('drop', 'garbage', 'hang'):
				mode = fault = rate
			elif answer is None and st.hang:
				st.hang -= st.hang > 0
				mode = fault = 'hang'
			elif answer is None and st.garbage > 0:
				st.garbage -= 1
				mode = fault = 'garbage'
			applied = answer is None and mode is None
			if applied:
				if mcp:
					answer = st.answer_mcp(method, bearer, self.headers.get('Accept', ''), sid, body)
				elif path == '/api' or path.startswith('/api/'):
					answer = st.answer_rest(method, path[len('/api'):] or '/', url.query, bearer, body)
				else:
					e = ApiError(404, 'No such endpoint: %s %s' % (method, path), 'Not Found')
					answer = Reply(404, e.body())
				if method != 'GET' and st.drop > 0 and (not st.drop_tool or st.drop_tool in tools):
					st.drop -= 1
					mode = fault = 'drop'
				elif rate in ('drop_after_apply', 'garbage_after_apply'):
					mode, fault = rate[:-len('_after_apply')], rate
				elif rate == 'truncate' or st.truncate > 0:
					st.truncate -= rate is None
					mode = fault = 'truncate'
			status = answer.status if answer and mode not in ('drop', 'hang') else None
			st.log.append({'method': method, 'path': path, 'query': url.query, 'body': body,
				'status': 200 if mode == 'garbage' else status, 'auth': bearer is not None,
				'session': sid is not None, 'rpc': rpc, 'tool': tools[0] if len(tools) == 1
				else (tools or None), 'applied': applied, 'fault': fault,
				'dropped': mode in ('drop', 'hang'), 't': int(time.time() * 1000)})
			latency, wake = st.latency_ms, st.wake
		if latency:
			time.sleep(latency / 1000.0)
		if mode == 'hang':        # hold the connection, answer nothing
			wake.wait(MAX_HANG_S)
			self.close_connection = True
			return
		if mode == 'drop':        # the answer is lost, the request applied or not
			self.close_connection = True
			return
		if mode == 'garbage':
			return self.send_json(200, None, raw=GARBAGE)
		self.send_reply(answer, mode == 'truncate')

	def send_reply(self, r, truncate=False):
		if r.kind == 'sse':
			return self.send_sse(r, truncate)
		if r.kind == 'empty':
			self.send_response(r.status)
			if r.status != 204:
				self.send_header('Content-Length', '0')
			for k, v in r.headers.items():
				self.send_header(k, v)
			self.end_headers()
			if truncate:
				self.close_connection = True
			return
		data = json.dumps(r.obj).encode()
		if not truncate:
			return self.send_json(r.status, None, r.headers, raw=data)
		self.send_response(r.status)        # promises the whole body, sends half
		self.send_header('Content-Type', 'application/json')
		self.send_header('Content-Length', str(len(data)))
		for k, v in r.headers.items():
			self.send_header(k, v)
		self.end_headers()
		self.wfile.write(data[:len(data) // 2])
		self.wfile.flush()
		self.close_connection = True

	def send_sse(self, r, truncate):
		"""The answer as an event stream, chunked, in several flushes."""
		self.send_response(r.status)
		self.send_header('Content-Type', 'text/event-stream')
		self.send_header('Cache-Control', 'no-cache')
		self.send_header('Transfer-Encoding', 'chunked')
		for k, v in r.headers.items():
			self.send_header(k, v)
		self.end_headers()
		note = {'jsonrpc': '2.0', 'method': 'notifications/message',
			'params': {'level': 'info', 'logger': 'vortask', 'data': 'working on it'}}
		pieces = [': vortask stream\r\n\r\n',
			'event: message\r\ndata: ' + json.dumps(note) + '\r\n\r\n',
			': keep-alive\r\n']
		head = '{"jsonrpc": "2.0",'
		for i, m in enumerate(r.obj if isinstance(r.obj, list) else [r.obj], 1):
			text = json.dumps(m)
			assert text.startswith(head)
			# The two data: lines join with "\n", which JSON reads as space.
			event = '\r\nevent: message\r\nid: %d\r\ndata: %s\r\ndata: %s\r\n\r\n' % (
				i, head, text[len(head):])
			cut = len(event) // 2
			pieces += [event[:12], event[12:cut], event[cut:]]
		if truncate:
			pieces = pieces[:-1]
		try:
			for p in pieces:
				data = p.encode()
				self.wfile.write(b'%x\r\n%s\r\n' % (len(data), data))
				self.wfile.flush()
				time.sleep(0.005)
			if not truncate:
				self.wfile.write(b'0\r\n\r\n')
				self.wfile.flush()
		except OSError:
			pass
		self.close_connection = True

	def control(self, method, path, body):
		st = self.server.st
		try:
			with st.lock:
				if (method, path) == ('GET', '/_control'):
					return self.send_json(200, st.settings())
				if (method, path) == ('POST', '/_control'):
					if not isinstance(body, dict):
						raise ValueError('control body must be an object')
					st.control(body)
					return self.send_json(200, st.settings())
				if (method, path) == ('GET', '/_log'):
					return self.send_json(200, st.log)
				if (method, path) == ('GET', '/_state'):
					return self.send_json(200, st.s)
				if (method, path) == ('POST', '/_state'):
					if not isinstance(body, dict) or 'tasks' not in body:
						raise ValueError('state must be an object like GET /_state')
					st.s = copy.deepcopy(body)
					return self.send_json(200, {'ok': True})
				if (method, path) == ('POST', '/_teammate'):
					return self.teammate(body)
		except (ValueError, TypeError, KeyError) as e:
			return self.send_json(400, {'error': str(e)})
		self.send_json(404, {'error': 'no such control endpoint: %s %s' % (method, path)})

	def teammate(self, body):
		st = self.server.st
		mate = st.user(MATE['id'])
		if isinstance(body, dict) and 'tool' in body:
			try:
				res = st.call_tool({'name': body['tool'], 'arguments': body.get('arguments')},
					mate, schema=False)
			except RpcError as e:
				return self.send_json(400, {'error': {'code': e.code, 'message': e.message}})
			return self.send_json(200, res)
		if not isinstance(body, dict) or 'path' not in body:
			raise ValueError('teammate needs {method, path, body} or {tool, arguments}')
		url = urllib.parse.urlsplit(body['path'])
		path = url.path[len('/api'):] if url.path.startswith('/api/') else url.path
		r = st.answer_rest(body.get('method', 'GET'), path, url.query, None, body.get('body'),
			user=mate)
		self.send_reply(r)


def main(argv=None):
	ap = argparse.ArgumentParser(description='Fake Vortask server (REST and MCP) for lanes tests.')
	ap.add_argument('--port', type=int, default=0)
	ap.add_argument('--token', default='vt_test', help="Sam's token (Admin of project 1)")
	ap.add_argument('--mate-token', default='vt_mate',
		help="Kim's token (the teammate, a Member of project 1)")
	ap.add_argument('--tasks', type=int, default=0,
		help='N more tasks in project 1, spread over the statuses (benchmarks)')
	args = ap.parse_args(argv)
	server = Server(('127.0.0.1', args.port), Handler)
	server.st = Vortask(args.token, args.mate_token)
	add_tasks(server.st.s, args.tasks)
	return serve(server, stopping=lambda: server.st.wake.set())


if __name__ == '__main__':
	sys.exit(main())
