/* The store: migrations, ordering, moves, undo, locking, bad databases. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "t.h"

static char dir[] = "/tmp/lanes-store-XXXXXX";
static char path[256];
static int seq;

static struct store *
fresh(void)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };

	snprintf(path, sizeof(path), "%s/db%d/lanes.db", dir, ++seq);
	if (store_open(path, STORE_WRITE, &st, &e) < 0)
		printf("# open: %s\n", e.msg);
	return st;
}

/* Titles of a column, joined by '|'. */
static char *
titles(struct store *st, lid board, int col)
{
	static char buf[1024];
	struct board_view v;
	struct lanes_err e;

	buf[0] = '\0';
	if (store_board_load(st, board, &v, &e) < 0 || col >= v.ncols)
		return buf;
	for (int i = 0; i < v.cols[col].ncards; i++) {
		strcat(buf, i ? "|" : "");
		strcat(buf, v.cols[col].cards[i].title);
	}
	board_view_free(&v);
	return buf;
}

static lid
col_id(struct store *st, lid board, const char *name)
{
	lid id = 0;
	struct lanes_err e;

	store_column_find(st, board, name, &id, &e);
	return id;
}

static void
test_fresh_database_is_migrated(void)
{
	struct store *st = fresh();

	CHECK(st != NULL);
	CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
	store_close(&st);
	CHECK(st == NULL);
}

static void
test_welcome_board(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	lid b, again;

	CHECK_INT(store_board_default(st, &b, &e), 0);
	CHECK_INT(store_board_default(st, &again, &e), 0);
	CHECK_INT(b, again);
	char *name = store_board_name(st, b);
	CHECK_STR(name, "Welcome");
	free(name);
	CHECK(col_id(st, b, "to do") > 0);
	CHECK(col_id(st, b, "Doing") > 0);
	CHECK(col_id(st, b, "Done") > 0);
	store_close(&st);
}

static void
test_add_order_and_moves(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	lid b, a, c, d;

	store_board_add(st, "Work", &b, &e);
	lid todo = col_id(st, b, "To Do"), doing = col_id(st, b, "Doing");
	store_card_add(st, todo, "a", -1, &a, &e);
	store_card_add(st, todo, "b", -1, &c, &e);
	store_card_add(st, todo, "top", 0, &d, &e);
	CHECK_STR(titles(st, b, 0), "top|a|b");
	CHECK_INT(store_card_move(st, d, todo, 2, NULL, &e), 0);
	CHECK_STR(titles(st, b, 0), "a|b|top");
	CHECK_INT(store_card_move(st, d, todo, 1, NULL, &e), 0);
	CHECK_STR(titles(st, b, 0), "a|top|b");
	CHECK_INT(store_card_move(st, a, doing, 0, NULL, &e), 0);
	CHECK_STR(titles(st, b, 0), "top|b");
	CHECK_STR(titles(st, b, 1), "a");
	store_close(&st);
}

/* Splitting the same gap many times forces a renumbering; order survives. */
static void
test_repeated_splits_keep_order(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	lid b, first, last, id;
	char t[16];

	store_board_add(st, "Dense", &b, &e);
	lid todo = col_id(st, b, "To Do");
	store_card_add(st, todo, "first", -1, &first, &e);
	store_card_add(st, todo, "last", -1, &last, &e);
	for (int i = 0; i < 80; i++) {
		snprintf(t, sizeof(t), "n%02d", i);
		store_card_add(st, todo, t, 1, &id, &e);
	}
	char *s = titles(st, b, 0);
	CHECK(strncmp(s, "first|n79|n78|", 14) == 0);
	CHECK(strstr(s, "|n00|last") != NULL);
	store_close(&st);
}

static void
test_undo_each_edit(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	char what[STORE_UNDO_LABEL];
	lid b, a, c;

	store_board_add(st, "Undo", &b, &e);
	lid todo = col_id(st, b, "To Do"), done = col_id(st, b, "Done");
	store_card_add(st, todo, "a", -1, &a, &e);
	store_card_add(st, todo, "c", -1, &c, &e);
	store_card_rename(st, a, "renamed", &e);
	store_card_move(st, a, done, 0, NULL, &e);
	store_card_delete(st, c, &e);
	CHECK_STR(titles(st, b, 0), "");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "delete \"c\"");
	CHECK_STR(titles(st, b, 0), "c");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "move \"renamed\" to Done");
	CHECK_STR(titles(st, b, 0), "renamed|c");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "rename \"a\" to \"renamed\"");
	CHECK_STR(titles(st, b, 0), "a|c");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "add \"a\"");
	CHECK_STR(titles(st, b, 0), "");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 0);
	/* and all of it made again, oldest first */
	for (int i = 0; i < 5; i++)
		CHECK_INT(store_redo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "delete \"c\"");
	CHECK_STR(titles(st, b, 0), "");
	CHECK_STR(titles(st, b, 2), "renamed");
	CHECK_INT(store_redo(st, b, what, sizeof(what), &e), 0);
	store_close(&st);
}

/* An archived card leaves the board (and its count) but not the store;
 * archiving is undone and redone like any edit. */
static void
test_archive(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	struct board_view v;
	struct board *bs;
	lid b, a, c;
	int n;

	store_board_add(st, "Archive", &b, &e);
	lid todo = col_id(st, b, "To Do");
	store_card_add(st, todo, "a", -1, &a, &e);
	store_card_add(st, todo, "c", -1, &c, &e);
	CHECK_INT(store_card_archive(st, a, 1, &e), 1);
	CHECK_STR(titles(st, b, 0), "c");
	CHECK_INT(store_board_load_all(st, b, true, &v, &e), 0);
	CHECK_INT(v.cols[0].ncards, 2);
	CHECK(v.cols[0].cards[0].archived && !v.cols[0].cards[1].archived);
	board_view_free(&v);
	CHECK_INT(store_boards(st, &bs, &n, &e), 0);
	for (int i = 0; i < n; i++)
		if (bs[i].id == b)
			CHECK_INT(bs[i].ncards, 1);
	boards_free(&bs, n);
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "archive \"a\"");
	CHECK_STR(titles(st, b, 0), "a|c");
	CHECK_INT(store_redo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(titles(st, b, 0), "c");
	/* -1 flips: back from the archive, and that is undone too */
	CHECK_INT(store_card_archive(st, a, -1, &e), 0);
	CHECK_STR(titles(st, b, 0), "a|c");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "unarchive \"a\"");
	CHECK_STR(titles(st, b, 0), "c");
	CHECK_INT(store_card_archive(st, 999, -1, &e), -1);
	CHECK_STR(e.msg, "no card with id 999");
	/* a column that looks empty but holds an archived card is kept */
	lid done = col_id(st, b, "Done");
	CHECK_INT(store_card_move(st, c, done, 0, NULL, &e), 0);
	CHECK_INT(store_card_archive(st, c, 1, &e), 1);
	CHECK_INT(store_column_delete(st, done, &e), -1);
	CHECK_STR(e.msg, "the column holds 1 card, archived ones too; move or delete them first"
	    " (Z shows archived cards)");
	store_close(&st);
}

/* Each handle (a window, a command) undoes its own changes only, newest
 * first; redo makes them again until a new change; closing ends it all. */
static void
test_undo_belongs_to_its_window(void)
{
	struct store *a = fresh(), *w2 = NULL;
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	lid b, x, y;

	store_board_add(a, "Two", &b, &e);
	lid todo = col_id(a, b, "To Do"), doing = col_id(a, b, "Doing");
	store_card_add(a, todo, "Fix login", 0, &x, &e);
	CHECK_INT(store_open(path, STORE_WRITE, &w2, &e), 0);
	if (!w2)
		return;
	CHECK_INT(store_card_add(w2, todo, "theirs", 0, &y, &e), 0);
	CHECK_INT(store_card_move(a, x, doing, 0, NULL, &e), 0);
	/* w2 has only its add to undo; a's move is not its to take back */
	CHECK_INT(store_undo(w2, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "add \"theirs\"");
	CHECK_INT(store_undo(w2, b, what, sizeof(what), &e), 0);
	CHECK_STR(titles(a, b, 1), "Fix login");
	CHECK_INT(store_redo(w2, b, what, sizeof(what), &e), 1);
	CHECK_STR(titles(a, b, 0), "theirs");
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "move \"Fix login\" to Doing");
	CHECK_STR(titles(a, b, 0), "theirs|Fix login");
	CHECK_INT(store_redo(a, b, what, sizeof(what), &e), 1);
	CHECK_STR(what, "move \"Fix login\" to Doing");
	CHECK_STR(titles(a, b, 1), "Fix login");
	/* a new change ends the redo */
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), 1);
	CHECK_INT(store_card_rename(a, x, "Fix sign-in", &e), 0);
	CHECK_INT(store_redo(a, b, what, sizeof(what), &e), 0);
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), 1);
	CHECK_STR(titles(a, b, 0), "theirs|Fix login");

	/* someone else's change since: refused, left as it is, and dropped */
	CHECK_INT(store_card_move(a, x, doing, 0, NULL, &e), 0);
	CHECK_INT(store_card_rename(w2, x, "Fix login (w2)", &e), 0);
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), -1);
	CHECK(strstr(e.msg, "move \"Fix login\" to Doing: changed elsewhere since") != NULL);
	CHECK_STR(titles(a, b, 1), "Fix login (w2)");
	/* the older add would delete the card with w2's title on it */
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), -1);
	CHECK(strstr(e.msg, "add \"Fix login\": changed elsewhere") != NULL);
	CHECK_STR(titles(a, b, 1), "Fix login (w2)");
	CHECK_INT(store_undo(a, b, what, sizeof(what), &e), 0);

	/* a closed handle's history is gone; a new one starts empty */
	store_close(&w2);
	CHECK_INT(store_open(path, STORE_WRITE, &w2, &e), 0);
	CHECK_INT(store_undo(w2, b, what, sizeof(what), &e), 0);
	lid n = -1;
	sqlite3 *db;
	sqlite3_stmt *q;
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM undo WHERE board_id = ?", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, b);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	CHECK_INT(n, 0);        /* a's rows went with its refusals; w2's with its close */
	store_close(&w2);
	store_close(&a);
}

/* The ids of a window of q's view, joined by ' ', from first. */
static const char *
window_ids(struct store *st, const struct column_query *q, int first, int limit, lid base)
{
	static char buf[256];
	struct column col = { 0 };
	struct lanes_err e = { "" };

	snprintf(buf, sizeof(buf), "error");
	if (store_column_window(st, q, first, limit, &col, &e) < 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < col.ncards; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%lld", i ? " " : "",
		    col.cards[i].id - base);
	CHECK_INT(col.first, first);
	column_clear(&col);
	return buf;
}

/* The board pane's windows: counts in one query, a window in each order,
 * under a filter's matches, with archived cards or without, and a card's
 * index in each view. */
static void
test_windows(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	struct board_view v;
	lid b, id[8], base, match[3];
	static const char *const due[] = { "", "2026-03-01", "2026-01-05", "", "2026-01-05", "",
		"2026-02-01", "" };
	sqlite3 *db;
	static const char *const pri[] = { "low", "", "high", "medium", "high", "", "low", "" };

	store_board_add(st, "Windows", &b, &e);
	lid todo = col_id(st, b, "To Do"), done = col_id(st, b, "Done");
	for (int i = 0; i < 8; i++) {
		char t[16];
		snprintf(t, sizeof(t), "card %d", i);
		CHECK_INT(store_card_add(st, todo, t, -1, &id[i], &e), 0);
		if (*due[i])
			CHECK_INT(store_card_set_due(st, id[i], due[i], &e), 0);
		if (*pri[i])
			CHECK_INT(store_card_set_priority(st, id[i], pri[i], &e), 0);
	}
	base = id[0];
	/* a date the store would refuse, as an old row may hold: no date */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "UPDATE cards SET due_on = 'soon' WHERE title = 'card 7'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(store_card_archive(st, id[5], 1, &e), 1);
	store_card_add(st, done, "done", -1, &id[5], &e);

	CHECK_INT(store_board_head(st, b, false, &v, &e), 0);
	CHECK_INT(v.ncols, 3);
	CHECK_INT(v.cols[0].count, 7);
	CHECK_INT(v.cols[1].count, 0);
	CHECK_INT(v.cols[2].count, 1);
	CHECK_INT(v.cols[0].ncards, 0);
	CHECK_INT(v.board.ncards, 8);
	board_view_free(&v);
	CHECK_INT(store_board_head(st, b, true, &v, &e), 0);
	CHECK_INT(v.cols[0].count, 8);
	board_view_free(&v);

	struct column_query q = { .column = todo };
	CHECK_STR(window_ids(st, &q, 0, 100, base), "0 1 2 3 4 6 7");
	CHECK_STR(window_ids(st, &q, 2, 3, base), "2 3 4");
	CHECK_STR(window_ids(st, &q, 6, 3, base), "7");
	CHECK_STR(window_ids(st, &q, 9, 3, base), "");
	CHECK_INT(store_column_count(st, &q, &e), 7);
	CHECK_INT(store_column_index(st, &q, id[6], &e), 5);
	CHECK_INT(store_column_index(st, &q, base + 5, &e), -1);      /* archived */
	q.archived = true;
	CHECK_STR(window_ids(st, &q, 4, 3, base), "4 5 6");
	CHECK_INT(store_column_index(st, &q, base + 5, &e), 5);
	CHECK_INT(store_column_count(st, &q, &e), 8);
	q.archived = false;

	/* soonest due first, no date last; ties keep the stored order */
	q.order = ORDER_DUE;
	CHECK_STR(window_ids(st, &q, 0, 100, base), "2 4 6 1 0 3 7");
	CHECK_INT(store_column_index(st, &q, id[1], &e), 3);
	CHECK_INT(store_column_index(st, &q, id[7], &e), 6);
	/* highest priority first */
	q.order = ORDER_PRIORITY;
	CHECK_STR(window_ids(st, &q, 0, 100, base), "2 4 3 0 6 1 7");
	CHECK_INT(store_column_index(st, &q, id[0], &e), 3);
	CHECK_STR(window_ids(st, &q, 3, 2, base), "0 6");

	/* a filter's matches, sorted ids */
	match[0] = id[1];
	match[1] = id[3];
	match[2] = id[6];
	q.match = match;
	q.nmatch = 3;
	q.order = ORDER_STORED;
	CHECK_STR(window_ids(st, &q, 0, 100, base), "1 3 6");
	CHECK_STR(window_ids(st, &q, 1, 1, base), "3");
	CHECK_INT(store_column_count(st, &q, &e), 3);
	CHECK_INT(store_column_index(st, &q, id[6], &e), 2);
	CHECK_INT(store_column_index(st, &q, id[2], &e), -1);
	q.nmatch = 0;
	CHECK_INT(store_column_count(st, &q, &e), 0);
	CHECK_STR(window_ids(st, &q, 0, 100, base), "");

	lid in = 0;
	CHECK_INT(store_card_column(st, id[6], &in, &e), 1);
	CHECK(in == todo);
	CHECK_INT(store_card_column(st, 9999, &in, &e), 0);
	store_close(&st);
}

static void
test_columns(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	lid b, review, card;
	struct board_view v;

	store_board_add(st, "Cols", &b, &e);
	lid doing = col_id(st, b, "Doing");
	CHECK_INT(store_column_add(st, b, "Review", doing, &review, &e), 0);
	store_board_load(st, b, &v, &e);
	CHECK_INT(v.ncols, 4);
	CHECK_STR(v.cols[2].name, "Review");
	board_view_free(&v);
	CHECK_INT(store_column_shift(st, review, -2, &e), 0);
	store_board_load(st, b, &v, &e);
	CHECK_STR(v.cols[0].name, "Review");
	board_view_free(&v);
	CHECK_INT(store_column_rename(st, review, "QA", &e), 0);
	store_card_add(st, review, "x", 0, &card, &e);
	CHECK_INT(store_column_delete(st, review, &e), -1);
	CHECK(strstr(e.msg, "holds 1 card") != NULL);
	store_card_delete(st, card, &e);
	CHECK_INT(store_column_delete(st, review, &e), 0);
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1); /* column back */
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1); /* card back */
	store_board_load(st, b, &v, &e);
	CHECK_STR(v.cols[0].name, "QA");
	CHECK_INT(v.cols[0].ncards, 1);
	board_view_free(&v);
	CHECK_INT(store_column_add(st, b, "  ", 0, &review, &e), -1);
	CHECK_INT(store_column_add(st, b, "bad\033[31m", 0, &review, &e), -1);
	store_close(&st);
}

static void
test_unknown_ids(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid id;

	CHECK_INT(store_card_find(st, "999", &id, &e), -1);
	CHECK(strstr(e.msg, "no card with id 999") != NULL);
	CHECK_INT(store_card_find(st, "abc", &id, &e), -1);
	CHECK_INT(store_board_find(st, "Nope", &id, &e), -1);
	CHECK(strstr(e.msg, "no board \"Nope\"") != NULL);
	CHECK_INT(store_card_move(st, 12345, 1, 0, NULL, &e), -1);
	store_close(&st);
}

/* Names are unique ignoring case among local boards and among a board's
 * columns; an old database with duplicates reports them when found. */
static void
test_unique_names(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid a, b, done, col, id;
	sqlite3 *db;

	CHECK_INT(store_board_add(st, "Alpha", &a, &e), 0);
	CHECK_INT(store_board_add(st, "alpha", &b, &e), -1);
	CHECK_STR(e.msg, "there is already a board named \"alpha\" (1)");
	CHECK_INT(store_board_add(st, "Beta", &b, &e), 0);
	CHECK_INT(store_board_rename(st, b, "ALPHA", &e), -1);
	CHECK_INT(store_board_rename(st, a, "ALPHA", &e), 0);
	done = col_id(st, a, "Done");
	CHECK_INT(store_column_add(st, a, "done", 0, &col, &e), -1);
	CHECK(strstr(e.msg, "already a column named \"done\"") != NULL);
	CHECK_INT(store_column_add(st, b, "Review", 0, &col, &e), 0);
	CHECK_INT(store_column_rename(st, col, "DOING", &e), -1);
	CHECK_INT(store_column_rename(st, done, "DONE", &e), 0);
	/* duplicates written before the rule, or by a service */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "INSERT INTO boards(name, created_at) VALUES ('alpha', 0);"
	    "INSERT INTO columns(board_id, name, position) VALUES (1, 'done', 9)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(store_board_find(st, "Alpha", &id, &e), -1);
	CHECK_STR(e.msg, "2 boards are named \"Alpha\" (ignoring case): use an id, one of 1, 3");
	CHECK_INT(store_board_find(st, "3", &id, &e), 0);
	CHECK_INT(store_column_find(st, a, "done", &id, &e), -1);
	CHECK(strstr(e.msg, "2 columns are named \"done\"") != NULL);
	store_close(&st);
}

/* Two writers at once: both write, one holds the lock (it syncs), the
 * other sees what the first wrote, and takes the lock when it is free. */
static void
test_second_writer(void)
{
	struct store *a = fresh(), *b = NULL;
	struct lanes_err e = { "" };
	lid id, first;

	CHECK(store_owner(a));
	CHECK_INT(store_open(path, STORE_WRITE, &b, &e), 0);
	CHECK(!store_owner(b) && !store_readonly_reason(b));
	CHECK(store_owner_pid(b) == (long)getpid());
	store_changed_elsewhere(b);
	CHECK_INT(store_board_add(b, "from b", &id, &e), 0);
	CHECK(store_changed_elsewhere(a));
	CHECK(!store_changed_elsewhere(a));
	CHECK_INT(store_board_find(a, "from b", &first, &e), 0);
	CHECK(first == id);
	CHECK_INT(store_try_own(b), 0);
	store_close(&a);
	CHECK_INT(store_try_own(b), 1);
	CHECK(store_owner(b));
	store_close(&b);
}

/* With the sync deferred, a commit waits for store_flush(), reads do not,
 * and an edit outlives a lanes that dies before flushing. */
static void
test_deferred_sync(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	struct board *b = NULL;
	int n = 0, status = 0;
	lid id;
	pid_t pid;

	CHECK_INT(store_defer_sync(st), 0);
	CHECK(!store_unflushed(st));
	CHECK_INT(store_boards(st, &b, &n, &e), 0);
	boards_free(&b, n);
	CHECK(!store_unflushed(st));
	CHECK_INT(store_board_add(st, "flushed", &id, &e), 0);
	CHECK(store_unflushed(st));
	CHECK_INT(store_flush(st, &e), 0);
	CHECK(!store_unflushed(st));
	store_close(&st);

	fflush(stdout);
	if ((pid = fork()) == 0) {
		st = NULL;
		if (store_open(path, STORE_WRITE, &st, &e) < 0 || store_defer_sync(st) < 0 ||
		    store_board_add(st, "never flushed", &id, &e) < 0 || !store_unflushed(st))
			_exit(1);
		_exit(0);               /* no flush, no close: as if killed */
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(store_open(path, STORE_WRITE, &st, &e), 0);
	CHECK_INT(store_board_find(st, "never flushed", &id, &e), 0);
	CHECK_INT(store_board_find(st, "flushed", &id, &e), 0);
	store_close(&st);
}

static void
write_file(const char *p, const char *data, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0 && write(fd, data, n) == (ssize_t)n);
	close(fd);
}

static void
test_corrupt_file_untouched(void)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };
	char junk[8192];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/corrupt.db", dir);
	memset(junk, 'x', sizeof(junk));
	write_file(path, junk, sizeof(junk));
	CHECK_INT(store_open(path, STORE_WRITE, &st, &e), -1);
	CHECK(strstr(e.msg, "corrupt") != NULL);
	CHECK(stat(path, &sb) == 0 && sb.st_size == (off_t)sizeof(junk));
}

static void
test_foreign_and_newer_databases(void)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/foreign.db", dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE notes(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(store_open(path, STORE_WRITE, &st, &e), -1);
	CHECK(strstr(e.msg, "not a lanes database") != NULL);

	st = fresh();
	store_close(&st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(store_open(path, STORE_WRITE, &st, &e), -1);
	CHECK(strstr(e.msg, "newer lanes") != NULL);
}

/* Takes the database back to schema version as an older lanes left it
 * (migrations 9, 8 and 7 undone, then sql) and opens it again, which
 * migrates it. */
static struct store *
reopen_at(int version, const char *sql)
{
	struct lanes_err e = { "" };
	struct store *st = NULL;
	char meta[80];
	sqlite3 *db;

	sqlite3_open(path, &db);
	sqlite3_exec(db, "ALTER TABLE boards DROP COLUMN sync_point; DROP TRIGGER comments_ins; DROP TRIGGER comments_del;"
	    "DROP TRIGGER comments_upd; DROP INDEX cards_column; ALTER TABLE cards DROP COLUMN archived;"
	    "ALTER TABLE cards DROP COLUMN comment_count; ALTER TABLE columns DROP COLUMN wip;"
	    "CREATE INDEX cards_column ON cards(column_id, position, id, title, completed,"
	    "  check_total, check_done);", NULL, NULL, NULL);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	snprintf(meta, sizeof(meta), "UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
	    version);
	sqlite3_exec(db, meta, NULL, NULL, NULL);
	sqlite3_close(db);
	if (store_open(path, STORE_WRITE, &st, &e) < 0)
		printf("# %s\n", e.msg);
	return st;
}

/* A database left at schema 1 is upgraded and keeps its rows. */
static void
test_migration_keeps_data(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b, card;

	store_board_add(st, "Old", &b, &e);
	store_card_add(st, col_id(st, b, "Done"), "kept", 0, &card, &e);
	store_close(&st);
	st = reopen_at(1, "DROP TABLE outbox; DROP TABLE accounts; DROP INDEX boards_remote;"
	    "DROP INDEX columns_remote; DROP INDEX cards_remote; DROP TABLE timer;"
	    "DROP TABLE time_entries; DROP TABLE check_items; DROP TABLE comments;"
	    "ALTER TABLE boards DROP COLUMN readonly; DROP INDEX undo_session;"
	    "ALTER TABLE undo DROP COLUMN session; ALTER TABLE undo DROP COLUMN redo;"
	    "ALTER TABLE undo DROP COLUMN guard;");
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
	CHECK_STR(titles(st, b, 2), "kept");
	CHECK(!store_board_readonly(st, b));
	CHECK(!store_board_sync_point(st, b));
	store_close(&st);
}

/* Migration 7 counts the comments a card already has. */
static void
test_migration_counts_comments(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	struct board_view v;
	lid b, card, c;

	store_board_add(st, "Old", &b, &e);
	store_card_add(st, col_id(st, b, "Done"), "kept", 0, &card, &e);
	store_comment_add(st, card, "one", &c, &e);
	store_comment_add(st, card, "two", &c, &e);
	store_close(&st);
	st = reopen_at(6, "");
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK_INT(store_board_load(st, b, &v, &e), 0);
	CHECK_INT(v.cols[2].cards[0].comments, 2);
	board_view_free(&v);
	store_close(&st);
}

static void
test_ui_state(void)
{
	struct store *st = fresh();

	CHECK(store_state_get(st, "k") == NULL);
	CHECK_INT(store_state_set(st, "k", "v1"), 0);
	CHECK_INT(store_state_set(st, "k", "v2"), 0);
	char *v = store_state_get(st, "k");
	CHECK_STR(v, "v2");
	free(v);
	store_close(&st);
}

/* Titles that store_search() finds, joined by '|', with their boards. */
static char *
found(struct store *st, lid board, const char *text)
{
	static char buf[1024];
	struct search_hit *h;
	struct lanes_err e;
	int n;

	buf[0] = '\0';
	if (store_search(st, board, text, &h, &n, &e) < 0)
		return strcpy(buf, e.msg);
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s/%s/%s", i ? "|" : "",
		    h[i].board_name, h[i].column_name, h[i].title);
	search_hits_free(&h, n);
	return buf;
}

static void
test_search(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	lid work, home, a, b, c, d;

	store_board_add(st, "Work", &work, &e);
	store_board_add(st, "Home", &home, &e);
	store_card_add(st, col_id(st, work, "Doing"), "Fix 100% of it", 0, &a, &e);
	store_card_add(st, col_id(st, work, "To Do"), "Fix 1000 of it", 0, &b, &e);
	store_card_add(st, col_id(st, home, "Done"), "snake_case name", 0, &c, &e);
	store_card_add(st, col_id(st, home, "To Do"), "snakeXcase name", 0, &d, &e);
	store_card_set_labels(st, b, "Urgent, backend", &e);
	store_card_set_description(st, d, "Ünïcode text", &e);

	CHECK_STR(found(st, 0, "fix"), "Work/To Do/Fix 1000 of it|Work/Doing/Fix 100% of it");
	CHECK_STR(found(st, 0, "100%"), "Work/Doing/Fix 100% of it");
	CHECK_STR(found(st, 0, "e_c"), "Home/Done/snake_case name");
	CHECK_STR(found(st, 0, "%"), "Work/Doing/Fix 100% of it");
	CHECK_STR(found(st, 0, "URGENT"), "Work/To Do/Fix 1000 of it");
	CHECK_STR(found(st, 0, "üNÏCODE"), "Home/To Do/snakeXcase name");
	CHECK_STR(found(st, home, "name"), "Home/To Do/snakeXcase name|Home/Done/snake_case name");
	CHECK_STR(found(st, work, "name"), "");
	CHECK_STR(found(st, 0, "'; DROP TABLE cards; --"), "");
	CHECK_STR(found(st, 0, "of it"), "Work/To Do/Fix 1000 of it|Work/Doing/Fix 100% of it");
	store_close(&st);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(dir))
		return 1;
	RUN(test_fresh_database_is_migrated);
	RUN(test_welcome_board);
	RUN(test_migration_counts_comments);
	RUN(test_add_order_and_moves);
	RUN(test_repeated_splits_keep_order);
	RUN(test_undo_each_edit);
	RUN(test_archive);
	RUN(test_columns);
	RUN(test_windows);
	RUN(test_unknown_ids);
	RUN(test_unique_names);
	RUN(test_second_writer);
	RUN(test_undo_belongs_to_its_window);
	RUN(test_deferred_sync);
	RUN(test_corrupt_file_untouched);
	RUN(test_foreign_and_newer_databases);
	RUN(test_migration_keeps_data);
	RUN(test_ui_state);
	RUN(test_search);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
