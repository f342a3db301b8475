/* Getters over cJSON shared by the backends, the store and the CLI. */
#include "config.h"

#include "lanes/json.h"

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
