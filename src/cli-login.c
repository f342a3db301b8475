/* `lanes login NAME`: signs an account in with OAuth 2.0's authorization
 * code and PKCE (RFC 7636, S256) and a `state`. The authorization address
 * goes to standard output on a line of its own; lanes listens on a
 * loopback port it picks for the browser's redirect (RFC 8252) and, since
 * over SSH the browser runs on another machine, also takes the address
 * the browser ended at pasted on standard input. Whichever comes first is
 * read: a wrong state, an error from the service or a refused code exits 1
 * with the reason; the tokens are kept (sync_login_finish) and it exits 0. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "cli-private.h"
#include "lanes/cli.h"
#include "lanes/sync.h"
#include "lanes/text.h"

/* A redirect is one short GET; anything longer is not one. */
#define LOGIN_MAX_REQUEST 8192
#define LOGIN_MAX_LINE 8192

struct login_wait {
	uv_loop_t *loop;
	uv_tcp_t server;
	uv_poll_t input;
	bool input_on;
	struct strbuf line;             /* a pasted address, up to its newline */
	char *answer;                   /* the redirect's query, once it came */
	bool done;
};

struct login_conn {
	uv_tcp_t tcp;
	struct login_wait *w;
	struct strbuf req;
	uv_write_t wr;
	char *reply;
};

static void
conn_closed(uv_handle_t *h)
{
	struct login_conn *c = h->data;

	sb_free(&c->req);
	free(c->reply);
	free(c);
}

static void
on_written(uv_write_t *wr, int status)
{
	struct login_conn *c = wr->data;

	(void)status;
	uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void
reply(struct login_conn *c, const char *status, const char *text)
{
	uv_buf_t b;

	c->reply = xasprintf("HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status, strlen(text), text);
	b = uv_buf_init(c->reply, (unsigned)strlen(c->reply));
	c->wr.data = c;
	if (uv_write(&c->wr, (uv_stream_t *)&c->tcp, &b, 1, on_written) < 0)
		uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

/* The query of an address or of a request target: what follows '?', up
 * to a '#', a space or the end. NULL when there is none. */
static char *
query_of(const char *s)
{
	const char *q = strchr(s, '?');
	size_t n;

	if (!q)
		return NULL;
	q++;
	n = strcspn(q, "# \r\n");
	return xstrndup(q, n);
}

static void
alloc_cb(uv_handle_t *h, size_t want, uv_buf_t *b)
{
	(void)h;
	b->base = xmalloc(want);
	b->len = want;
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct login_conn *c = s->data;
	struct login_wait *w = c->w;
	char *end;

	if (n > 0)
		sb_add(&c->req, b->base, (size_t)n);
	free(b->base);
	if (n < 0 || c->req.len > LOGIN_MAX_REQUEST) {
		uv_read_stop(s);
		uv_close((uv_handle_t *)s, conn_closed);
		return;
	}
	if (!c->req.len || !(end = strstr(c->req.buf, "\r\n\r\n")))
		return;
	uv_read_stop(s);
	/* "GET /callback?code=...&state=... HTTP/1.1": the first redirect wins;
	 * a browser's second request (its icon) gets a plain answer */
	if (!w->answer && str_has_prefix(c->req.buf, "GET ") &&
	    (w->answer = query_of(strtok(c->req.buf + 4, " ")))) {
		w->done = true;
		reply(c, "200 OK", "lanes: the answer is back in the terminal; this page may be "
		    "closed.\n");
	} else {
		reply(c, "404 Not Found", "lanes: nothing here.\n");
	}
}

static void
on_connection(uv_stream_t *server, int status)
{
	struct login_wait *w = server->data;
	struct login_conn *c;

	if (status < 0)
		return;
	c = xcalloc(1, sizeof(*c));
	c->w = w;
	uv_tcp_init(w->loop, &c->tcp);
	c->tcp.data = c;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) == 0)
		uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, on_read);
	else
		uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

/* A line on standard input: the address the browser ended at. */
static void
on_input(uv_poll_t *p, int status, int events)
{
	struct login_wait *w = p->data;
	char buf[1024];
	ssize_t n;
	char *nl;

	(void)events;
	n = status < 0 ? -1 : read(STDIN_FILENO, buf, sizeof(buf));
	if (n <= 0) {           /* closed: only the browser can answer now */
		uv_poll_stop(p);
		return;
	}
	sb_add(&w->line, buf, (size_t)n);
	while (!w->answer && w->line.len && (nl = memchr(w->line.buf, '\n', w->line.len))) {
		*nl = '\0';
		w->answer = query_of(w->line.buf);
		if (!w->answer && *str_trim(w->line.buf))
			fprintf(stderr, "lanes: that is not the address the browser ended at (it "
			    "holds ?code=...&state=...); paste it again\n");
		memmove(w->line.buf, nl + 1, w->line.len - (size_t)(nl + 1 - w->line.buf));
		w->line.len -= (size_t)(nl + 1 - w->line.buf);
	}
	if (w->answer)
		w->done = true;
	else if (w->line.len > LOGIN_MAX_LINE)
		w->line.len = 0;
}

static char *
random_text(size_t bytes)
{
	unsigned char buf[64];

	if (bytes > sizeof(buf) || !random_bytes(buf, bytes))
		return NULL;
	return base64url(buf, bytes);
}

static void
wait_close(struct login_wait *w)
{
	if (w->input_on)
		uv_close((uv_handle_t *)&w->input, NULL);
	uv_close((uv_handle_t *)&w->server, NULL);
	uv_run(w->loop, UV_RUN_DEFAULT);
	sb_free(&w->line);
}

/* What the redirect said: the code, or why there is none (exit 1). */
static char *
code_of(const char *query, const char *state, struct lanes_err *e)
{
	char *error = url_query_value(query, "error"), *desc, *got, *code, *clean;

	if (error) {
		desc = url_query_value(query, "error_description");
		clean = text_sanitize(desc ? desc : error, strlen(desc ? desc : error));
		err_set(e, "the sign-in was refused: %s", clean);
		free(clean);
		free(desc);
		free(error);
		return NULL;
	}
	got = url_query_value(query, "state");
	if (!got || !str_eq(got, state)) {
		free(got);
		err_set(e, "the answer does not carry the state this sign-in sent: it is not "
		    "this sign-in's (try again)");
		return NULL;
	}
	free(got);
	if (!(code = url_query_value(query, "code")) || !*code || str_has_blank(code)) {
		free(code);
		err_set(e, "the answer carries no code");
		return NULL;
	}
	return code;
}

int
cli_login(struct store *st, const char *account)
{
	struct lanes_err e = { "" };
	struct login_wait w = { .loop = uv_default_loop() };
	struct sockaddr_in addr;
	struct sockaddr_storage bound;
	int len = sizeof(bound), rc = EXIT_ERR;
	char *verifier = random_text(48), *state = random_text(16), *challenge = NULL;
	char *redirect = NULL, *url = NULL, *code = NULL;
	unsigned char digest[32];

	if (!verifier || !state) {
		err_set(&e, "no random bytes from the system for the sign-in");
		goto out;
	}
	sha256(verifier, strlen(verifier), digest);
	challenge = base64url(digest, sizeof(digest));
	uv_tcp_init(w.loop, &w.server);
	w.server.data = &w;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	if (uv_tcp_bind(&w.server, (const struct sockaddr *)&addr, 0) < 0 ||
	    uv_listen((uv_stream_t *)&w.server, 8, on_connection) < 0 ||
	    uv_tcp_getsockname(&w.server, (struct sockaddr *)&bound, &len) < 0) {
		err_set(&e, "cannot listen on a loopback port for the browser's answer");
		wait_close(&w);
		goto out;
	}
	redirect = xasprintf("http://127.0.0.1:%d/callback",
	    ntohs(((struct sockaddr_in *)&bound)->sin_port));
	if (sync_login_url(account, redirect, state, challenge, &url, &e) < 0) {
		wait_close(&w);
		goto out;
	}
	fprintf(stderr, "To sign %s in, open this address in a browser:\n\n", account);
	printf("%s\n", url);
	fflush(stdout);
	fprintf(stderr, "\nlanes waits for the browser to come back to %s;\nif it runs on another "
	    "machine, paste here the address it ends at.\n", redirect);
	if (uv_poll_init(w.loop, &w.input, STDIN_FILENO) == 0) {
		w.input.data = &w;
		w.input_on = true;
		uv_poll_start(&w.input, UV_READABLE, on_input);
	}
	while (!w.done && uv_run(w.loop, UV_RUN_ONCE))
		;
	wait_close(&w);
	if (!w.answer) {
		err_set(&e, "no answer came back from the browser");
		goto out;
	}
	if (!(code = code_of(w.answer, state, &e)))
		goto out;
	if (sync_login_finish(st, w.loop, account, code, redirect, verifier, &e) < 0)
		goto out;
	fprintf(stderr, "lanes: %s is signed in\n", account);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		cli_fail(&e);
	str_wipe_free(&code);
	str_wipe_free(&verifier);
	free(state);
	free(challenge);
	free(redirect);
	free(url);
	free(w.answer);
	return rc;
}
