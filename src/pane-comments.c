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
	int nlines, wrap_w, top;
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
	for (int i = 0; i < c->nlines; i++)
		free(c->lines[i].text);
	x_free(&c->lines);
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
	for (int i = 0; i < c->v.d.ncomments; i++) {
		const struct comment *m = &c->v.d.comments[i];
		char when[32], **body;
		char *author = text_sanitize(m->author, strlen(m->author));
		char *clean = text_sanitize_multiline(m->body, strlen(m->body));
		int n = text_wrap(clean, width > 4 ? width - 4 : 1, &body);

		time_format_local(m->created_at * 1000, when, sizeof(when));
		add_line(c, i, true, xasprintf(" %s  %s%s", author, when, m->mine ? "  (you)" : ""));
		for (int l = 0; l < n; l++)
			add_line(c, i, false, xasprintf("   %s", body[l]));
		add_line(c, i, false, xstrdup(""));
		text_lines_free(body, n);
		free(clean);
		free(author);
	}
}

/* Scrolls so the selected comment shows, from its header on. */
static void
scroll_to_selection(struct comments_priv *c, int rows)
{
	int first = -1, last = -1;

	for (int i = 0; i < c->nlines; i++) {
		if (c->lines[i].comment != c->lv.sel)
			continue;
		if (first < 0)
			first = i;
		last = i;
	}
	if (first < 0)
		return;
	if (last >= c->top + rows)
		c->top = last - rows + 1;
	if (first < c->top)
		c->top = first;
	if (c->top > c->nlines - rows)
		c->top = c->nlines - rows > 0 ? c->nlines - rows : 0;
}

static void
comments_draw(struct pane *p)
{
	struct comments_priv *c = priv(p);
	int rows = p->h - 2;

	if (!detail_view_heading(p, &c->v, "Comments on ", "  (a add, A editor, D delete)"))
		return;
	if (!c->v.d.ncomments) {
		ui_put(p->win, 2, 1, "No comments yet: a adds one, A writes a longer one in $EDITOR.",
		    p->w - 2, theme_attr(AREA_DIM), false);
		return;
	}
	if (c->wrap_w != p->w)
		layout(c, p->w);
	listview_scroll(&c->lv, c->lv.n);
	scroll_to_selection(c, rows);
	for (int r = 0; r < rows && c->top + r < c->nlines; r++) {
		const struct comment_line *l = &c->lines[c->top + r];
		int attr = c->v.d.comments[l->comment].system ? theme_attr(AREA_DIM) : 0;

		if (l->header)
			attr |= l->comment == c->lv.sel ? theme_attr(AREA_CARD_SEL) : theme_attr(AREA_HEADING);
		ui_put(p->win, 2 + r, 0, l->text, p->w, attr, l->header);
	}
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
	int rc = ui_edit_text("", &text, &e);

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

static bool
comments_action(struct pane *p, enum action a)
{
	struct comments_priv *c = priv(p);

	if (listview_action(&c->lv, a, 5))
		return true;
	switch (a) {
	case ACT_COMMENT_ADD: ui_prompt("Comment: ", "", add_done, p); return true;
	case ACT_COMMENT_WRITE: write_long(p); return true;
	case ACT_COMMENT_DELETE: ask_delete(p); return true;
	default: return false;
	}
}

const struct pane_ops comments_pane_ops = {
	.name = "comments",
	.side = true,
	.open = comments_reload,
	.draw = comments_draw,
	.action = comments_action,
	.reload = comments_reload,
	.close = comments_close,
	.card = comments_card,
	.priv_size = sizeof(struct comments_priv),
};
