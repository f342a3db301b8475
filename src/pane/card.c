/* The card pane: one card's fields, dates, progress and its description,
 * which scrolls. Beside the board on a wide screen, full-screen otherwise.
 * Fields change through status-line prompts, the description in $EDITOR. */
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
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

#define LABEL_W 11

struct card_priv {
	struct detail_view v;
	char **lines;     /* the description wrapped to wrap_w columns */
	int nlines, wrap_w;
	int top;          /* first description line shown */
};

static struct card_priv *
priv(struct pane *p)
{
	return p->priv;
}

static void
forget_lines(struct card_priv *c)
{
	text_lines_free(c->lines, c->nlines);
	c->lines = NULL;
	c->nlines = c->wrap_w = 0;
}

static void
card_reload(struct pane *p)
{
	forget_lines(priv(p));
	detail_view_load(p, &priv(p)->v);
}

static void
card_close(struct pane *p)
{
	detail_view_free(&priv(p)->v);
	forget_lines(priv(p));
}

static lid
card_card(struct pane *p)
{
	return detail_view_card(p, &priv(p)->v);
}

/* One "Label      value" line; returns the next line. */
static int
field(struct pane *p, int y, const char *label, const char *value)
{
	char *clean = text_sanitize(value, strlen(value));

	ui_put(p->win, y, 1, label, LABEL_W, theme_attr(AREA_DIM), true);
	ui_put(p->win, y, 1 + LABEL_W, clean, p->w - 2 - LABEL_W, 0, false);
	free(clean);
	return y + 1;
}

/* The heading holds the whole title, wrapped (but leaves the pane a few
 * lines); returns the line under it. */
static int
draw_title(struct pane *p, const struct card_detail *d)
{
	char *title = text_sanitize(d->title, strlen(d->title));
	char *head = xasprintf("#%lld %s", d->id, title), **lines;
	int n = text_wrap(head, p->w - 2, &lines), y;

	for (y = 0; y < n && y < p->h - 4; y++) {
		ui_put(p->win, y, 0, " ", 1, theme_attr(AREA_HEADING), true);
		ui_put(p->win, y, 1, lines[y], p->w - 1, theme_attr(AREA_HEADING), true);
	}
	ui_hline(p->win, y, 0, p->w, theme_attr(AREA_DIM));
	text_lines_free(lines, n);
	free(head);
	free(title);
	return y + 1;
}

static int
draw_fields(struct pane *p, const struct card_detail *d, int y)
{
	char buf[256], dur[32];

	snprintf(buf, sizeof(buf), "%s, position %d%s%s", d->column, d->position,
	    d->completed ? " (completed)" : "", d->archived ? " (archived)" : "");
	y = field(p, y, "Column", buf);
	y = field(p, y, "Priority", d->priority ? d->priority : "none");
	snprintf(buf, sizeof(buf), "%s%s%s", d->due_on ? d->due_on : "-",
	    d->start_on ? ", starts " : "", d->start_on ? d->start_on : "");
	y = field(p, y, "Due", buf);
	y = field(p, y, "Assignees", d->assignees ? d->assignees : "-");
	y = field(p, y, "Labels", d->labels ? d->labels : "-");
	time_format_local(d->created_at * 1000, buf, sizeof(buf));
	y = field(p, y, "Created", buf);
	time_format_local(d->updated_at * 1000, buf, sizeof(buf));
	y = field(p, y, "Updated", buf);
	if (d->nentries) {
		duration_format(d->tracked, dur, sizeof(dur));
		snprintf(buf, sizeof(buf), "%s in %d entr%s", dur, d->nentries,
		    d->nentries == 1 ? "y" : "ies");
		y = field(p, y, "Tracked", buf);
	}
	if (d->nchecks) {
		snprintf(buf, sizeof(buf), "%d/%d done", d->checks_done, d->nchecks);
		y = field(p, y, "Checklist", buf);
	}
	if (d->ncomments) {
		snprintf(buf, sizeof(buf), "%d", d->ncomments);
		y = field(p, y, "Comments", buf);
	}
	return y;
}

static void
draw_description(struct pane *p, struct card_priv *c, int y)
{
	int width = p->w - 2, rows = p->h - y - 1;

	ui_put(p->win, y, 0, " Description", 12, theme_attr(AREA_HEADING), false);
	if (width < 1 || rows < 1)
		return;
	if (c->wrap_w != width) {
		const char *text = c->v.d.description;
		char *clean = text_sanitize_multiline(text, strlen(text));
		forget_lines(c);
		c->nlines = text_wrap(clean, width, &c->lines);
		c->wrap_w = width;
		free(clean);
	}
	if (c->top > c->nlines - rows)
		c->top = c->nlines - rows;
	if (c->top < 0)
		c->top = 0;
	if (!c->nlines)
		ui_put(p->win, y + 1, 1, "(no description)", width, theme_attr(AREA_DIM), false);
	for (int r = 0; r < rows && c->top + r < c->nlines; r++)
		ui_put(p->win, y + 1 + r, 1, c->lines[c->top + r], width, 0, false);
}

static void
card_draw(struct pane *p)
{
	struct card_priv *c = priv(p);

	if (!c->v.ok)
		detail_view_heading(p, &c->v, "", "");
	else
		draw_description(p, c, draw_fields(p, &c->v.d, draw_title(p, &c->v.d)) + 1);
}

static void
rename_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	ui_edit_done(store_card_rename(ui.store, pane_arg(ud), text, &e), &e, "title changed");
}

static void
priority_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	ui_edit_done(store_card_set_priority(ui.store, pane_arg(ud), text, &e), &e, "priority set");
}

/* P: none, low, medium, high and round again */
static void
cycle_priority(struct pane *p)
{
	static const char *const order[] = { "none", "low", "medium", "high" };
	const char *now = priv(p)->v.d.priority;
	struct lanes_err e = { "" };
	size_t i = 0;
	char what[32];

	while (now && i < ARRAY_SIZE(order) - 1 && strcmp(order[i], now) != 0)
		i++;
	i = (i + 1) % ARRAY_SIZE(order);
	snprintf(what, sizeof(what), "priority %s", order[i]);
	ui_edit_done(store_card_set_priority(ui.store, pane_arg(p), order[i], &e), &e, what);
}

/* A date set (D, S) says the day it became, as the reloaded card has it. */
static void
date_done(struct pane *p, int rc, const struct lanes_err *e, bool due)
{
	const char *day;

	ui_edit_done(rc, e, due ? "due date cleared" : "start date cleared");
	day = due ? priv(p)->v.d.due_on : priv(p)->v.d.start_on;
	if (rc == 0 && priv(p)->v.ok && day)
		ui_message("%s %s", due ? "due" : "starts", day);
}

static void
due_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	date_done(ud, store_card_set_due(ui.store, pane_arg(ud), text, &e), &e, true);
}

static void
start_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	date_done(ud, store_card_set_start(ui.store, pane_arg(ud), text, &e), &e, false);
}

static void
assignees_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	ui_edit_done(store_card_set_assignees(ui.store, pane_arg(ud), text, &e), &e,
	    *text ? "assignee set" : "assignee cleared");
}

/* a: a picker of the members where the service lists them, else typed. */
static void
assign(struct pane *p)
{
	char **names;
	int n = ui_sync_members(&names);

	text_lines_free(names, n);
	if (n < 0)
		ui_prompt("Assignees (comma-separated; empty clears): ", priv(p)->v.d.assignees,
		    assignees_done, p);
	else if (n == 0)
		ui_error("no members known yet: R reads them from the service");
	else
		ui_push(&members_pane_ops, pane_arg(p));
}

static void
labels_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };

	ui_edit_done(store_card_set_labels(ui.store, pane_arg(ud), text, &e), &e, "labels set");
}

static void
edit_description(struct pane *p)
{
	struct card_priv *c = priv(p);
	struct lanes_err e = { "" };
	char *text;
	int rc = ui_edit_text(c->v.d.description, STORE_DESCRIPTION_MAX, &text, &e);

	if (rc < 0) {
		ui_error("%s", e.msg);
	} else if (rc == 0) {
		ui_message("description unchanged");
	} else {
		rc = store_card_set_description(ui.store, pane_arg(p), text, &e);
		free(text);
		ui_edit_done(rc, &e, "description saved");
	}
}

static bool
card_action(struct pane *p, enum action a)
{
	struct card_priv *c = priv(p);
	int page = p->h > 16 ? p->h - 14 : 1;

	switch (a) {
	case ACT_UP: c->top--; return true;
	case ACT_DOWN: c->top++; return true;
	case ACT_PAGE_UP: c->top -= page; return true;
	case ACT_PAGE_DOWN: c->top += page; return true;
	case ACT_HALF_UP: c->top -= (page + 1) / 2; return true;
	case ACT_HALF_DOWN: c->top += (page + 1) / 2; return true;
	case ACT_FIRST: c->top = 0; return true;
	case ACT_LAST: c->top = c->nlines; return true;
	case ACT_DESCRIBE: edit_description(p); return true;
	case ACT_CARD_RENAME: ui_prompt("Title: ", c->v.d.title, rename_done, p); return true;
	case ACT_PRIORITY:
		ui_prompt("Priority (high, medium, low, none; h m l n): ", c->v.d.priority,
		    priority_done, p);
		return true;
	case ACT_PRIORITY_CYCLE: cycle_priority(p); return true;
	case ACT_DUE:
		ui_prompt("Due (+3d, fri, next week, YYYY-MM-DD; empty clears): ", c->v.d.due_on,
		    due_done, p);
		return true;
	case ACT_LABELS:
		ui_prompt("Labels (comma-separated): ", c->v.d.labels, labels_done, p);
		return true;
	case ACT_START:
		ui_prompt("Starts (+3d, fri, next week, YYYY-MM-DD; empty clears): ", c->v.d.start_on,
		    start_done, p);
		return true;
	case ACT_ASSIGN: assign(p); return true;
	default:
		return false;
	}
}

static const struct hint card_hints[] = {
	{ ACT_DESCRIBE, "describe" }, { ACT_CARD_RENAME, "title" }, { ACT_PRIORITY, "priority" },
	{ ACT_DUE, "due" }, { ACT_LABELS, "labels" }, { ACT_ASSIGN, "assignee" },
	{ ACT_START, "start" }, { ACT_COMMENTS, "comments" }, { ACT_CHECKLIST, "checklist" },
	{ ACT_PRIORITY_CYCLE, "next priority" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops card_pane_ops = {
	.name = "card",
	.side = true,
	.open = card_reload,
	.draw = card_draw,
	.action = card_action,
	.reload = card_reload,
	.close = card_close,
	.card = card_card,
	.hints = card_hints,
	.priv_size = sizeof(struct card_priv),
};
