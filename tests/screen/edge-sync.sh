#!/bin/sh
# A question or prompt on the board is about the card it was asked on,
# even when a sync reloads the board before the answer.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"

open_launch
ok $? "the Asana board is loaded from the fake"
wait_for "synced" 5
keys g
expect "To Do (3)"
first=$(screen | sed -n 4p | cut -c2-20)
second=$(screen | sed -n 5p | cut -c2-20)

# the selected task goes away on the service; the refresh that brings
# that news is slow, and lanes asks about the task meanwhile
fake_put_state "
gid = [g for g, t in s['tasks'].items() if t['name'].startswith('''$first''')][0]
del s['tasks'][gid]
for sec in s['sections'].values():
	if gid in sec['tasks']:
		sec['tasks'].remove(gid)"
fake_ctl '{"latency_ms": 1500}'
keys R
keys d
expect "(y/n)" "d asks before deleting"
wait_for "To Do (2)" 5
ok $? "the refresh has removed the task deleted on the service"
expect "\"$first" "the question still names the task it is about"
keys y
expect "To Do (2)" "y deletes no other card"
expect "$second" "not the one the selection moved to"
fake_ctl '{"latency_ms": 0}'
keys q
wait_for "[exited 0]"
ok $? "lanes quits cleanly"

# when the engine cannot start (here: a trace file it cannot open), the
# local board still opens and says why nothing syncs; an account refuses
LANES_TRACE="$T_HOME/no/such/dir/trace"
export LANES_TRACE
start --board Welcome
wait_for "sync is off:" 5
ok $? "a local board opens and says sync is off"
expect "Welcome" "the board is the local one"
keys q
wait_for "[exited 0]"
start --account asana
wait_for "[exited 1]" 5
ok $? "--account with an engine that cannot start exits 1"
expect "trace" "and says why"
unset LANES_TRACE
finish
