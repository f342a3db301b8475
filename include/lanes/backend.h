/* The seam every remote service plugs into: one const struct backend_ops
 * per service (src/backend/<service>.c) and one entry in backend.c's
 * table. The table declares what the service takes and can do (account
 * settings, capabilities, transports, the picker's levels); its functions
 * are pure over cJSON: an outbox op (already resolved by the store into
 * the service's ids) becomes requests, answers become acknowledgements,
 * fetches are planned page by page, and an error gets its verdict. A
 * backend never opens a socket, draws or touches SQLite.
 *
 * A resolved op is a JSON object with generic names (the store fills them):
 *   op        "card.add" "card.move" "card.set" "card.complete" "card.delete"
 *             "column.add" "column.rename" "column.place" "column.delete"
 *             "comment.add" "comment.delete" "check.add" "check.set"
 *             "check.move" "check.delete" "time.add"
 *   step      0 for the first request of an op; parse() says when more follow
 *   carry     from the second step on, what parse() kept of the answers
 *             before (backend_ack.carry), for an op that takes several
 *   remote    the service id of the row the op is about (when it exists)
 *   board     project id; column: the column's id; card: the parent's id
 *   index     a move: the 0-based place in the target column (or among
 *             the columns, or the checklist) this machine shows
 *   before, after   a move: the neighbours below and above that place,
 *             by service id, when the service knows them
 *   title description name text field value completed done date
 *   seconds   a time entry's length, as tracked; each service rounds it
 *   me, since the user's id and the time (ms) the op was first sent, for
 *             looking up what a create whose answer was lost made */
#ifndef LANES_BACKEND_H
#define LANES_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "lanes/http.h"
#include "lanes/model.h"
#include "lanes/util.h"

/* ---- what a service declares ---- */

enum setting_flag {
	SETTING_REQUIRED = 1,
	/* a secret: given as KEY-env=VAR, KEY-cmd="CMD", or KEY=VALUE only in a
	 * file nobody else can read; never echoed, never traced */
	SETTING_SECRET = 2,
};

/* One key an account line of this service takes. */
struct backend_setting {
	const char *key;
	unsigned flags;
	const char *def;        /* the default, or NULL */
	const char *help;       /* for messages: "the deployment's address" */
};
#define BACKEND_MAX_SETTINGS 12

enum backend_transport {
	TRANSPORT_REST = 1,
	TRANSPORT_MCP = 2,      /* a tool call over the service's MCP server */
};

/* ---- what a backend knows of its account ---- */

struct backend_ops;

struct backend_account {
	const struct backend_ops *ops;  /* its service */
	const char *name;               /* the account's name in the config */
	const char *url;                /* the `url` setting, no trailing / */
	/* values[i] belongs to ops->settings[i]; NULL when unset. A secret is
	 * there once read from its source. */
	const char *const *values;
	const char *me;                 /* the user's id on the service, once known */
	/* The backend's own state (ids, slugs, tokens it obtained), kept in
	 * the store across runs: set state_changed after changing it. */
	cJSON *state;
	bool state_changed;
};

/* The value of setting key of a's service; NULL when unset or unknown. */
const char *backend_setting(const struct backend_account *a, const char *key);

/* ---- requests and answers ---- */

#define BACKEND_MAX_HEADERS 4

/* One request: REST, or an MCP tool call. */
struct backend_req {
	const char *method;     /* a static string */
	char *path;             /* "/tasks/123?opt_fields=name" after the account's url,
	                         * or an absolute URL ("https://..."); MCP: the
	                         * server's URL (the account keeps one session
	                         * per URL, see mcp.h) */
	char *body;             /* REST: the body; MCP: the tool's arguments as JSON */
	const char *content_type;       /* NULL: JSON (form: BACKEND_FORM) */
	char *headers[BACKEND_MAX_HEADERS + 1]; /* "Name: value", NULL-terminated */
	enum backend_transport transport;       /* 0 is REST */
	char *tool;             /* MCP: the tool's name */
	bool write;             /* counts against the service's write limit */
	bool no_auth;           /* without the bearer token (a token exchange) */
};
#define BACKEND_FORM "application/x-www-form-urlencoded"
void backend_req_clear(struct backend_req *r);
/* Adds a "Name: value" header; false when there is no room. */
bool backend_req_header(struct backend_req *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* out = method path with body as JSON (deleted; NULL: none); a write
 * unless a GET. Takes path. 0. */
int backend_req_set(struct backend_req *out, const char *method, char *path, cJSON *body);

/* An answer is the http layer's: status, headers and body (struct
 * http_resp); a transport failure has fail != HTTP_OK. An MCP call's
 * answer is told the same way (mcp.h): 200 with the tool's text, 422 with
 * a tool's refusal, 400 with a JSON-RPC error or a call that does not fit
 * the server's tools; the transport's own answer otherwise. */

/* What an answer means for the op or fetch that asked. */
enum backend_verdict {
	BV_OK,          /* done */
	BV_RETRY,       /* 5xx, timeout, reset, refused: back off and try again */
	BV_RATE,        /* 429: wait for Retry-After */
	BV_AUTH,        /* 401: refresh the token if the service can, else stop
	                 * the account's queue and keep its ops */
	BV_PARK,        /* 403 and other 4xx: that op failed with the server's
	                 * words (e); the rest of the queue goes on */
};

/* After BV_OK on an op's request. */
struct backend_ack {
	char *remote;           /* the id of what a create made, or NULL */
	bool more;              /* another step follows: build again with step + 1 */
	char *carry;            /* with more: JSON the next step gets as op "carry" */
};
void backend_ack_clear(struct backend_ack *a);

/* ---- fetches ---- */

/* Kinds of fetch; each is a list of paginated requests. */
enum fetch_kind {
	FETCH_ME,               /* result {"remote", "name"} */
	FETCH_LEVEL,            /* the picker's level `level` inside `remote` (NULL at
	                         * level 0): {"items": [{"remote", "name"}]}; the last
	                         * level's items are boards */
	FETCH_BOARD,            /* project `remote`: {"columns": [...], "cards": [...]} */
	FETCH_CARD,             /* task `remote`: {"comments", "check_items", "time_entries"} */
	FETCH_ADOPT,            /* what `op` made, if it made anything: {"candidates": [ids]} */
	FETCH_EVENTS,           /* project `remote` since the token in offset (NULL: from
	                         * now): {"sync": the next token, "changed": bool} */
};

/* One of several lists a fetch pages through at once (Asana: a board's
 * sections, each with its own tasks), each at its own offset. */
struct fetch_cursor {
	char *list;             /* the backend's name for it: a section's id */
	char *offset;           /* its next page's token, NULL for the first */
	bool busy;              /* a page of it is out */
	bool done;              /* read to its end, or gone */
};

/* A fetch in progress: plain data the backend steps through. The result
 * keeps growing page by page; the caller owns it once done.
 *
 * Most fetches read one list after another, one page in flight. A fetch
 * may instead read several lists at once: once its parse has set
 * cursors, the caller asks fetch_next again while pages are out (within
 * the service's max_reads); fetch_next gives a page of a cursor that may
 * go (neither busy nor done, nor held back by the backend), marks it busy
 * and says which in `at`, and gives 0 when none may go now. The caller
 * sets `at` back to the answer's cursor and clears its busy before
 * fetch_parse reads that answer (or before asking again after a
 * failure). The fetch is complete when fetch_next gives 0 with no page
 * out. Pages read from cursors are whole in themselves: the caller may
 * take the "cards" of result after each and merge them (a board fetch
 * no longer waits for its last page to show its first). */
struct backend_fetch {
	enum fetch_kind kind;
	char *remote;           /* the thing fetched (NULL for FETCH_ME, level 0) */
	int level;              /* FETCH_LEVEL: which of the picker's levels */
	cJSON *op;              /* FETCH_ADOPT: the resolved op (not owned) */
	char *board;            /* FETCH_CARD: the card's board, for services whose
	                         * paths name it (Stellary); NULL when unknown */
	int part;               /* which list of the kind is being read */
	char *offset;           /* the next page's token, NULL for the first page */
	int pages;              /* pages read so far */
	cJSON *result;
	struct fetch_cursor *cursors;   /* see above; NULL: one list at a time */
	int ncursors;
	int at;                 /* the cursor of the request or answer at hand */
	/* A list vanished while it was read (its pages answered 404): what
	 * came is right but not all of it, so nothing missing from it is
	 * gone, and the caller should fetch again. */
	bool partial;
};
/* Adds a cursor over list to f. */
void backend_fetch_cursor(struct backend_fetch *f, const char *list);
void backend_fetch_init(struct backend_fetch *f, enum fetch_kind kind, const char *remote);
void backend_fetch_clear(struct backend_fetch *f);

/* ---- the table ---- */

/* A capability a service refuses, said in its own words ("Vortask's
 * columns are its four statuses") rather than the general ones. */
struct backend_refusal {
	unsigned cap;
	const char *why;
};

struct backend_ops {
	const char *name;               /* "asana": the service= of account lines */
	const char *title;              /* "Asana": in messages */
	/* The keys account lines take, ending with { NULL }. `url` is the
	 * base of every relative path; a secret `token` is the bearer token
	 * unless bearer() says otherwise. */
	const struct backend_setting *settings;
	unsigned caps;                  /* enum board_cap: what the service does */
	/* Of what it does not: what lanes keeps on this machine (with a mark);
	 * an action needing any other is refused with a reason. */
	unsigned kept_local;
	const struct backend_refusal *refusals; /* ending with { 0 }; may be NULL */
	unsigned transports;            /* enum backend_transport bits it uses */
	/* The picker's levels, outermost first, NULL-terminated: the items of
	 * the last are boards ({"workspace", "project", NULL}). */
	const char *const *picker;
	int max_reads, max_writes;      /* requests in flight at once */
	/* The service's rate limit: lanes sends no more than rate_n requests
	 * in any rate_window_ms (rate_n 0: no limit). */
	int rate_n;
	long rate_window_ms;

	/* The request for op's current step, 0; 1 when nothing needs to be
	 * sent; -1 with e set when the op cannot be expressed (it is parked). */
	int (*build)(struct backend_account *a, const cJSON *op, struct backend_req *out,
	    struct lanes_err *e);
	/* Reads a successful answer to op's request. */
	int (*parse)(struct backend_account *a, const cJSON *op, const struct http_resp *r,
	    struct backend_ack *ack, struct lanes_err *e);
	/* Status, transport failure and body -> verdict; e gets the message.
	 * op is NULL for fetches. */
	enum backend_verdict (*classify)(const cJSON *op, const struct http_resp *r,
	    struct lanes_err *e);
	/* true when sending op twice would make two things, so a lost answer
	 * must be looked for (FETCH_ADOPT) before sending again. */
	bool (*creates)(const cJSON *op);
	/* A create whose answer was lost made `found` (a FETCH_ADOPT
	 * candidate): ack becomes what the create's answer would have given. */
	int (*adopt)(struct backend_account *a, const cJSON *op, const char *found,
	    struct backend_ack *ack, struct lanes_err *e);

	/* The names an assignee is picked from, as a sorted JSON array, read
	 * from what fetches kept in a->state; NULL (or no hook): the service's
	 * members are not read, and an assignee is typed. */
	cJSON *(*members)(const struct backend_account *a);

	/* The next request of f, 1; 0 when f is complete; -1 with e set. */
	int (*fetch_next)(struct backend_account *a, struct backend_fetch *f,
	    struct backend_req *out, struct lanes_err *e);
	/* Adds a page to f->result and moves f on; -1 with e set when the page
	 * is not what the service sends. */
	int (*fetch_parse)(struct backend_account *a, struct backend_fetch *f,
	    const struct http_resp *r, struct lanes_err *e);
	/* true when an answer to f that is not a success still carries what
	 * f asks for, so fetch_parse should read it (may be NULL). */
	bool (*fetch_accepts)(const struct backend_fetch *f, const struct http_resp *r);

	/* The bearer token of a's requests; NULL: the secret setting `token`
	 * (may be NULL). */
	const char *(*bearer)(const struct backend_account *a);
	/* After a 401: the request that gets a new access token, 0; -1 with e
	 * set when the user must sign in again (NULL: the service has none). */
	int (*refresh)(struct backend_account *a, struct backend_req *out, struct lanes_err *e);
	/* An OAuth sign-in (`lanes login`; NULL: the service takes a token):
	 * the authorization address for redirect, state and the PKCE S256
	 * challenge (malloc'd; NULL with e set), and the request that trades
	 * the code the service gave back for tokens; refreshed() reads its
	 * answer as it reads a refresh's. */
	char *(*login_url)(const struct backend_account *a, const char *redirect,
	    const char *state, const char *challenge, struct lanes_err *e);
	int (*login_req)(struct backend_account *a, const char *code, const char *redirect,
	    const char *verifier, struct backend_req *out, struct lanes_err *e);
	/* Reads the refresh's answer into a->state, 0; -1 with e set when the
	 * user must sign in again; 1 with e set when the sign-in service did
	 * not answer as it should but may later (a 5xx, a 429): try again. */
	int (*refreshed)(struct backend_account *a, const struct http_resp *r,
	    struct lanes_err *e);
};

extern const struct backend_ops asana_backend;
extern const struct backend_ops stellary_backend;
extern const struct backend_ops vortask_backend;
extern const struct backend_ops astravue_backend;

/* Adds a service (or replaces one of that name): for tests, which build
 * a service of their own from one table. */
void backend_register(const struct backend_ops *be);
/* By service name ("asana"); NULL when unknown. */
const struct backend_ops *backend_find(const char *service);
/* "asana, stellary" for messages. */
const char *backend_names(void);
/* The index of key in be->settings, or -1. */
int backend_setting_index(const struct backend_ops *be, const char *key);

/* What backends share. v as text fit for the store and the screen
 * (sanitized, cut to cap bytes on a character boundary); NULL when v is
 * not a string. */
char *backend_clean_text(const cJSON *v, bool multiline, size_t cap);
/* A lost create is looked for among things made up to this long before
 * it was first sent: our clock and the server's may disagree. */
#define BACKEND_ADOPT_SKEW_MS (5 * 60 * 1000LL)
/* Whether an item a lost create may have made is op's: made by op's "me"
 * (when by, who made the item, is known), not before op's "since" (less
 * the skew; at in ms, -1 when unknown), its text (cleaned) being want
 * (no text and no want: who and when are all there is to it). */
bool backend_adopt_fits(const cJSON *op, const char *by, long long at, const cJSON *text,
    bool multiline, const char *want);
/* What a backend's classify() says of most services' answers: a
 * transport failure is retried; 2xx is done; else words(body) (the
 * server's own, sanitized; may be NULL) go into e after the status, and
 * 401 asks for a new token, 429 waits, 5xx and 408 retry, the rest parks.
 * gone: a delete of what is gone already is done: BACKEND_GONE_404 (a REST
 * 404), BACKEND_GONE_TOOL (an MCP tool's refusal that it is "not found";
 * over MCP a 404 is the transport's). */
enum { BACKEND_GONE_404 = 1, BACKEND_GONE_TOOL = 2 };
enum backend_verdict backend_classify(const struct http_resp *r,
    char *(*words)(const char *body, size_t len), unsigned gone, struct lanes_err *e);
/* Services whose ids are positive integers (Vortask, Astravue): s is one
 * (at most 15 digits, no leading zero); it[key] as one's text in buf
 * (false when it is not one); o[key] = id as a JSON number. */
bool backend_int_ok(const char *s);
bool backend_int_id(const cJSON *it, const char *key, char buf[24]);
void backend_add_int(cJSON *o, const char *key, const char *id);
/* out = a call of tool with args (deleted) to the MCP server of the
 * account's mcp-url; -1 with e set when it has none. */
int backend_mcp_call(const struct backend_account *a, const char *tool, cJSON *args,
    bool write, struct backend_req *out, struct lanes_err *e);
/* A local card field and the service's name for it. */
struct backend_field {
	const char *field, *name;
};
/* The service's name for op's field in t (ending with { NULL }); NULL with
 * e saying it is kept on this machine when the service has none. */
const char *backend_card_field(const struct backend_field *t, const char *title,
    const cJSON *op, struct lanes_err *e);
/* The day of a service's ISO 8601 date or date-time ("2026-03-20",
 * "2026-03-20T00:00:00Z") into out: true when it is a real day. */
bool backend_day(const char *iso, char out[11]);
/* to["due_on"] = that day, or null. */
void backend_add_day(cJSON *to, const char *iso);
/* sb (a server's words, gathered) as a string that leaves room in a
 * lanes_err for what goes before it, cut on a character's edge; NULL
 * when sb is empty. sb is emptied. */
char *backend_words(struct strbuf *sb);
/* to[key] = that text, or null. */
void backend_add_clean(cJSON *to, const char *key, const cJSON *v, bool multiline, size_t cap);
/* The names of a labels value ("a, b"), trimmed, as a JSON array. */
cJSON *backend_label_names(const char *value);
/* Whether the array list holds the string s. */
bool backend_has_string(const cJSON *list, const char *s);
/* ISO 8601 UTC ("2024-05-01T10:20:30.456Z") to ms since the epoch; -1 on junk. */
long long backend_iso_ms(const char *s);

/* Whether a board of this service can do what cap needs: CAN_DO, CAN_LOCAL
 * (kept on this machine) or CAN_NOT; why says so for the last two. */
enum board_can backend_can(const struct backend_ops *be, unsigned cap, char *why, size_t n);

#endif
