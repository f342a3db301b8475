#!/usr/bin/env python3
"""A stateful fake of Stellary's REST API (shared/api/stellary.md, with the
choices of shared/api/assumptions.md) for lanes' tests.

    stellary.py --port 0 [--token TOKEN]

Prints "PORT <n>" once it listens. Routes are at the root, as a
self-hosted deployment serves them; {P} is
/orgs/:orgSlug/workspaces/:wsSlug/projects/:projectId. Ids are 24-hex
ObjectIds; `order` is a 0-based index that is renumbered 0..n-1 in the
column (or checklist, or project's columns) after every change. Errors are
NestJS's {statusCode, message, error}; validation errors carry message as
an array of strings.

Control, outside the API:
    GET  /_log       requests: method, path, body, status, auth, t
    GET  /_state     the whole state          POST /_state  replace it
    GET  /_control   switches                 POST /_control change them:
        {"fail": {"status": 503, "count": 2, "retry_after": 1},
         "drop": 1,            apply the next N writes, then drop the answer
         "garbage": 1,         answer the next N requests 200 with junk
         "reject_once": {"method": "DELETE", "path": "...", "status": 409,
                         "message": "..." or [...]},
         "fail_rate": 0.3, "fault": FAULT, "random_seed": 7,
         "clear_log": true}
    fail_rate: each API request meets `fault` with this chance, drawn from
    a generator seeded with random_seed (the same requests, the same
    faults). A FAULT is one of
        "drop"                 close the connection, nothing applied
        "drop_after_apply"     apply the request, then close without answering
        "garbage"              answer 200 with junk, nothing applied (as the
                               switch above; a write's edit is lost for good)
        "garbage_after_apply"  apply, then answer 200 with junk
    The log says of each request whether it was "applied" and its "fault".
    POST /_teammate  {"method", "path", "body"}: one API request made by
                     the teammate (user u2), past every fault switch.

Only the Python standard library is used.
"""

import argparse
import copy
import datetime
import random
import re
import sys
import threading
import time

from serve import JsonHandler, Server, serve

ME = {'id': '000000000000000000000a01', 'email': 'me@example.com', 'name': 'Sam Tester'}
MATE = {'id': '000000000000000000000a02', 'email': 'kim@example.com', 'name': 'Kim Mate'}
PROJECT = '665f00000000000000000001'
FAULTS = ('drop', 'drop_after_apply', 'garbage', 'garbage_after_apply')


def now_iso():
	t = datetime.datetime.now(datetime.timezone.utc)
	return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)


def seed():
	cols = [('c01', 'To do'), ('c02', 'Doing'), ('c03', 'Done')]
	col_id = lambda c: '665f0000000000000000' + c[1:].rjust(4, '0')      # ...c01 -> ...0001
	card_id = lambda k: '665f000000000000000010' + k[1:]                # ...k01 -> ...1001
	cards = [('k01', 'Write spec', 'c01', 0), ('k02', 'Review API', 'c01', 1),
		('k03', 'Old idea', 'c01', 2, True), ('k04', 'Ship it', 'c02', 0),
		('k05', 'Fix login', 'c01', 3)]
	s = {
		'orgs': [{'id': '665f000000000000000000f1', 'name': 'Acme', 'slug': 'acme',
			'myRole': 'owner'}],
		'workspaces': [{'id': '665f000000000000000000e1', 'name': 'Engineering',
			'slug': 'eng', 'org': 'acme'}],
		'projects': [{'id': PROJECT, 'name': 'Roadmap', 'org': 'acme', 'ws': 'eng'}],
		'columns': [{'id': col_id(c), 'name': n, 'projectId': PROJECT, 'order': i,
			'createdAt': '2026-01-01T00:00:00.000Z'} for i, (c, n) in enumerate(cols)],
		'cards': [],
		'comments': [],
		'labels': [{'id': '665f0000000000000000b%03d' % i, 'name': n, 'color': '#888888',
			'projectId': PROJECT, 'createdAt': '2026-01-01T00:00:00.000Z'}
			for i, n in enumerate(('bug', 'docs'), 1)],
		'next_id': 0x100,
	}
	for c in cards:
		s['cards'].append({'id': card_id(c[0]), 'title': c[1], 'description': '', 'columnId': col_id(c[2]),
			'projectId': PROJECT, 'order': c[3], 'archived': len(c) > 4,
			'priority': None, 'dueDate': None, 'assigneeId': None, 'checklist': [],
			'labelIds': [], 'createdBy': ME['id'], 'createdAt': '2026-01-01T00:00:00.000Z',
			'commentCount': 0})
	return s


class ApiError(Exception):
	NAMES = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
		409: 'Conflict'}

	def __init__(self, status, message):
		super().__init__(str(message))
		self.status, self.message = status, message

	def body(self):
		return {'statusCode': self.status, 'message': self.message,
			'error': self.NAMES.get(self.status, 'Error')}


def renumber(items):
	for i, x in enumerate(sorted(items, key=lambda x: x['order'])):
		x['order'] = i


def place(items, item, index):
	"""Puts item at index among items (sorted by order), renumbered."""
	rest = sorted([x for x in items if x is not item], key=lambda x: x['order'])
	if index is None or index > len(rest):
		index = len(rest)
	rest.insert(index, item)
	for i, x in enumerate(rest):
		x['order'] = i


class Stellary:
	"""The state and the API's rules; every method runs under self.lock."""

	def __init__(self, token):
		self.lock = threading.Lock()
		self.s = seed()
		self.token = token
		self.fail = None
		self.drop = 0
		self.garbage = 0
		self.reject = []
		self.log = []
		self.fail_rate, self.rate_fault, self.random_seed = 0.0, None, None
		self.rng = random.Random()

	def control(self, body):
		unknown = set(body) - {'fail', 'drop', 'garbage', 'reject_once', 'clear_log',
			'fail_rate', 'fault', 'random_seed'}
		if unknown:
			raise ValueError('unknown control keys: %s' % ', '.join(sorted(unknown)))
		if body.get('fault') is not None and body['fault'] not in FAULTS:
			raise ValueError('unknown fault %r (one of %s)' % (body['fault'], ', '.join(FAULTS)))
		rate = float(body.get('fail_rate', self.fail_rate) or 0)
		if not 0 <= rate <= 1:
			raise ValueError('fail_rate must be between 0 and 1')
		self.fail_rate = rate
		if 'fault' in body:
			self.rate_fault = body['fault']
		if 'random_seed' in body:
			self.random_seed = body['random_seed']
			self.rng = random.Random(self.random_seed)
		if 'fail' in body:
			self.fail = dict(body['fail']) if body['fail'] else None
		self.drop = int(body.get('drop', self.drop))
		self.garbage = int(body.get('garbage', self.garbage))
		if body.get('reject_once'):
			self.reject.append(dict(body['reject_once']))
		if body.get('clear_log'):
			self.log = []

	def settings(self):
		return {'fail': self.fail, 'drop': self.drop, 'garbage': self.garbage,
			'reject': self.reject, 'fail_rate': self.fail_rate, 'fault': self.rate_fault,
			'random_seed': self.random_seed, 'log_length': len(self.log)}

	def new_id(self):
		self.s['next_id'] += 1
		return '%024x' % (0x665f << 80 | self.s['next_id'])

	# -- lookups

	def one(self, kind, id, **match):
		for x in self.s[kind]:
			if x['id'] == id and all(x.get(k) == v for k, v in match.items()):
				return x
		raise ApiError(404, '%s not found' % kind[:-1].capitalize())

	def project(self, org, ws, pid):
		if not any(o['slug'] == org for o in self.s['orgs']):
			raise ApiError(404, 'Organization not found')
		if not any(w['slug'] == ws and w['org'] == org for w in self.s['workspaces']):
			raise ApiError(403, 'Not a member of this workspace')
		return self.one('projects', pid, org=org, ws=ws)

	def columns(self, pid):
		return sorted([c for c in self.s['columns'] if c['projectId'] == pid],
			key=lambda c: c['order'])

	def cards_in(self, col):
		return [k for k in self.s['cards'] if k['columnId'] == col]

	@staticmethod
	def need_text(body, key, most):
		v = body.get(key)
		if not isinstance(v, str) or not v or len(v) > most:
			raise ApiError(400, ['%s must be a string of 1 to %d characters' % (key, most)])
		return v

	@staticmethod
	def need_order(body):
		v = body.get('order')
		if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
			raise ApiError(400, ['order must be a non-negative integer'])
		return v

	# -- the project's routes

	def card_routes(self, method, pid, rest, body, user):
		card = self.one('cards', rest[1], projectId=pid)
		if len(rest) == 2 and method == 'PATCH':
			return self.patch_card(pid, card, body)
		if len(rest) == 2 and method == 'DELETE':
			self.s['cards'].remove(card)
			renumber(self.cards_in(card['columnId']))
			return 200, {'ok': True}
		if rest[2:] == ['comments'] and method == 'GET':
			return 200, sorted([c for c in self.s['comments'] if c['cardId'] == card['id']],
				key=lambda c: c['createdAt'])
		if rest[2:] == ['comments'] and method == 'POST':
			c = {'id': self.new_id(), 'cardId': card['id'], 'authorId': user['id'],
				'authorName': user['name'],
				'content': self.need_text(body, 'content', 2000), 'createdAt': now_iso()}
			self.s['comments'].append(c)
			card['commentCount'] += 1
			return 201, c
		if len(rest) == 4 and rest[2] == 'comments' and method == 'DELETE':
			c = self.one('comments', rest[3], cardId=card['id'])
			if c['authorId'] != user['id']:
				raise ApiError(403, "You cannot delete someone else's comment")
			self.s['comments'].remove(c)
			card['commentCount'] -= 1
			return 200, {'ok': True}
		if rest[2:3] == ['checklist']:
			return self.checklist(method, card, rest[3:], body)
		if len(rest) == 4 and rest[2] == 'labels' and method in ('POST', 'DELETE'):
			return self.card_label(method, pid, card, rest[3])
		raise ApiError(404, 'Cannot %s %s' % (method, '/'.join(rest)))

	def card_label(self, method, pid, card, lid):
		"""Attaching and detaching are idempotent; the answer is the card."""
		self.one('labels', lid, projectId=pid)
		if method == 'POST' and lid not in card['labelIds']:
			card['labelIds'].append(lid)
		if method == 'DELETE' and lid in card['labelIds']:
			card['labelIds'].remove(lid)
		return 200 if method == 'DELETE' else 201, card

	def label_routes(self, method, pid, body):
		labels = [x for x in self.s['labels'] if x['projectId'] == pid]
		if method == 'GET':
			return 200, labels
		if method != 'POST':
			raise ApiError(404, 'Cannot %s labels' % method)
		name = self.need_text(body, 'name', 50)
		if any(x['name'] == name for x in labels):
			raise ApiError(409, 'A label named "%s" already exists' % name)
		color = body.get('color')
		if not (isinstance(color, str) and re.fullmatch(r'#[0-9a-fA-F]{6}', color)):
			raise ApiError(400, ['color must be a hexadecimal color'])
		x = {'id': self.new_id(), 'name': name, 'color': color,
			'projectId': pid, 'createdAt': now_iso()}
		self.s['labels'].append(x)
		return 201, x

	def patch_card(self, pid, card, body):
		order = self.need_order(body)
		if 'title' in body:
			self.need_text(body, 'title', 500)
		if body.get('priority') not in (None, 'low', 'medium', 'high'):
			raise ApiError(400, ['priority must be one of the following values: low, '
				'medium, high'])
		col = body.get('columnId', card['columnId'])
		if not any(c['id'] == col for c in self.columns(pid)):
			raise ApiError(400, ['columnId must be a column of this project'])
		for key in ('title', 'description', 'priority', 'dueDate', 'startDate', 'archived',
				'assigneeId'):
			if key in body:
				card[key] = body[key]
		if col != card['columnId']:
			old = card['columnId']
			card['columnId'] = col
			renumber(self.cards_in(old))
			place(self.cards_in(col), card, order)
		elif order is not None:
			place(self.cards_in(col), card, order)
		return 200, card

	def checklist(self, method, card, rest, body):
		items = card['checklist']
		if not rest and method == 'POST':
			items.append({'_id': self.new_id(), 'title': self.need_text(body, 'title', 500),
				'done': False, 'order': len(items)})
			return 201, card
		if len(rest) != 1:
			raise ApiError(404, 'Cannot %s checklist' % method)
		item = next((i for i in items if i['_id'] == rest[0]), None)
		if item is None:
			raise ApiError(404, 'Checklist item not found')
		if method == 'DELETE':
			items.remove(item)
			renumber(items)
			return 200, card
		if method != 'PATCH':
			raise ApiError(404, 'Cannot %s checklist item' % method)
		if 'done' in body:
			if not isinstance(body['done'], bool):
				raise ApiError(400, ['done must be a boolean value'])
			item['done'] = body['done']
		if 'title' in body:
			item['title'] = self.need_text(body, 'title', 500)
		if self.need_order(body) is not None:
			place(items, item, body['order'])
		return 200, card

	def column_routes(self, method, pid, rest, body):
		if len(rest) == 1 and method == 'GET':
			return 200, self.columns(pid)
		if len(rest) == 1 and method == 'POST':
			c = {'id': self.new_id(), 'name': self.need_text(body, 'name', 100),
				'projectId': pid, 'order': len(self.columns(pid)), 'createdAt': now_iso()}
			self.s['columns'].append(c)
			return 201, c
		col = self.one('columns', rest[1], projectId=pid)
		if len(rest) == 2 and method == 'PATCH':
			if 'name' in body:
				col['name'] = self.need_text(body, 'name', 100)
			if self.need_order(body) is not None:
				place(self.columns(pid), col, body['order'])
			return 200, col
		if len(rest) == 2 and method == 'DELETE':
			if self.cards_in(col['id']):
				raise ApiError(409, 'Column "%s" still holds cards' % col['name'])
			self.s['columns'].remove(col)
			renumber(self.columns(pid))
			return 200, {'ok': True}
		if rest[2:] == ['cards'] and method == 'POST':
			card = {'id': self.new_id(), 'title': self.need_text(body, 'title', 500),
				'description': body.get('description') or '', 'columnId': col['id'],
				'projectId': pid, 'order': len(self.cards_in(col['id'])),
				'archived': False, 'priority': body.get('priority'),
				'dueDate': body.get('dueDate'), 'assigneeId': None, 'checklist': [],
				'labelIds': [], 'createdBy': self.user['id'], 'createdAt': now_iso(),
				'commentCount': 0}
			self.s['cards'].append(card)
			return 201, card
		raise ApiError(404, 'Cannot %s %s' % (method, '/'.join(rest)))

	def route(self, method, path, body, user):
		parts = path.strip('/').split('/')
		self.user = user
		if method == 'GET' and parts == ['auth', 'me']:
			return 200, {'user': dict(user, pilotageRole='owner')}
		if method == 'GET' and parts == ['organizations']:
			return 200, [{k: o[k] for k in ('id', 'name', 'slug', 'myRole')}
				for o in self.s['orgs']]
		if method == 'GET' and len(parts) == 3 and parts[::2] == ['organizations', 'members']:
			if not any(o['slug'] == parts[1] for o in self.s['orgs']):
				raise ApiError(404, 'Organization not found')
			# the reference's shape: no names
			return 200, [{'userId': u['id'], 'role': r, 'email': u['email']}
				for u, r in ((ME, 'owner'), (MATE, 'member'))]
		if parts[:1] != ['orgs'] or len(parts) < 3 or parts[2] != 'workspaces':
			raise ApiError(404, 'Cannot %s %s' % (method, path))
		org = parts[1]
		if not any(o['slug'] == org for o in self.s['orgs']):
			raise ApiError(404, 'Organization not found')
		if len(parts) == 3 and method == 'GET':
			return 200, [{k: w[k] for k in ('id', 'name', 'slug')}
				for w in self.s['workspaces'] if w['org'] == org]
		if len(parts) == 5 and parts[4] == 'projects' and method == 'GET':
			if not any(w['slug'] == parts[3] and w['org'] == org for w in self.s['workspaces']):
				raise ApiError(403, 'Not a member of this workspace')
			return 200, [{'id': p['id'], 'name': p['name']} for p in self.s['projects']
				if p['org'] == org and p['ws'] == parts[3]]
		if len(parts) < 7 or parts[4] != 'projects':
			raise ApiError(404, 'Cannot %s %s' % (method, path))
		pid = self.project(org, parts[3], parts[5])['id']
		rest = parts[6:]
		if rest[0] == 'columns':
			return self.column_routes(method, pid, rest, body)
		if rest == ['cards'] and method == 'GET':
			return 200, [k for k in self.s['cards'] if k['projectId'] == pid]
		if rest[0] == 'cards' and len(rest) >= 2:
			return self.card_routes(method, pid, rest, body, user)
		if rest == ['labels']:
			return self.label_routes(method, pid, body)
		raise ApiError(404, 'Cannot %s %s' % (method, path))

	def answer(self, method, path, bearer, body, user=None):
		"""(status, object, headers) for one API request."""
		if user is None:
			if bearer != self.token:
				return 401, ApiError(401, 'Unauthorized').body(), {}
			user = ME
		if method != 'GET' and body is not None and not isinstance(body, dict):
			return 400, ApiError(400, ['body must be a JSON object']).body(), {}
		try:
			status, obj = self.route(method, path, body or {}, user)
			return status, copy.deepcopy(obj), {}
		except ApiError as e:
			return e.status, e.body(), {}

	def fault(self, method, path):
		"""(status, body, headers) a switch answers instead, or None."""
		for r in self.reject:
			if r.get('path') == path and r.get('method', method) == method:
				self.reject.remove(r)
				e = ApiError(int(r.get('status', 409)), r.get('message', 'Conflict'))
				return e.status, e.body(), {}
		if self.fail and self.fail.get('count', 1) > 0:
			self.fail['count'] = self.fail.get('count', 1) - 1
			status = int(self.fail.get('status', 503))
			headers = {}
			if 'retry_after' in self.fail:
				headers['Retry-After'] = str(self.fail['retry_after'])
			if self.fail['count'] <= 0:
				self.fail = None
			return status, {'statusCode': status, 'message': 'Service Unavailable'
				if status >= 500 else 'ThrottlerException: Too Many Requests'}, headers
		return None

	def take_rate(self):
		"""The fault fail_rate draws for this request, or None."""
		if self.fail_rate and self.rate_fault and self.rng.random() < self.fail_rate:
			return self.rate_fault
		return None


class Handler(JsonHandler):
	server_version = 'FakeStellary/1.0'

	def handle_any(self, method):
		url, body, bearer = self.read_request()
		path = url.path
		st = self.server.st
		if path.startswith('/_'):
			return self.control(method, path, body)
		drop = garbage = False
		with st.lock:
			answer = st.fault(method, path)
			rate = st.take_rate() if answer is None else None
			if answer is None and rate == 'drop':
				drop = True
				answer = (None, None, {})
			elif answer is None and (rate == 'garbage' or (rate is None and st.garbage > 0)):
				st.garbage -= rate is None
				garbage = True
				answer = (200, None, {})
			applied = answer is None
			if applied:
				answer = st.answer(method, path, bearer, body)
				if method != 'GET' and st.drop > 0:
					st.drop -= 1
					drop = True
				drop = drop or rate == 'drop_after_apply'
				garbage = rate == 'garbage_after_apply'
			st.log.append({'method': method, 'path': path, 'body': body,
				'status': answer[0], 'auth': bearer, 'dropped': drop,
				'applied': applied, 'fault': rate, 't': int(time.time() * 1000)})
		if drop:        # the answer is lost, the request applied or not
			self.close_connection = True
			return
		if garbage:
			return self.send_json(200, None, raw=b'{"id": <html>oops')
		self.send_json(*answer)

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
					if not isinstance(body, dict) or 'cards' not in body:
						raise ValueError('state must be an object like GET /_state')
					st.s = copy.deepcopy(body)
					return self.send_json(200, {'ok': True})
				if (method, path) == ('POST', '/_teammate'):
					if not isinstance(body, dict) or 'path' not in body:
						raise ValueError('teammate needs method, path and body')
					status, obj, _ = st.answer(body.get('method', 'GET'), body['path'],
						None, body.get('body'), user=MATE)
					return self.send_json(status, obj)
		except (ValueError, TypeError) as e:
			return self.send_json(400, {'error': str(e)})
		self.send_json(404, {'error': 'no such control endpoint: %s %s' % (method, path)})


def add_cards(s, n):
	"""n plain cards after the seed's, round-robin over the columns; every
	other one assigned to the teammate."""
	cols = [c['id'] for c in s['columns']]
	model = s['cards'][0]
	for i in range(n):
		col = cols[i % len(cols)]
		order = sum(1 for c in s['cards'] if c['columnId'] == col) if i < len(cols) else \
			len(s['cards']) // len(cols)
		s['cards'].append(dict(model, id='%024x' % (0x7000000 + i), title='Card %d' % i,
			description='Notes of card %d' % i, columnId=col, order=order, checklist=[],
			labelIds=[], assigneeId=MATE['id'] if i % 2 else None))
	for col in cols:
		renumber([c for c in s['cards'] if c['columnId'] == col])


def main(argv=None):
	ap = argparse.ArgumentParser(description='Fake Stellary server for lanes tests.')
	ap.add_argument('--port', type=int, default=0)
	ap.add_argument('--token', default='tok')
	ap.add_argument('--cards', type=int, default=0,
		help='N more cards in the project, spread over its columns (benchmarks)')
	args = ap.parse_args(argv)
	server = Server(('127.0.0.1', args.port), Handler)
	server.st = Stellary(args.token)
	add_cards(server.st.s, args.cards)
	return serve(server)


if __name__ == '__main__':
	sys.exit(main())
