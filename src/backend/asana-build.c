/* Asana's requests: an op (resolved into Asana's ids) or the next page of
 * a fetch becomes one request, every id checked before it goes into a
 * path. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "asana.h"

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

/* Local card fields and the task fields they are; labels are tags (above);
 * priority has no task field in Asana. The assignee is typed: Asana takes
 * an email or "me" for it, and the next refresh shows the user's name. */
static const struct backend_field card_fields[] = {
	{ "title", "name" },
	{ "description", "notes" },
	{ "due_on", "due_on" },
	{ "start_on", "start_on" },
	{ "assignees", "assignee" },
	{ NULL, NULL },
};

static int
build_card_set(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const char *task = need_gid(op, "remote", e);
	const cJSON *v = jget(op, "value");
	const char *asana;
	cJSON *data;
	bool set;

	if (!task)
		return -1;
	if (is_labels(op))
		return build_labels(op, task, out, e);
	if (!(asana = backend_card_field(card_fields, "Asana", op, e)))
		return 1;
	/* An empty value clears the field; only notes can be an empty string. */
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
	if (gid_ok(jstr(op, "after")))  /* next to the item above, as it was placed */
		cJSON_AddStringToObject(data, "insert_after", jstr(op, "after"));
	else
		add_anchor(data, op, "insert_before", "insert_after");
	return req_set(out, "POST", data, "/tasks/%s/setParent", task);
}

/* How an op's field goes into a request's data. */
enum fill {
	FILL_TEXT,              /* the string, "" when the op has none */
	FILL_TEXT_IF_SET,       /* the string, left out when the op has none */
	FILL_FLAG,              /* true or false */
	FILL_TRUE_IF_SET,       /* true, left out when false */
	FILL_MINUTES,           /* seconds as whole minutes, rounded up, at least 1 */
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
	    .data = { { "duration_minutes", "seconds", FILL_MINUTES },
	    { "entered_on", "date", FILL_DAY } } },
	{ .op = "time.set", .method = "PUT", .id = "remote", .path = "/time_tracking_entries/%s",
	    .data = { { "duration_minutes", "seconds", FILL_MINUTES } } },
	{ .op = "time.delete", .deletes = true,
	    .method = "DELETE", .id = "remote", .path = "/time_tracking_entries/%s" },
};

static void
fill_field(cJSON *data, const struct field_fill *f, const cJSON *op)
{
	const char *s = jstr(op, f->from);

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
		cJSON_AddNumberToObject(data, f->to, asana_minutes(jnum(op, f->from)));
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
int
asana_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	int i = op_index(op);

	memset(out, 0, sizeof(*out));
	if (i < 0)
		return err_set(e, "Asana does not know the edit \"%s\"",
		    jstr(op, "op") ? jstr(op, "op") : "?");
	return ops[i].build ? ops[i].build(op, out, e) : build_plain(&ops[i], op, out, e);
}

bool
asana_deletes(const cJSON *op)
{
	int i = op_index(op);

	return i >= 0 && ops[i].deletes;
}

bool
asana_creates(const cJSON *op)
{
	int i = op_index(op);

	return (i >= 0 && ops[i].creates && jnum(op, "step") < 1) || creates_tag(op);
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
		ms_to_iso((long long)jnum(op, "since") - BACKEND_ADOPT_SKEW_MS,
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

static int
fetch_path(struct backend_fetch *f, struct strbuf *sb, struct lanes_err *e)
{
	static const char *const card_lists[] = {
		"/tasks/%s/stories?opt_fields=created_at,created_by.name,type,resource_subtype,text",
		"/tasks/%s/subtasks?opt_fields=name,completed",
		"/tasks/%s/time_tracking_entries?opt_fields=duration_minutes,entered_on,"
		    "created_by.name",
	};
	const char *offset = f->ncursors ? f->cursors[f->at].offset : f->offset;

	if (f->kind != FETCH_ME && !(f->kind == FETCH_LEVEL && f->level == 0) &&
	    f->kind != FETCH_ADOPT && !gid_ok(f->remote))
		return err_set(e, "no valid id to fetch");
	switch (f->kind) {
	case FETCH_ME:
		sb_puts(sb, "/users/me?opt_fields=name");
		return 0;
	case FETCH_LEVEL:
		if (f->level == 0)
			sb_puts(sb, "/workspaces?opt_fields=name");
		else if (f->level == 1)
			sb_printf(sb, "/projects?workspace=%s&archived=false&opt_fields=name",
			    f->remote);
		else
			return err_set(e, "Asana's picker has two levels");
		break;
	case FETCH_BOARD:
		if (f->part == BOARD_SECTIONS)
			sb_printf(sb, "/projects/%s/sections?opt_fields=name", f->remote);
		else if (!str_eq(f->cursors[f->at].list, f->remote))
			sb_printf(sb, "/sections/%s/tasks?opt_fields=" TASK_FIELDS,
			    f->cursors[f->at].list);
		else if (cJSON_HasObjectItem(f->result, "tasks"))
			sb_printf(sb, "/projects/%s/tasks?opt_fields=" TASK_PLACE_FIELDS, f->remote);
		else {                  /* the count comes first: one answer, no pages */
			sb_printf(sb, "/projects/%s/task_counts?opt_fields=num_tasks", f->remote);
			return 0;
		}
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
	if (offset) {
		sb_puts(sb, "&offset=");
		query_escape(sb, offset);
	}
	return 0;
}

static int
fetch_parts(const struct backend_fetch *f)
{
	switch (f->kind) {
	case FETCH_BOARD:
		return BOARD_PARTS;
	case FETCH_CARD:
		return 3;
	default:
		return 1;
	}
}

/* Whether cursor i of a board may ask for a page now. The project's
 * cursor asks for the count at once, and for the project's list only
 * once every section is read, if they held fewer tasks than that; else
 * it is done. */
static bool
cursor_may_go(struct backend_fetch *f, int i)
{
	struct fetch_cursor *c = &f->cursors[i];

	if (c->busy || c->done)
		return false;
	if (!str_eq(c->list, f->remote) || !cJSON_HasObjectItem(f->result, "tasks"))
		return true;
	for (int j = 0; j < f->ncursors; j++)
		if (j != i && !f->cursors[j].done)
			return false;
	if (jnum(f->result, "tasks") > jnum(f->result, "read") && !f->partial)
		return true;
	c->done = true;
	return false;
}

/* Points f->at to a cursor whose page may go now and marks it busy:
 * false when none may (the board is read when every cursor is done). */
static bool
next_cursor(struct backend_fetch *f)
{
	bool all_done = true;

	for (int i = 0; i < f->ncursors; i++)
		if (cursor_may_go(f, i)) {
			f->at = i;
			f->cursors[i].busy = true;
			return true;
		}
	for (int i = 0; i < f->ncursors; i++)
		all_done &= f->cursors[i].done;
	if (all_done)
		f->part++;
	return false;
}

int
asana_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	struct strbuf sb = { 0 };

	memset(out, 0, sizeof(*out));
	if (f->kind == FETCH_BOARD && f->part == BOARD_TASKS && !next_cursor(f))
		return 0;
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
