#!/bin/sh
# Prompts that forgive: a refused value stays in the prompt with the reason
# beside it; a prefilled value is selected (typing replaces it, Backspace
# clears it, a move keeps it); P cycles the priority.
. "$top_srcdir/tests/screen/lib.sh"

id=$("$LANES" add "Plan the launch" --column Doing)

W=120 H=40 start
keys l Enter
expect "#$id Plan the launch" "the card pane opens"
last() { screen | grep -v "^ *$" | tail -n 1; }
last | grep -q "^e describe  r title  p priority  D due  L labels  a assignee  S start  c comments  x checklist  *? help$"
ok $? "at 120 columns the status line hints the card's keys, r p D L among them"
expect_not "e edits, j/k" "and the description heading holds none"

# a bad date keeps the prompt, its text and the reason; keys stay there
keys D; type_text "2025-02-30"; keys Enter
expect 'bad date "2025-02-30": no such day' "a bad date is refused with its reason"
expect "empty clears): 2025-02-30" "the prompt stays open with the text"
type_text "x"
expect "empty clears): 2025-02-30x" "the next key goes to the prompt, not the board"
expect_not "no such day" "and the reason goes with it"
keys BSpace BSpace BSpace; type_text "21"; keys Enter
expect "Due        2025-02-21" "a good date is then accepted"
expect_not "empty clears)" "and the prompt closes"

# prefilled values are selected: typing replaces them
keys D
expect "empty clears): 2025-02-21" "the due prompt starts from the stored date"
type_text "+3d"; keys Enter
expect "Due        $(date -u -d +3days +%F)" "typing over a prefilled date replaces it"
keys D BSpace
expect_not "empty clears): 2" "one Backspace clears a prefilled value"
keys Enter
expect "due date cleared" "an empty due date clears it"
expect "Due        -"
keys D; type_text "next month"; keys Enter
expect "Due        $(date -u -d "$(date -u +%Y-%m-01) +1 month" +%F)" "next month is its 1st"

keys r Right; type_text " now"; keys Enter
expect "#$id Plan the launch now" "an arrow keeps a prefilled value to edit"
keys r C-a DC; type_text "p"; keys Enter
expect "#$id plan the launch now" "C-a too; Delete after a move deletes one character"
keys r C-e BSpace Enter
expect "#$id plan the launch no" "C-e too; Backspace after it deletes one"
keys r Home; type_text "A "; keys End; type_text "w"; keys Enter
expect "#$id A plan the launch now" "Home and End (as tmux sends them) keep it too"
keys r BSpace Enter
expect "a card needs a name" "a blank title is refused"
expect "Title:" "and the prompt stays open"
keys Escape
expect "#$id A plan the launch now" "Esc leaves the title as it was"
expect_not "Title:"

# priority: letters, words in any case, and P cycling round
keys p; type_text "urgent"; keys Enter
expect 'bad priority "urgent"' "a bad priority is refused"
expect "h m l n): urgent" "the priority prompt keeps the text"
keys C-u; type_text "H"; keys Enter
expect "Priority   high" "H stands for high"
keys p; type_text "l"; keys Enter
expect "Priority   low" "l for low"
keys p; type_text "Medium"; keys Enter
expect "Priority   medium" "words in any case"
keys p; type_text "n"; keys Enter
expect "Priority   none" "n for none"
keys P
expect "Priority   low" "P cycles none to low"
expect "priority low"
keys P
expect "Priority   medium" "low to medium"
keys P
expect "Priority   high" "medium to high"
keys P
expect "Priority   none" "and high round to none"
keys u
expect "Priority   high" "a cycle step undoes like any edit"

# time durations (timer pane) keep the prompt too
keys Escape T
keys a; type_text "soon"; keys Enter
expect "soon" "a bad duration stays in the prompt"
expect "Duration (" "with its prompt"
keys C-u; type_text "45m"; keys Enter
expect "Note (optional):" "a good one goes on to the note"
keys Enter
expect "0:45:00" "and is logged"

# on the board: a blank new card is refused, the prompt kept
keys q
keys n Enter
expect "a card needs a title" "a blank new card is refused"
expect "New card:" "the prompt stays open"
type_text "Second"; keys Enter
expect " Second" "then a title adds the card"
keys q
wait_for "[exited 0]"
ok $? "quits cleanly"

# 80x24: the card pane shows a long title in full, wrapped
long=$("$LANES" add "A card title long enough to need two lines at eighty columns, which ends in the word ZEBRA" --column Doing)
W=80 H=24 start
keys /; type_text "ZEBRA"; keys Enter Enter
expect "#$long A card title long enough" "the long title starts on the heading"
expect "the word ZEBRA" "and is shown in full on the next line"
expect "Priority   none" "the fields follow it"
last | grep -q "^e describe  r title  p priority  D due  L labels  a assignee  S start  *? help$"
ok $? "at 80 columns the hints that fit show, the least important left out"
keys L; type_text "a label long enough to leave the hints little room on the line"; keys Enter
last | grep -q "^labels set  e describe  r title  p priority  D due  L labels  *? help$"
ok $? "a message comes first, whole, and the hints take what is left"
keys Escape
last | grep -q "^a new  <Enter> open  / filter  F search  r rename  B boards  C columns  *? help$"
ok $? "the board has hints of its own"
keys /
last | grep -q "^Filter:"
ok $? "a prompt has the line to itself"
keys Escape
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly at 80x24"
finish
