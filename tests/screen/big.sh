#!/bin/sh
# A board of 20,000 cards in an 80x24 terminal: the board pane holds only a
# window of each column, so everything that reaches deep into a column (G,
# a move from the bottom, undo, a filter, the mouse, a change made by
# another lanes) must load the right cards. gen-board puts card N in
# column N % 3, in order, with id N + 1.
. "$top_srcdir/tests/screen/lib.sh"
W=80 H=24

"$top_builddir/tests/bench/gen-board" "$XDG_DATA_HOME/lanes/lanes.db" 20000 >/dev/null
ok $? "gen-board makes a board of 20,000 cards"
echo "set mouse = on" > "$XDG_CONFIG_HOME/lanes/config"

# the selected card, read back from the rename prompt
selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | cut -c1-10; keys Escape; }
row() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
click() { tm send-keys -l $'\e[<'"0;$1;$2M"$'\e[<'"0;$1;$2m"; settle; }

start
expect "To Do (6667)" "the counts in the headers are the columns' sizes"
expect "Doing (6667)"
expect "Done (6666)"
expect "Card 00000" "the first cards show"

keys G
expect "Card 19998" "G shows the last card of the column"
check "and selects it" [ "$(selected)" = "Card 19998" ]
keys g
check "g goes back to the first" [ "$(selected)" = "Card 00000" ]
keys C-f C-f C-f
check "C-f pages down, loading the cards it reaches" [ "$(selected)" = "Card 00171" ]
keys C-b
check "C-b pages back up" [ "$(selected)" = "Card 00114" ]

keys G L
expect "To Do (6666)" "L moves the last card out of To Do"
expect "Doing (6668)" "into Doing"
check "the moved card stays selected" [ "$(selected)" = "Card 19998" ]
line_of "Card 19998" | grep -q "Card 19998"
ok $? "at the top of Doing"

keys h G K
check "K moves the last card up one" [ "$(selected)" = "Card 19995" ]
keys G
check "the card it passed is now the last" [ "$(selected)" = "Card 19992" ]
keys u
keys G
check "u undoes the move" [ "$(selected)" = "Card 19995" ]

keys k k k
y=$(row "Card 19986")
click 5 "$y"
check "a click deep in the column selects the card under it" [ "$(selected)" = "Card 19986" ]

keys s
expect "To Do (6666) by due" "s sorts the column by due date"
keys G
check "G in a sorted view goes to its last card" [ "$(selected)" = "Card 19995" ]
keys s s

keys /
type_text "Card 15000"
keys Enter
# each key typed searches the 20,000 cards: wait for the last one
wait_for "To Do (1/6666)" 5
ok $? "a filter counts its matches"
expect "Card 15000" "and finds a card deep in the column"
check "selected" [ "$(selected)" = "Card 15000" ]
keys Escape
expect "filter cleared"
check "clearing the filter keeps the card selected" [ "$(selected)" = "Card 15000" ]

# another lanes moves a card: the board reloads, the selection stays
"$LANES" move 15004 Done >/dev/null
ok $? "another lanes moves card 15003 to Done"
wait_for "Done (6667)" 3
ok $? "the board reloads with the new counts"
expect "To Do (6665)"
check "the selection survives the reload" [ "$(selected)" = "Card 15000" ]
keys q
wait_for "[exited 0]"
ok $? "q quits"

# a damaged database: the first frame does not wait for the whole-file
# check, but the check still refuses it before anything is written
DB="$XDG_DATA_HOME/lanes/lanes.db"
damage_db "$DB"
sum=$(md5sum < "$DB")
start
wait_for "[exited 1]" 5
ok $? "the screen refuses a damaged database"
expect "is damaged" "and says so"
[ "$(md5sum < "$DB")" = "$sum" ]
ok $? "and leaves it as it was"

finish
