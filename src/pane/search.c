/* Search across boards: a prompt that follows the typing, then the cards
 * of every board that hold the text; Enter opens one on its board. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lanes/theme.h"
#include "lanes/ui.h"

struct search_priv {
	char *text;             /* the search shown; NULL before the first */
	char *before;           /* the one shown when the prompt opened */
	struct search_hit *hits;
	struct listview lv;
};

static void
run_search(struct search_priv *s, const char *text)
{
	struct lanes_err e = { "" };
	lid keep = s->lv.n ? s->hits[s->lv.sel].card : 0;
	char *copy = text && *text ? xstrdup(text) : NULL;

	search_hits_free(&s->hits, s->lv.n);
	s->lv.n = 0;
	free(s->text);
	s->text = copy;
	if (copy && store_search(ui.store, 0, copy, &s->hits, &s->lv.n, &e) < 0)
		ui_error("%s", e.msg);
	s->lv.sel = 0;
	for (int i = 0; i < s->lv.n; i++)
		if (s->hits[i].card == keep)
			s->lv.sel = i;
}

/* Esc brings back the search shown before, or, when there was none,
 * leaves the pane. */
static void
search_changed(const char *text, void *ud)
{
	struct pane *p = ud;
	struct search_priv *s = p->priv;

	if (text)
		run_search(s, text);
	else if (s->before)
		run_search(s, s->before);
	else
		ui_pop();
}

static void
ask(struct pane *p)
{
	struct search_priv *s = p->priv;

	free(s->before);
	s->before = s->text ? xstrdup(s->text) : NULL;
	ui_prompt_live("Search: ", s->text, search_changed, p);
}

static void
search_reload(struct pane *p)
{
	struct search_priv *s = p->priv;
	char *text = s->text ? xstrdup(s->text) : NULL;

	run_search(s, text);
	free(text);
}

static void
search_draw(struct pane *p)
{
	struct search_priv *s = p->priv;
	int rows = p->h - 2, top = listview_show(p, &s->lv, 2, 1);
	int bw = p->w / 4, cw = p->w / 5;
	char head[512];

	if (!s->text)
		snprintf(head, sizeof(head), " Search every board: type a text");
	else
		snprintf(head, sizeof(head), " \"%s\": %d card%s",
		    s->text, s->lv.n, s->lv.n == 1 ? "" : "s");
	ui_heading(p, head);
	if (s->text && !s->lv.n)
		ui_put(p->win, 2, 1, "(no card holds it)", p->w - 2, theme_attr(AREA_DIM), false);
	for (int r = 0; r < rows && top + r < s->lv.n; r++) {
		struct search_hit *h = &s->hits[top + r];
		int attr = top + r == s->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;

		ui_put(p->win, 2 + r, 0, " ", 1, attr, false);
		ui_put(p->win, 2 + r, 1, h->board_name, bw - 2, attr | theme_attr(AREA_DIM), true);
		ui_put(p->win, 2 + r, bw - 1, " ", 1, attr, false);
		ui_put(p->win, 2 + r, bw, h->column_name, cw - 1, attr | theme_attr(AREA_DIM), true);
		ui_put(p->win, 2 + r, bw + cw - 1, " ", 1, attr, false);
		ui_put(p->win, 2 + r, bw + cw, h->title, p->w - bw - cw, attr, true);
	}
}

static bool
search_action(struct pane *p, enum action a)
{
	struct search_priv *s = p->priv;

	if (listview_action(&s->lv, a, p->h - 3))
		return true;
	switch (a) {
	case ACT_PICK:
		/* this pane closes as the board opens */
		if (s->lv.n)
			ui_open_card(s->hits[s->lv.sel].board, s->hits[s->lv.sel].card);
		return true;
	case ACT_SEARCH:
		ask(p);
		return true;
	default:
		return false;
	}
}

static void
search_close(struct pane *p)
{
	struct search_priv *s = p->priv;

	search_hits_free(&s->hits, s->lv.n);
	free(s->text);
	free(s->before);
}

static const struct hint search_hints[] = {
	{ ACT_PICK, "open" }, { ACT_SEARCH, "search again" }, { ACT_QUIT, "back" },
	{ ACT_NONE, NULL },
};

const struct pane_ops search_pane_ops = {
	.name = "search",
	.open = ask,
	.draw = search_draw,
	.action = search_action,
	.reload = search_reload,
	.close = search_close,
	.hints = search_hints,
	.priv_size = sizeof(struct search_priv),
};
