/* Getters over cJSON shared by the backends, the store and the CLI, and
 * the parser for servers' answers. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/util.h"

const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

const char *
jstr(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(jget(o, k));
}

bool
jbool(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(jget(o, k));
}

double
jnum(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);

	return cJSON_IsNumber(v) && v->valuedouble > -1e15 && v->valuedouble < 1e15 ?
	    v->valuedouble : 0;
}

long long
json_id(const cJSON *o, const char *key)
{
	const cJSON *v = jget(o, key);

	/* not a number, or not one an id can be: 0, never undefined behaviour */
	if (!cJSON_IsNumber(v) || !(v->valuedouble > -9e18 && v->valuedouble < 9e18))
		return 0;
	return (long long)v->valuedouble;
}

/* The code unit of the \uXXXX escape at s, left bytes long; -1 for none. */
static long
escape_unit(const char *s, size_t left)
{
	char hex[5];

	if (left < 6 || s[0] != '\\' || s[1] != 'u')
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)(hex[i] = s[2 + i])))
			return -1;
	hex[4] = '\0';
	return strtol(hex, NULL, 16);
}

static bool
is_high(long unit)
{
	return unit >= 0xd800 && unit <= 0xdbff;
}

static bool
is_low(long unit)
{
	return unit >= 0xdc00 && unit <= 0xdfff;
}

/* Walks strings only, escape by escape, so that the "\\ud800" of an
 * escaped backslash is never taken for an escape. A broken escape is
 * left for cJSON to refuse. */
size_t
json_mend_surrogates(char *text, size_t len)
{
	size_t i = 0, mended = 0;
	bool in_string = false;
	long u;

	while (i < len) {
		if (text[i] == '"') {
			in_string = !in_string;
			i++;
		} else if (!in_string || text[i] != '\\') {
			i++;
		} else if ((u = escape_unit(text + i, len - i)) < 0) {
			i += 2;
		} else if (is_high(u) && is_low(escape_unit(text + i + 6, len - i - 6))) {
			i += 12;
		} else if (is_high(u) || is_low(u)) {
			memcpy(text + i, "\\ufffd", 6);
			mended++;
			i += 6;
		} else {
			i += 6;
		}
	}
	return mended;
}

cJSON *
json_parse(const char *text, size_t len)
{
	char *copy;
	cJSON *root;

	if (!text)
		return NULL;
	copy = xmalloc(len);
	memcpy(copy, text, len);
	json_mend_surrogates(copy, len);
	root = cJSON_ParseWithLength(copy, len);
	free(copy);
	return root;
}
