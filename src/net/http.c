/* The transfers: libcurl's multi interface driven by the libuv loop. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "private.h"

/* A response with more headers than this is hostile or broken; the rest
 * are dropped rather than letting a server grow our memory line by line. */
#define HTTP_MAX_HEADERS 128

/* One per socket curl asks us to watch; freed in the close callback. */
struct http_sock {
	uv_poll_t poll;
	curl_socket_t fd;
	struct http *h;
	struct http_sock *prev, *next;
};

static void check_done(struct http *h);

/* ---- responses ---- */

const char *
http_fail_name(enum http_fail f)
{
	switch (f) {
	case HTTP_OK: return "ok";
	case HTTP_FAIL_CONNECT: return "connect";
	case HTTP_FAIL_TIMEOUT: return "timeout";
	case HTTP_FAIL_RESET: return "reset";
	case HTTP_FAIL_TLS: return "tls";
	case HTTP_FAIL_OTHER: break;
	}
	return "other";
}

static enum http_fail
fail_kind(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return HTTP_FAIL_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_FAIL_TIMEOUT;
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return HTTP_FAIL_RESET;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
		return HTTP_FAIL_TLS;
	default:
		return HTTP_FAIL_OTHER;
	}
}

const char *
http_resp_header(const struct http_resp *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

/* Retry-After is either delta-seconds or an HTTP-date (RFC 9110 10.2.3). */
static long long
retry_after_ms(const char *v)
{
	long long at;
	char *end;
	unsigned long long secs;
	time_t t;

	if (!v || !*v)
		return -1;
	if (isdigit((unsigned char)*v)) {
		errno = 0;
		secs = strtoull(v, &end, 10);
		if (errno || *end)
			return -1;
		/* a day is more than any service asks; beyond it is nonsense */
		return (long long)(secs > 86400 ? 86400 : secs) * 1000;
	}
	t = curl.getdate(v, NULL);
	if (t == (time_t)-1)
		return -1;
	at = (long long)t * 1000 - now_ms();
	return at < 0 ? 0 : at;
}

static void
resp_error(const struct http_xfer *x, CURLcode rc, struct http_resp *r)
{
	size_t n;

	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(r->err, sizeof(r->err), "response body larger than %zu bytes",
		    x->h->max_body);
	else if (x->errbuf[0])
		snprintf(r->err, sizeof(r->err), "%s", x->errbuf);
	else
		snprintf(r->err, sizeof(r->err), "%s", curl.easy_strerror(rc));
	n = strlen(r->err);
	while (n && (r->err[n - 1] == '\n' || r->err[n - 1] == '\r'))
		r->err[--n] = '\0';
}

static void
resp_fill(struct http_xfer *x, CURLcode rc, struct http_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->id = x->id;
	curl.easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
	r->fail = fail_kind(rc);
	if (x->too_big && r->fail == HTTP_OK)
		r->fail = HTTP_FAIL_OTHER;
	r->ms = (long)(mono_ms() - x->start);
	r->headers = x->headers;
	r->nheaders = x->nheaders;
	r->retry_after_ms = retry_after_ms(http_resp_header(r, "Retry-After"));
	/* A half-received body is worse than none: callers would parse it. */
	if (r->fail != HTTP_OK) {
		resp_error(x, rc, r);
		sb_free(&x->body);
	}
	sb_add(&x->body, "", 0);
	r->body = x->body.buf;
	r->len = x->body.len;
}

/* ---- transfers ---- */

static void
xfer_link(struct http *h, struct http_xfer *x)
{
	x->next = h->xfers;
	if (h->xfers)
		h->xfers->prev = x;
	h->xfers = x;
	h->in_flight++;
}

static void
xfer_unlink(struct http *h, struct http_xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		h->xfers = x->next;
	if (x->next)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	h->in_flight--;
}

static void
headers_clear(struct http_xfer *x)
{
	size_t i;

	for (i = 0; i < x->nheaders; i++) {
		free(x->headers[i].name);
		free(x->headers[i].value);
	}
	x->nheaders = 0;
}

static void
xfer_free(struct http_xfer *x)
{
	curl.easy_cleanup(x->easy);
	/* the copies of the token: the Authorization line and our own */
	for (struct curl_slist *l = x->hdrs; l; l = l->next)
		if (l->data && !strncasecmp(l->data, "Authorization:", 14))
			str_wipe(l->data);
	curl.slist_free_all(x->hdrs);
	headers_clear(x);
	free(x->headers);
	sb_free(&x->body);
	free(x->trace_path);
	str_wipe_free(&x->token);
	free(x);
}

static void
xfer_finish(struct http *h, struct http_xfer *x, CURLcode rc)
{
	struct http_resp r;
	char status[24];

	xfer_unlink(h, x);
	curl.multi_remove_handle(h->multi, x->easy);
	resp_fill(x, rc, &r);
	snprintf(status, sizeof(status), "%ld", r.status);
	http_trace_exchange(h, x, r.fail == HTTP_OK ? status : http_fail_name(r.fail),
	    r.ms, r.err);
	if (x->done)
		x->done(&r, x->ud);
	xfer_free(x);
}

/* Cancel and close: the caller does not want to hear about it again. */
static void
xfer_drop(struct http *h, struct http_xfer *x)
{
	xfer_unlink(h, x);
	curl.multi_remove_handle(h->multi, x->easy);
	http_trace_exchange(h, x, "cancelled", (long)(mono_ms() - x->start), NULL);
	xfer_free(x);
}

static size_t
on_body(char *data, size_t size, size_t n, void *ud)
{
	struct http_xfer *x = ud;
	size_t len = size * n;

	x->received += len;
	if (len > x->h->max_body || x->body.len > x->h->max_body - len) {
		x->too_big = true;
		return 0;       /* curl aborts with CURLE_WRITE_ERROR */
	}
	sb_add(&x->body, data, len);
	return len;
}

static size_t
on_header(char *data, size_t size, size_t n, void *ud)
{
	struct http_xfer *x = ud;
	size_t len = size * n, vlen;
	const char *colon, *v;

	/* A new status line (after 1xx, or a retried request) starts over. */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		headers_clear(x);
		return len;
	}
	colon = memchr(data, ':', len);
	if (!colon || colon == data || isspace((unsigned char)data[0]) ||
	    x->nheaders >= HTTP_MAX_HEADERS)
		return len;
	v = colon + 1;
	vlen = len - (size_t)(v - data);
	for (; vlen && isspace((unsigned char)*v); vlen--)
		v++;
	while (vlen && isspace((unsigned char)v[vlen - 1]))
		vlen--;
	if (!x->headers)
		x->headers = xcalloc(HTTP_MAX_HEADERS, sizeof(*x->headers));
	x->headers[x->nheaders].name = xstrndup(data, (size_t)(colon - data));
	x->headers[x->nheaders].value = xstrndup(v, vlen);
	x->nheaders++;
	return len;
}

/* ---- building a request ---- */

static const char *
method_name(const char *m)
{
	static const char *const known[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
	size_t i;

	for (i = 0; m && i < ARRAY_SIZE(known); i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return NULL;
}

static bool
has_crlf(const char *s)
{
	return s && strpbrk(s, "\r\n");
}

/* Header values may come from servers (session ids); a CR or LF in one
 * would let that server write our next request's headers. */
static int
req_check(const struct http_req *req, struct lanes_err *e)
{
	const char *const *hp;

	if (!method_name(req->method))
		return err_set(e, "unsupported HTTP method %.10s", req->method ? req->method : "(none)");
	if (!http_url_allowed(req->url, e))
		return -1;
	if (req->body && strcmp(req->method, "GET") == 0)
		return err_set(e, "a GET request cannot carry a body");
	if (has_crlf(req->token) || has_crlf(req->content_type))
		return err_set(e, "line break in a request header");
	for (hp = req->headers; hp && *hp; hp++)
		if (has_crlf(*hp) || !strchr(*hp, ':'))
			return err_set(e, "malformed request header");
	return 0;
}

static bool
headers_have(const char *const *hp, const char *name)
{
	size_t n = strlen(name);

	for (; hp && *hp; hp++)
		if (strncasecmp(*hp, name, n) == 0 && (*hp)[n] == ':')
			return true;
	return false;
}

static struct curl_slist *
slist_add(struct curl_slist *l, const char *line)
{
	struct curl_slist *n = curl.slist_append(l, line);

	if (!n)
		die("out of memory (curl header list)");
	return n;
}

static struct curl_slist *
slist_add2(struct curl_slist *l, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);

	l = slist_add(l, line);
	str_wipe_free(&line);   /* it may be the token's */
	return l;
}

static void
xfer_set_headers(struct http_xfer *x, const struct http_req *req, bool sends_body)
{
	struct curl_slist *l = NULL;
	const char *const *hp;
	char *auth;

	if (req->token) {
		auth = xasprintf("Bearer %s", req->token);
		l = slist_add2(l, "Authorization", auth);
		str_wipe_free(&auth);
	}
	if (!headers_have(req->headers, "Content-Type")) {
		if (req->body)
			l = slist_add2(l, "Content-Type",
			    req->content_type ? req->content_type : "application/json");
		else if (sends_body)    /* drop curl's form-urlencoded default */
			l = slist_add(l, "Content-Type:");
	}
	/* Waiting for 100-continue costs a second against servers that never send it. */
	if (sends_body)
		l = slist_add(l, "Expect:");
	for (hp = req->headers; hp && *hp; hp++)
		l = slist_add(l, *hp);
	x->hdrs = l;
	curl.easy_setopt(x->easy, CURLOPT_HTTPHEADER, l);
}

static void
xfer_set_method(struct http_xfer *x, const struct http_req *req)
{
	CURL *c = x->easy;
	bool sends_body = req->body || strcmp(x->method, "POST") == 0 ||
	    strcmp(x->method, "PUT") == 0 || strcmp(x->method, "PATCH") == 0;

	if (strcmp(x->method, "GET") == 0) {
		curl.easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (!sends_body) {
		curl.easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
	} else {
		/* POSTFIELDS with an empty body still sends Content-Length: 0,
		 * which servers want on a body-less PUT or POST. */
		curl.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(req->body ? req->body_len : 0));
		curl.easy_setopt(c, CURLOPT_COPYPOSTFIELDS, req->body ? req->body : "");
		if (strcmp(x->method, "POST") != 0)
			curl.easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
	}
	xfer_set_headers(x, req, sends_body);
}

static void
xfer_set_transport(struct http_xfer *x, const struct http_req *req)
{
	CURL *c = x->easy;

	curl.easy_setopt(c, CURLOPT_URL, req->url);
	curl.easy_setopt(c, CURLOPT_PRIVATE, x);
	curl.easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	/* A proxy named in the environment (http_proxy, all_proxy...) would
	 * read a loopback request, and in plain http its token: "" turns the
	 * proxy off for this transfer, whatever the environment says. */
	if (http_url_is_loopback(req->url))
		curl.easy_setopt(c, CURLOPT_PROXY, "");
	/* A redirect could carry the token to another host; we follow none. */
	curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl.easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl.easy_setopt(c, CURLOPT_USERAGENT, "lanes/" PACKAGE_VERSION);
	curl.easy_setopt(c, CURLOPT_TIMEOUT_MS,
	    req->timeout_ms > 0 ? req->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS);
	if (req->fresh_connection)
		curl.easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms > 0 ?
	    req->connect_timeout_ms : HTTP_DEFAULT_CONNECT_TIMEOUT_MS);
	curl.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->h->max_body);
	curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl.easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl.easy_setopt(c, CURLOPT_HEADERDATA, x);
}

static int multi_start(struct http *h, struct lanes_err *e);

int
http_submit(struct http *h, const struct http_req *req, http_done_fn done, void *ud,
    struct lanes_err *e)
{
	struct http_xfer *x;

	if (h->closing)
		return err_set(e, "http layer is closing");
	if (req_check(req, e) < 0 || multi_start(h, e) < 0)
		return -1;
	x = xcalloc(1, sizeof(*x));
	x->h = h;
	x->easy = curl.easy_init();
	if (!x->easy)
		die("libcurl could not create a handle");
	x->method = method_name(req->method);
	x->trace_path = http_trace_path(req->url);
	x->token = req->token && *req->token ? xstrdup(req->token) : NULL;
	x->done = done;
	x->ud = ud;
	x->start = mono_ms();
	xfer_set_transport(x, req);
	xfer_set_method(x, req);
	if (curl.multi_add_handle(h->multi, x->easy) != CURLM_OK) {
		xfer_free(x);
		return err_set(e, "libcurl refused the request");
	}
	x->id = h->next_id;
	h->next_id = h->next_id == HTTP_MAX_ID ? 1 : h->next_id + 1;
	xfer_link(h, x);
	return x->id;
}

void
http_cancel(struct http *h, int id)
{
	struct http_xfer *x;

	for (x = h->xfers; x; x = x->next)
		if (x->id == id) {
			xfer_drop(h, x);
			return;
		}
}

int
http_in_flight(const struct http *h)
{
	return h->in_flight;
}

void
http_set_max_body(struct http *h, size_t max)
{
	h->max_body = max;
}

/* ---- curl <-> libuv ---- */

static void
on_sock_closed(uv_handle_t *handle)
{
	free(handle->data);
}

static void
sock_close(struct http *h, struct http_sock *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		h->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	uv_poll_stop(&s->poll);
	uv_close((uv_handle_t *)&s->poll, on_sock_closed);
}

static struct http_sock *
sock_open(struct http *h, curl_socket_t fd)
{
	struct http_sock *s = xcalloc(1, sizeof(*s));

	if (uv_poll_init_socket(h->loop, &s->poll, fd) < 0) {
		free(s);
		return NULL;
	}
	s->poll.data = s;
	s->fd = fd;
	s->h = h;
	s->next = h->socks;
	if (h->socks)
		h->socks->prev = s;
	h->socks = s;
	curl.multi_assign(h->multi, fd, s);
	return s;
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	struct http_sock *s = p->data;
	struct http *h = s->h;
	int flags = 0, running;

	if (status < 0)
		flags = CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl.multi_socket_action(h->multi, s->fd, flags, &running);
	check_done(h);
}

static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct http *h = userp;
	struct http_sock *s = sockp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_close(h, s);
		return 0;
	}
	/* Failing here would mark the whole multi handle dead (every transfer
	 * stuck); returning 0 instead leaves this one to its own timeout. */
	if (h->closing || (!s && !(s = sock_open(h, fd))))
		return 0;
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	uv_poll_start(&s->poll, events, on_poll);
	return 0;
}

static void
on_timer(uv_timer_t *t)
{
	struct http *h = t->data;
	int running;

	curl.multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(h);
}

static int
on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct http *h = userp;

	(void)multi;
	if (timeout_ms < 0 || h->closing)
		uv_timer_stop(&h->timer);
	else
		uv_timer_start(&h->timer, on_timer, (uint64_t)timeout_ms, 0);
	return 0;
}

/* A done callback may submit, cancel or close; closing ends the walk. */
static void
check_done(struct http *h)
{
	CURLMsg *msg;
	int left;

	while (!h->closing && (msg = curl.multi_info_read(h->multi, &left))) {
		CURLcode rc = msg->data.result;
		void *x = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &x);
		xfer_finish(h, x, rc);
	}
}

/* ---- life cycle ---- */

struct http *
http_new(uv_loop_t *loop)
{
	struct http *h = xcalloc(1, sizeof(*h));

	h->loop = loop;
	h->next_id = 1;
	h->max_body = HTTP_DEFAULT_MAX_BODY;
	uv_timer_init(loop, &h->timer);
	h->timer.data = h;
	return h;
}

/* libcurl is loaded by the first request, not by http_new: a lanes that
 * syncs an account but shows a local board never maps it. */
static int
multi_start(struct http *h, struct lanes_err *e)
{
	if (h->multi)
		return 0;
	if (!http_load_curl(NULL, e))
		return -1;
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(e, "libcurl failed to initialise");
	h->multi = curl.multi_init();
	if (!h->multi)
		die("libcurl could not create a multi handle");
	curl.multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl.multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl.multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl.multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	h->curl_started = true;
	return 0;
}

/* The last handle to close; h stays valid until the loop gets here, which
 * is what makes http_close safe inside a done callback. */
static void
on_timer_closed(uv_handle_t *handle)
{
	struct http *h = handle->data;
	size_t i;

	for (i = 0; i < h->nsecrets; i++)
		str_wipe_free(&h->secrets[i]);
	free(h->secrets);
	if (h->curl_started)
		curl.global_cleanup();
	free(h);
}

void
http_close(struct http **hp)
{
	struct http *h = *hp;

	if (!h)
		return;
	*hp = NULL;
	h->closing = true;
	while (h->xfers)
		xfer_drop(h, h->xfers);
	/* Cleanup closes cached connections, telling us to drop their sockets. */
	if (h->multi)
		curl.multi_cleanup(h->multi);
	h->multi = NULL;
	while (h->socks)
		sock_close(h, h->socks);
	if (h->trace)
		fclose(h->trace);
	h->trace = NULL;
	uv_timer_stop(&h->timer);
	uv_close((uv_handle_t *)&h->timer, on_timer_closed);
}
