/* An MCP client over the streamable HTTP transport: JSON-RPC 2.0 posted to
 * one URL, answered with one JSON body or an event stream (sse.h), on the
 * http layer (so the same time limits, size cap and trace, the token
 * never in it). One struct mcp is one session with one server. Before the
 * first call goes out it sends initialize (with MCP_PROTOCOL; the version
 * the server answers is the one spoken), notifications/initialized, and
 * tools/list once; calls made meanwhile wait. The session id the server
 * gives (Mcp-Session-Id) goes with every later request; a 404 to one of
 * them means the session is gone: a new one starts and the call is sent
 * once more.
 *
 * A call is checked against tools/list before it is sent: a tool the
 * server does not list, an argument it does not take, or a required one
 * missing is refused with the reason, and nothing is sent.
 *
 * A call's answer reaches done as an http_resp, so a caller reads it as
 * it reads a REST answer:
 *   200  the tool's result: the text of its content (text parts joined
 *        with "\n"), which for the services lanes knows is JSON;
 *   422  the tool refused (isError): its text is the body;
 *   400  a JSON-RPC error: "JSON-RPC error CODE: message" is the body;
 *   else what the transport got, as it came (401, 403, 404 after the one
 *        retry, 429 with Retry-After, 5xx, a dropped connection, a timeout,
 *        or a 200 whose body holds no answer to the call), also when it
 *        came to initialize or tools/list on the call's behalf.
 * Bodies are as the server wrote them: not sanitized. */
#ifndef LANES_MCP_H
#define LANES_MCP_H

#include <stdbool.h>

#include "lanes/http.h"

struct lanes_err;

/* The protocol version lanes asks for. */
#define MCP_PROTOCOL "2025-06-18"
/* Call ids are MCP_ID_FIRST and up: never an http id (http.h). */
#define MCP_ID_FIRST (HTTP_MAX_ID + 1)
/* tools/list pages read at most (a server that pages forever). */
#define MCP_MAX_TOOL_PAGES 20

struct mcp;

struct mcp_call {
	const char *tool;
	const char *args;               /* a JSON object's text */
	const char *token;              /* Authorization: Bearer; never traced */
	const char *const *headers;     /* more "Name: value" lines, NULL-terminated, or NULL */
	bool fresh_connection;          /* as http_req's: for a call that creates */
};

/* A client for the server at url (which http_url_allowed must accept). */
struct mcp *mcp_new(struct http *h, const char *url);
const char *mcp_url(const struct mcp *m);

/* Starts a call; its id (>= MCP_ID_FIRST), or -1 with e set when it is
 * malformed or does not fit the server's tools (then done is never
 * called). done is called once, from the loop, unless the call is
 * cancelled. */
int mcp_submit(struct mcp *m, const struct mcp_call *c, http_done_fn done, void *ud,
    struct lanes_err *e);
/* Drops a call; its done is not called. Unknown ids are ignored. */
void mcp_cancel(struct mcp *m, int id);

/* Drops every call (no done) and frees m (sets *mp to NULL). A session
 * the server gave is ended with a DELETE: its http id is returned and
 * done (may be NULL) is called when it ends; 0 when there was none. */
int mcp_close(struct mcp **mp, http_done_fn done, void *ud);

/* What the pure parts decide, for tests and fuzzing. */

/* The response to request id in a POST's answer (a JSON-RPC object, a
 * batch, or an event stream when sse): NULL when there is none. The
 * caller deletes it. */
struct cJSON *mcp_find_response(const char *body, size_t len, bool sse, long id);
/* Why a call of tool with args (a JSON object) does not fit tools (the
 * tools/list result's array): NULL when it fits; else the caller frees. */
char *mcp_misfit(const struct cJSON *tools, const char *tool, const struct cJSON *args);
/* A response -> status and body as above (200, 422, 400); the body is
 * the caller's. */
long mcp_result(const struct cJSON *response, char **body);

#endif
