#!/usr/bin/env python3
"""A stateful fake of the Asana REST API for lanes' tests.

    asana.py --port 0 --state-dir DIR [--token TOKEN] [--seed FILE] [--log FILE]
             [--latency-ms N] [--fail-next JSON] [--down] [--fail-rate P
             --fault JSON] [--random-seed N] [--rate-limit N [--rate-window S]]
             [--verbose]

Prints "PORT <n>" on stdout once it listens, then serves the API under
/api/1.0 (Bearer token, {"data": ...} envelopes, {"errors": [...]} errors,
limit/offset paging) and a control API outside it:

    GET  /_control   fault settings        POST /_control  change them
    GET  /_state     the whole state       POST /_state    replace it
    GET  /_log       requests received     POST /_reset    seed state, no faults, empty log

POST /_control takes any subset of
    {"latency_ms": 500, "fail_next": [FAULT, ...], "down": true,
     "fail_rate": 0.2, "fault": FAULT, "random_seed": 7, "clear_log": true,
     "rate_limit": 150, "rate_window": 60, "reset_rate": true}
and answers with the current settings.  rate_limit (0, the default: none)
is Asana's per-token limit: at most that many API requests in any
rate_window seconds (default 60, as Asana's minute); one more is answered
429 with Retry-After (the seconds until the oldest leaves the window) and
is not counted; its log entry has "rate_limited": true.  reset_rate
forgets the requests counted so far.  fail_next replaces the queue; each
API request takes the next entry (an entry with "path" only a request whose
path starts with it, e.g. "/events").  A FAULT is one of
    {"status": 429, "retry_after": 2}   (any status; also "message", "apply")
    "drop"              close the connection, nothing applied
    "drop_after_apply"  apply the request, then close without answering
    "malformed"         apply, answer 200 with invalid JSON
    "truncated"         apply, announce the full Content-Length, send half, close
    "hang"              never answer until the fake stops
or {"fault": NAME, "apply": BOOL} to choose whether it is applied first.

The state is written to DIR/state.json after every write (atomic rename)
and read back at start, so a test can restart the fake and keep its data.
Only the Python standard library is used.
"""

import argparse
import base64
import collections
import copy
import datetime
import html
import http.server
import json
import math
import os
import random
import re
import sys
import threading
import time
import urllib.parse

from serve import JsonHandler, serve

API = '/api/1.0'
HELP = ('For more information on API status codes and how to handle them, '
	'read the docs on errors: https://developers.asana.com/docs/errors')
# events kept for sync tokens; an older token is "too old" (412)
EVENTS_KEPT = 1000
FAULTS = ('drop', 'drop_after_apply', 'malformed', 'truncated', 'hang')
# Whether each fault lets the request reach the state before it strikes.
APPLY_DEFAULT = {'drop': False, 'drop_after_apply': True, 'malformed': True,
	'truncated': True, 'hang': False, 'status': False}


class ApiError(Exception):
	def __init__(self, status, message, headers=None):
		super().__init__(message)
		self.status, self.message, self.headers = status, message, headers or {}


def error_body(status, message):
	err = {'message': message, 'help': HELP}
	if status >= 500:
		err['phrase'] = 'fake server says sorry'
	return {'errors': [err]}


# ---------------------------------------------------------------- seed state

def default_seed():
	t0 = '2026-01-05T09:00:00.000Z'

	def task(gid, name, section_done=False, **kw):
		t = {'gid': gid, 'name': name, 'notes': '', 'completed': section_done,
			'completed_at': t0 if section_done else None, 'assignee': None,
			'due_on': None, 'due_at': None, 'start_on': None, 'start_at': None,
			'tags': [], 'projects': ['1200'], 'parent': None, 'subtasks': [],
			'workspace': '1100', 'created_at': t0, 'modified_at': t0,
			'created_by': '1001', 'resource_subtype': 'default_task'}
		t.update(kw)
		return t

	tasks = [
		task('1401', 'Write press release', notes='Draft for the blog.',
			assignee='1001', due_on='2026-02-01', tags=['1501'], subtasks=['1406']),
		task('1402', 'Book venue'),
		task('1403', 'Order swag', assignee='1002'),
		task('1404', 'Design landing page', start_on='2026-01-10', due_on='2026-01-20'),
		task('1405', 'Pick launch date', section_done=True),
		task('1406', 'Check copy with legal', projects=[], parent='1401'),
	]
	return {
		'version': 1,
		'me': '1001',
		'next_gid': 2000,
		'users': {
			'1001': {'gid': '1001', 'name': 'Test User', 'email': 'me@example.com'},
			'1002': {'gid': '1002', 'name': 'Ada Other', 'email': 'ada@example.com'},
		},
		'workspaces': {'1100': {'gid': '1100', 'name': 'Acme', 'is_organization': False}},
		'projects': {'1200': {'gid': '1200', 'name': 'Launch', 'workspace': '1100',
			'archived': False, 'default_view': 'board', 'color': None, 'notes': '',
			'created_at': t0, 'modified_at': t0,
			'sections': ['1301', '1302', '1303']}},
		'sections': {
			'1301': {'gid': '1301', 'name': 'To Do', 'project': '1200',
				'created_at': t0, 'tasks': ['1401', '1402', '1403']},
			'1302': {'gid': '1302', 'name': 'Doing', 'project': '1200',
				'created_at': t0, 'tasks': ['1404']},
			'1303': {'gid': '1303', 'name': 'Done', 'project': '1200',
				'created_at': t0, 'tasks': ['1405']},
		},
		'tags': {'1501': {'gid': '1501', 'name': 'urgent', 'workspace': '1100',
			'color': 'dark-red'}},
		'tasks': dict((t['gid'], t) for t in tasks),
		'stories': {'1601': {'gid': '1601', 'task': '1401', 'created_at': t0,
			'created_by': '1002', 'type': 'comment', 'resource_subtype': 'comment_added',
			'text': 'Can we ship this by Friday?', 'is_pinned': False, 'is_edited': False}},
		'time_entries': {},
	}


# ------------------------------------------------------------ field helpers

def parse_opt_fields(value):
	"""'a,b.c' -> {'a': {}, 'b': {'c': {}}}"""
	tree = {}
	for path in (value or '').split(','):
		node = tree
		for part in filter(None, path.strip().split('.')):
			node = node.setdefault(part, {})
	return tree


def compact(v):
	if isinstance(v, list):
		return [compact(x) for x in v]
	if not isinstance(v, dict):
		return v
	if 'gid' not in v:
		return dict((k, compact(x)) for k, x in v.items())
	return dict((k, v[k]) for k in ('gid', 'name', 'resource_type') if k in v)


def select(obj, tree):
	"""Keep gid plus the opt_fields in tree, like Asana does."""
	if isinstance(obj, list):
		return [select(x, tree) for x in obj]
	if not isinstance(obj, dict):
		return obj
	out = {'gid': obj['gid']} if 'gid' in obj else {}
	for field, sub in tree.items():
		if field in obj:
			out[field] = select(obj[field], sub) if sub else compact(obj[field])
	return out


def parse_time(s, what):
	try:
		if s == 'now':
			return datetime.datetime.now(datetime.timezone.utc)
		t = datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
		return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)
	except (ValueError, AttributeError):
		raise ApiError(400, '%s: Invalid date-time: %s' % (what, s))


def want(data, key, kinds, required=False):
	"""data[key] checked against the allowed Python types (None = null ok)."""
	if key not in data:
		if required:
			raise ApiError(400, '%s: Missing input' % key)
		return None
	v = data[key]
	if not isinstance(v, kinds) or (isinstance(v, bool) and bool not in _tuple(kinds)):
		raise ApiError(400, '%s: Invalid value: %s' % (key, json.dumps(v)))
	return v


def _tuple(k):
	return k if isinstance(k, tuple) else (k,)


def check_date(key, v):
	if v is not None and not re.match(r'^\d{4}-\d{2}-\d{2}$', v):
		raise ApiError(400, '%s: Invalid date: %s' % (key, v))
	return v


def insert_ordered(lst, item, before=None, after=None, top=False):
	"""Put item into lst next to an anchor already in lst."""
	for anchor in (before, after):
		if anchor is not None and (anchor == item or anchor not in lst):
			raise ApiError(400, 'insert_%s: %s is not in the list'
				% ('before' if anchor is before else 'after', anchor))
	if item in lst:
		lst.remove(item)
	if before is not None:
		lst.insert(lst.index(before), item)
	elif after is not None:
		lst.insert(lst.index(after) + 1, item)
	elif top:
		lst.insert(0, item)
	else:
		lst.append(item)


# ------------------------------------------------------------------ routing

ROUTES = []


def route(method, pattern):
	rx = re.compile('^' + re.sub(r'\{(\w+)\}', r'(?P<\1>[^/]+)', pattern) + '$')

	def deco(fn):
		ROUTES.append((method, rx, fn))
		return fn
	return deco


class Request:
	def __init__(self, method, path, query, body, base_url):
		self.method, self.path, self.query = method, path, query
		self.body, self.base_url = body, base_url
		self.fields = parse_opt_fields(query['opt_fields']) if 'opt_fields' in query else None

	@property
	def data(self):
		if not isinstance(self.body, dict) or not isinstance(self.body.get('data'), dict):
			raise ApiError(400, 'data: Missing input')
		return self.body['data']


# ------------------------------------------------------------- state model

class Fake:
	def __init__(self, seed, state_dir=None, token='test-token'):
		self.seed = seed
		self.state_dir = state_dir
		self.token = token
		self.lock = threading.RLock()
		self.last_stamp = ''
		# the event feed: a log of writes, not state, so kept in memory (a
		# restarted fake has none, and a token of an earlier one is too old)
		self.events = []
		self.epoch = '%x' % int(time.time() * 1000)
		path = self.state_path()
		if path and os.path.exists(path):
			with open(path, encoding='utf-8') as f:
				self.s = json.load(f)
		else:
			self.s = copy.deepcopy(seed)

	def state_path(self):
		return os.path.join(self.state_dir, 'state.json') if self.state_dir else None

	def persist(self):
		path = self.state_path()
		if not path:
			return
		tmp = path + '.tmp'
		with open(tmp, 'w', encoding='utf-8') as f:
			json.dump(self.s, f, indent=1, sort_keys=True)
			f.flush()
			os.fsync(f.fileno())
		os.replace(tmp, path)

	def reset(self, state=None, changed=False):
		"""The seed, or state; changed: it is a change made by someone else."""
		with self.lock:
			self.s = copy.deepcopy(state if state is not None else self.seed)
			if changed:
				self.note_change('POST', '/_state')
			self.persist()

	def note_change(self, method, path):
		"""Every write is an event. The fake tells every subscription of
		every write, a superset of what Asana sends for a project; lanes
		only asks whether anything changed."""
		events = self.events
		seq = events[-1]['seq'] + 1 if events else 1
		events.append({'seq': seq, 'created_at': self.now(), 'what': method + ' ' + path})
		del events[:-EVENTS_KEPT]

	# -- small helpers

	def now(self):
		"""An ISO time stamp, strictly later than the previous one so that
		modified_since comparisons are never ambiguous."""
		t = datetime.datetime.now(datetime.timezone.utc)
		stamp = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
		if stamp <= self.last_stamp:
			last = parse_time(self.last_stamp, 'now')
			t = last + datetime.timedelta(milliseconds=1)
			stamp = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
		self.last_stamp = stamp
		return stamp

	def new_gid(self):
		self.s['next_gid'] += 1
		return str(self.s['next_gid'])

	def get(self, kind, gid, label=None):
		obj = self.s[kind].get(gid)
		if obj is None:
			raise ApiError(404, '%s: Unknown object: %s' % (label or kind.rstrip('s'), gid))
		return obj

	def ref(self, kind, gid, field):
		"""A gid given in a request body: 400 (not 404) when unknown."""
		if not isinstance(gid, str) or gid not in self.s[kind]:
			raise ApiError(400, '%s: Not a recognized ID: %s' % (field, gid))
		return self.s[kind][gid]

	def user_gid(self, v, field='assignee'):
		if v is None:
			return None
		if v == 'me':
			return self.s['me']
		for u in self.s['users'].values():
			if v in (u['gid'], u['email']):
				return u['gid']
		raise ApiError(400, '%s: Not a recognized ID: %s' % (field, v))

	def sections_of(self, project_gid):
		"""The project's sections in order, then any other section naming
		the project: the sections list leaves such a one out while its
		tasks still name it, as the tasks of Asana's spec examples do."""
		listed = self.s['projects'][project_gid]['sections']
		return listed + [g for g, sec in self.s['sections'].items()
			if sec['project'] == project_gid and g not in listed]

	def section_of(self, task_gid, project_gid):
		for sg in self.sections_of(project_gid):
			if task_gid in self.s['sections'][sg]['tasks']:
				return sg
		return None

	def story(self, task, subtype, text, kind='system', by=None):
		gid = self.new_gid()
		self.s['stories'][gid] = {'gid': gid, 'task': task['gid'], 'created_at': self.now(),
			'created_by': by or self.s['me'], 'type': kind, 'resource_subtype': subtype,
			'text': text, 'is_pinned': False, 'is_edited': False}
		return self.s['stories'][gid]

	def touch(self, task):
		task['modified_at'] = self.now()

	# -- rendering: full records; list endpoints send compact() of these

	def r_user(self, gid, full=False):
		if gid is None:
			return None
		u = self.s['users'][gid]
		out = {'gid': gid, 'resource_type': 'user', 'name': u['name']}
		if full:
			out.update(email=u['email'], photo=None,
				workspaces=[self.r_workspace(w) for w in self.s['workspaces']])
		return out

	def r_workspace(self, gid):
		w = self.s['workspaces'][gid]
		return {'gid': gid, 'resource_type': 'workspace', 'name': w['name'],
			'is_organization': w.get('is_organization', False), 'email_domains': []}

	def r_project(self, gid):
		p = self.s['projects'][gid]
		return {'gid': gid, 'resource_type': 'project', 'name': p['name'],
			'archived': p['archived'], 'color': p.get('color'), 'completed': False,
			'created_at': p['created_at'], 'modified_at': p['modified_at'],
			'default_view': p.get('default_view', 'board'), 'notes': p.get('notes', ''),
			'workspace': compact(self.r_workspace(p['workspace'])), 'team': None,
			'owner': self.r_user(self.s['me']), 'members': [self.r_user(self.s['me'])],
			'permalink_url': 'https://app.asana.com/0/%s/list' % gid}

	def r_section(self, gid):
		sec = self.s['sections'][gid]
		return {'gid': gid, 'resource_type': 'section', 'name': sec['name'],
			'created_at': sec['created_at'],
			'project': compact(self.r_project(sec['project']))}

	def r_tag(self, gid):
		t = self.s['tags'][gid]
		return {'gid': gid, 'resource_type': 'tag', 'name': t['name'], 'color': t.get('color')}

	def r_task(self, gid):
		t = self.s['tasks'][gid]
		memberships = []
		for pg in t['projects']:
			sg = self.section_of(gid, pg)
			memberships.append({'project': compact(self.r_project(pg)),
				'section': compact(self.r_section(sg)) if sg else None})
		parent = None
		if t['parent']:
			parent = {'gid': t['parent'], 'resource_type': 'task',
				'name': self.s['tasks'][t['parent']]['name'],
				'resource_subtype': self.s['tasks'][t['parent']]['resource_subtype']}
		minutes = sum(e['duration_minutes'] for e in self.s['time_entries'].values()
			if e['task'] == gid)
		return {'gid': gid, 'resource_type': 'task', 'name': t['name'],
			'resource_subtype': t['resource_subtype'], 'notes': t['notes'],
			'html_notes': '<body>%s</body>' % html.escape(t['notes'], quote=False),
			'completed': t['completed'], 'completed_at': t['completed_at'],
			'completed_by': self.r_user(self.s['me']) if t['completed'] else None,
			'assignee': self.r_user(t['assignee']),
			'due_on': t['due_on'], 'due_at': t['due_at'],
			'start_on': t['start_on'], 'start_at': t['start_at'],
			'tags': [self.r_tag(g) for g in t['tags']],
			'projects': [compact(self.r_project(p)) for p in t['projects']],
			'memberships': memberships, 'parent': parent,
			'workspace': compact(self.r_workspace(t['workspace'])),
			'created_at': t['created_at'], 'modified_at': t['modified_at'],
			'created_by': self.r_user(t['created_by']),
			'num_subtasks': len(t['subtasks']), 'actual_time_minutes': minutes,
			'followers': [self.r_user(self.s['me'])], 'custom_fields': [],
			'permalink_url': 'https://app.asana.com/0/0/%s' % gid}

	def r_task_compact(self, gid):
		t = self.s['tasks'][gid]
		return {'gid': gid, 'resource_type': 'task', 'name': t['name'],
			'resource_subtype': t['resource_subtype']}

	def r_story(self, gid):
		st = self.s['stories'][gid]
		return {'gid': gid, 'resource_type': 'story', 'created_at': st['created_at'],
			'created_by': self.r_user(st['created_by']),
			'resource_subtype': st['resource_subtype'], 'type': st['type'],
			'text': st['text'],
			'html_text': '<body>%s</body>' % html.escape(st['text'], quote=False),
			'is_editable': st['type'] == 'comment' and st['created_by'] == self.s['me'],
			'is_edited': st['is_edited'], 'is_pinned': st['is_pinned'],
			'target': self.r_task_compact(st['task'])}

	def r_story_compact(self, gid):
		full = self.r_story(gid)
		return dict((k, full[k]) for k in ('gid', 'resource_type', 'created_at',
			'created_by', 'resource_subtype', 'text'))

	def r_entry(self, gid):
		e = self.s['time_entries'][gid]
		att = e.get('attributable_to')
		return {'gid': gid, 'resource_type': 'time_tracking_entry',
			'duration_minutes': e['duration_minutes'], 'entered_on': e['entered_on'],
			'created_by': self.r_user(e['created_by']), 'created_at': e['created_at'],
			'task': self.r_task_compact(e['task']),
			'attributable_to': compact(self.r_project(att)) if att else None,
			'description': e.get('description'),
			'billable_status': e.get('billable_status', 'notApplicable')}

	def r_entry_compact(self, gid):
		full = self.r_entry(gid)
		return dict((k, full[k]) for k in ('gid', 'resource_type', 'duration_minutes',
			'entered_on', 'created_by'))

	# -- answers

	def one(self, req, obj, status=200):
		return status, {'data': select(obj, req.fields) if req.fields else obj}

	def page(self, req, gids, full, short=None):
		"""A list answer with Asana's limit/offset paging."""
		start = 0
		if 'offset' in req.query:
			try:
				tok = base64.urlsafe_b64decode(req.query['offset'].encode() + b'==')
				start = int(json.loads(tok)['o'])
			except (ValueError, KeyError, TypeError):
				raise ApiError(400, 'offset: Your pagination token is invalid')
		limit = None
		if 'limit' in req.query:
			try:
				limit = int(req.query['limit'])
			except ValueError:
				limit = 0
			if not 1 <= limit <= 100:
				raise ApiError(400, 'limit: The value must be between 1 and 100')
		chunk = gids[start:start + limit] if limit else gids[start:]

		def render(g):
			if req.fields:
				return select(full(g), req.fields)
			return short(g) if short else compact(full(g))
		out = {'data': [render(g) for g in chunk]}
		if limit is not None:
			out['next_page'] = None
			if start + limit < len(gids):
				tok = base64.urlsafe_b64encode(json.dumps({'o': start + limit}).encode())
				tok = tok.decode().rstrip('=')
				q = dict(req.query, offset=tok)
				path = req.path + '?' + urllib.parse.urlencode(q)
				out['next_page'] = {'offset': tok, 'path': path,
					'uri': req.base_url + API + path}
		return 200, out

	def dispatch(self, method, path, query, body, base_url):
		req = Request(method, path, query, body, base_url)
		for m, rx, fn in ROUTES:
			match = rx.match(path)
			if match and m == method:
				with self.lock:
					if method == 'GET':
						return fn(self, req, **match.groupdict())
					# Writes are all or nothing, like the real thing.
					backup = copy.deepcopy(self.s)
					try:
						result = fn(self, req, **match.groupdict())
					except Exception:
						self.s = backup
						raise
					self.note_change(method, path)
					self.persist()
					return result
		raise ApiError(404, 'No matching route for request')

	# -- task helpers shared by several routes

	def task_list(self, req, gids):
		"""Filter by completed_since and modified_since, then page."""
		q = req.query
		if 'completed_since' in q:
			since = parse_time(q['completed_since'], 'completed_since')
			gids = [g for g in gids if not self.s['tasks'][g]['completed']
				or (q['completed_since'] != 'now'
					and parse_time(self.s['tasks'][g]['completed_at'], 'x') >= since)]
		if 'modified_since' in q:
			since = parse_time(q['modified_since'], 'modified_since')
			gids = [g for g in gids
				if parse_time(self.s['tasks'][g]['modified_at'], 'x') >= since]
		return self.page(req, gids, self.r_task, self.r_task_compact)

	def project_tasks(self, pg):
		out = []
		for sg in self.sections_of(pg):
			out += self.s['sections'][sg]['tasks']
		return out

	def apply_task_fields(self, t, data, creating):
		"""Writable task fields from POST/PUT data, with system stories."""
		if not creating:
			for key in ('projects', 'memberships', 'tags', 'followers', 'parent', 'workspace'):
				if key in data:
					raise ApiError(400, '%s: Cannot write this property after creation' % key)
		changed = False
		name = want(data, 'name', str)
		if name is not None and name != t['name']:
			t['name'] = name
			changed = True
			if not creating:
				self.story(t, 'name_changed', 'changed the name to "%s"' % name)
		notes = want(data, 'notes', str)
		if 'html_notes' in data:
			notes = re.sub(r'<[^>]*>', '', want(data, 'html_notes', str))
			notes = html.unescape(notes)
		if notes is not None and notes != t['notes']:
			t['notes'] = notes
			changed = True
			if not creating:
				self.story(t, 'notes_changed', 'changed the description')
		if 'completed' in data:
			done = want(data, 'completed', bool)
			if done != t['completed']:
				t['completed'] = done
				t['completed_at'] = self.now() if done else None
				changed = True
				if not creating:
					self.story(t, 'marked_complete' if done else 'marked_incomplete',
						'completed this task' if done else 'marked this task incomplete')
		if 'assignee' in data:
			who = self.user_gid(want(data, 'assignee', (str, type(None))))
			if who != t['assignee']:
				old, t['assignee'] = t['assignee'], who
				changed = True
				if not creating and who:
					self.story(t, 'assigned', 'assigned to %s' % self.s['users'][who]['name'])
				elif not creating:
					self.story(t, 'unassigned', 'unassigned from %s'
						% self.s['users'][old]['name'])
		changed |= self.apply_dates(t, data, creating)
		if 'resource_subtype' in data:
			t['resource_subtype'] = want(data, 'resource_subtype', str)
		if changed and not creating:
			self.touch(t)

	def apply_dates(self, t, data, creating):
		changed = False
		for key in ('due_on', 'start_on'):
			if key in data:
				t[key] = check_date(key, want(data, key, (str, type(None))))
				t[key.replace('_on', '_at')] = None
				changed = True
		for key in ('due_at', 'start_at'):
			if key in data:
				v = want(data, key, (str, type(None)))
				if v is not None:
					parse_time(v, key)
				t[key] = v
				t[key.replace('_at', '_on')] = v[:10] if v else None
				changed = True
		if changed and not creating and ('due_on' in data or 'due_at' in data):
			due = t['due_on']
			self.story(t, 'due_date_changed',
				'changed the due date to %s' % due if due else 'removed the due date')
		return changed

	def create_task(self, data, parent=None):
		gid = self.new_gid()
		now = self.now()
		t = {'gid': gid, 'name': '', 'notes': '', 'completed': False, 'completed_at': None,
			'assignee': None, 'due_on': None, 'due_at': None, 'start_on': None,
			'start_at': None, 'tags': [], 'projects': [], 'parent': None, 'subtasks': [],
			'workspace': None, 'created_at': now, 'modified_at': now,
			'created_by': self.s['me'], 'resource_subtype': 'default_task'}
		placements = []	# (project, section or None)
		for k, pg in enumerate(want(data, 'projects', list) or []):
			self.ref('projects', pg, 'projects[%d]' % k)
			placements.append((pg, None))
		for k, mem in enumerate(want(data, 'memberships', list) or []):
			if not isinstance(mem, dict):
				raise ApiError(400, 'memberships[%d]: Invalid value' % k)
			pg = mem.get('project')
			self.ref('projects', pg, 'memberships[%d].project' % k)
			sg = mem.get('section')
			if sg is not None and self.ref('sections', sg, 'memberships[%d].section'
					% k)['project'] != pg:
				raise ApiError(400, 'memberships[%d].section: not in that project' % k)
			placements = [p for p in placements if p[0] != pg] + [(pg, sg)]
		if parent is None and data.get('parent') is not None:
			parent = self.ref('tasks', data['parent'], 'parent')
		ws = want(data, 'workspace', str)
		if ws is not None:
			self.ref('workspaces', ws, 'workspace')
		elif placements:
			ws = self.s['projects'][placements[0][0]]['workspace']
		elif parent is not None:
			ws = parent['workspace']
		else:
			raise ApiError(400, 'workspace: Missing input')
		t['workspace'] = ws
		for k, tg in enumerate(want(data, 'tags', list) or []):
			self.ref('tags', tg, 'tags[%d]' % k)
			t['tags'].append(tg)
		self.apply_task_fields(t, data, True)
		self.s['tasks'][gid] = t
		for pg, sg in placements:
			t['projects'].append(pg)
			sg = sg or self.s['projects'][pg]['sections'][0]
			self.s['sections'][sg]['tasks'].append(gid)
		if parent is not None:
			t['parent'] = parent['gid']
			parent['subtasks'].append(gid)
		return t

	def delete_task(self, gid):
		t = self.s['tasks'].pop(gid)
		for sub in list(t['subtasks']):
			self.delete_task(sub)
		if t['parent'] in self.s['tasks']:
			self.s['tasks'][t['parent']]['subtasks'].remove(gid)
		for sec in self.s['sections'].values():
			if gid in sec['tasks']:
				sec['tasks'].remove(gid)
		for kind in ('stories', 'time_entries'):
			for g in [g for g, x in self.s[kind].items() if x['task'] == gid]:
				del self.s[kind][g]


# ------------------------------------------------------------------ routes:
# users, workspaces, projects

@route('GET', '/users/{gid}')
def get_user(f, req, gid):
	try:
		who = f.user_gid(gid, 'user')
	except ApiError:
		raise ApiError(404, 'user: Unknown object: %s' % gid)
	return f.one(req, f.r_user(who, True))


@route('GET', '/users')
def list_users(f, req):
	return f.page(req, list(f.s['users']), lambda g: f.r_user(g, True))


@route('GET', '/workspaces/{gid}/users')
def workspace_users(f, req, gid):
	f.get('workspaces', gid)
	return f.page(req, list(f.s['users']), lambda g: f.r_user(g, True))


@route('GET', '/workspaces')
def list_workspaces(f, req):
	return f.page(req, list(f.s['workspaces']), f.r_workspace)


@route('GET', '/workspaces/{gid}')
def get_workspace(f, req, gid):
	f.get('workspaces', gid)
	return f.one(req, f.r_workspace(gid))


def _projects(f, req, ws):
	gids = [g for g, p in f.s['projects'].items() if ws is None or p['workspace'] == ws]
	if 'archived' in req.query:
		want_archived = req.query['archived'] == 'true'
		gids = [g for g in gids if f.s['projects'][g]['archived'] == want_archived]
	return f.page(req, gids, f.r_project)


@route('GET', '/projects')
def list_projects(f, req):
	ws = req.query.get('workspace')
	if ws is not None:
		f.ref('workspaces', ws, 'workspace')
	return _projects(f, req, ws)


@route('GET', '/workspaces/{gid}/projects')
def workspace_projects(f, req, gid):
	f.get('workspaces', gid)
	return _projects(f, req, gid)


@route('GET', '/projects/{gid}')
def get_project(f, req, gid):
	f.get('projects', gid)
	return f.one(req, f.r_project(gid))


@route('GET', '/workspaces/{gid}/tags')
def workspace_tags(f, req, gid):
	f.get('workspaces', gid)
	return f.page(req, [g for g, t in f.s['tags'].items() if t['workspace'] == gid], f.r_tag)


@route('POST', '/workspaces/{gid}/tags')
def create_workspace_tag(f, req, gid):
	f.get('workspaces', gid)
	name = want(req.data, 'name', str, required=True)
	tg = f.new_gid()
	# Asana lets two tags share a name; so does the fake, so that a tag
	# created twice shows in the state
	f.s['tags'][tg] = {'gid': tg, 'name': name, 'workspace': gid,
		'color': want(req.data, 'color', str)}
	return f.one(req, f.r_tag(tg), 201)


# ------------------------------------------------------------ routes: events

@route('GET', '/events')
def get_events(f, req):
	"""Changes since a sync token; without one, or with one too old, 412 and
	a fresh token (the caller must fetch in full)."""
	resource = req.query.get('resource')
	if not resource:
		raise ApiError(400, 'resource: Missing input')
	if resource not in f.s['projects'] and resource not in f.s['tasks']:
		raise ApiError(404, 'resource: Unknown object: %s' % resource)
	events = f.events
	last = events[-1]['seq'] if events else 0
	m = re.fullmatch(r'e([0-9a-f]+)\.(\d+)', req.query.get('sync', ''))
	since = int(m.group(2)) if m and m.group(1) == f.epoch else -1
	oldest = events[0]['seq'] - 1 if events else 0
	if not oldest <= since <= last:
		return 412, {'errors': [{'message': 'Sync token invalid or too old. If you are '
			'attempting to keep resources in sync, you must fetch the full dataset for '
			'this query now and use the new sync token for the next sync.'}],
			'sync': 'e%s.%d' % (f.epoch, last)}
	new = [e for e in events if e['seq'] > since][:100]
	upto = new[-1]['seq'] if new else since
	return 200, {'data': [{'user': None, 'resource': {'gid': resource,
		'resource_type': 'project' if resource in f.s['projects'] else 'task'},
		'action': 'changed', 'created_at': e['created_at'], 'parent': None,
		'change': None} for e in new], 'sync': 'e%s.%d' % (f.epoch, upto),
		'has_more': upto < last}


# ---------------------------------------------------------- routes: sections

@route('GET', '/projects/{gid}/sections')
def list_sections(f, req, gid):
	return f.page(req, list(f.get('projects', gid)['sections']), f.r_section)


@route('POST', '/projects/{gid}/sections')
def create_section(f, req, gid):
	p = f.get('projects', gid)
	data = req.data
	name = want(data, 'name', str, required=True)
	before, after = data.get('insert_before'), data.get('insert_after')
	if before is not None and after is not None:
		raise ApiError(400, 'insert_before: Cannot be used with insert_after')
	sg = f.new_gid()
	f.s['sections'][sg] = {'gid': sg, 'name': name, 'project': gid,
		'created_at': f.now(), 'tasks': []}
	try:
		insert_ordered(p['sections'], sg, before, after)
	except ApiError:
		del f.s['sections'][sg]
		raise
	return f.one(req, f.r_section(sg), 201)


@route('GET', '/sections/{gid}')
def get_section(f, req, gid):
	f.get('sections', gid)
	return f.one(req, f.r_section(gid))


@route('PUT', '/sections/{gid}')
def update_section(f, req, gid):
	sec = f.get('sections', gid)
	name = want(req.data, 'name', str)
	if name is not None:
		sec['name'] = name
	return f.one(req, f.r_section(gid))


@route('DELETE', '/sections/{gid}')
def delete_section(f, req, gid):
	sec = f.get('sections', gid)
	p = f.s['projects'][sec['project']]
	if sec['tasks']:
		raise ApiError(400, 'section: Sections must be empty to be deleted')
	if len(p['sections']) == 1:
		raise ApiError(400, 'section: Cannot delete the last section of a project')
	p['sections'].remove(gid)
	del f.s['sections'][gid]
	return 200, {'data': {}}


@route('POST', '/projects/{gid}/sections/insert')
def insert_section(f, req, gid):
	p = f.get('projects', gid)
	data = req.data
	sg = want(data, 'section', str, required=True)
	before, after = data.get('before_section'), data.get('after_section')
	if (before is None) == (after is None):
		raise ApiError(400, 'before_section: Exactly one of before_section or '
			'after_section is required')
	if sg not in p['sections']:
		raise ApiError(400, 'section: Not a section of this project: %s' % sg)
	insert_ordered(p['sections'], sg, before, after)
	return 200, {'data': {}}


@route('POST', '/sections/{gid}/addTask')
def add_task_to_section(f, req, gid):
	sec = f.get('sections', gid)
	data = req.data
	tg = want(data, 'task', str, required=True)
	t = f.ref('tasks', tg, 'task')
	before, after = data.get('insert_before'), data.get('insert_after')
	if before is not None and after is not None:
		raise ApiError(400, 'insert_before: Cannot be used with insert_after')
	pg = sec['project']
	old = f.section_of(tg, pg) if pg in t['projects'] else None
	insert_ordered(sec['tasks'], tg, before, after, top=True)
	if old and old != gid:
		f.s['sections'][old]['tasks'].remove(tg)
		f.story(t, 'section_changed', 'moved this task from "%s" to "%s" in %s'
			% (f.s['sections'][old]['name'], sec['name'], f.s['projects'][pg]['name']))
	elif pg not in t['projects']:
		t['projects'].append(pg)
		f.story(t, 'added_to_project', 'added to %s' % f.s['projects'][pg]['name'])
	return 200, {'data': {}}


# ------------------------------------------------------------- routes: tasks

@route('GET', '/projects/{gid}/tasks')
def project_tasks(f, req, gid):
	f.get('projects', gid)
	return f.task_list(req, f.project_tasks(gid))


@route('GET', '/projects/{gid}/task_counts')
def task_counts(f, req, gid):
	f.get('projects', gid)
	tasks = [f.s['tasks'][g] for g in f.project_tasks(gid)]
	counts = {'num_tasks': len(tasks),
		'num_completed_tasks': sum(1 for t in tasks if t['completed'])}
	counts['num_incomplete_tasks'] = counts['num_tasks'] - counts['num_completed_tasks']
	# the counts are opt-in: only the fields asked for come
	return 200, {'data': {k: v for k, v in counts.items() if k in (req.fields or ())}}


@route('GET', '/sections/{gid}/tasks')
def section_tasks(f, req, gid):
	return f.task_list(req, list(f.get('sections', gid)['tasks']))


@route('GET', '/tasks')
def list_tasks(f, req):
	q = req.query
	if 'section' in q:
		gids = list(f.ref('sections', q['section'], 'section')['tasks'])
	elif 'project' in q:
		f.ref('projects', q['project'], 'project')
		gids = f.project_tasks(q['project'])
	elif 'assignee' in q and 'workspace' in q:
		who = f.user_gid(q['assignee'])
		gids = [g for g, t in f.s['tasks'].items()
			if t['assignee'] == who and t['workspace'] == q['workspace']]
	else:
		raise ApiError(400, 'Must specify exactly one of project, tag, section, '
			'user task list, or assignee + workspace')
	return f.task_list(req, gids)


@route('GET', '/tasks/{gid}')
def get_task(f, req, gid):
	f.get('tasks', gid)
	return f.one(req, f.r_task(gid))


@route('POST', '/tasks')
def create_task(f, req):
	return f.one(req, f.r_task(f.create_task(req.data)['gid']), 201)


@route('PUT', '/tasks/{gid}')
def update_task(f, req, gid):
	f.apply_task_fields(f.get('tasks', gid), req.data, False)
	return f.one(req, f.r_task(gid))


@route('DELETE', '/tasks/{gid}')
def delete_task(f, req, gid):
	f.get('tasks', gid)
	f.delete_task(gid)
	return 200, {'data': {}}


@route('GET', '/tasks/{gid}/subtasks')
def list_subtasks(f, req, gid):
	return f.page(req, list(f.get('tasks', gid)['subtasks']), f.r_task, f.r_task_compact)


@route('POST', '/tasks/{gid}/subtasks')
def create_subtask(f, req, gid):
	parent = f.get('tasks', gid)
	return f.one(req, f.r_task(f.create_task(req.data, parent)['gid']), 201)


@route('POST', '/tasks/{gid}/setParent')
def set_parent(f, req, gid):
	t = f.get('tasks', gid)
	data = req.data
	if 'parent' not in data:
		raise ApiError(400, 'parent: Missing input')
	pg = want(data, 'parent', (str, type(None)))
	new = f.ref('tasks', pg, 'parent') if pg is not None else None
	up = new
	while up is not None:
		if up['gid'] == gid:
			raise ApiError(400, 'parent: A task cannot be its own ancestor')
		up = f.s['tasks'].get(up['parent'])
	if new is None:
		if t['parent']:
			f.s['tasks'][t['parent']]['subtasks'].remove(gid)
		t['parent'] = None
		return f.one(req, f.r_task(gid))
	before, after = data.get('insert_before'), data.get('insert_after')
	if before is not None and after is not None:
		raise ApiError(400, 'insert_before: Cannot be used with insert_after')
	# null anchors: insert_after null = first, insert_before null = last.
	top = 'insert_after' in data and after is None
	lst = new['subtasks']
	insert_ordered(lst, gid, before, after, top=top)
	if t['parent'] and t['parent'] != new['gid']:
		f.s['tasks'][t['parent']]['subtasks'].remove(gid)
	t['parent'] = new['gid']
	return f.one(req, f.r_task(gid))


@route('POST', '/tasks/{gid}/addTag')
def add_tag(f, req, gid):
	t = f.get('tasks', gid)
	tg = want(req.data, 'tag', str, required=True)
	f.ref('tags', tg, 'tag')
	if tg not in t['tags']:
		t['tags'].append(tg)
	return 200, {'data': {}}


@route('POST', '/tasks/{gid}/removeTag')
def remove_tag(f, req, gid):
	t = f.get('tasks', gid)
	tg = want(req.data, 'tag', str, required=True)
	if tg in t['tags']:
		t['tags'].remove(tg)
	return 200, {'data': {}}


# ----------------------------------------------------------- routes: stories

def _comment_text(data):
	if 'text' in data and 'html_text' in data:
		raise ApiError(400, 'text: Cannot be used with html_text')
	if 'html_text' in data:
		return html.unescape(re.sub(r'<[^>]*>', '', want(data, 'html_text', str)))
	return want(data, 'text', str)


@route('GET', '/tasks/{gid}/stories')
def list_stories(f, req, gid):
	f.get('tasks', gid)
	gids = [g for g, st in f.s['stories'].items() if st['task'] == gid]
	return f.page(req, gids, f.r_story, f.r_story_compact)


@route('POST', '/tasks/{gid}/stories')
def create_story(f, req, gid):
	t = f.get('tasks', gid)
	text = _comment_text(req.data)
	if text is None:
		raise ApiError(400, 'text: Missing input')
	st = f.story(t, 'comment_added', text, kind='comment')
	st['is_pinned'] = bool(want(req.data, 'is_pinned', bool))
	f.touch(t)
	return f.one(req, f.r_story(st['gid']), 201)


@route('GET', '/stories/{gid}')
def get_story(f, req, gid):
	f.get('stories', gid, 'story')
	return f.one(req, f.r_story(gid))


def _own_comment(f, gid):
	st = f.get('stories', gid, 'story')
	if st['type'] != 'comment':
		raise ApiError(403, 'story: Only comments can be changed')
	if st['created_by'] != f.s['me']:
		raise ApiError(403, 'story: You can only change comments you created')
	return st


@route('PUT', '/stories/{gid}')
def update_story(f, req, gid):
	st = _own_comment(f, gid)
	text = _comment_text(req.data)
	if text is not None and text != st['text']:
		st['text'] = text
		st['is_edited'] = True
	if 'is_pinned' in req.data:
		st['is_pinned'] = want(req.data, 'is_pinned', bool)
	return f.one(req, f.r_story(gid))


@route('DELETE', '/stories/{gid}')
def delete_story(f, req, gid):
	st = _own_comment(f, gid)
	del f.s['stories'][gid]
	f.touch(f.s['tasks'][st['task']])
	return 200, {'data': {}}


# ------------------------------------------------------ routes: time entries

def _entry_fields(f, e, data):
	if 'duration_minutes' in data:
		d = want(data, 'duration_minutes', int)
		if d <= 0:
			raise ApiError(400, 'duration_minutes: Must be greater than 0')
		e['duration_minutes'] = d
	if 'entered_on' in data:
		e['entered_on'] = check_date('entered_on', want(data, 'entered_on', str))
	if 'attributable_to' in data:
		att = want(data, 'attributable_to', (str, type(None)))
		if att is not None:
			f.ref('projects', att, 'attributable_to')
		e['attributable_to'] = att
	if 'description' in data:
		e['description'] = want(data, 'description', (str, type(None)))
	if 'billable_status' in data:
		v = want(data, 'billable_status', str)
		if v not in ('billable', 'nonBillable', 'notApplicable'):
			raise ApiError(400, 'billable_status: Invalid value: %s' % v)
		e['billable_status'] = v


@route('GET', '/tasks/{gid}/time_tracking_entries')
def list_entries(f, req, gid):
	f.get('tasks', gid)
	gids = [g for g, e in f.s['time_entries'].items() if e['task'] == gid]
	return f.page(req, gids, f.r_entry, f.r_entry_compact)


@route('POST', '/tasks/{gid}/time_tracking_entries')
def create_entry(f, req, gid):
	f.get('tasks', gid)
	data = req.data
	want(data, 'duration_minutes', int, required=True)
	eg = f.new_gid()
	now = f.now()
	e = {'gid': eg, 'task': gid, 'entered_on': now[:10], 'created_by': f.s['me'],
		'created_at': now, 'attributable_to': None, 'description': None,
		'billable_status': 'notApplicable'}
	_entry_fields(f, e, data)
	f.s['time_entries'][eg] = e
	return f.one(req, f.r_entry(eg), 201)


@route('GET', '/time_tracking_entries/{gid}')
def get_entry(f, req, gid):
	f.get('time_entries', gid, 'time_tracking_entry')
	return f.one(req, f.r_entry(gid))


@route('PUT', '/time_tracking_entries/{gid}')
def update_entry(f, req, gid):
	_entry_fields(f, f.get('time_entries', gid, 'time_tracking_entry'), req.data)
	return f.one(req, f.r_entry(gid))


@route('DELETE', '/time_tracking_entries/{gid}')
def delete_entry(f, req, gid):
	f.get('time_entries', gid, 'time_tracking_entry')
	del f.s['time_entries'][gid]
	return 200, {'data': {}}


# -------------------------------------------------------------------- faults

def normalize_fault(spec):
	"""A fault from the control API as {"kind", "apply", ...}; ValueError if bad.

	"drop" | "drop_after_apply" | "malformed" | "truncated" | "hang"
	{"fault": one of those, "apply": bool}
	{"status": 429, "retry_after": 2, "message": "...", "apply": false}"""
	if isinstance(spec, str):
		spec = {'fault': spec}
	if not isinstance(spec, dict):
		raise ValueError('fault must be a string or an object: %r' % (spec,))
	if 'status' in spec:
		if not isinstance(spec['status'], int) or not 100 <= spec['status'] <= 599:
			raise ValueError('bad status in fault %r' % (spec,))
		kind = 'status'
	else:
		kind = spec.get('fault')
		if kind not in FAULTS:
			raise ValueError('unknown fault %r (one of %s, or {"status": N})'
				% (kind, ', '.join(FAULTS)))
	out = dict(spec, kind=kind)
	out.setdefault('apply', APPLY_DEFAULT[kind])
	return out


class Control:
	"""Fault switches, shared by all handler threads."""
	KEYS = ('latency_ms', 'fail_next', 'down', 'fail_rate', 'fault', 'random_seed',
		'rate_limit', 'rate_window')

	def __init__(self):
		self.lock = threading.Lock()
		self.stop = threading.Event()
		self.log = []
		self.clear()

	def clear(self):
		self.latency_ms, self.fail_next, self.down = 0, [], False
		self.fail_rate, self.fault, self.random_seed = 0.0, None, None
		self.rng = random.Random()
		self.rate_limit, self.rate_window, self.hits = 0, 60.0, collections.deque()

	def settings(self):
		with self.lock:
			return {'latency_ms': self.latency_ms, 'fail_next': list(self.fail_next),
				'down': self.down, 'fail_rate': self.fail_rate, 'fault': self.fault,
				'random_seed': self.random_seed, 'rate_limit': self.rate_limit,
				'rate_window': self.rate_window, 'log_length': len(self.log)}

	def update(self, new):
		"""Apply a /_control body; ValueError leaves the settings untouched."""
		if not isinstance(new, dict):
			raise ValueError('control body must be an object')
		unknown = set(new) - set(self.KEYS) - {'clear_log', 'reset_rate'}
		if unknown:
			raise ValueError('unknown control keys: %s' % ', '.join(sorted(unknown)))
		fail_next = new.get('fail_next', [])
		if not isinstance(fail_next, list):
			raise ValueError('fail_next must be a list')
		for f in fail_next:
			normalize_fault(f)
		if new.get('fault') is not None:
			normalize_fault(new['fault'])
		rate = float(new.get('fail_rate', 0) or 0)
		if not 0 <= rate <= 1:
			raise ValueError('fail_rate must be between 0 and 1')
		if int(new.get('rate_limit', 0) or 0) < 0:
			raise ValueError('rate_limit must be 0 (none) or more')
		if float(new.get('rate_window', 60)) <= 0:
			raise ValueError('rate_window must be more than 0 seconds')
		with self.lock:
			if 'rate_limit' in new:
				self.rate_limit = int(new['rate_limit'] or 0)
			if 'rate_window' in new:
				self.rate_window = float(new['rate_window'])
			if new.get('reset_rate'):
				self.hits.clear()
			if 'latency_ms' in new:
				self.latency_ms = int(new['latency_ms'] or 0)
			if 'fail_next' in new:
				self.fail_next = list(fail_next)
			if 'down' in new:
				self.down = bool(new['down'])
			if 'fail_rate' in new:
				self.fail_rate = rate
			if 'fault' in new:
				self.fault = new['fault']
			if 'random_seed' in new:
				self.random_seed = new['random_seed']
				self.rng = random.Random(self.random_seed)
			if new.get('clear_log'):
				self.log = []

	def over_limit(self):
		"""Counts one API request; the Retry-After seconds when it goes over
		the limit (it is then not counted), else None."""
		with self.lock:
			if not self.rate_limit:
				return None
			now, q = time.monotonic(), self.hits
			while q and q[0] <= now - self.rate_window:
				q.popleft()
			if len(q) >= self.rate_limit:
				return max(1, math.ceil(q[0] + self.rate_window - now))
			q.append(now)
			return None

	def take(self, path):
		"""The fault for the next API request (to path), or None."""
		with self.lock:
			if self.down:
				return {'kind': 'down', 'apply': False}
			if self.fail_next and path.startswith(self.fail_next[0].get('path', '')
					if isinstance(self.fail_next[0], dict) else ''):
				return normalize_fault(self.fail_next.pop(0))
			if self.fail_rate and self.fault is not None \
					and self.rng.random() < self.fail_rate:
				return normalize_fault(self.fault)
		return None


# ---------------------------------------------------------------- HTTP layer

class Handler(JsonHandler):
	server_version = 'FakeAsana/1.0'

	def log_message(self, fmt, *args):
		if self.server.verbose:
			sys.stderr.write('fake-asana: %s\n' % (fmt % args))

	def read_body(self):
		if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
			chunks = []
			while True:
				size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
				if size == 0:
					while self.rfile.readline() not in (b'\r\n', b'\n', b''):
						pass
					return b''.join(chunks)
				chunks.append(self.rfile.read(size))
				self.rfile.readline()
		n = int(self.headers.get('Content-Length') or 0)
		return self.rfile.read(n) if n else b''

	def send_json(self, status, obj, headers=None, raw=None):
		body = raw if raw is not None else json.dumps(obj).encode()
		self.send_response(status)
		self.send_header('Content-Type', 'application/json; charset=UTF-8')
		self.send_header('Content-Length', str(len(body)))
		for k, v in (headers or {}).items():
			self.send_header(k, str(v))
		self.end_headers()
		self.wfile.write(body)
		self.wfile.flush()

	def handle_any(self, method):
		url = urllib.parse.urlsplit(self.path)
		raw = self.read_body()
		if url.path.startswith(API + '/') or url.path == API:
			self.handle_api(method, url, raw)
		else:
			self.handle_control(method, url.path, raw)

	# -- control API

	def handle_control(self, method, path, raw):
		fake, ctl = self.server.fake, self.server.control
		try:
			body = json.loads(raw) if raw.strip() else {}
		except ValueError:
			return self.send_json(400, {'error': 'body is not JSON'})
		try:
			if (method, path) == ('GET', '/_control'):
				return self.send_json(200, ctl.settings())
			if (method, path) == ('POST', '/_control'):
				ctl.update(body)
				return self.send_json(200, ctl.settings())
			if (method, path) == ('GET', '/_state'):
				with fake.lock:
					return self.send_json(200, fake.s)
			if (method, path) == ('POST', '/_state'):
				if not isinstance(body, dict) or 'tasks' not in body:
					raise ValueError('state must be an object like GET /_state')
				fake.reset(body, changed=True)
				return self.send_json(200, {'ok': True})
			if (method, path) == ('GET', '/_log'):
				with ctl.lock:
					log = [dict((k, v) for k, v in e.items() if k[0] != '_') for e in ctl.log]
				return self.send_json(200, log)
			if (method, path) == ('POST', '/_reset'):
				fake.reset()
				with ctl.lock:
					ctl.clear()
					ctl.log = []
				return self.send_json(200, {'ok': True})
		except ValueError as e:
			return self.send_json(400, {'error': str(e)})
		self.send_json(404, {'error': 'no such control endpoint: %s %s' % (method, path)})

	# -- the API proper

	def handle_api(self, method, url, raw):
		srv = self.server
		path = url.path[len(API):] or '/'
		query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
		try:
			body = json.loads(raw) if raw.strip() else None
		except ValueError:
			body = raw.decode('utf-8', 'replace')
		entry = {'method': method, 'path': path, 'query': query, 'body': body,
			'status': None}
		wait = srv.control.over_limit()
		fault = srv.control.take(path) if wait is None else None
		if fault:
			entry['fault'] = fault.get('fault') or (
				{'status': fault['status']} if fault['kind'] == 'status' else 'down')
		if wait is not None:
			entry.update(status=429, rate_limited=True)
		with srv.control.lock:
			srv.control.log.append(entry)
		latency = srv.control.latency_ms
		if latency:
			time.sleep(latency / 1000.0)
		if wait is not None:
			srv.write_log(entry)
			return self.send_json(429, error_body(429, 'You have made too many requests '
				'recently. Please, be chill.'), {'Retry-After': wait})
		try:
			self.answer(method, path, query, body, raw, fault, entry)
		finally:
			srv.write_log(entry)

	def answer(self, method, path, query, body, raw, fault, entry):
		kind = fault['kind'] if fault else None
		if kind in ('down', 'drop') and not fault['apply']:
			return self.drop()
		if kind == 'hang' and not fault['apply']:
			return self.hang(entry)
		if kind == 'status' and not fault['apply']:
			return self.fault_status(fault, entry)
		if raw.strip() and isinstance(body, str):
			status, obj = 400, error_body(400, 'Could not parse request data, invalid JSON')
		else:
			status, obj = self.call_api(method, path, query, body)
		entry['status'] = status
		if kind is None:
			return self.send_json(status, obj)
		if kind in ('drop', 'drop_after_apply', 'down'):
			entry['status'] = None
			return self.drop()
		if kind == 'hang':
			return self.hang(entry)
		if kind == 'status':
			return self.fault_status(fault, entry)
		if kind == 'malformed':
			entry['status'] = 200
			return self.send_json(200, None, raw=b'{"data": {"gid": "12<html>oops')
		# truncated: promise the whole body, send half of it, hang up
		data = json.dumps(obj).encode()
		self.send_response(status)
		self.send_header('Content-Type', 'application/json; charset=UTF-8')
		self.send_header('Content-Length', str(len(data)))
		self.end_headers()
		self.wfile.write(data[:len(data) // 2])
		self.wfile.flush()
		self.close_connection = True

	def call_api(self, method, path, query, body):
		srv = self.server
		if self.headers.get('Authorization', '') != 'Bearer ' + srv.fake.token:
			return 401, error_body(401, 'Not Authorized')
		base_url = 'http://%s' % (self.headers.get('Host') or
			'127.0.0.1:%d' % srv.server_address[1])
		try:
			return srv.fake.dispatch(method, path, query, body, base_url)
		except ApiError as e:
			return e.status, error_body(e.status, e.message)

	def fault_status(self, fault, entry):
		status = fault['status']
		headers = {}
		retry = fault.get('retry_after', 1 if status == 429 else None)
		if retry is not None:
			headers['Retry-After'] = retry
		msg = fault.get('message') or {429: 'You have made too many requests recently. '
			'Please, be chill.'}.get(status, 'Server Error')
		entry['status'] = status
		self.send_json(status, error_body(status, msg), headers)

	def drop(self):
		self.close_connection = True

	def hang(self, entry):
		self.server.write_log(entry)
		self.server.control.stop.wait()
		self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
	daemon_threads = True
	block_on_close = False

	def __init__(self, addr, fake, control, log_path=None, verbose=False):
		super().__init__(addr, Handler)
		self.fake, self.control, self.verbose = fake, control, verbose
		self.log_path = log_path
		self.log_lock = threading.Lock()

	def write_log(self, entry):
		if not self.log_path or entry.get('_logged'):
			return
		line = json.dumps(dict((k, v) for k, v in entry.items() if k != '_logged'))
		entry['_logged'] = True
		with self.log_lock, open(self.log_path, 'a', encoding='utf-8') as f:
			f.write(line + '\n')


def main(argv=None):
	ap = argparse.ArgumentParser(description='Fake Asana API server for tests.')
	ap.add_argument('--port', type=int, default=0)
	ap.add_argument('--host', default='127.0.0.1')
	ap.add_argument('--state-dir')
	ap.add_argument('--token', default='test-token')
	ap.add_argument('--seed', help='JSON file with the initial state (GET /_state format)')
	ap.add_argument('--log', help='append each API request as a JSON line')
	ap.add_argument('--latency-ms', type=int, default=0)
	ap.add_argument('--fail-next', default='[]', help='JSON list of faults')
	ap.add_argument('--down', action='store_true')
	ap.add_argument('--fail-rate', type=float, default=0.0)
	ap.add_argument('--fault', help='fault for --fail-rate: a name or JSON object')
	ap.add_argument('--random-seed', type=int)
	ap.add_argument('--rate-limit', type=int, default=0,
		help='API requests allowed in any --rate-window seconds (0: no limit)')
	ap.add_argument('--rate-window', type=float, default=60.0)
	ap.add_argument('--verbose', action='store_true')
	args = ap.parse_args(argv)

	seed = default_seed()
	if args.seed:
		with open(args.seed, encoding='utf-8') as f:
			seed = json.load(f)
	if args.state_dir:
		os.makedirs(args.state_dir, exist_ok=True)
	fake = Fake(seed, args.state_dir, args.token)
	control = Control()
	fault = args.fault
	if fault and fault.lstrip().startswith('{'):
		fault = json.loads(fault)
	settings = {'latency_ms': args.latency_ms, 'fail_next': json.loads(args.fail_next),
		'down': args.down, 'fail_rate': args.fail_rate, 'fault': fault,
		'rate_limit': args.rate_limit, 'rate_window': args.rate_window}
	if args.random_seed is not None:
		settings['random_seed'] = args.random_seed
	try:
		control.update(settings)
	except ValueError as e:
		ap.error(str(e))

	server = Server((args.host, args.port), fake, control, args.log, args.verbose)
	return serve(server, control.stop.set)


if __name__ == '__main__':
	sys.exit(main())
