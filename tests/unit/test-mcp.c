/* The MCP client: what it reads of an answer (JSON, a batch, an event
 * stream), how it checks a call against the server's tools, and a
 * session against the fake Vortask MCP server (tests/fakes/vortask.py):
 * the start, the session id, a session that expires, answers as events,
 * refusals, and the DELETE that ends it. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "lanes/json.h"
#include "lanes/mcp.h"
#include "lanes/util.h"
#include "t.h"

static uv_loop_t loop;
static uv_timer_t tick;
static struct http *h;
static pid_t fake_pid;
static char base[64];

/* ---- without a network ---- */

static char *
found(const char *body, bool sse, long id)
{
	cJSON *r = mcp_find_response(body, strlen(body), sse, id);
	char *s = r ? cJSON_PrintUnformatted(r) : xstrdup("none");

	cJSON_Delete(r);
	return s;
}

static void
test_find_response(void)
{
	char *s;

	CHECK_STR(s = found("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", false, 3),
	    "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}");
	free(s);
	CHECK_STR(s = found("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}", false, 3), "none");
	free(s);
	/* a batch; a request of the server's with the same id is not it */
	CHECK_STR(s = found("[{\"id\":3,\"method\":\"ping\"},{\"id\":2,\"result\":1},"
	    "{\"id\":3,\"result\":2}]", false, 3), "{\"id\":3,\"result\":2}");
	free(s);
	CHECK_STR(s = found("<html>", false, 1), "none");
	free(s);
	/* an event stream: comments, a notification first, data over two lines,
	 * CRLF line ends */
	CHECK_STR(s = found(": hello\r\n\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\","
	    "\"method\":\"notifications/message\"}\r\n\r\n: keep-alive\r\n"
	    "data: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":7,\"result\":{\"ok\":true}}\r\n\r\n",
	    true, 7), "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"ok\":true}}");
	free(s);
	/* an event of another type, and one no blank line completed */
	CHECK_STR(s = found("event: other\ndata: {\"id\":7,\"result\":1}\n\n"
	    "data: {\"id\":7,\"result\":2}\n", true, 7), "none");
	free(s);
}

static char *
misfit(const char *tools, const char *tool, const char *args)
{
	cJSON *t = cJSON_Parse(tools), *a = cJSON_Parse(args);
	char *why = mcp_misfit(t, tool, a);

	cJSON_Delete(t);
	cJSON_Delete(a);
	return why ? why : xstrdup("fits");
}

static void
test_misfit(void)
{
	const char *tools = "[{\"name\":\"add_comment\",\"inputSchema\":{\"type\":\"object\","
	    "\"properties\":{\"taskId\":{},\"content\":{}},\"required\":[\"taskId\",\"content\"]}},"
	    "{\"name\":\"loose\"}]";
	char *s;

	CHECK_STR(s = misfit(tools, "add_comment", "{\"taskId\":1,\"content\":\"x\"}"), "fits");
	free(s);
	CHECK_STR(s = misfit(tools, "add_note", "{}"), "the MCP server has no tool \"add_note\"");
	free(s);
	CHECK_STR(s = misfit(tools, "add_comment", "{\"taskId\":1,\"text\":\"x\"}"),
	    "the MCP server's tool \"add_comment\" takes no \"text\" (it takes taskId, content)");
	free(s);
	CHECK_STR(s = misfit(tools, "add_comment", "{\"taskId\":1}"),
	    "the MCP server's tool \"add_comment\" needs \"content\", which lanes does not send");
	free(s);
	/* a tool whose schema names nothing: nothing to check */
	CHECK_STR(s = misfit(tools, "loose", "{\"a\":1}"), "fits");
	free(s);
}

static long
result_of(const char *response, char **body)
{
	cJSON *r = cJSON_Parse(response);
	long status = mcp_result(r, body);

	cJSON_Delete(r);
	return status;
}

static void
test_result(void)
{
	char *body;

	CHECK_INT(result_of("{\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
	    "\"[1,2]\"}],\"isError\":false}}", &body), 200);
	CHECK_STR(body, "[1,2]");
	free(body);
	CHECK_INT(result_of("{\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
	    "\"a\"},{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"b\"}]}}", &body), 200);
	CHECK_STR(body, "a\nb");
	free(body);
	CHECK_INT(result_of("{\"id\":1,\"result\":{\"structuredContent\":{\"x\":1}}}", &body), 200);
	CHECK_STR(body, "{\"x\":1}");
	free(body);
	CHECK_INT(result_of("{\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
	    "\"Task 9 not found\"}],\"isError\":true}}", &body), 422);
	CHECK_STR(body, "Task 9 not found");
	free(body);
	CHECK_INT(result_of("{\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad args\"}}",
	    &body), 400);
	CHECK_STR(body, "JSON-RPC error -32602: bad args");
	free(body);
	CHECK_INT(result_of("{\"id\":1}", &body), 400);
	CHECK_STR(body, "JSON-RPC error 0: no message from the server");
	free(body);
}

/* ---- a session with the fake ---- */

struct got {
	int calls;
	long status;
	enum http_fail fail;
	char *body;
};

static void
on_done(const struct http_resp *r, void *ud)
{
	struct got *g = ud;

	g->calls++;
	g->status = r->status;
	g->fail = r->fail;
	free(g->body);
	g->body = xstrndup(r->body, r->len);
}

static void
on_tick(uv_timer_t *t)
{
	(void)t;
}

static void
run_until(const int *count, int want)
{
	long long end = mono_ms() + 10000;

	while (*count < want && mono_ms() < end)
		uv_run(&loop, UV_RUN_ONCE);
}

/* A request to the fake's control side; its body (the caller frees). */
static char *
fake(const char *method, const char *path, const char *body)
{
	char *url = xasprintf("%s%s", base, path);
	struct http_req req = { .method = method, .url = url, .body = body,
		.body_len = body ? strlen(body) : 0 };
	struct got g = { 0 };
	struct lanes_err e = { "" };

	if (http_submit(h, &req, on_done, &g, &e) > 0)
		run_until(&g.calls, 1);
	free(url);
	return g.body ? g.body : xstrdup("");
}

static void
control(const char *json)
{
	free(fake("POST", "/_control", json));
}

/* The log's MCP requests as "rpc/tool+session", space-separated. */
static char *
mcp_log(void)
{
	char *text = fake("GET", "/_log", NULL);
	cJSON *log = cJSON_Parse(text), *r;
	struct strbuf sb = { 0 };

	cJSON_ArrayForEach(r, log) {
		const char *path = jstr(r, "path");
		if (!path || strncmp(path, "/mcp", 4) != 0)
			continue;
		sb_printf(&sb, "%s%s%s%s%s%s", sb.len ? " " : "",
		    str_eq(jstr(r, "method"), "DELETE") ? "DELETE" :
		    jstr(r, "rpc") ? jstr(r, "rpc") : "?", jstr(r, "tool") ? "/" : "",
		    jstr(r, "tool") ? jstr(r, "tool") : "", jbool(r, "session") ? "+s" : "",
		    cJSON_IsNumber(jget(r, "status")) && jnum(r, "status") >= 400 ? "!" : "");
	}
	cJSON_Delete(log);
	free(text);
	control("{\"clear_log\": true}");
	return sb_steal(&sb);
}

static int
call(struct mcp *m, const char *tool, const char *args, struct got *g, struct lanes_err *e)
{
	struct mcp_call c = { .tool = tool, .args = args, .token = "vt_test" };

	return mcp_submit(m, &c, on_done, g, e);
}

static void
test_session(void)
{
	char *url = xasprintf("%s/mcp", base), *log;
	struct mcp *m = mcp_new(h, url);
	struct got a = { 0 }, b = { 0 }, c = { 0 };
	struct lanes_err e = { "" };
	int id;

	control("{\"clear_log\": true}");
	/* two calls before the session exists: one start, then both */
	CHECK((id = call(m, "list_comments", "{\"taskId\":1}", &a, &e)) >= MCP_ID_FIRST);
	CHECK(call(m, "get_task_history", "{\"taskId\":1}", &b, &e) > id);
	run_until(&b.calls, 1);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 200);
	CHECK(strstr(a.body, "First draft is up.") && strstr(a.body, "Looks good to me."));
	CHECK_INT(b.status, 200);
	CHECK(strstr(b.body, "\"Created\""));
	/* the two waiting calls go out together once the session is up: the
	 * fake may take them in either order */
	log = mcp_log();
	CHECK(str_eq(log, "initialize notifications/initialized+s tools/list+s "
	    "tools/call/list_comments+s tools/call/get_task_history+s") ||
	    str_eq(log, "initialize notifications/initialized+s tools/list+s "
	    "tools/call/get_task_history+s tools/call/list_comments+s"));
	free(log);

	/* a call that does not fit the listed tools is refused, unsent */
	CHECK_INT(call(m, "add_comment", "{\"taskId\":1,\"text\":\"x\"}", &c, &e), -1);
	CHECK(strstr(e.msg, "takes no \"text\""));
	CHECK_INT(call(m, "list_comments", "[1]", &c, &e), -1);

	/* the tool's refusal: 422 with its words */
	CHECK(call(m, "add_comment", "{\"taskId\":999,\"content\":\"x\"}", &c, &e) > 0);
	run_until(&c.calls, 1);
	CHECK_INT(c.status, 422);
	CHECK(*c.body);
	CHECK_STR(log = mcp_log(), "tools/call/add_comment+s");
	free(log);

	/* the session expires: a 404, a new session, the call once more */
	control("{\"expire_session\": true}");
	a.calls = 0;
	CHECK(call(m, "list_comments", "{\"taskId\":1}", &a, &e) > 0);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 200);
	CHECK_STR(log = mcp_log(), "tools/call/list_comments+s! initialize "
	    "notifications/initialized+s tools/list+s tools/call/list_comments+s");
	free(log);

	/* answers as event streams */
	control("{\"sse\": true}");
	a.calls = 0;
	CHECK(call(m, "add_comment", "{\"taskId\":2,\"content\":\"Over SSE\"}", &a, &e) > 0);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 200);
	CHECK(strstr(a.body, "Over SSE"));
	control("{\"sse\": false}");

	/* a transport failure reaches the caller as it came */
	control("{\"fail\": {\"status\": 503, \"count\": 1}}");
	a.calls = 0;
	CHECK(call(m, "list_comments", "{\"taskId\":1}", &a, &e) > 0);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 503);
	free(mcp_log());

	/* a cancelled call is never told */
	a.calls = 0;
	id = call(m, "list_comments", "{\"taskId\":1}", &a, &e);
	mcp_cancel(m, id);
	b.calls = 0;
	CHECK(call(m, "list_comments", "{\"taskId\":2}", &b, &e) > 0);
	run_until(&b.calls, 1);
	CHECK_INT(a.calls, 0);

	/* the end: a DELETE of the session */
	c.calls = 0;
	free(mcp_log());
	CHECK(mcp_close(&m, on_done, &c) > 0);
	CHECK(!m);
	run_until(&c.calls, 1);
	CHECK_INT(c.status / 100, 2);
	CHECK_STR(log = mcp_log(), "DELETE+s");
	free(log);
	free(a.body);
	free(b.body);
	free(c.body);
	free(url);
}

/* What goes wrong before the session is up reaches every waiting call. */
static void
test_start_fails(void)
{
	char *url = xasprintf("%s/mcp", base);
	struct mcp *m = mcp_new(h, url);
	struct got a = { 0 }, b = { 0 };
	struct lanes_err e = { "" };
	struct mcp_call bad = { .tool = "list_comments", .args = "{\"taskId\":1}",
		.token = "vt_wrong" };

	/* a token the server refuses: 401 to both */
	CHECK(mcp_submit(m, &bad, on_done, &a, &e) > 0);
	CHECK(mcp_submit(m, &bad, on_done, &b, &e) > 0);
	run_until(&b.calls, 1);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 401);
	CHECK_INT(b.status, 401);
	/* garbage for an answer to initialize: a failure to try again */
	control("{\"garbage\": 1}");
	a.calls = 0;
	CHECK(call(m, "list_comments", "{\"taskId\":1}", &a, &e) > 0);
	run_until(&a.calls, 1);
	CHECK_INT(a.fail, HTTP_FAIL_OTHER);
	/* a server that does not list the tool: the waiting call is told why */
	control("{\"tool_missing\": \"add_comment\"}");
	a.calls = 0;
	CHECK(call(m, "add_comment", "{\"taskId\":1,\"content\":\"x\"}", &a, &e) > 0);
	run_until(&a.calls, 1);
	CHECK_INT(a.status, 400);
	CHECK_STR(a.body, "the MCP server has no tool \"add_comment\"");
	control("{\"tool_missing\": null}");
	/* no session id given, none to end */
	mcp_close(&m, NULL, NULL);
	m = mcp_new(h, url);
	CHECK_INT(mcp_close(&m, NULL, NULL), 0);
	free(mcp_log());
	free(a.body);
	free(b.body);
	free(url);
}

static int
start_fake(void)
{
	const char *srcdir = getenv("srcdir");
	char *script = xasprintf("%s/tests/fakes/vortask.py", srcdir && *srcdir ? srcdir : ".");
	int out[2], port = 0;
	char line[32];
	FILE *f;

	if (access(script, R_OK) != 0 || pipe(out) < 0)
		return free(script), -1;
	fake_pid = fork();
	if (fake_pid == 0) {
		dup2(out[1], 1);
		close(out[0]), close(out[1]);
		execlp("python3", "python3", script, "--port", "0", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (f && fgets(line, sizeof(line), f) && strncmp(line, "PORT ", 5) == 0)
		port = atoi(line + 5);
	if (f)
		fclose(f);
	free(script);
	return port > 0 ? port : -1;
}

static void
stop_fake(void)
{
	if (fake_pid > 0) {
		kill(fake_pid, SIGTERM);
		waitpid(fake_pid, NULL, 0);
		fake_pid = 0;
	}
}

int
main(void)
{
	int port, rc;

	signal(SIGPIPE, SIG_IGN);
	RUN(test_find_response);
	RUN(test_misfit);
	RUN(test_result);
	if (system("command -v python3 > /dev/null 2>&1") != 0 || (port = start_fake()) < 0) {
		printf("# the fake Vortask server cannot run: its tests are skipped\n");
		return T_DONE();
	}
	atexit(stop_fake);
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	setenv("no_proxy", "*", 1);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
	uv_loop_init(&loop);
	uv_timer_init(&loop, &tick);
	uv_timer_start(&tick, on_tick, 10, 10);
	h = http_new(&loop);
	RUN(test_session);
	RUN(test_start_fails);
	http_close(&h);
	uv_close((uv_handle_t *)&tick, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	rc = T_DONE();
	stop_fake();
	return rc;
}
