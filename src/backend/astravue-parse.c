/* Astravue's answers: the envelope {success, message, code, data} and its
 * errors (with the server's own words), the id a create made, and the
 * lists of a fetch, paged where Astravue pages; every string sanitized on
 * its way in and every id checked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "astravue.h"

const cJSON *
av_data(const cJSON *root)
{
	if (!cJSON_IsObject(root) || cJSON_IsFalse(jget(root, "success")) || !jget(root, "data"))
		return NULL;
	return jget(root, "data");
}

/* "Validation failed: taskTitle: must not be blank" from the envelope;
 * an MCP refusal's text as it is; every piece sanitized. */
static char *
error_words(const char *body, size_t len)
{
	cJSON *root = json_parse(body, len);
	const cJSON *m;
	struct strbuf sb = { 0 };
	char *c, *f, *top = NULL;
	int n = 0;

	if (cJSON_IsObject(root)) {
		c = backend_clean_text(jget(root, "message"), false, 300);
		if (!c || !*c) {        /* OAuth's, or JSON-RPC's */
			free(c);
			c = backend_clean_text(jget(root, "error_description"), false, 300);
		}
		if (!c || !*c) {
			free(c);
			c = backend_clean_text(jget(jget(root, "error"), "message"), false, 300);
		}
		if (c && *c)
			sb_puts(&sb, c);
		top = c;
		cJSON_ArrayForEach(m, jget(root, "errors")) {
			c = backend_clean_text(jget(m, "message"), false, 300);
			f = backend_clean_text(jget(m, "field"), false, 60);
			/* an error of no field that only says the message again
			 * ("Access Denied: Access Denied") adds nothing */
			if (c && *c && !(f && *f) && top && str_eq(c, top)) {
				free(c);
				free(f);
				continue;
			}
			if (c && *c && n++ < 10)
				sb_printf(&sb, "%s%s%s%s", sb.len ? (n == 1 ? ": " : "; ") : "",
				    f && *f ? f : "", f && *f ? " " : "", c);
			free(c);
			free(f);
		}
		free(top);
	} else if (len) {
		c = text_sanitize(body, len < 300 ? len : 300);
		sb_puts(&sb, c);
		free(c);
	}
	cJSON_Delete(root);
	return backend_words(&sb);
}

enum backend_verdict
av_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	const struct av_path *p = op ? av_path_of(op) : NULL;
	enum backend_verdict v = backend_classify(r, error_words, !p || !p->deletes ? 0 :
	    p->method ? BACKEND_GONE_404 : BACKEND_GONE_TOOL, e);

	/* the timer is already where the op would put it: started (an
	 * answer lost), or stopped (in the web app) */
	if (v == BV_PARK && r->status == 422 && str_has_prefix(jstr(op, "op"), "timer.") &&
	    (strstr(e->msg, "already running") || strstr(e->msg, "No running timer"))) {
		e->msg[0] = '\0';
		return BV_OK;
	}
	return v;
}

/* ---- answers to edits ---- */

/* The key of the id a create's answer names. */
static const char *
made_key(const cJSON *op)
{
	const char *k = jstr(op, "op");

	return str_eq(k, "card.add") ? "taskId" : str_eq(k, "comment.add") ? "commentId" :
	    str_eq(k, "check.add") ? "checklistId" : "timerId";     /* time.add, timer.stop */
}

int
av_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	const struct av_path *p = av_path_of(op);
	cJSON *root = json_parse(r->body, r->len);
	/* REST answers in the envelope; a tool's text is the thing itself */
	const cJSON *data = p && p->method ? av_data(root) : root;
	char id[24];
	int rc = 0;

	(void)a;
	memset(ack, 0, sizeof(*ack));
	if (p && p->method && !data && !str_eq(p->method, "DELETE")) {
		/* no envelope: an answer lost on the way (a junk 200); a create
		 * is looked for, anything else sent again */
		rc = err_set(e, "the answer to %s is not Astravue's", jstr(op, "op"));
	} else if (p && p->creates) {
		if (backend_int_id(data, made_key(op), id))
			ack->remote = xstrdup(id);
		else
			rc = err_set(e, "the answer to %s carries no valid id", jstr(op, "op"));
	} else if (str_eq(jstr(op, "op"), "timer.stop") && backend_int_id(data, "timerId", id)) {
		ack->remote = xstrdup(id);      /* the entry the stop made */
	}
	cJSON_Delete(root);
	return rc;
}

int
av_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e)
{
	(void)a;
	memset(ack, 0, sizeof(*ack));
	if (!backend_int_ok(found))
		return err_set(e, "no valid id was found for %s", jstr(op, "op"));
	ack->remote = xstrdup(found);
	return 0;
}

/* ---- fetches ---- */

static cJSON *
result_list(struct backend_fetch *f, const char *name)
{
	cJSON *l = cJSON_GetObjectItemCaseSensitive(f->result, name);

	return l ? l : cJSON_AddArrayToObject(f->result, name);
}

static cJSON *
new_item(const cJSON *it, const char *key)
{
	char id[24];
	cJSON *o;

	if (!backend_int_id(it, key, id))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "remote", id);
	return o;
}

/* "First Last" of a user object, cleaned; NULL when it has no name. */
static char *
user_name(const cJSON *u)
{
	char *first = backend_clean_text(jget(u, "firstName"), false, 100);
	char *last = backend_clean_text(jget(u, "lastName"), false, 100), *n;

	if ((!first || !*first) && (!last || !*last)) {
		free(first);
		free(last);
		return backend_clean_text(jget(u, "email"), false, 200);
	}
	n = xasprintf("%s%s%s", first ? first : "", first && *first && last && *last ? " " : "",
	    last ? last : "");
	free(first);
	free(last);
	return n;
}

static void
add_user(cJSON *o, const char *key, const cJSON *u)
{
	char *n = user_name(u);

	if (n && *n)
		cJSON_AddStringToObject(o, key, n);
	else
		cJSON_AddNullToObject(o, key);
	free(n);
}

static void
parse_space(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it, "spaceId");

	if (!o)
		return;
	backend_add_clean(o, "name", jget(it, "spaceName"), false, AV_MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, "items"), o);
}

static void
parse_project(struct backend_fetch *f, const cJSON *it)
{
	char id[24], *board;
	cJSON *o;

	if (!backend_int_ok(f->remote) || !backend_int_id(it, "projectId", id))
		return;
	o = cJSON_CreateObject();
	board = xasprintf("%s/%s", f->remote, id);
	cJSON_AddStringToObject(o, "remote", board);
	free(board);
	backend_add_clean(o, "name", jget(it, "projectName"), false, AV_MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, "items"), o);
}

/* The status name of a status object: its column's remote id. */
static char *
status_name(const cJSON *st)
{
	char *n = backend_clean_text(jget(st, "statusName"), false, 200);

	if (n && !*n)
		x_free(&n);
	return n;
}

static void
parse_status(struct backend_fetch *f, const cJSON *it)
{
	char *n = status_name(it);
	cJSON *o, *c;

	if (!n)
		return;
	cJSON_ArrayForEach(c, result_list(f, "columns"))
		if (str_eq(jstr(c, "remote"), n)) {     /* a name twice: one column */
			free(n);
			return;
		}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "remote", n);
	cJSON_AddStringToObject(o, "name", n);
	cJSON_AddItemToArray(result_list(f, "columns"), o);
	free(n);
}

/* ms since the epoch of "2026-03-17T12:00:00Z", or -1 */
static void
add_day(cJSON *o, const char *key, const char *iso)
{
	char day[11];

	if (backend_day(iso, day))
		cJSON_AddStringToObject(o, key, day);
	else
		cJSON_AddNullToObject(o, key);
}

static void
parse_task(struct backend_fetch *f, const cJSON *it)
{
	char *status = status_name(jget(it, "status")), *prio, low[32];
	struct strbuf tags = { 0 };
	const cJSON *t;
	cJSON *o;
	size_t i;

	if (!status || !(o = new_item(it, "taskId"))) {
		free(status);
		return;
	}
	backend_add_clean(o, "title", jget(it, "taskTitle"), false, AV_MAX_TITLE);
	backend_add_clean(o, "description", jget(it, "description"), true, AV_MAX_LONG_TEXT);
	cJSON_AddStringToObject(o, "column", status);
	cJSON_AddBoolToObject(o, "completed", false);
	add_day(o, "due_on", jstr(it, "dueDate"));
	prio = backend_clean_text(jget(jget(it, "priority"), "priorityLabel"), false, 30);
	if (prio && *prio) {
		for (i = 0; prio[i] && i < sizeof(low) - 1; i++)
			low[i] = (char)(prio[i] >= 'A' && prio[i] <= 'Z' ? prio[i] | 0x20 : prio[i]);
		low[i] = '\0';
		cJSON_AddStringToObject(o, "priority", low);
	} else {
		cJSON_AddNullToObject(o, "priority");
	}
	cJSON_ArrayForEach(t, jget(it, "tags")) {
		char *n = backend_clean_text(cJSON_IsString(t) ? t : jget(t, "tagName"), false, 100);
		if (n && *n && !strchr(n, ','))
			sb_printf(&tags, "%s%s", tags.len ? ", " : "", n);
		free(n);
	}
	if (tags.len)
		cJSON_AddStringToObject(o, "labels", tags.buf);
	else
		cJSON_AddNullToObject(o, "labels");
	sb_free(&tags);
	{
		struct strbuf who = { 0 };
		cJSON_ArrayForEach(t, jget(it, "owners")) {
			char *n = user_name(t);
			if (n && *n)
				sb_printf(&who, "%s%s", who.len ? ", " : "", n);
			free(n);
		}
		if (who.len)
			cJSON_AddStringToObject(o, "assignees", who.buf);
		else
			cJSON_AddNullToObject(o, "assignees");
		sb_free(&who);
	}
	cJSON_AddItemToArray(result_list(f, "cards"), o);
	free(status);
	free(prio);
}

static void
parse_comment(struct backend_fetch *f, const cJSON *it)
{
	const cJSON *by = jget(it, "commentedBy");
	cJSON *o = new_item(it, "commentId"), *text;
	char id[24], *plain;

	if (!o)
		return;
	add_user(o, "author", by);
	if (backend_int_id(by, "userId", id))
		cJSON_AddStringToObject(o, "author_remote", id);
	plain = jstr(it, "comment") ? text_from_html(jstr(it, "comment"),
	    strlen(jstr(it, "comment"))) : NULL;
	text = plain ? cJSON_CreateString(plain) : NULL;
	backend_add_clean(o, "body", text, true, AV_MAX_LONG_TEXT);
	cJSON_Delete(text);
	free(plain);
	cJSON_AddBoolToObject(o, "system", false);
	cJSON_AddNumberToObject(o, "created_at", (double)backend_iso_ms(jstr(it, "createdAt")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
}

static void
parse_check(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it, "checklistId");

	if (!o)
		return;
	backend_add_clean(o, "text", jget(it, "title"), false, AV_MAX_TITLE);
	cJSON_AddBoolToObject(o, "done", jbool(it, "completed"));
	cJSON_AddItemToArray(result_list(f, "check_items"), o);
}

static void
parse_timer(struct backend_fetch *f, const cJSON *it)
{
	double ms = jnum(it, "duration"), start = jnum(it, "startTime");
	char day[11] = "";
	time_t t;
	struct tm tm;
	cJSON *o;

	/* a running timer is not an entry yet */
	if (jbool(it, "running") || !(ms >= 1000 && ms < 1e12) || !(o = new_item(it, "timerId")))
		return;
	cJSON_AddNumberToObject(o, "seconds", (double)(long long)(ms / 1000));
	cJSON_AddNumberToObject(o, "unit", 1);
	if (start > 0 && start < 1e14) {
		t = (time_t)(start / 1000);
		if (gmtime_r(&t, &tm))
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	if (*day)
		cJSON_AddStringToObject(o, "date", day);
	cJSON_AddItemToArray(result_list(f, "time_entries"), o);
}

/* ---- a lost create: what it made ---- */

static void
parse_adopt(struct backend_fetch *f, const cJSON *it)
{
	const cJSON *op = f->op;
	const char *k = jstr(op, "op");
	char by[24] = "", id[24];
	bool fits;

	if (str_eq(k, "card.add")) {
		backend_int_id(jget(it, "createdBy"), "userId", by);
		fits = backend_adopt_fits(op, *by ? by : NULL, backend_iso_ms(jstr(it, "createTime")),
		    jget(it, "taskTitle"), false, jstr(op, "title"));
	} else if (str_eq(k, "comment.add")) {
		backend_int_id(jget(it, "commentedBy"), "userId", by);
		fits = backend_adopt_fits(op, *by ? by : NULL, backend_iso_ms(jstr(it, "createdAt")),
		    jget(it, "comment"), true, jstr(op, "text"));
	} else if (str_eq(k, "check.add")) {
		fits = backend_adopt_fits(op, NULL, -1, jget(it, "title"), false, jstr(op, "text"));
	} else {        /* time.add: a manual entry of that length */
		/* sent without a start, it ends when it was made: its end (or
		 * its start and length) is what tells when */
		double start = jnum(it, "startTime"), ms = jnum(it, "duration");
		double end = jnum(it, "endTime") > 0 ? jnum(it, "endTime") : start > 0 ? start + ms : -1;
		backend_int_id(it, "userId", by);
		fits = str_eq(jstr(it, "type"), "MANUAL") && ms == jnum(op, "seconds") * 1000 &&
		    backend_adopt_fits(op, *by ? by : NULL, (long long)end, NULL, false, NULL);
	}
	if (fits && backend_int_id(it, made_key(op), id))
		cJSON_AddItemToArray(result_list(f, "candidates"), cJSON_CreateString(id));
}

typedef void (*item_fn)(struct backend_fetch *f, const cJSON *it);

static item_fn
list_parser(const struct backend_fetch *f, const char **key)
{
	*key = NULL;
	switch (f->kind) {
	case FETCH_LEVEL:
		*key = f->level == 0 ? NULL : "projects";
		return f->level == 0 ? parse_space : parse_project;
	case FETCH_BOARD:
		*key = f->part == 2 ? "tasks" : NULL;
		return f->part == 1 ? parse_status : parse_task;
	case FETCH_CARD:
		return f->part == 0 ? parse_comment : f->part == 1 ? parse_check : parse_timer;
	case FETCH_ADOPT:
		*key = str_eq(jstr(f->op, "op"), "card.add") ? "tasks" : NULL;
		return parse_adopt;
	default:
		return NULL;
	}
}

static int
by_position(const void *x, const void *y)
{
	const cJSON *p = *(const cJSON *const *)x, *q = *(const cJSON *const *)y;
	double a = jnum(p, "position"), b = jnum(q, "position");
	double i = jnum(p, "checklistId"), j = jnum(q, "checklistId");

	/* the same place: the older first, so the order never wavers */
	return a != b ? (a > b) - (a < b) : (i > j) - (i < j);
}

/* The items of a list in their order (checklist items by position). */
static void
each(struct backend_fetch *f, const cJSON *list, item_fn fn)
{
	int n = cJSON_GetArraySize(list), i = 0;
	const cJSON **v = xcalloc((size_t)n + 1, sizeof(*v)), *it;

	cJSON_ArrayForEach(it, list)
		v[i++] = it;
	if (fn == parse_check)
		qsort(v, (size_t)n, sizeof(*v), by_position);
	for (i = 0; i < n; i++)
		fn(f, v[i]);
	free(v);
}

/* After a page: the next one, or the next part. */
static int
turn_page(struct backend_fetch *f, const cJSON *page, struct lanes_err *e)
{
	/* the page after the one asked for: a server that echoes a wrong
	 * number (or none) must not make us read one page again and again */
	long p = 0;

	if (f->offset && !str_to_long(f->offset, &p))
		p = AV_MAX_PAGES;
	if (cJSON_IsTrue(jget(page, "last")) || !cJSON_IsFalse(jget(page, "last"))) {
		x_free(&f->offset);
		f->pages = 0;
		f->part++;
		return 0;
	}
	if (++f->pages >= AV_MAX_PAGES || !(p >= 0 && p + 1 < AV_MAX_PAGES))
		return err_set(e, "Astravue kept saying there were more pages");
	free(f->offset);
	f->offset = xasprintf("%ld", p + 1);
	return 0;
}

/* The user's running timer, as the board sees it: {"card", "started_at"}
 * when it runs on one of this project's tasks; null when none runs here
 * (one runs elsewhere, or none at all). */
static int
read_timer(struct backend_fetch *f, const cJSON *list, struct lanes_err *e)
{
	char space[24], project[24], pid[24], tid[24];
	const cJSON *t;
	cJSON *o;

	if (!cJSON_IsArray(list) || !av_board_split(f->remote, space, project))
		return err_set(e, "the server's answer is not Astravue's running timers");
	cJSON_ArrayForEach(t, list) {
		double at = jnum(t, "startTime");
		if (!jbool(t, "running") || !backend_int_id(t, "projectId", pid) ||
		    !str_eq(pid, project) || !backend_int_id(t, "taskId", tid) || !(at > 0 && at < 1e14))
			continue;
		o = cJSON_AddObjectToObject(f->result, "timer");
		cJSON_AddStringToObject(o, "card", tid);
		cJSON_AddNumberToObject(o, "started_at", (double)(long long)at);
		f->part++;
		return 0;
	}
	cJSON_AddNullToObject(f->result, "timer");
	f->part++;
	return 0;
}

static int
parse_me(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	char id[24];

	if (!backend_int_id(root, "userId", id))
		return err_set(e, "the server did not say who this token belongs to");
	cJSON_AddStringToObject(f->result, "remote", id);
	add_user(f->result, "name", root);
	return 0;
}

int
av_fetch_parse(struct backend_account *a, struct backend_fetch *f, const struct http_resp *r,
    struct lanes_err *e)
{
	cJSON *root = json_parse(r->body, r->len);
	const char *key;
	item_fn fn = list_parser(f, &key);
	/* an MCP tool's text is the thing itself; REST wraps it */
	bool tool = f->kind == FETCH_ME || (f->kind == FETCH_BOARD && (f->part == 1 ||
	    f->part == 3));
	const cJSON *data = tool ? root : av_data(root);
	const cJSON *list = key ? jget(data, key) : data;
	int rc = 0;

	(void)a;
	if (f->kind == FETCH_ME) {
		rc = parse_me(f, root, e);
		f->part++;
	} else if (f->kind == FETCH_BOARD && f->part == 3) {
		rc = read_timer(f, root, e);
	} else if (f->kind == FETCH_BOARD && f->part == 0) {
		if (!cJSON_IsObject(data)) {
			rc = err_set(e, "the server's answer is not an Astravue project");
		} else {
			if (str_eq(jstr(data, "myRole"), "Guest"))
				cJSON_AddStringToObject(f->result, "readonly",
				    "read-only: a Guest of this Astravue project");
			else
				cJSON_AddNullToObject(f->result, "readonly");
			f->part++;
		}
	} else if (!cJSON_IsArray(list) || !fn) {
		rc = err_set(e, "the server's answer is not Astravue's list");
	} else {
		if (f->kind == FETCH_CARD)      /* what the card holds, even none */
			result_list(f, f->part == 0 ? "comments" : f->part == 1 ? "check_items" :
			    "time_entries");
		each(f, list, fn);
		if (key)
			rc = turn_page(f, data, e);
		else
			f->part++;
		if (f->kind == FETCH_BOARD) {
			result_list(f, f->part == 2 ? "columns" : "cards");
			cJSON_DeleteItemFromObject(f->result, "order");
			cJSON_AddStringToObject(f->result, "order", "local");
		}
		if (f->kind == FETCH_LEVEL)
			result_list(f, "items");
	}
	cJSON_Delete(root);
	return rc;
}
