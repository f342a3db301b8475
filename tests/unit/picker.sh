#!/bin/sh
# The board picker (B) and `boards --account` / `--board` walk as many
# levels as a service declares: three (organisation, workspace, project)
# and one (projects at once). Against lanes-toy's offline services, which
# answer without a network (tests/toy/offline.c holds their tree).
LANES="${LANES_TOY:?LANES_TOY must name tests/toy/lanes-toy}"
. "$top_srcdir/tests/screen/lib.sh"

printf 'account deep service=deep\naccount flat service=flat\n' \
	> "$XDG_CONFIG_HOME/lanes/config"

# the picker, three levels down and back up
start --account deep
wait_for "Org Two" 5
expect "deep: organisations (Enter lists its workspaces, q closes)" \
	"the first level is titled by its name"
expect "Boards on this machine..." "the top level keeps the boards kept here"
keys j j Enter
wait_for "South" 5
expect "deep: workspaces in Org Two (Enter lists its projects, q goes back)" \
	"Enter on an organisation lists its workspaces"
expect_not "Boards on this machine..." "a deeper level shows only its items"
expect_not "North" "and only those of the item picked"
keys Enter
wait_for "Gamma" 5
expect "deep: projects in Org Two / South (Enter opens the board, q goes back)" \
	"Enter on a workspace lists its projects, titled by the path"
keys BSpace
wait_for "deep: workspaces in Org Two" 5
ok $? "Backspace goes up a level"
keys j Enter
wait_for "projects in Org Two / Empty" 5
ok $? "a workspace picked after going back lists its own projects"
expect_not "Gamma" "not those of the one before"
keys h
wait_for "deep: workspaces in Org Two" 5
ok $? "h goes up a level"
keys q
wait_for "deep: organisations" 5
ok $? "q goes up a level"
keys k Enter
wait_for "workspaces in Org One" 5
keys Enter
wait_for "projects in Org One / North" 5
keys Enter
wait_for "Card of p1" 5
ok $? "Enter on a project three levels down opens it as a board"
keys B
wait_for "deep: organisations" 5
ok $? "B on the board opens the picker at its top"
keys q
wait_for "Card of p1" 5
ok $? "q at the top level closes the picker"
keys q
wait_for "[exited 0]" 5

# one level: the boards at once
start --account flat
wait_for "Delta" 5
expect "flat: projects (Enter opens the board, q closes)" \
	"a service of one level lists its boards at once"
expect "Boards on this machine..." "with the boards kept here above them"
keys j j Enter
wait_for "Card of p4" 5
ok $? "Enter on one opens it"
keys q
wait_for "[exited 0]" 5
ok $? "q quits"
stop_server

# headless (after the screen: a board found here becomes the account's
# last, which --account would open): every board with the names of the levels above it
"$LANES" boards --account deep > "$T_HOME/out" 2>&1
printf '%-20s %s\t%s\n' p1 Alpha "Org One / North" p2 Beta "Org Two / South" \
	p3 Gamma "Org Two / South" | cmp -s - "$T_HOME/out"
ok $? "boards --account walks three levels, each board with its path"
"$LANES" boards --account flat > "$T_HOME/out" 2>&1
printf '%-20s %s\n' p1 Alpha p4 Delta | cmp -s - "$T_HOME/out"
ok $? "boards --account of a service of one level lists its boards alone"
"$LANES" boards --account deep --json > "$T_HOME/out" 2>&1
python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert [x["name"] for x in b] == ["Alpha", "Beta", "Gamma"], b
assert b[2] == {"remote": "p3", "name": "Gamma", "path": [
	{"level": "organisation", "remote": "o2", "name": "Org Two"},
	{"level": "workspace", "remote": "w2", "name": "South"}]}, b[2]
' "$T_HOME/out"
ok $? "boards --json gives each board its path through every level"
"$LANES" boards --account flat --json > "$T_HOME/out" 2>&1
python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert b == [{"remote": "p1", "name": "Alpha", "path": []},
	{"remote": "p4", "name": "Delta", "path": []}], b
' "$T_HOME/out"
ok $? "boards --json of a service of one level: empty paths"
"$LANES" cards --account deep --board Gamma > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Todo	0	Card of p3" "$T_HOME/out"
ok $? "--board finds a board by name three levels down"
"$LANES" cards --account flat --board p1 > "$T_HOME/out" 2>&1
[ $? = 0 ] && grep -q "Card of p1" "$T_HOME/out"
ok $? "--board finds a board of a one-level service by id"
"$LANES" cards --account deep --board Nope > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q 'deep has no board "Nope"' "$T_HOME/out"
ok $? "--board with no such board anywhere: exit 1"

finish
