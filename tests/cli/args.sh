#!/bin/sh
# The scripting commands' arguments at their edges: "--", texts that start
# with a dash, ids that are not ids, missing and extra arguments.
. "$top_srcdir/tests/screen/lib.sh"

status_is() { want=$1; shift; "$LANES" "$@" >"$T_HOME/out" 2>"$T_HOME/err"; [ $? = "$want" ]; }

id=$("$LANES" add -- "-1 regression" 2>/dev/null)
[ -n "$id" ] && "$LANES" cards | grep -qF "	-1 regression"
ok $? "add -- TITLE takes a title that starts with a dash"
status_is 0 comment "$id" -- "- agreed" && "$LANES" show "$id" | grep -qF -- "- agreed"
ok $? "comment CARD -- TEXT takes a text that starts with a dash"
status_is 0 add --column Done -- --json && "$LANES" cards | grep -qF "Done	0	--json"
ok $? "options before -- still apply; an option's name after it is a title"
status_is 2 add -urgent
ok $? "a title that starts with a dash, without --, is still bad usage"
status_is 2 add x -- --column Done
ok $? "after --, an option's name counts as one more argument"

for bad in 0 abc 1x 99999999999999999999; do
	status_is 1 rm "$bad" && grep -q "not a card id" "$T_HOME/err"
	ok $? "rm $bad: not a card id, exit 1"
done
status_is 1 move 99999999999999999999 Done
ok $? "move with an id that overflows: exit 1"
status_is 1 cards --board 99999999999999999999
ok $? "cards --board with an id that overflows: exit 1"
status_is 1 add x --board 'We"lcome' && grep -qF 'no board "We"lcome"' "$T_HOME/err"
ok $? "a board name with a quote is reported as given"
status_is 2 rm
ok $? "rm without a card: exit 2"
status_is 2 rm 1 2
ok $? "rm with two cards: exit 2"
status_is 2 move 1
ok $? "move without a column: exit 2"
status_is 2 timer start 1 2
ok $? "timer start with two cards: exit 2"

finish
