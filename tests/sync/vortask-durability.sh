#!/bin/sh
# Durability against Vortask: 200 edits (adds, some in New and some in
# another status, which is a create and then a move; moves between the
# statuses; comments, which go over MCP) are queued offline, then drained
# by `lanes sync` runs that are killed with SIGKILL at random moments,
# against its fake (tests/fakes/vortask.py) dropping connections before
# applying a write and after it, answering junk after applying one and
# cutting answers short, on REST and MCP alike. When the dust settles, the
# fake must hold every card once in its last status, having passed through
# the statuses in the order they were set, and every comment once, in order.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
# More rounds than Stellary's 14: a fault pauses the account for 0.5-1 s,
# and with 30% of requests failing, a round seldom gets far past its first.
DURABILITY_ROUNDS=${DURABILITY_ROUNDS:-30}
durability_setup        # DURABILITY_KEEP=1: the fake's log stays in fake/log.json
vortask_start
# DURABILITY_SSE=1: MCP answers come as event streams, in pieces
[ -z "${DURABILITY_SSE:-}" ] || fake_ctl '{"sse": true}'
"$LANES" cards --account v --board Launch > /dev/null
ok $? "the board is fetched once"

# Each card's statuses, drawn from the seed: where it is added, where it
# is moved next, where it ends (each a change from the one before).
awk -v seed="$SEED" -v n="$CARDS" 'BEGIN {
	split("New Active Blocked Closed", st, " "); srand(seed)
	for (i = 1; i <= n; i++) {
		a = i % 3 == 1 ? 1 : 1 + int(rand() * 4)
		do m = 1 + int(rand() * 4); while (m == a)
		do f = 1 + int(rand() * 4); while (f == m)
		print i, st[a], st[m], st[f]
	}
}' > "$T_HOME/plan"
QUEUED=0
while read -r i add mid last; do
	id=$("$LANES" add --offline --account v --board Launch --column "$add" "card $i" \
		2>/dev/null) || break
	"$LANES" move --offline "$id" "$mid" 2>/dev/null &&
	"$LANES" comment --offline "$id" "c$i-1" > /dev/null 2>&1 &&
	"$LANES" move --offline "$id" "$last" 2>/dev/null &&
	"$LANES" comment --offline "$id" "c$i-2" > /dev/null 2>&1 || break
	QUEUED=$((QUEUED + 5))
done < "$T_HOME/plan"
[ "$QUEUED" -eq $((CARDS * 5)) ] && [ "$QUEUED" -ge 200 ]
ok $? "$QUEUED edits queued offline ($(awk '$2 != "New"' "$T_HOME/plan" | wc -l) of $CARDS cards added outside New)"

# no "garbage" before applying: a 200 the server did not mean is a lie
# no client can see through (DURABILITY_FAULTS="..." tries others)
durability_drain v "$SEED" "$ROUNDS" ${DURABILITY_FAULTS:-drop_after_apply drop \
	garbage_after_apply truncate drop_after_apply drop}
echo "# before the last sync the fake holds $(fake_py "print(sum(1 for t in s['tasks'] if t['title'].startswith('card ')))") tasks" \
	"and $(fake_py "print(sum(1 for c in s['comments'] if c['content'].startswith('c')))") comments of lanes'"
durability_settle v

# The fake's history of each task tells the status changes it applied (a
# PUT sent again with the same status changes nothing and leaves none);
# its log tells the order of the writes it applied to each task, moves
# and comments together: a write sent again after a lost answer comes
# right after itself, never after the card's next edit.
_fake_http GET /_log > "$FAKE_DIR/log.json"
verdict=$(fake_py "
import re
log = json.load(open('$FAKE_DIR/log.json'))
writes = {}
for r in log:
	if not r['applied']:
		continue
	b = r['body'] if isinstance(r['body'], dict) else {}
	m = re.match(r'/api/projects/1/tasks/(\\d+)\$', r['path'])
	if r['method'] == 'PUT' and m and 'status' in b:
		w = (int(m.group(1)), 'to ' + b['status'])
	elif r['tool'] == 'add_comment' and isinstance(b.get('params'), dict):
		a = b['params'].get('arguments', {})
		w = (a.get('taskId'), a.get('content'))
	else:
		continue
	seq = writes.setdefault(w[0], [])
	if not seq or seq[-1] != w[1]:
		seq.append(w[1])
plan = [l.split() for l in open('$T_HOME/plan')]
errs = []
tasks = [t for t in s['tasks'] if t['projectId'] == 1]
for n, add, mid, last in plan:
	i = int(n)
	name = 'card %d' % i
	ts = [t for t in tasks if t['title'] == name]
	if len(ts) != 1:
		errs.append('%s exists %d times' % (name, len(ts)))
		continue
	t = ts[0]
	if t['status'] != last:
		errs.append('%s is %s, not %s' % (name, t['status'], last))
	hist = sorted((h for h in s['history'] if h['taskId'] == t['id']), key=lambda h: h['id'])
	moves = [h['detail'] for h in hist if h['action'] == 'StatusChanged']
	want = (['New \u2192 ' + add] if add != 'New' else []) + \
		['%s \u2192 %s' % (add, mid), '%s \u2192 %s' % (mid, last)]
	if moves != want:
		errs.append('%s went %s, not %s' % (name, moves, want))
	order = (['to ' + add] if add != 'New' else []) + \
		['to ' + mid, 'c%d-1' % i, 'to ' + last, 'c%d-2' % i]
	if writes.get(t['id'], []) != order:
		errs.append('%s had %s applied, not %s' % (name, writes.get(t['id']), order))
	said = [c['content'] for c in sorted((c for c in s['comments'] if c['taskId'] == t['id']),
		key=lambda c: c['id'])]
	if said != ['c%d-1' % i, 'c%d-2' % i]:
		errs.append('%s has comments %s' % (name, said))
if len(tasks) != 4 + len(plan):
	errs.append('the project has %d tasks' % len(tasks))
print('\n'.join(errs) if errs else 'OK')")
durability_verdict "$verdict" v Launch
echo "# the fake saw $(fake_json /_log log 'print(len(log))') requests" \
	"($(fake_json /_log log "print(sum(1 for r in log if r['path'].startswith('/mcp')))") over MCP)," \
	"$(fake_json /_log log "print(sum(1 for r in log if r['fault']))") of them faulted; home $T_HOME"
finish
