# Helpers for tests against the fake Asana (tests/fakes/asana.py). Source
# it after tests/screen/lib.sh (which sets T_HOME and the XDG dirs):
#   fake_start [ARGS...]   start the fake; sets FAKE_URL (…/api/1.0)
#   fake_run SCRIPT [ARGS...]  start another fake of tests/fakes/ (FAKE_PORT)
#   fake_ctl JSON          POST /_control (latency_ms, down, fail_next, ...)
#   fake_py CODE           run python with `s` = GET /_state; prints what CODE prints
#   fake_json PATH NAME CODE  the same with NAME = what GET PATH answers
#   fake_put_state CODE    python CODE edits `s`, then POST /_state
#   fake_stop              stop it (the state stays in $FAKE_DIR)
#   fake_oas_check         TAP point: every request in the fake's log fits the spec
#   asana_config           an `account asana` line pointing at the fake
#   open_launch            start lanes --account asana, pick Acme > Launch, wait
#                          for its tasks (0/1)
#   stellary_start         start the fake Stellary (tests/fakes/stellary.py, token
#                          tok) and configure it as `account s`, the only one
#   vortask_start [ARGS]   start the fake Vortask (tests/fakes/vortask.py, REST and
#                          MCP; Sam's token vt_test) and configure it as `account v`,
#                          the only one; ARGS go to the fake
# The durability tests (tests/sync/durability.sh, stellary-durability.sh;
# vortask-durability.sh queues its own edits and uses the rest):
#   durability_setup       LANES_TRACE in the home; CARDS, ROUNDS, SEED from
#                          DURABILITY_*; DURABILITY_KEEP=1 keeps the home to look at
#   durability_queue ACCOUNT BOARD COLUMN N  5 edits a card for N cards, offline:
#                          add to COLUMN, move to Doing, comment cI-1, move to
#                          Done, comment cI-2; sets QUEUED to how many were queued
#   durability_drain ACCOUNT SEED ROUNDS FAULT...  ROUNDS `lanes sync` runs, each
#                          killed with SIGKILL after a delay drawn from SEED, the
#                          fake failing 30% of requests with the next FAULT;
#                          a TAP point
#   durability_settle ACCOUNT  faults off; sync until one exits 0 (5 tries); a TAP point
#   durability_verdict VERDICT ACCOUNT BOARD  TAP points: VERDICT (what the fake
#                          holds, checked) is OK; lanes shows each card once
FAKE_PY=${PYTHON3:-python3}
FAKE_DIR="$T_HOME/fake"
FAKE_PID=
FAKE_URL=
export ASANA_TOKEN=test-token
T_EXTRA_ENV="${T_EXTRA_ENV:-} ASANA_TOKEN"

if ! command -v "$FAKE_PY" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi

fake_start() {
	fake_run asana.py --state-dir "$FAKE_DIR" --log "$FAKE_DIR/requests.log" "$@"
	FAKE_URL="http://127.0.0.1:$FAKE_PORT/api/1.0"
}

# fake_run SCRIPT [ARGS...]: starts tests/fakes/SCRIPT, which prints "PORT n"
# once it listens; sets FAKE_PID and FAKE_PORT.
fake_run() {
	local i port= script=$1
	shift
	mkdir -p "$FAKE_DIR"
	: > "$FAKE_DIR/port"
	"$FAKE_PY" "$top_srcdir/tests/fakes/$script" --port "${FAKE_PORT:-0}" "$@" \
		> "$FAKE_DIR/port" 2> "$FAKE_DIR/stderr" &
	FAKE_PID=$!
	for i in $(seq 100); do
		port=$(awk '/^PORT/{print $2}' "$FAKE_DIR/port")
		[ -n "$port" ] && break
		sleep 0.05
	done
	FAKE_PORT=$port
}

fake_stop() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
}

_fake_http() { # METHOD PATH [BODY | @FILE]
	"$FAKE_PY" -c '
import sys, urllib.request
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
if body.startswith("@"):
	body = open(body[1:]).read()
req = urllib.request.Request(url, data=body.encode() if body else None, method=method,
	headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=10).read().decode())
' "$1" "http://127.0.0.1:$FAKE_PORT$2" "${3:-}"
}

fake_ctl() { _fake_http POST /_control "$1" > /dev/null; }

fake_py() { fake_json /_state s "$1"; }

# fake_json PATH NAME CODE: python CODE with NAME = the JSON GET PATH answers
fake_json() {
	_fake_http GET "$1" > "$FAKE_DIR/state.get"
	"$FAKE_PY" -c "import json,sys
$2 = json.load(open(sys.argv[1]))
$3" "$FAKE_DIR/state.get"
}

fake_put_state() {
	fake_py "$1
json.dump(s, open(sys.argv[1] + '.new', 'w'))"
	_fake_http POST /_state "@$FAKE_DIR/state.get.new" > /dev/null
}

fake_oas_check() {
	local spec="$top_srcdir/../shared/specs/asana_oas.yaml" out
	if [ ! -f "$spec" ]; then
		T_N=$((T_N + 1))
		echo "ok $T_N - # SKIP no Asana spec at $spec"
		return
	fi
	out=$("$FAKE_PY" "$top_srcdir/tests/fakes/oas_check.py" "$spec" "$FAKE_DIR/requests.log" 2>&1)
	ok $? "every request lanes sent fits the Asana spec"
	[ -z "$out" ] || echo "$out" | sed 's/^/#   /'
}

asana_config() {
	printf 'account asana service=asana url=%s token-env=ASANA_TOKEN\n' "$FAKE_URL"
}

open_launch() {
	start --account asana
	wait_for "Acme" 5
	keys j Enter
	wait_for "Launch" 5
	keys Enter
	wait_for "Write press release" 5
}

_fake_cleanup() { fake_stop; cleanup; }
trap _fake_cleanup EXIT

stellary_start() {
	export STELLARY_TOKEN=tok
	T_EXTRA_ENV="${T_EXTRA_ENV:-} STELLARY_TOKEN"
	fake_run stellary.py --token tok
	printf 'account s service=stellary url=http://127.0.0.1:%s token-env=STELLARY_TOKEN\n' \
		"$FAKE_PORT" > "$XDG_CONFIG_HOME/lanes/config"
}

vortask_start() {
	export VORTASK_TOKEN=vt_test
	T_EXTRA_ENV="${T_EXTRA_ENV:-} VORTASK_TOKEN"
	fake_run vortask.py "$@"
	printf 'account v service=vortask url=http://127.0.0.1:%s/api mcp-url=http://127.0.0.1:%s/mcp token-env=VORTASK_TOKEN\n' \
		"$FAKE_PORT" "$FAKE_PORT" > "$XDG_CONFIG_HOME/lanes/config"
}

durability_setup() {
	export LANES_TRACE="$T_HOME/trace.log"
	CARDS=${DURABILITY_CARDS:-40}
	ROUNDS=${DURABILITY_ROUNDS:-14}
	SEED=${DURABILITY_SEED:-4242}
	cleanup() { [ -n "${DURABILITY_KEEP:-}" ] || rm -rf "$T_HOME"; }
}

durability_queue() {
	local i id
	QUEUED=0
	for i in $(seq "$4"); do
		id=$("$LANES" add --offline --account "$1" --board "$2" --column "$3" "card $i" \
			2>/dev/null) || break
		"$LANES" move --offline "$id" Doing 2>/dev/null &&
		"$LANES" comment --offline "$id" "c$i-1" > /dev/null 2>&1 &&
		"$LANES" move --offline "$id" Done 2>/dev/null &&
		"$LANES" comment --offline "$id" "c$i-2" > /dev/null 2>&1 || break
		QUEUED=$((QUEUED + 5))
	done
}

# Delays from a few ms (mid refresh) to a couple of seconds (mid drain),
# the same for a given seed; the fake's faults seeded by the round.
durability_drain() {
	local account=$1 seed=$2 rounds=$3 delays delay fault pid kills=0 round=0
	shift 3
	delays=$(awk -v seed="$seed" -v n="$rounds" \
		'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%.2f\n", rand() * 2.5 }')
	for delay in $delays; do
		round=$((round + 1))
		fault=$(echo "$@" | cut -d' ' -f$((round % $# + 1)))
		fake_ctl "{\"fail_rate\": 0.3, \"fault\": \"$fault\", \"random_seed\": $round}"
		"$LANES" sync --account "$account" > /dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		if kill -9 "$pid" 2>/dev/null; then
			kills=$((kills + 1))
		fi
		wait "$pid" 2>/dev/null
	done
	ok 0 "$kills of $rounds sync runs were killed with SIGKILL"
}

durability_settle() {
	local rc=1 try
	fake_ctl '{"fail_rate": 0}'
	for try in 1 2 3 4 5; do
		"$LANES" sync --account "$1" > "$T_HOME/sync.out" 2>&1
		rc=$?
		[ "$rc" = 0 ] && break
	done
	ok "$rc" "a last sync without faults leaves nothing queued (exit 0)"
	[ "$rc" = 0 ] || sed 's/^/#   /' "$T_HOME/sync.out" | head -20
}

durability_verdict() {
	local n
	[ "$1" = OK ]
	ok $? "every edit arrived exactly once, each card's in order"
	[ "$1" = OK ] || echo "$1" | head -20 | sed 's/^/#   /'
	n=$("$LANES" cards --account "$2" --board "$3" | grep -c "$(printf '\t')card [0-9]*\$")
	[ "$n" = "$CARDS" ]
	ok $? "lanes shows each card once ($n)"
}
