#!/bin/sh
# Vortask through the command line, against its fake (tests/fakes/vortask.py,
# REST and MCP from one state): projects as boards, the four statuses as
# columns, a card made outside New then moved, comments over MCP (a session
# started once, a lost answer adopted, an expired session renewed, answers
# as event streams, a tool whose arguments changed refused unsent), a
# Member's delete refused and the card back, a Viewer's board read-only,
# 429 and 503 waited out, hostile text cleaned, and the token in no trace.
# (Fields, history and deleting comments: tests/screen/vortask.sh.)
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
export LANES_TRACE="$T_HOME/trace.log"

vortask_start

# the requests lanes made since the log was cleared that are no GET, one a
# line: "METHOD path body status" (MCP: "MCP rpc/tool arguments status")
writes() {
	fake_json /_log log "
for r in log:
	if r['path'].startswith('/mcp'):
		b = r['body'] if isinstance(r['body'], dict) else {}
		a = (b.get('params') or {}).get('arguments')
		print('MCP', (r['rpc'] or r['method']) + ('/' + r['tool'] if r['tool'] else ''),
			json.dumps(a, sort_keys=True) if a is not None else '-', r['status'])
	elif r['method'] != 'GET':
		print(r['method'], r['path'], json.dumps(r['body'], sort_keys=True), r['status'])"
}
task() { # TITLE: the fake's task of that title as JSON (sorted keys)
	fake_py "
t = [t for t in s['tasks'] if t['title'] == '''$1''']
print(json.dumps(t[0] if len(t) == 1 else len(t), sort_keys=True))"
}
comments_of() { # TASK-ID: the fake's comments on it, oldest first, '|'-joined
	fake_py "print('|'.join(c['content'] for c in sorted(s['comments'], key=lambda c: c['id'])
	if c['taskId'] == $1))"
}

"$LANES" boards --account v > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && grep -q "Launch" "$T_HOME/out" && grep -q "Archive" "$T_HOME/out"
ok $? "boards --account: the projects"

"$LANES" cards --account v --board Launch --json > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && python3 -c '
import json, sys
c = sorted((x["column"], x["title"]) for x in json.load(open(sys.argv[1])))
assert c == [("Active", "Write the spec"), ("Blocked", "Fix login"), ("Closed", "Ship 1.0"),
	("New", "Review the API")], c
' "$T_HOME/out"
ok $? "cards --json: each task in its status's column"
"$LANES" cards --account v --board Launch > "$T_HOME/out" 2>&1
id_spec=$(awk '/Write the spec/ {print $1}' "$T_HOME/out")
"$LANES" show "$id_spec" --json > "$T_HOME/out" 2>&1 && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["priority"] == "high" and d["due_on"] == "2026-03-20" and d["labels"] == ["docs"] \
	and d["assignees"] == ["Sam Tester"], d
' "$T_HOME/out"
ok $? "a task's priority, due date, tags and assignees"

# the board's columns are the four statuses, even the empty ones
"$LANES" cards --account v --board Archive > /dev/null 2>&1
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute("SELECT c.name FROM columns c JOIN boards b ON b.id = c.board_id"
	" WHERE b.name = ? ORDER BY c.position", ("Archive",))]
assert names == ["New", "Active", "Blocked", "Closed"], names
' "$XDG_DATA_HOME/lanes/lanes.db"
ok $? "a project's columns: New, Active, Blocked, Closed in that order"

# made in New (Vortask ignores a status on create), then moved
fake_ctl '{"clear_log": true}'
id=$("$LANES" add --account v --board Launch --column Blocked "Made outside New" 2>"$T_HOME/err")
ok $? "add in Blocked is sent (exit 0)"
writes > "$T_HOME/w"
grep -qx 'POST /api/projects/1/tasks {"priority": "Medium", "title": "Made outside New"} 201' \
	"$T_HOME/w" && grep -q '^PUT /api/projects/1/tasks/[0-9]* {"status": "Blocked"} 200$' "$T_HOME/w"
ok $? "made with priority Medium, then moved to Blocked"
task "Made outside New" | grep -q '"status": "Blocked"'
ok $? "the fake has it in Blocked"

fake_ctl '{"clear_log": true}'
"$LANES" move "$id" Active > /dev/null 2>&1
ok $? "move is sent (exit 0)"
writes | grep -q '^PUT /api/projects/1/tasks/[0-9]* {"status": "Active"} 200$'
ok $? "a move is a PUT of its status"

# comments go over MCP: one session, started once
tid=$(fake_py "print([t['id'] for t in s['tasks'] if t['title'] == 'Made outside New'][0])")
fake_ctl '{"clear_log": true}'
"$LANES" comment "$id" "First over MCP" > /dev/null 2>&1 &&
	"$LANES" comment "$id" "Second over MCP" > /dev/null 2>&1
ok $? "comments are sent (exit 0)"
writes > "$T_HOME/w"
[ "$(grep -c '^MCP initialize' "$T_HOME/w")" -ge 1 ] &&
	grep -q "^MCP tools/call/add_comment {\"content\": \"First over MCP\", \"projectId\": 1, \"taskId\": $tid} 200$" "$T_HOME/w"
ok $? "a comment is the add_comment tool, ids as integers, after initialize"
[ "$(comments_of "$tid")" = "First over MCP|Second over MCP" ]
ok $? "the fake has both, once each"

# the answer is lost after the server applied it: looked for, not sent twice
fake_ctl '{"clear_log": true, "drop": 1, "drop_tool": "add_comment"}'
"$LANES" comment "$id" "Answer lost" > /dev/null 2>&1
"$LANES" sync > /dev/null 2>&1
fake_ctl '{"drop_tool": null}'
[ "$(comments_of "$tid")" = "First over MCP|Second over MCP|Answer lost" ]
ok $? "a comment whose answer was lost is adopted, not made twice"
fake_json /_log log "
calls = [r for r in log if r['tool'] == 'add_comment']
assert len(calls) == 1 and calls[0]['dropped'], calls
assert any(r['tool'] == 'list_comments' for r in log), log"
ok $? "its call was sent once, its answer dropped, and the comments looked through"

# a session the server forgot: a 404, a new session, the call once more
fake_ctl '{"clear_log": true}'
"$LANES" comment "$id" "Before expiry" > /dev/null 2>&1
fake_ctl '{"expire_session": true}'
"$LANES" comment "$id" "After expiry" > /dev/null 2>&1
ok $? "a comment after the session expired is sent (exit 0)"
[ "$(comments_of "$tid" | tr '|' '\n' | tail -1)" = "After expiry" ]
ok $? "the fake has it"

# answers as event streams
fake_ctl '{"sse": true}'
"$LANES" comment "$id" "Over an event stream" > /dev/null 2>&1
ok $? "a comment answered as an event stream is done (exit 0)"
fake_ctl '{"sse": false}'
[ "$(comments_of "$tid" | tr '|' '\n' | tail -1)" = "Over an event stream" ]
ok $? "the fake has it once"

# the server's tool takes other arguments now: refused unsent, with why
fake_ctl '{"clear_log": true, "rename_arg": {"tool": "add_comment", "from": "content", "to": "text"}}'
"$LANES" comment "$id" "Not sent" > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q 'takes no "content"' "$T_HOME/out"
ok $? "a tool whose arguments changed parks the comment with the reason: exit 3"
[ "$(writes | grep -c 'tools/call')" = 0 ]
ok $? "and nothing was called"
fake_ctl '{"rename_arg": null}'

# 429 with Retry-After: waited out, sent once (another card: the refused
# comment holds back this one's later edits until it is retried or dropped)
fake_ctl '{"clear_log": true, "fail": {"status": 429, "count": 1, "retry_after": 1}}'
"$LANES" move "$id_spec" Closed > /dev/null 2>&1
writes > "$T_HOME/w"
[ "$(grep -c '"status": "Closed"} 429$' "$T_HOME/w")" = 1 ]
ok $? "a move is answered 429"
[ "$(grep -c '"status": "Closed"} 200$' "$T_HOME/w")" = 1 ] &&
	task "Write the spec" | grep -q '"status": "Closed"'
ok $? "and sent once more after the wait"

# a lost create is looked for among the tasks of its title: the newest is
# taken, not a teammate's older one
_fake_http POST /_teammate '{"method": "POST", "path": "/projects/1/tasks", "body":
	{"title": "Standup", "priority": "Low"}}' > /dev/null
"$LANES" sync > /dev/null 2>&1
fake_ctl '{"drop": 1}'
sid=$("$LANES" add --account v --board Launch "Standup" 2>/dev/null)
"$LANES" sync > /dev/null 2>&1
"$LANES" comment "$sid" "mine" > /dev/null 2>&1
fake_py "
t = sorted((t for t in s['tasks'] if t['title'] == 'Standup'), key=lambda t: t['id'])
mine = [c['taskId'] for c in s['comments'] if c['content'] == 'mine']
assert len(t) == 2 and mine == [t[1]['id']], (t, mine)"
ok $? "a lost create takes the newest task of its title, not a teammate's"

# a 200 whose body is junk is an answer lost on the way: the PUT goes again
"$LANES" move --offline "$sid" Blocked > /dev/null 2>&1
fake_ctl '{"clear_log": true, "garbage": 4}'
"$LANES" sync > /dev/null 2>&1
"$LANES" sync > /dev/null 2>&1
fake_py "
t = [t for t in s['tasks'] if t['title'] == 'Standup']
assert sorted(x['status'] for x in t) == ['Blocked', 'New'], t"
ok $? "a move answered with junk is sent again, and lands"
fake_json /_log log "
puts = [r['fault'] for r in log if r['method'] == 'PUT']
assert 'garbage' in puts and puts[-1] is None, puts"
ok $? "(its first answer was junk)"

# a Member may not delete: the server's words, and the card comes back
printf 'account k service=vortask url=http://127.0.0.1:%s/api mcp-url=http://127.0.0.1:%s/mcp token-env=VK\n' \
	"$FAKE_PORT" "$FAKE_PORT" >> "$XDG_CONFIG_HOME/lanes/config"
export VK=vt_mate
T_EXTRA_ENV="$T_EXTRA_ENV VK"
"$LANES" cards --account k --board Launch > "$T_HOME/out" 2>&1
kid=$(awk '/Fix login/ {print $1}' "$T_HOME/out")
"$LANES" rm "$kid" > "$T_HOME/out" 2>&1
grep -q 'Vortask refused the delete, so it comes back: 403: .*Admin' "$T_HOME/out"
ok $? "a Member's delete: the server's words"
"$LANES" cards --account k --board Launch --offline > "$T_HOME/out" 2>&1
grep -q "Fix login" "$T_HOME/out" && [ "$(task "Fix login" | grep -c '"id"')" = 1 ]
ok $? "and the card is back on the board"

# a Viewer's board is read-only: refused before anything is queued
"$LANES" add --account v --board Archive "Not mine to add" > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "read-only: a Viewer of this Vortask project" "$T_HOME/out"
ok $? "an edit of a Viewer's board is refused with the reason: exit 1"
[ "$(task "Not mine to add")" = 0 ]
ok $? "and never reaches the fake"

# what a teammate writes is cleaned before it reaches the terminal
_fake_http POST /_teammate '{"method": "POST", "path": "/projects/1/tasks", "body":
	{"title": "Kim\u001b]52;c;aGk=\u0007 was here\u001b[2J", "priority": "Low"}}' > /dev/null
"$LANES" sync > /dev/null 2>&1
"$LANES" cards --account v --board Launch --offline > "$T_HOME/out" 2>&1
grep -q "Kim was here" "$T_HOME/out" && ! grep -q "$(printf '\033')" "$T_HOME/out"
ok $? "a teammate's task arrives, its escape sequences stripped"

# the token is in no trace line
[ -s "$LANES_TRACE" ] && ! grep -q "vt_test\|vt_mate" "$LANES_TRACE"
ok $? "the trace holds no token"
grep -q "POST .*/mcp" "$LANES_TRACE"
ok $? "the trace shows the MCP requests"
finish
