/* Getters over cJSON that never fail: a missing key or a value of another
 * type reads as NULL, false or 0. */
#ifndef LANES_JSON_H
#define LANES_JSON_H

#include <stdbool.h>

#include <cjson/cJSON.h>

const cJSON *jget(const cJSON *o, const char *k);
/* o[k] when it is a string, else NULL. */
const char *jstr(const cJSON *o, const char *k);
bool jbool(const cJSON *o, const char *k);
/* o[k] when it is a finite number, else 0. */
double jnum(const cJSON *o, const char *k);
/* o[key] as an id; 0 when missing or not a usable number. */
long long json_id(const cJSON *o, const char *key);

#endif
