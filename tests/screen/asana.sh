#!/bin/sh
# An Asana board against the fake: it loads, edits show at once whatever
# the network does, and reach the service through slowness, an outage,
# a 429 and a 401; a 400 shows as a failed edit that can be fixed; hostile
# server text never reaches the terminal or the trace; every request fits
# the official spec.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
export LANES_TRACE="$T_HOME/trace.log"

# section of a task, by name, on the fake
section_of() {
	fake_py "
t = [g for g, x in s['tasks'].items() if x['name'] == '''$1''']
print([x['name'] for x in s['sections'].values() if t and t[0] in x['tasks']][0] if t else '')"
}

start --account asana
expect "asana: workspaces" "--account with no board yet opens the project picker"
wait_for "Acme" 5
keys j Enter
wait_for "Launch" 5
expect "projects in Acme" "Enter on a workspace lists its projects"
keys Enter
wait_for "Write press release" 5
ok $? "Enter on a project loads it as a board from the fake"
expect "To Do (3)"
expect "Doing (1)"
wait_for "synced" 5
ok $? "the status line says synced"
pid=$(lanes_pid)
[ -n "$pid" ] && grep -q libcurl "/proc/$pid/maps"
ok $? "an account loads libcurl"

# a move shows at once while the service takes its time
fake_ctl '{"latency_ms": 1500}'
keys L
expect "Doing (2)" "a move shows at once while the fake is slow"
expect "1 pending" "and the status line counts it as pending"
wait_for "synced" 8
ok $? "it is synced once the fake answers"
[ "$(section_of 'Write press release')" = "Doing" ]
ok $? "the fake has the task in Doing"
fake_ctl '{"latency_ms": 0}'

# an edit made while the service is down is sent when it is back
fake_ctl '{"down": true}'
keys r C-u
type_text "Write the press release"
keys Enter
expect "Write the press rel" "a rename shows at once with the fake down"
wait_for "offline, retrying in" 8
ok $? "the status line says offline and when it retries"
fake_ctl '{"down": false}'
wait_for "synced" 20
ok $? "the rename is sent once the fake is back"
[ "$(section_of 'Write the press release')" = "Doing" ]
ok $? "the fake has the new name"

# a 429 is waited out
fake_ctl '{"fail_next": [{"status": 429, "retry_after": 2}]}'
keys L
wait_for "rate limited, resuming in" 5
ok $? "a 429 pauses the account for Retry-After"
wait_for "synced" 10
ok $? "then the move goes through"
[ "$(section_of 'Write the press release')" = "Done" ]
ok $? "the fake has it in Done"

# a 400 is a failed edit, shown with the server's words, and can be fixed
fake_ctl '{"fail_next": [{"status": 400, "message": "name: Value is too long"}]}'
keys r C-u
type_text "Much too long a title"
keys Enter
wait_for "1 failed" 5
ok $? "a 400 shows as one failed edit in the status line"
keys S
expect "failed" "S lists the failed edit"
expect "400: name: Value is too long" "with the server's message"
keys e C-u
type_text "Short title"
keys Enter
wait_for "Nothing waits" 5
ok $? "e changes the text and sends it again"
keys q
expect "Short title" "the board shows the edited title"
[ -n "$(fake_py "print([g for g, x in s['tasks'].items() if x['name'] == 'Short title'][0])")" ]
ok $? "the fake has the edited title"

# a card's comments, history and checklist come from the service
keys c
wait_for "Can we ship this by Friday?" 5
ok $? "c shows the task's comments from the fake"
expect "changed the name" "and its history (system stories)"
keys a
type_text "Looks good to me"
keys Enter
wait_for "synced" 5
fake_py "print([x['text'] for x in s['stories'].values() if x['task'] == '1401'])" \
	| grep -q "Looks good to me"
ok $? "a comment added in the pane reaches the fake"
keys q x
wait_for "Check copy with legal" 5
ok $? "x shows the task's subtasks as its checklist"

# reordering the checklist reorders the subtasks on the service
subtasks_of_1401() {
	fake_py "print('|'.join(s['tasks'][g]['name'] for g in s['tasks']['1401']['subtasks']))"
}
shows_order() {
	local i
	for i in $(seq 100); do
		[ "$(screen | grep -o 'Check copy with legal\|Print flyers\|Book photographer' |
		    paste -sd'|')" = "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
keys a; type_text "Book photographer"; keys Enter
keys a; type_text "Print flyers"; keys Enter
wait_for "synced" 5
[ "$(subtasks_of_1401)" = "Check copy with legal|Book photographer|Print flyers" ]
ok $? "items added in the pane are subtasks on the fake, in order"
keys k k k j j K
wait_for "synced" 5
[ "$(subtasks_of_1401)" = "Check copy with legal|Print flyers|Book photographer" ]
ok $? "K moves the subtask up on the fake (after the one now above it)"
keys K j j K K
shows_order "Book photographer|Print flyers|Check copy with legal"
ok $? "K j j K K reorders the checklist at once"
wait_for "synced" 5
[ "$(subtasks_of_1401)" = "Book photographer|Print flyers|Check copy with legal" ]
ok $? "quick moves end in the same order on the fake"
fake_put_state "
t = s['tasks']['1401']
t['subtasks'] = t['subtasks'][1:] + t['subtasks'][:1]"
keys q x
shows_order "Print flyers|Check copy with legal|Book photographer"
ok $? "opening the checklist again takes the service's order"
keys q

# labels are the task's tags: found by name, made when missing, sent once
fake_put_state "
s['tags']['1502'] = {'gid': '1502', 'name': 'press', 'workspace': '1100', 'color': None}"
tags_of_1401() {
	fake_py "print(', '.join(sorted(s['tags'][g]['name'] for g in s['tasks']['1401']['tags'])))"
}
tags_named() { fake_py "print(len([t for t in s['tags'].values() if t['name'] == '$1']))"; }
keys Enter
expect "urgent" "the card pane shows the task's tag as a label"
keys L C-u
type_text "press, launch"
keys Enter
wait_for "synced" 10
[ "$(tags_of_1401)" = "launch, press" ]
ok $? "L sets the task's tags on the fake: one removed, one found, one made"
[ "$(tags_named press)" = 1 ] && [ "$(tags_named launch)" = 1 ]
ok $? "the existing tag is reused and the missing one made once"
keys R
sleep 1
wait_for "synced" 5
expect "press, launch" "a refresh keeps the labels: they are the task's tags now"
fake_ctl '{"fail_rate": 0.4, "fault": "drop_after_apply", "random_seed": 3}'
keys L C-u
type_text "launch, later, urgent"
keys Enter
wait_for "synced" 60
fake_ctl '{"fail_rate": 0}'
[ "$(tags_of_1401)" = "later, launch, urgent" ]
ok $? "with answers lost after the fake acted, the tags still end right"
[ "$(tags_named later)" = 1 ]
ok $? "and a tag whose answer was lost is not made twice"
# the assignee is typed: Asana takes "me" or an email
keys a C-u
type_text "me"
keys Enter
wait_for "synced" 10
[ "$(fake_py "print(s['tasks']['1401']['assignee'] == s['me'])")" = True ]
ok $? "a sets the task's assignee on the fake"
keys q

# X completes a task on the service
keys h h
keys X
wait_for "synced" 5
fake_py "print([x['completed'] for x in s['tasks'].values() if x['name'] == 'Book venue'][0])" \
	| grep -q True
ok $? "X completes the task on the fake"

# Asana has no archive: z keeps it on this machine and says so
fake_ctl '{"clear_log": true}'
keys z
expect "kept on this machine: Asana cannot archive cards" "z on Asana says it is kept here"
keys u
expect "undid: archive \"Book venue\"" "and u brings it back"
[ "$(fake_json /_log log "print(len([r for r in log if r['method'] != 'GET']))")" = 0 ]
ok $? "nothing was sent for it"

# a refused token stops the queue, keeps the edit, and R starts it again
fake_ctl '{"fail_next": [{"status": 401, "message": "Not Authorized"}]}'
keys j L
wait_for "stopped: 401" 5
ok $? "a 401 stops the account's queue and says so"
expect "Doing (2)" "the edit stays on the board"
keys R
wait_for "synced" 5
ok $? "R starts the queue again and the edit goes through"

# hostile text from the server never reaches the terminal raw
fake_put_state "
t = s['tasks']['1403']
t['name'] = 'Evil\x1b]52;c;aGk=\x07\x1b[2J\u009b31mRed\u202eRTL' + 'x' * 300000
s['stories']['1601']['text'] = '\x1b]0;pwned\x07hi'"
keys R
wait_for "EvilRed" 8
ok $? "a hostile task name shows, cleaned"
raw=$(tm capture-pane -p -e)
! printf '%s' "$raw" | grep -q "$(printf '\033]')"
ok $? "no OSC sequence reaches the terminal"
! printf '%s' "$raw" | grep -q "$(printf '\342\200\256')"
ok $? "no bidi override reaches the terminal"
! printf '%s' "$raw" | grep -q "$(printf '\302\233')"
ok $? "no C1 control reaches the terminal"
! grep -q "$(printf '\033')" "$LANES_TRACE"
ok $? "the trace holds no escape character"
! grep -q "test-token" "$LANES_TRACE" && grep -q "GET /api/1.0/sections/1301/tasks" "$LANES_TRACE"
ok $? "the trace logs requests but never the token"

keys C w
type_text 3
keys Enter
expect "WIP limits are kept on this machine" "a WIP limit on a service's board is kept here, and said so"
keys q
screen | grep -q "To Do [0-9]*/3"
ok $? "the board header shows the limit"

keys q
wait_for "[exited 0]" 5
ok $? "q quits with status 0"

start --account asana
wait_for "Doing (" 5
ok $? "the next --account opens the account's last board"
keys B
expect "asana: workspaces" "B on an account's board lists its workspaces"
keys q q
wait_for "[exited 0]" 5

fake_oas_check
finish
