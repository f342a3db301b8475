#!/bin/sh
# The board's sync point (Asana's event sync token, kept in the store): a
# board nobody changed is not fetched again, in a new process either; a
# change made elsewhere (new, changed, moved and deleted tasks, renamed
# and new sections) is fetched; a token the service no longer takes (412)
# means a full fetch, and the token that came with the 412 is kept; edits
# queued offline still go out, and the board is right afterwards.
. "$top_srcdir/tests/screen/lib.sh"
. "$top_srcdir/tests/sync/fake.sh"
DB="$XDG_DATA_HOME/lanes/lanes.db"

# "N E F": requests since the log was cleared, of them /events, and full
# fetches (each reads the project's sections once)
counts() {
	fake_json /_log log "
paths = [r['path'] for r in log]
print(len(paths), sum(p == '/events' for p in paths),
	sum(p == '/projects/1200/sections' for p in paths))"
}
clear_log() { fake_ctl '{"clear_log": true}'; }
cards() { "$LANES" cards --account asana --board Launch > "$T_HOME/out" 2>"$T_HOME/err"; }
shows() { grep -q "$1" "$T_HOME/out"; }
point() { "$FAKE_PY" -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(\"select sync_point from boards where name = 'Launch'\").fetchone()[0])" "$DB"; }

fake_start
asana_config > "$XDG_CONFIG_HOME/lanes/config"
cards && shows "Book venue"
ok $? "a first fetch of the board"
p=$(point)
[ -n "$p" ] && [ "$p" != None ]
ok $? "keeps the board's sync point in the store ($p)"

clear_log
cards && shows "Book venue"
set -- $(counts)
[ "$1" -le 2 ] && [ "$2" = 1 ] && [ "$3" = 0 ]
ok $? "a new process on an unchanged board asks the events only ($1 requests, $3 fetches)"
clear_log
"$LANES" sync > "$T_HOME/out" 2>&1
rc=$?
set -- $(counts)
[ $rc = 0 ] && [ "$1" -le 2 ] && [ "$3" = 0 ]
ok $? "so does lanes sync ($1 requests)"

# a teammate changes everything a board shows, behind lanes' back
fake_put_state "
s['tasks']['1490'] = dict(s['tasks']['1402'], gid='1490', name='Teammate task')
s['sections']['1302']['tasks'].append('1490')
s['tasks']['1402']['name'] = 'Venue booked'
s['sections']['1301']['tasks'].remove('1403')
s['sections']['1303']['tasks'].insert(0, '1403')
s['sections']['1301']['tasks'].remove('1401')
del s['tasks']['1401']
s['sections']['1302']['name'] = 'In progress'
s['sections']['1390'] = dict(s['sections']['1303'], gid='1390', name='Review', tasks=['1404'])
s['sections']['1302']['tasks'].remove('1404')
s['projects']['1200']['sections'].insert(2, '1390')"
clear_log
cards
set -- $(counts)
[ "$3" = 1 ]
ok $? "a change made elsewhere is fetched ($3 fetch)"
shows "In progress.*Teammate task"
ok $? "a new task shows, in a renamed section"
shows "Venue booked" && ! shows "Book venue"
ok $? "a changed task shows its new name"
shows "Done.*Order swag"
ok $? "a moved task shows in its new section"
! shows "Write press release"
ok $? "a deleted task is gone"
shows "Review.*Design landing page"
ok $? "a new section shows, with its task"
clear_log
cards
set -- $(counts)
[ "$3" = 0 ] && shows "Venue booked"
ok $? "and the next look is cheap again ($1 requests)"

# a restarted service has forgotten the token: 412, a full fetch, and
# the 412's token kept
old=$(point)
fake_stop
fake_start
clear_log
cards && shows "Venue booked"
set -- $(counts)
[ "$3" = 1 ] && [ "$(fake_json /_log log "print(log[0]['status'])")" = 412 ]
ok $? "a refused token (412) falls back to a full fetch"
new=$(point)
[ -n "$new" ] && [ "$new" != "$old" ] && [ "$new" != None ]
ok $? "and keeps the token the 412 brought ($old -> $new)"
clear_log
cards
set -- $(counts)
[ "$1" -le 2 ] && [ "$3" = 0 ]
ok $? "which the next process uses ($1 requests)"

# edits queued offline go out on a cheap sync, and the board stays right
id=$("$LANES" cards --account asana --board Launch --offline | awk '/Venue booked/ {print $1}')
"$LANES" move --offline "$id" Done 2>/dev/null
"$LANES" comment --offline "$id" "Deposit paid" > /dev/null 2>&1
clear_log
"$LANES" sync > "$T_HOME/out" 2>&1
rc=$?
set -- $(counts)
[ $rc = 0 ] && [ "$3" -le 1 ]
ok $? "queued edits go out beside the check ($1 requests, $3 fetches)"
fake_py "
print('1402' in s['sections']['1303']['tasks'] and
	any(c['task'] == '1402' and c['text'] == 'Deposit paid' for c in s['stories'].values()))" |
	grep -q True
ok $? "the fake has both edits"
fake_put_state "s['tasks']['1403']['name'] = 'Swag ordered'"
cards
shows "Done.*Venue booked" && shows "Swag ordered" &&
	[ "$(grep -c 'Venue' "$T_HOME/out")" = 1 ]
ok $? "afterwards a change elsewhere shows beside the edits, each card once"

fake_oas_check
finish
