#!/bin/sh
# The mouse: off by default; with `set mouse = on` a click selects the card
# under it (column and row) and the wheel moves the selection. tmux cannot
# make up a click by itself, so the tests write the SGR (1006) mouse report
# a terminal sends, which ncurses decodes once lanes has asked for the mouse.
. "$top_srcdir/tests/screen/lib.sh"

# press/release at 1-based column x, row y; button 0 is the left one,
# 64 and 65 the wheel up and down
mouse() { tm send-keys -l $'\e[<'"$1;$2;$3M"; [ "$1" = 0 ] && tm send-keys -l $'\e[<'"0;$2;$3m"; settle; }
click() { mouse 0 "$1" "$2"; }
# row (1-based) of the screen line holding TEXT
row() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
# the selected card, read back from the rename prompt
selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | sed 's/ *$//'; keys Escape; }

start
click 5 "$(row "H and L move")"
[ "$(selected)" = "Press ? for help" ]
ok $? "without set mouse, a click selects nothing"

printf 'set mouse = on\n' > "$XDG_CONFIG_HOME/lanes/config"
start
click 5 "$(row "H and L move")"
[ "$(selected)" = "H and L move a card between columns" ]
ok $? "a click selects the card under it"
click 50 "$(row "Try j/k")"
[ "$(selected)" = "Try j/k and h/l to move around" ]
ok $? "a click in another column selects that column and card"
click 90 "$(row "H and L move")"
[ "$(selected)" = "Open lanes" ]
ok $? "a click below a column's last card selects the column, keeping its card"
click 5 "$(row "H and L move")"
mouse 64 5 10
[ "$(selected)" = "n adds a card, r renames it, d deletes it" ]
ok $? "the wheel up selects the card above"
mouse 64 5 10
mouse 64 5 10
[ "$(selected)" = "Press ? for help" ]
ok $? "and stops at the first card"
mouse 65 5 10
[ "$(selected)" = "n adds a card, r renames it, d deletes it" ]
ok $? "the wheel down selects the card below"

W=140 start
click 5 "$(row "Press ? for help")"
keys T
expect "Time on Press ? for help" "T opens the timer pane beside the board"
click 5 "$(row "H and L move")"
keys q
[ "$(selected)" = "H and L move a card between columns" ]
ok $? "with a side pane open, a click on the board selects there"

keys d
click 5 "$(row "Press ? for help")"
expect "cancelled" "a click answers a pending question with no"
expect "H and L move" "and deletes nothing"

finish
