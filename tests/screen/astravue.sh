#!/bin/sh
# An Astravue board on the screen, against its fake, after `lanes login`:
# the picker's two levels (space, project), the project's statuses as
# columns (Review without a task too; the column editor says they are the
# service's), comments read over REST and added over MCP, a checklist item
# added and ticked over MCP, time logged in the T pane reaching the service
# in milliseconds, a 429 shown as "rate limited, resuming in N s", and a
# Guest's project read-only with the reason.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
export AV_SECRET=s3cret
T_EXTRA_ENV="$T_EXTRA_ENV AV_SECRET"

fake_run astravue.py
AUTH="http://127.0.0.1:$FAKE_PORT/auth/realms/astravue/protocol/openid-connect"
printf 'account av service=astravue org=1 client-id=lanes-test client-secret-env=AV_SECRET url=http://127.0.0.1:%s/v1 auth-url=%s mcp-url=http://127.0.0.1:%s/mcp\n' \
	"$FAKE_PORT" "$AUTH" "$FAKE_PORT" > "$XDG_CONFIG_HOME/lanes/config"

# signed in as the tests of tests/sync/astravue.sh do, the browser being Python
"$LANES" login av < /dev/null > "$T_HOME/url" 2> "$T_HOME/login.err" &
pid=$!
for i in $(seq 100); do [ -s "$T_HOME/url" ] && break; sleep 0.05; done
"$FAKE_PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10).read()' \
	"$(head -1 "$T_HOME/url")"
wait "$pid"
ok $? "lanes login: exit 0"

start --account av
wait_for "Product" 5
expect "av: spaces" "--account with no board yet opens the space picker"
keys j Enter
wait_for "Launch" 5
ok $? "Enter on a space lists its projects"
keys Enter
wait_for "Write the spec" 5
ok $? "Enter on a project loads it as a board"
expect "Review (0)" "a status without a task is a column too"
expect "In Progress (1)" "tasks sit in their status"
wait_for "synced" 5
ok $? "the status line says synced"

keys C
wait_for "Columns" 3
keys n
wait_for "project's statuses" 3
ok $? "the column editor says the columns are Astravue's statuses"
keys Escape

# "Write the spec" is in In Progress: its comments come over REST
keys l c
wait_for "Looks good" 5
ok $? "c shows the task's comments"
keys a
type_text "Added on the screen"
keys Enter
wait_for "synced" 10
fake_py "assert [c['comment'] for c in s['comments'] if c['taskId'] == 1001][-1] == 'Added on the screen'"
ok $? "a comment added in the pane reaches Astravue (over MCP)"
keys q

keys x
wait_for "Checklist" 3
keys a
type_text "Proofread"
keys Enter
wait_for "synced" 10
keys G Space
wait_for "synced" 10
fake_py "
k = [(c['title'], c['completed']) for c in s['checklists'] if c['taskId'] == 1001]
assert ('Proofread', True) in k, k"
ok $? "a checklist item added and ticked reaches Astravue"
keys q

keys T
wait_for "Time" 3
keys a
type_text "45m"
keys Enter
type_text "review"
keys Enter
wait_for "synced" 10
fake_py "
m = [(x['duration'], x['notes']) for x in s['timers'] if x['taskId'] == 1001 and x['type'] == 'MANUAL']
assert (2700000, 'review') in m, m"
ok $? "time logged in the T pane reaches Astravue in milliseconds"
keys q

# a 429 with its Retry-After, said on the status line
fake_ctl '{"fail": {"status": 429, "count": 1, "retry_after": 4}}'
keys R
wait_for "rate limited, resuming in" 5
ok $? "a 429 shows as 'rate limited, resuming in N s'"
wait_for "synced" 10
ok $? "and it resumes"

# a Guest's project
keys B
wait_for "Product" 5
keys G Enter
wait_for "Archive" 5
keys G Enter
wait_for "Old plan" 10
ok $? "the Guest's project opens"
wait_for "read-only: a Guest of this Astravue project" 5
ok $? "the status line says it is read-only and why"
finish
