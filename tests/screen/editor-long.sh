#!/bin/sh
# A description longer than the store keeps, written in $EDITOR: nothing
# changes, and what was written stays in the temporary file, whose path
# the message gives.
. "$top_srcdir/tests/screen/lib.sh"

mkdir -p "$T_HOME/tmp"
cat >"$T_HOME/editor" <<'SH'
#!/bin/sh
# 1.5 MiB: over the description's 1 MiB
python3 -c 'import sys; open(sys.argv[1], "w").write("long line\n" * 157286)' "$1"
SH
chmod +x "$T_HOME/editor"
export EDITOR="$T_HOME/editor" TMPDIR="$T_HOME/tmp"
T_EXTRA_ENV=TMPDIR

id=$("$LANES" add "Write the spec")
W=200 H=30 start
wait_for "Write the spec" 5
keys Enter
expect "#$id Write the spec" "the card pane opens"
keys e
wait_for "longer than 1024 KiB" 5
ok $? "an over-long description is refused"
expect "kept in $T_HOME/tmp/lanes-" "the message says where the text is kept"
kept=$(ls "$T_HOME"/tmp/lanes-*.txt 2>/dev/null)
[ -n "$kept" ] && [ "$(wc -l < "$kept")" = 157286 ]
ok $? "the temporary file holds everything that was written"
"$LANES" show "$id" --json | python3 -c 'import json, sys; assert json.load(sys.stdin)["description"] is None'
ok $? "the description did not change"
keys q q
wait_for "[exited 0]" >/dev/null
finish
