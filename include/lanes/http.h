/* The http layer: libcurl's multi interface driven by the libuv loop.
 * It knows nothing about any service: callers hand it a method, a URL, a
 * body and a token, and get one callback per request with the status, the
 * body and the response headers. It owns TLS settings, timeouts and the
 * trace log (LANES_TRACE), in which secrets never appear. */
#ifndef LANES_HTTP_H
#define LANES_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

struct lanes_err;

#define HTTP_DEFAULT_TIMEOUT_MS 30000L
#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define HTTP_DEFAULT_MAX_BODY ((size_t)32 << 20)
/* Request ids are 1..HTTP_MAX_ID; those above are left to layers on top. */
#define HTTP_MAX_ID ((1 << 30) - 1)

struct http;

/* Filled by the caller; http_submit copies everything it keeps. */
struct http_req {
	const char *method;             /* GET POST PUT PATCH DELETE */
	const char *url;                /* must pass http_url_allowed() */
	const char *body;               /* NULL for none */
	size_t body_len;
	const char *content_type;       /* default application/json when body given */
	const char *token;              /* sent as Authorization: Bearer; never traced */
	const char *const *headers;     /* extra "Name: value" lines, NULL-terminated, may be NULL */
	long timeout_ms;                /* whole exchange; <= 0 means HTTP_DEFAULT_TIMEOUT_MS */
	long connect_timeout_ms;        /* <= 0 means HTTP_DEFAULT_CONNECT_TIMEOUT_MS */
	/* On a new connection only. libcurl silently sends a request again
	 * when a reused connection turns out to be dead, even after the server
	 * acted on it: a request that creates something must never be sent
	 * twice behind the caller's back. */
	bool fresh_connection;
};

enum http_fail {
	HTTP_OK = 0,            /* an HTTP response arrived; look at status */
	HTTP_FAIL_CONNECT,      /* name resolution or TCP connect failed */
	HTTP_FAIL_TIMEOUT,      /* timeout_ms or connect_timeout_ms ran out */
	HTTP_FAIL_RESET,        /* the connection dropped before the response was complete */
	HTTP_FAIL_TLS,          /* handshake or certificate verification failed */
	HTTP_FAIL_OTHER,        /* anything else, including a body over the size cap */
};

struct http_header {
	char *name;
	char *value;
};

/* Valid only during the done callback; copy what you keep. */
struct http_resp {
	int id;                         /* what http_submit returned */
	long status;                    /* 0 when no HTTP status arrived */
	enum http_fail fail;
	char *body;                     /* never NULL, always NUL-terminated */
	size_t len;
	long long retry_after_ms;       /* from Retry-After (seconds or HTTP-date); -1 when absent */
	long ms;                        /* elapsed since http_submit */
	char err[256];                  /* what went wrong for fail != HTTP_OK; no secrets */
	const struct http_header *headers;  /* of the final response, in arrival order */
	size_t nheaders;
};

typedef void (*http_done_fn)(const struct http_resp *r, void *ud);

/* libcurl is loaded by the first http_submit, which fails when it cannot
 * be loaded or initialised. */
struct http *http_new(uv_loop_t *loop);

/* Loads libcurl, once: soname NULL means the one lanes was built against.
 * Everything here that needs curl calls it; false with e set on failure. */
bool http_load_curl(const char *soname, struct lanes_err *e);

/* Starts a request; returns its id (> 0), or -1 with e set when the request
 * is malformed or its URL is refused (then done is never called). done (may
 * be NULL) is called exactly once from the loop unless the request is
 * cancelled. Response headers and err are not sanitized for display. */
int http_submit(struct http *h, const struct http_req *req, http_done_fn done, void *ud,
    struct lanes_err *e);

/* Drops a request; its done is not called. Unknown ids are ignored. */
void http_cancel(struct http *h, int id);
int http_in_flight(const struct http *h);

/* Cancels everything in flight (no done calls) and closes the uv handles.
 * The close is asynchronous: the caller runs the loop until the handles
 * are closed. May be called from a done callback. Sets *hp to NULL. */
void http_close(struct http **hp);

/* Response bodies larger than this fail with HTTP_FAIL_OTHER. */
void http_set_max_body(struct http *h, size_t max);

/* Appends one line per exchange to path (created 0600). */
int http_set_trace(struct http *h, const char *path, struct lanes_err *e);
/* Every trace line has each secret replaced by [redacted]. */
void http_add_secret(struct http *h, const char *secret);

/* Case-insensitive; the first header of that name, or NULL. */
const char *http_resp_header(const struct http_resp *r, const char *name);

/* https:// to any host; http:// only to loopback (localhost, 127.0.0.0/8,
 * [::1]); no credentials in the URL. On refusal e says why. A request to
 * loopback never goes through a proxy the environment names. */
bool http_url_allowed(const char *url, struct lanes_err *e);

const char *http_fail_name(enum http_fail f);

#endif
