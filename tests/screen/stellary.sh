#!/bin/sh
# A Stellary board on the screen, against its fake: the picker's three
# levels (organisation, workspace, project), the board in its order, and
# a column delete the server refuses (409) shown in the sync pane with
# the server's words.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
stellary_start
# the fake keeps an archived card in Done: deleting that column is a 409
fake_put_state "
k = dict(s['cards'][0], id='665f0000000000000000100f', title='Archived',
	columnId='665f00000000000000000003', order=0, archived=True)
s['cards'].append(k)"

start --account s
wait_for "Acme" 5
expect "s: organisations" "--account with no board yet opens the organisation picker"
keys j Enter
wait_for "Engineering" 5
ok $? "Enter on an organisation lists its workspaces"
keys Enter
wait_for "Roadmap" 5
ok $? "Enter on a workspace lists its projects"
keys Enter
wait_for "Write spec" 5
ok $? "Enter on a project loads it as a board"
expect "To do (3)" "its columns, without the archived card"
expect_not "Old idea"
wait_for "synced" 5
ok $? "the status line says synced"

keys C
wait_for "Done" 3
keys j j d
wait_for "1 failed" 10
ok $? "the column delete the server refuses is a failed edit"
keys Escape S
wait_for "still holds cards" 5
ok $? "the sync pane shows the server's words"
expect "409"
finish
