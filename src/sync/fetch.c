/* Fetchers: reads of one or more pages, one page in flight at a time,
 * for board refreshes and their change checks, card details, the board
 * picker, who the user is, and what a create whose answer was lost made. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"

static void fetch_page(struct fetcher *fe);

struct fetcher *
fetcher_new(struct sync_account *a, enum fetch_kind kind, const char *remote,
    fetch_done_fn done)
{
	struct fetcher *fe = xcalloc(1, sizeof(*fe));

	fe->id = ++engine.next_id;
	fe->a = a;
	fe->done = done;
	backend_fetch_init(&fe->f, kind, remote);
	fe->next = engine.fetchers;
	if (engine.fetchers)
		engine.fetchers->prev = fe;
	engine.fetchers = fe;
	fe->starting = true;
	engine_kick();
	return fe;
}

void
fetcher_free(struct fetcher *fe)
{
	if (fe->prev)
		fe->prev->next = fe->next;
	else
		engine.fetchers = fe->next;
	if (fe->next)
		fe->next->prev = fe->prev;
	if (fe->http_id) {
		account_cancel(fe->a, fe->http_id);
		account_request_done(fe->a, false);
	}
	backend_fetch_clear(&fe->f);
	strset_free(&fe->acked);
	free(fe->point);
	free(fe->again_point);
	free(fe);
}

static void
fetch_finish(struct fetcher *fe, const char *error)
{
	fe->done(fe, error);
	fetcher_free(fe);
	engine_kick();
}

static void
on_page(const struct http_resp *r, void *ud)
{
	struct fetcher *fe = ud;
	struct sync_account *a = fe->a;
	struct lanes_err e = { "" };
	int rc;

	store_release(engine.st);
	fe->http_id = 0;
	account_request_done(a, false);
	/* some answers that are not a success still say what was asked */
	switch (a->be->fetch_accepts && a->be->fetch_accepts(&fe->f, r) ? BV_OK :
	    a->be->classify(NULL, r, &e)) {
	case BV_OK:
		account_ok(a);
		rc = a->be->fetch_parse(&a->ba, &fe->f, r, &e);
		account_state_keep(a);
		if (rc < 0)
			fetch_finish(fe, e.msg);
		else
			fetch_page(fe);
		return;
	case BV_RETRY:
		account_backoff(a, r);
		/* someone is looking at a picker: tell them now */
		if (fe->list_done) {
			fetch_finish(fe, e.msg);
			return;
		}
		fe->retry_at = a->pause_until;
		break;
	case BV_RATE:
		account_rate_limited(a, r->retry_after_ms);
		fe->retry_at = a->pause_until;
		break;
	case BV_AUTH:
		if (account_unauthorized(a, fe->gen, e.msg)) {
			fe->retry_at = mono_ms();
			break;
		}
		fetch_finish(fe, e.msg);
		return;
	case BV_PARK:
		fetch_finish(fe, e.msg);
		return;
	}
	engine_kick();
}

static void
fetch_page(struct fetcher *fe)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };
	int rc = fe->a->be->fetch_next(&fe->a->ba, &fe->f, &req, &e);

	fe->starting = false;
	fe->retry_at = 0;
	if (rc <= 0) {
		fetch_finish(fe, rc < 0 ? e.msg : NULL);
		return;
	}
	fe->gen = fe->a->auth_gen;
	fe->http_id = account_submit(fe->a, &req, false, on_page, fe, &e);
	backend_req_clear(&req);
	if (fe->http_id < 0) {
		fe->http_id = 0;
		fetch_finish(fe, e.msg);
	}
}

/* Fetchers waiting for a slot or a retry time go now if they may. */
long long
fetchers_resume(long long now)
{
	long long next = 0;
	struct fetcher *fe, *nx;

	for (fe = engine.fetchers; fe; fe = nx) {
		struct sync_account *a = fe->a;
		long long at = fe->retry_at > a->pause_until ? fe->retry_at : a->pause_until;

		nx = fe->next;
		if (fe->http_id || (!fe->starting && !fe->retry_at) || !account_ready(a))
			continue;
		if (at > now) {
			next = !next || at < next ? at : next;
			continue;
		}
		if (a->reads < a->be->max_reads)
			fetch_page(fe);
	}
	return next;
}

/* Every fetcher of a that waits ends with why (the account cannot send). */
void
fetchers_fail(struct sync_account *a, const char *why)
{
	struct fetcher *fe, *nx;

	for (fe = engine.fetchers; fe; fe = nx) {
		nx = fe->next;
		if (fe->a == a && !fe->http_id) {
			fe->done(fe, why);
			fetcher_free(fe);
		}
	}
}

/* The fetch of this kind about board that runs now, if any. */
struct fetcher *
board_fetcher(enum fetch_kind kind, lid board)
{
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->f.kind == kind && fe->board == board)
			return fe;
	return NULL;
}

static void
me_done(struct fetcher *fe, const char *error)
{
	const char *me = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fe->f.result,
	    "remote"));

	if (!error && me) {
		store_account_set_user(engine.st, fe->a->name, me);
		account_me(fe->a);
	}
}

/* Who the token belongs to: a lost create is looked for among what this
 * user made. */
static void
ask_me(struct sync_account *a)
{
	char *me;

	if (a->me_asked)
		return;
	a->me_asked = true;
	me = store_account_user(engine.st, a->name);
	if (!me)
		fetcher_new(a, FETCH_ME, NULL, me_done);
	free(me);
}

static void refresh_from(lid board, const char *point);

static void
refresh_done(struct fetcher *fe, const char *error)
{
	struct lanes_err e = { "" };
	const char **held = xcalloc(fe->acked.n + 1, sizeof(*held));
	int n = 0;

	for (size_t i = 0; i < fe->acked.cap; i++)
		if (fe->acked.slots[i])
			held[n++] = fe->acked.slots[i];
	if (!error && store_merge_board(engine.st, fe->board, fe->f.result, held, n, &e) < 0)
		error = e.msg;
	free(held);
	/* the rows hold what the service held at the point, or later */
	if (!error && fe->point)
		store_board_set_sync_point(engine.st, fe->board, fe->point, NULL);
	if (error)
		engine_say("refresh of %s failed: %s", fe->a->name, error);
	engine_notify(SYNC_STORE | SYNC_STATUS);
	if (fe->again) {
		lid board = fe->board;

		fe->board = 0;          /* over: not the one the next would wait for */
		refresh_from(board, fe->again_point);
	}
}

void
sync_refresh_board(lid board)
{
	struct lanes_err e = { "" };
	struct sync_account *a;
	struct fetcher *fe;
	char *account = NULL, *remote = NULL;

	if (!engine.started)
		return;
	if ((fe = board_fetcher(FETCH_BOARD, board))) {
		fe->again = true;       /* never two at once: one more after this */
		return;
	}
	if (store_board_remote_of(engine.st, board, &account, &remote, &e) == 0 && remote &&
	    (a = sync_account_find(account))) {
		ask_me(a);
		fe = fetcher_new(a, FETCH_BOARD, remote, refresh_done);
		fe->board = board;
		engine_notify(SYNC_STATUS);
	}
	free(account);
	free(remote);
}

/* Refreshes board, whose rows then hold what the service held at point
 * (a sync point taken before the fetch begins; NULL: none to keep). */
static void
refresh_from(lid board, const char *point)
{
	struct fetcher *fe = board_fetcher(FETCH_BOARD, board);

	if (fe) {       /* it may have read its pages before the point */
		free(fe->again_point);
		fe->again_point = point ? xstrdup(point) : NULL;
	}
	sync_refresh_board(board);
	if (!fe && point && (fe = board_fetcher(FETCH_BOARD, board)))
		fe->point = xstrdup(point);
}

static void
events_done(struct fetcher *fe, const char *error)
{
	const cJSON *r = fe->f.result;
	const char *point = error ? NULL : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r,
	    "sync"));

	/* a service that refuses the check (not the point) gets full
	 * refreshes from now on */
	if (error && !fe->a->stopped)
		fe->a->no_events = true;
	if (error || fe->again || !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "changed")))
		refresh_from(fe->board, point);
	else if (point)         /* nothing changed: the rows hold that too */
		store_board_set_sync_point(engine.st, fe->board, point, NULL);
}

/* Refreshes board if it changed since its sync point: Asana's events
 * since the token it gave before the last full fetch. Without a point
 * (or when full) the service gives one, and the board is fetched. */
void
board_check(lid board, bool full)
{
	struct sync_account *a;
	struct fetcher *fe;
	char *account = NULL, *remote = NULL;

	if (!board)
		return;
	if ((fe = board_fetcher(FETCH_EVENTS, board))) {
		fe->again |= full;      /* R during a check: fetch whatever it says */
		return;
	}
	if (store_board_remote_of(engine.st, board, &account, &remote, NULL) == 0 && remote &&
	    (a = sync_account_find(account))) {
		if (!(a->be->caps & CAP_EVENTS) || a->no_events) {
			sync_refresh_board(board);
		} else {
			fe = fetcher_new(a, FETCH_EVENTS, remote, events_done);
			fe->board = board;
			fe->f.offset = full ? NULL : store_board_sync_point(engine.st, board);
			fe->again = !fe->f.offset;      /* a first point precedes a fetch */
		}
	}
	free(account);
	free(remote);
}

static void
card_done(struct fetcher *fe, const char *error)
{
	struct lanes_err e = { "" };
	char *me;

	if (error)
		return;
	me = store_account_user(engine.st, fe->a->name);
	if (store_merge_card(engine.st, fe->card, me, fe->f.result, &e) == 0)
		engine_notify(SYNC_STORE);
	free(me);
}

void
sync_fetch_card(lid card)
{
	struct sync_account *a;
	char *account = NULL, *remote = NULL, *task;
	lid board;

	if (!engine.started || store_card_board(engine.st, card, &board, NULL) < 0)
		return;
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->f.kind == FETCH_CARD && fe->card == card)
			return;
	task = store_card_remote(engine.st, card);
	if (task && store_board_remote_of(engine.st, board, &account, &remote, NULL) == 0 &&
	    (a = sync_account_find(account))) {
		struct fetcher *fe = fetcher_new(a, FETCH_CARD, task, card_done);

		fe->card = card;
		fe->f.board = remote ? xstrdup(remote) : NULL;  /* Stellary's paths name it */
	}
	free(task);
	free(account);
	free(remote);
}

static void
list_done(struct fetcher *fe, const char *error)
{
	if (fe->list_done)
		fe->list_done(error ? NULL : fe->f.result, error, fe->list_ud);
}

static int
list_start(const char *account, enum fetch_kind kind, const char *remote, sync_list_fn done,
    void *ud, struct lanes_err *e)
{
	struct sync_account *a = sync_account_find(account);
	struct fetcher *fe;

	if (!engine.started || !a)
		return err_set(e, "no account \"%s\" in the configuration", account ? account : "");
	fe = fetcher_new(a, kind, remote, list_done);
	fe->list_done = done;
	fe->list_ud = ud;
	return fe->id;
}

int
sync_list_level(const char *account, int level, const char *parent, sync_list_fn done,
    void *ud, struct lanes_err *e)
{
	const char *const *levels = sync_account_picker(account);
	int n = 0, id;

	while (levels && levels[n])
		n++;
	if (level < 0 || level >= n)
		return err_set(e, "%s's boards have no level %d", account ? account : "", level);
	if ((id = list_start(account, FETCH_LEVEL, parent, done, ud, e)) > 0)
		for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
			if (fe->id == id)
				fe->f.level = level;
	return id;
}

void
sync_cancel(int id)
{
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->id == id) {
			fetcher_free(fe);
			return;
		}
}
