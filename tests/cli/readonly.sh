#!/bin/sh
# A database lanes may only read: a read-only file, and a file in a folder
# no one may write in. Reading works (cards, the board), the board says
# read-only from the start, and an edit is refused with the reason before
# anything is typed. Run as the user nobody (root may write anything).
. "$top_srcdir/tests/screen/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv > /dev/null 2>&1 ||
	! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$LANES"; then
	echo "1..0 # SKIP needs root, setpriv, and a user nobody who may run lanes"
	exit 0
fi
area="$T_HOME/area"
mkdir -p "$area/data" "$area/config/lanes"
chmod 755 "$T_HOME"
export XDG_DATA_HOME="$area/data" XDG_CONFIG_HOME="$area/config" HOME="$area"
"$LANES" boards > /dev/null 2>&1       # the Welcome board, made by root
chmod -R a+rwX "$area"
DB="$area/data/lanes/lanes.db"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
as_nobody() { nobody env HOME="$area" XDG_DATA_HOME="$area/data" XDG_CONFIG_HOME="$area/config" \
	TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 "$LANES" "$@"; }

for what in file folder; do
	if [ "$what" = file ]; then
		chmod 444 "$DB"
	else
		chmod 666 "$DB"
		rm -f "$DB-wal" "$DB-shm"
		chmod 555 "$area/data/lanes"
	fi
	sum=$(md5sum < "$DB")
	as_nobody cards > "$T_HOME/out" 2>&1
	[ $? = 0 ] && grep -q "Press ? for help" "$T_HOME/out"
	ok $? "a read-only $what: cards reads the board"
	as_nobody add "Lost?" > "$T_HOME/out" 2>&1
	[ $? = 1 ] && grep -q "read-only: .*read-only" "$T_HOME/out"
	ok $? "a read-only $what: an edit is refused with the reason (exit 1)"
	[ "$(md5sum < "$DB")" = "$sum" ]
	ok $? "and the database is as it was"
done

# the board, in the read-only folder
stop_server
tm new-session -d -x "$W" -y "$H" "$(printf '%q ' setpriv --reuid=65534 --regid=65534 \
	--clear-groups) $(lanes_env) $(printf '%q' "$LANES"); printf '\\r\\n[exited %d]\\n' \$?; sleep 600"
settle
wait_for "Press ? for help" 5
ok $? "the board opens"
expect "read-only: the folder" "it says read-only, and why, from the start"
keys n
wait_for "read-only" 3
expect_not "New card:" "n is refused before a prompt opens"
keys q
wait_for "[exited 0]" 5
ok $? "q quits"
chmod 755 "$area/data/lanes"
finish
