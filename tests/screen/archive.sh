#!/bin/sh
# Archiving: z hides the card (it is not deleted) and says how to see it,
# Z shows archived cards dimmed with the title saying so, z brings one
# back; u undoes it by name; z works in the card pane too.
. "$top_srcdir/tests/screen/lib.sh"

start
wait_for "Press ? for help" 5
ok $? "the Welcome board is shown"

keys g z
expect "archived; Z shows archived cards, z brings one back" "z says how to see it again"
expect_not "Press ? for help" "the archived card leaves the board"
expect "To Do (8)" "and the column's count"

keys Z
expect "[archived cards shown]" "Z: the title says archived cards are shown"
expect "Press ? for help" "the archived card is shown again"
# the last colour change before the title: dim (SGR 2) is on
tm capture-pane -e -p | python3 -c '
import re, sys
raw = sys.stdin.read()
sgr = re.findall(r"\x1b\[([0-9;]*)m", raw[:raw.index(" Press ? for help")])
assert "2" in sgr[-3].split(";") or "2" in sgr[-1].split(";"), sgr[-3:]
'
ok $? "drawn dimmed"

keys g z
expect "brought back from the archive" "z on an archived card brings it back"
keys u
expect "undid: unarchive \"Press ? for help\"" "u undoes it, by name"
keys u
expect "undid: archive \"Press ? for help\"" "and the archiving before it"
keys Z
expect "archived cards hidden" "Z again hides them"
expect_not "[archived cards shown]"
expect "Press ? for help" "the card is no longer archived"

keys g Enter
wait_for "Description" 3
keys z
expect "(archived)" "z in the card pane archives the card it shows"
keys z
expect_not "(archived)" "and brings it back"
finish
