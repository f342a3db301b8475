/* Turning a queued op, which names local ids, into what a backend sends:
 * the service's ids of everything it touches and the neighbours to place
 * a card or column next to, read from the store as it is when the op goes
 * out. Also the one-line description of an op for the sync pane. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "outbox-private.h"

static const char *
pstr(const cJSON *p, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, key));
}

static void
copy_item(cJSON *to, const cJSON *from, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, key);

	if (v)
		cJSON_AddItemToObject(to, key, cJSON_Duplicate(v, 1));
}

/* Entities with queued ops: their place on the service may not be what
 * this machine shows yet, so they are no neighbours to place next to. */
static void
busy_entities(struct store *st, const char *account, struct strset *busy)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT DISTINCT entity FROM outbox WHERE account = ?",
	    NULL);

	if (!s || stmt_bind(s, "t", account) < 0)
		return;
	while (sqlite3_step(s) == SQLITE_ROW)
		strset_add(busy, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
}

/* Where id stands among rows in display order: its index, and its nearest
 * settled neighbours below ("before") and above ("after"), by service id.
 * Each service takes what it needs: Asana one anchor, others the index. */
static void
anchors(sqlite3_stmt *s, lid id, const char *kind, const struct strset *busy, cJSON *out)
{
	struct { lid id; char *remote; } *rows = NULL;
	int n = 0, cap = 0, at = -1;
	char entity[48];

	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap)
			rows = xrealloc(rows, sizeof(*rows) * (size_t)(cap = cap ? cap * 2 : 32));
		rows[n].id = sqlite3_column_int64(s, 0);
		rows[n].remote = col_text(s, 1);
		if (rows[n].id == id)
			at = n;
		n++;
	}
	sqlite3_reset(s);
	if (at >= 0)
		cJSON_AddNumberToObject(out, "index", at);
	for (int dir = 1; at >= 0 && dir >= -1; dir -= 2) {
		for (int i = at + dir; i >= 0 && i < n; i += dir) {
			snprintf(entity, sizeof(entity), "%s:%lld", kind, rows[i].id);
			if (rows[i].remote && !strset_has(busy, entity)) {
				cJSON_AddStringToObject(out, dir > 0 ? "before" : "after", rows[i].remote);
				break;
			}
		}
	}
	for (int i = 0; i < n; i++)
		free(rows[i].remote);
	free(rows);
}

static void
card_anchors(struct store *st, const char *account, lid card, lid column, cJSON *out)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, remote_id FROM cards WHERE column_id = ?"
	    " ORDER BY position, id", NULL);
	struct strset busy = { 0 };
	lid now_in = 0;

	/* moved on since: a later op places it */
	if (stmt_lid(st, NULL, &now_in, "SELECT column_id FROM cards WHERE id = ?", "i",
	    card) <= 0 || now_in != column || !s || stmt_bind(s, "i", column) < 0)
		return;
	busy_entities(st, account, &busy);
	anchors(s, card, "card", &busy, out);
	strset_free(&busy);
}

static void
column_anchors(struct store *st, const char *account, lid board, lid col, cJSON *out)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, remote_id FROM columns WHERE board_id = ?"
	    " ORDER BY position, id", NULL);
	struct strset busy = { 0 };

	if (!s || stmt_bind(s, "i", board) < 0)
		return;
	busy_entities(st, account, &busy);
	anchors(s, col, "column", &busy, out);
	strset_free(&busy);
}

/* The service id of what op is about: remembered in the op, or the row's. */
static char *
own_remote(struct store *st, const struct outbox_op *op, const char *table, const char *key,
    lid id)
{
	const char *r = pstr(op->payload, key);

	return r ? xstrdup(r) : id ? row_remote(st, table, id) : NULL;
}

static bool
column_pending(struct store *st, const char *account, lid col)
{
	char entity[48];
	lid one = 0;

	snprintf(entity, sizeof(entity), "column:%lld", col);
	return stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND entity = ?"
	    " LIMIT 1", "tt", account, entity) > 0;
}

/* Puts the service id of a card or column into out[key]. 1 found; 0 the
 * column a card op needs is still being created (why says so); -1 it
 * never will be. */
static int
need_remote(struct store *st, const struct outbox_op *op, const char *table, lid id,
    const char *stored, cJSON *out, const char *key, char *why, size_t whylen,
    struct lanes_err *e)
{
	char *r = own_remote(st, op, table, stored, id);
	bool column = str_eq(table, "columns");

	if (r) {
		cJSON_AddStringToObject(out, key, r);
		free(r);
		return 1;
	}
	if (column && !str_has_prefix(op->op, "column.") && column_pending(st, op->account, id)) {
		snprintf(why, whylen, "waits for its column to reach the service");
		return 0;
	}
	return err_set(e, "the %s was never created on the service", column ? "column" : "card");
}

static int
resolve_card(struct store *st, const struct outbox_op *op, cJSON *r, char *why, size_t n,
    struct lanes_err *e)
{
	const cJSON *p = op->payload;
	lid card = json_id(p, "card"), column = json_id(p, "column");
	bool add = str_eq(op->op, "card.add");
	int rc;

	if (add || str_eq(op->op, "card.move")) {
		if ((rc = need_remote(st, op, "columns", column, NULL, r, "column", why, n, e)) <= 0)
			return rc;
		card_anchors(st, op->account, card, column, r);
		if (add)
			copy_item(r, p, "title");
		if (add)
			copy_item(r, p, "description");
		if (add && json_id(p, "step") == 0)
			return 1;
	}
	if (str_eq(op->op, "card.set")) {
		copy_item(r, p, "field");
		copy_item(r, p, "value");
	}
	copy_item(r, p, "completed");
	copy_item(r, p, "archived");
	return need_remote(st, op, "cards", card, "entity_remote", r, "remote", why, n, e);
}

static int
resolve_column(struct store *st, const struct outbox_op *op, lid board, cJSON *r, char *why,
    size_t n, struct lanes_err *e)
{
	lid col = json_id(op->payload, "column");

	copy_item(r, op->payload, "name");
	if (str_eq(op->op, "column.add") || str_eq(op->op, "column.place"))
		column_anchors(st, op->account, board, col, r);
	if (str_eq(op->op, "column.add") && json_id(op->payload, "step") == 0)
		return 1;
	return need_remote(st, op, "columns", col, "entity_remote", r, "remote", why, n, e);
}

/* The sibling a checklist item was moved next to, as the service knows it. */
static void
check_anchor(struct store *st, const struct outbox_op *op, cJSON *r)
{
	static const char *const sides[][2] = {
		{ "after", "after_remote" }, { "before", "before_remote" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		char *g = own_remote(st, op, "check_items", sides[i][1],
		    json_id(op->payload, sides[i][0]));

		if (g)
			cJSON_AddStringToObject(r, sides[i][0], g);
		free(g);
	}
}

/* Comments, checklist items and time entries: the card is the parent; the
 * row's own id is needed for everything but creating it. */
static int
resolve_child(struct store *st, const struct outbox_op *op, cJSON *r, char *why, size_t n,
    struct lanes_err *e)
{
	static const struct { const char *prefix, *table; } kinds[] = {
		{ "comment.", "comments" }, { "check.", "check_items" }, { "time.", "time_entries" },
	};
	const cJSON *p = op->payload;
	int rc = need_remote(st, op, "cards", json_id(p, "card"), "entity_remote", r, "card", why, n, e);
	char *remote;

	if (rc <= 0)
		return rc;
	copy_item(r, p, "text");
	copy_item(r, p, "done");
	copy_item(r, p, "seconds");
	/* an op queued before entries carried seconds */
	if (!cJSON_HasObjectItem(p, "seconds") && json_id(p, "minutes") > 0)
		cJSON_AddNumberToObject(r, "seconds", (double)json_id(p, "minutes") * 60);
	copy_item(r, p, "date");
	/* the service's timer: the card is all it needs */
	if (str_eq(strchr(op->op, '.'), ".add") || str_has_prefix(op->op, "timer."))
		return 1;
	if (str_eq(op->op, "check.move")) {
		copy_item(r, p, "index");
		check_anchor(st, op, r);
	}
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (!str_has_prefix(op->op, kinds[i].prefix))
			continue;
		remote = own_remote(st, op, kinds[i].table, "row_remote", json_id(p, "row"));
		if (!remote)
			return err_set(e, "it was never created on the service");
		cJSON_AddStringToObject(r, "remote", remote);
		free(remote);
		return 1;
	}
	return err_set(e, "unknown edit %s", op->op);
}

int
outbox_resolve(struct store *st, const struct outbox_op *op, cJSON **out, char *why,
    size_t whylen, struct lanes_err *e)
{
	lid board = json_id(op->payload, "board");
	char *board_remote = board_remote_of(st, board), *me;
	const cJSON *carry;
	cJSON *r;
	int rc;

	*out = NULL;
	if (!board_remote)
		return err_set(e, "its board is no longer kept by %s", op->account);
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "op", op->op);
	cJSON_AddNumberToObject(r, "step", (double)json_id(op->payload, "step"));
	carry = cJSON_GetObjectItemCaseSensitive(op->payload, "carry");
	if (carry)
		cJSON_AddItemToObject(r, "carry", cJSON_Duplicate(carry, true));
	cJSON_AddStringToObject(r, "board", board_remote);
	free(board_remote);
	if ((me = store_account_user(st, op->account)))
		cJSON_AddStringToObject(r, "me", me);
	free(me);
	if (op->sent_at)
		cJSON_AddNumberToObject(r, "since", (double)op->sent_at);
	if (str_has_prefix(op->op, "card."))
		rc = resolve_card(st, op, r, why, whylen, e);
	else if (str_has_prefix(op->op, "column."))
		rc = resolve_column(st, op, board, r, why, whylen, e);
	else
		rc = resolve_child(st, op, r, why, whylen, e);
	if (rc == 1)
		*out = r;
	else
		cJSON_Delete(r);
	return rc;
}

/* ---- for people ---- */

static char *
name_of(struct store *st, const char *table, lid id, const char *fallback)
{
	sqlite3_stmt *s = str_eq(table, "cards")
	    ? stmt_get(st, "SELECT title FROM cards WHERE id = ?", NULL)
	    : stmt_get(st, "SELECT name FROM columns WHERE id = ?", NULL);
	char *v = NULL;

	if (s && stmt_bind(s, "i", id) == 0 && sqlite3_step(s) == SQLITE_ROW)
		v = col_text(s, 0);
	if (s)
		sqlite3_reset(s);
	return v ? v : xstrdup(fallback ? fallback : "?");
}

char *
outbox_describe(struct store *st, const struct outbox_op *op)
{
	const cJSON *p = op->payload;
	char *card = name_of(st, "cards", json_id(p, "card"), pstr(p, "title"));
	char *col = name_of(st, "columns", json_id(p, "column"), pstr(p, "name"));
	const char *k = op->op, *text = pstr(p, "text");
	char *d;

	if (str_eq(k, "card.add"))
		d = xasprintf("add card \"%s\"", pstr(p, "title") ? pstr(p, "title") : card);
	else if (str_eq(k, "card.move"))
		d = xasprintf("move \"%s\" to %s", card, col);
	else if (str_eq(k, "card.set") && str_eq(pstr(p, "field"), "title"))
		d = xasprintf("rename card to \"%s\"", pstr(p, "value") ? pstr(p, "value") : "");
	else if (str_eq(k, "card.set"))
		d = xasprintf("set %s of \"%s\"", pstr(p, "field") ? pstr(p, "field") : "?", card);
	else if (str_eq(k, "card.complete"))
		d = xasprintf("%s \"%s\"", cJSON_IsTrue(cJSON_GetObjectItem(p, "completed")) ?
		    "complete" : "reopen", card);
	else if (str_eq(k, "card.archive"))
		d = xasprintf("%s \"%s\"", cJSON_IsTrue(cJSON_GetObjectItem(p, "archived")) ?
		    "archive" : "unarchive", card);
	else if (str_eq(k, "card.delete"))
		d = xasprintf("delete card \"%s\"", card);
	else if (str_eq(k, "column.add") || str_eq(k, "column.rename"))
		d = xasprintf("%s column \"%s\"", str_eq(k, "column.add") ? "add" : "rename to",
		    pstr(p, "name") ? pstr(p, "name") : col);
	else if (str_has_prefix(k, "column."))
		d = xasprintf("%s column \"%s\"", str_eq(k, "column.place") ? "move" : "delete", col);
	else if (str_eq(k, "comment.add"))
		d = xasprintf("comment on \"%s\": %s", card, text ? text : "");
	else if (str_has_prefix(k, "check."))
		d = xasprintf("%s checklist item %s%s%s on \"%s\"", str_eq(k, "check.add") ? "add" :
		    str_eq(k, "check.delete") ? "delete" : str_eq(k, "check.move") ? "move" :
		    "change", text ? "\"" : "",
		    text ? text : "", text ? "\"" : "", card);
	else if (str_has_prefix(k, "time."))
		d = xasprintf("%s time entry on \"%s\"", str_eq(k, "time.add") ? "log" :
		    str_eq(k, "time.delete") ? "delete" : "change", card);
	else
		d = xasprintf("%s on \"%s\"", k, card);
	free(card);
	free(col);
	return d;
}
