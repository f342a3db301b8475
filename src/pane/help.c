/* Help: every keymap's keys and what they do, built from the action table
 * and the live keymaps, so a rebinding shows here at once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/keymap.h"
#include "lanes/theme.h"
#include "lanes/ui.h"

struct help_line {
	char *keys, *text;
	bool heading;
};

struct help_priv {
	struct help_line *lines;
	struct listview lv;
};

static void
add(struct help_priv *h, const char *keys, const char *text, bool heading)
{
	h->lines = xrealloc(h->lines, sizeof(*h->lines) * (h->lv.n + 1));
	h->lines[h->lv.n++] = (struct help_line){ xstrdup(keys), xstrdup(text), heading };
}

static void
add_binding(const char *map, const struct action_info *ai, const char *keys, void *ud)
{
	if (ai)
		add(ud, keys, ai->help, false);
	else
		add(ud, "", map, true);
}

static void
help_open(struct pane *p)
{
	keymap_each(add_binding, p->priv);
}

static void
help_draw(struct pane *p)
{
	struct help_priv *h = p->priv;
	int rows = p->h - 2, top = listview_show(p, &h->lv, 2, 1);

	ui_heading(p, " Keys (q closes; `bind KEYMAP KEY ACTION` in the config changes them)");
	for (int r = 0; r < rows && top + r < h->lv.n; r++) {
		struct help_line *l = &h->lines[top + r];
		int attr = top + r == h->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;

		if (l->heading) {
			ui_put(p->win, 2 + r, 0, l->text, p->w, theme_attr(AREA_HEADING) | attr, true);
			continue;
		}
		ui_put(p->win, 2 + r, 0, "  ", 2, attr, false);
		ui_put(p->win, 2 + r, 2, l->keys, 18, theme_attr(AREA_KEY) | attr, true);
		ui_put(p->win, 2 + r, 20, l->text, p->w - 20, attr, true);
	}
}

static bool
help_action(struct pane *p, enum action a)
{
	struct help_priv *h = p->priv;

	return listview_action(&h->lv, a, p->h - 3);
}

static void
help_close(struct pane *p)
{
	struct help_priv *h = p->priv;

	for (int i = 0; i < h->lv.n; i++) {
		free(h->lines[i].keys);
		free(h->lines[i].text);
	}
	free(h->lines);
}

const struct pane_ops help_pane_ops = {
	.name = "help",
	.open = help_open,
	.draw = help_draw,
	.action = help_action,
	.close = help_close,
	.priv_size = sizeof(struct help_priv),
};
