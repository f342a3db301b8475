/* The comments pane: a card's comments, oldest first, each a header (author
 * and local time) over its wrapped body. Comments written by the service
 * are dimmed; only one's own can be deleted. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/timefmt.h"
#include "lanes/ui-detail.h"
#include "lanes/ui-editor.h"
#include "lanes/ui.h"

struct comment_line {
	int comment;  /* index into d.comments */
	bool header;
	char *text;
};

struct comments_priv {
	struct detail_view v;
	bool opened;                /* loaded once: the selection starts at the newest */
	struct comment_line *lines; /* every comment laid out for wrap_w columns */
	int *start;                 /* start[i]: comment i's header line; start[n] = nlines */
	int nlines, wrap_w;
	/* the first line shown; while there is no layout, counted from the
	 * selected comment's header, so a reload or a resize keeps the place */
	int top;
	struct listview lv;         /* the selected comment */
	lid want;                   /* the comment to select after a reload */
	lid doomed;                 /* the comment a pending question deletes */
};

static struct comments_priv *
priv(struct pane *p)
{
	return p->priv;
}

static void
forget_lines(struct comments_priv *c)
{
	if (c->nlines && c->lv.n)
		c->top -= c->start[c->lv.sel];
	for (int i = 0; i < c->nlines; i++)
		free(c->lines[i].text);
	x_free(&c->lines);
	x_free(&c->start);
	c->nlines = c->wrap_w = 0;
}

static void
comments_reload(struct pane *p)
{
	struct comments_priv *c = priv(p);
	lid keep = c->want ? c->want : c->lv.n ? c->v.d.comments[c->lv.sel].id : 0;

	forget_lines(c);
	c->want = 0;
	detail_view_load(p, &c->v);
	c->lv.n = c->v.ok ? c->v.d.ncomments : 0;
	/* the newest comment is the one people open the pane to read */
	if (!c->opened)
		c->lv.sel = c->lv.n - 1;
	c->opened = true;
	for (int i = 0; i < c->lv.n; i++)
		if (c->v.d.comments[i].id == keep)
			c->lv.sel = i;
	listview_clamp(&c->lv);
}

static void
comments_close(struct pane *p)
{
	detail_view_free(&priv(p)->v);
	forget_lines(priv(p));
}

static lid
comments_card(struct pane *p)
{
	return detail_view_card(p, &priv(p)->v);
}

static void
add_line(struct comments_priv *c, int comment, bool header, char *text)
{
	c->lines = xrealloc(c->lines, sizeof(*c->lines) * (size_t)(c->nlines + 1));
	c->lines[c->nlines++] = (struct comment_line){ comment, header, text };
}

static void
layout(struct comments_priv *c, int width)
{
	forget_lines(c);
	c->wrap_w = width;
	c->start = xrealloc(NULL, sizeof(*c->start) * (size_t)(c->v.d.ncomments + 1));
	for (int i = 0; i < c->v.d.ncomments; i++) {
		const struct comment *m = &c->v.d.comments[i];
		char when[32], **body;
		char *author = text_sanitize(m->author, strlen(m->author));
		char *clean = text_sanitize_multiline(m->body, strlen(m->body));
		int n = text_wrap(clean, width > 4 ? width - 4 : 1, &body);

		time_format_local(m->created_at * 1000, when, sizeof(when));
		c->start[i] = c->nlines;
		add_line(c, i, true, xasprintf(" %s  %s%s", author, when, m->mine ? "  (you)" : ""));
		for (int l = 0; l < n; l++)
			add_line(c, i, false, xasprintf("   %s", body[l]));
		add_line(c, i, false, xstrdup(""));
		text_lines_free(body, n);
		free(clean);
		free(author);
	}
	c->start[c->v.d.ncomments] = c->nlines;
	if (c->lv.n)
		c->top += c->start[c->lv.sel];
}

/* Comment i's last line of text: the blank line after it is not part of it. */
static int
last_line(const struct comments_priv *c, int i)
{
	return c->start[i + 1] - 2;
}

/* The tops of a view that shows comment i as it should: all of it when it
 * fits, else a view full of its lines. */
static void
tops(const struct comments_priv *c, int i, int rows, int *lo, int *hi)
{
	int first = c->start[i], end = last_line(c, i) - rows + 1;

	*lo = first < end ? first : end;
	*hi = first < end ? end : first;
}

static bool
in_view(const struct comments_priv *c, int i, int rows)
{
	int lo, hi;

	tops(c, i, rows, &lo, &hi);
	return c->top >= lo && c->top <= hi;
}

/* Scrolls as little as it takes for the selected comment to be in view. */
static void
follow_selection(struct comments_priv *c, int rows)
{
	int lo, hi;

	tops(c, c->lv.sel, rows, &lo, &hi);
	if (c->top < lo)
		c->top = lo;
	if (c->top > hi)
		c->top = hi;
	if (c->top > c->nlines - rows)
		c->top = c->nlines - rows;
	if (c->top < 0)
		c->top = 0;
}

/* j and k: within a comment taller than the view they scroll it a line,
 * and only once its end (or header) shows do they select the next (or
 * previous) comment, which comes into view from the side they move to. */
static void
step(struct comments_priv *c, int rows, bool down)
{
	if (down && last_line(c, c->lv.sel) >= c->top + rows)
		c->top++;
	else if (!down && c->start[c->lv.sel] < c->top)
		c->top--;
	else if (down && c->lv.sel + 1 < c->lv.n)
		c->lv.sel++;
	else if (!down && c->lv.sel > 0)
		c->lv.sel--;
}

/* The page keys scroll by `by` lines (a view less one line, or half a
 * view as less's Ctrl-d and Ctrl-u do); they stop once at the end (or
 * header) of a tall comment, and a comment scrolled out of view hands the
 * selection to the next one in view. */
static void
scroll_page(struct comments_priv *c, int rows, int by, bool down)
{
	int first = c->start[c->lv.sel], end = last_line(c, c->lv.sel) - rows + 1;

	if (down && end > c->top) {
		c->top = c->top + by < end ? c->top + by : end;
	} else if (!down && first < c->top) {
		c->top = c->top - by > first ? c->top - by : first;
	} else if (down) {
		c->top += by;
		if (c->top > c->nlines - rows)
			c->top = c->nlines - rows > 0 ? c->nlines - rows : 0;
		while (!in_view(c, c->lv.sel, rows) && c->start[c->lv.sel] < c->top &&
		    c->lv.sel + 1 < c->lv.n)
			c->lv.sel++;
	} else {
		c->top = c->top > by ? c->top - by : 0;
		while (!in_view(c, c->lv.sel, rows) && last_line(c, c->lv.sel) >= c->top + rows &&
		    c->lv.sel > 0)
			c->lv.sel--;
	}
}

/* Over the rule under the heading, where a comment taller than the view
 * is: which of its lines show, and whether more follow. */
static void
draw_position(struct pane *p, const struct comments_priv *c, int rows)
{
	int first = c->start[c->lv.sel], n = last_line(c, c->lv.sel) - first + 1;
	int from = c->top - first + 1, to = c->top + rows - first;
	char buf[64];

	if (n <= rows)
		return;
	snprintf(buf, sizeof(buf), " lines %d-%d/%d%s ", from, to, n, to < n ? " \u2193 more" : "");
	if (text_width(buf) < p->w - 1)
		ui_put(p->win, 1, p->w - 1 - text_width(buf), buf, p->w, theme_attr(AREA_DIM), false);
}

static void
comments_draw(struct pane *p)
{
	struct comments_priv *c = priv(p);
	int rows = p->h - 2;

	if (!detail_view_heading(p, &c->v, "Comments on ", ""))
		return;
	if (!c->v.d.ncomments) {
		ui_put(p->win, 2, 1, "No comments yet: a adds one, A writes a longer one in $EDITOR.",
		    p->w - 2, theme_attr(AREA_DIM), false);
		return;
	}
	if (c->wrap_w != p->w)
		layout(c, p->w);
	follow_selection(c, rows);
	for (int r = 0; r < rows && c->top + r < c->nlines; r++) {
		const struct comment_line *l = &c->lines[c->top + r];
		int attr = c->v.d.comments[l->comment].system ? theme_attr(AREA_DIM) : 0;

		if (l->header)
			attr |= l->comment == c->lv.sel ? theme_attr(AREA_CARD_SEL) : theme_attr(AREA_HEADING);
		ui_put(p->win, 2 + r, 0, l->text, p->w, attr, l->header);
	}
	draw_position(p, c, rows);
}

/* An added comment is selected once the panes reload. */
static void
added(struct pane *p, int rc, const struct lanes_err *e, lid id)
{
	if (rc == 0)
		priv(p)->want = id;
	ui_edit_done(rc, e, "comment added");
}

static void
add_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };
	lid id = 0;

	if (!*text) {
		ui_message("cancelled: the comment was empty");
		return;
	}
	added(ud, store_comment_add(ui.store, pane_arg(ud), text, &id, &e), &e, id);
}

static void
write_long(struct pane *p)
{
	struct lanes_err e = { "" };
	char *text;
	lid id = 0;
	int rc = ui_edit_text("", STORE_COMMENT_MAX, &text, &e);

	if (rc < 0) {
		ui_error("%s", e.msg);
	} else if (rc == 0) {
		ui_message("cancelled: the comment was empty");
	} else {
		rc = store_comment_add(ui.store, pane_arg(p), text, &id, &e);
		free(text);
		added(p, rc, &e, id);
	}
}

static void
delete_yes(void *ud)
{
	struct lanes_err e = { "" };

	ui_edit_done(store_comment_delete(ui.store, priv(ud)->doomed, &e), &e,
	    "comment deleted; u undoes it");
}

static void
ask_delete(struct pane *p)
{
	struct comments_priv *c = priv(p);
	const struct comment *m = c->lv.n ? &c->v.d.comments[c->lv.sel] : NULL;

	if (!m)
		ui_error("no comment selected");
	else if (!m->mine)
		ui_error("only your own comments can be deleted");
	else {
		c->doomed = m->id;
		ui_confirm("Delete this comment?", delete_yes, p);
	}
}

/* The keys that move through the comments; false for any other. */
static bool
navigate(struct pane *p, struct comments_priv *c, enum action a)
{
	int rows = p->h - 2;
	int page = rows > 2 ? rows - 1 : 1, half = rows > 1 ? rows / 2 : 1;

	if (a != ACT_UP && a != ACT_DOWN && a != ACT_PAGE_UP && a != ACT_PAGE_DOWN &&
	    a != ACT_HALF_UP && a != ACT_HALF_DOWN && a != ACT_FIRST && a != ACT_LAST)
		return false;
	/* a key read in the same batch as a reload or a resize comes before
	 * the draw that would lay the comments out again */
	if (c->wrap_w != p->w)
		layout(c, p->w);
	if (!c->lv.n || rows < 1)
		return true;
	switch (a) {
	case ACT_UP: step(c, rows, false); break;
	case ACT_DOWN: step(c, rows, true); break;
	case ACT_PAGE_UP: scroll_page(c, rows, page, false); break;
	case ACT_PAGE_DOWN: scroll_page(c, rows, page, true); break;
	case ACT_HALF_UP: scroll_page(c, rows, half, false); break;
	case ACT_HALF_DOWN: scroll_page(c, rows, half, true); break;
	case ACT_FIRST: c->lv.sel = 0; c->top = 0; break;
	default: c->lv.sel = c->lv.n - 1; c->top = c->start[c->lv.sel]; break;
	}
	follow_selection(c, rows);
	return true;
}

static bool
comments_action(struct pane *p, enum action a)
{
	struct comments_priv *c = priv(p);

	if (navigate(p, c, a))
		return true;
	switch (a) {
	case ACT_COMMENT_ADD: ui_prompt("Comment: ", "", add_done, p); return true;
	case ACT_COMMENT_WRITE: write_long(p); return true;
	case ACT_COMMENT_DELETE: ask_delete(p); return true;
	default: return false;
	}
}

static const struct hint comments_hints[] = {
	{ ACT_COMMENT_ADD, "add" }, { ACT_COMMENT_WRITE, "editor" }, { ACT_COMMENT_DELETE, "delete" },
	{ ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops comments_pane_ops = {
	.name = "comments",
	.side = true,
	.open = comments_reload,
	.draw = comments_draw,
	.action = comments_action,
	.reload = comments_reload,
	.close = comments_close,
	.card = comments_card,
	.hints = comments_hints,
	.priv_size = sizeof(struct comments_priv),
};
