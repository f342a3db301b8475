#!/usr/bin/env python3
"""TAP test for the fake Vortask server (vortask.py): starts it on port 0,
then checks its REST API, its MCP server (plain and as an event stream)
and each control switch. Every request has a socket timeout, so no point
can hang the run.
"""

import http.client
import json
import os
import re
import select
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN, MATE_TOKEN = 'vt_test', 'vt_mate'
ME_ID = '5a3e0c1e-0001-4d6a-9e51-6b1f00000001'
MATE_ID = '5a3e0c1e-0002-4d6a-9e51-6b1f00000002'
ACCEPT = 'application/json, text/event-stream'
STAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')


class Fake:
	"""One fake server process that this test started."""

	def __init__(self, *extra):
		self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, 'vortask.py'),
			'--port', '0', '--token', TOKEN, '--mate-token', MATE_TOKEN] + list(extra),
			stdout=subprocess.PIPE, text=True)
		ready = select.select([self.proc.stdout], [], [], 30)[0]
		line = self.proc.stdout.readline() if ready else ''
		if not line.startswith('PORT '):
			self.stop()
			raise RuntimeError('fake did not start: %r' % line)
		self.port = int(line.split()[1])

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
			data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
			h = dict(headers or {})
			if data is not None:
				h.setdefault('Content-Type', 'application/json')
			conn.request(method, path, body=data, headers=h)
			r = conn.getresponse()
			return r.status, r.headers, r.read()
		finally:
			conn.close()

	def call(self, method, path, body=None, token=TOKEN, headers=None, **kw):
		"""(status, headers, parsed JSON or None) of one request."""
		h = dict(headers or {})
		if token:
			h['Authorization'] = 'Bearer ' + token
		st, hd, data = self.raw(method, path, body, h, **kw)
		return st, hd, json.loads(data) if data else None

	def api(self, method, path, body=None, **kw):
		return self.call(method, '/api' + path, body, **kw)

	def control(self, **settings):
		st, _, body = self.call('POST', '/_control', settings, token=None)
		expect(st == 200, (st, body))
		return body

	def log(self):
		return self.call('GET', '/_log', token=None)[2]

	def mcp(self, msg, sid=None, token=TOKEN, accept=ACCEPT, method='POST'):
		"""(status, headers, parsed body) of one MCP request."""
		h = {'Accept': accept} if accept else {}
		if sid:
			h['Mcp-Session-Id'] = sid
		return self.call(method, '/mcp', msg, token=token, headers=h)

	def session(self, token=TOKEN, version='2025-03-26'):
		"""A new MCP session's id, initialized."""
		st, hd, body = self.mcp({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {
			'protocolVersion': version, 'capabilities': {},
			'clientInfo': {'name': 'test', 'version': '1'}}}, token=token)
		expect(st == 200 and hd.get('Mcp-Session-Id'), (st, body))
		sid = hd['Mcp-Session-Id']
		st, _, _ = self.mcp({'jsonrpc': '2.0', 'method': 'notifications/initialized'}, sid, token)
		expect(st == 202, st)
		return sid

	def tool(self, sid, name, args, token=TOKEN, id=7):
		"""The JSON-RPC answer to a tools/call."""
		st, _, body = self.mcp({'jsonrpc': '2.0', 'id': id, 'method': 'tools/call',
			'params': {'name': name, 'arguments': args}}, sid, token)
		expect(st == 200, (st, body))
		return body


points = []


def point(name):
	"""Decorator: run the function as one TAP test point."""
	def deco(fn):
		points.append((name, fn))
		return fn
	return deco


def expect(cond, what):
	if not cond:
		raise AssertionError(what)


def api_error(body, status_text=None):
	ok = isinstance(body, dict) and isinstance(body.get('errors'), list) and body['errors'] \
		and isinstance(body.get('message'), str)
	return ok and (status_text is None or body['message'] == status_text)


def result_of(answer):
	"""The parsed JSON of a successful tool call's text."""
	res = answer['result']
	expect(res['isError'] is False and res['content'][0]['type'] == 'text', answer)
	return json.loads(res['content'][0]['text'])


def refused(answer):
	res = answer.get('result') or {}
	return res.get('isError') is True and res['content'][0]['text']


# ------------------------------------------------------------- REST

@point('REST: no token or a wrong one is 401 in the service error shape')
def t_auth(f):
	for tok in (None, 'vt_wrong'):
		st, _, body = f.api('GET', '/projects', token=tok)
		expect(st == 401 and api_error(body, 'Unauthorized'), (st, body))
	st, _, body = f.api('GET', '/profile')
	expect(st == 200 and body['id'] == ME_ID and body['email'], body)


@point('REST: projects with myRole and taskCount, one project, members')
def t_projects(f):
	st, _, body = f.api('GET', '/projects')
	expect(st == 200 and [(p['id'], p['myRole']) for p in body] == [(1, 'Admin'), (2, 'Viewer')],
		body)
	expect(body[0]['taskCount'] == 4 and STAMP.match(body[0]['createdAt']), body)
	st, _, p = f.api('GET', '/projects/1')
	expect(st == 200 and p == body[0], p)
	st, _, body = f.api('GET', '/projects/9')
	expect(st == 404 and api_error(body), (st, body))
	st, _, ms = f.api('GET', '/projects/1/members')
	expect(st == 200 and {m['role'] for m in ms} == {'Admin', 'Member', 'Viewer'}, ms)
	expect(all(isinstance(m['id'], int) and m['userId'] for m in ms), ms)


@point('REST: task list and its filters')
def t_list(f):
	st, _, ts = f.api('GET', '/projects/1/tasks')
	expect(st == 200 and [t['id'] for t in ts] == [1, 2, 3, 4], ts)
	expect(set(ts[0]) == {'id', 'title', 'description', 'status', 'priority', 'dueDate', 'tags',
		'assignees', 'createdAt', 'updatedAt'}, ts[0])
	expect(ts[0]['assignees'][0]['userId'] == ME_ID, ts[0])
	for q, want in (('status=Active', [1]), ('priority=High', [1, 3]),
			('assigneeId=' + MATE_ID, [2, 4]), ('label=END', [2]),
			('dueBefore=2026-03-18', [3]), ('dueAfter=2026-03-19', [1]),
			('status=Active&priority=Low', [])):
		st, _, ts = f.api('GET', '/projects/1/tasks?' + q)
		expect(st == 200 and [t['id'] for t in ts] == want, (q, ts))
	st, _, body = f.api('GET', '/projects/1/tasks?status=active')
	expect(st == 400 and api_error(body, 'Validation failed'), body)


@point('REST: create gives 201, starts New whatever status is sent, whole-second stamps')
def t_create(f):
	st, _, t = f.api('POST', '/projects/1/tasks', {'title': 'Add dark mode', 'priority': 'Medium',
		'status': 'Closed', 'dueDate': '2026-04-01', 'tags': ['ui'], 'assigneeIds': [MATE_ID],
		'description': 'Theme'})
	expect(st == 201 and isinstance(t['id'], int) and t['status'] == 'New', (st, t))
	expect(t['dueDate'] == '2026-04-01T00:00:00Z' and t['tags'] == ['ui'], t)
	expect(t['assignees'][0]['displayName'] == 'Kim Mate', t)
	expect(STAMP.match(t['createdAt']) and t['createdAt'] == t['updatedAt'], t)
	st, _, got = f.api('GET', '/projects/1/tasks/%d' % t['id'])
	expect(st == 200 and got == t, got)
	st, _, h = f.api('GET', '/projects/1/tasks/%d/history' % t['id'])
	expect(st == 200 and len(h) == 1 and h[0]['action'] == 'Created', h)
	expect(set(h[0]) == {'id', 'actorId', 'actorName', 'action', 'detail', 'createdAt'}, h)


@point('REST: create validation lists every problem; enums are case-sensitive')
def t_create_bad(f):
	st, _, body = f.api('POST', '/projects/1/tasks', {'description': 'x'})
	expect(st == 400 and body['message'] == 'Validation failed', body)
	expect('Title is required.' in body['errors'] and 'Priority is required.' in body['errors'],
		body)
	for bad in ({'title': 'x', 'priority': 'high'}, {'title': 'x', 'priority': 'Low',
			'dueDate': 'soon'}, {'title': 'x', 'priority': 'Low', 'tags': 'a'},
			{'title': 'x', 'priority': 'Low', 'assigneeIds': ['nobody']}, {'title': ' ',
			'priority': 'Low'}):
		st, _, body = f.api('POST', '/projects/1/tasks', bad)
		expect(st == 400 and api_error(body, 'Validation failed'), (bad, st, body))
	st, _, body = f.api('POST', '/projects/1/tasks', b'{not json')
	expect(st == 400 and api_error(body), body)


@point('REST: partial update, lists replaced, null clears, history per field')
def t_update(f):
	st, _, before = f.api('GET', '/projects/1/tasks/2')
	time.sleep(1.05)        # stamps are whole seconds
	st, _, t = f.api('PUT', '/projects/1/tasks/2', {'status': 'Active', 'tags': ['x'],
		'assigneeIds': [ME_ID]})
	expect(st == 200 and t['status'] == 'Active' and t['tags'] == ['x'], t)
	expect([a['userId'] for a in t['assignees']] == [ME_ID] and t['title'] == before['title'], t)
	expect(t['updatedAt'] > before['updatedAt'] and STAMP.match(t['updatedAt']), t)
	changed = t
	st, _, t = f.api('PUT', '/projects/1/tasks/1', {'dueDate': None, 'description': None})
	expect(t['dueDate'] is None and t['description'] is None, t)
	st, _, h = f.api('GET', '/projects/1/tasks/2/history')
	acts = {x['action']: x['detail'] for x in h}
	expect(acts.get('StatusChanged') == 'New \u2192 Active', h)
	expect(acts.get('TagsChanged') == 'backend, api \u2192 x', h)
	expect(acts.get('AssigneesChanged') == 'Kim Mate \u2192 Sam Tester', h)
	expect(h[-1]['action'] == 'Created' and h[0]['actorId'] == ME_ID, h)
	expect([x['id'] for x in h] == sorted((x['id'] for x in h), reverse=True), h)
	time.sleep(1.05)
	same = f.api('PUT', '/projects/1/tasks/2', {'status': 'Active', 'tags': ['x']})[2]
	expect(same['updatedAt'] == changed['updatedAt'], 'a no-op PUT moved updatedAt')
	expect(len(f.api('GET', '/projects/1/tasks/2/history')[2]) == len(h), 'no-op PUT recorded')
	for bad in ({'status': 'active'}, {'status': None}, {'title': ''}, {'priority': 'Urgent'}):
		st, _, body = f.api('PUT', '/projects/1/tasks/2', bad)
		expect(st == 400 and api_error(body, 'Validation failed'), (bad, st, body))


@point('REST: roles: Viewer writes 403, Member may edit but not delete')
def t_roles(f):
	st, _, ts = f.api('GET', '/projects/2/tasks')
	expect(st == 200 and [t['id'] for t in ts] == [5], ts)
	st, _, body = f.api('PUT', '/projects/2/tasks/5', {'status': 'Active'})
	expect(st == 403 and api_error(body, 'Forbidden'), (st, body))
	st, _, body = f.api('POST', '/projects/2/tasks', {'title': 'x', 'priority': 'Low'})
	expect(st == 403 and api_error(body, 'Forbidden'), (st, body))
	st, _, t = f.api('PUT', '/projects/1/tasks/3', {'priority': 'Low'}, token=MATE_TOKEN)
	expect(st == 200 and t['priority'] == 'Low', (st, t))
	st, _, body = f.api('DELETE', '/projects/1/tasks/3', token=MATE_TOKEN)
	expect(st == 403 and api_error(body, 'Forbidden'), (st, body))


@point('REST: delete is 204 with no body, then the task is 404')
def t_delete(f):
	st, _, t = f.api('POST', '/projects/1/tasks', {'title': 'Doomed', 'priority': 'Low'})
	st, hd, data = f.raw('DELETE', '/api/projects/1/tasks/%d' % t['id'],
		headers={'Authorization': 'Bearer ' + TOKEN})
	expect(st == 204 and data == b'', (st, data))
	st, _, body = f.api('GET', '/projects/1/tasks/%d' % t['id'])
	expect(st == 404 and api_error(body, 'Not Found'), (st, body))
	st, _, body = f.api('GET', '/projects/1/nothing')
	expect(st == 404 and api_error(body), body)


# ------------------------------------------------------------- MCP

@point('MCP: GET 405, no token 401, wrong Accept 406')
def t_mcp_gate(f):
	st, hd, _ = f.mcp(None, method='GET')
	expect(st == 405 and 'POST' in hd.get('Allow', ''), st)
	init = {'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {}}
	st, _, _ = f.mcp(init, token=None)
	expect(st == 401, st)
	st, _, _ = f.mcp(init, token='vt_nope')
	expect(st == 401, st)
	for acc in ('application/json', 'text/event-stream', None):
		st, _, _ = f.mcp(init, accept=acc)
		expect(st == 406, (acc, st))


@point('MCP: initialize echoes 2025-03-26/2025-06-18, else answers 2025-03-26; session id')
def t_mcp_init(f):
	for asked, want in (('2025-03-26', '2025-03-26'), ('2025-06-18', '2025-06-18'),
			('2024-11-05', '2025-03-26')):
		st, hd, body = f.mcp({'jsonrpc': '2.0', 'id': 'a', 'method': 'initialize',
			'params': {'protocolVersion': asked, 'capabilities': {}}})
		expect(st == 200 and body['id'] == 'a', body)
		res = body['result']
		expect(res['protocolVersion'] == want and res['capabilities'] == {'tools': {}}, res)
		expect(res['serverInfo']['name'], res)
		sid = hd.get('Mcp-Session-Id') or ''
		expect(sid and all(0x21 <= ord(c) <= 0x7e for c in sid), sid)


@point('MCP: session header required (400), unknown 404, initialized 202 empty')
def t_mcp_session(f):
	sid = f.session()
	ls = {'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}
	st, _, body = f.mcp(ls)
	expect(st == 400, (st, body))
	st, _, body = f.mcp(ls, sid='not-a-session')
	expect(st == 404, (st, body))
	st, _, body = f.mcp(ls, sid=sid, token=MATE_TOKEN)
	expect(st == 404, 'a session belongs to its token')
	st, _, data = f.raw('POST', '/mcp', {'jsonrpc': '2.0', 'method': 'notifications/initialized'},
		{'Authorization': 'Bearer ' + TOKEN, 'Accept': ACCEPT, 'Mcp-Session-Id': sid})
	expect(st == 202 and data == b'', (st, data))
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid)
	expect(st == 200 and body['result'] == {}, body)


@point('MCP: tools/list names the five tools and their arguments')
def t_mcp_list(f):
	sid = f.session()
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, sid)
	tools = {t['name']: t['inputSchema'] for t in body['result']['tools']}
	expect(set(tools) == {'list_comments', 'add_comment', 'delete_comment', 'get_task_history',
		'list_members'}, tools)
	expect(set(tools['add_comment']['properties']) == {'taskId', 'projectId', 'content'}, tools)
	expect(tools['add_comment']['required'] == ['taskId', 'content'], tools)
	expect(set(tools['delete_comment']['properties']) == {'commentId', 'taskId', 'projectId'}, tools)
	expect(tools['list_members']['required'] == ['projectId'], tools)


@point('MCP: comments listed oldest first, added, deleted; task untouched')
def t_mcp_comments(f):
	sid = f.session()
	before = f.api('GET', '/projects/1/tasks/1')[2]
	hist = f.api('GET', '/projects/1/tasks/1/history')[2]
	cs = result_of(f.tool(sid, 'list_comments', {'taskId': 1}))
	expect([c['id'] for c in cs] == [1, 2], cs)
	c = result_of(f.tool(sid, 'add_comment', {'taskId': 1, 'projectId': 1, 'content': '<b>hi</b>'}))
	expect(set(c) == {'id', 'taskId', 'content', 'authorId', 'authorName', 'createdAt'}, c)
	expect(c['taskId'] == 1 and c['authorId'] == ME_ID and STAMP.match(c['createdAt']), c)
	cs = result_of(f.tool(sid, 'list_comments', {'taskId': 1, 'projectId': 1}))
	expect([x['id'] for x in cs] == [1, 2, c['id']], cs)
	d = result_of(f.tool(sid, 'delete_comment', {'commentId': c['id']}))
	expect(d['deleted'] is True, d)
	# Sam is Admin of project 1, so may delete Kim's comment too.
	result_of(f.tool(sid, 'delete_comment', {'commentId': 2, 'taskId': 1}))
	expect(f.api('GET', '/projects/1/tasks/1')[2] == before, 'comments changed the task')
	expect(f.api('GET', '/projects/1/tasks/1/history')[2] == hist, 'comments in history')


@point('MCP: refusals are isError results')
def t_mcp_refusals(f):
	sid, msid = f.session(), f.session(MATE_TOKEN)
	expect('not found' in (refused(f.tool(sid, 'list_comments', {'taskId': 999})) or ''), 'unknown')
	expect(refused(f.tool(sid, 'list_comments', {'taskId': 1, 'projectId': 2})), 'wrong project')
	# Sam is a Viewer of project 2: may read, may not comment.
	expect(len(result_of(f.tool(sid, 'list_comments', {'taskId': 5}))) == 1, 'viewer reads')
	expect(refused(f.tool(sid, 'add_comment', {'taskId': 5, 'content': 'x'})), 'viewer adds')
	# Kim is a Member of project 1: may not delete Sam's comment.
	mine = result_of(f.tool(sid, 'add_comment', {'taskId': 1, 'content': 'mine'}))
	expect('own' in refused(f.tool(msid, 'delete_comment', {'commentId': mine['id']}, MATE_TOKEN)),
		'delete of another one comment')
	# ... nor may Sam, a Viewer, delete Kim's in project 2.
	expect(refused(f.tool(sid, 'delete_comment', {'commentId': 3})), 'viewer deletes')
	expect(refused(f.tool(sid, 'delete_comment', {'commentId': 424242})), 'unknown comment')
	expect(refused(f.tool(sid, 'add_comment', {'taskId': 1, 'content': '  '})), 'empty comment')


@point('MCP: unknown method or tool -32601, bad arguments -32602')
def t_mcp_errors(f):
	sid = f.session()
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 4, 'method': 'resources/list'}, sid)
	expect(st == 200 and body['error']['code'] == -32601 and body['id'] == 4, body)
	expect(f.tool(sid, 'no_such_tool', {})['error']['code'] == -32601, 'unknown tool')
	for args in ({}, {'taskId': '1'}, {'taskId': 1, 'content': 'x', 'colour': 1},
			{'taskId': 1, 'content': 5}, {'taskId': True, 'content': 'x'}):
		body = f.tool(sid, 'add_comment', args)
		expect(body.get('error', {}).get('code') == -32602, (args, body))
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 5, 'method': 'tools/call', 'params': 'x'}, sid)
	expect(body['error']['code'] == -32602, body)
	st, _, body = f.call('POST', '/mcp', b'{oops', headers={'Accept': ACCEPT,
		'Mcp-Session-Id': sid})
	expect(st == 400 and body['error']['code'] == -32700, body)


@point('MCP: get_task_history and list_members')
def t_mcp_reads(f):
	sid = f.session()
	h = result_of(f.tool(sid, 'get_task_history', {'taskId': 2}))
	expect(h == f.api('GET', '/projects/1/tasks/2/history')[2], h)
	m = result_of(f.tool(sid, 'list_members', {'projectId': 1}))
	expect(len(m['members']) == 3 and m['invitations'][0]['email'] == 'new@example.com', m)
	expect(refused(f.tool(sid, 'list_members', {'projectId': 77})), 'unknown project')


@point('MCP: batches; expire_session gives 404; DELETE ends a session')
def t_mcp_end(f):
	sid = f.session()
	st, _, body = f.mcp([{'jsonrpc': '2.0', 'id': 1, 'method': 'ping'},
		{'jsonrpc': '2.0', 'method': 'notifications/cancelled', 'params': {}},
		{'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}], sid)
	expect(st == 200 and [r['id'] for r in body] == [1, 2], body)
	f.control(expire_session=True)
	st, _, _ = f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid)
	expect(st == 404, st)
	sid = f.session()
	st, _, data = f.raw('DELETE', '/mcp', None, {'Authorization': 'Bearer ' + TOKEN,
		'Mcp-Session-Id': sid})
	expect(st in (200, 204), st)
	st, _, _ = f.mcp({'jsonrpc': '2.0', 'id': 3, 'method': 'ping'}, sid)
	expect(st == 404, st)
	st, _, data = f.raw('DELETE', '/mcp', None, {'Authorization': 'Bearer ' + TOKEN})
	expect(st == 400, st)


def read_stream(f, msg, sid, timeout=5):
	"""(status, headers, raw body with chunking undone, flush count) of
	an MCP POST, read over a bare socket so the framing can be seen."""
	data = json.dumps(msg).encode()
	s = socket.create_connection(('127.0.0.1', f.port), timeout=timeout)
	try:
		s.sendall(b'POST /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n'
			b'Accept: %s\r\nMcp-Session-Id: %s\r\nContent-Type: application/json\r\n'
			b'Content-Length: %d\r\n\r\n%s' % (TOKEN.encode(), ACCEPT.encode(), sid.encode(),
			len(data), data))
		raw, reads = b'', 0
		while True:
			got = s.recv(65536)
			if not got:
				break
			raw += got
			reads += 1
			if raw.endswith(b'\r\n0\r\n\r\n'):
				break
	finally:
		s.close()
	head, _, rest = raw.partition(b'\r\n\r\n')
	lines = head.decode().split('\r\n')
	status = int(lines[0].split()[1])
	headers = {k.lower(): v.strip() for k, _, v in (l.partition(':') for l in lines[1:])}
	body, chunks = b'', 0
	if headers.get('transfer-encoding') == 'chunked':
		while rest:
			size_line, _, rest = rest.partition(b'\r\n')
			n = int(size_line, 16)
			if n == 0:
				break
			body, rest = body + rest[:n], rest[n + 2:]
			chunks += 1
	else:
		body = rest
	return status, headers, body, chunks


def parse_sse(text):
	"""The events of an event stream: a list of (event, data)."""
	events, data, name = [], [], None
	for line in re.split(r'\r\n|\r|\n', text):
		if line == '':
			if data:
				events.append((name or 'message', '\n'.join(data)))
			data, name = [], None
		elif line.startswith(':'):
			continue
		else:
			field, _, value = line.partition(':')
			value = value[1:] if value.startswith(' ') else value
			if field == 'data':
				data.append(value)
			elif field == 'event':
				name = value
	return events


@point('MCP: sse mode answers a parseable event stream in several flushes')
def t_mcp_sse(f):
	sid = f.session()
	f.control(sse=True)
	try:
		st, hd, body, chunks = read_stream(f, {'jsonrpc': '2.0', 'id': 9, 'method': 'tools/call',
			'params': {'name': 'list_comments', 'arguments': {'taskId': 1}}}, sid)
		expect(st == 200 and hd['content-type'].startswith('text/event-stream'), hd)
		text = body.decode()
		expect('\r\n' in text and text.startswith(':') and chunks >= 4, (chunks, text))
		expect(text.count('\r\ndata: ') >= 3, text)
		events = parse_sse(text)
		msgs = [json.loads(d) for _, d in events]
		expect(len(msgs) == 2 and 'id' not in msgs[0] and msgs[0]['method'], msgs)
		expect(msgs[1]['id'] == 9 and json.loads(msgs[1]['result']['content'][0]['text']), msgs)
		# initialize streams too, with the session header.
		st, hd, body = f.raw('POST', '/mcp', {'jsonrpc': '2.0', 'id': 1, 'method': 'initialize',
			'params': {'protocolVersion': '2025-03-26'}}, {'Authorization': 'Bearer ' + TOKEN,
			'Accept': ACCEPT})
		expect(st == 200 and hd.get('Mcp-Session-Id'), hd)
		got = [json.loads(d) for _, d in parse_sse(body.decode())]
		expect(got[-1]['result']['protocolVersion'] == '2025-03-26', got)
		# Notifications still get 202.
		st, _, data = f.raw('POST', '/mcp', {'jsonrpc': '2.0', 'method': 'notifications/initialized'},
			{'Authorization': 'Bearer ' + TOKEN, 'Accept': ACCEPT, 'Mcp-Session-Id': sid})
		expect(st == 202 and data == b'', st)
		# truncate cuts the stream inside the answer's event, without the last chunk.
		f.control(truncate=1)
		st, _, body, _ = read_stream(f, {'jsonrpc': '2.0', 'id': 10, 'method': 'ping'}, sid)
		text = body.decode()
		expect(st == 200 and '"id": 10' not in text and len(parse_sse(text)) == 1, text)
	finally:
		f.control(sse=False, truncate=0)


@point('MCP: tool_missing and rename_arg change the schema')
def t_mcp_schema(f):
	sid = f.session()
	f.control(tool_missing='add_comment')
	try:
		body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, sid)[2]
		expect('add_comment' not in [t['name'] for t in body['result']['tools']], body)
		expect(f.tool(sid, 'add_comment', {'taskId': 1, 'content': 'x'})['error']['code']
			== -32601, 'missing tool callable')
	finally:
		f.control(tool_missing=None)
	f.control(rename_arg={'tool': 'add_comment', 'from': 'content', 'to': 'text'})
	try:
		body = f.mcp({'jsonrpc': '2.0', 'id': 2, 'method': 'tools/list'}, sid)[2]
		schema = [t for t in body['result']['tools'] if t['name'] == 'add_comment'][0]['inputSchema']
		expect('text' in schema['properties'] and 'content' not in schema['properties'], schema)
		expect('text' in schema['required'], schema)
		expect(f.tool(sid, 'add_comment', {'taskId': 1, 'content': 'x'})['error']['code']
			== -32602, 'old name taken')
		c = result_of(f.tool(sid, 'add_comment', {'taskId': 1, 'text': 'renamed'}))
		expect(c['content'] == 'renamed', c)
	finally:
		f.control(rename_arg=None)
	expect(result_of(f.tool(sid, 'add_comment', {'taskId': 1, 'content': 'back'})), 'restored')


# ------------------------------------------------------------- switches

@point('fail: 429 with Retry-After, then 503, then normal; on /mcp too')
def t_fail(f):
	f.control(fail={'status': 429, 'count': 2, 'retry_after': 3})
	for _ in range(2):
		st, hd, body = f.api('GET', '/projects')
		expect(st == 429 and hd.get('Retry-After') == '3' and api_error(body), (st, body))
	expect(f.api('GET', '/projects')[0] == 200, 'fail outlived its count')
	f.control(fail={'status': 503})
	st, _, body = f.mcp({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {}})
	expect(st == 503 and api_error(body), (st, body))
	expect(f.api('GET', '/projects')[0] == 200, 'fail count 1')


@point('drop: the write is applied, the answer never comes')
def t_drop(f):
	f.control(drop=1, clear_log=True)
	try:
		f.api('POST', '/projects/1/tasks', {'title': 'Dropped', 'priority': 'Low'})
		raise AssertionError('got an answer')
	except (http.client.HTTPException, ConnectionError, socket.timeout):
		pass
	titles = [t['title'] for t in f.api('GET', '/projects/1/tasks')[2]]
	expect('Dropped' in titles, titles)
	entry = f.log()[0]
	expect(entry['applied'] and entry['dropped'] and entry['fault'] == 'drop', entry)


@point('garbage and truncate spoil the answer')
def t_garbage(f):
	f.control(garbage=1)
	st, _, data = f.raw('GET', '/api/projects', headers={'Authorization': 'Bearer ' + TOKEN})
	expect(st == 200, st)
	try:
		json.loads(data)
		raise AssertionError('garbage parsed')
	except ValueError:
		pass
	f.control(truncate=1)
	try:
		st, _, data = f.raw('GET', '/api/projects', headers={'Authorization': 'Bearer ' + TOKEN})
		raise AssertionError('whole answer: %r' % data)
	except http.client.IncompleteRead:
		pass
	expect(f.api('GET', '/projects')[0] == 200, 'switches outlived their count')


@point('hang: no answer until the client times out; latency_ms delays')
def t_hang(f):
	f.control(hang=1)
	t0 = time.time()
	try:
		f.api('GET', '/projects', timeout=0.5)
		raise AssertionError('answered')
	except (socket.timeout, TimeoutError):
		pass
	expect(time.time() - t0 < 3, 'timeout')
	expect(f.api('GET', '/projects')[0] == 200, 'hang outlived its count')
	# hang true holds every request; hang 0 lets go of them (closed, unanswered).
	f.control(hang=True)
	conns = []
	for _ in range(2):
		c = http.client.HTTPConnection('127.0.0.1', f.port, timeout=5)
		c.request('GET', '/api/projects', headers={'Authorization': 'Bearer ' + TOKEN})
		conns.append(c)
	time.sleep(0.2)
	f.control(hang=0)
	for c in conns:
		try:
			c.getresponse()
			raise AssertionError('a held request was answered')
		except (http.client.RemoteDisconnected, ConnectionError):
			pass
		finally:
			c.close()
	expect(f.api('GET', '/projects')[0] == 200, 'hang true outlived hang 0')
	f.control(latency_ms=300)
	t0 = time.time()
	f.api('GET', '/projects')
	expect(time.time() - t0 >= 0.3, 'no latency')
	f.control(latency_ms=0)


@point('fail_rate with a seed repeats its faults; reject_once; clear_log')
def t_rate(f):
	def run():
		f.control(fail_rate=0.5, fault='garbage', random_seed=11, clear_log=True)
		for _ in range(12):
			f.raw('GET', '/api/projects', headers={'Authorization': 'Bearer ' + TOKEN})
		f.control(fail_rate=0)
		return [e['fault'] for e in f.log()]
	a, b = run(), run()
	expect(a == b and 'garbage' in a and None in a, (a, b))
	f.control(reject_once={'method': 'PUT', 'path': '/api/projects/1/tasks/1', 'status': 409,
		'message': 'Edited elsewhere.'})
	st, _, body = f.api('PUT', '/projects/1/tasks/1', {'title': 'x'})
	expect(st == 409 and body['errors'] == ['Edited elsewhere.'], body)
	expect(f.api('PUT', '/projects/1/tasks/1', {'title': 'Write the spec'})[0] == 200, 'once')
	f.control(clear_log=True)
	expect(f.log() == [], 'log cleared')


@point('the log tells auth, rpc and tool without keeping the token')
def t_log(f):
	f.control(clear_log=True)
	sid = f.session()
	f.tool(sid, 'list_comments', {'taskId': 1})
	f.api('GET', '/projects', token=None)
	log = f.log()
	expect(TOKEN not in json.dumps(log) and MATE_TOKEN not in json.dumps(log), log)
	expect([e['rpc'] for e in log[:3]] == ['initialize', 'notifications/initialized',
		'tools/call'], log)
	expect(log[2]['tool'] == 'list_comments' and log[2]['auth'] is True, log[2])
	expect(log[3]['auth'] is False and log[3]['status'] == 401, log[3])
	expect(all(k in log[0] for k in ('method', 'path', 'body', 'status', 'applied', 'fault', 't')),
		log[0])


@point('teammate acts as Kim past the switches; state round-trips')
def t_teammate(f):
	f.control(fail={'status': 503, 'count': 5})
	st, _, t = f.call('POST', '/_teammate', {'method': 'PUT', 'path': '/api/projects/1/tasks/2',
		'body': {'title': 'Renamed by Kim'}}, token=None)
	expect(st == 200 and t['title'] == 'Renamed by Kim', (st, t))
	st, _, res = f.call('POST', '/_teammate', {'tool': 'add_comment',
		'arguments': {'taskId': 2, 'content': 'from Kim'}}, token=None)
	expect(st == 200 and json.loads(res['content'][0]['text'])['authorId'] == MATE_ID, res)
	st, _, body = f.call('POST', '/_teammate', {'method': 'DELETE',
		'path': '/projects/1/tasks/2'}, token=None)
	expect(st == 403, (st, body))
	f.control(fail=None)
	h = f.api('GET', '/projects/1/tasks/2/history')[2]
	expect(h[0]['actorId'] == MATE_ID and h[0]['action'] == 'TitleChanged', h[0])
	state = f.call('GET', '/_state', token=None)[2]
	state['tasks'] = [t for t in state['tasks'] if t['id'] != 4]
	expect(f.call('POST', '/_state', state, token=None)[0] == 200, 'state')
	expect(4 not in [t['id'] for t in f.api('GET', '/projects/1/tasks')[2]], 'state applied')
	st, _, body = f.call('POST', '/_control', {'bogus': 1}, token=None)
	expect(st == 400, body)


@point('--tasks N seeds N more tasks in project 1')
def t_seeded(f):
	big = Fake('--tasks', '40')
	try:
		ts = big.call('GET', '/api/projects/1/tasks')[2]
		expect(len(ts) == 44 and {t['status'] for t in ts} == {'New', 'Active', 'Blocked',
			'Closed'}, len(ts))
		ids = [t['id'] for t in ts]
		expect(len(set(ids)) == len(ids), 'ids repeat')
	finally:
		big.stop()


def main():
	try:
		fake = Fake()
	except (RuntimeError, OSError) as e:
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
					fake.control(fail=None, drop=0, garbage=0, truncate=0, hang=0,
						latency_ms=0, fail_rate=0, sse=False, tool_missing=None,
						rename_arg=None)
				except Exception:
					pass
		print('1..%d' % (len(points) + 1))
	finally:
		fake.stop()
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
