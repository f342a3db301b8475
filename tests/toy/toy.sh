#!/bin/sh
# The seam, proved with a service built in the test tree: lanes-toy is
# lanes with tests/toy/toy.c (one struct backend_ops table) registered,
# driven against tests/fakes/toy.py. Each point fails if the seam breaks:
# the account line is checked against the toy's settings; its three
# picker levels lead to a board; a move sends the index the engine
# computed; what it cannot do is refused and what it does not keep stays
# here, unsent; a 403 parks one op and the queue goes on; a 401 refreshes
# the token once, through the toy's hook, and the new token outlives the
# process; lanes keeps to the toy's rate; a slow token-cmd never holds
# up the screen.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
PLAIN=$LANES
LANES=${LANES_TOY:?LANES_TOY must name tests/toy/lanes-toy}
CONFIG="$XDG_CONFIG_HOME/lanes/config"
export TOY_TOKEN=tok
T_EXTRA_ENV="$T_EXTRA_ENV TOY_TOKEN"

fake_run toy.py --token tok
URL="http://127.0.0.1:$FAKE_PORT/v1"
printf 'account toy service=toy url=%s token-env=TOY_TOKEN\n' "$URL" > "$CONFIG"

# fake_log CODE: python CODE with `log` = the requests the fake received
fake_log() { fake_json /_log log "$1"; }
# How many requests the fake has received.
requests() { fake_log 'print(len(log))'; }
# The bodies the fake got for METHOD PATH, one JSON a line, keys sorted.
bodies() {
	fake_log "
for r in log:
    if (r['method'], r['path']) == ('$1', '$2'):
        print(r['status'], json.dumps(r['body'], sort_keys=True))"
}
control() { fake_json /_control c "print(c['$1'])"; }
# Waits up to 5 s until python CODE, with `log`, succeeds.
until_fake() {
	local i
	for i in $(seq 50); do
		fake_log "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# The local id of the card titled $1.
card_id() {
	"$LANES" cards --board Workshop 2>/dev/null | awk -F'\t' -v t="$1" \
		'$NF == t { split($1, a, " "); print a[1] }'
}

# ---- 1. the account line is checked against the toy's table

cat > "$T_HOME/bad.config" <<EOF
account good service=toy url=$URL token-env=TOY_TOKEN
account odd service=toy url=$URL token-env=TOY_TOKEN colour=red
account bare service=toy url=$URL space=attic
EOF
"$LANES" check-config "$T_HOME/bad.config" > "$T_HOME/out" 2>&1
[ $? = 1 ]
ok $? "check-config fails on the toy's account lines"
KEYS="url=, token-env=, token-cmd=, token=, space="
grep -qxF "$T_HOME/bad.config:2: unknown setting \"colour\" for toy (it takes $KEYS)" "$T_HOME/out"
ok $? "an unknown key: file:line, and the keys the toy's table declares"
grep -qF "$T_HOME/bad.config:3: account bare needs one of token-env=VAR, token-cmd=\"CMD\" or token=VALUE (toy takes $KEYS)" "$T_HOME/out"
ok $? "a missing token: file:line, and the keys the toy's table declares"
! grep -q 'bad.config:1:' "$T_HOME/out" && [ "$(grep -c 'bad.config:' "$T_HOME/out")" = 2 ]
ok $? "a good line, and space= left to its default, are no error"
"$PLAIN" check-config "$T_HOME/bad.config" 2>&1 | grep -qF 'unknown service "toy" (lanes knows asana, stellary, vortask, astravue)'
ok $? "plain lanes knows no toy: lanes-toy's service is its one registration"

# ---- 2. B walks the picker's three levels and opens a board

start --account toy
wait_for "Acme Toys" 5
expect "toy: orgs (Enter lists its teams" "--account with no board yet opens the picker at its first level"
expect "Bolt Games"
keys j Enter
wait_for "Reindeer" 5
expect "toy: teams in Acme Toys" "Enter on an org lists its teams (the second level)"
expect_not "Pixels" "and only that org's"
keys Enter
wait_for "Workshop" 5
expect "toy: boards in Acme Toys / Elves" "Enter on a team lists its boards (the third level)"
expect_not "Stable" "and only that team's"
keys Escape
wait_for "Reindeer" 5
expect "toy: teams in Acme Toys" "Esc goes back up one level"
keys Enter
wait_for "Workshop" 5
keys Enter
wait_for "Sew doll" 5
ok $? "Enter on a board loads it from the fake"
expect "Backlog (3)"
expect "Making (2)"
expect "Wrapped (1)"
expect "Carve horse"
expect "Box yo-yo"
wait_for "synced" 5
ok $? "the status line says synced"
fake_log "
got = [r['path'] for r in log if r['path'] != '/me']
assert got == ['/orgs', '/orgs/o1/teams', '/teams/t1/boards', '/teams/t1/boards',
    '/boards/b1'], got
assert all(r['space'] == 'north-pole' and r['auth'] == 'tok' for r in log), log
"
ok $? "the fake got the three levels, then the board, each with the token and the default space"

# ---- 3. a move sends the index the engine computed

keys j j L
wait_for "synced" 5
expect "Making (3)" "L moves Sew doll to Making"
keys u
wait_for "synced" 5
expect "Backlog (3)" "u moves it back"
[ "$(bodies PATCH /cards/k3)" = '200 {"before": "k4", "column": "c2", "index": 0}
200 {"after": "k2", "column": "c1", "index": 2}' ]
ok $? "each move sent its column, the index lanes shows and the neighbours"
fake_py "
assert [c['id'] for c in s['cards']['c1']] == ['k1', 'k2', 'k3'], s['cards']
assert [c['id'] for c in s['cards']['c2']] == ['k4', 'k6'], s['cards']
"
ok $? "the fake placed the card where lanes shows it"

# ---- 4. what the toy cannot do is refused; what it does not keep stays here

before=$(requests)
keys x
expect "Sew doll" "x opens the checklist of the selected card"
keys a
expect "Toy cannot keep checklists" "checklist add is refused, with the reason, on the status line"
expect_not "New item" "and no prompt opens"
keys q t
expect "Toy cannot keep time entries" "the timer is refused too"
keys Enter p
type_text "high"
keys Enter
expect "kept on this machine: Toy cannot keep a card's priority" \
	"a priority is set, and the status line says it is kept on this machine"
line_of "Priority" | grep -q "high"
ok $? "the card shows it"
sleep 1
[ "$(requests)" = "$before" ]
ok $? "none of that sent a request"
keys q S
expect "Nothing waits" "nor queued an edit"
keys q R
wait_for "synced" 5
keys Enter
line_of "Priority" | grep -q "high"
ok $? "a refresh from the fake keeps the priority"
keys D
type_text "2026-12-24"
keys Enter
wait_for "synced" 5
[ "$(bodies PATCH /cards/k3 | tail -n 1)" = '200 {"due": "2026-12-24"}' ]
ok $? "a due date, which the toy keeps, goes to the fake"
keys q

# ---- 5. a 403 parks its op, and the queue goes on

fake_ctl '{"latency_ms": 700, "forbid_once": {"path": "/cards/k1",
	"message": "Elves may not rename toys today"}}'
keys g r C-u
type_text "Carve a rocking horse"
keys Enter l l r C-u
type_text "Box two yo-yos"
keys Enter
expect "2 pending" "two renames wait for the fake, one at a time"
until_fake "assert [r for r in log if r['path'] == '/cards/k5']"
ok $? "the second rename reaches the fake"
fake_ctl '{"latency_ms": 0}'
fake_log "
got = [(r['path'], r['status']) for r in log if r['method'] == 'PATCH'][-2:]
assert got == [('/cards/k1', 403), ('/cards/k5', 200)], got
"
ok $? "after the first one's 403"
fake_py "
assert s['cards']['c3'][0]['title'] == 'Box two yo-yos', s['cards']['c3']
assert s['cards']['c1'][0]['title'] == 'Carve horse', s['cards']['c1']
"
ok $? "the fake has the second rename, not the first"
for i in $(seq 50); do
	screen | tail -n 1 | grep -q pending || break
	sleep 0.1
done
screen | tail -n 1 | grep -q "1 failed" && ! screen | tail -n 1 | grep -q pending
ok $? "the status line counts one failed edit and nothing pending"
keys S
expect "failed   toy      rename card to \"Carve a rocking" "S lists the failed op"
expect "403: Elves may not rename toys today" "with the server's words"
keys d y
wait_for "Nothing waits" 5
ok $? "it can be dropped"
keys q q
wait_for "[exited 0]" 5

# ---- 2, again: the commands walk the same three levels

"$LANES" --account toy boards > "$T_HOME/out" 2>&1
[ "$(cat "$T_HOME/out")" = "b1                   Workshop	Acme Toys / Elves
b2                   Stable	Acme Toys / Reindeer" ]
ok $? "boards --account lists the boards of every org and team, not the teams"
"$LANES" --account toy cards --board Stable > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Stalls	0	Brush Rudolph" "$T_HOME/out"
ok $? "cards --account --board finds a board by name through the levels and fetches it"

# ---- 4, again: the commands ask the toy's table as the keys do

id=$(card_id "Sew doll")
n=$(requests)
"$LANES" check "$id" "Buy paint" > "$T_HOME/out" 2>&1
[ $? = 1 ] && [ "$(cat "$T_HOME/out")" = "lanes: Toy cannot keep checklists" ]
ok $? "lanes check on a toy card: exit 1, with the reason"
"$LANES" log "$id" 45m > "$T_HOME/out" 2>&1
[ $? = 1 ] && [ "$(cat "$T_HOME/out")" = "lanes: Toy cannot keep time entries" ]
ok $? "so is lanes log"
"$LANES" --account toy column add Paint --board Workshop --offline > "$T_HOME/out" 2>&1
[ $? = 1 ] && [ "$(cat "$T_HOME/out")" = "lanes: Toy cannot add, rename, reorder or delete columns" ]
ok $? "and lanes column add"
"$LANES" show "$id" --json | "$PYTHON3" -c "
import json, sys
d = json.load(sys.stdin)
assert d['checklist'] == [] and d['time_entries'] == [] and d['priority'] == 'high', d"
ok $? "neither changed the card; the priority set on the board is still here"
[ -z "$("$LANES" --offline sync 2>&1)" ] && [ "$(requests)" = "$n" ]
ok $? "nothing was queued or sent"

# ---- 6. a 401 refreshes the token once, through the toy's hook

id=$(card_id "Glue kite")
"$LANES" --account toy --offline move "$id" Wrapped 2> "$T_HOME/err"
ok $? "a move queued offline"
fake_ctl '{"require_refresh": true}'
"$LANES" --account toy sync > "$T_HOME/out" 2>&1
ok $? "lanes sync against a fake that refuses the token: exit 0"
[ "$(control refreshes)" = 1 ]
ok $? "exactly one refresh"
fake_log "
got = [(r['status'], r['auth'], r['body']) for r in log if r['path'] == '/cards/k4']
want = {'column': 'c3', 'index': 0, 'before': 'k5'}
assert got == [(401, 'tok', want), (200, 'acc-1', want)], got
"
ok $? "the op was sent again exactly once, with the new token, and acknowledged"
fake_log "
got = [(r['auth'], r['body']) for r in log if r['path'] == '/oauth/token']
assert got == [(None, {'refresh_token': 'tok'})], got
"
ok $? "the refresh went to the toy's token endpoint, without a bearer token"
fake_py "assert [c['id'] for c in s['cards']['c3']] == ['k4', 'k5'], s['cards']"
ok $? "the fake has the move"
"$PYTHON3" -c "
import json, sqlite3, sys
state = json.loads(sqlite3.connect(sys.argv[1]).execute(
    \"SELECT state FROM accounts WHERE name = 'toy'\").fetchone()[0])
assert state == {'access': 'acc-1', 'refresh': 'ref-1'}, state
" "$XDG_DATA_HOME/lanes/lanes.db"
ok $? "the new tokens are in the store"
n=$(requests)
"$LANES" --account toy sync > "$T_HOME/out" 2>&1
ok $? "a second run: exit 0"
[ "$(control refreshes)" = 1 ]
ok $? "it did not refresh again"
fake_log "
new = log[$n:]
assert new and all(r['status'] == 200 and r['auth'] == 'acc-1' for r in new), new
"
ok $? "it sent the stored token, and the fake took it"

# ---- 7. a slow token-cmd holds up nothing on the screen

printf 'account toy service=toy url=%s token-cmd="sleep 5; echo tok"\n' "$URL" > "$CONFIG"
fake_put_state "s['cards']['c2'][0]['title'] = 'Tune big drum'"
# The card drawn selected (reverse video) on the board, not the title or
# status line.
selected() {
	tm capture-pane -e -p | sed '1d;$d' | grep -oE $'\e\\[([0-9;]*;)?7m(\e\\[[0-9;]*m)* [^\e]*' |
		head -n 1 |
		sed 's/^[^ ]* //; s/ *$//'
}
# Waits up to a second until the card drawn selected is $1.
selects() {
	local i
	for i in $(seq 20); do
		[ "$(selected)" = "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
n=$(requests)
t0=$(date +%s%3N)
start --account toy --board Workshop
expect "Tune drum" "the board shows at once, from the store"
tm send-keys h h g
selects "Carve horse"
ok $? "while token-cmd runs, h and g select within a second"
tm send-keys j
selects "Paint train"
ok $? "so does j"
tm send-keys k
selects "Carve horse"
ok $? "and k"
[ $(($(date +%s%3N) - t0)) -lt 5000 ]
ok $? "all of that before token-cmd was done"
wait_for "Tune big drum" 10
ok $? "once token-cmd printed the token, the board loads from the fake"
fake_log "
new = log[$n:]
assert new and min(r['t'] for r in new) >= $t0 + 5000, (new, $t0)
"
ok $? "no request went out before token-cmd was done"

# ---- 8. the toy takes 5 requests a second: lanes keeps to it
keys q
wait_for "[exited" 5
printf 'account toy service=toy url=%s token-env=TOY_TOKEN\n' "$URL" > "$CONFIG"
fake_ctl '{"clear_log": true}'
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$LANES" add --offline --account toy --board Workshop "Paced $i" > /dev/null 2>&1
done
"$LANES" --account toy sync > "$T_HOME/out" 2>&1
ok $? "12 queued adds and a refresh go out (exit 0)"
fake_log "
t = sorted(r['t'] for r in log)
assert len(t) >= 12 and sum(1 for r in log if r['method'] == 'POST') == 12, log
busiest = max(sum(1 for u in t if v <= u < v + 1000) for v in t)
assert busiest <= 5, (busiest, t)
" 2> "$T_HOME/pace.err"
ok $? "never more than 5 in any second"
sed 's/^/# /' "$T_HOME/pace.err"

finish
