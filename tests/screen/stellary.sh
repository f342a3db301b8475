#!/bin/sh
# A Stellary board on the screen, against its fake: the picker's three
# levels (organisation, workspace, project), the board in its order, and
# a card's labels set with L (one attached, one made, one detached) and
# named after a refresh, its assignee picked from the members and its
# start date set, and a column delete the server refuses (409)
# shown in the sync pane with the server's words; a column added between
# two lands there.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
stellary_start

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

# labels are the project's: found by name, made when missing, detached
labels_of_k01() {
	fake_py "
k = [c for c in s['cards'] if c['id'].endswith('1001')][0]
print(', '.join(l['name'] for i in k['labelIds'] for l in s['labels'] if l['id'] == i))"
}
labels_named() { fake_py "print(len([l for l in s['labels'] if l['name'] == '$1']))"; }
keys Enter
wait_for "Write spec" 3
keys L C-u
type_text "bug, urgent"
keys Enter
wait_for "synced" 10
[ "$(labels_of_k01)" = "bug, urgent" ]
ok $? "L attaches the project's label and attaches one made for the missing name"
[ "$(labels_named bug)" = 1 ] && [ "$(labels_named urgent)" = 1 ]
ok $? "the existing label is reused and the missing one made once"
keys L C-u
type_text "urgent"
keys Enter
wait_for "synced" 10
[ "$(labels_of_k01)" = "urgent" ]
ok $? "L without a label detaches it on the fake"
fake_ctl '{"clear_log": true, "drop": 1}'
keys L C-u
type_text "urgent, release"
keys Enter
sleep 1
wait_for "synced" 20
[ "$(labels_of_k01)" = "urgent, release" ] && [ "$(labels_named release)" = 1 ]
ok $? "a label whose answer was lost is found, attached, and not made twice"
fake_json /_log log "
assert [r['dropped'] for r in log if r['method'] == 'POST' and r['path'].endswith('/labels')] \
	== [True], log"
ok $? "the lost create was sent once"
fake_put_state "
k = [c for c in s['cards'] if c['id'].endswith('1001')][0]
k['labelIds'].insert(0, s['labels'][1]['id'])"
keys R
sleep 1
wait_for "synced" 5
expect "docs, urgent, release" "a refresh shows the card's labels by name, a teammate's too"

# the assignee is picked from the organisation's members, sent by id;
# the start date is sent as Stellary's startDate
k01() { fake_py "print([c for c in s['cards'] if c['id'].endswith('1001')][0]['$1'])"; }
keys a
wait_for "Assignee (Enter sets" 3
expect "(nobody)" "a opens a picker of the members, nobody first"
expect "kim@example.com"
keys j Enter
wait_for "assigned to kim@example.com" 3
ok $? "Enter assigns the member picked"
wait_for "synced" 10
[ "$(k01 assigneeId)" = 000000000000000000000a02 ]
ok $? "the fake has the member's id as assigneeId"
expect "Assignees  kim@example.com"
keys S
type_text "2026-05-04"
keys Enter
wait_for "starts 2026-05-04" 3
ok $? "S sets the start date"
wait_for "synced" 10
[ "$(k01 startDate)" = 2026-05-04 ]
ok $? "the fake has it as startDate"
keys a g Enter
wait_for "assignee cleared" 3
wait_for "synced" 10
[ "$(k01 assigneeId)" = None ]
ok $? "(nobody) clears the assignee on the fake"
keys q

keys C
wait_for "Done" 3
keys a
type_text "Review"
keys Enter
wait_for "synced" 10
[ "$(fake_py "print(','.join(c['name'] for c in sorted(s['columns'], key=lambda c: c['order'])))")" \
	= "To do,Review,Doing,Done" ]
ok $? "a column added after the first is made at the end, then put second on the fake"
# a teammate's card in Done that lanes has not seen: deleting that
# column is a 409
fake_put_state "
k = dict(s['cards'][0], id='665f0000000000000000100f', title='Unseen',
	columnId='665f00000000000000000003', order=0)
s['cards'].append(k)"
keys g j j j d
wait_for "1 failed" 10
ok $? "the column delete the server refuses is a failed edit"
keys Escape S
wait_for "still holds cards" 5
ok $? "the sync pane shows the server's words"
expect "409"
finish
