/* The Vortask backend without a network: each op's request to the byte
 * (REST for tasks, MCP tool calls for comments), how errors are read in
 * REST's {errors, message} and as a tool's text, the board as four fixed
 * status columns, a card's comments with its history among them, lost
 * creates found again, and ids checked before they reach a path. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "lanes/text.h"
#include "answer.h"
#include "t.h"

static const struct backend_ops *be = &vortask_backend;
/* values[i] belongs to the service's settings[i]: url, mcp-url, token */
static const char *const values[] = { "https://vt.test/api", "https://vt.test/mcp", "vt_t0k" };
static struct backend_account ba = { .ops = &vortask_backend, .name = "v",
	.url = "https://vt.test/api", .values = values };

#define BOARD "\"board\":\"1\""
#define ME "0b1c2d3e-0000-4000-8000-00000000000a"

static char build_msg[sizeof(((struct lanes_err *)0)->msg)];

/* Builds op (JSON text, the board added unless it names one): 0/1/-1. */
static int
build(const char *json, struct backend_req *req)
{
	return build_with(be, &ba, BOARD, json, req, build_msg, sizeof(build_msg));
}

/* "METHOD path body" of op (an MCP call: "MCP url tool arguments"). */
static const char *
req_of(const char *json)
{
	static char buf[1024];
	struct backend_req r;
	int rc = build(json, &r);

	req_text(rc, &r, build_msg, buf, sizeof(buf));
	if (rc == 0 && r.transport != TRANSPORT_MCP)
		CHECK(r.write == !str_eq(r.method, "GET"));
	if (rc != 0)
		CHECK(!r.path && !r.body);
	backend_req_clear(&r);
	return buf;
}

static void
test_cards(void)
{
	/* priority is required on create; an empty description is not sent */
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"New\",\"title\":\"Write\","
	    "\"description\":\"\",\"index\":3}"),
	    "POST /projects/1/tasks {\"title\":\"Write\",\"priority\":\"Medium\"}");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"Active\",\"title\":\"W\","
	    "\"description\":\"two\\nlines\"}"),
	    "POST /projects/1/tasks {\"title\":\"W\",\"priority\":\"Medium\","
	    "\"description\":\"two\\nlines\"}");
	/* made outside New: the second step sets its status */
	CHECK_STR(req_of("{\"op\":\"card.add\",\"step\":1,\"column\":\"Active\","
	    "\"remote\":\"42\",\"title\":\"W\"}"), "PUT /projects/1/tasks/42 {\"status\":\"Active\"}");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"step\":1,\"column\":\"Doing\",\"remote\":\"42\"}"),
	    "rc -1: Vortask's columns are New, Active, Blocked and Closed, not \"Doing\"");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"step\":1,\"column\":\"Active\"}"),
	    "rc -1: card.add has no valid remote id");
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"42\",\"column\":\"Blocked\","
	    "\"index\":2,\"before\":\"43\"}"), "PUT /projects/1/tasks/42 {\"status\":\"Blocked\"}");
	/* a column is a status, spelt as Vortask spells it */
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"42\",\"column\":\"active\"}"),
	    "rc -1: Vortask's columns are New, Active, Blocked and Closed, not \"active\"");
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"42\"}"),
	    "rc -1: Vortask's columns are New, Active, Blocked and Closed, not \"?\"");
	CHECK_STR(req_of("{\"op\":\"card.delete\",\"remote\":\"42\"}"),
	    "DELETE /projects/1/tasks/42 -");
}

static void
test_card_set(void)
{
#define SET(f, v) "{\"op\":\"card.set\",\"remote\":\"42\",\"field\":\"" f "\",\"value\":" v "}"
	CHECK_STR(req_of(SET("title", "\"New\"")), "PUT /projects/1/tasks/42 {\"title\":\"New\"}");
	CHECK_STR(req_of(SET("title", "\"\"")), "rc -1: a card needs a title");
	CHECK_STR(req_of(SET("description", "\"a\\nb\"")),
	    "PUT /projects/1/tasks/42 {\"description\":\"a\\nb\"}");
	/* null clears a description and a due date */
	CHECK_STR(req_of(SET("description", "\"\"")),
	    "PUT /projects/1/tasks/42 {\"description\":null}");
	CHECK_STR(req_of(SET("due_on", "\"2026-04-01\"")),
	    "PUT /projects/1/tasks/42 {\"dueDate\":\"2026-04-01\"}");
	CHECK_STR(req_of(SET("due_on", "null")), "PUT /projects/1/tasks/42 {\"dueDate\":null}");
	CHECK_STR(req_of(SET("due_on", "\"\"")), "PUT /projects/1/tasks/42 {\"dueDate\":null}");
	/* priorities as Vortask's enum; a task always has one */
	CHECK_STR(req_of(SET("priority", "\"low\"")),
	    "PUT /projects/1/tasks/42 {\"priority\":\"Low\"}");
	CHECK_STR(req_of(SET("priority", "\"HIGH\"")),
	    "PUT /projects/1/tasks/42 {\"priority\":\"High\"}");
	CHECK_STR(req_of(SET("priority", "\"\"")), "rc -1: Vortask's tasks always have a "
	    "priority: Low, Medium or High, not \"none\"");
	CHECK_STR(req_of(SET("priority", "null")), "rc -1: Vortask's tasks always have a "
	    "priority: Low, Medium or High, not \"none\"");
	CHECK_STR(req_of(SET("priority", "\"urgent\"")), "rc -1: Vortask's tasks always have a "
	    "priority: Low, Medium or High, not \"urgent\"");
	/* tags replace the whole list */
	CHECK_STR(req_of(SET("labels", "\"a, b\"")),
	    "PUT /projects/1/tasks/42 {\"tags\":[\"a\",\"b\"]}");
	CHECK_STR(req_of(SET("labels", "\" bug , ,ui\"")),
	    "PUT /projects/1/tasks/42 {\"tags\":[\"bug\",\"ui\"]}");
	CHECK_STR(req_of(SET("labels", "\"\"")), "PUT /projects/1/tasks/42 {\"tags\":[]}");
	CHECK_STR(req_of(SET("labels", "null")), "PUT /projects/1/tasks/42 {\"tags\":[]}");
	/* what Vortask has no field for stays here */
	CHECK_STR(req_of(SET("start_on", "\"2026-04-01\"")),
	    "rc 1: kept on this machine only: Vortask has no start_on");
	CHECK_STR(req_of(SET("assignees", "\"Ada\"")),
	    "rc 1: kept on this machine only: Vortask has no assignees");
#undef SET
}

static void
test_comments(void)
{
	struct backend_req r;

	/* over MCP: the server's URL, the tool, integer ids */
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"42\",\"text\":\"Hi \\\"you\\\"\"}"),
	    "MCP https://vt.test/mcp add_comment {\"taskId\":42,\"projectId\":1,"
	    "\"content\":\"Hi \\\"you\\\"\"}");
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"42\"}"),
	    "MCP https://vt.test/mcp add_comment {\"taskId\":42,\"projectId\":1,\"content\":\"\"}");
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"42\",\"remote\":\"9\"}"),
	    "MCP https://vt.test/mcp delete_comment {\"commentId\":9,\"taskId\":42,"
	    "\"projectId\":1}");
	/* the largest id there is survives the trip through a JSON number */
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"999999999999999\","
	    "\"remote\":\"123456789012345\"}"),
	    "MCP https://vt.test/mcp delete_comment {\"commentId\":123456789012345,"
	    "\"taskId\":999999999999999,\"projectId\":1}");
	CHECK_INT(build("{\"op\":\"comment.add\",\"card\":\"42\",\"text\":\"x\"}", &r), 0);
	CHECK_INT(r.transport, TRANSPORT_MCP);
	CHECK_STR(r.tool, "add_comment");
	CHECK(r.write);
	CHECK(be->transports & TRANSPORT_MCP);
	backend_req_clear(&r);
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"42\"}"),
	    "rc -1: comment.delete has no valid remote id");
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"x\",\"text\":\"x\"}"),
	    "rc -1: comment.add has no valid card id");
}

static void
test_kept_here(void)
{
	struct backend_req r;
	static const char *const local[] = {
		"{\"op\":\"card.complete\",\"remote\":\"42\",\"completed\":true}",
		"{\"op\":\"check.add\",\"card\":\"42\",\"text\":\"Step\"}",
		"{\"op\":\"check.set\",\"card\":\"42\",\"remote\":\"i1\",\"done\":true}",
		"{\"op\":\"check.move\",\"card\":\"42\",\"remote\":\"i1\",\"index\":0}",
		"{\"op\":\"check.delete\",\"card\":\"42\",\"remote\":\"i1\"}",
		"{\"op\":\"time.add\",\"card\":\"42\",\"seconds\":60}",
	};
	static const char *const refused[] = {
		"{\"op\":\"column.add\",\"name\":\"QA\"}",
		"{\"op\":\"column.rename\",\"remote\":\"New\",\"name\":\"Todo\"}",
		"{\"op\":\"column.place\",\"remote\":\"New\",\"index\":1}",
		"{\"op\":\"column.delete\",\"remote\":\"New\"}",
		/* an op nobody knows is not quietly done */
		"{\"op\":\"no.such\"}",
		"{\"title\":\"no op\"}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(local); i++) {
		CHECK_INT(build(local[i], &r), 1);
		CHECK(!r.path);
		CHECK(strstr(build_msg, "kept on this machine") != NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		CHECK_INT(build(refused[i], &r), -1);
		CHECK(!r.path);
		CHECK(strstr(build_msg, "kept on this machine") == NULL);
	}
	CHECK_STR(req_of("{\"op\":\"column.add\",\"name\":\"QA\"}"),
	    "rc -1: Vortask has no \"column.add\"");
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
		"{\"op\":\"card.move\",\"remote\":\"%s\",\"column\":\"New\"}",
		"{\"op\":\"card.add\",\"step\":1,\"remote\":\"%s\",\"column\":\"Active\"}",
		"{\"op\":\"comment.add\",\"card\":\"%s\",\"text\":\"x\"}",
		"{\"op\":\"comment.delete\",\"card\":\"42\",\"remote\":\"%s\"}",
		"{\"op\":\"comment.delete\",\"card\":\"%s\",\"remote\":\"9\"}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
			char *json = xasprintf(ops[k], ids[i]);
			CHECK_INT(build(json, &r), -1);
			CHECK(!r.path && !r.body);
			free(json);
		}
	/* no id at all */
	CHECK_INT(build("{\"op\":\"card.delete\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"card.delete\",\"remote\":42}", &r), -1);
	/* a board that is not a project id */
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		static const char *const board_ops[] = {
			"{\"op\":\"card.add\",\"board\":\"%s\",\"column\":\"New\",\"title\":\"x\"}",
			"{\"op\":\"card.delete\",\"board\":\"%s\",\"remote\":\"42\"}",
			"{\"op\":\"comment.add\",\"board\":\"%s\",\"card\":\"42\",\"text\":\"x\"}",
		};
		for (size_t k = 0; k < ARRAY_SIZE(board_ops); k++) {
			char *json = xasprintf(board_ops[k], ids[i]);
			cJSON *op = cJSON_Parse(json);
			struct lanes_err e = { "" };

			CHECK_INT(be->build(&ba, op, &r, &e), -1);
			CHECK(!r.path && !r.body);
			CHECK(strstr(e.msg, "board") != NULL);
			cJSON_Delete(op);
			free(json);
		}
	}
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

	CHECK(creates("{\"op\":\"card.add\"," BOARD ",\"column\":\"New\"}"));
	CHECK(creates("{\"op\":\"card.add\"," BOARD ",\"column\":\"Active\",\"step\":0}"));
	/* the status step only changes what exists */
	CHECK(!creates("{\"op\":\"card.add\"," BOARD ",\"column\":\"Active\",\"step\":1}"));
	CHECK(creates("{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\"}"));
	CHECK(!creates("{\"op\":\"comment.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"9\"}"));
	CHECK(!creates("{\"op\":\"card.set\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"card.move\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}"));
	CHECK(!creates("{\"op\":\"check.add\"," BOARD ",\"card\":\"42\"}"));
	CHECK(!creates("{\"op\":\"column.add\"," BOARD "}"));

	/* found again: as if the create's answer had come, the move to follow */
	op = cJSON_Parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"Closed\",\"title\":\"W\"}");
	CHECK_INT(be->adopt(&ba, op, "42", &ack, &e), 0);
	CHECK_STR(ack.remote, "42");
	CHECK(ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(be->adopt(&ba, op, "4/2", &ack, &e), -1);
	CHECK(!ack.remote);
	CHECK_INT(be->adopt(&ba, op, "0", &ack, &e), -1);
	cJSON_Delete(op);
	op = cJSON_Parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"New\",\"title\":\"W\"}");
	CHECK_INT(be->adopt(&ba, op, "42", &ack, &e), 0);
	CHECK_STR(ack.remote, "42");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	cJSON_Delete(op);
	op = cJSON_Parse("{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"Hi\"}");
	CHECK_INT(be->adopt(&ba, op, "9", &ack, &e), 0);
	CHECK_STR(ack.remote, "9");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	cJSON_Delete(op);
}

static enum backend_verdict
classify(const char *op, long status, enum http_fail fail, const char *body, char *msg)
{
	return classify_with(be, op, status, fail, body, msg);
}

#define CARD_DELETE "{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}"
#define COMMENT_ADD "{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"Hi\"}"
#define COMMENT_DELETE "{\"op\":\"comment.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"9\"}"

static void
test_classify(void)
{
	char msg[512];

	CHECK_INT(classify(NULL, 200, HTTP_OK, "[]", msg), BV_OK);
	CHECK_INT(classify(CARD_DELETE, 204, HTTP_OK, "", msg), BV_OK);
	CHECK_INT(classify(NULL, 0, HTTP_FAIL_RESET, "", msg), BV_RETRY);
	CHECK(strstr(msg, "reset") != NULL);
	/* REST's words: the message, then each error, every piece cleaned */
	CHECK_INT(classify(NULL, 400, HTTP_OK, "{\"errors\":[\"Title is required.\","
	    "\"Priority\\u001b[31m is\\u202e bad.\"],\"message\":\"Validation failed\"}", msg),
	    BV_PARK);
	CHECK_STR(msg, "400: Validation failed: Title is required.; Priority is bad.");
	CHECK_INT(classify(NULL, 400, HTTP_OK, "{\"errors\":[\"A.\",\"B.\"]}", msg), BV_PARK);
	CHECK_STR(msg, "400: A.; B.");
	CHECK_INT(classify(NULL, 401, HTTP_OK, "{\"errors\":[],\"message\":\"Unauthorized\"}",
	    msg), BV_AUTH);
	CHECK_STR(msg, "401: Unauthorized");
	CHECK_INT(classify(CARD_DELETE, 403, HTTP_OK, "{\"errors\":[\"Only an Admin may delete "
	    "tasks.\"],\"message\":\"Forbidden\"}", msg), BV_PARK);
	CHECK_STR(msg, "403: Forbidden: Only an Admin may delete tasks.");
	/* gone already: a delete is done, anything else is not */
	CHECK_INT(classify(CARD_DELETE, 404, HTTP_OK, "{\"message\":\"Task not found.\"}", msg),
	    BV_OK);
	CHECK_INT(classify("{\"op\":\"card.move\"}", 404, HTTP_OK, "{\"message\":\"Task not "
	    "found.\"}", msg), BV_PARK);
	CHECK_STR(msg, "404: Task not found.");
	CHECK_INT(classify(NULL, 404, HTTP_OK, "{}", msg), BV_PARK);
	CHECK_STR(msg, "404: no message from the server");
	/* a tool's refusal is its text */
	CHECK_INT(classify(COMMENT_DELETE, 422, HTTP_OK, "Comment 9 not found.", msg), BV_OK);
	CHECK_INT(classify(COMMENT_ADD, 422, HTTP_OK, "Task 42 not found.", msg), BV_PARK);
	CHECK_STR(msg, "422: Task 42 not found.");
	CHECK_INT(classify(COMMENT_DELETE, 422, HTTP_OK, "You may delete only your own "
	    "comments.", msg), BV_PARK);
	CHECK_STR(msg, "422: You may delete only your own comments.");
	/* a 404 over MCP is the transport's (no such server or session), not
	 * the comment's: the delete has not happened */
	CHECK_INT(classify(COMMENT_DELETE, 404, HTTP_OK, "{\"jsonrpc\":\"2.0\",\"id\":null,"
	    "\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", msg), BV_PARK);
	CHECK_STR(msg, "404: Session not found");
	CHECK_INT(classify(COMMENT_ADD, 400, HTTP_OK, "JSON-RPC error -32602: Invalid "
	    "params", msg), BV_PARK);
	CHECK_STR(msg, "400: JSON-RPC error -32602: Invalid params");
	/* text that is not JSON is the server's words, cleaned */
	CHECK_INT(classify(NULL, 418, HTTP_OK, "teapot\x1b[2J here\x07", msg), BV_PARK);
	CHECK_STR(msg, "418: teapot here\xef\xbf\xbd");
	CHECK_INT(classify(NULL, 418, HTTP_OK, "", msg), BV_PARK);
	CHECK_STR(msg, "418: no message from the server");
	/* words longer than a message holds are cut on a character's edge */
	for (int n = 37; n <= 40; n++) {
		struct strbuf sb = { 0 };
		char *again;

		sb_puts(&sb, "{\"message\":\"Validation failed\",\"errors\":[");
		for (int i = 0; i < 10; i++) {
			sb_printf(&sb, "%s\"", i ? "," : "");
			for (int k = 0; k < n; k++)
				sb_puts(&sb, "\xe2\x86\x92");
			sb_puts(&sb, "\"");
		}
		sb_puts(&sb, "]}");
		CHECK_INT(classify(NULL, 400, HTTP_OK, sb.buf, msg), BV_PARK);
		again = text_sanitize(msg, strlen(msg));
		CHECK_STR(again, msg);
		CHECK(strlen(msg) > 400);
		free(again);
		sb_free(&sb);
	}
	CHECK_INT(classify(NULL, 429, HTTP_OK, "{}", msg), BV_RATE);
	CHECK_INT(classify(NULL, 500, HTTP_OK, "{}", msg), BV_RETRY);
	CHECK_INT(classify(NULL, 503, HTTP_OK, "<html>", msg), BV_RETRY);
	CHECK_INT(classify(COMMENT_ADD, 502, HTTP_OK, "", msg), BV_RETRY);
}

static int
parse(const char *opjson, const char *body, struct backend_ack *ack)
{
	cJSON *op = cJSON_Parse(opjson);
	struct lanes_err e = { "" };
	int rc = be->parse(&ba, op, answer(body, strlen(body)), ack, &e);

	cJSON_Delete(op);
	return rc;
}

static void
test_parse_ack(void)
{
	struct backend_ack ack;

	CHECK_INT(parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"New\"}", "{\"id\":42,"
	    "\"title\":\"x\",\"status\":\"New\"}", &ack), 0);
	CHECK_STR(ack.remote, "42");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	/* made outside New: a second step sets the status */
	CHECK_INT(parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"Blocked\"}", "{\"id\":43}",
	    &ack), 0);
	CHECK_STR(ack.remote, "43");
	CHECK(ack.more);
	backend_ack_clear(&ack);
	/* ...whose answer ends the op */
	CHECK_INT(parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"Blocked\",\"step\":1,"
	    "\"remote\":\"43\"}", "{\"id\":43,\"status\":\"Blocked\"}", &ack), 0);
	CHECK(!ack.remote && !ack.more);
	/* the tool's text is the comment */
	CHECK_INT(parse(COMMENT_ADD, "{\"id\":9,\"taskId\":42,\"content\":\"Hi\"}", &ack), 0);
	CHECK_STR(ack.remote, "9");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "<html>", &ack), -1);
	CHECK(!ack.remote);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "{\"id\":\"42\"}", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "{\"id\":0}", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "{\"id\":4.5}", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "{\"id\":1e15}", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "[{\"id\":42}]", &ack), -1);
	CHECK_INT(parse(COMMENT_ADD, "Comment added", &ack), -1);
	/* a PUT answers the task: nothing to keep; a junk 200 is an answer
	 * lost on the way, and the PUT goes again */
	CHECK_INT(parse("{\"op\":\"card.move\"}", "{\"id\":42,\"status\":\"Closed\"}", &ack), 0);
	CHECK(!ack.remote);
	CHECK_INT(parse("{\"op\":\"card.move\"}", "", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.set\"}", "<html>oops", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\",\"step\":1}", "{}", &ack), -1);
	CHECK_INT(parse(CARD_DELETE, "", &ack), 0);
	CHECK_INT(parse(COMMENT_DELETE, "{\"deleted\":true,\"commentId\":9}", &ack), 0);
	CHECK(!ack.remote);
}

/* Walks f through pages; the paths asked, space-separated. */
static char *
walk(struct backend_fetch *f, const char *const *pages, int n, int *rc)
{
	return walk_pages(be, &ba, f, pages, n, rc);
}

static void
test_me_and_picker(void)
{
	static const char *const me[] = { "{\"id\":\"" ME "\",\"email\":\"a@x.io\","
		"\"displayName\":\"Ada\\u001b[1m L\",\"createdAt\":\"2026-03-01T10:00:00Z\"}" };
	static const char *const bad_me[] = { "{\"id\":\"../x\",\"displayName\":\"Ada\"}" };
	static const char *const projects[] = { "[{\"id\":1,\"name\":\"Road\\u0007map\","
		"\"myRole\":\"Admin\",\"taskCount\":3},{\"id\":\"2\",\"name\":\"Text id\"},"
		"{\"id\":-3,\"name\":\"Negative\"},{\"id\":1.5,\"name\":\"Half\"},"
		"{\"name\":\"None\"},\"junk\",{\"id\":1000000000000000,\"name\":\"Too long\"},"
		"{\"id\":999999999999999,\"name\":\"Longest\"},"
		"{\"id\":7,\"name\":\"Seven\",\"myRole\":\"Viewer\"}]" };
	static const char *const not_list[] = { "{\"projects\":[]}" };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_ME, NULL);
	paths = walk(&f, me, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/profile");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "remote")), ME);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "name")), "Ada L");
	free(paths);
	backend_fetch_clear(&f);

	CHECK_INT(walk_end(be, &ba, FETCH_ME, NULL, bad_me, 1), -1);

	/* one level: the projects, with integer ids kept as text */
	CHECK_STR(be->picker[0], "project");
	CHECK(!be->picker[1]);
	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	paths = walk(&f, projects, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/projects");
	/* an id longer than any a path takes is not offered */
	CHECK_INT(count(&f, "items"), 3);
	CHECK_STR(field(&f, "items", 0, "remote"), "1");
	CHECK_STR(field(&f, "items", 0, "name"), "Road\xef\xbf\xbd" "map");
	CHECK_STR(field(&f, "items", 1, "remote"), "999999999999999");
	CHECK_STR(field(&f, "items", 2, "remote"), "7");
	CHECK_STR(field(&f, "items", 2, "name"), "Seven");
	free(paths);
	backend_fetch_clear(&f);

	CHECK_INT(walk_end(be, &ba, FETCH_LEVEL, NULL, not_list, 1), -1);

	/* no event feed: the engine refreshes the board whole */
	CHECK(!(be->caps & CAP_EVENTS));
	CHECK_INT(walk_end(be, &ba, FETCH_EVENTS, "1", me, 1), -1);
}

static void
test_fetch_board(void)
{
	static const char *const pages[] = {
		"{\"id\":1,\"name\":\"P\",\"myRole\":\"Viewer\",\"taskCount\":5}",
		"[{\"id\":42,\"title\":\"\\u001b]52;c;aGk=\\u0007Evil\\u202e\",\"description\":"
		"\"a\\r\\nb\\u001b[2J\",\"status\":\"Active\",\"priority\":\"High\","
		"\"dueDate\":\"2026-03-20T00:00:00Z\",\"tags\":[\"backend\",\"auth\\u001b[31m\","
		"\"\",7],\"assignees\":[{\"userId\":\"u1\",\"email\":\"alice@x.io\","
		"\"displayName\":\"Alice\"},{\"userId\":\"u2\",\"email\":\"bob@x.io\"},"
		"{\"userId\":\"u3\",\"email\":\"cy@x.io\",\"displayName\":\"\"}],"
		"\"createdAt\":\"2026-03-01T09:00:00Z\",\"updatedAt\":\"2026-03-15T14:22:00Z\"},"
		"{\"id\":43,\"title\":\"Odd\",\"status\":\"Archived\",\"priority\":\"Low\"},"
		"{\"id\":44,\"title\":\"Lower\",\"status\":\"new\"},"
		"{\"id\":\"45\",\"title\":\"Text id\",\"status\":\"New\"},"
		"{\"id\":0,\"title\":\"Zero\",\"status\":\"New\"},"
		"{\"title\":\"None\",\"status\":\"New\"},"
		"{\"id\":46,\"title\":\"Plain\",\"status\":\"New\",\"priority\":\"Urgent\","
		"\"dueDate\":\"2026-02-30T00:00:00Z\",\"tags\":[],\"assignees\":[]},"
		"{\"id\":47,\"title\":\"Day\",\"status\":\"Closed\",\"priority\":\"Medium\","
		"\"dueDate\":\"2026-03-17\",\"description\":null}]",
	};
	static const char *const member[] = { "{\"id\":1,\"name\":\"P\",\"myRole\":\"Member\"}",
		"[]" };
	static const char *const not_project[] = { "[]", "[]" };
	static const char *const want[] = { "New", "Active", "Blocked", "Closed" };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_BOARD, "1");
	paths = walk(&f, pages, 2, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/projects/1 /projects/1/tasks");
	/* four fixed columns, the statuses in order; no order among cards */
	CHECK_INT(count(&f, "columns"), 4);
	for (int i = 0; i < 4; i++) {
		CHECK_STR(field(&f, "columns", i, "remote"), want[i]);
		CHECK_STR(field(&f, "columns", i, "name"), want[i]);
	}
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "order")), "local");
	CHECK(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "readonly")),
	    "Viewer") != NULL);
	CHECK_INT(count(&f, "cards"), 3);
	CHECK_STR(field(&f, "cards", 0, "remote"), "42");
	CHECK_STR(field(&f, "cards", 0, "title"), "Evil");
	CHECK_STR(field(&f, "cards", 0, "description"), "a\nb");
	CHECK_STR(field(&f, "cards", 0, "column"), "Active");
	CHECK_STR(field(&f, "cards", 0, "priority"), "high");
	CHECK_STR(field(&f, "cards", 0, "due_on"), "2026-03-20");
	CHECK_STR(field(&f, "cards", 0, "labels"), "backend, auth");
	/* a name where there is one, else the email */
	CHECK_STR(field(&f, "cards", 0, "assignees"), "Alice, bob@x.io, cy@x.io");
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(item(&f, "cards", 0), "completed")));
	CHECK(!cJSON_GetObjectItem(item(&f, "cards", 0), "tags"));
	CHECK_STR(field(&f, "cards", 1, "remote"), "46");
	CHECK_STR(field(&f, "cards", 1, "column"), "New");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "priority")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "due_on")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "labels")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "assignees")));
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(item(&f, "cards", 1), "description")));
	CHECK_STR(field(&f, "cards", 2, "remote"), "47");
	CHECK_STR(field(&f, "cards", 2, "column"), "Closed");
	CHECK_STR(field(&f, "cards", 2, "priority"), "medium");
	CHECK_STR(field(&f, "cards", 2, "due_on"), "2026-03-17");
	free(paths);
	backend_fetch_clear(&f);

	/* a Member may change the board; an empty project still has its columns */
	backend_fetch_init(&f, FETCH_BOARD, "1");
	paths = walk(&f, member, 2, &rc);
	CHECK_INT(rc, 0);
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(f.result, "readonly")));
	CHECK_INT(count(&f, "columns"), 4);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(f.result, "cards")));
	CHECK_INT(count(&f, "cards"), 0);
	free(paths);
	backend_fetch_clear(&f);

	CHECK_INT(walk_end(be, &ba, FETCH_BOARD, "1", not_project, 2), -1);

	/* a project that is not an id is not asked for */
	backend_fetch_init(&f, FETCH_BOARD, "../1");
	paths = walk(&f, member, 2, &rc);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "");
	free(paths);
	backend_fetch_clear(&f);
}

static void
test_fetch_card(void)
{
	static const char *const pages[] = {
		"[{\"id\":9,\"taskId\":42,\"content\":\"Hi\\u001b[2J\\nthere\",\"authorId\":\"" ME
		"\",\"authorName\":\"Ada\\u202e\",\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		"{\"id\":\"10\",\"content\":\"text id\"},"
		"{\"id\":11,\"content\":\"by nobody\",\"authorId\":\"../u\"}]",
		"[{\"id\":7,\"actorId\":\"u1\",\"actorName\":\"Alice\",\"action\":\"StatusChanged\","
		"\"detail\":\"New \xe2\x86\x92 Active\",\"createdAt\":\"2026-03-15T14:22:00Z\"},"
		"{\"id\":6,\"actorName\":\"Bo\",\"action\":\"DueDateChanged\","
		"\"detail\":\"\\u001b[31m2026-04-01\"},"
		"{\"id\":5,\"actorName\":\"Alice\",\"action\":\"Created\","
		"\"createdAt\":\"2026-03-01T09:00:00Z\"},"
		"{\"id\":4,\"action\":\"Renamed\",\"detail\":\"x\"},"
		"{\"id\":3},"
		"{\"id\":\"2\",\"action\":\"Created\"}]",
	};
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_CARD, "42");
	f.board = xstrdup("1");
	paths = walk(&f, pages, 2, &rc);
	CHECK_INT(rc, 0);
	/* comments are read with the MCP tool, the history over REST */
	CHECK_STR(paths, "list_comments({\"taskId\":42,\"projectId\":1}) "
	    "/projects/1/tasks/42/history");
	CHECK_INT(count(&f, "comments"), 7);
	CHECK_STR(field(&f, "comments", 0, "remote"), "9");
	CHECK_STR(field(&f, "comments", 0, "body"), "Hi\nthere");
	CHECK_STR(field(&f, "comments", 0, "author"), "Ada");
	CHECK_STR(field(&f, "comments", 0, "author_remote"), ME);
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(item(&f, "comments", 0), "system")));
	/* 1772359200000 ms is 2026-03-01T10:00:00Z */
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(item(&f, "comments", 0), "created_at"))
	    == 1772359200000.0);
	CHECK_STR(field(&f, "comments", 1, "remote"), "11");
	CHECK(!cJSON_GetObjectItem(item(&f, "comments", 1), "author_remote"));
	/* the history: the service's own lines, numbered apart from comments */
	CHECK_STR(field(&f, "comments", 2, "remote"), "history-7");
	CHECK_STR(field(&f, "comments", 2, "body"),
	    "changed the status: New \xe2\x86\x92 Active");
	CHECK_STR(field(&f, "comments", 2, "author"), "Alice");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(item(&f, "comments", 2), "system")));
	CHECK_STR(field(&f, "comments", 3, "body"), "changed the due date: 2026-04-01");
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(item(&f, "comments", 3), "created_at"))
	    == -1);
	CHECK_STR(field(&f, "comments", 4, "remote"), "history-5");
	CHECK_STR(field(&f, "comments", 4, "body"), "created the task");
	CHECK_STR(field(&f, "comments", 5, "body"), "Renamed: x");
	CHECK_STR(field(&f, "comments", 6, "remote"), "history-3");
	CHECK_STR(field(&f, "comments", 6, "body"), "changed it");
	CHECK(!cJSON_GetObjectItem(f.result, "check_items") ||
	    count(&f, "check_items") == 0);
	free(paths);
	backend_fetch_clear(&f);

	/* without its board a card cannot be fetched */
	CHECK_INT(walk_end(be, &ba, FETCH_CARD, "42", pages, 2), -1);
	backend_fetch_init(&f, FETCH_CARD, "4/2");
	f.board = xstrdup("1");
	paths = walk(&f, pages, 2, &rc);
	CHECK_INT(rc, -1);
	free(paths);
	backend_fetch_clear(&f);
}

static void
test_fetch_adopt(void)
{
	static const char *const tasks[] = {
		"[{\"id\":41,\"title\":\"Write\",\"status\":\"New\","
		"\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		/* our clock may be ahead of the server's by a little */
		"{\"id\":42,\"title\":\"Write\",\"status\":\"New\","
		"\"createdAt\":\"2026-03-01T09:56:00Z\"},"
		"{\"id\":43,\"title\":\"Write\",\"status\":\"New\","
		"\"createdAt\":\"2026-03-01T09:50:00Z\"},"
		"{\"id\":44,\"title\":\"Other\",\"status\":\"New\","
		"\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		"{\"id\":\"45\",\"title\":\"Write\",\"createdAt\":\"2026-03-01T10:00:00Z\"}]",
	};
	static const char *const comments[] = {
		"[{\"id\":1,\"authorId\":\"0b1c2d3e-0000-4000-8000-00000000000b\",\"content\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:00Z\"},"
		"{\"id\":2,\"authorId\":\"" ME "\",\"content\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:01Z\"},"
		"{\"id\":3,\"authorId\":\"" ME "\",\"content\":\"Hi\","
		"\"createdAt\":\"2020-01-01T00:00:00Z\"},"
		"{\"id\":4,\"authorId\":\"" ME "\",\"content\":\"Hello\","
		"\"createdAt\":\"2026-03-01T10:00:01Z\"}]",
	};
	cJSON *op = cJSON_Parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"Active\","
	    "\"title\":\"Write\",\"me\":\"" ME "\",\"since\":1772359200000}");
	const cJSON *c;
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, tasks, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/projects/1/tasks");
	c = cJSON_GetObjectItem(f.result, "candidates");
	/* newest first: of two with the title, the later is likelier ours */
	CHECK_INT(cJSON_GetArraySize(c), 2);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 0)), "42");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 1)), "41");
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);

	op = cJSON_Parse("{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"Hi\","
	    "\"me\":\"" ME "\",\"since\":1772359200000}");
	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, comments, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "list_comments({\"taskId\":42,\"projectId\":1})");
	c = cJSON_GetObjectItem(f.result, "candidates");
	CHECK_INT(cJSON_GetArraySize(c), 1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 0)), "2");
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);

	/* an op whose ids are not fit for a path is not looked for */
	op = cJSON_Parse("{\"op\":\"card.add\",\"board\":\"1/..\",\"title\":\"Write\"}");
	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, tasks, 1, &rc);
	CHECK_INT(rc, -1);
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

static void
test_table(void)
{
	char why[256];

	CHECK(backend_find("vortask") == be);
	CHECK_INT(backend_setting_index(be, "url"), 0);
	CHECK_INT(backend_setting_index(be, "mcp-url"), 1);
	CHECK_INT(backend_setting_index(be, "token"), 2);
	CHECK_STR(backend_setting(&ba, "mcp-url"), "https://vt.test/mcp");
	CHECK(be->settings[2].flags & SETTING_SECRET);
	CHECK(be->settings[2].flags & SETTING_REQUIRED);
	CHECK(be->settings[0].def && be->settings[1].def);
	CHECK(be->caps & CAP_COMMENTS && be->caps & CAP_PRIORITY && be->caps & CAP_DUE &&
	    be->caps & CAP_LABELS);
	CHECK(be->kept_local & CAP_REORDER && be->kept_local & CAP_CHECKLIST &&
	    be->kept_local & CAP_TIME && be->kept_local & CAP_COMPLETE);
	CHECK_INT(be->transports, TRANSPORT_REST | TRANSPORT_MCP);
	CHECK_INT(be->max_writes, 1);
	CHECK_INT(backend_can(be, CAP_COLUMN_EDIT, why, sizeof(why)), CAN_NOT);
	CHECK(strstr(why, "four statuses") != NULL);
	CHECK_INT(backend_can(be, CAP_CHECKLIST, why, sizeof(why)), CAN_LOCAL);
	CHECK(!be->refresh && !be->bearer);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_cards);
	RUN(test_card_set);
	RUN(test_comments);
	RUN(test_kept_here);
	RUN(test_bad_ids);
	RUN(test_creates_and_adopt);
	RUN(test_classify);
	RUN(test_parse_ack);
	RUN(test_me_and_picker);
	RUN(test_fetch_board);
	RUN(test_fetch_card);
	RUN(test_fetch_adopt);
	RUN(test_table);
	return T_DONE();
}
