/* The checklist pane: a card's items as "[x] text" lines, ticked with
 * Space, reordered with J/K. The board's "3/5" follows at once, since
 * every edit reloads every pane. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui-detail.h"

struct checklist_priv {
	struct detail_view v;
	struct listview lv;
	lid want;    /* the item to select after a reload */
	lid target;  /* the item a pending prompt or question is about */
};

static struct checklist_priv *
priv(struct pane *p)
{
	return p->priv;
}

static struct check_item *
selected(struct checklist_priv *c)
{
	return c->lv.n ? &c->v.d.checks[c->lv.sel] : NULL;
}

static void
checklist_reload(struct pane *p)
{
	struct checklist_priv *c = priv(p);
	struct check_item *it = selected(c);
	lid keep = c->want ? c->want : it ? it->id : 0;

	c->want = 0;
	detail_view_load(p, &c->v);
	c->lv.n = c->v.ok ? c->v.d.nchecks : 0;
	for (int i = 0; i < c->lv.n; i++)
		if (c->v.d.checks[i].id == keep)
			c->lv.sel = i;
	listview_clamp(&c->lv);
}

static void
checklist_close(struct pane *p)
{
	detail_view_free(&priv(p)->v);
}

static lid
checklist_card(struct pane *p)
{
	return detail_view_card(p, &priv(p)->v);
}

static void
checklist_draw(struct pane *p)
{
	struct checklist_priv *c = priv(p);
	int rows = p->h - 2, top = listview_show(p, &c->lv, 2, 1);
	char before[64];

	snprintf(before, sizeof(before), "Checklist %d/%d of ", c->v.d.checks_done, c->v.d.nchecks);
	if (!detail_view_heading(p, &c->v, before, ""))
		return;
	if (!c->lv.n)
		ui_put(p->win, 2, 1, "No items yet: press a to add one.", p->w - 2,
		    theme_attr(AREA_DIM), false);
	for (int r = 0; r < rows && top + r < c->lv.n; r++) {
		const struct check_item *it = &c->v.d.checks[top + r];
		char *text = text_sanitize(it->text, strlen(it->text)), *line;
		int attr = top + r == c->lv.sel ? theme_attr(AREA_CARD_SEL)
		    : it->done ? theme_attr(AREA_CARD_DONE) : 0;

		line = xasprintf(" [%c] %s", it->done ? 'x' : ' ', text);
		ui_put(p->win, 2 + r, 0, line, p->w, attr, true);
		free(line);
		free(text);
	}
}

/* After an edit of item want, which stays selected. */
static void
edited(struct pane *p, int rc, const struct lanes_err *e, lid want, const char *what)
{
	if (rc == 0)
		priv(p)->want = want;
	ui_edit_done(rc, e, what);
}

static void
add_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };
	lid id = 0;

	if (!*text) {
		ui_message("cancelled: an item needs text");
		return;
	}
	edited(ud, store_check_add(ui.store, pane_arg(ud), text, &id, &e), &e, id, NULL);
}

static void
rename_done(const char *text, void *ud)
{
	struct lanes_err e = { "" };
	lid id = priv(ud)->target;

	edited(ud, store_check_rename(ui.store, id, text, &e), &e, id, NULL);
}

static void
delete_yes(void *ud)
{
	struct lanes_err e = { "" };

	edited(ud, store_check_delete(ui.store, priv(ud)->target, &e), &e, 0,
	    "item deleted; u undoes it");
}

/* The edits of the selected item; false when a is none of them. */
static bool
item_action(struct pane *p, struct check_item *it, enum action a)
{
	struct lanes_err e = { "" };
	char q[160], t[100];
	int used;

	switch (a) {
	case ACT_CHECK_TOGGLE:
		edited(p, store_check_toggle(ui.store, it->id, &e), &e, it->id, NULL);
		return true;
	case ACT_CHECK_UP:
	case ACT_CHECK_DOWN:
		edited(p, store_check_shift(ui.store, it->id, a == ACT_CHECK_UP ? -1 : 1, &e), &e,
		    it->id, NULL);
		return true;
	case ACT_CHECK_RENAME:
		priv(p)->target = it->id;
		ui_prompt("Item: ", it->text, rename_done, p);
		return true;
	case ACT_CHECK_DELETE:
		priv(p)->target = it->id;
		text_fit(it->text, 40, t, sizeof(t), &used);
		snprintf(q, sizeof(q), "Delete \"%s\"?", t);
		ui_confirm(q, delete_yes, p);
		return true;
	default:
		return false;
	}
}

static bool
checklist_action(struct pane *p, enum action a)
{
	struct checklist_priv *c = priv(p);
	struct check_item *it = selected(c);

	if (listview_action(&c->lv, a, p->h - 3))
		return true;
	if (a == ACT_CHECK_ADD) {
		ui_prompt("New item: ", "", add_done, p);
		return true;
	}
	if (it)
		return item_action(p, it, a);
	return a == ACT_CHECK_TOGGLE || a == ACT_CHECK_UP || a == ACT_CHECK_DOWN ||
	    a == ACT_CHECK_RENAME || a == ACT_CHECK_DELETE;
}

static const struct hint checklist_hints[] = {
	{ ACT_CHECK_ADD, "add" }, { ACT_CHECK_TOGGLE, "tick" }, { ACT_CHECK_RENAME, "rename" },
	{ ACT_CHECK_DOWN, "move" }, { ACT_CHECK_DELETE, "delete" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops checklist_pane_ops = {
	.name = "checklist",
	.side = true,
	.open = checklist_reload,
	.draw = checklist_draw,
	.action = checklist_action,
	.reload = checklist_reload,
	.close = checklist_close,
	.card = checklist_card,
	.hints = checklist_hints,
	.priv_size = sizeof(struct checklist_priv),
};
