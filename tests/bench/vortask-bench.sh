#!/bin/sh
# Vortask benchmark against its fake (tests/fakes/vortask.py): a project
# of 10,000 tasks, refreshed first (every row new) and again (nothing
# changed), then 200 comments queued offline and drained over MCP with
# `lanes sync`: client CPU, peak RSS, wall time, and the requests each
# costs (Vortask has no change feed: a quiet refresh is the project and
# its whole task list; comments go one add_comment tools/call each, after
# the MCP session is started).
# Usage: vortask-bench.sh LANES [TASKS [COMMENTS]]
# Prints figures; never fails on them.
set -u
LANES=$1
N=${2:-10000}
C=${3:-200}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON3:-python3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lanes-vortask-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
export VORTASK_TOKEN=vt_test TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
export HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
unset LANES_TRACE

"$PY" "$SRC/tests/fakes/vortask.py" --port 0 --tasks "$N" > "$dir/port" 2>/dev/null &
fake_pid=$!
port=
for i in $(seq 200); do
	port=$(awk '/^PORT/{print $2}' "$dir/port" 2>/dev/null)
	[ -n "$port" ] && break
	sleep 0.05
done
mkdir -p "$XDG_CONFIG_HOME/lanes"
printf 'account v service=vortask url=http://127.0.0.1:%s/api mcp-url=http://127.0.0.1:%s/mcp token-env=VORTASK_TOKEN\n' \
	"$port" "$port" > "$XDG_CONFIG_HOME/lanes/config"

# "user sys maxrss_kb wall" of a command
measure() {
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time" "$@" > /dev/null 2>&1
	cat "$dir/time"
}
# "N requests (R REST, M MCP: K tool calls)" since the log was cleared
requests() {
	"$PY" -c "import json, urllib.request
log = [r for r in json.load(urllib.request.urlopen('http://127.0.0.1:$port/_log'))
	if not r['path'].startswith('/_')]
mcp = [r for r in log if r['path'].startswith('/mcp')]
tools = {}
for r in mcp:
	if r.get('tool'):
		tools[r['tool']] = tools.get(r['tool'], 0) + 1
print('%d requests (%d REST, %d MCP%s)' % (len(log), len(log) - len(mcp), len(mcp),
	''.join(', %d %s' % (n, t) for t, n in sorted(tools.items()))))"
}
clear_log() {
	"$PY" -c "import urllib.request
urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:$port/_control',
    data=b'{\"clear_log\": true}', method='POST', headers={'Content-Type': 'application/json'}))"
}
report() { # WHAT user sys maxrss wall
	echo "$1: cpu $(echo "$2 $3" | awk '{print $1 + $2}') s, peak rss $(($4 / 1024)) MiB," \
		"wall $5 s, $(requests)"
}

echo "vortask-bench: $("$LANES" --version), $N tasks, $C comments"
clear_log
report "refresh $N tasks, first" $(measure "$LANES" cards --account v --board Launch)
clear_log
report "refresh $N tasks, again" $(measure "$LANES" sync --account v)
n=$("$LANES" cards --account v --board Launch --offline | wc -l)
echo "  (cards on the board afterwards: $n)"

# C comments, spread over the first C/4 cards, queued without a network
"$LANES" cards --account v --board Launch --offline | awk -v n="$C" \
	'{ for (j = 1; j <= 4 && k < n; j++) print $1, k++ }' > "$dir/plan"
while read -r id k; do
	"$LANES" comment --offline "$id" "bench comment $k" > /dev/null 2>&1 || break
done < "$dir/plan"
clear_log
report "send $C comments" $(measure "$LANES" sync --account v)
"$PY" -c "import json, urllib.request
s = json.load(urllib.request.urlopen('http://127.0.0.1:$port/_state'))
print('  (comments at the service afterwards: %d of $C)' %
	sum(1 for c in s['comments'] if c['content'].startswith('bench comment ')))"
clear_log
report "  and a quiet sync after" $(measure "$LANES" sync --account v)
