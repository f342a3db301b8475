#!/bin/sh
# The command line with an account: listing projects and cards from the
# fake, edits through the outbox, and `lanes sync`'s exit status (0 when
# nothing is left, 3 when edits remain, listed on stderr, 1 on error).
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
CFG="$XDG_CONFIG_HOME/lanes/config"

"$LANES" sync > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "no account is configured" "$T_HOME/out"
ok $? "lanes sync without an account: exit 1, says why"

fake_start
asana_config > "$CFG"
"$LANES" boards --account nosuch > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q 'no account "nosuch"' "$T_HOME/out"
ok $? "an unknown account: exit 1"

"$LANES" boards --account asana > "$T_HOME/out" 2>&1
grep -q "^1200 .*Launch" "$T_HOME/out"
ok $? "boards --account lists the service's projects"
"$LANES" boards --account asana --json > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert b == [{"remote": "1200", "name": "Launch",
	"path": [{"level": "workspace", "remote": "1100", "name": "Acme"}]}], b
' "$T_HOME/out"
ok $? "boards --account --json: each project with its workspace as its path"

# a hostile project name reaches neither the terminal nor the JSON raw
fake_put_state "
s['projects']['1201'] = dict(s['projects']['1200'], gid='1201', sections=[],
	name='Evil\x1b]0;pwned\x07\u202eRTL\x1b[2J')"
"$LANES" boards --account asana --json > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && ! grep -q "$(printf '\033')" "$T_HOME/out" && python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
n = [x["name"] for x in b if x["remote"] == "1201"][0]
assert n.startswith("Evil") and "RTL" in n, n
assert not any(c in n for c in "\x1b\x07\u202e"), repr(n)
' "$T_HOME/out"
ok $? "boards --json: a hostile name is cleaned and escaped"
"$LANES" boards --account asana > "$T_HOME/out" 2>"$T_HOME/err"
[ $? = 0 ] && grep -q "^1201 .*EvilRTL" "$T_HOME/out" && ! grep -q "$(printf '\033')" "$T_HOME/out" &&
	! grep -q "$(printf '\342\200\256')" "$T_HOME/out"
ok $? "boards: and the plain listing too"
fake_put_state "del s['projects']['1201']"
"$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Write press release" "$T_HOME/out" && grep -q "Pick launch date" "$T_HOME/out"
ok $? "cards --account fetches a project by name and lists its tasks"
"$LANES" sync > "$T_HOME/out" 2>&1
ok $? "lanes sync with nothing queued: exit 0"

# JavaScript servers send lone UTF-16 surrogates ("\ud800"), which JSON
# parsers may refuse: one such title must not hide the whole board
fake_put_state "s['tasks']['1402']['name'] = 'Book \\ud800 venue'"
_fake_http GET /_state | grep -q '"Book \\ud800 venue"'
ok $? "the fake holds a title with a lone surrogate, escaped as JSON"
"$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Book $(printf '\357\277\275') venue" "$T_HOME/out" &&
	grep -q "Write press release" "$T_HOME/out" && grep -q "Pick launch date" "$T_HOME/out"
ok $? "a lone surrogate reads as U+FFFD, and the other tasks still load"

# a task whose section the sections list lacks lands in the first column
fake_put_state "
s['sections']['1399'] = dict(s['sections']['1303'], gid='1399', name='Hidden', tasks=['1403'])
s['sections']['1301']['tasks'].remove('1403')"
"$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "To Do.*Order swag" "$T_HOME/out" && ! grep -q Hidden "$T_HOME/out"
ok $? "a task in a section missing from the list shows in the first column"

id=$("$LANES" add --account asana --board Launch "From the command line" 2>"$T_HOME/err")
[ $? = 0 ] && [ -n "$id" ]
ok $? "add --account sends the card at once (exit 0)"
fake_py "print([t['name'] for t in s['tasks'].values()])" | grep -q "From the command line"
ok $? "the fake has it"

# the fake is gone: edits wait, and say so
fake_stop
"$LANES" move "$id" Doing > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q "1 edit still waits for a service" "$T_HOME/out"
ok $? "an edit with the service unreachable is kept: exit 3"
"$LANES" sync > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q 'pending asana: move "From the command line" to Doing' "$T_HOME/out"
ok $? "lanes sync lists what remains on stderr: exit 3"
fake_start
"$LANES" sync > "$T_HOME/out" 2>&1
ok $? "once the service is back, lanes sync sends it: exit 0"
fake_py "
g = [k for k, t in s['tasks'].items() if t['name'] == 'From the command line'][0]
print([x['name'] for x in s['sections'].values() if g in x['tasks']])" | grep -q Doing
ok $? "the fake has the move"

# a refused edit stays failed
fake_ctl '{"fail_next": [{"status": 400, "message": "section: Not a section"}]}'
"$LANES" move "$id" Done > /dev/null 2>&1
"$LANES" sync > "$T_HOME/out" 2>&1
[ $? = 3 ] && grep -q "failed asana: .* -- 400: section: Not a section" "$T_HOME/out"
ok $? "a 400 leaves a failed edit with the server's words: exit 3"

# a token written in a file others can read is refused
printf 'account open service=asana token=0/abcsecret\n' > "$T_HOME/open.cfg"
chmod 644 "$T_HOME/open.cfg"
"$LANES" check-config "$T_HOME/open.cfg" > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "token= is refused" "$T_HOME/out" && ! grep -q abcsecret "$T_HOME/out"
ok $? "token= in a group-readable file is refused without quoting it"

fake_oas_check
finish
