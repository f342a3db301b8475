#!/bin/sh
# The card pane's a and S on a local board: the assignee is typed (a
# local board has no members to pick from), the start date takes what
# the due date takes; both show at once, empty clears, u undoes.
. "$top_srcdir/tests/screen/lib.sh"

start
wait_for "Press ? for help" 5
keys g Enter
wait_for "Description" 3
ok $? "the card pane is open"

keys S
type_text "2026-03-02"
keys Enter
expect "starts 2026-03-02" "S sets the start date"
expect "Due        -, starts 2026-03-02" "the card shows it"
keys S C-u
keys Enter
expect "start date cleared" "S with nothing clears it"
expect_not "starts 2026-03-02"

keys a
expect "Assignees (comma-separated; empty clears):" "a on a local board asks for a name"
type_text "Ada,  Bo, Ada"
keys Enter
expect "assignee set"
expect "Assignees  Ada, Bo" "the names show, trimmed, a repeat dropped"
keys u
expect "undid: edit the assignees of \"Press ? for help\"" "u undoes it, by name"
expect "Assignees  -"
finish
