/* The SSE parser: each rule of the event stream, with every input read
 * whole, a byte at a time, and cut in two and in three at every place, so
 * that where the transfer happens to cut the body never matters. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/sse.h"
#include "lanes/util.h"
#include "t.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

struct outcome {
	struct strbuf log;      /* "<type|id|data>" per event */
	int events;
	int stop_after;         /* the callback stops after this many; 0: never */
	int rc;
	bool dropped;
	long retry_ms;
	struct lanes_err err;
};

static int
record(void *ctx, const struct sse_event *ev)
{
	struct outcome *o = ctx;

	/* the strings are terminated where their lengths say */
	if (ev->type[ev->type_len] != '\0' || ev->data[ev->data_len] != '\0')
		sb_puts(&o->log, "(unterminated)");
	sb_add(&o->log, "<", 1);
	sb_add(&o->log, ev->type, ev->type_len);
	sb_add(&o->log, "|", 1);
	sb_puts(&o->log, ev->id);
	sb_add(&o->log, "|", 1);
	sb_add(&o->log, ev->data, ev->data_len);
	sb_add(&o->log, ">", 1);
	o->events++;
	return o->stop_after && o->events >= o->stop_after;
}

/* Feeds in[0..len) in pieces ending at cuts[0..ncuts), then the rest. */
static void
parse_cut(const char *in, size_t len, const size_t *cuts, size_t ncuts, size_t max,
    int stop_after, struct outcome *o)
{
	struct sse_parser p;
	size_t from = 0, to;

	memset(o, 0, sizeof(*o));
	o->stop_after = stop_after;
	sb_add(&o->log, "", 0);
	sse_init(&p, max);
	for (size_t i = 0; i <= ncuts && o->rc == 0; i++) {
		to = i < ncuts ? cuts[i] : len;
		o->rc = sse_feed(&p, in + from, to - from, record, o, &o->err);
		from = to;
	}
	o->dropped = sse_finish(&p);
	o->retry_ms = p.retry_ms;
	sse_free(&p);
}

static void
outcome_free(struct outcome *o)
{
	sb_free(&o->log);
}

static bool
same(const struct outcome *a, const struct outcome *b)
{
	return a->rc == b->rc && a->events == b->events && a->log.len == b->log.len &&
	    memcmp(a->log.buf, b->log.buf, a->log.len) == 0 &&
	    (a->rc != 0 || a->dropped == b->dropped) && a->retry_ms == b->retry_ms &&
	    strcmp(a->err.msg, b->err.msg) == 0;
}

/* Every way of cutting in into up to three pieces, and one byte at a
 * time, gives what reading it whole gives; *whole is that outcome. */
static void
parse_all_ways(const char *in, size_t len, size_t max, int stop_after, struct outcome *whole)
{
	struct outcome o;
	size_t cuts[2], *bytes = xcalloc(len + 1, sizeof(*bytes));
	int differ = 0;

	parse_cut(in, len, NULL, 0, max, stop_after, whole);
	for (cuts[0] = 0; cuts[0] <= len; cuts[0]++) {
		for (cuts[1] = cuts[0]; cuts[1] <= len; cuts[1]++) {
			parse_cut(in, len, cuts, 2, max, stop_after, &o);
			if (!same(whole, &o) && differ++ < 3)
				printf("# cut at %zu and %zu: %.*s\n", cuts[0], cuts[1],
				    (int)o.log.len, o.log.buf);
			outcome_free(&o);
		}
	}
	for (size_t i = 0; i < len; i++)
		bytes[i] = i + 1;
	parse_cut(in, len, bytes, len, max, stop_after, &o);
	if (!same(whole, &o) && differ++ < 3)
		printf("# byte by byte: %.*s\n", (int)o.log.len, o.log.buf);
	outcome_free(&o);
	free(bytes);
	CHECK_INT(differ, 0);
}

/* The events, read every way, are want (want_len bytes of "<type|id|data>"). */
static void
expect_events(const char *in, size_t len, const char *want, size_t want_len)
{
	struct outcome o;

	parse_all_ways(in, len, 0, 0, &o);
	CHECK_INT(o.rc, 0);
	if (o.log.len != want_len || memcmp(o.log.buf, want, want_len) != 0) {
		printf("# got \"%.*s\", expected \"%.*s\"\n", (int)o.log.len, o.log.buf,
		    (int)want_len, want);
		t_cur_failed = 1;
	}
	outcome_free(&o);
}

#define EXPECT(in, want) expect_events(S(in), S(want))

static void
test_basic_events(void)
{
	EXPECT("data: hello\n\n", "<message||hello>");
	EXPECT("data: a\n\ndata: b\n\n", "<message||a><message||b>");
	EXPECT("", "");
	EXPECT("\n\n\n", "");
	/* a blank line with no data dispatches nothing */
	EXPECT("event: x\n\ndata: y\n\n", "<message||y>");
}

static void
test_line_ends(void)
{
	EXPECT("data:a\r\rdata:b\r\n\r\ndata:c\n\n", "<message||a><message||b><message||c>");
	EXPECT("data:x\r\ndata:y\r\n\r\n", "<message||x\ny>");
	EXPECT("data:x\rdata:y\r\r", "<message||x\ny>");
	EXPECT("data:x\ndata:y\r\n\n", "<message||x\ny>");
	/* CR LF is one end; LF CR is two */
	EXPECT("data:x\n\rdata:y\n\n", "<message||x><message||y>");
	/* CR CR LF: an end, then a blank line */
	EXPECT("data:x\r\r\ndata:y\n\n", "<message||x><message||y>");
}

/* The cases above are cut everywhere already; these say it outright. */
static void
test_crlf_cut_between_pieces(void)
{
	static const char in[] = "data:a\r\ndata:b\r\n\r\n";
	size_t cuts[] = { 7, 15, 17 };  /* after each CR */
	struct outcome o;

	CHECK(in[6] == '\r' && in[14] == '\r' && in[16] == '\r');
	parse_cut(in, sizeof(in) - 1, cuts, ARRAY_SIZE(cuts), 0, 0, &o);
	CHECK_INT(o.rc, 0);
	CHECK_STR(o.log.buf, "<message||a\nb>");
	CHECK(!o.dropped);
	outcome_free(&o);
}

static void
test_comments(void)
{
	EXPECT(": ping\n\ndata: x\n:comment\ndata: y\n\n", "<message||x\ny>");
	EXPECT(":\n:data: no\n\n", "");
	EXPECT(": a comment, not a blank line\r\n", "");
}

static void
test_data_lines(void)
{
	EXPECT("data: one\ndata: two\ndata: three\n\n", "<message||one\ntwo\nthree>");
	/* an empty data line still makes an event, with empty data */
	EXPECT("data\n\n", "<message||>");
	EXPECT("data:\n\n", "<message||>");
	EXPECT("data\ndata\n\n", "<message||\n>");
	/* one space after the colon goes, no more; none is fine */
	EXPECT("data:  two\n\n", "<message|| two>");
	EXPECT("data:none\n\n", "<message||none>");
	EXPECT("data:\tx\n\n", "<message||\tx>");
	/* only the first colon splits */
	EXPECT("data: a:b: c\n\n", "<message||a:b: c>");
	/* a field name is exact */
	EXPECT("data : x\nDATA: y\ndat: z\ndatas: w\n\n", "");
	EXPECT("foo: bar\ndata: x\n\n", "<message||x>");
}

static void
test_event_and_id(void)
{
	/* the type lasts for one event, the id until another id */
	EXPECT("event: add\nid: 7\ndata: x\n\ndata: y\n\n", "<add|7|x><message|7|y>");
	EXPECT("event: a\nevent: b\ndata: x\n\n", "<b||x>");
	EXPECT("event\ndata: x\n\n", "<message||x>");
	EXPECT("event:\ndata: x\n\n", "<message||x>");
	EXPECT("id: 1\ndata: x\n\nid\ndata: y\n\n", "<message|1|x><message||y>");
	/* an id arrives even with an event that has no data */
	EXPECT("id: 3\n\ndata: x\n\n", "<message|3|x>");
	EXPECT("data: x\nid: 9\n\n", "<message|9|x>");
	/* an id holding NUL is ignored */
	EXPECT("id: 1\ndata: x\n\nid: 2\0z\ndata: y\n\n", "<message|1|x><message|1|y>");
}

static void
expect_retry(const char *in, size_t len, long want)
{
	struct outcome o;

	parse_all_ways(in, len, 0, 0, &o);
	CHECK_INT(o.rc, 0);
	CHECK_INT(o.retry_ms, want);
	CHECK_INT(o.events, 0);
	outcome_free(&o);
}

static void
test_retry(void)
{
	expect_retry(S("retry: 1500\n"), 1500);
	expect_retry(S("retry:0\n"), 0);
	expect_retry(S("retry: 1500\nretry: 15x\n"), 1500);
	expect_retry(S("retry: -5\n"), -1);
	expect_retry(S("retry: 1.5\n"), -1);
	expect_retry(S("retry:\n"), -1);
	expect_retry(S("retry\n"), -1);
	expect_retry(S("retry:  7\n"), -1);
	expect_retry(S("retry: 99999999999999999999999999\n"), LONG_MAX);
}

static void
test_bom(void)
{
	EXPECT("\xEF\xBB\xBF" "data: x\n\n", "<message||x>");
	EXPECT("\xEF\xBB\xBF" "\n" "data: x\n\n", "<message||x>");
	/* only one: a second is part of the field name */
	EXPECT("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n", "");
	/* the start of one is text */
	EXPECT("\xEF\xBB" "data: x\n\n", "");
	EXPECT("\xEF\xBB" "\ndata: x\n\n", "<message||x>");
	/* later in the stream it is text too */
	EXPECT("data: x\n\n" "\xEF\xBB\xBF" "data: y\n\n", "<message||x>");
	EXPECT("data: \xEF\xBB\xBF" "x\n\n", "<message||\xEF\xBB\xBF" "x>");
}

static void
expect_dropped(const char *in, size_t len, const char *want, bool dropped)
{
	struct outcome o;

	parse_all_ways(in, len, 0, 0, &o);
	CHECK_INT(o.rc, 0);
	CHECK_STR(o.log.buf, want);
	CHECK_INT(o.dropped, dropped);
	outcome_free(&o);
}

static void
test_unterminated_event(void)
{
	/* the stream ends before the blank line: nothing is dispatched */
	expect_dropped(S("data: x\n"), "", true);
	expect_dropped(S("data: x"), "", true);
	expect_dropped(S("data: x\n\ndata: y\n"), "<message||x>", true);
	expect_dropped(S("data: x\r\n\r"), "<message||x>", false);
	expect_dropped(S("data: x\n\n"), "<message||x>", false);
	expect_dropped(S("\xEF\xBB"), "", true);
	expect_dropped(S(""), "", false);
}

static void
test_oversized_event(void)
{
	static const char *const big[] = {
		"data: 0123456789abcdefghij\n\n",
		"data: 01234\ndata: 56789\ndata: abcde\ndata: fghij\n\n",
		"data: 0123456789abcdefghij",    /* cut short, still too big */
		"event: 0123456789abcdefghij\n",
		"id: 0123456789abcdefghij\n",
		"nosuchfield: 0123456789abcdefghij\n",
	};
	struct outcome o;

	for (size_t i = 0; i < ARRAY_SIZE(big); i++) {
		parse_all_ways(big[i], strlen(big[i]), 16, 0, &o);
		CHECK_INT(o.rc, SSE_ERROR);
		CHECK_INT(o.events, 0);
		CHECK_STR(o.err.msg, "event stream: an event is larger than 16 bytes");
		outcome_free(&o);
	}
	/* under the cap, with events before and after the big one counted apart */
	parse_all_ways(S("data: 0123456789\n\ndata: abcdefghij\n\n"), 16, 0, &o);
	CHECK_INT(o.rc, 0);
	CHECK_STR(o.log.buf, "<message||0123456789><message||abcdefghij>");
	outcome_free(&o);
	/* the events before it go out; then it fails */
	parse_all_ways(S("data: ok\n\ndata: 0123456789abcdefghij\n\n"), 16, 0, &o);
	CHECK_INT(o.rc, SSE_ERROR);
	CHECK_STR(o.log.buf, "<message||ok>");
	outcome_free(&o);
	/* comments are never held, however long */
	parse_all_ways(S(": 0123456789abcdefghij0123456789\ndata: ok\n\n"), 16, 0, &o);
	CHECK_INT(o.rc, 0);
	CHECK_STR(o.log.buf, "<message||ok>");
	outcome_free(&o);
}

/* Feeds "data: " and n bytes of 'x' in pieces of 16 KiB, as curl would. */
static int
feed_big(struct sse_parser *p, size_t n, struct outcome *o)
{
	char piece[16384];
	int rc = sse_feed(p, S("data: "), record, o, &o->err);

	memset(piece, 'x', sizeof(piece));
	for (size_t k; rc == 0 && n > 0; n -= k) {
		k = n < sizeof(piece) ? n : sizeof(piece);
		rc = sse_feed(p, piece, k, record, o, &o->err);
	}
	return rc ? rc : sse_feed(p, S("\r\n\r\n"), record, o, &o->err);
}

/* Under the default cap a big event arrives whole; past it, an error. */
static void
test_default_cap_in_pieces(void)
{
	struct sse_parser p;
	struct outcome o;

	memset(&o, 0, sizeof(o));
	sse_init(&p, 0);
	CHECK_INT(feed_big(&p, (size_t)4 << 20, &o), 0);
	CHECK_INT(o.events, 1);
	CHECK_INT(o.log.len, strlen("<message||>") + ((size_t)4 << 20));
	CHECK_INT(feed_big(&p, SSE_DEFAULT_MAX_EVENT, &o), SSE_ERROR);
	CHECK_INT(o.events, 1);
	CHECK(strstr(o.err.msg, "larger than 8388608 bytes") != NULL);
	sse_free(&p);
	outcome_free(&o);
}

static void
test_failed_parser_stays_failed(void)
{
	struct sse_parser p;
	struct outcome o;

	memset(&o, 0, sizeof(o));
	sse_init(&p, 8);
	CHECK_INT(sse_feed(&p, S("data: 0123456789\n"), record, &o, &o.err), SSE_ERROR);
	o.err.msg[0] = '\0';
	CHECK_INT(sse_feed(&p, S("\n\ndata: x\n\n"), record, &o, &o.err), SSE_ERROR);
	CHECK_STR(o.err.msg, "event stream: an event is larger than 8 bytes");
	CHECK_INT(o.events, 0);
	sse_free(&p);
	outcome_free(&o);
}

static void
test_default_cap(void)
{
	struct sse_parser p;

	sse_init(&p, 0);
	CHECK(p.max_event == SSE_DEFAULT_MAX_EVENT);
	CHECK(SSE_DEFAULT_MAX_EVENT == 8u << 20);
	CHECK_INT(p.retry_ms, -1);
	sse_free(&p);
}

static void
test_embedded_nul(void)
{
	EXPECT("data: a\0b\n\n", "<message||a\0b>");
	EXPECT("event: a\0b\ndata: y\n\n", "<a\0b||y>");
	/* a NUL makes another field name */
	EXPECT("da\0ta: x\ndata\0: y\n\n", "");
	EXPECT("\0\n\0\n\n", "");
	EXPECT(":\0\ndata:\0\n\n", "<message||\0>");
}

static void
test_callback_stops(void)
{
	static const char in[] = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
	struct sse_parser p;
	struct outcome o;

	parse_all_ways(S(in), 0, 1, &o);
	CHECK_INT(o.rc, SSE_STOPPED);
	CHECK_STR(o.log.buf, "<message||1>");
	outcome_free(&o);

	/* a stopped parser reads no more */
	memset(&o, 0, sizeof(o));
	o.stop_after = 2;
	sse_init(&p, 0);
	CHECK_INT(sse_feed(&p, S(in), record, &o, &o.err), SSE_STOPPED);
	CHECK_INT(sse_feed(&p, S(in), record, &o, &o.err), SSE_STOPPED);
	CHECK_INT(o.events, 2);
	sse_free(&p);
	outcome_free(&o);
}

static void
test_no_callback(void)
{
	struct sse_parser p;
	struct lanes_err e;

	sse_init(&p, 0);
	CHECK_INT(sse_feed(&p, NULL, 0, NULL, NULL, &e), 0);
	CHECK_INT(sse_feed(&p, S("data: x\n\nretry: 5\n"), NULL, NULL, &e), 0);
	CHECK_INT(p.retry_ms, 5);
	sse_free(&p);
}

/* After sse_finish the parser reads a new stream: a BOM may lead it, the
 * half event is gone, and the last id and retry stay. */
static void
test_next_stream(void)
{
	struct sse_parser p;
	struct outcome o;

	memset(&o, 0, sizeof(o));
	sse_init(&p, 0);
	CHECK_INT(sse_feed(&p, S("\xEF\xBB\xBFid: 4\nretry: 10\ndata: x\n\ndata: lost\r"),
	    record, &o, &o.err), 0);
	CHECK(sse_finish(&p));
	CHECK_INT(sse_feed(&p, S("\xEF\xBB\xBF" "data: y\n\n"), record, &o, &o.err), 0);
	CHECK(!sse_finish(&p));
	CHECK_STR(o.log.buf, "<message|4|x><message|4|y>");
	CHECK_INT(p.retry_ms, 10);
	sse_free(&p);
	outcome_free(&o);
}

/* What an MCP server sends: a JSON-RPC answer, maybe after a notification. */
static void
test_mcp_answer(void)
{
	EXPECT("event: message\r\nid: s1-0\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"n\"}\r\n\r\n"
	    ": keep-alive\r\n\r\n"
	    "event: message\r\nid: s1-1\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\r\n"
	    "data: \"result\":{}}\r\n\r\n",
	    "<message|s1-0|{\"jsonrpc\":\"2.0\",\"method\":\"n\"}>"
	    "<message|s1-1|{\"jsonrpc\":\"2.0\",\"id\":1,\n\"result\":{}}>");
}

int
main(void)
{
	RUN(test_basic_events);
	RUN(test_line_ends);
	RUN(test_crlf_cut_between_pieces);
	RUN(test_comments);
	RUN(test_data_lines);
	RUN(test_event_and_id);
	RUN(test_retry);
	RUN(test_bom);
	RUN(test_unterminated_event);
	RUN(test_oversized_event);
	RUN(test_failed_parser_stays_failed);
	RUN(test_default_cap);
	RUN(test_default_cap_in_pieces);
	RUN(test_embedded_nul);
	RUN(test_callback_stops);
	RUN(test_no_callback);
	RUN(test_next_stream);
	RUN(test_mcp_answer);
	return T_DONE();
}
