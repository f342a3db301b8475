/* What the card, comments and checklist panes share: the card they are
 * about (pane_arg), loaded whole, and how an edit's outcome is shown. */
#ifndef LANES_UI_DETAIL_H
#define LANES_UI_DETAIL_H

#include <stdbool.h>

#include "lanes/ui.h"

struct detail_view {
	struct card_detail d;
	bool ok;   /* d holds the card; false once it is gone */
};

/* Loads (again) the card pane p is about. */
void detail_view_load(struct pane *p, struct detail_view *v);
void detail_view_free(struct detail_view *v);
/* The card, for NEED_CARD: 0 once it is gone. */
lid detail_view_card(struct pane *p, const struct detail_view *v);
/* Draws the heading " <before>#id title<after>"; when the card is gone it
 * says so instead and returns false. */
bool detail_view_heading(struct pane *p, const struct detail_view *v, const char *before,
    const char *after);

/* An edit's outcome: rc < 0 puts e's message on the status line; otherwise
 * every pane reloads and what (unless NULL) is said. Returns rc. */
int ui_edit_done(int rc, const struct lanes_err *e, const char *what);

#endif
