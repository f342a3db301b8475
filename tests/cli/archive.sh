#!/bin/sh
# lanes archive and unarchive: the card leaves `cards` and comes back;
# `cards --archived` lists it marked; search leaves it out; a bad card id
# is an error.
. "$top_srcdir/tests/screen/lib.sh"

id=$("$LANES" add "Old plan" 2>/dev/null)
ok $? "a card added"
"$LANES" archive "$id" > "$T_HOME/out" 2>&1
ok $? "archive exits 0"
! "$LANES" cards | grep -q "Old plan"
ok $? "cards leaves the archived card out"
"$LANES" cards --archived | grep -q "Old plan.*(archived)"
ok $? "cards --archived lists it, marked"
"$LANES" cards --archived --json | python3 -c '
import json, sys
c = [x for x in json.load(sys.stdin) if x["title"] == "Old plan"]
assert len(c) == 1 and c[0]["archived"] is True, c
'
ok $? "cards --archived --json says archived: true"
! "$LANES" search "old plan" | grep -q "Old plan"
ok $? "search across boards leaves it out, as cards does"
"$LANES" unarchive "$id" > "$T_HOME/out" 2>&1 && "$LANES" cards | grep -q "Old plan"
ok $? "unarchive brings it back"
"$LANES" cards --json | python3 -c '
import json, sys
assert all(x["archived"] is False for x in json.load(sys.stdin))
'
ok $? "cards --json says archived: false"
"$LANES" archive 9999 > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "no card with id 9999" "$T_HOME/out"
ok $? "an unknown card: the reason, exit 1"
"$LANES" unarchive > "$T_HOME/out" 2>&1
[ $? = 2 ] && grep -q "usage: lanes unarchive CARD" "$T_HOME/out"
ok $? "no card given: the usage, exit 2"
"$LANES" boards --archived > "$T_HOME/out" 2>&1
[ $? = 2 ]
ok $? "--archived does not apply to boards"
finish
