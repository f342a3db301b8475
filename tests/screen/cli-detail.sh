#!/bin/sh
# lanes show, comment and check: what they print, JSON fields, unknown ids
# (status 1) and bad usage (status 2).
. "$top_srcdir/tests/screen/lib.sh"

DB="$XDG_DATA_HOME/lanes/lanes.db"
out() { "$LANES" "$@" 2>"$T_HOME/err"; }
status_is() { want=$1; shift; out "$@" >"$T_HOME/out"; [ $? = "$want" ]; }
err_has() { grep -qF -- "$1" "$T_HOME/err"; }

id=$(out add "Release 1.0" --column Doing)
other=$(out add "Something else")
c1=$(USER=alice out comment "$id" "First look")
c2=$(USER= out comment "$id" "$(printf 'Two\nlines')")
[ "$c1" -gt 0 ] && [ "$c2" -gt "$c1" ]
ok $? "comment prints the new comment's id"
i1=$(out check "$id" "Write notes")
i2=$(out check "$id" "Tag the release")
[ "$i1" -gt 0 ] && [ "$i2" -gt "$i1" ]
ok $? "check prints the new item's id"
status_is 0 check --toggle "$id" "$i1" && grep -qx "\[x\] Write notes" "$T_HOME/out"
ok $? "check --toggle ticks the item and prints it"
status_is 0 check --toggle "$id" "$i2" && status_is 0 check --toggle "$id" "$i2" &&
	grep -qx "\[ \] Tag the release" "$T_HOME/out"
ok $? "a second --toggle unticks it"

python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE cards SET priority = ?, due_on = ?, labels = ?, description = ? WHERE id = ?",
           ("high", "2030-01-15", "release, ops", "Ship it.\n\nThen rest.", int(sys.argv[2])))
db.execute("INSERT INTO time_entries(card_id, started_at, seconds, note, created_at) "
           "VALUES (?, 1000, 1800, ?, 2000), (?, NULL, 600, NULL, 3000)",
           (int(sys.argv[2]), "planning", int(sys.argv[2])))
db.commit()
' "$DB" "$id"

status_is 0 show "$id" --json && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
cid, c1, c2, i1, i2 = (int(x) for x in sys.argv[2:7])
assert d["id"] == cid and d["title"] == "Release 1.0", d
assert d["board"] == "Welcome" and d["column"] == "Doing" and d["position"] == 0, d
assert d["priority"] == "high" and d["due_on"] == "2030-01-15" and d["start_on"] is None, d
assert d["labels"] == ["release", "ops"] and d["assignees"] == [], d
assert d["description"] == "Ship it.\n\nThen rest.", d
assert d["completed"] is False and d["created_at"] > 1600000000 <= d["updated_at"], d
assert d["checklist_done"] == 1 and d["checklist_total"] == 2, d
assert [(c["id"], c["text"], c["done"]) for c in d["checklist"]] == [
    (i1, "Write notes", True), (i2, "Tag the release", False)], d["checklist"]
cm = d["comments"]
assert [(c["id"], c["author"], c["body"]) for c in cm] == [
    (c1, "alice", "First look"), (c2, "me", "Two\nlines")], cm
assert all(c["mine"] is True and c["system"] is False and c["created_at"] > 0 for c in cm), cm
assert d["tracked_seconds"] == 2400, d
te = d["time_entries"]
assert [(t["seconds"], t["started_at"], t["note"], t["created_at"]) for t in te] == [
    (600, None, None, 3000), (1800, 1000, "planning", 2000)], te
assert all(t["id"] > 0 for t in te)
' "$T_HOME/out" "$id" "$c1" "$c2" "$i1" "$i2"
ok $? "show --json has the fields, comments, checklist and time entries"

status_is 0 show "$other" --json && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["comments"] == [] and d["checklist"] == [] and d["time_entries"] == [], d
assert d["tracked_seconds"] == 0 and d["priority"] is None and d["description"] is None, d
' "$T_HOME/out"
ok $? "show --json of a bare card has empty lists and nulls"

status_is 0 show "$id"
ok $? "show prints the card"
grep -q "^#$id Release 1.0$" "$T_HOME/out" &&
	grep -q "^Column     Doing, position 0$" "$T_HOME/out" &&
	grep -q "^Priority   high$" "$T_HOME/out" &&
	grep -q "^Due        2030-01-15$" "$T_HOME/out" &&
	grep -q "^Labels     release, ops$" "$T_HOME/out" &&
	grep -q "^Tracked    0:40:00 in 2 entries$" "$T_HOME/out" &&
	grep -q "^Checklist  1/2 done$" "$T_HOME/out"
ok $? "show lists the fields"
grep -q "^  Then rest\.$" "$T_HOME/out" && grep -q "^  \[x\] $i1  Write notes$" "$T_HOME/out" &&
	grep -q "^    Two$" "$T_HOME/out" && grep -q "^    lines$" "$T_HOME/out" &&
	grep -Eq "^  $c1  alice  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$" "$T_HOME/out" &&
	grep -q "0:30:00  1970-01-01 00:16  planning" "$T_HOME/out"
ok $? "show prints the description, checklist, comments and time entries"

# stored text cannot reach the terminal raw
out comment "$id" "$(printf 'evil \033]52;c;aGk=\007 text')" >/dev/null
status_is 0 show "$id" && ! grep -q "$(printf '\033')" "$T_HOME/out"
ok $? "show sanitizes stored text"

status_is 1 show 9999 && err_has "no card with id 9999"
ok $? "show of an unknown card: message and status 1"
status_is 1 comment 9999 "hi" && err_has "no card with id 9999"
ok $? "comment on an unknown card: status 1"
status_is 1 check 9999 "x" && err_has "no card with id 9999"
ok $? "check on an unknown card: status 1"
status_is 1 check --toggle "$id" 9999 && err_has "card $id has no checklist item 9999"
ok $? "toggling an unknown item: status 1"
status_is 1 check --toggle "$other" "$i1" && err_has "card $other has no checklist item $i1"
ok $? "toggling another card's item: status 1"
status_is 1 check --toggle "$id" abc && err_has "not a checklist item id"
ok $? "an item id that is not a number: status 1"
status_is 1 comment "$id" "   " && err_has "a comment needs some text"
ok $? "a blank comment is refused: status 1"

status_is 2 show && err_has "usage: lanes show"
ok $? "show without a card: status 2"
status_is 2 comment "$id" && err_has "usage: lanes comment"
ok $? "comment without text: status 2"
status_is 2 check "$id"
ok $? "check without text: status 2"
status_is 2 show "$id" --toggle
ok $? "an option show does not take: status 2"
status_is 2 comment "$id" hi --json
ok $? "comment takes no --json: status 2"
"$LANES" --help | grep -q "lanes show CARD" && "$LANES" --help | grep -q "lanes check \[--toggle\]" &&
	"$LANES" --help | grep -q -- "--toggle"
ok $? "--help lists show, comment and check"
finish
