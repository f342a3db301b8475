/* Stellary's requests: an op (resolved into Stellary's ids) or the next
 * list of a fetch becomes one request under the project's prefix, every
 * id checked before it goes into a path. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/strset.h"
#include "lanes/text.h"
#include "stellary.h"

static const char *
need_id(const cJSON *op, const char *key, struct lanes_err *e)
{
	const char *id = jstr(op, key);

	if (!st_id_ok(id)) {
		err_set(e, "%s has no valid %s id", jstr(op, "op") ? jstr(op, "op") : "op", key);
		return NULL;
	}
	return id;
}

/* {P} followed by the entry's path filled with the op's ids. */
static char *
op_path(const struct st_path *p, const cJSON *op, struct lanes_err *e)
{
	const char *id[2] = { "", "" };
	char *prefix, *path;

	for (int i = 0; i < 2 && p->ids[i]; i++)
		if (!(id[i] = need_id(op, p->ids[i], e)))
			return NULL;
	if (!(prefix = st_prefix(jstr(op, "board"), e)))
		return NULL;
	path = xasprintf("%s%s", prefix, p->path);
	free(prefix);
	/* the table's formats take at most the two ids, in order */
	prefix = xasprintf(path, id[0], id[1]);
	free(path);
	return prefix;
}

/* `order`: the 0-based place this machine shows (the server renumbers). */
static bool
add_order(cJSON *body, const cJSON *op)
{
	const cJSON *i = jget(op, "index");

	if (!cJSON_IsNumber(i) || i->valuedouble < 0 || i->valuedouble > 1e6)
		return false;
	cJSON_AddNumberToObject(body, "order", (double)(long)i->valuedouble);
	return true;
}

static void
add_text(cJSON *body, const char *to, const cJSON *op, const char *from)
{
	cJSON_AddStringToObject(body, to, jstr(op, from) ? jstr(op, from) : "");
}

/* Local card fields and Stellary's names for them; labels are steps of
 * their own (below), the assignee a member's id (assignee_body). */
static const struct backend_field card_fields[] = {
	{ "title", "title" },
	{ "description", "description" },
	{ "due_on", "dueDate" },
	{ "start_on", "startDate" },
	{ "priority", "priority" },
	{ NULL, NULL },
};

static bool
priority_ok(const char *v)
{
	return str_eq(v, "low") || str_eq(v, "medium") || str_eq(v, "high");
}

/* body[field] = the op's value; an empty value clears (null) the field.
 * 1 when the field has no place at Stellary (it stays here), -1 refused. */
static int
card_field(cJSON *body, const cJSON *op, struct lanes_err *e)
{
	const char *v = jstr(op, "value"), *to;

	if (!(to = backend_card_field(card_fields, "Stellary", op, e)))
		return 1;
	if (str_eq(to, "title") && (!v || !*v))
		return err_set(e, "a card needs a title");
	if (str_eq(to, "priority") && v && *v && !priority_ok(v)) {
		err_set(e, "Stellary's priorities are low, medium and high, not \"%s\"", v);
		return 1;
	}
	if (str_eq(to, "description"))
		cJSON_AddStringToObject(body, to, v ? v : "");
	else if (v && *v)
		cJSON_AddStringToObject(body, to, v);
	else
		cJSON_AddNullToObject(body, to);
	return 0;
}

/* The body of op's request; *rc is 1 or -1 when there is none to send. */
static cJSON *
op_body(const struct st_path *p, const cJSON *op, int *rc, struct lanes_err *e)
{
	const char *k = p->op;
	cJSON *body = cJSON_CreateObject();

	*rc = 0;
	if (str_eq(k, "card.add")) {
		add_text(body, "title", op, "title");
		if (jstr(op, "description") && *jstr(op, "description"))
			add_text(body, "description", op, "description");
	} else if (str_eq(k, "card.move")) {
		if (!need_id(op, "column", e))
			*rc = -1;
		else
			cJSON_AddStringToObject(body, "columnId", jstr(op, "column"));
		add_order(body, op);    /* without one: the end of the column */
	} else if (str_eq(k, "card.set")) {
		*rc = card_field(body, op, e);
	} else if (str_eq(k, "card.archive")) {
		cJSON_AddBoolToObject(body, "archived", jbool(op, "archived"));
	} else if (str_eq(k, "column.add") || str_eq(k, "column.rename")) {
		add_text(body, "name", op, "name");
	} else if (str_eq(k, "column.place") || str_eq(k, "check.move")) {
		if (!add_order(body, op))
			*rc = err_set(e, "%s has no place to move to", k);
	} else if (str_eq(k, "comment.add")) {
		add_text(body, "content", op, "text");
	} else if (str_eq(k, "check.add")) {
		add_text(body, "title", op, "text");
	} else if (str_eq(k, "check.set")) {
		if (cJSON_IsBool(jget(op, "done")))
			cJSON_AddBoolToObject(body, "done", jbool(op, "done"));
		if (jstr(op, "text"))
			add_text(body, "title", op, "text");
	} else {
		cJSON_Delete(body);     /* the deletes */
		return NULL;
	}
	if (*rc) {
		cJSON_Delete(body);
		return NULL;
	}
	return body;
}

/* The second step of a card.add or column.add whose place is not the
 * end (a settled card or column is below it): put it there. */
static int
build_place(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	static const struct st_path card = {
		.op = "card.add", .method = "PATCH", .path = "/cards/%s", .ids = { "remote" },
	}, column = {
		.op = "column.add", .method = "PATCH", .path = "/columns/%s", .ids = { "remote" },
	};
	const struct st_path *p = str_eq(jstr(op, "op"), "card.add") ? &card : &column;
	cJSON *body = cJSON_CreateObject();
	char *path;

	if (!add_order(body, op) || !(path = op_path(p, op, e))) {
		cJSON_Delete(body);
		return e->msg[0] ? -1 : err_set(e, "%s has no place to move to", p->op);
	}
	return backend_req_set(out, "PATCH", path, body);
}

/* ---- labels: the project's, attached to a card by id ----
 *
 * Setting a card's labels (names, "a, b") is one op sent as a series of
 * requests, each step handed what the answers before it said, as the op's
 * "carry":
 *   no carry     GET {P}/cards: the card's labelIds, kept as "have"
 *   "have"       GET {P}/labels, and plan the rest:
 *                {"remove": [ids no longer wanted],
 *                 "attach": [ids of wanted labels the project has],
 *                 "create": [names wanted that it lacks]}
 *   remove[0]    DELETE {P}/cards/:card/labels/:id
 *   attach[0]    POST on the same path
 *   create[0]    POST {P}/labels {name, color}: the label made joins
 *                "attach"; its colour is one of a few, picked by the name.
 * Attaching and detaching twice changes nothing, so only the create can
 * make a second thing; it is looked for like any create whose answer was
 * lost, and a label of that name the project has is the one taken. */

static const char *
first_of(const cJSON *carry, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetArrayItem(jget(carry, key), 0));
}

/* Stellary wants a colour with a new label; lanes has no way to pick one,
 * so a name always gets the same one of these. */
static const char *
label_color(const char *name)
{
	static const char *const palette[] = {
		"#e5484d", "#f76b15", "#ffc53d", "#46a758", "#12a594", "#0090ff", "#6e56cf",
		"#d6409f",
	};
	return palette[str_hash(name) % ARRAY_SIZE(palette)];
}

static int
label_step(const cJSON *carry, const char *card, char *prefix, struct backend_req *out,
    struct lanes_err *e)
{
	const char *id = first_of(carry, "remove"), *method = "DELETE", *name;
	cJSON *body;
	char *path;

	if (!id) {
		id = first_of(carry, "attach");
		method = "POST";
	}
	if (id) {
		if (!st_id_ok(id)) {
			free(prefix);
			return err_set(e, "a label to attach or detach has no valid id");
		}
		path = xasprintf("%s" ST_CARD_LABEL, prefix, card, id);
		free(prefix);
		return backend_req_set(out, method, path, NULL);
	}
	if (!(name = first_of(carry, "create"))) {
		free(prefix);
		return err_set(e, "the labels edit has nothing left to send");
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "name", name);
	cJSON_AddStringToObject(body, "color", label_color(name));
	path = xasprintf("%s" ST_LABELS, prefix);
	free(prefix);
	return backend_req_set(out, "POST", path, body);
}

static int
build_labels(const cJSON *op, struct backend_req *out, struct lanes_err *e)
{
	const cJSON *carry = jget(op, "carry");
	const char *card = need_id(op, "remote", e);
	char *prefix, *path;

	if (!card || !(prefix = st_prefix(jstr(op, "board"), e)))
		return -1;
	if (!carry || !jget(carry, "create")) {
		path = xasprintf("%s%s", prefix, carry ? ST_LABELS : ST_CARDS);
		free(prefix);
		return backend_req_set(out, "GET", path, NULL);
	}
	return label_step(carry, card, prefix, out, e);
}

/* Stellary has one assignee, a member by id; lanes shows and picks the
 * name the organisation's members gave (st_members). */
static cJSON *
assignee_body(const struct backend_account *a, const cJSON *op, int *rc, struct lanes_err *e)
{
	const char *v = jstr(op, "value");
	const cJSON *m;
	cJSON *body = cJSON_CreateObject();

	*rc = 0;
	if (!v || !*v) {
		cJSON_AddNullToObject(body, "assigneeId");
		return body;
	}
	cJSON_ArrayForEach(m, jget(a->state, "members"))
		if (str_eq(cJSON_GetStringValue(m), v) && st_id_ok(m->string)) {
			cJSON_AddStringToObject(body, "assigneeId", m->string);
			return body;
		}
	cJSON_Delete(body);
	*rc = err_set(e, "Stellary has no member \"%s\" (a card has one assignee)", v);
	return NULL;
}

/* 0 with out filled; 1 when the op means nothing to Stellary (e says why);
 * -1 when it cannot be sent (e says why). */
int
st_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	const struct st_path *p = st_path_of(op);
	const char *kind = jstr(op, "op");
	char *path;
	cJSON *body;
	int rc;

	memset(out, 0, sizeof(*out));
	if (str_eq(kind, "card.complete") || str_has_prefix(kind ? kind : "", "time.")) {
		err_set(e, "kept on this machine only: Stellary has no %s",
		    str_eq(kind, "card.complete") ? "done cards" : "time entries");
		return 1;
	}
	if (!p)
		return err_set(e, "Stellary does not know the edit \"%s\"", kind ? kind : "?");
	if ((str_eq(kind, "card.add") || str_eq(kind, "column.add")) && jnum(op, "step") >= 1)
		return build_place(op, out, e);
	if (st_is_labels(op))
		return build_labels(op, out, e);
	if (str_eq(kind, "card.set") && str_eq(jstr(op, "field"), "assignees"))
		body = assignee_body(a, op, &rc, e);
	else
		body = op_body(p, op, &rc, e);
	if (rc)
		return rc;
	if (!(path = op_path(p, op, e))) {
		cJSON_Delete(body);
		return -1;
	}
	return backend_req_set(out, p->method, path, body);
}

bool
st_creates(const cJSON *op)
{
	const struct st_path *p = st_path_of(op);

	if (st_is_labels(op))
		return st_creates_label(op);
	return p && p->creates && jnum(op, "step") < 1;
}

/* ---- fetches ---- */

/* The list of a picker level: organisations, an organisation's
 * workspaces ("org" in), a workspace's projects ("org/ws" in). */
static char *
level_path(const struct backend_fetch *f, struct lanes_err *e)
{
	struct st_board b;
	char *two;

	if (f->level == 0)
		return xstrdup(ST_ORGS);
	if (f->level == 1 && st_id_ok(f->remote))
		return xasprintf(ST_WORKSPACES, f->remote);
	if (f->level == 2 && f->remote) {
		/* "org/ws" is a board without its project */
		two = xasprintf("%s/x", f->remote);
		if (st_board_split(two, &b)) {
			free(two);
			return xasprintf(ST_PROJECTS, b.org, b.ws);
		}
		free(two);
	}
	err_set(e, "no valid Stellary organisation or workspace to list");
	return NULL;
}

/* FETCH_ADOPT: the list that would hold what a lost create made. */
static const char *
adopt_list(const cJSON *op)
{
	const char *k = jstr(op, "op");

	if (str_eq(k, "column.add"))
		return ST_COLUMNS;
	if (str_eq(k, "comment.add"))
		return ST_COMMENTS;
	if (st_is_labels(op))
		return ST_LABELS;
	return ST_CARDS;        /* a card, or a checklist item inside its card */
}

static char *
org_members(const char *board, struct lanes_err *e)
{
	struct st_board b;

	if (!st_board_split(board, &b)) {
		err_set(e, "no valid Stellary board (organisation/workspace/project)");
		return NULL;
	}
	return xasprintf(ST_MEMBERS, b.org);
}

static char *
under_board(const char *board, const char *list, const char *id, struct lanes_err *e)
{
	char *prefix = st_prefix(board, e), *tail, *path;

	if (!prefix)
		return NULL;
	if (strstr(list, "%s") && !st_id_ok(id)) {
		free(prefix);
		err_set(e, "no valid card id to fetch");
		return NULL;
	}
	tail = strstr(list, "%s") ? xasprintf(list, id) : xstrdup(list);
	path = xasprintf("%s%s", prefix, tail);
	free(prefix);
	free(tail);
	return path;
}

static char *
fetch_path(const struct backend_fetch *f, struct lanes_err *e)
{
	switch (f->kind) {
	case FETCH_ME:
		return xstrdup(ST_ME);
	case FETCH_LEVEL:
		return level_path(f, e);
	case FETCH_BOARD:
		/* columns, cards, the labels that name the cards' labelIds, and
		 * the members that name their assignees */
		if (f->part == 3)
			return org_members(f->remote, e);
		return under_board(f->remote, f->part == 0 ? ST_COLUMNS :
		    f->part == 1 ? ST_CARDS : ST_LABELS, NULL, e);
	case FETCH_CARD:
		/* comments, then the card among the board's: its checklist */
		return under_board(f->board, f->part == 0 ? ST_COMMENTS : ST_CARDS, f->remote, e);
	case FETCH_ADOPT:
		return under_board(jstr(f->op, "board"), adopt_list(f->op),
		    jstr(f->op, "card"), e);
	case FETCH_EVENTS:
		break;
	}
	err_set(e, "Stellary has no event feed: the board is fetched whole");
	return NULL;
}

int
st_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	int parts = f->kind == FETCH_BOARD ? 4 : f->kind == FETCH_CARD ? 2 : 1;
	char *path;

	memset(out, 0, sizeof(*out));
	if (f->part >= parts || (f->kind == FETCH_BOARD && f->part == 3 &&
	    !st_members_wanted(a, f)))
		return 0;
	if (!(path = fetch_path(f, e)))
		return -1;
	backend_req_set(out, "GET", path, NULL);
	return 1;
}
