/* The sync pane (S): every edit still waiting for a service, oldest
 * first, and the failed ones with the server's words. A failed edit can
 * be sent again, have its text changed, or be dropped. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/sync.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

struct sync_priv {
	struct outbox_op *ops;
	char **what;
	struct listview lv;
};

static struct sync_priv *
priv(struct pane *p)
{
	return p->priv;
}

static void
ops_clear(struct sync_priv *sp)
{
	for (int i = 0; i < sp->lv.n; i++)
		free(sp->what[i]);
	x_free(&sp->what);
	outbox_ops_free(&sp->ops, sp->lv.n);
	sp->lv.n = 0;
}

static void
sync_reload(struct pane *p)
{
	struct sync_priv *sp = priv(p);
	struct lanes_err e = { "" };
	lid keep = sp->lv.n ? sp->ops[sp->lv.sel].id : 0;

	ops_clear(sp);
	if (outbox_list(ui.store, NULL, &sp->ops, &sp->lv.n, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	sp->what = xcalloc((size_t)sp->lv.n + 1, sizeof(*sp->what));
	for (int i = 0; i < sp->lv.n; i++) {
		sp->what[i] = outbox_describe(ui.store, &sp->ops[i]);
		if (sp->ops[i].id == keep)
			sp->lv.sel = i;
	}
}

static void
sync_close(struct pane *p)
{
	ops_clear(priv(p));
}

/* Two lines an op: what it is, then why it waits (when it does). */
static void
draw_op(struct pane *p, int y, const struct outbox_op *op, const char *what, bool sel)
{
	int attr = sel ? theme_attr(AREA_CARD_SEL) : 0;
	char *line = xasprintf(" %-8s %-8s %s", op->failed ? "failed" : "pending", op->account,
	    what), *clean = text_sanitize(line, strlen(line));

	ui_put(p->win, y, 0, clean, p->w, attr, true);
	free(clean);
	free(line);
	if (!op->last_error)
		return;
	line = op->failed ? xasprintf("   %s", op->last_error)
	    : xasprintf("   %d tries; %s", op->attempts, op->last_error);
	clean = text_sanitize(line, strlen(line));
	ui_put(p->win, y + 1, 0, clean, p->w,
	    theme_attr(op->failed ? AREA_ERROR : AREA_DIM), true);
	free(clean);
	free(line);
}

static void
sync_draw(struct pane *p)
{
	struct sync_priv *sp = priv(p);
	int n = (p->h - 2) / 2, top = listview_show(p, &sp->lv, 2, 2);

	ui_heading(p, " Edits waiting for a service");
	if (!sp->lv.n)
		ui_put(p->win, 2, 1, "Nothing waits: every edit has reached its service.", p->w - 2,
		    theme_attr(AREA_DIM), false);
	for (int r = 0; r < n && top + r < sp->lv.n; r++)
		draw_op(p, 2 + 2 * r, &sp->ops[top + r], sp->what[top + r], top + r == sp->lv.sel);
}

static struct outbox_op *
selected(struct pane *p)
{
	struct sync_priv *sp = priv(p);

	return sp->lv.n ? &sp->ops[sp->lv.sel] : NULL;
}

static void
changed(int rc, const struct lanes_err *e, const char *done)
{
	if (rc < 0) {
		ui_error("%s", e->msg);
		return;
	}
	ui_store_changed();
	sync_kick();
	ui_message("%s", done);
}

static void
edit_done(const char *text, void *ud)
{
	struct pane *p = ud;
	struct outbox_op *op = selected(p);
	struct lanes_err e = { "" };

	if (op)
		changed(outbox_edit(ui.store, op->id, text, &e), &e, "changed; sending it again");
}

static void
discard_yes(void *ud)
{
	struct pane *p = ud;
	struct outbox_op *op = selected(p);
	struct lanes_err e = { "" };

	if (op)
		changed(outbox_discard(ui.store, op->id, &e), &e, "dropped");
}

static bool
sync_action(struct pane *p, enum action a)
{
	struct sync_priv *sp = priv(p);
	struct outbox_op *op = selected(p);
	struct lanes_err e = { "" };

	const char *dot = op ? strchr(op->op, '.') : NULL;

	if (listview_action(&sp->lv, a, (p->h - 2) / 2))
		return true;
	if (!op)
		return a == ACT_OP_RETRY || a == ACT_OP_EDIT || a == ACT_OP_DISCARD;
	switch (a) {
	case ACT_OP_RETRY:
		changed(outbox_retry(ui.store, op->id, &e), &e, "sending it again");
		return true;
	case ACT_OP_EDIT:
		if (!outbox_op_text(op))
			ui_error("this edit has no text to change; retry or discard it");
		else
			ui_prompt("Send instead: ", outbox_op_text(op), edit_done, p);
		return true;
	case ACT_OP_DISCARD:
		ui_confirm(dot && str_eq(dot, ".add") ? "Drop this edit and what it added here?"
		    : "Drop this edit? It will not reach the service.", discard_yes, p);
		return true;
	default:
		return false;
	}
}

static const struct hint sync_hints[] = {
	{ ACT_OP_RETRY, "retry" }, { ACT_OP_EDIT, "edit" }, { ACT_OP_DISCARD, "discard" },
	{ ACT_REFRESH, "refresh" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops sync_pane_ops = {
	.name = "sync",
	.side = true,
	.open = sync_reload,
	.draw = sync_draw,
	.action = sync_action,
	.reload = sync_reload,
	.close = sync_close,
	.hints = sync_hints,
	.priv_size = sizeof(struct sync_priv),
};
