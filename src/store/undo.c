/* Undo: each undoable edit records its inverse as an op object; undoing
 * applies that op through the same primitives, with recording off. Rows a
 * delete removes are kept as JSON snapshots and put back as they were. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lanes/strset.h"
#include "lanes/text.h"
#include "private.h"

#define UNDO_DEPTH 200
#define UNDO_NAME_COLS 40
#define UNDO_KEEP_S (7 * 24 * 3600)

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

void
undo_session_start(struct store *st)
{
	uint64_t r = 0;

	if (!random_bytes(&r, sizeof(r)))
		r = (uint64_t)now_ms() ^ ((uint64_t)getpid() << 40);
	st->session = (lid)(r >> 2) + 1;        /* positive, never 0 (history from before) */
}

void
undo_expire(struct store *st)
{
	if (!st->ro_reason)
		stmt_exec(st, NULL, "DELETE FROM undo WHERE created_at < ?", "i",
		    now_ms() / 1000 - UNDO_KEEP_S);
}

void
undo_session_end(struct store *st)
{
	stmt_exec(st, NULL, "DELETE FROM undo WHERE session = ?", "i", st->session);
}

static const char *
name_of(struct store *st, const char *sql, lid id, bool quoted)
{
	static unsigned turn;
	char *out = st->names[turn++ % ARRAY_SIZE(st->names)], *text = NULL;
	size_t q = quoted ? 1 : 0;
	sqlite3_stmt *s = stmt_get(st, sql, NULL);

	if (s && stmt_bind(s, "i", id) == 0 && sqlite3_step(s) == SQLITE_ROW)
		text = col_text(s, 0);
	if (s)
		sqlite3_reset(s);
	out[0] = '"';
	text_fit(text ? text : "?", UNDO_NAME_COLS, out + q, sizeof(st->names[0]) - 2 * q, NULL);
	if (quoted)
		strcat(out, "\"");
	free(text);
	return out;
}

const char *
undo_name(struct store *st, const char *sql, lid id)
{
	return name_of(st, sql, id, true);
}

const char *
undo_column(struct store *st, lid col)
{
	return name_of(st, "SELECT name FROM columns WHERE id = ?", col, false);
}

/* What the rows an inverse writes look like now, as one string: taken
 * right after the edit and again before its undo, which is refused when
 * the two differ. Only what a person edits counts: service ids, positions
 * and the service's own history lines change under an undo harmlessly. */
static const struct {
	const char *op, *sql;
} guards[] = {
	{ "card.move", "SELECT json_array(column_id, title, description, priority, due_on,"
	    " start_on, assignees, labels, completed) FROM cards WHERE id = ?" },
	{ "card.set", "SELECT json_array(column_id, title, description, priority, due_on,"
	    " start_on, assignees, labels, completed) FROM cards WHERE id = ?" },
	{ "card.complete", "SELECT json_array(column_id, title, description, priority, due_on,"
	    " start_on, assignees, labels, completed) FROM cards WHERE id = ?" },
	{ "card.archive", "SELECT json_array(column_id, title, description, priority, due_on,"
	    " start_on, assignees, labels, completed, archived) FROM cards WHERE id = ?" },
	/* taking back an add deletes the card with what others added to it */
	{ "card.delete", "SELECT json_array(column_id, title, description, priority, due_on,"
	    " start_on, assignees, labels, completed, check_total, check_done,"
	    " (SELECT count(*) FROM comments WHERE card_id = c.id AND system = 0),"
	    " (SELECT count(*) FROM time_entries WHERE card_id = c.id)) FROM cards c WHERE id = ?" },
	{ "column.rename", "SELECT name FROM columns WHERE id = ?" },
	{ "column.place", "SELECT name FROM columns WHERE id = ?" },
	{ "column.wip", "SELECT wip FROM columns WHERE id = ?" },
	{ "column.delete", "SELECT name FROM columns WHERE id = ?" },
};

/* The fields of a child row a person edits, per table. */
static const struct {
	const char *table, *sql;
} row_guards[] = {
	{ "comments", "SELECT json_array(card_id, body) FROM comments WHERE id = ?" },
	{ "check_items", "SELECT json_array(card_id, text, done) FROM check_items WHERE id = ?" },
	{ "time_entries", "SELECT json_array(card_id, seconds, note) FROM time_entries WHERE id = ?" },
};

static const char *
op_str(const cJSON *op, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, name));
}

static lid
op_id(const cJSON *op, const char *name)
{
	return (lid)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(op, name));
}

static void
guard_add(struct store *st, struct strbuf *sb, const char *sql, lid id)
{
	sqlite3_stmt *s = stmt_get(st, sql, NULL);

	if (s && stmt_bind(s, "i", id) == 0 && sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		sb_puts(sb, (const char *)sqlite3_column_text(s, 0));
	else
		sb_puts(sb, "gone");
	if (s)
		sqlite3_reset(s);
	sb_puts(sb, ";");
}

/* Rows a restore brings back hang off a card or a column that must still
 * be there. */
static void
guard_restore(struct store *st, struct strbuf *sb, const cJSON *op)
{
	static const struct {
		const char *table, *parent, *sql;
	} parents[] = {
		{ "cards", "column_id", "SELECT 'column' FROM columns WHERE id = ?" },
		{ "comments", "card_id", "SELECT 'card' FROM cards WHERE id = ?" },
		{ "check_items", "card_id", "SELECT 'card' FROM cards WHERE id = ?" },
		{ "time_entries", "card_id", "SELECT 'card' FROM cards WHERE id = ?" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(parents); i++) {
		const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(op,
		    parents[i].table), 0);

		if (row) {
			guard_add(st, sb, parents[i].sql, op_id(row, parents[i].parent));
			return;
		}
	}
}

static void
guard_of(struct store *st, struct strbuf *sb, const cJSON *op)
{
	const char *kind = op_str(op, "op"), *table = op_str(op, "table");
	const cJSON *row;

	if (str_eq(kind, "batch")) {
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, "ops"))
			guard_of(st, sb, row);
		return;
	}
	if (str_eq(kind, "restore")) {
		guard_restore(st, sb, op);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(guards); i++)
		if (str_eq(guards[i].op, kind))
			guard_add(st, sb, guards[i].sql, op_id(op, "id"));
	for (size_t i = 0; i < ARRAY_SIZE(row_guards); i++) {
		if (!str_eq(row_guards[i].table, table))
			continue;
		if (str_eq(kind, "row.delete"))
			guard_add(st, sb, row_guards[i].sql, op_id(op, "id"));
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, "rows"))
			guard_add(st, sb, row_guards[i].sql, op_id(row, "id"));
	}
}

/* The guard kept beside an inverse: a hash of what guard_of() sees. */
static char *
guard_now(struct store *st, const cJSON *op)
{
	struct strbuf sb = { 0 };
	size_t hash;
	char *text;

	guard_of(st, &sb, op);
	text = sb_steal(&sb);
	hash = str_hash(text);
	free(text);
	return xasprintf("%016zx", hash);
}

int
undo_push(struct store *st, bool record, lid board, cJSON *inverse, struct lanes_err *e,
    const char *label_fmt, ...)
{
	char *text, *guard, *label;
	va_list ap;
	int rc;

	if (!record) {
		cJSON_Delete(inverse);
		return 0;
	}
	if (st->replay) {       /* an undo or redo records what takes it back */
		cJSON_AddItemToArray(st->replay, inverse);
		return 0;
	}
	va_start(ap, label_fmt);
	label = xvasprintf(label_fmt, ap);
	va_end(ap);
	text = cJSON_PrintUnformatted(inverse);
	guard = guard_now(st, inverse);
	cJSON_Delete(inverse);
	rc = stmt_exec(st, e, "INSERT INTO undo(board_id, session, redo, label, inverse, guard,"
	    " created_at) VALUES (?, ?, 0, ?, ?, ?, ?)", "iittti", board, st->session, label,
	    text, guard, now_ms() / 1000);
	free(text);
	free(guard);
	free(label);
	/* a new change ends what could be redone */
	if (rc == 0)
		rc = stmt_exec(st, e, "DELETE FROM undo WHERE session = ? AND board_id = ? AND"
		    " redo = 1", "ii", st->session, board);
	if (rc == 0)
		rc = stmt_exec(st, e, "DELETE FROM undo WHERE session = ? AND board_id = ? AND"
		    " redo = 0 AND id <= (SELECT id FROM undo WHERE session = ? AND board_id = ?"
		    " AND redo = 0 ORDER BY id DESC LIMIT 1 OFFSET ?)", "iiiin", st->session, board,
		    st->session, board, UNDO_DEPTH);
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
		/* a card's counts of its checklist and comments come back with
		 * those rows, restored after it, through their triggers */
		if (str_eq(table, "cards") && (rc = stmt_exec(st, e, "UPDATE cards SET"
		    " check_total = 0, check_done = 0, comment_count = 0 WHERE id = ?", "i",
		    op_id(row, "id"))) < 0)
			break;
	}
	free(cols);
	return rc;
}

/* Deletes one row of a child table by id: the inverse of adding it. */
static int
row_delete_do(struct store *st, const char *table, lid id, struct lanes_err *e)
{
	sqlite3_stmt *s;
	cJSON *inv;
	char *sql;
	int rc;

	if (!table || !table_known(table) || str_eq(table, "columns") || str_eq(table, "cards"))
		return err_set(e, "cannot delete rows of %s", table ? table : "?");
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "restore");
	cJSON_AddItemToObject(inv, table, rows_snapshot(st, table, "id", id, e));
	if (outbox_for_row(st, table, id, OUTBOX_DELETE, e) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	sql = xasprintf("DELETE FROM %s WHERE id = ?", table);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		cJSON_Delete(inv);
		return db_error(st, e, "cannot delete");
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, e, "cannot delete");
	sqlite3_finalize(s);
	if (rc < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, true, 0, inv, e, "delete");
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

/* The fields a row.update names, as they are now: what takes it back. */
static cJSON *
rows_now(struct store *st, const char *table, const cJSON *op, struct lanes_err *e)
{
	cJSON *inv = cJSON_CreateObject(), *rows;
	const cJSON *row, *f;

	cJSON_AddStringToObject(inv, "op", "row.update");
	cJSON_AddStringToObject(inv, "table", table);
	rows = cJSON_AddArrayToObject(inv, "rows");
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, "rows")) {
		cJSON *snap = rows_snapshot(st, table, "id", op_id(row, "id"), e);
		cJSON *now = cJSON_GetArrayItem(snap, 0), *out = cJSON_CreateObject();

		cJSON_ArrayForEach(f, row) {
			const cJSON *v = str_eq(f->string, "id") ? f :
			    cJSON_GetObjectItemCaseSensitive(now, f->string);
			cJSON_AddItemToObject(out, f->string, v ? cJSON_Duplicate(v, 1) :
			    cJSON_CreateNull());
		}
		cJSON_AddItemToArray(rows, out);
		cJSON_Delete(snap);
	}
	return inv;
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
	if (undo_push(st, true, 0, rows_now(st, table, op, e), e, "update") < 0)
		return -1;
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

/* What deletes rows a restore brought back: the card or column, which
 * takes what hangs off it along, or else each child row. */
static int
restored_inverse(struct store *st, const cJSON *op, struct lanes_err *e)
{
	static const struct {
		const char *table, *op;
	} owners[] = { { "cards", "card.delete" }, { "columns", "column.delete" } };
	const cJSON *row;
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(owners); i++) {
		if (!cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(op, owners[i].table)))
			continue;
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, owners[i].table)) {
			cJSON *inv = cJSON_CreateObject();
			cJSON_AddStringToObject(inv, "op", owners[i].op);
			cJSON_AddNumberToObject(inv, "id", (double)op_id(row, "id"));
			if ((rc = undo_push(st, true, 0, inv, e, "delete")) < 0)
				break;
		}
		return rc;
	}
	for (size_t i = 0; i < ARRAY_SIZE(restorable); i++) {
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(op, restorable[i])) {
			cJSON *inv = cJSON_CreateObject();
			cJSON_AddStringToObject(inv, "op", "row.delete");
			cJSON_AddStringToObject(inv, "table", restorable[i]);
			cJSON_AddNumberToObject(inv, "id", (double)op_id(row, "id"));
			if ((rc = undo_push(st, true, 0, inv, e, "delete")) < 0)
				return rc;
		}
	}
	return rc;
}

static int
apply_restore(struct store *st, const cJSON *op, struct lanes_err *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(restorable); i++) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(op, restorable[i]);

		if (rows && rows_restore(st, restorable[i], rows, e) < 0)
			return -1;
	}
	if (outbox_for_restore(st, op, e) < 0)
		return -1;
	return st->replay ? restored_inverse(st, op, e) : 0;
}

static int
apply_inverse(struct store *st, const cJSON *op, struct lanes_err *e)
{
	const char *kind = op_str(op, "op");
	lid id = op_id(op, "id");
	const cJSON *sub;

	if (str_eq(kind, "batch")) {
		cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(op, "ops"))
			if (apply_inverse(st, sub, e) < 0)
				return -1;
		return 0;
	}
	if (str_eq(kind, "restore"))
		return apply_restore(st, op, e);
	if (str_eq(kind, "card.delete"))
		return card_delete_do(st, id, true, e);
	if (str_eq(kind, "card.move"))
		return card_move_do(st, id, op_id(op, "column"),
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(op, "position")), true, e);
	if (card_flag_column(kind))
		return card_flag_do(st, kind, id,
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, card_flag_column(kind))), true, e);
	if (str_eq(kind, "card.set"))
		return card_set_text_do(st, id, op_str(op, "field"), op_str(op, "value"), true, e);
	if (str_eq(kind, "column.delete"))
		return column_delete_do(st, id, true, e);
	if (str_eq(kind, "column.rename"))
		return column_rename_do(st, id, op_str(op, "name"), true, e);
	if (str_eq(kind, "column.place"))
		return column_place_do(st, id, (int)op_id(op, "index"), true, e);
	if (str_eq(kind, "column.wip"))
		return column_wip_do(st, id, (int)op_id(op, "wip"), true, e);
	if (str_eq(kind, "row.delete"))
		return row_delete_do(st, op_str(op, "table"), id, e);
	if (str_eq(kind, "row.update"))
		return row_update_do(st, op, e);
	return err_set(e, "cannot undo \"%s\"", kind ? kind : "?");
}

/* One inverse from what the replay recorded, which runs in the order it
 * was recorded and so is taken back in the opposite one. */
static cJSON *
replay_inverse(cJSON *recorded)
{
	cJSON *batch, *ops;

	if (cJSON_GetArraySize(recorded) == 1)
		return cJSON_DetachItemFromArray(recorded, 0);
	batch = cJSON_CreateObject();
	cJSON_AddStringToObject(batch, "op", "batch");
	ops = cJSON_AddArrayToObject(batch, "ops");
	for (int i = cJSON_GetArraySize(recorded) - 1; i >= 0; i--)
		cJSON_AddItemToArray(ops, cJSON_DetachItemFromArray(recorded, i));
	return batch;
}

static void
drop_record(struct store *st, lid id)
{
	stmt_exec(st, NULL, "DELETE FROM undo WHERE id = ?", "i", id);
}

/* Applies the newest record of this handle's undo (redo false) or redo
 * stack, moving it to the other stack as what takes it back. */
static int
replay(struct store *st, lid board, bool redo, char *what, size_t n, struct lanes_err *e)
{
	sqlite3_stmt *s;
	cJSON *op, *back;
	char *guard, *label, *text;
	bool changed;
	lid id;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	s = stmt_get(st, "SELECT id, label, inverse, guard FROM undo WHERE session = ? AND"
	    " board_id = ? AND redo = ? ORDER BY id DESC LIMIT 1", e);
	if (!s || stmt_bind(s, "iin", st->session, board, (int)redo) < 0)
		return txn_end(st, -1, e);
	if (sqlite3_step(s) != SQLITE_ROW) {
		txn_rollback(st);
		return 0;
	}
	id = sqlite3_column_int64(s, 0);
	label = col_text(s, 1);
	snprintf(what, n, "%s", label);
	op = cJSON_Parse((const char *)sqlite3_column_text(s, 2));
	guard = col_text(s, 3);
	sqlite3_reset(s);
	text = op ? guard_now(st, op) : NULL;
	changed = op && !str_eq(text, guard);
	free(text);
	free(guard);
	if (!op || changed) {
		rc = changed ? err_set(e, "%s: changed elsewhere since (another window, a command or"
		    " the service); left as it is", label) :
		    err_set(e, "%s: the record is damaged", label);
		goto dropped;
	}
	st->replay = cJSON_CreateArray();
	rc = apply_inverse(st, op, e);
	back = replay_inverse(st->replay);
	cJSON_Delete(st->replay);
	st->replay = NULL;
	if (rc < 0) {
		cJSON_Delete(back);
		goto dropped;
	}
	text = cJSON_PrintUnformatted(back);
	guard = guard_now(st, back);
	cJSON_Delete(back);
	rc = stmt_exec(st, e, "DELETE FROM undo WHERE id = ?", "i", id);
	if (rc == 0)
		rc = stmt_exec(st, e, "INSERT INTO undo(board_id, session, redo, label, inverse, guard,"
		    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "iinttti", board, st->session,
		    (int)!redo, label, text, guard, now_ms() / 1000);
	free(text);
	free(guard);
	free(label);
	cJSON_Delete(op);
	return txn_end(st, rc, e) < 0 ? -1 : 1;
dropped:
	/* a record that cannot be applied is dropped, so it cannot block older ones */
	txn_rollback(st);
	drop_record(st, id);
	free(label);
	cJSON_Delete(op);
	return -1;
}

int
store_undo(struct store *st, lid board, char *what, size_t n, struct lanes_err *e)
{
	return replay(st, board, false, what, n, e);
}

int
store_redo(struct store *st, lid board, char *what, size_t n, struct lanes_err *e)
{
	return replay(st, board, true, what, n, e);
}
