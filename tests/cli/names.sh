#!/bin/sh
# Boards and columns made and renamed from the command line, and names
# that find one thing: a name that differs only in case from a sibling's
# is refused; a name several share (an old database) is ambiguous.
. "$top_srcdir/tests/screen/lib.sh"

DB="$XDG_DATA_HOME/lanes/lanes.db"
status_is() { want=$1; shift; "$LANES" "$@" >"$T_HOME/out" 2>"$T_HOME/err"; [ $? = "$want" ]; }
err_is() { [ "$(cat "$T_HOME/err")" = "$1" ]; }
# python over the JSON of a command (d)
json_has() { want=$1; shift; "$LANES" "$@" > "$T_HOME/json" &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $want, d" "$T_HOME/json"; }

status_is 0 board add Alpha && alpha=$(cat "$T_HOME/out") && [ "$alpha" -gt 0 ]
ok $? "board add prints the new board's id"
json_has '[c["name"] for c in d if c["id"] == '"$alpha"'] == ["Alpha"]' boards --json
ok $? "the board is listed"
status_is 0 add "First" --board Alpha && "$LANES" cards --board Alpha | grep -q "To Do	0	First"
ok $? "it has the columns To Do, Doing, Done"
status_is 1 board add alpha && err_is "lanes: there is already a board named \"alpha\" ($alpha)"
ok $? "a board named like another but for case is refused, with the reason"
status_is 0 board rename Alpha Beta && json_has '"Beta" in [c["name"] for c in d]' boards --json
ok $? "board rename renames it"
status_is 0 board rename Beta BETA
ok $? "a board may be renamed to its own name in another case"
status_is 1 board rename BETA welcome && grep -q 'already a board named "welcome"' "$T_HOME/err"
ok $? "renaming to another board's name is refused"
status_is 2 board move x && grep -q "usage: lanes board add NAME | rename B NAME" "$T_HOME/err"
ok $? "board with an unknown verb: usage, exit 2"

status_is 0 column add Review --board BETA --after "To Do" && review=$(cat "$T_HOME/out")
ok $? "column add --after prints the new column's id"
status_is 0 column add Archive --board BETA
for c in Archive Doing Review; do "$LANES" add "in $c" --board BETA --column $c >/dev/null; done
json_has '[c["column"] for c in d] == ["To Do", "Review", "Doing", "Archive"]' cards --board BETA --json
ok $? "--after puts the column after C, and without it at the end"
status_is 1 column add done --board BETA && grep -q 'already a column named "done"' "$T_HOME/err"
ok $? "a column named like another of the board but for case is refused"
"$LANES" board add Gamma >/dev/null && status_is 0 column add review --board Gamma
ok $? "the same name on another board is fine"
status_is 0 column rename Review QA --board BETA && json_has '"QA" in [c["column"] for c in d]' cards --board BETA --json
ok $? "column rename renames it"
status_is 1 column rename QA doing --board BETA && grep -q 'already a column named "doing"' "$T_HOME/err"
ok $? "renaming a column to a sibling's name is refused"
status_is 1 column add X --board BETA --after Nowhere && err_is 'lanes: no column "Nowhere" on this board'
ok $? "--after an unknown column: exit 1"
status_is 2 column rename QA --board BETA
ok $? "column rename without a name: exit 2"

# an old database where names repeat: finding by one is ambiguous
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO boards(name, created_at) VALUES (?, 0)", ("beta",))
db.execute("INSERT INTO columns(board_id, name, position) VALUES (?, ?, 99)", (int(sys.argv[2]), "DONE"))
db.commit()
' "$DB" "$alpha"
other=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select max(id) from boards").fetchone()[0])' "$DB")
status_is 1 cards --board Beta &&
	err_is "lanes: 2 boards are named \"Beta\" (ignoring case): use an id, one of $alpha, $other"
ok $? "--board with a name two boards share: ambiguous, the ids given, exit 1"
status_is 0 cards --board "$alpha"
ok $? "the id works"
card=$("$LANES" add z --board "$alpha")
status_is 1 move "$card" done && grep -q '2 columns are named "done" (ignoring case): use an id' "$T_HOME/err"
ok $? "move to a column name two columns share: ambiguous, exit 1"
json_has 'd["column"] == "To Do"' show "$card" --json
ok $? "and the card did not move"
finish
