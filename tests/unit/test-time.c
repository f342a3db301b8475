/* Time tracking in the store: the timer survives a reopen, switching cards
 * logs the first one, entries add up and undo, bad durations are refused. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lanes/store.h"
#include "lanes/timefmt.h"
#include "t-store.h"
#include "t.h"

/* A board with two cards, a and b, in its first column. */
static lid
two_cards(struct store *st, lid *a, lid *b)
{
	struct lanes_err e;
	lid board, col;

	store_board_add(st, "Time", &board, &e);
	store_column_find(st, board, "To Do", &col, &e);
	store_card_add(st, col, "a", -1, a, &e);
	store_card_add(st, col, "b", -1, b, &e);
	return board;
}

/* Moves the running timer's start back, as if it had run that long. The
 * file is changed by another connection, like another process would, with
 * the store closed meanwhile so it reads the change afresh. */
static void
backdate(struct store **st, long seconds)
{
	struct lanes_err e;
	sqlite3 *db;
	char sql[128];

	store_close(st);
	snprintf(sql, sizeof(sql), "UPDATE timer SET started_at = started_at - %ld", seconds);
	if (sqlite3_open(t_path, &db) != SQLITE_OK || sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK)
		printf("# backdate: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	if (store_open(t_path, STORE_WRITE, st, &e) < 0)
		printf("# reopen: %s\n", e.msg);
}

static long
total_of(struct store *st, lid card, int *n)
{
	struct time_log log;
	struct lanes_err e;
	long total = -1;

	if (store_time_log(st, card, &log, &e) < 0)
		printf("# log: %s\n", e.msg);
	else
		total = log.total;
	*n = log.n;
	time_log_free(&log);
	return total;
}

static void
test_start_and_stop(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_status ts;
	struct timer_stopped done;
	lid a, b;
	long logged;
	int n;

	two_cards(st, &a, &b);
	CHECK_INT(store_timer_status(st, &ts, &e), 0);
	CHECK_INT(ts.card, 0);
	CHECK_INT(store_timer_start(st, a, &done, &e), 0);
	CHECK_INT(done.card, 0);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK_INT(ts.card, a);
	CHECK_STR(ts.title, "a");
	CHECK(ts.started_at <= now_ms() / 1000 && ts.started_at > now_ms() / 1000 - 5);
	timer_status_free(&ts);
	backdate(&st, 100);
	CHECK_INT(store_timer_stop(st, &done, &e), 1);
	CHECK_INT(done.card, a);
	CHECK(done.seconds >= 100 && done.seconds <= 102);
	CHECK_INT(store_timer_status(st, &ts, &e), 0);
	logged = done.seconds;
	CHECK_INT(total_of(st, a, &n), logged);
	CHECK_INT(n, 1);
	CHECK_INT(store_timer_stop(st, &done, &e), 0);
	CHECK_INT(done.card, 0);
	CHECK_INT(total_of(st, a, &n), logged);
	CHECK_INT(n, 1);
	store_close(&st);
}

static void
test_start_twice_keeps_it(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_status ts;
	lid a, b;

	two_cards(st, &a, &b);
	CHECK_INT(store_timer_start(st, a, NULL, &e), 0);
	backdate(&st, 30);
	CHECK_INT(store_timer_start(st, a, NULL, &e), 1);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK(now_ms() / 1000 - ts.started_at >= 30);
	timer_status_free(&ts);
	CHECK_INT(store_timer_start(st, 999, NULL, &e), -1);
	CHECK(strstr(e.msg, "no card") != NULL);
	store_close(&st);
}

static void
test_switch_logs_the_first(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_status ts;
	struct timer_stopped done;
	lid a, b;
	int n;

	two_cards(st, &a, &b);
	store_timer_start(st, a, NULL, &e);
	backdate(&st, 60);
	CHECK_INT(store_timer_start(st, b, &done, &e), 0);
	CHECK_INT(done.card, a);
	CHECK(done.seconds >= 60 && done.seconds <= 62);
	CHECK(done.entry > 0);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK_INT(ts.card, b);
	timer_status_free(&ts);
	CHECK_INT(total_of(st, a, &n), done.seconds);
	CHECK_INT(total_of(st, b, &n), 0);
	CHECK_INT(n, 0);
	store_close(&st);
}

/* A stop in the same second, or after the clock went back, logs 1 s. */
static void
test_minimum_one_second(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_stopped done;
	lid a, b;

	two_cards(st, &a, &b);
	store_timer_start(st, a, NULL, &e);
	backdate(&st, -3600);
	CHECK_INT(store_timer_stop(st, &done, &e), 1);
	CHECK_INT(done.seconds, 1);
	store_close(&st);
}

/* A quit, a crash or a reboot is a reopen of the file. */
static void
test_survives_reopen(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_status ts;
	lid a, b;
	long long started;

	two_cards(st, &a, &b);
	store_timer_start(st, b, NULL, &e);
	backdate(&st, 500);
	store_timer_status(st, &ts, &e);
	started = ts.started_at;
	timer_status_free(&ts);
	store_close(&st);
	CHECK_INT(store_open(t_path, STORE_WRITE, &st, &e), 0);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK_INT(ts.card, b);
	CHECK_INT(ts.started_at, started);
	timer_status_free(&ts);
	store_close(&st);
}

static void
test_board_marks_timing_card(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct board_view v;
	lid a, b, board = two_cards(st, &a, &b);

	store_timer_start(st, b, NULL, &e);
	CHECK_INT(store_board_load(st, board, &v, &e), 0);
	CHECK(!v.cols[0].cards[0].timing);
	CHECK(v.cols[0].cards[1].timing);
	board_view_free(&v);
	store_close(&st);
}

static void
test_entries_total_edit_delete_undo(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct time_log log;
	char what[STORE_UNDO_LABEL];
	lid a, b, board = two_cards(st, &a, &b), first, second;
	int n;

	CHECK_INT(store_time_add(st, a, 5400, "design", &first, &e), 0);
	CHECK_INT(store_time_add(st, a, 2700, "", &second, &e), 0);
	CHECK_INT(total_of(st, a, &n), 8100);
	CHECK_INT(n, 2);
	CHECK_INT(store_time_log(st, a, &log, &e), 0);
	CHECK_STR(log.title, "a");
	CHECK_INT(log.entries[0].id, second);     /* newest first */
	CHECK(log.entries[0].note == NULL);       /* an empty note is none */
	CHECK_STR(log.entries[1].note, "design");
	CHECK_INT(log.entries[1].started_at, 0);  /* a manual entry has no start */
	time_log_free(&log);

	CHECK_INT(store_time_edit(st, first, 600, "review", &e), 0);
	CHECK_INT(total_of(st, a, &n), 3300);
	CHECK_INT(store_undo(st, board, what, sizeof(what), &e), 1);
	CHECK_STR(what, "edit a time entry on \"a\"");
	CHECK_INT(store_time_log(st, a, &log, &e), 0);
	CHECK_INT(log.total, 8100);
	CHECK_STR(log.entries[1].note, "design");
	time_log_free(&log);

	CHECK_INT(store_time_delete(st, first, &e), 0);
	CHECK_INT(total_of(st, a, &n), 2700);
	CHECK_INT(store_undo(st, board, what, sizeof(what), &e), 1);
	CHECK_STR(what, "delete a time entry on \"a\"");
	CHECK_INT(total_of(st, a, &n), 8100);
	CHECK_INT(store_undo(st, board, what, sizeof(what), &e), 1);
	CHECK_STR(what, "log 0:45:00 on \"a\"");
	CHECK_INT(total_of(st, a, &n), 5400);
	CHECK_INT(n, 1);
	/* redone: logged, deleted again */
	CHECK_INT(store_redo(st, board, what, sizeof(what), &e), 1);
	CHECK_INT(total_of(st, a, &n), 8100);
	CHECK_INT(store_redo(st, board, what, sizeof(what), &e), 1);
	CHECK_STR(what, "delete a time entry on \"a\"");
	CHECK_INT(total_of(st, a, &n), 2700);
	store_close(&st);
}

static void
test_manual_entry_validation(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	lid a, b, id = 0;
	long s;

	two_cards(st, &a, &b);
	CHECK_INT(duration_parse("1h30m", &s, &e), 0);
	CHECK_INT(s, 5400);
	CHECK_INT(duration_parse("45m", &s, &e), 0);
	CHECK_INT(s, 2700);
	CHECK_INT(duration_parse("2:15", &s, &e), 0);
	CHECK_INT(s, 8100);
	CHECK_INT(duration_parse("abc", &s, &e), -1);
	CHECK(strstr(e.msg, "bad duration") != NULL);
	CHECK_INT(duration_parse("0m", &s, &e), -1);
	CHECK_INT(store_time_add(st, a, 0, NULL, &id, &e), -1);
	CHECK(strstr(e.msg, "at least one second") != NULL);
	CHECK_INT(store_time_add(st, a, -60, NULL, &id, &e), -1);
	CHECK_INT(store_time_add(st, a, DURATION_MAX + 1, NULL, &id, &e), -1);
	CHECK_INT(store_time_add(st, 12345, 60, NULL, &id, &e), -1);
	CHECK(strstr(e.msg, "no card") != NULL);
	CHECK_INT(store_time_edit(st, 777, 60, NULL, &e), -1);
	CHECK(strstr(e.msg, "no time entry") != NULL);
	CHECK_INT(store_time_delete(st, 777, &e), -1);
	CHECK_INT(store_time_add(st, a, 60, NULL, &id, &e), 0);
	CHECK_INT(store_time_edit(st, id, 0, NULL, &e), -1);
	CHECK_INT(id > 0, 1);
	store_close(&st);
}

/* Deleting a timed card logs its time first; undo brings card and entry
 * back without a timer, so a timer started since is left alone. */
static void
test_delete_card_stops_its_timer(void)
{
	struct store *st = t_store_fresh();
	struct lanes_err e;
	struct timer_status ts;
	char what[STORE_UNDO_LABEL];
	lid a, b, board = two_cards(st, &a, &b);
	int n;

	store_timer_start(st, a, NULL, &e);
	backdate(&st, 120);
	CHECK_INT(store_card_delete(st, a, &e), 0);
	CHECK_INT(store_timer_status(st, &ts, &e), 0);
	CHECK_INT(store_timer_start(st, b, NULL, &e), 0);
	CHECK_INT(store_undo(st, board, what, sizeof(what), &e), 1);
	CHECK(total_of(st, a, &n) >= 120);
	CHECK_INT(n, 1);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK_INT(ts.card, b);
	timer_status_free(&ts);
	store_close(&st);
}

/* A lanes that opens the file to read: it sees the timer, changes nothing. */
static void
test_read_only_refuses(void)
{
	struct store *st = t_store_fresh(), *ro = NULL;
	struct lanes_err e;
	struct timer_status ts;
	lid a, b;

	two_cards(st, &a, &b);
	store_timer_start(st, a, NULL, &e);
	CHECK_INT(store_open(t_path, 0, &ro, &e), 0);
	CHECK_INT(store_timer_status(ro, &ts, &e), 1);
	CHECK_INT(ts.card, a);
	timer_status_free(&ts);
	CHECK_INT(store_timer_stop(ro, NULL, &e), -1);
	CHECK(strstr(e.msg, "read-only") != NULL);
	CHECK_INT(store_time_add(ro, a, 60, NULL, NULL, &e), -1);
	store_close(&ro);
	store_close(&st);
}

int
main(void)
{
	if (!t_store_init())
		return 1;
	RUN(test_start_and_stop);
	RUN(test_start_twice_keeps_it);
	RUN(test_switch_logs_the_first);
	RUN(test_minimum_one_second);
	RUN(test_survives_reopen);
	RUN(test_board_marks_timing_card);
	RUN(test_entries_total_edit_delete_undo);
	RUN(test_manual_entry_validation);
	RUN(test_delete_card_stops_its_timer);
	RUN(test_read_only_refuses);
	t_store_done();
	return T_DONE();
}
