/* Shared by the store files that sync boards with a service:
 * outbox.c, outbox-hook.c, resolve.c, merge.c and
 * account.c. */
#ifndef LANES_STORE_OUTBOX_H
#define LANES_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/json.h"
#include "lanes/strset.h"
#include "private.h"

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
/* Whether the account's service keeps no such edit (outbox_set_filter). */
bool outbox_kept_here(const char *account, const char *op, const char *field);
/* Wakes the sync engine after an op was queued. */
void outbox_notify(void);
/* The service id of a board (its project), malloc'd, or NULL. */
char *board_remote_of(struct store *st, lid board);
/* The account a board is kept by, malloc'd; NULL for local boards. */
char *board_account_of(struct store *st, lid board);
/* -1 with e set (the service's reason) when board may only be read. */
int board_refuses(struct store *st, lid board, struct lanes_err *e);

#endif
