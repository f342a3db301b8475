#!/bin/sh
# TAP: the fake Astravue server, OAuth, REST and MCP (the work is done by
# test_astravue.py; this wrapper fits the suite's .sh test driver).
py=${PYTHON3:-python3}
if ! command -v "$py" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
exec "$py" "${top_srcdir:-$(dirname "$0")/../..}/tests/fakes/test_astravue.py"
