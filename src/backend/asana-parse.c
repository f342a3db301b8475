/* Asana's answers: what a status and body mean, the id a create made,
 * the steps a labels edit plans from the task's tags, and the pages of a
 * fetch, every string sanitized on its way in. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "asana.h"

/* A tag's name as we compare it: what the store would hold. */
static bool
tag_named(const cJSON *tag, const char *name)
{
	char *n = backend_clean_text(jget(tag, "name"), false, MAX_TITLE);
	bool same = n && name && str_eq(str_trim(n), name);

	free(n);
	return same;
}

/* The answer to the first step: the task's tags and workspace. */
static int
plan_labels(const cJSON *op, const cJSON *task, cJSON *carry, struct lanes_err *e)
{
	cJSON *want = backend_label_names(jstr(op, "value")), *drop = cJSON_CreateArray();
	cJSON *add = cJSON_CreateArray();
	const cJSON *t, *n;

	if (!gid_ok(jstr(jget(task, "workspace"), "gid"))) {
		cJSON_Delete(want);
		cJSON_Delete(drop);
		cJSON_Delete(add);
		return err_set(e, "the task's answer names no workspace");
	}
	cJSON_AddStringToObject(carry, "ws", jstr(jget(task, "workspace"), "gid"));
	cJSON_ArrayForEach(t, jget(task, "tags")) {
		bool kept = false;
		cJSON_ArrayForEach(n, want)
			kept |= tag_named(t, n->valuestring);
		if (!kept && gid_ok(jstr(t, "gid")))
			cJSON_AddItemToArray(drop, cJSON_CreateString(jstr(t, "gid")));
	}
	cJSON_ArrayForEach(n, want) {
		bool have = false;
		cJSON_ArrayForEach(t, jget(task, "tags"))
			have |= tag_named(t, n->valuestring);
		if (!have && !backend_has_string(add, n->valuestring))
			cJSON_AddItemToArray(add, cJSON_CreateString(n->valuestring));
	}
	cJSON_Delete(want);
	cJSON_AddItemToObject(carry, "remove", drop);
	cJSON_AddItemToObject(carry, "add", add);
	return 0;
}

/* Moves the carry on past the step this answer is to. */
static int
parse_labels(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
    struct lanes_err *e)
{
	const cJSON *was = jget(op, "carry");
	cJSON *root = json_parse(body, len), *carry;
	const cJSON *data = jget(root, "data");
	int rc = 0;

	carry = was ? cJSON_Duplicate(was, true) : cJSON_CreateObject();
	if (!root) {
		rc = err_set(e, "the server's answer is not Asana's JSON");
	} else if (!was) {
		rc = plan_labels(op, data, carry, e);
	} else if (cJSON_GetArraySize(jget(carry, "remove")) > 0) {
		cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(carry, "remove"), 0);
	} else if (gid_ok(jstr(carry, "tag"))) {
		cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(carry, "add"), 0);
		cJSON_DeleteItemFromObject(carry, "tag");
	} else if (!gid_ok(jstr(data, "gid"))) {
		rc = err_set(e, "the answer to a new tag carries no id");
	} else {
		cJSON_AddStringToObject(carry, "tag", jstr(data, "gid"));
	}
	if (rc == 0) {
		ack->more = cJSON_GetArraySize(jget(carry, "remove")) > 0 ||
		    cJSON_GetArraySize(jget(carry, "add")) > 0;
		if (ack->more)
			ack->carry = cJSON_PrintUnformatted(carry);
	}
	cJSON_Delete(carry);
	cJSON_Delete(root);
	return rc;
}

/* ---- reading answers ---- */

/* errors[0].message, sanitized and cut; NULL when the body has none. */
static char *
error_message(const char *body, size_t len)
{
	cJSON *root = json_parse(body, len);
	const cJSON *first = cJSON_GetArrayItem(jget(root, "errors"), 0);
	char *msg = backend_clean_text(jget(first, "message"), false, 300);

	cJSON_Delete(root);
	return msg;
}

enum backend_verdict
asana_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	char *msg;
	enum backend_verdict v;

	if (r->fail != HTTP_OK) {
		char *why = text_sanitize(r->err, strlen(r->err));
		err_set(e, "%s: %s", http_fail_name(r->fail), why);
		free(why);
		return BV_RETRY;
	}
	if (r->status >= 200 && r->status < 300)
		return BV_OK;
	if (r->status == 404 && op && asana_deletes(op))
		return BV_OK;
	msg = error_message(r->body, r->len);
	err_set(e, "%ld: %s", r->status, msg ? msg : "no message from the server");
	free(msg);
	if (r->status == 429)
		v = BV_RATE;
	else if (r->status == 401)
		v = BV_AUTH;
	else if (r->status >= 500 || r->status == 408 || r->status < 200)
		v = BV_RETRY;
	else
		v = BV_PARK;
	return v;
}

static int
parse_body(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
    struct lanes_err *e)
{
	cJSON *root;
	const char *gid;
	memset(ack, 0, sizeof(*ack));
	if (is_labels(op))
		return parse_labels(op, body, len, ack, e);
	if (!asana_creates(op))
		return 0;
	root = json_parse(body, len);
	gid = jstr(jget(root, "data"), "gid");
	if (!gid_ok(gid)) {
		cJSON_Delete(root);
		return err_set(e, "the answer to %s carries no id", jstr(op, "op"));
	}
	ack->remote = xstrdup(gid);
	ack->more = str_eq(jstr(op, "op"), "card.add") && has_anchor(op);
	cJSON_Delete(root);
	return 0;
}

int
asana_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	return parse_body(op, r->body, r->len, ack, e);
}

/* What a create's answer would have said had it made found. */
int
asana_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e)
{
	char *body;
	int rc;

	if (!gid_ok(found))
		return err_set(e, "the server named no valid id");
	body = xasprintf("{\"data\":{\"gid\":\"%s\"}}", found);
	rc = parse_body(op, body, strlen(body), ack, e);
	free(body);
	return rc;
}

/* ---- fetches ---- */

static cJSON *
result_list(struct backend_fetch *f, const char *name)
{
	cJSON *l = cJSON_GetObjectItemCaseSensitive(f->result, name);

	if (!l)
		l = cJSON_AddArrayToObject(f->result, name);
	return l;
}

/* A result for item, its id as "remote"; NULL when the id is unfit. */
static cJSON *
new_result(const cJSON *item)
{
	const char *gid = jstr(item, "gid");
	cJSON *o;

	if (!gid_ok(gid))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "remote", gid);
	return o;
}

static void
parse_named(struct backend_fetch *f, const cJSON *item, const char *list)
{
	cJSON *o = new_result(item);

	if (!o)
		return;
	backend_add_clean(o, "name", jget(item, "name"), false, MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, list), o);
}

static void
parse_section(struct backend_fetch *f, const cJSON *item)
{
	parse_named(f, item, "columns");
}

/* The section of the board's project among a task's memberships. */
static const char *
task_section(const cJSON *task, const char *project)
{
	const cJSON *m;
	const char *any = NULL;

	cJSON_ArrayForEach(m, jget(task, "memberships")) {
		const char *p = jstr(jget(m, "project"), "gid"), *s = jstr(jget(m, "section"), "gid");
		if (!gid_ok(s))
			continue;
		if (p && project && str_eq(p, project))
			return s;
		if (!p && !any)
			any = s;
	}
	return any;
}

/* Tag names joined with ", ", as the local labels column holds them. */
static void
add_labels(cJSON *o, const cJSON *tags)
{
	struct strbuf sb = { 0 };
	const cJSON *t;

	cJSON_ArrayForEach(t, tags) {
		char *n = backend_clean_text(jget(t, "name"), false, 200);
		if (n && *n) {
			if (sb.len)
				sb_puts(&sb, ", ");
			sb_puts(&sb, n);
		}
		free(n);
	}
	if (sb.len)
		cJSON_AddStringToObject(o, "labels", sb.buf);
	else
		cJSON_AddNullToObject(o, "labels");
	sb_free(&sb);
}

/* Whether sec is one of the sections read on their own. */
static bool
section_read(const struct backend_fetch *f, const char *sec)
{
	for (int i = 0; sec && i < f->ncursors; i++)
		if (str_eq(f->cursors[i].list, sec))
			return !str_eq(sec, f->remote);
	return false;
}

/* The section a task of the page at hand is in: the one read, or for the
 * project's list its membership, NULL when that is a section read on its
 * own (the task came with it already). */
static const char *
page_section(const struct backend_fetch *f, const cJSON *task, bool *skip)
{
	const char *list = f->cursors[f->at].list, *sec;

	*skip = false;
	if (!str_eq(list, f->remote))
		return list;
	sec = task_section(task, f->remote);
	*skip = section_read(f, sec);
	return sec;
}

static void
parse_task(struct backend_fetch *f, const cJSON *item)
{
	const char *sec, *due = jstr(item, "due_on");
	bool skip;
	cJSON *o;

	sec = page_section(f, item, &skip);
	if (skip || str_eq(jstr(item, "resource_subtype"), "section") || !(o = new_result(item)))
		return;
	backend_add_clean(o, "title", jget(item, "name"), false, MAX_TITLE);
	backend_add_clean(o, "description", jget(item, "notes"), true, MAX_LONG_TEXT);
	cJSON_AddBoolToObject(o, "completed", jbool(item, "completed"));
	if (sec)
		cJSON_AddStringToObject(o, "column", sec);
	else
		cJSON_AddNullToObject(o, "column");
	backend_add_day(o, due && strlen(due) == 10 ? due : NULL);
	backend_add_clean(o, "assignees", jget(jget(item, "assignee"), "name"), false, 200);
	add_labels(o, jget(item, "tags"));
	cJSON_AddItemToArray(result_list(f, "cards"), o);
}

static void
parse_story(struct backend_fetch *f, const cJSON *item)
{
	const char *type = jstr(item, "type"), *sub = jstr(item, "resource_subtype");
	const cJSON *by = jget(item, "created_by");
	cJSON *o = new_result(item);

	if (!o)
		return;
	backend_add_clean(o, "author", jget(by, "name"), false, 200);
	if (gid_ok(jstr(by, "gid")))
		cJSON_AddStringToObject(o, "author_remote", jstr(by, "gid"));
	backend_add_clean(o, "body", jget(item, "text"), true, MAX_LONG_TEXT);
	cJSON_AddBoolToObject(o, "system", !(str_eq(type, "comment") ||
	    str_eq(sub, "comment_added")));
	cJSON_AddNumberToObject(o, "created_at", (double)backend_iso_ms(jstr(item, "created_at")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
}

static void
parse_subtask(struct backend_fetch *f, const cJSON *item)
{
	cJSON *o = new_result(item);

	if (!o)
		return;
	backend_add_clean(o, "text", jget(item, "name"), false, MAX_TITLE);
	cJSON_AddBoolToObject(o, "done", jbool(item, "completed"));
	cJSON_AddItemToArray(result_list(f, "check_items"), o);
}

static void
parse_time_entry(struct backend_fetch *f, const cJSON *item)
{
	double minutes = jnum(item, "duration_minutes");
	cJSON *o;

	if (!(minutes > 0 && minutes < 1e7) || !(o = new_result(item)))
		return;
	cJSON_AddNumberToObject(o, "seconds", (double)(long)minutes * 60);
	cJSON_AddNumberToObject(o, "unit", 60);
	backend_add_clean(o, "date", jget(item, "entered_on"), false, 10);
	backend_add_clean(o, "author", jget(jget(item, "created_by"), "name"), false, 200);
	cJSON_AddItemToArray(result_list(f, "time_entries"), o);
}

/* ---- looking for what a create with a lost answer made ---- */

/* The text a create of this kind carries, and the field the server keeps it in. */
static const char *
adopt_text(const cJSON *op, const char **field)
{
	const char *kind = jstr(op, "op");

	*field = "name";
	if (str_eq(kind, "card.add"))
		return jstr(op, "title");
	if (str_eq(kind, "column.add"))
		return jstr(op, "name");
	if (str_eq(kind, "comment.add")) {
		*field = "text";
		return jstr(op, "text");
	}
	if (str_eq(kind, "check.add"))
		return jstr(op, "text");
	if (creates_tag(op))
		return label_to_add(op);
	*field = NULL;
	return NULL;
}

static bool
adopt_fits(const cJSON *op, const cJSON *item)
{
	const char *field, *want = adopt_text(op, &field);
	const char *by = jstr(jget(item, "created_by"), "gid");
	long long at = backend_iso_ms(jstr(item, "created_at"));

	if (!gid_ok(jstr(item, "gid")))
		return false;
	if (str_eq(jstr(op, "op"), "comment.add") && !str_eq(jstr(item, "type"), "comment") &&
	    !str_eq(jstr(item, "resource_subtype"), "comment_added"))
		return false;
	if (!field)     /* a time entry: the same duration */
		return backend_adopt_fits(op, by, at, NULL, false, NULL) &&
		    jnum(item, "duration_minutes") == asana_minutes(jnum(op, "seconds"));
	return backend_adopt_fits(op, by, at, jget(item, field), str_eq(field, "text"), want);
}

static void
parse_adopt(struct backend_fetch *f, const cJSON *item)
{
	if (adopt_fits(f->op, item))
		cJSON_AddItemToArray(result_list(f, "candidates"),
		    cJSON_CreateString(jstr(item, "gid")));
}

typedef void (*item_fn)(struct backend_fetch *f, const cJSON *item);

/* The lists each kind of fetch reads, in order. */
static item_fn
part_parser(const struct backend_fetch *f)
{
	static const item_fn card[] = { parse_story, parse_subtask, parse_time_entry };

	switch (f->kind) {
	case FETCH_BOARD:
		return parse_section;   /* its tasks come by cursors */
	case FETCH_CARD:
		return f->part < 3 ? card[f->part] : NULL;
	case FETCH_ADOPT:
		return f->part == 0 ? parse_adopt : NULL;
	default:
		return NULL;    /* plain {gid, name} items */
	}
}

/* Moves *offset to the page after this one (next_page.offset): 1, or 0
 * at the list's end (*offset NULL); -1 with e set on a page too many. */
static int
page_advance(struct backend_fetch *f, char **offset, const cJSON *root, struct lanes_err *e)
{
	const char *next = jstr(jget(root, "next_page"), "offset");

	if (++f->pages > MAX_PAGES)
		return err_set(e, "the server keeps sending pages (%d); stopped", MAX_PAGES);
	if (next && *next && strlen(next) < 1024) {
		if (*offset && str_eq(*offset, next))
			return err_set(e, "the server sent the same page twice");
		free(*offset);
		*offset = xstrdup(next);
		return 1;
	}
	x_free(offset);
	return 0;
}

/* Moves f to the page after this one: the same list at next_page.offset,
 * or the next list. */
static int
fetch_advance(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	int rc = page_advance(f, &f->offset, root, e);

	if (rc == 0)
		f->part++;
	return rc < 0 ? -1 : 0;
}

/* The same for the cursor at hand, which is done at its list's end. */
static int
cursor_advance(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	struct fetch_cursor *c = &f->cursors[f->at];
	int rc = page_advance(f, &c->offset, root, e);

	if (rc == 0)
		c->done = true;
	return rc < 0 ? -1 : 0;
}

/* How many tasks the project has: "tasks" of the result, beside the
 * "read" of its sections' lists. */
static int
parse_count(struct backend_fetch *f, const cJSON *data, struct lanes_err *e)
{
	if (!cJSON_IsNumber(jget(data, "num_tasks")))
		return err_set(e, "the server did not say how many tasks the project has");
	cJSON_AddNumberToObject(f->result, "tasks", jnum(data, "num_tasks"));
	return 0;
}

/* A cursor each for the sections' tasks, and the project's last. */
static void
board_cursors(struct backend_fetch *f)
{
	const cJSON *col;

	cJSON_ArrayForEach(col, jget(f->result, "columns"))
		backend_fetch_cursor(f, jstr(col, "remote"));
	backend_fetch_cursor(f, f->remote);
	cJSON_AddNumberToObject(f->result, "read", 0);
}

/* A page of a section's tasks, or of the project's; a section gone
 * meanwhile (404) ends its cursor, and the fetch is partial. */
static int
parse_tasks_page(struct backend_fetch *f, const struct http_resp *r, const cJSON *root,
    struct lanes_err *e)
{
	const cJSON *data = jget(root, "data"), *item;
	cJSON *read = cJSON_GetObjectItemCaseSensitive(f->result, "read");

	if (r->status == 404) {
		f->cursors[f->at].done = f->partial = true;
		return 0;
	}
	if (str_eq(f->cursors[f->at].list, f->remote) && !cJSON_HasObjectItem(f->result, "tasks"))
		return parse_count(f, data, e);
	if (!cJSON_IsArray(data))
		return err_set(e, "the server's answer holds no list");
	cJSON_ArrayForEach(item, data)
		parse_task(f, item);
	cJSON_SetNumberValue(read, read->valuedouble + cJSON_GetArraySize(data));
	return cursor_advance(f, root, e);
}

static int
parse_me(struct backend_fetch *f, const cJSON *data, struct lanes_err *e)
{
	if (!gid_ok(jstr(data, "gid")))
		return err_set(e, "the server did not say who this token belongs to");
	cJSON_AddStringToObject(f->result, "remote", jstr(data, "gid"));
	backend_add_clean(f->result, "name", jget(data, "name"), false, 200);
	f->part++;
	return 0;
}

/* A page of the project's events: whether any came, and the token to ask
 * from next. Asana answers a request without a token, or with one too old,
 * 412 with a fresh token: the board may have changed in any way. */
static int
parse_events(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	const char *sync = jstr(root, "sync");
	const cJSON *data = jget(root, "data");
	/* a page before this one may have said so already */
	bool changed = !cJSON_IsArray(data) || cJSON_GetArraySize(data) > 0 ||
	    jbool(f->result, "changed");

	if (!root || !sync || !*sync || strlen(sync) >= 1024)
		return err_set(e, "the server's answer carries no sync token");
	cJSON_DeleteItemFromObject(f->result, "changed");
	cJSON_AddBoolToObject(f->result, "changed", changed);
	cJSON_DeleteItemFromObject(f->result, "sync");
	cJSON_AddStringToObject(f->result, "sync", sync);
	if (cJSON_IsArray(data) && jbool(root, "has_more")) {
		if (++f->pages > MAX_PAGES || (f->offset && str_eq(f->offset, sync)))
			return err_set(e, "the server keeps sending events");
		free(f->offset);
		f->offset = xstrdup(sync);
		return 0;
	}
	f->part++;
	return 0;
}

bool
asana_fetch_accepts(const struct backend_fetch *f, const struct http_resp *r)
{
	if (r->fail != HTTP_OK)
		return false;
	if (f->kind == FETCH_BOARD && f->part == BOARD_TASKS)
		return r->status == 404;        /* a section gone meanwhile */
	return f->kind == FETCH_EVENTS && r->status == 412;
}

/* A page of one of the lists read one after another. */
static int
parse_list(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	const cJSON *data = jget(root, "data"), *item;
	item_fn fn = part_parser(f);

	if (!cJSON_IsArray(data))
		return err_set(e, "the server's answer holds no list");
	cJSON_ArrayForEach(item, data) {
		if (fn)
			fn(f, item);
		else
			parse_named(f, item, "items");
	}
	return fetch_advance(f, root, e);
}

int
asana_fetch_parse(struct backend_account *a, struct backend_fetch *f, const struct http_resp *r,
    struct lanes_err *e)
{
	cJSON *root = json_parse(r->body, r->len);
	bool board = f->kind == FETCH_BOARD;
	int rc;

	if (f->kind == FETCH_EVENTS)            /* a 412 carries no data */
		rc = parse_events(f, root, e);
	else if (board && f->part == BOARD_TASKS && r->status == 404)
		rc = parse_tasks_page(f, r, root, e);
	else if (!root || !jget(root, "data"))
		rc = err_set(e, "the server's answer is not Asana's JSON");
	else if (f->kind == FETCH_ME)
		rc = parse_me(f, jget(root, "data"), e);
	else if (board && f->part == BOARD_TASKS)
		rc = parse_tasks_page(f, r, root, e);
	else if ((rc = parse_list(f, root, e)) == 0 && board && f->part == BOARD_TASKS)
		board_cursors(f);
	cJSON_Delete(root);
	return rc;
}
