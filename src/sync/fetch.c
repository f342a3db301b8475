/* Fetchers: reads of one or more pages, for board refreshes and their
 * change checks, card details, the board picker, who the user is, and
 * what a create whose answer was lost made. A fetch reads one page at a
 * time, or, once the backend has set cursors (lanes/backend.h), a page
 * of each cursor at once within the service's reads in flight; a board
 * read that way is merged into the store page by page. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"

/* A page of a fetcher on its way. */
struct fetch_page {
	struct fetch_page *next;
	struct fetcher *fe;
	int at;                         /* its cursor */
	int http_id;
	int gen;                        /* the token generation it went with */
};

static void fetch_pump(struct fetcher *fe);

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

/* Takes page off fe's pages on their way. */
static void
page_unlink(struct fetcher *fe, struct fetch_page *page)
{
	struct fetch_page **pp = &fe->out;

	while (*pp != page)
		pp = &(*pp)->next;
	*pp = page->next;
	account_request_done(fe->a, false);
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
	while (fe->out) {
		struct fetch_page *page = fe->out;

		account_cancel(fe->a, page->http_id);
		page_unlink(fe, page);
		free(page);
	}
	store_merge_free(&fe->merge);
	backend_fetch_clear(&fe->f);
	strset_free(&fe->acked);
	free(fe->point);
	free(fe->again_point);
	free(fe);
}

static void
fetch_finish(struct fetcher *fe, const char *error)
{
	fe->finished = true;    /* what done() starts is another fetch */
	fe->done(fe, error);
	fetcher_free(fe);
	engine_kick();
}

/* The entities acknowledged while fe ran, for the merge to hold. */
static const char **
fetch_held(const struct fetcher *fe, int *n)
{
	const char **held = xcalloc(fe->acked.n + 1, sizeof(*held));

	*n = 0;
	for (size_t i = 0; i < fe->acked.cap; i++)
		if (fe->acked.slots[i])
			held[(*n)++] = fe->acked.slots[i];
	return held;
}

/* A board read by cursors goes into the store page by page: its columns
 * first, then each page's cards, so the board shows before its last page
 * came; the screen is told when a page changed anything (an unchanged
 * board is not drawn again a hundred times). -1 with e set when the
 * store refused. */
static int
merge_page(struct fetcher *fe, struct lanes_err *e)
{
	const cJSON *cards = cJSON_GetObjectItemCaseSensitive(fe->f.result, "cards");
	int n, rc = 0;
	const char **held;

	if (fe->f.kind != FETCH_BOARD || !fe->f.ncursors)
		return 0;
	held = fetch_held(fe, &n);
	if (!fe->merge) {
		fe->merge = store_merge_begin(engine.st, fe->board, fe->f.result, held, n, e);
		rc = fe->merge ? 0 : -1;
	}
	if (rc == 0 && cJSON_GetArraySize(cards) > 0) {
		rc = store_merge_cards(fe->merge, cards, held, n, e);
		cJSON_DeleteItemFromObjectCaseSensitive(fe->f.result, "cards");
		if (rc > 0)
			engine_notify(SYNC_STORE);
	}
	free(held);
	return rc < 0 ? -1 : 0;
}

static void
on_page(const struct http_resp *r, void *ud)
{
	struct fetch_page *page = ud;
	struct fetcher *fe = page->fe;
	struct sync_account *a = fe->a;
	struct lanes_err e = { "" };
	int rc, gen = page->gen;

	store_release(engine.st);
	page_unlink(fe, page);
	if (fe->f.ncursors) {
		fe->f.at = page->at;
		fe->f.cursors[page->at].busy = false;
	}
	free(page);
	/* some answers that are not a success still say what was asked */
	switch (a->be->fetch_accepts && a->be->fetch_accepts(&fe->f, r) ? BV_OK :
	    a->be->classify(NULL, r, &e)) {
	case BV_OK:
		account_ok(a);
		rc = a->be->fetch_parse(&a->ba, &fe->f, r, &e);
		account_state_keep(a);
		if (rc < 0 || merge_page(fe, &e) < 0)
			fetch_finish(fe, e.msg);
		else
			fetch_pump(fe);
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
		if (account_unauthorized(a, gen, e.msg)) {
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

/* Sends one page of fe: 1, 0 when none may go now, -1 when fe ended. */
static int
fetch_send(struct fetcher *fe)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };
	struct fetch_page *page;
	int rc = fe->a->be->fetch_next(&fe->a->ba, &fe->f, &req, &e);

	if (rc <= 0) {
		bool ended = rc < 0 || !fe->out;        /* fe is gone after fetch_finish */

		if (ended)
			fetch_finish(fe, rc < 0 ? e.msg : NULL);
		return ended ? -1 : 0;
	}
	page = xcalloc(1, sizeof(*page));
	page->fe = fe;
	page->at = fe->f.at;
	page->gen = fe->a->auth_gen;
	page->http_id = account_submit(fe->a, &req, false, on_page, page, &e);
	backend_req_clear(&req);
	if (page->http_id < 0) {
		free(page);
		fetch_finish(fe, e.msg);
		return -1;
	}
	page->next = fe->out;
	fe->out = page;
	return 1;
}

/* Sends what of fe may go: its next page, or with cursors a page of each
 * that waits, as far as the account's reads in flight allow (the rest
 * waits for a slot: fetchers_resume). */
static void
fetch_pump(struct fetcher *fe)
{
	struct sync_account *a = fe->a;
	long long at = fe->retry_at > a->pause_until ? fe->retry_at : a->pause_until;

	if (at > mono_ms() || !account_ready(a)) {
		fe->starting = true;    /* fetchers_resume sends it when it may */
		return;
	}
	fe->starting = false;
	fe->retry_at = 0;
	while (!fe->out || fe->f.ncursors) {
		if (a->reads >= a->be->max_reads) {
			fe->starting = true;
			return;
		}
		if (fetch_send(fe) <= 0)
			return;
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
		if ((!fe->starting && !fe->retry_at) || !account_ready(a))
			continue;
		if (at > now) {
			next = !next || at < next ? at : next;
			continue;
		}
		if (a->reads < a->be->max_reads)
			fetch_pump(fe);
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
		if (fe->a == a && !fe->out) {
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
		if (fe->f.kind == kind && fe->board == board && !fe->finished)
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
	int n, rc = 0;
	const char **held = fetch_held(fe, &n);

	/* pages merged as they came stay; what is missing goes only once
	 * every list was read to its end */
	if (!error && fe->merge && !fe->f.partial)
		rc = store_merge_end(fe->merge, held, n, &e);
	else if (!error && !fe->merge)
		rc = store_merge_board(engine.st, fe->board, fe->f.result, held, n, &e);
	free(held);
	if (rc < 0)
		error = e.msg;
	/* the rows hold what the service held at the point, or later */
	if (!error && !fe->f.partial && fe->point)
		store_board_set_sync_point(engine.st, fe->board, fe->point, NULL);
	if (error) {
		engine_say("refresh of %s failed: %s", fe->a->name, error);
	} else if (fe->f.partial && fe->reread) {
		engine_say("refresh of %s: part of the board could not be read", fe->a->name);
	} else if (fe->f.partial) {
		engine_say("%s changed while it was read: reading it again", fe->a->name);
		fe->again = true;
	}
	engine_notify(SYNC_STORE | SYNC_STATUS);
	if (fe->again) {
		lid board = fe->board;
		struct fetcher *next;

		fe->board = 0;          /* over: not the one the next would wait for */
		/* a board read in part is read again from the same point */
		refresh_from(board, fe->again_point ? fe->again_point :
		    fe->f.partial ? fe->point : NULL);
		/* read again once, not for as long as a list stays unreadable */
		if (fe->f.partial && (next = board_fetcher(FETCH_BOARD, board)))
			next->reread = true;
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
