#!/bin/sh
# Themes: `set theme = NAME` colours the screen from a theme file, a
# 256-colour theme falls back to the basic eight on an 8-colour terminal,
# NO_COLOR leaves attributes only, and an unknown or broken theme stops
# lanes with the file and line to fix.
. "$top_srcdir/tests/screen/lib.sh"

export LANES_THEMES_DIR="$top_srcdir/themes"
T_EXTRA_ENV="LANES_THEMES_DIR"
CONFIG="$XDG_CONFIG_HOME/lanes/config"

# The SGR parameters the pane shows (capture-pane -e), one a line.
sgr() { tm capture-pane -e -p | grep -o $'\e\[[0-9;]*m' | tr -d '\033[m' | tr ';' '\n'; }
count() { sgr | grep -Ec "^($1)\$"; }
BASIC='3[0-7]|4[0-7]'
BRIGHT='9[0-7]|10[0-7]'
EXTENDED='38|48'

use() { printf '%s\n' "$@" > "$CONFIG"; }

use "set theme = default"
start
expect "To Do (9)" "the default theme starts"
[ "$(count "$BASIC")" -gt 0 ]
ok $? "the default theme draws in colour"

use "set theme = 256"
start
expect "To Do (9)"
tm capture-pane -e -p | grep -qF '38;5;'
ok $? "the 256 theme uses colours past the basic sixteen"

TERM=xterm start
expect "To Do (9)" "an 8-colour terminal starts with the 256 theme"
[ "$(count "$EXTENDED|$BRIGHT")" = 0 ]
ok $? "on 8 colours no 256-colour or bright codes are sent"
[ "$(count "$BASIC")" -gt 0 ]
ok $? "but the basic eight still colour the screen"

NO_COLOR=1 start
expect "To Do (9)" "NO_COLOR starts"
[ "$(count "$BASIC|$BRIGHT|$EXTENDED")" = 0 ]
ok $? "NO_COLOR: no colour at all"
[ "$(count '1|7')" -gt 0 ]
ok $? "NO_COLOR: bold and reverse still mark the title and selection"

use "set theme = light"
start
expect "To Do (9)" "the light theme starts"
tm capture-pane -e -p | head -n 1 | grep -q $'\e\\[[0-9;]*44'
ok $? "its title bar is blue"

use "set theme = 256" "color title red default bold"
start
tm capture-pane -e -p | head -n 1 | grep -q $'\e\\[[0-9;]*31'
ok $? "a color line after set theme adjusts the theme"

mkdir -p "$XDG_CONFIG_HOME/lanes/themes"
printf 'color title green default bold\n' > "$XDG_CONFIG_HOME/lanes/themes/mine.theme"
use "set theme = mine"
start
tm capture-pane -e -p | head -n 1 | grep -q $'\e\\[[0-9;]*32'
ok $? "a theme in ~/.config/lanes/themes is found"

use "# my look" "set theme = nosuch"
start
wait_for "[exited 1]"
ok $? "an unknown theme stops lanes"
expect "$CONFIG:2: no theme \"nosuch\"" "with the file and line of the set"
"$LANES" check-config 2>&1 | grep -qF "$CONFIG:2: no theme \"nosuch\""
ok $? "check-config reports it the same way"

printf 'color title green default\ncolor title nocolour default\n' > \
	"$XDG_CONFIG_HOME/lanes/themes/broken.theme"
use "set theme = broken"
"$LANES" check-config 2>&1 | grep -qF "$CONFIG:1: theme broken: $XDG_CONFIG_HOME/lanes/themes/broken.theme:2: unknown colour \"nocolour\""
ok $? "an error inside a theme names the config line and the theme's line"

use "set theme = ../etc/passwd"
"$LANES" check-config 2>&1 | grep -q "bad theme name"
ok $? "a theme name cannot be a path"

finish
