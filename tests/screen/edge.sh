#!/bin/sh
# Edge cases of the board and the card panes: keys typed ahead of the
# screen, empty boards and columns, tiny terminals, huge and odd titles,
# prompts left open by a signal.
. "$top_srcdir/tests/screen/lib.sh"

# A crash shows "[exited N]" only once the sanitizer has written its report.
alive() {
	! wait_for "[exited" 1
	ok $? "${1:-lanes is still running}"
}

# Keys sent in one go reach lanes in one read, before any redraw: a second
# delete must not act on the row the first one removed.
start
keys x
for t in one two three; do keys a; type_text "$t"; keys Enter; done
keys G
keys D y D y
alive "D y D y on the last checklist item does not crash"
expect "[ ] one" "the first item is left"
expect_not "[ ] two" "the last two items are deleted"
keys Escape

start
keys C G n; type_text "Spare 1"; keys Enter
keys n; type_text "Spare 2"; keys Enter
keys G d d
alive "d d on the last empty column does not crash"
expect_not "Spare" "both empty columns are deleted"
expect "3. Done" "the other columns stay"
keys Escape

start
keys c
for t in first second third; do keys a; type_text "$t"; keys Enter; done
keys G D y D y
alive "D y D y on the last comment does not crash"
expect "first" "the first comment is left"
expect_not "third" "the last comment is deleted"
keys Escape

start
keys T
for d in 1h 2h 3h; do keys a; type_text "$d"; keys Enter Enter; done
keys G D y D y
alive "D y D y on the last time entry does not crash"
expect "Total 3:00:00" "one entry of 3h is left"
keys Escape

start
keys B n; type_text "Zz 1"; keys Enter
keys B n; type_text "Zz 2"; keys Enter
keys B G d y d y
alive "d y d y on the last board does not crash"
expect "Welcome" "the first board is left"
expect_not "Zz 2" "the last boards are deleted"
keys Escape

# Escape sequences the terminal description does not know (here ones that
# xterm-256color lacks) reach lanes as ESC and the sequence's bytes: they
# are dropped whole, so neither the ESC nor the letter ending them acts.
raw() { tm send-keys -l "$(printf "$1")"; settle; }
start
keys n; type_text "Key"
raw '\033[1;8C'
expect "New card: Key" "an unknown CSI sequence leaves the prompt open"
type_text "s"; keys Enter
"$LANES" cards | grep -q "	Keys\$"
ok $? "the prompt took only what was typed around the sequence"
before=$("$LANES" cards)
raw '\033[1;8C'
expect_not "Columns (u undoes" "an unknown CSI sequence ending in C opens no editor"
expect "unknown key ESC[1;8C" "an unknown CSI sequence is named"
raw '\033[2;8J\033[I'
raw '\033OL'
expect "unknown key ESCOL" "an unknown SS3 sequence is named"
raw '\033Od'
expect_not "(y/n)" "an unknown SS3 sequence ending in d deletes nothing"
test "$before" = "$("$LANES" cards)"
ok $? "unknown sequences ending in J and L move no card"
# Esc and a key that came with it are Alt and the key (M-C), not Esc then C.
raw '\033C'
expect_not "Columns (u undoes" "Esc then C in one read does not open the columns"
expect "<M-C> is not bound" "it is the key M-C, named"
keys C
expect "Columns (u undoes" "C alone opens the columns"
keys Escape
expect_not "Columns (u undoes" "Esc closes a pane"
keys n; type_text "gone"; keys Escape
expect_not "New card:" "Esc cancels a prompt"
test "$before" = "$("$LANES" cards)"
ok $? "nothing was added"

finish
