/* Time tracking: the running timer and the time entries of a card. The
 * timer is a row, not a clock in memory, so it survives a quit, a crash,
 * kill -9 and a reboot; elapsed time is always now - started_at. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/timefmt.h"
#include "private.h"

static long long
now_s(void)
{
	return now_ms() / 1000;
}

/* Reads the timer row: 1 running (card and start set), 0 none, -1 error. */
static int
timer_row(struct store *st, lid *card, long long *started, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT card_id, started_at FROM timer WHERE id = 1", e);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*card = sqlite3_column_int64(s, 0);
		*started = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_ROW ? 1 : db_error(st, e, "cannot read the timer");
}

int
timer_stop_do(struct store *st, lid card, struct timer_stopped *out, struct lanes_err *e)
{
	lid running = 0;
	long long started = 0, secs;
	int rc = timer_row(st, &running, &started, e);

	if (rc <= 0 || (card && running != card))
		return rc < 0 ? -1 : 0;
	/* a clock set back while the timer ran must not make a zero entry */
	secs = now_s() - started;
	if (secs < 1)
		secs = 1;
	if (stmt_exec(st, e, "INSERT INTO time_entries(card_id, started_at, seconds, created_at) "
	    "VALUES (?, ?, ?, ?)", "iiii", running, (lid)started, (lid)secs, (lid)now_s()) < 0 ||
	    outbox_timer_stop(st, running, sqlite3_last_insert_rowid(st->db), e) < 0)
		return -1;
	if (out) {
		out->card = running;
		out->entry = sqlite3_last_insert_rowid(st->db);
		out->seconds = (long)secs;
	}
	return stmt_exec(st, e, "DELETE FROM timer", "") < 0 ? -1 : 1;
}

int
store_timer_start(struct store *st, lid card, struct timer_stopped *stopped,
    struct lanes_err *e)
{
	lid board, running = 0;
	long long started;
	int rc;

	if (stopped)
		memset(stopped, 0, sizeof(*stopped));
	if (txn_begin(st, e) < 0)
		return -1;
	rc = card_board(st, card, &board, e) < 0 ? -1 : timer_row(st, &running, &started, e);
	if (rc == 1 && running == card) {
		txn_rollback(st);
		return 1;
	}
	if (rc >= 0)
		rc = timer_stop_do(st, 0, stopped, e);
	if (rc >= 0)
		rc = stmt_exec(st, e, "INSERT INTO timer(id, card_id, started_at) VALUES (1, ?, ?)",
		    "ii", card, (lid)now_s());
	if (rc >= 0)
		rc = outbox_timer_start(st, card, e);
	return txn_end(st, rc < 0 ? -1 : 0, e);
}

int
store_timer_stop(struct store *st, struct timer_stopped *stopped, struct lanes_err *e)
{
	int rc;

	if (stopped)
		memset(stopped, 0, sizeof(*stopped));
	if (txn_begin(st, e) < 0)
		return -1;
	rc = timer_stop_do(st, 0, stopped, e);
	if (txn_end(st, rc < 0 ? -1 : 0, e) < 0)
		return -1;
	return rc;
}

int
store_timer_status(struct store *st, struct timer_status *ts, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT t.card_id, t.started_at, c.board_id, c.title "
	    "FROM timer t JOIN cards c ON c.id = t.card_id WHERE t.id = 1", e);
	int rc;

	memset(ts, 0, sizeof(*ts));
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ts->card = sqlite3_column_int64(s, 0);
		ts->started_at = sqlite3_column_int64(s, 1);
		ts->board = sqlite3_column_int64(s, 2);
		ts->title = col_text(s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_ROW ? 1 : db_error(st, e, "cannot read the timer");
}

void
timer_status_free(struct timer_status *ts)
{
	x_free(&ts->title);
	ts->card = 0;
}

static void
entry_read(sqlite3_stmt *s, struct card_time_entry *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->seconds = (long)sqlite3_column_int64(s, 1);
	t->started_at = sqlite3_column_int64(s, 2); /* NULL reads as 0: unknown */
	t->note = col_text(s, 3);
	t->created_at = sqlite3_column_int64(s, 4);
}

static int
log_title(struct store *st, struct time_log *log, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT title FROM cards WHERE id = ?", e);
	int rc;

	if (!s || stmt_bind(s, "i", log->card) < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		log->title = col_text(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(e, "no card with id %lld", log->card);
	return rc == SQLITE_ROW ? 0 : db_error(st, e, "cannot read the card");
}

int
store_time_log(struct store *st, lid card, struct time_log *log, struct lanes_err *e)
{
	sqlite3_stmt *s;
	int cap = 0, rc;

	memset(log, 0, sizeof(*log));
	log->card = card;
	if (log_title(st, log, e) < 0)
		return -1;
	s = stmt_get(st, "SELECT id, seconds, started_at, note, created_at FROM time_entries "
	    "WHERE card_id = ? ORDER BY coalesce(started_at, created_at) DESC, id DESC", e);
	if (!s || stmt_bind(s, "i", card) < 0) {
		time_log_free(log);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (log->n == cap)
			log->entries = xrealloc(log->entries, sizeof(*log->entries) *
			    (cap = cap ? cap * 2 : 16));
		entry_read(s, &log->entries[log->n]);
		log->total += log->entries[log->n++].seconds;
	}
	if (rc != SQLITE_DONE) {
		time_log_free(log);
		return db_error(st, e, "cannot list time entries");
	}
	return 0;
}

void
time_log_free(struct time_log *log)
{
	for (int i = 0; i < log->n; i++)
		free(log->entries[i].note);
	free(log->entries);
	free(log->title);
	memset(log, 0, sizeof(*log));
}

static int
check_entry(long seconds, const char *note, struct lanes_err *e)
{
	char buf[32];

	if (seconds < 1)
		return err_set(e, "a time entry needs a duration of at least one second");
	if (seconds > DURATION_MAX) {
		duration_format(DURATION_MAX, buf, sizeof(buf));
		return err_set(e, "a time entry is limited to %s", buf);
	}
	if (note && strlen(note) > 4096)
		return err_set(e, "a time entry's note is limited to 4096 bytes");
	return 0;
}

/* The board an entry's card is on, for its undo record. */
#define ENTRY_CARD "SELECT c.title FROM time_entries t JOIN cards c ON c.id = t.card_id" \
	" WHERE t.id = ?"

static int
entry_board(struct store *st, lid entry, lid *board, struct lanes_err *e)
{
	int rc = stmt_lid(st, e, board, "SELECT c.board_id FROM time_entries t "
	    "JOIN cards c ON c.id = t.card_id WHERE t.id = ?", "i", entry);

	if (rc == 0)
		return err_set(e, "no time entry with id %lld", entry);
	return rc < 0 ? -1 : 0;
}

static cJSON *
row_op(const char *op, lid id)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "op", op);
	cJSON_AddStringToObject(o, "table", "time_entries");
	cJSON_AddNumberToObject(o, "id", (double)id);
	return o;
}

int
store_time_add(struct store *st, lid card, long seconds, const char *note, lid *id,
    struct lanes_err *e)
{
	return store_time_add_at(st, card, seconds, note, 0, id, e);
}

int
store_time_add_at(struct store *st, lid card, long seconds, const char *note,
    long long started_at, lid *id, struct lanes_err *e)
{
	char spent[32];
	lid board;
	int rc;

	if (check_entry(seconds, note, e) < 0 || card_board(st, card, &board, e) < 0 ||
	    txn_begin(st, e) < 0)
		return -1;
	/* a NULL started_at reads back as 0: unknown */
	rc = stmt_exec(st, e, "INSERT INTO time_entries(card_id, seconds, note, created_at, "
	    "started_at) VALUES (?, ?, ?, ?, nullif(?, 0))", "iitii", card, (lid)seconds,
	    note && *note ? note : NULL, (lid)now_s(), (lid)started_at);
	if (rc == 0) {
		lid added = sqlite3_last_insert_rowid(st->db);
		if (id)
			*id = added;
		rc = outbox_for_row(st, "time_entries", added, OUTBOX_ADD, e);
		duration_format(seconds, spent, sizeof(spent));
		if (rc == 0)
			rc = undo_push(st, true, board, row_op("row.delete", added), e, "log %s on %s",
			    spent, undo_name(st, UNDO_CARD, card));
	}
	return txn_end(st, rc, e);
}

/* What undoes an edit: {"op":"row.update","table":"time_entries",
 * "rows":[{"id":N,"seconds":old,"note":old}]} */
static cJSON *
edit_inverse(struct store *st, lid entry, struct lanes_err *e)
{
	static const char *const fields[] = { "seconds", "note" };
	cJSON *snap = rows_snapshot(st, "time_entries", "id", entry, e);
	cJSON *row = cJSON_GetArrayItem(snap, 0), *old = cJSON_CreateObject();
	cJSON *inv = row_op("row.update", entry);

	cJSON_AddNumberToObject(old, "id", (double)entry);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(row, fields[i]);
		cJSON_AddItemToObject(old, fields[i], v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(inv, "rows"), old);
	cJSON_Delete(snap);
	return inv;
}

int
store_time_edit(struct store *st, lid entry, long seconds, const char *note,
    struct lanes_err *e)
{
	lid board;
	cJSON *inv;
	int rc;

	if (check_entry(seconds, note, e) < 0 || entry_board(st, entry, &board, e) < 0 ||
	    txn_begin(st, e) < 0)
		return -1;
	inv = edit_inverse(st, entry, e);
	rc = stmt_exec(st, e, "UPDATE time_entries SET seconds = ?, note = ? WHERE id = ?", "iti",
	    (lid)seconds, note && *note ? note : NULL, entry);
	if (rc == 0)
		rc = outbox_for_row(st, "time_entries", entry, OUTBOX_SET, e);
	if (rc < 0)
		cJSON_Delete(inv);
	else
		rc = undo_push(st, true, board, inv, e, "edit a time entry on %s",
		    undo_name(st, ENTRY_CARD, entry));
	return txn_end(st, rc, e);
}

int
store_time_delete(struct store *st, lid entry, struct lanes_err *e)
{
	lid board;
	cJSON *inv;
	const char *was;
	int rc;

	if (entry_board(st, entry, &board, e) < 0 || txn_begin(st, e) < 0)
		return -1;
	was = undo_name(st, ENTRY_CARD, entry);
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "restore");
	cJSON_AddItemToObject(inv, "time_entries", rows_snapshot(st, "time_entries", "id", entry, e));
	rc = outbox_for_row(st, "time_entries", entry, OUTBOX_DELETE, e);
	if (rc == 0)
		rc = stmt_exec(st, e, "DELETE FROM time_entries WHERE id = ?", "i", entry);
	if (rc < 0)
		cJSON_Delete(inv);
	else
		rc = undo_push(st, true, board, inv, e, "delete a time entry on %s", was);
	return txn_end(st, rc, e);
}
