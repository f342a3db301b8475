/* The Asana backend without a network: the requests it builds from ops,
 * how it reads answers and errors, and how it walks paginated lists. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "answer.h"
#include "t.h"

static const struct backend_ops *be = &asana_backend;
static struct backend_account ba = { .ops = &asana_backend, .name = "t" };

/* What the last build() said when it refused. */
static char build_msg[sizeof(((struct lanes_err *)0)->msg)];

/* Builds op (JSON text) and returns 0/1/-1; req filled. */
static int
build(const char *json, struct backend_req *req)
{
	cJSON *op = cJSON_Parse(json);
	struct lanes_err e = { "" };
	int rc = be->build(&ba, op, req, &e);

	memcpy(build_msg, e.msg, sizeof(build_msg));
	cJSON_Delete(op);
	return rc;
}

/* The request's body, data object as compact JSON text ("" when none). */
static const char *
data_of(const struct backend_req *req)
{
	static char buf[1024];
	cJSON *root = req->body ? cJSON_Parse(req->body) : NULL;
	char *s = root ? cJSON_PrintUnformatted(cJSON_GetObjectItem(root, "data")) : NULL;

	snprintf(buf, sizeof(buf), "%s", s ? s : "");
	free(s);
	cJSON_Delete(root);
	return buf;
}

static void
test_card_add(void)
{
	struct backend_req r;

	CHECK_INT(build("{\"op\":\"card.add\",\"board\":\"12\",\"column\":\"34\","
	    "\"title\":\"Write spec\",\"description\":\"\",\"before\":\"56\"}", &r), 0);
	CHECK_STR(r.method, "POST");
	CHECK_STR(r.path, "/tasks");
	CHECK(r.write);
	CHECK_STR(data_of(&r), "{\"name\":\"Write spec\",\"memberships\":"
	    "[{\"project\":\"12\",\"section\":\"34\"}]}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.add\",\"step\":1,\"board\":\"12\",\"column\":\"34\","
	    "\"remote\":\"78\",\"title\":\"x\",\"before\":\"56\",\"after\":\"90\"}", &r), 0);
	CHECK_STR(r.path, "/sections/34/addTask");
	CHECK_STR(data_of(&r), "{\"task\":\"78\",\"insert_before\":\"56\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.add\",\"board\":\"12\",\"column\":\"34\","
	    "\"title\":\"t\",\"description\":\"long\\ntext\"}", &r), 0);
	CHECK(strstr(data_of(&r), "\"notes\":\"long\\ntext\"") != NULL);
	backend_req_clear(&r);
}

static void
test_card_move_and_set(void)
{
	struct backend_req r;

	CHECK_INT(build("{\"op\":\"card.move\",\"remote\":\"7\",\"column\":\"3\",\"after\":\"9\"}",
	    &r), 0);
	CHECK_STR(r.path, "/sections/3/addTask");
	CHECK_STR(data_of(&r), "{\"task\":\"7\",\"insert_after\":\"9\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.move\",\"remote\":\"7\",\"column\":\"3\"}", &r), 0);
	CHECK_STR(data_of(&r), "{\"task\":\"7\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"7\",\"field\":\"title\","
	    "\"value\":\"New\"}", &r), 0);
	CHECK_STR(r.method, "PUT");
	CHECK_STR(r.path, "/tasks/7");
	CHECK_STR(data_of(&r), "{\"name\":\"New\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"7\",\"field\":\"due_on\","
	    "\"value\":null}", &r), 0);
	CHECK_STR(data_of(&r), "{\"due_on\":null}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"7\",\"field\":\"description\","
	    "\"value\":\"\"}", &r), 0);
	CHECK_STR(data_of(&r), "{\"notes\":\"\"}");
	backend_req_clear(&r);
	/* fields Asana has no task field for stay local */
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"7\",\"field\":\"priority\","
	    "\"value\":\"high\"}", &r), 1);
	CHECK(!r.path);
	CHECK_INT(build("{\"op\":\"card.complete\",\"remote\":\"7\",\"completed\":true}", &r), 0);
	CHECK_STR(data_of(&r), "{\"completed\":true}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"card.delete\",\"remote\":\"7\"}", &r), 0);
	CHECK_STR(r.method, "DELETE");
	CHECK_STR(r.path, "/tasks/7");
	CHECK(!r.body);
	backend_req_clear(&r);
}

static void
test_columns_and_children(void)
{
	struct backend_req r;

	CHECK_INT(build("{\"op\":\"column.add\",\"board\":\"1\",\"name\":\"QA\",\"after\":\"5\"}",
	    &r), 0);
	CHECK_STR(r.path, "/projects/1/sections");
	CHECK_STR(data_of(&r), "{\"name\":\"QA\",\"insert_after\":\"5\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"column.place\",\"board\":\"1\",\"remote\":\"5\"}", &r), 1);
	CHECK_INT(build("{\"op\":\"column.place\",\"board\":\"1\",\"remote\":\"5\","
	    "\"before\":\"6\"}", &r), 0);
	CHECK_STR(r.path, "/projects/1/sections/insert");
	CHECK_STR(data_of(&r), "{\"section\":\"5\",\"before_section\":\"6\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"column.rename\",\"remote\":\"5\",\"name\":\"Q\"}", &r), 0);
	CHECK_STR(r.method, "PUT");
	CHECK_STR(r.path, "/sections/5");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"comment.add\",\"card\":\"7\",\"text\":\"hi\"}", &r), 0);
	CHECK_STR(r.path, "/tasks/7/stories");
	CHECK_STR(data_of(&r), "{\"text\":\"hi\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"check.add\",\"card\":\"7\",\"text\":\"step\"}", &r), 0);
	CHECK_STR(r.path, "/tasks/7/subtasks");
	CHECK_STR(data_of(&r), "{\"name\":\"step\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"check.set\",\"card\":\"7\",\"remote\":\"8\",\"done\":true,"
	    "\"text\":\"step\"}", &r), 0);
	CHECK_STR(r.path, "/tasks/8");
	CHECK_STR(data_of(&r), "{\"completed\":true,\"name\":\"step\"}");
	backend_req_clear(&r);
	CHECK_INT(build("{\"op\":\"time.add\",\"card\":\"7\",\"seconds\":0,"
	    "\"date\":\"2026-01-02\"}", &r), 0);
	CHECK_STR(r.path, "/tasks/7/time_tracking_entries");
	CHECK_STR(data_of(&r), "{\"duration_minutes\":1,\"entered_on\":\"2026-01-02\"}");
	backend_req_clear(&r);
}

/* Every kind of op, to the byte: the method, the path and the whole body
 * (field names, types and order), so a wrong row in the builders fails. */
static void
test_every_request(void)
{
	static const struct {
		const char *op, *method, *path, *body;  /* body NULL: none */
	} want[] = {
		{ "{\"op\":\"card.add\",\"board\":\"1\",\"column\":\"2\",\"title\":\"T\","
		    "\"description\":\"D\",\"after\":\"3\"}", "POST", "/tasks",
		    "{\"data\":{\"name\":\"T\",\"notes\":\"D\","
		    "\"memberships\":[{\"project\":\"1\",\"section\":\"2\"}]}}" },
		{ "{\"op\":\"card.add\",\"board\":\"1\",\"column\":\"2\"}", "POST", "/tasks",
		    "{\"data\":{\"name\":\"\","
		    "\"memberships\":[{\"project\":\"1\",\"section\":\"2\"}]}}" },
		{ "{\"op\":\"card.add\",\"step\":1,\"board\":\"1\",\"column\":\"2\","
		    "\"remote\":\"9\",\"after\":\"3\"}", "POST", "/sections/2/addTask",
		    "{\"data\":{\"task\":\"9\",\"insert_after\":\"3\"}}" },
		{ "{\"op\":\"card.move\",\"remote\":\"9\",\"column\":\"2\",\"before\":\"4\","
		    "\"after\":\"3\"}", "POST", "/sections/2/addTask",
		    "{\"data\":{\"task\":\"9\",\"insert_before\":\"4\"}}" },
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"description\","
		    "\"value\":\"N\"}", "PUT", "/tasks/9", "{\"data\":{\"notes\":\"N\"}}" },
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"start_on\","
		    "\"value\":\"2026-01-02\"}", "PUT", "/tasks/9",
		    "{\"data\":{\"start_on\":\"2026-01-02\"}}" },
		/* the assignee as typed: Asana takes an email or "me" */
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"assignees\","
		    "\"value\":\"me\"}", "PUT", "/tasks/9", "{\"data\":{\"assignee\":\"me\"}}" },
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"assignees\",\"value\":\"\"}",
		    "PUT", "/tasks/9", "{\"data\":{\"assignee\":null}}" },
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"due_on\",\"value\":\"\"}",
		    "PUT", "/tasks/9", "{\"data\":{\"due_on\":null}}" },
		{ "{\"op\":\"card.complete\",\"remote\":\"9\",\"completed\":false,"
		    "\"before\":\"3\"}", "PUT", "/tasks/9", "{\"data\":{\"completed\":false}}" },
		{ "{\"op\":\"card.complete\",\"remote\":\"9\",\"completed\":true,\"text\":\"T\"}",
		    "PUT", "/tasks/9", "{\"data\":{\"completed\":true,\"name\":\"T\"}}" },
		{ "{\"op\":\"card.delete\",\"remote\":\"9\"}", "DELETE", "/tasks/9", NULL },
		{ "{\"op\":\"column.add\",\"board\":\"1\",\"name\":\"QA\",\"before\":\"5\"}",
		    "POST", "/projects/1/sections",
		    "{\"data\":{\"name\":\"QA\",\"insert_before\":\"5\"}}" },
		{ "{\"op\":\"column.add\",\"board\":\"1\"}", "POST", "/projects/1/sections",
		    "{\"data\":{\"name\":\"\"}}" },
		{ "{\"op\":\"column.rename\",\"remote\":\"5\",\"name\":\"Q\",\"before\":\"6\"}",
		    "PUT", "/sections/5", "{\"data\":{\"name\":\"Q\"}}" },
		{ "{\"op\":\"column.rename\",\"remote\":\"5\"}", "PUT", "/sections/5",
		    "{\"data\":{\"name\":\"\"}}" },
		{ "{\"op\":\"column.place\",\"board\":\"1\",\"remote\":\"5\",\"after\":\"6\"}",
		    "POST", "/projects/1/sections/insert",
		    "{\"data\":{\"section\":\"5\",\"after_section\":\"6\"}}" },
		{ "{\"op\":\"column.delete\",\"remote\":\"5\"}", "DELETE", "/sections/5", NULL },
		{ "{\"op\":\"comment.add\",\"card\":\"7\",\"text\":\"hi\",\"remote\":\"8\"}",
		    "POST", "/tasks/7/stories", "{\"data\":{\"text\":\"hi\"}}" },
		{ "{\"op\":\"comment.add\",\"card\":\"7\"}", "POST", "/tasks/7/stories",
		    "{\"data\":{\"text\":\"\"}}" },
		{ "{\"op\":\"comment.delete\",\"card\":\"7\",\"remote\":\"8\"}",
		    "DELETE", "/stories/8", NULL },
		{ "{\"op\":\"check.add\",\"card\":\"7\",\"text\":\"s\",\"done\":true,"
		    "\"after\":\"3\"}", "POST", "/tasks/7/subtasks",
		    "{\"data\":{\"name\":\"s\",\"completed\":true}}" },
		{ "{\"op\":\"check.add\",\"card\":\"7\",\"done\":false}",
		    "POST", "/tasks/7/subtasks", "{\"data\":{\"name\":\"\"}}" },
		{ "{\"op\":\"check.set\",\"card\":\"7\",\"remote\":\"8\",\"after\":\"3\"}",
		    "PUT", "/tasks/8", "{\"data\":{\"completed\":false}}" },
		{ "{\"op\":\"check.set\",\"remote\":\"8\",\"done\":true,\"completed\":false,"
		    "\"text\":\"s\"}", "PUT", "/tasks/8",
		    "{\"data\":{\"completed\":true,\"name\":\"s\"}}" },
		{ "{\"op\":\"check.delete\",\"card\":\"7\",\"remote\":\"8\"}",
		    "DELETE", "/tasks/8", NULL },
		{ "{\"op\":\"check.move\",\"card\":\"7\",\"remote\":\"8\",\"after\":\"3\","
		    "\"text\":\"s\",\"done\":true}", "POST", "/tasks/8/setParent",
		    "{\"data\":{\"parent\":\"7\",\"insert_after\":\"3\"}}" },
		{ "{\"op\":\"check.move\",\"card\":\"7\",\"remote\":\"8\",\"before\":\"4\"}",
		    "POST", "/tasks/8/setParent",
		    "{\"data\":{\"parent\":\"7\",\"insert_before\":\"4\"}}" },
		{ "{\"op\":\"time.add\",\"card\":\"7\",\"seconds\":5400,\"date\":\"2026-1-2\"}",
		    "POST", "/tasks/7/time_tracking_entries",
		    "{\"data\":{\"duration_minutes\":90}}" },
		{ "{\"op\":\"time.add\",\"card\":\"7\",\"seconds\":24,\"date\":\"2026-01-02\"}",
		    "POST", "/tasks/7/time_tracking_entries",
		    "{\"data\":{\"duration_minutes\":1,\"entered_on\":\"2026-01-02\"}}" },
		{ "{\"op\":\"time.add\",\"card\":\"7\",\"seconds\":5401}",
		    "POST", "/tasks/7/time_tracking_entries",
		    "{\"data\":{\"duration_minutes\":91}}" },
		{ "{\"op\":\"time.set\",\"card\":\"7\",\"remote\":\"6\",\"seconds\":2700,"
		    "\"date\":\"2026-01-02\"}", "PUT", "/time_tracking_entries/6",
		    "{\"data\":{\"duration_minutes\":45}}" },
		{ "{\"op\":\"time.set\",\"remote\":\"6\",\"seconds\":-300,\"before\":\"3\"}", "PUT",
		    "/time_tracking_entries/6", "{\"data\":{\"duration_minutes\":1}}" },
		{ "{\"op\":\"time.delete\",\"card\":\"7\",\"remote\":\"6\"}",
		    "DELETE", "/time_tracking_entries/6", NULL },
	};
	struct backend_req r;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		CHECK_INT(build(want[i].op, &r), 0);
		CHECK_STR(r.method, want[i].method);
		CHECK_STR(r.path, want[i].path);
		CHECK(r.write);
		if (want[i].body)
			CHECK_STR(r.body, want[i].body);
		else
			CHECK(!r.body);
		backend_req_clear(&r);
	}
}

/* Each kind of op names the id it lacks, and sends nothing. */
static void
test_missing_ids(void)
{
	static const struct {
		const char *op, *msg;
		int rc;
	} want[] = {
		{ "{\"op\":\"card.add\",\"column\":\"2\"}", "card.add has no valid board id", -1 },
		{ "{\"op\":\"card.add\",\"board\":\"1\"}", "card.add has no valid column id", -1 },
		{ "{\"op\":\"card.add\",\"step\":1,\"board\":\"1\",\"column\":\"2\"}",
		    "card.add has no valid remote id", -1 },
		{ "{\"op\":\"card.move\",\"column\":\"2\"}",
		    "card.move has no valid remote id", -1 },
		{ "{\"op\":\"card.move\"}", "card.move has no valid column id", -1 },
		{ "{\"op\":\"card.set\",\"field\":\"title\"}",
		    "card.set has no valid remote id", -1 },
		{ "{\"op\":\"card.set\",\"remote\":\"9\",\"field\":\"title\",\"value\":\"\"}",
		    "a task needs a name", -1 },
		{ "{\"op\":\"card.set\",\"remote\":\"9\"}",
		    "kept on this machine only: Asana has no such field", 1 },
		{ "{\"op\":\"card.complete\"}", "card.complete has no valid remote id", -1 },
		{ "{\"op\":\"card.delete\",\"card\":\"1\"}",
		    "card.delete has no valid remote id", -1 },
		{ "{\"op\":\"column.add\",\"remote\":\"1\"}",
		    "column.add has no valid board id", -1 },
		{ "{\"op\":\"column.rename\",\"board\":\"1\"}",
		    "column.rename has no valid remote id", -1 },
		{ "{\"op\":\"column.place\",\"remote\":\"5\"}",
		    "column.place has no valid board id", -1 },
		{ "{\"op\":\"column.place\",\"board\":\"1\",\"remote\":\"5\",\"before\":\"a/b\"}",
		    "the column has no synced neighbour to move next to", 1 },
		{ "{\"op\":\"column.delete\",\"board\":\"1\"}",
		    "column.delete has no valid remote id", -1 },
		{ "{\"op\":\"comment.add\",\"remote\":\"7\"}",
		    "comment.add has no valid card id", -1 },
		{ "{\"op\":\"comment.delete\",\"card\":\"7\"}",
		    "comment.delete has no valid remote id", -1 },
		{ "{\"op\":\"check.add\",\"remote\":\"7\"}", "check.add has no valid card id", -1 },
		{ "{\"op\":\"check.set\",\"card\":\"7\"}", "check.set has no valid remote id", -1 },
		{ "{\"op\":\"check.delete\",\"card\":\"7\"}",
		    "check.delete has no valid remote id", -1 },
		{ "{\"op\":\"check.move\",\"card\":\"7\",\"after\":\"3\"}",
		    "check.move has no valid remote id", -1 },
		{ "{\"op\":\"check.move\",\"remote\":\"8\",\"after\":\"3\"}",
		    "check.move has no valid card id", -1 },
		{ "{\"op\":\"check.move\",\"card\":\"7\",\"remote\":\"8\"}",
		    "the checklist item has no synced neighbour to move next to", 1 },
		{ "{\"op\":\"check.move\",\"card\":\"7\",\"remote\":\"8\",\"after\":\"../x\"}",
		    "the checklist item has no synced neighbour to move next to", 1 },
		{ "{\"op\":\"time.add\",\"remote\":\"7\"}", "time.add has no valid card id", -1 },
		{ "{\"op\":\"time.set\",\"card\":\"7\"}", "time.set has no valid remote id", -1 },
		{ "{\"op\":\"time.delete\",\"card\":\"7\"}",
		    "time.delete has no valid remote id", -1 },
		{ "{\"op\":\"card.nope\",\"remote\":\"7\"}",
		    "Asana does not know the edit \"card.nope\"", -1 },
	};
	struct backend_req r;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		CHECK_INT(build(want[i].op, &r), want[i].rc);
		CHECK_STR(build_msg, want[i].msg);
		CHECK(!r.path && !r.body);
		backend_req_clear(&r);
	}
}

/* Ids go into paths: anything but plain id characters is refused. */
static void
test_bad_ids(void)
{
	struct backend_req r;

	CHECK_INT(build("{\"op\":\"card.move\",\"remote\":\"../x\",\"column\":\"3\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"card.delete\",\"remote\":\"7?a=b\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"card.delete\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"card.add\",\"board\":\"1\",\"column\":\"a b\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"no.such\"}", &r), -1);
	/* an anchor that is no id is left out rather than sent */
	CHECK_INT(build("{\"op\":\"card.move\",\"remote\":\"7\",\"column\":\"3\","
	    "\"before\":\"x/y\"}", &r), 0);
	CHECK_STR(data_of(&r), "{\"task\":\"7\"}");
	backend_req_clear(&r);
}

static enum backend_verdict
classify(const char *op, long status, enum http_fail fail, const char *body, char *msg)
{
	return classify_with(be, op, status, fail, body, msg);
}

static void
test_classify(void)
{
	char msg[512];
	const char *err = "{\"errors\":[{\"message\":\"name: Too long\\u001b[31m\",\"help\":\"x\"}]}";

	CHECK_INT(classify(NULL, 200, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify(NULL, 201, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify(NULL, 0, HTTP_FAIL_RESET, "", msg), BV_RETRY);
	CHECK(strstr(msg, "reset") != NULL);
	CHECK_INT(classify(NULL, 0, HTTP_FAIL_TIMEOUT, "", msg), BV_RETRY);
	CHECK_INT(classify(NULL, 500, HTTP_OK, err, msg), BV_RETRY);
	CHECK_INT(classify(NULL, 503, HTTP_OK, "<html>", msg), BV_RETRY);
	CHECK_INT(classify(NULL, 429, HTTP_OK, err, msg), BV_RATE);
	CHECK_INT(classify(NULL, 401, HTTP_OK, "{\"errors\":[{\"message\":\"Not Authorized\"}]}",
	    msg), BV_AUTH);
	CHECK_STR(msg, "401: Not Authorized");
	/* 403: this op is refused, the token is fine: park it, the queue goes on */
	CHECK_INT(classify(NULL, 403, HTTP_OK, "{\"errors\":[{\"message\":\"Forbidden\"}]}",
	    msg), BV_PARK);
	CHECK_STR(msg, "403: Forbidden");
	CHECK_INT(classify(NULL, 400, HTTP_OK, err, msg), BV_PARK);
	/* the server's words, without its escape sequence */
	CHECK_STR(msg, "400: name: Too long");
	CHECK_INT(classify(NULL, 402, HTTP_OK, "not json", msg), BV_PARK);
	CHECK_STR(msg, "402: no message from the server");
	/* a delete of what is already gone is done */
	CHECK_INT(classify("{\"op\":\"card.delete\"}", 404, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"card.move\"}", 404, HTTP_OK, "{}", msg), BV_PARK);
}

/* Which kinds of op make a thing (a lost answer is looked for), and which
 * are done when the thing is already gone. */
static void
test_op_kinds(void)
{
	static const struct {
		const char *op;
		bool creates, deletes;
	} want[] = {
		{ "card.add", true, false }, { "card.move", false, false },
		{ "card.set", false, false }, { "card.complete", false, false },
		{ "card.delete", false, true }, { "column.add", true, false },
		{ "column.rename", false, false }, { "column.place", false, false },
		{ "column.delete", false, true }, { "comment.add", true, false },
		{ "comment.delete", false, true }, { "check.add", true, false },
		{ "check.set", false, false }, { "check.delete", false, true },
		{ "check.move", false, false },
		{ "time.add", true, false }, { "time.set", false, false },
		{ "time.delete", false, true },
	};
	char json[64], msg[512];

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		cJSON *op = cJSON_CreateObject();

		cJSON_AddStringToObject(op, "op", want[i].op);
		CHECK_INT(be->creates(op), want[i].creates);
		cJSON_AddNumberToObject(op, "step", 1);
		CHECK(!be->creates(op));
		cJSON_Delete(op);
		snprintf(json, sizeof(json), "{\"op\":\"%s\"}", want[i].op);
		CHECK_INT(classify(json, 404, HTTP_OK, "{}", msg), want[i].deletes ? BV_OK : BV_PARK);
	}
}

static void
test_parse_ack(void)
{
	cJSON *add = cJSON_Parse("{\"op\":\"card.add\",\"board\":\"1\",\"column\":\"2\","
	    "\"before\":\"3\"}");
	cJSON *plain = cJSON_Parse("{\"op\":\"comment.add\",\"card\":\"1\"}");
	cJSON *move = cJSON_Parse("{\"op\":\"card.move\"}");
	struct backend_ack ack;
	struct lanes_err e = { "" };
	const char *ok = "{\"data\":{\"gid\":\"2001\",\"name\":\"x\"}}";

	CHECK(be->creates(add));
	CHECK(!be->creates(move));
	CHECK_INT(be->parse(&ba, add, answer(ok, strlen(ok)), &ack, &e), 0);
	CHECK_STR(ack.remote, "2001");
	CHECK(ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(be->parse(&ba, plain, answer(ok, strlen(ok)), &ack, &e), 0);
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(be->parse(&ba, add, answer("{\"data\":{\"gid\":\"1/2\"}}", 21), &ack, &e), -1);
	CHECK_INT(be->parse(&ba, add, answer("{\"data\": {\"gid\": \"12<html>oops", 30), &ack, &e), -1);
	CHECK_INT(be->parse(&ba, move, answer("", 0), &ack, &e), 0);
	CHECK(!ack.remote);
	cJSON_Delete(add);
	cJSON_Delete(plain);
	cJSON_Delete(move);
}

/* Walks f through pages; the paths asked, space-separated. */
static char *
walk(struct backend_fetch *f, const char *const *pages, int n, int *rc)
{
	return walk_pages(be, &ba, f, pages, n, rc);
}

static const cJSON *
nth(const struct backend_fetch *f, const char *list, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(f->result, list), i);
}

static const char *
str_of(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(o, k));
}

static void
test_fetch_board(void)
{
	static const char *const pages[] = {
		"{\"data\":[{\"gid\":\"1\",\"name\":\"To Do\"}],"
		"\"next_page\":{\"offset\":\"a+b/c\",\"path\":\"x\",\"uri\":\"y\"}}",
		"{\"data\":[{\"gid\":\"2\",\"name\":\"Done\"},{\"gid\":\"bad/id\",\"name\":\"X\"}],"
		"\"next_page\":null}",
		"{\"data\":[],\"next_page\":null}",
		"{\"data\":[{\"gid\":\"10\",\"name\":\"\\u001b]52;c;aGk=\\u0007Evil\\u202e\","
		"\"notes\":\"a\\r\\nb\",\"completed\":true,\"due_on\":\"2026-02-01\","
		"\"assignee\":{\"gid\":\"5\",\"name\":\"Ada\"},\"tags\":[{\"name\":\"x\"},{\"name\":\"y\"}],"
		"\"memberships\":[{\"project\":{\"gid\":\"99\"},\"section\":{\"gid\":\"7\"}},"
		"{\"project\":{\"gid\":\"P\"},\"section\":{\"gid\":\"2\"}}]}],"
		"\"next_page\":null}",
		"{\"data\":{\"num_tasks\":1}}",
	};
	struct backend_fetch f;
	const cJSON *c;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_BOARD, "P");
	paths = walk(&f, pages, 5, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/projects/P/sections?opt_fields=name&limit=100 "
	    "/projects/P/sections?opt_fields=name&limit=100&offset=a%2Bb%2Fc "
	    "/sections/1/tasks?opt_fields=name,notes,completed,due_on,assignee.name,tags.name"
	    "&limit=100 "
	    "/sections/2/tasks?opt_fields=name,notes,completed,due_on,assignee.name,tags.name"
	    "&limit=100 "
	    "/projects/P/task_counts?opt_fields=num_tasks");
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(f.result, "columns")), 2);
	CHECK_STR(str_of(nth(&f, "columns", 1), "name"), "Done");
	c = nth(&f, "cards", 0);
	CHECK_STR(str_of(c, "title"), "Evil");
	CHECK_STR(str_of(c, "description"), "a\nb");
	CHECK_STR(str_of(c, "column"), "2");     /* the section read, whatever it says */
	CHECK_STR(str_of(c, "assignees"), "Ada");
	CHECK_STR(str_of(c, "labels"), "x, y");
	CHECK_STR(str_of(c, "due_on"), "2026-02-01");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(c, "completed")));
	free(paths);
	backend_fetch_clear(&f);
}

/* Sends every request f may send now: "PATH;PATH", each cursor's index
 * in order[] by path. */
static char *
send_all(struct backend_fetch *f, int *at, int *n)
{
	struct strbuf sb = { 0 };
	struct backend_req req;
	struct lanes_err e = { "" };

	*n = 0;
	while (be->fetch_next(&ba, f, &req, &e) == 1) {
		sb_printf(&sb, "%s%s", *n ? ";" : "", req.path);
		at[(*n)++] = f->at;
		backend_req_clear(&req);
	}
	return sb_steal(&sb);
}

/* Answers the page out for cursor at with body (status 200 or 404). */
static int
answer_cursor(struct backend_fetch *f, int at, long status, const char *body)
{
	struct http_resp r = { .status = status, .body = (char *)body, .len = strlen(body) };
	struct lanes_err e = { "" };

	f->at = at;
	f->cursors[at].busy = false;
	if (status != 200 && !be->fetch_accepts(f, &r))
		return -2;
	return be->fetch_parse(&ba, f, &r, &e);
}

/* Sections' tasks are read at once, each section paging on its own,
 * beside the project's count of tasks; one gone meanwhile (404) leaves the
 * fetch partial, not failed; the project's own list comes last only when
 * the sections held fewer tasks than that, and then only for tasks in no
 * section read. */
static void
test_fetch_board_cursors(void)
{
	static const char *const head[] = {
		"{\"data\":[{\"gid\":\"1\",\"name\":\"A\"},{\"gid\":\"2\",\"name\":\"B\"},"
		"{\"gid\":\"3\",\"name\":\"C\"}],\"next_page\":null}",
	};
	static const char *const count = "{\"data\":{\"num_tasks\":5}}";
	struct backend_fetch f;
	int at[8], n, rc;
	char *paths;

	backend_fetch_init(&f, FETCH_BOARD, "P");
	free(walk(&f, head, 1, &rc));
	CHECK_INT(rc, -1);      /* more is asked: the cursors begin */
	CHECK_INT(f.ncursors, 4);
	paths = send_all(&f, at, &n);
	CHECK_INT(n, 4);
	CHECK(strstr(paths, "/sections/1/tasks?") && strstr(paths, "/sections/3/tasks?") &&
	    strstr(paths, "/projects/P/task_counts?"));
	free(paths);
	/* all four are out: nothing more may go, and the fetch is not over */
	free(send_all(&f, at, &n));
	CHECK_INT(n, 0);
	CHECK_INT(answer_cursor(&f, 3, 200, count), 0);
	CHECK_INT(answer_cursor(&f, 1, 200, "{\"data\":[{\"gid\":\"20\",\"name\":\"b\"}],"
	    "\"next_page\":{\"offset\":\"o2\"}}"), 0);
	CHECK_STR(str_of(nth(&f, "cards", 0), "column"), "2");
	paths = send_all(&f, at, &n);
	CHECK_INT(n, 1);
	CHECK(strstr(paths, "/sections/2/tasks?") && strstr(paths, "&offset=o2"));
	free(paths);
	CHECK_INT(answer_cursor(&f, 0, 404, "{\"errors\":[{\"message\":\"gone\"}]}"), 0);
	CHECK(f.partial);
	CHECK_INT(answer_cursor(&f, 2, 200, "{\"data\":[{\"gid\":\"30\",\"name\":\"c\"}],"
	    "\"next_page\":null}"), 0);
	CHECK_INT(answer_cursor(&f, 1, 200, "{\"data\":[],\"next_page\":null}"), 0);
	/* partial: the project's list would not say what is gone */
	free(send_all(&f, at, &n));
	CHECK_INT(n, 0);
	CHECK_INT(f.part, 2);   /* past both parts: over */
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(f.result, "cards")), 2);
	backend_fetch_clear(&f);

	/* two tasks are in no section read: the project's list finds them */
	backend_fetch_init(&f, FETCH_BOARD, "P");
	free(walk(&f, head, 1, &rc));
	free(send_all(&f, at, &n));
	for (int i = 0; i < 3; i++)
		CHECK_INT(answer_cursor(&f, i, 200, "{\"data\":[{\"gid\":\"4\"}],"
		    "\"next_page\":null}"), 0);
	free(send_all(&f, at, &n));
	CHECK_INT(n, 0);        /* the count is still out */
	CHECK_INT(answer_cursor(&f, 3, 200, count), 0);
	paths = send_all(&f, at, &n);
	CHECK_STR(paths, "/projects/P/tasks?opt_fields=name,notes,completed,due_on,assignee.name,"
	    "tags.name,memberships.project,memberships.section&limit=100");
	free(paths);
	CHECK_INT(answer_cursor(&f, 3, 200, "{\"data\":["
	    "{\"gid\":\"40\",\"name\":\"in 1\",\"memberships\":[{\"project\":{\"gid\":\"P\"},"
	    "\"section\":{\"gid\":\"1\"}}]},"
	    "{\"gid\":\"41\",\"name\":\"hidden\",\"memberships\":[{\"project\":{\"gid\":\"P\"},"
	    "\"section\":{\"gid\":\"9\"}}]}],\"next_page\":null}"), 0);
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(f.result, "cards")), 4);
	CHECK_STR(str_of(nth(&f, "cards", 3), "column"), "9");
	free(send_all(&f, at, &n));
	CHECK_INT(n, 0);
	CHECK_INT(f.part, 2);   /* past both parts: over */
	backend_fetch_clear(&f);
}

static void
test_fetch_guards(void)
{
	static const char *const loop[] = {
		"{\"data\":[],\"next_page\":{\"offset\":\"same\"}}",
		"{\"data\":[],\"next_page\":{\"offset\":\"same\"}}",
	};
	static const char *const junk[] = { "<html>oops" };
	static const char *const noarray[] = { "{\"data\":{\"gid\":\"1\"}}" };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	free(walk(&f, loop, 2, &rc));
	CHECK_INT(rc, -1);
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_LEVEL, "W");
	f.level = 1;
	paths = walk(&f, junk, 1, &rc);
	CHECK_INT(rc, -1);
	CHECK_STR(paths, "/projects?workspace=W&archived=false&opt_fields=name&limit=100");
	free(paths);
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	free(walk(&f, noarray, 1, &rc));
	CHECK_INT(rc, -1);
	backend_fetch_clear(&f);
	/* a project id that could change the URL is never asked for */
	backend_fetch_init(&f, FETCH_BOARD, "1&x=2");
	free(walk(&f, junk, 1, &rc));
	CHECK_INT(rc, -1);
	backend_fetch_clear(&f);
}

static void
test_fetch_me_and_card(void)
{
	static const char *const me[] = { "{\"data\":{\"gid\":\"1001\",\"name\":\"Me\"}}" };
	static const char *const card[] = {
		"{\"data\":[{\"gid\":\"1\",\"type\":\"comment\",\"text\":\"hi\","
		"\"created_at\":\"2026-01-05T09:00:00.250Z\",\"created_by\":{\"gid\":\"5\",\"name\":\"Ada\"}},"
		"{\"gid\":\"2\",\"type\":\"system\",\"resource_subtype\":\"section_changed\","
		"\"text\":\"moved\"}],\"next_page\":null}",
		"{\"data\":[{\"gid\":\"3\",\"name\":\"step\",\"completed\":true}],\"next_page\":null}",
		"{\"data\":[{\"gid\":\"4\",\"duration_minutes\":90,\"entered_on\":\"2026-01-06\"},"
		"{\"gid\":\"5\",\"duration_minutes\":-3}],\"next_page\":null}",
	};
	struct backend_fetch f;
	int rc;

	backend_fetch_init(&f, FETCH_ME, NULL);
	free(walk(&f, me, 1, &rc));
	CHECK_INT(rc, 0);
	CHECK_STR(str_of(f.result, "remote"), "1001");
	backend_fetch_clear(&f);
	backend_fetch_init(&f, FETCH_CARD, "9");
	free(walk(&f, card, 3, &rc));
	CHECK_INT(rc, 0);
	CHECK_STR(str_of(nth(&f, "comments", 0), "author"), "Ada");
	CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(nth(&f, "comments", 0), "created_at")),
	    1767603600250LL);
	CHECK(cJSON_IsFalse(cJSON_GetObjectItem(nth(&f, "comments", 0), "system")));
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(nth(&f, "comments", 1), "system")));
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(nth(&f, "check_items", 0), "done")));
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(f.result, "time_entries")), 1);
	backend_fetch_clear(&f);
}

/* A change check of project P from token (NULL: none) over pages:
 * "PATHS -> TOKEN, changed|quiet", or "error ..." when it failed. */
static const char *
events(const char *token, const char *const *pages, int n)
{
	static char buf[512];
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_EVENTS, "P");
	f.offset = token ? xstrdup(token) : NULL;
	paths = walk(&f, pages, n, &rc);
	snprintf(buf, sizeof(buf), "%s%s -> %s, %s", rc ? "error " : "", paths,
	    str_of(f.result, "sync") ? str_of(f.result, "sync") : "-",
	    cJSON_IsTrue(cJSON_GetObjectItem(f.result, "changed")) ? "changed" : "quiet");
	free(paths);
	backend_fetch_clear(&f);
	return buf;
}

/* A change check: a token first (Asana answers 412), then whether events
 * came since, across pages; a 412 later means "changed, start over". */
static void
test_events(void)
{
	static const char *const first[] = {
		"{\"errors\":[{\"message\":\"Sync token invalid or too old\"}],\"sync\":\"a b\"}",
	};
	static const char *const quiet[] = { "{\"data\":[],\"sync\":\"t2\",\"has_more\":false}" };
	static const char *const busy[] = {
		"{\"data\":[{\"action\":\"changed\"}],\"sync\":\"t3\",\"has_more\":true}",
		"{\"data\":[],\"sync\":\"t4\",\"has_more\":false}",
	};
	static const char *const bad[] = {
		"{\"data\":[],\"has_more\":false}",
		"{\"data\":[],\"sync\":\"t5\",\"has_more\":true}",
		"<html>",
	};
	struct backend_fetch f;
	struct http_resp r = { .status = 412 };

	backend_fetch_init(&f, FETCH_EVENTS, "P");
	CHECK(be->caps & CAP_EVENTS);
	CHECK(be->fetch_accepts(&f, &r));
	r.status = 400;
	CHECK(!be->fetch_accepts(&f, &r));
	r.status = 412;
	r.fail = HTTP_FAIL_RESET;
	CHECK(!be->fetch_accepts(&f, &r));
	backend_fetch_clear(&f);
	CHECK_STR(events(NULL, first, 1), "/events?resource=P -> a b, changed");
	CHECK_STR(events("a b", quiet, 1), "/events?resource=P&sync=a%20b -> t2, quiet");
	CHECK_STR(events("t2", busy, 2),
	    "/events?resource=P&sync=t2 /events?resource=P&sync=t3 -> t4, changed");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(str_has_prefix(events("t5", &bad[i], 1), "error "));
	backend_fetch_init(&f, FETCH_EVENTS, "1&x=2");
	CHECK_INT(be->fetch_next(&ba, &f, &(struct backend_req){ 0 }, &(struct lanes_err){ "" }), -1);
	backend_fetch_clear(&f);
}

/* FETCH_ADOPT for op over one page: "PATHS -> IDS", the ids it would adopt. */
static const char *
adopt(cJSON *op, const char *page)
{
	static char buf[1024];
	struct backend_fetch f;
	const cJSON *c;
	char *paths;
	int rc;
	size_t n;

	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, &page, 1, &rc);
	n = (size_t)snprintf(buf, sizeof(buf), "%s%s ->", rc ? "error " : "", paths);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(f.result, "candidates"))
		if (n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", c->valuestring);
	free(paths);
	backend_fetch_clear(&f);
	return buf;
}

/* A create whose answer was lost is looked for among what this user made
 * after it was sent. */
static void
test_adopt(void)
{
	static const char *const tasks[] = {
		"{\"data\":["
		"{\"gid\":\"1\",\"name\":\"Spec\",\"created_at\":\"2026-01-05T08:00:00.000Z\","
		"\"created_by\":{\"gid\":\"1001\"}},"
		"{\"gid\":\"2\",\"name\":\"Spec\",\"created_at\":\"2026-01-05T09:00:01.000Z\","
		"\"created_by\":{\"gid\":\"1002\"}},"
		"{\"gid\":\"3\",\"name\":\"Spec\",\"created_at\":\"2026-01-05T09:00:02.000Z\","
		"\"created_by\":{\"gid\":\"1001\"}},"
		"{\"gid\":\"4\",\"name\":\"Other\",\"created_at\":\"2026-01-05T09:00:03.000Z\","
		"\"created_by\":{\"gid\":\"1001\"}}],\"next_page\":null}",
	};
	static const char *const stories[] = {
		"{\"data\":[{\"gid\":\"7\",\"type\":\"system\",\"text\":\"hello\"},"
		"{\"gid\":\"8\",\"type\":\"comment\",\"text\":\"hello\"}],\"next_page\":null}",
	};
	cJSON *op = cJSON_Parse("{\"op\":\"card.add\",\"board\":\"P\",\"title\":\"Spec\","
	    "\"me\":\"1001\",\"since\":1767603600000}");
	cJSON *cop = cJSON_Parse("{\"op\":\"comment.add\",\"card\":\"9\",\"text\":\"hello\"}");

	CHECK_STR(adopt(op, tasks[0]), "/tasks?project=P&modified_since=2026-01-05T08:55:00.000Z"
	    "&opt_fields=name,created_at,created_by&limit=100 -> 3");
	CHECK_STR(adopt(cop, stories[0]), "/tasks/9/stories?opt_fields=text,type,resource_subtype,"
	    "created_at,created_by&limit=100 -> 8");
	cJSON_Delete(op);
	cJSON_Delete(cop);
}

/* parse() of a literal answer; the message, if any, in build_msg. */
static int
parse_str(const cJSON *op, const char *body)
{
	struct backend_ack ack = { 0 };
	struct lanes_err e = { "" };
	int rc = be->parse(&ba, op, answer(body, strlen(body)), &ack, &e);

	memcpy(build_msg, e.msg, sizeof(build_msg));
	backend_ack_clear(&ack);
	return rc;
}

/* Labels are tags: one op walks through the task's tags and the tags it
 * adds (made, or found by the engine's look before a create), a request a
 * step, carrying what it learnt. */
/* Sets op's carry to the JSON text (none when NULL), as the outbox does. */
static void
set_carry(cJSON *op, const char *json)
{
	cJSON_DeleteItemFromObject(op, "carry");
	if (json)
		cJSON_AddItemToObject(op, "carry", cJSON_Parse(json));
}

static void
test_labels(void)
{
	static const struct {
		const char *method, *path, *data, *answer;
		bool creates;
	} steps[] = {
		{ "GET", "/tasks/7?opt_fields=tags.name,workspace", "",
		  "{\"data\":{\"gid\":\"7\",\"workspace\":{\"gid\":\"1100\"},\"tags\":["
		  "{\"gid\":\"1501\",\"name\":\"urgent\"},{\"gid\":\"1502\",\"name\":\"old\"}]}}", false },
		{ "POST", "/tasks/7/removeTag", "{\"tag\":\"1502\"}", "{\"data\":{}}", false },
		/* the engine looks for the tag before it makes it: here the
		 * workspace has one, and the answer is the one it adopts */
		{ "POST", "/workspaces/1100/tags", "{\"name\":\"new\"}",
		  "{\"data\":{\"gid\":\"1504\"}}", true },
		{ "POST", "/tasks/7/addTag", "{\"tag\":\"1504\"}", "{\"data\":{}}", false },
		{ "POST", "/workspaces/1100/tags", "{\"name\":\"later\"}",
		  "{\"data\":{\"gid\":\"1505\",\"name\":\"later\"}}", true },
		{ "POST", "/tasks/7/addTag", "{\"tag\":\"1505\"}", "{\"data\":{}}", false },
	};
	cJSON *op = cJSON_Parse("{\"op\":\"card.set\",\"remote\":\"7\",\"field\":\"labels\","
	    "\"value\":\"urgent, new, later, new\"}");
	struct backend_req r;
	struct backend_ack ack = { 0 };
	struct lanes_err e = { "" };

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		CHECK_INT(be->build(&ba, op, &r, &e), 0);
		CHECK_STR(r.method, steps[i].method);
		CHECK_STR(r.path, steps[i].path);
		CHECK_STR(data_of(&r), steps[i].data);
		CHECK(r.write == !str_eq(steps[i].method, "GET"));
		CHECK(be->creates(op) == steps[i].creates);
		backend_req_clear(&r);
		CHECK_INT(be->parse(&ba, op, answer(steps[i].answer, strlen(steps[i].answer)), &ack, &e), 0);
		CHECK(!ack.remote);
		CHECK(ack.more == (i + 1 < ARRAY_SIZE(steps)));
		set_carry(op, ack.more ? ack.carry : NULL);
		backend_ack_clear(&ack);
	}
	/* before a tag is made, one of that name is looked for */
	set_carry(op, "{\"ws\":\"1100\",\"remove\":[],\"add\":[\"later\"]}");
	CHECK_STR(adopt(op, "{\"data\":[{\"gid\":\"1\",\"name\":\"late\"},"
	    "{\"gid\":\"2\",\"name\":\"later\"},{\"gid\":\"3\",\"name\":\"lat\\u001b[2Jer\"}],"
	    "\"next_page\":null}"),
	    "/workspaces/1100/tags?opt_fields=name&limit=100 -> 2 3");
	/* answers that do not fit stop the op with a reason */
	set_carry(op, NULL);
	CHECK_INT(parse_str(op, "{\"data\":{\"tags\":[]}}"), -1);
	CHECK_STR(build_msg, "the task's answer names no workspace");
	set_carry(op, "{\"ws\":\"1100\",\"add\":[\"x\"]}");
	CHECK_INT(parse_str(op, "{\"data\":{\"gid\":\"../1\"}}"), -1);
	CHECK_STR(build_msg, "the answer to a new tag carries no id");
	CHECK_INT(parse_str(op, "<html>"), -1);
	set_carry(op, "{\"ws\":\"1100\",\"remove\":[\"a/b\"]}");
	CHECK_INT(be->build(&ba, op, &r, &e), -1);
	CHECK(!r.path);
	set_carry(op, "{\"ws\":\"11/00\",\"add\":[\"x\"]}");
	CHECK_INT(be->build(&ba, op, &r, &e), -1);
	cJSON_Delete(op);
}

static void
test_huge_text(void)
{
	size_t n = 200000;
	char *name = xmalloc(n + 200);
	struct backend_fetch f;
	const char *pages[1];
	int rc;

	strcpy(name, "{\"data\":[{\"gid\":\"1\",\"name\":\"");
	memset(name + strlen(name), 'x', n);
	strcpy(name + strlen("{\"data\":[{\"gid\":\"1\",\"name\":\"") + n, "\"}],\"next_page\":null}");
	pages[0] = name;
	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	free(walk(&f, pages, 1, &rc));
	CHECK_INT(rc, 0);
	CHECK(strlen(str_of(nth(&f, "items", 0), "name")) <= 4096);
	backend_fetch_clear(&f);
	free(name);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_card_add);
	RUN(test_card_move_and_set);
	RUN(test_columns_and_children);
	RUN(test_every_request);
	RUN(test_missing_ids);
	RUN(test_bad_ids);
	RUN(test_classify);
	RUN(test_op_kinds);
	RUN(test_parse_ack);
	RUN(test_fetch_board);
	RUN(test_fetch_board_cursors);
	RUN(test_fetch_guards);
	RUN(test_fetch_me_and_card);
	RUN(test_adopt);
	RUN(test_labels);
	RUN(test_events);
	RUN(test_huge_text);
	return T_DONE();
}
