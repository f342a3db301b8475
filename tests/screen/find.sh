#!/bin/sh
# Finding cards: the board's filter as you type (title, labels,
# description), scrolling to a match off screen, n/N; search across
# boards; help at the pane's section, and finding in it.
. "$top_srcdir/tests/screen/lib.sh"

W=80 H=24
DB="$XDG_DATA_HOME/lanes/lanes.db"
"$LANES" boards >/dev/null
# Far: eight columns A..H, of which 80 columns show three; the matches for
# "needle" are all in G and H (a title, a description, a label).
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def board(name, cols):
	b = db.execute("INSERT INTO boards(name, created_at) VALUES (?, 0)", (name,)).lastrowid
	for i, (col, cards) in enumerate(cols):
		c = db.execute("INSERT INTO columns(board_id, name, position) VALUES (?, ?, ?)",
			(b, col, i)).lastrowid
		for j, (title, labels, desc) in enumerate(cards):
			db.execute("INSERT INTO cards(board_id, column_id, title, labels, description,"
				" position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)",
				(b, c, title, labels, desc, j))
plain = lambda *t: [(x, None, "") for x in t]
board("Far", [("A", plain("Apple", "Avocado")), ("B", plain("Banana")), ("C", plain("Cherry")),
	("D", plain("Date")), ("E", plain("Elder")), ("F", plain("Fig")),
	("G", plain("Grape needle")),
	("H", [("Hay", None, "the NEEDLE is in here"), ("Horse", None, ""),
		("Hook", "sharp, needle-ish", "")])])
board("Near", [("Inbox", plain("Needle near", "Thread"))])
db.commit()
' "$DB"

selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | sed 's/ *$//'; keys Escape; }
# The help line drawn selected: reverse video, or black on cyan where the
# default theme is found (the title and status lines left out).
help_selected() {
	tm capture-pane -e -p | sed '1d;$d' | grep -aE "$(printf '\033')\[([0-9;]*;)?(7|46)[;m]" | head -n 1 |
		sed 's/\x1b\[[0-9;]*m//g'
}

start --board Far
expect " A (2)" "the board opens at its first columns"
expect_not "Grape needle" "column G is off screen at 80 columns"

keys /; type_text "need"
expect "Filter: need" "the filter prompt stays open while typing"
expect "Grape needle" "the board scrolls to the first column with a match"
expect " G (1/1)" "and counts the matches"
expect_not "Apple" "cards that do not match are hidden as you type"
type_text "z"
expect_not "Grape needle" "each key filters again"
keys BSpace
expect "Grape needle" "and so does a deleted character"
keys Enter
expect_not "Filter:" "Enter closes the prompt"
expect " G (1/1)" "Enter keeps the filter"
ok "$([ "$(selected)" = "Grape needle" ]; echo $?)" "the first match is selected"

keys n
ok "$([ "$(selected)" = "Hay" ]; echo $?)" "n goes to the next match: a description holds the text"
expect " H (2/3)" "the column of the next match scrolls into view"
keys n
ok "$([ "$(selected)" = "Hook" ]; echo $?)" "n again: a label holds the text"
keys n
expect "wrapped to the first match" "n past the last match wraps round, and says so"
ok "$([ "$(selected)" = "Grape needle" ]; echo $?)" "to the first match"
keys N
expect "wrapped to the last match" "N before the first match wraps to the last"
ok "$([ "$(selected)" = "Hook" ]; echo $?)" "N selects the previous match"
keys N
ok "$([ "$(selected)" = "Hay" ]; echo $?)" "N again goes back one more"

keys Escape
expect "filter cleared" "Esc clears the filter"
expect " H (3)" "every card shows again"
ok "$([ "$(selected)" = "Hay" ]; echo $?)" "the selected card stays selected"

keys /; type_text "horse"
expect_not "Hay" "typing filters"
keys Escape
expect "Hay" "Esc at the prompt clears the filter"
expect "filter cleared"

keys N
expect "no filter: / sets one" "N without a filter says how to set one"
keys n
expect "New card:" "without a filter, n adds a card"
keys Escape
keys a
expect "New card:" "a adds a card too"
type_text "Added with a"; keys Enter
expect "Added with a" "the card is added"

keys F
expect "Search:" "F asks what to search for"
type_text "needle"
expect "4 cards" "every board's matches are listed as you type"
expect "Near" "a match on another board is listed"
line_of "Grape needle" | grep -q "Far.*G.*Grape needle"
ok $? "a result shows its board, column and title"
keys Enter
expect_not "Search:" "Enter closes the search prompt, keeping the list"
keys G Enter
expect "lanes  Near" "Enter on a result opens its board"
ok "$([ "$(selected)" = "Needle near" ]; echo $?)" "with the card selected"

keys F
expect "Search:"
keys Escape
expect "Inbox (2)" "Esc at the first search prompt goes back to the board"
keys F; type_text "thread"; keys Enter
expect "\"thread\": 1 card" "one match"
keys /; type_text "zz"
expect "0 cards" "/ searches again, from the text shown"
keys Escape
expect "\"thread\": 1 card" "Esc there brings back the search shown before"
keys q
expect "Inbox (2)" "q closes the search"

# help: it opens at the section of the pane it is asked from
keys '?'
screen | sed -n 4p | grep -q "^board"
ok $? "? on the board opens help at the board's keys"
keys q Enter '?'
screen | sed -n 4p | grep -q "^card"
ok $? "? in the card pane opens help at the card's keys"
expect_not "Drop the selected edit" "the sync keys are off screen"
keys /; type_text "drop the selected"; keys Enter
expect "Drop the selected edit" "/ in help jumps to the first line that holds the text"
help_selected | grep -q "Drop the selected edit"
ok $? "and selects it"
keys /; type_text "selected item"; keys Enter
first=$(help_selected)
keys n
second=$(help_selected)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ] &&
	echo "$second" | grep -qi "selected item"
ok $? "n goes to the next line that holds it"
keys N
[ "$(help_selected)" = "$first" ]
ok $? "N goes back to the previous one"
keys /; type_text "zzzz"; keys Enter
expect 'nothing holds "zzzz"' "a text no line holds is said"

finish
