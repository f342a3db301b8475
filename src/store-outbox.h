/* Shared by the store files that sync boards with a service:
 * store-outbox.c, store-outbox-hook.c, store-resolve.c, store-merge.c and
 * store-account.c. */
#ifndef LANES_STORE_OUTBOX_H
#define LANES_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "store-private.h"

/* A set of strings (open addressing; cap is a power of two). */
struct strset {
	char **slots;
	size_t cap, n;
};
bool strset_add(struct strset *set, const char *s);
bool strset_has(const struct strset *set, const char *s);
void strset_free(struct strset *set);

/* o[key] as an id; 0 when missing or not a usable number. */
lid json_id(const cJSON *o, const char *key);

/* table is one of the tables rows of a board live in: cards, columns,
 * comments, check_items, time_entries. */
/* The row's service id, malloc'd, or NULL (none, or no such row). */
char *row_remote(struct store *st, const char *table, lid id);
int clear_remote(struct store *st, const char *table, lid id, struct lanes_err *e);
/* Whether some row of table has this service id. */
bool remote_known(struct store *st, const char *table, const char *remote);
/* A child row (comments, check_items, time_entries) gets its service id;
 * another row of the same card holding it (fetched before the answer
 * came) is dropped. */
int child_set_remote(struct store *st, const char *table, lid row, const char *remote,
    struct lanes_err *e);
/* Deletes a child row that never reached the service. */
int child_delete_unsynced(struct store *st, const char *table, lid row, struct lanes_err *e);
/* Wakes the sync engine after an op was queued. */
void outbox_notify(void);
/* The service id of a board (its project), malloc'd, or NULL. */
char *board_remote_of(struct store *st, lid board);
/* The account a board is kept by, malloc'd; NULL for local boards. */
char *board_account_of(struct store *st, lid board);

#endif
