/* The project picker of an account: its workspaces, then a workspace's
 * projects; Enter on a project opens it as a board. The lists come from
 * the service while the pane waits, so the screen never does. */
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

struct projects_priv {
	char *account;
	cJSON *workspaces, *projects;   /* {"items": [{"remote", "name"}]} */
	char *workspace;                /* name of the one whose projects show */
	int req;                        /* list request in flight, 0 none */
	char *error;
	struct listview lv;
};

static struct projects_priv *
priv(struct pane *p)
{
	return p->priv;
}

/* Rows: "Boards on this machine" and the workspaces, or the projects. */
static const cJSON *
items(struct projects_priv *pp)
{
	return cJSON_GetObjectItemCaseSensitive(pp->workspace ? pp->projects : pp->workspaces,
	    "items");
}

static int
rows(struct projects_priv *pp)
{
	return cJSON_GetArraySize(items(pp)) + (pp->workspace ? 0 : 1);
}

static void
got_list(const cJSON *result, const char *error, void *ud)
{
	struct pane *p = ud;
	struct projects_priv *pp = priv(p);

	pp->req = 0;
	if (error) {
		pp->error = xstrdup(error);
	} else if (pp->workspace) {
		cJSON_Delete(pp->projects);
		pp->projects = cJSON_Duplicate(result, 1);
	} else {
		cJSON_Delete(pp->workspaces);
		pp->workspaces = cJSON_Duplicate(result, 1);
	}
	pp->lv.n = rows(pp);
	ui_dirty_all();
}

static void
ask(struct pane *p, const char *workspace)
{
	struct projects_priv *pp = priv(p);
	struct lanes_err e = { "" };

	x_free(&pp->error);
	pp->req = workspace ? sync_list_level(pp->account, 1, workspace, got_list, p, &e)
	    : sync_list_level(pp->account, 0, NULL, got_list, p, &e);
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
	ask(p, NULL);
}

static void
projects_close(struct pane *p)
{
	struct projects_priv *pp = priv(p);

	if (pp->req)
		sync_cancel(pp->req);
	free(pp->account);
	free(pp->workspace);
	free(pp->error);
	cJSON_Delete(pp->workspaces);
	cJSON_Delete(pp->projects);
}

static const char *
item_name(const cJSON *it)
{
	const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));

	return n ? n : "?";
}

static void
projects_draw(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	int n = p->h - 2, top = listview_show(p, &pp->lv, 2, 1), skip = pp->workspace ? 0 : 1;
	char head[300];

	snprintf(head, sizeof(head), pp->workspace ? " %s: projects in %s (Enter opens, Esc back)"
	    : " %s: workspaces (Enter opens, q back)", pp->account ? pp->account : "",
	    pp->workspace ? pp->workspace : "");
	ui_heading(p, head);
	for (int r = 0; r < n && top + r < pp->lv.n; r++) {
		int i = top + r, attr = i == pp->lv.sel ? theme_attr(AREA_CARD_SEL) : 0;
		char line[600], *clean;

		if (i < skip)
			snprintf(line, sizeof(line), " Boards on this machine...");
		else
			snprintf(line, sizeof(line), " %s", item_name(cJSON_GetArrayItem(items(pp),
			    i - skip)));
		clean = text_sanitize(line, strlen(line));
		ui_put(p->win, 2 + r, 0, clean, p->w, attr, true);
		free(clean);
	}
	if (pp->req)
		ui_put(p->win, 2 + pp->lv.n, 1, "loading...", p->w - 2, theme_attr(AREA_DIM), false);
	if (pp->error)
		ui_put(p->win, 3 + pp->lv.n, 1, pp->error, p->w - 2, theme_attr(AREA_ERROR), false);
}

static void
pick(struct pane *p)
{
	struct projects_priv *pp = priv(p);
	int skip = pp->workspace ? 0 : 1, i = pp->lv.sel - skip;
	const cJSON *it = cJSON_GetArrayItem(items(pp), i);
	const char *remote = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "remote"));
	struct lanes_err e = { "" };
	lid board;

	if (i < 0) {
		ui_pop();
		ui_push(&boards_pane_ops, 0);
	} else if (!remote || pp->req) {
		return;
	} else if (!pp->workspace) {
		pp->workspace = xstrdup(item_name(it));
		pp->lv.sel = 0;
		pp->lv.n = 0;
		ask(p, remote);
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
	if (a == ACT_BACK && pp->workspace) {
		if (pp->req)
			sync_cancel(pp->req);
		pp->req = 0;
		x_free(&pp->workspace);
		x_free(&pp->error);
		pp->lv.n = rows(pp);
		pp->lv.sel = 0;
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
