#!/bin/sh
# Durability: 200 edits (adds, moves, comments) are queued offline, then
# drained by `lanes sync` runs that are killed with SIGKILL at random
# moments, against a fake that drops connections, sometimes after it has
# applied a write and before it answers, and garbles answers. When the
# dust settles, the fake must hold every edit exactly once, each card's
# in the order they were made.
. "$top_srcdir/tests/screen/lib.sh"
export LANES_TRACE="$T_HOME/trace.log"
CARDS=${DURABILITY_CARDS:-40}
ROUNDS=${DURABILITY_ROUNDS:-14}
SEED=${DURABILITY_SEED:-4242}

# DURABILITY_KEEP=1 leaves the home (trace, the fake's log) to look at.
cleanup() { [ -n "${DURABILITY_KEEP:-}" ] || rm -rf "$T_HOME"; }
. "$top_srcdir/tests/sync/fake.sh"

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
"$LANES" cards --account asana --board Launch > /dev/null
ok $? "the board is fetched once"

# 5 edits per card: add, move to Doing, comment, move to Done, comment
queued=0
for i in $(seq "$CARDS"); do
	id=$("$LANES" add --offline --account asana --board Launch --column "To Do" "card $i" \
		2>/dev/null) || break
	"$LANES" move --offline "$id" Doing 2>/dev/null &&
	"$LANES" comment --offline "$id" "c$i-1" > /dev/null 2>&1 &&
	"$LANES" move --offline "$id" Done 2>/dev/null &&
	"$LANES" comment --offline "$id" "c$i-2" > /dev/null 2>&1 || break
	queued=$((queued + 5))
done
[ "$queued" -eq $((CARDS * 5)) ] && [ "$queued" -ge 200 ]
ok $? "$queued edits queued offline"

# drain under faults, killed at random points: from a few ms (mid
# refresh) to a couple of seconds (mid drain), the same for a given seed
delays=$(awk -v seed="$SEED" -v n="$ROUNDS" \
	'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.2f\n", rand() * 2.5 }')
faults="drop_after_apply drop truncated malformed drop_after_apply"
kills=0
round=0
for delay in $delays; do
	round=$((round + 1))
	fault=$(echo $faults | cut -d' ' -f$((round % 5 + 1)))
	fake_ctl "{\"fail_rate\": 0.3, \"fault\": \"$fault\", \"random_seed\": $round}"
	"$LANES" sync --account asana > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		kills=$((kills + 1))
	fi
	wait "$pid" 2>/dev/null
done
ok 0 "$kills of $ROUNDS sync runs were killed with SIGKILL"

fake_ctl '{"fail_rate": 0}'
rc=1
for try in 1 2 3 4 5; do
	"$LANES" sync --account asana > "$T_HOME/sync.out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && break
done
ok "$rc" "a last sync without faults leaves nothing queued (exit 0)"
[ "$rc" = 0 ] || sed 's/^/#   /' "$T_HOME/sync.out" | head -20

verdict=$(fake_py "
cards = $CARDS
names = [t['name'] for t in s['tasks'].values() if '1200' in t['projects']]
errs = []
for i in range(1, cards + 1):
	name = 'card %d' % i
	gids = [g for g, t in s['tasks'].items() if t['name'] == name]
	if len(gids) != 1:
		errs.append('%s exists %d times' % (name, len(gids)))
		continue
	g = gids[0]
	sec = [x['name'] for x in s['sections'].values() if g in x['tasks']]
	if sec != ['Done']:
		errs.append('%s is in %s' % (name, sec))
	story = sorted((int(k), st) for k, st in s['stories'].items() if st['task'] == g)
	seq = [st['text'] if st['type'] == 'comment' else st['resource_subtype']
		for k, st in story]
	want = ['section_changed', 'c%d-1' % i, 'section_changed', 'c%d-2' % i]
	if seq != want:
		errs.append('%s has %s' % (name, seq))
if len(names) != 5 + cards:
	errs.append('the project has %d tasks' % len(names))
print('\n'.join(errs) if errs else 'OK')")
[ "$verdict" = OK ]
ok $? "every edit arrived exactly once, each card's in order"
[ "$verdict" = OK ] || echo "$verdict" | head -20 | sed 's/^/#   /'

n=$("$LANES" cards --account asana --board Launch | grep -c "$(printf '\t')card [0-9]*\$")
[ "$n" = "$CARDS" ]
ok $? "lanes shows each card once ($n)"
reqs=$(wc -l < "$FAKE_DIR/requests.log")
echo "# the fake saw $reqs requests; home $T_HOME"

fake_oas_check
finish
