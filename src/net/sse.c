/* Server-Sent Events, read incrementally. A transfer hands us the body
 * in arbitrary pieces; we cut it into lines (keeping a line that a piece
 * cut short, and remembering a CR so that an LF opening the next piece
 * does not count as a blank line), apply each field to the event being
 * gathered, and hand the event to the caller at each blank line. Every
 * byte we hold is counted against one cap, so a hostile or broken server
 * gets an error instead of our memory. */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "lanes/sse.h"
#include "lanes/util.h"

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

void
sse_init(struct sse_parser *p, size_t max_event)
{
	memset(p, 0, sizeof(*p));
	p->retry_ms = -1;
	p->max_event = max_event ? max_event : SSE_DEFAULT_MAX_EVENT;
}

void
sse_free(struct sse_parser *p)
{
	sb_free(&p->line);
	sb_free(&p->data);
	sb_free(&p->type);
	sb_free(&p->id);
}

/* What the parser holds now, all of it counted against max_event. */
static size_t
held(const struct sse_parser *p)
{
	return p->line.len + p->data.len + p->type.len + p->id.len;
}

/* What a stopped or failed parser answers from then on. */
static int
final_state(const struct sse_parser *p, struct lanes_err *e)
{
	if (p->state == SSE_ERROR)
		return err_set(e, "event stream: an event is larger than %zu bytes",
		    p->max_event);
	return p->state;
}

static int
fail_too_big(struct sse_parser *p, struct lanes_err *e)
{
	p->state = SSE_ERROR;
	sb_free(&p->line);
	sb_free(&p->data);
	sb_free(&p->type);
	return final_state(p, e);
}

static bool
name_is(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(name, want, len) == 0;
}

/* Only a value of ASCII digits counts; a huge one is clamped, not wrapped. */
static void
set_retry(struct sse_parser *p, const char *v, size_t n)
{
	long ms = 0;
	size_t i;
	int d;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return;
	for (i = 0; i < n; i++) {
		d = v[i] - '0';
		ms = ms > (LONG_MAX - d) / 10 ? LONG_MAX : ms * 10 + d;
	}
	p->retry_ms = ms;
}

static void
set_field(struct sse_parser *p, const char *name, size_t name_len,
    const char *value, size_t value_len)
{
	if (name_is(name, name_len, "data")) {
		sb_add(&p->data, value, value_len);
		sb_add(&p->data, "\n", 1);
	} else if (name_is(name, name_len, "event")) {
		p->type.len = 0;
		sb_add(&p->type, value, value_len);
	} else if (name_is(name, name_len, "id")) {
		if (memchr(value, '\0', value_len))
			return;
		p->id.len = 0;
		sb_add(&p->id, value, value_len);
	} else if (name_is(name, name_len, "retry")) {
		set_retry(p, value, value_len);
	}
}

/* A blank line: the gathered event goes out if it has data, and the next
 * one starts empty but for the id, which lasts until another id field. */
static int
dispatch(struct sse_parser *p, sse_event_fn on_event, void *ctx)
{
	struct sse_event ev;
	int stop = 0;

	if (p->data.len > 0) {
		/* every data line added a "\n"; the last one is not data */
		p->data.buf[--p->data.len] = '\0';
		ev.type = p->type.len ? p->type.buf : "message";
		ev.type_len = p->type.len ? p->type.len : strlen("message");
		ev.data = p->data.buf;
		ev.data_len = p->data.len;
		ev.id = p->id.buf ? p->id.buf : "";
		stop = on_event ? on_event(ctx, &ev) : 0;
	}
	p->data.len = 0;
	p->type.len = 0;
	return stop ? SSE_STOPPED : 0;
}

/* One whole line, without its end. */
static int
take_line(struct sse_parser *p, const char *s, size_t n, sse_event_fn on_event, void *ctx)
{
	const char *colon, *value;
	size_t name_len, value_len;

	if (n == 0)
		return dispatch(p, on_event, ctx);
	if (s[0] == ':')
		return 0;
	colon = memchr(s, ':', n);
	name_len = colon ? (size_t)(colon - s) : n;
	value = colon ? colon + 1 : s + n;
	value_len = colon ? n - name_len - 1 : 0;
	if (value_len > 0 && value[0] == ' ') {
		value++;
		value_len--;
	}
	set_field(p, s, name_len, value, value_len);
	return 0;
}

/* Part of a line that the piece ends in the middle of. Of a comment only
 * the ':' is kept, since the rest is never looked at. */
static int
keep_partial(struct sse_parser *p, const char *s, size_t n, struct lanes_err *e)
{
	if (p->line.len > 0 && p->line.buf[0] == ':')
		return 0;
	if (p->line.len == 0 && s[0] == ':')
		n = 1;
	if (n > p->max_event - held(p))
		return fail_too_big(p, e);
	sb_add(&p->line, s, n);
	return 0;
}

static const char *
find_line_end(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return s + i;
	return NULL;
}

static int
feed_lines(struct sse_parser *p, const char *buf, size_t len,
    sse_event_fn on_event, void *ctx, struct lanes_err *e)
{
	const char *s = buf, *end = buf + len, *eol;
	int rc;

	while (s < end) {
		if (p->after_cr) {
			p->after_cr = false;
			if (*s == '\n') {
				s++;
				continue;
			}
		}
		if (!(eol = find_line_end(s, (size_t)(end - s))))
			return keep_partial(p, s, (size_t)(end - s), e);
		p->after_cr = *eol == '\r';
		if (p->line.len > 0) {
			if (keep_partial(p, s, (size_t)(eol - s), e) != 0)
				return SSE_ERROR;
			rc = take_line(p, p->line.buf, p->line.len, on_event, ctx);
			p->line.len = 0;
		} else {
			/* a comment is never held, however long */
			if (*s != ':' && (size_t)(eol - s) > p->max_event - held(p))
				return fail_too_big(p, e);
			rc = take_line(p, s, (size_t)(eol - s), on_event, ctx);
		}
		s = eol + 1;
		if (rc != 0)
			return p->state = rc;
		if (held(p) > p->max_event)
			return fail_too_big(p, e);
	}
	return 0;
}

/* Drops one UTF-8 BOM at the start of the stream, which may come a byte
 * at a time; bytes that began like one but were not are read as text. */
static int
skip_bom(struct sse_parser *p, const char **buf, size_t *len,
    sse_event_fn on_event, void *ctx, struct lanes_err *e)
{
	while (!p->started && *len > 0) {
		if ((unsigned char)**buf == utf8_bom[p->bom_seen]) {
			(*buf)++;
			(*len)--;
			if (++p->bom_seen == sizeof(utf8_bom))
				p->started = true;
			continue;
		}
		p->started = true;
		if (p->bom_seen > 0)
			return feed_lines(p, (const char *)utf8_bom, p->bom_seen,
			    on_event, ctx, e);
	}
	return 0;
}

int
sse_feed(struct sse_parser *p, const char *buf, size_t len,
    sse_event_fn on_event, void *ctx, struct lanes_err *e)
{
	int rc;

	if (p->state != 0)
		return final_state(p, e);
	if (len == 0)
		return 0;
	if (!p->started && (rc = skip_bom(p, &buf, &len, on_event, ctx, e)) != 0)
		return rc;
	return feed_lines(p, buf, len, on_event, ctx, e);
}

bool
sse_finish(struct sse_parser *p)
{
	bool dropped = p->line.len > 0 || p->data.len > 0 || p->type.len > 0 ||
	    (!p->started && p->bom_seen > 0);

	p->line.len = 0;
	p->data.len = 0;
	p->type.len = 0;
	p->bom_seen = 0;
	p->started = false;
	p->after_cr = false;
	return dropped;
}
