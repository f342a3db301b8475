#!/bin/sh
# The B and C lists at 80 columns: a long name is shortened, never the
# count, and one card is "1 card".
. "$top_srcdir/tests/screen/lib.sh"

long="An extremely long board name that goes on and on past the edge of the screen"
W=80 H=24 start
keys B n; type_text "$long"; keys Enter B
line_of "* An extremely long board" | grep -q "…"
ok $? "a long board name is shortened"
line_of "* An extremely long board" | grep -qE " 0 cards +local *$"
ok $? "its count and account are whole"
line_of "Welcome" | grep -qE " 11 cards +local *$"
ok $? "the other boards' counts line up"
keys G Enter C
line_of "2. Doing" | grep -qE " 1 card *$"
ok $? "one card is 1 card, not 1 cards"
expect_not "1 cards"
keys n; type_text "A column name long enough to fill the whole line at eighty columns"; keys Enter
line_of "A column name long" | grep -qE "… +0 cards *$"
ok $? "a long column name is shortened, its count whole"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
