/* A push parser for Server-Sent Events (text/event-stream), as MCP's
 * streamable HTTP transport answers with. It is fed the body in whatever
 * pieces the transfer delivers and calls back once per complete event.
 * Pure: no I/O, no JSON; what the data means is the caller's business.
 *
 * It follows the event-stream rules of the WHATWG HTML standard, on bytes:
 * lines end in CRLF, LF or CR; one leading UTF-8 BOM is dropped; lines
 * starting with ':' are comments; "data" lines are joined with "\n";
 * "event" names the type (default "message"); "id" sets the last event id
 * unless its value holds a NUL; "retry" sets retry_ms when it is all
 * digits; other fields are ignored; a blank line dispatches the event when
 * it had a data line, even an empty one. Bytes are passed through as they
 * are: no UTF-8 decoding or repair, and NUL bytes are kept (hence the
 * lengths below). */
#ifndef LANES_SSE_H
#define LANES_SSE_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/util.h"

#define SSE_DEFAULT_MAX_EVENT ((size_t)8 << 20)

/* sse_feed's results besides 0 (all of it read, no event refused) */
#define SSE_ERROR (-1)          /* too big an event; the message is in e */
#define SSE_STOPPED 1           /* a callback asked to stop */

/* One dispatched event. Every string is NUL-terminated and valid only
 * during the callback; type and data may hold NUL bytes too, so their
 * lengths are given. */
struct sse_event {
	const char *type;       /* the "event" field, or "message" */
	size_t type_len;
	const char *data;       /* the "data" lines joined with "\n"; may be "" */
	size_t data_len;
	const char *id;         /* the last event id so far in the stream, "" if none */
};

/* Returns 0 to go on, non-zero to stop the parser. */
typedef int (*sse_event_fn)(void *ctx, const struct sse_event *ev);

/* Caller-owned. Read only retry_ms; the rest is the parser's. */
struct sse_parser {
	long retry_ms;                  /* the last valid "retry" field, -1 if none */
	size_t max_event;
	struct strbuf line;             /* a line cut by the end of a piece */
	struct strbuf data, type, id;
	unsigned char bom_seen;         /* bytes of a leading BOM matched so far */
	bool started;                   /* past the place a BOM may be */
	bool after_cr;                  /* the last line ended in CR: skip one LF */
	int state;                      /* 0, SSE_ERROR or SSE_STOPPED: then it reads no more */
};

/* max_event caps the bytes one event may hold while it is gathered (its
 * data, type and id and the line being read); 0 means
 * SSE_DEFAULT_MAX_EVENT. Past it the parser fails rather than grow. */
void sse_init(struct sse_parser *p, size_t max_event);

/* Reads len bytes of the stream, calling on_event for each event that a
 * blank line completes. Returns 0, SSE_STOPPED when on_event returned
 * non-zero (the rest of buf is not read), or SSE_ERROR with e set when an
 * event grows past max_event. Once stopped or failed, every later call
 * returns the same without reading (and sets e again on error). */
int sse_feed(struct sse_parser *p, const char *buf, size_t len,
    sse_event_fn on_event, void *ctx, struct lanes_err *e);

/* The stream ended. As the standard says, an event that no blank line
 * completed is dropped, not dispatched; returns whether anything (a cut
 * line or gathered fields) was dropped. The parser is then ready for a
 * new stream (say, after a reconnect) and keeps the last id and retry_ms. */
bool sse_finish(struct sse_parser *p);

/* Frees what the parser holds; sse_init makes it usable again. */
void sse_free(struct sse_parser *p);

#endif
