/* The card that the card, comments and checklist panes are about. Each
 * pane keeps its own copy, reloaded whenever the store changes, so an
 * edit in one shows in all of them and on the board at once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "lanes/ui-detail.h"

void
detail_view_load(struct pane *p, struct detail_view *v)
{
	struct lanes_err e = { "" };

	card_detail_free(&v->d);
	v->ok = store_card_detail(ui.store, pane_arg(p), &v->d, &e) == 0;
}

void
detail_view_free(struct detail_view *v)
{
	card_detail_free(&v->d);
	v->ok = false;
}

lid
detail_view_card(struct pane *p, const struct detail_view *v)
{
	return v->ok ? pane_arg(p) : 0;
}

bool
detail_view_heading(struct pane *p, const struct detail_view *v, const char *before,
    const char *after)
{
	char *title, *head;

	if (!v->ok) {
		ui_heading(p, " This card is gone (deleted, or undone); q closes the pane.");
		return false;
	}
	title = text_sanitize(v->d.title, strlen(v->d.title));
	head = xasprintf(" %s#%lld %s%s", before, v->d.id, title, after);
	ui_heading(p, head);
	free(head);
	free(title);
	return true;
}

int
ui_edit_done(int rc, const struct lanes_err *e, const char *what)
{
	if (rc < 0) {
		ui_error("%s", e->msg);
		return rc;
	}
	ui_store_changed();
	if (what)
		ui_message("%s", what);
	return rc;
}
