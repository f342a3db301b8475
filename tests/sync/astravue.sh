#!/bin/sh
# Astravue through the command line, against its fake (tests/fakes/astravue.py:
# Keycloak's sign-in, REST in its envelope, MCP tools): `lanes login` with
# curl as the browser following the redirect to lanes' loopback port, and
# with the address pasted on standard input; a wrong state, a refused
# sign-in and a stale code exit 1 with the reason; the tokens kept where
# only the user reads them and in no trace. Then the board: statuses as
# columns (one with no task too), edits over REST and MCP, time in
# milliseconds, the service's own timer (a timer run offline becomes a
# manual entry), access tokens that expire (one refresh each, no refresh
# token used twice), a session that ends ("sign in again"), a Guest's
# project read-only, and the rate limit waited out.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
export LANES_TRACE="$T_HOME/trace.log" AV_SECRET=s3cret
T_EXTRA_ENV="$T_EXTRA_ENV AV_SECRET"

fake_run astravue.py
# this test makes more than Astravue's 100 requests a minute over many
# processes (each paces itself); its own limit is tested below
fake_ctl '{"rate_limit": 100000}'
AUTH="http://127.0.0.1:$FAKE_PORT/auth/realms/astravue/protocol/openid-connect"
printf 'account av service=astravue org=1 client-id=lanes-test client-secret-env=AV_SECRET url=http://127.0.0.1:%s/v1 auth-url=%s mcp-url=http://127.0.0.1:%s/mcp\n' \
	"$FAKE_PORT" "$AUTH" "$FAKE_PORT" > "$XDG_CONFIG_HOME/lanes/config"

# the browser: follows the sign-in's redirects (curl, else Python)
browse() {
	if command -v curl > /dev/null 2>&1; then
		curl -s -L --max-time 10 "$1"
	else
		"$FAKE_PY" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1],
			timeout=10).read().decode())' "$1"
	fi
}
# where the sign-in sends the browser back to, without going there
redirect_of() {
	"$FAKE_PY" -c '
import sys, urllib.request, urllib.error
class Stop(urllib.request.HTTPRedirectHandler):
	def redirect_request(self, *a):
		return None
try:
	urllib.request.build_opener(Stop).open(sys.argv[1], timeout=10)
except urllib.error.HTTPError as e:
	print(e.headers["Location"])' "$1"
}
# the URL lanes printed, once it did
url_of() {
	for i in $(seq 100); do
		[ -s "$1" ] && { head -1 "$1"; return; }
		sleep 0.05
	done
}
# lanes login av, the answer pasted on standard input: PASTE is a shell
# function that gets the authorize URL and prints what to paste
login_pasting() {
	rm -f "$T_HOME/in" "$T_HOME/url"
	mkfifo "$T_HOME/in"
	"$LANES" login av < "$T_HOME/in" > "$T_HOME/url" 2> "$T_HOME/login.err" &
	pid=$!
	exec 3> "$T_HOME/in"
	"$1" "$(url_of "$T_HOME/url")" >&3
	wait "$pid"
	rc=$?
	exec 3>&-
	return $rc
}
refreshes() { fake_json /_log log "print(len([r for r in log if r.get('grant') == 'refresh_token']))"; }

# ---- signing in
"$LANES" login av < /dev/null > "$T_HOME/url" 2> "$T_HOME/login.err" &
pid=$!
url=$(url_of "$T_HOME/url")
case "$url" in
"$AUTH/auth?response_type=code&client_id=lanes-test&redirect_uri=http%3A%2F%2F127.0.0.1%3A"*"%2Fcallback&scope=openid&state="*"&code_challenge="*"&code_challenge_method=S256") true ;;
*) false ;;
esac
ok $? "lanes login prints the authorize address (PKCE S256, state, a loopback redirect)"
browse "$url" > "$T_HOME/page"
wait "$pid"
ok $? "the browser following the redirect to lanes' port signs it in: exit 0"
grep -q "av is signed in" "$T_HOME/login.err" && grep -q "back in the terminal" "$T_HOME/page"
ok $? "lanes says so, and so does the page the browser shows"
fake_json /_log log "
t = [r for r in log if r.get('grant') == 'authorization_code']
assert len(t) == 1 and t[0]['status'] == 200, t
assert t[0]['body']['code_verifier'] == '<redacted>' and t[0]['body']['client_id'] == 'lanes-test', t"
ok $? "the code was traded once, with the PKCE verifier"
[ "$(stat -c %a "$XDG_DATA_HOME/lanes/lanes.db")" = 600 ]
ok $? "the tokens are kept in a database only the user can read"

# over SSH: the address the browser ended at, pasted
paste_redirect() { redirect_of "$1"; }
login_pasting paste_redirect
ok $? "the address the browser ended at, pasted on standard input, signs it in: exit 0"

paste_forged() { redirect_of "$1" | sed 's/state=[^&]*/state=forged/'; }
login_pasting paste_forged
[ $? = 1 ] && grep -q "does not carry the state this sign-in sent" "$T_HOME/login.err"
ok $? "an answer with another state: exit 1, and why"

fake_ctl '{"deny_login": true}'
login_pasting paste_redirect
[ $? = 1 ] && grep -q "the sign-in was refused: User denied consent" "$T_HOME/login.err"
ok $? "a sign-in the user refused: exit 1 with the service's words"
fake_ctl '{"deny_login": false, "code_ttl": 0.2}'
paste_late() { l=$(redirect_of "$1"); sleep 0.5; echo "$l"; }
login_pasting paste_late
[ $? = 1 ] && grep -q "refused.*expired" "$T_HOME/login.err"
ok $? "a code that expired on the way: exit 1, and why"
fake_ctl '{"code_ttl": 60}'
login_pasting paste_redirect
ok $? "signed in again (exit 0)"

# ---- the board
"$LANES" boards --account av > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Launch" "$T_HOME/out" && grep -q "Archive" "$T_HOME/out"
ok $? "boards: the projects of the spaces"
"$LANES" cards --account av --board Launch --json > "$T_HOME/out" 2>&1 && "$FAKE_PY" -c '
import json, sqlite3, sys
c = sorted((x["column"], x["title"]) for x in json.load(open(sys.argv[1])))
assert ("In Progress", "Write the spec") in c, c
db = sqlite3.connect(sys.argv[2])
cols = [r[0] for r in db.execute("SELECT c.name FROM columns c JOIN boards b ON"
	" b.id = c.board_id WHERE b.name = ? ORDER BY c.position", ("Launch",))]
assert cols == ["To Do", "In Progress", "Review", "Done"], cols
' "$T_HOME/out" "$XDG_DATA_HOME/lanes/lanes.db"
ok $? "the statuses are the columns in their order, Review without a task too"

fake_ctl '{"clear_log": true}'
id=$("$LANES" add --account av --board Launch --column Review "Made by lanes" 2>"$T_HOME/err") &&
	"$LANES" move "$id" Done > /dev/null 2>&1 &&
	"$LANES" comment "$id" "<b>not</b> markup here" > /dev/null 2>&1 &&
	item=$("$LANES" check "$id" "Step one" 2>/dev/null) &&
	"$LANES" check --toggle "$id" "$item" > /dev/null 2>&1 &&
	"$LANES" log "$id" 1h30m "pairing" > /dev/null 2>&1
ok $? "add, move, comment, checklist item, tick and time are sent (exit 0)"
fake_py "
t = [t for t in s['tasks'] if t['taskTitle'] == 'Made by lanes']
assert len(t) == 1, t
st = [x['statusName'] for x in s['statuses'] if x['taskStatusId'] == t[0]['statusId']]
assert st == ['Done'], st
c = [c['comment'] for c in s['comments'] if c['taskId'] == t[0]['taskId']]
assert c == ['<b>not</b> markup here'], c
k = [(c['title'], c['completed']) for c in s['checklists'] if c['taskId'] == t[0]['taskId']]
assert k == [('Step one', True)], k
m = [(x['duration'], x['type'], x['notes']) for x in s['timers'] if x['taskId'] == t[0]['taskId']]
assert m == [(5400000, 'MANUAL', 'pairing')], m"
ok $? "the fake has the task in Done, its comment, ticked item, and 1h30m in milliseconds"
fake_json /_log log "
k = [(r['method'], r['path'].split('?')[0], r.get('tool')) for r in log if r['method'] != 'GET'
	and r.get('rpc') in (None, 'tools/call')]
assert ('POST', '/v1/spaces/1/projects/10/tasks', None) in k, k
assert ('POST', '/mcp', 'astravue_add_task_comment') in k, k
assert ('POST', '/mcp', 'astravue_create_checklist_item') in k, k
assert ('POST', '/v1/time-track/projects/10/tasks/5001/manual', None) in k or \
	any(p.endswith('/manual') for _, p, _ in k), k
assert all(r.get('org') == '1' for r in log if r['path'].startswith('/v1')), log"
ok $? "tasks and time over REST with X-Org-Id, comments and checklist over MCP"

# access tokens that expire: one refresh each, the edit sent once more
fake_ctl '{"clear_log": true}'
for round in 1 2 3; do
	fake_ctl '{"expire_access_tokens": true}'
	"$LANES" move "$id" "In Progress" > /dev/null 2>&1 && "$LANES" move "$id" Review > /dev/null 2>&1 ||
		echo "# round $round failed"
done
[ "$(refreshes)" = 3 ]
ok $? "three expiries, three refreshes"
fake_json /_log log "
assert not any(r.get('reuse') for r in log), 'a refresh token was used twice'
puts = [r['status'] for r in log if r['method'] == 'PUT']
assert puts.count(401) == 3 and puts.count(200) == 6, puts"
ok $? "each refused move was sent once more and taken; no refresh token went twice"

# the timer is Astravue's: t starts it there, and its stop makes the entry
fake_ctl '{"clear_log": true}'
"$LANES" timer start "$id" > /dev/null 2>&1
ok $? "timer start is sent (exit 0)"
fake_py "
r = [x for x in s['timers'] if x['running']]
assert len(r) == 1 and r[0]['taskId'] == 5001, s['timers']"
ok $? "the fake runs a timer on the task"
sleep 1
"$LANES" timer stop > /dev/null 2>&1
ok $? "timer stop is sent (exit 0)"
fake_py "
t = [x for x in s['timers'] if x['taskId'] == 5001 and x['type'] == 'TIMER']
assert len(t) == 1 and not t[0]['running'] and t[0]['duration'] >= 1000, t"
ok $? "the fake stopped it: its entry is the timer's"
fake_json /_log log "
tools = [r['tool'] for r in log if r.get('rpc') == 'tools/call']
assert tools.count('astravue_start_timer') == 1 and tools.count('astravue_stop_timer') == 1, tools
assert not any(r['path'].endswith('/manual') for r in log), log"
ok $? "one start, one stop, no manual entry"
# started and stopped while Astravue was out of reach: a manual entry
"$LANES" timer start "$id" --offline > /dev/null 2>&1
sleep 2
"$LANES" timer stop --offline > /dev/null 2>&1
fake_ctl '{"clear_log": true}'
"$LANES" sync > /dev/null 2>&1
ok $? "a timer run offline is synced (exit 0)"
fake_json /_log log "
tools = [r['tool'] for r in log if r.get('rpc') == 'tools/call']
assert 'astravue_start_timer' not in tools and 'astravue_stop_timer' not in tools, tools
m = [r['body'] for r in log if r['path'].endswith('/manual')]
assert len(m) == 1 and m[0]['duration'] >= 2000, m"
ok $? "it reaches Astravue as a manual entry of its length, not a timer started late"

# a timer started in Astravue's own app shows here after a refresh, and
# stopping it here stops it there; one stopped there stops here
web() { # METHOD PATH: a request of Sam's, made in Astravue's app
	"$FAKE_PY" -c '
import json, sys, urllib.request
base = "http://127.0.0.1:" + sys.argv[1]
tok = json.load(urllib.request.urlopen(urllib.request.Request(base + "/_token",
	data=b"{\"user\": 1}", method="POST", headers={"Content-Type": "application/json"}),
	timeout=10))["access_token"]
req = urllib.request.Request(base + "/v1" + sys.argv[3], data=b"{}", method=sys.argv[2],
	headers={"Authorization": "Bearer " + tok, "X-Org-Id": "1",
	"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()' "$FAKE_PORT" "$1" "$2"
}
web POST /time-track/projects/10/tasks/1001/start
"$LANES" sync > /dev/null 2>&1
"$LANES" timer status > "$T_HOME/out" 2>&1
grep -q "Write the spec" "$T_HOME/out"
ok $? "a timer started in Astravue's app shows here after a refresh"
"$LANES" timer stop > /dev/null 2>&1
fake_py "assert not [x for x in s['timers'] if x['running']], s['timers']"
ok $? "and stopping it here stops it there"
"$LANES" timer start "$id" > /dev/null 2>&1
web PUT /time-track/tasks/5001/stop
"$LANES" sync > /dev/null 2>&1
"$LANES" timer status > "$T_HOME/out" 2>&1
! grep -q "Made by lanes" "$T_HOME/out"
ok $? "a timer stopped in Astravue's app stops here after a refresh"

# the session ends at the service: sign in again
fake_ctl '{"revoke_sessions": true}'
"$LANES" move "$id" Done > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q "sign in again: lanes login av" "$T_HOME/out"
ok $? "an ended session stops the account with 'sign in again: lanes login av' (exit 3)"
login_pasting paste_redirect > /dev/null 2>&1
"$LANES" sync > /dev/null 2>&1
ok $? "after lanes login the waiting move goes (exit 0)"

# a Guest only reads
"$LANES" add --account av --board Archive "Not mine" > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "read-only: a Guest of this Astravue project" "$T_HOME/out"
ok $? "an edit of a Guest's project is refused with the reason: exit 1"

# a 429: its Retry-After is waited out, nothing asks meanwhile, and a
# create refused so is sent again without being looked for first
fake_ctl '{"clear_log": true, "fail": {"status": 429, "count": 1, "retry_after": 1}}'
for i in 1 2 3 4; do
	"$LANES" add --offline --account av --board Launch "Limited $i" > /dev/null 2>&1
done
"$LANES" sync > /dev/null 2>&1
ok $? "four adds, one answered 429, are sent (exit 0)"
fake_json /_log log "
limited = [r for r in log if r['status'] == 429]
assert len(limited) == 1, limited
# (what was under way when it came, an MCP session's start, goes on)
after = [r['t'] for r in log if r['t'] > limited[0]['t'] + 300]
assert after and min(after) >= limited[0]['t'] + 900, (limited[0]['t'], after[:3])"
ok $? "after the 429 nothing went until its Retry-After was over"
fake_py "assert len([t for t in s['tasks'] if t['taskTitle'].startswith('Limited')]) == 4"
ok $? "and each of them arrived once"

# no token or secret anywhere it could be read
tokens=$("$FAKE_PY" -c "
import json, sqlite3, sys
s = json.loads(sqlite3.connect(sys.argv[1]).execute(
	\"SELECT state FROM accounts WHERE name = 'av'\").fetchone()[0])
print(s['access_token']); print(s['refresh_token'])" "$XDG_DATA_HOME/lanes/lanes.db")
[ -s "$LANES_TRACE" ] && ! grep -qF "$(echo "$tokens" | head -1)" "$LANES_TRACE" &&
	! grep -qF "$(echo "$tokens" | tail -1)" "$LANES_TRACE" && ! grep -q s3cret "$LANES_TRACE"
ok $? "the trace holds no access token, refresh token or client secret"
finish
