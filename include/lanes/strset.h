/* A set of strings, for "which entities have we seen". */
#ifndef LANES_STRSET_H
#define LANES_STRSET_H

#include <stdbool.h>
#include <stddef.h>

/* Zeroed is empty; cap is a power of two. */
struct strset {
	char **slots;
	size_t cap, n;
};
/* Adds a copy of s; true when it was not there yet. */
bool strset_add(struct strset *set, const char *s);
bool strset_has(const struct strset *set, const char *s);
void strset_free(struct strset *set);
/* FNV-1a of s: the same string, the same number, on every machine. */
size_t str_hash(const char *s);

#endif
