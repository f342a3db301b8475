/* The column editor: add, rename, reorder and delete the open board's columns. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lanes/theme.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

struct columns_priv {
	struct board_view v;
	struct listview lv;
	lid want;
	lid target; /* the column a prompt renames, whatever reloads meanwhile */
};

static void
columns_reload(struct pane *p)
{
	struct columns_priv *c = p->priv;
	struct lanes_err e = { "" };
	lid keep = c->want ? c->want : c->lv.n ? c->v.cols[c->lv.sel].id : 0;

	c->want = 0;
	board_view_free(&c->v);
	c->lv.n = 0;
	if (store_board_head(ui.store, ui.board, false, &c->v, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	c->lv.n = c->v.ncols;
	for (int i = 0; i < c->v.ncols; i++)
		if (c->v.cols[i].id == keep)
			c->lv.sel = i;
	listview_clamp(&c->lv);
}

static void
columns_draw(struct pane *p)
{
	struct columns_priv *c = p->priv;
	int rows = p->h - 2, top = listview_show(p, &c->lv, 2, 1);

	ui_heading(p, " Columns (u undoes on the board)");
	if (!c->lv.n)
		ui_put(p->win, 2, 1, "No columns yet: press n to add one.", p->w - 2, 0, false);
	for (int r = 0; r < rows && top + r < c->lv.n; r++) {
		struct column *col = &c->v.cols[top + r];
		char line[512], count[48], limit[16] = "";
		int attr = top + r == c->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;

		snprintf(line, sizeof(line), " %d. %s", top + r + 1, col->name);
		if (col->wip)
			snprintf(limit, sizeof(limit), "limit %3d  ", col->wip);
		snprintf(count, sizeof(count), "%s%6d %-5s", limit, col->count,
		    col->count == 1 ? "card" : "cards");
		ui_list_row(p, 2 + r, line, count, attr);
	}
}

static struct column *
sel(struct columns_priv *c)
{
	return c->lv.n ? &c->v.cols[c->lv.sel] : NULL;
}

static void
edited(struct pane *p, int rc, struct lanes_err *e, lid want)
{
	struct columns_priv *c = p->priv;

	if (rc < 0) {
		ui_error("%s", e->msg);
		return;
	}
	c->want = want;
	ui_store_changed();
}

static void
add_done(const char *name, void *ud)
{
	struct pane *p = ud;
	struct column *col = sel(p->priv);
	struct lanes_err e = { "" };
	lid id = 0;
	int rc = store_column_add(ui.store, ui.board, name, col ? col->id : 0, &id, &e);

	edited(p, rc, &e, id);
}

static void
rename_done(const char *name, void *ud)
{
	struct pane *p = ud;
	lid id = ((struct columns_priv *)p->priv)->target;
	struct lanes_err e = { "" };

	edited(p, store_column_rename(ui.store, id, name, &e), &e, id);
}

/* A number from 1 to WIP_MAX, or nothing to clear the limit. */
static void
wip_done(const char *text, void *ud)
{
	struct pane *p = ud;
	lid id = ((struct columns_priv *)p->priv)->target;
	struct lanes_err e = { "" };
	long limit = 0;

	if (*text && (!str_to_long(text, &limit) || limit < 1 || limit > WIP_MAX)) {
		ui_error("a WIP limit is a number from 1 to %d, not \"%s\"", WIP_MAX, text);
		return;
	}
	edited(p, store_column_set_wip(ui.store, id, (int)limit, &e), &e, id);
	if (ui_sync_account() && !e.msg[0])
		ui_message("WIP limits are kept on this machine");
}

static bool
columns_action(struct pane *p, enum action a)
{
	struct columns_priv *c = p->priv;
	struct column *col = sel(c);
	struct lanes_err e = { "" };

	if (listview_action(&c->lv, a, p->h - 3))
		return true;
	if (a == ACT_COLUMN_NEW) {
		ui_prompt("New column: ", "", add_done, p);
		return true;
	}
	if (!col)
		return a == ACT_COLUMN_RENAME || a == ACT_COLUMN_UP || a == ACT_COLUMN_DOWN ||
		    a == ACT_COLUMN_DELETE || a == ACT_COLUMN_WIP;
	switch (a) {
	case ACT_COLUMN_RENAME:
		c->target = col->id;
		ui_prompt("Column name: ", col->name, rename_done, p);
		return true;
	case ACT_COLUMN_UP:
	case ACT_COLUMN_DOWN:
		if ((a == ACT_COLUMN_UP && c->lv.sel == 0) ||
		    (a == ACT_COLUMN_DOWN && c->lv.sel == c->lv.n - 1))
			return true;
		edited(p, store_column_shift(ui.store, col->id, a == ACT_COLUMN_UP ? -1 : 1, &e), &e,
		    col->id);
		return true;
	case ACT_COLUMN_DELETE:
		edited(p, store_column_delete(ui.store, col->id, &e), &e, 0);
		return true;
	case ACT_COLUMN_WIP: {
		char now[16] = "";
		if (col->wip)
			snprintf(now, sizeof(now), "%d", col->wip);
		c->target = col->id;
		ui_prompt("WIP limit (empty clears): ", now, wip_done, p);
		return true;
	}
	default:
		return false;
	}
}

static void
columns_close(struct pane *p)
{
	struct columns_priv *c = p->priv;

	board_view_free(&c->v);
}

static const struct hint columns_hints[] = {
	{ ACT_COLUMN_NEW, "add" }, { ACT_COLUMN_RENAME, "rename" }, { ACT_COLUMN_DOWN, "move" },
	{ ACT_COLUMN_WIP, "WIP limit" }, { ACT_COLUMN_DELETE, "delete" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops columns_pane_ops = {
	.name = "columns",
	.open = columns_reload,
	.draw = columns_draw,
	.action = columns_action,
	.reload = columns_reload,
	.close = columns_close,
	.hints = columns_hints,
	.priv_size = sizeof(struct columns_priv),
};
