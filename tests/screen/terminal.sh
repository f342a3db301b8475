#!/bin/sh
# The terminal: one curses cannot drive gets a message and exit 1, one too
# small gets a message until it grows, Alt+key is not Esc and the key, the
# mouse works past column 223 and with a person's double click, and a lanes
# started from the build tree finds the themes beside it.
. "$top_srcdir/tests/screen/lib.sh"

CONFIG="$XDG_CONFIG_HOME/lanes/config"
# the SGR parameters the pane shows (capture-pane -e), one a line
sgr() { tm capture-pane -e -p | grep -o $'\e\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n'; }
colours() { sgr | grep -Ec '^(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)$'; }

TERM=dumb start
wait_for "[exited 1]"
ok $? "TERM=dumb: lanes exits 1"
expect "lanes: TERM=dumb cannot draw the board" "and says why, naming TERM"
expect "lanes --help" "and points to the commands"
TERM=no-such-terminal start
wait_for "[exited 1]"
ok $? "an unknown TERM: lanes exits 1"
expect "TERM=no-such-terminal is a terminal curses does not know"

W=30 H=5 start
expect "terminal too small (30x5):" "a 30x5 terminal shows why nothing is drawn"
expect "lanes needs at least 40x10"
expect_not "To Do" "and no squeezed board"
keys n
# tmux may hold a resize back a moment: wait for what it brings
tm resize-window -x 80 -y 24
wait_for "To Do (9)"
ok $? "grown to 80x24, the board is drawn"
expect_not "terminal too small"
expect_not "New card:" "a key pressed while too small did nothing"
tm resize-window -x 80 -y 8
wait_for "terminal too small (80x8):"
ok $? "shrunk below 10 lines, the message is back"
keys q
wait_for "[exited 0]"
ok $? "q still quits while the terminal is too small"

# Meta keys: tmux sends M-x as ESC x in one write, which is not Esc and x
rm -f "$CONFIG"
start
keys M-x
expect_not "Checklist" "M-x does not open the checklist"
expect "<M-x> is not bound" "and the status line names the key"
keys n
type_text "Meta test"
keys Enter
keys M-u
expect "Meta test" "M-u does not undo"
keys n
expect "New card:"
keys Escape
expect_not "New card:" "Esc alone still cancels a prompt"
keys x
expect "Checklist" "Esc and x pressed apart are two keys"
printf 'bind generic <M-q> quit\n' > "$CONFIG"
start
keys M-q
wait_for "[exited 0]"
ok $? "a Meta key can be bound: <M-q> quits"

# The mouse: button events only (tmux's pane flags say which modes lanes
# asked for), SGR reports whatever TERM says, and a double click made of
# four reports read apart, as a person clicks.
row() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
selected() { keys r; screen | tail -n 1 | sed -n 's/^Title: //p' | sed 's/ *$//'; keys Escape; }
report() { tm send-keys -l $'\e[<'"$1"; }
flags() { tm display -p '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_all_flag}#{mouse_sgr_flag}'; }
printf 'set mouse = on\n' > "$CONFIG"
for term in xterm-256color tmux-256color; do
	TERM=$term W=250 start
	[ "$(flags)" = 1001 ]
	ok $? "TERM=$term: lanes asks for clicks (1000) in SGR (1006), no motion"
	report "0;230;$(row "Open lanes")M"
	report "0;230;$(row "Open lanes")m"
	settle
	[ "$(selected)" = "Open lanes" ]
	ok $? "TERM=$term: a click at column 230 selects the card there"
done
y=$(row "n adds, r renames")
for r in M m M m; do report "0;5;${y}$r"; sleep 0.1; done
settle
screen | grep -q "#[0-9]* n adds, r renames\$"
ok $? "a double click read as four reports 0.1 s apart opens the card"
keys q q
wait_for "[exited 0]"
[ "$(flags)" = 0000 ]
ok $? "on quitting lanes hands the mouse back"

# $LANES is the binary of the build tree: without LANES_THEMES_DIR it
# finds the themes beside it (copied there when built outside the source)
printf 'set theme = light\n' > "$CONFIG"
start
expect "lanes  Welcome" "the build tree's lanes starts with set theme = light"
[ "$(colours)" -gt 0 ]
ok $? "and draws in colour"
printf 'set theme = default\n' > "$CONFIG"
start
[ "$(colours)" -gt 0 ]
ok $? "the default theme is found there too, not the plain built-in look"

finish
