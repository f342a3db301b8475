/* The sync engine. One loop: edits queue ops in the store; the engine
 * sends the head op of each entity, at most the service's number of
 * writes at a time, and reads the answers into the store. Reads (board
 * refreshes, card details, pickers, looking for what a lost create made)
 * are fetchers that walk their pages one request at a time.
 *
 * Faults: 429 pauses the account for Retry-After; 5xx, timeouts and
 * dropped connections pause it with an exponential, jittered, capped
 * back-off; 401/403 stop its queue (ops kept) until R; other 4xx park the
 * op as failed with the server's words. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/http.h"
#include "lanes/outbox.h"
#include "lanes/store.h"
#include "lanes/strset.h"
#include "private.h"

#define BACKOFF_BASE_MS 1000LL
#define BACKOFF_MAX_MS (5 * 60 * 1000LL)
#define RATE_DEFAULT_MS 60000LL

struct fetcher;
typedef void (*fetch_done_fn)(struct fetcher *fe, const char *error);

/* A read of one or more pages, one page in flight at a time. */
struct fetcher {
	struct fetcher *prev, *next;
	int id;
	struct sync_account *a;
	struct backend_fetch f;
	int http_id;                    /* the page in flight, 0 between pages */
	long long retry_at;             /* mono ms: a page waits to be asked again */
	bool starting;                  /* waits for a free read slot */
	fetch_done_fn done;
	lid board, card;
	bool again;                     /* refresh asked for while it ran (a change
	                                 * check: a full one) */
	struct strset acked;            /* refresh: entities acknowledged meanwhile */
	sync_list_fn list_done;
	void *list_ud;
	struct sending *sending;        /* adopt: the op it looks for */
	int gen;                        /* the token generation of the page out */
};

/* An op on its way: looked for (a lost create), then sent. */
struct sending {
	struct sending *prev, *next;
	struct sync_account *a;
	lid op;
	char *entity;
	cJSON *resolved;
	int http_id;
	bool write;
	int gen;                        /* the token generation it was sent with */
};

static struct {
	bool started;
	struct store *st;
	uv_loop_t *loop;
	struct http *http;
	uv_timer_t wake, refresh, tick;
	bool tick_on;
	bool kicked;                    /* a kick came while drain() ran */
	struct fetcher *fetchers;
	struct sending *sendings;
	struct strset waiting;          /* ops waiting for another op ("<id>") */
	lid watched;
	char *events;                   /* the watched board's change token */
	int next_id;
	sync_listener_fn listener;
	void *listener_ud;
	char *message;
} S;

static void drain(void);
static void account_me(struct sync_account *a);
static long long account_wait(struct sync_account *a);
static void fetch_page(struct fetcher *fe);
static void send_op(struct sending *sd);

/* ---- small things ---- */

static void
notify(unsigned events)
{
	if (S.listener)
		S.listener(events, S.listener_ud);
}

static void say(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* A message for people (the status line, or stderr without a screen). */
static void
say(const char *fmt, ...)
{
	va_list ap;

	free(S.message);
	va_start(ap, fmt);
	S.message = xvasprintf(fmt, ap);
	va_end(ap);
	notify(SYNC_MESSAGE);
}

char *
sync_take_message(void)
{
	char *m = S.message;

	S.message = NULL;
	return m;
}

static void
on_wake(uv_timer_t *t)
{
	drain();
}

/* Look at everything again on the next loop turn. */
static void
kick(void)
{
	if (!S.started)
		return;
	S.kicked = true;
	uv_timer_start(&S.wake, on_wake, 0, 0);
}

static void
on_outbox_append(void *ud)
{
	kick();
}

static long long
backoff_ms(int failures)
{
	long long d = BACKOFF_BASE_MS;

	for (int i = 1; i < failures && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	/* half fixed, half random, so many clients do not come back at once */
	return d / 2 + (long long)(rand() % (int)(d / 2 + 1));
}

static void
on_tick(uv_timer_t *t)
{
	long long now = mono_ms();
	bool paused = false;

	for (int i = 0; i < sync_account_count(); i++)
		paused |= sync_account_at(i)->pause_until > now;
	notify(SYNC_STATUS);
	if (!paused) {
		uv_timer_stop(&S.tick);
		S.tick_on = false;
	}
}

/* The status line counts down a pause; its timer lives only then. */
static void
tick_start(void)
{
	if (!S.tick_on && S.listener) {
		uv_timer_start(&S.tick, on_tick, 1000, 1000);
		S.tick_on = true;
	}
}

static void
account_ok(struct sync_account *a)
{
	a->gen_ok = true;
	if (a->offline || a->failures)
		notify(SYNC_STATUS);
	a->failures = 0;
	a->offline = false;
	a->unreachable = false;
}

/* A transient failure: the whole account waits, as the next request would
 * most likely fail the same way. Returns the wall-clock time to try at. */
static long long
account_backoff(struct sync_account *a, const struct http_resp *r)
{
	a->unreachable = r && r->fail == HTTP_FAIL_CONNECT;
	return account_wait(a);
}

static long long
account_wait(struct sync_account *a)
{
	long long d = backoff_ms(++a->failures);

	a->offline = true;
	a->pause_until = mono_ms() + d;
	tick_start();
	notify(SYNC_STATUS);
	return now_ms() + d;
}

static long long
account_rate_limited(struct sync_account *a, long long retry_after_ms)
{
	long long d = retry_after_ms >= 0 ? retry_after_ms : RATE_DEFAULT_MS;

	a->offline = false;
	if (mono_ms() + d > a->pause_until)
		a->pause_until = mono_ms() + d;
	tick_start();
	notify(SYNC_STATUS);
	return now_ms() + d;
}

static void
account_stop(struct sync_account *a, const char *why)
{
	free(a->stopped);
	a->stopped = xstrdup(why);
	notify(SYNC_STATUS);
}

/* Keeps what the backend changed of its state in the store, durably. */
static int
state_save(struct sync_account *a, struct lanes_err *e)
{
	char *json;
	int rc;

	if (!a->ba.state_changed)
		return 0;
	a->ba.state_changed = false;
	json = cJSON_PrintUnformatted(a->ba.state);
	rc = store_account_set_state(S.st, a->name, json, e);
	free(json);
	return rc;
}

static void
state_keep(struct sync_account *a)
{
	struct lanes_err e = { "" };

	if (state_save(a, &e) < 0)
		say("account %s: what %s said was not kept: %s", a->name, a->be->title, e.msg);
}

static void
secrets_known(struct sync_account *a)
{
	for (int i = 0; a->be->settings[i].key; i++)
		if ((a->be->settings[i].flags & SETTING_SECRET) && a->values[i])
			http_add_secret(S.http, a->values[i]);
}

static void fetchers_fail(struct sync_account *a, const char *why);

static void
secrets_done(struct sync_account *a, const char *error)
{
	if (error) {
		account_stop(a, error);
		fetchers_fail(a, error);
	} else {
		secrets_known(a);
	}
	kick();
}

/* Whether a may send now: its secrets are read (a command for one runs
 * off the loop meanwhile) and no token refresh is under way. */
static bool
account_ready(struct sync_account *a)
{
	struct lanes_err e = { "" };
	int rc;

	if (a->stopped || a->refreshing)
		return false;
	if (a->secrets_read)
		return true;
	rc = sync_account_secrets(a, S.loop, secrets_done, &e);
	if (rc < 0) {
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else if (rc == 1) {
		secrets_known(a);
	} else {
		notify(SYNC_STATUS);
	}
	return rc == 1;
}

/* ---- requests ---- */

/* The URL of req: the account's url and a path, or an absolute URL. */
static char *
req_url(const struct sync_account *a, const struct backend_req *req)
{
	if (str_has_prefix(req->path, "https://") || str_has_prefix(req->path, "http://"))
		return xstrdup(req->path);
	return xasprintf("%s%s", a->ba.url ? a->ba.url : "", req->path);
}

static int
submit(struct sync_account *a, const struct backend_req *req, bool once, http_done_fn done,
    void *ud, struct lanes_err *e)
{
	const char *headers[BACKEND_MAX_HEADERS + 2] = { "Accept: application/json" };
	struct http_req hr = { 0 };
	char *url;
	int id;

	if (req->transport == TRANSPORT_MCP)
		return err_set(e, "%s needs the MCP transport, which this lanes does not have yet",
		    req->tool ? req->tool : "this edit");
	for (int i = 0; req->headers[i]; i++)
		headers[i + 1] = req->headers[i];
	url = req_url(a, req);
	hr.method = req->method;
	hr.url = url;
	hr.body = req->body;
	hr.body_len = req->body ? strlen(req->body) : 0;
	hr.content_type = req->content_type;
	hr.token = req->no_auth ? NULL : sync_account_bearer(a);
	hr.headers = headers;
	hr.fresh_connection = once;
	id = http_submit(S.http, &hr, done, ud, e);
	free(url);
	if (id > 0) {
		if (req->write)
			a->writes++;
		else
			a->reads++;
	}
	return id;
}

static void
request_done(struct sync_account *a, bool write)
{
	if (write)
		a->writes--;
	else
		a->reads--;
}

/* ---- 401: the backend's token refresh, one at a time per account ---- */

static void
on_refreshed(const struct http_resp *r, void *ud)
{
	struct sync_account *a = ud;
	struct lanes_err e = { "" };

	store_release(S.st);
	request_done(a, true);
	a->refreshing = false;
	if (r->fail != HTTP_OK) {
		account_backoff(a, r);
		a->needs_refresh = true;
	} else if (a->be->refreshed(&a->ba, r, &e) < 0) {
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else if (state_save(a, &e) < 0) {
		/* a rotated refresh token that is not on disk would sign the
		 * account out at the next start: stop rather than use it */
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else {
		a->auth_gen++;
		a->gen_from_refresh = true;
		a->gen_ok = false;
		account_ok(a);
	}
	notify(SYNC_STATUS);
	kick();
}

static void
token_refresh(struct sync_account *a)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };

	a->needs_refresh = false;
	if (a->be->refresh(&a->ba, &req, &e) < 0 ||
	    submit(a, &req, true, on_refreshed, a, &e) < 0) {
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else {
		a->refreshing = true;
	}
	backend_req_clear(&req);
	notify(SYNC_STATUS);
}

/* A 401 to a request sent with token generation gen: true when it is to
 * go once more (after the refresh that runs, or ran since it was sent);
 * false when the account's queue stops. A token fresh from a refresh that
 * is refused before anything succeeded with it stops the account too. */
static bool
unauthorized(struct sync_account *a, int gen, const char *why)
{
	if (gen < a->auth_gen || a->refreshing || a->needs_refresh)
		return true;
	if (a->be->refresh && !(a->gen_from_refresh && !a->gen_ok)) {
		token_refresh(a);
		return !a->stopped;
	}
	account_stop(a, why);
	return false;
}

/* ---- fetchers ---- */

static struct fetcher *
fetcher_new(struct sync_account *a, enum fetch_kind kind, const char *remote,
    fetch_done_fn done)
{
	struct fetcher *fe = xcalloc(1, sizeof(*fe));

	fe->id = ++S.next_id;
	fe->a = a;
	fe->done = done;
	backend_fetch_init(&fe->f, kind, remote);
	fe->next = S.fetchers;
	if (S.fetchers)
		S.fetchers->prev = fe;
	S.fetchers = fe;
	fe->starting = true;
	kick();
	return fe;
}

static void
fetcher_free(struct fetcher *fe)
{
	if (fe->prev)
		fe->prev->next = fe->next;
	else
		S.fetchers = fe->next;
	if (fe->next)
		fe->next->prev = fe->prev;
	if (fe->http_id) {
		http_cancel(S.http, fe->http_id);
		request_done(fe->a, false);
	}
	backend_fetch_clear(&fe->f);
	strset_free(&fe->acked);
	free(fe);
}

static void
fetch_finish(struct fetcher *fe, const char *error)
{
	fe->done(fe, error);
	fetcher_free(fe);
	kick();
}

static void
on_page(const struct http_resp *r, void *ud)
{
	struct fetcher *fe = ud;
	struct sync_account *a = fe->a;
	struct lanes_err e = { "" };
	int rc;

	store_release(S.st);
	fe->http_id = 0;
	request_done(a, false);
	/* some answers that are not a success still say what was asked */
	switch (a->be->fetch_accepts && a->be->fetch_accepts(&fe->f, r) ? BV_OK :
	    a->be->classify(NULL, r, &e)) {
	case BV_OK:
		account_ok(a);
		rc = a->be->fetch_parse(&a->ba, &fe->f, r, &e);
		state_keep(a);
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
		if (unauthorized(a, fe->gen, e.msg)) {
			fe->retry_at = mono_ms();
			break;
		}
		fetch_finish(fe, e.msg);
		return;
	case BV_PARK:
		fetch_finish(fe, e.msg);
		return;
	}
	kick();
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
	fe->http_id = submit(fe->a, &req, false, on_page, fe, &e);
	backend_req_clear(&req);
	if (fe->http_id < 0) {
		fe->http_id = 0;
		fetch_finish(fe, e.msg);
	}
}

/* Fetchers waiting for a slot or a retry time go now if they may. */
static long long
fetchers_resume(long long now)
{
	long long next = 0;
	struct fetcher *fe, *nx;

	for (fe = S.fetchers; fe; fe = nx) {
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
static void
fetchers_fail(struct sync_account *a, const char *why)
{
	struct fetcher *fe, *nx;

	for (fe = S.fetchers; fe; fe = nx) {
		nx = fe->next;
		if (fe->a == a && !fe->http_id) {
			fe->done(fe, why);
			fetcher_free(fe);
		}
	}
}

/* ---- sending ops ---- */

static struct sending *
sending_find(lid op)
{
	for (struct sending *sd = S.sendings; sd; sd = sd->next)
		if (sd->op == op)
			return sd;
	return NULL;
}

static int
sendings_of(const struct sync_account *a)
{
	int n = 0;

	for (struct sending *sd = S.sendings; sd; sd = sd->next)
		n += sd->a == a;
	return n;
}

static void
sending_free(struct sending *sd)
{
	if (sd->prev)
		sd->prev->next = sd->next;
	else
		S.sendings = sd->next;
	if (sd->next)
		sd->next->prev = sd->prev;
	if (sd->http_id) {
		http_cancel(S.http, sd->http_id);
		request_done(sd->a, sd->write);
	}
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (fe->sending == sd)
			fe->sending = NULL;
	free(sd->entity);
	cJSON_Delete(sd->resolved);
	free(sd);
}

/* What a refresh running now fetched may predate this op: it keeps the
 * local values of the entity. */
static void
note_acked(const struct sending *sd)
{
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (fe->a == sd->a && fe->f.kind == FETCH_BOARD)
			strset_add(&fe->acked, sd->entity);
}

static void
op_acked(struct sending *sd, const struct backend_ack *ack)
{
	struct lanes_err e = { "" };

	if (outbox_ack(S.st, sd->op, ack->remote, ack->more, ack->carry, &e) < 0)
		outbox_defer(S.st, sd->op, now_ms() + BACKOFF_BASE_MS, e.msg, NULL);
	note_acked(sd);
	/* what waited for this may go now */
	strset_free(&S.waiting);
	notify(SYNC_STORE | SYNC_STATUS);
}

static void
op_failed(struct sending *sd, const char *why)
{
	outbox_park(S.st, sd->op, why, NULL);
	notify(SYNC_STORE | SYNC_STATUS);
}

static void
on_op_done(const struct http_resp *r, void *ud)
{
	struct sending *sd = ud;
	struct sync_account *a = sd->a;
	struct backend_ack ack = { 0 };
	struct lanes_err e = { "" };
	int rc;

	store_release(S.st);
	sd->http_id = 0;
	request_done(a, sd->write);
	switch (a->be->classify(sd->resolved, r, &e)) {
	case BV_OK:
		account_ok(a);
		/* a create whose answer cannot be read is a lost answer */
		rc = a->be->parse(&a->ba, sd->resolved, r, &ack, &e);
		state_keep(a);
		if (rc < 0)
			outbox_defer(S.st, sd->op, account_backoff(a, NULL), e.msg, NULL);
		else
			op_acked(sd, &ack);
		backend_ack_clear(&ack);
		break;
	case BV_RETRY:
		outbox_defer(S.st, sd->op, account_backoff(a, r), e.msg, NULL);
		notify(SYNC_STORE);     /* the sync pane shows the tries */
		break;
	case BV_RATE:
		outbox_defer(S.st, sd->op, account_rate_limited(a, r->retry_after_ms), e.msg, NULL);
		notify(SYNC_STORE);
		break;
	case BV_AUTH:
		/* sent again after the refresh, or kept for R */
		if (unauthorized(a, sd->gen, e.msg))
			outbox_defer(S.st, sd->op, now_ms(), e.msg, NULL);
		break;
	case BV_PARK:
		op_failed(sd, e.msg);
		break;
	}
	sending_free(sd);
	kick();
}

static void
send_op(struct sending *sd)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };
	int rc = sd->a->be->build(&sd->a->ba, sd->resolved, &req, &e);

	if (rc == 1) {          /* nothing the service keeps: done here */
		struct backend_ack none = { 0 };
		op_acked(sd, &none);
		sending_free(sd);
		return;
	}
	/* the mark must be on disk before the service can act on the op */
	if (rc < 0 || outbox_mark_sent(S.st, sd->op, &e) < 0 || store_flush(S.st, &e) < 0) {
		op_failed(sd, e.msg);
		backend_req_clear(&req);
		sending_free(sd);
		return;
	}
	sd->write = req.write;
	sd->gen = sd->a->auth_gen;
	sd->http_id = submit(sd->a, &req, sd->a->be->creates(sd->resolved), on_op_done, sd, &e);
	backend_req_clear(&req);
	if (sd->http_id < 0) {
		sd->http_id = 0;
		if (!sd->a->stopped)
			op_failed(sd, e.msg);
		sending_free(sd);
	}
}

/* The lookup for what a create whose answer was lost made: adopt the
 * first match no other row of ours has, else send it again. */
static void
adopt_done(struct fetcher *fe, const char *error)
{
	struct sending *sd = fe->sending;
	const cJSON *gid;
	struct outbox_op op;

	if (!sd)
		return;
	if (error) {
		outbox_defer(S.st, sd->op, account_wait(sd->a), error, NULL);
		sending_free(sd);
		return;
	}
	if (outbox_get(S.st, sd->op, &op, NULL) < 0) {
		sending_free(sd);
		return;
	}
	cJSON_ArrayForEach(gid, cJSON_GetObjectItemCaseSensitive(fe->f.result, "candidates")) {
		struct backend_ack ack = { 0 };
		struct lanes_err e = { "" };

		if (!cJSON_IsString(gid) || outbox_remote_taken(S.st, &op, gid->valuestring))
			continue;
		/* the backend says what the lost answer would have said */
		if (sd->a->be->adopt(&sd->a->ba, sd->resolved, gid->valuestring, &ack, &e) == 0)
			op_acked(sd, &ack);
		else
			op_failed(sd, e.msg);
		backend_ack_clear(&ack);
		outbox_op_clear(&op);
		sending_free(sd);
		return;
	}
	outbox_op_clear(&op);
	send_op(sd);
}

static void
start_op(struct sync_account *a, const struct outbox_op *op)
{
	struct sending *sd;
	cJSON *r;
	char why[200] = "", key[32];
	struct lanes_err e = { "" };
	int rc = outbox_resolve(S.st, op, &r, why, sizeof(why), &e);

	if (rc < 0) {
		outbox_park(S.st, op->id, e.msg, NULL);
		notify(SYNC_STORE | SYNC_STATUS);
		return;
	}
	if (rc == 0) {
		snprintf(key, sizeof(key), "%lld", op->id);
		strset_add(&S.waiting, key);
		return;
	}
	sd = xcalloc(1, sizeof(*sd));
	sd->a = a;
	sd->op = op->id;
	sd->entity = xstrdup(op->entity);
	sd->resolved = r;
	sd->next = S.sendings;
	if (S.sendings)
		S.sendings->prev = sd;
	S.sendings = sd;
	if (op->sent_at && a->be->creates(r)) {
		struct fetcher *fe = fetcher_new(a, FETCH_ADOPT, NULL, adopt_done);
		fe->f.op = r;
		fe->sending = sd;
		return;
	}
	send_op(sd);
}

static bool
op_busy(lid id)
{
	char key[32];

	snprintf(key, sizeof(key), "%lld", id);
	return sending_find(id) || strset_has(&S.waiting, key);
}

/* Starts what may start of a's queue; returns when (wall ms) more is due. */
static long long
drain_account(struct sync_account *a)
{
	struct outbox_op *ops;
	int n, room = a->be->max_writes - a->writes;
	long long due = 0;

	if (room <= 0)
		return 0;
	if (outbox_ready(S.st, a->name, now_ms(), room + sendings_of(a) + (int)S.waiting.n, &ops,
	    &n, &due, NULL) < 0)
		return 0;
	for (int i = 0; i < n && a->writes < a->be->max_writes && !a->stopped &&
	    a->pause_until <= mono_ms(); i++)
		if (!op_busy(ops[i].id))
			start_op(a, &ops[i]);
	outbox_ops_free(&ops, n);
	return due;
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

	if (!S.started)
		return;
	store_release(S.st);
	S.kicked = false;
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
			token_refresh(a);
		if (!account_ready(a))
			continue;
		long long due = drain_account(a);
		if (due)
			next = earliest(next, now + (due - now_ms()));
	}
	if (S.kicked)
		uv_timer_start(&S.wake, on_wake, 0, 0);
	else if (next)
		uv_timer_start(&S.wake, on_wake, (uint64_t)(next > now ? next - now : 0), 0);
	else
		uv_timer_stop(&S.wake);
}

/* ---- refreshing boards and cards ---- */

/* The fetch of this kind about board that runs now, if any. */
static struct fetcher *
board_fetcher(enum fetch_kind kind, lid board)
{
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
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
		store_account_set_user(S.st, fe->a->name, me);
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
	me = store_account_user(S.st, a->name);
	if (!me)
		fetcher_new(a, FETCH_ME, NULL, me_done);
	free(me);
}

static void
refresh_done(struct fetcher *fe, const char *error)
{
	struct lanes_err e = { "" };
	const char **held = xcalloc(fe->acked.n + 1, sizeof(*held));
	int n = 0;

	for (size_t i = 0; i < fe->acked.cap; i++)
		if (fe->acked.slots[i])
			held[n++] = fe->acked.slots[i];
	if (!error && store_merge_board(S.st, fe->board, fe->f.result, held, n, &e) < 0)
		error = e.msg;
	free(held);
	if (error)
		say("refresh of %s failed: %s", fe->a->name, error);
	notify(SYNC_STORE | SYNC_STATUS);
	if (fe->again)
		sync_refresh_board(fe->board);
}

void
sync_refresh_board(lid board)
{
	struct lanes_err e = { "" };
	struct sync_account *a;
	struct fetcher *fe;
	char *account = NULL, *remote = NULL;

	if (!S.started)
		return;
	if ((fe = board_fetcher(FETCH_BOARD, board))) {
		fe->again = true;       /* never two at once: one more after this */
		return;
	}
	if (store_board_remote_of(S.st, board, &account, &remote, &e) == 0 && remote &&
	    (a = sync_account_find(account))) {
		ask_me(a);
		fe = fetcher_new(a, FETCH_BOARD, remote, refresh_done);
		fe->board = board;
		notify(SYNC_STATUS);
	}
	free(account);
	free(remote);
}

/* ---- change checks ----
 *
 * The watched board is fetched in full when it is opened, on R, and when a
 * periodic check says it changed: one request (and a token to ask from
 * next time) instead of every page of the board. The token is taken before
 * the fetch it precedes, so a change made while that runs is seen next. */

static void
events_done(struct fetcher *fe, const char *error)
{
	const cJSON *r = fe->f.result;
	const char *token = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "sync"));

	/* a service that refuses the check (not the token) gets full
	 * refreshes from now on */
	if (error && !fe->a->stopped)
		fe->a->no_events = true;
	if (fe->board != S.watched)     /* another board was opened meanwhile */
		return;
	x_free(&S.events);
	if (!error && token)
		S.events = xstrdup(token);
	if (error || fe->again || !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "changed")))
		sync_refresh_board(fe->board);
}

/* Refreshes the watched board if it changed (all of it when full). */
static void
check_watched(bool full)
{
	struct sync_account *a;
	struct fetcher *fe;
	char *account = NULL, *remote = NULL;
	lid board = S.watched;

	if (!board)
		return;
	if ((fe = board_fetcher(FETCH_EVENTS, board))) {
		fe->again |= full;      /* R during a check: fetch whatever it says */
		return;
	}
	if (store_board_remote_of(S.st, board, &account, &remote, NULL) == 0 && remote &&
	    (a = sync_account_find(account))) {
		if (!(a->be->caps & CAP_EVENTS) || a->no_events) {
			sync_refresh_board(board);
		} else {
			if (full)
				x_free(&S.events);
			fe = fetcher_new(a, FETCH_EVENTS, remote, events_done);
			fe->board = board;
			fe->f.offset = S.events ? xstrdup(S.events) : NULL;
			fe->again = !S.events;  /* a first token precedes a fetch */
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
	me = store_account_user(S.st, fe->a->name);
	if (store_merge_card(S.st, fe->card, me, fe->f.result, &e) == 0)
		notify(SYNC_STORE);
	free(me);
}

void
sync_fetch_card(lid card)
{
	struct sync_account *a;
	char *account = NULL, *remote = NULL, *task;
	lid board;

	if (!S.started || store_card_board(S.st, card, &board, NULL) < 0)
		return;
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (fe->f.kind == FETCH_CARD && fe->card == card)
			return;
	task = store_card_remote(S.st, card);
	if (task && store_board_remote_of(S.st, board, &account, &remote, NULL) == 0 &&
	    (a = sync_account_find(account)))
		fetcher_new(a, FETCH_CARD, task, card_done)->card = card;
	free(task);
	free(account);
	free(remote);
}

static void
on_refresh_timer(uv_timer_t *t)
{
	check_watched(false);
}

static struct sync_account *
watched_account(void)
{
	char *account = NULL, *remote = NULL;
	struct sync_account *a = NULL;

	if (S.started && S.watched &&
	    store_board_remote_of(S.st, S.watched, &account, &remote, NULL) == 0 && remote)
		a = sync_account_find(account);
	free(account);
	free(remote);
	return a;
}

void
sync_watch_board(lid board)
{
	struct sync_account *a;

	if (board != S.watched)
		x_free(&S.events);
	S.watched = board;
	if (!S.started)
		return;
	uv_timer_stop(&S.refresh);
	if (!(a = watched_account()))
		return;
	store_account_set_last_board(S.st, a->name, board);
	check_watched(true);
	/* a little jitter, so that many clients do not ask in step */
	if (opt.refresh > 0) {
		uint64_t ms = (uint64_t)opt.refresh * 1000;
		uv_timer_start(&S.refresh, on_refresh_timer, ms + (uint64_t)(rand() % 1000), ms);
	}
}

void
sync_refresh_now(void)
{
	struct sync_account *a = watched_account();

	if (!a)
		return;
	x_free(&a->stopped);
	a->pause_until = 0;
	a->failures = 0;
	a->offline = false;
	outbox_retry_all(S.st, a->name);
	strset_free(&S.waiting);
	check_watched(true);
	notify(SYNC_STATUS);
	kick();
}

void
sync_kick(void)
{
	strset_free(&S.waiting);
	kick();
}

/* ---- pickers ---- */

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

	if (!S.started || !a)
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
		for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
			if (fe->id == id)
				fe->f.level = level;
	return id;
}

void
sync_cancel(int id)
{
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (fe->id == id) {
			fetcher_free(fe);
			return;
		}
}

/* ---- status ---- */

void
sync_status(char *buf, size_t n)
{
	struct sync_account *a = watched_account();
	long long left;
	int pending = 0, failed = 0;

	*buf = '\0';
	if (!a)
		return;
	outbox_counts(S.st, a->name, &pending, &failed);
	left = (a->pause_until - mono_ms() + 999) / 1000;
	if (a->stopped)
		snprintf(buf, n, "stopped: %s", a->stopped);
	else if (left > 0 && a->offline)
		snprintf(buf, n, "offline, retrying in %lld s", left);
	else if (left > 0)
		snprintf(buf, n, "rate limited, waiting %lld s", left);
	else if (pending && failed)
		snprintf(buf, n, "%d pending, %d failed", pending, failed);
	else if (pending)
		snprintf(buf, n, "%d pending", pending);
	else if (failed)
		snprintf(buf, n, "%d failed", failed);
	else if (board_fetcher(FETCH_BOARD, S.watched))
		snprintf(buf, n, "syncing");
	else
		snprintf(buf, n, "synced");
}

/* ---- life cycle ---- */

uv_loop_t *
sync_loop(void)
{
	return S.loop;
}

bool
sync_running(void)
{
	return S.started;
}

void
sync_set_listener(sync_listener_fn fn, void *ud)
{
	S.listener = fn;
	S.listener_ud = ud;
}

bool
sync_busy(void)
{
	if (S.sendings)
		return true;
	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (fe->http_id || (fe->starting && !fe->a->stopped))
			return true;
	return false;
}

/* When something queued may go next, in mono ms; 0 when nothing waits
 * for a time (all done, failed, stopped or waiting for something else). */
long long
sync_next_wake(void)
{
	long long next = 0, now = mono_ms();

	for (struct fetcher *fe = S.fetchers; fe; fe = fe->next)
		if (!fe->http_id && fe->retry_at && !fe->a->stopped)
			next = earliest(next, fe->retry_at);
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		struct outbox_op *ops;
		long long due = 0;
		int n = 0;

		if (a->stopped)
			continue;
		if (outbox_ready(S.st, a->name, now_ms(), 1 + (int)S.waiting.n, &ops, &n, &due,
		    NULL) == 0) {
			for (int k = 0; k < n; k++)
				if (!op_busy(ops[k].id))
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
static void
account_me(struct sync_account *a)
{
	free(a->me);
	a->me = store_account_user(S.st, a->name);
	a->ba.me = a->me;
}

/* What the account's backend kept from earlier runs. */
static void
account_load(struct sync_account *a)
{
	char *json = store_account_state(S.st, a->name);

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

int
sync_start(struct store *st, uv_loop_t *loop, struct lanes_err *e)
{
	const char *trace = getenv("LANES_TRACE");

	/* a second lanes on the same database only reads: the first one syncs */
	if (S.started || !sync_account_count() || store_readonly_reason(st))
		return 0;
	S.st = st;
	S.loop = loop;
	if (!(S.http = http_new(loop, e)))
		return -1;
	if (trace && *trace && http_set_trace(S.http, trace, e) < 0) {
		http_close(&S.http);
		return -1;
	}
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);

		if (store_account_ensure(st, a->name, a->be->name, e) < 0) {
			http_close(&S.http);
			return -1;
		}
		account_load(a);
	}
	uv_timer_init(loop, &S.wake);
	uv_timer_init(loop, &S.refresh);
	uv_timer_init(loop, &S.tick);
	srand((unsigned)(now_ms() ^ (long long)getpid()));
	S.started = true;
	outbox_set_listener(on_outbox_append, NULL);
	kick();
	return 0;
}

void
sync_stop(void)
{
	if (!S.started)
		return;
	outbox_set_listener(NULL, NULL);
	while (S.sendings)
		sending_free(S.sendings);
	while (S.fetchers)
		fetcher_free(S.fetchers);
	strset_free(&S.waiting);
	x_free(&S.message);
	x_free(&S.events);
	http_close(&S.http);
	uv_close((uv_handle_t *)&S.wake, NULL);
	uv_close((uv_handle_t *)&S.refresh, NULL);
	uv_close((uv_handle_t *)&S.tick, NULL);
	S.started = false;
	S.tick_on = false;
	S.watched = 0;
	for (int i = 0; i < sync_account_count(); i++) {
		struct sync_account *a = sync_account_at(i);
		sync_account_secrets_cancel(a);
		a->reads = a->writes = 0;
		a->me_asked = false;
		a->no_events = false;
		a->refreshing = a->needs_refresh = false;
	}
}
