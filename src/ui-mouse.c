/* The mouse, when `set mouse = on`: a click goes to the pane under it (the
 * board selects the card there), the wheel moves the selection. Off by
 * default, so the terminal's own selection and scrolling keep working. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "lanes/config.h"
#include "lanes/ui.h"
#include "ui-private.h"

#define WHEEL_UP BUTTON4_PRESSED
#define WHEEL_DOWN BUTTON5_PRESSED
#define CLICK (BUTTON1_PRESSED | BUTTON1_CLICKED)

void
ui_mouse_start(void)
{
	if (!opt.mouse)
		return;
	mousemask(CLICK | WHEEL_UP | WHEEL_DOWN, NULL);
	/* no wait to tell a click from a double click: act on the press */
	mouseinterval(0);
}

void
ui_mouse_event(void)
{
	MEVENT ev;
	struct pane *p;
	int y, x;

	if (getmouse(&ev) != OK)
		return;
	y = ev.y;
	x = ev.x;
	if (!(p = ui_pane_at(&y, &x)))
		return;
	if ((ev.bstate & (WHEEL_UP | WHEEL_DOWN)) && p->ops->action)
		p->ops->action(p, ev.bstate & WHEEL_UP ? ACT_UP : ACT_DOWN);
	else if ((ev.bstate & CLICK) && p->ops->click)
		p->ops->click(p, y, x);
	ui_dirty_all();
}
