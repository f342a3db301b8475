/* The Stellary backend without a network: each op's request to the byte,
 * how answers and both forms of NestJS's errors are read, the board in its
 * order with archived cards marked, and ids checked before they reach a path. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "answer.h"
#include "t.h"

static const struct backend_ops *be = &stellary_backend;
static struct backend_account ba = { .ops = &stellary_backend, .name = "s" };

#define P "/orgs/acme/workspaces/eng/projects/665f00000000000000000001"
#define BOARD "\"board\":\"acme/eng/665f00000000000000000001\""

static char build_msg[sizeof(((struct lanes_err *)0)->msg)];

/* Builds op (JSON text, the board added unless it names one): 0/1/-1. */
static int
build(const char *json, struct backend_req *req)
{
	return build_with(be, &ba, BOARD, json, req, build_msg, sizeof(build_msg));
}

/* "METHOD path body" of op, the request's whole shape in one string. */
static const char *
req_of(const char *json)
{
	static char buf[1024];
	struct backend_req r;
	int rc = build(json, &r);

	req_text(rc, &r, build_msg, buf, sizeof(buf));
	if (rc == 0)
		CHECK(r.write == !str_eq(r.method, "GET"));
	backend_req_clear(&r);
	return buf;
}

static void
test_cards(void)
{
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"c1\",\"title\":\"Write\","
	    "\"description\":\"\",\"index\":3}"),
	    "POST " P "/columns/c1/cards {\"title\":\"Write\"}");
	CHECK_STR(req_of("{\"op\":\"card.add\",\"column\":\"c1\",\"title\":\"W\","
	    "\"description\":\"two\\nlines\"}"),
	    "POST " P "/columns/c1/cards {\"title\":\"W\",\"description\":\"two\\nlines\"}");
	/* the second step of an add placed above a card: its index */
	CHECK_STR(req_of("{\"op\":\"card.add\",\"step\":1,\"column\":\"c1\",\"remote\":\"k9\","
	    "\"index\":0,\"before\":\"k1\"}"), "PATCH " P "/cards/k9 {\"order\":0}");
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"k1\",\"column\":\"c2\",\"index\":2,"
	    "\"before\":\"k3\",\"after\":\"k4\"}"),
	    "PATCH " P "/cards/k1 {\"columnId\":\"c2\",\"order\":2}");
	/* no index: the end of the column */
	CHECK_STR(req_of("{\"op\":\"card.move\",\"remote\":\"k1\",\"column\":\"c2\"}"),
	    "PATCH " P "/cards/k1 {\"columnId\":\"c2\"}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"title\","
	    "\"value\":\"New\"}"), "PATCH " P "/cards/k1 {\"title\":\"New\"}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"due_on\","
	    "\"value\":\"2026-04-01\"}"), "PATCH " P "/cards/k1 {\"dueDate\":\"2026-04-01\"}");
	/* null clears */
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"due_on\","
	    "\"value\":null}"), "PATCH " P "/cards/k1 {\"dueDate\":null}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"priority\","
	    "\"value\":\"\"}"), "PATCH " P "/cards/k1 {\"priority\":null}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"priority\","
	    "\"value\":\"high\"}"), "PATCH " P "/cards/k1 {\"priority\":\"high\"}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"description\","
	    "\"value\":\"\"}"), "PATCH " P "/cards/k1 {\"description\":\"\"}");
	CHECK_STR(req_of("{\"op\":\"card.delete\",\"remote\":\"k1\"}"),
	    "DELETE " P "/cards/k1 -");
	/* Stellary's archive is lanes' */
	CHECK_STR(req_of("{\"op\":\"card.archive\",\"remote\":\"k1\",\"archived\":true}"),
	    "PATCH " P "/cards/k1 {\"archived\":true}");
	CHECK_STR(req_of("{\"op\":\"card.archive\",\"remote\":\"k1\",\"archived\":false}"),
	    "PATCH " P "/cards/k1 {\"archived\":false}");
}

static void
test_kept_here(void)
{
	struct backend_req r;

	/* what Stellary has no place for stays on this machine */
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"priority\","
	    "\"value\":\"urgent\"}", &r), 1);
	CHECK(strstr(build_msg, "low, medium and high") != NULL);
	CHECK_INT(build("{\"op\":\"card.complete\",\"remote\":\"k1\",\"completed\":true}", &r), 1);
	CHECK_INT(build("{\"op\":\"time.add\",\"card\":\"k1\",\"seconds\":60}", &r), 1);
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"title\","
	    "\"value\":\"\"}", &r), -1);
	CHECK_INT(build("{\"op\":\"no.such\"}", &r), -1);
}

/* The assignee is a member by id, picked by the name the members' list
 * gave; one not in it is refused. */
static void
test_assignee_build(void)
{
	struct backend_req r;

	ba.state = cJSON_Parse("{\"members\":{\"000000000000000000000a02\":\"kim@example.com\","
	    "\"000000000000000000000a03\":\"\"}}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"assignees\","
	    "\"value\":\"kim@example.com\"}"),
	    "PATCH " P "/cards/k1 {\"assigneeId\":\"000000000000000000000a02\"}");
	CHECK_STR(req_of("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"assignees\","
	    "\"value\":\"\"}"), "PATCH " P "/cards/k1 {\"assigneeId\":null}");
	CHECK_INT(build("{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"assignees\","
	    "\"value\":\"Ada\"}", &r), -1);
	CHECK(strstr(build_msg, "no member \"Ada\"") != NULL);
	/* the picker's names: the named ones, not the unnamed */
	cJSON *names = be->members(&ba);
	char *text = cJSON_PrintUnformatted(names);
	CHECK_STR(text, "[\"kim@example.com\"]");
	free(text);
	cJSON_Delete(names);
	cJSON_Delete(ba.state);
	ba.state = NULL;
}

static void
test_columns_and_children(void)
{
	CHECK_STR(req_of("{\"op\":\"column.add\",\"name\":\"QA\",\"after\":\"c1\"}"),
	    "POST " P "/columns {\"name\":\"QA\"}");
	/* added between two: made at the end, then put at its index */
	CHECK_STR(req_of("{\"op\":\"column.add\",\"step\":1,\"remote\":\"c9\",\"index\":1,"
	    "\"before\":\"c2\",\"after\":\"c1\"}"), "PATCH " P "/columns/c9 {\"order\":1}");
	CHECK_STR(req_of("{\"op\":\"column.rename\",\"remote\":\"c1\",\"name\":\"Doing\"}"),
	    "PATCH " P "/columns/c1 {\"name\":\"Doing\"}");
	CHECK_STR(req_of("{\"op\":\"column.place\",\"remote\":\"c1\",\"index\":0}"),
	    "PATCH " P "/columns/c1 {\"order\":0}");
	CHECK_STR(req_of("{\"op\":\"column.place\",\"remote\":\"c1\"}"),
	    "rc -1: column.place has no place to move to");
	CHECK_STR(req_of("{\"op\":\"column.delete\",\"remote\":\"c1\"}"),
	    "DELETE " P "/columns/c1 -");
	CHECK_STR(req_of("{\"op\":\"comment.add\",\"card\":\"k1\",\"text\":\"Hi\"}"),
	    "POST " P "/cards/k1/comments {\"content\":\"Hi\"}");
	CHECK_STR(req_of("{\"op\":\"comment.delete\",\"card\":\"k1\",\"remote\":\"m1\"}"),
	    "DELETE " P "/cards/k1/comments/m1 -");
	CHECK_STR(req_of("{\"op\":\"check.add\",\"card\":\"k1\",\"text\":\"Step\"}"),
	    "POST " P "/cards/k1/checklist {\"title\":\"Step\"}");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"k1\",\"remote\":\"i1\",\"done\":true}"),
	    "PATCH " P "/cards/k1/checklist/i1 {\"done\":true}");
	CHECK_STR(req_of("{\"op\":\"check.set\",\"card\":\"k1\",\"remote\":\"i1\",\"done\":false,"
	    "\"text\":\"Renamed\"}"),
	    "PATCH " P "/cards/k1/checklist/i1 {\"done\":false,\"title\":\"Renamed\"}");
	CHECK_STR(req_of("{\"op\":\"check.move\",\"card\":\"k1\",\"remote\":\"i1\",\"index\":1}"),
	    "PATCH " P "/cards/k1/checklist/i1 {\"order\":1}");
	CHECK_STR(req_of("{\"op\":\"check.delete\",\"card\":\"k1\",\"remote\":\"i1\"}"),
	    "DELETE " P "/cards/k1/checklist/i1 -");
}

/* Nothing that could change a URL gets into one. */
static void
test_bad_ids(void)
{
	struct backend_req r;
	static const char *const bad[] = {
		"{\"op\":\"card.delete\",\"remote\":\"../x\"}",
		"{\"op\":\"card.delete\",\"remote\":\"a?b\"}",
		"{\"op\":\"card.delete\"}",
		"{\"op\":\"card.move\",\"remote\":\"k1\",\"column\":\"c 2\"}",
		"{\"op\":\"comment.delete\",\"card\":\"k1\",\"remote\":\"m%2F\"}",
		"{\"op\":\"check.add\",\"card\":\"k#1\",\"text\":\"x\"}",
		"{\"op\":\"card.add\",\"column\":\"\",\"title\":\"x\"}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_INT(build(bad[i], &r), -1);
		CHECK(!r.path);
	}
	/* a board that is not organisation/workspace/project */
	for (int i = 0; i < 4; i++) {
		static const char *const boards[] = { "acme/eng", "acme/eng/p/q", "acme//p",
			"acme/e?g/p" };
		char *json = xasprintf("{\"op\":\"card.delete\",\"board\":\"%s\",\"remote\":\"k\"}",
		    boards[i]);
		cJSON *op = cJSON_Parse(json);
		struct lanes_err e = { "" };

		CHECK_INT(be->build(&ba, op, &r, &e), -1);
		cJSON_Delete(op);
		free(json);
	}
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

	CHECK_INT(classify(NULL, 201, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify(NULL, 0, HTTP_FAIL_RESET, "", msg), BV_RETRY);
	CHECK(strstr(msg, "reset") != NULL);
	CHECK_INT(classify(NULL, 401, HTTP_OK, "{\"statusCode\":401,\"message\":\"Unauthorized\"}",
	    msg), BV_AUTH);
	CHECK_STR(msg, "401: Unauthorized");
	CHECK_INT(classify(NULL, 403, HTTP_OK, "{\"statusCode\":403,\"message\":\"Forbidden "
	    "resource\",\"error\":\"Forbidden\"}", msg), BV_PARK);
	CHECK_STR(msg, "403: Forbidden resource");
	/* NestJS validation: an array of strings, each sanitized */
	CHECK_INT(classify(NULL, 400, HTTP_OK, "{\"statusCode\":400,\"message\":[\"title must be "
	    "shorter\\u001b[31m\",\"order\\u202e must be a number\"],\"error\":\"Bad Request\"}",
	    msg), BV_PARK);
	CHECK_STR(msg, "400: title must be shorter; order must be a number");
	CHECK_INT(classify("{\"op\":\"column.delete\"}", 409, HTTP_OK, "{\"statusCode\":409,"
	    "\"message\":\"Column still holds cards\",\"error\":\"Conflict\"}", msg), BV_PARK);
	CHECK_STR(msg, "409: Column still holds cards");
	/* no message: the error's name; no JSON: say so */
	CHECK_INT(classify(NULL, 404, HTTP_OK, "{\"statusCode\":404,\"error\":\"Not Found\"}",
	    msg), BV_PARK);
	CHECK_STR(msg, "404: Not Found");
	CHECK_INT(classify(NULL, 418, HTTP_OK, "<html>", msg), BV_PARK);
	CHECK_STR(msg, "418: no message from the server");
	CHECK_INT(classify(NULL, 429, HTTP_OK, "{}", msg), BV_RATE);
	CHECK_INT(classify(NULL, 500, HTTP_OK, "{}", msg), BV_RETRY);
	CHECK_INT(classify(NULL, 503, HTTP_OK, "garbage", msg), BV_RETRY);
	/* a delete of what is gone is done; anything else that is gone is not */
	CHECK_INT(classify("{\"op\":\"card.delete\"}", 404, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"comment.delete\"}", 404, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"check.delete\"}", 404, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"column.delete\"}", 404, HTTP_OK, "{}", msg), BV_OK);
	CHECK_INT(classify("{\"op\":\"card.move\"}", 404, HTTP_OK, "{}", msg), BV_PARK);
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

	CHECK_INT(parse("{\"op\":\"card.add\",\"column\":\"c1\"}", "{\"id\":\"k7\","
	    "\"title\":\"x\",\"order\":4}", &ack), 0);
	CHECK_STR(ack.remote, "k7");
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	/* placed above a card: a second step moves it there */
	CHECK_INT(parse("{\"op\":\"card.add\",\"index\":0,\"before\":\"k1\"}", "{\"id\":\"k7\"}",
	    &ack), 0);
	CHECK(ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(parse("{\"op\":\"column.add\",\"index\":1,\"before\":\"c2\"}",
	    "{\"id\":\"c9\"}", &ack), 0);
	CHECK(ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(parse("{\"op\":\"column.add\",\"index\":3}", "{\"id\":\"c9\"}", &ack), 0);
	CHECK(!ack.more);
	backend_ack_clear(&ack);
	CHECK_INT(parse("{\"op\":\"comment.add\"}", "{\"id\":\"m1\",\"content\":\"Hi\"}", &ack), 0);
	CHECK_STR(ack.remote, "m1");
	backend_ack_clear(&ack);
	/* a checklist answer is the whole card: the newest item of the text */
	CHECK_INT(parse("{\"op\":\"check.add\",\"text\":\"Step\"}", "{\"id\":\"k1\",\"checklist\":["
	    "{\"_id\":\"i1\",\"title\":\"Step\",\"order\":0},{\"_id\":\"i2\",\"title\":\"Other\"},"
	    "{\"_id\":\"i3\",\"title\":\"Step\",\"order\":2}]}", &ack), 0);
	CHECK_STR(ack.remote, "i3");
	backend_ack_clear(&ack);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "{\"id\":\"../k\"}", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.add\"}", "<html>", &ack), -1);
	CHECK_INT(parse("{\"op\":\"card.move\"}", "", &ack), 0);
	CHECK(!ack.remote);
}

/* Walks f through pages; the paths asked, space-separated. */
static char *
walk(struct backend_fetch *f, const char *const *pages, int n, int *rc)
{
	return walk_pages(be, &ba, f, pages, n, rc);
}

static void
test_fetch_board(void)
{
	static const char *const pages[] = {
		"[{\"id\":\"c2\",\"name\":\"Done\",\"order\":1},{\"id\":\"c1\",\"name\":\"To do\","
		"\"order\":0},{\"id\":\"c/3\",\"name\":\"X\",\"order\":2}]",
		"[{\"id\":\"k2\",\"title\":\"Second\",\"columnId\":\"c1\",\"order\":1},"
		"{\"id\":\"k1\",\"title\":\"\\u001b]52;c;aGk=\\u0007Evil\\u202e\",\"description\":"
		"\"a\\r\\nb\",\"columnId\":\"c1\",\"order\":0,\"dueDate\":\"2026-04-01T00:00:00Z\","
		"\"priority\":\"high\"},"
		"{\"id\":\"k3\",\"title\":\"Gone\",\"columnId\":\"c1\",\"order\":2,\"archived\":true},"
		"{\"id\":\"k4\",\"title\":\"Elsewhere\",\"columnId\":\"c2\",\"order\":0,"
		"\"labelIds\":[\"l2\",\"l9\",\"l/1\",\"l1\"]}]",
		"[{\"id\":\"l1\",\"name\":\"bug\"},{\"id\":\"l2\",\"name\":\"ui\\u001b[2J\"}]",
		"[]",
	};
	struct backend_fetch f;
	char *paths;
	int rc;

	/* the members are read once, for the assignee picker, whatever the cards say */
	backend_fetch_init(&f, FETCH_BOARD, "acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 4, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/columns " P "/cards " P "/labels /organizations/acme/members");
	CHECK_INT(count(&f, "columns"), 2);
	CHECK_STR(field(&f, "columns", 0, "name"), "To do");
	CHECK_STR(field(&f, "columns", 1, "remote"), "c2");
	CHECK_INT(count(&f, "cards"), 4);
	CHECK_STR(field(&f, "cards", 0, "remote"), "k1");
	CHECK_STR(field(&f, "cards", 0, "title"), "Evil");
	CHECK_STR(field(&f, "cards", 0, "description"), "a\nb");
	CHECK_STR(field(&f, "cards", 0, "due_on"), "2026-04-01");
	CHECK_STR(field(&f, "cards", 0, "column"), "c1");
	CHECK_STR(field(&f, "cards", 1, "remote"), "k4");
	CHECK_STR(field(&f, "cards", 2, "remote"), "k2");
	/* an archived card comes, marked: it stays archived here */
	CHECK_STR(field(&f, "cards", 3, "remote"), "k3");
	CHECK(cJSON_IsTrue(jget(cJSON_GetArrayItem(jget(f.result, "cards"), 3), "archived")));
	CHECK(cJSON_IsFalse(jget(cJSON_GetArrayItem(jget(f.result, "cards"), 0), "archived")));
	/* labelIds become names in attach order; unknown and bad ids are skipped */
	CHECK_STR(field(&f, "cards", 1, "labels"), "ui, bug");
	CHECK(!field(&f, "cards", 0, "labels"));
	CHECK(!cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(f.result, "cards"), 1),
	    "labelIds"));
	free(paths);
	backend_fetch_clear(&f);
	/* read once: not again while no one new turns up */
	backend_fetch_init(&f, FETCH_BOARD, "acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/columns " P "/cards " P "/labels");
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(ba.state);
	ba.state = NULL;
}

static void
test_assignees(void)
{
	static const char *const pages[] = {
		"[{\"id\":\"c1\",\"name\":\"To do\",\"order\":0}]",
		"[{\"id\":\"k1\",\"title\":\"A\",\"columnId\":\"c1\",\"order\":0,"
		"\"assigneeId\":\"u1\"},{\"id\":\"k2\",\"title\":\"B\",\"columnId\":\"c1\","
		"\"order\":1,\"assigneeId\":\"u2\"},{\"id\":\"k3\",\"title\":\"C\","
		"\"columnId\":\"c1\",\"order\":2,\"assigneeId\":\"u3\"},{\"id\":\"k4\","
		"\"title\":\"D\",\"columnId\":\"c1\",\"order\":3,\"assigneeId\":\"u/1\"}]",
		"[]",
		/* a name where there is one, else the email; hostile text cleaned */
		"[{\"userId\":\"u1\",\"role\":\"owner\",\"email\":\"a@x.io\"},"
		"{\"userId\":\"u2\",\"email\":\"b@x.io\",\"name\":\"Bo\\u001b[2J Lee\"}]",
	};
	static const struct http_resp refused = { .status = 403, .body = "{\"statusCode\":403}",
		.len = 17 };
	struct backend_fetch f;
	struct lanes_err e = { "" };
	struct backend_req req;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_BOARD, "acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 4, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/columns " P "/cards " P "/labels /organizations/acme/members");
	CHECK_STR(field(&f, "cards", 0, "assignees"), "a@x.io");
	CHECK_STR(field(&f, "cards", 1, "assignees"), "Bo Lee");
	CHECK(!field(&f, "cards", 2, "assignees"));     /* not a member */
	CHECK(!field(&f, "cards", 3, "assignees"));     /* a bad id */
	CHECK(!cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(f.result, "cards"), 0),
	    "assigneeId"));
	CHECK(ba.state_changed);
	free(paths);
	backend_fetch_clear(&f);

	/* everyone known (u3 as nobody): the members are not asked for */
	ba.state_changed = false;
	backend_fetch_init(&f, FETCH_BOARD, "acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 3, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(field(&f, "cards", 1, "assignees"), "Bo Lee");
	CHECK(!ba.state_changed);
	free(paths);
	backend_fetch_clear(&f);

	/* someone new, and the members refused: the board still comes, the
	 * known stay known */
	backend_fetch_init(&f, FETCH_BOARD, "acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 2, &rc);
	CHECK_INT(be->fetch_parse(&ba, &f, answer("[]", 2), &e), 0);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(f.result, "cards"), 2),
	    "assigneeId", cJSON_CreateString("u4"));
	CHECK_INT(be->fetch_next(&ba, &f, &req, &e), 1);
	CHECK_STR(req.path, "/organizations/acme/members");
	backend_req_clear(&req);
	CHECK(be->fetch_accepts(&f, &refused));
	CHECK_INT(be->fetch_parse(&ba, &f, &refused, &e), 0);
	CHECK_INT(be->fetch_next(&ba, &f, &req, &e), 0);
	CHECK(!field(&f, "cards", 2, "assignees"));
	CHECK_STR(jstr(jget(ba.state, "members"), "u1"), "a@x.io");
	CHECK_STR(jstr(jget(ba.state, "members"), "u4"), "");
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(ba.state);
	ba.state = NULL;
}

static void
test_picker_and_me(void)
{
	static const char *const orgs[] = { "[{\"id\":\"o1\",\"name\":\"Acme\",\"slug\":\"acme\"},"
		"{\"id\":\"o2\",\"name\":\"Bad\",\"slug\":\"a/b\"}]" };
	static const char *const wss[] = { "[{\"id\":\"w1\",\"name\":\"Eng\",\"slug\":\"eng\"}]" };
	static const char *const projects[] = { "[{\"id\":\"p1\",\"name\":\"Road\\u0007map\"}]" };
	static const char *const me[] = { "{\"user\":{\"id\":\"u1\",\"email\":\"a@b\","
		"\"name\":\"Ada\"}}" };
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_LEVEL, NULL);
	paths = walk(&f, orgs, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/organizations");
	CHECK_INT(count(&f, "items"), 1);
	CHECK_STR(field(&f, "items", 0, "remote"), "acme");
	free(paths);
	backend_fetch_clear(&f);

	backend_fetch_init(&f, FETCH_LEVEL, "acme");
	f.level = 1;
	paths = walk(&f, wss, 1, &rc);
	CHECK_STR(paths, "/orgs/acme/workspaces");
	CHECK_STR(field(&f, "items", 0, "remote"), "acme/eng");
	free(paths);
	backend_fetch_clear(&f);

	backend_fetch_init(&f, FETCH_LEVEL, "acme/eng");
	f.level = 2;
	paths = walk(&f, projects, 1, &rc);
	CHECK_STR(paths, "/orgs/acme/workspaces/eng/projects");
	CHECK_STR(field(&f, "items", 0, "remote"), "acme/eng/p1");
	/* the bell is replaced, never kept */
	CHECK_STR(field(&f, "items", 0, "name"), "Road\xef\xbf\xbd" "map");
	free(paths);
	backend_fetch_clear(&f);

	backend_fetch_init(&f, FETCH_LEVEL, "acme/../x");
	f.level = 2;
	paths = walk(&f, projects, 1, &rc);
	CHECK_INT(rc, -1);
	free(paths);
	backend_fetch_clear(&f);

	backend_fetch_init(&f, FETCH_ME, NULL);
	paths = walk(&f, me, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, "/auth/me");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "remote")), "u1");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f.result, "name")), "Ada");
	free(paths);
	backend_fetch_clear(&f);

	/* no event feed: the engine refreshes the board whole */
	CHECK(!(be->caps & CAP_EVENTS));
	CHECK_INT(walk_end(be, &ba, FETCH_EVENTS, "acme/eng/p1", me, 1), -1);
}

static void
test_fetch_card(void)
{
	static const char *const pages[] = {
		"[{\"id\":\"m1\",\"cardId\":\"k1\",\"authorId\":\"u1\",\"authorName\":\"Ada\","
		"\"content\":\"Hi\\u001b[2J\",\"createdAt\":\"2026-03-01T10:00:00.000Z\"}]",
		"[{\"id\":\"k0\",\"checklist\":[{\"_id\":\"x\",\"title\":\"Not this\"}]},"
		"{\"id\":\"k1\",\"checklist\":[{\"_id\":\"i2\",\"title\":\"B\",\"done\":true,"
		"\"order\":1},{\"_id\":\"i1\",\"title\":\"A\",\"done\":false,\"order\":0}]}]",
	};
	struct backend_fetch f;
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_CARD, "k1");
	f.board = xstrdup("acme/eng/665f00000000000000000001");
	paths = walk(&f, pages, 2, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/cards/k1/comments " P "/cards");
	CHECK_STR(field(&f, "comments", 0, "body"), "Hi");
	CHECK_STR(field(&f, "comments", 0, "author"), "Ada");
	CHECK_INT(count(&f, "check_items"), 2);
	CHECK_STR(field(&f, "check_items", 0, "text"), "A");
	CHECK_STR(field(&f, "check_items", 1, "remote"), "i2");
	free(paths);
	backend_fetch_clear(&f);

	/* without its board a card cannot be fetched */
	CHECK_INT(walk_end(be, &ba, FETCH_CARD, "k1", pages, 2), -1);
}

static void
test_adopt(void)
{
	static const char *const cards[] = {
		"[{\"id\":\"k1\",\"title\":\"Write\",\"columnId\":\"c2\"},"
		"{\"id\":\"k2\",\"title\":\"Write\",\"columnId\":\"c1\"},"
		"{\"id\":\"k3\",\"title\":\"Other\",\"columnId\":\"c1\"}]",
	};
	static const char *const comments[] = {
		"[{\"id\":\"m1\",\"authorId\":\"u2\",\"content\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:00.000Z\"},"
		"{\"id\":\"m2\",\"authorId\":\"u1\",\"content\":\"Hi\","
		"\"createdAt\":\"2026-03-01T10:00:00.000Z\"},"
		"{\"id\":\"m3\",\"authorId\":\"u1\",\"content\":\"Hi\","
		"\"createdAt\":\"2020-01-01T00:00:00.000Z\"}]",
	};
	cJSON *op = cJSON_Parse("{\"op\":\"card.add\"," BOARD ",\"column\":\"c1\","
	    "\"title\":\"Write\"}");
	const cJSON *c;
	struct backend_fetch f;
	struct backend_ack ack;
	struct lanes_err e = { "" };
	char *paths;
	int rc;

	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, cards, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/cards");
	c = cJSON_GetObjectItem(f.result, "candidates");
	CHECK_INT(cJSON_GetArraySize(c), 1);
	CHECK_STR(cJSON_GetArrayItem(c, 0)->valuestring, "k2");
	CHECK_INT(be->adopt(&ba, op, "k2", &ack, &e), 0);
	CHECK_STR(ack.remote, "k2");
	backend_ack_clear(&ack);
	CHECK_INT(be->adopt(&ba, op, "k/2", &ack, &e), -1);
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);

	/* 1772359200000 ms is 2026-03-01T10:00:00Z */
	op = cJSON_Parse("{\"op\":\"comment.add\"," BOARD ",\"card\":\"k1\",\"text\":\"Hi\","
	    "\"me\":\"u1\",\"since\":1772359200000}");
	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, comments, 1, &rc);
	CHECK_STR(paths, P "/cards/k1/comments");
	c = cJSON_GetObjectItem(f.result, "candidates");
	CHECK_INT(cJSON_GetArraySize(c), 1);
	CHECK_STR(cJSON_GetArrayItem(c, 0)->valuestring, "m2");
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

/* ---- labels: a card.set of "labels", step by step ---- */

#define LABELS "{\"op\":\"card.set\",\"remote\":\"k1\",\"field\":\"labels\"," \
	"\"value\":\"bug, new , ui,bug\""

/* "METHOD path body" of a labels op whose carry is carry (NULL: none). */
static const char *
label_req(const char *carry)
{
	char *json = carry ? xasprintf(LABELS ",\"carry\":%s}", carry) : xasprintf(LABELS "}");
	const char *r = req_of(json);

	free(json);
	return r;
}

/* The carry after the answer body to the step of carry (NULL: none). */
static const char *
label_next(const char *carry, const char *body, int *rc)
{
	static char buf[1024];
	char *json = carry ? xasprintf(LABELS "," BOARD ",\"carry\":%s}", carry) :
	    xasprintf(LABELS "," BOARD "}");
	struct backend_ack ack;

	*rc = parse(json, body, &ack);
	snprintf(buf, sizeof(buf), "%s%s", ack.more ? "more " : "done ",
	    ack.carry ? ack.carry : "-");
	backend_ack_clear(&ack);
	free(json);
	return buf;
}

static void
test_label_steps(void)
{
	CHECK_STR(label_req(NULL), "GET " P "/cards -");
	CHECK_STR(label_req("{\"have\":[]}"), "GET " P "/labels -");
	CHECK_STR(label_req("{\"remove\":[\"l3\"],\"attach\":[\"l1\"],\"create\":[\"new\"]}"),
	    "DELETE " P "/cards/k1/labels/l3 -");
	CHECK_STR(label_req("{\"remove\":[],\"attach\":[\"l1\"],\"create\":[\"new\"]}"),
	    "POST " P "/cards/k1/labels/l1 -");
	CHECK_STR(label_req("{\"remove\":[],\"attach\":[],\"create\":[\"new\"]}"),
	    "POST " P "/labels {\"name\":\"new\",\"color\":\"#f76b15\"}");
	/* an id from the server is checked before it goes into a path */
	CHECK_STR(label_req("{\"remove\":[\"../x\"],\"attach\":[],\"create\":[]}"),
	    "rc -1: a label to attach or detach has no valid id");
	CHECK_STR(label_req("{\"remove\":[],\"attach\":[],\"create\":[]}"),
	    "rc -1: the labels edit has nothing left to send");
}

static void
test_label_plan(void)
{
	int rc;

	/* the card's labelIds, then the project's labels: the plan */
	CHECK_STR(label_next(NULL, "[{\"id\":\"k2\",\"labelIds\":[\"l1\"]},"
	    "{\"id\":\"k1\",\"labelIds\":[\"l1\",\"l3\",\"a/b\",\"l9\"]}]", &rc),
	    "more {\"have\":[\"l1\",\"l3\",\"l9\"]}");
	CHECK_INT(rc, 0);
	CHECK_STR(label_next("{\"have\":[\"l1\",\"l3\",\"l9\"]}",
	    "[{\"id\":\"l1\",\"name\":\"bug\"},{\"id\":\"l2\",\"name\":\" ui\"},"
	    "{\"id\":\"l3\",\"name\":\"old\"}]", &rc),
	    "more {\"remove\":[\"l3\",\"l9\"],\"attach\":[\"l2\"],\"create\":[\"new\"]}");
	CHECK_INT(rc, 0);
	/* each answer moves the carry on; a label made joins attach */
	CHECK_STR(label_next("{\"remove\":[\"l3\"],\"attach\":[\"l2\"],\"create\":[\"new\"]}",
	    "{\"id\":\"k1\"}", &rc),
	    "more {\"remove\":[],\"attach\":[\"l2\"],\"create\":[\"new\"]}");
	CHECK_STR(label_next("{\"remove\":[],\"attach\":[],\"create\":[\"new\"]}",
	    "{\"id\":\"l7\",\"name\":\"new\"}", &rc),
	    "more {\"remove\":[],\"attach\":[\"l7\"],\"create\":[]}");
	CHECK_STR(label_next("{\"remove\":[],\"attach\":[\"l7\"],\"create\":[]}", "", &rc),
	    "done -");
	CHECK_INT(rc, 0);
	/* a project without labels: every name is made, each once */
	CHECK_STR(label_next("{\"have\":[]}", "[]", &rc),
	    "more {\"remove\":[],\"attach\":[],\"create\":[\"bug\",\"new\",\"ui\"]}");
	label_next(NULL, "[{\"id\":\"k2\"}]", &rc);
	CHECK_INT(rc, -1);
	label_next("{\"remove\":[],\"attach\":[],\"create\":[\"new\"]}", "{\"id\":\"x/y\"}",
	    &rc);
	CHECK_INT(rc, -1);
}

static void
test_label_create(void)
{
	static const char *const labels[] = {
		"[{\"id\":\"l1\",\"name\":\"bug\"},{\"id\":\"l7\",\"name\":\"new\"}]",
	};
	cJSON *op = cJSON_Parse(LABELS "," BOARD ",\"carry\":{\"remove\":[],\"attach\":[],"
	    "\"create\":[\"new\"]}}");
	struct backend_fetch f;
	struct backend_ack ack;
	struct lanes_err e = { "" };
	const cJSON *c;
	char *paths;
	int rc;

	/* only the step that makes a label creates */
	CHECK(be->creates(op));
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(op, "carry"), "attach");
	cJSON_AddItemToObject(cJSON_GetObjectItem(op, "carry"), "attach",
	    cJSON_Parse("[\"l1\"]"));
	CHECK(!be->creates(op));
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(op, "carry"), "attach");
	cJSON_AddItemToObject(cJSON_GetObjectItem(op, "carry"), "attach", cJSON_Parse("[]"));
	/* a lost create: the project's label of that name is the one */
	backend_fetch_init(&f, FETCH_ADOPT, NULL);
	f.op = op;
	paths = walk(&f, labels, 1, &rc);
	CHECK_INT(rc, 0);
	CHECK_STR(paths, P "/labels");
	c = cJSON_GetObjectItem(f.result, "candidates");
	CHECK_INT(cJSON_GetArraySize(c), 1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 0)), "l7");
	CHECK_INT(be->adopt(&ba, op, "l7", &ack, &e), 0);
	CHECK(ack.more && !ack.remote);
	CHECK_STR(ack.carry, "{\"remove\":[],\"create\":[],\"attach\":[\"l7\"]}");
	backend_ack_clear(&ack);
	CHECK_INT(be->adopt(&ba, op, "l/7", &ack, &e), -1);
	free(paths);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

static void
test_table(void)
{
	static const char *const want[] = { "organisation", "workspace", "project", NULL };

	for (int i = 0; want[i]; i++)
		CHECK_STR(be->picker[i], want[i]);
	CHECK(!be->picker[3]);
	CHECK(backend_find("stellary") == be);
	CHECK_INT(backend_setting_index(be, "url"), 0);
	CHECK(be->settings[0].flags & SETTING_REQUIRED);
	CHECK(be->settings[1].flags & SETTING_SECRET);
	CHECK(be->kept_local & CAP_TIME);
	CHECK(be->caps & CAP_REORDER && be->caps & CAP_CHECKLIST && be->caps & CAP_COMMENTS);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_cards);
	RUN(test_kept_here);
	RUN(test_assignee_build);
	RUN(test_columns_and_children);
	RUN(test_bad_ids);
	RUN(test_classify);
	RUN(test_parse_ack);
	RUN(test_fetch_board);
	RUN(test_assignees);
	RUN(test_picker_and_me);
	RUN(test_fetch_card);
	RUN(test_adopt);
	RUN(test_label_steps);
	RUN(test_label_plan);
	RUN(test_label_create);
	RUN(test_table);
	return T_DONE();
}
