/* Asana: projects are boards, sections columns, tasks cards, comment
 * stories comments, subtasks checklist items, time tracking entries time
 * entries. Requests wrap fields in {"data": ...}; lists page with limit
 * and next_page.offset; errors come as {"errors": [{"message": ...}]}.
 * Every string the server sends is sanitized here, before it can reach the
 * store, the screen or a log, and every id is checked before it goes into
 * a URL path. This file: the service's table and what both sides share;
 * asana-build.c turns ops and fetches into requests, asana-parse.c reads
 * the answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "asana.h"

/* Asana ids are digit strings; we accept a little more, but nothing that
 * could change the meaning of a URL path or query. */
bool
gid_ok(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == '-'))
			return false;
	}
	return n > 0 && n <= MAX_GID;
}

void
ms_to_iso(long long ms, char *buf, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
void
query_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sb_add(sb, (const char *)&c, 1);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(sb, esc, 3);
		}
	}
}

bool
has_anchor(const cJSON *op)
{
	return gid_ok(jstr(op, "before")) || gid_ok(jstr(op, "after"));
}

bool
is_labels(const cJSON *op)
{
	return str_eq(jstr(op, "op"), "card.set") && str_eq(jstr(op, "field"), "labels");
}

/* The first label the op still has to add. */
const char *
label_to_add(const cJSON *op)
{
	return cJSON_GetStringValue(cJSON_GetArrayItem(jget(jget(op, "carry"), "add"), 0));
}

/* The step that makes a tag: a name to add, no tag for it yet, none to remove. */
bool
creates_tag(const cJSON *op)
{
	const cJSON *carry = jget(op, "carry");

	return is_labels(op) && label_to_add(op) && !gid_ok(jstr(carry, "tag")) &&
	    cJSON_GetArraySize(jget(carry, "remove")) == 0;
}

/* Asana counts whole minutes and refuses zero: what was tracked is
 * rounded up, a short timer to one minute. */
double
asana_minutes(double seconds)
{
	double m = ceil(seconds / 60);

	return m >= 1 && m < 1e7 ? m : 1;
}

static const struct backend_setting asana_settings[] = {
	{ "url", 0, "https://app.asana.com/api/1.0", "the API's address" },
	{ "token", SETTING_REQUIRED | SETTING_SECRET, NULL, "a personal access token" },
	{ NULL, 0, NULL, NULL },
};

static const char *const asana_picker[] = { "workspace", "project", NULL };

const struct backend_ops asana_backend = {
	.name = "asana",
	.title = "Asana",
	.settings = asana_settings,
	.caps = CAP_REORDER | CAP_COLUMN_EDIT | CAP_CHECKLIST | CAP_COMMENTS | CAP_TIME |
	    CAP_COMPLETE | CAP_LABELS | CAP_DUE | CAP_EVENTS | CAP_START | CAP_ASSIGNEE,
	.kept_local = CAP_PRIORITY | CAP_ARCHIVE,       /* no task field for them */
	.transports = TRANSPORT_REST,
	.picker = asana_picker,
	.max_reads = 50,
	.max_writes = 15,
	/* 150 a minute per token on free domains (paid ones: 1,500); kept
	 * under it by as much as Astravue's 100 */
	.rate_n = 142,
	.rate_window_ms = 60000,
	.build = asana_build,
	.parse = asana_parse,
	.classify = asana_classify,
	.creates = asana_creates,
	.adopt = asana_adopt,
	.fetch_next = asana_fetch_next,
	.fetch_accepts = asana_fetch_accepts,
	.fetch_parse = asana_fetch_parse,
};
