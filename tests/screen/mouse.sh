#!/bin/sh
# The mouse: off by default; with `set mouse = on` a click selects the card
# under it (column and row) or the row of a list pane, a double click acts
# as Enter, and the wheel moves the selection. tmux cannot
# make up a click by itself, so the tests write the SGR (1006) mouse report
# a terminal sends, which lanes reads once it has asked for the mouse.
. "$top_srcdir/tests/screen/lib.sh"

# press/release at 1-based column x, row y; button 0 is the left one,
# 64 and 65 the wheel up and down
mouse() { tm send-keys -l $'\e[<'"$1;$2;$3M"; [ "$1" = 0 ] && tm send-keys -l $'\e[<'"0;$2;$3m"; settle; }
click() { mouse 0 "$1" "$2"; }
# a double click: its two clicks read at once (ncurses merges them), or
# read GAP seconds apart
dclick() {
	local c=$'\e[<'"0;$1;$2"
	if [ -n "${3:-}" ]; then
		tm send-keys -l "${c}M${c}m"; sleep "$3"; tm send-keys -l "${c}M${c}m"
	else
		tm send-keys -l "${c}M${c}m${c}M${c}m"
	fi
	settle
}
# row (1-based) of the screen line holding TEXT
row() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
# the selected card, read back from the rename prompt
selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | sed 's/ *$//'; keys Escape; }

start
click 5 "$(row "n adds, r renames")"
[ "$(selected)" = "Press ? for help" ]
ok $? "without set mouse, a click selects nothing"

printf 'set mouse = on\n' > "$XDG_CONFIG_HOME/lanes/config"
start
click 5 "$(row "n adds, r renames")"
[ "$(selected)" = "n adds, r renames" ]
ok $? "a click selects the card under it"
click 50 "$(row "j/k and h/l")"
[ "$(selected)" = "j/k and h/l move around" ]
ok $? "a click in another column selects that column and card"
click 90 "$(row "n adds, r renames")"
[ "$(selected)" = "Open lanes" ]
ok $? "a click below a column's last card selects the column, keeping its card"
click 5 "$(row "n adds, r renames")"
mouse 64 5 10
[ "$(selected)" = "Enter opens a card" ]
ok $? "the wheel up selects the card above"
mouse 64 5 10
mouse 64 5 10
[ "$(selected)" = "Press ? for help" ]
ok $? "and stops at the first card"
mouse 65 5 10
[ "$(selected)" = "Enter opens a card" ]
ok $? "the wheel down selects the card below"

W=140 start
click 5 "$(row "Press ? for help")"
keys T
expect "Time on Press ? for help" "T opens the timer pane beside the board"
click 5 "$(row "n adds, r renames")"
keys q
[ "$(selected)" = "n adds, r renames" ]
ok $? "with a side pane open, a click on the board selects there"

keys d
click 5 "$(row "Press ? for help")"
expect "cancelled" "a click answers a pending question with no"
expect "n adds, r renames" "and deletes nothing"

# list panes: the boards picker (full screen), rows from its fourth line
keys B n; type_text "Alpha"; keys Enter
keys B n; type_text "Beta"; keys Enter
keys B n; type_text "Charlie"; keys Enter
keys B n; type_text "Delta"; keys Enter
keys B
click 5 "$(row "Charlie")"
expect "<Enter> open  n new" "a click on a list row only selects it"
keys Enter
expect "lanes  Charlie" "the third board was selected: Enter opens it"
keys B
dclick 5 "$(row "Delta")"
expect "lanes  Delta" "a double click on a row opens that board"
expect_not "<Enter> open  n new"
keys B
dclick 5 "$(row "Beta")" 0.1
expect "lanes  Beta" "so do two clicks 0.1 s apart"
keys B
click 5 "$(row "Alpha")"
sleep 0.5
click 5 "$(row "Alpha")"
expect "<Enter> open  n new" "two clicks half a second apart are no double click"
keys Escape B
before=$(screen)
click 5 $(($(row "Welcome") + 2))
[ "$(screen)" = "$before" ]
ok $? "a click below the last row changes nothing"
click 5 "$(row "<Enter> open  n new")"
keys Enter
expect "lanes  Beta" "nor does a click on the heading: Enter opens the board still selected"

# the checklist beside the board: a click selects an item, Space ticks it
stop_server
id=$("$LANES" add "Ship it" --board Welcome)
for t in One Two Three; do "$LANES" check "$id" "$t" >/dev/null; done
W=140 start --board Welcome
click 5 "$(row "Ship it")"
keys x
expect "Checklist 0/3 of #$id Ship it" "x opens the checklist beside the board"
click 100 "$(row "[ ] Three")"
keys Space
expect "[x] Three" "a click selects an item, Space ticks that one"
click 100 "$(row "[ ] One")"
click 100 "$(row "Checklist 1/3")"
keys Space
expect "[x] One" "a click on the pane's heading keeps the selection"
dclick 5 "$(row "n adds, r renames")"
expect_not "Checklist" "a double click on the board beside a side pane closes it"
screen | grep -q "#[0-9]* n adds, r renames$"
ok $? "and opens the card clicked"
stop_server
"$LANES" show "$id" --json | tr -d ' \t\n' | grep -qF '"text":"Three","done":true'
ok $? "the store has the clicked item ticked"

finish
