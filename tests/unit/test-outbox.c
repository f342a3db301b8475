/* The outbox and merging: every edit of a board kept by a service queues
 * one op in its own transaction; ops of one entity go in order; service
 * ids are resolved when an op goes out; fetched rows merge under pending
 * ops; undo, discard and edit keep the queue honest. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanes/outbox.h"
#include "lanes/store.h"
#include "t.h"

static char dir[] = "/tmp/lanes-outbox-XXXXXX";
static int seq;

static struct store *
fresh(void)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };
	char path[256];

	snprintf(path, sizeof(path), "%s/db%d/lanes.db", dir, ++seq);
	if (store_open(path, STORE_WRITE, &st, &e) < 0)
		printf("# open: %s\n", e.msg);
	return st;
}

/* No statement may be left holding a read transaction: writes made
 * outside BEGIN would stay uncommitted behind it. */
static void
done(struct store **st)
{
	CHECK_INT(store_release(*st), 0);
	store_close(st);
}

static void
merge(struct store *st, lid board, const char *json)
{
	cJSON *f = cJSON_Parse(json);
	struct lanes_err e = { "" };

	if (store_merge_board(st, board, f, NULL, 0, &e) < 0)
		printf("# merge: %s\n", e.msg);
	cJSON_Delete(f);
}

#define BOARD_JSON \
	"{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"},{\"remote\":\"S2\",\"name\":\"Done\"}]," \
	"\"cards\":[{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\"}," \
	"{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}," \
	"{\"remote\":\"T3\",\"title\":\"three\",\"column\":\"S2\"}]}"

/* A board of account "asana" with the cards above. */
static lid
remote_board(struct store *st)
{
	lid b = 0;
	struct lanes_err e = { "" };

	store_account_ensure(st, "asana", "asana", &e);
	store_account_set_user(st, "asana", "1001");
	if (store_board_for_remote(st, "asana", "P1", "Launch", &b, &e) < 0)
		printf("# board: %s\n", e.msg);
	merge(st, b, BOARD_JSON);
	return b;
}

/* "To Do: one|two / Done: three" */
static char *
shape(struct store *st, lid board)
{
	static char buf[1024];
	struct board_view v;
	struct lanes_err e;

	buf[0] = '\0';
	if (store_board_load(st, board, &v, &e) < 0)
		return buf;
	for (int c = 0; c < v.ncols; c++) {
		sprintf(buf + strlen(buf), "%s%s:", c ? " / " : "", v.cols[c].name);
		for (int i = 0; i < v.cols[c].ncards; i++)
			sprintf(buf + strlen(buf), "%s%s", i ? "|" : " ", v.cols[c].cards[i].title);
	}
	board_view_free(&v);
	return buf;
}

static lid
card_by_title(struct store *st, lid board, const char *title)
{
	struct board_view v;
	struct lanes_err e;
	lid id = 0;

	if (store_board_load(st, board, &v, &e) < 0)
		return 0;
	for (int c = 0; c < v.ncols; c++)
		for (int i = 0; i < v.cols[c].ncards; i++)
			if (str_eq(v.cols[c].cards[i].title, title))
				id = v.cols[c].cards[i].id;
	board_view_free(&v);
	return id;
}

static lid
col(struct store *st, lid board, const char *name)
{
	lid id = 0;
	struct lanes_err e;

	store_column_find(st, board, name, &id, &e);
	return id;
}

/* The ops, as "op entity" lines joined by ", ". */
static char *
queue(struct store *st)
{
	static char buf[2048];
	struct outbox_op *ops;
	struct lanes_err e;
	int n;

	buf[0] = '\0';
	if (outbox_list(st, NULL, &ops, &n, &e) < 0)
		return buf;
	for (int i = 0; i < n; i++)
		sprintf(buf + strlen(buf), "%s%s%s", i ? ", " : "", ops[i].op,
		    ops[i].failed ? "!" : "");
	outbox_ops_free(&ops, n);
	return buf;
}

/* The head ops that may go now, as op names. */
static char *
ready(struct store *st)
{
	static char buf[1024];
	struct outbox_op *ops;
	struct lanes_err e;
	long long due;
	int n;

	buf[0] = '\0';
	if (outbox_ready(st, "asana", now_ms(), 50, &ops, &n, &due, &e) < 0)
		return buf;
	for (int i = 0; i < n; i++)
		sprintf(buf + strlen(buf), "%s%s", i ? ", " : "", ops[i].op);
	outbox_ops_free(&ops, n);
	return buf;
}

static struct outbox_op
first_op(struct store *st)
{
	struct outbox_op *ops, op = { 0 };
	struct lanes_err e;
	int n;

	if (outbox_list(st, NULL, &ops, &n, &e) == 0 && n)
		outbox_get(st, ops[0].id, &op, &e);
	outbox_ops_free(&ops, n);
	return op;
}

static const char *
rfield(const cJSON *r, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(r, k));
}

/* Resolves the first op; returns resolve's rc and the resolved JSON text. */
static int
resolve_first(struct store *st, char *out, size_t n)
{
	struct outbox_op op = first_op(st);
	struct lanes_err e = { "" };
	char why[200] = "";
	cJSON *r = NULL;
	int rc = outbox_resolve(st, &op, &r, why, sizeof(why), &e);
	char *s = r ? cJSON_PrintUnformatted(r) : NULL;

	snprintf(out, n, "%s", s ? s : rc == 0 ? why : e.msg);
	free(s);
	cJSON_Delete(r);
	outbox_op_clear(&op);
	return rc;
}

static int
ack_first(struct store *st, const char *remote, bool more)
{
	struct outbox_op op = first_op(st);
	struct lanes_err e = { "" };
	int rc = outbox_ack(st, op.id, remote, more, NULL, &e);

	outbox_op_clear(&op);
	return rc;
}

static void
test_local_boards_queue_nothing(void)
{
	struct store *st = fresh();
	struct lanes_err e;
	lid board, id;

	store_board_default(st, &board, &e);
	store_card_add(st, col(st, board, "To Do"), "local", 0, &id, &e);
	store_card_move(st, id, col(st, board, "Done"), 0, NULL, &e);
	CHECK_STR(queue(st), "");
	done(&st);
}

static void
test_merge_and_add(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), id;

	CHECK_STR(shape(st, b), "To Do: one|two / Done: three");
	CHECK_STR(queue(st), "");
	CHECK_INT(store_card_add(st, col(st, b, "To Do"), "new", 0, &id, &e), 0);
	CHECK_STR(queue(st), "card.add");
	CHECK_STR(shape(st, b), "To Do: new|one|two / Done: three");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	cJSON *j = cJSON_Parse(r);
	CHECK_STR(rfield(j, "board"), "P1");
	CHECK_STR(rfield(j, "column"), "S1");
	CHECK_STR(rfield(j, "title"), "new");
	CHECK_STR(rfield(j, "before"), "T1");
	CHECK_STR(rfield(j, "me"), "1001");
	cJSON_Delete(j);
	/* the create answered: step 2 places it, with the new id */
	CHECK_INT(ack_first(st, "T9", true), 0);
	CHECK_STR(queue(st), "card.add");
	/* a retry by hand does not make it again */
	{
		struct outbox_op op = first_op(st);
		CHECK_INT(outbox_park(st, op.id, "400: no", &e), 0);
		CHECK_INT(outbox_retry(st, op.id, &e), 0);
		outbox_op_clear(&op);
	}
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"step\":1,") != NULL);
	j = cJSON_Parse(r);
	CHECK_STR(rfield(j, "remote"), "T9");
	cJSON_Delete(j);
	CHECK_INT(ack_first(st, NULL, false), 0);
	CHECK_STR(queue(st), "");
	char *remote = store_card_remote(st, id);
	CHECK_STR(remote, "T9");
	free(remote);
	done(&st);
}

/* A step's carry reaches the next step's resolved op, and replaces the
 * one before; an op that is done leaves nothing behind. */
static void
test_step_carry(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st);
	lid id = card_by_title(st, b, "one");
	struct outbox_op op;

	CHECK_INT(store_card_set_labels(st, id, "x, y", &e), 0);
	CHECK_STR(queue(st), "card.set");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"carry\"") == NULL);
	op = first_op(st);
	CHECK_INT(outbox_ack(st, op.id, NULL, true, "{\"ws\":\"W\",\"add\":[\"x\",\"y\"]}", &e), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"step\":1,\"carry\":{\"ws\":\"W\",\"add\":[\"x\",\"y\"]}") != NULL);
	CHECK(strstr(r, "\"value\":\"x, y\"") != NULL);
	CHECK_INT(outbox_ack(st, op.id, NULL, true, "{\"add\":[\"y\"]}", &e), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"step\":2,\"carry\":{\"add\":[\"y\"]}") != NULL);
	/* a carry that is not JSON is refused, and the op stays as it was */
	CHECK_INT(outbox_ack(st, op.id, NULL, true, "{oops", &e), -1);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"step\":2,") != NULL);
	/* failed and retried by hand, it is planned again from the first step */
	CHECK_INT(outbox_park(st, op.id, "404: tag gone", &e), 0);
	CHECK_INT(outbox_retry(st, op.id, &e), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"step\":0,") != NULL);
	CHECK(strstr(r, "\"carry\"") == NULL);
	CHECK(strstr(r, "\"value\":\"x, y\"") != NULL);
	CHECK_INT(outbox_ack(st, op.id, NULL, false, NULL, &e), 0);
	CHECK_STR(queue(st), "");
	outbox_op_clear(&op);
	done(&st);
}

/* Ops on one entity wait for the one before; a card created offline gets
 * its id when acknowledged and what was queued behind it goes next. */
static void
test_order_and_remap(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), id, t1 = card_by_title(st, b, "one");

	store_card_add(st, col(st, b, "To Do"), "offline", -1, &id, &e);
	store_card_move(st, id, col(st, b, "Done"), 0, NULL, &e);
	store_card_rename(st, id, "renamed", &e);
	store_card_move(st, t1, col(st, b, "Done"), -1, NULL, &e);
	CHECK_STR(queue(st), "card.add, card.move, card.set, card.move");
	CHECK_STR(ready(st), "card.add, card.move");
	CHECK_INT(ack_first(st, "T7", false), 0);
	CHECK_STR(ready(st), "card.move, card.move");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	cJSON *j = cJSON_Parse(r);
	CHECK_STR(rfield(j, "remote"), "T7");
	CHECK_STR(rfield(j, "column"), "S2");
	cJSON_Delete(j);
	/* a failed op holds back its entity, not the others */
	struct outbox_op op = first_op(st);
	outbox_park(st, op.id, "400: nope", &e);
	CHECK_STR(ready(st), "card.move");
	CHECK_STR(queue(st), "card.move!, card.set, card.move");
	outbox_retry(st, op.id, &e);
	CHECK_STR(ready(st), "card.move, card.move");
	outbox_op_clear(&op);
	done(&st);
}

static void
test_collapse_and_late_delete(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), id;

	/* never sent: the add and everything after it go with the delete */
	store_card_add(st, col(st, b, "To Do"), "oops", 0, &id, &e);
	store_card_rename(st, id, "oops2", &e);
	store_card_delete(st, id, &e);
	CHECK_STR(queue(st), "");
	/* sent, answer pending: the delete waits and learns the id */
	store_card_add(st, col(st, b, "To Do"), "sent", 0, &id, &e);
	struct outbox_op op = first_op(st);
	outbox_mark_sent(st, op.id, &e);
	store_card_delete(st, id, &e);
	CHECK_STR(queue(st), "card.add, card.delete");
	CHECK_INT(ack_first(st, "T8", false), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"remote\":\"T8\"") != NULL);
	outbox_op_clear(&op);
	done(&st);
}

/* A create refused unread (429, 401) on its first send is as if never
 * sent: it goes again without being looked for; and a delete after it
 * collapses with it again. */
static void
test_unsend(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), id;
	struct outbox_op op;

	store_card_add(st, col(st, b, "To Do"), "limited", 0, &id, &e);
	op = first_op(st);
	CHECK_INT(outbox_mark_sent(st, op.id, &e), 0);
	outbox_op_clear(&op);
	op = first_op(st);
	CHECK(op.sent_at > 0);
	CHECK_INT(outbox_unsend(st, op.id, &e), 0);
	outbox_op_clear(&op);
	op = first_op(st);
	CHECK(op.sent_at == 0);
	outbox_op_clear(&op);
	store_card_delete(st, id, &e);
	CHECK_STR(queue(st), "");
	done(&st);
}

/* A service that runs the user's timer: this machine's follows it, except
 * while a start or stop of ours is on its way. */
static void
test_merge_timer(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	struct timer_status ts;
	lid b = remote_board(st), two = card_by_title(st, b, "two");
	struct outbox_op op;

	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}],"
	    "\"timer\":{\"card\":\"T2\",\"started_at\":1772359200000}}");
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	CHECK(ts.card == two && ts.started_at == 1772359200);
	timer_status_free(&ts);
	/* stopped elsewhere */
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}],\"timer\":null}");
	CHECK_INT(store_timer_status(st, &ts, &e), 0);
	/* a service without a timer of its own says nothing: ours stays */
	CHECK_INT(store_timer_start(st, two, NULL, &e), 0);
	merge(st, b, BOARD_JSON);
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	timer_status_free(&ts);
	/* our start, still on its way, is not undone by what the service says */
	op = first_op(st);
	CHECK_STR(op.op, "timer.start");
	outbox_op_clear(&op);
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}],\"timer\":null}");
	CHECK_INT(store_timer_status(st, &ts, &e), 1);
	timer_status_free(&ts);
	done(&st);
}

/* Fetched rows replace cached ones, except what a queued op changes. */
static void
test_merge_under_pending(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), one = card_by_title(st, b, "one");
	lid two = card_by_title(st, b, "two");

	store_card_move(st, one, col(st, b, "Done"), 0, NULL, &e);
	store_card_rename(st, two, "two!", &e);
	merge(st, b, BOARD_JSON);
	CHECK_STR(shape(st, b), "To Do: two! / Done: one|three");
	/* acknowledged: the service's word wins again */
	while (*queue(st))
		ack_first(st, NULL, false);
	merge(st, b, BOARD_JSON);
	CHECK_STR(shape(st, b), "To Do: one|two / Done: three");
	/* gone from the service: gone here, unless an op holds it */
	store_card_rename(st, two, "keep", &e);
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"},"
	    "{\"remote\":\"S2\",\"name\":\"Finished\"}],\"cards\":["
	    "{\"remote\":\"T3\",\"title\":\"three\",\"column\":\"S2\"},"
	    "{\"remote\":\"T4\",\"title\":\"four\",\"column\":\"S1\"}]}");
	CHECK_STR(shape(st, b), "To Do: four|keep / Finished: three");
	done(&st);
}

/* Cards of a page merged at once (a JSON array). */
static int
merge_page(struct board_merge *m, const char *cards)
{
	cJSON *c = cJSON_Parse(cards);
	struct lanes_err e = { "" };
	int rc = store_merge_cards(m, c, NULL, 0, &e);

	cJSON_Delete(c);
	return rc;
}

/* A board merged page by page: each page shows at once, in its column's
 * order across pages; a pending edit keeps its value; what the service
 * no longer has goes only at the end, and not at all when the fetch
 * never got that far. */
static void
test_merge_in_pages(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), two = card_by_title(st, b, "two");
	cJSON *cols = cJSON_Parse("{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"},"
	    "{\"remote\":\"S2\",\"name\":\"Done\"}]}");
	struct board_merge *m;

	store_card_rename(st, two, "two!", &e);
	m = store_merge_begin(st, b, cols, NULL, 0, &e);
	CHECK(m != NULL);
	/* four is new; two, whose title is held, is where it was */
	CHECK_INT(merge_page(m, "[{\"remote\":\"T4\",\"title\":\"four\",\"column\":\"S1\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}]"), 1);
	/* "one" keeps its place until its page comes */
	CHECK_STR(shape(st, b), "To Do: one|four|two! / Done: three");
	CHECK_INT(merge_page(m, "[{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\"}]"), 1);
	CHECK_STR(shape(st, b), "To Do: four|two!|one / Done: three");
	CHECK_INT(store_merge_end(m, NULL, 0, &e), 0);
	CHECK_STR(shape(st, b), "To Do: four|two!|one / Done:");
	store_merge_free(&m);
	/* a fetch that stopped half way: nothing goes; a page that changes
	 * nothing says so */
	m = store_merge_begin(st, b, cols, NULL, 0, &e);
	CHECK_INT(merge_page(m, "[{\"remote\":\"T4\",\"title\":\"four\",\"column\":\"S1\"}]"), 0);
	CHECK_INT(merge_page(m, "[{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S2\"}]"), 1);
	store_merge_free(&m);
	CHECK_STR(shape(st, b), "To Do: four|two! / Done: one");
	cJSON_Delete(cols);
	done(&st);
}

static char *
priority_of(struct store *st, lid card)
{
	static char buf[32];
	struct card_detail d;
	struct lanes_err e = { "" };

	snprintf(buf, sizeof(buf), "?");
	if (store_card_detail(st, card, &d, &e) == 0) {
		snprintf(buf, sizeof(buf), "%s", d.priority ? d.priority : "none");
		card_detail_free(&d);
	}
	return buf;
}

/* A service's priorities arrive (a set waiting here holds its own); one
 * that says nothing of them leaves the card's alone. */
static void
test_merge_priority(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), one = card_by_title(st, b, "one");
	lid two = card_by_title(st, b, "two");

	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\",\"priority\":\"high\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\",\"priority\":\"low\"}]}");
	CHECK_STR(priority_of(st, one), "high");
	CHECK_STR(priority_of(st, two), "low");
	CHECK_INT(store_card_set_priority(st, two, "medium", &e), 0);
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\",\"priority\":null},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\",\"priority\":\"low\"}]}");
	CHECK_STR(priority_of(st, one), "none");
	CHECK_STR(priority_of(st, two), "medium");
	CHECK_INT(store_card_set_priority(st, one, "high", &e), 0);
	while (*queue(st))
		ack_first(st, NULL, false);
	merge(st, b, BOARD_JSON);
	CHECK_STR(priority_of(st, one), "high");
	done(&st);
}

/* A service with an archive says whether each card is archived; while an
 * archiving waits to be sent, the card stays as it was set here; a
 * service that says nothing of it leaves the card as it is. */
static void
test_merge_archived(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), one = card_by_title(st, b, "one");

	CHECK_INT(store_card_archive(st, one, 1, &e), 1);
	CHECK_STR(queue(st), "card.archive");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"archived\":true") != NULL);
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\",\"archived\":false},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\",\"archived\":true}]}");
	CHECK_STR(shape(st, b), "To Do:");
	while (*queue(st))
		ack_first(st, NULL, false);
	merge(st, b, BOARD_JSON);
	CHECK_STR(shape(st, b), "To Do: / Done: three");
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\",\"archived\":false},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\",\"archived\":true},"
	    "{\"remote\":\"T4\",\"title\":\"four\",\"column\":\"S1\",\"archived\":true}]}");
	CHECK_STR(shape(st, b), "To Do: one");
	done(&st);
}

/* A service that keeps no order: cards keep their places here; a new or
 * moved one goes last in its column. */
static void
test_merge_local_order(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), two = card_by_title(st, b, "two");

	CHECK_INT(store_card_move(st, two, col(st, b, "To Do"), 0, NULL, &e), 0);
	while (*queue(st))
		ack_first(st, NULL, false);
	CHECK_STR(shape(st, b), "To Do: two|one / Done: three");
	merge(st, b, "{\"order\":\"local\",\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"},"
	    "{\"remote\":\"S2\",\"name\":\"Done\"}],\"cards\":["
	    "{\"remote\":\"T4\",\"title\":\"four\",\"column\":\"S1\"},"
	    "{\"remote\":\"T3\",\"title\":\"three\",\"column\":\"S1\"},"
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"}]}");
	CHECK_STR(shape(st, b), "To Do: two|one|four|three / Done:");
	/* the service's order, where it keeps one */
	merge(st, b, BOARD_JSON);
	CHECK_STR(shape(st, b), "To Do: one|two / Done: three");
	done(&st);
}

static void
test_merge_skips_deleted_and_unanswered(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), id;

	store_card_delete(st, card_by_title(st, b, "one"), &e);
	store_card_add(st, col(st, b, "To Do"), "lost", -1, &id, &e);
	struct outbox_op *ops;
	int n;
	outbox_list(st, NULL, &ops, &n, &e);
	outbox_mark_sent(st, ops[1].id, &e);
	outbox_ops_free(&ops, n);
	/* the service already has "lost" (T5), still has "one", and no Done */
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S1\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"},"
	    "{\"remote\":\"T5\",\"title\":\"lost\",\"column\":\"S1\"}]}");
	CHECK_STR(shape(st, b), "To Do: two|lost");
	/* the lookup finds T5 nobody here has, and adopts it */
	struct outbox_op op;
	outbox_list(st, NULL, &ops, &n, &e);
	outbox_get(st, ops[1].id, &op, &e);
	CHECK(!outbox_remote_taken(st, &op, "T5"));
	CHECK(outbox_remote_taken(st, &op, "T2"));
	CHECK_INT(outbox_ack(st, op.id, "T5", false, NULL, &e), 0);
	outbox_op_clear(&op);
	outbox_ops_free(&ops, n);
	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"},"
	    "{\"remote\":\"T5\",\"title\":\"lost\",\"column\":\"S1\"}]}");
	CHECK_STR(shape(st, b), "To Do: two|lost");
	done(&st);
}

/* Asana's own examples give tasks whose section the sections list does
 * not hold, and a task may have none: such a card lands last in the
 * board's first column (the first on screen) instead of vanishing. */
static void
test_merge_unknown_column(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), empty;

	merge(st, b, "{\"columns\":[{\"remote\":\"S1\",\"name\":\"To Do\"},"
	    "{\"remote\":\"S2\",\"name\":\"Done\"}],\"cards\":["
	    "{\"remote\":\"T1\",\"title\":\"one\",\"column\":\"S9\"},"
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"},"
	    "{\"remote\":\"T3\",\"title\":\"three\",\"column\":\"S2\"},"
	    "{\"remote\":\"T4\",\"title\":\"four\",\"column\":null},"
	    "{\"remote\":\"T5\",\"title\":\"five\"}]}");
	CHECK_STR(shape(st, b), "To Do: one|two|four|five / Done: three");
	/* the service's first column is Done now: so is the board's */
	merge(st, b, "{\"columns\":[{\"remote\":\"S2\",\"name\":\"Done\"},"
	    "{\"remote\":\"S1\",\"name\":\"To Do\"}],\"cards\":["
	    "{\"remote\":\"T2\",\"title\":\"two\",\"column\":\"S1\"},"
	    "{\"remote\":\"T3\",\"title\":\"three\",\"column\":\"S8\"}]}");
	CHECK_STR(shape(st, b), "Done: three / To Do: two");
	/* a board without a column has nowhere to put it */
	CHECK_INT(store_board_for_remote(st, "asana", "P2", "Bare", &empty, &e), 0);
	merge(st, empty, "{\"columns\":[],\"cards\":["
	    "{\"remote\":\"T7\",\"title\":\"seven\",\"column\":\"S9\"}]}");
	CHECK_STR(shape(st, empty), "");
	done(&st);
}

static void
test_columns(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), qa, id;

	CHECK_INT(store_column_add(st, b, "QA", col(st, b, "To Do"), &qa, &e), 0);
	CHECK_STR(queue(st), "column.add");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"before\":\"S2\"") != NULL);
	/* a card in a column not yet created waits for it */
	store_card_add(st, qa, "qa card", 0, &id, &e);
	CHECK_STR(ready(st), "column.add, card.add");
	struct outbox_op *ops;
	int n;
	outbox_list(st, NULL, &ops, &n, &e);
	char why[200] = "";
	cJSON *res = NULL;
	CHECK_INT(outbox_resolve(st, &ops[1], &res, why, sizeof(why), &e), 0);
	CHECK(strstr(why, "column") != NULL);
	outbox_ops_free(&ops, n);
	CHECK_INT(ack_first(st, "S9", false), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"column\":\"S9\"") != NULL);
	store_column_rename(st, col(st, b, "Done"), "Shipped", &e);
	CHECK_STR(queue(st), "card.add, column.rename");
	done(&st);
}

static void
test_discard_edit_describe(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), id, t1 = card_by_title(st, b, "one");

	store_card_add(st, col(st, b, "To Do"), "drop me", 0, &id, &e);
	store_card_rename(st, t1, "one renamed", &e);
	struct outbox_op *ops;
	int n;
	outbox_list(st, NULL, &ops, &n, &e);
	char *d = outbox_describe(st, &ops[0]);
	CHECK_STR(d, "add card \"drop me\"");
	free(d);
	d = outbox_describe(st, &ops[1]);
	CHECK_STR(d, "rename card to \"one renamed\"");
	free(d);
	CHECK_STR(outbox_op_text(&ops[1]), "one renamed");
	outbox_park(st, ops[1].id, "400: too long", &e);
	CHECK_INT(outbox_edit(st, ops[1].id, "", &e), -1);
	CHECK_INT(outbox_edit(st, ops[1].id, "one, shorter", &e), 0);
	CHECK_STR(queue(st), "card.add, card.set");
	CHECK(card_by_title(st, b, "one, shorter") == t1);
	/* dropping an add drops its card */
	CHECK_INT(outbox_discard(st, ops[0].id, &e), 0);
	CHECK(card_by_title(st, b, "drop me") == 0);
	CHECK_STR(queue(st), "card.set");
	/* a dropped edit stays here, and the service never had it: the
	 * board's sync point goes, so the next refresh fetches it all */
	CHECK_INT(store_board_set_sync_point(st, b, "e1.5", &e), 0);
	char *p = store_board_sync_point(st, b);
	CHECK_STR(p, "e1.5");
	free(p);
	CHECK_INT(outbox_discard(st, ops[1].id, &e), 0);
	CHECK(store_board_sync_point(st, b) == NULL);
	CHECK(card_by_title(st, b, "one, shorter") == t1);
	outbox_ops_free(&ops, n);
	done(&st);
}

/* Undo goes through the outbox too: a delete that went out is undone by
 * creating the card again; one that did not is simply dropped. */
static void
test_undo(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL], r[1024];
	lid b = remote_board(st), one = card_by_title(st, b, "one");

	store_card_complete(st, one, 1, &e);
	CHECK_STR(queue(st), "card.complete");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(queue(st), "card.complete, card.complete");
	while (*queue(st))
		ack_first(st, NULL, false);
	store_card_delete(st, one, &e);
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(queue(st), "");
	store_card_delete(st, one, &e);
	ack_first(st, NULL, false);
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(queue(st), "card.add");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"title\":\"one\"") != NULL);
	done(&st);
}

static void
test_merge_card(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	lid b = remote_board(st), one = card_by_title(st, b, "one");
	struct card_detail d;
	cJSON *f = cJSON_Parse("{\"comments\":[{\"remote\":\"C1\",\"author\":\"Ada\","
	    "\"author_remote\":\"1002\",\"body\":\"hi\",\"system\":false,\"created_at\":1000},"
	    "{\"remote\":\"C2\",\"author\":\"Me\",\"author_remote\":\"1001\",\"body\":\"mine\","
	    "\"system\":false,\"created_at\":2000}],"
	    "\"check_items\":[{\"remote\":\"K1\",\"text\":\"step\",\"done\":true}],"
	    "\"time_entries\":[{\"remote\":\"E1\",\"seconds\":1800,\"unit\":60,\"date\":\"2026-01-02\"}]}");

	CHECK_INT(store_merge_card(st, one, "1001", f, &e), 0);
	CHECK_INT(store_card_detail(st, one, &d, &e), 0);
	CHECK_INT(d.ncomments, 2);
	CHECK(!d.comments[0].mine && d.comments[1].mine);
	CHECK_INT(d.nchecks, 1);
	CHECK_INT(d.checks_done, 1);
	CHECK_INT(d.tracked, 1800);
	card_detail_free(&d);
	CHECK_STR(queue(st), "");
	cJSON_Delete(f);
	done(&st);
}

/* A card's checklist in order, "a|b|c"; with id, the id of item text. */
static char *
checks_of(struct store *st, lid card, const char *text, lid *id)
{
	static char buf[512];
	struct card_detail d;
	struct lanes_err e;

	buf[0] = '\0';
	if (store_card_detail(st, card, &d, &e) < 0)
		return buf;
	for (int i = 0; i < d.nchecks; i++) {
		sprintf(buf + strlen(buf), "%s%s", i ? "|" : "", d.checks[i].text);
		if (id && str_eq(d.checks[i].text, text))
			*id = d.checks[i].id;
	}
	card_detail_free(&d);
	return buf;
}

static void
merge_checks(struct store *st, lid card, const char *json)
{
	cJSON *f = cJSON_Parse(json);
	struct lanes_err e = { "" };

	if (store_merge_card(st, card, "1001", f, &e) < 0)
		printf("# merge: %s\n", e.msg);
	cJSON_Delete(f);
}

#define CHECKS_JSON(x, y, z) "{\"check_items\":[" \
	"{\"remote\":\"K" x "\",\"text\":\"" x "\"}," \
	"{\"remote\":\"K" y "\",\"text\":\"" y "\"}," \
	"{\"remote\":\"K" z "\",\"text\":\"" z "\"}]}"

/* Moving a checklist item names the item now above it (or below, when it
 * became first), resolved to the service's id when the op goes out; a
 * refresh keeps the service's order, but not over a move on its way. */
static void
test_check_move(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024];
	lid b = remote_board(st), one = card_by_title(st, b, "one"), c3 = 0, c2 = 0, d4 = 0;
	struct outbox_op op;
	char *desc;
	cJSON *j;

	merge_checks(st, one, CHECKS_JSON("1", "2", "3"));
	CHECK_STR(checks_of(st, one, "3", &c3), "1|2|3");
	CHECK_INT(store_check_shift(st, c3, -1, &e), 0);
	CHECK_INT(store_check_shift(st, c3, -1, &e), 0);
	CHECK_STR(checks_of(st, one, NULL, NULL), "3|1|2");
	CHECK_STR(queue(st), "check.move, check.move");
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	j = cJSON_Parse(r);
	CHECK_STR(rfield(j, "remote"), "K3");
	CHECK_STR(rfield(j, "card"), "T1");
	/* where it went: between 1 and 2, the second of three */
	CHECK_STR(rfield(j, "after"), "K1");
	CHECK_STR(rfield(j, "before"), "K2");
	CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "index")), 1);
	cJSON_Delete(j);
	/* a refresh from before the moves does not undo them */
	merge_checks(st, one, CHECKS_JSON("1", "2", "3"));
	CHECK_STR(checks_of(st, one, NULL, NULL), "3|1|2");
	CHECK_INT(ack_first(st, NULL, false), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	j = cJSON_Parse(r);
	CHECK_STR(rfield(j, "before"), "K1");
	CHECK(!rfield(j, "after"));
	cJSON_Delete(j);
	op = first_op(st);
	desc = outbox_describe(st, &op);
	CHECK_STR(desc, "move checklist item \"3\" on \"one\"");
	free(desc);
	outbox_op_clear(&op);
	CHECK_INT(ack_first(st, NULL, false), 0);
	/* with nothing queued the service's order is the order */
	merge_checks(st, one, CHECKS_JSON("2", "3", "1"));
	CHECK_STR(checks_of(st, one, "2", &c2), "2|3|1");
	/* a neighbour still being created is resolved once it has an id */
	CHECK_INT(store_check_add(st, one, "4", &d4, &e), 0);
	CHECK_INT(store_check_shift(st, c2, 3, &e), 0);
	CHECK_STR(checks_of(st, one, NULL, NULL), "3|1|4|2");
	CHECK_STR(queue(st), "check.add, check.move");
	CHECK_INT(ack_first(st, "K4", false), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"remote\":\"K2\"") && strstr(r, "\"after\":\"K4\""));
	/* one deleted before it ever reached the service leaves no anchor */
	CHECK_INT(store_check_add(st, one, "5", &d4, &e), 0);
	CHECK_INT(store_check_shift(st, c2, 1, &e), 0);
	CHECK_INT(store_check_delete(st, d4, &e), 0);
	CHECK_STR(queue(st), "check.move, check.move");
	CHECK_INT(ack_first(st, NULL, false), 0);
	CHECK_INT(resolve_first(st, r, sizeof(r)), 1);
	CHECK(strstr(r, "\"remote\":\"K2\"") && !strstr(r, "\"after\"") &&
	    !strstr(r, "\"before\""));
	done(&st);
}

/* Undoing a reorder moves the items back on the service too: each item
 * with its old position again is placed after its neighbour, top down. */
static void
test_check_move_undo(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char r[1024], what[64];
	lid b = remote_board(st), one = card_by_title(st, b, "one"), c3 = 0;
	int n = 0;

	merge_checks(st, one, CHECKS_JSON("1", "2", "3"));
	CHECK_STR(checks_of(st, one, "3", &c3), "1|2|3");
	CHECK_INT(store_check_shift(st, c3, -2, &e), 0);
	CHECK_STR(checks_of(st, one, NULL, NULL), "3|1|2");
	CHECK_INT(ack_first(st, NULL, false), 0);
	CHECK_STR(queue(st), "");
	CHECK_INT(store_undo(st, b, what, sizeof(what), &e), 1);
	CHECK_STR(checks_of(st, one, NULL, NULL), "1|2|3");
	CHECK(strstr(queue(st), "check.set") == NULL);
	/* replayed on the service's 3|1|2, the moves give 1|2|3 */
	while (resolve_first(st, r, sizeof(r)) == 1 && n++ < 5) {
		if (n == 1)
			CHECK(strstr(r, "\"remote\":\"K1\"") && strstr(r, "\"before\":\"K2\""));
		else
			CHECK(strstr(r, "\"after\":\"K") != NULL);
		CHECK_INT(ack_first(st, NULL, false), 0);
	}
	CHECK(n >= 2);
	done(&st);
}

/* What a backend keeps across runs: back after a reopen, in files only
 * the user can read (it may hold tokens). */
static void
test_account_state(void)
{
	struct store *st = fresh();
	struct lanes_err e = { "" };
	char path[256], *got;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/db%d/lanes.db", dir, seq);
	chmod(path, 0644);
	CHECK_INT(store_account_ensure(st, "av", "astravue", &e), 0);
	got = store_account_state(st, "av");
	CHECK(got == NULL);
	CHECK_INT(store_account_set_state(st, "av", "{\"refresh\":\"r1\"}", &e), 0);
	CHECK_INT(stat(path, &sb), 0);
	CHECK_INT((int)(sb.st_mode & 0777), 0600);
	CHECK_INT(store_account_set_state(st, "nobody", "{}", &e), 0);
	done(&st);
	CHECK_INT(store_open(path, STORE_WRITE, &st, &e), 0);
	got = store_account_state(st, "av");
	CHECK_STR(got, "{\"refresh\":\"r1\"}");
	free(got);
	CHECK(store_account_state(st, "nobody") == NULL);
	done(&st);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_local_boards_queue_nothing);
	RUN(test_merge_and_add);
	RUN(test_step_carry);
	RUN(test_order_and_remap);
	RUN(test_collapse_and_late_delete);
	RUN(test_merge_under_pending);
	RUN(test_merge_in_pages);
	RUN(test_unsend);
	RUN(test_merge_timer);
	RUN(test_merge_priority);
	RUN(test_merge_archived);
	RUN(test_merge_local_order);
	RUN(test_merge_skips_deleted_and_unanswered);
	RUN(test_merge_unknown_column);
	RUN(test_columns);
	RUN(test_discard_edit_describe);
	RUN(test_undo);
	RUN(test_merge_card);
	RUN(test_check_move);
	RUN(test_check_move_undo);
	RUN(test_account_state);
	{
		char *cmd = xasprintf("rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
		free(cmd);
	}
	return T_DONE();
}
