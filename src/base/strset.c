/* A set of strings: open addressing, linear probing, FNV-1a. */
#include "config.h"

#include <stdlib.h>

#include "lanes/strset.h"
#include "lanes/util.h"

void
strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	x_free(&set->slots);
	set->cap = set->n = 0;
}

size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Adds s; true when it was not there yet. */
bool
strset_add(struct strset *set, const char *s)
{
	size_t i;

	if ((set->n + 1) * 2 > set->cap) {
		struct strset big = { xcalloc(set->cap ? set->cap * 2 : 64, sizeof(char *)),
			set->cap ? set->cap * 2 : 64, 0 };
		for (i = 0; i < set->cap; i++)
			if (set->slots[i]) {
				size_t j = str_hash(set->slots[i]) & (big.cap - 1);
				while (big.slots[j])
					j = (j + 1) & (big.cap - 1);
				big.slots[j] = set->slots[i];
				big.n++;
			}
		free(set->slots);
		*set = big;
	}
	for (i = str_hash(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (str_eq(set->slots[i], s))
			return false;
	set->slots[i] = xstrdup(s);
	set->n++;
	return true;
}

bool
strset_has(const struct strset *set, const char *s)
{
	if (!set->cap)
		return false;
	for (size_t i = str_hash(s) & (set->cap - 1); set->slots[i]; i = (i + 1) & (set->cap - 1))
		if (str_eq(set->slots[i], s))
			return true;
	return false;
}
