/* The board picker: switch to, create, rename or delete local boards. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui.h"

struct boards_priv {
	struct board *boards;
	struct listview lv;
	lid target; /* the board a prompt or question is about */
};

static void
boards_reload(struct pane *p)
{
	struct boards_priv *b = p->priv;
	struct lanes_err e = { "" };
	lid keep = b->lv.n ? b->boards[b->lv.sel].id : ui.board;

	boards_free(&b->boards, b->lv.n);
	if (store_boards(ui.store, &b->boards, &b->lv.n, &e) < 0)
		ui_error("%s", e.msg);
	for (int i = 0; i < b->lv.n; i++)
		if (b->boards[i].id == keep)
			b->lv.sel = i;
	listview_clamp(&b->lv);
}

static void
boards_draw(struct pane *p)
{
	struct boards_priv *b = p->priv;
	int rows = p->h - 2, top = listview_show(p, &b->lv, 2, 1);

	ui_heading(p, " Boards");
	for (int r = 0; r < rows && top + r < b->lv.n; r++) {
		struct board *bd = &b->boards[top + r];
		char line[512], count[160];
		int attr = top + r == b->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;

		snprintf(line, sizeof(line), " %s %s", bd->id == ui.board ? "*" : " ", bd->name);
		snprintf(count, sizeof(count), "%6d %-5s  %-10.40s", bd->ncards,
		    bd->ncards == 1 ? "card" : "cards", bd->account);
		ui_list_row(p, 2 + r, line, count, attr);
	}
}

static struct board *
sel(struct pane *p)
{
	struct boards_priv *b = p->priv;

	return b->lv.n ? &b->boards[b->lv.sel] : NULL;
}

static void
edited(int rc, struct lanes_err *e)
{
	if (rc < 0)
		ui_error("%s", e->msg);
	ui_store_changed();
}

static void
new_done(const char *name, void *ud)
{
	struct lanes_err e = { "" };
	lid id;

	if (store_board_add(ui.store, name, &id, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	ui_open_board(id);
	ui_message("created board \"%s\" with columns To Do, Doing, Done", name);
}

static void
rename_done(const char *name, void *ud)
{
	struct boards_priv *b = ((struct pane *)ud)->priv;
	struct lanes_err e = { "" };

	edited(store_board_rename(ui.store, b->target, name, &e), &e);
}

static void
delete_yes(void *ud)
{
	struct boards_priv *b = ((struct pane *)ud)->priv;
	struct lanes_err e = { "" };
	lid id = b->target;

	if (store_board_delete(ui.store, id, &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	if (id == ui.board) {
		lid next;
		if (store_board_default(ui.store, &next, &e) < 0) {
			ui_error("%s", e.msg);
			return;
		}
		ui.board = next;
	}
	ui_store_changed();
	ui_message("board deleted");
}

static bool
boards_action(struct pane *p, enum action a)
{
	struct boards_priv *b = p->priv;
	struct board *bd = sel(p);
	char q[300];

	if (listview_action(&b->lv, a, p->h - 3))
		return true;
	switch (a) {
	case ACT_PICK:
		if (bd)
			ui_open_board(bd->id);
		return true;
	case ACT_BOARD_NEW:
		ui_prompt("New board: ", "", new_done, p);
		return true;
	case ACT_BOARD_RENAME:
		if (bd) {
			b->target = bd->id;
			ui_prompt("Board name: ", bd->name, rename_done, p);
		}
		return true;
	case ACT_BOARD_DELETE:
		if (!bd)
			return true;
		snprintf(q, sizeof(q), "Delete board \"%.60s\" and its %d card%s? This cannot be undone.",
		    bd->name, bd->ncards, bd->ncards == 1 ? "" : "s");
		b->target = bd->id;
		ui_confirm(q, delete_yes, p);
		return true;
	default:
		return false;
	}
}

static void
boards_close(struct pane *p)
{
	struct boards_priv *b = p->priv;

	boards_free(&b->boards, b->lv.n);
}

static const struct hint boards_hints[] = {
	{ ACT_PICK, "open" }, { ACT_BOARD_NEW, "new" }, { ACT_BOARD_RENAME, "rename" },
	{ ACT_BOARD_DELETE, "delete" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops boards_pane_ops = {
	.name = "boards",
	.open = boards_reload,
	.draw = boards_draw,
	.action = boards_action,
	.reload = boards_reload,
	.close = boards_close,
	.hints = boards_hints,
	.priv_size = sizeof(struct boards_priv),
};
