#!/bin/sh
# The scripting commands' errors in one line naming what is at fault, and
# their JSON: complete and typed, null for what is unset; `log --on`.
. "$top_srcdir/tests/screen/lib.sh"

status_is() { want=$1; shift; "$LANES" "$@" >"$T_HOME/out" 2>"$T_HOME/err"; [ $? = "$want" ]; }
err_is() { [ "$(cat "$T_HOME/err")" = "$1" ]; }
json_has() { want=$1; shift; "$LANES" "$@" > "$T_HOME/json" &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $want, d" "$T_HOME/json"; }

status_is 2 cards --colum x &&
	err_is "lanes: unknown option --colum (did you mean --column?); lanes --help lists them"
ok $? "an unknown option: one line, the likely option, where to look; exit 2"
status_is 2 bords && err_is 'lanes: unknown command "bords" (did you mean boards?); lanes --help lists them'
ok $? "an unknown command: the likely one"
status_is 2 x && err_is 'lanes: unknown command "x"; lanes --help lists them'
ok $? "no guess for a word nothing is close to"
status_is 2 boards --column Done &&
	err_is "lanes: --column does not apply to boards; usage: lanes boards [--json]"
ok $? "an option the command does not take is named, with the command's usage"
status_is 2 rm 1 2 && err_is 'lanes: unexpected argument "2"; usage: lanes rm CARD'
ok $? "an extra argument is named"
status_is 2 cards --board && err_is "lanes: --board needs a value; see lanes --help"
ok $? "an option without its value"
status_is 2 add && [ "$(wc -l < "$T_HOME/err")" = 1 ]
ok $? "a missing argument: one line, not the whole usage"
json_has 'd["name"] == "lanes" and isinstance(d["version"], str) and d["version"][0].isdigit()' \
	--version --json
ok $? "--version --json prints the version as JSON"
status_is 2 --version --board x
ok $? "--version with an option it does not take: exit 2"

id=$("$LANES" add "Ship it" --column Doing)
status_is 0 cards --json && python3 -c '
import json, sys
cards = json.load(open(sys.argv[1]))
c = [c for c in cards if c["id"] == int(sys.argv[2])][0]
assert c["column"] == "Doing" and c["priority"] is None and c["due_on"] is None, c
assert c["start_on"] is None and c["labels"] == [] and c["assignees"] == [], c
assert c["description"] is None and c["completed"] is False, c
assert c["checklist_done"] == 0 and c["checklist_total"] == 0, c
' "$T_HOME/out" "$id"
ok $? "cards --json: unset fields are null or empty arrays, never \"\""
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE cards SET priority = ?, due_on = ?, start_on = ?, labels = ?, assignees = ?,"
	" description = ?, completed = 1 WHERE id = ?", ("high", "2020-01-02", "2019-12-30", "bug, ui, p1",
	"Ann, Bo", "notes", int(sys.argv[2])))
db.commit()
' "$XDG_DATA_HOME/lanes/lanes.db" "$id"
"$LANES" check "$id" "one" >/dev/null && item=$("$LANES" check "$id" "two") &&
	"$LANES" check --toggle "$id" "$item" >/dev/null
status_is 0 cards --json && python3 -c '
import json, sys
c = [c for c in json.load(open(sys.argv[1])) if c["id"] == int(sys.argv[2])][0]
assert c["priority"] == "high" and c["due_on"] == "2020-01-02" and c["start_on"] == "2019-12-30", c
assert c["labels"] == ["bug", "ui", "p1"] and c["assignees"] == ["Ann", "Bo"], c
assert c["checklist_done"] == 1 and c["checklist_total"] == 2, c
assert type(c["checklist_done"]) is int and c["completed"] is True, c
assert c["column"] == "Doing" and c["description"] == "notes", c
' "$T_HOME/out" "$id"
ok $? "cards --json: priority, dates, labels and assignees as arrays, checklist counts as numbers"
json_has 'd["labels"] == ["bug", "ui", "p1"] and d["assignees"] == ["Ann", "Bo"]' show "$id" --json
ok $? "show --json gives labels and assignees as arrays"
json_has 'd["running"] is False and d["card"] is None and d["started_at"] is None' timer status --json
ok $? "timer status --json: the same keys, null, when no timer runs"

# log --on DAY: stored at the day's local noon, shown by show
status_is 0 log "$id" 1h "review" --on 2026-03-01 && entry=$(cat "$T_HOME/out")
ok $? "log --on a day prints the entry's id"
json_has '[t["started_at"] for t in d["time_entries"] if t["id"] == '"$entry"'] == [1772366400]' \
	show "$id" --json
ok $? "the entry starts at noon of that day (TZ=UTC)"
"$LANES" show "$id" | grep -q "^  $entry  1:00:00  2026-03-01 12:00  review$"
ok $? "show lists the day"
status_is 0 log "$id" 30m --on yesterday && day=$(date -d yesterday +%Y-%m-%d) &&
	"$LANES" show "$id" | grep -q "0:30:00  $day 12:00"
ok $? "--on takes relative days"
status_is 1 log "$id" 30m --on +1d && grep -q "is in the future" "$T_HOME/err"
ok $? "a future day is refused, exit 1"
status_is 1 log "$id" 30m --on 2026-02-30 && err_is 'lanes: bad date "2026-02-30": no such day'
ok $? "a bad day is refused, exit 1"
json_has 'len(d["time_entries"]) == 2' show "$id" --json
ok $? "and neither logged anything"
status_is 2 add x --on today
ok $? "--on does not apply to other commands"
finish
