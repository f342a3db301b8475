#!/bin/sh
# The card pane: its fields, the description in $EDITOR (saved, unchanged,
# editor failing), the inline edits of title, priority, due date and labels,
# undo, scrolling, and the layout: beside the board at 140 columns, full
# screen at 80.
. "$top_srcdir/tests/screen/lib.sh"

# One editor whose behaviour the test picks by writing a word into "next".
ED="$T_HOME/ed"
mkdir -p "$ED" "$T_HOME/tmp"
cat >"$ED/editor" <<'EOF'
#!/bin/sh
d=$(dirname "$0")
echo "$#" >"$d/argc"
stat -c %a "$1" >"$d/mode"
dirname "$1" >"$d/dir"
cp "$1" "$d/seen"
case $(cat "$d/next") in
rewrite) printf 'First paragraph of the plan.\n\nSecond paragraph, with more words.\n' >"$1" ;;
long) for i in $(seq -w 1 60); do echo "row $i"; done >"$1" ;;
fail) echo garbage >"$1"; exit 1 ;;
same) ;;
esac
EOF
chmod +x "$ED/editor"
next() { echo "$1" >"$ED/next"; }
export EDITOR="$ED/editor" TMPDIR="$T_HOME/tmp"
T_EXTRA_ENV=TMPDIR

id=$("$LANES" add "Plan the launch" --column Doing)
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO time_entries(card_id, started_at, seconds, note, created_at) "
           "VALUES (?, 1000, 5400, ?, 2000)", (int(sys.argv[2]), "kick-off"))
# as a service might send it: a colour change inside the title
db.execute("UPDATE cards SET title = ? WHERE id = ?", ("Plan the\x1b[31m launch", int(sys.argv[2])))
db.commit()
' "$XDG_DATA_HOME/lanes/lanes.db" "$id"

W=140 H=40 start
keys l Enter
expect "#$id Plan the launch" "Enter opens the card pane, its title sanitized"
expect "To Do (9)" "at 140 columns the board stays beside it"
line_of "#$id Plan the launch" | grep -q "│"
ok $? "the pane sits right of the board on the same lines"
expect "Doing, position 0" "the pane shows the column and position"
expect "Priority   none"
expect "Tracked    1:30:00 in 1 entry" "tracked time is the sum of the card's entries"
expect "(no description)"

next rewrite
keys e
expect "description saved" "e runs the editor and saves what it wrote"
expect "First paragraph of the plan."
expect "Second paragraph, with more words."
[ "$(cat "$ED/argc")" = 1 ] && [ "$(cat "$ED/mode")" = 600 ] && [ "$(cat "$ED/dir")" = "$T_HOME/tmp" ]
ok $? "the editor gets one argument, a 0600 file in TMPDIR"
[ -z "$(ls "$T_HOME/tmp")" ]
ok $? "the temporary file is removed afterwards"

next fail
keys e
expect "the editor exited with status 1; nothing changed" "an editor that fails changes nothing"
expect "First paragraph of the plan."
expect_not "garbage"
grep -q "Second paragraph" "$ED/seen"
ok $? "the editor was given the current description"
next same
keys e
expect "description unchanged" "an editor that leaves the file alone changes nothing"

keys r
expect "Title: Plan the launch" "the title prompt starts from the stored title, sanitized"
keys C-u; type_text "Plan the big launch"; keys Enter
expect "#$id Plan the big launch" "r renames the card"
screen | grep -c "Plan the big launch" | grep -q 2
ok $? "the board beside it shows the new title too"

keys p C-u; type_text "urgent"; keys Enter
expect 'bad priority "urgent": use none, low, medium or high' "a bad priority is refused"
keys C-u; type_text "high"; keys Enter
expect "Priority   high" "p sets the priority"

keys D; type_text "2025-02-30"; keys Enter
expect 'bad date "2025-02-30"' "a bad date is refused with a message"
expect "Due        -" "and nothing is stored"
keys C-u; type_text "2030-01-15"; keys Enter
expect "Due        2030-01-15" "D sets the due date"

keys L; type_text "bug, ui,,bug "; keys Enter
expect "Labels     bug, ui" "L sets labels, without blanks and repeats"
keys u
expect "undid: edit the labels of" "u in the card pane undoes the last edit"
expect "Labels     -"

keys Escape
expect_not "#$id Plan" "Esc closes the card pane"
expect "Plan the big launch" "and the board is whole again"
keys q
wait_for "[exited 0]"
ok $? "quits cleanly"

# 80 columns: the pane takes the whole screen; the editor option wins over
# $EDITOR; a long description scrolls.
echo "set editor = $ED/editor" >"$XDG_CONFIG_HOME/lanes/config"
export EDITOR=/bin/false
next long
W=80 H=24 start
keys Enter
expect "#$id Plan the big launch" "the card pane opens at 80 columns"
expect_not "To Do (" "and covers the board"
keys e
expect "description saved" "the editor option comes before \$EDITOR"
expect "row 01"
expect_not "row 60" "a long description is cut at the bottom"
keys j j
expect_not "row 02" "j scrolls the description"
expect "row 03"
keys k
expect "row 02" "k scrolls back"
keys G
expect "row 60" "G shows the end"
keys g
expect "row 01" "g shows the start"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
