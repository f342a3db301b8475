#!/bin/sh
# A Vortask board on the screen, against its fake (REST and MCP): the
# project picker, the four statuses as columns (the column editor says they
# are fixed), a card's priority, due date and labels reaching the task,
# its comments read over MCP beside the task's history, one added and one
# deleted, a teammate's HTML comment as text, a reorder kept on this
# machine, and a Viewer's project
# read-only with the reason on the status line.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
vortask_start

task() { # TITLE: the fake's task of that title as JSON (sorted keys)
	fake_py "
t = [t for t in s['tasks'] if t['title'] == '''$1''']
print(json.dumps(t[0] if len(t) == 1 else len(t), sort_keys=True))"
}
comments_of() { # TASK-ID
	fake_py "print('|'.join(c['content'] for c in sorted(s['comments'], key=lambda c: c['id'])
	if c['taskId'] == $1))"
}

start --account v
wait_for "Launch" 5
expect "v: projects" "--account with no board yet opens the project picker"
keys j Enter
wait_for "Write the spec" 5
ok $? "Enter on a project loads it as a board"
expect "New (1)" "the statuses are the columns: New"
expect "Active (1)" "Active"
expect "Blocked (1)" "Blocked"
expect "Closed (1)" "and Closed"
wait_for "synced" 5
ok $? "the status line says synced"

# the columns are the statuses: the editor says so
keys C
wait_for "Columns" 3
keys n
wait_for "four statuses" 3
ok $? "the column editor says Vortask's columns are fixed"
keys Escape

# Active holds "Write the spec": its fields reach the task
keys l Enter
wait_for "Priority   high" 3
ok $? "Enter opens the card with the task's priority"
keys S
expect "Vortask's tasks have no start date" "S is refused with the reason"
keys a
expect "lanes does not read Vortask's members yet" "a is refused with the reason"
keys p C-u
type_text "low"
keys Enter D C-u
type_text "2027-01-31"
keys Enter L C-u
type_text "docs, launch"
keys Enter
wait_for "synced" 10
task "Write the spec" | python3 -c '
import json, sys
t = json.load(sys.stdin)
assert t["priority"] == "Low" and t["dueDate"].startswith("2027-01-31") and \
	t["tags"] == ["docs", "launch"], t
'
ok $? "priority, due date and labels reach the task (Low, the date, its tags)"

# comments over MCP, beside the task's history
keys c
wait_for "First draft is up." 5
ok $? "c shows the task's comments, read over MCP"
expect "Looks good to me."
wait_for "changed the priority: High" 5
ok $? "the task's history shows among them"
keys a
type_text "Sent from lanes"
keys Enter
wait_for "synced" 10
[ "$(comments_of 1)" = "First draft is up.|Looks good to me.|Sent from lanes" ]
ok $? "a comment is added over MCP"
keys g D
expect "only your own comments can be deleted" "a line of the history is not a comment to delete"
keys j D y
wait_for "synced" 10
[ "$(comments_of 1)" = "Looks good to me.|Sent from lanes" ]
ok $? "deleting your own comment removes it over MCP"
# a comment does not change its task: R in the pane fetches them again
_fake_http POST /_teammate '{"tool": "add_comment", "arguments": {"taskId": 1,
	"content": "<p>Kim <b>chimes</b> in &amp; agrees</p>"}}' > /dev/null
keys R
wait_for "Kim chimes in & agrees" 5
ok $? "R in the comments pane shows a teammate's new comment, its HTML read as text"
keys q q

# an order inside a status is kept here, and said
keys h
keys n
type_text "Second in New"
keys Enter
wait_for "synced" 10
keys J
wait_for "kept on this machine" 3
ok $? "a reorder inside a status is kept on this machine, and said"

# a Viewer's project: read-only, with the reason
keys B
wait_for "Archive" 5
keys G Enter
wait_for "Old plan" 5
ok $? "the Viewer's project opens"
wait_for "read-only: a Viewer of this Vortask project" 5
ok $? "the status line says it is read-only and why"
keys n
wait_for "read-only" 3
expect_not "Title:" "n does not open a prompt on it"
[ "$(task "Old plan" | grep -c '"status": "New"')" = 1 ]
ok $? "the task is untouched"
finish
