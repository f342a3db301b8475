#!/bin/sh
# Bracketed paste: pasted text goes into a prompt as one line of literal
# text and never acts as keys; outside a prompt it is ignored; the mode is
# off whenever lanes does not own the terminal (after quitting, while
# $EDITOR runs, while stopped); a paste without its end marker, a split
# end marker and a huge paste do not leave the screen stuck.
. "$top_srcdir/tests/screen/lib.sh"

# One editor that reads a line from the terminal, keeps what it read and
# saves it as the description.
ED="$T_HOME/ed"
mkdir -p "$ED"
cat >"$ED/editor" <<'EOF'
#!/bin/sh
d=$(dirname "$0")
touch "$d/ready"
IFS= read -r line
printf '%s' "$line" >"$d/got"
printf '%s\n' "$line" >"$1"
EOF
chmod +x "$ED/editor"
export EDITOR="$ED/editor"

# The cards of the board, one "id column title" a line, in board order.
cards() {
	"$LANES" cards --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    print(c["id"], c["column"], c["title"])'
}
# The same without the cards whose title holds $1.
cards_but() { cards | grep -vF -- " $1"; }
paste_text() { tm set-buffer -b p "$1"; tm paste-buffer -p -b p; settle; }

start
before=$(cards)

# Typed as keys, the second line would open the comments (c), start a new
# card (n), and so on.
keys n
paste_text "$(printf 'first line\nsecond line\n')"
expect "New card: first line second line" "a multi-line paste fills the prompt as one line"
keys Enter
cards | grep -x "[0-9]* To Do first line second line" >/dev/null
ok $? "Enter adds the card with the pasted title"
[ "$(cards_but "first line second line")" = "$before" ]
ok $? "no other card moved or was deleted"
before=$(cards)

# On the board each of these keys would act: d y deletes, L moves, q quits.
paste_text "$(printf 'dy\nLLL\nJJ\nq\n')"
expect "paste ignored: press a to add a card, then paste" "a paste on the board is ignored with a hint"
[ "$(cards)" = "$before" ]
ok $? "the paste changed no card"
! wait_for "[exited" 1
ok $? "and did not quit"
keys j
expect_not "paste ignored" "the next key clears the message"

keys c
paste_text "$(printf 'a\nD\ny')"
expect "paste ignored: press a to add a comment, then paste" "the hint names the pane's own prompt"
keys Escape

keys n
paste_text "$(printf 'red \033[31mtext\033[0m\033[A \033]0;owned\007end\tof it')"
expect "New card: red text end of it" "escape sequences in a paste are dropped, a tab is a space"
expect_not "[31m" "no escape garbage on screen"
expect_not "owned"
keys Enter
cards | grep -x "[0-9]* To Do red text end of it" >/dev/null
ok $? "the card's title holds no escape sequence"

# Pasted at the cursor, not at the end.
keys r C-a
paste_text "Pasted: "
expect "Title: Pasted: red text end of it" "a paste goes in at the cursor"
keys Escape

# A paste larger than a prompt, and than what lanes reads of one paste.
yes 'dddd yyyy LLLL qqqq' | head -c 300000 >"$T_HOME/big"
before=$(cards)
keys n
tm load-buffer -b big "$T_HOME/big"
tm paste-buffer -p -b big
wait_for "[paste cut: at most 1024 characters]" 20
ok $? "a huge paste is cut and the prompt says so"
expect "New card: " "the prompt stays open"
keys C-e
expect_not "[paste cut" "the note goes at the next key"
keys Enter
len=$("$LANES" cards --json | python3 -c '
import json, sys
print(max(len(c["title"]) for c in json.load(sys.stdin)))')
[ "$len" = 1024 ]
ok $? "the card's title holds the first 1024 characters"
cards | grep "To Do dddd yyyy LLLL qqqq dddd" >/dev/null
ok $? "with the newlines turned into spaces"
[ "$(cards_but "dddd yyyy")" = "$before" ]
ok $? "no line of the huge paste acted as keys"

# A y/n question stays open through a paste, even one that says y.
keys g d
expect "(y/n)"
paste_text y
expect "paste ignored: Delete" "a paste is no answer to a question"
keys n
expect "cancelled"
cards | grep "To Do dddd yyyy" >/dev/null
ok $? "the card is still there"

# An end marker whose ESC the ESC delay split off still ends the paste
# at once: what is typed next is keys again.
keys n
tm send-keys -l "$(printf '\033[200~split\033')"
sleep 0.3
tm send-keys -l '[201~'
tm send-keys -l ' end'
tm send-keys Enter
settle
cards | grep -x "[0-9]* To Do split end" >/dev/null
ok $? "a split end marker ends the paste"

# A paste whose end never comes ends after a second of silence.
keys n
tm send-keys -l "$(printf '\033[200~cut short')"
sleep 1.5
tm send-keys -l ' then typed'
tm send-keys Enter
settle
cards | grep -x "[0-9]* To Do cut short then typed" >/dev/null
ok $? "a paste without its end marker ends on a timeout"
before=$(cards)
tm send-keys -l "$(printf '\033[200~dy')"
sleep 1.5
settle
expect "paste ignored" "on the board too"
[ "$(cards)" = "$before" ]
ok $? "and changes nothing"
keys '?'
expect "Keys (q closes" "keys work again afterwards"
keys q

# Stopped: the shell gets plain pastes; resumed: they are bracketed again.
pid=$(lanes_pid)
kill -TSTP "$pid"
sleep 0.3
paste_text zzz
sleep 0.2
expect "zzz" "while stopped the terminal echoes the paste"
expect_not "[200~" "without paste markers"
kill -CONT "$pid"
sleep 0.3
keys C-l
keys n
paste_text "$(printf 'after\nresume')"
expect "New card: after resume" "after resuming pastes are bracketed again"
keys Escape

# The description editor: the paste reaches it without markers.
keys g Enter
rm -f "$ED/ready"
tm send-keys e
for i in $(seq 100); do [ -e "$ED/ready" ] && break; sleep 0.05; done
paste_text "edited text"
tm send-keys Enter
wait_for "description saved"
ok $? "the editor saves what it read"
[ "$(cat "$ED/got")" = "edited text" ]
ok $? "while \$EDITOR runs pastes are not bracketed"
keys Escape n
paste_text "$(printf 'after\nediting')"
expect "New card: after editing" "after the editor pastes are bracketed again"
keys Escape

keys q
wait_for "[exited 0]"
ok $? "quits cleanly"
paste_text "$(printf 'after\nquit')"
expect "after" "after quitting the shell gets the paste"
expect_not "[200~" "without paste markers: the mode is off"
finish
