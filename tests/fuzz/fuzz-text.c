/* Fuzz target for the text module: whatever the bytes, sanitized text is
 * clean UTF-8, sanitizing is idempotent, and fitting and wrapping respect
 * their widths without losing or inventing text.  The oracle below decodes
 * UTF-8 on its own rather than trusting text.c's decoder. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "lanes/util.h"
#include "fuzz.h"

static const char ellipsis[] = "\xE2\x80\xA6";

static bool
forbidden_cp(uint32_t cp, bool multiline)
{
	if (cp < 0x20)
		return !(multiline && cp == '\n');
	return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* Strict UTF-8 with no control, C1, bidi control or line separator. */
static void
check_clean(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	static const uint32_t min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	int len, i;

	while (*p) {
		if (*p < 0x80) {
			len = 1;
			cp = *p;
		} else {
			len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 0;
			FUZZ_ASSERT(len != 0 && *p < 0xF8);
			cp = *p & (0x7F >> len);
			for (i = 1; i < len; i++) {
				FUZZ_ASSERT((p[i] & 0xC0) == 0x80);
				cp = (cp << 6) | (p[i] & 0x3F);
			}
			FUZZ_ASSERT(cp >= min_cp[len]);
			FUZZ_ASSERT(cp <= 0x10FFFF);
			FUZZ_ASSERT(cp < 0xD800 || cp > 0xDFFF);
		}
		FUZZ_ASSERT(!forbidden_cp(cp, multiline));
		p += len;
	}
}

static size_t
utf8_len_at(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static void
check_fit(const char *a, int cols, size_t outsz)
{
	char out[300];
	int used = -1;
	size_t n = text_fit(a, cols, out, outsz, &used);
	size_t alen = strlen(a);
	bool whole = text_width(a) <= cols && alen < outsz;

	if (outsz == 0) {
		FUZZ_ASSERT(n == 0 && used == 0);
		return;
	}
	check_clean(out, false);
	FUZZ_ASSERT(n == strlen(out) && n < outsz);
	FUZZ_ASSERT(used >= 0 && used <= (cols < 0 ? 0 : cols));
	FUZZ_ASSERT(text_width(out) == used);
	if (whole) {
		FUZZ_ASSERT(strcmp(out, a) == 0);
	} else if (cols >= 1 && outsz >= 4) {
		FUZZ_ASSERT(n >= 3 && strcmp(out + n - 3, ellipsis) == 0);
		FUZZ_ASSERT(strncmp(out, a, n - 3) == 0);
	} else {
		FUZZ_ASSERT(strncmp(out, a, n) == 0);
	}
}

/* s without the bytes in drop: what wrapping must keep. */
static char *
without(const char *s, const char *drop)
{
	char *r = xmalloc(strlen(s) + 1), *q = r;

	for (; *s; s++)
		if (!strchr(drop, *s))
			*q++ = *s;
	*q = '\0';
	return r;
}

static void
check_wrap(const char *b, int cols)
{
	char **lines;
	int n = text_wrap(b, cols, &lines), i, w, limit = cols < 1 ? 1 : cols;
	struct strbuf joined = { 0 };
	char *want, *got;

	FUZZ_ASSERT(n >= 0);
	for (i = 0; i < n; i++) {
		check_clean(lines[i], false);
		w = text_width(lines[i]);
		/* Only a lone wide character may overflow a 1-column line. */
		FUZZ_ASSERT(w <= limit || (limit == 1 && w == 2));
		sb_puts(&joined, lines[i]);
	}
	want = without(b, " \n");
	got = without(joined.buf ? joined.buf : "", " ");
	FUZZ_ASSERT(strcmp(want, got) == 0);
	free(want);
	free(got);
	sb_free(&joined);
	text_lines_free(lines, n);
}

/* A piece of a, cut on character boundaries chosen by the input. */
static void
check_contains(const char *a, const uint8_t *data, size_t size)
{
	size_t len = strlen(a), start, end;
	char *needle;

	FUZZ_ASSERT(text_contains_ci(a, ""));
	FUZZ_ASSERT(text_contains_ci(a, a));
	if (len == 0 || size < 4)
		return;
	start = ((size_t)data[2] * 257 + data[3]) % len;
	while (start > 0 && ((unsigned char)a[start] & 0xC0) == 0x80)
		start--;
	end = start;
	while (a[end] && end - start < (size_t)data[1] % 16 + 1)
		end += utf8_len_at(a + end);
	needle = xstrndup(a + start, end - start);
	FUZZ_ASSERT(text_contains_ci(a, needle));
	free(needle);
}

/* HTML read as text, then sanitized, is as clean as any text; text with
 * no markup comes through as it was; and reading grows nothing but line
 * breaks and item marks (a reference never makes more bytes than it is). */
static void
check_html(const char *in, size_t size)
{
	char *t = text_from_html(in, size), *clean;
	size_t lines = 0;

	for (size_t i = 0; i < size; i++)
		lines += in[i] == '<';
	FUZZ_ASSERT(strlen(t) <= size + 2 * lines);
	if (!memchr(in, '<', size))
		FUZZ_ASSERT(strlen(t) == strnlen(in, size) && memcmp(t, in, strlen(t)) == 0);
	clean = text_sanitize_multiline(t, strlen(t));
	check_clean(clean, true);
	free(clean);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	const char *in = (const char *)data;
	char *a, *b, *again;
	int cols = size > 0 ? data[0] % 72 - 2 : 10;
	size_t outsz = size > 1 ? data[1] % 260 : 64;

	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = true;
	}
	a = text_sanitize(in, size);
	b = text_sanitize_multiline(in, size);
	check_clean(a, false);
	check_clean(b, true);
	FUZZ_ASSERT(strlen(a) <= TEXT_MAX_OUT && strlen(b) <= TEXT_MAX_OUT);

	again = text_sanitize(a, strlen(a));
	FUZZ_ASSERT(strcmp(again, a) == 0);
	free(again);
	again = text_sanitize_multiline(b, strlen(b));
	FUZZ_ASSERT(strcmp(again, b) == 0);
	free(again);

	FUZZ_ASSERT(text_width(a) >= 0);
	check_fit(a, cols, outsz);
	check_fit(a, cols, 300);
	check_wrap(b, cols);
	check_contains(a, data, size);
	check_html(in, size);
	free(a);
	free(b);
	return 0;
}
