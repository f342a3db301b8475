#!/bin/sh
# Pacing under Asana's rate limit: lanes keeps to 142 requests in any
# window (Asana allows 150 a minute on free domains), so a long queue goes
# out without one 429, and lanes sync waits for the window however long
# (beyond the 30 s it gives a retry). The window is 31 s here, on both
# sides (LANES_RATE_WINDOW_MS, the fake's rate_window).
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
N=150

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
"$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>&1
ok $? "the board is fetched"
card=$(awk '/Book venue/ {print $1}' "$T_HOME/out")

LANES_RATE_WINDOW_MS=soon "$LANES" sync > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "LANES_RATE_WINDOW_MS is not a number of milliseconds: soon" "$T_HOME/out"
ok $? "a window that is not a number: exit 1, says why"

i=0
while [ $i -lt $N ]; do
	"$LANES" comment --offline "$card" "note $i" > /dev/null 2>&1 || break
	i=$((i + 1))
done
[ $i = $N ]
ok $? "$N comments are queued"

fake_ctl '{"rate_limit": 150, "rate_window": 31, "reset_rate": true, "clear_log": true}'
LANES_RATE_WINDOW_MS=31000 "$LANES" sync > "$T_HOME/out" 2>&1
ok $? "lanes sync sends them all, waiting for the window: exit 0"
set -- $(fake_json /_log log "print(len(log), sum(r['status'] == 429 for r in log))")
[ "$1" -gt 142 ] && [ "$2" = 0 ]
ok $? "at the rate the service allows: $1 requests, $2 answered 429"
fake_py "print(sum(c['text'].startswith('note ') for c in s['stories'].values()))" |
	grep -qx $N
ok $? "the fake has every comment, once"
fake_oas_check
finish
