#!/bin/sh
# A refresh asked for while one runs (R, R) is not lost: another follows
# the one running, which may have read its pages before the change that
# made someone ask; the board's sync point is then the one taken last.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
{ asana_config; echo 'set refresh = 0'; } > "$XDG_CONFIG_HOME/lanes/config"

# full fetches since the log was cleared: each reads the sections once
pages() {
	fake_json /_log log "print(sum(1 for r in log if r['path'] == '/projects/1200/sections' and
	r['status'] == 200))"
}

open_launch
ok $? "the board loads from the fake"
wait_for "synced" 5
# each request takes 1.5 s: R's check, then its fetch's two pages
fake_ctl '{"latency_ms": 1500, "clear_log": true}'
keys R
sleep 2.2
fake_put_state "s['tasks']['1402']['name'] = 'Venue booked'"
keys R
for i in $(seq 60); do
	[ "$(pages)" -ge 2 ] && break
	sleep 0.2
done
[ "$(pages)" = 2 ]
ok $? "R during a refresh fetches the board once more after it"
wait_for "Venue booked" 5
ok $? "the change shows"
fake_ctl '{"latency_ms": 0}'
# the service's token now, from a check without one (412)
now() { "$FAKE_PY" -c "import json, sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1] + '/events?resource=1200',
	headers={'Authorization': 'Bearer test-token'})
try:
	urllib.request.urlopen(req)
except urllib.error.HTTPError as e:
	print(json.load(e)['sync'])" "$FAKE_URL"; }
kept() { "$FAKE_PY" -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(\"select sync_point from boards where name = 'Launch'\").fetchone()[0])" \
	"$XDG_DATA_HOME/lanes/lanes.db"; }
# the fetch after the change writes its point when its last page is in
for i in $(seq 50); do
	now=$(now) kept=$(kept)
	[ -n "$now" ] && [ "$kept" = "$now" ] && break
	sleep 0.2
done
keys q
wait_for "[exited 0]" 5
[ -n "$now" ] && [ "$kept" = "$now" ]
ok $? "the board keeps the sync point taken after the change ($kept, $now)"
finish
