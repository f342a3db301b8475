/* Toy: a service made for the tests, to prove that a backend is one table
 * (tests/fakes/toy.py serves it). Orgs hold teams, teams hold boards: a
 * picker of three levels. A board is one GET of its columns and cards; a
 * card is made with POST, changed and moved with PATCH (a move carries the
 * index the engine computed, and the neighbours), removed with DELETE.
 * Every request names the account's space in X-Toy-Space. The token is
 * traded for an access token at /oauth/token after a 401; the access and
 * refresh tokens live in the account's state. Toy keeps due dates; it
 * cannot order cards inside a column, edit columns, keep checklists,
 * comments, time or labels, or mark cards done; a card's priority is kept
 * on this machine.
 *
 *   GET /me                       {"id", "name"}
 *   GET /orgs, /orgs/ID/teams, /teams/ID/boards    {"items": [{"id", "name"}]}
 *   GET /boards/ID                {"columns": [{"id", "name"}], "cards": [{"id",
 *                                  "title", "description", "due", "column"}]}
 *   POST /boards/ID/cards         {"title", "description", "column", "index"} -> {"id"}
 *   PATCH /cards/ID               {"column", "index", "before", "after"}, or one of
 *                                 {"title"}, {"description"}, {"due": YYYY-MM-DD|null}
 *   DELETE /cards/ID
 *   POST /oauth/token             {"refresh_token"} -> {"access_token", "refresh_token"}
 *   errors                        {"error": "what went wrong"} */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "lanes/text.h"
#include "toy.h"

#define TOY_MAX_ID 64
#define TOY_MAX_TEXT 4096
#define TOY_MAX_TOKEN 1024

/* Ids go into paths: letters, digits, - and _ only. */
static bool
id_ok(const char *s)
{
	size_t n;

	if (!s)
		return false;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
	return n > 0 && n <= TOY_MAX_ID && !s[n];
}

static bool
token_ok(const char *s)
{
	return s && *s && strlen(s) < TOY_MAX_TOKEN && !str_has_blank(s);
}

/* YYYY-MM-DD */
static bool
day_ok(const char *s)
{
	return s && strlen(s) == 10 && strspn(s, "0123456789-") == 10 && s[4] == '-' &&
	    s[7] == '-';
}

/* Server text as the store may keep it: one line, sanitized. */
static void
add_clean(cJSON *to, const char *key, const cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);
	char *c;

	if (!s)
		return;
	c = text_sanitize(s, strnlen(s, TOY_MAX_TEXT));
	cJSON_AddStringToObject(to, key, c);
	free(c);
}

/* ---- requests ---- */

/* A request to path (taken) carrying body (taken, may be NULL). */
static int
req_set(const struct backend_account *a, struct backend_req *out, const char *method,
    char *path, cJSON *body)
{
	const char *space = backend_setting(a, "space");

	memset(out, 0, sizeof(*out));
	out->method = method;
	out->path = path;
	out->write = !str_eq(method, "GET");
	if (body) {
		out->body = cJSON_PrintUnformatted(body);
		cJSON_Delete(body);
	}
	if (space)
		backend_req_header(out, "X-Toy-Space: %s", space);
	return 0;
}

/* The place the engine computed for a card: its index in the column and
 * the neighbours below and above it. */
static void
add_place(cJSON *body, const cJSON *op)
{
	static const char *const sides[] = { "before", "after" };

	cJSON_AddStringToObject(body, "column", jstr(op, "column"));
	if (cJSON_IsNumber(jget(op, "index")))
		cJSON_AddNumberToObject(body, "index", jnum(op, "index"));
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++)
		if (id_ok(jstr(op, sides[i])))
			cJSON_AddStringToObject(body, sides[i], jstr(op, sides[i]));
}

static int
build_add(const struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const char *board = jstr(op, "board");
	cJSON *body;

	if (!id_ok(board) || !id_ok(jstr(op, "column")))
		return err_set(e, "card.add has no valid board or column id");
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "title", jstr(op, "title") ? jstr(op, "title") : "");
	cJSON_AddStringToObject(body, "description",
	    jstr(op, "description") ? jstr(op, "description") : "");
	add_place(body, op);
	return req_set(a, out, "POST", xasprintf("/boards/%s/cards", board), body);
}

/* 1 for a field Toy has no place for: it stays on this machine. */
static int
build_set(const struct backend_account *a, const cJSON *op, const char *card,
    struct backend_req *out, struct lanes_err *e)
{
	const char *field = jstr(op, "field"), *value = jstr(op, "value");
	cJSON *body;

	if (!str_eq(field, "title") && !str_eq(field, "description") && !str_eq(field, "due_on")) {
		err_set(e, "%s is kept on this machine only: Toy has no such field",
		    field ? field : "that field");
		return 1;
	}
	body = cJSON_CreateObject();
	if (str_eq(field, "due_on") && (!value || !*value))
		cJSON_AddNullToObject(body, "due");
	else
		cJSON_AddStringToObject(body, str_eq(field, "due_on") ? "due" : field,
		    value ? value : "");
	return req_set(a, out, "PATCH", xasprintf("/cards/%s", card), body);
}

static int
toy_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const char *kind = jstr(op, "op"), *card = jstr(op, "remote");
	cJSON *body;

	memset(out, 0, sizeof(*out));
	if (str_eq(kind, "card.add"))
		return build_add(a, op, out, e);
	if (!str_eq(kind, "card.move") && !str_eq(kind, "card.set") &&
	    !str_eq(kind, "card.delete"))
		return err_set(e, "Toy does not know the edit \"%s\"", kind ? kind : "?");
	if (!id_ok(card))
		return err_set(e, "%s has no valid card id", kind);
	if (str_eq(kind, "card.set"))
		return build_set(a, op, card, out, e);
	if (str_eq(kind, "card.delete"))
		return req_set(a, out, "DELETE", xasprintf("/cards/%s", card), NULL);
	if (!id_ok(jstr(op, "column")))
		return err_set(e, "card.move has no valid column id");
	body = cJSON_CreateObject();
	add_place(body, op);
	return req_set(a, out, "PATCH", xasprintf("/cards/%s", card), body);
}

static bool
toy_creates(const cJSON *op)
{
	return str_eq(jstr(op, "op"), "card.add");
}

/* ---- answers ---- */

static int
ack_made(const cJSON *op, const char *id, struct backend_ack *ack, struct lanes_err *e)
{
	memset(ack, 0, sizeof(*ack));
	if (!toy_creates(op))
		return 0;
	if (!id_ok(id))
		return err_set(e, "the answer to card.add carries no valid id");
	ack->remote = xstrdup(id);
	return 0;
}

static int
toy_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	cJSON *root = cJSON_ParseWithLength(r->body, r->len);
	int rc = ack_made(op, jstr(root, "id"), ack, e);

	cJSON_Delete(root);
	return rc;
}

static int
toy_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e)
{
	return ack_made(op, found, ack, e);
}

static enum backend_verdict
toy_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	cJSON *root;
	char *msg = NULL;

	if (r->fail != HTTP_OK) {
		msg = text_sanitize(r->err, strlen(r->err));
		err_set(e, "%s: %s", http_fail_name(r->fail), msg);
		free(msg);
		return BV_RETRY;
	}
	if ((r->status >= 200 && r->status < 300) ||
	    (r->status == 404 && str_eq(jstr(op, "op"), "card.delete")))
		return BV_OK;
	root = cJSON_ParseWithLength(r->body, r->len);
	if (jstr(root, "error"))
		msg = text_sanitize(jstr(root, "error"), strnlen(jstr(root, "error"), 300));
	err_set(e, "%ld: %s", r->status, msg ? msg : "no message from the server");
	free(msg);
	cJSON_Delete(root);
	if (r->status == 401)
		return BV_AUTH;
	if (r->status == 429)
		return BV_RATE;
	if (r->status >= 500 || r->status == 408)
		return BV_RETRY;
	return BV_PARK;
}

/* ---- fetches: each kind is one request ---- */

static char *
fetch_path(const struct backend_fetch *f, struct lanes_err *e)
{
	static const char *const levels[] = { "/orgs/%s/teams", "/teams/%s/boards" };
	const char *id = f->kind == FETCH_ADOPT ? jstr(f->op, "board") : f->remote;

	if (f->kind == FETCH_ME)
		return xstrdup("/me");
	if (f->kind == FETCH_LEVEL && f->level == 0)
		return xstrdup("/orgs");
	if (!id_ok(id)) {
		err_set(e, "no valid id to fetch");
		return NULL;
	}
	if (f->kind == FETCH_LEVEL && f->level <= (int)ARRAY_SIZE(levels))
		return xasprintf(levels[f->level - 1], id);
	if (f->kind == FETCH_BOARD || f->kind == FETCH_ADOPT)
		return xasprintf("/boards/%s", id);
	err_set(e, "Toy cannot fetch that");
	return NULL;
}

static int
toy_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	char *path;

	memset(out, 0, sizeof(*out));
	/* a card has nothing but its fields, which come with the board */
	if (f->part > 0 || f->kind == FETCH_CARD)
		return 0;
	if (!(path = fetch_path(f, e)))
		return -1;
	req_set(a, out, "GET", path, NULL);
	return 1;
}

/* {"id", "name"} items as {"remote", "name"}, into list. */
static void
add_named(cJSON *list, const cJSON *items)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, items) {
		cJSON *o;

		if (!id_ok(jstr(it, "id")))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "remote", jstr(it, "id"));
		add_clean(o, "name", jget(it, "name"));
		cJSON_AddItemToArray(list, o);
	}
}

static void
parse_board(struct backend_fetch *f, const cJSON *root)
{
	cJSON *cards = cJSON_AddArrayToObject(f->result, "cards");
	const cJSON *it;

	add_named(cJSON_AddArrayToObject(f->result, "columns"), jget(root, "columns"));
	cJSON_ArrayForEach(it, jget(root, "cards")) {
		cJSON *o;

		if (!id_ok(jstr(it, "id")) || !id_ok(jstr(it, "column")))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "remote", jstr(it, "id"));
		cJSON_AddStringToObject(o, "column", jstr(it, "column"));
		add_clean(o, "title", jget(it, "title"));
		add_clean(o, "description", jget(it, "description"));
		if (day_ok(jstr(it, "due")))
			cJSON_AddStringToObject(o, "due_on", jstr(it, "due"));
		cJSON_AddItemToArray(cards, o);
	}
}

/* A lost card.add made the card of its title that no other card of ours
 * is (the engine skips those). */
static void
parse_adopt(struct backend_fetch *f, const cJSON *root)
{
	cJSON *found = cJSON_AddArrayToObject(f->result, "candidates");
	const char *title = jstr(f->op, "title");
	const cJSON *it;

	cJSON_ArrayForEach(it, jget(root, "cards"))
		if (id_ok(jstr(it, "id")) && title && str_eq(jstr(it, "title"), title))
			cJSON_AddItemToArray(found, cJSON_CreateString(jstr(it, "id")));
}

static int
toy_fetch_parse(struct backend_account *a, struct backend_fetch *f, const struct http_resp *r,
    struct lanes_err *e)
{
	cJSON *root = cJSON_ParseWithLength(r->body, r->len);

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return err_set(e, "the server's answer is not Toy's JSON");
	}
	if (f->kind == FETCH_ME && id_ok(jstr(root, "id"))) {
		cJSON_AddStringToObject(f->result, "remote", jstr(root, "id"));
		add_clean(f->result, "name", jget(root, "name"));
	} else if (f->kind == FETCH_LEVEL) {
		add_named(cJSON_AddArrayToObject(f->result, "items"), jget(root, "items"));
	} else if (f->kind == FETCH_BOARD) {
		parse_board(f, root);
	} else if (f->kind == FETCH_ADOPT) {
		parse_adopt(f, root);
	}
	cJSON_Delete(root);
	f->part++;
	return 0;
}

/* ---- tokens ---- */

static const char *
toy_bearer(const struct backend_account *a)
{
	const char *access = jstr(a->state, "access");

	return access ? access : backend_setting(a, "token");
}

/* The first refresh trades the configured token; later ones the refresh
 * token the last one gave. */
static int
toy_refresh(struct backend_account *a, struct backend_req *out, struct lanes_err *e)
{
	const char *refresh = jstr(a->state, "refresh");
	cJSON *body;

	if (!refresh)
		refresh = backend_setting(a, "token");
	if (!token_ok(refresh))
		return err_set(e, "Toy needs a new token: sign in again");
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "refresh_token", refresh);
	req_set(a, out, "POST", xstrdup("/oauth/token"), body);
	out->no_auth = true;
	return 0;
}

static void
state_put(cJSON *state, const char *key, const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(state, key);
	cJSON_AddStringToObject(state, key, value);
}

static int
toy_refreshed(struct backend_account *a, const struct http_resp *r, struct lanes_err *e)
{
	cJSON *root = cJSON_ParseWithLength(r->body, r->len);
	const char *access = jstr(root, "access_token"), *refresh = jstr(root, "refresh_token");
	int rc = 0;

	if (r->status != 200 || !token_ok(access) || (refresh && !token_ok(refresh)) ||
	    !cJSON_IsObject(a->state)) {
		rc = err_set(e, "Toy gave no new token (%ld): sign in again", r->status);
	} else {
		state_put(a->state, "access", access);
		if (refresh)
			state_put(a->state, "refresh", refresh);
		a->state_changed = true;
	}
	cJSON_Delete(root);
	return rc;
}

/* ---- the table ---- */

static const struct backend_setting toy_settings[] = {
	{ "url", SETTING_REQUIRED, NULL, "the toy server's address" },
	{ "token", SETTING_REQUIRED | SETTING_SECRET, NULL, "an API token" },
	{ "space", 0, "north-pole", "the space whose boards are shown" },
	{ NULL, 0, NULL, NULL },
};

static const char *const toy_picker[] = { "org", "team", "board", NULL };

const struct backend_ops toy_backend = {
	.name = "toy",
	.title = "Toy",
	.settings = toy_settings,
	.caps = CAP_DUE,
	.kept_local = CAP_PRIORITY,
	.transports = TRANSPORT_REST,
	.picker = toy_picker,
	.max_reads = 4,
	.max_writes = 1,        /* one edit at a time: the order of the log is the queue's */
	.rate_n = 5,            /* a second */
	.rate_window_ms = 1000,
	.build = toy_build,
	.parse = toy_parse,
	.classify = toy_classify,
	.creates = toy_creates,
	.adopt = toy_adopt,
	.fetch_next = toy_fetch_next,
	.fetch_parse = toy_fetch_parse,
	.bearer = toy_bearer,
	.refresh = toy_refresh,
	.refreshed = toy_refreshed,
};
