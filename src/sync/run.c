/* The engine without a screen: `lanes sync`, and the command-line
 * commands that name an account. They run the same loop, outbox and
 * fault rules as the board does, until there is nothing left to do. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/json.h"
#include "lanes/outbox.h"
#include "lanes/store.h"
#include "lanes/text.h"
#include "private.h"

/* Messages go to stderr, cleaned: they may quote a server. */
static void
print_messages(unsigned events, void *ud)
{
	char *m, *clean;

	if (!(events & SYNC_MESSAGE) || !(m = sync_take_message()))
		return;
	clean = text_sanitize(m, strlen(m));
	fprintf(stderr, "lanes: %s\n", clean);
	free(clean);
	free(m);
}

static int
start(struct store *st, bool *mine, struct lanes_err *e)
{
	*mine = !sync_running();
	if (*mine) {
		if (sync_start(st, uv_default_loop(), e) < 0)
			return -1;
		sync_set_listener(print_messages, NULL);
	}
	if (!sync_running())
		return err_set(e, "no account is configured (see `account` in lanes(1))");
	return 0;
}

static void
finish(bool mine)
{
	if (!mine)
		return;
	sync_stop();
	uv_run(sync_loop() ? sync_loop() : uv_default_loop(), UV_RUN_DEFAULT);
}

static int
refresh_boards(struct store *st, const char *account, lid board, struct lanes_err *e)
{
	lid *boards;
	int n;

	if (board) {
		sync_refresh_board(board);
		return 0;
	}
	if (store_account_boards(st, account, &boards, &n, e) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		sync_refresh_board(boards[i]);
	free(boards);
	return 0;
}

/* Nobody is listening at the service's address: waiting will not help a
 * command that runs once (the board, which stays, keeps trying). */
static bool
unreachable(const char *account)
{
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		if ((!account || str_eq(account, a->name)) && a->unreachable)
			return true;
	}
	return false;
}

static int
remaining(struct store *st, const char *account)
{
	int pending = 0, failed = 0;

	outbox_counts(st, account, &pending, &failed);
	return pending + failed;
}

int
sync_run(struct store *st, const char *account, lid board, bool refresh, long wait_ms,
    struct lanes_err *e)
{
	long long deadline = mono_ms() + wait_ms;
	bool mine;
	int left;

	if (account && !sync_account_known(account))
		return err_set(e, "no account \"%s\" in the configuration", account);
	if (start(st, &mine, e) < 0)
		return -1;
	for (int i = 0; refresh && i < sync_account_count(); i++) {
		const char *name = sync_account_name(i);
		if ((!account || str_eq(account, name)) && refresh_boards(st, name, board, e) < 0) {
			finish(mine);
			return -1;
		}
	}
	for (;;) {
		if (!sync_busy()) {
			long long next = sync_next_wake();
			if (!next || next > deadline || unreachable(account))
				break;
		}
		uv_run(sync_loop(), UV_RUN_ONCE);
	}
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		if ((!account || str_eq(account, a->name)) && a->stopped)
			err_set(e, "%s: %s", a->name, a->stopped);
	}
	left = remaining(st, account);
	finish(mine);
	return left ? 1 : 0;
}

/* ---- lists, waited for ---- */

struct wait_list {
	bool done;
	cJSON *result;
	char *error;
};

static void
list_got(const cJSON *result, const char *error, void *ud)
{
	struct wait_list *w = ud;

	w->done = true;
	w->result = result ? cJSON_Duplicate(result, 1) : NULL;
	w->error = error ? xstrdup(error) : NULL;
}

/* Workspaces (workspace NULL) or a workspace's projects: {"items": [...]} */
static cJSON *
list_wait(const char *account, const char *workspace, struct lanes_err *e)
{
	struct wait_list w = { 0 };
	int id = workspace ? sync_list_level(account, 1, workspace, list_got, &w, e)
	    : sync_list_level(account, 0, NULL, list_got, &w, e);

	if (id < 0)
		return NULL;
	while (!w.done && sync_busy())
		uv_run(sync_loop(), UV_RUN_ONCE);
	while (!w.done && sync_next_wake())
		uv_run(sync_loop(), UV_RUN_ONCE);
	if (!w.done) {
		sync_cancel(id);
		err_set(e, "%s did not answer", account);
	} else if (w.error) {
		err_set(e, "%s", w.error);
	}
	free(w.error);
	return w.result;
}

/* Walks every project of account; stops when fn returns true. */
static int
each_project(const char *account, bool (*fn)(const cJSON *ws, const cJSON *p, void *ud),
    void *ud, struct lanes_err *e)
{
	cJSON *wss = list_wait(account, NULL, e), *projects;
	const cJSON *ws, *p;
	bool stop = false;

	if (!wss)
		return -1;
	cJSON_ArrayForEach(ws, cJSON_GetObjectItemCaseSensitive(wss, "items")) {
		if (!(projects = list_wait(account, jstr(ws, "remote"), e))) {
			cJSON_Delete(wss);
			return -1;
		}
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(projects, "items"))
			if (!stop)
				stop = fn(ws, p, ud);
		cJSON_Delete(projects);
		if (stop)
			break;
	}
	cJSON_Delete(wss);
	return 0;
}

static bool
print_one(const cJSON *ws, const cJSON *p, void *ud)
{
	char *w = text_sanitize(jstr(ws, "name"), strlen(jstr(ws, "name")));
	char *n = text_sanitize(jstr(p, "name"), strlen(jstr(p, "name")));

	printf("%-20s %s\t%s\n", jstr(p, "remote"), n, w);
	free(w);
	free(n);
	return false;
}

int
sync_print_projects(struct store *st, const char *account, struct lanes_err *e)
{
	bool mine;
	int rc;

	if (start(st, &mine, e) < 0)
		return -1;
	rc = each_project(account, print_one, NULL, e);
	finish(mine);
	return rc;
}

struct find {
	const char *want;
	char *remote, *name;
};

static bool
find_one(const cJSON *ws, const cJSON *p, void *ud)
{
	struct find *f = ud;
	const char *remote = jstr(p, "remote"), *name = jstr(p, "name");

	if (!str_eq(remote, f->want) && !(name && strcasecmp(name, f->want) == 0))
		return false;
	f->remote = xstrdup(remote);
	f->name = xstrdup(name ? name : remote);
	return true;
}

int
sync_find_board(struct store *st, const char *account, const char *arg, lid *board,
    struct lanes_err *e)
{
	struct find f = { arg, NULL, NULL };
	bool mine;
	int rc;

	if (!sync_account_known(account))
		return err_set(e, "no account \"%s\" in the configuration", account);
	if (store_account_board_find(st, account, arg, board) > 0)
		return 0;
	if (start(st, &mine, e) < 0)
		return -1;
	rc = each_project(account, find_one, &f, e);
	finish(mine);
	if (rc == 0 && !f.remote)
		rc = err_set(e, "%s has no project \"%s\" (see `lanes boards --account %s`)",
		    account, arg, account);
	if (rc == 0)
		rc = store_board_for_remote(st, account, f.remote, f.name, board, e);
	free(f.remote);
	free(f.name);
	return rc;
}
