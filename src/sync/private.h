/* Shared by the sync folder: sync.c, account.c and run.c. */
#ifndef LANES_SYNC_PRIVATE_H
#define LANES_SYNC_PRIVATE_H

#include <stdbool.h>

#include "lanes/backend.h"
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

	/* what the engine knows of the service right now */
	int reads, writes;      /* requests in flight */
	char *stopped;          /* why the queue stands still (a refused token) */
	long long pause_until;  /* nothing goes out before (mono ms) */
	bool offline;           /* the pause is a back-off after failures */
	bool unreachable;       /* the last failure was a refused connection */
	int failures;           /* in a row, for the back-off */
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

#endif
