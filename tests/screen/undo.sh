#!/bin/sh
# Undo and redo in two lanes windows on one database: u takes back only
# this window's own changes, newest first, and says what it undid; C-r
# makes them again; a change someone else made since is never undone
# over; a command's edits are not any window's to undo.
. "$top_srcdir/tests/screen/lib.sh"

"$LANES" add "Fix login" --column "To Do" > /dev/null 2>&1
ok $? "a card added from the command line"
A=$T_SOCK
B="$T_SOCK-2"
trap 'tmux -L "$B" kill-server >/dev/null 2>&1; cleanup' EXIT
in_a() { T_SOCK=$A; }
in_b() { T_SOCK=$B; }
# the column a card's line sits under: 1 To Do, 2 Doing, 3 Done
column_of() {
	screen | awk -v t="$1" 'index($0, t) { n = index($0, t); print (n < 40 ? 1 : n < 80 ? 2 : 3); exit }'
}
shows_in() {    # TITLE COLUMN SECS: wait until this window shows it there
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		[ "$(column_of "$1")" = "$2" ] && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

in_a; start
wait_for "Fix login" 5
in_b; start
wait_for "Fix login" 5
ok $? "two windows show the board"

in_b; keys u
expect "nothing to undo" "a window has none of the command's edits to undo"
expect "Fix login"

in_a; keys g L
shows_in "Fix login" 2 2
ok $? "window A moves the card to Doing"
in_b; shows_in "Fix login" 2 2
ok $? "window B shows it there"
keys u
expect "nothing to undo" "B cannot undo A's move"
shows_in "Fix login" 2 1
ok $? "and the card stays in Doing"

in_a; keys u
expect 'undid: move "Fix login" to Doing' "A's u names what it undid"
shows_in "Fix login" 1 2
ok $? "the card is back in To Do"
in_b; shows_in "Fix login" 1 2
ok $? "B shows it back"
in_a; keys C-r
expect 'redid: move "Fix login" to Doing' "C-r redoes it"
in_b; shows_in "Fix login" 2 2
ok $? "B shows it moved again"
in_a; keys C-r
expect "nothing to redo"

# B renames the card (its selection followed the card to Doing): A's move
# can no longer be undone over it
in_b; keys r C-u; type_text "Fix sign-in"; keys Enter
shows_in "Fix sign-in" 2 2
ok $? "B renames the card"
in_a; shows_in "Fix sign-in" 2 2
ok $? "A shows B's rename"
keys u
expect 'cannot undo move "Fix login" to Doing: changed elsewhere since' \
	"A's undo of a card B changed since is refused, with the reason"
shows_in "Fix sign-in" 2 1
ok $? "and B's change stands"
in_b; keys u
expect 'undid: rename "Fix login" to "Fix sign-in"' "B undoes its own rename"
in_a; wait_for "Fix login" 2
ok $? "A shows the old title"
in_b; keys C-r
expect 'redid: rename "Fix login" to "Fix sign-in"' "and B redoes it"

# a window's history ends with it
in_a; keys q
in_a; start
wait_for "Fix sign-in" 5
keys u
expect "nothing to undo" "a new window starts with nothing to undo"
keys q
tmux -L "$B" kill-server
finish
