#!/bin/sh
# `source` in the configuration: ~ is the home folder, and every error is
# reported as file:line, a file that cannot be read at the line naming it.
. "$top_srcdir/tests/screen/lib.sh"

CONF="$XDG_CONFIG_HOME/lanes/config"
check_config() { "$LANES" check-config >"$T_HOME/out" 2>&1; }
has() { grep -qF -- "$1" "$T_HOME/out"; }

printf 'bind board <C-y> quit\n' > "$HOME/keys"
printf '# mine\nsource ~/keys\n' > "$CONF"
check_config
ok $? "check-config accepts source ~/keys"
"$LANES" keys | grep -q '<C-y>'
ok $? "and the keys of ~/keys are bound"

printf 'set mouse = on\nbogus\n' > "$HOME/keys"
check_config
[ $? = 1 ] && has "$HOME/keys:2: unknown command \"bogus\""
ok $? "an error in a sourced file is reported as file:line"

printf 'set mouse = on\n\nsource ~/gone\nset nope = 1\n' > "$CONF"
check_config
[ $? = 1 ] && has "$CONF:3: source $HOME/gone: No such file or directory"
ok $? "a sourced file that is missing is an error at the source line"
has "$CONF:4: unknown option \"nope\""
ok $? "an error in the main file is reported as file:line"
has "lanes: 2 errors in the configuration"
ok $? "and each is counted"

finish
