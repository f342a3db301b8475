/* Accounts, the boards they keep, and the service ids of rows. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lanes/outbox.h"
#include "outbox-private.h"

/* One statement per table, as the statement cache is keyed by literal. */
static const struct {
	const char *table, *get, *find, *clear, *set, *drop_dup, *drop;
} tables[] = {
	{ "cards", "SELECT remote_id FROM cards WHERE id = ?",
	  "SELECT 1 FROM cards WHERE remote_id = ? LIMIT 1",
	  "UPDATE cards SET remote_id = NULL WHERE id = ?", NULL, NULL, NULL },
	{ "columns", "SELECT remote_id FROM columns WHERE id = ?",
	  "SELECT 1 FROM columns WHERE remote_id = ? LIMIT 1",
	  "UPDATE columns SET remote_id = NULL WHERE id = ?", NULL, NULL, NULL },
	{ "comments", "SELECT remote_id FROM comments WHERE id = ?",
	  "SELECT 1 FROM comments WHERE remote_id = ? LIMIT 1",
	  "UPDATE comments SET remote_id = NULL WHERE id = ?",
	  "UPDATE comments SET remote_id = ?1 WHERE id = ?2",
	  "DELETE FROM comments WHERE remote_id = ?1 AND id <> ?2 AND"
	  " card_id = (SELECT card_id FROM comments WHERE id = ?2)",
	  "DELETE FROM comments WHERE id = ? AND remote_id IS NULL" },
	{ "check_items", "SELECT remote_id FROM check_items WHERE id = ?",
	  "SELECT 1 FROM check_items WHERE remote_id = ? LIMIT 1",
	  "UPDATE check_items SET remote_id = NULL WHERE id = ?",
	  "UPDATE check_items SET remote_id = ?1 WHERE id = ?2",
	  "DELETE FROM check_items WHERE remote_id = ?1 AND id <> ?2 AND"
	  " card_id = (SELECT card_id FROM check_items WHERE id = ?2)",
	  "DELETE FROM check_items WHERE id = ? AND remote_id IS NULL" },
	{ "time_entries", "SELECT remote_id FROM time_entries WHERE id = ?",
	  "SELECT 1 FROM time_entries WHERE remote_id = ? LIMIT 1",
	  "UPDATE time_entries SET remote_id = NULL WHERE id = ?",
	  "UPDATE time_entries SET remote_id = ?1 WHERE id = ?2",
	  "DELETE FROM time_entries WHERE remote_id = ?1 AND id <> ?2 AND"
	  " card_id = (SELECT card_id FROM time_entries WHERE id = ?2)",
	  "DELETE FROM time_entries WHERE id = ? AND remote_id IS NULL" },
};

static int
table_index(const char *table)
{
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		if (str_eq(tables[i].table, table))
			return (int)i;
	die("no service ids in table %s", table);
}

/* The first column of the one row s finds, malloc'd, or NULL. */
static char *
step_text(sqlite3_stmt *s)
{
	char *v = NULL;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = col_text(s, 0);
	if (s)
		sqlite3_reset(s);
	return v;
}

char *
row_remote(struct store *st, const char *table, lid id)
{
	sqlite3_stmt *s = stmt_get(st, tables[table_index(table)].get, NULL);

	if (!s || stmt_bind(s, "i", id) < 0)
		return NULL;
	return step_text(s);
}

bool
remote_known(struct store *st, const char *table, const char *remote)
{
	lid one = 0;

	return stmt_lid(st, NULL, &one, tables[table_index(table)].find, "t", remote) > 0;
}

int
clear_remote(struct store *st, const char *table, lid id, struct lanes_err *e)
{
	return stmt_exec(st, e, tables[table_index(table)].clear, "i", id);
}

int
child_set_remote(struct store *st, const char *table, lid row, const char *remote,
    struct lanes_err *e)
{
	int i = table_index(table);

	if (!tables[i].set)
		return err_set(e, "%s are not child rows", table);
	if (stmt_exec(st, e, tables[i].drop_dup, "ti", remote, row) < 0)
		return -1;
	return stmt_exec(st, e, tables[i].set, "ti", remote, row);
}

int
child_delete_unsynced(struct store *st, const char *table, lid row, struct lanes_err *e)
{
	int i = table_index(table);

	if (!tables[i].drop)
		return err_set(e, "%s are not child rows", table);
	return stmt_exec(st, e, tables[i].drop, "i", row);
}

int
store_release(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int n = 0;

	while ((s = sqlite3_next_stmt(st->db, s)))
		if (sqlite3_stmt_busy(s)) {
			sqlite3_reset(s);
			n++;
		}
	return n;
}

char *
board_account_of(struct store *st, lid board)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT account FROM boards WHERE id = ? AND"
	    " account <> 'local'", NULL);

	if (!s || stmt_bind(s, "i", board) < 0)
		return NULL;
	return step_text(s);
}

char *
store_board_readonly(struct store *st, lid board)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT readonly FROM boards WHERE id = ?", NULL);

	if (!s || stmt_bind(s, "i", board) < 0)
		return NULL;
	return step_text(s);
}

/* -1 with e set when the service lets this user only read board. */
int
board_refuses(struct store *st, lid board, struct lanes_err *e)
{
	char *why = store_board_readonly(st, board);

	if (!why)
		return 0;
	err_set(e, "%s", why);
	free(why);
	return -1;
}

char *
store_board_sync_point(struct store *st, lid board)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT sync_point FROM boards WHERE id = ?", NULL);

	if (!s || stmt_bind(s, "i", board) < 0)
		return NULL;
	return step_text(s);
}

int
store_board_set_sync_point(struct store *st, lid board, const char *point,
    struct lanes_err *e)
{
	return stmt_exec(st, e, "UPDATE boards SET sync_point = ?1 WHERE id = ?2 AND"
	    " sync_point IS NOT ?1", "ti", point, board);
}

char *
board_remote_of(struct store *st, lid board)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT remote_id FROM boards WHERE id = ?", NULL);

	if (!s || stmt_bind(s, "i", board) < 0)
		return NULL;
	return step_text(s);
}

char *
store_card_remote(struct store *st, lid card)
{
	return row_remote(st, "cards", card);
}

int
store_account_ensure(struct store *st, const char *name, const char *service,
    struct lanes_err *e)
{
	if (store_readonly_reason(st))
		return 0;
	return stmt_exec(st, e, "INSERT INTO accounts(name, service) VALUES (?1, ?2)"
	    " ON CONFLICT(name) DO UPDATE SET service = ?2", "tt", name, service);
}

char *
store_account_state(struct store *st, const char *name)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT state FROM accounts WHERE name = ?", NULL);

	if (!s || stmt_bind(s, "t", name) < 0)
		return NULL;
	return step_text(s);
}

/* The state may hold tokens: the database's files are made readable by
 * the user alone before it is written, and it is on disk on return. */
int
store_account_set_state(struct store *st, const char *name, const char *json,
    struct lanes_err *e)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };

	if (store_readonly_reason(st))
		return err_set(e, "%s", store_readonly_reason(st));
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *f = xasprintf("%s%s", st->path, suffixes[i]);

		if (chmod(f, 0600) < 0 && errno != ENOENT) {
			err_set(e, "cannot make %s private: %s", f, strerror(errno));
			free(f);
			return -1;
		}
		free(f);
	}
	if (stmt_exec(st, e, "UPDATE accounts SET state = ? WHERE name = ?", "tt", json,
	    name) < 0)
		return -1;
	return store_flush(st, e);
}

char *
store_account_user(struct store *st, const char *name)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT user_id FROM accounts WHERE name = ?", NULL);

	if (!s || stmt_bind(s, "t", name) < 0)
		return NULL;
	return step_text(s);
}

int
store_account_set_user(struct store *st, const char *name, const char *remote)
{
	if (store_readonly_reason(st))
		return -1;
	return stmt_exec(st, NULL, "UPDATE accounts SET user_id = ? WHERE name = ?", "tt",
	    remote, name);
}

int
store_account_last_board(struct store *st, const char *name, lid *board)
{
	int rc = stmt_lid(st, NULL, board, "SELECT a.last_board FROM accounts a JOIN boards b"
	    " ON b.id = a.last_board AND b.account = a.name WHERE a.name = ?", "t", name);

	return rc > 0 ? 1 : 0;
}

int
store_account_set_last_board(struct store *st, const char *name, lid board)
{
	if (store_readonly_reason(st))
		return -1;
	return stmt_exec(st, NULL, "UPDATE accounts SET last_board = ? WHERE name = ?", "it",
	    board, name);
}

int
store_board_remote_of(struct store *st, lid board, char **account, char **remote,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT account, remote_id FROM boards WHERE id = ?", e);

	*account = *remote = NULL;
	if (!s || stmt_bind(s, "i", board) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return err_set(e, "no board with id %lld", board);
	}
	*account = col_text(s, 0);
	*remote = col_text(s, 1);
	sqlite3_reset(s);
	return 0;
}

int
store_board_for_remote(struct store *st, const char *account, const char *remote,
    const char *name, lid *board, struct lanes_err *e)
{
	int rc = stmt_lid(st, e, board, "SELECT id FROM boards WHERE account = ? AND"
	    " remote_id = ?", "tt", account, remote);

	if (rc < 0)
		return -1;
	if (rc > 0)
		return name && !store_readonly_reason(st) ? stmt_exec(st, e,
		    "UPDATE boards SET name = ? WHERE id = ? AND name <> ?", "tit", name, *board, name)
		    : 0;
	if (store_check_writable(st, e) < 0)
		return -1;
	if (stmt_exec(st, e, "INSERT INTO boards(account, remote_id, name, created_at)"
	    " VALUES (?, ?, ?, ?)", "ttti", account, remote, name && *name ? name : remote,
	    now_ms() / 1000) < 0)
		return -1;
	*board = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_account_board_find(struct store *st, const char *account, const char *arg, lid *board,
    struct lanes_err *e)
{
	sqlite3_stmt *s;
	int rc = stmt_lid(st, e, board, "SELECT id FROM boards WHERE account = ?1 AND"
	    " (CAST(id AS TEXT) = ?2 OR remote_id = ?2) ORDER BY id LIMIT 1", "tt", account, arg);

	if (rc != 0)
		return rc;
	/* a service's names need not be unique */
	s = stmt_get(st, "SELECT id FROM boards WHERE account = ? AND name = ? COLLATE NOCASE"
	    " ORDER BY id", e);
	if (!s || stmt_bind(s, "tt", account, arg) < 0)
		return -1;
	return one_by_name(st, s, "board", arg, board, e);
}

int
store_account_boards(struct store *st, const char *account, lid **boards, int *n,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id FROM boards WHERE account = ? ORDER BY id", e);
	int cap = 0, rc;

	*boards = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "t", account) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*boards = xrealloc(*boards, sizeof(**boards) * (size_t)(cap = cap ? cap * 2 : 8));
		(*boards)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot list boards");
}
