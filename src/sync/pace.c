/* Each account's pace and faults: 429 pauses it for Retry-After; 5xx,
 * timeouts and dropped connections pause it with an exponential, jittered,
 * capped back-off; 401 asks the backend for a new token (one refresh at a
 * time, the request once more) or stops its queue, ops kept, until R; 403
 * and other 4xx park the op (send.c). Requests go out here, once the
 * account's secrets are read and what its backend keeps is loaded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"


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

void
account_ok(struct sync_account *a)
{
	a->gen_ok = true;
	if (a->offline || a->failures)
		engine_notify(SYNC_STATUS);
	a->failures = 0;
	a->offline = false;
	a->unreachable = false;
}

/* A transient failure: the whole account waits, as the next request would
 * most likely fail the same way. Returns the wall-clock time to try at. */
long long
account_backoff(struct sync_account *a, const struct http_resp *r)
{
	a->unreachable = r && r->fail == HTTP_FAIL_CONNECT;
	return account_wait(a);
}

long long
account_wait(struct sync_account *a)
{
	long long d = backoff_ms(++a->failures);

	a->offline = true;
	a->paced = false;
	a->pause_until = mono_ms() + d;
	engine_tick_start();
	engine_notify(SYNC_STATUS);
	return now_ms() + d;
}

long long
account_rate_limited(struct sync_account *a, long long retry_after_ms)
{
	long long d = retry_after_ms >= 0 ? retry_after_ms : RATE_DEFAULT_MS;

	a->offline = false;
	a->paced = false;
	if (mono_ms() + d > a->pause_until)
		a->pause_until = mono_ms() + d;
	engine_tick_start();
	engine_notify(SYNC_STATUS);
	return now_ms() + d;
}

static void
account_stop(struct sync_account *a, const char *why)
{
	free(a->stopped);
	a->stopped = xstrdup(why);
	engine_notify(SYNC_STATUS);
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
	rc = store_account_set_state(engine.st, a->name, json, e);
	free(json);
	return rc;
}

void
account_state_keep(struct sync_account *a)
{
	struct lanes_err e = { "" };

	if (state_save(a, &e) < 0)
		engine_say("account %s: what %s said was not kept: %s", a->name, a->be->title, e.msg);
}

static void
secrets_known(struct sync_account *a)
{
	for (int i = 0; a->be->settings[i].key; i++)
		if ((a->be->settings[i].flags & SETTING_SECRET) && a->values[i])
			http_add_secret(engine.http, a->values[i]);
}

static void
secrets_done(struct sync_account *a, const char *error)
{
	if (error) {
		account_stop(a, error);
		fetchers_fail(a, error);
	} else {
		secrets_known(a);
	}
	engine_kick();
}

/* Whether a may send now: its secrets are read (a command for one runs
 * off the loop meanwhile) and no token refresh is under way. */
bool
account_ready(struct sync_account *a)
{
	struct lanes_err e = { "" };
	int rc;

	if (a->stopped || a->refreshing)
		return false;
	if (a->secrets_read)
		return true;
	rc = sync_account_secrets(a, engine.loop, secrets_done, &e);
	if (rc < 0) {
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else if (rc == 1) {
		secrets_known(a);
	} else {
		engine_notify(SYNC_STATUS);
	}
	return rc == 1;
}

/* The URL of req: the account's url and a path, or an absolute URL. */
static char *
req_url(const struct sync_account *a, const struct backend_req *req)
{
	if (str_has_prefix(req->path, "https://") || str_has_prefix(req->path, "http://"))
		return xstrdup(req->path);
	return xasprintf("%s%s", a->ba.url ? a->ba.url : "", req->path);
}

/* Keeps a under its service's rate: once rate_n requests went out within
 * the window, the next waits until the first of them is out of it
 * (rather than meeting a 429 and waiting longer). */
static void
pace(struct sync_account *a)
{
	int n = a->be->rate_n;
	long window = engine.rate_window_ms ? engine.rate_window_ms : a->be->rate_window_ms;
	long long now = mono_ms(), free_at;

	if (n <= 0 || window <= 0)
		return;
	if (!a->sent)
		a->sent = xcalloc((size_t)n, sizeof(*a->sent));
	a->sent[a->sent_head] = now;
	a->sent_head = (a->sent_head + 1) % n;
	/* the oldest of the last n: the next slot to be written */
	/* a little more than the window: the service counts arrivals, and
	 * requests do not all take as long to get there */
	free_at = a->sent[a->sent_head] + window + window / 50;
	if (a->sent[a->sent_head] && free_at > now && free_at > a->pause_until) {
		a->pause_until = free_at;
		a->offline = false;
		a->paced = true;
		engine_tick_start();
		engine_notify(SYNC_STATUS);
	}
}

static void
count_request(struct sync_account *a, const struct backend_req *req)
{
	if (req->write)
		a->writes++;
	else
		a->reads++;
	pace(a);
}

/* An MCP call: through the account's session with the server at req's
 * URL (a new one when the backend names another). */
static int
mcp_submit_for(struct sync_account *a, const struct backend_req *req, bool once,
    http_done_fn done, void *ud, struct lanes_err *e)
{
	char *url = req_url(a, req);
	struct mcp_call c = {
		.tool = req->tool,
		.args = req->body ? req->body : "{}",
		.token = req->no_auth ? NULL : sync_account_bearer(a),
		.headers = (const char *const *)req->headers,
		.fresh_connection = once,
	};
	int id;

	if (a->mcp && !str_eq(mcp_url(a->mcp), url))
		account_mcp_close(a, NULL, NULL);
	if (!a->mcp)
		a->mcp = mcp_new(engine.http, url);
	free(url);
	id = mcp_submit(a->mcp, &c, done, ud, e);
	if (id > 0)
		count_request(a, req);
	return id;
}

void
account_cancel(struct sync_account *a, int id)
{
	if (id >= MCP_ID_FIRST)
		mcp_cancel(a->mcp, id);
	else if (id > 0)
		http_cancel(engine.http, id);
}

int
account_mcp_close(struct sync_account *a, http_done_fn done, void *ud)
{
	return mcp_close(&a->mcp, done, ud);
}

int
account_submit(struct sync_account *a, const struct backend_req *req, bool once, http_done_fn done,
    void *ud, struct lanes_err *e)
{
	const char *headers[BACKEND_MAX_HEADERS + 2] = { "Accept: application/json" };
	struct http_req hr = { 0 };
	char *url;
	int id;

	if (!(a->be->transports & (req->transport ? req->transport : TRANSPORT_REST)))
		return err_set(e, "%s sent a request over a transport it does not declare",
		    a->be->title);
	if (req->transport == TRANSPORT_MCP)
		return mcp_submit_for(a, req, once, done, ud, e);
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
	id = http_submit(engine.http, &hr, done, ud, e);
	free(url);
	if (id > 0)
		count_request(a, req);
	return id;
}

void
account_request_done(struct sync_account *a, bool write)
{
	if (write)
		a->writes--;
	else
		a->reads--;
}

static void
on_refreshed(const struct http_resp *r, void *ud)
{
	struct sync_account *a = ud;
	struct lanes_err e = { "" };
	int rc;

	store_release(engine.st);
	account_request_done(a, true);
	a->refreshing = false;
	if (r->fail != HTTP_OK) {
		account_backoff(a, r);
		a->needs_refresh = true;
	} else if ((rc = a->be->refreshed(&a->ba, r, &e)) > 0) {
		account_backoff(a, NULL);
		a->needs_refresh = true;
	} else if (rc < 0) {
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
	engine_notify(SYNC_STATUS);
	engine_kick();
}

void
account_token_refresh(struct sync_account *a)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };

	a->needs_refresh = false;
	if (a->be->refresh(&a->ba, &req, &e) < 0 ||
	    account_submit(a, &req, true, on_refreshed, a, &e) < 0) {
		account_stop(a, e.msg);
		fetchers_fail(a, e.msg);
	} else {
		a->refreshing = true;
	}
	backend_req_clear(&req);
	engine_notify(SYNC_STATUS);
}

/* A 401 to a request sent with token generation gen: true when it is to
 * go once more (after the refresh that runs, or ran since it was sent);
 * false when the account's queue stops. A token fresh from a refresh that
 * is refused before anything succeeded with it stops the account too. */
bool
account_unauthorized(struct sync_account *a, int gen, const char *why)
{
	if (gen < a->auth_gen || a->refreshing || a->needs_refresh)
		return true;
	if (a->be->refresh && !(a->gen_from_refresh && !a->gen_ok)) {
		account_token_refresh(a);
		return !a->stopped;
	}
	account_stop(a, why);
	return false;
}
