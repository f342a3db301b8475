#!/bin/sh
# The checklist pane: add, tick (the board's n/m follows at once), reorder,
# rename, delete with a question, undo; opened from the board and from the
# card pane; beside the board at 140 columns, full screen at 80.
. "$top_srcdir/tests/screen/lib.sh"

id=$("$LANES" add "Ship it")
# the board's line for the card, not the pane's heading that names it too
board_shows() { screen | grep -q "^ Ship it  *$1 │"; }

W=140 H=40 start
keys x
expect "Checklist 0/0 of #$id Ship it" "x on the board opens the checklist"
expect "No items yet" "an empty checklist says how to add an item"
expect "To Do (10)" "at 140 columns the board stays beside it"

keys a; type_text "Write tests"; keys Enter
keys a; type_text "Fix bugs"; keys Enter
expect "[ ] Write tests" "a adds an item"
expect "[ ] Fix bugs"
screen | awk '/Write tests/{a=NR} /Fix bugs/{b=NR} END{exit !(a<b)}'
ok $? "new items go to the end"
board_shows 0/2
ok $? "the board shows 0/2 beside the card"

keys k Space
expect "[x] Write tests" "Space ticks the selected item"
board_shows 1/2
ok $? "the board shows 1/2 at once"
keys Space
expect "[ ] Write tests" "Space again unticks it"
board_shows 0/2
ok $? "and the board follows"
keys Space

keys J
screen | awk '/Fix bugs/{a=NR} /Write tests/{b=NR} END{exit !(a<b)}'
ok $? "J moves the item down"
keys K
screen | awk '/Write tests/{a=NR} /Fix bugs/{b=NR} END{exit !(a<b)}'
ok $? "K moves it back up"

keys r C-u; type_text "Write more tests"; keys Enter
expect "[x] Write more tests" "r changes the item's text"

keys D
expect 'Delete "Write more tests"? (y/n)' "D asks first"
keys n
expect "[x] Write more tests" "n keeps it"
keys D y
expect_not "Write more tests" "y deletes it"
board_shows 0/1
ok $? "the board counts what is left"
keys u
expect "[x] Write more tests" "u brings the item back, ticked"
board_shows 1/2
ok $? "and the board counts it again"

keys Escape Enter
expect "Checklist  1/2 done" "the card pane shows the progress"
keys x
expect "Checklist 1/2 of #$id" "x opens the checklist from the card pane"
keys Escape Escape q
wait_for "[exited 0]"
ok $? "quits cleanly"

W=80 H=24 start
keys x
expect "[x] Write more tests" "the checklist opens at 80 columns"
expect_not "To Do (" "and covers the board"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
