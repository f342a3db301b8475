#!/bin/sh
# Board benchmark: a 10,000-card (or CARDS) local board in a 200x50 tmux pane.
# Measures exec -> first complete frame, peak RSS, and key (L/H) -> frame.
# With "account" after CARDS, an Asana account is configured: the local
# board should open as fast as without one.
# Usage: board-bench.sh LANES GEN_BOARD [RUNS] [CARDS] [account]
set -u
LANES=$1
GEN=$2
RUNS=${3:-7}
CARDS=${4:-10000}
ACCOUNT=${5:-}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lanes-bench.XXXXXX")
sock="lanes-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
export HOME="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
mkdir -p "$XDG_DATA_HOME/lanes"
"$GEN" "$XDG_DATA_HOME/lanes/lanes.db" "$CARDS" >/dev/null || exit 1
mkdir -p "$XDG_CONFIG_HOME/lanes"
[ "$ACCOUNT" = account ] &&
	echo "account work service=asana token-env=ASANA_TOKEN" > "$XDG_CONFIG_HOME/lanes/config"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for run in $(seq "$RUNS"); do
	log="$dir/log.$run"
	: > "$log"
	tmux -L "$sock" -f /dev/null kill-server 2>/dev/null
	tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 50 \
		"env HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME TERM=xterm-256color LANG=C.UTF-8 ASANA_TOKEN=0/bench LANES_BENCH_LOG=$log sh -c 'echo \$\$ > $dir/pid; echo start \$(( \$(date +%s%N) / 1000 )) >> $log; exec $LANES'"
	for i in $(seq 100); do grep -q '^frame' "$log" && break; sleep 0.05; done
	sleep 0.3
	pid=$(cat "$dir/pid")
	for k in L H L H L H L H L H; do
		tmux -L "$sock" send-keys "$k"
		sleep 0.15
	done
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null)
	tmux -L "$sock" send-keys q
	sleep 0.3
	awk -v hwm="${hwm:-0}" '
		/^start/ {start = $2}
		/^frame/ && !first {first = $2}
		/^key/ {key = $2}
		/^frame/ && key {print "key", $2 - key; key = 0}
		END {print "first", first - start; print "rss", hwm}' "$log" >> "$dir/results"
done
first=$(awk '$1 == "first" {print $2 / 1000}' "$dir/results" | median)
rss=$(awk '$1 == "rss" {print $2 / 1024}' "$dir/results" | median)
key=$(awk '$1 == "key" {print $2 / 1000}' "$dir/results" | median)
keymax=$(awk '$1 == "key" {print $2 / 1000}' "$dir/results" | sort -n | tail -n 1)
echo "board bench: $CARDS cards, 200x50, $RUNS runs (medians)${ACCOUNT:+, an Asana account configured}"
printf '  exec -> first frame   %8.2f ms   (target <= 25 ms)\n' "$first"
printf '  peak RSS              %8.2f MB   (target <= 10 MB)\n' "$rss"
printf '  L/H key -> frame      %8.2f ms   (max %.2f ms; target <= 2 ms)\n' "$key" "$keymax"
