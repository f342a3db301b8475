/* The assignee picker: the board's members, as the service names them,
 * and "(nobody)" to clear; Enter sets the card's assignee. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui-detail.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

struct members_priv {
	char **names;   /* names[0] is NULL: nobody */
	struct listview lv;
};

static void
members_open(struct pane *p)
{
	struct members_priv *m = p->priv;
	struct card_detail d = { 0 };
	struct lanes_err e = { "" };
	char **names;
	int n = ui_sync_members(&names);

	m->lv.n = (n < 0 ? 0 : n) + 1;
	m->names = xcalloc((size_t)m->lv.n, sizeof(*m->names));
	for (int i = 1; i < m->lv.n; i++)
		m->names[i] = names[i - 1];
	free(names);
	/* the selection starts on the card's assignee */
	if (store_card_detail(ui.store, pane_arg(p), &d, &e) == 0 && d.assignees)
		for (int i = 1; i < m->lv.n; i++)
			if (str_eq(m->names[i], d.assignees))
				m->lv.sel = i;
	card_detail_free(&d);
}

static void
members_draw(struct pane *p)
{
	struct members_priv *m = p->priv;
	int rows = p->h - 2, top = listview_show(p, &m->lv, 2, 1);

	ui_heading(p, " Assignee (Enter sets, q back)");
	for (int r = 0; r < rows && top + r < m->lv.n; r++) {
		const char *name = m->names[top + r];
		int attr = top + r == m->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;

		ui_put(p->win, 2 + r, 0, " ", 1, attr, false);
		ui_put(p->win, 2 + r, 1, name ? name : "(nobody)", p->w - 1,
		    attr | (name ? 0 : theme_attr(AREA_DIM)), true);
	}
}

static bool
members_action(struct pane *p, enum action a)
{
	struct members_priv *m = p->priv;
	struct lanes_err e = { "" };
	const char *name = m->names[m->lv.sel];
	int rc;

	if (a != ACT_PICK)
		return listview_action(&m->lv, a, p->h - 3);
	rc = store_card_set_assignees(ui.store, pane_arg(p), name ? name : "", &e);
	ui_edit_done(rc, &e, "assignee cleared");
	if (rc == 0 && name)
		ui_message("assigned to %s", name);
	ui_pop();       /* frees name */
	return true;
}

static void
members_close(struct pane *p)
{
	struct members_priv *m = p->priv;

	text_lines_free(m->names, m->lv.n);
}

const struct pane_ops members_pane_ops = {
	.name = "members",
	.open = members_open,
	.draw = members_draw,
	.action = members_action,
	.close = members_close,
	.priv_size = sizeof(struct members_priv),
};
