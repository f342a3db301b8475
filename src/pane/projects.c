/* The board picker of an account: the levels its service declares, one
 * list at a time (Asana: its workspaces, then a workspace's projects);
 * Enter on an item of the last level opens it as a board, back goes up a
 * level. The lists come from the service while the pane waits, so the
 * screen never does. */
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

/* A level on the stack: the item picked above it and its list. */
struct level {
	char *parent, *name;    /* NULL at level 0 */
	cJSON *list;            /* {"items": [{"remote", "name"}]}, once it came */
	int sel;                /* kept while a deeper level shows */
};

struct projects_priv {
	char *account;
	const char *const *names;       /* the service's levels, NULL-terminated */
	struct level *stack;            /* one per level; depth of them are open */
	int nlevels, depth;
	int req;                        /* list request in flight, 0 none */
	char *error;
	struct listview lv;
};

static struct projects_priv *
priv(struct pane *p)
{
	return p->priv;
}

static struct level *
top(struct projects_priv *pp)
{
	return &pp->stack[pp->depth - 1];
}

/* The top level's items are boards. */
static bool
last_level(const struct projects_priv *pp)
{
	return pp->depth == pp->nlevels;
}

/* Rows before the items: "Boards on this machine" at the top level (or
 * alone, without an account to list). */
static int
skip(const struct projects_priv *pp)
{
	return pp->depth <= 1 ? 1 : 0;
}

static const cJSON *
items(struct projects_priv *pp)
{
	return pp->depth ? cJSON_GetObjectItemCaseSensitive(top(pp)->list, "items") : NULL;
}

static int
rows(struct projects_priv *pp)
{
	return cJSON_GetArraySize(items(pp)) + skip(pp);
}

static void
got_list(const cJSON *result, const char *error, void *ud)
{
	struct pane *p = ud;
	struct projects_priv *pp = priv(p);

	pp->req = 0;
	if (error) {
		pp->error = xstrdup(error);
	} else {
		cJSON_Delete(top(pp)->list);
		top(pp)->list = cJSON_Duplicate(result, 1);
	}
	pp->lv.n = rows(pp);
	ui_dirty_all();
}

/* Lists the top level inside the item picked above it. */
static void
ask(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	struct lanes_err e = { "" };

	x_free(&pp->error);
	pp->req = sync_list_level(pp->account, pp->depth - 1, top(pp)->parent, got_list, p, &e);
	if (pp->req < 0) {
		pp->req = 0;
		pp->error = xstrdup(e.msg);
	}
}

static void
projects_open(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	const char *account = ui_sync_account();

	pp->lv.n = 1;
	if (!account) {
		pp->error = xstrdup("no account: boards here are kept on this machine");
		return;
	}
	pp->account = xstrdup(account);
	pp->names = sync_account_picker(account);
	while (pp->names && pp->names[pp->nlevels])
		pp->nlevels++;
	if (!pp->nlevels) {
		pp->error = xstrdup("this account's service lists no boards");
		return;
	}
	pp->stack = xcalloc((size_t)pp->nlevels, sizeof(*pp->stack));
	pp->depth = 1;
	ask(p);
}

static void
level_clear(struct level *l)
{
	x_free(&l->parent);
	x_free(&l->name);
	cJSON_Delete(l->list);
	l->list = NULL;
	l->sel = 0;
}

static void
projects_close(struct pane *p)
{
	struct projects_priv *pp = priv(p);

	if (pp->req)
		sync_cancel(pp->req);
	for (int i = 0; i < pp->depth; i++)
		level_clear(&pp->stack[i]);
	free(pp->stack);
	free(pp->account);
	free(pp->error);
}

static const char *
item_name(const cJSON *it)
{
	const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));

	return n ? n : "?";
}

/* "asana: workspaces (...)", then "asana: projects in Acme (...)"; deeper
 * down, every item picked so far: "projects in Org / North". */
static void
heading(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	struct strbuf sb = { 0 };
	char *clean;

	sb_printf(&sb, " %s: %ss", pp->account, pp->names[pp->depth - 1]);
	for (int i = 1; i < pp->depth; i++)
		sb_printf(&sb, "%s%s", i == 1 ? " in " : " / ", pp->stack[i].name);
	if (last_level(pp))
		sb_puts(&sb, " (Enter opens the board");
	else
		sb_printf(&sb, " (Enter lists its %ss", pp->names[pp->depth]);
	sb_puts(&sb, pp->depth == 1 ? ", q closes)" : ", q goes back)");
	clean = text_sanitize(sb.buf, sb.len);
	ui_heading(p, clean);
	free(clean);
	sb_free(&sb);
}

static void
draw_rows(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	int n = p->h - 2, top = listview_show(p, &pp->lv, 2, 1);

	for (int r = 0; r < n && top + r < pp->lv.n; r++) {
		int i = top + r, attr = i == pp->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;
		char line[600], *clean;

		if (i < skip(pp))
			snprintf(line, sizeof(line), " Boards on this machine...");
		else
			snprintf(line, sizeof(line), " %s", item_name(cJSON_GetArrayItem(items(pp),
			    i - skip(pp))));
		clean = text_sanitize(line, strlen(line));
		ui_put(p->win, 2 + r, 0, clean, p->w, attr, true);
		free(clean);
	}
}

static void
projects_draw(struct pane *p)
{
	struct projects_priv *pp = priv(p);

	if (pp->depth)
		heading(p);
	else
		ui_heading(p, " boards (q closes)");
	draw_rows(p);
	if (pp->req)
		ui_put(p->win, 2 + pp->lv.n, 1, "loading...", p->w - 2, theme_attr(AREA_DIM), false);
	if (pp->error)
		ui_put(p->win, 3 + pp->lv.n, 1, pp->error, p->w - 2, theme_attr(AREA_ERROR), false);
}

/* Shows the next level inside item it. */
static void
descend(struct pane *p, const cJSON *it, const char *remote)
{
	struct projects_priv *pp = priv(p);
	struct level *l;

	top(pp)->sel = pp->lv.sel;
	l = &pp->stack[pp->depth++];
	l->parent = xstrdup(remote);
	l->name = xstrdup(item_name(it));
	pp->lv.sel = 0;
	pp->lv.n = 0;
	ask(p);
}

/* Back to the level above, as it was left. */
static void
ascend(struct pane *p)
{
	struct projects_priv *pp = priv(p);

	if (pp->req)
		sync_cancel(pp->req);
	pp->req = 0;
	x_free(&pp->error);
	level_clear(top(pp));
	pp->depth--;
	pp->lv.n = rows(pp);
	pp->lv.sel = top(pp)->sel;
	listview_clamp(&pp->lv);
}

static void
pick(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	int i = pp->lv.sel - skip(pp);
	const cJSON *it = cJSON_GetArrayItem(items(pp), i);
	const char *remote = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "remote"));
	struct lanes_err e = { "" };
	lid board;

	if (i < 0) {
		ui_pop();
		ui_push(&boards_pane_ops, 0);
	} else if (!remote || pp->req) {
		return;
	} else if (!last_level(pp)) {
		descend(p, it, remote);
	} else if (store_board_for_remote(ui.store, pp->account, remote, item_name(it), &board,
	    &e) < 0) {
		ui_error("%s", e.msg);
	} else {
		ui_open_board(board);
	}
}

static bool
projects_action(struct pane *p, enum action a)
{
	struct projects_priv *pp = priv(p);

	if (listview_action(&pp->lv, a, p->h - 3))
		return true;
	if (a == ACT_PICK) {
		pick(p);
		return true;
	}
	/* below the top level, back and quit go up one; at it they close */
	if ((a == ACT_BACK || a == ACT_QUIT) && pp->depth > 1) {
		ascend(p);
		return true;
	}
	return false;
}

const struct pane_ops projects_pane_ops = {
	.name = "projects",
	.open = projects_open,
	.draw = projects_draw,
	.action = projects_action,
	.close = projects_close,
	.priv_size = sizeof(struct projects_priv),
};
