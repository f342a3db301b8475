#!/bin/sh
# The scripting commands and bad input: exit statuses, messages, JSON, a
# corrupt, damaged or unwritable database, many lanes on one database, a
# broken configuration.
. "$top_srcdir/tests/screen/lib.sh"

DB="$XDG_DATA_HOME/lanes/lanes.db"
out() { "$LANES" "$@" 2>"$T_HOME/err"; }
status_is() { want=$1; shift; out "$@" >"$T_HOME/out"; [ $? = "$want" ]; }
err_has() { grep -qF -- "$1" "$T_HOME/err"; }

"$LANES" --version | grep -q "^lanes [0-9]"
ok $? "--version prints the version"
"$LANES" --help | grep -q "lanes add TITLE"
ok $? "--help lists the commands"

status_is 0 boards --json && python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert [x["name"] for x in b] == ["Welcome"], b
assert b[0]["cards"] == 11 and b[0]["account"] == "local"
' "$T_HOME/out"
ok $? "boards --json on a fresh machine shows the Welcome board"

id=$(out add "Ship it" --column doing)
[ -n "$id" ] && [ "$id" -gt 0 ]
ok $? "add prints the new card's id"
status_is 0 cards --json && python3 -c '
import json, sys
cards = json.load(open(sys.argv[1]))
card = [c for c in cards if c["title"] == "Ship it"][0]
assert card["id"] == int(sys.argv[2]) and card["column"] == "Doing" and card["position"] == 0, card
assert all({"id", "title", "column", "position"} <= set(c) for c in cards)
' "$T_HOME/out" "$id"
ok $? "cards --json has id, title, column, position"

status_is 0 move "$id" Done && "$LANES" cards | grep -q "Done	0	Ship it"
ok $? "move puts the card at the top of the column"
status_is 0 rm "$id" && ! "$LANES" cards | grep -q "Ship it"
ok $? "rm deletes the card"

status_is 1 move 9999 Done && err_has "no card with id 9999"
ok $? "an unknown card: message and status 1"
status_is 1 move 1 Nowhere && err_has 'no column "Nowhere"'
ok $? "an unknown column: message and status 1"
status_is 1 cards --board Nope && err_has 'no board "Nope"'
ok $? "an unknown board: message and status 1"
status_is 1 rm abc && err_has "not a card id"
ok $? "a card id that is not a number: status 1"
status_is 2 --bogus && err_has "unknown option --bogus"
ok $? "an unknown option: status 2"
status_is 2 add && err_has "usage: lanes add"
ok $? "a missing argument: status 2"
status_is 2 move 1 && err_has "usage: lanes move"
ok $? "move with one argument: status 2"
status_is 2 boards --column x
ok $? "an option a command does not take: status 2"
status_is 2 frobnicate
ok $? "an unknown command: status 2"
status_is 1 </dev/null
ok $? "the board without a terminal: status 1"

# a broken configuration is reported with file:line and nothing starts
printf 'set mouse = on\nbind board x fly\nset refresh = soon\n' > "$XDG_CONFIG_HOME/lanes/config"
status_is 1 check-config && err_has "config:2: unknown action \"fly\"" && err_has "config:3: refresh takes"
ok $? "check-config reports every error with its line"
grep -c '^/.*/config:[0-9]*: ' "$T_HOME/err" | grep -qx 2 && tail -n 1 "$T_HOME/err" | grep -qx "lanes: 2 errors in the configuration"
ok $? "one error a line, then the count on a line of its own"
status_is 1 boards && err_has "fix the configuration first"
ok $? "commands refuse to run on a broken configuration"
start
wait_for "[exited 1]"
ok $? "the board refuses to start on a broken configuration"
rm "$XDG_CONFIG_HOME/lanes/config"
status_is 0 check-config
ok $? "check-config passes without a configuration"

# many lanes on one database: a command writes while the board is open,
# and the board shows it; a second board writes too, and the first shows it
start
wait_for "Press ? for help" 5
status_is 0 add "meanwhile"
ok $? "a write while the board is open goes through (exit 0)"
wait_for "meanwhile" 3
ok $? "the open board shows it within moments"
status_is 0 cards
ok $? "reading while the board is open works"
T_SAVE=$T_SOCK
T_SOCK="$T_SOCK-2"
start
wait_for "meanwhile" 5
ok $? "a second board opens, writable, with everything"
expect_not "read-only" "and does not say read-only"
keys n
type_text "From window two"
keys Enter
T_SOCK=$T_SAVE
wait_for "From window two" 3
ok $? "what the second board adds shows in the first"
T_SOCK="$T_SOCK-2"
keys q
tm kill-server
T_SOCK=$T_SAVE
keys q
wait_for "[exited 0]" >/dev/null

# a corrupt database is reported and left as it was
cp "$DB" "$T_HOME/good.db"
rm -f "$DB-wal" "$DB-shm"
head -c 20000 /dev/urandom > "$DB"
sum=$(md5sum < "$DB")
status_is 1 boards && err_has "corrupt"
ok $? "a corrupt database: clear message and status 1"
[ "$(md5sum < "$DB")" = "$sum" ]
ok $? "the corrupt database is not overwritten"
start
wait_for "[exited 1]"
ok $? "the board refuses a corrupt database"

# one with a page overwritten in the middle: caught when it opens
cp "$T_HOME/good.db" "$DB"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
b = db.execute("SELECT id FROM boards LIMIT 1").fetchone()[0]
c = db.execute("SELECT id FROM columns WHERE board_id = ? LIMIT 1", (b,)).fetchone()[0]
db.executemany("INSERT INTO cards(board_id, column_id, title, description, position,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
	[(b, c, "Card %d" % i, "Notes %d" % i, 100 + i) for i in range(3000)])
db.commit()
' "$DB"
damage_db "$DB"
sum=$(md5sum < "$DB")
status_is 1 cards && err_has "is damaged" && err_has "left untouched" && err_has ".recover"
ok $? "a database damaged in the middle is refused when it opens, with what to do next"
[ "$(md5sum < "$DB")" = "$sum" ]
ok $? "and left as it was"

# a database from a newer lanes is refused
cp "$T_HOME/good.db" "$DB"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update meta set value=99 where key=\"schema_version\""); c.commit()' "$DB"
status_is 1 boards && err_has "newer lanes"
ok $? "a database from a newer lanes is refused"

# an unwritable data directory
if [ "$(id -u)" != 0 ]; then
	rm -rf "$XDG_DATA_HOME"; mkdir -p "$XDG_DATA_HOME"; chmod 500 "$XDG_DATA_HOME"
	status_is 1 boards && err_has "cannot create"
	ok $? "a read-only data directory: clear message and status 1"
	chmod 700 "$XDG_DATA_HOME"
else
	# root ignores permissions; a file where the directory should be fails the same way
	rm -rf "$XDG_DATA_HOME"; touch "$XDG_DATA_HOME"
	status_is 1 boards && err_has "cannot create"
	ok $? "an unusable data directory: clear message and status 1"
	rm -f "$XDG_DATA_HOME"
fi
finish
