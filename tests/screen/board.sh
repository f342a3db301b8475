#!/bin/sh
# The board: navigation, create, move, reorder, rename, delete, undo, filter,
# persistence across a restart.
. "$top_srcdir/tests/screen/lib.sh"

start
expect "Welcome" "first start opens the Welcome board"
# libcurl is loaded only for remote accounts (asana.sh sees it loaded).
pid=$(lanes_pid)
[ -n "$pid" ] && ! grep -q libcurl "/proc/$pid/maps"
ok $? "a local board does not load libcurl"
expect "To Do (9)" "To Do shows its card count"
expect "Doing (1)"
expect "Done (1)"

keys n
expect "New card:" "n opens the title prompt"
type_text "Write the report"
keys Enter
expect "To Do (10)" "Enter adds the card"
line_of "Write the report" | grep -q "^ Write the report"
ok $? "the new card is at the top of To Do"

keys n; type_text "Never mind"; keys Escape
expect_not "Never mind" "Esc cancels a new card"
expect "To Do (10)"

keys L
expect "To Do (9)" "L moves the card out of To Do"
expect "Doing (2)" "and into Doing"
keys L
expect "Done (2)" "L again moves it to Done"
keys H
expect "Doing (2)" "H moves it back"

keys r C-u; type_text "Write the final report"; keys Enter
expect "Write the final report" "r renames the card"

keys J
screen | awk '/j\/k and h\/l/{a=NR} /Write the final report/{b=NR} END{exit !(a<b)}'
ok $? "J moves the card below its neighbour"
keys K
screen | awk '/j\/k and h\/l/{a=NR} /Write the final report/{b=NR} END{exit !(b<a)}'
ok $? "K moves it back up"

keys d
expect "(y/n)" "d asks before deleting"
keys n
expect "Write the final report" "n keeps the card"
keys d y
expect_not "Write the final report" "y deletes it"
keys u
expect "Write the final report" "u brings the deleted card back"
expect "undid: delete \"Write the final report\""

keys /; type_text "report"; keys Enter
expect "Doing (1/2)" "the filter counts matches"
expect_not "j/k and h/l" "the filter hides other cards"
keys Escape
expect "j/k and h/l" "Esc clears the filter"

keys h j
keys q
wait_for "[exited 0]"
ok $? "q quits with status 0"

start
expect "Write the final report" "the card is still there after a restart"
keys r
expect "Title: Enter opens a card" "the selection survived the restart"
keys Escape q
wait_for "[exited 0]"

# an account configured, a local board shown: nothing loads libcurl
# until a service board is opened or a sync is started
echo "account work service=asana token-env=ASANA_TOKEN" > "$XDG_CONFIG_HOME/lanes/config"
ASANA_TOKEN=0/secret T_EXTRA_ENV=ASANA_TOKEN start
expect "Write the final report" "a local board opens with an account configured"
pid=$(lanes_pid)
[ -n "$pid" ] && ! grep -q libcurl "/proc/$pid/maps"
ok $? "a local board with an account configured does not load libcurl"
keys q

finish
