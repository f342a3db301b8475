#!/usr/bin/env python3
"""TAP test for the fake Asana server (asana.py) and the spec checker
(oas_check.py).  Starts the fake on port 0, talks to it with urllib, then
checks every request it made against Asana's OpenAPI spec.

The spec is found through $LANES_ASANA_SPEC, else ../shared/specs/asana_oas.yaml
next to the repository; the spec tests are skipped when it is absent.
"""

import http.client
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SPEC = os.environ.get('LANES_ASANA_SPEC') or os.path.join(
	os.path.dirname(REPO), 'shared', 'specs', 'asana_oas.yaml')
TOKEN = 'test-token'
NET_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError)


class Fake:
	"""One fake server process that this test started."""

	def __init__(self, state_dir, log):
		self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, 'asana.py'),
			'--port', '0', '--state-dir', state_dir, '--log', log],
			stdout=subprocess.PIPE, text=True)
		# Do not wait forever for a fake that never comes up.
		ready = select.select([self.proc.stdout], [], [], 30)[0]
		line = self.proc.stdout.readline() if ready else ''
		if not line.startswith('PORT '):
			self.stop()
			raise RuntimeError('fake did not start: %r' % line)
		self.port = int(line.split()[1])
		self.base = 'http://127.0.0.1:%d' % self.port

	def stop(self):
		if self.proc.poll() is None:
			self.proc.terminate()
			try:
				self.proc.wait(5)
			except subprocess.TimeoutExpired:
				self.proc.kill()
				self.proc.wait()

	def call(self, method, path, data=None, token=TOKEN, timeout=5, raw=None):
		"""(status, headers, parsed JSON body) of one request."""
		body = raw if raw is not None else (
			json.dumps(data).encode() if data is not None else None)
		req = urllib.request.Request(self.base + path, data=body, method=method)
		if token:
			req.add_header('Authorization', 'Bearer ' + token)
		if body is not None:
			req.add_header('Content-Type', 'application/json')
		try:
			with urllib.request.urlopen(req, timeout=timeout) as r:
				return r.status, r.headers, json.loads(r.read() or b'null')
		except urllib.error.HTTPError as e:
			return e.code, e.headers, json.loads(e.read() or b'null')

	def api(self, method, path, data=None, **kw):
		return self.call(method, '/api/1.0' + path, data, **kw)

	def control(self, **settings):
		return self.call('POST', '/_control', settings, token=None)[2]


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


def tasks_of(fake, path):
	return [t['gid'] for t in fake.api('GET', path)[2]['data']]


# ------------------------------------------------------------- test points

@point('requests without the token get 401 and an Asana error body')
def t_auth(fake, ctx):
	st, _, body = fake.api('GET', '/users/me', token=None)
	expect(st == 401, st)
	expect(body['errors'][0]['message'] and 'help' in body['errors'][0], body)
	st, _, body = fake.api('GET', '/users/me', token='wrong')
	expect(st == 401, st)


@point('me, workspaces and projects')
def t_hierarchy(fake, ctx):
	me = fake.api('GET', '/users/me')[2]['data']
	expect(me['gid'] == '1001' and me['email'], me)
	ws = fake.api('GET', '/workspaces')[2]['data']
	expect([w['name'] for w in ws] == ['Acme'], ws)
	projects = fake.api('GET', '/projects?workspace=%s' % ws[0]['gid'])[2]['data']
	expect(projects == [{'gid': '1200', 'resource_type': 'project', 'name': 'Launch'}], projects)
	secs = fake.api('GET', '/projects/1200/sections')[2]['data']
	expect([s['name'] for s in secs] == ['To Do', 'Doing', 'Done'], secs)


@point('pagination with limit walks all tasks in board order')
def t_paging(fake, ctx):
	path, seen, pages = '/projects/1200/tasks?limit=2&opt_fields=name,completed', [], 0
	while path:
		st, _, body = fake.api('GET', path)
		expect(st == 200, (st, body))
		seen += [t['gid'] for t in body['data']]
		expect(all(set(t) == {'gid', 'name', 'completed'} for t in body['data']), body)
		pages += 1
		path = body['next_page']['path'] if body['next_page'] else None
	expect(seen == ['1401', '1402', '1403', '1404', '1405'], seen)
	expect(pages == 3, pages)


@point('no next_page without limit; limit outside 1..100 is 400')
def t_paging_limits(fake, ctx):
	body = fake.api('GET', '/projects/1200/tasks')[2]
	expect('next_page' not in body and len(body['data']) == 5, body)
	for bad in ('0', '101'):
		st, _, body = fake.api('GET', '/projects/1200/tasks?limit=' + bad)
		expect(st == 400 and body['errors'], (bad, st, body))
	st, _, _ = fake.api('GET', '/projects/1200/tasks?limit=2&offset=garbage')
	expect(st == 400, st)


@point('addTask moves a card, orders it, and leaves a system story')
def t_move(fake, ctx):
	before = fake.api('GET', '/tasks/1401')[2]['data']['modified_at']
	st, _, body = fake.api('POST', '/sections/1302/addTask',
		{'data': {'task': '1401', 'insert_after': '1404'}})
	expect(st == 200 and body == {'data': {}}, (st, body))
	expect(tasks_of(fake, '/sections/1302/tasks') == ['1404', '1401'], 'order in Doing')
	expect(tasks_of(fake, '/sections/1301/tasks') == ['1402', '1403'], 'left To Do')
	t = fake.api('GET', '/tasks/1401?opt_fields=memberships.section.name,modified_at')[2]['data']
	expect(t['memberships'] == [{'section': {'gid': '1302', 'name': 'Doing'}}], t)
	expect(t['modified_at'] == before, 'a move must not change modified_at')
	stories = fake.api('GET', '/tasks/1401/stories?opt_fields=type,resource_subtype,text')[2]['data']
	moved = [s for s in stories if s['resource_subtype'] == 'section_changed']
	expect(len(moved) == 1 and moved[0]['type'] == 'system' and 'Doing' in moved[0]['text'],
		stories)
	# Without an anchor the card goes to the top of the section.
	fake.api('POST', '/sections/1302/addTask', {'data': {'task': '1402'}})
	expect(tasks_of(fake, '/sections/1302/tasks') == ['1402', '1404', '1401'], 'top')


@point('sections: create, rename, reorder, delete rules')
def t_sections(fake, ctx):
	st, _, body = fake.api('POST', '/projects/1200/sections',
		{'data': {'name': 'Review', 'insert_before': '1303'}})
	expect(st == 201, (st, body))
	sg = body['data']['gid']
	names = lambda: [s['name'] for s in fake.api('GET', '/projects/1200/sections')[2]['data']]
	expect(names() == ['To Do', 'Doing', 'Review', 'Done'], names())
	fake.api('PUT', '/sections/' + sg, {'data': {'name': 'QA'}})
	fake.api('POST', '/projects/1200/sections/insert',
		{'data': {'section': sg, 'before_section': '1301'}})
	expect(names() == ['QA', 'To Do', 'Doing', 'Done'], names())
	st, _, _ = fake.api('DELETE', '/sections/1303')
	expect(st == 400, 'deleting a non-empty section must fail')
	st, _, _ = fake.api('DELETE', '/sections/' + sg)
	expect(st == 200 and names() == ['To Do', 'Doing', 'Done'], names())


@point('tasks, comments, subtasks and time entries')
def t_cards(fake, ctx):
	st, _, body = fake.api('POST', '/tasks', {'data': {'name': 'Ship it', 'notes': 'go',
		'memberships': [{'project': '1200', 'section': '1301'}], 'due_on': '2026-03-01'}})
	expect(st == 201 and body['data']['created_by']['gid'] == '1001', body)
	gid = ctx['new_task'] = body['data']['gid']
	expect(tasks_of(fake, '/sections/1301/tasks')[-1] == gid, 'new card at the end of To Do')
	since = body['data']['created_at']
	fake.api('PUT', '/tasks/1403', {'data': {'completed': True}})
	changed = tasks_of(fake, '/tasks?project=1200&modified_since=' + since)
	expect(set(changed) == {gid, '1403'}, changed)
	st, _, body = fake.api('POST', '/tasks/%s/stories' % gid, {'data': {'text': 'first'}})
	expect(st == 201 and body['data']['type'] == 'comment', body)
	story = body['data']['gid']
	st, _, body = fake.api('PUT', '/stories/' + story, {'data': {'text': 'edited'}})
	expect(body['data']['is_edited'] and body['data']['text'] == 'edited', body)
	st, _, _ = fake.api('DELETE', '/stories/1601')
	expect(st == 403, 'cannot delete another user\'s comment')
	subs = [fake.api('POST', '/tasks/%s/subtasks' % gid, {'data': {'name': n}})[2]['data']['gid']
		for n in ('a', 'b', 'c')]
	fake.api('POST', '/tasks/%s/setParent' % subs[2],
		{'data': {'parent': gid, 'insert_before': subs[0]}})
	order = tasks_of(fake, '/tasks/%s/subtasks' % gid)
	expect(order == [subs[2], subs[0], subs[1]], order)
	for anchor, want in (({'insert_after': subs[1]}, [subs[2], subs[1], subs[0]]),
			({'insert_after': None}, [subs[0], subs[2], subs[1]]),
			({'insert_after': subs[2]}, [subs[2], subs[0], subs[1]])):
		fake.api('POST', '/tasks/%s/setParent' % subs[0], {'data': dict(parent=gid, **anchor)})
		order = tasks_of(fake, '/tasks/%s/subtasks' % gid)
		expect(order == want, (anchor, order))
	st, _, _ = fake.api('POST', '/tasks/%s/setParent' % subs[0],
		{'data': {'parent': gid, 'insert_after': '1406'}})
	expect(st == 400, 'an anchor that is no sibling is refused')
	moved = fake.api('POST', '/tasks/%s/subtasks' % gid, {'data': {'name': 'd'}})[2]['data']['gid']
	st, _, body = fake.api('POST', '/tasks/%s/setParent' % moved, {'data': {'parent': '1402'}})
	expect(st == 200 and body['data']['parent']['gid'] == '1402', body)
	expect(tasks_of(fake, '/tasks/1402/subtasks') == [moved] and
		moved not in tasks_of(fake, '/tasks/%s/subtasks' % gid), 'a new parent takes it')
	fake.api('PUT', '/tasks/' + subs[0], {'data': {'completed': True}})
	fake.api('DELETE', '/tasks/' + subs[1])
	expect(tasks_of(fake, '/tasks/%s/subtasks' % gid) == [subs[2], subs[0]], 'deleted')
	st, _, body = fake.api('POST', '/tasks/%s/time_tracking_entries' % gid,
		{'data': {'duration_minutes': 25, 'entered_on': '2026-02-02'}})
	expect(st == 201 and body['data']['duration_minutes'] == 25, body)
	fake.api('PUT', '/time_tracking_entries/' + body['data']['gid'],
		{'data': {'duration_minutes': 30}})
	t = fake.api('GET', '/tasks/%s?opt_fields=actual_time_minutes,num_subtasks' % gid)[2]['data']
	expect(t['actual_time_minutes'] == 30 and t['num_subtasks'] == 2, t)


@point('a 429 switch answers once with Retry-After, then recovers')
def t_429(fake, ctx):
	fake.control(fail_next=[{'status': 429, 'retry_after': 2}])
	st, headers, body = fake.api('GET', '/workspaces')
	expect(st == 429 and headers['Retry-After'] == '2' and body['errors'], (st, body))
	st, _, _ = fake.api('GET', '/workspaces')
	expect(st == 200, st)


@point('a rate limit lets that many requests through a window, then 429 until one leaves it')
def t_rate_limit(fake, ctx):
	fake.control(rate_limit=3, rate_window=1, reset_rate=True, clear_log=True)
	got = [fake.api('GET', '/workspaces')[0] for _ in range(4)]
	expect(got == [200, 200, 200, 429], got)
	st, headers, body = fake.api('GET', '/workspaces')
	expect(st == 429 and headers['Retry-After'] == '1' and body['errors'], (st, headers))
	log = fake.call('GET', '/_log', token=None)[2]
	expect([e.get('rate_limited', False) for e in log] == [False] * 3 + [True] * 2, log)
	time.sleep(1.05)
	expect(fake.api('GET', '/workspaces')[0] == 200, 'the window moved on')
	fake.control(rate_limit=0)
	expect(all(fake.api('GET', '/workspaces')[0] == 200 for _ in range(5)), 'off again')


@point('drop_after_apply applies the write but never answers')
def t_drop_after_apply(fake, ctx):
	fake.control(fail_next=['drop_after_apply'])
	try:
		fake.api('POST', '/tasks/1402/stories', {'data': {'text': 'lost answer'}})
		expect(False, 'expected the connection to drop')
	except NET_ERRORS:
		pass
	stories = fake.api('GET', '/tasks/1402/stories?opt_fields=text,created_by')[2]['data']
	mine = [s for s in stories if s['text'] == 'lost answer']
	expect(len(mine) == 1 and mine[0]['created_by']['gid'] == '1001', stories)


@point('drop, malformed, truncated, hang and down')
def t_other_faults(fake, ctx):
	fake.control(fail_next=['drop'])
	try:
		fake.api('PUT', '/tasks/1402', {'data': {'name': 'never'}})
		expect(False, 'expected a drop')
	except NET_ERRORS:
		pass
	expect(fake.api('GET', '/tasks/1402')[2]['data']['name'] != 'never', 'drop applied')
	fake.control(fail_next=['malformed'])
	try:
		fake.api('GET', '/workspaces')
		expect(False, 'expected bad JSON')
	except ValueError:
		pass
	fake.control(fail_next=['truncated'])
	try:
		fake.api('GET', '/projects/1200/tasks')
		expect(False, 'expected a short body')
	except NET_ERRORS:
		pass
	fake.control(fail_next=['hang'])
	t0 = time.time()
	try:
		fake.api('GET', '/workspaces', timeout=0.5)
		expect(False, 'expected a timeout')
	except NET_ERRORS:
		expect(time.time() - t0 < 3, 'timeout took too long')
	fake.control(down=True)
	try:
		fake.api('GET', '/workspaces')
		expect(False, 'expected down')
	except NET_ERRORS:
		pass
	fake.control(down=False)
	expect(fake.api('GET', '/workspaces')[0] == 200, 'back up')
	log = fake.call('GET', '/_log', token=None)[2]
	expect(log[-1]['path'] == '/workspaces' and log[-1]['status'] == 200, log[-1])


@point('events: 412 and a token first, then what changed since, page by page')
def t_events(fake, ctx):
	st, _, body = fake.api('GET', '/events?resource=1200')
	expect(st == 412 and body['sync'] and body['errors'][0]['message'], (st, body))
	tok = body['sync']
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + tok)
	expect(st == 200 and body['data'] == [] and not body['has_more'], (st, body))
	expect(body['sync'] == tok, body)
	fake.api('PUT', '/tasks/1402', {'data': {'name': 'Book the venue'}})
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + tok)
	expect(st == 200 and len(body['data']) == 1 and body['sync'] != tok, (st, body))
	expect(body['data'][0]['action'] == 'changed', body)
	tok = body['sync']
	for i in range(150):
		fake.api('PUT', '/tasks/1402', {'data': {'notes': 'n%d' % i}})
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + tok)
	expect(len(body['data']) == 100 and body['has_more'], (len(body['data']), body['has_more']))
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + body['sync'])
	expect(len(body['data']) == 50 and not body['has_more'], (len(body['data']), body['has_more']))
	# a change of the state by someone else is an event too
	state = fake.call('GET', '/_state', token=None)[2]
	fake.call('POST', '/_state', state, token=None)
	st, _, after = fake.api('GET', '/events?resource=1200&sync=' + body['sync'])
	expect(len(after['data']) == 1, after)
	ctx['events_token'] = after['sync']
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + after['sync'] + '9')
	expect(st == 412 and body['sync'] == after['sync'], (st, body))
	st, _, body = fake.api('GET', '/events?resource=42')
	expect(st == 404, st)
	st, _, body = fake.api('GET', '/events')
	expect(st == 400, st)
	# a fault with a path waits for a request to that path
	fake.control(fail_next=[{'status': 500, 'path': '/events'}])
	expect(fake.api('GET', '/workspaces')[0] == 200, 'the fault is for /events only')
	expect(fake.api('GET', '/events?resource=1200')[0] == 500, 'the fault hits /events')
	expect(fake.api('GET', '/events?resource=1200')[0] == 412, 'once')


@point('state survives a restart of the fake; the event feed starts again')
def t_restart(fake, ctx):
	fake.stop()
	ctx['fake'] = fake = Fake(ctx['dir'], ctx['log'])
	st, _, body = fake.api('GET', '/tasks/' + ctx['new_task'])
	expect(st == 200 and body['data']['name'] == 'Ship it', (st, body))
	# the event feed is not state: a token from before is too old
	st, _, body = fake.api('GET', '/events?resource=1200&sync=' + ctx['events_token'])
	expect(st == 412 and body['sync'] != ctx['events_token'], (st, body))


def run_check(logfile):
	p = subprocess.run([sys.executable, os.path.join(HERE, 'oas_check.py'), SPEC, logfile],
		stdout=subprocess.PIPE, text=True)
	return p.returncode, p.stdout


@point('oas_check accepts every request this test made')
def t_oas_ok(fake, ctx):
	if not os.path.exists(SPEC):
		return 'SKIP spec not found'
	with open(ctx['log']) as f:
		expect(sum(1 for _ in f) > 40, 'the log is too short')
	rc, out = run_check(ctx['log'])
	expect(rc == 0, out)


@point('oas_check rejects a wrong request')
def t_oas_bad(fake, ctx):
	if not os.path.exists(SPEC):
		return 'SKIP spec not found'
	bad = os.path.join(ctx['dir'], 'bad.jsonl')
	with open(bad, 'w') as f:
		f.write(json.dumps({'method': 'POST', 'path': '/tasks', 'query': {},
			'body': {'data': {'name': 'x', 'colour': 'red', 'completed': 'yes'}}}) + '\n')
		f.write(json.dumps({'method': 'POST', 'path': '/sections/1/moveTask',
			'body': {'data': {}}}) + '\n')
	rc, out = run_check(bad)
	expect(rc == 1, (rc, out))
	expect('data.colour' in out and 'data.completed' in out and 'moveTask' in out, out)


@point('oas_check exits 77 when the spec is missing')
def t_oas_skip(fake, ctx):
	p = subprocess.run([sys.executable, os.path.join(HERE, 'oas_check.py'),
		os.path.join(ctx['dir'], 'nope.yaml'), ctx['log']], stdout=subprocess.PIPE, text=True)
	expect(p.returncode == 77 and 'SKIP' in p.stdout, (p.returncode, p.stdout))


def main():
	tmp = tempfile.mkdtemp(prefix='lanes-fake-asana-')
	ctx = {'dir': tmp, 'log': os.path.join(tmp, 'requests.jsonl')}
	failed = 0
	try:
		try:
			ctx['fake'] = Fake(tmp, ctx['log'])
		except (RuntimeError, OSError) as e:
			print('not ok 1 - fake starts\n# %s\n1..1' % e)
			return 1
		print('ok 1 - fake starts on port %d' % ctx['fake'].port)
		for n, (name, fn) in enumerate(points, 2):
			try:
				skip = fn(ctx['fake'], ctx)
				print('ok %d - %s%s' % (n, name, ' # ' + skip if skip else ''))
			except Exception as e:	# report and go on with the next point
				failed += 1
				print('not ok %d - %s' % (n, name))
				for line in ('%s: %s' % (type(e).__name__, e)).splitlines():
					print('# ' + line)
		print('1..%d' % (len(points) + 1))
	finally:
		if 'fake' in ctx:
			ctx['fake'].stop()
		shutil.rmtree(tmp, ignore_errors=True)
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
