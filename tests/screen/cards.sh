#!/bin/sh
# A card's line shows its due date, priority, labels, assignee, comments,
# checklist and timer as far as the width allows, overdue and due-today
# dates stand out, `set card-format` picks the fields; WIP limits, sorted
# views of a column, h/l stopping at the ends, and a Welcome board that
# fits 80x24.
. "$top_srcdir/tests/screen/lib.sh"

CONFIG="$XDG_CONFIG_HOME/lanes/config"
# The SGR parameters drawn just before TEXT (capture-pane -e), one a line.
sgr_before() {
	local s
	s=$(tm capture-pane -e -p | grep -oE $'(\e\\[[0-9;]*m)+'"$1" | head -n 1)
	printf '%s' "${s%"$1"}" | tr -d '\033[' | tr 'm;' '\n\n'
}
# The text of the selected card, read back from the rename prompt.
selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | sed 's/ *$//'; keys Escape; }

W=80 H=24 start
for t in "Press ? for help" "Enter opens a card" "d deletes, u undoes" "t starts a timer" \
	"/ filters the cards" "B boards, C columns" "c comments, x checklist" "j/k and h/l move around"; do
	screen | grep -qF -- "$t" || echo "# missing: $t"
done
screen | grep -qF "Enter opens a card" && screen | grep -qF "/ filters" &&
	screen | grep -qF "u undoes" && screen | grep -qF "B boards, C columns" &&
	screen | grep -qF "c comments, x checklist" && screen | grep -qF "t starts a timer"
ok $? "the Welcome board teaches Enter, /, u, B, C, c, x and t"
expect_not "…" "and every card of it fits 80x24 uncut"

keys h
[ "$(selected)" = "Press ? for help" ]
ok $? "h on the first column stays there"
keys l l l l
[ "$(selected)" = "Open lanes" ]
ok $? "l on the last column stays there"
keys q

DB="$XDG_DATA_HOME/lanes/lanes.db"
ship=$("$LANES" add "Ship the release notes" --column Doing)
plan=$("$LANES" add "Plan the week" --column Doing)
"$LANES" comment "$ship" "looks good" >/dev/null
for t in a b c d; do item=$("$LANES" check "$ship" "$t"); done
"$LANES" check --toggle "$ship" "$item" >/dev/null
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("update cards set due_on = ?, priority = ?, labels = ?, assignees = ? where id = ?",
           ("2020-03-14", "high", "bug, ui, docs", "ann", int(sys.argv[2])))
db.execute("update cards set due_on = date(\"now\"), priority = \"low\" where id = ?", (int(sys.argv[3]),))
db.commit()' "$DB" "$ship" "$plan"

W=80 H=24 start
line_of "Ship the" | grep -qF "2020-03-14"
ok $? "80x24: the overdue date shows beside the title"
line_of "Ship the" | grep -qF "high"
[ $? != 0 ]
ok $? "80x24: what does not fit is left off, the title keeps its room"
sgr_before 2020-03-14 | grep -qx 31 && sgr_before 2020-03-14 | grep -qx 1
ok $? "the overdue date stands out (bold red in the default theme)"
NO_COLOR=1 W=80 H=24 start
sgr_before 2020-03-14 | grep -qx 4 && sgr_before 2020-03-14 | grep -qx 1
ok $? "and without colour too (bold, underlined)"
sgr_before today | grep -qx 1
ok $? "a date due today stands out (bold)"

W=120 H=40 start
line_of "Ship the" | grep -qF "2020-03-14 high"
ok $? "120x40: the date and the priority show"

W=200 H=50 start
line_of "Ship the" | grep -qF "2020-03-14 high #bug #ui #docs @ann ✉1 1/4"
ok $? "200x50: date, priority, labels, assignee, comments and checklist show"
sgr_before high | grep -qx 1
ok $? "high priority is bold"

printf 'set card-format = checklist labels\n' > "$CONFIG"
W=200 H=50 start
line_of "Ship the" | grep -qF "1/4 #bug #ui #docs"
ok $? "set card-format chooses the fields and their order"
expect_not "2020-03-14" "and leaves off the others"
printf 'set card-format = due size\n' > "$CONFIG"
"$LANES" check-config > "$T_HOME/err" 2>&1
[ $? != 0 ] && grep -qF 'config:1: unknown card-format field "size" (fields: due priority' "$T_HOME/err"
ok $? "an unknown field is a config error that lists the fields"
rm "$CONFIG"

# WIP limits: set in the columns pane, shown and checked on the board
W=120 H=40 start
keys C j w
expect "WIP limit (empty clears):" "w in the columns pane asks for a WIP limit"
type_text "x"; keys Enter
expect 'a WIP limit is a number from 1 to 999, not "x"' "a bad limit is refused with the reason"
expect "WIP limit (empty clears): x" "and the prompt keeps the text to correct"
keys BSpace; type_text "2"; keys Enter
expect "limit   2" "the columns pane shows the limit"
keys q
expect "Doing 3/2" "the board header shows the count against the limit"
sgr_before " Doing 3/2" | grep -qx 41
ok $? "a column over its limit stands out (on red in the default theme)"
keys C j w C-u; type_text "5"; keys Enter q
expect "Doing 3/5" "a new limit replaces the old"
sgr_before " Doing 3/5" | grep -qx 41
[ $? != 0 ]
ok $? "a column within its limit does not stand out"
keys C j w C-u Enter q
expect "Doing (3)" "an empty limit clears it"
keys u
expect "Doing 3/5" "u takes the clearing back"

# sorted views of a column
keys h h l
order() { screen | grep -oE "Ship the release|Plan the week|j/k and h/l" | tr '\n' ,; }
stored=$(order)
keys s
expect "Doing 3/5 by due" "s views the column by due date"
[ "$(order)" = "Ship the release,Plan the week,j/k and h/l," ]
ok $? "by due date: overdue first, no date last"
keys J
expect "the column is viewed by due date: press s until it shows the stored order to reorder" \
	"J in a sorted view is refused with the reason"
keys s
expect "Doing 3/5 by priority" "s again views it by priority"
[ "$(order)" = "Ship the release,Plan the week,j/k and h/l," ]
ok $? "by priority: high, low, none"
keys K
expect "the column is viewed by priority" "K is refused too"
keys s
expect_not "by priority" "s a third time goes back to the stored order"
[ "$(order)" = "$stored" ]
ok $? "which was never changed"

finish
