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

finish
