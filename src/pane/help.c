/* Help: every keymap's keys and what they do, built from the action table
 * and the live keymaps, so a rebinding shows here at once. It opens at the
 * keys of the pane it was asked from, and / finds a text in it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/keymap.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui.h"

struct help_line {
	char *keys, *text;
	bool heading;
};

struct help_priv {
	struct help_line *lines;
	struct listview lv;
	char *find;     /* what / looked for last */
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

/* The section of the pane under help, at the top of the view. */
static void
show_section(struct help_priv *h, const char *map)
{
	for (int i = 0; i < h->lv.n; i++)
		if (h->lines[i].heading && str_eq(h->lines[i].text, map))
			h->lv.sel = h->lv.top = i;
}

static void
help_open(struct pane *p)
{
	struct pane *under = ui_under(p);

	keymap_each(add_binding, p->priv);
	if (under)
		show_section(p->priv, under->ops->name);
}

static bool
line_matches(const struct help_line *l, const char *text)
{
	return text_contains_ci(l->keys, text) || text_contains_ci(l->text, text);
}

/* The next line holding the text, from the selected one in direction dir
 * (0: the selected one too), wrapping round. */
static void
find_line(struct help_priv *h, int dir)
{
	int n = h->lv.n;

	if (!h->find) {
		ui_error("/ sets what to find");
		return;
	}
	for (int i = dir ? 1 : 0; n && i <= n; i++) {
		int at = ((h->lv.sel + (dir < 0 ? -i : i)) % n + n) % n;
		if (line_matches(&h->lines[at], h->find)) {
			h->lv.sel = at;
			return;
		}
	}
	ui_error("nothing holds \"%s\"", h->find);
}

static void
find_done(const char *text, void *ud)
{
	struct help_priv *h = ((struct pane *)ud)->priv;

	x_free(&h->find);
	if (!*text)
		return;
	h->find = xstrdup(text);
	h->lv.sel = 0;
	find_line(h, 0);
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

	switch (a) {
	case ACT_FIND:
		ui_prompt("Find: ", "", find_done, p);
		return true;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		find_line(h, a == ACT_FIND_NEXT ? 1 : -1);
		return true;
	default:
		return listview_action(&h->lv, a, p->h - 3);
	}
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
	free(h->find);
}

const struct pane_ops help_pane_ops = {
	.name = "help",
	.open = help_open,
	.draw = help_draw,
	.action = help_action,
	.close = help_close,
	.priv_size = sizeof(struct help_priv),
};
