/* Asana: projects are boards, sections columns, tasks cards, comment
 * stories comments, subtasks checklist items, time tracking entries time
 * entries. Requests wrap fields in {"data": ...}; lists page with limit
 * and next_page.offset; errors come as {"errors": [{"message": ...}]}.
 * Every string the server sends is sanitized here, before it can reach the
 * store, the screen or a log, and every id is checked before it goes into
 * a URL path. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "lanes/text.h"

#define PAGE_LIMIT "100"
/* A server that keeps sending next_page is broken or hostile: 500,000 tasks
 * is far beyond any board anyone can read. */
#define MAX_PAGES 5000
#define MAX_TITLE 4096
#define MAX_LONG_TEXT 65536
#define MAX_GID 64
/* Our clock and the server's may disagree; a lost create is looked for
 * among things made up to this long before we sent it. */
#define ADOPT_SKEW_MS (5 * 60 * 1000LL)

#define TASK_FIELDS "name,notes,completed,due_on,assignee.name,tags.name," \
	"memberships.project,memberships.section"

/* Asana ids are digit strings; we accept a little more, but nothing that
 * could change the meaning of a URL path or query. */
static bool
gid_ok(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == '-'))
			return false;
	}
	return n > 0 && n <= MAX_GID;
}

/* A copy of server text that is safe to show and store, cut to cap bytes
 * on a character boundary; NULL when v is not a string. */
static char *
clean_text(const cJSON *v, bool multiline, size_t cap)
{
	const char *s = cJSON_GetStringValue(v);
	size_t n;
	char *out;

	if (!s)
		return NULL;
	n = strlen(s);
	out = multiline ? text_sanitize_multiline(s, n) : text_sanitize(s, n);
	n = strlen(out);
	if (n > cap) {
		n = cap;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
	return out;
}

static void
add_clean(cJSON *to, const char *key, const cJSON *v, bool multiline, size_t cap)
{
	char *c = clean_text(v, multiline, cap);

	if (c)
		cJSON_AddStringToObject(to, key, c);
	else
		cJSON_AddNullToObject(to, key);
	free(c);
}

/* ISO 8601 UTC ("2024-05-01T10:20:30.456Z") to ms since the epoch; -1 on junk. */
static long long
iso_to_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	if (s[n] == '.') {
		int digits = 0;
		for (n++; s[n] >= '0' && s[n] <= '9'; n++)
			if (digits++ < 3)
				ms = ms * 10 + (s[n] - '0');
		while (digits++ < 3)
			ms *= 10;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

static void
ms_to_iso(long long ms, char *buf, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static void
query_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sb_add(sb, (const char *)&c, 1);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(sb, esc, 3);
		}
	}
}

/* ---- building requests ---- */

static int
req_set(struct backend_req *out, const char *method, cJSON *data, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

/* Takes data (may be NULL: no body). */
static int
req_set(struct backend_req *out, const char *method, cJSON *data, const char *fmt, ...)
{
	va_list ap;

	memset(out, 0, sizeof(*out));
	out->method = method;
	out->write = !str_eq(method, "GET");
	va_start(ap, fmt);
	out->path = xvasprintf(fmt, ap);
	va_end(ap);
	if (data) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "data", data);
		out->body = cJSON_PrintUnformatted(root);
		cJSON_Delete(root);
	}
	return 0;
}

/* Fetches op[key] as an id fit for a path; NULL (and e set) otherwise. */
static const char *
need_gid(const cJSON *op, const char *key, struct lanes_err *e)
{
	const char *g = jstr(op, key);

	if (!gid_ok(g)) {
		err_set(e, "%s has no valid %s id", jstr(op, "op") ? jstr(op, "op") : "op", key);
		return NULL;
	}
	return g;
}

/* insert_before / insert_after (or the section names of them) from the
 * op's neighbours; before wins, as Asana takes only one. */
static void
add_anchor(cJSON *data, const cJSON *op, const char *before_key, const char *after_key)
{
	const char *b = jstr(op, "before"), *a = jstr(op, "after");

	if (gid_ok(b))
		cJSON_AddStringToObject(data, before_key, b);
	else if (gid_ok(a))
		cJSON_AddStringToObject(data, after_key, a);
}

static bool
has_anchor(const cJSON *op)
{
	return gid_ok(jstr(op, "before")) || gid_ok(jstr(op, "after"));
}

/* Puts task into section col, next to the op's neighbour. */
static int
req_add_task(struct backend_req *out, const cJSON *op, const char *task, const char *col)
{
	cJSON *data = cJSON_CreateObject();

	cJSON_AddStringToObject(data, "task", task);
	add_anchor(data, op, "insert_before", "insert_after");
	return req_set(out, "POST", data, "/sections/%s/addTask", col);
}

static int
build_card_add(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *board = need_gid(op, "board", e), *col = need_gid(op, "column", e);
	const char *desc = jstr(op, "description");
	cJSON *data, *m;

	if (!board || !col)
		return -1;
	if (jnum(op, "step") >= 1) {
		const char *task = need_gid(op, "remote", e);
		return task ? req_add_task(out, op, task, col) : -1;
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "name", jstr(op, "title") ? jstr(op, "title") : "");
	if (desc && *desc)
		cJSON_AddStringToObject(data, "notes", desc);
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "project", board);
	cJSON_AddStringToObject(m, "section", col);
	cJSON_AddItemToObject(data, "memberships", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(data, "memberships"), m);
	return req_set(out, "POST", data, "/tasks");
}

static int
build_card_move(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *task = need_gid(op, "remote", e), *col = need_gid(op, "column", e);

	return task && col ? req_add_task(out, op, task, col) : -1;
}

/* ---- labels: the task's tags ----
 *
 * A card's labels are its task's tags, matched by name. Setting them is
 * one op sent as a series of requests, each step handed what the answers
 * before it said, as the op's "carry":
 *   no carry     GET the task's tags and workspace, and plan the rest:
 *                {"ws", "remove": [ids of tags no longer wanted],
 *                 "add": [names wanted that the task lacks]}
 *   remove[0]    POST removeTag
 *   add[0]       with "tag", POST addTag; else POST a new tag of that name,
 *                whose id becomes "tag".
 * Adding or removing a tag twice changes nothing, so only the create can
 * make a second thing, and it is looked for like any create whose answer
 * was lost: since the first step was sent, the engine looks before every
 * create, and a tag of that name the workspace already has is the one
 * taken (adopt_path). */

static bool
is_labels(const cJSON *op)
{
	return str_eq(jstr(op, "op"), "card.set") && str_eq(jstr(op, "field"), "labels");
}

/* The first label the op still has to add. */
static const char *
label_to_add(const cJSON *op)
{
	return cJSON_GetStringValue(cJSON_GetArrayItem(jget(jget(op, "carry"), "add"), 0));
}

/* The step that makes a tag: a name to add, no tag for it yet, none to remove. */
static bool
creates_tag(const cJSON *op)
{
	const cJSON *carry = jget(op, "carry");

	return is_labels(op) && label_to_add(op) && !gid_ok(jstr(carry, "tag")) &&
	    cJSON_GetArraySize(jget(carry, "remove")) == 0;
}

static int
build_labels(const cJSON *op, const char *task, struct backend_req *out, struct lanes_err *e)
{
	const cJSON *carry = jget(op, "carry");
	const char *drop = cJSON_GetStringValue(cJSON_GetArrayItem(jget(carry, "remove"), 0));
	const char *name = label_to_add(op), *ws, *tag = jstr(carry, "tag");
	cJSON *data;

	if (!carry)
		return req_set(out, "GET", NULL, "/tasks/%s?opt_fields=tags.name,workspace", task);
	if (drop || (name && gid_ok(tag))) {
		if (drop && !gid_ok(drop))
			return err_set(e, "a tag to remove has no valid id");
		data = cJSON_CreateObject();
		cJSON_AddStringToObject(data, "tag", drop ? drop : tag);
		return req_set(out, "POST", data, "/tasks/%s/%s", task, drop ? "removeTag" : "addTag");
	}
	if (!name)
		return err_set(e, "the labels edit has nothing left to send");
	if (!(ws = need_gid(carry, "ws", e)))
		return -1;
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "name", name);
	return req_set(out, "POST", data, "/workspaces/%s/tags", ws);
}

/* A tag's name as we compare it: what the store would hold. */
static bool
tag_named(const cJSON *tag, const char *name)
{
	char *n = clean_text(jget(tag, "name"), false, MAX_TITLE);
	bool same = n && name && str_eq(str_trim(n), name);

	free(n);
	return same;
}

/* The names in a labels value ("a, b"), as a JSON array. */
static cJSON *
label_names(const char *value)
{
	char *copy = xstrdup(value ? value : ""), *save = NULL;
	cJSON *names = cJSON_CreateArray();

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*str_trim(t))
			cJSON_AddItemToArray(names, cJSON_CreateString(t));
	free(copy);
	return names;
}

static bool
has_name(const cJSON *names, const char *name)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, names)
		if (str_eq(n->valuestring, name))
			return true;
	return false;
}

/* The answer to the first step: the task's tags and workspace. */
static int
plan_labels(const cJSON *op, const cJSON *task, cJSON *carry, struct lanes_err *e)
{
	cJSON *want = label_names(jstr(op, "value")), *drop = cJSON_CreateArray();
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
		if (!have && !has_name(add, n->valuestring))
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

/* Local card fields and the task fields they are; labels are tags (above);
 * priority and assignees as free text have no task field in Asana. */
static const struct {
	const char *field, *asana;
} card_fields[] = {
	{ "title", "name" },
	{ "description", "notes" },
	{ "due_on", "due_on" },
	{ "start_on", "start_on" },
};

static int
build_card_set(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *task = need_gid(op, "remote", e), *field = jstr(op, "field");
	const cJSON *v = jget(op, "value");
	const char *asana;
	cJSON *data;
	bool set;
	size_t i;

	if (!task)
		return -1;
	if (is_labels(op))
		return build_labels(op, task, out, e);
	for (i = 0; i < ARRAY_SIZE(card_fields) && !str_eq(card_fields[i].field, field); i++)
		;
	if (i == ARRAY_SIZE(card_fields)) {
		err_set(e, "%s is kept on this machine only: Asana has no such task field",
		    field ? field : "that field");
		return 1;
	}
	/* An empty value clears the field; only notes can be an empty string. */
	asana = card_fields[i].asana;
	set = cJSON_IsString(v) && (*v->valuestring || str_eq(asana, "notes"));
	if (!set && str_eq(asana, "name"))
		return err_set(e, "a task needs a name");
	data = cJSON_CreateObject();
	if (set)
		cJSON_AddStringToObject(data, asana, v->valuestring);
	else
		cJSON_AddNullToObject(data, asana);
	return req_set(out, "PUT", data, "/tasks/%s", task);
}

static int
build_column_place(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *board = need_gid(op, "board", e), *g = need_gid(op, "remote", e);
	cJSON *data;

	if (!board || !g)
		return -1;
	if (!has_anchor(op)) {
		err_set(e, "the column has no synced neighbour to move next to");
		return 1;
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "section", g);
	add_anchor(data, op, "before_section", "after_section");
	return req_set(out, "POST", data, "/projects/%s/sections/insert", board);
}

/* A subtask moved among its siblings: the same parent again, next to the
 * sibling now above it (or below it, when it became first). */
static int
build_check_move(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *task = need_gid(op, "remote", e), *parent = need_gid(op, "card", e);
	cJSON *data;

	if (!task || !parent)
		return -1;
	if (!has_anchor(op)) {
		err_set(e, "the checklist item has no synced neighbour to move next to");
		return 1;
	}
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "parent", parent);
	add_anchor(data, op, "insert_before", "insert_after");
	return req_set(out, "POST", data, "/tasks/%s/setParent", task);
}

/* How an op's field goes into a request's data. */
enum fill {
	FILL_TEXT,              /* the string, "" when the op has none */
	FILL_TEXT_IF_SET,       /* the string, left out when the op has none */
	FILL_FLAG,              /* true or false */
	FILL_TRUE_IF_SET,       /* true, left out when false */
	FILL_MINUTES,           /* whole minutes, at least 1 */
	FILL_DAY,               /* a YYYY-MM-DD date: 10 characters, else left out */
};

struct field_fill {
	const char *to, *from;
	enum fill how;
};

typedef int (*build_fn)(const cJSON *op, struct backend_req *out, struct lanes_err *e);

/* Every op Asana takes. Most are one plain request about the thing whose
 * id is op[id]: method, path (a format for that id), and data fields copied
 * from the op (no body when there are none); the others have a build. */
static const struct op_kind {
	const char *op;
	bool creates;           /* a second send would make a second thing */
	bool deletes;           /* 404 means it is already gone: done */
	build_fn build;
	const char *method, *id, *path;
	struct field_fill data[2];
	bool anchor;            /* insert_before / insert_after too */
} ops[] = {
	{ .op = "card.add", .creates = true, .build = build_card_add },
	{ .op = "card.move", .build = build_card_move },
	{ .op = "card.set", .build = build_card_set },
	{ .op = "card.complete", .method = "PUT", .id = "remote", .path = "/tasks/%s",
	    .data = { { "completed", "completed", FILL_FLAG },
	    { "name", "text", FILL_TEXT_IF_SET } } },
	{ .op = "card.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/tasks/%s" },
	{ .op = "column.add", .creates = true,
	    .method = "POST", .id = "board", .path = "/projects/%s/sections",
	    .data = { { "name", "name", FILL_TEXT } }, .anchor = true },
	{ .op = "column.rename", .method = "PUT", .id = "remote", .path = "/sections/%s",
	    .data = { { "name", "name", FILL_TEXT } } },
	{ .op = "column.place", .build = build_column_place },
	{ .op = "column.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/sections/%s" },
	{ .op = "comment.add", .creates = true,
	    .method = "POST", .id = "card", .path = "/tasks/%s/stories",
	    .data = { { "text", "text", FILL_TEXT } } },
	{ .op = "comment.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/stories/%s" },
	{ .op = "check.add", .creates = true,
	    .method = "POST", .id = "card", .path = "/tasks/%s/subtasks",
	    .data = { { "name", "text", FILL_TEXT }, { "completed", "done", FILL_TRUE_IF_SET } } },
	{ .op = "check.set", .method = "PUT", .id = "remote", .path = "/tasks/%s",
	    .data = { { "completed", "done", FILL_FLAG }, { "name", "text", FILL_TEXT_IF_SET } } },
	{ .op = "check.move", .build = build_check_move },
	{ .op = "check.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/tasks/%s" },
	{ .op = "time.add", .creates = true,
	    .method = "POST", .id = "card", .path = "/tasks/%s/time_tracking_entries",
	    .data = { { "duration_minutes", "minutes", FILL_MINUTES },
	    { "entered_on", "date", FILL_DAY } } },
	{ .op = "time.set", .method = "PUT", .id = "remote", .path = "/time_tracking_entries/%s",
	    .data = { { "duration_minutes", "minutes", FILL_MINUTES } } },
	{ .op = "time.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/time_tracking_entries/%s" },
};

static void
fill_field(cJSON *data, const struct field_fill *f, const cJSON *op)
{
	const char *s = jstr(op, f->from);
	double n;

	switch (f->how) {
	case FILL_TEXT:
		cJSON_AddStringToObject(data, f->to, s ? s : "");
		break;
	case FILL_TEXT_IF_SET:
		if (s)
			cJSON_AddStringToObject(data, f->to, s);
		break;
	case FILL_FLAG:
		cJSON_AddBoolToObject(data, f->to, jbool(op, f->from));
		break;
	case FILL_TRUE_IF_SET:
		if (jbool(op, f->from))
			cJSON_AddTrueToObject(data, f->to);
		break;
	case FILL_MINUTES:
		/* Asana counts whole minutes and refuses zero; a short timer
		 * rounds up. */
		n = jnum(op, f->from);
		cJSON_AddNumberToObject(data, f->to, n >= 1 ? (double)(long)n : 1);
		break;
	case FILL_DAY:
		if (s && strlen(s) == 10)
			cJSON_AddStringToObject(data, f->to, s);
		break;
	}
}

static int
build_plain(const struct op_kind *k, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const char *g = need_gid(op, k->id, e);
	cJSON *data = NULL;

	if (!g)
		return -1;
	if (k->data[0].to) {
		data = cJSON_CreateObject();
		for (size_t i = 0; i < ARRAY_SIZE(k->data) && k->data[i].to; i++)
			fill_field(data, &k->data[i], op);
		if (k->anchor)
			add_anchor(data, op, "insert_before", "insert_after");
	}
	return req_set(out, k->method, data, k->path, g);
}

static int
op_index(const cJSON *op)
{
	const char *name = jstr(op, "op");

	for (size_t i = 0; name && i < ARRAY_SIZE(ops); i++)
		if (str_eq(ops[i].op, name))
			return (int)i;
	return -1;
}

/* 0 with out filled; 1 when the op means nothing to Asana (e says why);
 * -1 when it cannot be sent (e says why). */
static int
asana_build(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	int i = op_index(op);

	memset(out, 0, sizeof(*out));
	if (i < 0)
		return err_set(e, "Asana does not know the edit \"%s\"",
		    jstr(op, "op") ? jstr(op, "op") : "?");
	return ops[i].build ? ops[i].build(op, out, e) : build_plain(&ops[i], op, out, e);
}

static bool
asana_creates(const cJSON *op)
{
	int i = op_index(op);

	return (i >= 0 && ops[i].creates && jnum(op, "step") < 1) || creates_tag(op);
}

/* ---- reading answers ---- */

/* errors[0].message, sanitized and cut; NULL when the body has none. */
static char *
error_message(const char *body, size_t len)
{
	cJSON *root = json_parse(body, len);
	const cJSON *first = cJSON_GetArrayItem(jget(root, "errors"), 0);
	char *msg = clean_text(jget(first, "message"), false, 300);

	cJSON_Delete(root);
	return msg;
}

static enum backend_verdict
asana_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	char *msg;
	enum backend_verdict v;
	int i = op ? op_index(op) : -1;

	if (r->fail != HTTP_OK) {
		char *why = text_sanitize(r->err, strlen(r->err));
		err_set(e, "%s: %s", http_fail_name(r->fail), why);
		free(why);
		return BV_RETRY;
	}
	if (r->status >= 200 && r->status < 300)
		return BV_OK;
	if (r->status == 404 && i >= 0 && ops[i].deletes)
		return BV_OK;
	msg = error_message(r->body, r->len);
	err_set(e, "%ld: %s", r->status, msg ? msg : "no message from the server");
	free(msg);
	if (r->status == 429)
		v = BV_RATE;
	else if (r->status == 401 || r->status == 403)
		v = BV_AUTH;
	else if (r->status >= 500 || r->status == 408 || r->status < 200)
		v = BV_RETRY;
	else
		v = BV_PARK;
	return v;
}

static int
asana_parse(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
    struct lanes_err *e)
{
	cJSON *root;
	const char *gid;
	int i = op_index(op);

	memset(ack, 0, sizeof(*ack));
	if (is_labels(op))
		return parse_labels(op, body, len, ack, e);
	if (i < 0 || !asana_creates(op))
		return 0;
	root = json_parse(body, len);
	gid = jstr(jget(root, "data"), "gid");
	if (!gid_ok(gid)) {
		cJSON_Delete(root);
		return err_set(e, "the answer to %s carries no id", ops[i].op);
	}
	ack->remote = xstrdup(gid);
	ack->more = str_eq(ops[i].op, "card.add") && has_anchor(op);
	cJSON_Delete(root);
	return 0;
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
	add_clean(o, "name", jget(item, "name"), false, MAX_TITLE);
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
		char *n = clean_text(jget(t, "name"), false, 200);
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

static void
parse_task(struct backend_fetch *f, const cJSON *item)
{
	const char *sec, *due = jstr(item, "due_on");
	cJSON *o;

	if (str_eq(jstr(item, "resource_subtype"), "section") || !(o = new_result(item)))
		return;
	add_clean(o, "title", jget(item, "name"), false, MAX_TITLE);
	add_clean(o, "description", jget(item, "notes"), true, MAX_LONG_TEXT);
	cJSON_AddBoolToObject(o, "completed", jbool(item, "completed"));
	sec = task_section(item, f->remote);
	if (sec)
		cJSON_AddStringToObject(o, "column", sec);
	else
		cJSON_AddNullToObject(o, "column");
	if (due && strlen(due) == 10 && due[4] == '-' && due[7] == '-')
		add_clean(o, "due_on", jget(item, "due_on"), false, 10);
	else
		cJSON_AddNullToObject(o, "due_on");
	add_clean(o, "assignees", jget(jget(item, "assignee"), "name"), false, 200);
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
	add_clean(o, "author", jget(by, "name"), false, 200);
	if (gid_ok(jstr(by, "gid")))
		cJSON_AddStringToObject(o, "author_remote", jstr(by, "gid"));
	add_clean(o, "body", jget(item, "text"), true, MAX_LONG_TEXT);
	cJSON_AddBoolToObject(o, "system", !(str_eq(type, "comment") ||
	    str_eq(sub, "comment_added")));
	cJSON_AddNumberToObject(o, "created_at", (double)iso_to_ms(jstr(item, "created_at")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
}

static void
parse_subtask(struct backend_fetch *f, const cJSON *item)
{
	cJSON *o = new_result(item);

	if (!o)
		return;
	add_clean(o, "text", jget(item, "name"), false, MAX_TITLE);
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
	cJSON_AddNumberToObject(o, "minutes", (double)(long)minutes);
	add_clean(o, "date", jget(item, "entered_on"), false, 10);
	add_clean(o, "author", jget(jget(item, "created_by"), "name"), false, 200);
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
	const char *field, *want = adopt_text(op, &field), *me = jstr(op, "me");
	const char *by = jstr(jget(item, "created_by"), "gid");
	long long since = (long long)jnum(op, "since");
	long long at = iso_to_ms(jstr(item, "created_at"));
	char *have;
	bool same;

	if (!gid_ok(jstr(item, "gid")))
		return false;
	if (str_eq(jstr(op, "op"), "comment.add") && !str_eq(jstr(item, "type"), "comment") &&
	    !str_eq(jstr(item, "resource_subtype"), "comment_added"))
		return false;
	if (me && by && !str_eq(me, by))
		return false;
	if (since > 0 && at >= 0 && at < since - ADOPT_SKEW_MS)
		return false;
	if (!field) {   /* a time entry: the same duration */
		return jnum(item, "duration_minutes") ==
		    jnum(op, "minutes");
	}
	have = clean_text(jget(item, field), str_eq(field, "text"), MAX_LONG_TEXT);
	same = have && want && str_eq(have, want);
	free(have);
	return same;
}

static void
parse_adopt(struct backend_fetch *f, const cJSON *item)
{
	if (adopt_fits(f->op, item))
		cJSON_AddItemToArray(result_list(f, "candidates"),
		    cJSON_CreateString(jstr(item, "gid")));
}

/* The first page of the list that would hold what op made. */
static int
adopt_path(struct backend_fetch *f, struct strbuf *sb, struct lanes_err *e)
{
	const cJSON *op = f->op;
	const char *kind = jstr(op, "op");
	char since[40];

	if (str_eq(kind, "card.add")) {
		const char *board = need_gid(op, "board", e);
		if (!board)
			return -1;
		ms_to_iso((long long)jnum(op, "since") - ADOPT_SKEW_MS,
		    since, sizeof(since));
		sb_printf(sb, "/tasks?project=%s&modified_since=%s&opt_fields=name,created_at,"
		    "created_by", board, since);
		return 0;
	}
	if (str_eq(kind, "column.add")) {
		const char *board = need_gid(op, "board", e);
		if (!board)
			return -1;
		sb_printf(sb, "/projects/%s/sections?opt_fields=name,created_at", board);
		return 0;
	}
	if (creates_tag(op)) {
		const char *ws = need_gid(jget(op, "carry"), "ws", e);
		if (!ws)
			return -1;
		sb_printf(sb, "/workspaces/%s/tags?opt_fields=name", ws);
		return 0;
	}
	const char *task = need_gid(op, "card", e);
	if (!task)
		return -1;
	if (str_eq(kind, "comment.add"))
		sb_printf(sb, "/tasks/%s/stories?opt_fields=text,type,resource_subtype,created_at,"
		    "created_by", task);
	else if (str_eq(kind, "check.add"))
		sb_printf(sb, "/tasks/%s/subtasks?opt_fields=name,created_at,created_by", task);
	else if (str_eq(kind, "time.add"))
		sb_printf(sb, "/tasks/%s/time_tracking_entries?opt_fields=duration_minutes,"
		    "created_at,created_by", task);
	else
		return err_set(e, "nothing to look for after %s", kind ? kind : "?");
	return 0;
}

typedef void (*item_fn)(struct backend_fetch *f, const cJSON *item);

/* The lists each kind of fetch reads, in order. */
static item_fn
part_parser(const struct backend_fetch *f)
{
	static const item_fn board[] = { parse_section, parse_task };
	static const item_fn card[] = { parse_story, parse_subtask, parse_time_entry };

	switch (f->kind) {
	case FETCH_BOARD:
		return f->part < 2 ? board[f->part] : NULL;
	case FETCH_CARD:
		return f->part < 3 ? card[f->part] : NULL;
	case FETCH_ADOPT:
		return f->part == 0 ? parse_adopt : NULL;
	default:
		return NULL;    /* plain {gid, name} items */
	}
}

static int
fetch_path(struct backend_fetch *f, struct strbuf *sb, struct lanes_err *e)
{
	static const char *const card_lists[] = {
		"/tasks/%s/stories?opt_fields=created_at,created_by.name,type,resource_subtype,text",
		"/tasks/%s/subtasks?opt_fields=name,completed",
		"/tasks/%s/time_tracking_entries?opt_fields=duration_minutes,entered_on,"
		    "created_by.name",
	};

	if (f->kind != FETCH_ME && f->kind != FETCH_WORKSPACES && f->kind != FETCH_ADOPT &&
	    !gid_ok(f->remote))
		return err_set(e, "no valid id to fetch");
	switch (f->kind) {
	case FETCH_ME:
		sb_puts(sb, "/users/me?opt_fields=name");
		return 0;
	case FETCH_WORKSPACES:
		sb_puts(sb, "/workspaces?opt_fields=name");
		break;
	case FETCH_PROJECTS:
		sb_printf(sb, "/projects?workspace=%s&archived=false&opt_fields=name", f->remote);
		break;
	case FETCH_BOARD:
		if (f->part == 0)
			sb_printf(sb, "/projects/%s/sections?opt_fields=name", f->remote);
		else
			sb_printf(sb, "/projects/%s/tasks?opt_fields=" TASK_FIELDS, f->remote);
		break;
	case FETCH_CARD:
		sb_printf(sb, card_lists[f->part], f->remote);
		break;
	case FETCH_ADOPT:
		if (adopt_path(f, sb, e) < 0)
			return -1;
		break;
	case FETCH_EVENTS:
		sb_printf(sb, "/events?resource=%s", f->remote);
		if (f->offset) {
			sb_puts(sb, "&sync=");
			query_escape(sb, f->offset);
		}
		return 0;
	}
	sb_puts(sb, "&limit=" PAGE_LIMIT);
	if (f->offset) {
		sb_puts(sb, "&offset=");
		query_escape(sb, f->offset);
	}
	return 0;
}

static int
fetch_parts(const struct backend_fetch *f)
{
	switch (f->kind) {
	case FETCH_BOARD:
		return 2;
	case FETCH_CARD:
		return 3;
	default:
		return 1;
	}
}

static int
asana_fetch_next(struct backend_fetch *f, struct backend_req *out, struct lanes_err *e)
{
	struct strbuf sb = { 0 };

	memset(out, 0, sizeof(*out));
	if (f->part >= fetch_parts(f))
		return 0;
	if (fetch_path(f, &sb, e) < 0) {
		sb_free(&sb);
		return -1;
	}
	out->method = "GET";
	out->path = sb_steal(&sb);
	return 1;
}

/* Moves f to the page after this one: the same list at next_page.offset,
 * or the next list. */
static int
fetch_advance(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	const char *next = jstr(jget(root, "next_page"), "offset");

	if (++f->pages > MAX_PAGES)
		return err_set(e, "the server keeps sending pages (%d); stopped", MAX_PAGES);
	if (next && *next && strlen(next) < 1024) {
		if (f->offset && str_eq(f->offset, next))
			return err_set(e, "the server sent the same page twice");
		free(f->offset);
		f->offset = xstrdup(next);
		return 0;
	}
	x_free(&f->offset);
	f->part++;
	return 0;
}

static int
parse_me(struct backend_fetch *f, const cJSON *data, struct lanes_err *e)
{
	if (!gid_ok(jstr(data, "gid")))
		return err_set(e, "the server did not say who this token belongs to");
	cJSON_AddStringToObject(f->result, "remote", jstr(data, "gid"));
	add_clean(f->result, "name", jget(data, "name"), false, 200);
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

static bool
asana_fetch_accepts(const struct backend_fetch *f, const struct http_resp *r)
{
	return f->kind == FETCH_EVENTS && r->fail == HTTP_OK && r->status == 412;
}

static int
asana_fetch_parse(struct backend_fetch *f, const char *body, size_t len, struct lanes_err *e)
{
	cJSON *root = json_parse(body, len);
	const cJSON *data = jget(root, "data"), *item;
	item_fn fn = part_parser(f);
	int rc;

	if (f->kind == FETCH_EVENTS) {      /* a 412 carries no data */
		rc = parse_events(f, root, e);
		cJSON_Delete(root);
		return rc;
	}
	if (!root || !data) {
		cJSON_Delete(root);
		return err_set(e, "the server's answer is not Asana's JSON");
	}
	if (f->kind == FETCH_ME) {
		rc = parse_me(f, data, e);
		cJSON_Delete(root);
		return rc;
	}
	if (!cJSON_IsArray(data)) {
		cJSON_Delete(root);
		return err_set(e, "the server's answer holds no list");
	}
	cJSON_ArrayForEach(item, data) {
		if (fn)
			fn(f, item);
		else
			parse_named(f, item, "items");
	}
	rc = fetch_advance(f, root, e);
	cJSON_Delete(root);
	return rc;
}

const struct backend_ops asana_backend = {
	.name = "asana",
	.default_url = "https://app.asana.com/api/1.0",
	.caps = CAP_REORDER | CAP_COLUMN_EDIT | CAP_CHECKLIST_WRITE | CAP_COMMENTS |
	    CAP_TIME_ENTRIES | CAP_COMPLETE | CAP_EVENTS,
	.max_reads = 50,
	.max_writes = 15,
	.build = asana_build,
	.parse = asana_parse,
	.classify = asana_classify,
	.creates = asana_creates,
	.fetch_next = asana_fetch_next,
	.fetch_accepts = asana_fetch_accepts,
	.fetch_parse = asana_fetch_parse,
};
