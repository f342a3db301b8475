/* Shared by the sync folder: sync.c, account.c and run.c. */
#ifndef LANES_SYNC_PRIVATE_H
#define LANES_SYNC_PRIVATE_H

#include <stdbool.h>

#include "lanes/backend.h"
#include "lanes/sync.h"

enum token_source { TOKEN_ENV, TOKEN_CMD, TOKEN_LITERAL };

struct sync_account {
	char *name, *service, *url;
	const struct backend_ops *be;
	enum token_source tok_kind;
	char *tok_src;          /* variable name, command, or the token itself */
	char *token;            /* once read */

	/* what the engine knows of the service right now */
	int reads, writes;      /* requests in flight */
	char *stopped;          /* why the queue stands still (a refused token) */
	long long pause_until;  /* nothing goes out before (mono ms) */
	bool offline;           /* the pause is a back-off after failures */
	bool unreachable;       /* the last failure was a refused connection */
	int failures;           /* in a row, for the back-off */
	bool me_asked;          /* the user's id was asked for */
	bool no_events;         /* the service refused a change check: refresh in full */
};

struct sync_account *sync_account_at(int i);
struct sync_account *sync_account_find(const char *name);
/* The token, read from its source the first time; NULL with e set. */
const char *sync_account_token(struct sync_account *a, struct lanes_err *e);

/* The engine's loop and store (sync.c), for run.c. */
uv_loop_t *sync_loop(void);
/* Outstanding work of any kind: requests in flight or a refresh running. */
bool sync_busy(void);
/* Refreshes board (a headless run asks for each board once). */
void sync_refresh_board(lid board);
/* The earliest time (mono ms) something queued may go out; 0 when nothing waits. */
long long sync_next_wake(void);

#endif
