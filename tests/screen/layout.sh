#!/bin/sh
# Layout: a narrow terminal scrolls columns sideways, a wide one shows them
# all, long titles end in an ellipsis, wide characters stay aligned, and a
# resize redraws.
. "$top_srcdir/tests/screen/lib.sh"

"$LANES" add "日本語のタイトルはとても長いのでここで切れるはずです" --column Doing >/dev/null
"$LANES" add "emoji 🎉🎉 party" --column Done >/dev/null

W=80 H=24 start
expect "To Do (9)" "80x24 shows the board"
expect "…" "long titles are cut with an ellipsis"
# the column separators stand at the same display column on every row
first_sep=$(screen | sed -n 2p | python3 -c '
import sys, unicodedata
line = sys.stdin.read()
cols = 0
for ch in line:
    if ch == "│":
        print(cols); break
    cols += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
')
screen | grep -F "│" | python3 -c "
import sys, unicodedata
want = $first_sep
bad = 0
for line in sys.stdin:
    cols = 0
    for ch in line.rstrip('\n'):
        if ch == '│':
            bad += cols != want
            break
        cols += 2 if unicodedata.east_asian_width(ch) in 'WF' else 1
sys.exit(1 if bad else 0)
"
ok $? "column separators line up on every row, wide characters included"

keys l
expect "Doing (2)"
expect "日本語" "CJK titles are drawn"
keys C
keys G a; type_text "Review"; keys Enter
keys a; type_text "Deploy"; keys Enter
keys a; type_text "Verify"; keys Enter
keys q
expect_not "Verify (0)" "at 80 columns not every column fits"
keys l l l l
expect "Verify (0)" "moving right scrolls the columns sideways"
expect "«" "a marker says more columns are on the left"
expect_not "To Do (" "the first column scrolled out"

tmux -L "$T_SOCK" resize-window -x 300 -y 80 2>/dev/null || tmux -L "$T_SOCK" resize-pane -x 300 -y 80
settle
expect "To Do (9)" "after a resize to 300x80 every column is shown"
expect "Verify (0)"
expect_not "«" "and no scroll marker remains"
tmux -L "$T_SOCK" resize-window -x 40 -y 12 2>/dev/null
# tmux keeps the old screen's last lines (the status line, with its key
# hints) until lanes redraws, so settling is not enough here
wait_for "Verify (0)"
ok $? "a 40x12 terminal still shows the selected column"
keys q
wait_for "[exited 0]"
ok $? "quits cleanly after resizes"
finish
