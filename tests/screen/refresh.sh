#!/bin/sh
# Background refresh of an Asana board: a quiet board costs one change
# check per period, not a fetch of every page, and so does opening it in
# a new lanes; a change made elsewhere is fetched on the next check; a
# service without the check is refreshed in full instead.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
{ asana_config; echo 'set refresh = 1'; } > "$XDG_CONFIG_HOME/lanes/config"

# requests the fake has had since the log was last cleared, whose method
# and path start with $1 (e.g. "GET /events")
requests() {
	_fake_http GET /_log | "$FAKE_PY" -c "import json, sys
print(sum(1 for r in json.load(sys.stdin) if (r['method'] + ' ' + r['path']).startswith('$1')))"
}
clear_log() { fake_ctl '{"clear_log": true}'; }

open_launch
ok $? "the board loads from the fake"
wait_for "synced" 5
sleep 1
clear_log
sleep 3.5
n=$(requests "GET /events")
[ "$n" -ge 2 ] && [ "$n" -le 5 ]
ok $? "a quiet board is checked once a period ($n checks in 3.5 s)"
[ "$(requests "GET /projects/1200/task_counts")" = 0 ] && [ "$(requests "GET /projects/1200/sections")" = 0 ]
ok $? "and not fetched again"

fake_put_state "s['tasks']['1402']['name'] = 'Venue booked'"
wait_for "Venue booked" 5
ok $? "a change made elsewhere shows after the next check"
n=$(requests "GET /projects/1200/sections")
[ "$n" = 1 ]
ok $? "with one fetch of the board ($n)"

clear_log
keys R
wait_for "refreshing from asana" 2
sleep 1
[ "$(requests "GET /projects/1200/sections")" = 1 ]
ok $? "R fetches the board at once"

# a service that refuses the check is refreshed in full every period
clear_log
fake_ctl '{"fail_next": [{"status": 404, "message": "No matching route", "path": "/events"}]}'
sleep 3.5
n=$(requests "GET /projects/1200/sections")
[ "$n" -ge 2 ]
ok $? "a service that refuses the check gets full refreshes ($n in 3.5 s)"
# /events after the refused one (a check may have gone out before the fault was set)
after=$(_fake_http GET /_log | "$FAKE_PY" -c "import json, sys
log = [r for r in json.load(sys.stdin) if r['path'].startswith('/events')]
refused = [i for i, r in enumerate(log) if r['status'] == 404]
print(len(log) - refused[0] - 1 if refused else -1)")
[ "$after" = 0 ]
ok $? "and is not asked again ($after after the refusal)"
wait_for "synced" 3
ok $? "the status line still says synced"

keys q
wait_for "[exited 0]" 5
ok $? "q quits"

# lanes without --account reopens the last board, this Asana one: the
# engine starts once the board is on the screen, and keeps it fresh
clear_log
start
wait_for "synced" 5
ok $? "lanes alone reopens the Asana board and syncs it"
n=$(requests "")
[ "$n" -le 2 ] && [ "$(requests "GET /projects/1200/tasks")" = 0 ]
ok $? "nothing changed since the last fetch: it asks the events only ($n requests)"
fake_put_state "s['tasks']['1403']['name'] = 'Swag ordered'"
wait_for "Swag ordered" 5
ok $? "and a change made elsewhere shows"
keys q
wait_for "[exited 0]" 5
fake_oas_check
finish
