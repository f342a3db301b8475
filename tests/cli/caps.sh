#!/bin/sh
# The commands that edit a card's comments, checklist, time or archive ask the
# card's service first, as the board's keys do: refused with its reason
# and exit 1, nothing changed; or kept on this machine, said on stderr,
# exit 0. lanes-toy's "flat" service keeps no comments and no time, and
# checklists only here (tests/toy/offline.c); a local board does all.
LANES="${LANES_TOY:?LANES_TOY must name tests/toy/lanes-toy}"
. "$top_srcdir/tests/screen/lib.sh"
printf 'account flat service=flat\n' > "$XDG_CONFIG_HOME/lanes/config"

run() { "$LANES" "$@" > "$T_HOME/out" 2> "$T_HOME/err"; }
err_is() { [ "$(cat "$T_HOME/err")" = "$1" ]; }
# python over the card's `show --json` (d)
card_has() { "$LANES" show "$1" --json > "$T_HOME/show" &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $2, d" "$T_HOME/show"; }

run cards --account flat --board Alpha
toy=$(awk '/Card of p1/ { print $1 }' "$T_HOME/out")
run cards --board Welcome
here=$(awk 'NR == 1 { print $1 }' "$T_HOME/out")
[ -n "$toy" ] && [ -n "$here" ]
ok $? "a card of the toy service and one of the local Welcome board"

# refused: nothing changes
run comment "$toy" "Hello" ; [ $? = 1 ] && err_is "lanes: Toy cannot keep comments" &&
	[ ! -s "$T_HOME/out" ]
ok $? "comment on a service without comments: the reason, exit 1"
card_has "$toy" 'd["comments"] == []'
ok $? "and no comment was added"
run log "$toy" 1h ; [ $? = 1 ] && err_is "lanes: Toy cannot keep time entries"
ok $? "log on a service without time: the reason, exit 1"
run timer start "$toy" ; [ $? = 1 ] && err_is "lanes: Toy cannot keep time entries"
ok $? "timer start there: refused too"
card_has "$toy" 'd["time_entries"] == [] and d["tracked_seconds"] == 0'
ok $? "and no time was logged"
run timer status && grep -q "no timer running" "$T_HOME/out"
ok $? "and no timer runs"
run archive "$toy" ; [ $? = 1 ] && err_is "lanes: Toy cannot archive cards"
ok $? "archive on a service without an archive: the reason, exit 1"
run cards --account flat --board Alpha --offline && grep -q "Card of p1" "$T_HOME/out"
ok $? "and the card is not archived"

# kept on this machine: done, and said
run check "$toy" "Buy milk" ; [ $? = 0 ] && item=$(cat "$T_HOME/out") && [ -n "$item" ] &&
	err_is "lanes: kept on this machine: Toy cannot keep checklists"
ok $? "check on a service that keeps checklists here: done, the reason on stderr"
card_has "$toy" '[(c["text"], c["done"]) for c in d["checklist"]] == [("Buy milk", False)]'
ok $? "the item is on the card"
run check --toggle "$toy" "$item" ; [ $? = 0 ] && grep -q "^\[x\] Buy milk" "$T_HOME/out" &&
	err_is "lanes: kept on this machine: Toy cannot keep checklists"
ok $? "check --toggle: ticked, and said"

# a local board does everything, silently
run comment "$here" "Hello" ; [ $? = 0 ] && err_is ""
ok $? "comment on a local card: exit 0, nothing on stderr"
run archive "$here" ; [ $? = 0 ] && err_is "" && run unarchive "$here" && err_is ""
ok $? "archive and unarchive on a local card: exit 0, nothing on stderr"
run timer start "$here" ; [ $? = 0 ] && err_is ""
ok $? "timer start on a local card: exit 0"
run timer start "$toy" ; [ $? = 1 ] && err_is "lanes: Toy cannot keep time entries"
ok $? "starting it on the toy card instead is refused..."
run timer status && grep -q "^ *$here " "$T_HOME/out"
ok $? "...and the local card's timer still runs"
run timer stop ; [ $? = 0 ] && grep -q "stopped the timer on card $here" "$T_HOME/out" &&
	err_is ""
ok $? "timer stop on the local card: exit 0"

# a timer started while the account was not configured stops all the same,
# its entry kept here and said so
mv "$XDG_CONFIG_HOME/lanes/config" "$T_HOME/config.off"
run timer start "$toy" ; [ $? = 0 ]
ok $? "timer started on the toy card with no account line"
mv "$T_HOME/config.off" "$XDG_CONFIG_HOME/lanes/config"
run timer stop ; [ $? = 0 ] && grep -q "stopped the timer on card $toy" "$T_HOME/out" &&
	err_is "lanes: kept on this machine: Toy cannot keep time entries"
ok $? "timer stop is never refused: the entry is kept here, and said"
card_has "$toy" 'd["tracked_seconds"] >= 0 and len(d["time_entries"]) <= 1'
ok $? "and the card still reads"

# boards and columns: a service's boards are made and named on it; its
# columns are added and renamed through the queue, as the columns pane does
alpha=$("$LANES" boards --json |
	python3 -c 'import json, sys; print([b["id"] for b in json.load(sys.stdin) if b["name"] == "Alpha"][0])')
run board rename Alpha Other ; [ $? = 1 ] && err_is "lanes: board $alpha is flat's: rename it on the service"
ok $? "board rename of a service's board: refused with the reason"
run board add Other --account flat ; [ $? = 1 ] && grep -q "boards of flat are made on the service" "$T_HOME/err"
ok $? "board add --account: refused with the reason"
run column add Review --account flat --board Alpha --offline ; [ $? = 0 ] &&
	err_is 'lanes: queued; `lanes sync` sends it' && [ -n "$(cat "$T_HOME/out")" ]
ok $? "column add on a service's board: queued for it, its id printed"
run column rename Review todo --account flat --board Alpha --offline ; [ $? = 1 ] &&
	grep -q 'already a column named "todo"' "$T_HOME/err"
ok $? "column rename to a sibling's name there: refused"

# a service's names need not be unique: finding by one two boards share
# is ambiguous, and says which ids to use
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO boards(account, remote_id, name, created_at) VALUES (?, ?, ?, 0)",
	("flat", "p9", "ALPHA"))
db.commit()
' "$XDG_DATA_HOME/lanes/lanes.db"
run cards --account flat --board alpha --offline ; [ $? = 1 ] &&
	grep -q "^lanes: 2 boards are named \"alpha\" (ignoring case): use an id, one of $alpha, " "$T_HOME/err"
ok $? "--account --board with a name two of its boards share: ambiguous, exit 1"
run cards --account flat --board alpha ; [ $? = 1 ] && grep -q "2 boards are named" "$T_HOME/err"
ok $? "also when it would ask the service"
run cards --account flat --board "$alpha" --offline
ok $? "the id finds it"

finish
