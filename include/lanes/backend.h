/* The seam every remote service plugs into: one const struct backend_ops
 * per service, pure functions over cJSON. A backend turns an outbox op
 * (already resolved by the store into the service's ids) into requests,
 * reads the answers, plans paginated fetches and says what an error means.
 * It never opens a socket, draws or touches SQLite.
 *
 * A resolved op is a JSON object with generic names (the store fills them):
 *   op        "card.add" "card.move" "card.set" "card.complete" "card.delete"
 *             "column.add" "column.rename" "column.place" "column.delete"
 *             "comment.add" "check.add" "check.set" "check.delete" "time.add"
 *   step      0 for the first request of an op; parse() says when more follow
 *   carry     from the second step on, what parse() kept of the answers
 *             before (backend_ack.carry), for an op that takes several
 *   remote    the service id of the row the op is about (when it exists)
 *   board     project id; column: section id; card: the parent task's id
 *   before, after   the neighbour (task or section id) to place next to
 *   title description name text field value completed done minutes date
 *   me, since the user's id and the time (ms) the op was first sent, for
 *             looking up what a create whose answer was lost made */
#ifndef LANES_BACKEND_H
#define LANES_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "lanes/http.h"
#include "lanes/util.h"

enum backend_cap {
	CAP_REORDER = 1,
	CAP_COLUMN_EDIT = 2,
	CAP_CHECKLIST_WRITE = 4,
	CAP_COMMENTS = 8,
	CAP_TIME_ENTRIES = 16,
	CAP_COMPLETE = 32,
	CAP_EVENTS = 64,        /* FETCH_EVENTS says whether a board changed */
};

/* One request, relative to the account's base URL. */
struct backend_req {
	const char *method;     /* a static string */
	char *path;             /* "/tasks/123?opt_fields=name" */
	char *body;             /* JSON text, or NULL */
	bool write;             /* counts against the service's write limit */
};
void backend_req_clear(struct backend_req *r);

/* What an answer means for the op or fetch that asked. */
enum backend_verdict {
	BV_OK,          /* done */
	BV_RETRY,       /* 5xx, timeout, reset, refused: back off and try again */
	BV_RATE,        /* 429: wait for Retry-After */
	BV_AUTH,        /* 401/403: stop the account's queue, keep its ops */
	BV_PARK,        /* any other 4xx: the op failed; e says the server's words */
};

/* After BV_OK on an op's request. */
struct backend_ack {
	char *remote;           /* the id of what a create made, or NULL */
	bool more;              /* another step follows: build again with step + 1 */
	char *carry;            /* with more: JSON the next step gets as op "carry" */
};
void backend_ack_clear(struct backend_ack *a);

/* Kinds of fetch; each is a list of paginated GETs. */
enum fetch_kind {
	FETCH_ME,               /* result {"remote", "name"} */
	FETCH_WORKSPACES,       /* result {"items": [{"remote", "name"}]} */
	FETCH_PROJECTS,         /* of workspace `remote`; same shape */
	FETCH_BOARD,            /* project `remote`: {"columns": [...], "cards": [...]} */
	FETCH_CARD,             /* task `remote`: {"comments", "check_items", "time_entries"} */
	FETCH_ADOPT,            /* what `op` made, if it made anything: {"candidates": [ids]} */
	FETCH_EVENTS,           /* project `remote` since the token in offset (NULL: from
	                         * now): {"sync": the next token, "changed": bool} */
};

/* A fetch in progress: plain data the backend steps through. The result
 * keeps growing page by page; the caller owns it once done. */
struct backend_fetch {
	enum fetch_kind kind;
	char *remote;           /* the thing fetched (NULL for FETCH_ME, FETCH_WORKSPACES) */
	cJSON *op;              /* FETCH_ADOPT: the resolved op (not owned) */
	int part;               /* which list of the kind is being read */
	char *offset;           /* the next page's token, NULL for the first page */
	int pages;              /* pages read so far */
	cJSON *result;
};
void backend_fetch_init(struct backend_fetch *f, enum fetch_kind kind, const char *remote);
void backend_fetch_clear(struct backend_fetch *f);

struct backend_ops {
	const char *name;
	const char *default_url;
	unsigned caps;
	int max_reads, max_writes;      /* requests in flight at once */

	/* The request for op's current step; -1 with e set when the op cannot
	 * be expressed (it is parked). */
	int (*build)(const cJSON *op, struct backend_req *out, struct lanes_err *e);
	/* Reads a successful answer to op's request. */
	int (*parse)(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
	    struct lanes_err *e);
	/* Status, transport failure and body -> verdict; e gets the message.
	 * op is NULL for fetches. */
	enum backend_verdict (*classify)(const cJSON *op, const struct http_resp *r,
	    struct lanes_err *e);
	/* true when sending op twice would make two things, so a lost answer
	 * must be looked for (FETCH_ADOPT) before sending again. */
	bool (*creates)(const cJSON *op);

	/* The next request of f, 1; 0 when f is complete; -1 with e set. */
	int (*fetch_next)(struct backend_fetch *f, struct backend_req *out, struct lanes_err *e);
	/* Adds a page to f->result and moves f on; -1 with e set when the page
	 * is not what the service sends. */
	int (*fetch_parse)(struct backend_fetch *f, const char *body, size_t len,
	    struct lanes_err *e);
	/* true when an answer to f that is not a success still carries what
	 * f asks for, so fetch_parse should read it (may be NULL). */
	bool (*fetch_accepts)(const struct backend_fetch *f, const struct http_resp *r);
};

extern const struct backend_ops asana_backend;

/* By service name ("asana"); NULL when unknown. */
const struct backend_ops *backend_find(const char *service);

#endif
