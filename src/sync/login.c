/* Signing an account in (`lanes login NAME`), for services whose tokens
 * come from an OAuth sign-in: the address to send the user to, and the
 * trade of the code the service gives back for the account's tokens,
 * which are kept in its state (the store's accounts.state, a file only
 * the user can read) before this returns. It runs on its own loop and
 * http layer: the engine is not started for it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"

static struct sync_account *
login_account(const char *name, struct lanes_err *e)
{
	struct sync_account *a = sync_account_find(name);

	if (!a) {
		err_set(e, "no account \"%s\" (see `account` in lanes(1))", name);
		return NULL;
	}
	if (!a->be->login_url || !a->be->login_req || !a->be->refreshed) {
		err_set(e, "%s accounts take a token, not a sign-in: see `account` in lanes(1)",
		    a->be->title);
		return NULL;
	}
	return a;
}

int
sync_login_url(const char *account, const char *redirect, const char *state,
    const char *challenge, char **url, struct lanes_err *e)
{
	struct sync_account *a = login_account(account, e);

	*url = a ? a->be->login_url(&a->ba, redirect, state, challenge, e) : NULL;
	return *url ? 0 : -1;
}

struct login {
	struct sync_account *a;
	bool secrets_done, answered;
	char *error;
	int status;
};

static void
on_secrets(struct sync_account *a, const char *error)
{
	struct login *l = a->login;

	l->secrets_done = true;
	if (error)
		l->error = xstrdup(error);
}

static void
on_token(const struct http_resp *r, void *ud)
{
	struct login *l = ud;
	struct lanes_err e = { "" };

	l->answered = true;
	if (r->fail != HTTP_OK) {
		l->error = xasprintf("the sign-in service could not be reached: %s", r->err);
	} else if (l->a->be->refreshed(&l->a->ba, r, &e) != 0) {
		l->error = xstrdup(e.msg);
	}
}

static void
run_until(uv_loop_t *loop, const bool *done)
{
	while (!*done && uv_run(loop, UV_RUN_ONCE))
		;
}

/* The account's state as stored (other keys are kept), or a new one. */
static void
state_load(struct store *st, struct sync_account *a)
{
	char *json = store_account_state(st, a->name);

	cJSON_Delete(a->ba.state);
	a->ba.state = json ? cJSON_Parse(json) : NULL;
	if (!cJSON_IsObject(a->ba.state)) {
		cJSON_Delete(a->ba.state);
		a->ba.state = cJSON_CreateObject();
	}
	free(json);
}

static int
trade(struct login *l, struct http *h, uv_loop_t *loop, const char *code, const char *redirect,
    const char *verifier, struct lanes_err *e)
{
	struct sync_account *a = l->a;
	struct backend_req req = { 0 };
	struct http_req hr = { 0 };
	char *url;
	int rc;

	if (a->be->login_req(&a->ba, code, redirect, verifier, &req, e) < 0)
		return -1;
	for (int i = 0; a->be->settings[i].key; i++)
		if ((a->be->settings[i].flags & SETTING_SECRET) && a->values[i])
			http_add_secret(h, a->values[i]);
	url = str_has_prefix(req.path, "http") ? xstrdup(req.path) :
	    xasprintf("%s%s", a->ba.url ? a->ba.url : "", req.path);
	hr.method = req.method;
	hr.url = url;
	hr.body = req.body;
	hr.body_len = req.body ? strlen(req.body) : 0;
	hr.content_type = req.content_type;
	hr.headers = (const char *const *)req.headers;
	hr.fresh_connection = true;
	rc = http_submit(h, &hr, on_token, l, e);
	free(url);
	backend_req_clear(&req);
	if (rc < 0)
		return -1;
	run_until(loop, &l->answered);
	return l->error ? err_set(e, "%s", l->error) : 0;
}

int
sync_login_finish(struct store *st, uv_loop_t *loop, const char *account, const char *code,
    const char *redirect, const char *verifier, struct lanes_err *e)
{
	struct sync_account *a = login_account(account, e);
	struct login l = { .a = a };
	struct http *h;
	char *json, *trace = getenv("LANES_TRACE");
	int rc;

	if (!a)
		return -1;
	h = http_new(loop);
	if (trace && *trace && http_set_trace(h, trace, e) < 0) {
		http_close(&h);
		uv_run(loop, UV_RUN_DEFAULT);
		return -1;
	}
	a->login = &l;
	rc = sync_account_secrets(a, loop, on_secrets, e);
	if (rc == 0) {
		run_until(loop, &l.secrets_done);
		rc = l.error ? err_set(e, "%s", l.error) : 1;
	}
	if (rc == 1 && store_account_ensure(st, a->name, a->be->name, e) == 0) {
		state_load(st, a);
		rc = trade(&l, h, loop, code, redirect, verifier, e);
	} else {
		rc = -1;
	}
	/* the new tokens on disk, where only the user can read them */
	if (rc == 0) {
		json = cJSON_PrintUnformatted(a->ba.state);
		rc = store_account_set_state(st, a->name, json, e);
		str_wipe_free(&json);
	}
	a->login = NULL;
	free(l.error);
	http_close(&h);
	uv_run(loop, UV_RUN_DEFAULT);
	return rc;
}
