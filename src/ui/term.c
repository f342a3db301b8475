/* Whether curses can drive the terminal, asked before anything starts: a
 * terminal it cannot drive would otherwise get a blank or garbled screen
 * (or initscr()'s exit with a message of its own). Apart from ui.c because
 * <term.h> defines macros (lines, columns, ...) that would clash there. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <unistd.h>

#include "lanes/ui.h"
/* last: its macros would rename fields of the headers above */
#include <term.h>

int
ui_term_check(struct lanes_err *e)
{
	const char *term = getenv("TERM");
	const char *hint = "use the commands instead (see lanes --help), e.g. lanes cards";
	char *cup;
	int err;

	if (!term || !*term)
		return err_set(e, "TERM is not set, so the board cannot be drawn; %s", hint);
	if (setupterm(term, STDOUT_FILENO, &err) != OK)
		return err_set(e, "TERM=%s is a terminal curses does not know; %s", term, hint);
	/* a terminal that cannot place the cursor (dumb) cannot show a board */
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (!cup || cup == (char *)-1)
		return err_set(e, "TERM=%s cannot draw the board; %s", term, hint);
	return 0;
}
