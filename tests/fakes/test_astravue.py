#!/usr/bin/env python3
"""TAP test for the fake Astravue server (astravue.py): starts it on port 0,
then checks its OAuth sign-in (code + PKCE, rotation, reuse), its REST API,
its MCP server, the rate limit and the control switches. Every request has
a socket timeout and every wait is bounded, so no point can hang the run.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import secrets
import select
import socket
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OAUTH = '/auth/realms/astravue/protocol/openid-connect'
CLIENT, SECRET = 'lanes-test', 's3cret'
REDIRECT = 'http://127.0.0.1:8765/callback'
ACCEPT = 'application/json, text/event-stream'
STAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
TOOLS = {'astravue_list_task_statuses', 'astravue_add_task_comment',
	'astravue_update_task_comment', 'astravue_delete_task_comment',
	'astravue_create_checklist_item', 'astravue_update_checklist_item',
	'astravue_delete_checklist_item', 'astravue_start_timer', 'astravue_stop_timer',
	'astravue_get_active_timers', 'astravue_get_current_user', 'astravue_update_task'}


def pkce():
	"""(verifier, S256 challenge)."""
	v = secrets.token_urlsafe(48)
	c = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).rstrip(b'=').decode()
	return v, c


class Fake:
	"""One fake server process that this test started."""

	def __init__(self, *extra):
		self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, 'astravue.py'),
			'--port', '0'] + list(extra), stdout=subprocess.PIPE, text=True)
		ready = select.select([self.proc.stdout], [], [], 30)[0]
		line = self.proc.stdout.readline() if ready else ''
		if not line.startswith('PORT '):
			self.stop()
			raise RuntimeError('fake did not start: %r' % line)
		self.port = int(line.split()[1])
		# The suite makes far more than 100 requests a minute as Sam; only
		# the rate-limit point turns the limit back on.
		self.control(rate_limit=100000)
		self.token = self.sign_in()['access_token']

	def stop(self):
		if self.proc.poll() is None:
			self.proc.terminate()
			try:
				self.proc.wait(5)
			except subprocess.TimeoutExpired:
				self.proc.kill()
				self.proc.wait()

	def raw(self, method, path, body=None, headers=None, timeout=5):
		"""(status, headers, body bytes) of one request on a new connection."""
		conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
		try:
			if isinstance(body, dict) and (headers or {}).get('Content-Type') == 'form':
				data = urllib.parse.urlencode(body).encode()
				headers = dict(headers, **{'Content-Type': 'application/x-www-form-urlencoded'})
			else:
				data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
			h = dict(headers or {})
			if data is not None:
				h.setdefault('Content-Type', 'application/json')
			conn.request(method, path, body=data, headers=h)
			r = conn.getresponse()
			return r.status, r.headers, r.read()
		finally:
			conn.close()

	def call(self, method, path, body=None, token=None, headers=None, **kw):
		h = dict(headers or {})
		if token:
			h['Authorization'] = 'Bearer ' + token
		st, hd, data = self.raw(method, path, body, h, **kw)
		return st, hd, json.loads(data) if data else None

	def api(self, method, path, body=None, token=True, org='1', **kw):
		"""(status, headers, envelope) of one REST request as Sam."""
		h = {'X-Org-Id': org} if org is not None else {}
		return self.call(method, '/v1' + path, body, self.token if token is True else token,
			h, **kw)

	def data(self, method, path, body=None, **kw):
		st, _, env = self.api(method, path, body, **kw)
		expect(st == 200 and env['success'] is True and env['code'] == 200, (st, env))
		return env['data']

	def control(self, **settings):
		st, _, body = self.call('POST', '/_control', settings)
		expect(st == 200, (st, body))
		return body

	def log(self):
		return self.call('GET', '/_log')[2]

	# -- OAuth

	def authorize(self, challenge, redirect=REDIRECT, state='st4te', **extra):
		"""(status, parsed Location query or body) of GET {auth}/auth."""
		q = {'response_type': 'code', 'client_id': CLIENT, 'redirect_uri': redirect,
			'state': state, 'code_challenge': challenge, 'code_challenge_method': 'S256',
			'scope': 'openid'}
		q.update(extra)
		q = {k: v for k, v in q.items() if v is not None}
		st, hd, data = self.raw('GET', OAUTH + '/auth?' + urllib.parse.urlencode(q))
		if st == 302:
			loc = hd['Location']
			return st, loc, {k: v[-1] for k, v in
				urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query).items()}
		return st, None, json.loads(data) if data else None

	def token_post(self, form, basic=False):
		"""(status, parsed body) of POST {auth}/token."""
		h = {'Content-Type': 'form'}
		form = dict(form)
		if basic:
			h['Authorization'] = 'Basic ' + base64.b64encode(
				('%s:%s' % (CLIENT, SECRET)).encode()).decode()
		else:
			form.setdefault('client_id', CLIENT)
			form.setdefault('client_secret', SECRET)
		st, _, data = self.raw('POST', OAUTH + '/token', form, h)
		return st, json.loads(data) if data else None

	def sign_in(self, basic=False):
		v, c = pkce()
		st, _, q = self.authorize(c)
		expect(st == 302 and q.get('code') and q.get('state') == 'st4te', (st, q))
		st, tok = self.token_post({'grant_type': 'authorization_code', 'code': q['code'],
			'redirect_uri': REDIRECT, 'code_verifier': v}, basic)
		expect(st == 200, (st, tok))
		return tok

	def refresh(self, rt):
		return self.token_post({'grant_type': 'refresh_token', 'refresh_token': rt})

	# -- MCP

	def mcp(self, msg, sid=None, token=None, accept=ACCEPT, method='POST'):
		h = {'Accept': accept} if accept else {}
		if sid:
			h['Mcp-Session-Id'] = sid
		return self.call(method, '/mcp', msg, token=token or self.token, headers=h)

	def session(self, token=None):
		st, hd, body = self.mcp({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {
			'protocolVersion': '2025-03-26', 'capabilities': {},
			'clientInfo': {'name': 'test', 'version': '1'}}}, token=token)
		expect(st == 200 and hd.get('Mcp-Session-Id'), (st, body))
		expect(body['result']['protocolVersion'] == '2025-03-26', body)
		sid = hd['Mcp-Session-Id']
		st, _, _ = self.mcp({'jsonrpc': '2.0', 'method': 'notifications/initialized'}, sid, token)
		expect(st == 202, st)
		return sid

	def tool(self, sid, name, args, token=None, id=7):
		st, _, body = self.mcp({'jsonrpc': '2.0', 'id': id, 'method': 'tools/call',
			'params': {'name': name, 'arguments': args}}, sid, token)
		expect(st == 200, (st, body))
		return body


points = []


def point(name):
	def deco(fn):
		points.append((name, fn))
		return fn
	return deco


def expect(cond, what):
	if not cond:
		raise AssertionError(what)


def api_error(env, status, message=None):
	ok = isinstance(env, dict) and env.get('success') is False and env.get('code') == status \
		and isinstance(env.get('errors'), list) and env['errors'] and \
		all(set(e) == {'field', 'message', 'rejectedValue'} for e in env['errors'])
	return ok and (message is None or env['message'] == message)


def result_of(answer):
	res = answer['result']
	expect(res['isError'] is False and res['content'][0]['type'] == 'text', answer)
	return json.loads(res['content'][0]['text'])


def refused(answer):
	res = answer.get('result') or {}
	return res.get('isError') is True and res['content'][0]['text']


# ------------------------------------------------------------- OAuth

@point('OAuth: code + PKCE gives a token pair; the code comes back with the state')
def t_oauth_ok(f):
	v, c = pkce()
	st, loc, q = f.authorize(c, redirect='http://localhost:9/cb?x=1')
	expect(st == 302 and loc.startswith('http://localhost:9/cb?x=1&'), loc)
	expect(q['state'] == 'st4te' and q['code'], q)
	st, tok = f.token_post({'grant_type': 'authorization_code', 'code': q['code'],
		'redirect_uri': 'http://localhost:9/cb?x=1', 'code_verifier': v})
	expect(st == 200 and tok['token_type'] == 'Bearer' and tok['expires_in'] == 1800, tok)
	expect(tok['refresh_expires_in'] > 0 and tok['scope'] == 'openid', tok)
	expect(tok['access_token'] != tok['refresh_token'], tok)
	# Client credentials over HTTP Basic work as well.
	tok = f.sign_in(basic=True)
	st, _, env = f.api('GET', '/spaces', token=tok['access_token'])
	expect(st == 200 and env['success'], env)
	# Logout ends the session: its access and refresh tokens stop working.
	st, _, data = f.raw('POST', OAUTH + '/logout', {'client_id': CLIENT, 'client_secret': SECRET,
		'refresh_token': tok['refresh_token']}, {'Content-Type': 'form'})
	expect(st == 204, (st, data))
	expect(f.api('GET', '/spaces', token=tok['access_token'])[0] == 401, 'logged out')
	st, body = f.refresh(tok['refresh_token'])
	expect(st == 400 and body['error'] == 'invalid_grant', body)


@point('OAuth: bad verifier, reused code, wrong redirect_uri, wrong client are refused')
def t_oauth_bad(f):
	v, c = pkce()
	_, _, q = f.authorize(c)
	st, body = f.token_post({'grant_type': 'authorization_code', 'code': q['code'],
		'redirect_uri': REDIRECT, 'code_verifier': pkce()[0]})
	expect(st == 400 and body['error'] == 'invalid_grant' and body['error_description'], body)
	# The failed exchange used the code up.
	st, body = f.token_post({'grant_type': 'authorization_code', 'code': q['code'],
		'redirect_uri': REDIRECT, 'code_verifier': v})
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	# A reused code is refused and the session it made ends.
	v, c = pkce()
	_, _, q = f.authorize(c)
	form = {'grant_type': 'authorization_code', 'code': q['code'], 'redirect_uri': REDIRECT,
		'code_verifier': v}
	st, tok = f.token_post(form)
	expect(st == 200, tok)
	st, body = f.token_post(form)
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	expect(f.api('GET', '/spaces', token=tok['access_token'])[0] == 401, 'session outlived reuse')
	# redirect_uri must match the one given to /auth.
	v, c = pkce()
	_, _, q = f.authorize(c)
	st, body = f.token_post({'grant_type': 'authorization_code', 'code': q['code'],
		'redirect_uri': 'http://127.0.0.1:8766/callback', 'code_verifier': v})
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	# Wrong secret, in the body or over Basic: 401 invalid_client.
	st, body = f.token_post({'grant_type': 'refresh_token', 'refresh_token': 'x',
		'client_secret': 'nope'})
	expect(st == 401 and body['error'] == 'invalid_client', body)
	st, _, data = f.raw('POST', OAUTH + '/token', {'grant_type': 'refresh_token',
		'refresh_token': 'x'}, {'Content-Type': 'form', 'Authorization': 'Basic ' +
		base64.b64encode(b'lanes-test:wrong').decode()})
	expect(st == 401 and json.loads(data)['error'] == 'invalid_client', data)
	st, body = f.token_post({'grant_type': 'password'})
	expect(st == 400 and body['error'] == 'unsupported_grant_type', body)
	st, body = f.token_post({})
	expect(st == 400 and body['error'] == 'invalid_request', body)


@point('OAuth: /auth checks redirect_uri and PKCE; deny_login; an expired code')
def t_oauth_auth(f):
	_, c = pkce()
	for uri in ('https://example.com/cb', 'http://127.0.0.1/cb', 'http://example.com:80/cb',
			'lanes://cb'):
		st, _, body = f.authorize(c, redirect=uri)
		expect(st == 400 and body['error'] == 'invalid_request', (uri, st, body))
	st, _, body = f.authorize(c, client_id='other')
	expect(st == 400, (st, body))
	st, _, q = f.authorize(None)
	expect(st == 302 and q['error'] == 'invalid_request' and 'code' not in q, q)
	st, _, q = f.authorize(c, code_challenge_method='plain')
	expect(st == 302 and q['error'] == 'invalid_request', q)
	st, _, q = f.authorize(c, response_type='token')
	expect(st == 302 and q['error'] == 'unsupported_response_type', q)
	f.control(deny_login=True)
	try:
		st, _, q = f.authorize(c, state='s2')
		expect(st == 302 and q['error'] == 'access_denied' and q['state'] == 's2' and
			'code' not in q, q)
	finally:
		f.control(deny_login=False)
	f.control(code_ttl=0.3)
	try:
		v, c = pkce()
		_, _, q = f.authorize(c)
		time.sleep(0.5)
		st, body = f.token_post({'grant_type': 'authorization_code', 'code': q['code'],
			'redirect_uri': REDIRECT, 'code_verifier': v})
		expect(st == 400 and body['error'] == 'invalid_grant' and
			'expired' in body['error_description'], body)
	finally:
		f.control(code_ttl=60)


@point('OAuth: a refresh whose answer was lost may be asked again, until the new pair is used')
def t_refresh_lost(f):
	tok = f.sign_in()
	st, lost = f.refresh(tok['refresh_token'])         # its answer never arrived
	expect(st == 200, lost)
	st, tok2 = f.refresh(tok['refresh_token'])          # so the old one again
	expect(st == 200 and tok2['refresh_token'] != lost['refresh_token'], tok2)
	expect(f.api('GET', '/spaces', token=lost['access_token'])[0] == 401, 'lost pair alive')
	expect(f.api('GET', '/spaces', token=tok2['access_token'])[0] == 200, 'new pair dead')
	st, body = f.refresh(tok['refresh_token'])          # now it is spent
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	expect(f.api('GET', '/spaces', token=tok2['access_token'])[0] == 401, 'session outlived reuse')


@point('OAuth: refresh rotates; a rotated token revokes the session; the log counts it')
def t_rotation(f):
	f.control(clear_log=True)
	tok = f.sign_in()
	st, tok2 = f.refresh(tok['refresh_token'])
	expect(st == 200 and tok2['refresh_token'] != tok['refresh_token'], tok2)
	expect(tok2['access_token'] != tok['access_token'], tok2)
	st, tok3 = f.refresh(tok2['refresh_token'])
	expect(st == 200, tok3)
	for t in (tok, tok2, tok3):        # older access tokens live out their time
		expect(f.api('GET', '/spaces', token=t['access_token'])[0] == 200, 'access')
	st, _, _ = f.api('GET', '/spaces', token=tok3['access_token'])
	# Presenting tok2's (rotated) refresh token again: refused, session gone.
	st, body = f.refresh(tok2['refresh_token'])
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	expect(f.api('GET', '/spaces', token=tok3['access_token'])[0] == 401, 'session alive')
	st, body = f.refresh(tok3['refresh_token'])
	expect(st == 400 and body['error'] == 'invalid_grant', body)
	log = f.log()
	refreshes = [e for e in log if e.get('grant') == 'refresh_token']
	expect([(e['refresh_gen'], e.get('issued_gen'), e.get('reuse', False)) for e in refreshes] ==
		[(1, 2, False), (2, 3, False), (2, None, True), (3, None, False)], refreshes)
	gens = [e['token_gen'] for e in log if e['path'] == '/v1/spaces']
	expect(gens[:4] == [1, 2, 3, 3], gens)
	text = json.dumps(log)
	for t in (tok, tok2, tok3):
		expect(t['access_token'] not in text and t['refresh_token'] not in text, 'token logged')
	expect(SECRET not in text, 'secret logged')
	codes = [e for e in log if e.get('grant') == 'authorization_code']
	expect(codes[0]['body']['code'] == '<redacted>' and codes[0]['issued_gen'] == 1, codes)


@point('OAuth: access tokens expire (--access-ttl, expire_access_tokens): 401, refresh helps')
def t_expiry(f):
	short = Fake('--access-ttl', '1')
	try:
		tok = short.sign_in()
		expect(tok['expires_in'] == 1, tok)
		expect(short.api('GET', '/spaces', token=tok['access_token'])[0] == 200, 'fresh')
		sid = short.session(token=tok['access_token'])
		time.sleep(1.2)
		st, hd, env = short.api('GET', '/spaces', token=tok['access_token'])
		expect(st == 401 and api_error(env, 401) and 'invalid_token' in hd['WWW-Authenticate'],
			(st, env))
		st, _, _ = short.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid,
			token=tok['access_token'])
		expect(st == 401, st)
		st, tok2 = short.refresh(tok['refresh_token'])
		expect(st == 200, tok2)
		expect(short.api('GET', '/spaces', token=tok2['access_token'])[0] == 200, 'refreshed')
		# The MCP session outlives the refresh.
		st, _, body = short.mcp({'jsonrpc': '2.0', 'id': 4, 'method': 'ping'}, sid,
			token=tok2['access_token'])
		expect(st == 200 and body['result'] == {}, (st, body))
	finally:
		short.stop()
	tok = f.sign_in()
	f.control(expire_access_tokens=True)
	expect(f.api('GET', '/spaces', token=tok['access_token'])[0] == 401, 'expire switch')
	st, tok2 = f.refresh(tok['refresh_token'])
	expect(st == 200 and f.api('GET', '/spaces', token=tok2['access_token'])[0] == 200, tok2)
	f.token = tok2['access_token']


# ------------------------------------------------------------- REST

@point('REST: envelope, bearer and X-Org-Id checks')
def t_envelope(f):
	st, _, env = f.api('GET', '/spaces')
	expect(st == 200 and set(env) == {'success', 'message', 'code', 'data'}, env)
	expect(isinstance(env['data'], list) and [s['spaceId'] for s in env['data']] == [1], env)
	st, _, env = f.api('GET', '/spaces', token=None)
	expect(st == 401 and api_error(env, 401), env)
	st, _, env = f.api('GET', '/spaces', token='ava_bogus')
	expect(st == 401 and api_error(env, 401), env)
	st, _, env = f.api('GET', '/spaces', org=None)
	expect(st == 400 and api_error(env, 400) and env['errors'][0]['field'] == 'X-Org-Id', env)
	st, _, env = f.api('GET', '/spaces', org='acme')
	expect(st == 400 and api_error(env, 400), env)
	for org in ('2', '99'):
		st, _, env = f.api('GET', '/spaces', org=org)
		expect(st == 403 and api_error(env, 403, 'Access Denied'), (org, env))
	st, _, env = f.api('GET', '/nowhere')
	expect(st == 404 and api_error(env, 404), env)


@point('REST: spaces, projects (paged), roles, 403 and 404')
def t_projects(f):
	ps = f.data('GET', '/spaces/1/projects')
	expect([(p['projectId'], p['myRole']) for p in ps['projects']] == [(10, 'Member'),
		(20, 'Guest')], ps)
	expect({k: ps[k] for k in ('totalElements', 'totalPages', 'page', 'size', 'first', 'last')}
		== {'totalElements': 2, 'totalPages': 1, 'page': 0, 'size': 50, 'first': True,
		'last': True}, ps)
	p = f.data('GET', '/spaces/1/projects/10')
	expect(p['projectName'] == 'Launch' and p['spaceId'] == 1 and p['taskCount'] == 4, p)
	for path, status in (('/spaces/2/projects', 403), ('/spaces/9/projects', 404),
			('/spaces/1/projects/30', 404), ('/spaces/2/projects/30', 403),
			('/spaces/1/projects/99/tasks', 404), ('/spaces/1/projects/10/tasks/2001', 404)):
		st, _, env = f.api('GET', path)
		expect(st == status and api_error(env, status), (path, st, env))


@point('REST: task list paging and the task shape')
def t_tasks(f):
	ts = f.data('GET', '/spaces/1/projects/10/tasks')
	expect([t['taskId'] for t in ts['tasks']] == [1001, 1002, 1003, 1004], ts)
	t = ts['tasks'][0]
	expect(t['taskTitle'] == 'Write the spec' and t['status']['statusName'] == 'In Progress', t)
	expect(t['status']['statusCategory'] == 'IN_PROGRESS' and t['priority']['priorityLabel'] ==
		'High' and t['tags'][0]['tagName'] == 'docs' and t['owners'][0]['userId'] == 1, t)
	expect(STAMP.match(t['createTime']) and t['dueDate'] == '2026-03-20T00:00:00Z', t)
	page = f.data('GET', '/spaces/1/projects/10/tasks?page=1&size=3')
	expect([x['taskId'] for x in page['tasks']] == [1004] and page['totalPages'] == 2 and
		page['totalElements'] == 4 and page['first'] is False and page['last'] is True, page)
	page = f.data('GET', '/spaces/1/projects/10/tasks?page=5&size=3')
	expect(page['tasks'] == [] and page['last'] is True, page)
	for q in ('size=0', 'size=101', 'page=-1', 'size=x'):
		st, _, env = f.api('GET', '/spaces/1/projects/10/tasks?' + q)
		expect(st == 400 and api_error(env, 400), (q, env))
	expect(f.data('GET', '/spaces/1/projects/10/tasks/1002')['taskTitle'] == 'Review the API', 2)
	cs = f.data('GET', '/spaces/1/projects/10/tasks/1001/comments')
	expect([c['commentId'] for c in cs] == [1, 2] and set(cs[0]) == {'commentId', 'taskId',
		'comment', 'commentedBy', 'createdAt', 'updatedAt', 'edited'}, cs)
	ck = f.data('GET', '/spaces/1/projects/10/tasks/1001/checklists')
	expect([(c['title'], c['completed'], c['position']) for c in ck] == [('Outline', True, 0),
		('Examples', False, 1)], ck)
	sub = f.data('GET', '/spaces/1/projects/10/tasks/1001/subtasks')
	expect(sub['subtasks'] == [] and sub['totalElements'] == 0, sub)


@point('REST: create (code 200), partial PUT with null clearing, names without case, delete rights')
def t_write(f):
	t = f.data('POST', '/spaces/1/projects/10/tasks', {'taskTitle': 'Add dark mode',
		'description': 'Theme', 'status': 'in progress', 'priority': 'CRITICAL',
		'dueDate': '2026-04-01', 'tags': ['ui', 'Docs'], 'owners': [2]})
	expect(t['status']['statusName'] == 'In Progress' and t['priority']['priorityLabel'] ==
		'Critical' and t['dueDate'] == '2026-04-01T00:00:00Z', t)
	expect([x['tagName'] for x in t['tags']] == ['ui', 'docs'] and t['owners'][0]['userId'] == 2, t)
	expect(t['createdBy']['userId'] == 1, t)
	plain = f.data('POST', '/spaces/1/projects/10/tasks', {'taskTitle': 'Plain'})
	expect(plain['status']['statusName'] == 'To Do' and
		plain['priority']['priorityLabel'] == 'Medium', plain)
	path = '/spaces/1/projects/10/tasks/%d' % t['taskId']
	u = f.data('PUT', path, {'status': 'REVIEW', 'dueDate': None, 'priority': None})
	expect(u['status']['statusName'] == 'Review' and u['dueDate'] is None and
		u['priority'] is None and u['description'] == 'Theme' and u['taskTitle'] ==
		'Add dark mode', u)
	st, _, env = f.api('PUT', path, {'status': 'Nope', 'taskTitle': '', 'owners': [42]})
	expect(st == 400 and api_error(env, 400) and {e['field'] for e in env['errors']} ==
		{'status', 'taskTitle', 'owners'}, env)
	expect([e['rejectedValue'] for e in env['errors'] if e['field'] == 'owners'] == [42], env)
	st, _, env = f.api('POST', '/spaces/1/projects/10/tasks', b'{nope')
	expect(st == 400 and api_error(env, 400), env)
	# Sam made it: he may delete it; 1002 is Kim's and not Sam's: 403.
	expect(f.data('DELETE', path) is None, 'delete')
	expect(f.api('GET', path)[0] == 404, 'deleted')
	st, _, env = f.api('DELETE', '/spaces/1/projects/10/tasks/1002')
	expect(st == 403 and api_error(env, 403, 'Access Denied'), env)


@point('REST: a Guest reads project 20 but every write is 403 Access Denied')
def t_guest(f):
	expect(f.data('GET', '/spaces/1/projects/20/tasks')['tasks'][0]['taskId'] == 2001, 'read')
	for method, path, body in (('POST', '/spaces/1/projects/20/tasks', {'taskTitle': 'x'}),
			('PUT', '/spaces/1/projects/20/tasks/2001', {'taskTitle': 'x'}),
			('DELETE', '/spaces/1/projects/20/tasks/2001', None),
			('POST', '/time-track/projects/20/tasks/2001/start', None),
			('POST', '/time-track/projects/20/tasks/2001/manual', {'duration': 1000})):
		st, _, env = f.api(method, path, body)
		expect(st == 403 and api_error(env, 403, 'Access Denied'), (method, path, env))


@point('REST: timers: start, one at a time, stop, manual, range, edit, delete')
def t_timers(f):
	x = f.data('POST', '/time-track/projects/10/tasks/1002/start')
	expect(x['running'] is True and x['type'] == 'TIMER' and x['endTime'] is None, x)
	expect([a['timerId'] for a in f.data('GET', '/time-track/active')] == [x['timerId']], 'active')
	st, _, env = f.api('POST', '/time-track/projects/10/tasks/1003/start')
	expect(st == 409 and env['errors'][0]['rejectedValue'] == x['timerId'], env)
	st, _, env = f.api('PUT', '/time-track/tasks/1003/stop')
	expect(st == 404 and api_error(env, 404), env)
	time.sleep(0.05)
	y = f.data('PUT', '/time-track/tasks/1002/stop')
	expect(y['running'] is False and y['endTime'] - y['startTime'] == y['duration'] >= 40, y)
	expect(f.data('GET', '/time-track/active') == [], 'stopped')
	m = f.data('POST', '/time-track/projects/10/tasks/1002/manual', {'duration': 5400000,
		'notes': 'meeting'})
	expect(m['type'] == 'MANUAL' and m['duration'] == 5400000 and m['endTime'] - m['startTime']
		== 5400000 and m['notes'] == 'meeting', m)
	r = f.data('POST', '/time-track/projects/10/tasks/1002/range', {'startTime': 1774000000000,
		'endTime': 1774003600000})
	expect(r['type'] == 'RANGE' and r['duration'] == 3600000, r)
	for kind, body in (('manual', {'duration': 0}), ('range', {'startTime': 5, 'endTime': 4}),
			('range', {'startTime': '2026-01-01'})):
		st, _, env = f.api('POST', '/time-track/projects/10/tasks/1002/' + kind, body)
		expect(st == 400 and api_error(env, 400), (kind, env))
	ids = [e['timerId'] for e in f.data('GET', '/time-track/tasks/1002/timers')]
	# By start time: the range (March), the manual entry (1.5 h ago), the timer.
	expect(ids == [r['timerId'], m['timerId'], y['timerId']], ids)
	e = f.data('PUT', '/time-track/timers/%d' % m['timerId'], {'duration': 60000, 'billable': True})
	expect(e['duration'] == 60000 and e['endTime'] == e['startTime'] + 60000 and e['billable'], e)
	expect(f.data('DELETE', '/time-track/timers/%d' % m['timerId']) is None, 'delete')
	expect(f.api('DELETE', '/time-track/timers/%d' % m['timerId'])[0] == 404, 'gone')
	# Kim's entry is not Sam's to change.
	st, _, env = f.call('POST', '/_teammate', {'method': 'POST',
		'path': '/v1/time-track/projects/10/tasks/1002/manual', 'body': {'duration': 1000}})
	expect(st == 200 and env['data']['userId'] == 2, env)
	st, _, env = f.api('PUT', '/time-track/timers/%d' % env['data']['timerId'], {'notes': 'x'})
	expect(st == 403 and api_error(env, 403), env)


# ------------------------------------------------------------- MCP

@point('MCP: sessions, tools/list names, protocol errors')
def t_mcp_basics(f):
	sid = f.session()
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, sid)
	expect(st == 200 and {t['name'] for t in body['result']['tools']} == TOOLS, body)
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, 'nope')
	expect(st == 404, st)
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'})
	expect(st == 400, st)
	st, _, _ = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, sid,
		accept='application/json')
	expect(st == 406, st)
	st, _, _ = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'ping'}, sid, token='ava_bogus')
	expect(st == 401, st)
	expect(f.tool(sid, 'astravue_nope', {})['error']['code'] == -32601, 'unknown tool')
	for args in ({}, {'taskId': '1001', 'comment': 'x'}, {'taskId': 1001, 'comment': 'x',
			'extra': 1}):
		expect(f.tool(sid, 'astravue_add_task_comment', args)['error']['code'] == -32602, args)
	# Another sign-in (a new token for Sam) keeps the session.
	other = f.sign_in()['access_token']
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid, token=other)
	expect(st == 200, (st, body))
	st, _, _ = f.mcp(None, sid, method='DELETE')
	expect(st == 204, st)
	expect(f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid)[0] == 404, 'deleted')
	sid = f.session()
	f.control(expire_session=True)
	expect(f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid)[0] == 404, 'expired')


@point('MCP: statuses, comments and checklist tools')
def t_mcp_tools(f):
	sid = f.session()
	sts = result_of(f.tool(sid, 'astravue_list_task_statuses', {'projectId': 10}))
	expect([(s['statusName'], s['statusCategory']) for s in sts] == [('To Do', 'TODO'),
		('In Progress', 'IN_PROGRESS'), ('Review', 'IN_PROGRESS'), ('Done', 'DONE')], sts)
	expect(refused(f.tool(sid, 'astravue_list_task_statuses', {'projectId': 30})), '30')
	c = result_of(f.tool(sid, 'astravue_add_task_comment', {'taskId': 1001, 'comment': 'Hi'}))
	expect(c['comment'] == 'Hi' and c['commentedBy']['userId'] == 1 and c['edited'] is False, c)
	c2 = result_of(f.tool(sid, 'astravue_update_task_comment', {'commentId': c['commentId'],
		'comment': 'Hello'}))
	expect(c2['comment'] == 'Hello' and c2['edited'] is True, c2)
	expect(refused(f.tool(sid, 'astravue_update_task_comment', {'commentId': 2,
		'comment': 'not mine'})) == 'Access Denied', 'edit Kim')
	expect(refused(f.tool(sid, 'astravue_delete_task_comment', {'commentId': 2})) ==
		'Access Denied', 'delete Kim')
	d = result_of(f.tool(sid, 'astravue_delete_task_comment', {'commentId': c['commentId']}))
	expect(d == {'deleted': True, 'commentId': c['commentId']}, d)
	cs = f.data('GET', '/spaces/1/projects/10/tasks/1001/comments')
	expect([x['commentId'] for x in cs] == [1, 2], cs)
	i = result_of(f.tool(sid, 'astravue_create_checklist_item', {'taskId': 1001, 'title': 'Ship'}))
	expect(i['position'] == 2 and i['completed'] is False, i)
	i = result_of(f.tool(sid, 'astravue_update_checklist_item', {'checklistId': i['checklistId'],
		'completed': True}))
	expect(i['completed'] is True and i['title'] == 'Ship', i)
	expect(result_of(f.tool(sid, 'astravue_delete_checklist_item',
		{'checklistId': i['checklistId']}))['deleted'] is True, 'deleted')
	expect(refused(f.tool(sid, 'astravue_update_checklist_item', {'checklistId': 99999})), '99999')
	# The Guest's writes are refused.
	expect(refused(f.tool(sid, 'astravue_add_task_comment', {'taskId': 2001, 'comment': 'x'}))
		== 'Access Denied', 'guest comment')
	expect(refused(f.tool(sid, 'astravue_update_task', {'taskId': 2001, 'status': 'Done'}))
		== 'Access Denied', 'guest update')


@point('MCP: timers and update_task')
def t_mcp_timers(f):
	sid = f.session()
	x = result_of(f.tool(sid, 'astravue_start_timer', {'taskId': 1003}))
	expect(x['running'] and x['taskId'] == 1003, x)
	expect('running' in refused(f.tool(sid, 'astravue_start_timer', {'taskId': 1001})), 'one')
	act = result_of(f.tool(sid, 'astravue_get_active_timers', {}))
	expect([a['timerId'] for a in act] == [x['timerId']], act)
	expect(refused(f.tool(sid, 'astravue_stop_timer', {'taskId': 1001})), 'other task')
	y = result_of(f.tool(sid, 'astravue_stop_timer', {}))
	expect(y['timerId'] == x['timerId'] and y['running'] is False, y)
	expect(refused(f.tool(sid, 'astravue_stop_timer', {})), 'none running')
	t = result_of(f.tool(sid, 'astravue_update_task', {'taskId': 1003, 'status': 'done',
		'priority': None, 'dueDate': '2026-05-01T10:00:00+02:00'}))
	expect(t['status']['statusName'] == 'Done' and t['priority'] is None and
		t['dueDate'] == '2026-05-01T08:00:00Z', t)
	expect('Status' in refused(f.tool(sid, 'astravue_update_task', {'taskId': 1003,
		'status': 'Nowhere'})), 'bad status')
	got = f.data('GET', '/spaces/1/projects/10/tasks/1003')
	expect(got['status']['statusName'] == 'Done', got)


def sse_events(text):
	events, data = [], []
	for line in re.split(r'\r\n|\r|\n', text):
		if line == '':
			if data:
				events.append('\n'.join(data))
			data = []
		elif line.startswith('data:'):
			data.append(line[5:].lstrip(' '))
	return [json.loads(d) for d in events]


@point('MCP: sse mode answers an event stream')
def t_mcp_sse(f):
	sid = f.session()
	f.control(sse=True)
	try:
		st, hd, data = f.raw('POST', '/mcp', {'jsonrpc': '2.0', 'id': 9, 'method': 'tools/call',
			'params': {'name': 'astravue_get_active_timers', 'arguments': {}}},
			{'Authorization': 'Bearer ' + f.token, 'Accept': ACCEPT, 'Mcp-Session-Id': sid})
		expect(st == 200 and hd['Content-Type'].startswith('text/event-stream'), hd)
		msgs = sse_events(data.decode())
		expect(msgs[-1]['id'] == 9 and msgs[-1]['result']['isError'] is False, msgs)
	finally:
		f.control(sse=False)


# ------------------------------------------------------------- limits and faults

@point('rate limit: REST and MCP count together; 429 with Retry-After (auto, fixed, off)')
def t_rate_limit(f):
	sid = f.session()
	f.control(rate_limit=5, reset_rate=True, clear_log=True)
	try:
		for _ in range(3):
			expect(f.api('GET', '/spaces')[0] == 200, 'under')
		for i in range(2):
			expect(f.mcp({'jsonrpc': '2.0', 'id': i, 'method': 'ping'}, sid)[0] == 200, 'mcp')
		st, hd, env = f.api('GET', '/spaces')
		expect(st == 429 and api_error(env, 429) and 1 <= int(hd['Retry-After']) <= 60,
			(st, env, dict(hd)))
		st, hd, body = f.mcp({'jsonrpc': '2.0', 'id': 5, 'method': 'ping'}, sid)
		expect(st == 429 and hd['Retry-After'] and body['error']['code'], (st, body))
		f.control(retry_after=7)
		expect(f.api('GET', '/spaces')[1]['Retry-After'] == '7', 'fixed')
		f.control(retry_after=None)
		st, hd, _ = f.api('GET', '/spaces')
		expect(st == 429 and hd.get('Retry-After') is None, dict(hd))
		# Kim is counted apart; the teammate endpoint is not limited at all.
		expect(f.call('POST', '/_teammate', {'path': '/v1/spaces'})[0] == 200, 'teammate')
		log = f.log()
		expect(sum(1 for e in log if e['rate_limited']) == 4, log)
		f.control(reset_rate=True)
		expect(f.api('GET', '/spaces')[0] == 200, 'reset')
	finally:
		f.control(rate_limit=100000, retry_after='auto', reset_rate=True)


@point('fail: the error envelope (OAuth shape on the token path) with Retry-After')
def t_fail(f):
	f.control(fail={'status': 503, 'count': 1, 'retry_after': 2})
	st, hd, env = f.api('GET', '/spaces')
	expect(st == 503 and api_error(env, 503) and hd['Retry-After'] == '2', env)
	expect(f.api('GET', '/spaces')[0] == 200, 'count')
	f.control(fail={'status': 503, 'count': 1})
	st, body = f.refresh('whatever')
	expect(st == 503 and body['error'] == 'temporarily_unavailable', body)
	f.control(reject_once={'method': 'PUT', 'path': '/v1/spaces/1/projects/10/tasks/1001',
		'status': 409, 'message': 'Edited elsewhere.'})
	st, _, env = f.api('PUT', '/spaces/1/projects/10/tasks/1001', {'taskTitle': 'x'})
	expect(st == 409 and env['message'] == 'Edited elsewhere.' and api_error(env, 409), env)
	expect(f.data('GET', '/spaces/1/projects/10/tasks/1001')['taskTitle'] == 'Write the spec', 1)
	f.control(reject_once={'method': 'POST', 'path': OAUTH + '/token', 'status': 400,
		'message': 'Token is not active'})
	st, body = f.refresh('whatever')
	expect(st == 400 and body == {'error': 'invalid_grant', 'error_description':
		'Token is not active'}, body)


@point('drop applies then closes; garbage and truncate spoil; a tool can be singled out')
def t_drop(f):
	f.control(drop=1, clear_log=True)
	try:
		f.api('POST', '/spaces/1/projects/10/tasks', {'taskTitle': 'Dropped'})
		raise AssertionError('got an answer')
	except (http.client.HTTPException, ConnectionError, socket.timeout):
		pass
	titles = [t['taskTitle'] for t in f.data('GET', '/spaces/1/projects/10/tasks')['tasks']]
	expect('Dropped' in titles, titles)
	e = f.log()[0]
	expect(e['applied'] and e['dropped'] and e['fault'] == 'drop', e)
	sid = f.session()
	f.control(drop=1, drop_tool='astravue_add_task_comment')
	expect(f.mcp({'jsonrpc': '2.0', 'id': 1, 'method': 'ping'}, sid)[0] == 200, 'ping passes')
	try:
		f.tool(sid, 'astravue_add_task_comment', {'taskId': 1001, 'comment': 'lost'})
		raise AssertionError('got an answer')
	except (http.client.HTTPException, ConnectionError, socket.timeout):
		pass
	f.control(drop_tool=None)
	f.control(garbage=1)
	st, _, data = f.raw('GET', '/v1/spaces', headers={'Authorization': 'Bearer ' + f.token,
		'X-Org-Id': '1'})
	expect(st == 200, st)
	try:
		json.loads(data)
		raise AssertionError('garbage parsed')
	except ValueError:
		pass
	f.control(truncate=1)
	try:
		f.api('GET', '/spaces')
		raise AssertionError('whole answer')
	except (http.client.IncompleteRead, ValueError):
		pass
	expect(f.api('GET', '/spaces')[0] == 200, 'switches outlived their count')


@point('hang: no answer until the client gives up; hang 0 lets go; latency_ms delays')
def t_hang(f):
	f.control(hang=1)
	t0 = time.time()
	try:
		f.api('GET', '/spaces', timeout=0.5)
		raise AssertionError('answered')
	except (socket.timeout, TimeoutError):
		pass
	expect(time.time() - t0 < 3, 'timeout')
	expect(f.api('GET', '/spaces')[0] == 200, 'hang outlived its count')
	f.control(hang=True)
	c = http.client.HTTPConnection('127.0.0.1', f.port, timeout=5)
	try:
		c.request('GET', '/v1/spaces', headers={'Authorization': 'Bearer ' + f.token,
			'X-Org-Id': '1'})
		time.sleep(0.2)
		f.control(hang=0)
		try:
			c.getresponse()
			raise AssertionError('a held request was answered')
		except (http.client.RemoteDisconnected, ConnectionError):
			pass
	finally:
		c.close()
	f.control(latency_ms=300)
	t0 = time.time()
	f.api('GET', '/spaces')
	expect(time.time() - t0 >= 0.3, 'no latency')
	f.control(latency_ms=0)


@point('fail_rate with a seed repeats its faults')
def t_fail_rate(f):
	def run():
		f.control(fail_rate=0.5, fault='garbage', random_seed=11, clear_log=True)
		for _ in range(12):
			f.raw('GET', '/v1/spaces', headers={'Authorization': 'Bearer ' + f.token,
				'X-Org-Id': '1'})
		f.control(fail_rate=0)
		return [e['fault'] for e in f.log()]
	a, b = run(), run()
	expect(a == b and 'garbage' in a and None in a, (a, b))


@point('teammate acts as Kim past the switches; /_token; state round-trips; bad control is 400')
def t_teammate(f):
	f.control(fail={'status': 503, 'count': 5})
	st, _, env = f.call('POST', '/_teammate', {'method': 'PUT',
		'path': '/v1/spaces/1/projects/20/tasks/2001', 'body': {'taskTitle': 'Renamed by Kim'}})
	expect(st == 200 and env['data']['taskTitle'] == 'Renamed by Kim', env)
	st, _, res = f.call('POST', '/_teammate', {'tool': 'astravue_add_task_comment',
		'arguments': {'taskId': 1001, 'comment': 'from Kim'}})
	expect(st == 200 and json.loads(res['content'][0]['text'])['commentedBy']['userId'] == 2, res)
	f.control(fail=None)
	st, _, tok = f.call('POST', '/_token', {'user': 'kim'})
	expect(st == 200 and tok['access_token'], tok)
	spaces = f.api('GET', '/spaces', token=tok['access_token'])[2]['data']
	expect([s['spaceId'] for s in spaces] == [1, 2], spaces)
	state = f.call('GET', '/_state')[2]
	state['tasks'] = [t for t in state['tasks'] if t['taskId'] != 1004]
	expect(f.call('POST', '/_state', state)[0] == 200, 'state')
	ids = [t['taskId'] for t in f.data('GET', '/spaces/1/projects/10/tasks')['tasks']]
	expect(1004 not in ids, ids)
	expect(f.call('POST', '/_control', {'bogus': 1})[0] == 400, 'bogus')
	expect(f.call('POST', '/_control', {'retry_after': 'soon'})[0] == 400, 'retry_after')


@point('--tasks N seeds N more tasks in project 10, Review left empty')
def t_seeded(f):
	big = Fake('--tasks', '120')
	try:
		a = big.data('GET', '/spaces/1/projects/10/tasks?size=100')
		b = big.data('GET', '/spaces/1/projects/10/tasks?size=100&page=1')
		ts = a['tasks'] + b['tasks']
		expect(a['totalElements'] == 124 and len(ts) == 124 and a['totalPages'] == 2, a)
		expect('Review' not in {t['status']['statusName'] for t in ts}, 'review')
		ids = [t['taskId'] for t in ts]
		expect(len(set(ids)) == len(ids), 'ids repeat')
	finally:
		big.stop()


def main():
	try:
		fake = Fake()
	except (RuntimeError, OSError, AssertionError) as e:
		print('not ok 1 - fake starts\n# %s\n1..1' % e)
		return 1
	failed = 0
	try:
		print('ok 1 - fake starts on port %d' % fake.port)
		for n, (name, fn) in enumerate(points, 2):
			try:
				fn(fake)
				print('ok %d - %s' % (n, name))
			except Exception as e:	# report and go on with the next point
				failed += 1
				print('not ok %d - %s' % (n, name))
				for line in ('%s: %s' % (type(e).__name__, e)).splitlines():
					print('# ' + line)
				# Leave no switch set for the next point.
				try:
					fake.control(fail=None, drop=0, drop_tool=None, garbage=0, truncate=0,
						hang=0, latency_ms=0, fail_rate=0, sse=False, deny_login=False,
						code_ttl=60, rate_limit=100000, retry_after='auto', reset_rate=True)
				except Exception:
					pass
		print('1..%d' % (len(points) + 1))
	finally:
		fake.stop()
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
