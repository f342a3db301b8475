/* Fuzz target for json_parse and json_mend_surrogates: whatever the bytes,
 * mending rewrites only lone surrogate escapes, each to \ufffd, and once
 * is enough; an answer cJSON reads alone reads the same through
 * json_parse; and no surrogate comes out of an escape. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/util.h"
#include "fuzz.h"

/* What bytes 0xF0-0xFF stand for: the first ten are whole escapes. */
static const char *const pieces[16] = {
	"\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\uD83D\\uDE00", "\\udbff\\udc00",
	"\\ufffd", "\\u00e9", "\\\\", "\\\"",
	"\"", "\\u", "\\ud8", "{\"k\":\"", "\"}", "[\"",
};

static bool
is_surrogate_escape(const char *s)
{
	char hex[5];
	long u;

	if (s[0] != '\\' || s[1] != 'u')
		return false;
	memcpy(hex, s + 2, 4);
	hex[4] = '\0';
	u = strtol(hex, NULL, 16);
	return u >= 0xd800 && u <= 0xdfff;
}

/* Every byte that changed is in a surrogate escape that became \ufffd:
 * its hex digits start with d or D, so the first change is its third byte. */
static void
check_only_surrogates(const char *was, const char *now, size_t len, size_t mended)
{
	size_t seen = 0;

	for (size_t i = 0; i < len; i++) {
		if (was[i] == now[i])
			continue;
		FUZZ_ASSERT(i >= 2 && i + 4 <= len);
		FUZZ_ASSERT(memcmp(now + i - 2, "\\ufffd", 6) == 0);
		FUZZ_ASSERT(is_surrogate_escape(was + i - 2));
		seen++;
		i += 3;
	}
	FUZZ_ASSERT(seen == mended);
}

/* UTF-8 of U+D800-U+DFFF: ED A0-BF xx. */
static void
check_no_surrogates(const cJSON *o)
{
	const cJSON *c;
	const char *s = cJSON_IsString(o) ? o->valuestring : NULL;

	for (; s && *s; s++)
		FUZZ_ASSERT(!((unsigned char)s[0] == 0xED && (unsigned char)s[1] >= 0xA0));
	for (s = o->string; s && *s; s++)
		FUZZ_ASSERT(!((unsigned char)s[0] == 0xED && (unsigned char)s[1] >= 0xA0));
	cJSON_ArrayForEach(c, o)
		check_no_surrogates(c);
}

static void
check_same(const cJSON *a, const cJSON *b)
{
	char *pa = cJSON_PrintUnformatted(a), *pb = cJSON_PrintUnformatted(b);

	FUZZ_ASSERT(pa && pb && strcmp(pa, pb) == 0);
	cJSON_free(pa);
	cJSON_free(pb);
}

static void
run(const char *text, size_t len)
{
	char *copy = xmalloc(len);
	size_t mended;
	cJSON *plain = cJSON_ParseWithLength(text, len), *ours = json_parse(text, len);

	memcpy(copy, text, len);
	mended = json_mend_surrogates(copy, len);
	check_only_surrogates(text, copy, len, mended);
	FUZZ_ASSERT(json_mend_surrogates(copy, len) == 0);
	if (plain)
		check_same(plain, ours);
	if (ours && !memchr(text, 0xED, len))
		check_no_surrogates(ours);
	cJSON_Delete(plain);
	cJSON_Delete(ours);
	free(copy);
}

/* The input with bytes 0xF0-0xFF for pieces; inside ["..."] only the
 * escapes among them, and any other byte that would end or break the
 * string as 'x', so that most inputs are JSON that cJSON could read. */
static void
expand(const uint8_t *data, size_t size, bool in_string, struct strbuf *sb)
{
	if (in_string)
		sb_puts(sb, "[\"");
	for (size_t i = 0; i < size; i++) {
		if (data[i] >= 0xF0)
			sb_puts(sb, pieces[(data[i] - 0xF0) % (in_string ? 10 : 16)]);
		else if (in_string && (data[i] < 0x20 || data[i] == '"' || data[i] == '\\'))
			sb_add(sb, "x", 1);
		else
			sb_add(sb, (const char *)data + i, 1);
	}
	if (in_string)
		sb_puts(sb, "\"]");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = { 0 };

	run((const char *)data, size);
	expand(data, size, false, &sb);
	run(sb.buf ? sb.buf : "", sb.len);
	sb.len = 0;
	expand(data, size, true, &sb);
	run(sb.buf, sb.len);
	sb_free(&sb);
	return 0;
}
