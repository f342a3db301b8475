/* The base JSON module: json_parse reads answers cJSON alone refuses
 * because of a lone UTF-16 surrogate, and mends nothing else. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/util.h"
#include "t.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */

struct mend_case {
	const char *in, *want;
	size_t mended;
};

static const struct mend_case lone[] = {
	{ "\"a\\ud800b\"", "\"a\\ufffdb\"", 1 },
	{ "\"a\\uDBFFb\"", "\"a\\ufffdb\"", 1 },
	{ "\"\\udc00\"", "\"\\ufffd\"", 1 },
	{ "\"\\uDFFF!\"", "\"\\ufffd!\"", 1 },
	/* a low before its high is no pair: two lone ones */
	{ "\"\\ude00\\ud83d\"", "\"\\ufffd\\ufffd\"", 2 },
	/* a high after a high: the first is lone, the second pairs */
	{ "\"\\ud800\\ud83d\\ude00\"", "\"\\ufffd\\ud83d\\ude00\"", 1 },
	/* keys are strings too; an escaped quote does not end one */
	{ "{\"\\ud800\":\"\\\"\\udc00\"}", "{\"\\ufffd\":\"\\\"\\ufffd\"}", 2 },
	/* an escaped backslash, then a real escape */
	{ "\"\\\\\\ud800\"", "\"\\\\\\ufffd\"", 1 },
};

static const struct mend_case unchanged[] = {
	{ "\"\\ud83d\\ude00\"", NULL, 0 },
	{ "\"\\uD83D\\uDE00\"", NULL, 0 },
	{ "\"\\u00e9\\ud7ff\\ue000\\n\\/\"", NULL, 0 },
	/* an escaped backslash, then text that only looks like an escape */
	{ "\"\\\\ud800\"", NULL, 0 },
	{ "\"\\\\\\\\ud800\"", NULL, 0 },
	/* outside strings nothing is an escape (and cJSON refuses it) */
	{ "[\\ud800]", NULL, 0 },
	{ "[\"a\"] \\ud800", NULL, 0 },
	{ "", NULL, 0 },
};

static const struct mend_case ends[] = {
	/* at the very end of the input, closed or not */
	{ "\"\\ud800\"", "\"\\ufffd\"", 1 },
	{ "\"\\ud800", "\"\\ufffd", 1 },
	{ "\"\\udc00", "\"\\ufffd", 1 },
	/* a high whose low is cut short is lone; the cut escape stays */
	{ "\"\\ud800\\udc", "\"\\ufffd\\udc", 1 },
	{ "\"\\ud800\\", "\"\\ufffd\\", 1 },
	{ "\"\\ud800\\udc0", "\"\\ufffd\\udc0", 1 },
	/* truncated or not hex: left for cJSON to refuse */
	{ "\"\\ud80", NULL, 0 },
	{ "\"\\ud8", NULL, 0 },
	{ "\"\\u", NULL, 0 },
	{ "\"\\", NULL, 0 },
	{ "\"\\ud80g\"", NULL, 0 },
	{ "\"\\ud800\\ud80g\"", "\"\\ufffd\\ud80g\"", 1 },
};

/* Each case is rewritten in a buffer of exactly its length, with no NUL
 * after it, so that a read past the end is a sanitizer's error; want NULL
 * means the text stays as it is. */
static void
check_mend(const struct mend_case *c, size_t ncases)
{
	for (size_t i = 0; i < ncases; i++) {
		size_t len = strlen(c[i].in);
		char *buf = xmalloc(len), *out;

		memcpy(buf, c[i].in, len);
		CHECK_INT(json_mend_surrogates(buf, len), c[i].mended);
		out = xstrndup(buf, len);
		CHECK_STR(out, c[i].want ? c[i].want : c[i].in);
		free(out);
		free(buf);
	}
}

static void
test_lone_surrogates_become_fffd(void)
{
	check_mend(lone, ARRAY_SIZE(lone));
}

static void
test_the_rest_is_kept(void)
{
	check_mend(unchanged, ARRAY_SIZE(unchanged));
}

static void
test_ends_and_broken_escapes(void)
{
	check_mend(ends, ARRAY_SIZE(ends));
}

static void
test_parse(void)
{
	static const char page[] = "{\"data\":[{\"name\":\"a\\ud800b\"},{\"name\":\"ok\"}]}";
	static const char kept[] = "[\"\\ud83d\\ude00\",\"\\\\ud800\"]";
	cJSON *root = json_parse(page, sizeof(page) - 1);
	const cJSON *data = jget(root, "data");

	/* what the whole answer would be without the mending */
	CHECK(cJSON_ParseWithLength(page, sizeof(page) - 1) == NULL);
	CHECK_INT(cJSON_GetArraySize(data), 2);
	CHECK_STR(jstr(cJSON_GetArrayItem(data, 0), "name"), "a" R "b");
	CHECK_STR(jstr(cJSON_GetArrayItem(data, 1), "name"), "ok");
	cJSON_Delete(root);
	root = json_parse(kept, strlen(kept));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(root, 0)), "\xF0\x9F\x98\x80");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(root, 1)), "\\ud800");
	cJSON_Delete(root);
	/* only len bytes are read */
	CHECK(json_parse("[1,2]", 3) == NULL);
	root = json_parse("[1,2]", 5);
	CHECK_INT(cJSON_GetArraySize(root), 2);
	cJSON_Delete(root);
	CHECK(json_parse("{\"a\":", 5) == NULL);
	CHECK(json_parse("", 0) == NULL);
	CHECK(json_parse(NULL, 0) == NULL);
}

int
main(void)
{
	RUN(test_lone_surrogates_become_fffd);
	RUN(test_the_rest_is_kept);
	RUN(test_ends_and_broken_escapes);
	RUN(test_parse);
	return T_DONE();
}
