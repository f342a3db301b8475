/* Shared by the sync folder: the accounts (account.c, secret.c) and the
 * engine (sync.c, pace.c, fetch.c, send.c; run.c without a screen). */
#ifndef LANES_SYNC_PRIVATE_H
#define LANES_SYNC_PRIVATE_H

#include <stdbool.h>

#include <uv.h>

#include "lanes/backend.h"
#include "lanes/mcp.h"
#include "lanes/strset.h"
#include "lanes/sync.h"

/* Where a setting's value comes from: the line itself, or for a secret
 * also an environment variable or a command. */
enum setting_source { FROM_LINE = 1, FROM_ENV, FROM_CMD };

struct account_setting {
	enum setting_source from;       /* 0: not given */
	char *text;                     /* the value, the variable's name or the command */
};

struct secret_read;

struct sync_account {
	char *name;
	const struct backend_ops *be;
	struct account_setting set[BACKEND_MAX_SETTINGS];
	/* What the backend sees (ba.values): plain values at once, secrets
	 * once read from their source; wiped before they are freed. */
	char *values[BACKEND_MAX_SETTINGS];
	struct backend_account ba;
	bool secrets_read;              /* every secret is in values */
	struct secret_read *reading;    /* a -cmd running off the loop */
	char *me;                       /* ba.me: the user's id on the service */
	struct mcp *mcp;                /* the MCP session, once a call needed one */
	struct login *login;            /* `lanes login` under way (login.c) */

	/* what the engine knows of the service right now */
	int reads, writes;      /* requests in flight */
	char *stopped;          /* why the queue stands still (a refused token) */
	long long pause_until;  /* nothing goes out before (mono ms) */
	bool offline;           /* the pause is a back-off after failures */
	bool unreachable;       /* the last failure was a refused connection */
	int failures;           /* in a row, for the back-off */
	bool paced;             /* the pause keeps under the service's rate */
	long long *sent;        /* when the last be->rate_n requests went (mono ms) */
	int sent_head;
	bool me_asked;          /* the user's id was asked for */
	bool no_events;         /* the service refused a change check: refresh in full */

	/* 401 and the backend's token refresh, one at a time */
	bool refreshing;        /* the refresh request is out */
	bool needs_refresh;     /* one is due once the pause is over */
	int auth_gen;           /* tokens refreshed so far; requests carry theirs */
	bool gen_from_refresh;  /* the current token came from a refresh... */
	bool gen_ok;            /* ...and a request has succeeded with it */
};

struct sync_account *sync_account_at(int i);
struct sync_account *sync_account_find(const char *name);
/* Reads a's secrets the first time: 1 when they are in a->values, 0 while
 * a command runs off the loop (done is called when it ends, with e NULL
 * on success), -1 with e set. */
typedef void (*secrets_done_fn)(struct sync_account *a, const char *error);
int sync_account_secrets(struct sync_account *a, uv_loop_t *loop, secrets_done_fn done,
    struct lanes_err *e);
/* How long a KEY-cmd may run (30 s; tests shorten it). */
extern long secret_cmd_timeout_ms;
/* Stops a command still running for a's secrets (done is not called). */
void sync_account_secrets_cancel(struct sync_account *a);
/* The bearer token of a's requests (its backend's choice), or NULL. */
const char *sync_account_bearer(const struct sync_account *a);

/* The engine's loop and store (sync.c), for run.c. */
uv_loop_t *sync_loop(void);
/* Outstanding work of any kind: requests in flight or a refresh running. */
bool sync_busy(void);
/* Refreshes board (a headless run asks for each board once). */
void sync_refresh_board(lid board);
/* The earliest time (mono ms) something queued may go out; 0 when nothing waits. */
long long sync_next_wake(void);

/* ---- the engine ---- */

#define BACKOFF_BASE_MS 1000LL
#define BACKOFF_MAX_MS (5 * 60 * 1000LL)
#define RATE_DEFAULT_MS 60000LL

struct fetcher;
typedef void (*fetch_done_fn)(struct fetcher *fe, const char *error);

struct fetch_page;
struct board_merge;

/* A read of one or more pages: one page in flight at a time, or one of
 * each of the backend's cursors. */
struct fetcher {
	struct fetcher *prev, *next;
	int id;
	struct sync_account *a;
	struct backend_fetch f;
	struct fetch_page *out;         /* pages on their way */
	long long retry_at;             /* mono ms: a page waits to be asked again */
	bool starting;                  /* waits for a free read slot */
	struct board_merge *merge;      /* a board merged page by page */
	bool finished;                  /* its done() runs */
	bool reread;                    /* a board read again: the last was partial */
	fetch_done_fn done;
	lid board, card;
	bool again;                     /* refresh asked for while it ran (a change
	                                 * check: a full one) */
	char *point;                    /* refresh: the board's sync point once merged */
	char *again_point;              /* refresh: the one the refresh after it keeps */
	struct strset acked;            /* refresh: entities acknowledged meanwhile */
	sync_list_fn list_done;
	void *list_ud;
	struct sending *sending;        /* adopt: the op it looks for */
};

/* An op on its way: looked for (a lost create), then sent. */
struct sending {
	struct sending *prev, *next;
	struct sync_account *a;
	lid op;
	char *entity;
	cJSON *resolved;
	int http_id;
	bool write;
	int gen;                        /* the token generation it was sent with */
	bool first_send;                /* no earlier send may have been applied */
};

extern struct engine {
	bool started;
	struct store *st;
	uv_loop_t *loop;
	struct http *http;
	uv_timer_t wake, refresh, tick;
	bool tick_on;
	bool kicked;                    /* a kick came while drain() ran */
	struct fetcher *fetchers;
	struct sending *sendings;
	struct strset waiting;          /* ops waiting for another op ("<id>") */
	lid watched;
	long rate_window_ms;            /* LANES_RATE_WINDOW_MS: every service's rate
	                                 * window, for tests (0: each its own) */
	int next_id;
	sync_listener_fn listener;
	void *listener_ud;
	char *message;
} engine;

/* sync.c: the loop */
void engine_notify(unsigned events);                /* tell the listener */
void engine_say(const char *fmt, ...) PRINTF_LIKE(1, 2); /* a message for it */
void engine_kick(void);                             /* drain on the next turn */
void engine_tick_start(void);                       /* the status counts down */
void account_me(struct sync_account *a);            /* the user's id, from the store */

/* pace.c: each account's pace, faults and requests */
void account_ok(struct sync_account *a);
/* A transient failure (r: what failed, or NULL) pauses the account with a
 * back-off; these return the wall-clock time to try again at. */
long long account_backoff(struct sync_account *a, const struct http_resp *r);
long long account_wait(struct sync_account *a);
long long account_rate_limited(struct sync_account *a, long long retry_after_ms);
/* Keeps what the backend changed of its state; says so when it cannot. */
void account_state_keep(struct sync_account *a);
/* Whether a may send now (its secrets read; no token refresh running). */
bool account_ready(struct sync_account *a);
/* Sends req for a (once: on a new connection only); its id, or -1 with e set. */
int account_submit(struct sync_account *a, const struct backend_req *req, bool once,
    http_done_fn done, void *ud, struct lanes_err *e);
/* Drops a request account_submit started; its done is not called. */
void account_cancel(struct sync_account *a, int id);
/* Ends a's MCP session (a DELETE the http layer sends; done when it
 * ends); the DELETE's id, or 0 when there was no session. */
int account_mcp_close(struct sync_account *a, http_done_fn done, void *ud);
/* A request of a (a write or a read) is over. */
void account_request_done(struct sync_account *a, bool write);
void account_token_refresh(struct sync_account *a);
/* A 401 to a request sent with token generation gen: true when it is to
 * go once more; false when the account's queue stopped. */
bool account_unauthorized(struct sync_account *a, int gen, const char *why);

/* fetch.c: fetchers */
struct fetcher *fetcher_new(struct sync_account *a, enum fetch_kind kind, const char *remote,
    fetch_done_fn done);
void fetcher_free(struct fetcher *fe);
/* Fetchers waiting for a slot or a retry time go now if they may; the
 * next time (mono ms) one may, or 0. */
long long fetchers_resume(long long now);
/* Every waiting fetcher of a ends with why (the account cannot send). */
void fetchers_fail(struct sync_account *a, const char *why);
/* The fetch of this kind about board that runs now, if any. */
struct fetcher *board_fetcher(enum fetch_kind kind, lid board);
/* Refreshes board if it changed since its sync point (full: asks for a
 * new point, and fetches all of it). */
void board_check(lid board, bool full);

/* send.c: ops on their way */
void sending_free(struct sending *sd);
/* Whether op is being sent or waits for another op. */
bool sending_busy(lid id);
/* Starts what may start of a's queue; returns when (wall ms) more is due. */
long long drain_account(struct sync_account *a);

#endif
