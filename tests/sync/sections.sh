#!/bin/sh
# An Asana board is read a section at a time, every section at once, each
# paging on its own; cards a teammate deleted go only once every section
# was read to its end, and a section that vanishes meanwhile fails nothing
# silently: the board is read again.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
# Doing gets 250 more tasks: three pages of it
fake_put_state "
for i in range(250):
	g = str(50000 + i)
	s['tasks'][g] = dict(s['tasks']['1402'], gid=g, name='Bulk %d' % i, subtasks=[])
	s['sections']['1302']['tasks'].append(g)"
# the requests the fake had, as 'PATH offset' lines
requests() {
	fake_json /_log log "for r in log:
	print(r['path'], 'offset' if 'offset' in r['query'] else 'first', r['status'])"
}
cards() { "$LANES" cards --account asana --board Launch --offline 2>&1; }

fake_ctl '{"latency_ms": 300}'
"$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Bulk 0$" "$T_HOME/out" && grep -q "Bulk 249$" "$T_HOME/out" &&
	grep -q "Write press release" "$T_HOME/out" && grep -q "Order swag" "$T_HOME/out"
ok $? "every section's tasks come, one of them over three pages"
requests > "$T_HOME/log"
[ "$(grep -c "^/sections/1302/tasks offset" "$T_HOME/log")" = 2 ] &&
	! grep -q "^/projects/1200/tasks" "$T_HOME/log"
ok $? "a section pages on its own; the project's list is not read"
awk '/^\/sections\/.*\/tasks/ { if ($2 == "offset") paged = 1; else if (paged) late = 1 }
	END { exit late }' "$T_HOME/log"
ok $? "every section's first page went out before any second page"
fake_ctl '{"latency_ms": 0}'
[ "$(cards | grep -c "Bulk")" = 250 ] && cards | awk '/Bulk 0$/ { a = NR } /Bulk 249$/ { b = NR }
	END { exit !(a && b && a < b) }'
ok $? "the store holds them all, in the section's order"

# a teammate deletes a task; the next refresh fails on one section
fake_put_state "
s['sections']['1303']['tasks'].remove('1405')
del s['tasks']['1405']"
fake_ctl '{"clear_log": true, "fail_next": [{"status": 403, "message": "Forbidden", "path": "/sections/1302/tasks"}]}'
"$LANES" sync --account asana > "$T_HOME/out" 2>&1
grep -q "refresh of asana failed: 403: Forbidden" "$T_HOME/out"
ok $? "a section refused: the refresh fails, and says so"
cards | grep -q "Pick launch date"
ok $? "a task deleted elsewhere stays while not every section was read"
"$LANES" sync --account asana > "$T_HOME/out" 2>&1
[ $? = 0 ] && ! cards | grep -q "Pick launch date" && [ "$(cards | grep -c "Bulk")" = 250 ]
ok $? "and goes once a refresh read every section"

# the board is unchanged since the last refresh, which would only check its
# events from now on: forget its sync point so that each sync reads it whole
forget_point() {
	"$FAKE_PY" -c "import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute('update boards set sync_point = null'); db.commit()" \
	"$XDG_DATA_HOME/lanes/lanes.db"
}

# a section gone while the board is read (404): nothing is lost, and the
# board is read again
forget_point
fake_ctl '{"clear_log": true, "fail_next": [{"status": 404, "message": "Unknown object", "path": "/sections/1302/tasks"}]}'
"$LANES" sync --account asana > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "changed while it was read: reading it again" "$T_HOME/out"
ok $? "a section gone meanwhile: lanes says so and reads the board again"
requests > "$T_HOME/log"
[ "$(grep -c "^/projects/1200/sections" "$T_HOME/log")" = 2 ] &&
	[ "$(cards | grep -c "Bulk")" = 250 ] && cards | grep -q "Write press release"
ok $? "with no card lost"

# one that stays unreadable is read again once, not for ever
forget_point
fake_ctl '{"clear_log": true, "fail_next": [{"status": 404, "message": "Unknown object", "path": "/sections/1302/tasks"}, {"status": 404, "message": "Unknown object", "path": "/sections/1302/tasks"}]}'
"$LANES" sync --account asana > "$T_HOME/out" 2>&1
grep -q "part of the board could not be read" "$T_HOME/out" &&
	[ "$(requests | grep -c "^/projects/1200/sections")" = 2 ] && cards | grep -q "Bulk 249$"
ok $? "a section unreadable twice: read again once, then lanes says so, and keeps its cards"

fake_oas_check
finish
