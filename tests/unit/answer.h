/* Answers for backend tests and fuzz targets. */
#ifndef LANES_TEST_ANSWER_H
#define LANES_TEST_ANSWER_H

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lanes/backend.h"
#include "lanes/http.h"

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

#endif
