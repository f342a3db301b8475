/* The page walk the backends' fuzz targets share. */
#ifndef LANES_FUZZ_WALK_H
#define LANES_FUZZ_WALK_H

#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "../unit/answer.h"

/* Walks f through up to 8 pages cut from data at its NUL bytes: each page
 * is read once wrapped by wrap() as a well-formed answer of the service,
 * once as it is; every request the backend builds goes through
 * check_path(). e keeps the last message. */
static inline void
fuzz_walk(const struct backend_ops *be, struct backend_account *ba, struct backend_fetch *f,
    const char *data, size_t size, char *(*wrap)(const char *, size_t),
    void (*check_path)(const char *), struct lanes_err *e)
{
	struct backend_req req = { 0 };
	size_t at = 0;
	int pages = 0;

	while (at <= size && pages++ < 8 && be->fetch_next(ba, f, &req, e) > 0) {
		size_t n = strnlen(data + at, size - at);
		char *page = wrap(data + at, n);

		check_path(req.path);
		backend_req_clear(&req);
		be->fetch_parse(ba, f, answer(page, strlen(page)), e);
		free(page);
		if (be->fetch_next(ba, f, &req, e) > 0) {
			check_path(req.path);
			backend_req_clear(&req);
		}
		if (be->fetch_parse(ba, f, answer(data + at, n), e) < 0)
			break;
		at += n + 1;
	}
}

#endif
