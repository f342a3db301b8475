/* The command line's side of syncing: --account, `lanes sync`, and
 * sending what a command queued before it exits. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-private.h"
#include "lanes/cli.h"
#include "lanes/json.h"
#include "lanes/outbox.h"
#include "lanes/store.h"
#include "lanes/sync.h"
#include "lanes/text.h"
#include "lanes/ui-sync.h"

static void
print_err(const char *msg)
{
	char *clean = text_sanitize(msg, strlen(msg));

	fprintf(stderr, "lanes: %s\n", clean);
	free(clean);
}

int
cli_account_board(struct store *st, const char *account, const char *arg, bool offline,
    lid *board, struct lanes_err *e)
{
	struct lanes_err warn = { "" };
	int rc;

	if (!sync_account_known(account))
		return err_set(e, "no account \"%s\" in the configuration", account);
	if (arg && offline && (rc = store_account_board_find(st, account, arg, board, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, "no board \"%s\" of %s here yet (try without "
		    "--offline)", arg, account);
	if (arg && !offline && sync_find_board(st, account, arg, board, e) < 0)
		return -1;
	if (!arg && store_account_last_board(st, account, board) <= 0)
		return err_set(e, "name a board with --board (see `lanes boards --account %s`)",
		    account);
	store_account_set_last_board(st, account, *board);
	/* what is shown or edited starts from the service's current state */
	if (!offline && sync_run(st, account, *board, true, CLI_SYNC_WAIT_MS, &warn) < 0)
		print_err(warn.msg);
	return 0;
}

int
cli_queued(struct store *st)
{
	int pending = 0, failed = 0;

	outbox_counts(st, NULL, &pending, &failed);
	return pending;
}

/* Every op left, one line each on stderr. */
static int
list_left(struct store *st, const char *account)
{
	struct lanes_err e = { "" };
	struct outbox_op *ops;
	int n;

	if (outbox_list(st, account, &ops, &n, &e) < 0) {
		print_err(e.msg);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *what = outbox_describe(st, &ops[i]);
		char *line = xasprintf("%s %s: %s%s%s", ops[i].failed ? "failed" : "pending",
		    ops[i].account, what, ops[i].last_error ? " -- " : "",
		    ops[i].last_error ? ops[i].last_error : "");

		print_err(line);
		free(line);
		free(what);
	}
	outbox_ops_free(&ops, n);
	return n;
}

int
cli_sync(struct store *st, const char *account, bool offline)
{
	struct lanes_err e = { "" };
	int rc = 0, left;

	if (!sync_account_count()) {
		print_err("no account is configured (see `account` in lanes(1))");
		return EXIT_ERR;
	}
	if (!offline && !store_owner(st) && !store_readonly_reason(st)) {
		fprintf(stderr, "lanes: the lanes open on this database (pid %ld) syncs it\n",
		    store_owner_pid(st));
		offline = true;
	}
	if (!offline)
		rc = sync_run(st, account, 0, true, CLI_SYNC_WAIT_MS, &e);
	if (*e.msg)
		print_err(e.msg);
	left = list_left(st, account);
	if (left < 0)
		return EXIT_ERR;
	if (left > 0)
		return EXIT_PENDING;
	return rc < 0 ? EXIT_ERR : EXIT_OK;
}

int
cli_sync_after(struct store *st, int rc, int queued_before, bool offline)
{
	struct lanes_err e = { "" };
	int left;

	if (rc != EXIT_OK || !sync_account_count() || cli_queued(st) <= queued_before)
		return rc;
	if (offline && !store_owner(st)) {
		fprintf(stderr, "lanes: queued; the lanes open on this database (pid %ld) sends it\n",
		    store_owner_pid(st));
		return rc;
	}
	if (offline) {
		fprintf(stderr, "lanes: queued; `lanes sync` sends it\n");
		return rc;
	}
	left = sync_run(st, NULL, 0, false, CLI_SYNC_WAIT_MS, &e);
	if (*e.msg)
		print_err(e.msg);
	if (left != 0) {
		int pending = 0, failed = 0;

		outbox_counts(st, NULL, &pending, &failed);
		if (failed)
			list_left(st, NULL);
		if (pending)
			fprintf(stderr, "lanes: %d edit%s still wait%s for a service; `lanes sync` "
			    "retries\n", pending, pending == 1 ? "" : "s", pending == 1 ? "s" : "");
		if (failed)
			fprintf(stderr, "lanes: %d edit%s refused by a service; `lanes sync` lists "
			    "%s\n", failed, failed == 1 ? " was" : "s were", failed == 1 ? "it" : "them");
		return EXIT_PENDING;
	}
	return rc;
}

int
cli_sync_ui(struct store *st, const char *account, const char *board_arg, bool offline,
    lid *board, struct lanes_err *e)
{
	bool pick = false;

	if (account && !sync_account_known(account))
		return err_set(e, "no account \"%s\" in the configuration", account);
	if (account && board_arg && offline) {
		int rc = store_account_board_find(st, account, board_arg, board, e);

		if (rc <= 0)
			return rc < 0 ? -1 : err_set(e, "no board \"%s\" of %s here yet", board_arg,
			    account);
	} else if (account && board_arg) {
		if (sync_find_board(st, account, board_arg, board, e) < 0)
			return -1;
	} else if (account && store_account_last_board(st, account, board) <= 0) {
		pick = true;
		if (store_board_default(st, board, e) < 0)
			return -1;
	}
	/* offline, edits wait in the queue for a later lanes or `lanes sync` */
	if (!offline && sync_start(st, uv_default_loop(), e) < 0)
		return -1;
	/* another lanes syncs: this one may take over when it quits */
	if (sync_running() || (!offline && sync_account_count() && !store_owner(st)))
		ui_sync_attach(account, pick);
	return 0;
}

/* A board a line: its id on the service, its name, and the names of the
 * items above it (Asana: its workspace). Server text was cleaned by the
 * backend; it is cleaned again for the terminal like all printed text. */
static void
print_board(const cJSON *b)
{
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(b, "path"), *step;
	char *remote = text_sanitize(jstr(b, "remote"), strlen(jstr(b, "remote")));

	printf("%-20s ", remote);
	cli_print_clean(jstr(b, "name"));
	cJSON_ArrayForEach(step, path) {
		fputs(step == path->child ? "\t" : " / ", stdout);
		cli_print_clean(jstr(step, "name"));
	}
	putchar('\n');
	free(remote);
}

int
cli_account_projects(struct store *st, const char *account, bool json)
{
	struct lanes_err e = { "" };
	cJSON *boards = sync_account_boards(st, account, &e);
	const cJSON *b;

	if (!boards) {
		print_err(e.msg);
		return EXIT_ERR;
	}
	if (json)
		cli_print_json(boards);
	else
		cJSON_ArrayForEach(b, boards)
			print_board(b);
	cJSON_Delete(boards);
	return EXIT_OK;
}
