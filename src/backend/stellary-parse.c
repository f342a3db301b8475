/* Stellary's answers: what a status and body mean (with the server's own
 * words), the id a create made, and the lists of a fetch, every string
 * sanitized on its way in and every id checked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "stellary.h"

/* The server's words: `message` as one string or an array of strings
 * (NestJS validation), each sanitized, joined with "; "; else `error`. */
static char *
error_words(const char *body, size_t len)
{
	cJSON *root = json_parse(body, len);
	const cJSON *msg = jget(root, "message"), *m;
	struct strbuf sb = { 0 };
	char *c;
	int n = 0;

	if (cJSON_IsArray(msg)) {
		cJSON_ArrayForEach(m, msg) {
			c = backend_clean_text(m, false, 300);
			if (c && *c && n++ < 10)
				sb_printf(&sb, "%s%s", sb.len ? "; " : "", c);
			free(c);
		}
	}
	if (!sb.len) {
		if (!(c = backend_clean_text(msg, false, 300)))
			c = backend_clean_text(jget(root, "error"), false, 300);
		if (c && *c)
			sb_puts(&sb, c);
		free(c);
	}
	cJSON_Delete(root);
	return backend_words(&sb);
}

enum backend_verdict
st_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	const struct st_path *p = op ? st_path_of(op) : NULL;

	return backend_classify(r, error_words, p && p->deletes ? BACKEND_GONE_404 : 0, e);
}

/* ---- answers to edits ---- */

/* The id a create's answer names: the card, column or comment made, or
 * for a checklist item (the answer is the whole card) the newest item of
 * the op's text. */
static const char *
made_id(const cJSON *op, const cJSON *root)
{
	const cJSON *it, *found = NULL;

	if (!str_eq(jstr(op, "op"), "check.add"))
		return jstr(root, "id");
	cJSON_ArrayForEach(it, jget(root, "checklist")) {
		char *t = backend_clean_text(jget(it, "title"), false, ST_MAX_TITLE);
		if (t && jstr(op, "text") && str_eq(t, jstr(op, "text")) && st_id_ok(jstr(it, "_id")))
			found = it;
		free(t);
	}
	return jstr(found, "_id");
}

static int
ack_made(const cJSON *op, const char *id, struct backend_ack *ack, struct lanes_err *e)
{
	memset(ack, 0, sizeof(*ack));
	if (!st_creates(op))
		return 0;
	if (!st_id_ok(id))
		return err_set(e, "the answer to %s carries no valid id", jstr(op, "op"));
	ack->remote = xstrdup(id);
	/* made at the end: a second step puts it above a card or column */
	ack->more = (str_eq(jstr(op, "op"), "card.add") || str_eq(jstr(op, "op"), "column.add")) &&
	    st_id_ok(jstr(op, "before")) &&
	    cJSON_IsNumber(jget(op, "index"));
	return 0;
}

/* ---- the steps of a labels edit (see stellary-build.c) ---- */

/* A label's name as the store would hold it (owned), or NULL. */
static char *
label_name(const cJSON *label)
{
	char *n = backend_clean_text(jget(label, "name"), false, 200);

	if (n && !*str_trim(n)) {
		free(n);
		return NULL;
	}
	return n;
}

/* Whether l is a valid label with that id, or else that name. */
static bool
label_is(const cJSON *l, const char *id, const char *name)
{
	char *n;
	bool same;

	if (!st_id_ok(jstr(l, "id")))
		return false;
	if (id)
		return str_eq(jstr(l, "id"), id);
	n = label_name(l);
	same = n && name && str_eq(n, name);
	free(n);
	return same;
}

static const cJSON *
label_by(const cJSON *labels, const char *id, const char *name)
{
	const cJSON *l;

	cJSON_ArrayForEach(l, labels)
		if (label_is(l, id, name))
			return l;
	return NULL;
}

/* The answer to the first step, the board's cards: the card's labelIds. */
static int
card_have(const cJSON *op, const cJSON *cards, cJSON *carry, struct lanes_err *e)
{
	const cJSON *c, *card = NULL, *id;
	cJSON *have;

	cJSON_ArrayForEach(c, cards)
		if (str_eq(jstr(c, "id"), jstr(op, "remote")))
			card = c;
	if (!card)
		return err_set(e, "the card is not on its Stellary board any more");
	have = cJSON_AddArrayToObject(carry, "have");
	cJSON_ArrayForEach(id, jget(card, "labelIds")) {
		const char *s = cJSON_GetStringValue(id);
		if (st_id_ok(s) && !backend_has_string(have, s))
			cJSON_AddItemToArray(have, cJSON_CreateString(s));
	}
	return 0;
}

/* The ids of have whose label is not wanted (or gone) go to remove. */
static void
plan_remove(const cJSON *have, const cJSON *want, const cJSON *labels, cJSON *remove)
{
	const cJSON *it, *l;
	char *n;

	cJSON_ArrayForEach(it, have) {
		n = (l = label_by(labels, it->valuestring, NULL)) ? label_name(l) : NULL;
		if (!n || !backend_has_string(want, n))
			cJSON_AddItemToArray(remove, cJSON_CreateString(it->valuestring));
		free(n);
	}
}

/* Each wanted name the card lacks: its label's id to attach, or the name
 * to create when the project has none of it. */
static void
plan_add(const cJSON *have, const cJSON *want, const cJSON *labels, cJSON *carry)
{
	cJSON *attach = cJSON_AddArrayToObject(carry, "attach");
	cJSON *create = cJSON_AddArrayToObject(carry, "create");
	const cJSON *it, *l;
	const char *id;

	cJSON_ArrayForEach(it, want) {
		if ((l = label_by(labels, NULL, it->valuestring))) {
			id = jstr(l, "id");
			if (!backend_has_string(have, id) && !backend_has_string(attach, id))
				cJSON_AddItemToArray(attach, cJSON_CreateString(id));
		} else if (!backend_has_string(create, it->valuestring)) {
			cJSON_AddItemToArray(create, cJSON_CreateString(it->valuestring));
		}
	}
}

/* The answer to the second step, the project's labels: the plan. */
static void
plan_labels(const cJSON *op, const cJSON *labels, cJSON *carry)
{
	cJSON *want = backend_label_names(jstr(op, "value"));
	cJSON *have = cJSON_DetachItemFromObject(carry, "have");

	plan_remove(have, want, labels, cJSON_AddArrayToObject(carry, "remove"));
	plan_add(have, want, labels, carry);
	cJSON_Delete(want);
	cJSON_Delete(have);
}

/* Moves the carry on past the step this answer is to. */
static int
next_step(const cJSON *op, const cJSON *root, cJSON *carry, struct lanes_err *e)
{
	cJSON *l;

	if (!jget(op, "carry"))
		return cJSON_IsArray(root) ? card_have(op, root, carry, e) :
		    err_set(e, "the server's answer is not Stellary's list of cards");
	if (!jget(carry, "create")) {
		if (!cJSON_IsArray(root))
			return err_set(e, "the server's answer is not Stellary's list of labels");
		plan_labels(op, root, carry);
		return 0;
	}
	if (cJSON_GetArraySize(jget(carry, "remove")) > 0) {
		cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(carry, "remove"), 0);
		return 0;
	}
	if (cJSON_GetArraySize(jget(carry, "attach")) > 0) {
		cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(carry, "attach"), 0);
		return 0;
	}
	if (!st_id_ok(jstr(root, "id")))
		return err_set(e, "the answer to a new label carries no valid id");
	cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(carry, "create"), 0);
	l = cJSON_GetObjectItemCaseSensitive(carry, "attach");
	cJSON_AddItemToArray(l, cJSON_CreateString(jstr(root, "id")));
	return 0;
}

int
st_parse_labels(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
    struct lanes_err *e)
{
	cJSON *root = json_parse(body, len), *carry;
	int rc;

	memset(ack, 0, sizeof(*ack));
	carry = jget(op, "carry") ? cJSON_Duplicate(jget(op, "carry"), true) :
	    cJSON_CreateObject();
	rc = next_step(op, root, carry, e);
	if (rc == 0) {
		ack->more = !jget(carry, "create") ||
		    cJSON_GetArraySize(jget(carry, "remove")) > 0 ||
		    cJSON_GetArraySize(jget(carry, "attach")) > 0 ||
		    cJSON_GetArraySize(jget(carry, "create")) > 0;
		if (ack->more)
			ack->carry = cJSON_PrintUnformatted(carry);
	}
	cJSON_Delete(carry);
	cJSON_Delete(root);
	return rc;
}

int
st_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	cJSON *root;
	int rc;

	memset(ack, 0, sizeof(*ack));
	if (st_is_labels(op))
		return st_parse_labels(op, r->body, r->len, ack, e);
	if (!st_creates(op))
		return 0;
	root = json_parse(r->body, r->len);
	rc = ack_made(op, made_id(op, root), ack, e);
	cJSON_Delete(root);
	return rc;
}

int
st_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e)
{
	char *body;
	int rc;

	if (!st_is_labels(op))
		return ack_made(op, found, ack, e);
	if (!st_id_ok(found))
		return err_set(e, "the server named no valid label id");
	body = xasprintf("{\"id\":\"%s\"}", found);
	rc = st_parse_labels(op, body, strlen(body), ack, e);
	free(body);
	return rc;
}

/* ---- fetches ---- */

static cJSON *
result_list(struct backend_fetch *f, const char *name)
{
	cJSON *l = cJSON_GetObjectItemCaseSensitive(f->result, name);

	return l ? l : cJSON_AddArrayToObject(f->result, name);
}

/* The `order` of a list item, for sorting; junk goes last. */
static double
order_of(const cJSON *it)
{
	const cJSON *o = jget(it, "order");

	return cJSON_IsNumber(o) && o->valuedouble >= 0 ? o->valuedouble : 1e15;
}

/* The items of list sorted by their `order` (the array is owned by the
 * caller, the items are not); *n gets its length. */
static const cJSON **
sorted(const cJSON *list, int *n)
{
	const cJSON **v;
	const cJSON *it;
	int i = 0;

	*n = cJSON_GetArraySize(list);
	v = xcalloc((size_t)*n + 1, sizeof(*v));
	cJSON_ArrayForEach(it, list)
		v[i++] = it;
	/* insertion sort: stable, so ties keep the server's sequence */
	for (int j = 1; j < *n; j++)
		for (int k = j; k > 0 && order_of(v[k - 1]) > order_of(v[k]); k--) {
			const cJSON *t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	return v;
}

static cJSON *
new_item(const cJSON *it, const char *idkey)
{
	cJSON *o;

	if (!st_id_ok(jstr(it, idkey)))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "remote", jstr(it, idkey));
	return o;
}

/* Picker items: an organisation by its slug, a workspace as "org/ws", a
 * project as "org/ws/project" (every later path needs all three). */
static void
parse_level(struct backend_fetch *f, const cJSON *it)
{
	const char *key = f->level == 2 ? "id" : "slug";
	cJSON *o = new_item(it, key);

	if (!o)
		return;
	if (f->level > 0) {
		char *id = xasprintf("%s/%s", f->remote, jstr(it, key));
		cJSON_DeleteItemFromObject(o, "remote");
		cJSON_AddStringToObject(o, "remote", id);
		free(id);
	}
	backend_add_clean(o, "name", jget(it, "name"), false, ST_MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, "items"), o);
}

static void
parse_column(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it, "id");

	if (!o)
		return;
	backend_add_clean(o, "name", jget(it, "name"), false, ST_MAX_TITLE);
	cJSON_AddItemToArray(result_list(f, "columns"), o);
}

static void
parse_card(struct backend_fetch *f, const cJSON *it)
{
	const char *due = jstr(it, "dueDate");
	cJSON *o;

	if (!st_id_ok(jstr(it, "columnId")) || !(o = new_item(it, "id")))
		return;
	backend_add_clean(o, "title", jget(it, "title"), false, ST_MAX_TITLE);
	backend_add_clean(o, "description", jget(it, "description"), true, ST_MAX_LONG_TEXT);
	cJSON_AddStringToObject(o, "column", jstr(it, "columnId"));
	cJSON_AddBoolToObject(o, "completed", false);
	/* hidden here too, and kept: Stellary's archive is lanes' */
	cJSON_AddBoolToObject(o, "archived", jbool(it, "archived"));
	backend_add_day(o, due);
	backend_add_clean(o, "priority", jget(it, "priority"), false, 20);
	/* named when the project's labels come (name_labels) */
	cJSON_AddItemToObject(o, "labelIds", cJSON_Duplicate(jget(it, "labelIds"), true));
	/* named from the account's members (name_assignees) */
	if (st_id_ok(jstr(it, "assigneeId")))
		cJSON_AddStringToObject(o, "assigneeId", jstr(it, "assigneeId"));
	else
		cJSON_AddNullToObject(o, "assignees");
	cJSON_AddItemToArray(result_list(f, "cards"), o);
}

static void
parse_comment(struct backend_fetch *f, const cJSON *it)
{
	cJSON *o = new_item(it, "id");

	if (!o)
		return;
	backend_add_clean(o, "author", jget(it, "authorName"), false, 200);
	if (st_id_ok(jstr(it, "authorId")))
		cJSON_AddStringToObject(o, "author_remote", jstr(it, "authorId"));
	backend_add_clean(o, "body", jget(it, "content"), true, ST_MAX_LONG_TEXT);
	cJSON_AddBoolToObject(o, "system", false);
	cJSON_AddNumberToObject(o, "created_at", (double)backend_iso_ms(jstr(it, "createdAt")));
	cJSON_AddItemToArray(result_list(f, "comments"), o);
}

/* The checklist of the fetched card, found among the board's cards. */
static void
parse_checklist(struct backend_fetch *f, const cJSON *card)
{
	const cJSON **v;
	int n;

	if (!str_eq(jstr(card, "id"), f->remote))
		return;
	v = sorted(jget(card, "checklist"), &n);
	for (int i = 0; i < n; i++) {
		cJSON *o = new_item(v[i], "_id");
		if (!o)
			continue;
		backend_add_clean(o, "text", jget(v[i], "title"), false, ST_MAX_TITLE);
		cJSON_AddBoolToObject(o, "done", jbool(v[i], "done"));
		cJSON_AddItemToArray(result_list(f, "check_items"), o);
	}
	free(v);
}

/* ---- a lost create: what it made ---- */

/* Whether it has the op's text in field, and was made by me since the
 * op was sent, where the item says who and when. */
static bool
adopt_fits(const cJSON *op, const cJSON *it, const char *field, const char *want,
    const char *by_key)
{
	return backend_adopt_fits(op, by_key ? jstr(it, by_key) : NULL,
	    backend_iso_ms(jstr(it, "createdAt")), jget(it, field), str_eq(field, "content"), want);
}

static void
add_candidate(struct backend_fetch *f, const char *id)
{
	if (st_id_ok(id))
		cJSON_AddItemToArray(result_list(f, "candidates"), cJSON_CreateString(id));
}

static void
parse_adopt(struct backend_fetch *f, const cJSON *it)
{
	const cJSON *op = f->op, *c;
	const char *k = jstr(op, "op");

	if (str_eq(k, "card.add")) {
		if (str_eq(jstr(it, "columnId"), jstr(op, "column")) && !jbool(it, "archived") &&
		    adopt_fits(op, it, "title", jstr(op, "title"), "createdBy"))
			add_candidate(f, jstr(it, "id"));
	} else if (str_eq(k, "column.add")) {
		if (adopt_fits(op, it, "name", jstr(op, "name"), NULL))
			add_candidate(f, jstr(it, "id"));
	} else if (str_eq(k, "comment.add")) {
		if (adopt_fits(op, it, "content", jstr(op, "text"), "authorId"))
			add_candidate(f, jstr(it, "id"));
	} else if (st_is_labels(op)) {
		/* names are unique in a project: one of that name is the one */
		if (label_is(it, NULL, cJSON_GetStringValue(
		    cJSON_GetArrayItem(jget(jget(op, "carry"), "create"), 0))))
			add_candidate(f, jstr(it, "id"));
	} else if (str_eq(k, "check.add") && str_eq(jstr(it, "id"), jstr(op, "card"))) {
		cJSON_ArrayForEach(c, jget(it, "checklist"))
			if (adopt_fits(op, c, "title", jstr(op, "text"), NULL))
				add_candidate(f, jstr(c, "_id"));
	}
}

/* The board's last list, the project's labels: each card's labelIds
 * become its labels' names joined with ", ", as the store holds them. */
static void
name_labels(struct backend_fetch *f, const cJSON *labels)
{
	cJSON *card, *ids;
	const cJSON *id, *l;
	struct strbuf sb;
	char *n;

	cJSON_ArrayForEach(card, result_list(f, "cards")) {
		memset(&sb, 0, sizeof(sb));
		ids = cJSON_DetachItemFromObject(card, "labelIds");
		cJSON_ArrayForEach(id, ids) {
			if (!st_id_ok(cJSON_GetStringValue(id)) ||
			    !(l = label_by(labels, id->valuestring, NULL)) || !(n = label_name(l)))
				continue;
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", n);
			free(n);
		}
		cJSON_Delete(ids);
		if (sb.len)
			cJSON_AddStringToObject(card, "labels", sb.buf);
		else
			cJSON_AddNullToObject(card, "labels");
		sb_free(&sb);
	}
}

/* ---- assignees ----
 * A card names its one assignee by user id. The organisation's members
 * name them: by `name` where the answer has one, else by email. What is
 * known is kept in the account's state as {"members": {id: name}} (""
 * for an id the members did not name), so the members are asked for only
 * when a card names someone not seen yet. */

static cJSON *
members_known(struct backend_account *a)
{
	cJSON *m;

	if (!a->state)
		a->state = cJSON_CreateObject();
	if (!cJSON_IsObject(m = cJSON_GetObjectItemCaseSensitive(a->state, "members"))) {
		cJSON_DeleteItemFromObjectCaseSensitive(a->state, "members");
		m = cJSON_AddObjectToObject(a->state, "members");
	}
	return m;
}

/* Names the cards' assignees that are known; true when some are not. */
static bool
name_assignees(struct backend_account *a, struct backend_fetch *f, bool last)
{
	const cJSON *known = members_known(a), *n;
	cJSON *card;
	bool unknown = false;

	cJSON_ArrayForEach(card, result_list(f, "cards")) {
		const char *id = jstr(card, "assigneeId");
		if (!id)
			continue;
		n = jget(known, id);
		if (!n && !last) {
			unknown = true;
			continue;
		}
		if (cJSON_GetStringValue(n) && *n->valuestring)
			cJSON_AddStringToObject(card, "assignees", n->valuestring);
		else
			cJSON_AddNullToObject(card, "assignees");
		cJSON_DeleteItemFromObjectCaseSensitive(card, "assigneeId");
	}
	return unknown;
}

bool
st_members_wanted(struct backend_account *a, struct backend_fetch *f)
{
	/* read once whatever the cards say: the assignee picker lists them */
	bool never = !cJSON_IsObject(jget(a->state, "members"));

	return name_assignees(a, f, false) || never;
}

/* The members' answer (NULL: a refusal of it): what is known now. Ids the
 * cards name that it does not are kept as "" so they are not asked for
 * again until someone new turns up. */
static void
read_members(struct backend_account *a, struct backend_fetch *f, const cJSON *list)
{
	/* refused: what was known stays known (within bounds) */
	const cJSON *known = members_known(a), *it;
	cJSON *m = list || cJSON_GetArraySize(known) >= ST_MAX_MEMBERS ? cJSON_CreateObject() :
	    cJSON_Duplicate(known, true), *card;
	int n = 0;

	cJSON_ArrayForEach(it, list) {
		const char *id = jstr(it, "userId");
		char *name;
		if (!st_id_ok(id) || jget(m, id) || n++ >= ST_MAX_MEMBERS)
			continue;
		name = backend_clean_text(jget(it, "name"), false, 200);
		if (!name || !*name) {
			free(name);
			name = backend_clean_text(jget(it, "email"), false, 200);
		}
		cJSON_AddStringToObject(m, id, name ? name : "");
		free(name);
	}
	cJSON_ArrayForEach(card, result_list(f, "cards"))
		if (jstr(card, "assigneeId") && !jget(m, jstr(card, "assigneeId")))
			cJSON_AddStringToObject(m, jstr(card, "assigneeId"), "");
	cJSON_DeleteItemFromObjectCaseSensitive(a->state, "members");
	cJSON_AddItemToObject(a->state, "members", m);
	a->state_changed = true;
	name_assignees(a, f, true);
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

cJSON *
st_members(const struct backend_account *a)
{
	const cJSON *m, *all = jget(a->state, "members");
	const char **v = xcalloc((size_t)cJSON_GetArraySize(all) + 1, sizeof(*v));
	cJSON *out = cJSON_CreateArray();
	size_t n = 0;

	/* "" marks an id the members' list did not name */
	cJSON_ArrayForEach(m, all)
		if (cJSON_GetStringValue(m) && *m->valuestring)
			v[n++] = m->valuestring;
	qsort(v, n, sizeof(*v), by_text);
	for (size_t i = 0; i < n; i++)
		if (!i || !str_eq(v[i], v[i - 1]))
			cJSON_AddItemToArray(out, cJSON_CreateString(v[i]));
	free(v);
	return out;
}

bool
st_fetch_accepts(const struct backend_fetch *f, const struct http_resp *r)
{
	/* a token that may not list the organisation's members still sees
	 * the board: its assignees go unnamed */
	return f->kind == FETCH_BOARD && f->part == 3 && r->fail == HTTP_OK &&
	    (r->status == 403 || r->status == 404);
}

typedef void (*item_fn)(struct backend_fetch *f, const cJSON *it);

static item_fn
part_parser(const struct backend_fetch *f)
{
	switch (f->kind) {
	case FETCH_LEVEL:
		return parse_level;
	case FETCH_BOARD:
		return f->part == 0 ? parse_column : parse_card;
	case FETCH_CARD:
		return f->part == 0 ? parse_comment : parse_checklist;
	case FETCH_ADOPT:
		return parse_adopt;
	default:
		return NULL;
	}
}

static int
parse_me(struct backend_fetch *f, const cJSON *root, struct lanes_err *e)
{
	const cJSON *user = jget(root, "user");

	if (!st_id_ok(jstr(user, "id")))
		return err_set(e, "the server did not say who this token belongs to");
	cJSON_AddStringToObject(f->result, "remote", jstr(user, "id"));
	backend_add_clean(f->result, "name", jget(user, "name"), false, 200);
	return 0;
}

int
st_fetch_parse(struct backend_account *a, struct backend_fetch *f, const struct http_resp *r,
    struct lanes_err *e)
{
	cJSON *root = json_parse(r->body, r->len);
	item_fn fn = part_parser(f);
	const cJSON **v;
	int n, rc = 0;

	if (f->kind == FETCH_ME) {
		rc = parse_me(f, root, e);
	} else if (f->kind == FETCH_BOARD && f->part == 3) {
		read_members(a, f, cJSON_IsArray(root) ? root : NULL);
	} else if (!cJSON_IsArray(root) || !fn) {
		rc = err_set(e, "the server's answer is not Stellary's list");
	} else if (f->kind == FETCH_BOARD && f->part == 2) {
		name_labels(f, root);
	} else {
		/* columns, cards and checklists come in their `order` */
		v = sorted(root, &n);
		for (int i = 0; i < n; i++)
			fn(f, v[i]);
		free(v);
		if (f->kind == FETCH_BOARD)
			result_list(f, f->part == 0 ? "columns" : "cards");
	}
	cJSON_Delete(root);
	if (rc == 0)
		f->part++;
	return rc;
}
