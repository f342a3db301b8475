/* Undo: each undoable edit records its inverse as an op object; undoing
 * applies that op through the same primitives, with recording off. Rows a
 * delete removes are kept as JSON snapshots and put back as they were. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

#define UNDO_DEPTH 200

/* Tables a snapshot may name, in the order a restore must insert them. */
static const char *const restorable[] = {
	"columns", "cards", "comments", "check_items", "time_entries", "timer",
};

static bool
table_known(const char *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(restorable); i++)
		if (str_eq(restorable[i], t))
			return true;
	return false;
}

int
undo_push(struct store *st, bool record, lid board, const char *label, cJSON *inverse,
    struct lanes_err *e)
{
	char *text;
	int rc;

	if (!record) {
		cJSON_Delete(inverse);
		return 0;
	}
	text = cJSON_PrintUnformatted(inverse);
	cJSON_Delete(inverse);
	rc = stmt_exec(st, e, "INSERT INTO undo(board_id, label, inverse, created_at) "
	    "VALUES (?, ?, ?, ?)", "itti", board, label, text, now_ms() / 1000);
	free(text);
	if (rc == 0)
		rc = stmt_exec(st, e, "DELETE FROM undo WHERE board_id = ? AND id <= "
		    "(SELECT id FROM undo WHERE board_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
		    "iin", board, board, UNDO_DEPTH);
	return rc;
}

/* The column names of a table, comma-separated, built from the schema. */
static char *
table_columns(struct store *st, const char *table, bool as_json_pairs)
{
	char *sql = xasprintf("SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
	struct strbuf sb = { 0 };
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(s, 0);
			if (sb.len)
				sb_puts(&sb, ",");
			if (as_json_pairs)
				sb_printf(&sb, "'%s',%s", c, c);
			else
				sb_puts(&sb, c);
		}
		sqlite3_finalize(s);
	}
	free(sql);
	return sb_steal(&sb);
}

cJSON *
rows_snapshot(struct store *st, const char *table, const char *key, lid id, struct lanes_err *e)
{
	char *pairs, *sql;
	sqlite3_stmt *s;
	cJSON *rows = NULL;

	if (!table_known(table))
		die("snapshot of unknown table %s", table);
	pairs = table_columns(st, table, true);
	/* table and key are literals from this file and its callers, never input */
	sql = xasprintf("SELECT json_group_array(json_object(%s)) FROM %s WHERE %s = ?",
	    pairs, table, key);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW)
			rows = cJSON_Parse((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	free(pairs);
	free(sql);
	if (!rows) {
		db_error(st, e, "cannot snapshot rows");
		rows = cJSON_CreateArray();
	}
	return rows;
}

static int
bind_json(sqlite3_stmt *s, int i, const cJSON *v)
{
	if (cJSON_IsString(v))
		return sqlite3_bind_text(s, i, v->valuestring, -1, SQLITE_TRANSIENT);
	if (cJSON_IsNumber(v) && v->valuedouble == (double)(lid)v->valuedouble)
		return sqlite3_bind_int64(s, i, (lid)v->valuedouble);
	if (cJSON_IsNumber(v))
		return sqlite3_bind_double(s, i, v->valuedouble);
	if (cJSON_IsBool(v))
		return sqlite3_bind_int(s, i, cJSON_IsTrue(v));
	return sqlite3_bind_null(s, i);
}

static int
row_insert(struct store *st, const char *table, const char *cols, const cJSON *row,
    struct lanes_err *e)
{
	struct strbuf q = { 0 };
	char *list = xstrdup(cols), *save = NULL;
	sqlite3_stmt *s;
	int n = 0, rc;

	sb_printf(&q, "INSERT INTO %s(%s) VALUES (", table, cols);
	for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save))
		sb_puts(&q, n++ ? ",?" : "?");
	sb_puts(&q, ")");
	rc = sqlite3_prepare_v2(st->db, q.buf, -1, &s, NULL);
	sb_free(&q);
	if (rc != SQLITE_OK) {
		free(list);
		return db_error(st, e, "cannot restore rows");
	}
	strcpy(list, cols);
	n = 0;
	for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save))
		bind_json(s, ++n, cJSON_GetObjectItemCaseSensitive(row, c));
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, e, "cannot restore rows");
	sqlite3_finalize(s);
	free(list);
	return rc;
}

int
rows_restore(struct store *st, const char *table, const cJSON *rows, struct lanes_err *e)
{
	char *cols;
	const cJSON *row;
	int rc = 0;

	if (!table_known(table))
		return err_set(e, "cannot restore rows of %s", table);
	cols = table_columns(st, table, false);
	cJSON_ArrayForEach(row, rows) {
		if ((rc = row_insert(st, table, cols, row, e)) < 0)
			break;
	}
	free(cols);
	return rc;
}

/* Deletes one row of a child table by id: the inverse of adding it. */
static int
row_delete_do(struct store *st, const char *table, lid id, struct lanes_err *e)
{
	char *sql;
	int rc;

	if (!table || !table_known(table) || str_eq(table, "columns") || str_eq(table, "cards"))
		return err_set(e, "cannot delete rows of %s", table ? table : "?");
	if (outbox_for_row(st, table, id, OUTBOX_DELETE, e) < 0)
		return -1;
	sql = xasprintf("DELETE FROM %s WHERE id = ?", table);
	sqlite3_stmt *s;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(st, e, "cannot delete");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, e, "cannot delete");
	sqlite3_finalize(s);
	return rc;
}

static lid
op_id(const cJSON *op, const char *name)
{
	return (lid)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(op, name));
}

static const char *
op_str(const cJSON *op, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, name));
}

/* Whether name is one of the comma-separated column names in cols. */
static bool
column_known(const char *cols, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = cols; n && (p = strstr(p, name)); p += n)
		if ((p == cols || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* One row of a row.update: {"id":N, "column":old value, ...}. */
static int
row_update_one(struct store *st, const char *table, const char *cols, const cJSON *row,
    struct lanes_err *e)
{
	struct strbuf q = { 0 };
	const cJSON *f;
	sqlite3_stmt *s = NULL;
	int n = 0, rc;

	sb_printf(&q, "UPDATE %s SET ", table);
	cJSON_ArrayForEach(f, row) {
		if (str_eq(f->string, "id"))
			continue;
		/* names are checked against the schema before they reach SQL */
		if (!f->string || !column_known(cols, f->string)) {
			sb_free(&q);
			return err_set(e, "%s has no column %s", table, f->string ? f->string : "?");
		}
		sb_printf(&q, "%s%s = ?", n++ ? ", " : "", f->string);
	}
	sb_puts(&q, " WHERE id = ?");
	rc = n ? sqlite3_prepare_v2(st->db, q.buf, -1, &s, NULL) : SQLITE_OK;
	sb_free(&q);
	if (!n || rc != SQLITE_OK)
		return n ? db_error(st, e, "cannot undo") : 0;
	n = 0;
	cJSON_ArrayForEach(f, row)
		if (!str_eq(f->string, "id"))
			bind_json(s, ++n, f);
	sqlite3_bind_int64(s, ++n, op_id(row, "id"));
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, e, "cannot undo");
	sqlite3_finalize(s);
	return rc;
}

/* Puts columns of child-table rows back as they were: the inverse of an
 * edit such as ticking or reordering checklist items.
 * {"op":"row.update","table":T,"rows":[{"id":N,"done":0}, ...]} */
/* A checklist item's old position: on a service that is a move, not an
 * update of its fields. */
static bool
row_moves_check(const char *table, const cJSON *row)
{
	return str_eq(table, "check_items") &&
	    cJSON_GetObjectItemCaseSensitive(row, "position") != NULL;
}

static int
by_position(const void *a, const void *b)
{
	double pa = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)a,
	    "position"));
	double pb = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)b,
	    "position"));

	return (pa > pb) - (pa < pb);
}

/* Undoing a checklist reorder: every item that got its old position back
 * is moved next to its neighbour, top to bottom, which rebuilds the order
 * on the service whatever it was. */
static int
checks_moved_back(struct store *st, const char *table, const cJSON *op, struct lanes_err *e)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(op, "rows"), *row;
	const cJSON **v;
	size_t n = 0;
	int rc = 0;

	if (!str_eq(table, "check_items"))
		return 0;
	v = xcalloc((size_t)cJSON_GetArraySize(rows) + 1, sizeof(*v));
	cJSON_ArrayForEach(row, rows)
		if (row_moves_check(table, row))
			v[n++] = row;
	qsort(v, n, sizeof(*v), by_position);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = outbox_for_check_move(st, op_id(v[i], "id"), e);
	free(v);
	return rc;
}

static int
row_update_do(struct store *st, const cJSON *op, struct lanes_err *e)
{
	const char *table = op_str(op, "table");
	const cJSON *row;
	char *cols;
	int rc = 0;

	if (!table || !table_known(table) || str_eq(table, "columns") || str_eq(table, "cards"))
		return err_set(e, "cannot update rows of %s", table ? table : "?");
	cols = table_columns(st, table, false);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, "rows")) {
		if ((rc = row_update_one(st, table, cols, row, e)) < 0 ||
		    (!row_moves_check(table, row) &&
		    (rc = outbox_for_row(st, table, op_id(row, "id"), OUTBOX_SET, e)) < 0))
			break;
	}
	free(cols);
	return rc < 0 ? rc : checks_moved_back(st, table, op, e);
}

static int
apply_restore(struct store *st, const cJSON *op, struct lanes_err *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(restorable); i++) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(op, restorable[i]);

		if (rows && rows_restore(st, restorable[i], rows, e) < 0)
			return -1;
	}
	return outbox_for_restore(st, op, e);
}

static int
apply_inverse(struct store *st, const cJSON *op, struct lanes_err *e)
{
	const char *kind = op_str(op, "op");
	lid id = op_id(op, "id");

	if (str_eq(kind, "restore"))
		return apply_restore(st, op, e);
	if (str_eq(kind, "card.delete"))
		return card_delete_do(st, id, false, e);
	if (str_eq(kind, "card.move"))
		return card_move_do(st, id, op_id(op, "column"),
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(op, "position")), false, e);
	if (str_eq(kind, "card.complete"))
		return card_complete_do(st, id,
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "completed")), false, e);
	if (str_eq(kind, "card.set"))
		return card_set_text_do(st, id, op_str(op, "field"), op_str(op, "value"), false, e);
	if (str_eq(kind, "column.delete"))
		return column_delete_do(st, id, false, e);
	if (str_eq(kind, "column.rename"))
		return column_rename_do(st, id, op_str(op, "name"), false, e);
	if (str_eq(kind, "column.place"))
		return column_place_do(st, id, (int)op_id(op, "index"), false, e);
	if (str_eq(kind, "row.delete"))
		return row_delete_do(st, op_str(op, "table"), id, e);
	if (str_eq(kind, "row.update"))
		return row_update_do(st, op, e);
	return err_set(e, "cannot undo \"%s\"", kind ? kind : "?");
}

int
store_undo(struct store *st, lid board, char *what, size_t n, struct lanes_err *e)
{
	sqlite3_stmt *s;
	cJSON *op;
	lid id;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	s = stmt_get(st, "SELECT id, label, inverse FROM undo WHERE board_id = ? "
	    "ORDER BY id DESC LIMIT 1", e);
	if (!s || stmt_bind(s, "i", board) < 0)
		return txn_end(st, -1, e);
	if (sqlite3_step(s) != SQLITE_ROW) {
		txn_rollback(st);
		return 0;
	}
	id = sqlite3_column_int64(s, 0);
	snprintf(what, n, "%s", (const char *)sqlite3_column_text(s, 1));
	op = cJSON_Parse((const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	rc = op ? apply_inverse(st, op, e) : err_set(e, "undo record %lld is damaged", id);
	cJSON_Delete(op);
	/* a record that cannot be applied is dropped, so it cannot block older ones */
	if (rc < 0) {
		txn_rollback(st);
		stmt_exec(st, NULL, "DELETE FROM undo WHERE id = ?", "i", id);
		return -1;
	}
	rc = stmt_exec(st, e, "DELETE FROM undo WHERE id = ?", "i", id);
	return txn_end(st, rc, e) < 0 ? -1 : 1;
}
