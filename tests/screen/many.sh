#!/bin/sh
# Many lanes on one database, against the fake Stellary: the first board
# open syncs; a command run meanwhile queues its edit and that board sends
# it; a second board shows who syncs, and when the first quits it takes
# over within seconds and sends its own edits; 100 commands in a row
# while two boards are open; each edit reaches the fake once.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
stellary_start
titled() { fake_py "print(len([c for c in s['cards'] if c['title'] == '''$1''']))"; }

"$LANES" cards --account s --board Roadmap > /dev/null 2>&1
ok $? "the board is fetched once (exit 0)"
start --account s --board Roadmap
wait_for "Write spec" 5
wait_for "synced" 5
ok $? "the first board syncs"

"$LANES" add --account s --board Roadmap "From the command line" > /dev/null 2> "$T_HOME/err"
ok $? "a command run while it is open: exit 0"
grep -q "the lanes open on this database (pid [0-9]*) sends it" "$T_HOME/err"
ok $? "it says the open lanes sends its edit"
wait_for "From the command line" 3
ok $? "the open board shows the edit"
for i in $(seq 50); do [ "$(titled "From the command line")" = 1 ] && break; sleep 0.1; done
[ "$(titled "From the command line")" = 1 ]
ok $? "and sends it to the service, once"

T_FIRST=$T_SOCK
T_SOCK="$T_SOCK-2"
start --account s --board Roadmap
wait_for "From the command line" 5
ok $? "a second board opens with everything"
wait_for "syncs" 3
ok $? "it says another lanes syncs"
T_SOCK=$T_FIRST
keys q
wait_for "[exited 0]" 5
T_SOCK="$T_FIRST-2"
wait_for "synced" 6
ok $? "when the first quits, the second takes over within seconds"
keys n
type_text "After the hand-over"
keys Enter
wait_for "synced" 10
[ "$(titled "After the hand-over")" = 1 ] && [ "$(titled "From the command line")" = 1 ]
ok $? "and sends its own edits, each once"

# 100 commands in a row while two boards are open: each edit once, sent once
T_SOCK=$T_FIRST
start --account s --board Roadmap
wait_for "After the hand-over" 5
ok $? "a third board opens beside it"
i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	"$LANES" add --account s --board Roadmap "Loop $i" > /dev/null 2>&1 || echo "# add $i failed"
done
ok $? "100 adds from the command line"
for t in $(seq 150); do
	[ "$(fake_py "print(len([c for c in s['cards'] if c['title'].startswith('Loop ')]))")" = 100 ] && break
	sleep 0.2
done
fake_py "
from collections import Counter
n = Counter(c['title'] for c in s['cards'] if c['title'].startswith('Loop '))
assert len(n) == 100 and set(n.values()) == {1}, n"
ok $? "each reached the service once"
"$LANES" cards --account s --board Roadmap > "$T_HOME/out" 2>&1
[ "$(grep -c "	Loop [0-9]*$" "$T_HOME/out")" = 100 ]
ok $? "and the store holds each once"
keys q
tm kill-server
T_SOCK="$T_FIRST-2"
keys q
tm kill-server
T_SOCK=$T_FIRST
finish
