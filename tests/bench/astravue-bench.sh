#!/bin/sh
# Astravue benchmark against its fake (tests/fakes/astravue.py): a project
# of 10,000 tasks, refreshed first (every row new) and again (nothing
# changed), then 200 edits queued offline (moves over REST, comments and
# checklist items over MCP, time entries over REST, in turn) and drained
# against the service's real rate limit, 100 requests a minute, REST and
# MCP together: client CPU, peak RSS, wall time and the requests each
# costs; for the drain (on a small project of its own: the 10,000 tasks'
# refresh alone is over 100 requests), its wall time against the limit's
# own bound, ceil(requests / 100) minutes, and the 429s it met. Two
# drains: `lanes sync` run again, 5 s apart, until it exits 0 (at most 40
# runs), as a user or a cron job would; and one lanes left running (the
# board open, in tmux), which paces itself at 95 a minute. `lanes sync`
# gives up once what it waits for is over 30 s away, and a new run does not
# know what the run before sent, so the first meets 429s and the second
# should not.
# Usage: astravue-bench.sh LANES [TASKS [EDITS]]
# Prints figures; never fails on them.
set -u
LANES=$1
N=${2:-10000}
C=${3:-200}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON3:-python3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lanes-astravue-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
export AV_SECRET=s3cret TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANES_TRACE

# setup TASKS: a fake of TASKS more tasks, lanes signed in to it, in a
# fresh home (the fake before stopped)
homes=0
setup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	homes=$((homes + 1))
	export HOME="$dir/$homes" XDG_CONFIG_HOME="$dir/$homes/config" XDG_DATA_HOME="$dir/$homes/data"
	export XDG_STATE_HOME="$dir/$homes/state" XDG_CACHE_HOME="$dir/$homes/cache"
	mkdir -p "$XDG_CONFIG_HOME/lanes"
	"$PY" "$SRC/tests/fakes/astravue.py" --port 0 --tasks "$1" > "$HOME/port" 2>/dev/null &
	fake_pid=$!
	port=
	for i in $(seq 200); do
		port=$(awk '/^PORT/{print $2}' "$HOME/port" 2>/dev/null)
		[ -n "$port" ] && break
		sleep 0.05
	done
	base="http://127.0.0.1:$port"
	printf 'account av service=astravue org=1 client-id=lanes-test client-secret-env=AV_SECRET url=%s/v1 auth-url=%s/auth/realms/astravue/protocol/openid-connect mcp-url=%s/mcp\n' \
		"$base" "$base" "$base" > "$XDG_CONFIG_HOME/lanes/config"

	# The sign-in, as a user does it: lanes prints the address, the fake
	# approves at once and sends the browser (curl) back to lanes.
	"$LANES" login av > "$HOME/login" 2>/dev/null &
	pid=$!
	url=
	for i in $(seq 100); do
		url=$(grep -m1 '^http' "$HOME/login" 2>/dev/null)
		[ -n "$url" ] && break
		sleep 0.05
	done
	curl -s -L "$url" > /dev/null
	wait "$pid" || echo "astravue-bench: the sign-in failed"
}

ctl() {
	"$PY" -c "import sys, urllib.request
urllib.request.urlopen(urllib.request.Request('$base/_control', data=sys.argv[1].encode(),
    method='POST', headers={'Content-Type': 'application/json'}))" "$1"
}
# the drain's figures: its requests against the limit, what arrived
figures() {
"$PY" -c "import json, math, urllib.request
log = [r for r in json.load(urllib.request.urlopen('$base/_log')) if not r['path'].startswith('/_')]
counted = [r for r in log if r['status'] != 429 and not r.get('oauth')]
n = len(counted)
span = (log[-1]['t'] - log[0]['t']) / 1000.0 if log else 0
bound = 60 * math.ceil(n / 100.0)
ts = sorted(r['t'] for r in counted)
worst = j = 0
for i in range(len(ts)):
	while ts[i] - ts[j] >= 60000:
		j += 1
	worst = max(worst, i - j + 1)
print('  the limit\'s bound: ceil(%d / 100) min = %d s (a rolling minute lets them through in %d s at best);'
	' first to last request %.1f s (%.2f x the bound); the busiest rolling minute held %d requests' %
	(n, bound, bound - 60, span, span / bound if n else 0, worst))
s = json.load(urllib.request.urlopen('$base/_state'))
print('  (at the service afterwards: %d comments, %d checklist items, %d time entries of the bench, %d tasks in Review)' % (
	sum(1 for c in s['comments'] if c['comment'].startswith('bench comment ')),
	sum(1 for c in s['checklists'] if c['title'].startswith('bench item ')),
	sum(1 for t in s['timers'] if t['duration'] == 900000),
	sum(1 for t in s['tasks'] if t['projectId'] == 10 and t['statusId'] == 103)))"
}
# "user sys maxrss_kb wall" of a command
measure() {
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time" "$@" > /dev/null 2>&1
	tail -1 "$dir/time"
}
# "N requests (R REST, M MCP, T token: K tool calls), Z 429" since the log was cleared
requests() {
	"$PY" -c "import json, urllib.request
log = [r for r in json.load(urllib.request.urlopen('$base/_log'))
	if not r['path'].startswith('/_')]
mcp = [r for r in log if r['path'].startswith('/mcp')]
tok = [r for r in log if r.get('oauth')]
tools = {}
for r in mcp:
	if r.get('tool'):
		tools[r['tool']] = tools.get(r['tool'], 0) + 1
print('%d requests (%d REST, %d MCP, %d token%s), %d answered 429' % (len(log),
	len(log) - len(mcp) - len(tok), len(mcp), len(tok),
	''.join(', %d %s' % (n, t) for t, n in sorted(tools.items())),
	sum(1 for r in log if r['status'] == 429)))"
}
report() { # WHAT user sys maxrss wall
	echo "$1: cpu $(echo "$2 $3" | awk '{print $1 + $2}') s, peak rss $(($4 / 1024)) MiB," \
		"wall $5 s, $(requests)"
}

echo "astravue-bench: $("$LANES" --version), $N tasks, $C edits"
setup "$N"
# the refreshes are not what the limit is about
ctl '{"rate_limit": 1000000, "clear_log": true}'
report "refresh $N tasks, first" $(measure "$LANES" cards --account av --board Launch)
ctl '{"clear_log": true}'
report "refresh $N tasks, again" $(measure "$LANES" sync --account av)
n=$("$LANES" cards --account av --board Launch --offline | wc -l)
echo "  (cards on the board afterwards: $n)"

# The drain: in a project of its own, small (the 10,000 tasks' refresh
# alone is over 100 requests), C edits on the first C/4 cards, queued
# without a network: a move to Review, a comment, a checklist item, a time
# entry each; then sent at the service's real limit, nothing counted yet.
queue_edits() {
	setup 60
	"$LANES" cards --account av --board Launch > /dev/null 2>&1
	"$LANES" cards --account av --board Launch --offline | awk -v n="$C" \
		'{ for (j = 0; j < 4 && k < n; j++) print $1, j, k++ }' > "$dir/plan"
	while read -r id j k; do
		case $j in
		0) "$LANES" move --offline "$id" Review ;;
		1) "$LANES" comment --offline "$id" "bench comment $k" ;;
		2) "$LANES" check --offline "$id" "bench item $k" ;;
		*) "$LANES" log --offline "$id" 15m "bench $k" ;;
		esac > /dev/null 2>&1 || break
	done < "$dir/plan"
	echo "  ($(wc -l < "$dir/plan") edits queued on a project of $(wc -l < "$dir/plan" | awk '{print int(($1 + 3) / 4)}')+ cards)"
}
queue_edits
ctl '{"rate_limit": 100, "reset_rate": true, "clear_log": true}'
runs=0 rcs= start=$(date +%s.%N) rc=3
while [ "$rc" = 3 ] && [ "$runs" -lt 40 ]; do
	[ "$runs" = 0 ] || sleep 5
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time$runs" "$LANES" sync --account av \
		> /dev/null 2>&1
	rc=$?
	runs=$((runs + 1)) rcs="$rcs $rc"
done
wall=$(echo "$(date +%s.%N) $start" | awk '{printf "%.1f", $1 - $2}')
echo "drain $C edits at 100 requests a minute: $runs lanes sync runs, 5 s apart (exits:$rcs), wall $wall s"
i=0 each=
while [ "$i" -lt "$runs" ]; do
	each="$each${each:+, }$(tail -1 "$dir/time$i" | awk '{print $4}') s"
	i=$((i + 1))
done
echo "  each run: $each; first run: cpu $(tail -1 "$dir/time0" | awk '{print $1 + $2}') s, peak rss $(($(tail -1 "$dir/time0" | awk '{print $3}') / 1024)) MiB"
echo "  $(requests)"
figures
ctl '{"clear_log": true}'
report "  and a quiet sync after" $(measure "$LANES" sync --account av)

# The same drain by one lanes left running (the board open in a terminal,
# tmux here): nothing but its own pace between the edits and the limit.
if command -v tmux > /dev/null 2>&1; then
	queue_edits
	ctl '{"rate_limit": 100, "reset_rate": true, "clear_log": true}'
	start=$(date +%s.%N)
	tmux -L "lanes-av-bench-$$" -f /dev/null new-session -d -x 120 -y 40 \
		"env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' \
		XDG_STATE_HOME='$XDG_STATE_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME' TERM=xterm-256color \
		AV_SECRET=s3cret '$LANES' --account av --board Launch"
	left=$C
	for i in $(seq 300); do
		# (the store is lanes' own while it runs: the service is asked)
		left=$("$PY" -c "import json, urllib.request
s = json.load(urllib.request.urlopen('$base/_state'))
print(max(0, $C - sum(1 for c in s['comments'] if c['comment'].startswith('bench comment '))
	- sum(1 for c in s['checklists'] if c['title'].startswith('bench item '))
	- sum(1 for t in s['timers'] if t['duration'] == 900000)
	- sum(1 for t in s['tasks'] if t['projectId'] == 10 and t['statusId'] == 103)))")
		[ "$left" = 0 ] && break
		sleep 1
	done
	wall=$(echo "$(date +%s.%N) $start" | awk '{printf "%.1f", $1 - $2}')
	tmux -L "lanes-av-bench-$$" kill-server 2> /dev/null
	echo "drain $C edits at 100 requests a minute by lanes left running: $left left after $wall s"
	echo "  $(requests)"
	figures
fi
