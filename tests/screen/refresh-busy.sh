#!/bin/sh
# A refresh asked for while one runs (R, R) is not lost: another follows
# the one running, which may have read its pages before the change that
# made someone ask.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
{ asana_config; echo 'set refresh = 0'; } > "$XDG_CONFIG_HOME/lanes/config"

# task list pages the fake has read since the log was cleared
pages() {
	fake_json /_log log "print(sum(1 for r in log if r['path'] == '/projects/1200/tasks' and
	r['status'] == 200))"
}

open_launch
ok $? "the board loads from the fake"
wait_for "synced" 5
# each request takes a second: R's check, then its fetch's two pages
fake_ctl '{"latency_ms": 1000, "clear_log": true}'
keys R
sleep 1.5
keys R
for i in $(seq 60); do
	[ "$(pages)" -ge 2 ] && break
	sleep 0.2
done
[ "$(pages)" = 2 ]
ok $? "R during a refresh fetches the board once more after it"
fake_ctl '{"latency_ms": 0}'
keys q
wait_for "[exited 0]" 5
finish
