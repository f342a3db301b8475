#!/bin/sh
# The boards and columns panes refuse a name that differs only in case
# from a sibling's, with the store's reason on the status line.
. "$top_srcdir/tests/screen/lib.sh"

"$LANES" boards >/dev/null
start
wait_for "Press ? for help" 5
keys C
keys n
type_text "doing"
keys Enter
expect 'there is already a column named "doing"' "the columns pane refuses a column named like another"
tm kill-server
start
wait_for "Press ? for help" 5
keys B
keys n
type_text "WELCOME"
keys Enter
expect 'there is already a board named "WELCOME"' "the boards pane refuses a board named like another"
"$LANES" boards --json | python3 -c 'import json, sys; assert len(json.load(sys.stdin)) == 1'
ok $? "no board was added"
keys Escape q q
wait_for "[exited 0]" >/dev/null
finish
