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

/* Each board is asked whether it changed first: a quiet one costs a
 * request, not every page of it. */
static int
refresh_boards(struct store *st, const char *account, lid board, struct lanes_err *e)
{
	lid *boards;
	int n;

	if (board) {
		board_check(board, false);
		return 0;
	}
	if (store_account_boards(st, account, &boards, &n, e) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		board_check(boards[i], false);
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

/* The loop waits until next for an account keeping to its service's
 * rate: a wait sure to end in progress, unlike a retry, so a long queue is
 * sent however long that takes. */
static bool
paced_until(const char *account, long long next)
{
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		if ((!account || str_eq(account, a->name)) && a->paced && a->pause_until >= next)
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
			if (!next || (next > deadline && !paced_until(account, next)) ||
			    unreachable(account))
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

/* The items of level inside parent (NULL at level 0): {"items": [...]} */
static cJSON *
list_wait(const char *account, int level, const char *parent, struct lanes_err *e)
{
	struct wait_list w = { 0 };
	int id = sync_list_level(account, level, parent, list_got, &w, e);

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

/* ---- every board, through the picker's levels ---- */

/* A board the walk reached, and the items picked above it (the path:
 * [{"level", "remote", "name"}], outermost first); true stops the walk. */
typedef bool (*board_fn)(const cJSON *board, const cJSON *path, void *ud);

struct walk {
	const char *account;
	const char *const *levels;
	board_fn fn;
	void *ud;
	cJSON *path;            /* the items picked down to the level listed */
};

static const char *
item_name(const cJSON *it)
{
	return jstr(it, "name") ? jstr(it, "name") : jstr(it, "remote");
}

static cJSON *
path_step(const char *level, const cJSON *it)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "level", level);
	cJSON_AddStringToObject(o, "remote", jstr(it, "remote"));
	cJSON_AddStringToObject(o, "name", item_name(it));
	return o;
}

/* Lists level inside the path's last item, and each item's own levels in
 * turn: 1 when fn stopped the walk, 0 at its end, -1 with e set. */
static int
walk_level(struct walk *w, int level, struct lanes_err *e)
{
	const cJSON *above = level ? cJSON_GetArrayItem(w->path, level - 1) : NULL;
	cJSON *list = list_wait(w->account, level, jstr(above, "remote"), e);
	const cJSON *it;
	int rc = 0;

	if (!list)
		return -1;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(list, "items")) {
		/* an item without an id cannot be asked for its own */
		if (!jstr(it, "remote"))
			continue;
		if (!w->levels[level + 1]) {
			rc = w->fn(it, w->path, w->ud);
		} else {
			cJSON_AddItemToArray(w->path, path_step(w->levels[level], it));
			rc = walk_level(w, level + 1, e);
			cJSON_DeleteItemFromArray(w->path, level);
		}
		if (rc)
			break;
	}
	cJSON_Delete(list);
	return rc;
}

/* Walks every board of account, whatever the depth of its picker; stops
 * when fn returns true. */
static int
each_board(const char *account, board_fn fn, void *ud, struct lanes_err *e)
{
	struct walk w = { account, sync_account_picker(account), fn, ud, NULL };
	int rc;

	if (!w.levels || !w.levels[0])
		return err_set(e, "%s lists no boards", account);
	w.path = cJSON_CreateArray();
	rc = walk_level(&w, 0, e);
	cJSON_Delete(w.path);
	return rc < 0 ? -1 : 0;
}

static bool
collect(const cJSON *board, const cJSON *path, void *ud)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "remote", jstr(board, "remote"));
	cJSON_AddStringToObject(o, "name", item_name(board));
	cJSON_AddItemToObject(o, "path", cJSON_Duplicate(path, 1));
	cJSON_AddItemToArray(ud, o);
	return false;
}

cJSON *
sync_account_boards(struct store *st, const char *account, struct lanes_err *e)
{
	cJSON *boards;
	bool mine;
	int rc;

	if (!sync_account_known(account)) {
		err_set(e, "no account \"%s\" in the configuration", account);
		return NULL;
	}
	if (start(st, &mine, e) < 0)
		return NULL;
	boards = cJSON_CreateArray();
	rc = each_board(account, collect, boards, e);
	finish(mine);
	if (rc < 0)
		cJSON_Delete(boards);
	return rc < 0 ? NULL : boards;
}

struct find {
	const char *want;
	char *remote, *name;
};

static bool
find_one(const cJSON *board, const cJSON *path, void *ud)
{
	struct find *f = ud;
	const char *remote = jstr(board, "remote"), *name = jstr(board, "name");

	if (!str_eq(remote, f->want) && !(name && strcasecmp(name, f->want) == 0))
		return false;
	f->remote = xstrdup(remote);
	f->name = xstrdup(item_name(board));
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
	if ((rc = store_account_board_find(st, account, arg, board, e)) != 0)
		return rc > 0 ? 0 : -1;
	if (start(st, &mine, e) < 0)
		return -1;
	rc = each_board(account, find_one, &f, e);
	finish(mine);
	if (rc == 0 && !f.remote)
		rc = err_set(e, "%s has no board \"%s\" (see `lanes boards --account %s`)",
		    account, arg, account);
	if (rc == 0)
		rc = store_board_for_remote(st, account, f.remote, f.name, board, e);
	free(f.remote);
	free(f.name);
	return rc;
}
