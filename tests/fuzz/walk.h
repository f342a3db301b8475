/* What the backends' fuzz targets share: the checks of what comes out,
 * and the page walk. */
#ifndef LANES_FUZZ_WALK_H
#define LANES_FUZZ_WALK_H

#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/text.h"
#include "fuzz.h"
#include "../unit/answer.h"

/* Sanitized text is a fixed point of the sanitizer. */
static inline void
fuzz_check_text(const char *key, const char *s)
{
	char *again = strstr("description body", key) ? text_sanitize_multiline(s, strlen(s))
	    : text_sanitize(s, strlen(s));

	FUZZ_ASSERT(strcmp(again, s) == 0);
	free(again);
}

/* s is not empty, at most max bytes, and every byte is in allowed (after
 * the letters and digits, which always are). */
static inline void
fuzz_check_chars(const char *s, size_t max, const char *allowed)
{
	FUZZ_ASSERT(*s && strlen(s) <= max);
	for (; *s; s++)
		FUZZ_ASSERT(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789", *s) != NULL || strchr(allowed, *s) != NULL);
}

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
		if (f->ncursors)        /* its answer came (lanes/backend.h) */
			f->cursors[f->at].busy = false;
		be->fetch_parse(ba, f, answer(page, strlen(page)), e);
		free(page);
		if (be->fetch_next(ba, f, &req, e) > 0) {
			check_path(req.path);
			backend_req_clear(&req);
		}
		if (f->ncursors)
			f->cursors[f->at].busy = false;
		if (be->fetch_parse(ba, f, answer(data + at, n), e) < 0)
			break;
		at += n + 1;
	}
}

#endif
