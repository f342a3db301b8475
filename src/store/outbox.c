/* The outbox: edits of boards kept by a service, queued in the same
 * transaction as the edit itself, sent in order per entity, and deleted
 * only when the service acknowledged them or the user discarded them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/outbox.h"
#include "private.h"
#include "outbox-private.h"

static struct {
	void (*fn)(void *ud);
	void *ud;
} listener;

void
outbox_set_listener(void (*fn)(void *ud), void *ud)
{
	listener.fn = fn;
	listener.ud = ud;
}

static bool (*filter)(const char *account, const char *op, const char *field);

void
outbox_set_filter(bool (*kept_here)(const char *account, const char *op, const char *field))
{
	filter = kept_here;
}

bool
outbox_kept_here(const char *account, const char *op, const char *field)
{
	return filter && filter(account, op, field);
}

void
outbox_notify(void)
{
	if (listener.fn)
		listener.fn(listener.ud);
}

/* ---- reading ops ---- */

#define OP_COLUMNS "id, account, op, entity, payload, created_at, next_try_at," \
	" coalesce(sent_at, 0), attempts, state = 'failed', last_error"

static void
op_read(sqlite3_stmt *s, struct outbox_op *op)
{
	const char *payload = (const char *)sqlite3_column_text(s, 4);

	memset(op, 0, sizeof(*op));
	op->id = sqlite3_column_int64(s, 0);
	op->account = col_text(s, 1);
	op->op = col_text(s, 2);
	op->entity = col_text(s, 3);
	op->payload = payload ? cJSON_Parse(payload) : NULL;
	if (!op->payload)
		op->payload = cJSON_CreateObject();
	op->created_at = sqlite3_column_int64(s, 5);
	op->next_try_at = sqlite3_column_int64(s, 6);
	op->sent_at = sqlite3_column_int64(s, 7);
	op->attempts = sqlite3_column_int(s, 8);
	op->failed = sqlite3_column_int(s, 9);
	op->last_error = col_text(s, 10);
}

void
outbox_op_clear(struct outbox_op *op)
{
	free(op->account);
	free(op->op);
	free(op->entity);
	cJSON_Delete(op->payload);
	free(op->last_error);
	memset(op, 0, sizeof(*op));
}

void
outbox_ops_free(struct outbox_op **ops, int n)
{
	for (int i = 0; i < n; i++)
		outbox_op_clear(&(*ops)[i]);
	x_free(ops);
}

static struct outbox_op *
ops_push(struct outbox_op **ops, int *n, int *cap)
{
	if (*n == *cap)
		*ops = xrealloc(*ops, sizeof(**ops) * (size_t)(*cap = *cap ? *cap * 2 : 16));
	return &(*ops)[(*n)++];
}

int
outbox_list(struct store *st, const char *account, struct outbox_op **ops, int *n,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT " OP_COLUMNS " FROM outbox "
	    "WHERE ?1 IS NULL OR account = ?1 ORDER BY id", e);
	int cap = 0, rc;

	*ops = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "t", account) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		op_read(s, ops_push(ops, n, &cap));
	if (rc != SQLITE_DONE) {
		outbox_ops_free(ops, *n);
		*n = 0;
		return db_error(st, e, "cannot read the outbox");
	}
	return 0;
}

int
outbox_get(struct store *st, lid id, struct outbox_op *op, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT " OP_COLUMNS " FROM outbox WHERE id = ?", e);

	memset(op, 0, sizeof(*op));
	if (!s || stmt_bind(s, "i", id) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return err_set(e, "no queued edit %lld", id);
	}
	op_read(s, op);
	sqlite3_reset(s);
	return 0;
}

int
outbox_counts(struct store *st, const char *account, int *pending, int *failed)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT coalesce(sum(state = 'pending'), 0),"
	    " coalesce(sum(state = 'failed'), 0) FROM outbox WHERE ?1 IS NULL OR account = ?1",
	    NULL);

	*pending = *failed = 0;
	if (!s || stmt_bind(s, "t", account) < 0 || sqlite3_step(s) != SQLITE_ROW) {
		if (s)
			sqlite3_reset(s);
		return -1;
	}
	*pending = sqlite3_column_int(s, 0);
	*failed = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* ---- which ops may go now ---- */

/* Scans in id order, so the first op seen of an entity is its head; the
 * scan stops as soon as max heads are ready. */
int
outbox_ready(struct store *st, const char *account, long long now, int max,
    struct outbox_op **ops, int *n, long long *next_due, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT " OP_COLUMNS " FROM outbox WHERE account = ? "
	    "ORDER BY id", e);
	struct strset seen = { 0 };
	int cap = 0, rc;

	*ops = NULL;
	*n = 0;
	*next_due = 0;
	if (!s || stmt_bind(s, "t", account) < 0)
		return -1;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *entity = (const char *)sqlite3_column_text(s, 3);
		long long due = sqlite3_column_int64(s, 6);

		if (!strset_add(&seen, entity) || sqlite3_column_int(s, 9))
			continue;
		if (due > now) {
			if (!*next_due || due < *next_due)
				*next_due = due;
			continue;
		}
		op_read(s, ops_push(ops, n, &cap));
	}
	sqlite3_reset(s);
	strset_free(&seen);
	return 0;
}

/* ---- state changes ---- */

/* The state changes below are each their own explicit transaction: one
 * that must survive a crash is then on disk when the call returns. */

int
outbox_mark_sent(struct store *st, lid id, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, stmt_exec(st, e, "UPDATE outbox SET attempts = attempts + 1,"
	    " sent_at = coalesce(sent_at, ?) WHERE id = ?", "ii", now_ms(), id), e);
}

int
outbox_unsend(struct store *st, lid id, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, stmt_exec(st, e, "UPDATE outbox SET sent_at = NULL WHERE id = ?", "i",
	    id), e);
}

int
outbox_defer(struct store *st, lid id, long long next_try_at, const char *why,
    struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, stmt_exec(st, e, "UPDATE outbox SET next_try_at = ?, last_error = ?"
	    " WHERE id = ?", "iti", next_try_at, why, id), e);
}

int
outbox_park(struct store *st, lid id, const char *why, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, stmt_exec(st, e, "UPDATE outbox SET state = 'failed', last_error = ?"
	    " WHERE id = ?", "ti", why, id), e);
}

int
outbox_retry(struct store *st, lid id, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	/* an op whose steps carry what the service said plans them again
	 * from the first: what it learnt may be what made it fail */
	return txn_end(st, stmt_exec(st, e, "UPDATE outbox SET state = 'pending',"
	    " next_try_at = 0, last_error = NULL, payload = CASE WHEN"
	    " json_type(payload, '$.carry') IS NULL THEN payload"
	    " ELSE json_remove(payload, '$.carry', '$.step') END WHERE id = ?", "i", id), e);
}

int
outbox_retry_all(struct store *st, const char *account)
{
	if (txn_begin(st, NULL) < 0)
		return -1;
	return txn_end(st, stmt_exec(st, NULL, "UPDATE outbox SET next_try_at = 0 WHERE"
	    " account = ? AND state = 'pending' AND next_try_at <> 0", "t", account), NULL);
}

/* Rows a create op makes, by op name. */
static const struct created {
	const char *op, *table;
	bool entity;            /* the row is the op's entity (else a child of a card) */
} created_rows[] = {
	{ "card.add", "cards", true },
	{ "column.add", "columns", true },
	{ "comment.add", "comments", false },
	{ "check.add", "check_items", false },
	{ "time.add", "time_entries", false },
};

static const struct created *
created_of(const char *op)
{
	for (size_t i = 0; i < ARRAY_SIZE(created_rows); i++)
		if (str_eq(created_rows[i].op, op))
			return &created_rows[i];
	return NULL;
}

/* The local id of the row an op is about. */
static lid
op_row(const struct outbox_op *op, const struct created *c)
{
	if (!c->entity)
		return json_id(op->payload, "row");
	return json_id(op->payload, str_eq(c->table, "cards") ? "card" : "column");
}

/* A merge may have fetched what the create made before its answer was
 * read: that copy goes, and ours takes the id. */
static int
set_created_remote(struct store *st, const struct outbox_op *op, const char *remote,
    struct lanes_err *e)
{
	const struct created *c = created_of(op->op);
	lid row = c ? op_row(op, c) : 0;
	int rc = 0;

	if (!c)
		return 0;
	if (str_eq(c->table, "cards")) {
		rc = stmt_exec(st, e, "DELETE FROM cards WHERE remote_id = ?1 AND id <> ?2 AND"
		    " board_id = (SELECT board_id FROM cards WHERE id = ?2)", "ti", remote, row);
		if (rc == 0)
			rc = stmt_exec(st, e, "UPDATE cards SET remote_id = ? WHERE id = ?", "ti",
			    remote, row);
	} else if (str_eq(c->table, "columns")) {
		rc = stmt_exec(st, e, "UPDATE cards SET column_id = ?2 WHERE column_id IN"
		    " (SELECT id FROM columns WHERE remote_id = ?1 AND id <> ?2 AND"
		    "  board_id = (SELECT board_id FROM columns WHERE id = ?2))", "ti", remote, row);
		if (rc == 0)
			rc = stmt_exec(st, e, "DELETE FROM columns WHERE remote_id = ?1 AND id <> ?2 AND"
			    " board_id = (SELECT board_id FROM columns WHERE id = ?2)", "ti", remote, row);
		if (rc == 0)
			rc = stmt_exec(st, e, "UPDATE columns SET remote_id = ? WHERE id = ?", "ti",
			    remote, row);
	} else {
		rc = child_set_remote(st, c->table, row, remote, e);
	}
	if (rc == 0 && c->entity)
		rc = stmt_exec(st, e, "UPDATE outbox SET payload = json_set(payload,"
		    " '$.entity_remote', ?) WHERE account = ? AND entity = ?", "ttt",
		    remote, op->account, op->entity);
	else if (rc == 0)
		rc = stmt_exec(st, e, "UPDATE outbox SET payload = json_set(payload,"
		    " '$.row_remote', ?) WHERE account = ? AND entity = ? AND"
		    " json_extract(payload, '$.row') = ? AND substr(op, 1, instr(op, '.')) ="
		    " substr(?, 1, instr(?, '.'))", "tttitt", remote, op->account, op->entity,
		    row, op->op, op->op);
	return rc;
}

int
outbox_ack(struct store *st, lid id, const char *remote, bool more, const char *carry,
    struct lanes_err *e)
{
	struct outbox_op op;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	if (outbox_get(st, id, &op, e) < 0)
		return txn_end(st, -1, e);
	rc = remote ? set_created_remote(st, &op, remote, e) : 0;
	/* a stopped timer of the service's is the entry it made */
	if (rc == 0 && remote && str_eq(op.op, "timer.stop"))
		rc = child_set_remote(st, "time_entries", json_id(op.payload, "row"), remote, e);
	if (rc == 0 && more && carry)
		rc = stmt_exec(st, e, "UPDATE outbox SET payload = json_set(payload, '$.carry',"
		    " json(?)) WHERE id = ?", "ti", carry, id);
	if (rc == 0 && more)
		rc = stmt_exec(st, e, "UPDATE outbox SET payload = json_set(payload, '$.step',"
		    " coalesce(json_extract(payload, '$.step'), 0) + 1), next_try_at = 0,"
		    " last_error = NULL WHERE id = ?", "i", id);
	else if (rc == 0)
		rc = stmt_exec(st, e, "DELETE FROM outbox WHERE id = ?", "i", id);
	outbox_op_clear(&op);
	return txn_end(st, rc, e);
}

/* ---- discarding and editing ---- */

static int
discard_created(struct store *st, const struct outbox_op *op, const struct created *c,
    struct lanes_err *e)
{
	lid row = op_row(op, c);

	if (c->entity) {
		if (stmt_exec(st, e, "DELETE FROM outbox WHERE account = ? AND entity = ?", "tt",
		    op->account, op->entity) < 0)
			return -1;
		if (str_eq(c->table, "cards"))
			return stmt_exec(st, e, "DELETE FROM cards WHERE id = ? AND remote_id IS NULL",
			    "i", row);
		return stmt_exec(st, e, "DELETE FROM columns WHERE id = ? AND remote_id IS NULL",
		    "i", row);
	}
	if (stmt_exec(st, e, "DELETE FROM outbox WHERE account = ? AND entity = ? AND"
	    " json_extract(payload, '$.row') = ? AND substr(op, 1, instr(op, '.')) ="
	    " substr(?, 1, instr(?, '.'))", "ttitt", op->account, op->entity, row, op->op,
	    op->op) < 0)
		return -1;
	/* time was spent whether or not the service hears of it */
	if (str_eq(c->table, "time_entries"))
		return 0;
	return child_delete_unsynced(st, c->table, row, e);
}

int
outbox_discard(struct store *st, lid id, struct lanes_err *e)
{
	struct outbox_op op;
	const struct created *c;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	if (outbox_get(st, id, &op, e) < 0)
		return txn_end(st, -1, e);
	c = created_of(op.op);
	if (c && json_id(op.payload, "step") == 0)
		rc = discard_created(st, &op, c, e);
	else
		rc = stmt_exec(st, e, "DELETE FROM outbox WHERE id = ?", "i", id);
	/* the edit stays on this machine, and the service never heard of it:
	 * only a full fetch brings the board back to what the service holds */
	if (rc == 0)
		rc = store_board_set_sync_point(st, json_id(op.payload, "board"), NULL, e);
	outbox_op_clear(&op);
	return txn_end(st, rc, e);
}

/* The payload key holding an op's text. */
static const char *
text_key(const struct outbox_op *op)
{
	const char *field = jstr(op->payload, "field");

	if (str_eq(op->op, "card.add"))
		return "title";
	if (str_eq(op->op, "card.set") && (str_eq(field, "title") || str_eq(field, "description")))
		return "value";
	if (str_eq(op->op, "column.add") || str_eq(op->op, "column.rename"))
		return "name";
	if (str_eq(op->op, "comment.add") || str_eq(op->op, "check.add") ||
	    (str_eq(op->op, "check.set") && jstr(op->payload, "text")))
		return "text";
	return NULL;
}

const char *
outbox_op_text(const struct outbox_op *op)
{
	const char *k = text_key(op);

	return k ? jstr(op->payload, k) : NULL;
}

/* The cached row shows what the op will send. */
static int
edit_row(struct store *st, const struct outbox_op *op, const char *text, struct lanes_err *e)
{
	const char *field = jstr(op->payload, "field");

	if (str_has_prefix(op->op, "card.")) {
		if (str_eq(field, "description"))
			return stmt_exec(st, e, "UPDATE cards SET description = ? WHERE id = ?", "ti",
			    text, json_id(op->payload, "card"));
		return stmt_exec(st, e, "UPDATE cards SET title = ? WHERE id = ?", "ti", text,
		    json_id(op->payload, "card"));
	}
	if (str_has_prefix(op->op, "column."))
		return stmt_exec(st, e, "UPDATE columns SET name = ? WHERE id = ?", "ti", text,
		    json_id(op->payload, "column"));
	if (str_has_prefix(op->op, "comment."))
		return stmt_exec(st, e, "UPDATE comments SET body = ? WHERE id = ?", "ti", text,
		    json_id(op->payload, "row"));
	return stmt_exec(st, e, "UPDATE check_items SET text = ? WHERE id = ?", "ti", text,
	    json_id(op->payload, "row"));
}

int
outbox_edit(struct store *st, lid id, const char *text, struct lanes_err *e)
{
	struct outbox_op op;
	const char *key;
	char *payload;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	if (outbox_get(st, id, &op, e) < 0)
		return txn_end(st, -1, e);
	key = text_key(&op);
	if (!key)
		rc = err_set(e, "this edit has no text to change; retry or discard it");
	else if (!str_eq(key, "value") || !str_eq(jstr(op.payload, "field"), "description"))
		rc = check_name(text, "text", e);
	else
		rc = 0;
	if (rc == 0) {
		cJSON_ReplaceItemInObjectCaseSensitive(op.payload, key, cJSON_CreateString(text));
		payload = cJSON_PrintUnformatted(op.payload);
		rc = stmt_exec(st, e, "UPDATE outbox SET payload = ?, state = 'pending',"
		    " next_try_at = 0, last_error = NULL WHERE id = ?", "ti", payload, id);
		free(payload);
	}
	if (rc == 0)
		rc = edit_row(st, &op, text, e);
	outbox_op_clear(&op);
	return txn_end(st, rc, e);
}

bool
outbox_remote_taken(struct store *st, const struct outbox_op *op, const char *remote)
{
	const struct created *c = created_of(op->op);

	return c && remote_known(st, c->table, remote);
}
