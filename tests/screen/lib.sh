# Screen-test helpers: drive the real lanes in tmux on a private socket and
# assert on what the pane shows. Source it from a test script, then:
#   start [ARGS...]        start lanes in a WxH pane (W, H default 120x40)
#   keys KEY...            tmux send-keys, then wait until the screen settles
#   screen                 print the pane as text (capture-pane -p)
#   expect TEXT [NAME]     TAP point: the screen contains TEXT (fixed string)
#   expect_not TEXT [NAME] TAP point: it does not
#   wait_for TEXT [SECS]   wait until the screen shows TEXT (0/1)
#   ok COND NAME / check NAME CMD...  TAP points for anything else
#   finish                 kill our tmux server, print the plan, exit
# Everything runs in a fresh HOME with XDG_*, TERM, TZ and LANG pinned.

set -u
: "${LANES:?LANES must name the lanes binary}"
T_N=0
T_FAILED=0
T_SOCK="lanes-test-$$"
T_HOME=$(mktemp -d "${TMPDIR:-/tmp}/lanes-test.XXXXXX")
W=${W:-120}
H=${H:-40}
export HOME="$T_HOME" XDG_CONFIG_HOME="$T_HOME/.config" XDG_DATA_HOME="$T_HOME/.local/share"
export XDG_STATE_HOME="$T_HOME/.local/state" XDG_CACHE_HOME="$T_HOME/.cache"
export TERM=xterm-256color TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR VISUAL EDITOR LANES_TRACE
mkdir -p "$XDG_CONFIG_HOME/lanes"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi

tm() { tmux -L "$T_SOCK" -f /dev/null "$@"; }

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$T_HOME"
}
trap cleanup EXIT

# The environment is passed explicitly: the tmux server does not inherit
# the test's exports into new panes reliably.
lanes_env() {
	printf 'env -i HOME=%q XDG_CONFIG_HOME=%q XDG_DATA_HOME=%q XDG_STATE_HOME=%q TERM=%q TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH=%q' \
		"$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$TERM" "$PATH"
	for v in NO_COLOR EDITOR VISUAL LANES_TRACE LANES_BENCH_LOG ASAN_OPTIONS UBSAN_OPTIONS $T_EXTRA_ENV; do
		if [ -n "${!v+x}" ]; then printf ' %s=%q' "$v" "${!v}"; fi
	done
}
T_EXTRA_ENV=${T_EXTRA_ENV:-}

# Kills our tmux server and waits until it has gone: a session started
# while the old server is still exiting fails ("server exited unexpectedly").
stop_server() {
	local pid i
	pid=$(tm display-message -p '#{pid}' 2>/dev/null)
	tm kill-server >/dev/null 2>&1
	[ -n "$pid" ] || return 0
	for i in $(seq 150); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.02
	done
}

# start [ARGS...]: a new session running lanes; when lanes exits the pane
# shows "[exited N]" so tests can assert on the status. The marker starts
# a line of its own: a lanes that was killed leaves the terminal without
# CR-on-newline, and the shell's "Killed" report (which quotes the whole
# command, so its length follows the paths) would otherwise let the marker
# start near the right edge and wrap.
start() {
	local cmd
	cmd="$(lanes_env) $(printf '%q ' "$LANES" "$@")"
	stop_server
	tm new-session -d -x "$W" -y "$H" "$cmd; printf '\\r\\n[exited %d]\\n' \$?; sleep 600"
	settle
}

screen() { tm capture-pane -p; }

# The pid of the lanes our pane runs (empty when none). Read from /proc:
# a fresh Debian machine need not have procps' pgrep.
lanes_pid() {
	local pane
	pane=$(tm display-message -p '#{pane_pid}')
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$pane" '$2 == "(lanes)" && $4 == p { print $1 }'
}

# Waits until two captures 50 ms apart agree (at most ~3 s).
settle() {
	local a b i
	a=$(tm capture-pane -p 2>/dev/null)
	for i in $(seq 60); do
		sleep 0.05
		b=$(tm capture-pane -p 2>/dev/null)
		[ "$a" = "$b" ] && [ -n "$b" ] && return 0
		a=$b
	done
	return 0
}

# Each key is sent on its own, and the screen settles after an Escape: a
# person does not press Esc and the next key within the ESC delay, and
# lanes reads ESC with a key that came with it as Alt+key (M-x is ESC x).
keys() {
	for k in "$@"; do
		tm send-keys "$k"
		if [ "$k" = Escape ]; then settle; fi
	done
	settle
}
# Literal text (no key-name lookup), e.g. typed into a prompt.
type_text() { tm send-keys -l "$1"; settle; }

wait_for() {
	local i secs=${2:-5}
	for i in $(seq $((secs * 20))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

ok() {
	T_N=$((T_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
		screen | grep -v '^[[:space:]]*$' | sed 's/^/#   /'
	fi
}

expect() {
	local name=${2:-"shows: $1"}
	screen | grep -qF -- "$1"
	ok $? "$name"
}

expect_not() {
	local name=${2:-"does not show: $1"}
	! screen | grep -qF -- "$1"
	ok $? "$name"
}

check() {
	local name=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$name"
}

# The line of the screen holding TEXT.
line_of() { screen | grep -F -- "$1" | head -n 1; }

# damage_db DB: a page in the middle of the database overwritten, as a bad
# disk would leave it (what the write-ahead log held is checkpointed first).
damage_db() {
	python3 -c '
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
n = os.path.getsize(sys.argv[1]) // 4096
with open(sys.argv[1], "r+b") as f:
	f.seek(n // 2 * 4096)
	f.write(bytes(range(256)) * 16)
' "$1"
	rm -f "$1-wal" "$1-shm"
}

finish() {
	echo "1..$T_N"
	[ "$T_FAILED" = 0 ]
	exit $?
}
