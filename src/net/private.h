/* Shared by the net folder: libcurl.c loads libcurl, trace.c writes the
 * trace, url.c judges URLs, http.c runs the transfers on the loop. */
#ifndef LANES_NET_PRIVATE_H
#define LANES_NET_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <curl/curl.h>

#include "lanes/http.h"
#include "lanes/util.h"

/* The libcurl functions lanes calls, as curl.NAME once http_load_curl
 * has loaded them. */
#define CURL_FUNCS(X) \
	X(global_init) X(global_cleanup) X(getdate) X(free) \
	X(url) X(url_set) X(url_get) X(url_cleanup) \
	X(easy_init) X(easy_setopt) X(easy_getinfo) X(easy_cleanup) X(easy_strerror) \
	X(slist_append) X(slist_free_all) \
	X(multi_init) X(multi_setopt) X(multi_add_handle) X(multi_remove_handle) \
	X(multi_assign) X(multi_socket_action) X(multi_info_read) X(multi_cleanup)

struct http_curl {
#define X(f) __typeof__(curl_##f) *f;
	CURL_FUNCS(X)
#undef X
	bool loaded;
};
extern struct http_curl curl;

struct http_xfer {
	struct http_xfer *prev, *next;
	struct http *h;
	int id;
	CURL *easy;
	struct curl_slist *hdrs;
	const char *method;             /* one of the static method names */
	char *trace_path;               /* path?query, secret-looking values redacted */
	char *token;                    /* redacted from this exchange's trace line too */
	struct strbuf body;
	size_t received;
	bool too_big;
	struct http_header *headers;
	size_t nheaders;
	long long start;
	http_done_fn done;
	void *ud;
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t timer;
	struct http_xfer *xfers;
	struct http_sock *socks;
	int next_id;
	int in_flight;
	size_t max_body;
	FILE *trace;
	char **secrets;
	size_t nsecrets;
	bool closing;
	bool curl_started;  /* curl_global_init was called for it */
};

/* trace.c: what the trace shows of a URL, and one line per exchange */
char *http_trace_path(const char *url);
void http_trace_exchange(struct http *h, const struct http_xfer *x, const char *outcome,
    long ms, const char *err);

/* url.c */
bool http_url_is_loopback(const char *url);

#endif
