/* The Astravue backend without a network: each op's request to the byte
 * (REST for tasks and time entries with X-Org-Id, MCP tool calls for
 * comments and checklist items), the OAuth sign-in and its rotating
 * tokens, errors read from the envelope and as a tool's text, the picker's
 * spaces and projects, a board whose columns are the project's statuses,
 * a card's comments, checklist and time entries, lost creates found again,
 * ids checked before they reach a path; and the query of a sign-in's
 * redirect read back. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "lanes/text.h"
#include "lanes/util.h"
#include "answer.h"
#include "t.h"

static const struct backend_ops *be = &astravue_backend;
/* values[i] belongs to the service's settings[i]: org, client-id,
 * client-secret, url, auth-url, mcp-url */
static const char *values[] = { "7", "lanes-cli", "s3cr&t", "https://av.test/v1",
	"https://auth.test/realms/astravue/protocol/openid-connect", "https://av.test/mcp" };
static struct backend_account ba = { .ops = &astravue_backend, .name = "av",
	.url = "https://av.test/v1", .values = values };

#define BOARD "\"board\":\"3/10\""
#define ENV(d) "{\"success\":true,\"message\":\"Operation completed successfully\"," \
	"\"code\":200,\"data\":" d "}"

static char build_msg[sizeof(((struct lanes_err *)0)->msg)];

/* Builds op (JSON text, the board added unless it names one): 0/1/-1. */
static int
build(const char *json, struct backend_req *req)
{
	return build_with(be, &ba, BOARD, json, req, build_msg, sizeof(build_msg));
}

/* "METHOD path body" of op (an MCP call: "MCP url tool arguments"); a REST
 * request's X-Org-Id is checked on the way. */
static const char *
req_of(const char *json)
{
	static char buf[1024];
	struct backend_req r;
	int rc = build(json, &r);

	req_text(rc, &r, build_msg, buf, sizeof(buf));
	if (rc == 0 && r.transport != TRANSPORT_MCP) {
		CHECK(r.write == !str_eq(r.method, "GET"));
		CHECK_STR(r.headers[0], "X-Org-Id: 7");
		CHECK(!r.headers[1]);
		CHECK(!r.no_auth && !r.content_type);
	}
	if (rc == 0 && r.transport == TRANSPORT_MCP) {
		CHECK(r.write);
		CHECK(!r.headers[0]);
	}
	if (rc != 0)
		CHECK(!r.path && !r.body && !r.tool);
	backend_req_clear(&r);
	return buf;
}

#define TASKS "/spaces/3/projects/10/tasks"

static void
test_cards(void)
{
	/* status by name; an empty description is not sent */
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"In Progress\",\"title\":\"Write\","
	    "\"description\":\"\",\"index\":3}"),
	    "POST " TASKS " {\"taskTitle\":\"Write\",\"status\":\"In Progress\"}");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"To Do\",\"title\":\"W \\\"q\\\"\","
	    "\"description\":\"two\\nlines\"}"),
	    "POST " TASKS " {\"taskTitle\":\"W \\\"q\\\"\",\"description\":\"two\\nlines\","
	    "\"status\":\"To Do\"}");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"title\":\"W\"}"),
	    "rc -1: card.add has no status to go to");
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"42\",\"column\":\"Done\","
	    "\"index\":2,\"before\":\"43\"}"), "PUT " TASKS "/42 {\"status\":\"Done\"}");
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"42\",\"column\":\"\"}"),
	    "rc -1: card.move has no status to go to");
	CHECK_STR(req_of("{\"op\":\"card.delete\",\"remote\":\"42\"}"), "DELETE " TASKS "/42 -");
	/* the largest id there is */
	CHECK_STR(req_of("{\"op\":\"card.delete\",\"board\":\"999999999999999/1\","
	    "\"remote\":\"123456789012345\"}"),
	    "DELETE /spaces/999999999999999/projects/1/tasks/123456789012345 -");
}

static void
test_card_set(void)
{
#define SET(f, v) "{\"op\":\"card.set\",\"remote\":\"42\",\"field\":\"" f "\",\"value\":" v "}"
	CHECK_STR(req_of(SET("title", "\"New\"")), "PUT " TASKS "/42 {\"taskTitle\":\"New\"}");
	CHECK_STR(req_of(SET("title", "\"\"")), "rc -1: a card needs a title");
	CHECK_STR(req_of(SET("title", "null")), "rc -1: a card needs a title");
	CHECK_STR(req_of(SET("description", "\"a\\nb\"")),
	    "PUT " TASKS "/42 {\"description\":\"a\\nb\"}");
	/* PUT is partial; null clears */
	CHECK_STR(req_of(SET("description", "\"\"")), "PUT " TASKS "/42 {\"description\":null}");
	CHECK_STR(req_of(SET("due_on", "\"2026-04-01\"")),
	    "PUT " TASKS "/42 {\"dueDate\":\"2026-04-01T00:00:00Z\"}");
	CHECK_STR(req_of(SET("due_on", "null")), "PUT " TASKS "/42 {\"dueDate\":null}");
	CHECK_STR(req_of(SET("due_on", "\"\"")), "PUT " TASKS "/42 {\"dueDate\":null}");
	CHECK_STR(req_of(SET("start_on", "\"2026-03-20\"")),
	    "PUT " TASKS "/42 {\"startDate\":\"2026-03-20T00:00:00Z\"}");
	CHECK_STR(req_of(SET("start_on", "null")), "PUT " TASKS "/42 {\"startDate\":null}");
	/* a priority by its label, matched by Astravue without regard to case */
	CHECK_STR(req_of(SET("priority", "\"high\"")), "PUT " TASKS "/42 {\"priority\":\"high\"}");
	CHECK_STR(req_of(SET("priority", "\"\"")), "PUT " TASKS "/42 {\"priority\":null}");
	CHECK_STR(req_of(SET("priority", "null")), "PUT " TASKS "/42 {\"priority\":null}");
	/* tags replace the whole list */
	CHECK_STR(req_of(SET("labels", "\"a, b\"")), "PUT " TASKS "/42 {\"tags\":[\"a\",\"b\"]}");
	CHECK_STR(req_of(SET("labels", "\" bug , ,ui\"")),
	    "PUT " TASKS "/42 {\"tags\":[\"bug\",\"ui\"]}");
	CHECK_STR(req_of(SET("labels", "\"\"")), "PUT " TASKS "/42 {\"tags\":[]}");
	CHECK_STR(req_of(SET("labels", "null")), "PUT " TASKS "/42 {\"tags\":[]}");
	/* what Astravue has no field for stays here */
	CHECK_STR(req_of(SET("assignees", "\"Ada\"")),
	    "rc 1: kept on this machine only: Astravue has no assignees");
#undef SET
}

static void
test_tools(void)
{
	struct backend_req r;

	/* over MCP: the server's URL, the tool, integer ids */
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"42\",\"text\":\"Hi \\\"you\\\"\"}"),
	    "MCP https://av.test/mcp astravue_add_task_comment {\"taskId\":42,"
	    "\"comment\":\"Hi \\\"you\\\"\"}");
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"42\"}"),
	    "MCP https://av.test/mcp astravue_add_task_comment {\"taskId\":42,\"comment\":\"\"}");
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"42\",\"remote\":\"9\"}"),
	    "MCP https://av.test/mcp astravue_delete_task_comment {\"commentId\":9}");
	CHECK_STR(req_of("{\"op\":\"check.add\",\"card\":\"42\",\"text\":\"Step\"}"),
	    "MCP https://av.test/mcp astravue_create_checklist_item {\"taskId\":42,"
	    "\"title\":\"Step\"}");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"5\",\"done\":true}"),
	    "MCP https://av.test/mcp astravue_update_checklist_item {\"checklistId\":5,"
	    "\"completed\":true}");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"5\","
	    "\"text\":\"Renamed\"}"),
	    "MCP https://av.test/mcp astravue_update_checklist_item {\"checklistId\":5,"
	    "\"title\":\"Renamed\"}");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"5\",\"done\":false,"
	    "\"text\":\"R\"}"),
	    "MCP https://av.test/mcp astravue_update_checklist_item {\"checklistId\":5,"
	    "\"completed\":false,\"title\":\"R\"}");
	CHECK_STR(req_of("{\"op\":\"check.delete\",\"card\":\"42\",\"remote\":\"5\"}"),
	    "MCP https://av.test/mcp astravue_delete_checklist_item {\"checklistId\":5}");
	/* the service's own timer */
	CHECK_STR(req_of("{\"op\":\"timer.start\",\"card\":\"42\"}"),
	    "MCP https://av.test/mcp astravue_start_timer {\"taskId\":42}");
	CHECK_STR(req_of("{\"op\":\"timer.stop\",\"card\":\"42\"}"),
	    "MCP https://av.test/mcp astravue_stop_timer {\"taskId\":42}");
	/* the largest id there is survives the trip through a JSON number */
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"remote\":\"123456789012345\"}"),
	    "MCP https://av.test/mcp astravue_delete_task_comment "
	    "{\"commentId\":123456789012345}");
	CHECK_INT(build("{\"op\":\"check.add\",\"card\":\"42\",\"text\":\"x\"}", &r), 0);
	CHECK_INT(r.transport, TRANSPORT_MCP);
	CHECK_STR(r.tool, "astravue_create_checklist_item");
	CHECK_STR(r.path, "https://av.test/mcp");
	CHECK(r.write);
	backend_req_clear(&r);
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"42\"}"),
	    "rc -1: comment.delete has no valid remote id");
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"x\",\"text\":\"x\"}"),
	    "rc -1: comment.add has no valid card id");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"0\"}"),
	    "rc -1: check.set has no valid remote id");
}

static void
test_time(void)
{
	/* milliseconds, notes when there are any */
	CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"42\",\"seconds\":90,\"text\":\"review\","
	    "\"date\":\"2026-03-20\"}"),
	    "POST /time-track/projects/10/tasks/42/manual {\"duration\":90000,"
	    "\"notes\":\"review\"}");
	CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"42\",\"seconds\":3600,\"text\":\"\"}"),
	    "POST /time-track/projects/10/tasks/42/manual {\"duration\":3600000}");
	CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"42\",\"seconds\":0}"),
	    "rc -1: a time entry needs a duration");
	CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"42\"}"),
	    "rc -1: a time entry needs a duration");
	CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"4x\",\"seconds\":60}"),
	    "rc -1: time.add has no valid card id");
	CHECK_STR(req_of("{\"op\":\"time.add\",\"board\":\"10\",\"card\":\"42\",\"seconds\":60}"),
	    "rc -1: no valid Astravue board (space/project)");
	/* a message left from before does not stand in for the board's */
	{
		cJSON *op = cJSON_Parse("{\"op\":\"time.add\",\"board\":\"x\",\"card\":\"42\","
		    "\"seconds\":60}");
		struct backend_req r;
		struct lanes_err e = { "" };

		snprintf(e.msg, sizeof(e.msg), "stale");
		CHECK_INT(be->build(&ba, op, &r, &e), -1);
		CHECK_STR(e.msg, "no valid Astravue board (space/project)");
		cJSON_Delete(op);
	}
	CHECK_STR(req_of("{\"op\":\"time.set\",\"card\":\"42\",\"remote\":\"77\",\"seconds\":120}"),
	    "PUT /time-track/timers/77 {\"duration\":120000}");
	CHECK_STR(req_of("{\"op\":\"time.set\",\"card\":\"42\",\"remote\":\"77\",\"seconds\":-5}"),
	    "rc -1: a time entry needs a duration");
	CHECK_STR(req_of("{\"op\":\"time.delete\",\"card\":\"42\",\"remote\":\"77\"}"),
	    "DELETE /time-track/timers/77 -");
	CHECK_STR(req_of("{\"op\":\"time.delete\",\"card\":\"42\",\"remote\":\"7/7\"}"),
	    "rc -1: time.delete has no valid remote id");
}

static void
test_kept_here(void)
{
	struct backend_req r;
	static const char *const local[] = {
		"{\"op\":\"card.complete\",\"remote\":\"42\",\"completed\":true}",
		"{\"op\":\"check.move\",\"card\":\"42\",\"remote\":\"5\",\"index\":0}",
	};
	static const char *const refused[] = {
		"{\"op\":\"column.add\",\"name\":\"QA\"}",
		"{\"op\":\"column.rename\",\"remote\":\"To Do\",\"name\":\"Todo\"}",
		"{\"op\":\"column.place\",\"remote\":\"To Do\",\"index\":1}",
		"{\"op\":\"column.delete\",\"remote\":\"To Do\"}",
		"{\"op\":\"no.such\"}",
		"{\"title\":\"no op\"}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(local); i++) {
		CHECK_INT(build(local[i], &r), 1);
		CHECK(!r.path && !r.body);
		CHECK(strstr(build_msg, "kept on this machine") != NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		CHECK_INT(build(refused[i], &r), -1);
		CHECK(!r.path && !r.body);
		CHECK(strstr(build_msg, "kept on this machine") == NULL);
	}
	CHECK_STR(req_of("{\"op\":\"column.add\",\"name\":\"QA\"}"),
	    "rc -1: Astravue does not know the edit \"column.add\"");
}

/* Nothing that could change a URL gets into one. */
static void
test_bad_ids(void)
{
	struct backend_req r;
	static const char *const ids[] = { "../x", "0", "007", "12a", "-1", "1 2", "4%2F2", "",
		"1234567890123456", "42?x=1" };
	static const char *const ops[] = {
		"{\"op\":\"card.delete\",\"remote\":\"%s\"}",
		"{\"op\":\"card.set\",\"remote\":\"%s\",\"field\":\"title\",\"value\":\"x\"}",
		"{\"op\":\"card.move\",\"remote\":\"%s\",\"column\":\"Done\"}",
		"{\"op\":\"comment.add\",\"card\":\"%s\",\"text\":\"x\"}",
		"{\"op\":\"comment.delete\",\"card\":\"42\",\"remote\":\"%s\"}",
		"{\"op\":\"check.add\",\"card\":\"%s\",\"text\":\"x\"}",
		"{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"%s\",\"done\":true}",
		"{\"op\":\"check.delete\",\"card\":\"42\",\"remote\":\"%s\"}",
		"{\"op\":\"time.add\",\"card\":\"%s\",\"seconds\":60}",
		"{\"op\":\"time.set\",\"card\":\"42\",\"remote\":\"%s\",\"seconds\":60}",
		"{\"op\":\"time.delete\",\"card\":\"42\",\"remote\":\"%s\"}",
	};
	static const char *const boards[] = { "10", "3/", "/10", "3/10/1", "0/10", "3/010",
		"3/../10", "../3/10", "3/1234567890123456", "1234567890123456789012345/1", "",
		"3/10?x", "3//10" };
	static const char *const board_ops[] = {
		"{\"op\":\"card.add\",\"board\":\"%s\",\"column\":\"To Do\",\"title\":\"x\"}",
		"{\"op\":\"card.delete\",\"board\":\"%s\",\"remote\":\"42\"}",
		"{\"op\":\"card.set\",\"board\":\"%s\",\"remote\":\"42\",\"field\":\"title\","
		"\"value\":\"x\"}",
		"{\"op\":\"card.move\",\"board\":\"%s\",\"remote\":\"42\",\"column\":\"Done\"}",
		"{\"op\":\"time.add\",\"board\":\"%s\",\"card\":\"42\",\"seconds\":60}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
			char *json = xasprintf(ops[k], ids[i]);
			CHECK_INT(build(json, &r), -1);
			CHECK(!r.path && !r.body);
			CHECK(strstr(build_msg, "id") != NULL);
			free(json);
		}
	/* no id at all, or one as a number */
	CHECK_INT(build("{\"op\":\"card.delete\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"card.delete\",\"remote\":42}", &r), -1);
	for (size_t i = 0; i < ARRAY_SIZE(boards); i++)
		for (size_t k = 0; k < ARRAY_SIZE(board_ops); k++) {
			char *json = xasprintf(board_ops[k], boards[i]);

			CHECK_INT(build(json, &r), -1);
			CHECK(!r.path && !r.body);
			CHECK(strstr(build_msg, "board") != NULL);
			free(json);
		}
}

/* An org that is not an Astravue id: nothing goes out over REST; MCP needs
 * no org. */
static void
test_bad_org(void)
{
	static const char *const orgs[] = { "", "0", "acme", "7\r\nX-Evil: 1", "-7", "07", NULL };

	for (size_t i = 0; i < ARRAY_SIZE(orgs); i++) {
		struct backend_fetch f;
		struct backend_req r;
		struct lanes_err e = { "" };

		values[0] = orgs[i];
		CHECK_STR(req_of("{\"op\":\"card.delete\",\"remote\":\"42\"}"),
		    "rc -1: the account's org is no Astravue organisation id");
		CHECK_STR(req_of("{\"op\":\"time.add\",\"card\":\"42\",\"seconds\":60}"),
		    "rc -1: the account's org is no Astravue organisation id");
		CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"A\",\"title\":\"x\"}"),
		    "rc -1: the account's org is no Astravue organisation id");
		CHECK(str_has_prefix(req_of("{\"op\":\"comment.delete\",\"remote\":\"9\"}"), "MCP "));
		backend_fetch_init(&f, FETCH_LEVEL, NULL);
		CHECK_INT(be->fetch_next(&ba, &f, &r, &e), -1);
		CHECK(!r.path);
		backend_fetch_clear(&f);
	}
	values[0] = "7";
}

static bool
creates(const char *json)
{
	cJSON *op = cJSON_Parse(json);
	bool c = be->creates(op);

	cJSON_Delete(op);
	return c;
}

static void
test_creates_and_adopt(void)
{
	struct backend_ack ack;
	struct lanes_err e = { "" };
	cJSON *op;

	CHECK(creates("{\"op\":\"card.add\"," BOARD ",\"column\":\"A\"}"));
	CHECK(creates("{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\"}"));
	CHECK(creates("{\"op\":\"check.add\"," BOARD ",\"card\":\"42\"}"));
	CHECK(creates("{\"op\":\"time.add\"," BOARD ",\"card\":\"42\"}"));
	CHECK(!creates("{\"op\":\"comment.delete\"," BOARD ",\"remote\":\"9\"}"));
	CHECK(!creates("{\"op\":\"card.set\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"card.move\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"check.set\"," BOARD ",\"remote\":\"5\"}"));
	CHECK(!creates("{\"op\":\"time.set\"," BOARD ",\"remote\":\"5\"}"));
	CHECK(!creates("{\"op\":\"column.add\"," BOARD "}"));
	CHECK(!creates("{}"));

	op = cJSON_Parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"Done\",\"title\":\"W\"}");
	CHECK_INT(be->adopt(&ba, op, "42", &ack, &e), 0);
	CHECK_STR(ack.remote, "42");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(be->adopt(&ba, op, "4/2", &ack, &e), -1);
	CHECK(!ack.remote);
	CHECK_INT(be->adopt(&ba, op, "0", &ack, &e), -1);
	CHECK_INT(be->adopt(&ba, op, NULL, &ack, &e), -1);
	cJSON_Delete(op);
}

static enum backend_verdict
classify(const char *op, long status, enum http_fail fail, const char *body, char *msg)
{
	return classify_with(be, op, status, fail, body, msg);
}

#define CARD_DELETE "{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}"
#define CARD_MOVE "{\"op\":\"card.move\"," BOARD ",\"remote\":\"42\",\"column\":\"Done\"}"
#define TIME_DELETE "{\"op\":\"time.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"77\"}"
#define COMMENT_ADD "{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"Hi\"}"
#define COMMENT_DELETE "{\"op\":\"comment.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"9\"}"
#define CHECK_DELETE "{\"op\":\"check.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"5\"}"
#define ERR(status, msg, errs) "{\"success\":false,\"message\":\"" msg "\",\"code\":" \
	#status ",\"data\":null,\"errors\":[" errs "]}"

static void
test_classify(void)
{
	char msg[512];

	CHECK_INT(classify(NULL, 200, HTTP_OK, ENV("[]"), msg), BV_OK);
	CHECK_INT(classify(CARD_DELETE, 204, HTTP_OK, "", msg), BV_OK);
	CHECK_INT(classify(NULL, 0, HTTP_FAIL_RESET, "", msg), BV_RETRY);
	CHECK(strstr(msg, "reset") != NULL);
	CHECK_INT(classify(COMMENT_ADD, 0, HTTP_FAIL_TIMEOUT, "", msg), BV_RETRY);
	/* a timer already where the op would put it: done */
	CHECK_INT(classify("{\"op\":\"timer.stop\"}", 422, HTTP_OK,
	    "No running timer for this task", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"timer.start\"}", 422, HTTP_OK,
	    "A timer is already running: 77", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"timer.start\"}", 422, HTTP_OK, "Access Denied", msg),
	    BV_PARK);
	/* the envelope's words: the message, then each field's error, cleaned */
	CHECK_INT(classify(NULL, 400, HTTP_OK, ERR(400, "Validation failed",
	    "{\"field\":\"taskTitle\",\"message\":\"must not be blank\",\"rejectedValue\":\"\"},"
	    "{\"field\":\"status\\u001b[31m\",\"message\":\"Unknown\\u202e status\","
	    "\"rejectedValue\":\"x\"}"), msg), BV_PARK);
	CHECK_STR(msg, "400: Validation failed: taskTitle must not be blank; status Unknown "
	    "status");
	CHECK_INT(classify(NULL, 400, HTTP_OK, ERR(400, "", "{\"field\":null,\"message\":\"A.\"},"
	    "{\"message\":\"B.\"}"), msg), BV_PARK);
	CHECK_STR(msg, "400: A.; B.");
	CHECK_INT(classify(NULL, 401, HTTP_OK, ERR(401, "Unauthorized", ""), msg), BV_AUTH);
	CHECK_STR(msg, "401: Unauthorized");
	CHECK_INT(classify(CARD_DELETE, 403, HTTP_OK, ERR(403, "Access Denied",
	    "{\"field\":null,\"message\":\"Access Denied\",\"rejectedValue\":null}"), msg), BV_PARK);
	CHECK_STR(msg, "403: Access Denied");
	CHECK_INT(classify(NULL, 400, HTTP_OK, ERR(400, "Bad", "{\"field\":\"size\","
	    "\"message\":\"Bad\"},{\"message\":\"Bad\"},{\"message\":\"Worse\"}"), msg),
	    BV_PARK);
	CHECK_STR(msg, "400: Bad: size Bad; Worse");
	/* gone already: a REST delete is done, anything else is not */
	CHECK_INT(classify(CARD_DELETE, 404, HTTP_OK, ERR(404, "Task not found", ""), msg), BV_OK);
	CHECK_INT(classify(TIME_DELETE, 404, HTTP_OK, ERR(404, "Timer not found", ""), msg),
	    BV_OK);
	CHECK_INT(classify(CARD_MOVE, 404, HTTP_OK, ERR(404, "Task not found", ""), msg), BV_PARK);
	CHECK_STR(msg, "404: Task not found");
	CHECK_INT(classify(NULL, 404, HTTP_OK, "{}", msg), BV_PARK);
	CHECK_STR(msg, "404: no message from the server");
	/* a tool's refusal is its text; "not found" on a delete is done */
	CHECK_INT(classify(COMMENT_DELETE, 422, HTTP_OK, "Comment 9 not found", msg), BV_OK);
	CHECK_INT(classify(CHECK_DELETE, 422, HTTP_OK, "Checklist item 5 not found", msg), BV_OK);
	CHECK_INT(classify(COMMENT_ADD, 422, HTTP_OK, "Task 42 not found", msg), BV_PARK);
	CHECK_STR(msg, "422: Task 42 not found");
	CHECK_INT(classify(COMMENT_DELETE, 422, HTTP_OK, "You may delete only your own "
	    "comments", msg), BV_PARK);
	CHECK_STR(msg, "422: You may delete only your own comments");
	/* over MCP a 404 is the transport's: the delete has not happened */
	CHECK_INT(classify(COMMENT_DELETE, 404, HTTP_OK, "{\"jsonrpc\":\"2.0\",\"id\":null,"
	    "\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", msg), BV_PARK);
	CHECK_STR(msg, "404: Session not found");
	CHECK_INT(classify(COMMENT_ADD, 400, HTTP_OK, "JSON-RPC error -32602: Invalid params",
	    msg), BV_PARK);
	CHECK_STR(msg, "400: JSON-RPC error -32602: Invalid params");
	/* OAuth's words */
	CHECK_INT(classify(NULL, 400, HTTP_OK, "{\"error\":\"invalid_grant\","
	    "\"error_description\":\"Token is not active\"}", msg), BV_PARK);
	CHECK_STR(msg, "400: Token is not active");
	/* text that is not JSON is the server's words, cleaned */
	CHECK_INT(classify(NULL, 418, HTTP_OK, "teapot\x1b[2J here\x07", msg), BV_PARK);
	CHECK_STR(msg, "418: teapot here\xef\xbf\xbd");
	CHECK_INT(classify(NULL, 418, HTTP_OK, "", msg), BV_PARK);
	CHECK_STR(msg, "418: no message from the server");
	/* words longer than a message holds are cut on a character's edge */
	for (int n = 37; n <= 40; n++) {
		struct strbuf sb = { 0 };
		char *again;

		sb_puts(&sb, "{\"success\":false,\"message\":\"Validation failed\",\"errors\":[");
		for (int i = 0; i < 12; i++) {
			sb_printf(&sb, "%s{\"field\":\"f%d\",\"message\":\"", i ? "," : "", i);
			for (int k = 0; k < n; k++)
				sb_puts(&sb, "\xe2\x86\x92");
			sb_puts(&sb, "\"}");
		}
		sb_puts(&sb, "]}");
		CHECK_INT(classify(NULL, 400, HTTP_OK, sb.buf, msg), BV_PARK);
		again = text_sanitize(msg, strlen(msg));
		CHECK_STR(again, msg);
		CHECK(strlen(msg) > 400);
		free(again);
		sb_free(&sb);
	}
	CHECK_INT(classify(NULL, 429, HTTP_OK, ERR(429, "Too many requests", ""), msg), BV_RATE);
	CHECK_INT(classify(COMMENT_ADD, 429, HTTP_OK, "{\"jsonrpc\":\"2.0\",\"error\":"
	    "{\"code\":-32000,\"message\":\"Rate limit\"}}", msg), BV_RATE);
	CHECK_INT(classify(NULL, 500, HTTP_OK, "{}", msg), BV_RETRY);
	CHECK_INT(classify(NULL, 503, HTTP_OK, "<html>", msg), BV_RETRY);
	CHECK_INT(classify(COMMENT_ADD, 502, HTTP_OK, "", msg), BV_RETRY);
	/* a 404 on a delete over MCP is not taken as gone either */
	CHECK_INT(classify(CHECK_DELETE, 404, HTTP_OK, "Not Found", msg), BV_PARK);
}

static int
parse(const char *opjson, const char *body, struct backend_ack *ack)
{
	cJSON *op = cJSON_Parse(opjson);
	struct lanes_err e = { "" };
	int rc = be->parse(&ba, op, answer(body, strlen(body)), ack, &e);

	cJSON_Delete(op);
	if (rc < 0)
		CHECK(e.msg[0] != '\0');
	return rc;
}

#define CARD_ADD "{\"op\":\"card.add\"," BOARD ",\"column\":\"To Do\",\"title\":\"W\"}"
#define CHECK_ADD "{\"op\":\"check.add\"," BOARD ",\"card\":\"42\",\"text\":\"S\"}"
#define TIME_ADD "{\"op\":\"time.add\"," BOARD ",\"card\":\"42\",\"seconds\":60}"

static void
test_parse_ack(void)
{
	struct backend_ack ack;

	/* REST: the id in the envelope's data */
	CHECK_INT(parse(CARD_ADD, ENV("{\"taskId\":42,\"taskTitle\":\"W\"}"), &ack), 0);
	CHECK_STR(ack.remote, "42");
	CHECK(!ack.more && !ack.carry);
	backend_ack_clear(&ack);
	CHECK_INT(parse(TIME_ADD, ENV("{\"timerId\":77,\"taskId\":42,\"type\":\"MANUAL\"}"), &ack),
	    0);
	CHECK_STR(ack.remote, "77");
	backend_ack_clear(&ack);
	/* a tool's text is the thing itself */
	/* a stopped timer's entry is the one the stop made */
	CHECK_INT(parse("{\"op\":\"timer.stop\"," BOARD ",\"card\":\"42\"}",
	    "{\"timerId\":78,\"taskId\":42,\"type\":\"TIMER\",\"duration\":61000}", &ack), 0);
	CHECK_STR(ack.remote, "78");
	backend_ack_clear(&ack);
	CHECK_INT(parse(COMMENT_ADD, "{\"commentId\":9,\"taskId\":42,\"comment\":\"Hi\"}", &ack),
	    0);
	CHECK_STR(ack.remote, "9");
	backend_ack_clear(&ack);
	CHECK_INT(parse(CHECK_ADD, "{\"checklistId\":5,\"taskId\":42,\"title\":\"S\"}", &ack), 0);
	CHECK_STR(ack.remote, "5");
	backend_ack_clear(&ack);
	/* a tool's text in an envelope is not what the tool says */
	CHECK_INT(parse(CHECK_ADD, ENV("{\"checklistId\":5}"), &ack), -1);
	CHECK(!ack.remote);
	/* no envelope: a junk 200 */
	CHECK_INT(parse(CARD_ADD, "{\"taskId\":42}", &ack), -1);
	CHECK(!ack.remote);
	CHECK_INT(parse(CARD_ADD, "<html>", &ack), -1);
	CHECK_INT(parse(CARD_ADD, "", &ack), -1);
	CHECK_INT(parse(CARD_ADD, "{\"success\":false,\"data\":{\"taskId\":42}}", &ack), -1);
	CHECK(!ack.remote);
	CHECK_INT(parse(CARD_ADD, ENV("{\"taskId\":\"42\"}"), &ack), -1);
	CHECK_INT(parse(CARD_ADD, ENV("{\"taskId\":0}"), &ack), -1);
	CHECK_INT(parse(CARD_ADD, ENV("{\"taskId\":4.5}"), &ack), -1);
	CHECK_INT(parse(CARD_ADD, ENV("{\"taskId\":1e15}"), &ack), -1);
	CHECK_INT(parse(CARD_ADD, ENV("[{\"taskId\":42}]"), &ack), -1);
	CHECK_INT(parse(CARD_ADD, ENV("null"), &ack), -1);
	CHECK_INT(parse(TIME_ADD, ENV("{\"taskId\":42}"), &ack), -1);
	CHECK_INT(parse(COMMENT_ADD, "Comment added", &ack), -1);
	CHECK(!ack.remote);
	/* a PUT answers the task: nothing to keep; without the envelope it
	 * goes again */
	CHECK_INT(parse(CARD_MOVE, ENV("{\"taskId\":42}"), &ack), 0);
	CHECK(!ack.remote);
	CHECK_INT(parse(CARD_MOVE, "", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.set\"," BOARD ",\"remote\":\"42\"}", "<html>oops", &ack),
	    -1);
	CHECK_INT(parse("{\"op\":\"time.set\"," BOARD ",\"remote\":\"77\"}", ENV("{}"), &ack), 0);
	/* a DELETE's answer may be anything */
	CHECK_INT(parse(CARD_DELETE, "", &ack), 0);
	CHECK_INT(parse(CARD_DELETE, ENV("null"), &ack), 0);
	CHECK_INT(parse(TIME_DELETE, "", &ack), 0);
	CHECK(!ack.remote);
	CHECK_INT(parse(COMMENT_DELETE, "{\"deleted\":true,\"commentId\":9}", &ack), 0);
	CHECK_INT(parse(CHECK_DELETE, "{\"deleted\":true,\"checklistId\":5}", &ack), 0);
	CHECK(!ack.remote);
	CHECK_INT(parse("{\"op\":\"check.set\"," BOARD ",\"remote\":\"5\"}",
	    "{\"checklistId\":5,\"completed\":true}", &ack), 0);
	CHECK(!ack.remote);
}

/* ---- the sign-in ---- */

static struct http_resp *
token_answer(long status, const char *body)
{
	static struct http_resp r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.body = (char *)body;
	r.len = strlen(body);
	return &r;
}

static void
test_login(void)
{
	struct backend_req r;
	struct lanes_err e = { "" };
	char *url, *v;

	url = be->login_url(&ba, "http://127.0.0.1:8123/callback", "st&te", "ch_al-lenge", &e);
	CHECK_STR(url, "https://auth.test/realms/astravue/protocol/openid-connect/auth?"
	    "response_type=code&client_id=lanes-cli"
	    "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2Fcallback&scope=openid"
	    "&state=st%26te&code_challenge=ch_al-lenge&code_challenge_method=S256");
	/* read back as the sign-in service reads it */
	v = url_query_value(strchr(url, '?') + 1, "redirect_uri");
	CHECK_STR(v, "http://127.0.0.1:8123/callback");
	free(v);
	v = url_query_value(strchr(url, '?') + 1, "state");
	CHECK_STR(v, "st&te");
	free(v);
	free(url);

	memset(&r, 0xff, sizeof(r));
	CHECK_INT(be->login_req(&ba, "c0de/+=", "http://127.0.0.1:8123/callback", "v3rifier~",
	    &r, &e), 0);
	CHECK_STR(r.method, "POST");
	CHECK_STR(r.path, "https://auth.test/realms/astravue/protocol/openid-connect/token");
	CHECK_STR(r.body, "grant_type=authorization_code&code=c0de%2F%2B%3D"
	    "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8123%2Fcallback&code_verifier=v3rifier~"
	    "&client_id=lanes-cli&client_secret=s3cr%26t");
	CHECK_STR(r.content_type, BACKEND_FORM);
	CHECK(r.no_auth);
	CHECK(r.transport != TRANSPORT_MCP);
	CHECK(!r.headers[0] && !r.tool);
	backend_req_clear(&r);

	/* no sign-in service: nothing to ask */
	values[4] = "";
	e.msg[0] = '\0';
	CHECK(!be->login_url(&ba, "http://127.0.0.1:1/", "s", "c", &e));
	CHECK(strstr(e.msg, "auth-url") != NULL);
	CHECK_INT(be->login_req(&ba, "c", "http://127.0.0.1:1/", "v", &r, &e), -1);
	CHECK(!r.path && !r.body);
	values[4] = NULL;
	CHECK(!be->login_url(&ba, "http://127.0.0.1:1/", "s", "c", &e));
	values[4] = "https://auth.test/realms/astravue/protocol/openid-connect";
}

static void
test_tokens(void)
{
	struct backend_req r;
	struct lanes_err e = { "" };

	/* not signed in */
	CHECK(!be->bearer(&ba));
	CHECK_INT(be->refresh(&ba, &r, &e), -1);
	CHECK_STR(e.msg, "av is not signed in: lanes login av");
	CHECK(!r.path && !r.body);

	/* the code's answer: both tokens kept */
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"at1\","
	    "\"expires_in\":300,\"refresh_expires_in\":1800,\"refresh_token\":\"rt1\","
	    "\"token_type\":\"Bearer\",\"scope\":\"openid\"}"), &e), 0);
	CHECK(ba.state_changed);
	CHECK_STR(be->bearer(&ba), "at1");
	CHECK_STR(jstr(ba.state, "refresh_token"), "rt1");
	ba.state_changed = false;

	CHECK_INT(be->refresh(&ba, &r, &e), 0);
	CHECK_STR(r.method, "POST");
	CHECK_STR(r.path, "https://auth.test/realms/astravue/protocol/openid-connect/token");
	CHECK_STR(r.body, "grant_type=refresh_token&refresh_token=rt1&client_id=lanes-cli"
	    "&client_secret=s3cr%26t");
	CHECK_STR(r.content_type, BACKEND_FORM);
	CHECK(r.no_auth && r.write);
	backend_req_clear(&r);

	/* a refresh rotates both */
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"at2\","
	    "\"refresh_token\":\"rt2\"}"), &e), 0);
	CHECK(ba.state_changed);
	CHECK_STR(be->bearer(&ba), "at2");
	CHECK_STR(jstr(ba.state, "refresh_token"), "rt2");
	CHECK_INT(cJSON_GetArraySize(ba.state), 2);
	ba.state_changed = false;
	/* an answer without a refresh token keeps the one there is */
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"at3\"}"), &e), 0);
	CHECK_STR(be->bearer(&ba), "at3");
	CHECK_STR(jstr(ba.state, "refresh_token"), "rt2");
	ba.state_changed = false;

	/* the sign-in is over */
	e.msg[0] = '\0';
	CHECK_INT(be->refreshed(&ba, token_answer(400, "{\"error\":\"invalid_grant\","
	    "\"error_description\":\"Token is not active\"}"), &e), -1);
	CHECK(strstr(e.msg, "sign in again") != NULL);
	CHECK(strstr(e.msg, "lanes login av") != NULL);
	CHECK(!ba.state_changed);
	CHECK_STR(be->bearer(&ba), "at3");
	/* the service cannot answer now: later */
	CHECK_INT(be->refreshed(&ba, token_answer(503, "<html>down</html>"), &e), 1);
	CHECK(strstr(e.msg, "503") != NULL);
	CHECK_INT(be->refreshed(&ba, token_answer(500, ""), &e), 1);
	CHECK_INT(be->refreshed(&ba, token_answer(429, "{}"), &e), 1);
	CHECK(!ba.state_changed);
	/* a token unfit for a header, another refusal: sign in again */
	/* a 200 garbled on the way: the token presented is good for another try */
	CHECK_INT(be->refreshed(&ba, token_answer(200, "<html>"), &e), 1);
	CHECK(strstr(e.msg, "trying again") != NULL);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"a b\"}"), &e), -1);
	CHECK(strstr(e.msg, "sign in again") != NULL);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"a b\"}"), &e), -1);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"a\\r\\nX: y\"}"),
	    &e), -1);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"\"}"), &e), -1);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":7}"), &e), -1);
	CHECK_INT(be->refreshed(&ba, token_answer(200, "{\"access_token\":\"ok\","
	    "\"refresh_token\":\"bad token\"}"), &e), -1);
	CHECK_INT(be->refreshed(&ba, token_answer(401, "{\"error\":\"invalid_client\"}"), &e), -1);
	CHECK(strstr(e.msg, "invalid_client") != NULL);
	/* the service's word for it is shown cleaned: no bidi control */
	CHECK_INT(be->refreshed(&ba, token_answer(400, "{\"error\":\"bad\\u202eword\"}"), &e), -1);
	CHECK(strstr(e.msg, "\xe2\x80\xae") == NULL && strstr(e.msg, "badword"));
	{
		char *again = text_sanitize(e.msg, strlen(e.msg));
		CHECK_STR(again, e.msg);
		free(again);
	}
	CHECK_INT(be->refreshed(&ba, token_answer(400, "{\"error\":\"\\u00ff\\u00fe\"}"), &e), -1);
	{
		char *again = text_sanitize(e.msg, strlen(e.msg));
		CHECK_STR(again, e.msg);
		free(again);
	}
	CHECK(!ba.state_changed);
	CHECK_STR(be->bearer(&ba), "at3");
	CHECK_STR(jstr(ba.state, "refresh_token"), "rt2");
	cJSON_Delete(ba.state);
	ba.state = NULL;
	/* a state with no refresh token, or an empty one */
	ba.state = cJSON_Parse("{\"access_token\":\"x\",\"refresh_token\":\"\"}");
	CHECK_INT(be->refresh(&ba, &r, &e), -1);
	CHECK(strstr(e.msg, "lanes login av") != NULL);
	cJSON_Delete(ba.state);
	ba.state = NULL;
}

/* The query of the redirect the sign-in comes back on. */
static void
test_query_value(void)
{
	static const struct {
		const char *query, *key, *want;
	} cases[] = {
		{ "code=abc&state=xyz", "code", "abc" },
		{ "code=abc&state=xyz", "state", "xyz" },
		{ "state=xyz&code=a%2Fb%3d%3D", "code", "a/b==" },
		{ "error=access_denied&error_description=User+said+no%21", "error_description",
		  "User said no!" },
		{ "code=", "code", "" },
		{ "code", "code", NULL },
		{ "xcode=1&code=2", "code", "2" },
		{ "code_x=1&code=2", "code", "2" },
		{ "codex=1", "code", NULL },
		{ "code=1&code=2", "code", "1" },
		{ "a=1&&code=3&", "code", "3" },
		{ "code=%zz%4", "code", "%zz%4" },
		{ "code=%41%4a%4A", "code", "AJJ" },
		{ "", "code", NULL },
		{ "state=s", "code", NULL },
		{ "code=a%20b+c", "code", "a b c" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *v = url_query_value(cases[i].query, cases[i].key);

		if (cases[i].want)
			CHECK_STR(v, cases[i].want);
		else if (v)
			CHECK_STR(v, "(null)");
		free(v);
	}
	CHECK(!url_query_value(NULL, "code"));
}

/* ---- fetches ---- */

/* Walks f through pages; the paths asked, space-separated. */
static char *
walk(struct backend_fetch *f, const char *const *pages, int n, int *rc)
{
	return walk_pages(be, &ba, f, pages, n, rc);
}

static void
test_me_and_picker(void)
{
	static const char *const me[] = { "{\"userId\":1,\"firstName\":\"Sam\\u001b[1m\","
		"\"lastName\":\"Tester\",\"email\":\"sam@example.com\"}" };
	static const char *const me_email[] = { "{\"userId\":2,\"firstName\":\"\","
		"\"email\":\"kim@example.com\"}" };
	static const char *const bad_me[] = { "{\"userId\":\"1\",\"firstName\":\"Sam\"}" };
	static const char *const enveloped_me[] = { ENV("{\"userId\":1}") };
	static const char *const spaces[] = { ENV("[{\"spaceId\":3,\"spaceName\":\"Eng\\u0007\","
		"\"tenantId\":7},{\"spaceId\":\"4\",\"spaceName\":\"Text id\"},"
		"{\"spaceId\":0,\"spaceName\":\"Zero\"},\"junk\",{\"spaceName\":\"None\"},"
		"{\"spaceId\":999999999999999,\"spaceName\":\"Longest\"},"
		"{\"spaceId\":5}]") };
	static const char *const bare[] = { "[{\"spaceId\":3,\"spaceName\":\"Eng\"}]" };
	static const char *const projects[] = {
		ENV("{\"projects\":[{\"projectId\":10,\"projectName\":\"Road\\u202emap\","
		"\"myRole\":\"Member\"},{\"projectId\":-1,\"projectName\":\"Neg\"}],"
		"\"totalElements\":3,\"totalPages\":2,\"page\":0,\"size\":100,\"first\":true,"
		"\"last\":false}"),
		ENV("{\"projects\":[{\"projectId\":11,\"projectName\":\"Ops\"}],"
		"\"totalElements\":3,\"totalPages\":2,\"page\":1,\"size\":100,\"first\":false,"
		"\"last\":true}"),
	};
	static const char *const no_projects[] = { ENV("{\"projects\":[],\"page\":0,"
		"\"last\":true}") };
	static const char *const not_list[] = { ENV("{\"items\":[]}") };
	struct backend_fetch f;
	struct backend_req r;
	struct lanes_err e = { "" };
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_ME, NULL);
	paths = walk(&f, me, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "astravue_get_current_user({})");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "remote")), "1");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "name")), "Sam Tester");
	free(paths);
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_ME, NULL);
	CHECK_INT(be->fetch_next(&ba, &f, &r, &e), 1);
	CHECK_INT(r.transport, TRANSPORT_MCP);
	CHECK_STR(r.path, "https://av.test/mcp");
	CHECK(!r.write);
	backend_req_clear(&r);
	backend_fetch_clear(&f);

	backend_fetch_init(&f, FETCH_ME, NULL);
	paths = walk(&f, me_email, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "name")), "kim@example.com");
	free(paths);
	backend_fetch_clear(&f);
	CHECK_INT(walk_end(be, &ba, FETCH_ME, NULL, bad_me, 1), -1);
	CHECK_INT(walk_end(be, &ba, FETCH_ME, NULL, enveloped_me, 1), -1);

	/* two levels: spaces, then a space's projects, as "space/project" */
	CHECK_STR(be->picker[0], "space");
	CHECK_STR(be->picker[1], "project");
	CHECK(!be->picker[2]);
	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	paths = walk(&f, spaces, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/spaces");
	CHECK_INT(count(&f, "items"), 3);
	CHECK_STR(field(&f, "items", 0, "remote"), "3");
	CHECK_STR(field(&f, "items", 0, "name"), "Eng\xef\xbf\xbd");
	CHECK_STR(field(&f, "items", 1, "remote"), "999999999999999");
	CHECK_STR(field(&f, "items", 2, "remote"), "5");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "items", 2), "name")));
	free(paths);
	backend_fetch_clear(&f);
	/* a REST answer without the envelope is not Astravue's */
	CHECK_INT(walk_end(be, &ba, FETCH_LEVEL, NULL, bare, 1), -1);

	backend_fetch_init(&f, FETCH_LEVEL, "3");
	f.level = 1;
	paths = walk(&f, projects, 2, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/spaces/3/projects?page=0&size=100 /spaces/3/projects?page=1&size=100");
	CHECK_INT(count(&f, "items"), 2);
	CHECK_STR(field(&f, "items", 0, "remote"), "3/10");
	CHECK_STR(field(&f, "items", 0, "name"), "Roadmap");
	CHECK_STR(field(&f, "items", 1, "remote"), "3/11");
	CHECK_STR(field(&f, "items", 1, "name"), "Ops");
	free(paths);
	backend_fetch_clear(&f);
	/* an empty space still says so */
	backend_fetch_init(&f, FETCH_LEVEL, "3");
	f.level = 1;
	paths = walk(&f, no_projects, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "items")));
	CHECK_INT(count(&f, "items"), 0);
	free(paths);
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_LEVEL, "3");
	f.level = 1;
	paths = walk(&f, not_list, 1, &rc);
	CHECK_INT(rc, -1);
	free(paths);
	backend_fetch_clear(&f);
	/* a space that is not an id is not asked for */
	backend_fetch_init(&f, FETCH_LEVEL, "../3");
	f.level = 1;
	paths = walk(&f, projects, 2, &rc);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	backend_fetch_clear(&f);

	/* no event feed: the board is fetched whole */
	CHECK(!(be->caps & CAP_EVENTS));
	CHECK_INT(walk_end(be, &ba, FETCH_EVENTS, "3/10", me, 1), -1);
}

/* A server that keeps echoing the first page's number does not make the
 * walk read one page over and over. */
static void
test_paging_trust(void)
{
	static const char *const pages[] = {
		ENV("{\"projects\":[{\"projectId\":10}],\"page\":0,\"last\":false}"),
		ENV("{\"projects\":[{\"projectId\":11}],\"page\":0,\"last\":false}"),
		ENV("{\"projects\":[{\"projectId\":12}],\"last\":true}"),
	};
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_LEVEL, "3");
	f.level = 1;
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/spaces/3/projects?page=0&size=100 /spaces/3/projects?page=1&size=100 "
	    "/spaces/3/projects?page=2&size=100");
	CHECK_INT(count(&f, "items"), 3);
	free(paths);
	backend_fetch_clear(&f);
}

#define STATUS(id, name) "{\"taskStatusId\":" #id ",\"statusName\":\"" name "\"," \
	"\"statusCategory\":\"TODO\",\"projectId\":10}"

static void
test_fetch_board(void)
{
	static const char *const pages[] = {
		ENV("{\"projectId\":10,\"spaceId\":3,\"projectName\":\"Docs\",\"myRole\":\"Admin\"}"),
		"[" STATUS(101, "To Do") "," STATUS(102, "In Progress") "," STATUS(103, "Review")
		"," STATUS(104, "Done") ",{\"taskStatusId\":105,\"statusName\":\"\"},"
		"{\"taskStatusId\":106}," STATUS(107, "Review") "]",
		ENV("{\"tasks\":[{\"taskId\":42,\"taskTitle\":\"\\u001b]52;c;aGk=\\u0007Evil\\u202e\","
		"\"description\":\"a\\r\\nb\\u001b[2J\",\"status\":" STATUS(102, "In Progress") ","
		"\"priority\":{\"taskPriorityId\":3,\"priorityLabel\":\"High\"},"
		"\"dueDate\":\"2026-03-20T00:00:00Z\",\"startDate\":\"2026-03-01T00:00:00Z\","
		"\"tags\":[{\"tagId\":1,\"tagName\":\"backend\"},{\"tagName\":\"auth\\u001b[31m\"},"
		"{\"tagName\":\"\"},{\"tagName\":\"a,b\"},7],"
		"\"owners\":[{\"userId\":1,\"firstName\":\"Sam\",\"lastName\":\"Tester\"},"
		"{\"userId\":2,\"email\":\"kim@example.com\"},{\"userId\":3,\"lastName\":\"Solo\"}]},"
		"{\"taskId\":43,\"taskTitle\":\"No status\"},"
		"{\"taskId\":\"44\",\"taskTitle\":\"Text id\",\"status\":" STATUS(101, "To Do") "}],"
		"\"totalElements\":4,\"totalPages\":2,\"page\":0,\"size\":100,\"first\":true,"
		"\"last\":false}"),
		ENV("{\"tasks\":[{\"taskId\":45,\"taskTitle\":\"Plain\",\"status\":"
		STATUS(101, "To Do") ",\"priority\":null,\"dueDate\":\"2026-02-30T00:00:00Z\","
		"\"tags\":[],\"owners\":[],\"description\":null}],"
		"\"page\":1,\"last\":true}"),
		/* the running timers: one on another project's task, one here */
		"[{\"timerId\":7,\"taskId\":99,\"projectId\":30,\"running\":true,"
		"\"startTime\":1772359200000},{\"timerId\":8,\"taskId\":42,\"projectId\":10,"
		"\"running\":true,\"startTime\":1772359260000}]",
	};
	static const char *const guest[] = { ENV("{\"projectId\":10,\"myRole\":\"Guest\"}"),
		"[" STATUS(101, "To Do") "]", ENV("{\"tasks\":[],\"page\":0,\"last\":true}"),
		"[{\"timerId\":7,\"taskId\":99,\"projectId\":30,\"running\":true,"
		"\"startTime\":1772359200000}]" };
	static const char *const not_project[] = { ENV("[]"), "[]", ENV("{\"tasks\":[]}") };
	static const char *const bare_statuses[] = { ENV("{\"myRole\":\"Member\"}"),
		ENV("[" STATUS(101, "To Do") "]"), ENV("{\"tasks\":[]}") };
	static const char *const want[] = { "To Do", "In Progress", "Review", "Done" };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_BOARD, "3/10");
	paths = walk(&f, pages, 5, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/spaces/3/projects/10 astravue_list_task_statuses({\"projectId\":10}) "
	    TASKS "?page=0&size=100 " TASKS "?page=1&size=100 astravue_get_active_timers({})");
	/* the user's timer runs on one of this project's tasks */
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(f.result, "timer"),
	    "card")), "42");
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(f.result, "timer"),
	    "started_at")) == 1772359260000.0);
	/* the statuses in their order, one with no task among them, a name
	 * given twice one column */
	CHECK_INT(count(&f, "columns"), 4);
	for (int i = 0; i < 4; i++) {
		CHECK_STR(field(&f, "columns", i, "remote"), want[i]);
		CHECK_STR(field(&f, "columns", i, "name"), want[i]);
	}
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "order")), "local");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(f.result, "readonly")));
	CHECK_INT(count(&f, "cards"), 2);
	CHECK_STR(field(&f, "cards", 0, "remote"), "42");
	CHECK_STR(field(&f, "cards", 0, "title"), "Evil");
	CHECK_STR(field(&f, "cards", 0, "description"), "a\nb");
	CHECK_STR(field(&f, "cards", 0, "column"), "In Progress");
	CHECK_STR(field(&f, "cards", 0, "priority"), "high");
	CHECK_STR(field(&f, "cards", 0, "due_on"), "2026-03-20");
	CHECK_STR(field(&f, "cards", 0, "labels"), "backend, auth");
	CHECK_STR(field(&f, "cards", 0, "assignees"), "Sam Tester, kim@example.com, Solo");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(item(&f, "cards", 0), "completed")));
	CHECK_STR(field(&f, "cards", 1, "remote"), "45");
	CHECK_STR(field(&f, "cards", 1, "column"), "To Do");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "priority")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "due_on")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "labels")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "assignees")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "description")));
	free(paths);
	backend_fetch_clear(&f);

	/* a Guest only reads; an empty project still has its columns */
	backend_fetch_init(&f, FETCH_BOARD, "3/10");
	paths = walk(&f, guest, 4, &rc);
	CHECK_INT(rc, 0);
	/* a timer elsewhere is none here */
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(f.result, "timer")));
	CHECK(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "readonly")),
	    "Guest") != NULL);
	CHECK_INT(count(&f, "columns"), 1);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "cards")));
	CHECK_INT(count(&f, "cards"), 0);
	free(paths);
	backend_fetch_clear(&f);

	CHECK_INT(walk_end(be, &ba, FETCH_BOARD, "3/10", not_project, 3), -1);
	/* the tool's text is the list itself, not an envelope */
	CHECK_INT(walk_end(be, &ba, FETCH_BOARD, "3/10", bare_statuses, 3), -1);

	/* a board that is not "space/project" is not asked for */
	static const char *const bad[] = { "10", "3/../10", "../3/10", "3/10/", "0/10" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		backend_fetch_init(&f, FETCH_BOARD, bad[i]);
		paths = walk(&f, guest, 3, &rc);
		CHECK_INT(rc, -1);
		CHECK_STR(paths, "");
		free(paths);
		backend_fetch_clear(&f);
	}
}

static void
test_fetch_card(void)
{
	static const char *const pages[] = {
		ENV("[{\"commentId\":9,\"taskId\":42,\"comment\":\"<p>Hi <b>there</b></p>"
		"<p>a &amp; b\\u001b[2J</p>\",\"commentedBy\":{\"userId\":1,\"firstName\":\"Sam\","
		"\"lastName\":\"Tester\"},\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		"{\"commentId\":\"10\",\"comment\":\"text id\"},"
		"{\"commentId\":11,\"comment\":\"by nobody\",\"commentedBy\":{\"userId\":\"x\"}}]"),
		ENV("[{\"checklistId\":2,\"title\":\"Second\",\"completed\":false,\"position\":1},"
		"{\"checklistId\":1,\"title\":\"First\\u202e\",\"completed\":true,\"position\":0},"
		"{\"checklistId\":3,\"title\":\"Third\",\"position\":1},"
		"{\"checklistId\":0,\"title\":\"Zero\",\"position\":2}]"),
		ENV("[{\"timerId\":77,\"taskId\":42,\"type\":\"MANUAL\",\"startTime\":1772359200000,"
		"\"endTime\":1772362800000,\"duration\":3600000,\"running\":false},"
		"{\"timerId\":78,\"type\":\"TIMER\",\"startTime\":1772359200000,"
		"\"duration\":5000,\"running\":true},"
		"{\"timerId\":79,\"type\":\"RANGE\",\"duration\":90500,\"running\":false},"
		"{\"timerId\":80,\"duration\":500},"
		"{\"timerId\":\"81\",\"duration\":60000}]"),
	};
	static const char *const empty[] = { ENV("[]"), ENV("[]"), ENV("[]") };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_CARD, "42");
	f.board = xstrdup("3/10");
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, TASKS "/42/comments " TASKS "/42/checklists /time-track/tasks/42/timers");
	CHECK_INT(count(&f, "comments"), 2);
	CHECK_STR(field(&f, "comments", 0, "remote"), "9");
	CHECK(strstr(field(&f, "comments", 0, "body"), "Hi there") != NULL);
	CHECK(strstr(field(&f, "comments", 0, "body"), "a & b") != NULL);
	CHECK(strstr(field(&f, "comments", 0, "body"), "<") == NULL);
	CHECK(strchr(field(&f, "comments", 0, "body"), '\x1b') == NULL);
	CHECK_STR(field(&f, "comments", 0, "author"), "Sam Tester");
	CHECK_STR(field(&f, "comments", 0, "author_remote"), "1");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(item(&f, "comments", 0), "system")));
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(item(&f, "comments", 0), "created_at"))
	    == 1772359200000.0);
	CHECK_STR(field(&f, "comments", 1, "remote"), "11");
	CHECK(!cJSON_GetObjectItem(item(&f, "comments", 1), "author_remote"));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "comments", 1), "author")));
	/* the checklist by position (the same place: by id) */
	CHECK_INT(count(&f, "check_items"), 3);
	CHECK_STR(field(&f, "check_items", 0, "remote"), "1");
	CHECK_STR(field(&f, "check_items", 0, "text"), "First");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(item(&f, "check_items", 0), "done")));
	CHECK_STR(field(&f, "check_items", 1, "remote"), "2");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(item(&f, "check_items", 1), "done")));
	CHECK_STR(field(&f, "check_items", 2, "remote"), "3");
	/* time entries: a running timer is not one yet; ms to seconds */
	CHECK_INT(count(&f, "time_entries"), 2);
	CHECK_STR(field(&f, "time_entries", 0, "remote"), "77");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(item(&f, "time_entries", 0),
	    "seconds")), 3600);
	CHECK_STR(field(&f, "time_entries", 0, "date"), "2026-03-01");
	CHECK_STR(field(&f, "time_entries", 1, "remote"), "79");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(item(&f, "time_entries", 1),
	    "seconds")), 90);
	CHECK(!cJSON_GetObjectItem(item(&f, "time_entries", 1), "date"));
	free(paths);
	backend_fetch_clear(&f);

	/* a card with nothing still says so */
	backend_fetch_init(&f, FETCH_CARD, "42");
	f.board = xstrdup("3/10");
	paths = walk(&f, empty, 3, &rc);
	CHECK_INT(rc, 0);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "comments")));
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "check_items")));
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "time_entries")));
	free(paths);
	backend_fetch_clear(&f);

	/* without its board, or with a task that is not an id */
	backend_fetch_init(&f, FETCH_CARD, "42");
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_CARD, "4/2");
	f.board = xstrdup("3/10");
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	backend_fetch_clear(&f);
	/* a bare list is not the envelope */
	backend_fetch_init(&f, FETCH_CARD, "42");
	f.board = xstrdup("3/10");
	{
		static const char *const bare[] = { "[]" };
		paths = walk(&f, bare, 1, &rc);
	}
	CHECK_INT(rc, -1);
	free(paths);
	backend_fetch_clear(&f);
}

/* Walks a FETCH_ADOPT of op through pages; the candidates' ids joined. */
static char *
adopt_walk(const char *opjson, const char *const *pages, int n, int *rc, char **paths)
{
	cJSON *op = cJSON_Parse(opjson);
	struct backend_fetch f;
	struct strbuf sb = { 0 };
	const cJSON *c;

	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	*paths = walk(&f, pages, n, rc);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(f.result, "candidates"))
		sb_printf(&sb, "%s%s", sb.len ? " " : "", c->valuestring);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
	return sb_steal(&sb);
}

#define SINCE "\"me\":\"1\",\"since\":1772359200000"

static void
test_fetch_adopt(void)
{
	static const char *const tasks[] = {
		ENV("{\"tasks\":[{\"taskId\":41,\"taskTitle\":\"Write\",\"createdBy\":{\"userId\":1},"
		"\"createTime\":\"2026-03-01T10:00:00Z\"},"
		/* our clock may be ahead of the server's by a little */
		"{\"taskId\":42,\"taskTitle\":\"Write\",\"createdBy\":{\"userId\":1},"
		"\"createTime\":\"2026-03-01T09:56:00Z\"},"
		"{\"taskId\":43,\"taskTitle\":\"Write\",\"createdBy\":{\"userId\":1},"
		"\"createTime\":\"2026-03-01T09:50:00Z\"},"
		"{\"taskId\":44,\"taskTitle\":\"Other\",\"createdBy\":{\"userId\":1},"
		"\"createTime\":\"2026-03-01T10:00:00Z\"}],\"page\":0,\"last\":false}"),
		ENV("{\"tasks\":[{\"taskId\":45,\"taskTitle\":\"Write\",\"createdBy\":{\"userId\":2},"
		"\"createTime\":\"2026-03-01T10:00:00Z\"},"
		"{\"taskId\":46,\"taskTitle\":\"Write\",\"createdBy\":{\"userId\":1},"
		"\"createTime\":\"2026-03-01T10:01:00Z\"}],\"page\":1,\"last\":true}"),
	};
	static const char *const comments[] = {
		ENV("[{\"commentId\":1,\"commentedBy\":{\"userId\":2},\"comment\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		"{\"commentId\":2,\"commentedBy\":{\"userId\":1},\"comment\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:01Z\"},"
		"{\"commentId\":3,\"commentedBy\":{\"userId\":1},\"comment\":\"Hi\","
		"\"createdAt\":\"2020-01-01T00:00:00Z\"},"
		"{\"commentId\":4,\"commentedBy\":{\"userId\":1},\"comment\":\"Hello\","
		"\"createdAt\":\"2026-03-01T10:00:01Z\"}]"),
	};
	static const char *const items[] = {
		ENV("[{\"checklistId\":5,\"title\":\"Step\"},{\"checklistId\":6,\"title\":\"Other\"},"
		"{\"checklistId\":7,\"title\":\"Step\"}]"),
	};
	/* a manual entry made without a start begins its length before now */
	static const char *const timers[] = {
		ENV("[{\"timerId\":70,\"userId\":1,\"type\":\"MANUAL\",\"startTime\":1772359260000,"
		"\"duration\":60000,\"running\":false},"
		"{\"timerId\":71,\"userId\":1,\"type\":\"TIMER\",\"startTime\":1772359260000,"
		"\"duration\":60000},"
		"{\"timerId\":72,\"userId\":2,\"type\":\"MANUAL\",\"startTime\":1772359260000,"
		"\"duration\":60000},"
		"{\"timerId\":73,\"userId\":1,\"type\":\"MANUAL\",\"startTime\":1772359260000,"
		"\"duration\":120000},"
		"{\"timerId\":74,\"userId\":1,\"type\":\"MANUAL\",\"startTime\":1600000000000,"
		"\"duration\":60000}]"),
	};
	static const char *const long_timer[] = {
		ENV("[{\"timerId\":75,\"userId\":1,\"type\":\"MANUAL\",\"startTime\":1772355610000,"
		"\"endTime\":1772359210000,\"duration\":3600000,\"running\":false}]"),
	};
	char *paths, *got;
	int rc;

	got = adopt_walk("{\"op\":\"card.add\"," BOARD ",\"column\":\"To Do\",\"title\":\"Write\","
	    SINCE "}", tasks, 2, &rc, &paths);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, TASKS "?page=0&size=100 " TASKS "?page=1&size=100");
	CHECK_STR(got, "41 42 46");
	free(paths);
	free(got);

	got = adopt_walk("{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"Hi\","
	    SINCE "}", comments, 1, &rc, &paths);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, TASKS "/42/comments");
	CHECK_STR(got, "2");
	free(paths);
	free(got);

	got = adopt_walk("{\"op\":\"check.add\"," BOARD ",\"card\":\"42\",\"text\":\"Step\","
	    SINCE "}", items, 1, &rc, &paths);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, TASKS "/42/checklists");
	CHECK_STR(got, "5 7");
	free(paths);
	free(got);

	got = adopt_walk("{\"op\":\"time.add\"," BOARD ",\"card\":\"42\",\"seconds\":60,"
	    SINCE "}", timers, 1, &rc, &paths);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/time-track/tasks/42/timers");
	CHECK_STR(got, "70");
	free(paths);
	free(got);
	/* an hour logged: its start is an hour before it was sent */
	got = adopt_walk("{\"op\":\"time.add\"," BOARD ",\"card\":\"42\",\"seconds\":3600,"
	    SINCE "}", long_timer, 1, &rc, &paths);
	CHECK_INT(rc, 0);
	CHECK_STR(got, "75");
	free(paths);
	free(got);

	/* an op whose ids are not fit for a path is not looked for */
	got = adopt_walk("{\"op\":\"card.add\",\"board\":\"3/..\",\"title\":\"Write\"}", tasks, 1,
	    &rc, &paths);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	free(got);
	got = adopt_walk("{\"op\":\"comment.add\"," BOARD ",\"card\":\"4/2\",\"text\":\"Hi\"}",
	    comments, 1, &rc, &paths);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	free(got);
	got = adopt_walk("{\"op\":\"time.add\"," BOARD ",\"card\":\"x\",\"seconds\":60}", timers, 1,
	    &rc, &paths);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	free(got);
}

static void
test_table(void)
{
	char why[256];

	CHECK(backend_find("astravue") == be);
	CHECK_INT(backend_setting_index(be, "org"), 0);
	CHECK_INT(backend_setting_index(be, "client-secret"), 2);
	CHECK_INT(backend_setting_index(be, "mcp-url"), 5);
	CHECK(be->settings[0].flags & SETTING_REQUIRED);
	CHECK(be->settings[2].flags & SETTING_SECRET);
	CHECK(be->settings[3].def && be->settings[4].def && be->settings[5].def);
	CHECK(be->caps & CAP_COMMENTS && be->caps & CAP_CHECKLIST && be->caps & CAP_TIME &&
	    be->caps & CAP_PRIORITY && be->caps & CAP_DUE && be->caps & CAP_LABELS);
	CHECK(be->kept_local & CAP_REORDER && be->kept_local & CAP_COMPLETE);
	CHECK_INT(be->transports, TRANSPORT_REST | TRANSPORT_MCP);
	CHECK_INT(be->max_writes, 1);
	CHECK(be->rate_n > 0 && be->rate_n <= 100 && be->rate_window_ms == 60000);
	CHECK_INT(backend_can(be, CAP_COLUMN_EDIT, why, sizeof(why)), CAN_NOT);
	CHECK(strstr(why, "statuses") != NULL);
	CHECK(be->refresh && be->bearer && be->refreshed && be->login_url && be->login_req);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_cards);
	RUN(test_card_set);
	RUN(test_tools);
	RUN(test_time);
	RUN(test_kept_here);
	RUN(test_bad_ids);
	RUN(test_bad_org);
	RUN(test_creates_and_adopt);
	RUN(test_classify);
	RUN(test_parse_ack);
	RUN(test_login);
	RUN(test_tokens);
	RUN(test_query_value);
	RUN(test_me_and_picker);
	RUN(test_paging_trust);
	RUN(test_fetch_board);
	RUN(test_fetch_card);
	RUN(test_fetch_adopt);
	RUN(test_table);
	return T_DONE();
}
