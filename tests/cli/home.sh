#!/bin/sh
# Where the database goes when HOME is not set: XDG_DATA_HOME when it is,
# else the home the password database names; never a folder under the
# current directory. The password database is tried as the user nobody
# (whose home does not exist), so the test never writes in a real home.
. "$top_srcdir/tests/screen/lib.sh"

here="$T_HOME/cwd"
mkdir -p "$here" && chmod 777 "$here"

# HOME unset, XDG_DATA_HOME set: the database goes there
(cd "$here" && env -u HOME XDG_DATA_HOME="$T_HOME/xdg" XDG_CONFIG_HOME="$T_HOME/cfg" \
	"$LANES" boards > "$T_HOME/out" 2>&1)
[ $? = 0 ] && [ -f "$T_HOME/xdg/lanes/lanes.db" ] && [ -z "$(ls -A "$here")" ]
ok $? "HOME unset, XDG_DATA_HOME set: the database is made there, nothing in the current folder"

if [ "$(id -u)" != 0 ] || ! command -v setpriv > /dev/null 2>&1 ||
	[ "$(getent passwd nobody | cut -d: -f6)" != /nonexistent ] ||
	! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$LANES"; then
	echo "ok $((T_N + 1)) # SKIP needs root, setpriv, a user nobody whose home is /nonexistent and who may run lanes"
	echo "ok $((T_N + 2)) # SKIP"
	T_N=$((T_N + 2))
	finish
fi
as_nobody() {
	(cd "$here" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME "$@")
}
as_nobody "$LANES" boards > "$T_HOME/out" 2>&1
[ $? = 1 ] && grep -q "/nonexistent/.local/share/lanes" "$T_HOME/out" && [ -z "$(ls -A "$here")" ]
ok $? "HOME unset: the password database's home is used (and refused when it cannot be made)"
as_nobody HOME=. "$LANES" add "Not here" > "$T_HOME/out" 2>&1
[ $? = 1 ] && [ -z "$(ls -A "$here")" ]
ok $? "a HOME that is no absolute folder is not taken for one: nothing in the current folder"
finish
