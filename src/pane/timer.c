/* The timer pane: a card's time entries, newest first, with their total and
 * the running timer's clock. Time is logged by hand here, and entries are
 * corrected or deleted; t (a generic key) starts and stops the timer. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "lanes/theme.h"
#include "lanes/timefmt.h"
#include "lanes/ui.h"

#define HEAD_ROWS 4 /* heading, rule, total, blank */

struct timer_priv {
	struct time_log log;
	struct listview lv;
	bool gone;      /* the card was deleted under the pane */
	lid want;       /* the entry to select after the next reload */
	lid target;     /* the entry a prompt or question is about */
	long seconds;   /* a new entry's duration, between its two prompts */
};

static struct timer_priv *
priv(struct pane *p)
{
	return p->priv;
}

static struct card_time_entry *
selected(struct timer_priv *t)
{
	return t->lv.n ? &t->log.entries[t->lv.sel] : NULL;
}

static void
timer_reload(struct pane *p)
{
	struct timer_priv *t = priv(p);
	struct card_time_entry *sel = selected(t);
	struct lanes_err e = { "" };
	lid keep = t->want ? t->want : sel ? sel->id : 0;

	t->want = 0;
	time_log_free(&t->log);
	t->gone = store_time_log(ui.store, pane_arg(p), &t->log, &e) < 0;
	t->lv.n = t->log.n;
	for (int i = 0; i < t->log.n; i++)
		if (t->log.entries[i].id == keep)
			t->lv.sel = i;
	listview_clamp(&t->lv);
}

static void
draw_totals(struct pane *p)
{
	struct timer_priv *t = priv(p);
	long running = ui_timer_elapsed(pane_arg(p));
	char total[32], clock[32], line[128];
	int x;

	duration_format(t->log.total, total, sizeof(total));
	snprintf(line, sizeof(line), " Total %s in %d entr%s", total, t->log.n,
	    t->log.n == 1 ? "y" : "ies");
	x = ui_put(p->win, 2, 0, line, p->w, theme_attr(AREA_HEADING), false);
	if (running < 0)
		return;
	duration_format(running, clock, sizeof(clock));
	snprintf(line, sizeof(line), "   ⏱ running %s", clock);
	ui_put(p->win, 2, x, line, p->w - x, theme_attr(AREA_TIMER), false);
}

static void
draw_entry(struct pane *p, int y, const struct card_time_entry *te, bool sel)
{
	char when[32], dur[32], line[96];
	int attr = sel ? theme_attr(AREA_CARD_SEL) : 0, x;
	long long at = te->started_at ? te->started_at : te->created_at;

	if (time_format_local(at * 1000, when, sizeof(when)) < 0)
		snprintf(when, sizeof(when), "%16s", "?");
	duration_format(te->seconds, dur, sizeof(dur));
	snprintf(line, sizeof(line), " %s %10s  ", when, dur);
	x = ui_put(p->win, y, 0, line, p->w, attr, false);
	ui_put(p->win, y, x, te->note, p->w - x, attr, true);
}

static void
timer_draw(struct pane *p)
{
	struct timer_priv *t = priv(p);
	int rows = p->h - HEAD_ROWS, top = listview_show(p, &t->lv, HEAD_ROWS, 1);
	char *title;

	if (t->gone) {
		ui_heading(p, " Time");
		ui_put(p->win, 2, 1, "This card was deleted.", p->w - 2, 0, false);
		return;
	}
	title = xasprintf(" Time on %s", t->log.title);
	ui_heading(p, title);
	free(title);
	draw_totals(p);
	if (!t->lv.n)
		ui_put(p->win, HEAD_ROWS, 1, "No time logged yet: t starts the timer, a logs time by hand.",
		    p->w - 2, theme_attr(AREA_DIM), false);
	for (int r = 0; r < rows && top + r < t->lv.n; r++)
		draw_entry(p, HEAD_ROWS + r, &t->log.entries[top + r], top + r == t->lv.sel);
}

static void
edited(struct pane *p, int rc, const struct lanes_err *e, lid want)
{
	if (rc < 0) {
		ui_error("%s", e->msg);
		return;
	}
	priv(p)->want = want;
	ui_store_changed();
}

static void
add_note_done(const char *note, void *ud)
{
	struct pane *p = ud;
	struct lanes_err e = { "" };
	lid id = 0;
	int rc = store_time_add(ui.store, pane_arg(p), priv(p)->seconds, note, &id, &e);

	edited(p, rc, &e, id);
}

static void
add_duration_done(const char *text, void *ud)
{
	struct pane *p = ud;
	struct lanes_err e = { "" };

	if (duration_parse(text, &priv(p)->seconds, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	ui_prompt("Note (optional): ", "", add_note_done, p);
}

static void
edit_done(const char *text, void *ud)
{
	struct pane *p = ud;
	struct timer_priv *t = priv(p);
	struct card_time_entry *te = selected(t);
	struct lanes_err e = { "" };
	long secs;

	if (!te || te->id != t->target)
		return;
	if (duration_parse(text, &secs, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	edited(p, store_time_edit(ui.store, te->id, secs, te->note, &e), &e, te->id);
}

static void
delete_yes(void *ud)
{
	struct pane *p = ud;
	struct lanes_err e = { "" };
	int rc = store_time_delete(ui.store, priv(p)->target, &e);

	edited(p, rc, &e, 0);
	if (rc == 0)
		ui_message("time entry deleted; u undoes it");
}

static void
ask(struct pane *p, enum action a, struct card_time_entry *te)
{
	char dur[32], q[96];

	priv(p)->target = te->id;
	duration_format(te->seconds, dur, sizeof(dur));
	if (a == ACT_TIME_EDIT) {
		ui_prompt("Duration (1h30m, 45m, 2:15): ", dur, edit_done, p);
	} else {
		snprintf(q, sizeof(q), "Delete the entry of %s?", dur);
		ui_confirm(q, delete_yes, p);
	}
}

static bool
timer_action(struct pane *p, enum action a)
{
	struct timer_priv *t = priv(p);

	if (listview_action(&t->lv, a, p->h - HEAD_ROWS - 1))
		return true;
	switch (a) {
	case ACT_TIME_ADD:
		if (!t->gone)
			ui_prompt("Duration (1h30m, 45m, 2:15): ", "", add_duration_done, p);
		return true;
	case ACT_TIME_EDIT:
	case ACT_TIME_DELETE:
		if (selected(t))
			ask(p, a, selected(t));
		else
			ui_error("no time entry selected");
		return true;
	default:
		return false;
	}
}

static lid
timer_card(struct pane *p)
{
	return priv(p)->gone ? 0 : pane_arg(p);
}

static void
timer_close(struct pane *p)
{
	time_log_free(&priv(p)->log);
}

static const struct hint timer_hints[] = {
	{ ACT_TIME_ADD, "add" }, { ACT_TIME_EDIT, "edit" }, { ACT_TIME_DELETE, "delete" },
	{ ACT_TIMER, "timer" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops timer_pane_ops = {
	.name = "timer",
	.side = true,
	.open = timer_reload,
	.draw = timer_draw,
	.action = timer_action,
	.reload = timer_reload,
	.close = timer_close,
	.card = timer_card,
	.hints = timer_hints,
	.priv_size = sizeof(struct timer_priv),
};
