/* Shared by the store-*.c files only. */
#ifndef LANES_STORE_PRIVATE_H
#define LANES_STORE_PRIVATE_H

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "lanes/store.h"

#define STMT_CACHE 512

struct store {
	sqlite3 *db;
	char *path;
	int lock_fd;
	char *ro_reason;
	bool ro_folder;         /* read-only because no one may write in its folder */
	long owner_pid;         /* the lanes holding the lock, when it is not us */
	lid data_version;       /* PRAGMA data_version when last looked at */
	bool checked;           /* the whole file was checked (store_check) */
	bool unflushed;                 /* a commit store_flush() has not synced */
	lid session;            /* whose undo rows are ours: random, per handle */
	cJSON *replay;          /* while undoing or redoing: the inverses recorded */
	char names[4][96];      /* undo_name()'s answers, used in turn */
	const lid *match;       /* in_match()'s ids while a column query runs */
	int nmatch;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
};

/* A prepared statement for a SQL literal, cached by the literal's address,
 * reset and with its bindings cleared. NULL (and e set) on failure. */
sqlite3_stmt *stmt_get(struct store *st, const char *sql, struct lanes_err *e);
/* Runs a statement that returns no rows, binding lid/text arguments given by
 * a format: 'i' lid, 'd' double, 't' text (NULL binds NULL), 'n' int. */
int stmt_exec(struct store *st, struct lanes_err *e, const char *sql, const char *fmt, ...);
int stmt_bind(sqlite3_stmt *s, const char *fmt, ...);
/* Runs a one-row, one-column integer query; returns 1 found, 0 no row, -1 error. */
int stmt_lid(struct store *st, struct lanes_err *e, lid *out, const char *sql, const char *fmt, ...);
int db_error(struct store *st, struct lanes_err *e, const char *what);

int txn_begin(struct store *st, struct lanes_err *e);
int txn_commit(struct store *st, struct lanes_err *e);
/* Commits when rc is 0, else rolls back; returns rc (or -1 if commit failed). */
int txn_end(struct store *st, int rc, struct lanes_err *e);
void txn_rollback(struct store *st);

int store_migrate(struct store *st, struct lanes_err *e);
/* Adds contains_ci(hay, needle), text_contains_ci() for SQL (search.c). */
int search_register(sqlite3 *db);
/* Adds in_match(id), whether id is in st->match (window.c). */
int window_register(struct store *st);

/* What the board shows of a card, in the order card_read() takes it. */
#define CARD_FIELDS "id, title, position, completed, check_total, check_done," \
	" archived, priority, due_on, labels, assignees, comment_count"
/* The card at s's row (CARD_FIELDS), appended to col; timing is the card
 * the timer runs on. */
void card_read(sqlite3_stmt *s, struct column *col, lid timing);

char *col_text(sqlite3_stmt *s, int i);
bool parse_id(const char *s, lid *id);
int check_name(const char *name, const char *what, struct lanes_err *e);
/* The one id that s (bound, selecting ids) finds for a name: 1 found, 0
 * none, -1 on error or when several match (names from a service, or from
 * before names were unique), e then listing the ids to use instead. */
int one_by_name(struct store *st, sqlite3_stmt *s, const char *what, const char *name, lid *id,
    struct lanes_err *e);

/* Undo: every undoable edit pushes its inverse, an op object such as
 * {"op":"card.move","id":7,"column":2,"position":3.5}, and a label that
 * says what the edit did. store_undo() applies the inverse through the same
 * functions, which record their own inverses: that is the redo. Takes
 * ownership of inverse; when record is false it only frees it. */
int undo_push(struct store *st, bool record, lid board, cJSON *inverse, struct lanes_err *e,
    const char *label_fmt, ...) PRINTF_LIKE(6, 7);
/* A name for a label: the text sql (one ? for id) returns, in quotes and
 * cut to fit; valid until four more calls. A column's name goes bare. */
#define UNDO_CARD "SELECT title FROM cards WHERE id = ?"
const char *undo_name(struct store *st, const char *sql, lid id);
const char *undo_column(struct store *st, lid col);
/* A handle's undo history starts empty and goes when it closes; what a
 * process that died left behind is dropped after a week. */
void undo_session_start(struct store *st);
/* Drops the history older than a week: a write, so after store_check(). */
void undo_expire(struct store *st);
void undo_session_end(struct store *st);
/* Rows of table whose column key equals id, as a JSON array of objects. */
cJSON *rows_snapshot(struct store *st, const char *table, const char *key, lid id,
    struct lanes_err *e);
int rows_restore(struct store *st, const char *table, const cJSON *rows, struct lanes_err *e);

/* The edit primitives, run inside a transaction the caller holds. */
int column_board(struct store *st, lid col, lid *board, struct lanes_err *e);
int column_delete_do(struct store *st, lid col, bool undoable, struct lanes_err *e);
int column_rename_do(struct store *st, lid col, const char *name, bool undoable,
    struct lanes_err *e);
int column_place_do(struct store *st, lid col, int index, bool undoable, struct lanes_err *e);
int column_wip_do(struct store *st, lid col, int limit, bool undoable, struct lanes_err *e);
int card_board(struct store *st, lid card, lid *board, struct lanes_err *e);
int card_delete_do(struct store *st, lid card, bool undoable, struct lanes_err *e);
int card_move_do(struct store *st, lid card, lid column, double position, bool undoable,
    struct lanes_err *e);
int card_set_text_do(struct store *st, lid card, const char *field, const char *value,
    bool undoable, struct lanes_err *e);
double card_position_at(struct store *st, lid column, lid card, int index);
/* Sets a card's yes/no field of op ("card.complete", "card.archive"). */
int card_flag_do(struct store *st, const char *op, lid card, bool on, bool undoable,
    struct lanes_err *e);
/* The field op sets ("completed"), NULL when op sets none. */
const char *card_flag_column(const char *op);
/* Stops the timer if it runs on card (on any card when card is 0) and
 * writes its time entry: 1 stopped, 0 it did not run, -1 error. */
int timer_stop_do(struct store *st, lid card, struct timer_stopped *out, struct lanes_err *e);

/* Sync hooks (outbox-hook.c): an edit of a board kept by a service
 * also queues an outbox op, in the caller's transaction; on local boards
 * they do nothing. op is "card.add", "card.move", "card.set" (with field
 * and value), "card.complete", "card.delete", "column.add",
 * "column.rename", "column.place" or "column.delete"; id is the card or
 * column. The hooks read the row, so call them after an add or a change
 * and before a delete. */
int outbox_for_edit(struct store *st, lid board, const char *op, lid id, const char *field,
    const char *value, struct lanes_err *e);
enum outbox_change { OUTBOX_ADD, OUTBOX_SET, OUTBOX_DELETE };
int outbox_for_row(struct store *st, const char *table, lid id, enum outbox_change change,
    struct lanes_err *e);
/* The service's own timer (outbox-hook.c): its start on card queued; its
 * stop as the entry row it made: a stop op, or, where the start never
 * left this machine (or the service runs no timer), the entry itself. */
int outbox_timer_start(struct store *st, lid card, struct lanes_err *e);
int outbox_timer_stop(struct store *st, lid card, lid entry, struct lanes_err *e);
/* After a checklist item moved: on a board kept by a service, queues
 * "check.move" naming the item now above it, or below it when it became
 * first. */
int outbox_for_check_move(struct store *st, lid item, struct lanes_err *e);
/* After undo put back rows (a "restore" inverse). */
int outbox_for_restore(struct store *st, const cJSON *restore, struct lanes_err *e);

#endif
