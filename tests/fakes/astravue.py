#!/usr/bin/env python3
"""A stateful fake of Astravue (shared/api/astravue.md, with the choices of
shared/api/assumptions.md) for lanes' tests: its Keycloak sign-in, its REST
API and its MCP server in one process.

    astravue.py --port 0 [--tasks N] [--access-ttl SECONDS]

Prints "PORT <n>" once it listens. Then:

OAuth, Keycloak's shape, under /auth/realms/astravue/protocol/openid-connect
(lanes: auth-url=http://127.0.0.1:PORT/auth/realms/astravue/protocol/openid-connect).
The client is "lanes-test", its secret "s3cret".
    GET  {auth}/auth?response_type=code&client_id&redirect_uri&state
                    &code_challenge&code_challenge_method=S256&scope
        No login page: the user approves at once, 302 to
        redirect_uri?code=...&state=... (or ?error=access_denied&state=...
        while deny_login is set). An unknown client or a redirect_uri that
        is not a loopback http URI with a port (RFC 8252) is 400 JSON, no
        redirect. A wrong response_type, a missing challenge or a method
        other than S256 redirects with error=unsupported_response_type /
        invalid_request.
    POST {auth}/token  form-encoded; client_id and client_secret in the body or
        HTTP Basic (wrong or missing: 401 invalid_client).
        grant_type=authorization_code: code, redirect_uri (must be the one
        sent to /auth), code_verifier (checked against the S256 challenge).
        A code lives 60 s (the code_ttl switch) and is used up by the first
        exchange that names it, failed or not; presenting a used code again
        is invalid_grant and also revokes the session that code made.
        grant_type=refresh_token: refresh_token. Every refresh answers a new
        pair, and the refresh token presented is retired as soon as a token
        of that new pair is used (not before: a client whose answer was lost
        may present it again, which drops the unused pair it bought before);
        presenting a retired one is 400 invalid_grant and revokes the whole
        session (every access and refresh token of it). Access tokens of
        earlier generations stay good until they expire.
        Answer: {access_token, expires_in, refresh_token, refresh_expires_in,
        token_type: "Bearer", scope, session_state, "not-before-policy": 0};
        errors {error, error_description}: 400 invalid_request,
        invalid_grant, unsupported_grant_type; 401 invalid_client.
    POST {auth}/logout form: client credentials and refresh_token; ends the
        session (204).
    Access tokens live --access-ttl seconds (default 1800), refresh tokens
    30 days. The session's generation counts its token pairs: 1 from the
    code, then +1 per refresh.

REST under /v1 (lanes: url=http://127.0.0.1:PORT/v1). Every request needs
"Authorization: Bearer <access token>" (missing, unknown, expired or revoked:
401) and "X-Org-Id: 1" (missing or not a number: 400; an org you are not in:
403). Every answer is the envelope {success, message, code, data}, code 200
for creates too; errors are {success: false, message, code, data: null,
errors: [{field, message, rejectedValue}]}.
    GET  /spaces                                   bare list of your spaces
    GET  /spaces/:s/projects?page&size             {projects, totalElements,
                                                   totalPages, page, size, first, last}
    GET  /spaces/:s/projects/:p
    GET|POST /spaces/:s/projects/:p/tasks?page&size   (list: {tasks, ...} as above)
    GET|PUT|DELETE /spaces/:s/projects/:p/tasks/:t
    GET  /spaces/:s/projects/:p/tasks/:t/comments     list, oldest first
    GET  /spaces/:s/projects/:p/tasks/:t/checklists   list, by position
    GET  /spaces/:s/projects/:p/tasks/:t/subtasks     {subtasks, ...} paged (empty)
    POST /time-track/projects/:p/tasks/:t/start    {notes?, billable?}
    POST /time-track/projects/:p/tasks/:t/manual   {duration (ms), startTime?, notes?, billable?}
    POST /time-track/projects/:p/tasks/:t/range    {startTime, endTime, notes?, billable?}
    PUT  /time-track/tasks/:t/stop
    GET  /time-track/active                        your running timers (a list)
    GET  /time-track/tasks/:t/timers               your entries on the task
    PUT|DELETE /time-track/timers/:id              your own entries only
Paging: page 0-based, size 1-100 (default 50); anything else is 400. Task
writes take the status by name and the priority by label, either matched
without regard to case; PUT is partial and null clears (description,
startDate, dueDate, priority, tags, owners; completion goes to 0; taskTitle
and status cannot be null). Unknown body fields are ignored. Times are whole
seconds UTC ("2026-03-17T12:00:00Z"); timer times are epoch milliseconds.
One running timer per user: starting a second one is refused (409 over REST,
isError over MCP) naming the running timer as rejectedValue. Deletes answer
data null.

Users, roles, seed: org 1 "Acme" (org 2 exists, nobody here is in it).
Sam (user 1) holds the tokens of the sign-in: org Member, in space 1
"Product" (not in space 2 "Private"); Member of project 10 "Launch"
(statuses To Do [TODO], In Progress [IN_PROGRESS], Review [IN_PROGRESS, no
task], Done [DONE]) and Guest of project 20 "Archive" (read-only: every
write is 403 "Access Denied"). Kim (user 2, the teammate) is Admin of 10, 20
and of project 30 "Secret" in space 2. A project you are not in is 403, one
that does not exist (or not in that space) 404. A task can be deleted by its
creator, one of its owners, or the project Admin. Priorities: Low, Medium
(the default for a new task), High, Critical.

MCP at /mcp (lanes: mcp-url=http://127.0.0.1:PORT/mcp), streamable HTTP as
vortask.py has it (POST; DELETE ends a session; Accept must name
application/json and text/event-stream; initialize gives Mcp-Session-Id,
missing 400, unknown 404; notifications 202; batches taken). A bearer access
token on every request; no X-Org-Id. A session belongs to the user, not to
the token, so it outlives a refresh. Tools (ids JSON integers):
    astravue_list_task_statuses   {projectId}            -> [status] board order
    astravue_add_task_comment     {taskId, comment}      -> comment
    astravue_update_task_comment  {commentId, comment}   -> comment (yours only)
    astravue_delete_task_comment  {commentId}            -> {deleted, commentId}
    astravue_create_checklist_item {taskId, title}       -> item
    astravue_update_checklist_item {checklistId, title?, completed?} -> item
    astravue_delete_checklist_item {checklistId}         -> {deleted, checklistId}
    astravue_start_timer          {taskId}               -> timer entry
    astravue_stop_timer           {taskId?}              -> timer entry
    astravue_get_active_timers    {}                     -> [timer entry]
    astravue_get_current_user     {}                     -> the token's user
    astravue_update_task          {taskId, taskTitle?, description?, status?,
                                   priority?, startDate?, dueDate?, completion?,
                                   tags?, owners?}       -> task
Results are content[0].text holding JSON; a refusal is isError true with
the reason as plain text ("Access Denied" for a Guest's write). Unknown
tool -32601; missing, unknown or ill-typed arguments -32602.

Rate limit: 100 requests per user in any rolling 60 s, REST and MCP
together (only requests with a good token count; the 429s do not). Over it:
429 with Retry-After in seconds (REST: the error envelope; MCP: a JSON-RPC
error -32029).

Control, outside the API (never logged, never faulted, never rate limited):
    GET  /_log     one entry per request: method, path, query, body (OAuth
                   secrets, codes and tokens replaced by "<redacted>"), status,
                   auth (a bearer was sent), user, token_session and
                   token_gen (which session and generation the access token
                   belongs to; the token itself is never kept), org, session
                   (Mcp-Session-Id sent), rpc, tool, applied, fault, dropped,
                   rate_limited, t (ms); OAuth entries add oauth ("authorize",
                   "token", "logout"), grant, refresh_session, refresh_gen
                   (of the refresh token presented), reuse (a retired refresh
                   token was presented), issued_gen, error.
    GET  /_state   the data (not the tokens)    POST /_state  replace it
    POST /_token   {"user": 1|2|"sam"|"kim"}: a signed-in session's token
                   answer without the browser dance (generation 1)
    GET  /_control switches                     POST /_control change them:
        fail, drop, drop_tool, garbage, truncate, hang, latency_ms,
        reject_once, fail_rate + fault + random_seed, clear_log, sse,
        expire_session: as in vortask.py (fail and reject_once answer in
        the error envelope; on the OAuth paths in OAuth's shape, reject_once
        taking "error" too, default invalid_grant)
        "deny_login": true        /auth answers error=access_denied
        "login_as": 2             who approves at /auth (default 1, Sam)
        "code_ttl": 1             seconds a new code lives (default 60)
        "expire_access_tokens": true   every access token issued so far is
                                  expired now (refresh tokens stay good)
        "revoke_sessions": true   every OAuth session ends (refresh too)
        "rate_limit": 10          requests per user per rolling minute
        "retry_after": 5          the Retry-After of a 429; "auto" (the
                                  default) counts the seconds until the
                                  oldest request leaves the window; null or
                                  false sends no Retry-After
        "reset_rate": true        forget the requests counted so far
    POST /_teammate  {"method", "path", "body"} (path with or without /v1)
                     or {"tool", "arguments"}: one request made by Kim, past
                     every switch and the rate limit.

Only the Python standard library is used.
"""

import argparse
import base64
import collections
import copy
import hashlib
import json
import math
import random
import re
import secrets
import sys
import threading
import time
import urllib.parse

from serve import Server, serve
import vortask
from vortask import Reply, RpcError, Refusal, rpc_error, rpc_names, is_int, parse_date, \
	now_iso, set_fault_switches, FAULTS, PROTOCOLS, GARBAGE, MAX_HANG_S

OAUTH = '/auth/realms/astravue/protocol/openid-connect'
CLIENT_ID, CLIENT_SECRET = 'lanes-test', 's3cret'
TENANT = 1
REFRESH_TTL = 30 * 24 * 3600
OK_MESSAGE = 'Operation completed successfully'
REDACT = ('code', 'refresh_token', 'client_secret', 'code_verifier')
CHALLENGE_RE = re.compile(r'^[A-Za-z0-9_-]{43}$')
VERIFIER_RE = re.compile(r'^[A-Za-z0-9._~-]{43,128}$')


def now_ms():
	return int(time.time() * 1000)


def seed():
	users = [
		{'userId': 1, 'firstName': 'Sam', 'lastName': 'Tester', 'email': 'sam@example.com',
			'profilePicColor': '#3b82f6', 'orgRole': 'Member'},
		{'userId': 2, 'firstName': 'Kim', 'lastName': 'Mate', 'email': 'kim@example.com',
			'profilePicColor': '#f59e0b', 'orgRole': 'Admin'},
	]
	s = {
		'orgs': [{'orgId': 1, 'name': 'Acme', 'members': [1, 2]},
			{'orgId': 2, 'name': 'Elsewhere', 'members': []}],
		'users': users,
		'spaces': [
			{'spaceId': 1, 'spaceName': 'Product', 'description': 'What we ship',
				'color': '#22c55e', 'members': [1, 2], 'createdBy': 2,
				'createTime': '2026-01-10T09:00:00Z'},
			{'spaceId': 2, 'spaceName': 'Private', 'description': None, 'color': '#64748b',
				'members': [2], 'createdBy': 2, 'createTime': '2026-01-11T09:00:00Z'},
		],
		'projects': [
			{'projectId': 10, 'spaceId': 1, 'projectName': 'Launch',
				'description': 'The 1.0 launch', 'color': '#6366f1', 'createdBy': 2,
				'createTime': '2026-03-01T10:00:00Z',
				'members': [{'userId': 1, 'role': 'Member'}, {'userId': 2, 'role': 'Admin'}]},
			{'projectId': 20, 'spaceId': 1, 'projectName': 'Archive', 'description': None,
				'color': '#a3a3a3', 'createdBy': 2, 'createTime': '2026-02-01T10:00:00Z',
				'members': [{'userId': 1, 'role': 'Guest'}, {'userId': 2, 'role': 'Admin'}]},
			{'projectId': 30, 'spaceId': 2, 'projectName': 'Secret', 'description': None,
				'color': '#ef4444', 'createdBy': 2, 'createTime': '2026-02-02T10:00:00Z',
				'members': [{'userId': 2, 'role': 'Admin'}]},
		],
		'statuses': [],
		'priorities': [
			{'taskPriorityId': 1, 'priorityLabel': 'Low', 'color': '#94a3b8', 'default': False,
				'primary': True},
			{'taskPriorityId': 2, 'priorityLabel': 'Medium', 'color': '#3b82f6', 'default': True,
				'primary': True},
			{'taskPriorityId': 3, 'priorityLabel': 'High', 'color': '#f97316', 'default': False,
				'primary': True},
			{'taskPriorityId': 4, 'priorityLabel': 'Critical', 'color': '#dc2626',
				'default': False, 'primary': False},
		],
		'tags': [],
		'tasks': [],
		'comments': [],
		'checklists': [],
		'timers': [],
		'next_id': 5000,
	}
	cols = {10: [('To Do', 'TODO', '#94a3b8'), ('In Progress', 'IN_PROGRESS', '#3b82f6'),
			('Review', 'IN_PROGRESS', '#a855f7'), ('Done', 'DONE', '#22c55e')],
		20: [('To Do', 'TODO', '#94a3b8'), ('Done', 'DONE', '#22c55e')],
		30: [('To Do', 'TODO', '#94a3b8')]}
	for pid, sts in cols.items():
		space = 2 if pid == 30 else 1
		for i, (name, cat, color) in enumerate(sts):
			s['statuses'].append({'taskStatusId': pid * 10 + i + 1, 'statusName': name,
				'color': color, 'statusCategory': cat, 'position': i, 'projectId': pid,
				'spaceId': space})
	for i, name in enumerate(('docs', 'backend', 'api', 'auth', 'archive'), 1):
		s['tags'].append({'tagId': i, 'tagName': name, 'color': '#0ea5e9'})
	tasks = [
		# id, project, title, status id, priority id, due, tag ids, owners, creator
		(1001, 10, 'Write the spec', 102, 3, '2026-03-20T00:00:00Z', [1], [1], 1),
		(1002, 10, 'Review the API', 101, 2, None, [2, 3], [2], 2),
		(1003, 10, 'Fix login', 101, 3, '2026-03-18T00:00:00Z', [4], [], 2),
		(1004, 10, 'Ship 1.0', 104, 1, None, [], [1, 2], 2),
		(2001, 20, 'Old plan', 201, 1, None, [5], [2], 2),
		(3001, 30, 'Hidden plan', 301, 2, None, [], [2], 2),
	]
	for tid, pid, title, st, prio, due, tags, owners, creator in tasks:
		s['tasks'].append({'taskId': tid, 'projectId': pid, 'spaceId': 2 if pid == 30 else 1,
			'taskTitle': title, 'description': None, 'startDate': None, 'dueDate': due,
			'completion': 100 if st == 104 else 0, 'statusId': st, 'priorityId': prio,
			'tagIds': tags, 'owners': owners, 'createdBy': creator,
			'createTime': '2026-03-01T09:00:00Z', 'updateTime': '2026-03-02T09:00:00Z'})
	s['tasks'][0]['description'] = 'The spec for 1.0, with examples.'
	s['comments'] = [
		{'commentId': 1, 'taskId': 1001, 'comment': 'First draft is up.', 'userId': 1,
			'createdAt': '2026-03-02T10:00:00Z', 'updatedAt': '2026-03-02T10:00:00Z',
			'edited': False},
		{'commentId': 2, 'taskId': 1001, 'comment': 'Looks good to me.', 'userId': 2,
			'createdAt': '2026-03-02T11:00:00Z', 'updatedAt': '2026-03-02T11:00:00Z',
			'edited': False},
		{'commentId': 3, 'taskId': 2001, 'comment': 'Kept for the record.', 'userId': 2,
			'createdAt': '2026-02-02T11:00:00Z', 'updatedAt': '2026-02-02T11:00:00Z',
			'edited': False},
	]
	s['checklists'] = [
		{'checklistId': 1, 'taskId': 1001, 'title': 'Outline', 'completed': True, 'position': 0,
			'createdBy': 1, 'createdAt': '2026-03-02T09:30:00Z', 'updatedAt': '2026-03-02T12:00:00Z'},
		{'checklistId': 2, 'taskId': 1001, 'title': 'Examples', 'completed': False,
			'position': 1, 'createdBy': 1, 'createdAt': '2026-03-02T09:31:00Z',
			'updatedAt': '2026-03-02T09:31:00Z'},
	]
	start = 1772442000000        # 2026-03-02T09:00:00Z
	s['timers'] = [
		{'timerId': 1, 'taskId': 1001, 'projectId': 10, 'userId': 1, 'type': 'MANUAL',
			'startTime': start, 'endTime': start + 3600000, 'duration': 3600000,
			'running': False, 'notes': 'Drafting', 'billable': False},
	]
	return s


def add_tasks(s, n):
	"""n plain tasks in project 10, round-robin over To Do, In Progress and
	Done (Review stays empty), for benchmarks."""
	for i in range(n):
		s['next_id'] += 1
		s['tasks'].append({'taskId': s['next_id'], 'projectId': 10, 'spaceId': 1,
			'taskTitle': 'Task %d' % i, 'description': 'Notes of task %d' % i, 'startDate': None,
			'dueDate': None, 'completion': 0, 'statusId': (101, 102, 104)[i % 3],
			'priorityId': i % 4 + 1, 'tagIds': [], 'owners': [], 'createdBy': 2,
			'createTime': '2026-03-01T09:00:00Z', 'updateTime': '2026-03-02T09:00:00Z'})


class ApiError(Exception):
	"""An answer in the error envelope; errors are (field, message, value)."""

	def __init__(self, status, message, errors=None, headers=None):
		super().__init__(message)
		self.status, self.message, self.headers = status, message, headers or {}
		self.errors = errors if errors is not None else [(None, message, None)]

	def body(self):
		return {'success': False, 'message': self.message, 'code': self.status, 'data': None,
			'errors': [{'field': f, 'message': m, 'rejectedValue': v} for f, m, v in self.errors]}


def denied():
	return ApiError(403, 'Access Denied')


def not_found(what):
	return ApiError(404, '%s not found' % what)


class OAuthError(Exception):
	def __init__(self, status, error, description):
		super().__init__(description)
		self.status, self.error, self.description = status, error, description

	def reply(self):
		return Reply(self.status, {'error': self.error, 'error_description': self.description},
			{'Cache-Control': 'no-store', 'Pragma': 'no-cache'})


def envelope(data):
	return {'success': True, 'message': OK_MESSAGE, 'code': 200, 'data': data}


# Argument types: 'integer', 'string', 'boolean', or a tuple of them ('null'
# for JSON null, 'array' for a list).
TOOLS = {
	'astravue_list_task_statuses': ('List the task statuses of a project in board order.',
		{'projectId': 'integer'}, ['projectId']),
	'astravue_add_task_comment': ('Add a comment to a task.',
		{'taskId': 'integer', 'comment': 'string'}, ['taskId', 'comment']),
	'astravue_update_task_comment': ('Edit one of your comments.',
		{'commentId': 'integer', 'comment': 'string'}, ['commentId', 'comment']),
	'astravue_delete_task_comment': ('Delete a comment (yours, or any as an Org Admin).',
		{'commentId': 'integer'}, ['commentId']),
	'astravue_create_checklist_item': ('Add a checklist item to a task.',
		{'taskId': 'integer', 'title': 'string'}, ['taskId', 'title']),
	'astravue_update_checklist_item': ('Change a checklist item: its title or completion state.',
		{'checklistId': 'integer', 'title': 'string', 'completed': 'boolean'}, ['checklistId']),
	'astravue_delete_checklist_item': ('Delete a checklist item.',
		{'checklistId': 'integer'}, ['checklistId']),
	'astravue_start_timer': ('Start your timer on a task (one running timer per user).',
		{'taskId': 'integer'}, ['taskId']),
	'astravue_stop_timer': ('Stop your running timer (on the task, if given).',
		{'taskId': 'integer'}, []),
	'astravue_get_active_timers': ('Your running timers.', {}, []),
	'astravue_get_current_user': ('Who the token belongs to.', {}, []),
	'astravue_update_task': ('Update task fields: status by name, priority by label; null clears.',
		{'taskId': 'integer', 'taskTitle': 'string', 'description': ('string', 'null'),
			'status': 'string', 'priority': ('string', 'null'), 'startDate': ('string', 'null'),
			'dueDate': ('string', 'null'), 'completion': ('integer', 'null'),
			'tags': ('array', 'null'), 'owners': ('array', 'null')}, ['taskId']),
}


def fits(v, ty):
	if isinstance(ty, tuple):
		return any(fits(v, t) for t in ty)
	return {'integer': is_int(v), 'string': isinstance(v, str), 'boolean': isinstance(v, bool),
		'null': v is None, 'array': isinstance(v, list)}[ty]


def basic_auth(header):
	"""(client_id, secret) of an HTTP Basic header, or None."""
	if not header or not header.startswith('Basic '):
		return None
	try:
		raw = base64.b64decode(header[6:].strip(), validate=True).decode()
	except (ValueError, UnicodeDecodeError):
		return ('', '')
	cid, _, sec = raw.partition(':')
	return urllib.parse.unquote(cid), urllib.parse.unquote(sec)


def loopback(uri):
	"""Is uri an http loopback redirect with a port (RFC 8252)?"""
	try:
		u = urllib.parse.urlsplit(uri)
		port = u.port
	except ValueError:
		return False
	return u.scheme == 'http' and u.hostname in ('127.0.0.1', 'localhost', '::1') and \
		port is not None and not u.fragment


def add_query(uri, params):
	u = urllib.parse.urlsplit(uri)
	q = u.query + ('&' if u.query else '') + urllib.parse.urlencode(params)
	return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, q, ''))


def form_of(body):
	"""A form-encoded body as a dict of last values (None when not a form)."""
	if body is None:
		return {}
	if not isinstance(body, str):
		return None
	return {k: v[-1] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}


def redact(body):
	f = form_of(body) if isinstance(body, str) else None
	if f is None:
		return body
	return {k: ('<redacted>' if k in REDACT else v) for k, v in f.items()}


class Astravue:
	"""The state and the service's rules; every method runs under self.lock."""

	KEYS = {'fail', 'drop', 'drop_tool', 'garbage', 'truncate', 'hang', 'latency_ms',
		'reject_once', 'clear_log', 'fail_rate', 'fault', 'random_seed', 'sse',
		'expire_session', 'deny_login', 'login_as', 'code_ttl', 'expire_access_tokens',
		'revoke_sessions', 'rate_limit', 'retry_after', 'reset_rate'}

	def __init__(self, access_ttl):
		self.lock = threading.Lock()
		self.s = seed()
		self.access_ttl = access_ttl
		# OAuth: sessions by number, tokens and codes by their text.
		self.oauth_sessions = {}
		self.access = {}
		self.refresh = {}
		self.codes = {}
		self.sessions = {}        # MCP sessions
		self.hits = collections.defaultdict(collections.deque)
		self.log = []
		self.fail = None
		self.drop = self.garbage = self.truncate = self.hang = 0
		self.drop_tool = None
		self.latency_ms = 0
		self.reject = []
		self.fail_rate, self.rate_fault, self.random_seed = 0.0, None, None
		self.rng = random.Random()
		self.sse = False
		self.deny_login = False
		self.login_as = 1
		self.code_ttl = 60.0
		self.rate_limit = 100
		self.retry_after = 'auto'
		self.wake = threading.Event()

	# -- switches

	def control(self, body):
		unknown = set(body) - self.KEYS
		if unknown:
			raise ValueError('unknown control keys: %s' % ', '.join(sorted(unknown)))
		if body.get('fault') is not None and body['fault'] not in FAULTS:
			raise ValueError('unknown fault %r (one of %s)' % (body['fault'], ', '.join(FAULTS)))
		rate = float(body.get('fail_rate', self.fail_rate) or 0)
		if not 0 <= rate <= 1:
			raise ValueError('fail_rate must be between 0 and 1')
		if 'login_as' in body and self.user(int(body['login_as'])) is None:
			raise ValueError('login_as must be a user id (1 or 2)')
		if 'rate_limit' in body and int(body['rate_limit']) < 1:
			raise ValueError('rate_limit must be at least 1')
		ra = body.get('retry_after', self.retry_after)
		if not (ra in ('auto', None, False) or (is_int(ra) and ra >= 0)):
			raise ValueError('retry_after is a number of seconds, "auto", null or false')
		set_fault_switches(self, body, rate)
		if 'deny_login' in body:
			self.deny_login = bool(body['deny_login'])
		if 'login_as' in body:
			self.login_as = int(body['login_as'])
		if 'code_ttl' in body:
			self.code_ttl = float(body['code_ttl'])
		if body.get('expire_access_tokens'):
			for a in self.access.values():
				a['exp'] = 0
		if body.get('revoke_sessions'):
			for o in self.oauth_sessions.values():
				o['revoked'] = True
		if 'rate_limit' in body:
			self.rate_limit = int(body['rate_limit'])
		if 'retry_after' in body:
			self.retry_after = ra if ra is not False else None
		if body.get('reset_rate'):
			self.hits.clear()

	def settings(self):
		return {'fail': self.fail, 'drop': self.drop, 'drop_tool': self.drop_tool,
			'garbage': self.garbage, 'truncate': self.truncate, 'hang': self.hang,
			'latency_ms': self.latency_ms, 'reject': self.reject, 'fail_rate': self.fail_rate,
			'fault': self.rate_fault, 'random_seed': self.random_seed, 'sse': self.sse,
			'deny_login': self.deny_login, 'login_as': self.login_as, 'code_ttl': self.code_ttl,
			'rate_limit': self.rate_limit, 'retry_after': self.retry_after,
			'access_ttl': self.access_ttl, 'sessions': len(self.sessions),
			'oauth_sessions': sum(1 for o in self.oauth_sessions.values() if not o['revoked']),
			'log_length': len(self.log)}

	def new_id(self):
		self.s['next_id'] += 1
		return self.s['next_id']

	# -- OAuth

	def issue(self, sess):
		"""A new token pair for an OAuth session: its next generation."""
		sess['gen'] += 1
		at, rt = 'ava_' + secrets.token_urlsafe(24), 'avr_' + secrets.token_urlsafe(24)
		now = time.time()
		self.access[at] = {'session': sess['id'], 'gen': sess['gen'], 'exp': now + self.access_ttl}
		self.refresh[rt] = {'session': sess['id'], 'gen': sess['gen'], 'used': False,
			'exp': now + REFRESH_TTL}
		return {'access_token': at, 'expires_in': int(self.access_ttl),
			'refresh_expires_in': REFRESH_TTL, 'refresh_token': rt, 'token_type': 'Bearer',
			'not-before-policy': 0, 'session_state': sess['state'], 'scope': sess['scope']}

	def new_session(self, uid, scope):
		n = len(self.oauth_sessions) + 1
		sess = {'id': n, 'user': uid, 'gen': 0, 'revoked': False, 'scope': scope,
			'state': secrets.token_hex(16)}
		self.oauth_sessions[n] = sess
		return sess

	def retire_before(self, sess_id, gen):
		"""A token of generation gen was used: every refresh token of the
		session before it is spent (presenting one again is a reuse)."""
		for r in self.refresh.values():
			if r['session'] == sess_id and r['gen'] < gen:
				r['used'] = True

	def revoke(self, n):
		if n in self.oauth_sessions:
			self.oauth_sessions[n]['revoked'] = True

	def token_info(self, bearer):
		"""The access-token record of bearer (for the log), or None."""
		return self.access.get(bearer) if bearer else None

	def user_of(self, bearer):
		"""(user, None) for a good access token, else (None, why)."""
		a = self.access.get(bearer) if bearer else None
		if a is None:
			return None, 'Invalid token' if bearer else 'Missing bearer token'
		sess = self.oauth_sessions.get(a['session'])
		if sess is None or sess['revoked']:
			return None, 'Session not active'
		if time.time() >= a['exp'] or a.get('dropped'):
			return None, 'Token expired'
		self.retire_before(a['session'], a['gen'])
		return self.user(sess['user']), None

	def authorize(self, method, query, entry):
		entry['oauth'] = 'authorize'
		if method != 'GET':
			return Reply(405, {'error': 'invalid_request', 'error_description': 'Use GET'},
				{'Allow': 'GET'})
		q = {k: v[-1] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()}
		if q.get('client_id') != CLIENT_ID:
			entry['error'] = 'invalid_client'
			return Reply(400, {'error': 'invalid_request', 'error_description': 'Client not found.'})
		uri = q.get('redirect_uri', '')
		if not loopback(uri):
			entry['error'] = 'invalid_redirect_uri'
			return Reply(400, {'error': 'invalid_request',
				'error_description': 'Invalid parameter: redirect_uri'})
		back = {'state': q['state']} if 'state' in q else {}

		def go(params):
			entry['error'] = params.get('error')
			return Reply(302, None, {'Location': add_query(uri, dict(params, **back)),
				'Cache-Control': 'no-store'}, 'empty')
		if q.get('response_type') != 'code':
			return go({'error': 'unsupported_response_type',
				'error_description': 'Client is not allowed to initiate browser login with given response_type.'})
		if not q.get('code_challenge'):
			return go({'error': 'invalid_request',
				'error_description': 'Missing parameter: code_challenge'})
		if q.get('code_challenge_method') != 'S256' or not CHALLENGE_RE.match(q['code_challenge']):
			return go({'error': 'invalid_request',
				'error_description': 'Invalid parameter: code_challenge_method'})
		if self.deny_login:
			return go({'error': 'access_denied', 'error_description': 'User denied consent'})
		code = secrets.token_urlsafe(24)
		self.codes[code] = {'redirect_uri': uri, 'challenge': q['code_challenge'],
			'user': self.login_as, 'exp': time.time() + self.code_ttl, 'used': False,
			'session': None, 'scope': q.get('scope') or 'openid'}
		return go({'code': code})

	def client_of(self, form, headers):
		basic = basic_auth(headers.get('Authorization'))
		cid, sec = basic if basic else (form.get('client_id'), form.get('client_secret'))
		if basic and form.get('client_id') not in (None, cid):
			cid = None
		if cid != CLIENT_ID or sec != CLIENT_SECRET:
			raise OAuthError(401, 'invalid_client', 'Invalid client or Invalid client credentials')

	def token(self, method, body, headers, entry):
		entry['oauth'] = 'token'
		if method != 'POST':
			raise OAuthError(405, 'invalid_request', 'HTTP method not allowed')
		form = form_of(body)
		if form is None:
			raise OAuthError(400, 'invalid_request', 'The body must be form-encoded')
		self.client_of(form, headers)
		grant = form.get('grant_type')
		entry['grant'] = grant
		if not grant:
			raise OAuthError(400, 'invalid_request', 'Missing form parameter: grant_type')
		if grant == 'authorization_code':
			return self.exchange_code(form, entry)
		if grant == 'refresh_token':
			return self.exchange_refresh(form, entry)
		raise OAuthError(400, 'unsupported_grant_type', 'Unsupported grant_type')

	def exchange_code(self, form, entry):
		if not form.get('code'):
			raise OAuthError(400, 'invalid_request', 'Missing parameter: code')
		c = self.codes.get(form['code'])
		if c is None:
			raise OAuthError(400, 'invalid_grant', 'Code not valid')
		if c['used']:
			# A code seen twice may have leaked: the session it made ends.
			if c['session']:
				self.revoke(c['session'])
			entry['reuse'] = True
			raise OAuthError(400, 'invalid_grant', 'Code not valid')
		c['used'] = True
		if time.time() >= c['exp']:
			raise OAuthError(400, 'invalid_grant', 'Code is expired')
		if form.get('redirect_uri') != c['redirect_uri']:
			raise OAuthError(400, 'invalid_grant', 'Incorrect redirect_uri')
		v = form.get('code_verifier')
		if not v:
			raise OAuthError(400, 'invalid_grant', 'PKCE code verifier not specified')
		if not VERIFIER_RE.match(v):
			raise OAuthError(400, 'invalid_grant', 'PKCE invalid code verifier')
		want = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).rstrip(b'=').decode()
		if want != c['challenge']:
			raise OAuthError(400, 'invalid_grant', 'PKCE verification failed: Code mismatch')
		sess = self.new_session(c['user'], c['scope'])
		c['session'] = sess['id']
		out = self.issue(sess)
		entry['issued_gen'] = sess['gen']
		entry['refresh_session'] = sess['id']
		return Reply(200, out, {'Cache-Control': 'no-store', 'Pragma': 'no-cache'})

	def exchange_refresh(self, form, entry):
		rt = form.get('refresh_token')
		if not rt:
			raise OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token')
		r = self.refresh.get(rt)
		if r is None:
			raise OAuthError(400, 'invalid_grant', 'Invalid refresh token')
		entry['refresh_session'], entry['refresh_gen'] = r['session'], r['gen']
		sess = self.oauth_sessions[r['session']]
		if r['used']:
			entry['reuse'] = True
			sess['revoked'] = True
			raise OAuthError(400, 'invalid_grant', 'Maximum allowed refresh token reuse exceeded')
		if sess['revoked']:
			raise OAuthError(400, 'invalid_grant', 'Session not active')
		if time.time() >= r['exp']:
			raise OAuthError(400, 'invalid_grant', 'Token is not active')
		# Rotation: the refresh token presented is spent once a token of
		# the pair it buys is used (retire_before), not before: a client
		# that lost the answer may present it once more. The pair an
		# earlier exchange of it bought, never used, is dropped.
		self.retire_before(r['session'], r['gen'])
		for t in list(self.refresh.values()) + list(self.access.values()):
			if t['session'] == r['session'] and t['gen'] > r['gen']:
				t['used'] = t['dropped'] = True
		out = self.issue(sess)
		entry['issued_gen'] = sess['gen']
		return Reply(200, out, {'Cache-Control': 'no-store', 'Pragma': 'no-cache'})

	def logout(self, method, body, headers, entry):
		entry['oauth'] = 'logout'
		if method != 'POST':
			raise OAuthError(405, 'invalid_request', 'HTTP method not allowed')
		form = form_of(body)
		if form is None:
			raise OAuthError(400, 'invalid_request', 'The body must be form-encoded')
		self.client_of(form, headers)
		r = self.refresh.get(form.get('refresh_token') or '')
		if r is None:
			raise OAuthError(400, 'invalid_grant', 'Invalid refresh token')
		entry['refresh_session'], entry['refresh_gen'] = r['session'], r['gen']
		self.revoke(r['session'])
		return Reply(204, kind='empty')

	def answer_oauth(self, method, path, query, body, headers, entry):
		tail = path[len(OAUTH):].strip('/')
		try:
			if tail == 'auth':
				return self.authorize(method, query, entry)
			if tail == 'token':
				return self.token(method, body, headers, entry)
			if tail == 'logout':
				return self.logout(method, body, headers, entry)
			raise OAuthError(404, 'invalid_request', 'No such endpoint')
		except OAuthError as e:
			entry['error'] = e.error
			return e.reply()

	def password_session(self, uid):
		"""/_token: a session as if the user had signed in."""
		sess = self.new_session(uid, 'openid')
		return self.issue(sess)

	# -- rate limit

	def over_limit(self, uid):
		"""Counts one request of uid; the Retry-After seconds (or -1 for no
		header) when it goes over the limit, else None."""
		now = time.time()
		q = self.hits[uid]
		while q and q[0] <= now - 60:
			q.popleft()
		if len(q) >= self.rate_limit:
			if self.retry_after is None:
				return -1
			if self.retry_after == 'auto':
				return max(1, math.ceil(q[0] + 60 - now))
			return self.retry_after
		q.append(now)
		return None

	# -- lookups

	def user(self, uid):
		return next((u for u in self.s['users'] if u['userId'] == uid), None)

	def show_user(self, uid):
		u = self.user(uid)
		return u and {k: u[k] for k in ('userId', 'firstName', 'lastName', 'email',
			'profilePicColor')}

	def space(self, sid, user):
		sp = next((x for x in self.s['spaces'] if x['spaceId'] == sid), None)
		if sp is None:
			raise not_found('Space')
		if user['userId'] not in sp['members']:
			raise denied()
		return sp

	def role(self, p, user):
		return next((m['role'] for m in p['members'] if m['userId'] == user['userId']), None)

	def project(self, pid, user, sid=None):
		"""The project and the user's role; 404 unless it exists (in that
		space), 403 unless the user is in it."""
		p = next((x for x in self.s['projects'] if x['projectId'] == pid), None)
		if p is None or (sid is not None and p['spaceId'] != sid):
			raise not_found('Project')
		role = self.role(p, user)
		if role is None:
			raise denied()
		return p, role

	def task_in(self, p, tid):
		t = next((x for x in self.s['tasks'] if x['taskId'] == tid and
			x['projectId'] == p['projectId']), None)
		if t is None:
			raise not_found('Task')
		return t

	def task_any(self, tid, user):
		"""A task by id alone, its project and the user's role in it."""
		t = next((x for x in self.s['tasks'] if x['taskId'] == tid), None)
		if t is None:
			raise not_found('Task')
		p, role = self.project(t['projectId'], user)
		return t, p, role

	@staticmethod
	def writer(role):
		if role not in ('Member', 'Admin'):
			raise denied()

	def status(self, sid):
		st = next(x for x in self.s['statuses'] if x['taskStatusId'] == sid)
		return dict(st, tenantId=TENANT)

	def statuses_of(self, pid):
		return [dict(x, tenantId=TENANT) for x in sorted(
			(x for x in self.s['statuses'] if x['projectId'] == pid), key=lambda x: x['position'])]

	# -- shapes

	def show_space(self, sp):
		return {'tenantId': TENANT, 'spaceId': sp['spaceId'], 'spaceName': sp['spaceName'],
			'description': sp['description'], 'color': sp['color'],
			'createdBy': self.show_user(sp['createdBy']), 'createTime': sp['createTime'],
			'members': [self.show_user(u) for u in sp['members']]}

	def show_project(self, p, role):
		return {'tenantId': TENANT, 'projectId': p['projectId'], 'spaceId': p['spaceId'],
			'projectName': p['projectName'], 'description': p['description'],
			'color': p['color'], 'createdBy': self.show_user(p['createdBy']),
			'createTime': p['createTime'], 'myRole': role,
			'taskCount': sum(1 for t in self.s['tasks'] if t['projectId'] == p['projectId']),
			'members': [dict(self.show_user(m['userId']), role=m['role']) for m in p['members']]}

	def show_task(self, t):
		prio = next((x for x in self.s['priorities'] if x['taskPriorityId'] == t['priorityId']),
			None)
		return {'tenantId': TENANT, 'taskId': t['taskId'], 'projectId': t['projectId'],
			'spaceId': t['spaceId'], 'taskTitle': t['taskTitle'], 'description': t['description'],
			'descriptionMentionedUserIds': [], 'startDate': t['startDate'],
			'dueDate': t['dueDate'], 'completion': t['completion'],
			'priority': dict(prio, tenantId=TENANT) if prio else None,
			'status': self.status(t['statusId']),
			'tags': [dict(x) for i in t['tagIds'] for x in self.s['tags'] if x['tagId'] == i],
			'owners': [self.show_user(u) for u in t['owners'] if self.user(u)],
			'createdBy': self.show_user(t['createdBy']), 'createTime': t['createTime'],
			'updateTime': t['updateTime']}

	def show_comment(self, c):
		return {'commentId': c['commentId'], 'taskId': c['taskId'], 'comment': c['comment'],
			'commentedBy': self.show_user(c['userId']), 'createdAt': c['createdAt'],
			'updatedAt': c['updatedAt'], 'edited': c['edited']}

	def show_item(self, c):
		return dict(c, createdBy=self.show_user(c['createdBy']))

	def show_timer(self, x):
		out = dict(x)
		if x['running']:
			out['duration'] = now_ms() - x['startTime']
		return out

	@staticmethod
	def paged(key, items, query):
		q = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
		errs = []
		page, size = q.get('page', '0'), q.get('size', '50')
		if not re.match(r'^\d+$', page):
			errs.append(('page', 'page must be 0 or more', page))
		if not re.match(r'^\d+$', size) or not 1 <= int(size) <= 100:
			errs.append(('size', 'size must be between 1 and 100', size))
		if errs:
			raise ApiError(400, 'Validation failed', errs)
		page, size = int(page), int(size)
		total = len(items)
		pages = (total + size - 1) // size
		return {key: items[page * size:(page + 1) * size], 'totalElements': total,
			'totalPages': pages, 'page': page, 'size': size, 'first': page == 0,
			'last': page >= pages - 1}

	# -- tasks

	def tag_ids(self, names):
		out = []
		for n in names:
			tag = next((x for x in self.s['tags'] if x['tagName'].lower() == n.lower()), None)
			if tag is None:
				tag = {'tagId': self.new_id(), 'tagName': n, 'color': '#0ea5e9'}
				self.s['tags'].append(tag)
			if tag['tagId'] not in out:
				out.append(tag['tagId'])
		return out

	def check_fields(self, p, body, creating):
		"""The checked fields of a create or a partial update, as stored;
		400 naming every bad field."""
		errs, out = [], {}

		def bad(field, msg):
			errs.append((field, msg, body.get(field)))
		if creating or 'taskTitle' in body:
			v = body.get('taskTitle')
			if not isinstance(v, str) or not v.strip():
				bad('taskTitle', 'Task title is required')
			elif len(v) > 500:
				bad('taskTitle', 'Task title must be at most 500 characters')
			else:
				out['taskTitle'] = v
		if 'status' in body or creating:
			v = body.get('status')
			sts = self.statuses_of(p['projectId'])
			if v is None and creating:
				out['statusId'] = sts[0]['taskStatusId']
			else:
				hit = next((x for x in sts if isinstance(v, str) and
					x['statusName'].lower() == v.strip().lower()), None)
				if hit is None:
					bad('status', 'Status must be one of: %s' %
						', '.join(x['statusName'] for x in sts))
				else:
					out['statusId'] = hit['taskStatusId']
		if 'priority' in body or creating:
			v = body.get('priority')
			if v is None:
				out['priorityId'] = None if not creating else next(
					x['taskPriorityId'] for x in self.s['priorities'] if x['default'])
			else:
				hit = next((x for x in self.s['priorities'] if isinstance(v, str) and
					x['priorityLabel'].lower() == v.strip().lower()), None)
				if hit is None:
					bad('priority', 'Priority must be one of: %s' %
						', '.join(x['priorityLabel'] for x in self.s['priorities']))
				else:
					out['priorityId'] = hit['taskPriorityId']
		if 'description' in body:
			v = body['description']
			if v is not None and not isinstance(v, str):
				bad('description', 'Description must be a string')
			else:
				out['description'] = v or None
		for k in ('startDate', 'dueDate'):
			if k in body:
				v = body[k]
				if v is None:
					out[k] = None
				elif parse_date(v) is None:
					bad(k, '%s must be an ISO 8601 date-time' % k)
				else:
					out[k] = parse_date(v)
		if 'completion' in body:
			v = body['completion']
			if v is None:
				out['completion'] = 0
			elif not is_int(v) or not 0 <= v <= 100:
				bad('completion', 'Completion must be a whole number from 0 to 100')
			else:
				out['completion'] = v
		if 'tags' in body:
			v = body['tags']
			if v is None:
				out['tags'] = []
			elif not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
				bad('tags', 'Tags must be a list of tag names')
			else:
				out['tags'] = [x.strip() for x in v]
		if 'owners' in body:
			v = body['owners']
			ids = [m['userId'] for m in p['members']]
			if v is None:
				out['owners'] = []
			elif not isinstance(v, list) or not all(is_int(x) for x in v):
				bad('owners', 'Owners must be a list of user ids')
			else:
				stray = [x for x in v if x not in ids]
				if stray:
					errs.append(('owners', 'User %d is not a member of this project' % stray[0],
						stray[0]))
				else:
					out['owners'] = list(dict.fromkeys(v))
		if errs:
			raise ApiError(400, 'Validation failed', errs)
		if 'tags' in out:
			out['tagIds'] = self.tag_ids(out.pop('tags'))
		return out

	def create_task(self, p, body, user):
		f = self.check_fields(p, body, True)
		when = now_iso()
		t = {'taskId': self.new_id(), 'projectId': p['projectId'], 'spaceId': p['spaceId'],
			'taskTitle': f['taskTitle'], 'description': f.get('description'),
			'startDate': f.get('startDate'), 'dueDate': f.get('dueDate'),
			'completion': f.get('completion', 0), 'statusId': f['statusId'],
			'priorityId': f['priorityId'], 'tagIds': f.get('tagIds', []),
			'owners': f.get('owners', []), 'createdBy': user['userId'], 'createTime': when,
			'updateTime': when}
		self.s['tasks'].append(t)
		return t

	def update_task(self, p, t, body):
		f = self.check_fields(p, body, False)
		changed = {k: v for k, v in f.items() if t[k] != v}
		if changed:
			t.update(changed)
			t['updateTime'] = now_iso()
		return t

	def delete_task(self, t):
		self.s['tasks'].remove(t)
		tid = t['taskId']
		for k in ('comments', 'checklists', 'timers'):
			self.s[k] = [x for x in self.s[k] if x['taskId'] != tid]

	# -- timers

	def running(self, user):
		return [x for x in self.s['timers'] if x['userId'] == user['userId'] and x['running']]

	def start_timer(self, t, user, notes=None, billable=False):
		busy = self.running(user)
		if busy:
			raise ApiError(409, 'A timer is already running', [('taskId',
				'Stop timer %d (task %d) before starting another' % (busy[0]['timerId'],
					busy[0]['taskId']), busy[0]['timerId'])])
		x = {'timerId': self.new_id(), 'taskId': t['taskId'], 'projectId': t['projectId'],
			'userId': user['userId'], 'type': 'TIMER', 'startTime': now_ms(), 'endTime': None,
			'duration': 0, 'running': True, 'notes': notes, 'billable': bool(billable)}
		self.s['timers'].append(x)
		return x

	def stop_timer(self, user, tid=None):
		x = next((x for x in self.running(user) if tid is None or x['taskId'] == tid), None)
		if x is None:
			raise ApiError(404, 'No running timer' + (' for this task' if tid else ''))
		x['endTime'] = max(now_ms(), x['startTime'])
		x['duration'] = x['endTime'] - x['startTime']
		x['running'] = False
		return x

	def entry(self, t, user, kind, body):
		"""A MANUAL or RANGE entry from the request body."""
		errs = []
		notes, billable = body.get('notes'), body.get('billable', False)
		if notes is not None and not isinstance(notes, str):
			errs.append(('notes', 'Notes must be a string', notes))
		if not isinstance(billable, bool):
			errs.append(('billable', 'Billable must be true or false', billable))
		start, end = body.get('startTime'), body.get('endTime')
		if kind == 'MANUAL':
			dur = body.get('duration')
			if not is_int(dur) or dur <= 0:
				errs.append(('duration', 'Duration is required, in milliseconds, above 0', dur))
			if start is not None and (not is_int(start) or start < 0):
				errs.append(('startTime', 'Start time must be epoch milliseconds', start))
			if not errs:
				start = now_ms() - dur if start is None else start
				end = start + dur
		else:
			for k, v in (('startTime', start), ('endTime', end)):
				if not is_int(v) or v < 0:
					errs.append((k, '%s is required, in epoch milliseconds' % k, v))
			if not errs and end <= start:
				errs.append(('endTime', 'End time must be after the start time', end))
		if errs:
			raise ApiError(400, 'Validation failed', errs)
		x = {'timerId': self.new_id(), 'taskId': t['taskId'], 'projectId': t['projectId'],
			'userId': user['userId'], 'type': kind, 'startTime': start, 'endTime': end,
			'duration': end - start, 'running': False, 'notes': notes, 'billable': billable}
		self.s['timers'].append(x)
		return x

	def edit_timer(self, x, body):
		errs = []
		f = {}
		for k in ('startTime', 'endTime', 'duration'):
			if k in body:
				if not is_int(body[k]) or body[k] < 0:
					errs.append((k, '%s must be a whole number of milliseconds' % k, body[k]))
				elif x['running'] and k != 'startTime':
					errs.append((k, 'A running timer takes only a new start time', body[k]))
				else:
					f[k] = body[k]
		if 'notes' in body:
			if body['notes'] is not None and not isinstance(body['notes'], str):
				errs.append(('notes', 'Notes must be a string', body['notes']))
			else:
				f['notes'] = body['notes']
		if 'billable' in body:
			if not isinstance(body['billable'], bool):
				errs.append(('billable', 'Billable must be true or false', body['billable']))
			else:
				f['billable'] = body['billable']
		if not errs and not x['running']:
			start = f.get('startTime', x['startTime'])
			if 'duration' in f:
				end = start + f['duration']
			else:
				end = f.get('endTime', x['endTime'] if 'startTime' not in f or 'endTime' in f
					else start + x['duration'])
			if end < start:
				errs.append(('endTime', 'End time must not be before the start time', end))
			f['startTime'], f['endTime'], f['duration'] = start, end, end - start
		if errs:
			raise ApiError(400, 'Validation failed', errs)
		x.update(f)
		return x

	def own_timer(self, tid, user):
		x = next((x for x in self.s['timers'] if x['timerId'] == tid), None)
		if x is None:
			raise not_found('Timer')
		if x['userId'] != user['userId']:
			raise denied()
		return x

	# -- REST

	def rest(self, method, path, query, body, user):
		"""The data of one REST request by user; path is below /v1."""
		parts = path.strip('/').split('/')
		nums = [int(x) if x.isdigit() else None for x in parts]
		nope = not_found('Endpoint %s %s' % (method, path))
		if parts == ['spaces'] and method == 'GET':
			return [self.show_space(x) for x in self.s['spaces'] if user['userId'] in x['members']]
		if parts[0] == 'spaces' and len(parts) >= 2 and nums[1] is not None:
			sp = self.space(nums[1], user)
			rest = parts[2:]
			if rest == ['projects'] and method == 'GET':
				ps = [self.show_project(p, self.role(p, user)) for p in self.s['projects']
					if p['spaceId'] == sp['spaceId'] and self.role(p, user)]
				return self.paged('projects', ps, query)
			if len(rest) < 2 or rest[0] != 'projects' or nums[3] is None:
				raise nope
			p, role = self.project(nums[3], user, sp['spaceId'])
			rest = rest[2:]
			if not rest and method == 'GET':
				return self.show_project(p, role)
			if rest == ['tasks'] and method == 'GET':
				ts = [self.show_task(t) for t in self.s['tasks'] if t['projectId'] == p['projectId']]
				return self.paged('tasks', ts, query)
			if rest == ['tasks'] and method == 'POST':
				self.writer(role)
				return self.show_task(self.create_task(p, body, user))
			if len(rest) < 2 or rest[0] != 'tasks' or nums[5] is None:
				raise nope
			t = self.task_in(p, nums[5])
			rest = rest[2:]
			if not rest and method == 'GET':
				return self.show_task(t)
			if not rest and method == 'PUT':
				self.writer(role)
				return self.show_task(self.update_task(p, t, body))
			if not rest and method == 'DELETE':
				self.writer(role)
				if role != 'Admin' and user['userId'] != t['createdBy'] and \
						user['userId'] not in t['owners']:
					raise denied()
				self.delete_task(t)
				return None
			if rest == ['comments'] and method == 'GET':
				return [self.show_comment(c) for c in sorted((c for c in self.s['comments']
					if c['taskId'] == t['taskId']), key=lambda c: (c['createdAt'], c['commentId']))]
			if rest == ['checklists'] and method == 'GET':
				return [self.show_item(c) for c in sorted((c for c in self.s['checklists']
					if c['taskId'] == t['taskId']), key=lambda c: (c['position'], c['checklistId']))]
			if rest == ['subtasks'] and method == 'GET':
				return self.paged('subtasks', [], query)
			raise nope
		if parts[0] != 'time-track':
			raise nope
		rest = parts[1:]
		if rest == ['active'] and method == 'GET':
			return [self.show_timer(x) for x in self.running(user)]
		if len(rest) == 5 and rest[0] == 'projects' and nums[2] is not None and \
				rest[2] == 'tasks' and nums[4] is not None and method == 'POST' and \
				rest[4] in ('start', 'manual', 'range'):
			p, role = self.project(nums[2], user)
			t = self.task_in(p, nums[4])
			self.writer(role)
			if rest[4] == 'start':
				return self.show_timer(self.start_timer(t, user, body.get('notes'),
					body.get('billable', False) is True))
			return self.entry(t, user, rest[4].upper(), body)
		if len(rest) == 3 and rest[0] == 'tasks' and nums[2] is not None:
			t, p, role = self.task_any(nums[2], user)
			if rest[2] == 'stop' and method == 'PUT':
				self.writer(role)
				return self.show_timer(self.stop_timer(user, t['taskId']))
			if rest[2] == 'timers' and method == 'GET':
				return [self.show_timer(x) for x in sorted((x for x in self.s['timers']
					if x['taskId'] == t['taskId'] and x['userId'] == user['userId']),
					key=lambda x: (x['startTime'], x['timerId']))]
		if len(rest) == 2 and rest[0] == 'timers' and nums[2] is not None:
			x = self.own_timer(nums[2], user)
			_, role = self.project(x['projectId'], user)
			if method == 'PUT':
				self.writer(role)
				return self.show_timer(self.edit_timer(x, body))
			if method == 'DELETE':
				self.writer(role)
				self.s['timers'].remove(x)
				return None
		raise nope

	def answer_rest(self, method, path, query, bearer, org, body, entry, user=None):
		"""The Reply to one request below /v1."""
		try:
			if user is None:
				user, why = self.user_of(bearer)
				if user is None:
					raise ApiError(401, 'Unauthorized', [(None, why, None)],
						{'WWW-Authenticate': 'Bearer error="invalid_token", '
							'error_description="%s"' % why})
				entry['user'] = user['userId']
				wait = self.over_limit(user['userId'])
				if wait is not None:
					entry['rate_limited'] = True
					raise ApiError(429, 'Too Many Requests', [(None,
						'Rate limit exceeded: %d requests per minute' % self.rate_limit, None)],
						{'Retry-After': str(wait)} if wait >= 0 else {})
			if org is None or not org.strip():
				raise ApiError(400, 'X-Org-Id header is required', [('X-Org-Id',
					'X-Org-Id header is required', None)])
			if not org.strip().isdigit():
				raise ApiError(400, 'X-Org-Id must be a number', [('X-Org-Id',
					'X-Org-Id must be a number', org)])
			o = next((o for o in self.s['orgs'] if o['orgId'] == int(org)), None)
			if o is None or user['userId'] not in o['members']:
				raise ApiError(403, 'Access Denied', [('X-Org-Id',
					'You are not a member of this organization', org)])
			if method in ('POST', 'PUT') and body is not None and not isinstance(body, dict):
				raise ApiError(400, 'Malformed JSON request' if isinstance(body, str) else
					'The body must be a JSON object')
			if method in ('POST', 'PUT') and body is None:
				# Starting and stopping a timer need no body; the rest do.
				if not path.rstrip('/').endswith(('/start', '/stop')):
					raise ApiError(400, 'Required request body is missing')
				body = {}
			data = self.rest(method, path, query, body, user)
		except ApiError as e:
			return Reply(e.status, e.body(), e.headers)
		return Reply(200, envelope(copy.deepcopy(data)))

	# -- MCP

	def tool_list(self):
		out = []
		for name, (desc, args, required) in TOOLS.items():
			props = {}
			for a, ty in args.items():
				props[a] = {'type': list(ty) if isinstance(ty, tuple) else ty}
			out.append({'name': name, 'description': desc, 'inputSchema': {'type': 'object',
				'properties': props, 'required': list(required), 'additionalProperties': False}})
		return out

	def check_args(self, name, args):
		if args is None:
			args = {}
		if not isinstance(args, dict):
			raise RpcError(-32602, 'Invalid params: arguments must be an object')
		_, types, required = TOOLS[name]
		for a, v in args.items():
			if a not in types:
				raise RpcError(-32602, 'Invalid params: unknown argument "%s" for %s' % (a, name))
			if not fits(v, types[a]):
				raise RpcError(-32602, 'Invalid params: "%s" has the wrong type' % a)
		for a in required:
			if a not in args:
				raise RpcError(-32602, 'Invalid params: missing required argument "%s"' % a)
		return args

	def tool_task(self, tid, user):
		try:
			return self.task_any(tid, user)
		except ApiError as e:
			if e.status == 403:
				raise Refusal('Access Denied')
			raise Refusal('Task %d not found' % tid)

	def tool_write(self, role):
		if role not in ('Member', 'Admin'):
			raise Refusal('Access Denied')

	def run_tool(self, name, a, user):
		"""The result of one tool call (JSON-able); raises Refusal."""
		if name == 'astravue_list_task_statuses':
			try:
				p, _ = self.project(a['projectId'], user)
			except ApiError as e:
				raise Refusal('Access Denied' if e.status == 403 else
					'Project %d not found' % a['projectId'])
			return self.statuses_of(p['projectId'])
		if name == 'astravue_add_task_comment':
			t, _, role = self.tool_task(a['taskId'], user)
			self.tool_write(role)
			if not a['comment'].strip():
				raise Refusal('Comment is required')
			when = now_iso()
			c = {'commentId': self.new_id(), 'taskId': t['taskId'], 'comment': a['comment'],
				'userId': user['userId'], 'createdAt': when, 'updatedAt': when, 'edited': False}
			self.s['comments'].append(c)
			return self.show_comment(c)
		if name in ('astravue_update_task_comment', 'astravue_delete_task_comment'):
			c = next((c for c in self.s['comments'] if c['commentId'] == a['commentId']), None)
			if c is None:
				raise Refusal('Comment %d not found' % a['commentId'])
			_, _, role = self.tool_task(c['taskId'], user)
			self.tool_write(role)
			if name == 'astravue_update_task_comment':
				if c['userId'] != user['userId']:
					raise Refusal('Access Denied')
				if not a['comment'].strip():
					raise Refusal('Comment is required')
				c.update(comment=a['comment'], updatedAt=now_iso(), edited=True)
				return self.show_comment(c)
			if c['userId'] != user['userId'] and user['orgRole'] not in ('Admin', 'Account Admin'):
				raise Refusal('Access Denied')
			self.s['comments'].remove(c)
			return {'deleted': True, 'commentId': c['commentId']}
		if name == 'astravue_create_checklist_item':
			t, _, role = self.tool_task(a['taskId'], user)
			self.tool_write(role)
			if not a['title'].strip():
				raise Refusal('Title is required')
			mine = [c['position'] for c in self.s['checklists'] if c['taskId'] == t['taskId']]
			when = now_iso()
			c = {'checklistId': self.new_id(), 'taskId': t['taskId'], 'title': a['title'],
				'completed': False, 'position': max(mine) + 1 if mine else 0,
				'createdBy': user['userId'], 'createdAt': when, 'updatedAt': when}
			self.s['checklists'].append(c)
			return self.show_item(c)
		if name in ('astravue_update_checklist_item', 'astravue_delete_checklist_item'):
			c = next((c for c in self.s['checklists'] if c['checklistId'] == a['checklistId']),
				None)
			if c is None:
				raise Refusal('Checklist item %d not found' % a['checklistId'])
			_, _, role = self.tool_task(c['taskId'], user)
			self.tool_write(role)
			if name == 'astravue_delete_checklist_item':
				self.s['checklists'].remove(c)
				return {'deleted': True, 'checklistId': c['checklistId']}
			if 'title' in a and not a['title'].strip():
				raise Refusal('Title is required')
			f = {k: a[k] for k in ('title', 'completed') if k in a}
			if any(c[k] != v for k, v in f.items()):
				c.update(f, updatedAt=now_iso())
			return self.show_item(c)
		if name == 'astravue_start_timer':
			t, _, role = self.tool_task(a['taskId'], user)
			self.tool_write(role)
			try:
				return self.show_timer(self.start_timer(t, user))
			except ApiError as e:
				raise Refusal('%s: %s' % (e.message, e.errors[0][1]))
		if name == 'astravue_stop_timer':
			if 'taskId' in a:
				self.tool_task(a['taskId'], user)
			try:
				return self.show_timer(self.stop_timer(user, a.get('taskId')))
			except ApiError as e:
				raise Refusal(e.message)
		if name == 'astravue_get_active_timers':
			return [self.show_timer(x) for x in self.running(user)]
		if name == 'astravue_get_current_user':
			return self.show_user(user['userId'])
		if name == 'astravue_update_task':
			t, p, role = self.tool_task(a['taskId'], user)
			self.tool_write(role)
			fields = {k: v for k, v in a.items() if k != 'taskId'}
			try:
				return self.show_task(self.update_task(p, t, fields))
			except ApiError as e:
				raise Refusal('; '.join(m for _, m, _ in e.errors))
		raise RpcError(-32601, 'Unknown tool: %s' % name)

	def call_tool(self, params, user):
		if not isinstance(params, dict) or not isinstance(params.get('name'), str):
			raise RpcError(-32602, 'Invalid params: tools/call needs a tool name')
		name = params['name']
		if name not in TOOLS:
			raise RpcError(-32601, 'Unknown tool: %s' % name)
		args = self.check_args(name, params.get('arguments'))
		try:
			text, err = json.dumps(self.run_tool(name, args, user)), False
		except Refusal as e:
			text, err = str(e), True
		return {'content': [{'type': 'text', 'text': text}], 'isError': err}

	def rpc(self, m, user, version):
		"""The answer to one JSON-RPC message, None for a notification."""
		if not isinstance(m, dict) or m.get('jsonrpc') != '2.0':
			return rpc_error(None, -32600, 'Invalid Request')
		if 'method' not in m or 'id' not in m:
			return None        # a notification, or the client answering: taken
		id = m['id']
		if not isinstance(m['method'], str) or id is None or isinstance(id, (bool, float, dict, list)):
			return rpc_error(id if isinstance(id, (str, int)) else None, -32600, 'Invalid Request')
		method, params = m['method'], m.get('params')
		try:
			if method == 'initialize':
				result = {'protocolVersion': version, 'capabilities': {'tools': {}},
					'serverInfo': {'name': 'astravue-fake', 'version': '1.0.0'}}
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

	def answer_mcp(self, method, bearer, accept, sid, body, entry):
		if method not in ('POST', 'DELETE'):
			return Reply(405, rpc_error(None, -32000, 'Method not allowed: POST or DELETE'),
				{'Allow': 'POST, DELETE'})
		user, why = self.user_of(bearer)
		if user is None:
			return Reply(401, rpc_error(None, -32001, 'Unauthorized: ' + why),
				{'WWW-Authenticate': 'Bearer error="invalid_token", error_description="%s"' % why})
		entry['user'] = user['userId']
		wait = self.over_limit(user['userId'])
		if wait is not None:
			entry['rate_limited'] = True
			return Reply(429, rpc_error(None, -32029, 'Rate limit exceeded: %d requests per '
				'minute' % self.rate_limit), {'Retry-After': str(wait)} if wait >= 0 else {})
		known = sid in self.sessions and self.sessions[sid]['user'] == user['userId']
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
			params = inits[0].get('params')
			asked = params.get('protocolVersion') if isinstance(params, dict) else None
			version = asked if asked in PROTOCOLS else PROTOCOLS[-1]
			sid = secrets.token_urlsafe(24)
			self.sessions[sid] = {'user': user['userId'], 'protocol': version}
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

	def fault(self, method, path, tools, kind):
		"""A Reply a switch answers instead (and its name), or None."""
		for r in self.reject:
			if r.get('path', path) == path and r.get('method', method) == method and \
					(r.get('tool') is None or r['tool'] in tools):
				self.reject.remove(r)
				status = int(r.get('status', 409))
				msg = r.get('message', 'Rejected by the test.')
				if kind == 'oauth':
					e = OAuthError(status, r.get('error', 'invalid_grant'), msg)
					return e.reply(), 'reject_once'
				return Reply(status, ApiError(status, msg).body()), 'reject_once'
		if self.fail and self.fail.get('count', 1) > 0:
			self.fail['count'] = self.fail.get('count', 1) - 1
			status = int(self.fail.get('status', 503))
			headers = {}
			if 'retry_after' in self.fail:
				headers['Retry-After'] = str(self.fail['retry_after'])
			if self.fail['count'] <= 0:
				self.fail = None
			msg = 'Service Unavailable' if status >= 500 else 'Too Many Requests' \
				if status == 429 else 'Rejected by the test.'
			if kind == 'oauth':
				body = {'error': 'temporarily_unavailable' if status >= 500 else 'invalid_request',
					'error_description': msg}
			else:
				body = ApiError(status, msg).body()
			return Reply(status, body, headers), 'fail'
		return None

	def take_rate(self):
		if self.fail_rate and self.rate_fault and self.rng.random() < self.fail_rate:
			return self.rate_fault
		return None


class Handler(vortask.Handler):
	"""vortask.py's handler gives the answer senders (JSON, empty, SSE,
	truncated); the routing, the log and the control are Astravue's."""
	server_version = 'FakeAstravue/1.0'

	def handle_any(self, method):
		url, body, bearer = self.read_request()
		path = url.path
		st = self.server.st
		if path.startswith('/_'):
			return self.control(method, path, body)
		if path == OAUTH or path.startswith(OAUTH + '/'):
			kind = 'oauth'
		elif path.rstrip('/') == '/mcp':
			kind = 'mcp'
		elif path == '/v1' or path.startswith('/v1/'):
			kind = 'rest'
		else:
			kind = None
		sid = self.headers.get('Mcp-Session-Id')
		org = self.headers.get('X-Org-Id')
		rpc, tools = rpc_names(body) if kind == 'mcp' else (None, [])
		mode = None        # how the answer goes wrong: drop, garbage, truncate, hang
		entry = {}
		with st.lock:
			info = st.token_info(bearer)
			hit = st.fault(method, path, tools, kind)
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
				if kind == 'oauth':
					answer = st.answer_oauth(method, path, url.query, body, self.headers, entry)
				elif kind == 'mcp':
					answer = st.answer_mcp(method, bearer, self.headers.get('Accept', ''), sid,
						body, entry)
				elif kind == 'rest':
					answer = st.answer_rest(method, path[len('/v1'):] or '/', url.query, bearer,
						org, body, entry)
				else:
					e = not_found('Endpoint %s %s' % (method, path))
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
			rec = {'method': method, 'path': path, 'query': url.query,
				'body': redact(body) if kind == 'oauth' else body,
				'status': 200 if mode == 'garbage' else status, 'auth': bearer is not None,
				'user': None, 'token_session': info and info['session'],
				'token_gen': info and info['gen'], 'org': org, 'session': sid is not None,
				'rpc': rpc, 'tool': tools[0] if len(tools) == 1 else (tools or None),
				'applied': applied, 'fault': fault, 'dropped': mode in ('drop', 'hang'),
				'rate_limited': False, 't': int(time.time() * 1000)}
			rec.update(entry)
			st.log.append(rec)
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
				if (method, path) == ('POST', '/_token'):
					who = (body or {}).get('user', 1) if isinstance(body, dict) else 1
					uid = {'sam': 1, 'kim': 2}.get(str(who).lower(), who)
					if not is_int(uid) or st.user(uid) is None:
						raise ValueError('user must be 1, 2, "sam" or "kim"')
					return self.send_json(200, st.password_session(uid))
				if (method, path) == ('POST', '/_teammate'):
					return self.teammate(body)
		except (ValueError, TypeError, KeyError) as e:
			return self.send_json(400, {'error': str(e)})
		self.send_json(404, {'error': 'no such control endpoint: %s %s' % (method, path)})

	def teammate(self, body):
		st = self.server.st
		mate = st.user(2)
		if isinstance(body, dict) and 'tool' in body:
			try:
				res = st.call_tool({'name': body['tool'], 'arguments': body.get('arguments')}, mate)
			except RpcError as e:
				return self.send_json(400, {'error': {'code': e.code, 'message': e.message}})
			return self.send_json(200, res)
		if not isinstance(body, dict) or 'path' not in body:
			raise ValueError('teammate needs {method, path, body} or {tool, arguments}')
		url = urllib.parse.urlsplit(body['path'])
		path = url.path[len('/v1'):] if url.path.startswith('/v1/') else url.path
		r = st.answer_rest(body.get('method', 'GET'), path, url.query, None,
			str(body.get('org', TENANT)), body.get('body'), {}, user=mate)
		self.send_reply(r)


def main(argv=None):
	ap = argparse.ArgumentParser(description='Fake Astravue server (OAuth, REST and MCP) '
		'for lanes tests.')
	ap.add_argument('--port', type=int, default=0)
	ap.add_argument('--tasks', type=int, default=0,
		help='N more tasks in project 10, spread over To Do, In Progress and Done')
	ap.add_argument('--access-ttl', type=float, default=1800,
		help='seconds an access token lives (default 1800)')
	args = ap.parse_args(argv)
	server = Server(('127.0.0.1', args.port), Handler)
	server.st = Astravue(args.access_ttl)
	add_tasks(server.st.s, args.tasks)
	return serve(server, stopping=lambda: server.st.wake.set())


if __name__ == '__main__':
	sys.exit(main())
