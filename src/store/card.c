/* Cards: add, rename, move, delete. Positions are doubles, so a move
 * rewrites one row; a column is renumbered only when two neighbours get
 * too close to split. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

int
card_board(struct store *st, lid card, lid *board, struct lanes_err *e)
{
	int rc = stmt_lid(st, e, board, "SELECT board_id FROM cards WHERE id = ?", "i", card);

	if (rc == 0)
		return err_set(e, "no card with id %lld", card);
	return rc < 0 ? -1 : 0;
}

int
store_card_board(struct store *st, lid card, lid *board, struct lanes_err *e)
{
	return card_board(st, card, board, e);
}

int
store_card_find(struct store *st, const char *arg, lid *card, struct lanes_err *e)
{
	lid board;

	if (!parse_id(arg, card))
		return err_set(e, "\"%s\" is not a card id (see `lanes cards`)", arg);
	return card_board(st, *card, &board, e);
}

static void
column_renumber(struct store *st, lid column)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id FROM cards WHERE column_id = ? "
	    "ORDER BY position, id", NULL);
	lid *ids = NULL;
	int n = 0, cap = 0;

	if (!s || stmt_bind(s, "i", column) < 0)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap)
			ids = xrealloc(ids, sizeof(*ids) * (cap = cap ? cap * 2 : 64));
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	for (int i = 0; i < n; i++)
		stmt_exec(st, NULL, "UPDATE cards SET position = ? WHERE id = ?", "di",
		    (double)(i + 1), ids[i]);
	free(ids);
}

/* Positions of the cards that would sit just before and after index in
 * column, not counting card itself. has[] says which exist. */
static void
neighbours(struct store *st, lid column, lid card, int index, double pos[2], bool has[2])
{
	sqlite3_stmt *s;

	has[0] = has[1] = false;
	if (index < 0) {
		s = stmt_get(st, "SELECT max(position) FROM cards WHERE column_id = ? AND id <> ?", NULL);
		if (s && stmt_bind(s, "ii", column, card) == 0 && sqlite3_step(s) == SQLITE_ROW &&
		    sqlite3_column_type(s, 0) != SQLITE_NULL) {
			pos[0] = sqlite3_column_double(s, 0);
			has[0] = true;
		}
		if (s)
			sqlite3_reset(s);
		return;
	}
	s = stmt_get(st, "SELECT position FROM cards WHERE column_id = ? AND id <> ? "
	    "ORDER BY position, id LIMIT 2 OFFSET ?", NULL);
	if (!s || stmt_bind(s, "iin", column, card, index > 0 ? index - 1 : 0) < 0)
		return;
	int slot = index > 0 ? 0 : 1;
	while (slot < 2 && sqlite3_step(s) == SQLITE_ROW) {
		pos[slot] = sqlite3_column_double(s, 0);
		has[slot++] = true;
	}
	sqlite3_reset(s);
}

double
card_position_at(struct store *st, lid column, lid card, int index)
{
	double pos[2];
	bool has[2];

	for (int attempt = 0; attempt < 2; attempt++) {
		neighbours(st, column, card, index, pos, has);
		if (!has[0] && !has[1])
			return 1;
		if (!has[1])
			return pos[0] + 1;
		if (!has[0])
			return pos[1] - 1;
		double mid = (pos[0] + pos[1]) / 2;
		if (mid > pos[0] && mid < pos[1] && pos[1] - pos[0] > 1e-9)
			return mid;
		column_renumber(st, column);
	}
	return pos[0] + (pos[1] - pos[0]) / 2;
}

static int
card_board_column(struct store *st, lid card, lid *board, lid *column, double *pos,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT board_id, column_id, position FROM cards "
	    "WHERE id = ?", e);

	if (!s || stmt_bind(s, "i", card) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		return err_set(e, "no card with id %lld", card);
	*board = sqlite3_column_int64(s, 0);
	*column = sqlite3_column_int64(s, 1);
	*pos = sqlite3_column_double(s, 2);
	sqlite3_reset(s);
	return 0;
}

static cJSON *
op_new(const char *op, lid id)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "op", op);
	cJSON_AddNumberToObject(o, "id", (double)id);
	return o;
}

int
store_card_add(struct store *st, lid column, const char *title, int index, lid *id,
    struct lanes_err *e)
{
	lid board;
	int rc;

	if (check_name(title, "card", e) < 0 || column_board(st, column, &board, e) < 0 ||
	    txn_begin(st, e) < 0)
		return -1;
	rc = stmt_exec(st, e, "INSERT INTO cards(board_id, column_id, title, position, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?)", "iitdii", board, column, title,
	    card_position_at(st, column, 0, index), now_ms() / 1000, now_ms() / 1000);
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = outbox_for_edit(st, board, "card.add", *id, NULL, NULL, e);
	}
	if (rc == 0)
		rc = undo_push(st, true, board, op_new("card.delete", *id), e, "add %s",
		    undo_name(st, UNDO_CARD, *id));
	return txn_end(st, rc, e);
}

/* The card fields a text edit may set, each with its statement. */
static const struct {
	const char *field, *sql;
	const char *name;       /* in an undo label */
	bool short_value;       /* the label names the new value */
} card_fields[] = {
	{ "title", "UPDATE cards SET title = ?, updated_at = ? WHERE id = ?", "title", false },
	{ "description", "UPDATE cards SET description = coalesce(?, ''), updated_at = ? WHERE id = ?",
	  "description", false },
	{ "priority", "UPDATE cards SET priority = ?, updated_at = ? WHERE id = ?", "priority", true },
	{ "due_on", "UPDATE cards SET due_on = ?, updated_at = ? WHERE id = ?", "due date", true },
	{ "start_on", "UPDATE cards SET start_on = ?, updated_at = ? WHERE id = ?", "start date",
	  true },
	{ "labels", "UPDATE cards SET labels = ?, updated_at = ? WHERE id = ?", "labels", false },
	{ "assignees", "UPDATE cards SET assignees = ?, updated_at = ? WHERE id = ?", "assignees",
	  false },
};

int
card_set_text_do(struct store *st, lid card, const char *field, const char *value,
    bool undoable, struct lanes_err *e)
{
	size_t i;
	lid board;
	cJSON *inv, *snap, *old;
	const char *was;

	for (i = 0; i < ARRAY_SIZE(card_fields) && !str_eq(card_fields[i].field, field); i++)
		;
	if (i == ARRAY_SIZE(card_fields))
		return err_set(e, "a card has no field \"%s\"", field);
	if (card_board(st, card, &board, e) < 0)
		return -1;
	inv = op_new("card.set", card);
	cJSON_AddStringToObject(inv, "field", field);
	was = undo_name(st, UNDO_CARD, card);
	snap = rows_snapshot(st, "cards", "id", card, e);
	old = cJSON_GetObjectItem(cJSON_GetArrayItem(snap, 0), field);
	cJSON_AddItemToObject(inv, "value", old ? cJSON_Duplicate(old, 1) : cJSON_CreateNull());
	cJSON_Delete(snap);
	if (stmt_exec(st, e, card_fields[i].sql, "tii", value, now_ms() / 1000, card) < 0 ||
	    outbox_for_edit(st, board, "card.set", card, field, value, e) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	if (str_eq(field, "title"))
		return undo_push(st, undoable, board, inv, e, "rename %s to %s", was,
		    undo_name(st, UNDO_CARD, card));
	if (!value || !*value)
		return undo_push(st, undoable, board, inv, e, "clear the %s of %s",
		    card_fields[i].name, was);
	if (card_fields[i].short_value)
		return undo_push(st, undoable, board, inv, e, "set the %s of %s to %s",
		    card_fields[i].name, was, value);
	return undo_push(st, undoable, board, inv, e, "edit the %s of %s", card_fields[i].name, was);
}

int
store_card_rename(struct store *st, lid card, const char *title, struct lanes_err *e)
{
	if (check_name(title, "card", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, card_set_text_do(st, card, "title", title, true, e), e);
}

int
card_move_do(struct store *st, lid card, lid column, double position, bool undoable,
    struct lanes_err *e)
{
	lid board = 0, col_board = 0, old_col = 0;
	double old_pos = 0;
	cJSON *inv;

	if (card_board_column(st, card, &board, &old_col, &old_pos, e) < 0 ||
	    column_board(st, column, &col_board, e) < 0)
		return -1;
	if (col_board != board)
		return err_set(e, "column %lld is on another board", column);
	if (stmt_exec(st, e, "UPDATE cards SET column_id = ?, position = ?, updated_at = ? "
	    "WHERE id = ?", "idii", column, position, now_ms() / 1000, card) < 0 ||
	    outbox_for_edit(st, board, "card.move", card, NULL, NULL, e) < 0)
		return -1;
	inv = op_new("card.move", card);
	cJSON_AddNumberToObject(inv, "column", (double)old_col);
	cJSON_AddNumberToObject(inv, "position", old_pos);
	if (column != old_col)
		return undo_push(st, undoable, board, inv, e, "move %s to %s",
		    undo_name(st, UNDO_CARD, card), undo_column(st, column));
	return undo_push(st, undoable, board, inv, e, "move %s %s in %s",
	    undo_name(st, UNDO_CARD, card), position < old_pos ? "up" : "down",
	    undo_column(st, column));
}

int
store_card_move(struct store *st, lid card, lid column, int index, double *position,
    struct lanes_err *e)
{
	double pos;

	if (txn_begin(st, e) < 0)
		return -1;
	pos = card_position_at(st, column, card, index);
	if (position)
		*position = pos;
	return txn_end(st, card_move_do(st, card, column, pos, true, e), e);
}

/* Tables that hang off a card, restored in this order on undo. */
static const char *const card_children[] = { "comments", "check_items", "time_entries", "timer" };

int
card_delete_do(struct store *st, lid card, bool undoable, struct lanes_err *e)
{
	lid board;
	cJSON *inv;
	const char *was = undo_name(st, UNDO_CARD, card);

	/* its running timer is logged first: the time was spent, and an undo
	 * must not bring back a second running timer */
	if (card_board(st, card, &board, e) < 0 || timer_stop_do(st, card, NULL, e) < 0)
		return -1;
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "restore");
	cJSON_AddItemToObject(inv, "cards", rows_snapshot(st, "cards", "id", card, e));
	for (size_t i = 0; undoable && i < ARRAY_SIZE(card_children); i++)
		cJSON_AddItemToObject(inv, card_children[i],
		    rows_snapshot(st, card_children[i], "card_id", card, e));
	if (outbox_for_edit(st, board, "card.delete", card, NULL, NULL, e) < 0 ||
	    stmt_exec(st, e, "DELETE FROM cards WHERE id = ?", "i", card) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, undoable, board, inv, e, "delete %s", was);
}

int
store_card_delete(struct store *st, lid card, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, card_delete_do(st, card, true, e), e);
}

/* The yes/no fields of a card an edit flips, each its own op: the op's
 * payload and its inverse carry the state under the column's name. */
static const struct {
	const char *op, *column, *get, *set;
	const char *on, *off;   /* undo labels */
} card_flags[] = {
	{ "card.complete", "completed", "SELECT completed FROM cards WHERE id = ?",
	  "UPDATE cards SET completed = ?, updated_at = ? WHERE id = ?", "mark %s done",
	  "reopen %s" },
	{ "card.archive", "archived", "SELECT archived FROM cards WHERE id = ?",
	  "UPDATE cards SET archived = ?, updated_at = ? WHERE id = ?", "archive %s",
	  "unarchive %s" },
};

const char *
card_flag_column(const char *op)
{
	for (size_t i = 0; i < ARRAY_SIZE(card_flags); i++)
		if (str_eq(card_flags[i].op, op))
			return card_flags[i].column;
	return NULL;
}

static size_t
card_flag_of(const char *op)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(card_flags) && !str_eq(card_flags[i].op, op); i++)
		;
	if (i == ARRAY_SIZE(card_flags))
		die("no card flag for %s", op);
	return i;
}

int
card_flag_do(struct store *st, const char *op, lid card, bool on, bool undoable,
    struct lanes_err *e)
{
	size_t f = card_flag_of(op);
	lid board, was = 0;
	cJSON *inv;

	if (card_board(st, card, &board, e) < 0 ||
	    stmt_lid(st, e, &was, card_flags[f].get, "i", card) < 0)
		return -1;
	if (stmt_exec(st, e, card_flags[f].set, "nii", (int)on, now_ms() / 1000, card) < 0 ||
	    outbox_for_edit(st, board, op, card, NULL, NULL, e) < 0)
		return -1;
	inv = op_new(op, card);
	cJSON_AddBoolToObject(inv, card_flags[f].column, was != 0);
	return undo_push(st, undoable, board, inv, e, on ? card_flags[f].on : card_flags[f].off,
	    undo_name(st, UNDO_CARD, card));
}

/* Sets (1), clears (0) or flips (-1) a card flag: the new state, or -1. */
static int
card_flag_set(struct store *st, const char *op, lid card, int on, struct lanes_err *e)
{
	lid was = 0;

	if (txn_begin(st, e) < 0)
		return -1;
	if (on < 0 && stmt_lid(st, e, &was, card_flags[card_flag_of(op)].get, "i", card) <= 0)
		return txn_end(st, err_set(e, "no card with id %lld", card), e);
	if (on < 0)
		on = !was;
	if (txn_end(st, card_flag_do(st, op, card, on, true, e), e) < 0)
		return -1;
	return on;
}

int
store_card_complete(struct store *st, lid card, int done, struct lanes_err *e)
{
	return card_flag_set(st, "card.complete", card, done, e);
}

int
store_card_archive(struct store *st, lid card, int archived, struct lanes_err *e)
{
	return card_flag_set(st, "card.archive", card, archived, e);
}
