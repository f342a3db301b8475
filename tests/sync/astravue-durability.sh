#!/bin/sh
# Durability against Astravue, whose sign-in hands out access tokens that
# expire and refresh tokens that rotate: about 200 edits (adds, in To Do and
# in other statuses; moves between the statuses; comments and checklist
# items, which go over MCP; time entries, which go to REST's manual entry)
# are queued offline, then drained by `lanes sync` runs that are killed with
# SIGKILL, against its fake (tests/fakes/astravue.py) failing 30% of the
# requests, the token endpoint's too (drop, drop_after_apply,
# garbage_after_apply, truncate), with access tokens that live one second,
# so that most rounds refresh the token. Every fourth round is killed in the
# middle of a refresh on purpose: the fake holds every answer 400 ms
# (latency_ms, applied first, answered later), all access tokens are
# expired, and the round is killed as soon as the fake's log shows the
# refresh it has applied, before lanes can have its answer. When the dust
# settles the fake must hold every card once in its last status, every
# comment, checklist item and time entry once, no refresh token presented
# after it was retired (the fake's `reuse`), and the account still signed in
# the session it signed in with: a last `lanes sync` exits 0, every request
# it made accepted.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
DURABILITY_CARDS=${DURABILITY_CARDS:-34}        # 6 edits each: 204
DURABILITY_ROUNDS=${DURABILITY_ROUNDS:-28}
durability_setup        # DURABILITY_KEEP=1: the fake's log stays in fake/log.json
export AV_SECRET=s3cret
T_EXTRA_ENV="${T_EXTRA_ENV:-} AV_SECRET"
fake_run astravue.py --access-ttl "${DURABILITY_TTL:-1}"
fake_ctl '{"rate_limit": 1000000}'
auth="http://127.0.0.1:$FAKE_PORT/auth/realms/astravue/protocol/openid-connect"
printf 'account av service=astravue org=1 client-id=lanes-test client-secret-env=AV_SECRET url=http://127.0.0.1:%s/v1 auth-url=%s mcp-url=http://127.0.0.1:%s/mcp\n' \
	"$FAKE_PORT" "$auth" "$FAKE_PORT" > "$XDG_CONFIG_HOME/lanes/config"

# The sign-in: lanes prints the address, the fake approves at once and
# sends the browser (curl) back to lanes' loopback listener.
"$LANES" login av > "$T_HOME/login.out" 2> "$T_HOME/login.err" &
pid=$!
url=
for i in $(seq 100); do
	url=$(grep -m1 '^http' "$T_HOME/login.out")
	[ -n "$url" ] && break
	sleep 0.05
done
curl -s -L "$url" > /dev/null
wait "$pid"
ok $? "lanes login av signs in through the fake's sign-in"
"$LANES" cards --account av --board Launch > /dev/null
ok $? "the board is fetched once"

# Each card's statuses, drawn from the seed: where it is added (every third
# in To Do, a create alone; the others a create in that status), where it
# is moved, where it ends; its time entry's minutes.
awk -v seed="$SEED" -v n="$CARDS" 'BEGIN {
	srand(seed)
	for (i = 1; i <= n; i++) {
		a = i % 3 == 1 ? 1 : 1 + int(rand() * 4)
		do m = 1 + int(rand() * 4); while (m == a)
		do f = 1 + int(rand() * 4); while (f == m)
		print i, a, m, f, 5 + int(rand() * 115)
	}
}' > "$T_HOME/plan"
status() {
	case $1 in 1) echo "To Do" ;; 2) echo "In Progress" ;; 3) echo Review ;; *) echo Done ;; esac
}
QUEUED=0
while read -r i add mid last mins; do
	id=$("$LANES" add --offline --account av --board Launch --column "$(status "$add")" \
		"card $i" 2>/dev/null) || break
	"$LANES" move --offline "$id" "$(status "$mid")" 2>/dev/null &&
	"$LANES" comment --offline "$id" "c$i" > /dev/null 2>&1 &&
	"$LANES" check --offline "$id" "item $i" > /dev/null 2>&1 &&
	"$LANES" log --offline "$id" "${mins}m" "t$i" > /dev/null 2>&1 &&
	"$LANES" move --offline "$id" "$(status "$last")" 2>/dev/null || break
	QUEUED=$((QUEUED + 6))
done < "$T_HOME/plan"
[ "$QUEUED" -eq $((CARDS * 6)) ] && [ "$QUEUED" -ge 200 ]
ok $? "$QUEUED edits queued offline ($(awk '$2 != 1' "$T_HOME/plan" | wc -l) of $CARDS cards added outside To Do)"

# How many refreshes the fake has applied (logged before its latency).
refreshes() {
	curl -s "http://127.0.0.1:$FAKE_PORT/_log" | grep -o '"grant": "refresh_token"' | wc -l
}

# The rounds: delays drawn from the seed, the fake's faults seeded by the
# round; every fourth round a kill in the middle of a refresh.
delays=$(awk -v seed="$SEED" -v n="$ROUNDS" \
	'BEGIN { srand(seed + 1); for (i = 0; i < n; i++) printf "%.2f\n", 0.3 + rand() * 2.2 }')
set -- drop_after_apply drop garbage_after_apply truncate drop_after_apply drop
kills=0 mid=0 round=0
for delay in $delays; do
	round=$((round + 1))
	if [ $((round % 4)) = 0 ]; then
		fake_ctl '{"fail_rate": 0, "latency_ms": 400, "expire_access_tokens": true}'
		before=$(refreshes)
		"$LANES" sync --account av > /dev/null 2>&1 &
		pid=$!
		for i in $(seq 150); do
			[ "$(refreshes)" -gt "$before" ] && break
			sleep 0.02
		done
		if kill -9 "$pid" 2>/dev/null; then
			kills=$((kills + 1))
			[ "$(refreshes)" -gt "$before" ] && mid=$((mid + 1))
		fi
		wait "$pid" 2>/dev/null
		fake_ctl '{"latency_ms": 0}'
		continue
	fi
	fault=$(echo "$@" | cut -d' ' -f$((round % $# + 1)))
	fake_ctl "{\"fail_rate\": 0.3, \"fault\": \"$fault\", \"random_seed\": $round}"
	"$LANES" sync --account av > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		kills=$((kills + 1))
	fi
	wait "$pid" 2>/dev/null
done
ok 0 "$kills of $ROUNDS sync runs were killed with SIGKILL, $mid of them just after the fake applied a refresh"
echo "# before the last sync the fake holds $(fake_py "print(sum(1 for t in s['tasks'] if t['taskTitle'].startswith('card ')))") tasks," \
	"$(fake_py "print(len(s['comments']))") comments, $(fake_py "print(len(s['checklists']))") checklist items," \
	"$(fake_py "print(len(s['timers']))") time entries"
fake_ctl '{"latency_ms": 0}'
durability_settle av
_fake_http GET /_log > "$FAKE_DIR/log.json"

# The last word: after a pause that expires the access token, one more
# sync, which must refresh and be accepted throughout.
fake_ctl '{"clear_log": true, "expire_access_tokens": true}'
"$LANES" sync --account av > "$T_HOME/sync.out" 2>&1
rc=$?
ok "$rc" "a last sync exits 0"
[ "$rc" = 0 ] || sed 's/^/#   /' "$T_HOME/sync.out" | head -10
_fake_http GET /_log > "$FAKE_DIR/last.json"
last=$(fake_json /_control c "
log = json.load(open('$FAKE_DIR/last.json'))
bad = [r for r in log if r['status'] is None or r['status'] >= 300 and r['status'] != 401]
ref = [r for r in log if r.get('grant') == 'refresh_token']
if c['oauth_sessions'] != 1:
	print('%d OAuth sessions are active, not 1' % c['oauth_sessions'])
elif not ref or ref[-1]['status'] != 200:
	print('the last sync did not refresh its token: %s' % [r.get('status') for r in ref])
elif bad:
	print('refused: %s' % ['%s %s %s' % (r['method'], r['path'], r['status']) for r in bad][:5])
elif not any(r['token_session'] == 1 and r['status'] == 200 for r in log):
	print('no request of the first session was accepted')
else:
	print('OK')")
[ "$last" = OK ]
ok $? "still signed in the session of the sign-in: the last sync refreshes and is accepted ($(echo "$last" | head -1))"

verdict=$(fake_py "
log = json.load(open('$FAKE_DIR/log.json'))
names = {st['taskStatusId']: st['statusName'] for st in s['statuses'] if st['projectId'] == 10}
status = {1: 'To Do', 2: 'In Progress', 3: 'Review', 4: 'Done'}
plan = [[int(x) for x in l.split()] for l in open('$T_HOME/plan')]
errs = []
tasks = [t for t in s['tasks'] if t['projectId'] == 10]
for i, add, mid, last, mins in plan:
	name = 'card %d' % i
	ts = [t for t in tasks if t['taskTitle'] == name]
	if len(ts) != 1:
		errs.append('%s exists %d times' % (name, len(ts)))
		continue
	t = ts[0]
	if names.get(t['statusId']) != status[last]:
		errs.append('%s is in %s, not %s' % (name, names.get(t['statusId']), status[last]))
	cs = [c['comment'] for c in s['comments'] if c['taskId'] == t['taskId']]
	if cs != ['c%d' % i]:
		errs.append('%s has comments %s' % (name, cs))
	ks = [c['title'] for c in s['checklists'] if c['taskId'] == t['taskId']]
	if ks != ['item %d' % i]:
		errs.append('%s has checklist %s' % (name, ks))
	ms = [x['duration'] for x in s['timers'] if x['taskId'] == t['taskId']]
	if ms != [mins * 60000]:
		errs.append('%s has time entries %s ms, not [%d]' % (name, ms, mins * 60000))
if len(tasks) != 4 + len(plan):
	errs.append('the project has %d tasks' % len(tasks))
reuse = [r for r in log if r.get('reuse')]
if reuse:
	errs.append('%d retired refresh tokens were presented again (first at #%d)' %
		(len(reuse), log.index(reuse[0])))
print('\n'.join(errs) if errs else 'OK')")
durability_verdict "$verdict" av Launch

# What the rounds did to the sign-in: refreshes, and the ones whose answer
# lanes never used (cut by a kill, or lost to a fault) and that it made
# again with the same refresh token.
fake_py "
log = json.load(open('$FAKE_DIR/log.json'))
ref = [r for r in log if r.get('grant') == 'refresh_token']
used = set(r['token_gen'] for r in log if r.get('token_gen'))
lost = [r for r in ref if r['status'] == 200 and r.get('issued_gen') not in used]
cut = [r for r in lost if not r['fault']]
again = sum(1 for r in lost if any(q['refresh_gen'] == r['refresh_gen'] and q['t'] >= r['t'] and q is not r for q in ref))
print('# %d refreshes (%d faulted), %d answers never used (%d of them answered whole: cut by a kill), %d presented again; %d requests, %d faulted' %
	(len(ref), sum(1 for r in ref if r['fault']), len(lost), len(cut), again, len(log), sum(1 for r in log if r['fault'])))
m = sum(1 for r in log if r.get('tool') and r['path'].startswith('/mcp'))
print('# %d MCP tool calls; home %s' % (m, '$T_HOME'))"
[ "$mid" -ge 3 ]
ok $? "$mid kills landed in the middle of a refresh (at least 3)"
finish
