/* How an edit of a board kept by a service becomes an outbox op: the edit
 * primitives call these hooks inside their own transaction, so the cached
 * row and the op are written together or not at all. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/outbox.h"
#include "outbox-private.h"

/* Ops that make something on the service. */
static bool
is_create(const char *op)
{
	static const char *const creates[] = {
		"card.add", "column.add", "comment.add", "check.add", "time.add",
	};

	for (size_t i = 0; i < ARRAY_SIZE(creates); i++)
		if (str_eq(creates[i], op))
			return true;
	return false;
}

/* Card and column ops are about that card or column; the ops on a card's
 * comments, checklist and time go in order with the card's own. */
static void
entity_of(const char *op, lid id, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%lld", str_has_prefix(op, "column.") ? "column" : "card", id);
}

static bool
entity_has_ops(struct store *st, const char *account, const char *entity)
{
	lid one = 0;

	return stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND entity = ?"
	    " LIMIT 1", "tt", account, entity) > 0;
}

/* A delete of something whose create never left this machine: both go. */
static bool
collapse_delete(struct store *st, const char *account, const char *entity, const char *op)
{
	lid one = 0;
	const char *create = str_eq(op, "card.delete") ? "card.add" :
	    str_eq(op, "column.delete") ? "column.add" : NULL;

	if (!create || stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND"
	    " entity = ? AND op = ? AND sent_at IS NULL AND state = 'pending'", "ttt",
	    account, entity, create) <= 0)
		return false;
	return stmt_exec(st, NULL, "DELETE FROM outbox WHERE account = ? AND entity = ?", "tt",
	    account, entity) == 0;
}

static int
append(struct store *st, const char *account, const char *op, const char *entity,
    cJSON *payload, struct lanes_err *e)
{
	char *text = cJSON_PrintUnformatted(payload);
	int rc = stmt_exec(st, e, "INSERT INTO outbox(account, op, entity, payload, created_at)"
	    " VALUES (?, ?, ?, ?, ?)", "tttti", account, op, entity, text, now_ms());

	free(text);
	cJSON_Delete(payload);
	if (rc == 0)
		outbox_notify();
	return rc;
}

/* The fields an op sends, read from the row as the edit left it. */
static cJSON *
edit_payload(struct store *st, const char *op, lid id, const char *field, const char *value)
{
	cJSON *p = cJSON_CreateObject();
	bool column = str_has_prefix(op, "column.");
	sqlite3_stmt *s = column
	    ? stmt_get(st, "SELECT name, 0, '', 0, 0 FROM columns WHERE id = ?", NULL)
	    : stmt_get(st, "SELECT title, column_id, description, completed, archived FROM cards"
	    " WHERE id = ?", NULL);

	cJSON_AddNumberToObject(p, column ? "column" : "card", (double)id);
	if (!s || stmt_bind(s, "i", id) < 0 || sqlite3_step(s) != SQLITE_ROW) {
		if (s)
			sqlite3_reset(s);
		return p;
	}
	if (str_eq(op, "card.add")) {
		cJSON_AddStringToObject(p, "title", (const char *)sqlite3_column_text(s, 0));
		cJSON_AddStringToObject(p, "description", (const char *)sqlite3_column_text(s, 2));
	}
	if (str_eq(op, "card.add") || str_eq(op, "card.move"))
		cJSON_AddNumberToObject(p, "column", (double)sqlite3_column_int64(s, 1));
	if (str_eq(op, "card.complete"))
		cJSON_AddBoolToObject(p, "completed", sqlite3_column_int(s, 3));
	if (str_eq(op, "card.archive"))
		cJSON_AddBoolToObject(p, "archived", sqlite3_column_int(s, 4));
	if (str_eq(op, "column.add") || str_eq(op, "column.rename"))
		cJSON_AddStringToObject(p, "name", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (field) {
		cJSON_AddStringToObject(p, "field", field);
		if (value)
			cJSON_AddStringToObject(p, "value", value);
		else
			cJSON_AddNullToObject(p, "value");
	}
	return p;
}

int
outbox_for_edit(struct store *st, lid board, const char *op, lid id, const char *field,
    const char *value, struct lanes_err *e)
{
	char *account = board_account_of(st, board), *remote;
	char entity[48];
	int rc = 0;

	if (!account || outbox_kept_here(account, op, field)) {
		free(account);
		return 0;
	}
	if (board_refuses(st, board, e) < 0) {
		free(account);
		return -1;
	}
	entity_of(op, id, entity, sizeof(entity));
	remote = row_remote(st, str_has_prefix(entity, "column") ? "columns" : "cards", id);
	/* an edit of something not yet announced to the service (a column
	 * being placed while it is added) travels with its create */
	if ((is_create(op) || remote || entity_has_ops(st, account, entity)) &&
	    !collapse_delete(st, account, entity, op)) {
		cJSON *payload = edit_payload(st, op, id, field, value);

		cJSON_AddNumberToObject(payload, "board", (double)board);
		if (remote)
			cJSON_AddStringToObject(payload, "entity_remote", remote);
		rc = append(st, account, op, entity, payload, e);
	}
	free(remote);
	free(account);
	return rc;
}

/* ---- comments, checklist items and time entries ---- */

static const struct {
	const char *table, *prefix, *sql;
} row_kinds[] = {
	{ "comments", "comment", "SELECT card_id, body, mine FROM comments WHERE id = ?" },
	{ "check_items", "check", "SELECT card_id, text, done FROM check_items WHERE id = ?" },
	{ "time_entries", "time", "SELECT card_id, seconds, coalesce(started_at, created_at),"
	  " note FROM time_entries WHERE id = ?" },
};

/* The fields an op about this row sends, read from the row as it is now. */
static cJSON *
row_payload(sqlite3_stmt *s, const char *prefix, lid id)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddNumberToObject(p, "card", (double)sqlite3_column_int64(s, 0));
	cJSON_AddNumberToObject(p, "row", (double)id);
	if (str_eq(prefix, "comment")) {
		cJSON_AddStringToObject(p, "text", (const char *)sqlite3_column_text(s, 1));
	} else if (str_eq(prefix, "check")) {
		cJSON_AddStringToObject(p, "text", (const char *)sqlite3_column_text(s, 1));
		cJSON_AddBoolToObject(p, "done", sqlite3_column_int(s, 2));
	} else {
		time_t t = (time_t)sqlite3_column_int64(s, 2);
		struct tm tm;
		char day[16];

		cJSON_AddNumberToObject(p, "seconds", (double)sqlite3_column_int64(s, 1));
		localtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		cJSON_AddStringToObject(p, "date", day);
		if (sqlite3_column_text(s, 3))  /* the entry's note, for services that keep one */
			cJSON_AddStringToObject(p, "text", (const char *)sqlite3_column_text(s, 3));
	}
	return p;
}

/* A delete of a row whose create never left: both go. */
static bool
collapse_row_delete(struct store *st, const char *account, const char *entity,
    const char *add_op, lid id)
{
	lid one = 0;

	if (stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND entity = ? AND"
	    " op = ? AND json_extract(payload, '$.row') = ? AND sent_at IS NULL AND"
	    " state = 'pending'", "ttti", account, entity, add_op, id) <= 0)
		return false;
	return stmt_exec(st, NULL, "DELETE FROM outbox WHERE account = ? AND entity = ? AND"
	    " json_extract(payload, '$.row') = ? AND substr(op, 1, instr(op, '.')) ="
	    " substr(?, 1, instr(?, '.'))", "ttitt", account, entity, id, add_op, add_op) == 0;
}

/* Where a moved checklist item now stands: its index and the items above
 * ("after") and below ("before") it, so every move replays there as it was
 * made here. Their service ids go along when known, in case they are
 * deleted here before the move is sent. */
static void
add_check_neighbour(struct store *st, lid card, lid item, cJSON *p)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id FROM check_items WHERE card_id = ?"
	    " ORDER BY position, id", NULL);
	lid side[2] = { 0, 0 }, id;     /* above, below */
	static const char *const key[2][2] = {
		{ "after", "after_remote" }, { "before", "before_remote" },
	};
	int index = 0;
	bool found = false;

	if (!s || stmt_bind(s, "i", card) < 0)
		return;
	while (!side[1] && sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (found)
			side[1] = id;
		else if (id == item)
			found = true;
		else
			side[0] = id, index++;
	}
	sqlite3_reset(s);
	if (!found)
		return;
	cJSON_AddNumberToObject(p, "index", index);
	for (int i = 0; i < 2; i++) {
		char *remote;

		if (!side[i])
			continue;
		cJSON_AddNumberToObject(p, key[i][0], (double)side[i]);
		if ((remote = row_remote(st, "check_items", side[i])))
			cJSON_AddStringToObject(p, key[i][1], remote);
		free(remote);
	}
}

static int
row_op(struct store *st, size_t k, lid id, sqlite3_stmt *s, const char *change,
    struct lanes_err *e)
{
	lid card = sqlite3_column_int64(s, 0), board;
	char op[32], add_op[32], entity[48];
	char *account, *remote, *card_remote;
	cJSON *payload;
	int rc = 0;

	if (card_board(st, card, &board, e) < 0)
		return -1;
	if (!(account = board_account_of(st, board)))
		return 0;
	snprintf(op, sizeof(op), "%s.%s", row_kinds[k].prefix, change);
	if (outbox_kept_here(account, op, NULL)) {
		free(account);
		return 0;
	}
	if (board_refuses(st, board, e) < 0) {
		free(account);
		return -1;
	}
	snprintf(add_op, sizeof(add_op), "%s.add", row_kinds[k].prefix);
	entity_of(op, card, entity, sizeof(entity));
	remote = row_remote(st, row_kinds[k].table, id);
	card_remote = row_remote(st, "cards", card);
	payload = row_payload(s, row_kinds[k].prefix, id);
	if ((!card_remote && !entity_has_ops(st, account, entity)) ||
	    (str_eq(change, "delete") && !remote &&
	    collapse_row_delete(st, account, entity, add_op, id))) {
		cJSON_Delete(payload);
	} else {
		cJSON_AddNumberToObject(payload, "board", (double)board);
		if (str_eq(change, "move"))
			add_check_neighbour(st, card, id, payload);
		if (card_remote)
			cJSON_AddStringToObject(payload, "entity_remote", card_remote);
		if (remote)
			cJSON_AddStringToObject(payload, "row_remote", remote);
		rc = append(st, account, op, entity, payload, e);
	}
	free(remote);
	free(card_remote);
	free(account);
	return rc;
}

/* change: add, set, delete or move (checklist items only). */
static int
row_change(struct store *st, const char *table, lid id, const char *change,
    struct lanes_err *e)
{
	sqlite3_stmt *s;
	size_t k;
	int rc;

	for (k = 0; k < ARRAY_SIZE(row_kinds) && !str_eq(row_kinds[k].table, table); k++)
		;
	if (k == ARRAY_SIZE(row_kinds))
		return 0;
	/* comments are written once: adding your own and deleting it is all */
	if (str_eq(table, "comments") && str_eq(change, "set"))
		return 0;
	s = stmt_get(st, row_kinds[k].sql, e);
	if (!s || stmt_bind(s, "i", id) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW ||
	    (str_eq(table, "comments") && str_eq(change, "add") && !sqlite3_column_int(s, 2))) {
		sqlite3_reset(s);
		return 0;
	}
	rc = row_op(st, k, id, s, change, e);
	sqlite3_reset(s);
	return rc;
}

int
outbox_for_row(struct store *st, const char *table, lid id, enum outbox_change change,
    struct lanes_err *e)
{
	static const char *const names[] = { "add", "set", "delete" };

	return row_change(st, table, id, names[change], e);
}

int
outbox_for_check_move(struct store *st, lid item, struct lanes_err *e)
{
	return row_change(st, "check_items", item, "move", e);
}

/* ---- undoing a delete ---- */

/* Creates a restored card or column again: its old service id named what
 * the delete removed. */
static int
restore_card(struct store *st, lid card, struct lanes_err *e)
{
	lid board;

	if (card_board(st, card, &board, e) < 0 || clear_remote(st, "cards", card, e) < 0)
		return -1;
	return outbox_for_edit(st, board, "card.add", card, NULL, NULL, e);
}

static int
restore_column(struct store *st, lid col, struct lanes_err *e)
{
	lid board;

	if (column_board(st, col, &board, e) < 0 || clear_remote(st, "columns", col, e) < 0)
		return -1;
	return outbox_for_edit(st, board, "column.add", col, NULL, NULL, e);
}

/* A delete that has not been sent is dropped: the row is back as the
 * service still has it. Otherwise the row lost its service id with the
 * delete, and is created again. */
static int
restored_entity(struct store *st, const char *table, lid id, struct lanes_err *e)
{
	bool card = str_eq(table, "cards");
	const char *del = card ? "card.delete" : "column.delete";
	char entity[48], *account;
	lid board = 0, one = 0;
	int rc;

	if ((card ? card_board(st, id, &board, e) : column_board(st, id, &board, e)) < 0)
		return -1;
	if (!(account = board_account_of(st, board)))
		return 0;
	entity_of(del, id, entity, sizeof(entity));
	if (stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND entity = ? AND"
	    " op = ? AND sent_at IS NULL AND state = 'pending'", "ttt", account, entity, del) > 0) {
		rc = stmt_exec(st, e, "DELETE FROM outbox WHERE account = ? AND entity = ? AND op = ?"
		    " AND sent_at IS NULL", "ttt", account, entity, del);
		free(account);
		return rc;
	}
	free(account);
	return card ? restore_card(st, id, e) : restore_column(st, id, e);
}

/* A child row brought back on its own: an unsent delete of it is dropped,
 * else it is created again. Brought back with its card, it follows the
 * card: created again only when the card is. */
static int
restored_row(struct store *st, const char *table, lid id, bool with_card, struct lanes_err *e)
{
	lid card = 0, board, one = 0;
	char *account, *card_remote, entity[48], del[32];
	size_t k;
	int rc = 0;

	for (k = 0; k < ARRAY_SIZE(row_kinds) && !str_eq(row_kinds[k].table, table); k++)
		;
	if (k == ARRAY_SIZE(row_kinds) || stmt_lid(st, e, &card, row_kinds[k].sql, "i", id) <= 0 ||
	    card_board(st, card, &board, e) < 0 || !(account = board_account_of(st, board)))
		return 0;
	snprintf(del, sizeof(del), "%s.delete", row_kinds[k].prefix);
	entity_of(del, card, entity, sizeof(entity));
	card_remote = row_remote(st, "cards", card);
	if (with_card) {
		if (!card_remote && (rc = clear_remote(st, table, id, e)) == 0)
			rc = outbox_for_row(st, table, id, OUTBOX_ADD, e);
	} else if (stmt_lid(st, NULL, &one, "SELECT 1 FROM outbox WHERE account = ? AND"
	    " entity = ? AND op = ? AND json_extract(payload, '$.row') = ? AND sent_at IS NULL"
	    " AND state = 'pending'", "ttti", account, entity, del, id) > 0) {
		rc = stmt_exec(st, e, "DELETE FROM outbox WHERE account = ? AND entity = ? AND op = ?"
		    " AND json_extract(payload, '$.row') = ? AND sent_at IS NULL", "ttti", account,
		    entity, del, id);
	} else if ((rc = clear_remote(st, table, id, e)) == 0) {
		rc = outbox_for_row(st, table, id, OUTBOX_ADD, e);
	}
	free(card_remote);
	free(account);
	return rc;
}

int
outbox_for_restore(struct store *st, const cJSON *restore, struct lanes_err *e)
{
	static const char *const order[] = {
		"columns", "cards", "comments", "check_items", "time_entries",
	};
	bool with_card = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(restore, "cards")) > 0;

	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		const cJSON *row;

		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(restore, order[i])) {
			lid id = json_id(row, "id");
			int rc = i < 2 ? restored_entity(st, order[i], id, e) :
			    restored_row(st, order[i], id, with_card, e);

			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- the service's own timer ---- */

/* The account of card's board, and whether its service runs op; -1 when
 * the board may only be read. */
static int
timer_op(struct store *st, lid card, const char *op, char **account, bool *queued,
    struct lanes_err *e)
{
	lid board;

	*queued = false;
	*account = NULL;
	if (card_board(st, card, &board, e) < 0)
		return -1;
	if (!(*account = board_account_of(st, board)) || outbox_kept_here(*account, op, NULL))
		return 0;
	if (board_refuses(st, board, e) < 0)
		return -1;
	*queued = true;
	return 0;
}

static cJSON *
timer_payload(struct store *st, lid card)
{
	cJSON *p = cJSON_CreateObject();
	char *remote = row_remote(st, "cards", card);
	lid board = 0;

	card_board(st, card, &board, NULL);
	cJSON_AddNumberToObject(p, "card", (double)card);
	cJSON_AddNumberToObject(p, "board", (double)board);
	if (remote)
		cJSON_AddStringToObject(p, "entity_remote", remote);
	free(remote);
	return p;
}

int
outbox_timer_start(struct store *st, lid card, struct lanes_err *e)
{
	char *account, entity[48];
	bool queued;
	int rc = timer_op(st, card, "timer.start", &account, &queued, e);

	if (rc == 0 && queued) {
		entity_of("timer.start", card, entity, sizeof(entity));
		rc = append(st, account, "timer.start", entity, timer_payload(st, card), e);
	}
	free(account);
	return rc;
}

int
outbox_timer_stop(struct store *st, lid card, lid entry, struct lanes_err *e)
{
	char *account, entity[48];
	bool queued;
	lid start = 0;
	cJSON *p;
	int rc = timer_op(st, card, "timer.stop", &account, &queued, e);

	if (rc < 0 || !queued) {
		free(account);
		return rc < 0 ? -1 : outbox_for_row(st, "time_entries", entry, OUTBOX_ADD, e);
	}
	entity_of("timer.stop", card, entity, sizeof(entity));
	/* a start that never left: the service knows of no timer, so the
	 * time goes as an entry of its own */
	if (stmt_lid(st, NULL, &start, "SELECT id FROM outbox WHERE account = ? AND entity = ?"
	    " AND op = 'timer.start' AND sent_at IS NULL ORDER BY id DESC LIMIT 1", "tt",
	    account, entity) > 0) {
		free(account);
		if (stmt_exec(st, e, "DELETE FROM outbox WHERE id = ?", "i", start) < 0)
			return -1;
		return outbox_for_row(st, "time_entries", entry, OUTBOX_ADD, e);
	}
	p = timer_payload(st, card);
	cJSON_AddNumberToObject(p, "row", (double)entry);
	rc = append(st, account, "timer.stop", entity, p, e);
	free(account);
	return rc;
}
