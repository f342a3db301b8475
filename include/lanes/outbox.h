/* The store's side of syncing: the outbox of edits waiting for a service,
 * the accounts, and merging what a service sent into the cached rows.
 *
 * An op names local ids only ({"card": 12, "column": 4}); the service's ids
 * are looked up when it is sent (outbox_resolve), so an offline create
 * needs no rewriting when it is acknowledged: one UPDATE of remote_id, and
 * the ops queued behind it on the same entity ("card:12") go next. Ops on
 * one entity are sent in order; an op whose entity's oldest op is failed
 * waits behind it. Times in the outbox are milliseconds since the epoch. */
#ifndef LANES_OUTBOX_H
#define LANES_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "lanes/model.h"
#include "lanes/util.h"

struct store;

struct outbox_op {
	lid id;
	char *account, *op, *entity;
	cJSON *payload;
	long long created_at;
	long long next_try_at;          /* 0: as soon as possible */
	long long sent_at;              /* first send; 0 when never sent */
	int attempts;
	bool failed;
	char *last_error;
};
void outbox_op_clear(struct outbox_op *op);
void outbox_ops_free(struct outbox_op **ops, int n);

/* Called (outside any transaction the caller sees) after an edit queued an
 * op, so the sync engine can wake up. One listener per process. */
void outbox_set_listener(void (*fn)(void *ud), void *ud);
/* Asked before an edit of a board kept by account queues op (about field
 * for card.set, else NULL): true keeps the edit on this machine only,
 * for a service that does not do it. One filter per process. */
void outbox_set_filter(bool (*kept_here)(const char *account, const char *op,
    const char *field));

/* Pending and failed ops of account (NULL: every account), oldest first. */
int outbox_list(struct store *st, const char *account, struct outbox_op **ops, int *n,
    struct lanes_err *e);
int outbox_counts(struct store *st, const char *account, int *pending, int *failed);
/* The oldest op of each entity when it is pending and due at now, at most
 * max of them, oldest first. *next_due gets the earliest time a pending
 * head op that is not due yet becomes due (0 when none). */
int outbox_ready(struct store *st, const char *account, long long now, int max,
    struct outbox_op **ops, int *n, long long *next_due, struct lanes_err *e);
int outbox_get(struct store *st, lid id, struct outbox_op *op, struct lanes_err *e);

/* The op with the service's ids filled in (names in lanes/backend.h).
 * 1: *out is ready to send; 0: it waits for another op (why says which);
 * -1: it can never be sent (e says why). me: the account's user id. */
int outbox_resolve(struct store *st, const struct outbox_op *op, cJSON **out, char *why,
    size_t whylen, struct lanes_err *e);

/* Before a request goes out: counts the attempt and, the first time,
 * records when (a create whose answer is lost is looked for after that). */
int outbox_mark_sent(struct store *st, lid id, struct lanes_err *e);
/* The service did it. remote: the id it gave what the op created (NULL
 * when nothing); more: the op has another step, so it stays queued, and
 * carry (JSON text, or NULL) is what that step needs of the answers so far,
 * handed back to the backend as the resolved op's "carry". */
int outbox_ack(struct store *st, lid id, const char *remote, bool more, const char *carry,
    struct lanes_err *e);
/* A transient failure: try again at next_try_at. */
/* The op's last send was refused unread (429, 401) and none went before
 * it: it is as if never sent (no lost create to look for). */
int outbox_unsend(struct store *st, lid id, struct lanes_err *e);
int outbox_defer(struct store *st, lid id, long long next_try_at, const char *why,
    struct lanes_err *e);
/* The service refused it: failed, with the server's words, until the user
 * retries, edits or discards it. */
int outbox_park(struct store *st, lid id, const char *why, struct lanes_err *e);
int outbox_retry(struct store *st, lid id, struct lanes_err *e);
/* Every pending op of account due now (R: "try again now"). */
int outbox_retry_all(struct store *st, const char *account);
/* Drops an op. Discarding a create also removes the row it would have
 * made, and the ops queued behind it on that entity. */
int outbox_discard(struct store *st, lid id, struct lanes_err *e);
/* The text an op sends (a title, a name, a comment), or NULL when it has none. */
const char *outbox_op_text(const struct outbox_op *op);
/* Replaces that text (and the cached row's) and makes the op pending again. */
int outbox_edit(struct store *st, lid id, const char *text, struct lanes_err *e);
/* One line for people: add card "Write spec", move "Write spec" to Doing. */
char *outbox_describe(struct store *st, const struct outbox_op *op);
/* Whether remote is already the id of one of our rows of the kind op
 * creates: a lost create must not adopt what another op made. */
bool outbox_remote_taken(struct store *st, const struct outbox_op *op, const char *remote);

/* Resets every statement left in the middle of its result. Such a
 * statement holds a read transaction open, and SQLite commits the writes
 * made meanwhile outside BEGIN only when it ends: a crash would lose them.
 * The sync engine calls this whenever the loop hands it control; returns
 * how many there were (tests expect 0). */
int store_release(struct store *st);

/* Accounts (rows of the accounts table; the config holds the rest). */
int store_account_ensure(struct store *st, const char *name, const char *service,
    struct lanes_err *e);
char *store_account_user(struct store *st, const char *name);      /* malloc'd or NULL */
/* What the account's backend keeps across runs (JSON text), malloc'd or NULL. */
char *store_account_state(struct store *st, const char *name);
/* Writes it durably, in files made readable by the user alone. */
int store_account_set_state(struct store *st, const char *name, const char *json,
    struct lanes_err *e);
int store_account_set_user(struct store *st, const char *name, const char *remote);
/* The last board opened with this account: 1 found, 0 none. */
int store_account_last_board(struct store *st, const char *name, lid *board);
int store_account_set_last_board(struct store *st, const char *name, lid board);
/* The account ("local" for local boards) and service id of a board, malloc'd. */
int store_board_remote_of(struct store *st, lid board, char **account, char **remote,
    struct lanes_err *e);
/* The board's sync point: the service's mark of what the cached rows
 * hold (a token it gave before the fetch they came from), malloc'd; NULL
 * when there is none, and the board must be fetched in full. Setting
 * NULL forgets it. */
char *store_board_sync_point(struct store *st, lid board);
int store_board_set_sync_point(struct store *st, lid board, const char *point,
    struct lanes_err *e);
/* Why the board's service lets this user only read it (a Viewer's role),
 * malloc'd; NULL when it may be changed. Edits of it are refused. */
char *store_board_readonly(struct store *st, lid board);
/* The local board for a service's project, made when new (name kept fresh). */
int store_board_for_remote(struct store *st, const char *account, const char *remote,
    const char *name, lid *board, struct lanes_err *e);
/* A cached board of account by local id, service id or name: 1 found, 0
 * none, -1 on error or when several boards have that name (e says so). */
int store_account_board_find(struct store *st, const char *account, const char *name_or_id,
    lid *board, struct lanes_err *e);
/* Ids of the cached boards of account. */
int store_account_boards(struct store *st, const char *account, lid **boards, int *n,
    struct lanes_err *e);
/* The card's service id (malloc'd) or NULL. */
char *store_card_remote(struct store *st, lid card);

/* Merging (see lanes/backend.h for the shapes). Server rows replace the
 * cached ones in one transaction, except what pending ops change, which
 * keeps the local value until they are acknowledged; held names entities
 * ("card:12") to treat the same way because an op on them was
 * acknowledged while the fetch ran, so the fetch may predate it. */
int store_merge_board(struct store *st, lid board, const cJSON *fetched,
    const char *const *held, int nheld, struct lanes_err *e);
/* The same for a board fetched in pages, each merged as it comes, in a
 * transaction of its own: begin with the fetch's columns (NULL with e
 * set on failure), then its cards a page at a time (how many of them
 * changed, or -1); end, once every page came, drops what the service no
 * longer has. A merge left without its
 * end (a fetch that did not get everything) drops nothing. */
struct board_merge;
struct board_merge *store_merge_begin(struct store *st, lid board, const cJSON *fetched,
    const char *const *held, int nheld, struct lanes_err *e);
int store_merge_cards(struct board_merge *m, const cJSON *cards, const char *const *held,
    int nheld, struct lanes_err *e);
int store_merge_end(struct board_merge *m, const char *const *held, int nheld,
    struct lanes_err *e);
void store_merge_free(struct board_merge **m);
int store_merge_card(struct store *st, lid card, const char *me, const cJSON *fetched,
    struct lanes_err *e);

#endif
