/* The board: columns side by side, one card a line, scrolled sideways when
 * the columns do not fit. Selection and scroll follow card ids, so a reload
 * never loses the user's place. Each column holds only a window of its
 * cards, around what the screen shows: a board of 100,000 cards opens as
 * fast as one of a hundred, and a reload costs a count and a screenful. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/cardline.h"
#include "lanes/config.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/timefmt.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

#define MIN_COL_WIDTH 24

struct colstate {
	int count;      /* cards in the column's view: all, or the filter's matches */
	int sel, top;   /* selected and first shown index of the view */
	enum card_order sort;
};

struct board_priv {
	struct board_view v;
	struct colstate *cs;
	int col, left;  /* selected and first shown column */
	int rows;       /* card lines a column shows */
	char *filter;
	lid *match;     /* the ids of the cards the filter matches, sorted */
	int nmatch;
	lid want_card, want_col; /* where an edit wants the selection next */
	/* what an open prompt or question is about: a sync may reload the
	 * board meanwhile and move the selection off it */
	lid target;
};

static struct board_priv *
priv(struct pane *p)
{
	return p->priv;
}

static void
column_query(const struct board_priv *b, int ci, struct column_query *q)
{
	q->column = b->v.cols[ci].id;
	q->archived = ui.show_archived;
	q->order = b->cs[ci].sort;
	q->match = b->filter ? b->match : NULL;
	q->nmatch = b->nmatch;
}

/* The view changed (order, filter): the window is loaded again. */
static void
drop_window(struct column *col)
{
	for (int i = 0; i < col->ncards; i++)
		card_clear(&col->cards[i]);
	col->ncards = 0;
}

/* Scrolls the selection into sight, and loads the cards shown when the
 * window does not hold them: a screenful either side, so that j/k and
 * C-f/C-b mostly find their cards loaded. */
static void
ensure_window(struct board_priv *b, int ci)
{
	struct column *col = &b->v.cols[ci];
	struct colstate *c = &b->cs[ci];
	struct lanes_err e = { "" };
	struct column_query q;
	int end;

	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + b->rows)
		c->top = c->sel - b->rows + 1;
	end = c->top + b->rows < c->count ? c->top + b->rows : c->count;
	if (end <= c->top || (c->top >= col->first && end <= col->first + col->ncards))
		return;
	column_query(b, ci, &q);
	if (store_column_window(ui.store, &q, c->top > b->rows ? c->top - b->rows : 0,
	    3 * b->rows, col, &e) < 0)
		ui_error("%s", e.msg);
}

/* The card at index i of column ci's view, when its window holds it. */
static struct card *
card_at(struct board_priv *b, int ci, int i)
{
	struct column *col = &b->v.cols[ci];

	i -= col->first;
	return i >= 0 && i < col->ncards ? &col->cards[i] : NULL;
}

static struct card *
selected(struct board_priv *b)
{
	if (b->col >= b->v.ncols || !b->cs[b->col].count)
		return NULL;
	ensure_window(b, b->col);
	return card_at(b, b->col, b->cs[b->col].sel);
}

static lid
board_card(struct pane *p)
{
	struct card *c = selected(priv(p));

	return c ? c->id : 0;
}

/* Asks the store which cards match: descriptions and labels are read
 * only while a filter is set, never to draw the board; the windows then
 * hold only these. */
static void
find_matches(struct board_priv *b)
{
	struct lanes_err e = { "" };
	struct search_hit *h;
	int n;

	x_free(&b->match);
	b->nmatch = 0;
	if (!b->filter)
		return;
	if (store_search(ui.store, b->v.board.id, b->filter, &h, &n, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	b->match = xmalloc(sizeof(*b->match) * (n ? n : 1));
	for (int i = 0; i < n; i++)
		b->match[i] = h[i].card;
	b->nmatch = n;
	search_hits_free(&h, n);
	qsort(b->match, n, sizeof(*b->match), lid_cmp);
}

/* Each column's count under the filter, and windows to load again. */
static void
count_views(struct board_priv *b)
{
	struct lanes_err e = { "" };

	for (int i = 0; i < b->v.ncols; i++) {
		struct colstate *c = &b->cs[i];
		struct column_query q;

		drop_window(&b->v.cols[i]);
		column_query(b, i, &q);
		c->count = b->filter ? store_column_count(ui.store, &q, &e) : b->v.cols[i].count;
		if (c->count < 0) {
			ui_error("%s", e.msg);
			c->count = 0;
		}
		if (c->sel >= c->count)
			c->sel = c->count ? c->count - 1 : 0;
	}
}

static void
free_state(struct board_priv *b)
{
	x_free(&b->cs);
	board_view_free(&b->v);
}

/* Puts the selection on card, when column ci's view holds it: the window
 * at the selection is looked at first, as a reload usually finds the card
 * where it was. */
static bool
place_card(struct board_priv *b, int ci, lid card)
{
	struct colstate *c = &b->cs[ci];
	struct lanes_err e = { "" };
	struct column_query q;
	struct card *at;
	int i;

	if (c->count) {
		ensure_window(b, ci);
		if ((at = card_at(b, ci, c->sel)) && at->id == card) {
			b->col = ci;
			return true;
		}
	}
	column_query(b, ci, &q);
	if ((i = store_column_index(ui.store, &q, card, &e)) < 0)
		return false;
	b->col = ci;
	c->sel = i;
	return true;
}

/* Put the selection on card (or, when it is gone, keep the column and row). */
static void
select_card(struct board_priv *b, lid card, lid column)
{
	lid in = 0;
	int ci;

	if (card && store_card_column(ui.store, card, &in, NULL) > 0 &&
	    (ci = board_view_find_column(&b->v, in)) >= 0 && place_card(b, ci, card))
		return;
	ci = board_view_find_column(&b->v, column);
	if (ci >= 0)
		b->col = ci;
	if (b->col >= b->v.ncols)
		b->col = b->v.ncols ? b->v.ncols - 1 : 0;
}

static void
save_selection(struct board_priv *b)
{
	char key[64], val[64];
	struct card *c = selected(b);

	if (!b->v.board.id || store_readonly_reason(ui.store))
		return;
	snprintf(key, sizeof(key), "board.%lld.selection", b->v.board.id);
	snprintf(val, sizeof(val), "%lld %lld", c ? c->id : 0,
	    b->col < b->v.ncols ? b->v.cols[b->col].id : 0);
	store_state_set(ui.store, key, val);
}

static void
load(struct pane *p, lid card, lid column)
{
	struct board_priv *b = priv(p);
	struct lanes_err e = { "" };
	int keep[64][3], nkeep = 0;

	for (int i = 0; i < b->v.ncols && nkeep < 64; i++, nkeep++) {
		keep[i][0] = b->cs[i].sel;
		keep[i][1] = b->cs[i].top;
		keep[i][2] = b->cs[i].sort;
	}
	bool same = b->v.board.id == ui.board;
	free_state(b);
	if (store_board_head(ui.store, ui.board, ui.show_archived, &b->v, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	b->cs = xcalloc(b->v.ncols ? b->v.ncols : 1, sizeof(*b->cs));
	for (int i = 0; same && i < b->v.ncols && i < nkeep; i++) {
		b->cs[i].sel = keep[i][0];
		b->cs[i].top = keep[i][1];
		b->cs[i].sort = keep[i][2];
	}
	b->rows = p->h > 3 ? p->h - 2 : 1;
	find_matches(b);
	count_views(b);
	select_card(b, card, column);
}

/* A card asked for from outside (a search result): selected, and the
 * filter cleared so that it shows. */
static lid
card_asked_for(struct board_priv *b)
{
	lid card = ui.open_card;

	ui.open_card = 0;
	if (card)
		x_free(&b->filter);
	return card;
}

static void
board_open(struct pane *p)
{
	char key[64], *val;
	lid card = 0, column = 0, asked = card_asked_for(priv(p));

	snprintf(key, sizeof(key), "board.%lld.selection", ui.board);
	val = store_state_get(ui.store, key);
	if (val && sscanf(val, "%lld %lld", &card, &column) != 2)
		card = column = 0;
	free(val);
	load(p, asked ? asked : card, column);
}

static void
board_reload(struct pane *p)
{
	struct board_priv *b = priv(p);
	struct card *c = selected(b);
	lid card = b->want_card ? b->want_card : c ? c->id : 0;
	lid column = b->want_col ? b->want_col : b->col < b->v.ncols ? b->v.cols[b->col].id : 0;

	b->want_card = b->want_col = 0;
	if (b->v.board.id != ui.board) {
		save_selection(b);
		x_free(&b->filter);
		b->col = b->left = 0;
		board_open(p);
		return;
	}
	if (ui.open_card)
		card = card_asked_for(b);
	load(p, card, column);
}

static void
board_close(struct pane *p)
{
	struct board_priv *b = priv(p);

	save_selection(b);
	free_state(b);
	free(b->filter);
	free(b->match);
}

/* " Doing 3/4 by due": the name, the count (against the WIP limit when
 * there is one) and how the view is sorted. */
static void
draw_header(struct pane *p, int ci, int x, int w)
{
	static const char *const sorts[] = { "", " by due", " by priority" };
	struct board_priv *b = priv(p);
	struct column *col = &b->v.cols[ci];
	struct colstate *c = &b->cs[ci];
	char head[256], count[32];
	int attr = theme_attr(ci == b->col ? AREA_COLUMN_SEL : AREA_COLUMN);

	if (col->wip)
		snprintf(count, sizeof(count), " %d/%d", col->count, col->wip);
	else
		snprintf(count, sizeof(count), " (%d)", col->count);
	if (b->filter)
		snprintf(head, sizeof(head), " %s (%d/%d)%s%s", col->name, c->count, col->count,
		    col->wip ? count : "", sorts[c->sort]);
	else
		snprintf(head, sizeof(head), " %s%s%s", col->name, count, sorts[c->sort]);
	if (col->wip && col->count > col->wip)
		attr = theme_attr(AREA_COLUMN_OVER) | (ci == b->col ? A_UNDERLINE : 0);
	ui_put(p->win, 0, x, head, w, attr, true);
}

/* Title on the left, the fields that fit on the right. */
static void
draw_card(struct pane *p, const struct card *card, int y, int x, int w, int area,
    const struct card_format *fmt, const char *today)
{
	char text[FIELD_COUNT][128];
	int widths[FIELD_COUNT], attrs[FIELD_COUNT], fw = 0, tw;
	unsigned shown;

	for (int i = 0; i < fmt->n; i++) {
		enum area a = card_field_text(card, fmt->field[i], today, text[i], sizeof(text[i]));
		widths[i] = text_width(text[i]);
		/* on the selected line the selection's colours win, the
		 * field keeps its bold or underline */
		attrs[i] = area == AREA_CARD ? theme_attr(a)
		    : theme_attr(area) | (theme_attr(a) & (int)(A_BOLD | A_UNDERLINE));
	}
	shown = card_fields_fit(w - 2, text_width(card->title), widths, fmt->n);
	for (int i = 0; i < fmt->n; i++)
		fw += shown & 1u << i ? widths[i] + 1 : 0;
	tw = ui_put(p->win, y, x, " ", 1, theme_attr(area), false);
	tw += ui_put(p->win, y, x + tw, card->title, w - 1 - fw - 1, theme_attr(area), true);
	ui_put(p->win, y, x + tw, " ", w - tw - fw, theme_attr(area), true);
	x += w - fw - 1;
	for (int i = 0; i < fmt->n; i++) {
		if (!(shown & 1u << i))
			continue;
		x += ui_put(p->win, y, x, " ", 1, theme_attr(area), false);
		x += ui_put(p->win, y, x, text[i], widths[i], attrs[i], false);
	}
	ui_put(p->win, y, x, " ", 1, theme_attr(area), false);
}

static void
draw_column(struct pane *p, int ci, int x, int w, const struct card_format *fmt,
    const char *today)
{
	struct board_priv *b = priv(p);
	struct colstate *c = &b->cs[ci];
	struct card *card;

	draw_header(p, ci, x, w);
	ui_hline(p->win, 1, x, w, theme_attr(AREA_DIM));
	ensure_window(b, ci);
	if (!c->count)
		ui_put(p->win, 2, x, b->filter ? " (no match)" : " (empty)", w, theme_attr(AREA_DIM), false);
	for (int r = 0; r < b->rows && (card = card_at(b, ci, c->top + r)); r++) {
		bool sel = c->top + r == c->sel;
		int area = sel && ci == b->col ? AREA_CARD_SEL : card->archived ? AREA_DIM :
		    card->completed ? AREA_CARD_DONE : AREA_CARD;

		draw_card(p, card, 2 + r, x, w, area, fmt, today);
	}
}

/* How many columns fit side by side. */
static int
columns_shown(struct pane *p)
{
	int n = priv(p)->v.ncols, shown = p->w / MIN_COL_WIDTH;

	return shown < 1 ? 1 : shown > n ? n : shown;
}

static void
board_draw(struct pane *p)
{
	struct board_priv *b = priv(p);
	int n = b->v.ncols, shown, x = 0;
	struct card_format fmt;
	char today[11];

	if (!n) {
		ui_put(p->win, 1, 1, "This board has no columns: press C to add one.", p->w - 2, 0, false);
		return;
	}
	b->rows = p->h > 3 ? p->h - 2 : 1;
	/* checked when the config was read, so this cannot fail */
	card_format_parse(opt.card_format, &fmt, NULL);
	date_parse("today", today, NULL);
	shown = columns_shown(p);
	if (b->col < b->left)
		b->left = b->col;
	if (b->col >= b->left + shown)
		b->left = b->col - shown + 1;
	if (b->left > n - shown)
		b->left = n - shown;
	for (int i = 0; i < shown; i++) {
		int w = p->w / shown + (i < p->w % shown);
		int sep = i < shown - 1;

		draw_column(p, b->left + i, x, w - sep, &fmt, today);
		if (sep)
			ui_vline(p->win, 0, x + w - 1, p->h, theme_attr(AREA_DIM));
		x += w;
	}
	if (b->left > 0)
		ui_put(p->win, 0, 0, "«", 1, theme_attr(AREA_COLUMN) | A_REVERSE, false);
	if (b->left + shown < n)
		ui_put(p->win, 0, p->w - 1, "»", 1, theme_attr(AREA_COLUMN) | A_REVERSE, false);
}

static void
after_edit(struct pane *p, int rc, const struct lanes_err *e, lid card, lid column)
{
	if (rc < 0) {
		ui_error("%s", e->msg);
		return;
	}
	priv(p)->want_card = card;
	priv(p)->want_col = column;
	ui_store_changed();
}

/* A move patches the counts instead of reloading the board: the store
 * has put the card at index of column to's stored order. */
static void
move_card(struct pane *p, int to, int index)
{
	struct board_priv *b = priv(p);
	struct column *src = &b->v.cols[b->col], *dst = &b->v.cols[to];
	struct lanes_err e = { "" };
	lid moved = selected(b)->id;

	if (store_card_move(ui.store, moved, dst->id, index, NULL, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	if (to != b->col) {
		src->count--;
		dst->count++;
		b->cs[b->col].count--;
		b->cs[to].count++;
	}
	drop_window(src);
	drop_window(dst);
	select_card(b, moved, 0);
	ui_store_changed_by(p);
}

static void
move_sideways(struct pane *p, int delta)
{
	struct board_priv *b = priv(p);
	int to = b->col + delta;

	if (to < 0 || to >= b->v.ncols) {
		ui_error("no column %s", delta < 0 ? "to the left" : "to the right");
		return;
	}
	move_card(p, to, 0);
}

static void
move_vertically(struct pane *p, int delta)
{
	struct board_priv *b = priv(p);
	struct colstate *cs = &b->cs[b->col];
	struct column_query q;
	struct card *next;
	struct lanes_err e = { "" };
	int index;

	if (cs->sort != ORDER_STORED) {
		ui_error("the column is viewed %s: press s until it shows the stored order to reorder",
		    cs->sort == ORDER_DUE ? "by due date" : "by priority");
		return;
	}
	/* past the visible neighbour, which under a filter may be several
	 * cards away in the full column */
	ensure_window(b, b->col);
	if (!(next = card_at(b, b->col, cs->sel + delta)))
		return;
	column_query(b, b->col, &q);
	q.match = NULL;
	if ((index = store_column_index(ui.store, &q, next->id, &e)) < 0)
		ui_error("%s", *e.msg ? e.msg : "the card has gone");
	else
		move_card(p, b->col, index);
}

static void
new_card_done(const char *title, void *ud)
{
	struct pane *p = ud;
	struct board_priv *b = priv(p);
	struct lanes_err e = { "" };
	lid id = 0;

	if (!*title) {
		ui_error("a card needs a title");
		return;
	}
	int rc = store_card_add(ui.store, b->target, title, 0, &id, &e);
	if (rc == 0 && b->filter && !text_contains_ci(title, b->filter))
		x_free(&b->filter);
	after_edit(p, rc, &e, id, 0);
}

static void
rename_done(const char *title, void *ud)
{
	struct pane *p = ud;
	lid card = priv(p)->target;
	struct lanes_err e = { "" };

	if (!*title) {
		ui_error("a card needs a title");
		return;
	}
	after_edit(p, store_card_rename(ui.store, card, title, &e), &e, card, 0);
}

static void
delete_yes(void *ud)
{
	struct pane *p = ud;
	struct board_priv *b = priv(p);
	struct lanes_err e = { "" };
	lid column = b->col < b->v.ncols ? b->v.cols[b->col].id : 0;
	int rc = store_card_delete(ui.store, b->target, &e);

	after_edit(p, rc, &e, 0, column);
	if (rc == 0)
		ui_message("deleted; u undoes it");
}

/* The first match, left to right: its column scrolls into view. */
static void
select_first_match(struct board_priv *b)
{
	for (int i = 0; i < b->v.ncols; i++)
		if (b->cs[i].count) {
			b->col = i;
			b->cs[i].sel = 0;
			return;
		}
}

/* Each key typed at the filter's prompt; NULL on Esc, which clears it. */
static void
filter_changed(const char *text, void *ud)
{
	struct pane *p = ud;
	struct board_priv *b = priv(p);
	struct card *c = selected(b);
	lid card = c ? c->id : 0;

	x_free(&b->filter);
	if (text && *text)
		b->filter = xstrdup(text);
	find_matches(b);
	count_views(b);
	if (b->filter)
		select_first_match(b);
	else
		select_card(b, card, 0);
	if (!text)
		ui_message("filter cleared");
}

/* n and N: the next match in reading order, columns left to right,
 * wrapping round at either end. */
static void
find_match(struct pane *p, int dir)
{
	struct board_priv *b = priv(p);
	int n = b->v.ncols, ci = b->col;
	int row = b->cs[ci].count ? b->cs[ci].sel + dir : dir > 0 ? 0 : -1;
	bool wrapped = false;

	for (int steps = 0; steps <= n; steps++) {
		if (row >= 0 && row < b->cs[ci].count) {
			b->col = ci;
			b->cs[ci].sel = row;
			if (wrapped)
				ui_message("wrapped to the %s match", dir > 0 ? "first" : "last");
			return;
		}
		ci += dir;
		if (ci < 0 || ci >= n) {
			ci = (ci + n) % n;
			wrapped = true;
		}
		row = dir > 0 ? 0 : b->cs[ci].count - 1;
	}
	ui_error("no card matches \"%s\"", b->filter);
}

static void
find_action(struct pane *p, enum action a)
{
	struct board_priv *b = priv(p);

	if (b->filter && b->v.ncols)
		find_match(p, a == ACT_FIND_NEXT ? 1 : -1);
	else if (a == ACT_FIND_NEXT)
		ui_act(ACT_CARD_NEW);
	else
		ui_error("no filter: / sets one");
}

/* u and C-r, keeping the selected card selected. */
static void
undo(struct pane *p, bool redo)
{
	struct board_priv *b = priv(p);
	struct card *c = selected(b);

	b->want_card = c ? c->id : 0;
	b->want_col = 0;
	ui_undo(redo);
}

/* s: stored order, by due date, by priority, and round again; the
 * selected card stays selected. */
static void
cycle_sort(struct board_priv *b)
{
	static const char *const names[] = { "the stored order", "by due date", "by priority" };
	struct colstate *c = &b->cs[b->col];
	struct card *card = selected(b);
	lid id = card ? card->id : 0;

	c->sort = (c->sort + 1) % ORDER_COUNT;
	drop_window(&b->v.cols[b->col]);
	select_card(b, id, 0);
	ui_message("%s: %s", b->v.cols[b->col].name, names[c->sort]);
}

static void
select_row(struct board_priv *b, int row)
{
	struct colstate *c;

	if (b->col >= b->v.ncols)
		return;
	c = &b->cs[b->col];
	c->sel = row < 0 ? 0 : row >= c->count ? (c->count ? c->count - 1 : 0) : row;
}

/* A click selects the column under it, and the card on that line; true
 * when there is one. */
static bool
board_click(struct pane *p, int y, int x)
{
	struct board_priv *b = priv(p);
	int shown = columns_shown(p), right = 0;

	for (int i = 0; i < shown && b->left + i < b->v.ncols; i++) {
		struct colstate *c = &b->cs[b->left + i];

		right += p->w / shown + (i < p->w % shown);
		if (x >= right)
			continue;
		b->col = b->left + i;
		if (y < 2 || c->top + y - 2 >= c->count)
			return false;
		c->sel = c->top + y - 2;
		return true;
	}
	return false;
}

static bool
board_action(struct pane *p, enum action a)
{
	struct board_priv *b = priv(p);
	struct colstate *c = b->col < b->v.ncols ? &b->cs[b->col] : NULL;
	struct card *card = selected(b);
	int page = p->h > 3 ? p->h - 3 : 1;

	switch (a) {
	case ACT_LEFT:
		b->col -= b->col > 0;
		return true;
	case ACT_RIGHT:
		b->col += b->col < b->v.ncols - 1;
		return true;
	case ACT_UP: select_row(b, c ? c->sel - 1 : 0); return true;
	case ACT_DOWN: select_row(b, c ? c->sel + 1 : 0); return true;
	case ACT_FIRST: select_row(b, 0); return true;
	case ACT_LAST: select_row(b, c ? c->count - 1 : 0); return true;
	case ACT_PAGE_UP: select_row(b, c ? c->sel - page : 0); return true;
	case ACT_PAGE_DOWN: select_row(b, c ? c->sel + page : 0); return true;
	case ACT_HALF_UP: select_row(b, c ? c->sel - (page + 1) / 2 : 0); return true;
	case ACT_HALF_DOWN: select_row(b, c ? c->sel + (page + 1) / 2 : 0); return true;
	case ACT_MOVE_LEFT: move_sideways(p, -1); return true;
	case ACT_MOVE_RIGHT: move_sideways(p, 1); return true;
	case ACT_MOVE_UP: move_vertically(p, -1); return true;
	case ACT_MOVE_DOWN: move_vertically(p, 1); return true;
	case ACT_CARD_NEW:      /* NEED_COLUMN: it has one */
		b->target = b->v.cols[b->col].id;
		ui_prompt("New card: ", "", new_card_done, p);
		return true;
	case ACT_CARD_RENAME:
		b->target = card->id;
		ui_prompt("Title: ", card->title, rename_done, p);
		return true;
	case ACT_CARD_DELETE: {
		char q[160], t[100];
		int used;
		b->target = card->id;
		text_fit(card->title, 40, t, sizeof(t), &used);
		snprintf(q, sizeof(q), "Delete \"%s\"?", t);
		ui_confirm(q, delete_yes, p);
		return true;
	}
	case ACT_UNDO: undo(p, false); return true;
	case ACT_REDO: undo(p, true); return true;
	case ACT_FILTER: ui_prompt_live("Filter: ", b->filter, filter_changed, p); return true;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		find_action(p, a);
		return true;
	case ACT_SEARCH: ui_push(&search_pane_ops, 0); return true;
	case ACT_BACK:
		if (!b->filter)
			return false;
		filter_changed(NULL, p);
		return true;
	case ACT_BOARDS:
		ui_push(ui_sync_account() ? &projects_pane_ops : &boards_pane_ops, 0);
		return true;
	case ACT_COLUMNS: ui_push(&columns_pane_ops, 0); return true;
	case ACT_SHOW_ARCHIVED:
		ui.show_archived = !ui.show_archived;
		b->want_card = card ? card->id : 0;
		b->want_col = 0;
		ui_store_changed();
		ui_message(ui.show_archived ? "archived cards shown (dimmed); Z hides them" :
		    "archived cards hidden");
		return true;
	case ACT_SORT:          /* NEED_COLUMN: it has one */
		cycle_sort(b);
		return true;
	default:
		return false;
	}
}

static const struct hint board_hints[] = {
	{ ACT_CARD_NEW, "new" }, { ACT_OPEN, "open" }, { ACT_FILTER, "filter" },
	{ ACT_SEARCH, "search" }, { ACT_CARD_RENAME, "rename" }, { ACT_BOARDS, "boards" },
	{ ACT_COLUMNS, "columns" }, { ACT_SORT, "sort" },
	{ ACT_NONE, NULL },
};

const struct pane_ops board_pane_ops = {
	.name = "board",
	.open = board_open,
	.draw = board_draw,
	.action = board_action,
	.reload = board_reload,
	.close = board_close,
	.card = board_card,
	.click = board_click,
	.hints = board_hints,
	.priv_size = sizeof(struct board_priv),
};
