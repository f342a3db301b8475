/* Getters over cJSON that never fail: a missing key or a value of another
 * type reads as NULL, false or 0; and the parser for what servers send. */
#ifndef LANES_JSON_H
#define LANES_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

const cJSON *jget(const cJSON *o, const char *k);
/* o[k] when it is a string, else NULL. */
const char *jstr(const cJSON *o, const char *k);
bool jbool(const cJSON *o, const char *k);
/* o[k] when it is a finite number, else 0. */
double jnum(const cJSON *o, const char *k);
/* o[key] as an id; 0 when missing or not a usable number. */
long long json_id(const cJSON *o, const char *key);

/* Parses len bytes of a server's answer (no NUL needed); NULL when they
 * are not JSON. Unlike cJSON_ParseWithLength, a lone UTF-16 surrogate
 * escape in a string, which JavaScript servers send, reads as U+FFFD
 * instead of refusing the whole answer. */
cJSON *json_parse(const char *text, size_t len);
/* What json_parse does first: rewrites, in place, each \uD800-\uDBFF escape
 * not followed by a \uDC00-\uDFFF one, and each \uDC00-\uDFFF escape not
 * after one, inside strings, to \uFFFD: six bytes for six, so the text
 * keeps its length. Returns how many it rewrote. */
size_t json_mend_surrogates(char *text, size_t len);

#endif
