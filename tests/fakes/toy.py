#!/usr/bin/env python3
"""A stateful fake of Toy, the service tests/toy/toy.c speaks, for lanes' tests.

    toy.py --port 0 [--token TOKEN]

Prints "PORT <n>" on stdout once it listens, then serves Toy under /v1
(Bearer token, {"error": "..."} errors) and a control API outside it:

    GET  /_control   switches and counters     POST /_control  change them
    GET  /_state     the whole state           POST /_state    replace it
    GET  /_log       requests received: method, path, body (parsed JSON),
                     status, auth (the bearer token), space (X-Toy-Space),
                     t (when it was answered, ms since the epoch)

POST /_control takes any subset of
    {"forbid_once": {"path": "/cards/k2", "message": "..."},
     "require_refresh": true, "latency_ms": 500, "clear_log": true}
forbid_once answers the next API request to that path 403 with the message;
require_refresh answers 401 to every token but those /oauth/token gives
from then on. GET /_control says how many refreshes were made.

Only the Python standard library is used.
"""

import argparse
import copy
import itertools
import sys
import threading
import time

from serve import JsonHandler, Server, serve

API = '/v1'


def seed():
	return {
		'me': {'id': 'u1', 'name': 'Toy Tester'},
		'orgs': [{'id': 'o1', 'name': 'Acme Toys'}, {'id': 'o2', 'name': 'Bolt Games'}],
		'teams': [{'id': 't1', 'org': 'o1', 'name': 'Elves'},
			{'id': 't2', 'org': 'o1', 'name': 'Reindeer'},
			{'id': 't3', 'org': 'o2', 'name': 'Pixels'}],
		'boards': [{'id': 'b1', 'team': 't1', 'name': 'Workshop'},
			{'id': 'b2', 'team': 't2', 'name': 'Stable'}],
		'columns': {'b1': [{'id': 'c1', 'name': 'Backlog'}, {'id': 'c2', 'name': 'Making'},
			{'id': 'c3', 'name': 'Wrapped'}], 'b2': [{'id': 'c9', 'name': 'Stalls'}]},
		# each column's cards in order
		'cards': {
			'c1': [{'id': 'k1', 'title': 'Carve horse'}, {'id': 'k2', 'title': 'Paint train'},
				{'id': 'k3', 'title': 'Sew doll'}],
			'c2': [{'id': 'k4', 'title': 'Glue kite'}, {'id': 'k6', 'title': 'Tune drum'}],
			'c3': [{'id': 'k5', 'title': 'Box yo-yo'}],
			'c9': [{'id': 'k9', 'title': 'Brush Rudolph'}],
		},
		'next_id': 100,
	}


class ApiError(Exception):
	def __init__(self, status, message):
		super().__init__(message)
		self.status, self.message = status, message


class Toy:
	"""The state and the API's rules; every method runs under self.lock."""

	def __init__(self, token):
		self.lock = threading.Lock()
		self.s = seed()
		self.token = token
		self.issued = set()             # access tokens /oauth/token gave
		self.refresh_token = None       # the one the last refresh gave
		self.serial = itertools.count(1)
		self.refreshes = 0
		self.require_refresh = False
		self.forbid = []                # [{"path", "message"}], each answered once
		self.latency_ms = 0
		self.log = []

	def control(self, body):
		if not isinstance(body, dict):
			raise ValueError('control body must be an object')
		unknown = set(body) - {'forbid_once', 'require_refresh', 'latency_ms', 'clear_log'}
		if unknown:
			raise ValueError('unknown control keys: %s' % ', '.join(sorted(unknown)))
		f = body.get('forbid_once')
		if f is not None:
			if not isinstance(f, dict) or not isinstance(f.get('path'), str):
				raise ValueError('forbid_once needs a path')
			self.forbid.append({'path': f['path'], 'message': f.get('message', 'Forbidden')})
		if 'require_refresh' in body:
			self.require_refresh = bool(body['require_refresh'])
			if self.require_refresh:
				self.issued = set()
		if 'latency_ms' in body:
			self.latency_ms = int(body['latency_ms'] or 0)
		if body.get('clear_log'):
			self.log = []

	def settings(self):
		return {'refreshes': self.refreshes, 'require_refresh': self.require_refresh,
			'forbid': list(self.forbid), 'latency_ms': self.latency_ms,
			'log_length': len(self.log)}

	# -- auth

	def authorized(self, bearer):
		if bearer in self.issued:
			return True
		return not self.require_refresh and bearer == self.token

	def refresh(self, body):
		given = (body or {}).get('refresh_token')
		if given not in (self.token, self.refresh_token):
			raise ApiError(400, 'invalid refresh token')
		n = next(self.serial)
		self.refreshes += 1
		access, self.refresh_token = 'acc-%d' % n, 'ref-%d' % n
		self.issued.add(access)
		return {'access_token': access, 'refresh_token': self.refresh_token}

	# -- lookups

	def find(self, kind, id):
		for x in self.s[kind]:
			if x['id'] == id:
				return x
		raise ApiError(404, '%s %s: not found' % (kind[:-1], id))

	def card_at(self, id):
		for col, cards in self.s['cards'].items():
			for i, c in enumerate(cards):
				if c['id'] == id:
					return col, i
		raise ApiError(404, 'card %s: not found' % id)

	def column_of_board(self, board, col):
		if col not in [c['id'] for c in self.s['columns'].get(board, [])]:
			raise ApiError(400, 'column: %s is not a column of board %s' % (col, board))

	def board_of_column(self, col):
		for b, cols in self.s['columns'].items():
			if col in [c['id'] for c in cols]:
				return b
		raise ApiError(400, 'column: no column %s' % col)

	@staticmethod
	def place(cards, card, index):
		if not isinstance(index, int) or isinstance(index, bool) or index < 0:
			raise ApiError(400, 'index: a number from 0 is needed')
		cards.insert(min(index, len(cards)), card)

	# -- the API

	def board(self, id):
		self.find('boards', id)
		cards = []
		for col in self.s['columns'][id]:
			for c in self.s['cards'][col['id']]:
				cards.append(dict(c, column=col['id']))
		return {'columns': self.s['columns'][id], 'cards': cards}

	def add_card(self, board, body):
		self.find('boards', board)
		col = body.get('column')
		self.column_of_board(board, col)
		title = body.get('title')
		if not isinstance(title, str) or not title:
			raise ApiError(400, 'title: a card needs one')
		card = {'id': 'k%d' % self.s['next_id'], 'title': title,
			'description': body.get('description') or ''}
		self.s['next_id'] += 1
		self.place(self.s['cards'][col], card, body.get('index', 0))
		return 201, {'id': card['id']}

	def patch_card(self, id, body):
		col, i = self.card_at(id)
		card = self.s['cards'][col][i]
		if 'column' in body:
			to = body['column']
			self.board_of_column(to)
			del self.s['cards'][col][i]
			try:
				self.place(self.s['cards'][to], card, body.get('index'))
			except ApiError:
				self.s['cards'][col].insert(i, card)
				raise
		for key in ('title', 'description', 'due'):
			if key in body:
				card[key] = body[key]
		return 200, dict(card, column=self.card_at(id)[0])

	def delete_card(self, id):
		col, i = self.card_at(id)
		del self.s['cards'][col][i]
		return 200, {}

	def route(self, method, path, body):
		parts = path.strip('/').split('/')
		items = lambda kind, key, id: {'items': [{'id': x['id'], 'name': x['name']}
			for x in self.s[kind] if x[key] == id]}
		if method == 'GET' and parts == ['me']:
			return 200, self.s['me']
		if method == 'GET' and parts == ['orgs']:
			return 200, {'items': self.s['orgs']}
		if method == 'GET' and len(parts) == 3 and parts[::2] == ['orgs', 'teams']:
			self.find('orgs', parts[1])
			return 200, items('teams', 'org', parts[1])
		if method == 'GET' and len(parts) == 3 and parts[::2] == ['teams', 'boards']:
			self.find('teams', parts[1])
			return 200, items('boards', 'team', parts[1])
		if method == 'GET' and len(parts) == 2 and parts[0] == 'boards':
			return 200, self.board(parts[1])
		if method == 'POST' and len(parts) == 3 and parts[::2] == ['boards', 'cards']:
			return self.add_card(parts[1], body)
		if len(parts) == 2 and parts[0] == 'cards' and method in ('PATCH', 'DELETE'):
			return self.patch_card(parts[1], body) if method == 'PATCH' \
				else self.delete_card(parts[1])
		raise ApiError(404, 'no route %s %s' % (method, path))

	def answer(self, method, path, bearer, body):
		"""(status, object) for one API request."""
		for f in self.forbid:
			if f['path'] == path:
				self.forbid.remove(f)
				return 403, {'error': f['message']}
		if method != 'GET' and body is not None and not isinstance(body, dict):
			return 400, {'error': 'the body is not a JSON object'}
		try:
			if (method, path) == ('POST', '/oauth/token'):
				return 200, self.refresh(body)
			if not self.authorized(bearer):
				return 401, {'error': 'token expired or unknown'}
			return self.route(method, path, body or {})
		except ApiError as e:
			return e.status, {'error': e.message}


class Handler(JsonHandler):
	server_version = 'FakeToy/1.0'

	def handle_any(self, method):
		url, body, bearer = self.read_request()
		toy = self.server.toy
		if not url.path.startswith(API + '/'):
			return self.control(method, url.path, body)
		path = url.path[len(API):]
		with toy.lock:
			latency = toy.latency_ms
		if latency:
			time.sleep(latency / 1000.0)
		with toy.lock:
			status, obj = toy.answer(method, path, bearer, body)
			toy.log.append({'method': method, 'path': path, 'body': body, 'status': status,
				'auth': bearer, 'space': self.headers.get('X-Toy-Space'),
				't': int(time.time() * 1000)})
		self.send_json(status, obj)

	def control(self, method, path, body):
		toy = self.server.toy
		try:
			with toy.lock:
				if (method, path) == ('GET', '/_control'):
					return self.send_json(200, toy.settings())
				if (method, path) == ('POST', '/_control'):
					toy.control(body or {})
					return self.send_json(200, toy.settings())
				if (method, path) == ('GET', '/_log'):
					return self.send_json(200, toy.log)
				if (method, path) == ('GET', '/_state'):
					return self.send_json(200, toy.s)
				if (method, path) == ('POST', '/_state'):
					if not isinstance(body, dict) or 'cards' not in body:
						raise ValueError('state must be an object like GET /_state')
					toy.s = copy.deepcopy(body)
					return self.send_json(200, {'ok': True})
		except ValueError as e:
			return self.send_json(400, {'error': str(e)})
		self.send_json(404, {'error': 'no such control endpoint: %s %s' % (method, path)})


def main(argv=None):
	ap = argparse.ArgumentParser(description='Fake Toy server for lanes tests.')
	ap.add_argument('--port', type=int, default=0)
	ap.add_argument('--token', default='tok')
	args = ap.parse_args(argv)
	server = Server(('127.0.0.1', args.port), Handler)
	server.toy = Toy(args.token)
	return serve(server)


if __name__ == '__main__':
	sys.exit(main())
