#!/bin/sh
# The comments pane: oldest first with author and local time, a one-line
# comment from the prompt, a longer one from $EDITOR, deleting only one's
# own, undo, service comments dimmed; beside the board at 140 columns, full
# screen at 80, where a comment taller than the pane is read like a pager.
. "$top_srcdir/tests/screen/lib.sh"

ED="$T_HOME/ed"
mkdir -p "$ED"
cat >"$ED/editor" <<'EOF'
#!/bin/sh
printf 'A longer thought\nthat needs a second line\n' >"$1"
EOF
chmod +x "$ED/editor"
export EDITOR="$ED/editor"

id=$("$LANES" add "Discuss the plan")
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO comments(card_id, author, mine, system, body, created_at) "
           "VALUES (?, ?, 0, 1, ?, 86400)", (int(sys.argv[2]), "Asana", "moved this task to Doing"))
db.commit()
' "$XDG_DATA_HOME/lanes/lanes.db" "$id"

W=140 H=40 start
keys c
expect "Comments on #$id Discuss the plan" "c on the board opens the comments"
expect "To Do (10)" "at 140 columns the board stays beside them"
expect "Asana  1970-01-02 00:00" "a comment shows its author and local time"
expect "moved this task to Doing"
tmux -L "$T_SOCK" capture-pane -e -p | grep "moved this task" | grep -q "$(printf '\033')\[2m"
ok $? "a comment written by the service is dimmed"

keys a
expect "Comment:" "a opens a prompt"
type_text "Looks good to me"
keys Enter
expect "comment added"
expect "Looks good to me"
screen | grep -Eq " me  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  \(you\)"
ok $? "one's own comment says who and when, and that it is one's own"
keys A
expect "A longer thought" "A writes a longer comment in \$EDITOR"
expect "that needs a second line" "with every line of it"
screen | awk '/moved this task/{a=NR} /Looks good/{b=NR} /A longer thought/{c=NR} END{exit !(a<b && b<c)}'
ok $? "comments are shown oldest first"

keys g D
expect "only your own comments can be deleted" "D refuses to delete someone else's comment"
expect "moved this task to Doing"
keys G D
expect "Delete this comment? (y/n)" "D asks before deleting"
keys n
expect "A longer thought" "n keeps it"
keys D y
expect_not "A longer thought" "y deletes it"
keys u
expect "undid: delete a comment on" "u brings it back"
expect "that needs a second line"

keys Escape Enter
expect "Comments   3" "the card pane counts the comments"
keys c
expect "Comments on #$id" "c opens the comments from the card pane"
keys Escape
expect "#$id Discuss the plan" "Esc goes back to the card pane"
keys Escape q
wait_for "[exited 0]"
ok $? "quits cleanly"

# 79 lines of 66 columns and a last one: one line each at 80 columns, two
# each at 50; then a short reply after it.
"$LANES" comment "$id" "$(for i in $(seq -w 79); do
	echo "row $i of the long comment, with words that wrap on a narrow pane"
done; echo END-OF-LONG-COMMENT)" >/dev/null
"$LANES" comment "$id" "Short reply after the long one" >/dev/null
ESC=$(printf '\033')
# The reply's header is drawn selected: reverse video, or the cyan
# background of the default theme, which the build tree's lanes finds.
reply_selected() {
	tmux -L "$T_SOCK" capture-pane -e -p | grep -B1 "Short reply after" | head -1 |
		grep -Eq "^($ESC\[[0-9;]*m)*$ESC\[([0-9]*;)*(7|46)m"
}
# The first line of text under the heading and its rule.
first_row() { screen | sed -n 4p; }

W=80 H=24 start
keys c
expect "Comments on #$id" "the comments open at 80 columns"
expect_not "To Do (" "and cover the board"

# 24 lines leave 20 for the comments: the long one has a header and 80 lines
keys g j j j
expect "lines 1-20/81 ↓ more" "a comment taller than the pane says which of its lines show"
expect "row 01 of the long comment" "j selects it from its header"
expect_not "END-OF-LONG-COMMENT" "its end does not show at first"
for i in $(seq 60); do tmux -L "$T_SOCK" send-keys j; done
settle
expect "lines 61-80/81 ↓ more" "j scrolls within it a line at a time"
expect_not "END-OF-LONG-COMMENT" "and its end still waits one line down"
keys j
expect "END-OF-LONG-COMMENT" "j scrolls on until its last line shows"
expect "lines 62-81/81 ─" "where nothing more is said to follow"
expect_not "Short reply after the long one" "the next comment is not selected yet"
keys j
expect "Short reply after the long one" "only then does j select the next comment"
reply_selected
ok $? "the reply's header is the selected one"
expect_not "lines 62-81/81" "a comment that fits shows no line count"
keys k
expect "lines 62-81/81" "k selects the long comment again, from its end"
keys k
expect "lines 61-80/81 ↓ more" "k scrolls up within it"
expect_not "END-OF-LONG-COMMENT"
keys PPage
expect "lines 42-61/81 ↓ more" "PgUp scrolls up a page less one line"
keys NPage
expect "lines 61-80/81 ↓ more" "PgDn scrolls back down a page"
keys C-u
expect "lines 51-70/81 ↓ more" "Ctrl-u scrolls up half the pane"
first_row | grep -q "row 50 of the long comment"
ok $? "its 51st line heads the pane"
keys C-d
expect "lines 61-80/81 ↓ more" "Ctrl-d scrolls down half the pane"
keys C-d
expect "lines 62-81/81" "and stops once at the comment's end"
expect "END-OF-LONG-COMMENT"
keys C-d
reply_selected
ok $? "the next Ctrl-d goes on to the reply"

tmux -L "$T_SOCK" resize-window -x 50 -y 24 2>/dev/null || tmux -L "$T_SOCK" resize-pane -x 50 -y 24
settle
keys k
expect "lines 141-160/160" "at 50 columns the comment wraps to twice the lines"
expect "END-OF-LONG-COMMENT"
keys C-u
expect "lines 131-150/160 ↓ more" "the half-page keys follow the new height"
expect_not "END-OF-LONG-COMMENT"
keys j j j j j j j j j j
expect "END-OF-LONG-COMMENT" "j still reaches the end after the resize"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
