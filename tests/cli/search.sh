#!/bin/sh
# lanes search: the cards of every board whose title, labels or
# description hold a text, as lines or JSON.
. "$top_srcdir/tests/screen/lib.sh"

DB="$XDG_DATA_HOME/lanes/lanes.db"
out() { "$LANES" "$@" 2>"$T_HOME/err"; }
status_is() { want=$1; shift; out "$@" >"$T_HOME/out"; [ $? = "$want" ]; }
err_has() { grep -qF -- "$1" "$T_HOME/err"; }

"$LANES" boards >/dev/null
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
b = db.execute("INSERT INTO boards(name, created_at) VALUES (?, 0)", ("Garden",)).lastrowid
cols = [db.execute("INSERT INTO columns(board_id, name, position) VALUES (?, ?, ?)",
	(b, n, i)).lastrowid for i, n in enumerate(["Ideas", "Later"])]
for col, title, labels, desc in [
	(cols[0], "Plant tulips", "spring", ""),
	(cols[1], "Fix fence", None, "the gate needs 100% new hinges"),
	(cols[1], "Ring \x1b]0;owned\x07 the bell", None, "")]:
	db.execute("INSERT INTO cards(board_id, column_id, title, labels, description, position,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 0, 0)", (b, col, title, labels, desc))
db.commit()
' "$DB"

status_is 0 search TULIP && grep -q "^ *[0-9][0-9]*  Garden	Ideas	Plant tulips$" "$T_HOME/out" &&
	[ "$(wc -l < "$T_HOME/out")" = 1 ]
ok $? "search prints id, board, column and title, ignoring case"
status_is 0 search Spring && grep -q "Plant tulips" "$T_HOME/out"
ok $? "search matches labels"
status_is 0 search "100% NEW" && grep -q "Later	Fix fence" "$T_HOME/out"
ok $? "search matches the description"
status_is 0 search "1_0" && [ ! -s "$T_HOME/out" ]
ok $? "_ in the text is a plain character, not a wildcard"
status_is 0 search "ss ?" && grep -q "Welcome	To Do	Press ? for help" "$T_HOME/out"
ok $? "search looks at every board"
status_is 0 search "the bell" && ! grep -q "$(printf '\033')" "$T_HOME/out" &&
	grep -q "Ring" "$T_HOME/out"
ok $? "stored escape sequences do not reach the terminal"

status_is 0 search fence --json && python3 -c '
import json, sys
hits = json.load(open(sys.argv[1]))
assert len(hits) == 1, hits
h = hits[0]
assert h["title"] == "Fix fence" and h["board"] == "Garden" and h["column"] == "Later", h
assert all(isinstance(h[k], int) for k in ("id", "board_id", "column_id")), h
' "$T_HOME/out"
ok $? "search --json gives typed objects with card, board and column"
status_is 0 search e --json && python3 -c '
import json, sys
hits = json.load(open(sys.argv[1]))
assert [h["board"] for h in hits] == sorted(h["board"] for h in hits), hits
assert len(hits) >= 6, hits
' "$T_HOME/out"
ok $? "search --json lists every match, in board order"

status_is 0 search "no such thing" && [ ! -s "$T_HOME/out" ]
ok $? "no match prints nothing, status 0 (as cards on an empty board)"
status_is 0 search "no such thing" --json && python3 -c '
import json, sys
assert json.load(open(sys.argv[1])) == []
' "$T_HOME/out"
ok $? "no match with --json is an empty array"
status_is 1 search "" && err_has "search for what"
ok $? "an empty text: message and status 1"
status_is 2 search && err_has "usage: lanes search"
ok $? "no text: usage and status 2"

finish
