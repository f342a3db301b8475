#!/bin/sh
# The timer: t starts and stops it on the selected card, the status line
# counts, it outlives a quit and a kill -9, T lists and edits the card's
# time entries, and the timer and log commands drive the same store.
. "$top_srcdir/tests/screen/lib.sh"

# The running clock at the right of the status line, in seconds.
clock() {
	screen | tail -n 1 | grep -o '[0-9]*:[0-9][0-9]:[0-9][0-9]' | tail -n 1 |
		awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'
}

# Frames drawn so far (LANES_BENCH_LOG logs each), to see what wakes lanes.
export LANES_BENCH_LOG="$T_HOME/frames.log"
frames() { grep -c '^frame' "$LANES_BENCH_LOG"; }
# idle_frames SECS: the frames drawn in SECS seconds without a key
idle_frames() { local f0; f0=$(frames); sleep "$1"; echo $(($(frames) - f0)); }

start
expect_not "⏱" "no timer runs at first"
[ "$(idle_frames 2)" = 0 ]
ok $? "with no timer, an idle lanes draws nothing"
keys t
wait_for "timer started"
ok $? "t starts the timer"
screen | tail -n 1 | grep -q "⏱ Press ? for help 0:00:0"
ok $? "the status line shows the card and its clock"
line_of "Press ? for help" | grep -q "⏱"
ok $? "the board marks the timing card"
a=$(clock); n=$(idle_frames 3); b=$(clock)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ]
ok $? "the clock counts by itself ($a s, then $b s)"
[ "$n" -ge 2 ] && [ "$n" -le 4 ]
ok $? "a running timer redraws about once a second ($n frames in 3 s)"

"$LANES" timer status | grep -q "Press ? for help"
ok $? "lanes timer status sees it while the board is open"
"$LANES" log 2 5m "meanwhile" >/dev/null 2>&1
ok $? "lanes log works while the board is open (exit 0), the timer left running"

# still_running HOW: start lanes again after HOW ended it; the timer runs
# and its clock goes on from $was (then updated).
still_running() {
	local now
	start
	wait_for "⏱ Press ? for help"
	ok $? "after $1 the timer still runs"
	now=$(clock)
	[ -n "$now" ] && [ "$now" -ge "$was" ]
	ok $? "and counts on from where it was ($was s, then $now s)"
	was=$now
}

was=$b
keys q
wait_for "[exited 0]"
ok $? "q quits with the timer running"
still_running "a quit"

pid=$(lanes_pid)
[ -n "$pid" ] && kill -9 "$pid"
wait_for "[exited 137]"
ok $? "kill -9 ends lanes at once"
still_running "kill -9"

keys j t
wait_for "timer moved here"
ok $? "t on another card moves the timer, logging the first card's time"
screen | tail -n 1 | grep -q "⏱ Enter opens a card"
ok $? "the status line follows the new card"
keys t
wait_for "timer stopped"
ok $? "t on the timing card stops it"
[ "$(idle_frames 2)" = 0 ]
ok $? "and its tick is gone: nothing is drawn while idle"
screen | tail -n 1 | grep -q "⏱"
[ $? = 1 ]
ok $? "the status line no longer shows a clock"
expect_not "⏱" "and the board no longer marks a card"

keys k T
expect "Time on Press ? for help" "T opens the card's time entries"
expect "in 1 entry" "the stopped timer wrote one entry"
keys t
wait_for "running 0:00:0"
ok $? "t inside the pane starts the timer, shown live there"
keys t q

keys j j T
expect "Total 0:00:00 in 0 entries" "a card without time has none"
keys a
expect "Duration (1h30m, 45m, 2:15):" "a asks for a duration"
type_text "1h30m"; keys Enter
expect "Note (optional):" "then for a note"
type_text "planning"; keys Enter
expect "Total 1:30:00 in 1 entry" "a manual 1h30m entry makes the total 1:30:00"
expect "1:30:00  planning" "the entry shows its duration and note"
keys a; type_text "abc"; keys Enter
expect 'bad duration "abc"' "a bad duration is refused with a clear message"
expect "Total 1:30:00 in 1 entry" "and logs nothing"
expect "Duration (1h30m, 45m, 2:15): abc" "the prompt stays open with the text"
keys Escape
keys e C-u; type_text "2:15"; keys Enter
expect "Total 2:15:00 in 1 entry" "e changes the selected entry's duration"
expect "2:15:00  planning" "and keeps its note"
keys D
expect "(y/n)" "D asks before deleting"
keys y
expect "Total 0:00:00 in 0 entries" "y deletes the entry"
keys u
expect "Total 2:15:00 in 1 entry" "u brings it back"
keys q q
wait_for "[exited 0]"

"$LANES" timer status | grep -qx "no timer running"
ok $? "lanes timer status: no timer running"
"$LANES" timer status --json | grep -q '"running":[[:space:]]*false'
ok $? "lanes timer status --json says running false"
"$LANES" timer start 2 | grep -q "started the timer on card 2"
ok $? "lanes timer start CARD"
"$LANES" timer status --json | grep -q '"card":[[:space:]]*2'
ok $? "lanes timer status --json names the card"
"$LANES" timer start 3 | grep -q "stopped the timer on card 2"
ok $? "starting another card's timer stops and reports the first"
"$LANES" timer stop | grep -q "stopped the timer on card 3"
ok $? "lanes timer stop"
"$LANES" log 1 45m "review" | grep -qx "[0-9]*"
ok $? "lanes log CARD DURATION NOTE prints the entry's id"
err=$("$LANES" log 1 soon 2>&1)
[ $? = 1 ] && echo "$err" | grep -q 'bad duration "soon"'
ok $? "lanes log with a bad duration exits 1 with a clear message"
"$LANES" log 999 1h >/dev/null 2>&1
[ $? = 1 ]
ok $? "lanes log on an unknown card exits 1"
"$LANES" timer frobnicate >/dev/null 2>&1
[ $? = 2 ]
ok $? "an unknown timer command is a usage error"

"$LANES" timer start 4 >/dev/null
W=40 H=12 start
screen | tail -n 1 | grep -q "⏱ .*0:00:0.* ? help"
ok $? "on a 40-column screen the status line keeps the clock and the help hint"
keys q

finish
