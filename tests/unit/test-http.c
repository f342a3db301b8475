/* The http layer against a loopback server (tests/unit/http-echo.py). */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "lanes/http.h"
#include "lanes/util.h"
#include "t.h"

static uv_loop_t loop;
static uv_timer_t tick;         /* keeps UV_RUN_ONCE from blocking forever */
static struct http *h;
static pid_t server_pid;
static int server_stdin = -1;
static char base[64];

struct result {
	int calls;
	long status;
	enum http_fail fail;
	char *body;
	size_t len;
	long long retry_after_ms;
	long ms;
	char err[256];
	char *clen;             /* the Content-Length response header, looked up in lower case */
};

static void
result_free(struct result *r)
{
	x_free(&r->body);
	x_free(&r->clen);
}

static void
on_done(const struct http_resp *r, void *ud)
{
	struct result *res = ud;
	const char *cl = http_resp_header(r, "content-length");

	res->calls++;
	res->status = r->status;
	res->fail = r->fail;
	res->body = xstrndup(r->body, r->len);
	res->len = r->len;
	res->retry_after_ms = r->retry_after_ms;
	res->ms = r->ms;
	memcpy(res->err, r->err, sizeof(res->err));
	res->clen = cl ? xstrdup(cl) : NULL;
}

static void
on_tick(uv_timer_t *t)
{
	(void)t;
}

/* Runs the loop until *count reaches want or max_ms passes. */
static void
run_until(const int *count, int want, long max_ms)
{
	long long end = mono_ms() + max_ms;

	while ((!count || *count < want) && mono_ms() < end)
		uv_run(&loop, UV_RUN_ONCE);
}

static char *
url(const char *path)
{
	return xasprintf("%s%s", base, path);
}

static int
submit(struct http *hh, const char *method, const char *path, const char *body,
    const char *token, long timeout_ms, struct result *res)
{
	char *u = url(path);
	struct http_req req = {
		.method = method, .url = u, .body = body, .body_len = body ? strlen(body) : 0,
		.token = token, .timeout_ms = timeout_ms,
	};
	struct lanes_err e = {{0}};
	int id = http_submit(hh, &req, on_done, res, &e);

	if (id <= 0)
		printf("# submit %s %s: %s\n", method, path, e.msg);
	free(u);
	return id;
}

static void
fetch(const char *method, const char *path, const char *body, const char *token,
    long timeout_ms, struct result *res)
{
	memset(res, 0, sizeof(*res));
	if (submit(h, method, path, body, token, timeout_ms, res) > 0)
		run_until(&res->calls, 1, 10000);
}

static bool
has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle);
}

static void
test_methods(void)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(methods); i++) {
		struct result r;
		char *body = i ? xasprintf("{\"m\":\"%s\"}", methods[i]) : NULL;
		char *want_m = xasprintf("method=%s\n", methods[i]);

		fetch(methods[i], "/echo", body, NULL, 0, &r);
		CHECK_INT(r.calls, 1);
		CHECK_INT(r.fail, HTTP_OK);
		CHECK_INT(r.status, 200);
		CHECK(has(r.body, want_m));
		CHECK(has(r.body, "ua=lanes/" PACKAGE_VERSION "\n"));
		if (body) {
			char *want_b = xasprintf("body=%s\n", body);

			CHECK(has(r.body, want_b));
			CHECK(has(r.body, "ctype=application/json\n"));
			free(want_b);
		}
		free(body);
		free(want_m);
		result_free(&r);
	}
}

static void
test_bodyless_post_and_extra_headers(void)
{
	static const char *const extra[] = { "X-Extra: yes", NULL };
	char *u = url("/echo");
	struct http_req req = { .method = "POST", .url = u, .headers = extra };
	struct result r = {0};

	CHECK(http_submit(h, &req, on_done, &r, NULL) > 0);
	run_until(&r.calls, 1, 10000);
	CHECK_INT(r.status, 200);
	CHECK(has(r.body, "clen=0\n"));
	CHECK(has(r.body, "ctype=\n"));
	CHECK(has(r.body, "x-extra=yes\n"));
	result_free(&r);
	free(u);
}

static void
test_authorization(void)
{
	struct result r;

	fetch("GET", "/echo", NULL, "tok-123", 0, &r);
	CHECK(has(r.body, "auth=Bearer tok-123\n"));
	result_free(&r);
	fetch("GET", "/echo", NULL, NULL, 0, &r);
	CHECK(has(r.body, "auth=\n"));
	result_free(&r);
}

static void
test_retry_after(void)
{
	struct result r;

	fetch("GET", "/retry/secs", NULL, NULL, 0, &r);
	CHECK_INT(r.status, 429);
	CHECK_INT(r.retry_after_ms, 7000);
	result_free(&r);
	fetch("GET", "/retry/date", NULL, NULL, 0, &r);
	CHECK_INT(r.status, 429);
	CHECK(r.retry_after_ms > 100000 && r.retry_after_ms <= 121000);
	result_free(&r);
	fetch("GET", "/echo", NULL, NULL, 0, &r);
	CHECK_INT(r.retry_after_ms, -1);
	result_free(&r);
}

static void
test_server_error_passes_through(void)
{
	struct result r;

	fetch("POST", "/status/500", "{}", NULL, 0, &r);
	CHECK_INT(r.fail, HTTP_OK);
	CHECK_INT(r.status, 500);
	CHECK_STR(r.body, "status 500");
	CHECK_INT(r.len, 10);
	CHECK_STR(r.clen, "10");
	CHECK_STR(r.err, "");
	result_free(&r);
}

static void
test_timeout(void)
{
	struct result r;

	fetch("GET", "/hang?ms=5000", NULL, NULL, 300, &r);
	CHECK_INT(r.calls, 1);
	CHECK_INT(r.fail, HTTP_FAIL_TIMEOUT);
	CHECK_INT(r.status, 0);
	CHECK(r.ms >= 250 && r.ms < 3000);
	CHECK(r.err[0] != '\0');
	printf("# timeout: %ld ms, %s\n", r.ms, r.err);
	result_free(&r);
}

static void
test_dropped_connection(void)
{
	struct result r;

	fetch("GET", "/drop", NULL, NULL, 5000, &r);
	CHECK_INT(r.calls, 1);
	CHECK_INT(r.fail, HTTP_FAIL_RESET);
	printf("# drop: %s\n", r.err);
	result_free(&r);
	fetch("GET", "/drop-mid", NULL, NULL, 5000, &r);
	CHECK_INT(r.calls, 1);
	CHECK_INT(r.fail, HTTP_FAIL_RESET);
	CHECK_INT(r.len, 0);
	CHECK_STR(r.body, "");
	printf("# drop-mid: %s\n", r.err);
	result_free(&r);
}

/* A socket listening on a free loopback port; nothing accepts on it, so a
 * client that connects waits until it gives up. */
static int
loopback_listener(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	listen(fd, 8);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* A port nobody listens on: listen on one, note it, close it. */
static int
free_port(void)
{
	int port;

	close(loopback_listener(&port));
	return port;
}

static void
test_connect_refused(void)
{
	char *u = xasprintf("http://127.0.0.1:%d/", free_port());
	struct http_req req = { .method = "GET", .url = u };
	struct result r = {0};

	CHECK(http_submit(h, &req, on_done, &r, NULL) > 0);
	run_until(&r.calls, 1, 10000);
	CHECK_INT(r.fail, HTTP_FAIL_CONNECT);
	CHECK_INT(r.status, 0);
	printf("# refused: %s\n", r.err);
	result_free(&r);
	free(u);
}

/* Our plain server behind an https:// URL: the handshake must fail as TLS. */
static void
test_tls_failure(void)
{
	char *u = xasprintf("https://%s/echo", base + strlen("http://"));
	struct http_req req = { .method = "GET", .url = u, .token = "tok-tls" };
	struct result r = {0};

	CHECK(http_submit(h, &req, on_done, &r, NULL) > 0);
	run_until(&r.calls, 1, 10000);
	CHECK_INT(r.fail, HTTP_FAIL_TLS);
	CHECK_INT(r.status, 0);
	printf("# tls: %s\n", r.err);
	result_free(&r);
	free(u);
}

/* Runs the loop until fd is readable (a connection to accept, or data
 * to read) or max_ms passes. */
static bool
run_until_readable(int fd, long max_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long end = mono_ms() + max_ms;

	while (poll(&p, 1, 0) == 0 && mono_ms() < end)
		uv_run(&loop, UV_RUN_ONCE);
	return (p.revents & POLLIN) != 0;
}

/* Plain http to this machine carries the token in clear: a proxy named in
 * the environment must never see it. The proxy here only listens, so a
 * request sent through it would time out instead of reaching the echo. */
static void
test_loopback_bypasses_proxy(void)
{
	static const char *const vars[] = { "http_proxy", "ALL_PROXY", "all_proxy" };
	int port, fd = loopback_listener(&port);
	char *proxy = xasprintf("http://127.0.0.1:%d", port);
	char *local = xasprintf("http://localhost:%s/echo", strrchr(base, ':') + 1);
	struct http_req req = { .method = "GET", .url = local, .token = "tok-proxy",
	    .timeout_ms = 3000 };
	struct result r;

	unsetenv("no_proxy");
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		setenv(vars[i], proxy, 1);
		fetch("GET", "/echo", NULL, "tok-proxy", 3000, &r);
		CHECK_INT(r.status, 200);
		CHECK(has(r.body, "auth=Bearer tok-proxy\n"));
		result_free(&r);
		memset(&r, 0, sizeof(r));
		CHECK(http_submit(h, &req, on_done, &r, NULL) > 0);
		run_until(&r.calls, 1, 10000);
		CHECK_INT(r.status, 200);
		result_free(&r);
		unsetenv(vars[i]);
	}
	CHECK(!run_until_readable(fd, 0));
	setenv("no_proxy", "*", 1);
	close(fd);
	free(local);
	free(proxy);
}

/* Any other host still goes through the proxy the environment names. */
static void
test_other_hosts_use_proxy(void)
{
	int port, fd = loopback_listener(&port), c = -1;
	char *proxy = xasprintf("http://127.0.0.1:%d", port);
	struct http_req req = { .method = "GET", .url = "https://lanes-test.invalid/x",
	    .timeout_ms = 5000 };
	struct result r = {0};
	char line[256] = "";
	ssize_t n;

	unsetenv("no_proxy");
	setenv("https_proxy", proxy, 1);
	CHECK(http_submit(h, &req, on_done, &r, NULL) > 0);
	if (run_until_readable(fd, 5000))
		c = accept(fd, NULL, NULL);
	if (c >= 0 && run_until_readable(c, 5000) &&
	    (n = read(c, line, sizeof(line) - 1)) > 0)
		line[n] = '\0';
	CHECK(str_has_prefix(line, "CONNECT lanes-test.invalid:443 "));
	if (c >= 0)
		close(c);
	run_until(&r.calls, 1, 10000);
	CHECK_INT(r.calls, 1);
	CHECK(r.fail != HTTP_OK);
	result_free(&r);
	unsetenv("https_proxy");
	setenv("no_proxy", "*", 1);
	close(fd);
	free(proxy);
}

static void
test_concurrent(void)
{
	enum { N = 50 };
	static struct result rs[N];
	int i, done = 0, ok = 0, right = 0;
	long long start = mono_ms(), ms;

	for (i = 0; i < N; i++) {
		char *path = xasprintf("/hang?ms=300&n=%d", i);

		CHECK(submit(h, "GET", path, NULL, NULL, 10000, &rs[i]) > 0);
		free(path);
	}
	CHECK_INT(http_in_flight(h), N);
	while (done < N && mono_ms() - start < 15000) {
		uv_run(&loop, UV_RUN_ONCE);
		for (done = 0, i = 0; i < N; i++)
			done += rs[i].calls;
	}
	ms = mono_ms() - start;
	for (i = 0; i < N; i++) {
		char *want = xasprintf("n=%d\n", i);

		ok += rs[i].calls == 1 && rs[i].status == 200;
		right += has(rs[i].body, want) != 0;
		free(want);
		result_free(&rs[i]);
	}
	CHECK_INT(ok, N);
	CHECK_INT(right, N);
	CHECK_INT(http_in_flight(h), 0);
	/* one after another would take 15 s */
	CHECK(ms < 5000);
	printf("# %d concurrent requests took %lld ms\n", N, ms);
}

static void
test_cancel(void)
{
	struct result hang = {0}, echo = {0};
	int id = submit(h, "GET", "/hang?ms=300", NULL, NULL, 0, &hang);

	CHECK(id > 0);
	run_until(NULL, 0, 50);
	http_cancel(h, id);
	http_cancel(h, id);             /* twice is harmless */
	http_cancel(h, 424242);         /* unknown too */
	CHECK(submit(h, "GET", "/echo", NULL, NULL, 0, &echo) > 0);
	run_until(&echo.calls, 1, 10000);
	run_until(NULL, 0, 600);
	CHECK_INT(hang.calls, 0);
	CHECK_INT(echo.calls, 1);
	CHECK_INT(http_in_flight(h), 0);
	result_free(&echo);
}

static void
test_body_cap(void)
{
	struct result r;

	http_set_max_body(h, 1000);
	fetch("GET", "/big?n=500", NULL, NULL, 0, &r);
	CHECK_INT(r.fail, HTTP_OK);
	CHECK_INT(r.len, 500);
	result_free(&r);
	/* announced by Content-Length */
	fetch("GET", "/big?n=2000", NULL, NULL, 0, &r);
	CHECK_INT(r.fail, HTTP_FAIL_OTHER);
	CHECK(has(r.err, "larger than 1000"));
	CHECK_INT(r.len, 0);
	result_free(&r);
	/* only found out while inflating */
	http_set_max_body(h, 100);
	fetch("GET", "/gzip", NULL, NULL, 0, &r);
	CHECK_INT(r.fail, HTTP_FAIL_OTHER);
	CHECK(has(r.err, "larger than 100"));
	result_free(&r);
	http_set_max_body(h, HTTP_DEFAULT_MAX_BODY);
}

static void
test_gzip(void)
{
	struct result r;

	fetch("GET", "/gzip", NULL, NULL, 0, &r);
	CHECK_INT(r.status, 200);
	CHECK_INT(r.len, 900);
	CHECK(has(r.body, "squeezed squeezed"));
	result_free(&r);
}

static void
test_submit_refused(void)
{
	static const char *const bad_hdr[] = { "X-Evil: a\r\nHost: b", NULL };
	struct http_req req = { .method = "GET", .url = "http://example.com/" };
	struct lanes_err e = {{0}};
	struct result r = {0};

	CHECK_INT(http_submit(h, &req, on_done, &r, &e), -1);
	CHECK(has(e.msg, "https"));
	req.url = base;
	req.method = "HEAD";
	CHECK_INT(http_submit(h, &req, on_done, &r, &e), -1);
	req.method = "GET";
	req.headers = bad_hdr;
	CHECK_INT(http_submit(h, &req, on_done, &r, &e), -1);
	req.headers = NULL;
	req.token = "a\nb";
	CHECK_INT(http_submit(h, &req, on_done, &r, &e), -1);
	req.token = NULL;
	req.body = "x";
	req.body_len = 1;
	CHECK_INT(http_submit(h, &req, on_done, &r, &e), -1);
	CHECK_INT(http_in_flight(h), 0);
	CHECK_INT(r.calls, 0);
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static char *
slurp(const char *path)
{
	struct strbuf sb = {0};
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return xstrdup("");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	return sb_steal(&sb);
}

static void
print_commented(const char *text)
{
	while (*text) {
		int n = (int)strcspn(text, "\n");

		printf("#   %.*s\n", n, text);
		text += n + (text[n] == '\n');
	}
}

static void
trace_exchanges(struct http *th)
{
	static struct result rs[5];
	int i, done = 0;
	long long end = mono_ms() + 10000;

	submit(th, "POST", "/echo?access_token=sekrit-42&opt_fields=name", "{}",
	    "tok-xyz-789", 0, &rs[0]);
	submit(th, "GET", "/echo?api_key=abc123&limit=5", NULL, "tok-xyz-789", 0, &rs[1]);
	submit(th, "GET", "/status/500/sekrit-42", NULL, "tok-xyz-789", 0, &rs[2]);
	submit(th, "GET", "/hang?ms=3000", NULL, "tok-xyz-789", 200, &rs[3]);
	while (done < 4 && mono_ms() < end) {
		uv_run(&loop, UV_RUN_ONCE);
		for (done = 0, i = 0; i < 4; i++)
			done += rs[i].calls;
	}
	CHECK_INT(done, 4);
	/* left in flight: the close logs it as cancelled */
	submit(th, "GET", "/hang?ms=3000", NULL, "tok-xyz-789", 0, &rs[4]);
	run_until(NULL, 0, 50);
	for (i = 0; i < 5; i++)
		result_free(&rs[i]);
}

static void
test_trace(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/lanes-test-http-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *path, *text;
	struct http *th = http_new(&loop);
	struct lanes_err e = {{0}};
	struct stat st;

	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/trace", dir);
	CHECK_INT(http_set_trace(th, path, &e), 0);
	http_add_secret(th, "sekrit-42");
	trace_exchanges(th);
	http_close(&th);
	CHECK(th == NULL);
	run_until(NULL, 0, 50);
	text = slurp(path);
	print_commented(text);
	CHECK_INT(count_lines(text), 5);
	CHECK(!has(text, "tok-xyz-789"));
	CHECK(!has(text, "sekrit-42"));
	CHECK(!has(text, "abc123"));
	CHECK(!has(text, "127.0.0.1"));
	CHECK(has(text, " POST /echo?access_token=[redacted]&opt_fields=name 200 "));
	CHECK(has(text, " GET /echo?api_key=[redacted]&limit=5 200 "));
	CHECK(has(text, " GET /status/500/[redacted] 500 10B "));
	CHECK(has(text, " timeout 0B "));
	CHECK(has(text, " cancelled "));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	unlink(path);
	rmdir(dir);
	free(text);
	free(path);
	free(dir);
}

static void
on_done_close(const struct http_resp *r, void *ud)
{
	struct http **hp = ud;

	(void)r;
	http_close(hp);
}

static void
on_done_count(const struct http_resp *r, void *ud)
{
	(void)r;
	(*(int *)ud)++;
}

/* A private loop, so that uv_loop_close proves every handle was closed. */
static void
test_close_in_flight(void)
{
	uv_loop_t l;
	struct http *ch;
	char *u = url("/hang?ms=2000");
	struct http_req req = { .method = "GET", .url = u };
	int i, calls = 0;

	uv_loop_init(&l);
	ch = http_new(&l);
	for (i = 0; i < 5; i++)
		CHECK(http_submit(ch, &req, on_done_count, &calls, NULL) > 0);
	for (i = 0; i < 20; i++)
		uv_run(&l, UV_RUN_NOWAIT);
	http_close(&ch);
	uv_run(&l, UV_RUN_DEFAULT);
	CHECK_INT(uv_loop_close(&l), 0);
	CHECK_INT(calls, 0);
	free(u);
}

static void
test_close_from_callback(void)
{
	uv_loop_t l;
	struct http *ch;
	char *fast = url("/echo"), *slow = url("/hang?ms=1000");
	struct http_req req = { .method = "GET", .url = fast };
	int calls = 0;

	uv_loop_init(&l);
	ch = http_new(&l);
	CHECK(http_submit(ch, &req, on_done_close, &ch, NULL) > 0);
	req.url = slow;
	CHECK(http_submit(ch, &req, on_done_count, &calls, NULL) > 0);
	uv_run(&l, UV_RUN_DEFAULT);
	CHECK(ch == NULL);
	CHECK_INT(calls, 0);
	CHECK_INT(uv_loop_close(&l), 0);
	free(fast);
	free(slow);
}

static void
test_url_allowed(void)
{
	static const char *const good[] = {
		"https://app.asana.com/api/1.0/tasks?limit=5",
		"HTTPS://example.org",
		"http://localhost:8080/x",
		"http://LOCALHOST/",
		"http://127.0.0.1/",
		"http://127.5.6.7:1/a?b=c",
		"http://[::1]:9/",
	};
	static const char *const bad[] = {
		"", "https://", "http://example.com/", "http://10.0.0.1/",
		"http://localhost@evil.example/", "http://127.0.0.1.evil.example/",
		"http://user:pw@localhost/", "https://user@example.org/",
		"http://[::2]/", "http://[::ffff:127.0.0.1]/", "ftp://localhost/",
		"file:///etc/passwd", "localhost:80", "https://exa mple.org/",
		"https://example.org/\n", "gopher://127.0.0.1/",
	};
	struct lanes_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		if (!http_url_allowed(good[i], &e)) {
			printf("# refused %s: %s\n", good[i], e.msg);
			CHECK(!"good URL refused");
		}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		e.msg[0] = '\0';
		if (http_url_allowed(bad[i], &e)) {
			printf("# allowed %s\n", bad[i]);
			CHECK(!"bad URL allowed");
		}
		CHECK(e.msg[0] != '\0');
	}
	CHECK(!http_url_allowed(NULL, NULL));
	CHECK(!http_url_allowed("http://example.com/?token=abc", &e));
	CHECK(!has(e.msg, "abc"));
}

static bool
have_python3(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	copy = xstrdup(path && *path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/python3", *dir ? dir : ".");

		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* The server reads stdin until EOF, so it dies with us however we exit. */
static int
start_server(void)
{
	const char *srcdir = getenv("srcdir");
	char *script = xasprintf("%s/tests/unit/http-echo.py", srcdir && *srcdir ? srcdir : ".");
	int in[2], out[2], port = 0;
	char line[32];
	FILE *f;

	if (access(script, R_OK) != 0 || pipe(in) < 0 || pipe(out) < 0)
		return free(script), -1;
	server_pid = fork();
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		execlp("python3", "python3", script, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	server_stdin = in[1];
	f = fdopen(out[0], "r");
	if (f && fgets(line, sizeof(line), f))
		port = atoi(line);
	if (f)
		fclose(f);
	free(script);
	return port > 0 ? port : -1;
}

static void
stop_server(void)
{
	close(server_stdin);
	if (server_pid > 0)
		waitpid(server_pid, NULL, 0);
}

static void
quiet_proxies(void)
{
	static const char *const vars[] = {
		"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++)
		unsetenv(vars[i]);
	setenv("no_proxy", "*", 1);
}

/* libcurl is loaded on first use; a missing one is an error, not a crash,
 * and the right one still loads after it. */
static void
test_load_curl(void)
{
	struct lanes_err e = {{0}};

	CHECK(!http_load_curl("libcurl-lanes-test-missing.so.0", &e));
	CHECK(has(e.msg, "cannot load libcurl"));
	CHECK(has(e.msg, "libcurl-lanes-test-missing.so.0"));
	e.msg[0] = '\0';
	CHECK(http_load_curl(NULL, &e));
	CHECK_STR(e.msg, "");
	CHECK(http_load_curl("libcurl-lanes-test-missing.so.0", &e));
}

int
main(void)
{
	int port, rc;

	if (!have_python3()) {
		printf("1..0 # SKIP python3 not found\n");
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	quiet_proxies();
	port = start_server();
	if (port < 0) {
		printf("Bail out! cannot start tests/unit/http-echo.py (is srcdir set?)\n");
		return 99;
	}
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
	uv_loop_init(&loop);
	uv_timer_init(&loop, &tick);
	uv_timer_start(&tick, on_tick, 10, 10);
	RUN(test_load_curl);
	h = http_new(&loop);

	RUN(test_url_allowed);
	RUN(test_submit_refused);
	RUN(test_methods);
	RUN(test_bodyless_post_and_extra_headers);
	RUN(test_authorization);
	RUN(test_retry_after);
	RUN(test_server_error_passes_through);
	RUN(test_timeout);
	RUN(test_dropped_connection);
	RUN(test_connect_refused);
	RUN(test_tls_failure);
	RUN(test_loopback_bypasses_proxy);
	RUN(test_other_hosts_use_proxy);
	RUN(test_concurrent);
	RUN(test_cancel);
	RUN(test_body_cap);
	RUN(test_gzip);
	RUN(test_trace);
	RUN(test_close_in_flight);
	RUN(test_close_from_callback);

	http_close(&h);
	uv_close((uv_handle_t *)&tick, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	rc = uv_loop_close(&loop);
	if (rc != 0)
		printf("# main loop still has handles: %s\n", uv_strerror(rc));
	stop_server();
	return T_DONE() || rc != 0;
}
