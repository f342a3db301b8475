/* The sync engine: refresh timers, draining the outbox, retries and
 * back-off, and the accounts it talks to. It writes only to the store and
 * tells its listener what changed; it never draws.
 *
 * Config: account NAME service=SERVICE KEY=VALUE..., the keys the
 * service's backend declares; a secret KEY as KEY-env=VAR, KEY-cmd="CMD",
 * or KEY=VALUE only in a file nobody else can read. */
#ifndef LANES_SYNC_H
#define LANES_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <uv.h>

#include "lanes/model.h"
#include "lanes/util.h"

struct store;

/* ---- accounts (sync/account.c) ---- */

/* The `account` config command. */
int sync_account_cmd(int argc, char **argv, struct lanes_err *e);
int sync_account_count(void);
/* The name of account i (0 <= i < sync_account_count()). */
const char *sync_account_name(int i);
bool sync_account_known(const char *name);
/* Whether board's service does what cap (enum board_cap) needs: CAN_DO
 * (a local board does everything), CAN_LOCAL (kept on this machine) or
 * CAN_NOT; why says so for the last two. The one check every action and
 * command goes through; the store asks the same before it queues an op. */
enum board_can sync_board_can(struct store *st, lid board, unsigned cap, char *why,
    size_t n);
/* The names board's assignee is picked from (a sorted JSON array, empty
 * until a refresh has read them); NULL when the board's service has no
 * list of them here, or the board is local: a name is typed. */
cJSON *sync_board_members(struct store *st, lid board);
/* Forgets every configured account (and the tokens read). */
void sync_accounts_clear(void);

/* ---- the engine (sync.c) ---- */

enum sync_event {
	SYNC_STORE = 1,         /* rows changed: reload what is shown */
	SYNC_STATUS = 2,        /* only the status text changed */
	SYNC_MESSAGE = 4,       /* something to tell: sync_take_message() */
};
typedef void (*sync_listener_fn)(unsigned events, void *ud);

/* Starts on loop with st: the http layer, LANES_TRACE, the accounts'
 * rows. Does nothing (and returns 0) when no account is configured. */
int sync_start(struct store *st, uv_loop_t *loop, struct lanes_err *e);

/* Signing an account in, for services with an OAuth sign-in (login.c):
 * the address to send the user to; then the trade of the code the
 * service gave back for tokens, kept in st before it returns (it runs
 * loop until done; the engine need not run). -1 with e set. */
int sync_login_url(const char *account, const char *redirect, const char *state,
    const char *challenge, char **url, struct lanes_err *e);
int sync_login_finish(struct store *st, uv_loop_t *loop, const char *account, const char *code,
    const char *redirect, const char *verifier, struct lanes_err *e);
/* Cancels everything in flight and closes the handles; the caller runs
 * the loop until they are closed. */
void sync_stop(void);
bool sync_running(void);
void sync_set_listener(sync_listener_fn fn, void *ud);
/* The last message (a refresh that failed...), malloc'd, or NULL. */
char *sync_take_message(void);

/* The board on screen: refreshed now and every `set refresh` seconds (0:
 * only now and on R). A local board (or 0) stops the timer. */
void sync_watch_board(lid board);
/* R: refresh the board on screen now, retry every waiting op now, and
 * start an account stopped by a refused token again. */
void sync_refresh_now(void);
/* Looks at the queue again (after a retry, an edit or a discard). */
void sync_kick(void);
/* Fetches a card's comments, checklist and time entries (card pane). */
void sync_fetch_card(lid card);
/* The status of the board on screen's account: "synced", "3 pending",
 * "offline, retrying in 12 s", "1 failed"...; "" for a local board. */
void sync_status(char *buf, size_t n);

/* The board picker's levels of account's service, outermost first and
 * NULL-terminated ({"workspace", "project", NULL}): the last level's
 * items are boards. NULL for an unknown account. */
const char *const *sync_account_picker(const char *account);
/* Lists the items of level inside parent (NULL at level 0): done gets
 * {"items": [{"remote", "name"}]} or an error. Returns an id for
 * sync_cancel, or -1 with e set. */
typedef void (*sync_list_fn)(const cJSON *result, const char *error, void *ud);
int sync_list_level(const char *account, int level, const char *parent, sync_list_fn done,
    void *ud, struct lanes_err *e);
void sync_cancel(int id);

/* ---- without a screen (sync/run.c) ---- */

/* Runs the loop until every account's queue is empty or stuck: refreshes
 * the boards of account (NULL: every account; board 0: all its cached
 * boards) when refresh is set (one unchanged since its last fetch, as far
 * as the service says, is not fetched again), then drains. Gives up on
 * retries further than wait_ms away, never on keeping to a service's
 * rate. 0: nothing is left; 1: ops remain; -1: e says why. */
int sync_run(struct store *st, const char *account, lid board, bool refresh, long wait_ms,
    struct lanes_err *e);
/* A board of account by local id, name, service id or the service's
 * name for it (looked for through every level when not cached yet). */
int sync_find_board(struct store *st, const char *account, const char *name_or_id,
    lid *board, struct lanes_err *e);
/* Every board account reaches, through each level of its picker: an
 * array of {"remote", "name", "path": [{"level", "remote", "name"}]}, the
 * path being the items above the board, outermost first (empty for a
 * service of one level). NULL with e set. */
cJSON *sync_account_boards(struct store *st, const char *account, struct lanes_err *e);

#endif
