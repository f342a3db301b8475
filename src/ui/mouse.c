/* The mouse, when `set mouse = on`: a click goes to the pane under it and
 * selects the row (or the board's card) there, a double click then acts as
 * Enter, the wheel moves the selection. Off by default, so the terminal's
 * own selection and scrolling keep working.
 *
 * lanes asks the terminal itself for button events only (mode 1000: no
 * motion) in SGR encoding (1006), which has no limit on the column, and
 * reads the reports itself: what curses does depends on the terminal
 * description (TERM=screen or tmux gets the old encoding, which stops at
 * column 223), and its double clicks only count when their events arrive
 * in one read. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "lanes/config.h"
#include "lanes/ui.h"
#include "private.h"

/* SGR button numbers: the left button; the wheel's bit; the modifier bits
 * (Shift, Meta, Ctrl), which a click ignores */
#define LEFT 0
#define WHEEL 64
#define MODIFIERS (4 | 8 | 16)
/* a second press on the same thing this soon (ms) is a double click */
#define DOUBLE_MS 400

/* The report ui_mouse_event acts on, screen cells from 0. */
static struct {
	int button, y, x;
} ev;

/* The last click that selected something, to tell a double click. */
static struct {
	struct pane *p;  /* NULL: none may start one */
	lid what;
	uint64_t at;
} last;

void
ui_mouse_mode(bool on)
{
	if (!opt.mouse)
		return;
	/* "ESC [ <" is kmous in some descriptions: curses would take the
	 * report's start for its own mouse, which lanes does not ask for */
	if (on)
		keyok(KEY_MOUSE, FALSE);
	fputs(on ? "\033[?1000h\033[?1006h" : "\033[?1006l\033[?1000l", stdout);
	fflush(stdout);
}

int
ui_mouse_parse(const char *seq)
{
	int button, x, y;
	char end;

	if (sscanf(seq, "\033[<%d;%d;%d%c", &button, &x, &y, &end) != 4 ||
	    (end != 'M' && end != 'm'))
		return -1;
	button &= ~MODIFIERS;
	/* releases carry nothing a press did not */
	if (!opt.mouse || end == 'm' || (button != LEFT && !(button & WHEEL)))
		return 0;
	ev.button = button;
	ev.y = y - 1;
	ev.x = x - 1;
	return 1;
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
click(struct pane *p, int y, int x)
{
	uint64_t now = uv_now(ui_loop());
	bool hit = p->list ? list_click(p->list, y) : p->ops->click && p->ops->click(p, y, x);
	lid what = hit ? selection(p) : 0;

	if (hit && last.p == p && last.what == what && now - last.at <= DOUBLE_MS) {
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
	int y = ev.y, x = ev.x;
	struct pane *p = ui_pane_at(&y, &x);

	if (p && ev.button == LEFT) {
		click(p, y, x);
	} else {
		last.p = NULL;
		if (p && (ev.button & WHEEL) && p->ops->action)
			p->ops->action(p, ev.button & 1 ? ACT_DOWN : ACT_UP);
	}
	ui_dirty_all();
}
