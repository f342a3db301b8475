/* Fuzz target for the SSE parser: whatever the bytes, reading them whole,
 * cut in two at a place the input picks, or a byte at a time gives the
 * same events and the same end; those events are the ones a plain
 * whole-buffer reading of the rules (below, written apart from sse.c)
 * finds; and with a small cap no event holds more than the cap. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/sse.h"
#include "lanes/util.h"
#include "fuzz.h"

/* What bytes 0xF0-0xFE stand for in the second run; 0xFF is a NUL. */
static const char *const pieces[15] = {
	"data:", "data: ", "event:", "event: ", "id:", ":", "retry:", "retry: 1",
	"\xEF\xBB\xBF", "\xEF\xBB", "\r\n", "\r", "\n", "\n\n", "\r\n\r\n",
};

struct run {
	struct strbuf log;
	size_t max;
	int rc;
	bool dropped;
	long retry_ms;
};

static void
log_event(struct strbuf *log, const char *type, size_t type_len, const char *id,
    const char *data, size_t data_len)
{
	char len[64];

	/* lengths first, so that no byte in the fields can fake a boundary */
	snprintf(len, sizeof(len), "%zu,%zu,%zu:", type_len, strlen(id), data_len);
	sb_puts(log, len);
	sb_add(log, type, type_len);
	sb_puts(log, id);
	sb_add(log, data, data_len);
}

static int
on_event(void *ctx, const struct sse_event *ev)
{
	struct run *r = ctx;
	size_t id_len = strlen(ev->id);

	FUZZ_ASSERT(ev->type_len > 0 && ev->type[ev->type_len] == '\0');
	FUZZ_ASSERT(ev->data[ev->data_len] == '\0');
	FUZZ_ASSERT(!memchr(ev->type, '\r', ev->type_len) && !memchr(ev->type, '\n', ev->type_len));
	FUZZ_ASSERT(!memchr(ev->data, '\r', ev->data_len));
	FUZZ_ASSERT(!strchr(ev->id, '\r') && !strchr(ev->id, '\n'));
	FUZZ_ASSERT(ev->data_len + id_len <= r->max);
	log_event(&r->log, ev->type, ev->type_len, ev->id, ev->data, ev->data_len);
	return 0;
}

static void
parse(const char *in, size_t len, size_t step, size_t cut, size_t max, struct run *r)
{
	struct sse_parser p;
	struct lanes_err e;
	size_t at = 0, n;

	memset(r, 0, sizeof(*r));
	sb_add(&r->log, "", 0);
	r->max = max;
	sse_init(&p, max);
	if (cut > 0) {
		r->rc = sse_feed(&p, in, cut, on_event, r, &e);
		at = cut;
	}
	while (r->rc == 0 && at < len) {
		n = step && step < len - at ? step : len - at;
		r->rc = sse_feed(&p, in + at, n, on_event, r, &e);
		at += n;
	}
	if (r->rc == SSE_ERROR)
		FUZZ_ASSERT(strstr(e.msg, "larger than") != NULL);
	r->dropped = sse_finish(&p);
	r->retry_ms = p.retry_ms;
	sse_free(&p);
}

static void
check_same(const struct run *a, const struct run *b)
{
	FUZZ_ASSERT(a->rc == b->rc);
	FUZZ_ASSERT(a->log.len == b->log.len && memcmp(a->log.buf, b->log.buf, a->log.len) == 0);
	if (a->rc == 0) {
		FUZZ_ASSERT(a->dropped == b->dropped);
		FUZZ_ASSERT(a->retry_ms == b->retry_ms);
	}
}

/* The oracle: the rules read straight off a whole buffer, line by line. */
struct model {
	struct strbuf data, type, id, log;
	bool has_data;
	long retry_ms;
};

static void
model_line(struct model *m, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t name = colon ? (size_t)(colon - s) : n, vn = colon ? n - name - 1 : 0;
	const char *v = colon ? colon + 1 : s + n;
	size_t digits = 0;
	long ms = 0;

	if (n == 0) {
		if (m->has_data)
			log_event(&m->log, m->type.len ? m->type.buf : "message",
			    m->type.len ? m->type.len : 7, m->id.buf ? m->id.buf : "",
			    m->data.buf, m->data.len);
		m->has_data = false;
		m->data.len = m->type.len = 0;
		return;
	}
	if (vn && *v == ' ')
		v++, vn--;
	if (name == 4 && memcmp(s, "data", 4) == 0) {
		if (m->has_data)
			sb_add(&m->data, "\n", 1);
		sb_add(&m->data, v, vn);
		m->has_data = true;
	} else if (name == 5 && memcmp(s, "event", 5) == 0) {
		m->type.len = 0;
		sb_add(&m->type, v, vn);
	} else if (name == 2 && memcmp(s, "id", 2) == 0 && !memchr(v, '\0', vn)) {
		m->id.len = 0;
		sb_add(&m->id, v, vn);
	} else if (name == 5 && memcmp(s, "retry", 5) == 0) {
		while (digits < vn && v[digits] >= '0' && v[digits] <= '9')
			digits++;
		if (digits == 0 || digits < vn)
			return;
		for (size_t i = 0; i < vn; i++) {
			if (ms > LONG_MAX / 10 || ms * 10 > LONG_MAX - (v[i] - '0'))
				ms = LONG_MAX;
			else
				ms = ms * 10 + (v[i] - '0');
		}
		m->retry_ms = ms;
	}
}

static void
model_run(const char *in, size_t len, struct run *r)
{
	struct model m = { .retry_ms = -1 };
	size_t i = 0, start;

	sb_add(&m.log, "", 0);
	if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (start = i; i < len; i++) {
		if (in[i] != '\r' && in[i] != '\n')
			continue;
		if (start == i || in[start] != ':')
			model_line(&m, in + start, i - start);
		if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	r->log = m.log;
	r->retry_ms = m.retry_ms;
	sb_free(&m.data);
	sb_free(&m.type);
	sb_free(&m.id);
}

static void
check_all(const char *in, size_t len, size_t pick)
{
	struct run whole, other, cut, model;
	size_t max = 1 + pick % 97;

	parse(in, len, 0, 0, SIZE_MAX, &whole);
	FUZZ_ASSERT(whole.rc == 0);
	parse(in, len, 0, len ? pick % (len + 1) : 0, SIZE_MAX, &other);
	check_same(&whole, &other);
	sb_free(&other.log);
	parse(in, len, 1, 0, SIZE_MAX, &other);
	check_same(&whole, &other);
	sb_free(&other.log);

	memset(&model, 0, sizeof(model));
	model_run(in, len, &model);
	FUZZ_ASSERT(model.log.len == whole.log.len &&
	    memcmp(model.log.buf, whole.log.buf, whole.log.len) == 0);
	FUZZ_ASSERT(model.retry_ms == whole.retry_ms);
	sb_free(&model.log);

	/* with a small cap: the same whole or cut, and a prefix of the events */
	parse(in, len, 0, 0, max, &other);
	FUZZ_ASSERT(other.log.len <= whole.log.len &&
	    memcmp(other.log.buf, whole.log.buf, other.log.len) == 0);
	FUZZ_ASSERT(other.rc == SSE_ERROR || other.log.len == whole.log.len);
	parse(in, len, 0, len ? (pick / 7) % (len + 1) : 0, max, &cut);
	check_same(&other, &cut);
	sb_free(&cut.log);
	sb_free(&other.log);
	sb_free(&whole.log);
}

static void
expand(const uint8_t *data, size_t size, struct strbuf *sb)
{
	for (size_t i = 0; i < size; i++) {
		if (data[i] == 0xFF)
			sb_add(sb, "", 1);
		else if (data[i] >= 0xF0)
			sb_puts(sb, pieces[data[i] - 0xF0]);
		else
			sb_add(sb, (const char *)data + i, 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = { 0 };
	size_t pick = 0;

	for (size_t i = 0; i < size; i++)
		pick = pick * 31 + data[i];
	check_all((const char *)data, size, pick);
	expand(data, size, &sb);
	check_all(sb.buf ? sb.buf : "", sb.len, pick);
	sb_free(&sb);
	return 0;
}
