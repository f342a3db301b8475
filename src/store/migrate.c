/* Schema migrations: ordered, each one a transaction, failing hard. A
 * database from a newer lanes is refused rather than guessed at. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const char *const migrations[] = {
	/* 1: boards, columns, cards, undo, UI state */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE boards(id INTEGER PRIMARY KEY, account TEXT NOT NULL DEFAULT 'local',"
	"  remote_id TEXT, name TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE TABLE columns(id INTEGER PRIMARY KEY,"
	"  board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
	"  remote_id TEXT, name TEXT NOT NULL, position REAL NOT NULL);"
	"CREATE INDEX columns_board ON columns(board_id, position);"
	"CREATE TABLE cards(id INTEGER PRIMARY KEY,"
	"  board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
	"  column_id INTEGER NOT NULL REFERENCES columns(id) ON DELETE CASCADE,"
	"  remote_id TEXT, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
	"  position REAL NOT NULL, priority TEXT, due_on TEXT, start_on TEXT,"
	"  assignees TEXT, labels TEXT, completed INTEGER NOT NULL DEFAULT 0,"
	"  check_total INTEGER NOT NULL DEFAULT 0, check_done INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	/* covering the board's card list, so loading a column reads the index only */
	"CREATE INDEX cards_column ON cards(column_id, position, id, title, completed,"
	"  check_total, check_done);"
	"CREATE INDEX cards_board ON cards(board_id);"
	"CREATE TABLE undo(id INTEGER PRIMARY KEY,"
	"  board_id INTEGER NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
	"  label TEXT NOT NULL, inverse TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE INDEX undo_board ON undo(board_id, id);"
	"CREATE TABLE ui_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);",

	/* 2: what a card pane shows: comments, checklist, time tracking */
	"CREATE TABLE comments(id INTEGER PRIMARY KEY,"
	"  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
	"  remote_id TEXT, author TEXT NOT NULL, mine INTEGER NOT NULL DEFAULT 1,"
	"  system INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL, created_at INTEGER NOT NULL);"
	"CREATE INDEX comments_card ON comments(card_id, created_at);"
	"CREATE TABLE check_items(id INTEGER PRIMARY KEY,"
	"  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
	"  remote_id TEXT, text TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,"
	"  position REAL NOT NULL);"
	"CREATE INDEX check_items_card ON check_items(card_id, position);"
	/* the board shows "done/total" on every card: kept on the card by
	 * triggers, so drawing a board never counts checklists */
	"CREATE TRIGGER check_items_ins AFTER INSERT ON check_items BEGIN"
	"  UPDATE cards SET check_total = check_total + 1, check_done = check_done + NEW.done"
	"  WHERE id = NEW.card_id; END;"
	"CREATE TRIGGER check_items_del AFTER DELETE ON check_items BEGIN"
	"  UPDATE cards SET check_total = check_total - 1, check_done = check_done - OLD.done"
	"  WHERE id = OLD.card_id; END;"
	"CREATE TRIGGER check_items_upd AFTER UPDATE OF done, card_id ON check_items BEGIN"
	"  UPDATE cards SET check_total = check_total - 1, check_done = check_done - OLD.done"
	"  WHERE id = OLD.card_id;"
	"  UPDATE cards SET check_total = check_total + 1, check_done = check_done + NEW.done"
	"  WHERE id = NEW.card_id; END;"
	"CREATE TABLE time_entries(id INTEGER PRIMARY KEY,"
	"  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
	"  remote_id TEXT, started_at INTEGER, seconds INTEGER NOT NULL CHECK (seconds > 0),"
	"  note TEXT, created_at INTEGER NOT NULL);"
	"CREATE INDEX time_entries_card ON time_entries(card_id, created_at);"
	"CREATE TABLE timer(id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
	"  started_at INTEGER NOT NULL);",

	/* 3: remote accounts and the outbox of edits waiting for a service */
	"CREATE TABLE accounts(name TEXT PRIMARY KEY, service TEXT NOT NULL,"
	"  user_id TEXT, last_board INTEGER, synced_at INTEGER);"
	"CREATE TABLE outbox(id INTEGER PRIMARY KEY, account TEXT NOT NULL, op TEXT NOT NULL,"
	"  entity TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0, next_try_at INTEGER NOT NULL DEFAULT 0,"
	"  state TEXT NOT NULL DEFAULT 'pending', last_error TEXT, sent_at INTEGER);"
	"CREATE INDEX outbox_account ON outbox(account, state, id);"
	"CREATE UNIQUE INDEX boards_remote ON boards(account, remote_id);"
	"CREATE UNIQUE INDEX columns_remote ON columns(board_id, remote_id);"
	"CREATE UNIQUE INDEX cards_remote ON cards(board_id, remote_id);",

	/* 4: what each account's backend keeps across runs (JSON) */
	"ALTER TABLE accounts ADD COLUMN state TEXT;",

	/* 5: why the service lets this user only read a board (NULL: it does not) */
	"ALTER TABLE boards ADD COLUMN readonly TEXT;",

	/* 6: undo belongs to the process that made the change (session), with
	 * a redo stack beside it and a guard: what the rows the inverse writes
	 * looked like right after the change, so an undo never lands on
	 * someone else's later edit. Older history had no owner: dropped. */
	"DELETE FROM undo;"
	"ALTER TABLE undo ADD COLUMN session INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE undo ADD COLUMN redo INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE undo ADD COLUMN guard TEXT;"
	"CREATE INDEX undo_session ON undo(session, board_id, redo, id);",

	/* 7: what a card's line on the board shows beside its title. The
	 * comment count is kept on the card by triggers, like check_total, so
	 * drawing a board never counts comments; the covering index grows by
	 * the shown fields, so loading a column still reads the index only.
	 * A column's WIP limit (0: none) is kept on this machine. */
	"ALTER TABLE columns ADD COLUMN wip INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cards ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;"
	"UPDATE cards SET comment_count = (SELECT count(*) FROM comments m"
	"  WHERE m.card_id = cards.id AND m.system = 0);"
	"CREATE TRIGGER comments_ins AFTER INSERT ON comments WHEN NEW.system = 0 BEGIN"
	"  UPDATE cards SET comment_count = comment_count + 1 WHERE id = NEW.card_id; END;"
	"CREATE TRIGGER comments_del AFTER DELETE ON comments WHEN OLD.system = 0 BEGIN"
	"  UPDATE cards SET comment_count = comment_count - 1 WHERE id = OLD.card_id; END;"
	"CREATE TRIGGER comments_upd AFTER UPDATE OF card_id, system ON comments BEGIN"
	"  UPDATE cards SET comment_count = comment_count - (OLD.system = 0)"
	"  WHERE id = OLD.card_id;"
	"  UPDATE cards SET comment_count = comment_count + (NEW.system = 0)"
	"  WHERE id = NEW.card_id; END;"
	"DROP INDEX cards_column;"
	"CREATE INDEX cards_column ON cards(column_id, position, id, title, completed,"
	"  check_total, check_done, priority, due_on, labels, assignees, comment_count);",

	/* 8: an archived card is hidden, not deleted; the board's index
	 * covers it, so loading a column still reads the index only */
	"ALTER TABLE cards ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
	"DROP INDEX cards_column;"
	"CREATE INDEX cards_column ON cards(column_id, position, id, title, completed,"
	"  check_total, check_done, priority, due_on, labels, assignees, comment_count, archived);",

	/* 9: the service's mark of the board's state when it was last
	 * fetched in full (Asana's event sync token), so that a board
	 * nobody changed is not fetched again, in this run or the next */
	"ALTER TABLE boards ADD COLUMN sync_point TEXT;",
};

_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA_VERSION,
    "one migration per schema version");

int
store_schema_version(struct store *st)
{
	lid v = 0;

	if (stmt_lid(st, NULL, &v, "SELECT CAST(value AS INTEGER) FROM meta "
	    "WHERE key = 'schema_version'", "") < 0)
		return -1;
	return (int)v;
}

/* 1: an empty file (new database), 0: has lanes' meta table, -1: something else */
static int
db_is_empty(struct store *st, struct lanes_err *e)
{
	lid n = 0, meta = 0;

	if (stmt_lid(st, e, &n, "SELECT count(*) FROM sqlite_master", "") < 0)
		return err_set(e, "%s is not a lanes database or is corrupt; it was left untouched "
		    "(move it aside to start afresh)", st->path);
	if (n == 0)
		return 1;
	stmt_lid(st, e, &meta, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'", "");
	if (!meta)
		return err_set(e, "%s is not a lanes database; it was left untouched", st->path);
	return 0;
}

static int
migrate_one(struct store *st, int to, struct lanes_err *e)
{
	char v[16];

	if (txn_begin(st, e) < 0)
		return -1;
	if (sqlite3_exec(st->db, migrations[to - 1], NULL, NULL, NULL) != SQLITE_OK) {
		db_error(st, e, "database migration failed");
		txn_rollback(st);
		return -1;
	}
	snprintf(v, sizeof(v), "%d", to);
	if (stmt_exec(st, e, "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "t", v) < 0) {
		txn_rollback(st);
		return -1;
	}
	return txn_commit(st, e);
}

int
store_migrate(struct store *st, struct lanes_err *e)
{
	int empty = db_is_empty(st, e), have;

	if (empty < 0)
		return -1;
	have = empty ? 0 : store_schema_version(st);
	if (have < 0 || (!empty && have == 0))
		return err_set(e, "%s has no schema version; it was left untouched", st->path);
	if (have > STORE_SCHEMA_VERSION)
		return err_set(e, "%s was written by a newer lanes (schema %d, this lanes knows %d); "
		    "upgrade lanes", st->path, have, STORE_SCHEMA_VERSION);
	if (have < STORE_SCHEMA_VERSION && st->ro_reason)
		return err_set(e, "%s needs an upgrade (schema %d to %d) and is read-only: %s",
		    st->path, have, STORE_SCHEMA_VERSION, st->ro_reason);
	for (int v = have + 1; v <= STORE_SCHEMA_VERSION; v++)
		if (migrate_one(st, v, e) < 0)
			return -1;
	return 0;
}
