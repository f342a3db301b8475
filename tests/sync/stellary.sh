#!/bin/sh
# Stellary through the command line, against its fake
# (tests/fakes/stellary.py): the picker's three levels in `boards`, a
# project's cards in their order without archived ones (archiving one and
# bringing it back), edits reaching the
# fake in Stellary's shape, a refusal with the server's words, and an edit
# made while the service answers 503 sent once, when it is back; a card's
# labels by name. (Setting labels has no command: tests/screen/stellary.sh.)
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
PID=665f00000000000000000001
P=/orgs/acme/workspaces/eng/projects/$PID

stellary_start

# the requests lanes made since the log was cleared that are no GET:
# "METHOD path-after-{P} body status", one a line
writes() {
	fake_json /_log log "
p = '$P'
for r in log:
	if r['method'] != 'GET':
		print(r['method'], r['path'].replace(p, ''), json.dumps(r['body'], sort_keys=True),
			r['status'])"
}

"$LANES" boards --account s --json > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert b == [{"remote": "acme/eng/665f00000000000000000001", "name": "Roadmap", "path": [
	{"level": "organisation", "remote": "acme", "name": "Acme"},
	{"level": "workspace", "remote": "acme/eng", "name": "Engineering"}]}], b
' "$T_HOME/out"
ok $? "boards --json: the project with its organisation and workspace"

"$LANES" cards --account s --board Roadmap --json > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && python3 -c '
import json, sys
c = [(x["column"], x["position"], x["title"]) for x in json.load(open(sys.argv[1]))]
assert c == [("To do", 0, "Write spec"), ("To do", 1, "Review API"), ("To do", 2, "Fix login"),
	("Doing", 0, "Ship it")], c
' "$T_HOME/out"
ok $? "cards --json: columns and cards in their order, the archived card left out"
# the local ids of two of its cards
card_id() { "$LANES" cards --account s --board Roadmap | awk -F'\t' -v t="$1" '$3 == t { split($1, a, " "); print a[1] }'; }
spec=$(card_id "Write spec")
review=$(card_id "Review API")

fake_ctl '{"clear_log": true}'
id=$("$LANES" add --account s --board Roadmap "From the command line" 2>"$T_HOME/err")
ok $? "add --account sends the card (exit 0)"
writes > "$T_HOME/w"
grep -qx 'POST /columns/665f00000000000000000001/cards {"title": "From the command line"} 201' \
	"$T_HOME/w" && grep -q '^PATCH /cards/[0-9a-f]* {"order": 0} 200$' "$T_HOME/w"
ok $? "made in its column, then put on top by its index"

fake_ctl '{"clear_log": true}'
"$LANES" move "$id" Doing > "$T_HOME/out" 2>&1 &&
	"$LANES" comment "$id" "Looks good" > /dev/null 2>&1 &&
	item=$("$LANES" check "$id" "Step one" 2>/dev/null) &&
	"$LANES" check --toggle "$id" "$item" > /dev/null 2>&1
ok $? "move, comment, check and tick are sent (exit 0)"
writes > "$T_HOME/w"
sed -n 1p "$T_HOME/w" | grep -q '^PATCH /cards/[0-9a-f]* {"columnId": "665f00000000000000000002", "order": 0} 200$'
ok $? "a move is a PATCH of columnId and the 0-based order"
sed -n 2p "$T_HOME/w" | grep -q '^POST /cards/[0-9a-f]*/comments {"content": "Looks good"} 201$'
ok $? "a comment is a POST of its content"
sed -n 3p "$T_HOME/w" | grep -q '^POST /cards/[0-9a-f]*/checklist {"title": "Step one"} 201$' &&
	sed -n 4p "$T_HOME/w" | grep -q '^PATCH /cards/[0-9a-f]*/checklist/[0-9a-f]* {"done": true'
ok $? "a checklist item is a POST of its title, a tick a PATCH of done"
fake_py "
k = [c for c in s['cards'] if c['title'] == 'From the command line'][0]
assert k['columnId'].endswith('0002') and k['order'] == 0, k
assert k['checklist'][0]['done'] and k['commentCount'] == 1, k"
ok $? "the fake has the card on top of Doing, ticked and commented"

# a teammate's card shows after a refresh
fake_json /_state s "print(s['cards'][0]['id'])" > /dev/null
_fake_http POST /_teammate "{\"method\": \"POST\", \"path\": \"$P/columns/665f00000000000000000003/cards\",
	\"body\": {\"title\": \"Kim's card\"}}" > /dev/null
"$LANES" sync > "$T_HOME/out" 2>&1 &&
	"$LANES" cards --board Roadmap > "$T_HOME/out" 2>&1 && grep -q "Done.*Kim's card" "$T_HOME/out"
ok $? "a teammate's card arrives with lanes sync"

# a card's labelIds arrive named by the project's labels, in their order
fake_put_state "
k = [c for c in s['cards'] if c['id'].endswith('1002')][0]
k['labelIds'] = [s['labels'][1]['id'], s['labels'][0]['id']]"
"$LANES" sync > "$T_HOME/out" 2>&1 && "$LANES" show "$review" --json > "$T_HOME/out" 2>&1 &&
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"] == "Review API" and d["labels"] == ["docs", "bug"], d
' "$T_HOME/out"
ok $? "lanes sync names a card's labels from the project's"

# an assignee is shown by the email the organisation's members give; the
# members are read on the first refresh (for the assignee picker), then
# only when someone new turns up
members_asked() { fake_json /_log log "print(len([r for r in log if r['path'].endswith('/members')]))"; }
fake_ctl '{"clear_log": true}'
fake_put_state "
k = [c for c in s['cards'] if c['id'].endswith('1002')][0]
k['assigneeId'] = '000000000000000000000a02'"
"$LANES" sync > "$T_HOME/out" 2>&1 && "$LANES" show "$review" --json > "$T_HOME/out" 2>&1 &&
	grep -q "\"assignees\":[[:space:]]*\[\"kim@example.com\"\]" "$T_HOME/out" && [ "$(members_asked)" = 0 ]
ok $? "lanes sync shows a card's assignee by the member's email, read on the first refresh"
"$LANES" sync > "$T_HOME/out" 2>&1 && [ "$(members_asked)" = 0 ]
ok $? "a refresh whose assignees are all known does not ask for the members again"
fake_put_state "
k = [c for c in s['cards'] if c['id'].endswith('1001')][0]
k['assigneeId'] = '000000000000000000000a09'"
fake_ctl '{"reject_once": {"method": "GET", "path": "/organizations/acme/members", "status": 403,
	"message": "Forbidden resource"}}'
"$LANES" sync > "$T_HOME/out" 2>&1 && "$LANES" show "$review" --json > "$T_HOME/out" 2>&1 &&
	grep -q "\"assignees\":[[:space:]]*\[\"kim@example.com\"\]" "$T_HOME/out" && [ "$(members_asked)" = 1 ]
ok $? "someone new asks again; a refused members list still syncs the board"
"$LANES" sync > "$T_HOME/out" 2>&1 && [ "$(members_asked)" = 1 ]
ok $? "nor asks again for someone the members did not name"

# the archive is Stellary's: sent as archived, and still archived after
# a refresh; the card archived there before shows with --archived
fake_ctl '{"clear_log": true}'
"$LANES" archive "$review" > "$T_HOME/out" 2>&1
ok $? "archive is sent (exit 0)"
writes > "$T_HOME/w"
grep -qx 'PATCH /cards/665f00000000000000001002 {"archived": true} 200' "$T_HOME/w"
ok $? "an archive is a PATCH of archived"
fake_py "
k = [c for c in s['cards'] if c['id'].endswith('1002')][0]
assert k['archived'] is True, k"
ok $? "the fake holds archived=true"
"$LANES" sync > "$T_HOME/out" 2>&1 && "$LANES" cards --board Roadmap > "$T_HOME/out" 2>&1 &&
	! grep -q "Review API" "$T_HOME/out" &&
	"$LANES" cards --board Roadmap --archived > "$T_HOME/out" 2>&1 &&
	grep -q "Review API.*(archived)" "$T_HOME/out" && grep -q "Old idea.*(archived)" "$T_HOME/out"
ok $? "after a refresh the card stays archived, and cards --archived lists both"
fake_ctl '{"clear_log": true}'
"$LANES" unarchive "$review" > "$T_HOME/out" 2>&1 && writes > "$T_HOME/w" &&
	grep -qx 'PATCH /cards/665f00000000000000001002 {"archived": false} 200' "$T_HOME/w" &&
	"$LANES" sync > "$T_HOME/out" 2>&1 && "$LANES" cards --board Roadmap > "$T_HOME/out" 2>&1 &&
	grep -q "Review API" "$T_HOME/out"
ok $? "unarchive sends archived=false and the card is back after a refresh"

# down: the edit waits and is sent when the service is back, once
fake_ctl '{"clear_log": true, "fail": {"status": 503, "count": 2}}'
"$LANES" move "$spec" Done > "$T_HOME/out" 2>&1
ok $? "an edit made while Stellary answers 503 is sent once it is back (exit 0)"
writes > "$T_HOME/w"
[ "$(grep -c '^PATCH /cards/665f00000000000000001001 .* 503$' "$T_HOME/w")" = 2 ] &&
	[ "$(grep -c '^PATCH /cards/665f00000000000000001001 .* 200$' "$T_HOME/w")" = 1 ]
ok $? "the fake refused it twice and got it once"

# 429: lanes waits what Retry-After says before sending again
fake_ctl '{"clear_log": true, "fail": {"status": 429, "count": 1, "retry_after": 1}}'
"$LANES" move "$spec" Doing > "$T_HOME/out" 2>&1
ok $? "an edit answered 429 is sent after the wait (exit 0)"
fake_json /_log log "
t = [r['t'] for r in log if r['method'] == 'PATCH']
st = [r['status'] for r in log if r['method'] == 'PATCH']
assert st == [429, 200] and t[1] - t[0] >= 1000, (st, t)"
ok $? "one 429, then the edit no sooner than Retry-After"

# a lost answer: the card was made; it is found, not made twice
fake_ctl '{"clear_log": true, "drop": 1}'
"$LANES" add --account s --board Roadmap --column Done "Answer lost" > /dev/null 2>&1
ok $? "an add whose answer is lost is done (exit 0)"
fake_py "
n = [k['title'] for k in s['cards']].count('Answer lost')
assert n == 1, n"
ok $? "the fake has that card once: lanes looked before sending again"

# refused: the server's words, an array of them joined
fake_ctl "{\"reject_once\": {\"method\": \"PATCH\", \"path\": \"$P/cards/665f00000000000000001002\",
	\"status\": 400, \"message\": [\"order must be a number\", \"columnId is \\u001b[31mbad\"]}}"
"$LANES" move "$review" Done > /dev/null 2>&1
"$LANES" sync > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q 'failed s: .* -- 400: order must be a number; columnId is bad' "$T_HOME/out" &&
	! grep -q "$(printf '\033')" "$T_HOME/out"
ok $? "a 400 parks the edit with the server's words, sanitized: exit 3"

"$LANES" sync > "$T_HOME/out" 2>&1
# only the refused move above is left
[ $? = 3 ] && [ "$(grep -c 'failed s:' "$T_HOME/out")" = 1 ] && ! grep -q "pending" "$T_HOME/out"
ok $? "lanes sync: only the refused edit is left (exit 3)"
finish
