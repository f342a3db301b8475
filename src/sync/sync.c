/* The sync engine: one loop. Edits queue ops in the store; the engine
 * sends the head op of each entity (send.c), at most the service's number
 * of writes at a time, and reads the answers into the store. Reads (board
 * refreshes, card details, pickers, looking for what a lost create made)
 * are fetchers that walk their pages one request at a time (fetch.c).
 * How fast each account may go, and what its faults mean, is pace.c.
 * This file is the loop's side: waking up, draining, the watched board's
 * timer, the status, starting and stopping. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"

struct engine engine;

static void drain(void);

void
engine_notify(unsigned events)
{
	if (engine.listener)
		engine.listener(events, engine.listener_ud);
}

/* A message for people (the status line, or stderr without a screen). */
void
engine_say(const char *fmt, ...)
{
	va_list ap;

	free(engine.message);
	va_start(ap, fmt);
	engine.message = xvasprintf(fmt, ap);
	va_end(ap);
	engine_notify(SYNC_MESSAGE);
}

char *
sync_take_message(void)
{
	char *m = engine.message;

	engine.message = NULL;
	return m;
}

static void
on_wake(uv_timer_t *t)
{
	drain();
}

/* Look at everything again on the next loop turn. */
void
engine_kick(void)
{
	if (!engine.started)
		return;
	engine.kicked = true;
	uv_timer_start(&engine.wake, on_wake, 0, 0);
}

static void
on_outbox_append(void *ud)
{
	engine_kick();
}

static void
on_tick(uv_timer_t *t)
{
	long long now = mono_ms();
	bool paused = false;

	for (int i = 0; i < sync_account_count(); i++)
		paused |= sync_account_at(i)->pause_until > now;
	engine_notify(SYNC_STATUS);
	if (!paused) {
		uv_timer_stop(&engine.tick);
		engine.tick_on = false;
	}
}

/* The status line counts down a pause; its timer lives only then. */
void
engine_tick_start(void)
{
	if (!engine.tick_on && engine.listener) {
		uv_timer_start(&engine.tick, on_tick, 1000, 1000);
		engine.tick_on = true;
	}
}

static long long
earliest(long long a, long long b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

static void
drain(void)
{
	long long now = mono_ms(), next;

	if (!engine.started)
		return;
	store_release(engine.st);
	engine.kicked = false;
	next = fetchers_resume(now);
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);

		if (a->stopped)
			continue;
		if (a->pause_until > now) {
			next = earliest(next, a->pause_until);
			continue;
		}
		if (a->needs_refresh && !a->refreshing)
			account_token_refresh(a);
		if (!account_ready(a))
			continue;
		long long due = drain_account(a);
		if (due)
			next = earliest(next, now + (due - now_ms()));
	}
	if (engine.kicked)
		uv_timer_start(&engine.wake, on_wake, 0, 0);
	else if (next)
		uv_timer_start(&engine.wake, on_wake, (uint64_t)(next > now ? next - now : 0), 0);
	else
		uv_timer_stop(&engine.wake);
}

static void
on_refresh_timer(uv_timer_t *t)
{
	board_check(engine.watched, false);
}

static struct sync_account *
watched_account(void)
{
	char *account = NULL, *remote = NULL;
	struct sync_account *a = NULL;

	if (engine.started && engine.watched &&
	    store_board_remote_of(engine.st, engine.watched, &account, &remote, NULL) == 0 && remote)
		a = sync_account_find(account);
	free(account);
	free(remote);
	return a;
}

void
sync_watch_board(lid board)
{
	struct sync_account *a;

	engine.watched = board;
	if (!engine.started)
		return;
	uv_timer_stop(&engine.refresh);
	if (!(a = watched_account()))
		return;
	store_account_set_last_board(engine.st, a->name, board);
	board_check(board, false);
	/* a little jitter, so that many clients do not ask in step */
	if (opt.refresh > 0) {
		uint64_t ms = (uint64_t)opt.refresh * 1000;
		uv_timer_start(&engine.refresh, on_refresh_timer, ms + (uint64_t)(rand() % 1000), ms);
	}
}

void
sync_refresh_now(void)
{
	struct sync_account *a = watched_account();

	if (!a)
		return;
	x_free(&a->stopped);
	/* at once: but a service's own limit is not asked again early */
	if (a->offline)
		a->pause_until = 0;
	a->failures = 0;
	a->offline = false;
	outbox_retry_all(engine.st, a->name);
	strset_free(&engine.waiting);
	board_check(engine.watched, true);
	engine_notify(SYNC_STATUS);
	engine_kick();
}

void
sync_kick(void)
{
	strset_free(&engine.waiting);
	engine_kick();
}

void
sync_status(char *buf, size_t n)
{
	struct sync_account *a = watched_account();
	long long left;
	int pending = 0, failed = 0;

	*buf = '\0';
	if (!a)
		return;
	outbox_counts(engine.st, a->name, &pending, &failed);
	left = (a->pause_until - mono_ms() + 999) / 1000;
	if (a->stopped)
		snprintf(buf, n, "stopped: %s", a->stopped);
	else if (left > 0 && a->offline)
		snprintf(buf, n, "offline, retrying in %lld s", left);
	else if (left > 0 && a->paced)
		snprintf(buf, n, "keeping to %s's rate, next in %lld s", a->be->title, left);
	else if (left > 0)
		snprintf(buf, n, "rate limited, resuming in %lld s", left);
	else if (a->reading)
		snprintf(buf, n, "reading the token");
	else if (a->refreshing)
		snprintf(buf, n, "renewing the token");
	else if (pending && failed)
		snprintf(buf, n, "%d pending, %d failed", pending, failed);
	else if (pending)
		snprintf(buf, n, "%d pending", pending);
	else if (failed)
		snprintf(buf, n, "%d failed", failed);
	else if (board_fetcher(FETCH_BOARD, engine.watched))
		snprintf(buf, n, "syncing");
	else
		snprintf(buf, n, "synced");
}

uv_loop_t *
sync_loop(void)
{
	return engine.loop;
}

bool
sync_running(void)
{
	return engine.started;
}

void
sync_set_listener(sync_listener_fn fn, void *ud)
{
	engine.listener = fn;
	engine.listener_ud = ud;
}

bool
sync_busy(void)
{
	if (engine.sendings)
		return true;
	/* a token command or a token refresh runs */
	for (int i = 0; i < sync_account_count(); i++)
		if (sync_account_at(i)->reading || sync_account_at(i)->refreshing)
			return true;
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->out || (fe->starting && !fe->a->stopped))
			return true;
	return false;
}

/* When something queued may go next, in mono ms; 0 when nothing waits
 * for a time (all done, failed, stopped or waiting for something else). */
long long
sync_next_wake(void)
{
	long long next = 0, now = mono_ms();

	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->retry_at && !fe->a->stopped)
			next = earliest(next, fe->retry_at);
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		struct outbox_op *ops;
		long long due = 0;
		int n = 0;

		if (a->stopped)
			continue;
		if (outbox_ready(engine.st, a->name, now_ms(), 1 + (int)engine.waiting.n, &ops, &n, &due,
		    NULL) == 0) {
			for (int k = 0; k < n; k++)
				if (!sending_busy(ops[k].id))
					due = now_ms();
			outbox_ops_free(&ops, n);
		}
		if (due)
			next = earliest(next, now + (due - now_ms()));
		if (due && a->pause_until > next)
			next = a->pause_until;
	}
	return next;
}

/* The user's id, for the backend to look for what it made. */
void
account_me(struct sync_account *a)
{
	free(a->me);
	a->me = store_account_user(engine.st, a->name);
	a->ba.me = a->me;
}

/* What the account's backend kept from earlier runs. */
static void
account_load(struct sync_account *a)
{
	char *json = store_account_state(engine.st, a->name);

	cJSON_Delete(a->ba.state);
	a->ba.state = json ? cJSON_Parse(json) : NULL;
	if (!cJSON_IsObject(a->ba.state)) {
		cJSON_Delete(a->ba.state);
		a->ba.state = cJSON_CreateObject();
	}
	a->ba.state_changed = false;
	free(json);
	account_me(a);
}

/* LANES_RATE_WINDOW_MS: tests and benchmarks keep to each service's
 * number of requests in a shorter window than its real one. */
static int
rate_window_read(struct lanes_err *e)
{
	const char *v = getenv("LANES_RATE_WINDOW_MS");
	char *end;
	long ms;

	engine.rate_window_ms = 0;
	if (!v || !*v)
		return 0;
	ms = strtol(v, &end, 10);
	if (*end || ms <= 0)
		return err_set(e, "LANES_RATE_WINDOW_MS is not a number of milliseconds: %s", v);
	engine.rate_window_ms = ms;
	return 0;
}

int
sync_start(struct store *st, uv_loop_t *loop, struct lanes_err *e)
{
	const char *trace = getenv("LANES_TRACE");

	/* a second lanes on the same database only reads: the first one syncs */
	/* one lanes at a time syncs a database: the one that holds its lock */
	if (engine.started || !sync_account_count() || store_readonly_reason(st) ||
	    !store_owner(st))
		return 0;
	if (rate_window_read(e) < 0)
		return -1;
	engine.st = st;
	engine.loop = loop;
	engine.http = http_new(loop);
	if (trace && *trace && http_set_trace(engine.http, trace, e) < 0) {
		http_close(&engine.http);
		return -1;
	}
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);

		if (store_account_ensure(st, a->name, a->be->name, e) < 0) {
			http_close(&engine.http);
			return -1;
		}
		account_load(a);
	}
	uv_timer_init(loop, &engine.wake);
	uv_timer_init(loop, &engine.refresh);
	uv_timer_init(loop, &engine.tick);
	srand((unsigned)(now_ms() ^ (long long)getpid()));
	engine.started = true;
	outbox_set_listener(on_outbox_append, NULL);
	engine_kick();
	return 0;
}

/* MCP sessions are ended as lanes stops: their DELETEs go out on the
 * http layer, which is closed when they are answered, or after a while. */
#define GOODBYE_MS 1500
static struct {
	struct http *http;
	uv_timer_t timer;
	int left;
} bye;

static void
goodbye_done(void)
{
	http_close(&bye.http);
	uv_close((uv_handle_t *)&bye.timer, NULL);
}

static void
on_goodbye(const struct http_resp *r, void *ud)
{
	(void)r;
	(void)ud;
	if (--bye.left == 0)
		goodbye_done();
}

static void
on_goodbye_late(uv_timer_t *t)
{
	(void)t;
	goodbye_done();
}

static void
say_goodbye(void)
{
	int n = 0;

	for (int i = 0; i < sync_account_count(); i++)
		if (bye.http)   /* still saying the last one: no waiting this time */
			account_mcp_close(sync_account_at(i), NULL, NULL);
		else if (account_mcp_close(sync_account_at(i), on_goodbye, NULL) > 0)
			n++;
	if (!n) {
		http_close(&engine.http);
		return;
	}
	bye.http = engine.http;
	engine.http = NULL;
	bye.left = n;
	uv_timer_init(engine.loop, &bye.timer);
	uv_timer_start(&bye.timer, on_goodbye_late, GOODBYE_MS, 0);
}

void
sync_stop(void)
{
	if (!engine.started)
		return;
	outbox_set_listener(NULL, NULL);
	while (engine.sendings)
		sending_free(engine.sendings);
	while (engine.fetchers)
		fetcher_free(engine.fetchers);
	strset_free(&engine.waiting);
	x_free(&engine.message);
	say_goodbye();
	uv_close((uv_handle_t *)&engine.wake, NULL);
	uv_close((uv_handle_t *)&engine.refresh, NULL);
	uv_close((uv_handle_t *)&engine.tick, NULL);
	engine.started = false;
	engine.tick_on = false;
	engine.watched = 0;
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		sync_account_secrets_cancel(a);
		a->reads = a->writes = 0;
		a->me_asked = false;
		a->no_events = false;
		a->refreshing = a->needs_refresh = false;
	}
}
