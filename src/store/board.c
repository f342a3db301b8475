/* Boards and columns, and loading a whole board for drawing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

void
boards_free(struct board **b, int n)
{
	for (int i = 0; i < n; i++)
		board_clear(&(*b)[i]);
	x_free(b);
}

int
store_boards(struct store *st, struct board **out, int *n, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT b.id, b.name, b.account, b.remote_id,"
	    " (SELECT count(*) FROM cards c WHERE c.board_id = b.id AND c.archived = 0)"
	    " FROM boards b ORDER BY b.account <> 'local', b.account, b.name COLLATE NOCASE, b.id", e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, sizeof(**out) * (cap = cap ? cap * 2 : 8));
		struct board *b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(s, 0);
		b->name = col_text(s, 1);
		b->account = col_text(s, 2);
		b->remote_id = col_text(s, 3);
		b->ncards = sqlite3_column_int(s, 4);
	}
	if (rc != SQLITE_DONE) {
		boards_free(out, *n);
		*n = 0;
		return db_error(st, e, "cannot list boards");
	}
	return 0;
}

bool
parse_id(const char *s, lid *id)
{
	long v;

	if (!str_to_long(s, &v) || v <= 0)
		return false;
	*id = v;
	return true;
}

int
one_by_name(struct store *st, sqlite3_stmt *s, const char *what, const char *name, lid *id,
    struct lanes_err *e)
{
	struct strbuf ids = { 0 };
	int n = 0, rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sb_printf(&ids, "%s%lld", n++ ? ", " : "", *id);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		n = db_error(st, e, "cannot look the name up");
	else if (n > 1)
		n = err_set(e, "%d %ss are named \"%s\" (ignoring case): use an id, one of %s",
		    n, what, name, ids.buf);
	sb_free(&ids);
	return n;
}

int
store_board_find(struct store *st, const char *arg, lid *id, struct lanes_err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (parse_id(arg, id)) {
		rc = stmt_lid(st, e, id, "SELECT id FROM boards WHERE id = ?", "i", *id);
		if (rc != 0)
			return rc > 0 ? 0 : -1;
	}
	s = stmt_get(st, "SELECT id FROM boards WHERE name = ? COLLATE NOCASE ORDER BY id", e);
	if (!s || stmt_bind(s, "t", arg) < 0 || (rc = one_by_name(st, s, "board", arg, id, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "no board \"%s\" (see `lanes boards`)", arg);
	return 0;
}

/* Names are unique, ignoring case, among a level's siblings (an account's
 * boards; a board's columns), so a name given on a command line finds one. */
static int
name_free(struct store *st, const char *sql, lid parent, lid self, const char *name,
    const char *what, struct lanes_err *e)
{
	lid other;
	int rc = stmt_lid(st, e, &other, sql, "iti", parent, name, self);

	if (rc > 0)
		return err_set(e, "there is already a %s named \"%s\" (%lld)", what, name, other);
	return rc;
}

#define BOARD_NAMED "SELECT id FROM boards WHERE name = ?2 COLLATE NOCASE AND id <> ?3 AND" \
	" account = coalesce((SELECT account FROM boards WHERE id = ?3), 'local') LIMIT 1"
#define COLUMN_NAMED "SELECT id FROM columns WHERE board_id = ?1 AND" \
	" name = ?2 COLLATE NOCASE AND id <> ?3 LIMIT 1"

int
check_name(const char *name, const char *what, struct lanes_err *e)
{
	const char *p = name;

	while (*p == ' ')
		p++;
	if (!*p)
		return err_set(e, "a %s needs a name", what);
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return err_set(e, "a %s name cannot hold control characters", what);
	if (strlen(name) > 1024)
		return err_set(e, "a %s name is limited to 1024 bytes", what);
	return 0;
}

static int
board_insert(struct store *st, const char *name, lid *id, struct lanes_err *e)
{
	static const char *const cols[] = { "To Do", "Doing", "Done" };

	if (stmt_exec(st, e, "INSERT INTO boards(name, created_at) VALUES (?, ?)", "ti",
	    name, now_ms() / 1000) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (stmt_exec(st, e, "INSERT INTO columns(board_id, name, position) VALUES (?, ?, ?)",
		    "itd", *id, cols[i], (double)(i + 1)) < 0)
			return -1;
	return 0;
}

int
store_board_add(struct store *st, const char *name, lid *id, struct lanes_err *e)
{
	if (check_name(name, "board", e) < 0 ||
	    name_free(st, BOARD_NAMED, 0, 0, name, "board", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	if (board_insert(st, name, id, e) < 0) {
		txn_rollback(st);
		return -1;
	}
	return txn_commit(st, e);
}

int
store_board_rename(struct store *st, lid board, const char *name, struct lanes_err *e)
{
	if (check_name(name, "board", e) < 0 || store_check_writable(st, e) < 0 ||
	    name_free(st, BOARD_NAMED, 0, board, name, "board", e) < 0)
		return -1;
	return stmt_exec(st, e, "UPDATE boards SET name = ? WHERE id = ?", "ti", name, board);
}

int
store_board_delete(struct store *st, lid board, struct lanes_err *e)
{
	if (store_check_writable(st, e) < 0)
		return -1;
	return stmt_exec(st, e, "DELETE FROM boards WHERE id = ?", "i", board);
}

/* Each fits a column of an 80-column screen (24 columns of text). */
static const char *const welcome_cards[][2] = {
	{ "To Do", "Press ? for help" },
	{ "To Do", "Enter opens a card" },
	{ "To Do", "n adds, r renames" },
	{ "To Do", "d deletes, u undoes" },
	{ "To Do", "H and L move a card" },
	{ "To Do", "c comments, x checklist" },
	{ "To Do", "t starts a timer" },
	{ "To Do", "/ filters the cards" },
	{ "To Do", "B boards, C columns" },
	{ "Doing", "j/k and h/l move around" },
	{ "Done", "Open lanes" },
};

static int
welcome_create(struct store *st, lid *id, struct lanes_err *e)
{
	lid col;

	if (txn_begin(st, e) < 0)
		return -1;
	if (board_insert(st, "Welcome", id, e) < 0)
		goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(welcome_cards); i++) {
		if (stmt_lid(st, e, &col, "SELECT id FROM columns WHERE board_id = ? AND name = ?",
		    "it", *id, welcome_cards[i][0]) <= 0)
			goto fail;
		if (stmt_exec(st, e, "INSERT INTO cards(board_id, column_id, title, position,"
		    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", "iitdii", *id, col,
		    welcome_cards[i][1], (double)(i + 1), now_ms() / 1000, now_ms() / 1000) < 0)
			goto fail;
	}
	return txn_commit(st, e);
fail:
	txn_rollback(st);
	return -1;
}

int
store_board_default(struct store *st, lid *id, struct lanes_err *e)
{
	char *last = store_state_get(st, "last_board");
	int rc = 0;

	if (last && parse_id(last, id))
		rc = stmt_lid(st, e, id, "SELECT id FROM boards WHERE id = ?", "i", *id);
	free(last);
	if (rc == 0)
		rc = stmt_lid(st, e, id, "SELECT id FROM boards WHERE account = 'local' "
		    "ORDER BY id LIMIT 1", "");
	if (rc == 0)
		return welcome_create(st, id, e);
	return rc < 0 ? -1 : 0;
}

static struct card *
column_push(struct column *c)
{
	if (c->ncards == c->cap)
		c->cards = xrealloc(c->cards, sizeof(*c->cards) * (c->cap = c->cap ? c->cap * 2 : 16));
	memset(&c->cards[c->ncards], 0, sizeof(*c->cards));
	return &c->cards[c->ncards++];
}

/* The board's columns into v; with their card counts when counted. */
static int
load_columns(struct store *st, struct board_view *v, bool counted, bool archived,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, counted ? "SELECT id, name, position, wip,"
	    " (SELECT count(*) FROM cards WHERE column_id = k.id AND archived <= ?2)"
	    " FROM columns k WHERE board_id = ?1 ORDER BY position, id"
	    : "SELECT id, name, position, wip FROM columns WHERE board_id = ?1"
	    " ORDER BY position, id", e);
	int cap = 0, rc;

	if (!s || stmt_bind(s, counted ? "in" : "i", v->board.id, (int)archived) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (v->ncols == cap)
			v->cols = xrealloc(v->cols, sizeof(*v->cols) * (cap = cap ? cap * 2 : 8));
		struct column *c = &v->cols[v->ncols++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(s, 0);
		c->name = col_text(s, 1);
		c->position = sqlite3_column_double(s, 2);
		c->wip = sqlite3_column_int(s, 3);
		c->count = counted ? sqlite3_column_int(s, 4) : 0;
		v->board.ncards += c->count;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load columns");
}

/* A due date as the store keeps it (YYYY-MM-DD), or "". */
static void
load_due(sqlite3_stmt *s, int i, char due[11])
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	snprintf(due, 11, "%s", t && strlen(t) == 10 ? t : "");
}

void
card_read(sqlite3_stmt *s, struct column *col, lid timing)
{
	struct card *c = column_push(col);

	c->id = sqlite3_column_int64(s, 0);
	c->column_id = col->id;
	c->title = col_text(s, 1);
	c->position = sqlite3_column_double(s, 2);
	c->completed = sqlite3_column_int(s, 3);
	c->check_total = sqlite3_column_int(s, 4);
	c->check_done = sqlite3_column_int(s, 5);
	c->archived = sqlite3_column_int(s, 6);
	c->priority = priority_from_name((const char *)sqlite3_column_text(s, 7));
	load_due(s, 8, c->due);
	c->labels = col_text(s, 9);
	c->assignees = col_text(s, 10);
	c->comments = sqlite3_column_int(s, 11);
	c->timing = c->id == timing;
}

/* One range scan of the covering index per column. */
static int
load_cards(struct store *st, struct board_view *v, bool archived, struct lanes_err *e)
{
	sqlite3_stmt *s;
	lid timing = 0;
	int rc = SQLITE_DONE;

	if (stmt_lid(st, e, &timing, "SELECT card_id FROM timer", "") < 0)
		return -1;
	s = stmt_get(st, "SELECT " CARD_FIELDS
	    " FROM cards WHERE column_id = ? AND archived <= ? ORDER BY position, id", e);
	if (!s)
		return -1;
	for (int ci = 0; ci < v->ncols && rc == SQLITE_DONE; ci++) {
		struct column *col = &v->cols[ci];

		sqlite3_reset(s);
		if (stmt_bind(s, "in", col->id, (int)archived) < 0)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			card_read(s, col, timing);
		col->count = col->ncards;
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load cards");
}

int
store_board_columns(struct store *st, lid board)
{
	lid n = 0;

	return stmt_lid(st, NULL, &n, "SELECT count(*) FROM columns WHERE board_id = ?", "i",
	    board) < 0 ? -1 : (int)n;
}

char *
store_board_name(struct store *st, lid board)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT name FROM boards WHERE id = ?", NULL);
	char *name;

	if (!s || stmt_bind(s, "i", board) < 0 || sqlite3_step(s) != SQLITE_ROW)
		return NULL;
	name = col_text(s, 0);
	sqlite3_reset(s);
	return name;
}

int
store_board_load(struct store *st, lid board, struct board_view *v, struct lanes_err *e)
{
	return store_board_load_all(st, board, false, v, e);
}

/* The board's own row and its columns into v, which is cleared first;
 * with the columns' card counts when counted. */
static int
load_board(struct store *st, lid board, bool counted, bool archived, struct board_view *v,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT name, account, remote_id FROM boards WHERE id = ?", e);

	memset(v, 0, sizeof(*v));
	if (!s || stmt_bind(s, "i", board) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		return err_set(e, "no board with id %lld", board);
	v->board.id = board;
	v->board.name = col_text(s, 0);
	v->board.account = col_text(s, 1);
	v->board.remote_id = col_text(s, 2);
	sqlite3_reset(s);
	if (load_columns(st, v, counted, archived, e) < 0) {
		board_view_free(v);
		return -1;
	}
	return 0;
}

int
store_board_load_all(struct store *st, lid board, bool archived, struct board_view *v,
    struct lanes_err *e)
{
	if (load_board(st, board, false, archived, v, e) < 0)
		return -1;
	if (load_cards(st, v, archived, e) < 0) {
		board_view_free(v);
		return -1;
	}
	for (int i = 0; i < v->ncols; i++)
		v->board.ncards += v->cols[i].ncards;
	return 0;
}

int
store_board_head(struct store *st, lid board, bool archived, struct board_view *v,
    struct lanes_err *e)
{
	return load_board(st, board, true, archived, v, e);
}

int
column_board(struct store *st, lid col, lid *board, struct lanes_err *e)
{
	int rc = stmt_lid(st, e, board, "SELECT board_id FROM columns WHERE id = ?", "i", col);

	if (rc == 0)
		return err_set(e, "no column with id %lld", col);
	return rc < 0 ? -1 : 0;
}

int
store_column_find(struct store *st, lid board, const char *arg, lid *id, struct lanes_err *e)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (parse_id(arg, id))
		rc = stmt_lid(st, e, id, "SELECT id FROM columns WHERE id = ? AND board_id = ?",
		    "ii", *id, board);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	s = stmt_get(st, "SELECT id FROM columns WHERE board_id = ? AND name = ? COLLATE NOCASE"
	    " ORDER BY position, id", e);
	if (!s || stmt_bind(s, "it", board, arg) < 0 ||
	    (rc = one_by_name(st, s, "column", arg, id, e)) < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "no column \"%s\" on this board", arg);
	return 0;
}

/* Column ids of a board in display order; *n set, malloc'd array. */
static lid *
column_ids(struct store *st, lid board, int *n, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id FROM columns WHERE board_id = ? "
	    "ORDER BY position, id", e);
	lid *ids = NULL;
	int cap = 0;

	*n = 0;
	if (!s || stmt_bind(s, "i", board) < 0)
		return NULL;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (*n == cap)
			ids = xrealloc(ids, sizeof(*ids) * (cap = cap ? cap * 2 : 8));
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	}
	return ids;
}

/* Columns are few, so their positions are simply rewritten as 1..n with
 * col placed at index (clamped). */
int
column_place_do(struct store *st, lid col, int index, bool undoable, struct lanes_err *e)
{
	lid board;
	int n, from = -1, rc = 0;
	lid *ids;

	if (column_board(st, col, &board, e) < 0)
		return -1;
	ids = column_ids(st, board, &n, e);
	for (int i = 0; i < n; i++)
		if (ids[i] == col)
			from = i;
	if (from < 0) {
		free(ids);
		return err_set(e, "no column with id %lld", col);
	}
	index = index < 0 || index >= n ? n - 1 : index;
	memmove(ids + from, ids + from + 1, sizeof(*ids) * (n - from - 1));
	memmove(ids + index + 1, ids + index, sizeof(*ids) * (n - 1 - index));
	ids[index] = col;
	for (int i = 0; i < n && rc == 0; i++)
		rc = stmt_exec(st, e, "UPDATE columns SET position = ? WHERE id = ?", "di",
		    (double)(i + 1), ids[i]);
	free(ids);
	if (rc == 0 && from != index)
		rc = outbox_for_edit(st, board, "column.place", col, NULL, NULL, e);
	if (rc == 0 && undoable && from != index) {
		cJSON *inv = cJSON_CreateObject();
		cJSON_AddStringToObject(inv, "op", "column.place");
		cJSON_AddNumberToObject(inv, "id", (double)col);
		cJSON_AddNumberToObject(inv, "index", from);
		rc = undo_push(st, true, board, inv, e, "move column %s %s",
		    undo_column(st, col), index < from ? "left" : "right");
	}
	return rc;
}

static int
column_index(struct store *st, lid board, lid col)
{
	int n, at = -1;
	lid *ids = column_ids(st, board, &n, NULL);

	for (int i = 0; i < n; i++)
		if (ids[i] == col)
			at = i;
	free(ids);
	return at;
}

int
store_column_add(struct store *st, lid board, const char *name, lid after, lid *id,
    struct lanes_err *e)
{
	int rc, at;

	if (check_name(name, "column", e) < 0 ||
	    name_free(st, COLUMN_NAMED, board, 0, name, "column", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	at = after ? column_index(st, board, after) + 1 : -1;
	rc = stmt_exec(st, e, "INSERT INTO columns(board_id, name, position) VALUES (?, ?, 1e9)",
	    "it", board, name);
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = column_place_do(st, *id, at, false, e);
	}
	if (rc == 0)
		rc = outbox_for_edit(st, board, "column.add", *id, NULL, NULL, e);
	if (rc == 0) {
		cJSON *inv = cJSON_CreateObject();
		cJSON_AddStringToObject(inv, "op", "column.delete");
		cJSON_AddNumberToObject(inv, "id", (double)*id);
		rc = undo_push(st, true, board, inv, e, "add column %s",
		    undo_column(st, *id));
	}
	return txn_end(st, rc, e);
}

int
store_column_shift(struct store *st, lid col, int delta, struct lanes_err *e)
{
	lid board;
	int at;

	if (column_board(st, col, &board, e) < 0 || txn_begin(st, e) < 0)
		return -1;
	at = column_index(st, board, col) + delta;
	if (at < 0)
		return txn_end(st, err_set(e, "already the first column"), e);
	return txn_end(st, column_place_do(st, col, at, true, e), e);
}

int
column_rename_do(struct store *st, lid col, const char *name, bool undoable,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT name, board_id FROM columns WHERE id = ?", e);
	const char *was;
	cJSON *inv;
	lid board;

	if (check_name(name, "column", e) < 0 || !s || stmt_bind(s, "i", col) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		return err_set(e, "no column with id %lld", col);
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "column.rename");
	cJSON_AddNumberToObject(inv, "id", (double)col);
	cJSON_AddStringToObject(inv, "name", (const char *)sqlite3_column_text(s, 0));
	board = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	was = undo_column(st, col);
	if (stmt_exec(st, e, "UPDATE columns SET name = ? WHERE id = ?", "ti", name, col) < 0 ||
	    outbox_for_edit(st, board, "column.rename", col, NULL, NULL, e) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, undoable, board, inv, e, "rename column %s to %s", was,
	    undo_column(st, col));
}

int
store_column_rename(struct store *st, lid col, const char *name, struct lanes_err *e)
{
	lid board;

	if (column_board(st, col, &board, e) < 0 ||
	    name_free(st, COLUMN_NAMED, board, col, name, "column", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, column_rename_do(st, col, name, true, e), e);
}

int
column_delete_do(struct store *st, lid col, bool undoable, struct lanes_err *e)
{
	lid board, ncards = 0, archived = 0;
	const char *was = undo_column(st, col);
	cJSON *inv;

	if (column_board(st, col, &board, e) < 0 ||
	    stmt_lid(st, e, &ncards, "SELECT count(*) FROM cards WHERE column_id = ?", "i", col) < 0 ||
	    stmt_lid(st, e, &archived, "SELECT count(*) FROM cards WHERE column_id = ? AND"
	    " archived", "i", col) < 0)
		return -1;
	/* archived cards are not shown, so they are named */
	if (ncards)
		return err_set(e, "the column holds %lld card%s%s; move or delete them first%s",
		    ncards, ncards == 1 ? "" : "s", archived ? ", archived ones too" : "",
		    archived ? " (Z shows archived cards)" : "");
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "restore");
	cJSON_AddItemToObject(inv, "columns", rows_snapshot(st, "columns", "id", col, e));
	if (outbox_for_edit(st, board, "column.delete", col, NULL, NULL, e) < 0 ||
	    stmt_exec(st, e, "DELETE FROM columns WHERE id = ?", "i", col) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, undoable, board, inv, e, "delete column %s", was);
}

/* The limit is this machine's alone: no outbox op, whatever the service. */
int
column_wip_do(struct store *st, lid col, int limit, bool undoable, struct lanes_err *e)
{
	lid board, was = 0;
	cJSON *inv;
	char what[48] = "clear the WIP limit of %s";

	if (column_board(st, col, &board, e) < 0 ||
	    stmt_lid(st, e, &was, "SELECT wip FROM columns WHERE id = ?", "i", col) < 0 ||
	    stmt_exec(st, e, "UPDATE columns SET wip = ? WHERE id = ?", "ii", (lid)limit, col) < 0)
		return -1;
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "column.wip");
	cJSON_AddNumberToObject(inv, "id", (double)col);
	cJSON_AddNumberToObject(inv, "wip", (double)was);
	if (limit)
		snprintf(what, sizeof(what), "set the WIP limit of %%s to %d", limit);
	return undo_push(st, undoable, board, inv, e, what, undo_column(st, col));
}

int
store_column_set_wip(struct store *st, lid col, int limit, struct lanes_err *e)
{
	if (limit < 0 || limit > WIP_MAX)
		return err_set(e, "a WIP limit is a number from 1 to %d", WIP_MAX);
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, column_wip_do(st, col, limit, true, e), e);
}

int
store_column_delete(struct store *st, lid col, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, column_delete_do(st, col, true, e), e);
}
