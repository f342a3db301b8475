/* A successful answer for backend tests and fuzz targets. */
#ifndef LANES_TEST_ANSWER_H
#define LANES_TEST_ANSWER_H

#include <string.h>

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

#endif
