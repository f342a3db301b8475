#!/bin/sh
# Sync benchmarks against the fake Asana (tests/fakes/asana.py):
#   1. refresh of a 10,000-task project (4 sections of 25 pages): client CPU
#      time, peak RSS and wall time, first (every row new) and again
#      (the whole board again, its sync point forgotten);
#   2. 1,000 queued edits (moves of 200 cards) drained with no rate limit:
#      edits per second, from the first write to the last in the trace;
#   3. idle lanes with a board open: wake-ups per minute (context switches
#      of the process), with the default 60 s refresh and with refresh off;
#   4. the 10,000-task board open with a 5 s refresh and a quiet service:
#      requests and client CPU per minute, with change checks (events) and
#      with a service that refuses them (every refresh fetches every page);
#   5. the 10,000-task board unchanged since its last fetch, each request
#      150 ms late: requests and wall time of `lanes sync` and of opening it
#      in a new lanes, with its sync point kept and without one (a full
#      fetch, as before the point was kept; LANES_BEFORE=BINARY measures an
#      older lanes too);
#   6. 1,000 queued edits against a fake that allows 150 requests in any
#      10 s (Asana's minute, scaled down; lanes keeps to its 142 in 10 s
#      through LANES_RATE_WINDOW_MS): requests, 429s and edits per window.
#   7. first open of a project of three sections of 3,334 tasks with 150 ms
#      added to each request: time to the first screenful and to the whole
#      board, requests, and a full refresh's client CPU and peak RSS.
# Usage: sync-bench.sh LANES [IDLE_SECONDS]
# Prints figures; never fails on them.
set -u
LANES=$1
IDLE=${2:-60}
BEFORE=${LANES_BEFORE:-}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON3:-python3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lanes-sync-bench.XXXXXX")
sock="lanes-sync-bench-$$"
fake_pid=
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
export ASANA_TOKEN=test-token TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANES_TRACE

# A seed like the fake's own, with a project of `tasks` tasks in 4 sections
# (or SECTIONS).
make_seed() { # FILE TASKS [SECTIONS]
	"$PY" - "$SRC/tests/fakes" "$1" "$2" "${3:-4}" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import asana
s = asana.default_seed()
n = int(sys.argv[3])
t0 = '2026-01-05T09:00:00.000Z'
secs = ['3%03d' % i for i in range(int(sys.argv[4]))]
s['projects']['1300'] = dict(s['projects']['1200'], gid='1300', name='Bench', sections=secs)
for k, g in enumerate(secs):
	s['sections'][g] = {'gid': g, 'name': 'Column %d' % k, 'project': '1300',
		'created_at': t0, 'tasks': []}
for i in range(n):
	g = str(100000 + i)
	s['tasks'][g] = dict(s['tasks']['1402'], gid=g, name='Task %d' % i, projects=['1300'],
		notes='Notes of task %d' % i, subtasks=[])
	s['sections'][secs[i % len(secs)]]['tasks'].append(g)
s['next_gid'] = 200000 + n
json.dump(s, open(sys.argv[2], 'w'))
PY
}

fake_start() { # SEED [FAKE ARGS...]
	local seed=$1
	shift
	rm -f "$dir/port"
	port=
	"$PY" "$SRC/tests/fakes/asana.py" --port 0 --seed "$seed" "$@" > "$dir/port" 2>/dev/null &
	fake_pid=$!
	for i in $(seq 200); do
		port=$(awk '/^PORT/{print $2}' "$dir/port" 2>/dev/null)
		[ -n "$port" ] && break
		sleep 0.05
	done
}

fake_stop() {
	kill "$fake_pid" 2>/dev/null
	wait "$fake_pid" 2>/dev/null
	fake_pid=
}

home() { # NAME
	export HOME="$dir/$1" XDG_CONFIG_HOME="$dir/$1/config" XDG_DATA_HOME="$dir/$1/data"
	mkdir -p "$XDG_CONFIG_HOME/lanes"
	printf 'account asana service=asana url=http://127.0.0.1:%s/api/1.0 token-env=ASANA_TOKEN\n' \
		"$port" > "$XDG_CONFIG_HOME/lanes/config"
}

# "user sys maxrss_kb wall" of a command
measure() {
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time" "$@" > /dev/null 2>&1
	tail -1 "$dir/time"     # after "Command exited with non-zero status N"
}

echo "sync-bench: $("$LANES" --version)"

# the next refresh of the board fetches it whole
forget_point() {
	sqlite3 "$XDG_DATA_HOME/lanes/lanes.db" "update boards set sync_point = null" 2>/dev/null
}

# 1. refresh of a 10,000-task project
make_seed "$dir/seed10k.json" 10000
fake_start "$dir/seed10k.json"
home big
set -- $(measure "$LANES" cards --account asana --board Bench)
echo "refresh 10000 tasks, first:  cpu $(echo "$1 $2" | awk '{print $1 + $2}') s," \
	"peak rss $(($3 / 1024)) MiB, wall $4 s"
forget_point
set -- $(measure "$LANES" sync --account asana)
echo "refresh 10000 tasks, again (whole):  cpu $(echo "$1 $2" | awk '{print $1 + $2}') s," \
	"peak rss $(($3 / 1024)) MiB, wall $4 s"
n=$("$LANES" cards --account asana --board Bench --offline | wc -l)
echo "  (cards on the board afterwards: $n)"
fake_stop

# 2. 1,000 queued edits drained
make_seed "$dir/seed200.json" 200
fake_start "$dir/seed200.json"
home drain
"$LANES" cards --account asana --board Bench > "$dir/cards"
ids=$(awk '{print $1}' "$dir/cards")
for round in 1 2 3 4 5; do
	col="Column $((round % 4))"
	for id in $ids; do
		"$LANES" move --offline "$id" "$col" 2>/dev/null
	done
done
queued=$(sqlite3 "$XDG_DATA_HOME/lanes/lanes.db" "select count(*) from outbox" 2>/dev/null ||
	echo "?")
cp -r "$XDG_DATA_HOME" "$dir/queued-data"      # again in 6, at a rate limit
export LANES_TRACE="$dir/drain.trace"
# a window of 1 ms: Asana's 142 requests a minute do not hold it back
set -- $(LANES_RATE_WINDOW_MS=1 measure "$LANES" sync --account asana)
unset LANES_TRACE
awk -v queued="$queued" '
	function ms(ts) { split(substr(ts, 12, 12), t, ":"); return (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }
	$2 != "GET" { n++; if (!first) first = ms($1); last = ms($1) }
	END {
		s = (last - first) / 1000
		printf "drain %s queued edits: %d writes in %.2f s = %.0f edits/s\n", queued, n, s,
		    (s > 0 ? n / s : 0)
	}' "$dir/drain.trace"
echo "  (lanes sync: cpu $(echo "$1 $2" | awk '{print $1 + $2}') s, wall $4 s, refresh included)"

# lanes ARGS in a 120x40 pane of the bench's tmux; it writes its pid to $dir/pid
open_board() {
	rm -f "$dir/pid"
	tmux -L "$sock" -f /dev/null kill-server 2>/dev/null
	tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
		"env HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME ASANA_TOKEN=$ASANA_TOKEN TERM=xterm-256color LANG=C.UTF-8 ${OPEN_TRACE:+LANES_TRACE=$OPEN_TRACE} sh -c 'echo \$\$ > $dir/pid; exec ${OPEN_BIN:-$LANES} $*'"
}

# 3. idle wake-ups with the board open
idle() { # LABEL
	open_board --account asana
	sleep 3
	pid=$(cat "$dir/pid" 2>/dev/null)
	[ -n "$pid" ] || { echo "idle ($1): lanes did not start"; return; }
	a=$(awk '/ctxt_switches/ {s += $2} END {print s}' "/proc/$pid/status")
	sleep "$IDLE"
	b=$(awk '/ctxt_switches/ {s += $2} END {print s}' "/proc/$pid/status")
	echo "idle with a board open ($1): $(( (b - a) * 60 / IDLE )) wake-ups per minute"
	tmux -L "$sock" kill-server 2>/dev/null
}
idle "set refresh = 60"
echo 'set refresh = 0' >> "$XDG_CONFIG_HOME/lanes/config"
idle "set refresh = 0"
fake_stop

# 4. background refresh of the open 10,000-task board
fake_http() { # METHOD PATH [BODY]
	"$PY" -c 'import sys, urllib.request
r = urllib.request.Request(sys.argv[2], data=sys.argv[3].encode() or None, method=sys.argv[1],
	headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(r, timeout=10).read().decode())' "$1" "http://127.0.0.1:$port$2" "${3:-}"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
background() { # LABEL [CONTROL]
	local a b r
	fake_start "$dir/seed10k.json"
	home big
	echo 'set refresh = 5' >> "$XDG_CONFIG_HOME/lanes/config"
	[ -n "${2:-}" ] && fake_http POST /_control "$2" > /dev/null
	open_board --account asana --board Bench
	sleep 12
	pid=$(cat "$dir/pid" 2>/dev/null)
	[ -n "$pid" ] || { echo "background ($1): lanes did not start"; fake_stop; return; }
	fake_http POST /_control '{"clear_log": true}' > /dev/null
	a=$(cpu_ticks "$pid")
	sleep "$IDLE"
	b=$(cpu_ticks "$pid")
	r=$(fake_http GET /_log | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))')
	echo "10000-task board open, refresh 5 s, quiet service ($1):" \
		"$((r * 60 / IDLE)) requests/min, cpu $(echo "$a $b $IDLE" |
		awk '{printf "%.2f", ($2 - $1) / 100 * 60 / $3}') s/min"
	tmux -L "$sock" kill-server 2>/dev/null
	fake_stop
}
background "change checks"
background "checks refused" \
	'{"fail_next": [{"status": 404, "message": "No matching route", "path": "/events"}]}'


# 5. the unchanged 10,000-task board, 150 ms a request
fake_log_count() { # requests since the log was cleared, and those that were 429
	fake_http GET /_log | "$PY" -c 'import json, sys
log = json.load(sys.stdin)
print(len(log), sum(1 for r in log if r["status"] == 429))'
}
# "N requests, S s": a new lanes on the board in tmux, from its start until
# the last of its requests was answered (once none came for 2 s)
open_unchanged() { # BINARY
	local t0 n=-1 m
	rm -f "$dir/open.trace"
	fake_http POST /_control '{"clear_log": true}' > /dev/null
	t0=$(date +%s.%N)
	OPEN_TRACE="$dir/open.trace" OPEN_BIN=$1
	open_board --account asana --board Bench
	OPEN_TRACE= OPEN_BIN=
	for i in $(seq 60); do
		sleep 2
		m=$(wc -l < "$dir/open.trace" 2>/dev/null || echo 0)
		[ "$m" -gt 0 ] && [ "$m" = "$n" ] && break
		n=$m
	done
	tmux -L "$sock" kill-server 2>/dev/null
	set -- $(fake_log_count)
	echo "$1 requests, $(awk -v t0="$t0" '{ split(substr($1, 12, 12), t, ":")
		last = t[1] * 3600 + t[2] * 60 + t[3] } END { split(t0, d, ".")
		printf "%.2f", last - (d[1] % 86400) - ("0." d[2]) }' "$dir/open.trace") s"
}
unchanged() { # LABEL BINARY
	local bin=$2 w
	"$bin" cards --account asana --board Bench > /dev/null 2>&1
	[ "$1" = "without a sync point" ] && forget_point
	fake_http POST /_control '{"clear_log": true}' > /dev/null
	w=$(measure "$bin" sync --account asana | awk '{print $4}')
	set -- "$1" $(fake_log_count)
	echo "unchanged 10000-task board, 150 ms a request, $1: lanes sync $2 requests, wall $w s"
	[ "$1" = "without a sync point" ] && forget_point
	echo "  opening it in a new lanes: $(open_unchanged "$bin")"
}
fake_start "$dir/seed10k.json" --latency-ms 150
home unchanged
unchanged "with its sync point" "$LANES"
unchanged "without a sync point" "$LANES"
if [ -n "$BEFORE" ]; then
	home before
	unchanged "before ($BEFORE)" "$BEFORE"
fi
fake_stop

# 6. 1,000 queued edits at Asana's limit, its minute scaled down to 10 s
fake_start "$dir/seed200.json" --rate-limit 150 --rate-window 10
home paced
rm -rf "$XDG_DATA_HOME"
cp -r "$dir/queued-data" "$XDG_DATA_HOME"
export LANES_TRACE="$dir/paced.trace"
set -- $(LANES_RATE_WINDOW_MS=10000 measure "$LANES" sync --account asana)
unset LANES_TRACE
w=$4
set -- $(fake_log_count)
awk -v queued="$queued" -v req="$1" -v r429="$2" -v wall="$w" '
	function ms(ts) { split(substr(ts, 12, 12), t, ":"); return (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }
	{ at[all++] = ms($1) }
	$2 != "GET" { n++; if (!first) first = ms($1); last = ms($1) }
	END {
		for (i = j = 0; i < all; i++) {         # the busiest rolling 10 s
			while (at[i] - at[j] >= 10000)
				j++
			if (i - j + 1 > busiest)
				busiest = i - j + 1
		}
		s = (last - first) / 1000
		printf "drain %s queued edits at 150 requests in any 10 s (Asana'"'"'s minute scaled" \
		    " down): %d requests, %d answered 429, at most %d in any 10 s; %d writes in %.1f s," \
		    " first to last = %.0f edits per 10 s (a minute at Asana'"'"'s real window);" \
		    " lanes sync wall %s s\n", queued, req, r429, busiest, n, s,
		    (s > 0 ? n / s * 10 : 0), wall
	}' "$dir/paced.trace"

# 7. first open of three sections of 3,334 tasks, 150 ms a request
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
make_seed "$dir/seed3.json" 10002 3
fake_start "$dir/seed3.json" --latency-ms 150
home sections
t0=$(date +%s.%N)
open_board --account asana --board Bench
first= whole=
for i in $(seq 1200); do
	pane=$(tmux -L "$sock" capture-pane -p 2>/dev/null)
	# the status says "synced" before the fetch begins, and again once it ends
	[ -z "$first" ] && printf '%s' "$pane" | grep -q "Task " && first=$(date +%s.%N)
	[ -n "$first" ] && printf '%s' "$pane" | grep -q "synced" && { whole=$(date +%s.%N); break; }
	sleep 0.05
done
r=$(fake_http GET /_log | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))')
echo "first open of 3 sections x 3334 tasks at 150 ms: first screenful" \
	"$(secs "$t0" "${first:-$t0}") s, whole board $(secs "$t0" "${whole:-$t0}") s" \
	"(0: never), $r requests"
tmux -L "$sock" kill-server 2>/dev/null
sleep 1         # lanes lets go of the account's sync lease as it exits
forget_point    # a full refresh, not the check that finds nothing changed
set -- $(measure "$LANES" sync --account asana)
echo "  full refresh at 150 ms: cpu $(echo "$1 $2" | awk '{print $1 + $2}') s," \
	"peak rss $(($3 / 1024)) MiB, wall $4 s"
fake_stop
