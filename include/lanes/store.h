/* The SQLite store: the truth on this machine. Every user edit is one
 * transaction that changes the cached rows and records how to undo it. */
#ifndef LANES_STORE_H
#define LANES_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/model.h"
#include "lanes/util.h"

struct store;

/* Any number of lanes may write one database at once (SQLite's WAL).
 * One of them at a time holds its lock: that one runs the sync engine,
 * and sends what the others queued; when it quits, another takes it. */
enum store_open_flags {
	STORE_WRITE = 1,        /* open to write, and take the lock if it is free */
	/* the whole-file check (every page read: 30 ms at 100,000 cards) waits
	 * for store_check(), which the first write runs when no one did */
	STORE_CHECK_LATER = 2,
};

#define STORE_SCHEMA_VERSION 9

/* Default path: $XDG_DATA_HOME/lanes/lanes.db, malloc'd. */
char *store_default_path(void);
int store_open(const char *path, unsigned flags, struct store **out, struct lanes_err *e);
void store_close(struct store **st);
/* Whether this process holds the database's lock (runs the sync engine);
 * store_try_own takes it if it has become free: 1 taken, 0 not. */
bool store_owner(const struct store *st);
int store_try_own(struct store *st);
/* The pid of the lanes that holds the lock (0 when unknown). */
long store_owner_pid(const struct store *st);
/* Whether another process committed to the database since the last call. */
bool store_changed_elsewhere(struct store *st);
/* Why the store is read-only, or NULL when it is writable. */
const char *store_readonly_reason(const struct store *st);
/* 0, or -1 with e saying why the store cannot be written. */
int store_check_writable(struct store *st, struct lanes_err *e);
/* Checks the whole file once, if store_open() did not: a damaged one is
 * refused, untouched. */
int store_check(struct store *st, struct lanes_err *e);
int store_schema_version(struct store *st);
/* Durable (the default) waits for the disk on every commit; bulk imports
 * and benchmarks may turn that off for speed. */
int store_set_durable(struct store *st, bool durable);
/* For the UI: a commit becomes a write() into the WAL (which a crash of
 * lanes cannot lose) and store_flush() makes it durable against power
 * loss, so the frame showing an edit is drawn before the disk is waited
 * for. The UI flushes every loop turn after drawing, the sync engine
 * before it sends anything, store_close always. */
int store_defer_sync(struct store *st);
int store_flush(struct store *st, struct lanes_err *e);
/* Whether a commit is still waiting for store_flush(). */
bool store_unflushed(const struct store *st);

/* Boards. name_or_id: a decimal id, or a name matched case-insensitively. */
int store_boards(struct store *st, struct board **out, int *n, struct lanes_err *e);
void boards_free(struct board **b, int n);
int store_board_find(struct store *st, const char *name_or_id, lid *id, struct lanes_err *e);
int store_board_add(struct store *st, const char *name, lid *id, struct lanes_err *e);
int store_board_rename(struct store *st, lid board, const char *name, struct lanes_err *e);
int store_board_delete(struct store *st, lid board, struct lanes_err *e);
/* The board to open: the last one opened, else the first, else a new
 * "Welcome" board with example cards. */
int store_board_default(struct store *st, lid *id, struct lanes_err *e);
char *store_board_name(struct store *st, lid board); /* malloc'd; NULL when gone */
/* How many columns the board has; -1 on error. */
int store_board_columns(struct store *st, lid board);
/* The board and its columns with their counts (archived cards counted
 * when archived), in one query, and no cards: the board pane loads a
 * window of each column with store_column_window(). */
int store_board_head(struct store *st, lid board, bool archived, struct board_view *v,
    struct lanes_err *e);

/* How a column is viewed: the stored order, or sorted for reading only. */
enum card_order { ORDER_STORED, ORDER_DUE, ORDER_PRIORITY, ORDER_COUNT };

/* A column as the board shows it: its cards in an order, archived ones
 * too or not, and when match is set only the cards it holds (ids, sorted). */
struct column_query {
	lid column;
	bool archived;
	enum card_order order;
	const lid *match;
	int nmatch;
};
/* Replaces col's cards with the cards [first, first + limit) of q's view:
 * one range of the covering index cards_column. */
int store_column_window(struct store *st, const struct column_query *q, int first, int limit,
    struct column *col, struct lanes_err *e);
/* How many cards q's view holds; -1 on error. */
int store_column_count(struct store *st, const struct column_query *q, struct lanes_err *e);
/* The index of card in q's view; -1 when it is not in it or on error. */
int store_column_index(struct store *st, const struct column_query *q, lid card,
    struct lanes_err *e);

/* The column card is in: 1 found, 0 no such card, -1 on error. */
int store_card_column(struct store *st, lid card, lid *column, struct lanes_err *e);

/* Without its archived cards; store_board_load_all() takes them too. */
int store_board_load(struct store *st, lid board, struct board_view *v, struct lanes_err *e);
int store_board_load_all(struct store *st, lid board, bool archived, struct board_view *v,
    struct lanes_err *e);

/* Columns. */
int store_column_find(struct store *st, lid board, const char *name_or_id, lid *id,
    struct lanes_err *e);
int store_column_add(struct store *st, lid board, const char *name, lid after, lid *id,
    struct lanes_err *e);
int store_column_rename(struct store *st, lid col, const char *name, struct lanes_err *e);
int store_column_shift(struct store *st, lid col, int delta, struct lanes_err *e);
int store_column_delete(struct store *st, lid col, struct lanes_err *e);
/* A column's WIP limit: 1 to WIP_MAX cards, 0 for none. Kept on this
 * machine whatever the board's service; undoable. */
#define WIP_MAX 999
int store_column_set_wip(struct store *st, lid col, int limit, struct lanes_err *e);

/* Cards. index: position within the target column, 0 = top, -1 = bottom. */
int store_card_add(struct store *st, lid column, const char *title, int index, lid *id,
    struct lanes_err *e);
int store_card_rename(struct store *st, lid card, const char *title, struct lanes_err *e);
/* *position (may be NULL) gets the card's new position value. */
int store_card_move(struct store *st, lid card, lid column, int index, double *position,
    struct lanes_err *e);
int store_card_delete(struct store *st, lid card, struct lanes_err *e);
/* Marks the card done (1) or not done (0), or flips it (-1); undoable.
 * Returns the new state, or -1. */
int store_card_complete(struct store *st, lid card, int done, struct lanes_err *e);
/* Archives the card (1: hidden from the board, kept) or brings it back
 * (0), or flips it (-1); undoable. Returns the new state, or -1. */
int store_card_archive(struct store *st, lid card, int archived, struct lanes_err *e);
int store_card_board(struct store *st, lid card, lid *board, struct lanes_err *e);
/* Parses a card id given on a command line and checks that it exists. */
int store_card_find(struct store *st, const char *arg, lid *card, struct lanes_err *e);

/* Undo and redo belong to the store handle that made the change (one
 * window, one command): store_undo() takes back this handle's newest
 * change to a board, store_redo() makes the newest undone one again; a new
 * change ends what can be redone. 1 when something was done (its label,
 * such as `move "Fix login" to Doing`, copied to what), 0 when there was
 * nothing, -1 on error. A change whose rows someone else has changed since
 * is refused and dropped, with the reason in e. */
#define STORE_UNDO_LABEL 192
int store_undo(struct store *st, lid board, char *what, size_t n, struct lanes_err *e);
int store_redo(struct store *st, lid board, char *what, size_t n, struct lanes_err *e);

/* Cards whose title, labels or description hold text, ignoring case
 * (text_contains_ci): of one board (archived ones too: the board shows
 * them on request), or of every board when board is 0, where archived
 * cards are left out as `cards` leaves them; in board, column and card
 * order. */
struct search_hit {
	lid card, board, column;
	char *title, *board_name, *column_name;
};
int store_search(struct store *st, lid board, const char *text, struct search_hit **out, int *n,
    struct lanes_err *e);
void search_hits_free(struct search_hit **h, int n);

/* Small persistent UI state (last board, selection). */
char *store_state_get(struct store *st, const char *key);
int store_state_set(struct store *st, const char *key, const char *value);

/* card details: a card with its comments, checklist and time entries, and
 * the edits the card, comments and checklist panes make. Each edit is one
 * transaction and can be undone with store_undo(). */
int store_card_detail(struct store *st, lid card, struct card_detail *d, struct lanes_err *e);
void card_detail_free(struct card_detail *d);
#define STORE_DESCRIPTION_MAX ((size_t)1 << 20)
#define STORE_COMMENT_MAX ((size_t)64 << 10)
int store_card_set_description(struct store *st, lid card, const char *text,
    struct lanes_err *e);
/* none, low, medium or high ("" means none); anything else is refused. */
int store_card_set_priority(struct store *st, lid card, const char *priority,
    struct lanes_err *e);
/* Any date date_parse() takes; "" or "none" clears it. A bad date is refused. */
int store_card_set_due(struct store *st, lid card, const char *date, struct lanes_err *e);
int store_card_set_start(struct store *st, lid card, const char *date, struct lanes_err *e);
/* Comma-separated; blanks and repeats are dropped, "" clears them. */
int store_card_set_labels(struct store *st, lid card, const char *labels, struct lanes_err *e);
int store_card_set_assignees(struct store *st, lid card, const char *names,
    struct lanes_err *e);
/* Written by $USER (or "me"); only such comments may be deleted. */
int store_comment_add(struct store *st, lid card, const char *body, lid *id,
    struct lanes_err *e);
int store_comment_delete(struct store *st, lid comment, struct lanes_err *e);
/* Checklist items: added at the end; shift moves one by delta places. */
int store_check_add(struct store *st, lid card, const char *text, lid *id, struct lanes_err *e);
int store_check_toggle(struct store *st, lid item, struct lanes_err *e);
int store_check_rename(struct store *st, lid item, const char *text, struct lanes_err *e);
int store_check_shift(struct store *st, lid item, int delta, struct lanes_err *e);
int store_check_delete(struct store *st, lid item, struct lanes_err *e);
/* Parses an item id given on a command line and checks it is card's. */
int store_check_find(struct store *st, lid card, const char *arg, lid *item,
    struct lanes_err *e);

/* time tracking: one timer runs at a time. It is a row in the store, so it
 * survives a quit, a crash, kill -9 and a reboot; stopping it writes a time
 * entry of now - started_at seconds (at least 1). Times are seconds since
 * the epoch. Starting and stopping are not undone by store_undo(); adding,
 * editing and deleting an entry are, each one transaction. */
struct timer_status {
	lid card;             /* 0 when no timer runs */
	lid board;
	char *title;
	long long started_at;
};
struct timer_stopped {
	lid card;             /* the card whose timer stopped; 0 when none ran */
	lid entry;            /* the time entry that stop wrote */
	long seconds;
};
/* 0 started; a timer running on another card is stopped first and
 * reported in *stopped (which may be NULL). 1 when it already runs on card
 * (nothing changes), -1 on error. */
int store_timer_start(struct store *st, lid card, struct timer_stopped *stopped,
    struct lanes_err *e);
/* 1 stopped and its entry written (see *stopped), 0 no timer ran, -1 error. */
int store_timer_stop(struct store *st, struct timer_stopped *stopped, struct lanes_err *e);
/* 1 a timer runs (ts filled, free it with timer_status_free), 0 none, -1 error. */
int store_timer_status(struct store *st, struct timer_status *ts, struct lanes_err *e);
void timer_status_free(struct timer_status *ts);
/* A card's time entries, newest first, with their sum. */
struct time_log {
	lid card;
	char *title;
	struct card_time_entry *entries;
	int n;
	long total;           /* seconds */
};
int store_time_log(struct store *st, lid card, struct time_log *log, struct lanes_err *e);
void time_log_free(struct time_log *log);
/* seconds from 1 to DURATION_MAX (duration_parse() reads what people type);
 * a NULL or empty note means none. */
int store_time_add(struct store *st, lid card, long seconds, const char *note, lid *id,
    struct lanes_err *e);
/* The same for time spent at started_at (0: unknown), e.g. a day's noon. */
int store_time_add_at(struct store *st, lid card, long seconds, const char *note,
    long long started_at, lid *id, struct lanes_err *e);
int store_time_edit(struct store *st, lid entry, long seconds, const char *note,
    struct lanes_err *e);
int store_time_delete(struct store *st, lid entry, struct lanes_err *e);

#endif
