/* Answers for backend tests and fuzz targets. */
#ifndef LANES_TEST_ANSWER_H
#define LANES_TEST_ANSWER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lanes/backend.h"
#include "lanes/http.h"
#include "lanes/util.h"

/* An answer of status 200 carrying body (valid until the next call). */
static inline const struct http_resp *
answer(const char *body, size_t len)
{
	static struct http_resp r;

	memset(&r, 0, sizeof(r));
	r.status = 200;
	r.body = (char *)body;
	r.len = len;
	return &r;
}

/* Builds op (JSON text; board, a "\"board\":..." member, added unless op
 * names one) with be for ba; 0/1/-1, and msg gets the message. */
static inline int
build_with(const struct backend_ops *be, struct backend_account *ba, const char *board,
    const char *json, struct backend_req *req, char *msg, size_t n)
{
	char *text = strstr(json, "\"board\"") ? xstrdup(json) :
	    xasprintf("{%s,%s", board, json + 1);
	cJSON *op = cJSON_Parse(text);
	struct lanes_err e = { "" };
	int rc = be->build(ba, op, req, &e);

	snprintf(msg, n, "%s", e.msg);
	cJSON_Delete(op);
	free(text);
	return rc;
}

/* What a build made, in one line: "METHOD path body", "MCP url tool
 * arguments", or "rc N: message" when it made none. */
static inline void
req_text(int rc, const struct backend_req *r, const char *msg, char *buf, size_t n)
{
	if (rc != 0)
		snprintf(buf, n, "rc %d: %s", rc, msg);
	else if (r->transport == TRANSPORT_MCP)
		snprintf(buf, n, "MCP %s %s %s", r->path, r->tool, r->body ? r->body : "-");
	else
		snprintf(buf, n, "%s %s %s", r->method, r->path, r->body ? r->body : "-");
}

/* A fetch's result: item i of a list, a string field of it, a list's length. */
static inline const cJSON *
item(const struct backend_fetch *f, const char *list, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(f->result, list), i);
}

static inline const char *
field(const struct backend_fetch *f, const char *list, int i, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(item(f, list, i), k));
}

static inline int
count(const struct backend_fetch *f, const char *list)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(f->result, list));
}

/* be's verdict on an answer of status (or a transport failure) with body
 * to op (JSON text, or NULL for a fetch); msg gets its message. */
static inline enum backend_verdict
classify_with(const struct backend_ops *be, const char *op, long status, enum http_fail fail,
    const char *body, char *msg)
{
	struct http_resp r = { 0 };
	struct lanes_err e = { "" };
	cJSON *o = op ? cJSON_Parse(op) : NULL;
	enum backend_verdict v;

	r.status = status;
	r.fail = fail;
	r.body = (char *)body;
	r.len = strlen(body);
	snprintf(r.err, sizeof(r.err), "Connection reset by peer");
	v = be->classify(o, &r, &e);
	strcpy(msg, e.msg);
	cJSON_Delete(o);
	return v;
}

/* Feeds pages to a fetch of be; returns the paths it asked for, joined by
 * ' ' (malloc'd); an MCP tool call shows as "tool(arguments)". *rc: 0 when
 * the fetch ended after the last page, -1 when the backend refused one,
 * -2 when it ended early, -3 when it asked a page with another method than
 * GET (or an MCP call counted as a write). */
static inline char *
walk_pages(const struct backend_ops *be, struct backend_account *ba, struct backend_fetch *f,
    const char *const *pages, int n, int *rc)
{
	struct strbuf paths = { 0 };
	struct backend_req req;
	struct lanes_err e = { "" };

	*rc = 0;
	for (int i = 0; i <= n; i++) {
		int more = be->fetch_next(ba, f, &req, &e);
		if (more <= 0) {
			*rc = more < 0 ? -1 : i == n ? 0 : -2;
			break;
		}
		if (req.transport == TRANSPORT_MCP)
			sb_printf(&paths, "%s%s(%s)", i ? " " : "", req.tool,
			    req.body ? req.body : "");
		else
			sb_printf(&paths, "%s%s", i ? " " : "", req.path);
		if (req.transport == TRANSPORT_MCP ? req.write : strcmp(req.method, "GET") != 0)
			*rc = -3;
		backend_req_clear(&req);
		if (*rc == -3)
			break;
		if (f->ncursors)        /* its answer came: one cursor at a time here */
			f->cursors[f->at].busy = false;
		if (i == n || be->fetch_parse(ba, f, answer(pages[i], strlen(pages[i])), &e) < 0) {
			*rc = -1;
			break;
		}
	}
	return sb_steal(&paths);
}

/* A whole fetch of kind over pages when only its end matters: walk_pages'
 * *rc, with the fetch and its paths freed. */
static inline int
walk_end(const struct backend_ops *be, struct backend_account *ba, enum fetch_kind kind,
    const char *remote, const char *const *pages, int n)
{
	struct backend_fetch f;
	int rc;

	backend_fetch_init(&f, kind, remote);
	free(walk_pages(be, ba, &f, pages, n, &rc));
	backend_fetch_clear(&f);
	return rc;
}

#endif
