/* Astravue's requests: REST for tasks and time entries (with X-Org-Id),
 * MCP tools for comments and checklist items, and the lists fetches read.
 * Every id is checked before it goes into a path. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/json.h"
#include "astravue.h"

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

static int
rest(const struct backend_account *a, struct backend_req *out, const char *method, char *path,
    cJSON *body, struct lanes_err *e)
{
	const char *org = backend_setting(a, "org");

	if (!path) {
		cJSON_Delete(body);
		return -1;
	}
	if (!backend_int_ok(org)) {
		free(path);
		cJSON_Delete(body);
		return err_set(e, "the account's org is no Astravue organisation id");
	}
	backend_req_set(out, method, path, body);
	backend_req_header(out, "X-Org-Id: %s", org);
	return 0;
}

/* The task path of op's board and, when task_key is given, its task. */
static char *
task_path(const char *fmt, const cJSON *op, const char *task_key, struct lanes_err *e)
{
	char space[24], project[24];
	const char *task = NULL;

	if (!av_board_split(jstr(op, "board"), space, project)) {
		err_set(e, "no valid Astravue board (space/project)");
		return NULL;
	}
	if (task_key && !(task = need_id(op, task_key, e)))
		return NULL;
	return xasprintf(fmt, space, project, task);
}

/* "2026-03-20" -> "2026-03-20T00:00:00Z" */
static void
add_date(cJSON *body, const char *key, const char *day)
{
	char iso[32];

	if (!day || !*day) {
		cJSON_AddNullToObject(body, key);
		return;
	}
	snprintf(iso, sizeof(iso), "%.10sT00:00:00Z", day);
	cJSON_AddStringToObject(body, key, iso);
}

static const struct backend_field card_fields[] = {
	{ "title", "taskTitle" },
	{ "description", "description" },
	{ "due_on", "dueDate" },
	{ "start_on", "startDate" },
	{ "priority", "priority" },
	{ "labels", "tags" },
	{ NULL, NULL },
};

/* body[field] = the op's value; 1: it stays here; -1: refused. */
static int
card_field(cJSON *body, const cJSON *op, struct lanes_err *e)
{
	const char *v = jstr(op, "value"), *to;

	if (!(to = backend_card_field(card_fields, "Astravue", op, e)))
		return 1;
	if (str_eq(to, "taskTitle") && (!v || !*v))
		return err_set(e, "a card needs a title");
	if (str_eq(to, "dueDate") || str_eq(to, "startDate"))
		add_date(body, to, v);
	else if (str_eq(to, "tags"))
		cJSON_AddItemToObject(body, to, backend_label_names(v));
	else if (v && *v)       /* a priority by its label: "high" is High */
		cJSON_AddStringToObject(body, to, v);
	else
		cJSON_AddNullToObject(body, to);
	return 0;
}

static int
build_task(const struct backend_account *a, const struct av_path *p, const cJSON *op,
    struct backend_req *out, struct lanes_err *e)
{
	const char *k = p->op;
	cJSON *body = NULL;
	int rc;

	if (str_eq(k, "card.add") || str_eq(k, "card.move")) {
		if (!jstr(op, "column") || !*jstr(op, "column"))
			return err_set(e, "%s has no status to go to", k);
		body = cJSON_CreateObject();
		if (str_eq(k, "card.add")) {
			cJSON_AddStringToObject(body, "taskTitle", jstr(op, "title") ? jstr(op, "title") : "");
			if (jstr(op, "description") && *jstr(op, "description"))
				cJSON_AddStringToObject(body, "description", jstr(op, "description"));
		}
		cJSON_AddStringToObject(body, "status", jstr(op, "column"));       /* by name */
	} else if (str_eq(k, "card.set")) {
		body = cJSON_CreateObject();
		if ((rc = card_field(body, op, e)) != 0) {
			cJSON_Delete(body);
			return rc;
		}
	}
	return rest(a, out, p->method, task_path(p->path, op, str_eq(k, "card.add") ? NULL :
	    "remote", e), body, e);
}

static int
build_time(const struct backend_account *a, const struct av_path *p, const cJSON *op,
    struct backend_req *out, struct lanes_err *e)
{
	char space[24], project[24];
	const char *card, *remote;
	double secs = jnum(op, "seconds");
	cJSON *body;

	if (str_eq(p->op, "time.add")) {
		if (!av_board_split(jstr(op, "board"), space, project))
			return err_set(e, "no valid Astravue board (space/project)");
		if (!(card = need_id(op, "card", e)))
			return -1;
		if (!(secs >= 1 && secs < 1e9))
			return err_set(e, "a time entry needs a duration");
		body = cJSON_CreateObject();
		cJSON_AddNumberToObject(body, "duration", secs * 1000);        /* milliseconds */
		if (jstr(op, "text") && *jstr(op, "text"))
			cJSON_AddStringToObject(body, "notes", jstr(op, "text"));
		return rest(a, out, p->method, xasprintf(p->path, project, card), body, e);
	}
	if (!(remote = need_id(op, "remote", e)))
		return -1;
	body = NULL;
	if (str_eq(p->op, "time.set")) {
		if (!(secs >= 1 && secs < 1e9))
			return err_set(e, "a time entry needs a duration");
		body = cJSON_CreateObject();
		cJSON_AddNumberToObject(body, "duration", secs * 1000);
	}
	return rest(a, out, p->method, xasprintf(p->path, remote), body, e);
}

static int
build_tool(const struct backend_account *a, const struct av_path *p, const cJSON *op,
    struct backend_req *out, struct lanes_err *e)
{
	const char *k = p->op, *card = NULL, *remote = NULL;
	bool adds = str_eq(k, "comment.add") || str_eq(k, "check.add") ||
	    str_has_prefix(k, "timer.");
	cJSON *args;

	if (adds ? !(card = need_id(op, "card", e)) : !(remote = need_id(op, "remote", e)))
		return -1;
	args = cJSON_CreateObject();
	if (str_eq(k, "comment.add")) {
		backend_add_int(args, "taskId", card);
		cJSON_AddStringToObject(args, "comment", jstr(op, "text") ? jstr(op, "text") : "");
	} else if (str_eq(k, "comment.delete")) {
		backend_add_int(args, "commentId", remote);
	} else if (str_has_prefix(k, "timer.")) {
		backend_add_int(args, "taskId", card);
	} else if (str_eq(k, "check.add")) {
		backend_add_int(args, "taskId", card);
		cJSON_AddStringToObject(args, "title", jstr(op, "text") ? jstr(op, "text") : "");
	} else {
		backend_add_int(args, "checklistId", remote);
		if (str_eq(k, "check.set") && cJSON_IsBool(jget(op, "done")))
			cJSON_AddBoolToObject(args, "completed", jbool(op, "done"));
		if (str_eq(k, "check.set") && jstr(op, "text"))
			cJSON_AddStringToObject(args, "title", jstr(op, "text"));
	}
	return backend_mcp_call(a, p->path, args, true, out, e);
}

/* 0 with out filled; 1 when the op means nothing to Astravue (e says
 * why); -1 when it cannot be sent (e says why). */
int
av_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const struct av_path *p = av_path_of(op);
	const char *kind = jstr(op, "op");

	memset(out, 0, sizeof(*out));
	if (str_eq(kind, "check.move") || str_eq(kind, "card.complete")) {
		err_set(e, "kept on this machine only: Astravue has no %s",
		    str_eq(kind, "check.move") ? "checklist order" : "done cards but a status");
		return 1;
	}
	if (!p)
		return err_set(e, "Astravue does not know the edit \"%s\"", kind ? kind : "?");
	if (!p->method)
		return build_tool(a, p, op, out, e);
	if (str_has_prefix(kind, "time."))
		return build_time(a, p, op, out, e);
	return build_task(a, p, op, out, e);
}

bool
av_creates(const cJSON *op)
{
	const struct av_path *p = av_path_of(op);

	return p && p->creates;
}

/* ---- fetches ---- */

/* The next page's query: page is the fetch's offset (0 first). NULL when
 * path is (a board or task that is not one): nothing is asked. */
static char *
paged(char *path, const struct backend_fetch *f)
{
	char *out;

	if (!path)
		return NULL;
	out = xasprintf("%s?page=%s&size=" AV_PAGE_SIZE, path, f->offset ? f->offset : "0");

	free(path);
	return out;
}

static int
get(const struct backend_account *a, struct backend_req *out, char *path, struct lanes_err *e)
{
	return rest(a, out, "GET", path, NULL, e);
}

static char *
board_path(const char *fmt, const char *board, const char *task, struct lanes_err *e)
{
	char space[24], project[24];

	if (!av_board_split(board, space, project) || (task && !backend_int_ok(task))) {
		err_set(e, "no valid Astravue project or task to fetch");
		return NULL;
	}
	return xasprintf(fmt, space, project, task);
}

static int
statuses(const struct backend_account *a, const char *board, struct backend_req *out,
    struct lanes_err *e)
{
	char space[24], project[24];
	cJSON *args;

	if (!av_board_split(board, space, project))
		return err_set(e, "no valid Astravue board (space/project)");
	args = cJSON_CreateObject();
	backend_add_int(args, "projectId", project);
	return backend_mcp_call(a, AV_STATUSES_TOOL, args, false, out, e);
}

static int
level(const struct backend_account *a, const struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	if (f->level == 0)
		return get(a, out, xstrdup(AV_SPACES), e);
	if (!backend_int_ok(f->remote))
		return err_set(e, "no valid Astravue space to list");
	return get(a, out, paged(xasprintf(AV_PROJECTS, f->remote), f), e);
}

/* What a lost create made would be in. */
static int
adopt_list(const struct backend_account *a, const struct backend_fetch *f,
    struct backend_req *out, struct lanes_err *e)
{
	const char *k = jstr(f->op, "op"), *board = jstr(f->op, "board"), *card = jstr(f->op, "card");

	if (str_eq(k, "comment.add"))
		return get(a, out, board_path(AV_COMMENTS, board, card, e), e);
	if (str_eq(k, "check.add"))
		return get(a, out, board_path(AV_CHECKLISTS, board, card, e), e);
	if (str_eq(k, "time.add")) {
		if (!backend_int_ok(card))
			return err_set(e, "no valid Astravue task to look in");
		return get(a, out, xasprintf(AV_TIMERS, card), e);
	}
	return get(a, out, paged(board_path(AV_TASKS, board, NULL, e), f), e);
}

int
av_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	switch (f->kind) {
	case FETCH_ME:
		if (f->part > 0)
			return 0;
		rc = backend_mcp_call(a, AV_ME_TOOL, cJSON_CreateObject(), false, out, e);
		break;
	case FETCH_LEVEL:
		if (f->part > 0)
			return 0;
		rc = level(a, f, out, e);
		break;
	case FETCH_BOARD:
		/* the project (its role), its statuses (the columns), its tasks
		 * page by page, and the user's running timer */
		if (f->part > 3)
			return 0;
		rc = f->part == 0 ? get(a, out, board_path(AV_PROJECT, f->remote, NULL, e), e) :
		    f->part == 1 ? statuses(a, f->remote, out, e) :
		    f->part == 2 ? get(a, out, paged(board_path(AV_TASKS, f->remote, NULL, e), f), e) :
		    backend_mcp_call(a, AV_ACTIVE_TOOL, cJSON_CreateObject(), false, out, e);
		break;
	case FETCH_CARD:
		/* comments, checklist, time entries */
		if (f->part > 2)
			return 0;
		if (f->part == 2 && !backend_int_ok(f->remote))
			return err_set(e, "no valid Astravue task to fetch");
		rc = get(a, out, f->part == 0 ? board_path(AV_COMMENTS, f->board, f->remote, e) :
		    f->part == 1 ? board_path(AV_CHECKLISTS, f->board, f->remote, e) :
		    xasprintf(AV_TIMERS, f->remote), e);
		break;
	case FETCH_ADOPT:
		if (f->part > 0)
			return 0;
		rc = adopt_list(a, f, out, e);
		break;
	default:
		return err_set(e, "Astravue has no event feed: the board is fetched whole");
	}
	return rc < 0 ? -1 : 1;
}
