#!/bin/sh
# The board picker (B) and the column editor (C), and the help pane (?).
. "$top_srcdir/tests/screen/lib.sh"

start
keys '?'
expect "Keys (q closes" "? opens the help"
expect "Move the card to the next column" "help lists actions with their text"
keys q
expect "To Do (9)" "q closes the help and shows the board again"

keys C
expect "Columns (u undoes" "C opens the column editor"
expect "1. To Do"
keys j a; type_text "Review"; keys Enter
expect "3. Review" "a adds a column after the selected one"
keys K
expect "2. Review" "K moves the column left"
keys r C-u; type_text "QA"; keys Enter
expect "2. QA" "r renames the column"
keys k d
expect "holds 9 cards" "a column with cards cannot be deleted"
keys j d
expect_not "QA" "an empty column is deleted"
keys q
expect "Doing (1)" "the board shows the edited columns"
keys u
expect "QA (0)" "u on the board undoes the column deletion"

keys B
expect "<Enter> open  n new" "B opens the board picker"
keys n; type_text "Side project"; keys Enter
expect "Side project" "a new board opens at once"
expect "To Do (0)" "with the default columns, empty"
keys B
expect "* Side project" "the picker marks the open board"
keys r C-u; type_text "Hobby"; keys Enter
expect "Hobby" "r renames a board"
keys j Enter
expect "Welcome" "Enter switches boards"
expect "QA (0)"
keys B k d
expect "Delete board" "d asks before deleting a board"
keys y
expect_not "Hobby" "y deletes it"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
