/* The sync engine on screen: its events reload the panes, its state is
 * the status line, and its actions (R, S, X) work from any pane. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/sync.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"

static struct {
	char *cli_account;      /* --account */
	char *board_account;    /* of the board on screen; NULL when local */
	bool pick;
} U;

static void
on_sync(unsigned events, void *ud)
{
	char *m;

	if (events & SYNC_STORE)
		ui_store_changed();
	if (events & SYNC_STATUS)
		ui_dirty_all();
	if ((events & SYNC_MESSAGE) && (m = sync_take_message())) {
		ui_error("%s", m);
		free(m);
	}
}

static void
board_opened(lid board)
{
	char *account = NULL, *remote = NULL;

	x_free(&U.board_account);
	if (store_board_remote_of(ui.store, board, &account, &remote, NULL) == 0 && remote &&
	    sync_account_known(account)) {
		U.board_account = account;
		account = NULL;
	}
	free(account);
	free(remote);
	sync_watch_board(board);
}

enum board_can
ui_sync_can(unsigned cap, char *why, size_t n)
{
	return sync_board_can(ui.store, ui.board, cap, why, n);
}

int
ui_sync_members(char ***names)
{
	cJSON *list = sync_board_members(ui.store, ui.board), *it;
	int n = 0;

	*names = NULL;
	if (!list)
		return -1;
	*names = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(**names));
	cJSON_ArrayForEach(it, list)
		(*names)[n++] = xstrdup(it->valuestring);
	cJSON_Delete(list);
	return n;
}

/* A pane about one card shows its comments, checklist and time entries:
 * the service's are fetched when it opens. */
static void
pane_opened(const struct pane_ops *ops, lid arg)
{
	if (arg && U.board_account && (ops == &card_pane_ops || ops == &comments_pane_ops ||
	    ops == &checklist_pane_ops || ops == &timer_pane_ops))
		sync_fetch_card(arg);
}

static void
started(void)
{
	if (U.pick)
		ui_push(&projects_pane_ops, 0);
	U.pick = false;
}

static void
stopping(void)
{
	sync_stop();
	x_free(&U.cli_account);
	x_free(&U.board_account);
}

/* Another lanes syncs this database: it sends what this one queues. */
static void
status_line(char *buf, size_t n)
{
	if (!sync_running() && U.board_account)
		snprintf(buf, n, "lanes %ld syncs", store_owner_pid(ui.store));
	else
		sync_status(buf, n);
}

/* Edits another window or command queued: sent from here, if we sync. */
static void
changed(void)
{
	if (sync_running())
		sync_kick();
}

static void
takeover(void)
{
	struct lanes_err e = { "" };

	if (sync_start(ui.store, uv_default_loop(), &e) < 0) {
		ui_error("%s", e.msg);
		return;
	}
	sync_watch_board(ui.board);
	ui_dirty_all();
}

void
ui_sync_attach(const char *account, bool pick)
{
	static const struct ui_hooks hooks = {
		.status = status_line,
		.changed = changed,
		.takeover = takeover,
		.board_opened = board_opened,
		.pane_opened = pane_opened,
		.started = started,
		.stopping = stopping,
	};

	U.cli_account = account ? xstrdup(account) : NULL;
	U.pick = pick;
	sync_set_listener(on_sync, NULL);
	ui_set_hooks(&hooks);
}

/* The picker opened at start for --account lists that account, whatever
 * board shows underneath (the last one opened, maybe another account's). */
const char *
ui_sync_account(void)
{
	if (U.pick && U.cli_account)
		return U.cli_account;
	return U.board_account ? U.board_account : U.cli_account;
}

/* X and z: flip a card's done or archived state, saying how to go back. */
static void
flip(lid card, int (*set)(struct store *, lid, int, struct lanes_err *), const char *on,
    const char *off)
{
	struct lanes_err e = { "" };
	int now = set(ui.store, card, -1, &e);

	if (now < 0) {
		ui_error("%s", e.msg);
		return;
	}
	ui_store_changed();
	ui_message("%s", now ? on : off);
}

void
ui_sync_action(enum action a, lid card)
{
	switch (a) {
	case ACT_REFRESH:
		if (!U.board_account) {
			ui_message("this board is kept on this machine only");
			return;
		}
		sync_refresh_now();
		/* a card's pane shows what the board's fetch does not hold:
		 * its comments (which do not change the card) come again too */
		if (card && ui_top()->ops != &board_pane_ops)
			sync_fetch_card(card);
		ui_message("refreshing from %s", U.board_account);
		break;
	case ACT_SYNC:
		if (ui_top()->ops != &sync_pane_ops)
			ui_push(&sync_pane_ops, 0);
		break;
	case ACT_CARD_COMPLETE:
		if (card)
			flip(card, store_card_complete, "completed; X again reopens it", "reopened");
		break;
	case ACT_CARD_ARCHIVE:
		if (card)
			flip(card, store_card_archive, ui.show_archived ? "archived; z again brings"
			    " it back" : "archived; Z shows archived cards, z brings one back",
			    "brought back from the archive");
		break;
	default:
		break;
	}
}
