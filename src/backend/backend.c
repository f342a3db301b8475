/* What every backend shares: requests, acknowledgements and fetches, the
 * settings and capabilities every table declares, and the table of
 * services by name. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "lanes/timefmt.h"
#include "lanes/text.h"

void
backend_req_clear(struct backend_req *r)
{
	x_free(&r->path);
	x_free(&r->body);
	x_free(&r->tool);
	for (int i = 0; r->headers[i]; i++)
		x_free(&r->headers[i]);
	memset(r, 0, sizeof(*r));
}

bool
backend_req_header(struct backend_req *r, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; r->headers[i]; i++)
		;
	if (i == BACKEND_MAX_HEADERS)
		return false;
	va_start(ap, fmt);
	r->headers[i] = xvasprintf(fmt, ap);
	va_end(ap);
	return true;
}

int
backend_req_set(struct backend_req *out, const char *method, char *path, cJSON *body)
{
	memset(out, 0, sizeof(*out));
	out->method = method;
	out->write = !str_eq(method, "GET");
	out->path = path;
	if (body) {
		out->body = cJSON_PrintUnformatted(body);
		cJSON_Delete(body);
	}
	return 0;
}

void
backend_ack_clear(struct backend_ack *a)
{
	x_free(&a->remote);
	x_free(&a->carry);
	a->more = false;
}

void
backend_fetch_init(struct backend_fetch *f, enum fetch_kind kind, const char *remote)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->remote = remote ? xstrdup(remote) : NULL;
	f->result = cJSON_CreateObject();
}

void
backend_fetch_clear(struct backend_fetch *f)
{
	x_free(&f->remote);
	x_free(&f->board);
	x_free(&f->offset);
	cJSON_Delete(f->result);
	f->result = NULL;
	for (int i = 0; i < f->ncursors; i++) {
		free(f->cursors[i].list);
		free(f->cursors[i].offset);
	}
	x_free(&f->cursors);
	f->ncursors = 0;
}

void
backend_fetch_cursor(struct backend_fetch *f, const char *list)
{
	f->cursors = xrealloc(f->cursors, sizeof(*f->cursors) * (size_t)(f->ncursors + 1));
	f->cursors[f->ncursors++] = (struct fetch_cursor){ .list = xstrdup(list) };
}

int
backend_setting_index(const struct backend_ops *be, const char *key)
{
	for (int i = 0; be->settings[i].key; i++)
		if (str_eq(be->settings[i].key, key))
			return i;
	return -1;
}

const char *
backend_setting(const struct backend_account *a, const char *key)
{
	int i = backend_setting_index(a->ops, key);

	return i >= 0 && a->values ? a->values[i] : NULL;
}

enum board_can
backend_can(const struct backend_ops *be, unsigned cap, char *why, size_t n)
{
	unsigned missing = cap & ~be->caps;
	unsigned refused = missing & ~be->kept_local;
	unsigned first = refused ? refused : missing;
	const char *what;

	if (!missing)
		return CAN_DO;
	first &= -first;        /* name one capability: the lowest */
	what = board_cap_what(first);
	if (refused) {
		for (const struct backend_refusal *r = be->refusals; r && r->cap; r++)
			if (r->cap & first) {
				snprintf(why, n, "%s", r->why);
				return CAN_NOT;
			}
		snprintf(why, n, "%s cannot %s", be->title, what ? what : "do that");
		return CAN_NOT;
	}
	snprintf(why, n, "kept on this machine: %s cannot %s", be->title, what ? what : "do that");
	return CAN_LOCAL;
}

static const struct backend_ops *backends[8] = {
	&asana_backend,
	&stellary_backend,
	&vortask_backend,
	&astravue_backend,
};

void
backend_register(const struct backend_ops *be)
{
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (!backends[i] || str_eq(backends[i]->name, be->name)) {
			backends[i] = be;
			return;
		}
}

const struct backend_ops *
backend_find(const char *service)
{
	for (size_t i = 0; i < ARRAY_SIZE(backends) && backends[i]; i++)
		if (str_eq(backends[i]->name, service))
			return backends[i];
	return NULL;
}

const char *
backend_names(void)
{
	static char names[200];

	names[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(backends) && backends[i]; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
		    i ? ", " : "", backends[i]->name);
	return names;
}

/* A copy of server text that is safe to show and store, cut to cap bytes
 * on a character boundary; NULL when v is not a string. */
char *
backend_clean_text(const cJSON *v, bool multiline, size_t cap)
{
	const char *s = cJSON_GetStringValue(v);
	size_t n;
	char *out;

	if (!s)
		return NULL;
	n = strlen(s);
	out = multiline ? text_sanitize_multiline(s, n) : text_sanitize(s, n);
	n = strlen(out);
	if (n > cap) {
		n = cap;
		while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
			n--;
		out[n] = '\0';
	}
	return out;
}

/* ISO 8601 UTC ("2024-05-01T10:20:30.456Z") to ms since the epoch; -1 on junk. */
long long
backend_iso_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	if (s[n] == '.') {
		int digits = 0;
		for (n++; s[n] >= '0' && s[n] <= '9'; n++)
			if (digits++ < 3)
				ms = ms * 10 + (s[n] - '0');
		while (digits++ < 3)
			ms *= 10;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

cJSON *
backend_label_names(const char *value)
{
	char *copy = xstrdup(value ? value : ""), *save = NULL;
	cJSON *names = cJSON_CreateArray();

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*str_trim(t))
			cJSON_AddItemToArray(names, cJSON_CreateString(t));
	free(copy);
	return names;
}

bool
backend_has_string(const cJSON *list, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, list)
		if (cJSON_IsString(it) && s && str_eq(it->valuestring, s))
			return true;
	return false;
}

/* to[key] = v as backend_clean_text makes it, or null. */
enum backend_verdict
backend_classify(const struct http_resp *r, char *(*words)(const char *body, size_t len),
    unsigned gone, struct lanes_err *e)
{
	char *msg;

	if (r->fail != HTTP_OK) {
		msg = text_sanitize(r->err, strlen(r->err));
		err_set(e, "%s: %s", http_fail_name(r->fail), msg);
		free(msg);
		return BV_RETRY;
	}
	if (r->status >= 200 && r->status < 300)
		return BV_OK;
	msg = words(r->body, r->len);
	if (((gone & BACKEND_GONE_404) && r->status == 404) ||
	    ((gone & BACKEND_GONE_TOOL) && r->status == 422 && msg && strstr(msg, "not found"))) {
		free(msg);
		return BV_OK;
	}
	err_set(e, "%ld: %s", r->status, msg ? msg : "no message from the server");
	free(msg);
	if (r->status == 401)
		return BV_AUTH;
	if (r->status == 429)
		return BV_RATE;
	if (r->status >= 500 || r->status == 408 || r->status < 200)
		return BV_RETRY;
	return BV_PARK;
}

bool
backend_int_ok(const char *s)
{
	size_t n = s ? strspn(s, "0123456789") : 0;

	return n > 0 && n <= 15 && !s[n] && s[0] != '0';
}

bool
backend_int_id(const cJSON *it, const char *key, char buf[24])
{
	const cJSON *v = jget(it, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble >= 1e15 ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return false;
	snprintf(buf, 24, "%lld", (long long)v->valuedouble);
	return true;
}

void
backend_add_int(cJSON *o, const char *key, const char *id)
{
	cJSON_AddNumberToObject(o, key, (double)strtoll(id, NULL, 10));
}

int
backend_mcp_call(const struct backend_account *a, const char *tool, cJSON *args, bool write,
    struct backend_req *out, struct lanes_err *e)
{
	const char *url = backend_setting(a, "mcp-url");

	memset(out, 0, sizeof(*out));
	if (!url || !*url) {
		cJSON_Delete(args);
		return err_set(e, "the account has no mcp-url");
	}
	out->method = "POST";
	out->transport = TRANSPORT_MCP;
	out->path = xstrdup(url);
	out->tool = xstrdup(tool);
	out->body = cJSON_PrintUnformatted(args);
	out->write = write;
	cJSON_Delete(args);
	return 0;
}

const char *
backend_card_field(const struct backend_field *t, const char *title, const cJSON *op,
    struct lanes_err *e)
{
	const char *field = jstr(op, "field");

	for (; t->field; t++)
		if (str_eq(t->field, field))
			return t->name;
	err_set(e, "kept on this machine only: %s has no %s", title,
	    field ? field : "such field");
	return NULL;
}

bool
backend_day(const char *iso, char out[11])
{
	char day[11];
	struct lanes_err e;

	if (!iso || strlen(iso) < 10 || strspn(iso, "0123456789") != 4 || iso[4] != '-' ||
	    iso[7] != '-' || strspn(iso + 5, "0123456789") != 2 ||
	    strspn(iso + 8, "0123456789") < 2 || (iso[10] && iso[10] != 'T' && iso[10] != ' '))
		return false;
	memcpy(day, iso, 10);
	day[10] = '\0';
	return date_parse(day, out, &e) == 0;
}

void
backend_add_day(cJSON *to, const char *iso)
{
	char day[11];

	if (backend_day(iso, day))
		cJSON_AddStringToObject(to, "due_on", day);
	else
		cJSON_AddNullToObject(to, "due_on");
}

char *
backend_words(struct strbuf *sb)
{
	size_t max = sizeof(((struct lanes_err *)0)->msg) - 32;

	if (!sb->len) {
		sb_free(sb);
		return NULL;
	}
	if (sb->len > max) {
		sb->len = max;
		while (sb->len > 0 && ((unsigned char)sb->buf[sb->len] & 0xC0) == 0x80)
			sb->len--;
		sb->buf[sb->len] = '\0';
	}
	return sb_steal(sb);
}

bool
backend_adopt_fits(const cJSON *op, const char *by, long long at, const cJSON *text,
    bool multiline, const char *want)
{
	const char *me = jstr(op, "me");
	long long since = (long long)jnum(op, "since");
	char *have;
	bool same;

	if (me && by && !str_eq(me, by))
		return false;
	if (since > 0 && at >= 0 && at < since - BACKEND_ADOPT_SKEW_MS)
		return false;
	if (!want && !text)
		return true;
	have = backend_clean_text(text, multiline, 65536);
	same = have && want && str_eq(have, want);
	free(have);
	return same;
}

/* Whether s is plain printable ASCII that fits in cap bytes, which the
 * sanitizer would give back as it is. */
static bool
plain_text(const char *s, size_t cap)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e || n >= cap)
			return false;
	return true;
}

void
backend_add_clean(cJSON *to, const char *key, const cJSON *v, bool multiline, size_t cap)
{
	const char *s = cJSON_GetStringValue(v);
	char *c;

	if (s && plain_text(s, cap)) {      /* most text: no copy to clean */
		cJSON_AddStringToObject(to, key, s);
		return;
	}
	c = backend_clean_text(v, multiline, cap);

	if (c)
		cJSON_AddStringToObject(to, key, c);
	else
		cJSON_AddNullToObject(to, key);
	free(c);
}
