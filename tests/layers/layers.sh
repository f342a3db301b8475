# The layer check passes on the tree, and catches violations planted in a
# copy of it: a backend that reaches curses, a pane that reaches SQLite, the
# store reaching sync, and a header that belongs to no layer.
set -u
: "${top_srcdir:=.}"
py=${PYTHON3:-python3}
check="$top_srcdir/tests/layers/check.py"
n=0
failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

out=$("$py" "$check" "$top_srcdir")
rc=$?
[ "$rc" = 0 ] && [ -z "$out" ]
ok $? "the tree keeps its layers"
[ -n "$out" ] && echo "$out" | sed 's/^/#   /'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lanes-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A copy of the tree with LINE added to FILE must fail with PATTERN.
planted() {     # FILE LINE PATTERN NAME
	rm -rf "$tmp/t" && mkdir -p "$tmp/t" &&
	cp -R "$top_srcdir/src" "$top_srcdir/include" "$tmp/t/" &&
	printf '%s\n' "$2" >>"$tmp/t/$1"
	out=$("$py" "$check" "$tmp/t")
	rc=$?
	[ "$rc" = 1 ] && echo "$out" | grep -q "$3"
	ok $? "$4"
}

planted src/backend/asana.c '#include <curses.h>' \
	'^src/backend/asana.c:[0-9]*: backend must not reach curses' \
	"a backend that includes curses.h fails, naming file and line"
planted src/pane/board.c '#include "lanes/http.h"' \
	'^src/pane/board.c:[0-9]*: pane must not reach net' "a pane that includes the http layer fails"
planted src/ui/list.c '#include <sqlite3.h>' 'ui must not reach sqlite' \
	"the ui that includes sqlite3.h fails"
planted src/store/card.c '#include "lanes/sync.h"' 'store must not reach sync' \
	"the store that includes the sync engine fails"
planted src/base/util.c '#include "lanes/model.h"' 'base must not reach model' \
	"base reaches nothing of lanes"
planted include/lanes/newthing.h '/* a module with no layer */' \
	'^include/lanes/newthing.h:1: no layer' "a header that belongs to no layer fails"
planted src/sync/sync.c '#include "../store/private.h"' \
	'^src/sync/sync.c:[0-9]*: ../store/private.h is private to its folder' \
	"a folder's private header is not reached from another folder"

echo "1..$n"
[ "$failed" = 0 ]
