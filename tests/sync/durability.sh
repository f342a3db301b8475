#!/bin/sh
# Durability: 200 edits (adds, moves, comments) are queued offline, then
# drained by `lanes sync` runs that are killed with SIGKILL at random
# moments, against a fake that drops connections, sometimes after it has
# applied a write and before it answers, and garbles answers. When the
# dust settles, the fake must hold every edit exactly once, each card's
# in the order they were made.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
durability_setup

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
"$LANES" cards --account asana --board Launch > /dev/null
ok $? "the board is fetched once"

durability_queue asana Launch "To Do" "$CARDS"
[ "$QUEUED" -eq $((CARDS * 5)) ] && [ "$QUEUED" -ge 200 ]
ok $? "$QUEUED edits queued offline"

durability_drain asana "$SEED" "$ROUNDS" drop_after_apply drop truncated malformed drop_after_apply
durability_settle asana

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
durability_verdict "$verdict" asana Launch
reqs=$(wc -l < "$FAKE_DIR/requests.log")
echo "# the fake saw $reqs requests; home $T_HOME"

fake_oas_check
finish
