/* Fuzz target for what the MCP client reads of a server: a POST's answer
 * as JSON and as an event stream, the response found in it turned into a
 * status and body, and a tools/list answer a call is checked against.
 * Whatever the bytes: no crash, no leak; a response found has the id that
 * was asked for; the status is one of the three told; and a call either
 * fits or gets a reason. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/mcp.h"
#include "lanes/util.h"
#include "fuzz.h"

static void
check_response(const uint8_t *data, size_t size, bool sse, long id)
{
	cJSON *r = mcp_find_response((const char *)data, size, sse, id);
	char *body = NULL;
	long status;

	if (!r)
		return;
	FUZZ_ASSERT(jnum(r, "id") == (double)id);
	status = mcp_result(r, &body);
	FUZZ_ASSERT(status == 200 || status == 400 || status == 422);
	FUZZ_ASSERT(body != NULL);
	free(body);
	cJSON_Delete(r);
}

/* The bytes as a tools/list answer's tools, and as a call's arguments. */
static void
check_tools(const uint8_t *data, size_t size)
{
	cJSON *root = json_parse((const char *)data, size);
	const cJSON *tools = jget(jget(root, "result"), "tools");
	cJSON *args = cJSON_CreateObject();
	const cJSON *t;
	char *why;

	cJSON_AddNumberToObject(args, "taskId", 1);
	cJSON_AddStringToObject(args, "content", "x");
	cJSON_ArrayForEach(t, tools) {
		if (!jstr(t, "name"))
			continue;
		why = mcp_misfit(tools, jstr(t, "name"), args);
		FUZZ_ASSERT(!why || *why);
		free(why);
		why = mcp_misfit(tools, jstr(t, "name"), root);
		free(why);
	}
	why = mcp_misfit(tools ? tools : root, "add_comment", args);
	FUZZ_ASSERT(!why || *why);
	free(why);
	cJSON_Delete(args);
	cJSON_Delete(root);
}

/* Random bytes are rarely JSON-RPC: they are also the text of a
 * well-formed result, found behind an event stream's comment made of them. */
static void
check_wrapped(const uint8_t *data, size_t size, long id)
{
	char *text = xstrndup((const char *)data, size), *msg, *stream, *body = NULL;
	cJSON *resp = cJSON_CreateObject(), *result, *part, *r;
	long status;

	cJSON_AddStringToObject(resp, "jsonrpc", "2.0");
	cJSON_AddNumberToObject(resp, "id", (double)id);
	result = cJSON_AddObjectToObject(resp, "result");
	part = cJSON_CreateObject();
	cJSON_AddStringToObject(part, "type", "text");
	cJSON_AddStringToObject(part, "text", text);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(result, "content"), part);
	cJSON_AddBoolToObject(result, "isError", size % 2);
	msg = cJSON_PrintUnformatted(resp);
	for (char *c = text; *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' ';
	stream = xasprintf(":%s\r\n\r\nevent: message\ndata: %s\n\n", text, msg);
	r = mcp_find_response(stream, strlen(stream), true, id);
	FUZZ_ASSERT(r != NULL);
	status = mcp_result(r, &body);
	FUZZ_ASSERT(status == (size % 2 ? 422 : 200));
	FUZZ_ASSERT(body != NULL);
	free(body);
	cJSON_Delete(r);
	cJSON_Delete(resp);
	free(msg);
	free(stream);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long id = size ? data[0] % 4 : 1;

	check_response(data, size, false, id);
	check_response(data, size, true, id);
	check_tools(data, size);
	check_wrapped(data, size, id);
	return 0;
}
