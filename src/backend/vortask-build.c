/* Vortask's requests: REST for tasks, MCP tools for comments, and the
 * lists fetches read. Every id is checked before it goes into a path. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "vortask.h"

static const char *
need_id(const cJSON *op, const char *key, struct lanes_err *e)
{
	const char *id = jstr(op, key);

	if (!backend_int_ok(id)) {
		err_set(e, "%s has no valid %s id", jstr(op, "op") ? jstr(op, "op") : "op", key);
		return NULL;
	}
	return id;
}

/* The project's path (fmt with the board, then the task when fmt takes it). */
static char *
project_path(const char *fmt, const cJSON *op, const char *task_key, struct lanes_err *e)
{
	const char *board = need_id(op, "board", e), *task = NULL;

	if (!board || (task_key && !(task = need_id(op, task_key, e))))
		return NULL;
	return xasprintf(fmt, board, task);
}

/* Local card fields and Vortask's names for them; a start date and an
 * assignee are refused before they are queued (vortask.c). */
static const struct backend_field card_fields[] = {
	{ "title", "title" },
	{ "description", "description" },
	{ "due_on", "dueDate" },
	{ "priority", "priority" },
	{ "labels", "tags" },
	{ NULL, NULL },
};

/* body[field] = the op's value. 1: the field stays here; -1: refused. */
static int
card_field(cJSON *body, const cJSON *op, struct lanes_err *e)
{
	const char *v = jstr(op, "value"), *to, *p;

	if (!(to = backend_card_field(card_fields, "Vortask", op, e)))
		return 1;
	if (str_eq(to, "title") && (!v || !*v))
		return err_set(e, "a card needs a title");
	if (str_eq(to, "priority")) {
		if (!(p = vt_priority_out(v)))
			return err_set(e, "Vortask's tasks always have a priority: Low, Medium or "
			    "High, not \"%s\"", v && *v ? v : "none");
		cJSON_AddStringToObject(body, to, p);
	} else if (str_eq(to, "tags")) {
		cJSON_AddItemToObject(body, to, backend_label_names(v));
	} else if (v && *v) {
		cJSON_AddStringToObject(body, to, v);
	} else {
		cJSON_AddNullToObject(body, to);        /* cleared */
	}
	return 0;
}

static bool
is_status(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(vt_statuses); i++)
		if (str_eq(s, vt_statuses[i]))
			return true;
	return false;
}

/* {"status": the op's column}, or NULL with e set. */
static cJSON *
status_body(const cJSON *op, struct lanes_err *e)
{
	cJSON *body;

	if (!is_status(jstr(op, "column"))) {
		err_set(e, "Vortask's columns are New, Active, Blocked and Closed, not \"%s\"",
		    jstr(op, "column") ? jstr(op, "column") : "?");
		return NULL;
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "status", jstr(op, "column"));
	return body;
}

static int
build_rest(const struct vt_path *p, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const char *k = p->op;
	char *path = project_path(p->path, op, p->id, e);
	cJSON *body = NULL;
	int rc;

	if (!path)
		return -1;
	if (str_eq(k, "card.add")) {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "title", jstr(op, "title") ? jstr(op, "title") : "");
		/* assumed: required; the card has none yet */
		cJSON_AddStringToObject(body, "priority", "Medium");
		if (jstr(op, "description") && *jstr(op, "description"))
			cJSON_AddStringToObject(body, "description", jstr(op, "description"));
	} else if (str_eq(k, "card.move") && !(body = status_body(op, e))) {
		free(path);
		return -1;
	} else if (str_eq(k, "card.set")) {
		body = cJSON_CreateObject();
		if ((rc = card_field(body, op, e)) != 0) {
			cJSON_Delete(body);
			free(path);
			return rc;
		}
	}
	return backend_req_set(out, p->method, path, body);
}

static int
build_comment(const struct backend_account *a, const struct vt_path *p, const cJSON *op,
    struct backend_req *out, struct lanes_err *e)
{
	const char *board = need_id(op, "board", e), *card = board ? need_id(op, "card", e) : NULL;
	const char *remote = NULL;
	cJSON *args;

	if (!card || (p->deletes && !(remote = need_id(op, "remote", e))))
		return -1;
	args = cJSON_CreateObject();
	if (remote)
		backend_add_int(args, "commentId", remote);
	backend_add_int(args, "taskId", card);
	backend_add_int(args, "projectId", board);
	if (!p->deletes)
		cJSON_AddStringToObject(args, "content", jstr(op, "text") ? jstr(op, "text") : "");
	return backend_mcp_call(a, p->path, args, true, out, e);
}

/* The ops of what Vortask lacks and lanes keeps here (kept_local): no
 * request. Any other op Vortask has no request for cannot be sent. */
static bool
kept_here(const char *kind)
{
	static const char *const ops[] = { "card.complete", "check.add", "check.set",
		"check.move", "check.delete", "time.add" };

	for (size_t i = 0; kind && i < ARRAY_SIZE(ops); i++)
		if (str_eq(kind, ops[i]))
			return true;
	return false;
}

/* 0 with out filled; 1 when the op means nothing to Vortask (e says why);
 * -1 when it cannot be sent (e says why). */
int
vt_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const struct vt_path *p = vt_path_of(op);
	const char *kind = jstr(op, "op");
	cJSON *body;
	char *path;

	memset(out, 0, sizeof(*out));
	if (!p) {
		if (!kept_here(kind))
			return err_set(e, "Vortask has no \"%s\"", kind ? kind : "?");
		err_set(e, "kept on this machine only: Vortask has no \"%s\"", kind);
		return 1;
	}
	/* the second step of an add outside New: its status */
	if (str_eq(kind, "card.add") && jnum(op, "step") >= 1) {
		if (!(body = status_body(op, e)) || !(path = project_path(VT_TASK, op, "remote", e))) {
			cJSON_Delete(body);
			return -1;
		}
		return backend_req_set(out, "PUT", path, body);
	}
	if (!p->method)
		return build_comment(a, p, op, out, e);
	return build_rest(p, op, out, e);
}

bool
vt_creates(const cJSON *op)
{
	const struct vt_path *p = vt_path_of(op);

	return p && p->creates && jnum(op, "step") < 1;
}

/* ---- fetches ---- */

static int
get(struct backend_req *out, char *path)
{
	return path ? backend_req_set(out, "GET", path, NULL) : -1;
}

static char *
checked(const char *fmt, const char *a, const char *b, struct lanes_err *e)
{
	if (!backend_int_ok(a) || (b && !backend_int_ok(b))) {
		err_set(e, "no valid Vortask project or task to fetch");
		return NULL;
	}
	return xasprintf(fmt, a, b);
}

static int
list_comments(struct backend_account *a, const char *board, const char *task,
    struct backend_req *out, struct lanes_err *e)
{
	cJSON *args;

	if (!backend_int_ok(board) || !backend_int_ok(task))
		return err_set(e, "no valid Vortask project or task to fetch");
	args = cJSON_CreateObject();
	backend_add_int(args, "taskId", task);
	backend_add_int(args, "projectId", board);
	return backend_mcp_call(a, VT_LIST_COMMENTS, args, false, out, e);
}

int
vt_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	/* the board: the project (its role), then its tasks; a card: its
	 * comments (MCP), then its history */
	int parts = f->kind == FETCH_BOARD || f->kind == FETCH_CARD ? 2 : 1, rc;

	memset(out, 0, sizeof(*out));
	if (f->part >= parts)
		return 0;
	switch (f->kind) {
	case FETCH_ME:
		rc = get(out, xstrdup(VT_PROFILE));
		break;
	case FETCH_LEVEL:
		rc = get(out, xstrdup(VT_PROJECTS));
		break;
	case FETCH_BOARD:
		rc = get(out, checked(f->part == 0 ? VT_PROJECT : VT_TASKS, f->remote, NULL, e));
		break;
	case FETCH_CARD:
		rc = f->part == 0 ? list_comments(a, f->board, f->remote, out, e) :
		    get(out, checked(VT_HISTORY, f->board, f->remote, e));
		break;
	case FETCH_ADOPT:
		if (str_eq(jstr(f->op, "op"), "comment.add"))
			rc = list_comments(a, jstr(f->op, "board"), jstr(f->op, "card"), out, e);
		else
			rc = get(out, checked(VT_TASKS, jstr(f->op, "board"), NULL, e));
		break;
	default:
		return err_set(e, "Vortask has no event feed: the board is fetched whole");
	}
	return rc < 0 ? -1 : 1;
}
