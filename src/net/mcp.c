/* The MCP client (see mcp.h): a session's start (initialize, initialized,
 * tools/list), calls waiting for it, each call checked against the tools
 * and posted as tools/call, and its answer, JSON or an event stream,
 * turned into the http_resp a caller reads. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/json.h"
#include "lanes/mcp.h"
#include "lanes/sse.h"
#include "lanes/util.h"

enum mcp_state { MCP_IDLE, MCP_STARTING, MCP_READY };
/* the steps of a start */
enum { STEP_INITIALIZE, STEP_INITIALIZED, STEP_TOOLS };

struct mcp_pending {
	struct mcp_pending *next;
	struct mcp *m;
	int id;
	int http_id;                    /* 0 while it waits for the session */
	char *tool, *args, *token;
	char **headers;                 /* NULL-terminated copies, or NULL */
	bool fresh;
	bool resent;                    /* sent again after its session was gone */
	bool failing;                   /* its session could not start: being told */
	int gen;                        /* the session it was sent in */
	long rpc_id;
	http_done_fn done;
	void *ud;
};

struct mcp {
	struct http *h;
	char *url;
	enum mcp_state state;
	int step, start_http;
	int gen;                        /* sessions started */
	long start_rpc;                 /* the id of the start's request */
	char *session;                  /* Mcp-Session-Id, NULL when the server keeps none */
	char *version;                  /* the protocol the server answered */
	char *cursor;                   /* of the next tools/list page */
	int tool_pages;
	cJSON *tools;                   /* every tool tools/list named */
	char *token;                    /* the last call's, for the start and the DELETE */
	struct mcp_pending *calls;      /* waiting and in flight */
	int next_id;
	long next_rpc;
};

static void start_step(struct mcp *m);
static int send_call(struct mcp_pending *p, struct lanes_err *e);

struct mcp *
mcp_new(struct http *h, const char *url)
{
	struct mcp *m = xcalloc(1, sizeof(*m));

	m->h = h;
	m->url = xstrdup(url);
	m->tools = cJSON_CreateArray();
	m->next_id = MCP_ID_FIRST;
	m->next_rpc = 1;
	return m;
}

const char *
mcp_url(const struct mcp *m)
{
	return m->url;
}

/* ---- the pure parts ---- */

struct find {
	long id;
	cJSON *found;
};

/* The response to f->id in one JSON-RPC message or batch. */
static void
find_in(struct find *f, cJSON *msg)
{
	cJSON *it;

	if (cJSON_IsArray(msg)) {
		cJSON_ArrayForEach(it, msg)
			if (!f->found && cJSON_IsObject(it) && cJSON_IsNumber(jget(it, "id")) &&
			    jnum(it, "id") == (double)f->id && !jget(it, "method"))
				f->found = cJSON_Duplicate(it, true);
		return;
	}
	if (!f->found && cJSON_IsObject(msg) && cJSON_IsNumber(jget(msg, "id")) &&
	    jnum(msg, "id") == (double)f->id && !jget(msg, "method"))
		f->found = cJSON_Duplicate(msg, true);
}

static int
on_event(void *ctx, const struct sse_event *ev)
{
	struct find *f = ctx;
	cJSON *msg;

	if (ev->type_len != 7 || memcmp(ev->type, "message", 7) != 0)
		return 0;
	msg = json_parse(ev->data, ev->data_len);
	find_in(f, msg);
	cJSON_Delete(msg);
	return f->found != NULL;        /* the one wanted: stop */
}

cJSON *
mcp_find_response(const char *body, size_t len, bool sse, long id)
{
	struct find f = { id, NULL };
	struct lanes_err e = { "" };
	struct sse_parser p;
	cJSON *msg;

	if (sse) {
		sse_init(&p, 0);
		if (sse_feed(&p, body, len, on_event, &f, &e) == 0)
			sse_finish(&p);
		sse_free(&p);
		return f.found;
	}
	msg = json_parse(body, len);
	find_in(&f, msg);
	cJSON_Delete(msg);
	return f.found;
}

static const cJSON *
tool_named(const cJSON *tools, const char *name)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, tools)
		if (str_eq(jstr(t, "name"), name))
			return t;
	return NULL;
}

/* "a, b, c": the names of an object's members. */
static char *
names_of(const cJSON *o)
{
	struct strbuf sb = { 0 };
	const cJSON *it;

	cJSON_ArrayForEach(it, o)
		if (it->string)
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", it->string);
	return sb_steal(&sb);
}

char *
mcp_misfit(const cJSON *tools, const char *tool, const cJSON *args)
{
	const cJSON *t = tool_named(tools, tool), *schema = jget(t, "inputSchema");
	const cJSON *props = jget(schema, "properties"), *it;
	char *took, *why;

	if (!t)
		return xasprintf("the MCP server has no tool \"%s\"", tool);
	if (!cJSON_IsObject(props))
		return NULL;            /* a schema that says nothing: nothing to check */
	cJSON_ArrayForEach(it, args) {
		if (it->string && !jget(props, it->string)) {
			took = names_of(props);
			why = xasprintf("the MCP server's tool \"%s\" takes no \"%s\" (it takes %s)",
			    tool, it->string, *took ? took : "nothing");
			free(took);
			return why;
		}
	}
	cJSON_ArrayForEach(it, jget(schema, "required")) {
		if (cJSON_IsString(it) && !jget(args, it->valuestring))
			return xasprintf("the MCP server's tool \"%s\" needs \"%s\", which lanes "
			    "does not send", tool, it->valuestring);
	}
	return NULL;
}

/* The text parts of a result's content, joined. */
static char *
content_text(const cJSON *result)
{
	struct strbuf sb = { 0 };
	const cJSON *c;

	cJSON_ArrayForEach(c, jget(result, "content"))
		if (str_eq(jstr(c, "type"), "text") && jstr(c, "text"))
			sb_printf(&sb, "%s%s", sb.len ? "\n" : "", jstr(c, "text"));
	if (!sb.len && jget(result, "structuredContent")) {
		char *s = cJSON_PrintUnformatted(jget(result, "structuredContent"));
		sb_puts(&sb, s);
		free(s);
	}
	return sb_steal(&sb);
}

long
mcp_result(const cJSON *response, char **body)
{
	const cJSON *err = jget(response, "error"), *result = jget(response, "result");

	if (err || !cJSON_IsObject(result)) {
		*body = xasprintf("JSON-RPC error %.0f: %s", jnum(err, "code"),
		    jstr(err, "message") ? jstr(err, "message") : "no message from the server");
		return 400;
	}
	*body = content_text(result);
	return jbool(result, "isError") ? 422 : 200;
}

/* ---- requests ---- */

static bool
is_sse(const struct http_resp *r)
{
	const char *ct = http_resp_header(r, "Content-Type");

	return ct && strncasecmp(ct, "text/event-stream", 17) == 0;
}

static bool
ok_status(const struct http_resp *r)
{
	return r->fail == HTTP_OK && r->status >= 200 && r->status < 300;
}

/* Posts one JSON-RPC message; its http id, or -1 with e set. */
static int
post(struct mcp *m, cJSON *msg, const char *token, char *const *more, bool fresh,
    http_done_fn done, void *ud, struct lanes_err *e)
{
	const char *headers[24];
	char *sid = m->session ? xasprintf("Mcp-Session-Id: %s", m->session) : NULL;
	char *ver = m->version ? xasprintf("MCP-Protocol-Version: %s", m->version) : NULL;
	char *body = cJSON_PrintUnformatted(msg);
	struct http_req hr = { 0 };
	int n = 0, id;

	headers[n++] = "Accept: application/json, text/event-stream";
	if (sid)
		headers[n++] = sid;
	/* asked for since 2025-06-18; older servers ignore it */
	if (ver && strcmp(m->version, "2025-06-18") >= 0)
		headers[n++] = ver;
	for (int i = 0; more && more[i] && n < (int)ARRAY_SIZE(headers) - 1; i++)
		headers[n++] = more[i];
	headers[n] = NULL;
	hr.method = "POST";
	hr.url = m->url;
	hr.body = body;
	hr.body_len = strlen(body);
	hr.content_type = "application/json";
	hr.token = token;
	hr.headers = headers;
	hr.fresh_connection = fresh;
	id = http_submit(m->h, &hr, done, ud, e);
	free(body);
	free(sid);
	free(ver);
	return id;
}

static cJSON *
rpc(long id, const char *method)
{
	cJSON *msg = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
	if (id)
		cJSON_AddNumberToObject(msg, "id", (double)id);
	cJSON_AddStringToObject(msg, "method", method);
	return msg;
}

static void
pending_free(struct mcp_pending *p)
{
	free(p->tool);
	free(p->args);
	str_wipe_free(&p->token);
	for (int i = 0; p->headers && p->headers[i]; i++)
		free(p->headers[i]);
	free(p->headers);
	free(p);
}

static void
pending_unlink(struct mcp_pending *p)
{
	struct mcp_pending **pp;

	for (pp = &p->m->calls; *pp && *pp != p; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = p->next;
}

/* Hands r to the call's caller and forgets the call. */
static void
deliver(struct mcp_pending *p, const struct http_resp *r)
{
	http_done_fn done = p->done;
	void *ud = p->ud;

	pending_unlink(p);
	pending_free(p);
	if (done)
		done(r, ud);
}

/* r, but with this status and body (what a caller reads of an answer). */
static void
deliver_as(struct mcp_pending *p, const struct http_resp *r, long status, char *body)
{
	struct http_resp out = *r;

	out.status = status;
	out.fail = HTTP_OK;
	out.body = body;
	out.len = strlen(body);
	out.retry_after_ms = -1;
	deliver(p, &out);
	free(body);
}

/* A call that could not be posted: told as a transport failure. */
static void
deliver_failed(struct mcp_pending *p, const char *why)
{
	struct http_resp r = { .fail = HTTP_FAIL_OTHER, .body = "", .retry_after_ms = -1 };

	snprintf(r.err, sizeof(r.err), "%s", why);
	deliver(p, &r);
}

/* The calls waiting for the session, marked; then each told in turn
 * (a caller's done may cancel others: the list is walked afresh). */
static void
mark_waiting(struct mcp *m)
{
	for (struct mcp_pending *p = m->calls; p; p = p->next)
		if (!p->http_id)
			p->failing = true;
}

static struct mcp_pending *
next_failing(struct mcp *m)
{
	struct mcp_pending *p;

	for (p = m->calls; p && !p->failing; p = p->next)
		;
	return p;
}

/* The session could not start: every waiting call gets what it got. */
static void
start_failed(struct mcp *m, const struct http_resp *r)
{
	struct mcp_pending *p;

	m->state = MCP_IDLE;
	m->start_http = 0;
	mark_waiting(m);
	while ((p = next_failing(m)))
		deliver(p, r);
}

/* An answer to the start that is no answer (r is a success): a fault of
 * the server's, told as a transport failure so it is tried again later. */
static void
start_garbled(struct mcp *m, const struct http_resp *r, const char *what)
{
	struct http_resp out = *r;

	out.fail = HTTP_FAIL_OTHER;
	out.status = 0;
	out.body = "";
	out.len = 0;
	snprintf(out.err, sizeof(out.err), "the MCP server's answer to %s is not JSON-RPC", what);
	start_failed(m, &out);
}

/* Keeps what is printable ASCII of a server's short string, or NULL. */
static char *
visible(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > max)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return NULL;
	return xstrdup(s);
}

static void
ready(struct mcp *m)
{
	struct mcp_pending *p;
	struct lanes_err e;

	m->state = MCP_READY;
	m->start_http = 0;
	for (;;) {
		for (p = m->calls; p && (p->http_id || p->failing); p = p->next)
			;
		if (!p)
			break;
		e.msg[0] = '\0';
		if (send_call(p, &e) < 0)
			deliver_failed(p, e.msg);
	}
}

static bool
read_initialize(struct mcp *m, const struct http_resp *r, cJSON *resp)
{
	const char *v = jstr(jget(resp, "result"), "protocolVersion");

	if (!cJSON_IsObject(jget(resp, "result")))
		return false;
	free(m->session);
	m->session = visible(http_resp_header(r, "Mcp-Session-Id"), 200);
	free(m->version);
	m->version = visible(v, 40);
	if (!m->version)
		m->version = xstrdup(MCP_PROTOCOL);
	return true;
}

static bool
read_tools(struct mcp *m, cJSON *resp)
{
	const cJSON *result = jget(resp, "result"), *t;

	if (!cJSON_IsArray(jget(result, "tools")))
		return false;
	cJSON_ArrayForEach(t, jget(result, "tools"))
		if (jstr(t, "name"))
			cJSON_AddItemToArray(m->tools, cJSON_Duplicate(t, true));
	free(m->cursor);
	m->cursor = visible(jstr(result, "nextCursor"), 1000);
	return true;
}

static void
on_start(const struct http_resp *r, void *ud)
{
	struct mcp *m = ud;
	cJSON *resp = NULL;
	const char *what = m->step == STEP_INITIALIZE ? "initialize" : "tools/list";
	char *body;
	long status;

	m->start_http = 0;
	if (!ok_status(r)) {
		start_failed(m, r);
		return;
	}
	if (m->step == STEP_INITIALIZED) {
		m->step = STEP_TOOLS;
		start_step(m);
		return;
	}
	if (!(resp = mcp_find_response(r->body, r->len, is_sse(r), m->start_rpc))) {
		start_garbled(m, r, what);
		return;
	}
	if (jget(resp, "error")) {
		/* the server's own refusal: the calls fail with its words */
		struct mcp_pending *p;
		status = mcp_result(resp, &body);
		m->state = MCP_IDLE;
		mark_waiting(m);
		while ((p = next_failing(m)))
			deliver_as(p, r, status, xstrdup(body));
		free(body);
	} else if (m->step == STEP_INITIALIZE ? !read_initialize(m, r, resp) :
	    !read_tools(m, resp)) {
		start_garbled(m, r, what);
	} else if (m->step == STEP_INITIALIZE) {
		m->step = STEP_INITIALIZED;
		start_step(m);
	} else if (m->cursor && ++m->tool_pages < MCP_MAX_TOOL_PAGES) {
		start_step(m);
	} else {
		ready(m);
	}
	cJSON_Delete(resp);
}

static void
start_step(struct mcp *m)
{
	struct lanes_err e = { "" };
	cJSON *msg, *params;

	if (m->step == STEP_INITIALIZE) {
		m->start_rpc = m->next_rpc++;
		msg = rpc(m->start_rpc, "initialize");
		params = cJSON_AddObjectToObject(msg, "params");
		cJSON_AddStringToObject(params, "protocolVersion", MCP_PROTOCOL);
		cJSON_AddObjectToObject(params, "capabilities");
		params = cJSON_AddObjectToObject(params, "clientInfo");
		cJSON_AddStringToObject(params, "name", "lanes");
		cJSON_AddStringToObject(params, "version", PACKAGE_VERSION);
	} else if (m->step == STEP_INITIALIZED) {
		msg = rpc(0, "notifications/initialized");
	} else {
		m->start_rpc = m->next_rpc++;
		msg = rpc(m->start_rpc, "tools/list");
		if (m->cursor)
			cJSON_AddStringToObject(cJSON_AddObjectToObject(msg, "params"), "cursor",
			    m->cursor);
	}
	m->start_http = post(m, msg, m->token, NULL, false, on_start, m, &e);
	cJSON_Delete(msg);
	if (m->start_http < 0) {
		struct http_resp r = { .fail = HTTP_FAIL_OTHER, .body = "", .retry_after_ms = -1 };
		snprintf(r.err, sizeof(r.err), "%s", e.msg);
		start_failed(m, &r);
	}
}

static void
start(struct mcp *m)
{
	m->state = MCP_STARTING;
	m->gen++;
	m->step = STEP_INITIALIZE;
	m->tool_pages = 0;
	x_free(&m->session);
	x_free(&m->version);
	x_free(&m->cursor);
	cJSON_Delete(m->tools);
	m->tools = cJSON_CreateArray();
	start_step(m);
}

static void
on_call(const struct http_resp *r, void *ud)
{
	struct mcp_pending *p = ud;
	struct mcp *m = p->m;
	cJSON *resp;
	char *body;
	long status;

	p->http_id = 0;
	if (r->fail == HTTP_OK && r->status == 404 && m->session && !p->resent) {
		/* the session is gone: this call once more, in a new one (which
		 * another call may have started already) */
		struct lanes_err e = { "" };
		p->resent = true;
		if (m->state == MCP_IDLE || (m->state == MCP_READY && p->gen == m->gen))
			start(m);
		else if (m->state == MCP_READY && send_call(p, &e) < 0)
			deliver_failed(p, e.msg);
		return;
	}
	if (!ok_status(r) || !(resp = mcp_find_response(r->body, r->len, is_sse(r), p->rpc_id))) {
		deliver(p, r);
		return;
	}
	status = mcp_result(resp, &body);
	cJSON_Delete(resp);
	deliver_as(p, r, status, body);
}

/* Posts p's call, 0; -1 with e set when it cannot go (p is untouched). A
 * call that does not fit the tools is told so, 0. */
static int
send_call(struct mcp_pending *p, struct lanes_err *e)
{
	struct mcp *m = p->m;
	cJSON *args = json_parse(p->args, strlen(p->args)), *msg, *params;
	char *why = mcp_misfit(m->tools, p->tool, args);
	struct http_resp r = { .fail = HTTP_OK, .body = "", .retry_after_ms = -1 };
	int id;

	if (why) {
		cJSON_Delete(args);
		deliver_as(p, &r, 400, why);
		return 0;
	}
	p->rpc_id = m->next_rpc++;
	p->gen = m->gen;
	msg = rpc(p->rpc_id, "tools/call");
	params = cJSON_AddObjectToObject(msg, "params");
	cJSON_AddStringToObject(params, "name", p->tool);
	cJSON_AddItemToObject(params, "arguments", args);
	id = post(m, msg, p->token, p->headers, p->fresh, on_call, p, e);
	cJSON_Delete(msg);
	if (id < 0)
		return -1;
	p->http_id = id;
	return 0;
}

int
mcp_submit(struct mcp *m, const struct mcp_call *c, http_done_fn done, void *ud,
    struct lanes_err *e)
{
	cJSON *args = c->args ? json_parse(c->args, strlen(c->args)) : NULL;
	struct mcp_pending *p, **tail;
	char *why;
	int n = 0;

	if (!c->tool || !*c->tool || !cJSON_IsObject(args)) {
		cJSON_Delete(args);
		return err_set(e, "an MCP call needs a tool and its arguments as a JSON object");
	}
	/* known not to fit: refused now, nothing sent */
	why = m->state == MCP_READY ? mcp_misfit(m->tools, c->tool, args) : NULL;
	cJSON_Delete(args);
	if (why) {
		err_set(e, "%s", why);
		free(why);
		return -1;
	}
	if (!http_url_allowed(m->url, e))
		return -1;
	p = xcalloc(1, sizeof(*p));
	p->m = m;
	p->tool = xstrdup(c->tool);
	p->args = xstrdup(c->args);
	p->token = c->token ? xstrdup(c->token) : NULL;
	while (c->headers && c->headers[n])
		n++;
	if (n) {
		p->headers = xcalloc((size_t)n + 1, sizeof(*p->headers));
		for (int i = 0; i < n; i++)
			p->headers[i] = xstrdup(c->headers[i]);
	}
	p->fresh = c->fresh_connection;
	p->done = done;
	p->ud = ud;
	if (c->token && (!m->token || strcmp(m->token, c->token) != 0)) {
		str_wipe_free(&m->token);
		m->token = xstrdup(c->token);
	}
	if (m->state == MCP_READY && send_call(p, e) < 0) {
		pending_free(p);
		return -1;
	}
	if (m->state == MCP_IDLE) {
		start(m);       /* before p joins: a start that fails at once tells no one */
		if (m->state == MCP_IDLE) {
			pending_free(p);
			return err_set(e, "the MCP session could not start");
		}
	}
	p->id = m->next_id;
	m->next_id = m->next_id == INT_MAX ? MCP_ID_FIRST : m->next_id + 1;
	for (tail = &m->calls; *tail; tail = &(*tail)->next)
		;
	*tail = p;
	return p->id;
}

void
mcp_cancel(struct mcp *m, int id)
{
	struct mcp_pending *p;

	for (p = m ? m->calls : NULL; p && p->id != id; p = p->next)
		;
	if (!p)
		return;
	if (p->http_id)
		http_cancel(m->h, p->http_id);
	pending_unlink(p);
	pending_free(p);
}

int
mcp_close(struct mcp **mp, http_done_fn done, void *ud)
{
	struct mcp *m = *mp;
	struct lanes_err e = { "" };
	const char *headers[2] = { NULL, NULL };
	struct http_req hr = { 0 };
	char *sid;
	int id = 0;

	if (!m)
		return 0;
	while (m->calls)
		mcp_cancel(m, m->calls->id);
	if (m->start_http > 0)
		http_cancel(m->h, m->start_http);
	if (m->session) {
		sid = xasprintf("Mcp-Session-Id: %s", m->session);
		headers[0] = sid;
		hr.method = "DELETE";
		hr.url = m->url;
		hr.token = m->token;
		hr.headers = headers;
		hr.timeout_ms = 2000;
		id = http_submit(m->h, &hr, done, ud, &e);
		free(sid);
		if (id < 0)
			id = 0;
	}
	free(m->url);
	free(m->session);
	free(m->version);
	free(m->cursor);
	cJSON_Delete(m->tools);
	str_wipe_free(&m->token);
	free(m);
	*mp = NULL;
	return id;
}
