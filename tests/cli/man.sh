#!/bin/sh
# The man page built beside lanes: it carries the version and documents
# every command and option that `lanes --help` lists.
. "$top_srcdir/tests/screen/lib.sh"

MAN="$top_builddir/lanes.1"
version=$("$LANES" --version)

head -n 1 "$MAN" | grep -qF "\"$version\""
ok $? "the man page's title line shows $version"
! grep -qF "@VERSION@" "$MAN"
ok $? "no placeholder is left in the man page"

# "Commands:" lines of --help start with two spaces and the command
for c in $("$LANES" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'); do
	grep -q "^\.B $c\( \|\$\)" "$MAN"
	ok $? "the man page documents the command $c"
done
for o in $("$LANES" --help | sed -n '/^Options:/,/^$/s/^  \(--[a-z]*\).*/\1/p'); do
	grep -qF "\\fB$(printf '%s' "$o" | sed 's/-/\\-/g')\\fR" "$MAN"
	ok $? "the man page documents the option $o"
done

finish
