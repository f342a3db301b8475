#!/bin/sh
# Stellary benchmark against its fake (tests/fakes/stellary.py): a project
# of 10,000 cards, refreshed first (every row new) and again (nothing
# changed): client CPU, peak RSS, wall time, and the requests each refresh
# costs (Stellary has no change feed: a quiet board's refresh is its whole
# board: columns, cards and labels, unpaged; the members that name the
# assignees are asked for only the first time).
# Usage: stellary-bench.sh LANES [CARDS]
# Prints figures; never fails on them.
set -u
LANES=$1
N=${2:-10000}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON3:-python3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lanes-stellary-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
export STELLARY_TOKEN=tok TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
export HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
unset LANES_TRACE

"$PY" "$SRC/tests/fakes/stellary.py" --port 0 --token tok --cards "$N" > "$dir/port" 2>/dev/null &
fake_pid=$!
port=
for i in $(seq 200); do
	port=$(awk '/^PORT/{print $2}' "$dir/port" 2>/dev/null)
	[ -n "$port" ] && break
	sleep 0.05
done
mkdir -p "$XDG_CONFIG_HOME/lanes"
printf 'account s service=stellary url=http://127.0.0.1:%s token-env=STELLARY_TOKEN\n' "$port" \
	> "$XDG_CONFIG_HOME/lanes/config"

# "user sys maxrss_kb wall" of a command
measure() {
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time" "$@" > /dev/null 2>&1
	cat "$dir/time"
}
requests() {
	"$PY" -c "import json, sys, urllib.request
log = json.load(urllib.request.urlopen('http://127.0.0.1:$port/_log'))
print(sum(1 for r in log if not r['path'].startswith('/_')))"
}
clear_log() {
	"$PY" -c "import urllib.request
urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:$port/_control',
    data=b'{\"clear_log\": true}', method='POST', headers={'Content-Type': 'application/json'}))"
}

echo "stellary-bench: $("$LANES" --version), $N cards"
clear_log
set -- $(measure "$LANES" cards --account s --board Roadmap)
echo "refresh $N cards, first:  cpu $(echo "$1 $2" | awk '{print $1 + $2}') s," \
	"peak rss $(($3 / 1024)) MiB, wall $4 s, $(requests) requests (picker walk included)"
clear_log
set -- $(measure "$LANES" sync --account s)
echo "refresh $N cards, again:  cpu $(echo "$1 $2" | awk '{print $1 + $2}') s," \
	"peak rss $(($3 / 1024)) MiB, wall $4 s, $(requests) requests per quiet period"
n=$("$LANES" cards --account s --board Roadmap --offline | wc -l)
echo "  (cards on the board afterwards: $n)"
