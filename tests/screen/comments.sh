#!/bin/sh
# The comments pane: oldest first with author and local time, a one-line
# comment from the prompt, a longer one from $EDITOR, deleting only one's
# own, undo, service comments dimmed; beside the board at 140 columns, full
# screen at 80.
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
expect "To Do (4)" "at 140 columns the board stays beside them"
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
expect "undid: delete comment" "u brings it back"
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

W=80 H=24 start
keys c
expect "Comments on #$id" "the comments open at 80 columns"
expect_not "To Do (" "and cover the board"
keys q q
wait_for "[exited 0]"
ok $? "quits cleanly"
finish
