/* Card details in the store: loading, field edits and their validation,
 * comments, the checklist's order and ticks, and undo of each. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/store.h"
#include "lanes/timefmt.h"
#include "t.h"

static char dir[] = "/tmp/lanes-detail-XXXXXX";
static char path[256];
static int seq;

/* A fresh store with a board "Work" whose To Do column holds one card,
 * "task". */
static struct store *
fresh(lid *board, lid *card)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };
	lid col = 0;

	snprintf(path, sizeof(path), "%s/db%d/lanes.db", dir, ++seq);
	if (store_open(path, STORE_WRITE, &st, &e) < 0) {
		printf("# open: %s\n", e.msg);
		exit(1);
	}
	store_board_add(st, "Work", board, &e);
	store_column_find(st, *board, "To Do", &col, &e);
	store_card_add(st, col, "task", 0, card, &e);
	return st;
}

/* Runs SQL on the database behind the store's back, as a sync would. */
static void
raw_sql(const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# raw sql failed: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static struct card_detail
detail(struct store *st, lid card)
{
	struct card_detail d;
	struct lanes_err e = { "" };

	if (store_card_detail(st, card, &d, &e) < 0)
		printf("# detail: %s\n", e.msg);
	return d;
}

/* The checklist as "[x] a|[ ] b". */
static const char *
checklist(struct store *st, lid card)
{
	static char buf[512];
	struct card_detail d = detail(st, card);

	buf[0] = '\0';
	for (int i = 0; i < d.nchecks; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s[%c] %s", i ? "|" : "",
		    d.checks[i].done ? 'x' : ' ', d.checks[i].text);
	card_detail_free(&d);
	return buf;
}

static int
undo(struct store *st, lid board, char *what)
{
	struct lanes_err e = { "" };

	return store_undo(st, board, what, STORE_UNDO_LABEL, &e);
}

static int
redo(struct store *st, lid board, char *what)
{
	struct lanes_err e = { "" };

	return store_redo(st, board, what, STORE_UNDO_LABEL, &e);
}

static void
test_load(void)
{
	lid board, card, col, other;
	struct lanes_err e = { "" };
	struct store *st = fresh(&board, &card);

	store_column_find(st, board, "To Do", &col, &e);
	store_card_add(st, col, "above", 0, &other, &e);
	struct card_detail d = detail(st, card);
	CHECK_INT(d.id, card);
	CHECK_INT(d.board_id, board);
	CHECK_INT(d.column_id, col);
	CHECK_STR(d.title, "task");
	CHECK_STR(d.column, "To Do");
	CHECK_STR(d.description, "");
	CHECK_INT(d.position, 1);
	CHECK(d.priority == NULL && d.due_on == NULL && d.labels == NULL);
	CHECK(d.created_at > 0 && d.updated_at >= d.created_at);
	CHECK_INT(d.ncomments + d.nchecks + d.nentries, 0);
	CHECK_INT(d.tracked, 0);
	card_detail_free(&d);
	CHECK_INT(store_card_detail(st, 999, &d, &e), -1);
	CHECK_STR(e.msg, "no card with id 999");
	store_close(&st);
}

static void
test_fields_and_undo(void)
{
	lid board, card;
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	struct store *st = fresh(&board, &card);

	CHECK_INT(store_card_set_description(st, card, "line one\nline two", &e), 0);
	CHECK_INT(store_card_set_priority(st, card, "High", &e), 0);
	CHECK_INT(store_card_set_due(st, card, "2030-02-28", &e), 0);
	CHECK_INT(store_card_set_labels(st, card, " bug, ui ,,bug, ", &e), 0);
	struct card_detail d = detail(st, card);
	CHECK_STR(d.description, "line one\nline two");
	CHECK_STR(d.priority, "high");
	CHECK_STR(d.due_on, "2030-02-28");
	CHECK_STR(d.labels, "bug, ui");
	card_detail_free(&d);

	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "edit the labels of \"task\"");
	d = detail(st, card);
	CHECK(d.labels == NULL);
	CHECK_STR(d.due_on, "2030-02-28");
	card_detail_free(&d);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_INT(undo(st, board, what), 1);
	d = detail(st, card);
	CHECK(d.due_on == NULL && d.priority == NULL);
	CHECK_STR(d.description, "");
	card_detail_free(&d);

	CHECK_INT(store_card_set_priority(st, card, "low", &e), 0);
	CHECK_INT(store_card_set_priority(st, card, "none", &e), 0);
	d = detail(st, card);
	CHECK(d.priority == NULL);
	card_detail_free(&d);
	store_close(&st);
}

static void
test_priority_validation(void)
{
	lid board, card;
	struct lanes_err e = { "" };
	struct store *st = fresh(&board, &card);

	CHECK_INT(store_card_set_priority(st, card, "medium", &e), 0);
	CHECK_INT(store_card_set_priority(st, card, "urgent", &e), -1);
	CHECK_STR(e.msg, "bad priority \"urgent\": use none, low, medium or high");
	struct card_detail d = detail(st, card);
	CHECK_STR(d.priority, "medium");
	card_detail_free(&d);
	CHECK_INT(store_card_set_priority(st, 999, "low", &e), -1);
	CHECK_INT(store_card_set_priority(st, card, "x", &e), -1);
	CHECK_INT(store_card_set_priority(st, card, "hi", &e), -1);
	store_close(&st);
}

/* h, m, l and n stand for the names, in either case */
static void
test_priority_letters(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "h", "high" }, { "M", "medium" }, { "l", "low" }, { "H", "high" }, { "n", NULL },
	};
	lid board, card;
	struct lanes_err e = { "" };
	struct store *st = fresh(&board, &card);

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK_INT(store_card_set_priority(st, card, cases[i].in, &e), 0);
		struct card_detail d = detail(st, card);
		if (cases[i].want)
			CHECK_STR(d.priority, cases[i].want);
		else
			CHECK(d.priority == NULL);
		card_detail_free(&d);
	}
	store_close(&st);
}

static void
test_invalid_date_refused(void)
{
	lid board, card;
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL], today[11];
	struct store *st = fresh(&board, &card);

	CHECK_INT(store_card_set_due(st, card, "2030-01-15", &e), 0);
	CHECK_INT(store_card_set_due(st, card, "2025-02-30", &e), -1);
	CHECK(strstr(e.msg, "2025-02-30") != NULL);
	CHECK_INT(store_card_set_due(st, card, "next year", &e), -1);
	struct card_detail d = detail(st, card);
	CHECK_STR(d.due_on, "2030-01-15");
	card_detail_free(&d);
	/* a refused edit leaves no undo record behind */
	CHECK_INT(undo(st, board, what), 1);
	d = detail(st, card);
	CHECK(d.due_on == NULL);
	card_detail_free(&d);

	CHECK_INT(store_card_set_due(st, card, "today", &e), 0);
	date_parse("today", today, &e);
	d = detail(st, card);
	CHECK_STR(d.due_on, today);
	card_detail_free(&d);
	CHECK_INT(store_card_set_due(st, card, "", &e), 0);
	d = detail(st, card);
	CHECK(d.due_on == NULL);
	card_detail_free(&d);
	store_close(&st);
}

static void
test_comments(void)
{
	lid board, card, c1, c2;
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	struct store *st = fresh(&board, &card);

	setenv("USER", "tester", 1);
	CHECK_INT(store_comment_add(st, card, "first", &c1, &e), 0);
	unsetenv("USER");
	CHECK_INT(store_comment_add(st, card, "second\nwith two lines", &c2, &e), 0);
	CHECK_INT(store_comment_add(st, card, "  \n ", &c2, &e), -1);
	CHECK_STR(e.msg, "a comment needs some text");
	raw_sql("INSERT INTO comments(card_id, author, mine, system, body, created_at) "
	    "VALUES (1, 'Asana', 0, 1, 'moved to Done', 1)");
	struct card_detail d = detail(st, card);
	CHECK_INT(d.ncomments, 3);
	if (d.ncomments == 3) {
		/* oldest first: the service's comment is dated 1970 */
		CHECK_STR(d.comments[0].body, "moved to Done");
		CHECK(d.comments[0].system && !d.comments[0].mine);
		CHECK_STR(d.comments[1].author, "tester");
		CHECK(d.comments[1].mine && !d.comments[1].system);
		CHECK_STR(d.comments[2].author, "me");
		CHECK_STR(d.comments[2].body, "second\nwith two lines");
	}
	lid theirs = d.ncomments ? d.comments[0].id : 0;
	card_detail_free(&d);

	CHECK_INT(store_comment_delete(st, theirs, &e), -1);
	CHECK_STR(e.msg, "only your own comments can be deleted");
	CHECK_INT(store_comment_delete(st, 999, &e), -1);
	CHECK_STR(e.msg, "no comment with id 999");
	CHECK_INT(store_comment_delete(st, c1, &e), 0);
	d = detail(st, card);
	CHECK_INT(d.ncomments, 2);
	card_detail_free(&d);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "delete a comment on \"task\"");
	d = detail(st, card);
	CHECK_INT(d.ncomments, 3);
	if (d.ncomments == 3) {
		CHECK_INT(d.comments[1].id, c1);
		CHECK_STR(d.comments[1].author, "tester");
	}
	card_detail_free(&d);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "add a comment on \"task\"");
	d = detail(st, card);
	CHECK_INT(d.ncomments, 2);
	card_detail_free(&d);
	/* redone: the comment is added, then deleted again */
	CHECK_INT(redo(st, board, what), 1);
	d = detail(st, card);
	CHECK_INT(d.ncomments, 3);
	card_detail_free(&d);
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(what, "delete a comment on \"task\"");
	d = detail(st, card);
	CHECK_INT(d.ncomments, 2);
	card_detail_free(&d);
	store_close(&st);
}

static void
test_checklist_order_and_toggle(void)
{
	lid board, card, a, b, c;
	struct lanes_err e = { "" };
	struct board_view v;
	struct store *st = fresh(&board, &card);

	CHECK_INT(store_check_add(st, card, "a", &a, &e), 0);
	CHECK_INT(store_check_add(st, card, "b", &b, &e), 0);
	CHECK_INT(store_check_add(st, card, "c", &c, &e), 0);
	CHECK_INT(store_check_add(st, card, " ", &c, &e), -1);
	CHECK_STR(checklist(st, card), "[ ] a|[ ] b|[ ] c");
	CHECK_INT(store_check_toggle(st, b, &e), 0);
	CHECK_STR(checklist(st, card), "[ ] a|[x] b|[ ] c");
	store_board_load(st, board, &v, &e);
	CHECK_INT(v.cols[0].cards[0].check_done, 1);
	CHECK_INT(v.cols[0].cards[0].check_total, 3);
	board_view_free(&v);

	CHECK_INT(store_check_shift(st, a, 1, &e), 0);
	CHECK_STR(checklist(st, card), "[x] b|[ ] a|[ ] c");
	CHECK_INT(store_check_shift(st, a, 1, &e), 0);
	CHECK_STR(checklist(st, card), "[x] b|[ ] c|[ ] a");
	CHECK_INT(store_check_shift(st, a, 1, &e), 0);
	CHECK_STR(checklist(st, card), "[x] b|[ ] c|[ ] a");
	CHECK_INT(store_check_shift(st, b, -1, &e), 0);
	CHECK_INT(store_check_shift(st, c, -1, &e), 0);
	CHECK_STR(checklist(st, card), "[ ] c|[x] b|[ ] a");
	CHECK_INT(store_check_rename(st, c, "see", &e), 0);
	CHECK_INT(store_check_rename(st, c, "", &e), -1);
	CHECK_STR(checklist(st, card), "[ ] see|[x] b|[ ] a");
	/* an item added later still goes to the end */
	lid d;
	CHECK_INT(store_check_add(st, card, "d", &d, &e), 0);
	CHECK_STR(checklist(st, card), "[ ] see|[x] b|[ ] a|[ ] d");
	store_close(&st);
}

static void
test_checklist_undo(void)
{
	lid board, card, a, b;
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	struct store *st = fresh(&board, &card);

	store_check_add(st, card, "a", &a, &e);
	store_check_add(st, card, "b", &b, &e);
	store_check_toggle(st, a, &e);
	store_check_shift(st, b, -1, &e);
	store_check_rename(st, a, "A", &e);
	store_check_delete(st, a, &e);
	CHECK_STR(checklist(st, card), "[ ] b");
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "delete checklist item \"A\"");
	CHECK_STR(checklist(st, card), "[ ] b|[x] A");
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "rename checklist item \"A\"");
	CHECK_STR(checklist(st, card), "[ ] b|[x] a");
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "move checklist item \"b\" up");
	CHECK_STR(checklist(st, card), "[x] a|[ ] b");
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "tick \"a\"");
	CHECK_STR(checklist(st, card), "[ ] a|[ ] b");
	CHECK_INT(undo(st, board, what), 1);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "add checklist item \"a\"");
	CHECK_STR(checklist(st, card), "");
	/* the card itself was added before the items */
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "add \"task\"");
	CHECK_INT(undo(st, board, what), 0);
	/* redo makes each again, in order: the card, the items, the edits */
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(checklist(st, card), "");
	CHECK_INT(redo(st, board, what), 1);
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(checklist(st, card), "[ ] a|[ ] b");
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(checklist(st, card), "[x] a|[ ] b");
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(checklist(st, card), "[ ] b|[x] a");
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(checklist(st, card), "[ ] b|[x] A");
	CHECK_INT(redo(st, board, what), 1);
	CHECK_STR(what, "delete checklist item \"A\"");
	CHECK_STR(checklist(st, card), "[ ] b");
	CHECK_INT(redo(st, board, what), 0);
	store_close(&st);
}

static void
test_check_find_and_unknown(void)
{
	lid board, card, other, item, found = 0, col;
	struct lanes_err e = { "" };
	struct store *st = fresh(&board, &card);

	store_column_find(st, board, "Doing", &col, &e);
	store_card_add(st, col, "other", 0, &other, &e);
	store_check_add(st, card, "a", &item, &e);
	char arg[32];
	snprintf(arg, sizeof(arg), "%lld", item);
	CHECK_INT(store_check_find(st, card, arg, &found, &e), 0);
	CHECK_INT(found, item);
	CHECK_INT(store_check_find(st, other, arg, &found, &e), -1);
	CHECK(strstr(e.msg, "has no checklist item") != NULL);
	CHECK_INT(store_check_find(st, card, "x1", &found, &e), -1);
	CHECK_INT(store_check_toggle(st, 999, &e), -1);
	CHECK_STR(e.msg, "no checklist item with id 999");
	CHECK_INT(store_check_delete(st, 999, &e), -1);
	CHECK_INT(store_check_add(st, 999, "x", &item, &e), -1);
	CHECK_STR(e.msg, "no card with id 999");
	CHECK_INT(store_comment_add(st, 999, "x", &item, &e), -1);
	store_close(&st);
}

static void
test_time_entries(void)
{
	lid board, card;
	struct store *st = fresh(&board, &card);

	raw_sql("INSERT INTO time_entries(card_id, started_at, seconds, note, created_at) "
	    "VALUES (1, 1000, 1800, 'design', 2000), (1, NULL, 5400, NULL, 3000)");
	struct card_detail d = detail(st, card);
	CHECK_INT(d.nentries, 2);
	CHECK_INT(d.tracked, 7200);
	if (d.nentries == 2) {
		/* newest first, as the time entries pane lists them */
		CHECK(d.entries[0].note == NULL);
		CHECK_INT(d.entries[0].started_at, 0);
		CHECK_STR(d.entries[1].note, "design");
		CHECK_INT(d.entries[1].started_at, 1000);
	}
	card_detail_free(&d);
	store_close(&st);
}

/* The fields a card's board line shows come with the board; the comment
 * count is kept by triggers, through deletes and their undo. */
static void
test_board_line_fields(void)
{
	lid board, card, c1, c2, item;
	char what[STORE_UNDO_LABEL];
	struct lanes_err e = { "" };
	struct board_view v;
	struct store *st = fresh(&board, &card);
	struct card *k;

	CHECK_INT(store_card_set_priority(st, card, "high", &e), 0);
	CHECK_INT(store_card_set_due(st, card, "2020-03-14", &e), 0);
	CHECK_INT(store_card_set_labels(st, card, "bug, ui,docs", &e), 0);
	CHECK_INT(store_comment_add(st, card, "one", &c1, &e), 0);
	CHECK_INT(store_comment_add(st, card, "two", &c2, &e), 0);
	CHECK_INT(store_check_add(st, card, "a", &item, &e), 0);
	raw_sql("INSERT INTO comments(card_id, author, mine, system, body, created_at)"
	    " SELECT id, 'bot', 0, 1, 'moved', 0 FROM cards");
	CHECK_INT(store_comment_delete(st, c1, &e), 0);
	CHECK_INT(store_board_load(st, board, &v, &e), 0);
	k = &v.cols[0].cards[0];
	CHECK_INT(k->priority, PRIORITY_HIGH);
	CHECK_STR(k->due, "2020-03-14");
	CHECK_STR(k->labels, "bug, ui, docs");
	CHECK_INT(k->comments, 1);
	board_view_free(&v);

	/* deleting the card and taking it back brings its rows back once */
	CHECK_INT(store_card_delete(st, card, &e), 0);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_INT(store_board_load(st, board, &v, &e), 0);
	k = &v.cols[0].cards[0];
	CHECK_INT(k->comments, 1);
	CHECK_INT(k->check_total, 1);
	board_view_free(&v);
	store_close(&st);
}

/* A WIP limit is kept on the column, checked, and undone like any edit. */
static void
test_wip_limit(void)
{
	lid board, card, col;
	char what[STORE_UNDO_LABEL];
	struct lanes_err e = { "" };
	struct board_view v;
	struct store *st = fresh(&board, &card);

	store_column_find(st, board, "Doing", &col, &e);
	CHECK_INT(store_column_set_wip(st, col, 4, &e), 0);
	CHECK_INT(store_column_set_wip(st, col, WIP_MAX + 1, &e), -1);
	CHECK(strstr(e.msg, "WIP limit") != NULL);
	CHECK_INT(store_column_set_wip(st, col, -1, &e), -1);
	CHECK_INT(store_board_load(st, board, &v, &e), 0);
	CHECK_INT(v.cols[1].wip, 4);
	CHECK_INT(v.cols[0].wip, 0);
	board_view_free(&v);
	CHECK_INT(store_column_set_wip(st, col, 0, &e), 0);
	CHECK_INT(undo(st, board, what), 1);
	CHECK_STR(what, "clear the WIP limit of Doing");
	CHECK_INT(store_board_load(st, board, &v, &e), 0);
	CHECK_INT(v.cols[1].wip, 4);
	board_view_free(&v);
	store_close(&st);
}

static void
test_read_only_refuses(void)
{
	lid board, card, id;
	struct lanes_err e = { "" };
	struct store *st = fresh(&board, &card), *ro = NULL;

	store_close(&st);
	CHECK_INT(store_open(path, 0, &ro, &e), 0);
	CHECK_INT(store_comment_add(ro, card, "hi", &id, &e), -1);
	CHECK(strstr(e.msg, "read-only") != NULL);
	CHECK_INT(store_check_add(ro, card, "hi", &id, &e), -1);
	CHECK_INT(store_card_set_priority(ro, card, "low", &e), -1);
	store_close(&ro);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_load);
	RUN(test_fields_and_undo);
	RUN(test_priority_validation);
	RUN(test_priority_letters);
	RUN(test_invalid_date_refused);
	RUN(test_comments);
	RUN(test_checklist_order_and_toggle);
	RUN(test_checklist_undo);
	RUN(test_check_find_and_unknown);
	RUN(test_time_entries);
	RUN(test_board_line_fields);
	RUN(test_wip_limit);
	RUN(test_read_only_refuses);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return T_DONE();
}
