#!/bin/sh
# Durability against Stellary: 200 edits (adds, moves, comments) are
# queued offline, then drained by `lanes sync` runs that are killed with
# SIGKILL at random moments, against its fake (tests/fakes/stellary.py)
# dropping connections, before applying a write and after it, and
# answering junk after applying one. When the dust settles, the fake must
# hold every edit exactly once, each card's in the order they were made.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
durability_setup        # DURABILITY_KEEP=1: the fake's log stays in fake/log.json
stellary_start
"$LANES" cards --account s --board Roadmap > /dev/null
ok $? "the board is fetched once"

durability_queue s Roadmap "To do" "$CARDS"
[ "$QUEUED" -eq $((CARDS * 5)) ] && [ "$QUEUED" -ge 200 ]
ok $? "$QUEUED edits queued offline"

# no "garbage" before applying: a 200 the server did not mean is a lie
# no client can see through
durability_drain s "$SEED" "$ROUNDS" drop_after_apply drop garbage_after_apply drop \
	drop_after_apply
durability_settle s

# Stellary keeps no history of moves: the writes the fake applied, from
# its log, tell them. A move sent again after a lost answer is the same
# PATCH; so each card's columns, repeats folded, must be Doing, Done.
_fake_http GET /_log > "$FAKE_DIR/log.json"
verdict=$(fake_py "
cards = $CARDS
log = json.load(open('$FAKE_DIR/log.json'))
col = {c['name']: c['id'] for c in s['columns']}
errs = []
for i in range(1, cards + 1):
	name = 'card %d' % i
	ks = [k for k in s['cards'] if k['title'] == name]
	if len(ks) != 1:
		errs.append('%s exists %d times' % (name, len(ks)))
		continue
	k = ks[0]
	if k['columnId'] != col['Done']:
		errs.append('%s is in %s' % (name, k['columnId']))
	moves = []
	for r in log:
		if r['applied'] and r['method'] == 'PATCH' and r['path'].endswith('/cards/' + k['id']) \
				and 'columnId' in (r['body'] or {}) and r['status'] == 200:
			if not moves or moves[-1] != r['body']['columnId']:
				moves.append(r['body']['columnId'])
	if moves != [col['Doing'], col['Done']]:
		errs.append('%s moved to %s' % (name, moves))
	said = [c['content'] for c in s['comments'] if c['cardId'] == k['id']]
	if said != ['c%d-1' % i, 'c%d-2' % i] or k['commentCount'] != 2:
		errs.append('%s has comments %s (%d)' % (name, said, k['commentCount']))
if len(s['cards']) != 5 + cards:
	errs.append('the project has %d cards' % len(s['cards']))
print('\n'.join(errs) if errs else 'OK')")
durability_verdict "$verdict" s Roadmap
faults=$(fake_json /_log log "print(sum(1 for r in log if r['fault']))")
echo "# the fake saw $(fake_json /_log log 'print(len(log))') requests, $faults of them faulted; home $T_HOME"
finish
