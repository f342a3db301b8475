#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui.h"

void
listview_clamp(struct listview *lv)
{
	if (lv->sel >= lv->n)
		lv->sel = lv->n - 1;
	if (lv->sel < 0)
		lv->sel = 0;
}

bool
listview_action(struct listview *lv, enum action a, int page)
{
	switch (a) {
	case ACT_UP: lv->sel--; break;
	case ACT_DOWN: lv->sel++; break;
	case ACT_FIRST: lv->sel = 0; break;
	case ACT_LAST: lv->sel = lv->n - 1; break;
	case ACT_PAGE_UP: lv->sel -= page; break;
	case ACT_PAGE_DOWN: lv->sel += page; break;
	case ACT_HALF_UP: lv->sel -= (page + 1) / 2; break;
	case ACT_HALF_DOWN: lv->sel += (page + 1) / 2; break;
	default: return false;
	}
	listview_clamp(lv);
	return true;
}

int
listview_show(struct pane *p, struct listview *lv, int y, int lines)
{
	int rows = (p->h - y) / lines;

	if (rows < 1)
		rows = 1;
	p->list = lv;
	lv->y = y;
	lv->lines = lines;
	listview_clamp(lv);
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + rows)
		lv->top = lv->sel - rows + 1;
	if (lv->top > lv->n - rows)
		lv->top = lv->n - rows;
	if (lv->top < 0)
		lv->top = 0;
	return lv->top;
}

void
ui_list_row(struct pane *p, int y, const char *name, const char *right, int attr)
{
	int rw = text_width(right) + 1;

	if (rw > p->w)
		rw = p->w;
	ui_put(p->win, y, 0, name, p->w - rw, attr, true);
	ui_put(p->win, y, p->w - rw, right, rw, attr | theme_attr(AREA_DIM), true);
}

void
ui_heading(struct pane *p, const char *text)
{
	ui_put(p->win, 0, 0, text, p->w, theme_attr(AREA_HEADING), true);
	ui_hline(p->win, 1, 0, p->w, theme_attr(AREA_DIM));
}
