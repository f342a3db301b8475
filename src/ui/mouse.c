/* The mouse, when `set mouse = on`: a click goes to the pane under it and
 * selects the row (or the board's card) there, a double click then acts as
 * Enter, the wheel moves the selection. Off by default, so the terminal's
 * own selection and scrolling keep working. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <uv.h>

#include "lanes/config.h"
#include "lanes/ui.h"
#include "private.h"

#define WHEEL_UP BUTTON4_PRESSED
#define WHEEL_DOWN BUTTON5_PRESSED
#define CLICK (BUTTON1_PRESSED | BUTTON1_CLICKED)
/* ncurses merges the clicks of a double click read at once into this; ones
 * read apart come as two clicks, this close (ms) on the same thing */
#define DOUBLE BUTTON1_DOUBLE_CLICKED
#define DOUBLE_MS 400

/* The last click that selected something, to tell a double click. */
static struct {
	struct pane *p;  /* NULL: none may start one */
	lid what;
	uint64_t at;
} last;

void
ui_mouse_start(void)
{
	if (!opt.mouse)
		return;
	mousemask(CLICK | DOUBLE | WHEEL_UP | WHEEL_DOWN, NULL);
	/* ncurses would hold every click back this long to tell a double
	 * click itself: act on the press */
	mouseinterval(0);
}

/* A click at pane line y selects the list row drawn there, if any. */
static bool
list_click(struct listview *lv, int y)
{
	int row = y < lv->y ? -1 : lv->top + (y - lv->y) / lv->lines;

	if (row < 0 || row >= lv->n)
		return false;
	lv->sel = row;
	return true;
}

/* What a click selected in p: its row, or the board's card. */
static lid
selection(struct pane *p)
{
	return p->list ? p->list->sel : p->ops->card ? p->ops->card(p) : 0;
}

static void
click(struct pane *p, int y, int x, bool twice)
{
	uint64_t now = uv_now(ui_loop());
	bool hit = p->list ? list_click(p->list, y) : p->ops->click && p->ops->click(p, y, x);
	lid what = hit ? selection(p) : 0;

	twice = twice || (last.p == p && last.what == what && now - last.at <= DOUBLE_MS);
	if (hit && twice) {
		last.p = NULL;
		/* keys go to the top pane: a double click on the board beside
		 * a side pane closes it first */
		while (ui_top() != p)
			ui_pop();
		ui_dispatch_key('\n');
		return;
	}
	last.p = hit ? p : NULL;
	last.what = what;
	last.at = now;
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
	p = ui_pane_at(&y, &x);
	if (p && (ev.bstate & (CLICK | DOUBLE))) {
		click(p, y, x, ev.bstate & DOUBLE);
	} else {
		last.p = NULL;
		if (p && (ev.bstate & (WHEEL_UP | WHEEL_DOWN)) && p->ops->action)
			p->ops->action(p, ev.bstate & WHEEL_UP ? ACT_UP : ACT_DOWN);
	}
	ui_dirty_all();
}
