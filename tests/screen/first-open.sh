#!/bin/sh
# The first open of a big Asana board shows its first cards while the rest
# of it is still being read: pages go into the store as they come.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start --latency-ms 400
asana_config > "$XDG_CONFIG_HOME/lanes/config"
# Doing gets 700 more tasks: eight pages, more than three seconds to read
fake_put_state "
for i in range(700):
	g = str(50000 + i)
	s['tasks'][g] = dict(s['tasks']['1402'], gid=g, name='Bulk %d' % i, subtasks=[])
	s['sections']['1302']['tasks'].append(g)"

start --account asana --board Launch
wait_for "Write press release" 10
screen > "$T_HOME/first"
grep -q "Write press release" "$T_HOME/first" && grep -q "syncing" "$T_HOME/first"
ok $? "the first cards show while the board is still being read"
wait_for "synced" 30
ok $? "then the whole board is in"
expect "Bulk 0" "with the long section's cards"
"$LANES" cards --account asana --board Launch --offline > "$T_HOME/cards" 2>&1
[ "$(grep -c Bulk "$T_HOME/cards")" = 700 ]
ok $? "every one of them"
finish
