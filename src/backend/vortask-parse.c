/* Vortask's answers: what a status and body mean (with the server's own
 * words, REST's {errors, message} or an MCP tool's text), the id a create
 * made, and the lists of a fetch, every string sanitized on its way in
 * and every id checked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "vortask.h"

/* "Validation failed: Title is required." from REST's {errors, message};
 * an MCP refusal's text as it is; every piece sanitized. */
static char *
error_words(const char *body, size_t len)
{
	cJSON *root = json_parse(body, len);
	const cJSON *m;
	struct strbuf sb = { 0 };
	char *c;
	int n = 0;

	if (cJSON_IsObject(root)) {
		if ((c = backend_clean_text(jget(root, "message"), false, 300)) && *c)
			sb_puts(&sb, c);
		free(c);
		cJSON_ArrayForEach(m, jget(root, "errors")) {
			c = backend_clean_text(m, false, 300);
			if (c && *c && n++ < 10)
				sb_printf(&sb, "%s%s", sb.len ? (n == 1 ? ": " : "; ") : "", c);
			free(c);
		}
		/* JSON-RPC's own shape, for an MCP error told over HTTP */
		if (!sb.len) {
			c = backend_clean_text(jget(jget(root, "error"), "message"), false, 300);
			if (c && *c)
				sb_puts(&sb, c);
			free(c);
		}
	} else if (len) {
		c = text_sanitize(body, len < 300 ? len : 300);
		sb_puts(&sb, c);
		free(c);
	}
	cJSON_Delete(root);
	return backend_words(&sb);
}

enum backend_verdict
vt_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	const struct vt_path *p = op ? vt_path_of(op) : NULL;

	/* a delete of what is gone already is done: a REST 404, or the MCP
	 * tool's refusal that it is not there */
	return backend_classify(r, error_words, !p || !p->deletes ? 0 :
	    p->method ? BACKEND_GONE_404 : BACKEND_GONE_TOOL, e);
}

/* ---- answers to edits ---- */

/* A card made outside New is moved there by a second step. */
static bool
needs_move(const cJSON *op)
{
	return str_eq(jstr(op, "op"), "card.add") && jstr(op, "column") &&
	    !str_eq(jstr(op, "column"), vt_statuses[0]);
}

static int
ack_made(const cJSON *op, const char *id, struct backend_ack *ack, struct lanes_err *e)
{
	memset(ack, 0, sizeof(*ack));
	if (!vt_creates(op))
		return 0;
	if (!backend_int_ok(id))
		return err_set(e, "the answer to %s carries no valid id", jstr(op, "op"));
	ack->remote = xstrdup(id);
	ack->more = needs_move(op);
	return 0;
}

/* The ops whose request is a PUT of the task, answered with the task. */
static bool
answers_task(const cJSON *op)
{
	const char *k = jstr(op, "op");

	return str_eq(k, "card.set") || str_eq(k, "card.move") ||
	    (str_eq(k, "card.add") && jnum(op, "step") >= 1);
}

int
vt_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	cJSON *root;
	char id[24] = "";
	int rc;

	(void)a;
	memset(ack, 0, sizeof(*ack));
	root = json_parse(r->body, r->len);
	/* a PUT answers the task: anything else is an answer lost on the way
	 * (a junk 200), and the PUT, which may be sent again, goes again */
	if (answers_task(op) && !backend_int_id(root, "id", id)) {
		cJSON_Delete(root);
		return err_set(e, "the answer to %s is not the task", jstr(op, "op"));
	}
	if (!vt_creates(op)) {
		cJSON_Delete(root);
		return 0;
	}
	backend_int_id(root, "id", id);
	rc = ack_made(op, id, ack, e);
	cJSON_Delete(root);
	return rc;
}

int
vt_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e)
{
	(void)a;
	return ack_made(op, found, ack, e);
}

/* ---- fetches ---- */

static cJSON *
result_list(struct backend_fetch *f, const char *name)
{
	cJSON *l = cJSON_GetObjectItemCaseSensitive(f->result, name);

	return l ? l : cJSON_AddArrayToObject(f->result, name);
}

static cJSON *
new_item(const cJSON *it)
{
	char id[24];
	cJSON *o;

	if (!backend_int_id(it, "id", id))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "remote", id);
	return o;
}

static void
parse_project(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it);

	if (!o)
		return;
	backend_add_clean(o, "name", jget(it, "name"), false, VT_MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, "items"), o);
}

/* The project's role for this user: a Viewer only reads. */
static void
read_role(struct backend_fetch *f, const cJSON *project)
{
	if (str_eq(jstr(project, "myRole"), "Viewer"))
		cJSON_AddStringToObject(f->result, "readonly",
		    "read-only: a Viewer of this Vortask project");
	else
		cJSON_AddNullToObject(f->result, "readonly");
}

/* Each string of list (or each member's k1, else its k2, for objects)
 * joined with ", ". */
static void
add_joined(cJSON *o, const char *key, const cJSON *list, const char *k1, const char *k2)
{
	struct strbuf sb = { 0 };
	const cJSON *it;
	char *c;
	int n = 0;

	cJSON_ArrayForEach(it, list) {
		const cJSON *v = cJSON_IsObject(it) ? jget(it, k1) : it;
		if (cJSON_IsObject(it) && !(jstr(it, k1) && *jstr(it, k1)))
			v = jget(it, k2);
		c = backend_clean_text(v, false, 200);
		if (c && *c && n++ < 50)
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", c);
		free(c);
	}
	if (sb.len)
		cJSON_AddStringToObject(o, key, sb.buf);
	else
		cJSON_AddNullToObject(o, key);
	sb_free(&sb);
}

static void
parse_task(struct backend_fetch *f, const cJSON *it)
{
	const char *status = jstr(it, "status"), *due = jstr(it, "dueDate");
	const char *prio = vt_priority_out(jstr(it, "priority"));
	cJSON *o;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vt_statuses) && !str_eq(status, vt_statuses[i]); i++)
		;
	if (i == ARRAY_SIZE(vt_statuses) || !(o = new_item(it)))
		return;
	backend_add_clean(o, "title", jget(it, "title"), false, VT_MAX_TITLE);
	backend_add_clean(o, "description", jget(it, "description"), true, VT_MAX_LONG_TEXT);
	cJSON_AddStringToObject(o, "column", vt_statuses[i]);
	cJSON_AddBoolToObject(o, "completed", false);
	backend_add_day(o, due);
	if (prio) {
		char low[8];
		for (i = 0; prio[i] && i < sizeof(low) - 1; i++)
			low[i] = (char)(prio[i] | 0x20);
		low[i] = '\0';
		cJSON_AddStringToObject(o, "priority", low);
	} else {
		cJSON_AddNullToObject(o, "priority");
	}
	add_joined(o, "labels", jget(it, "tags"), NULL, NULL);
	add_joined(o, "assignees", jget(it, "assignees"), "displayName", "email");
	cJSON_AddItemToArray(result_list(f, "cards"), o);
}

static void
add_columns(struct backend_fetch *f)
{
	cJSON *cols = result_list(f, "columns"), *o;

	for (size_t i = 0; i < ARRAY_SIZE(vt_statuses); i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "remote", vt_statuses[i]);
		cJSON_AddStringToObject(o, "name", vt_statuses[i]);
		cJSON_AddItemToArray(cols, o);
	}
	/* no order inside a status: a card keeps its place here */
	cJSON_AddStringToObject(f->result, "order", "local");
}

static void
parse_comment(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it), *text;
	char *plain;

	if (!o)
		return;
	backend_add_clean(o, "author", jget(it, "authorName"), false, 200);
	if (vt_user_ok(jstr(it, "authorId")))
		cJSON_AddStringToObject(o, "author_remote", jstr(it, "authorId"));
	/* assumed: content is plain text or HTML, as add_comment takes */
	plain = jstr(it, "content") ? text_from_html(jstr(it, "content"),
	    strlen(jstr(it, "content"))) : NULL;
	text = plain ? cJSON_CreateString(plain) : NULL;
	backend_add_clean(o, "body", text, true, VT_MAX_LONG_TEXT);
	cJSON_Delete(text);
	free(plain);
	cJSON_AddBoolToObject(o, "system", false);
	cJSON_AddNumberToObject(o, "created_at", (double)backend_iso_ms(jstr(it, "createdAt")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
}

/* "StatusChanged" -> "changed the status"; "Created" -> "created the task". */
static char *
action_words(const char *action)
{
	struct strbuf sb = { 0 };
	size_t n = action ? strlen(action) : 0;

	if (str_eq(action, "Created"))
		return xstrdup("created the task");
	if (n > 7 && str_eq(action + n - 7, "Changed")) {
		sb_puts(&sb, "changed the");
		for (size_t i = 0; i < n - 7; i++) {
			char c = action[i];
			if (c >= 'A' && c <= 'Z')
				sb_printf(&sb, " %c", c | 0x20);
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				sb_add(&sb, &c, 1);
		}
		return sb_steal(&sb);
	}
	return NULL;
}

/* A history entry: one of the service's own lines among the comments. */
static void
parse_history(struct backend_fetch *f, const cJSON *it)
{
	char id[24], *words, *detail, *action, *text;
	const char *what;
	cJSON *o;

	if (!backend_int_id(it, "id", id))
		return;
	action = backend_clean_text(jget(it, "action"), false, 60);
	words = action_words(action);
	detail = backend_clean_text(jget(it, "detail"), false, 500);
	o = cJSON_CreateObject();
	/* not a comment id: history and comments are numbered apart */
	text = xasprintf("history-%s", id);
	cJSON_AddStringToObject(o, "remote", text);
	free(text);
	backend_add_clean(o, "author", jget(it, "actorName"), false, 200);
	what = words ? words : action && *action ? action : "changed it";
	text = detail && *detail ? xasprintf("%s: %s", what, detail) : xstrdup(what);
	cJSON_AddStringToObject(o, "body", text);
	free(text);
	cJSON_AddBoolToObject(o, "system", true);
	cJSON_AddNumberToObject(o, "created_at", (double)backend_iso_ms(jstr(it, "createdAt")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
	free(words);
	free(detail);
	free(action);
}

/* ---- a lost create: what it made ---- */

/* Made with the op's text, by me where the item says who, since the op
 * was sent (Vortask's seconds against our milliseconds, and our clocks). */
static bool
adopt_fits(const cJSON *op, const cJSON *it, const char *field, const char *want,
    const char *by_key)
{
	return backend_adopt_fits(op, by_key ? jstr(it, by_key) : NULL,
	    backend_iso_ms(jstr(it, "createdAt")), jget(it, field), str_eq(field, "content"), want);
}

static void
parse_adopt(struct backend_fetch *f, const cJSON *it)
{
	const cJSON *op = f->op;
	cJSON *list, *c;
	char id[24];
	bool fits;
	int at;

	if (str_eq(jstr(op, "op"), "comment.add"))
		fits = adopt_fits(op, it, "content", jstr(op, "text"), "authorId");
	else
		fits = adopt_fits(op, it, "title", jstr(op, "title"), NULL);
	if (!fits || !backend_int_id(it, "id", id))
		return;
	/* newest first: a task has no maker to check, and of two with our
	 * title, the one made last is likelier ours than a teammate's older
	 * one (ids grow) */
	list = result_list(f, "candidates");
	at = 0;
	cJSON_ArrayForEach(c, list) {
		if (strtoll(c->valuestring, NULL, 10) < strtoll(id, NULL, 10))
			break;
		at++;
	}
	cJSON_InsertItemInArray(list, at, cJSON_CreateString(id));
}

static int
parse_me(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	if (!vt_user_ok(jstr(root, "id")))
		return err_set(e, "the server did not say who this token belongs to");
	cJSON_AddStringToObject(f->result, "remote", jstr(root, "id"));
	backend_add_clean(f->result, "name", jget(root, "displayName"), false, 200);
	return 0;
}

typedef void (*item_fn)(struct backend_fetch *f, const cJSON *it);

static item_fn
list_parser(const struct backend_fetch *f)
{
	switch (f->kind) {
	case FETCH_LEVEL:
		return parse_project;
	case FETCH_BOARD:
		return parse_task;
	case FETCH_CARD:
		return f->part == 0 ? parse_comment : parse_history;
	case FETCH_ADOPT:
		return parse_adopt;
	default:
		return NULL;
	}
}

int
vt_fetch_parse(struct backend_account *a, struct backend_fetch *f, const struct http_resp *r,
    struct lanes_err *e)
{
	cJSON *root = json_parse(r->body, r->len);
	item_fn fn = list_parser(f);
	const cJSON *it;
	int rc = 0;

	(void)a;
	if (f->kind == FETCH_ME) {
		rc = parse_me(f, root, e);
	} else if (f->kind == FETCH_BOARD && f->part == 0) {
		if (!cJSON_IsObject(root) || !backend_int_ok(f->remote))
			rc = err_set(e, "the server's answer is not a Vortask project");
		else
			read_role(f, root);
	} else if (!cJSON_IsArray(root) || !fn) {
		rc = err_set(e, "the server's answer is not Vortask's list");
	} else {
		cJSON_ArrayForEach(it, root)
			fn(f, it);
		if (f->kind == FETCH_BOARD) {
			add_columns(f);
			result_list(f, "cards");
		}
		if (f->kind == FETCH_CARD)
			result_list(f, "comments");
		if (f->kind == FETCH_LEVEL)
			result_list(f, "items");
	}
	cJSON_Delete(root);
	if (rc == 0)
		f->part++;
	return rc;
}
