/* Fuzz target for every parser of what an Asana server sends: list pages
 * of each fetch (boards, cards, pickers, the user, lost-create lookups,
 * change checks),
 * answers to ops, and error bodies. Whatever the bytes: no crash, no
 * leak, and every string that comes out is clean UTF-8 without controls,
 * escapes or bidi overrides, and every id is fit for a URL path. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "walk.h"
#include "lanes/text.h"
#include "fuzz.h"

static const struct backend_ops *be = &asana_backend;

static void
check_id(const char *s)
{
	fuzz_check_chars(s, 64, "_-");
}

static void
check_result(const cJSON *o, const char *key)
{
	const cJSON *c;

	if (cJSON_IsString(o)) {
		if (str_eq(key, "remote") || str_eq(key, "column") || str_eq(key, "author_remote") ||
		    str_eq(key, "candidates"))
			check_id(o->valuestring);
		else if (str_eq(key, "sync"))   /* a token: only ever sent back, escaped */
			FUZZ_ASSERT(*o->valuestring && strlen(o->valuestring) < 1024);
		else
			fuzz_check_text(key, o->valuestring);
	}
	cJSON_ArrayForEach(c, o)
		check_result(c, c->string ? c->string : key);
}

/* What a request asks for stays inside a path and its query. */
static void
check_path(const char *p)
{
	FUZZ_ASSERT(*p == '/');
	fuzz_check_chars(p, SIZE_MAX, "/_?=&,.%:~-");
}

/* Random bytes are rarely JSON; they are also tried as the strings and
 * ids of a well-formed page, where the sanitizer has to earn its keep. */
static char *
wrap(const char *data, size_t size)
{
	char *text = xstrndup(data, size), *out;
	cJSON *root = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(root, "data");
	cJSON *item = cJSON_CreateObject(), *m = cJSON_CreateObject(), *p = cJSON_CreateObject();

	cJSON_AddStringToObject(item, "gid", size % 3 ? "1401" : text);
	cJSON_AddStringToObject(item, "name", text);
	cJSON_AddStringToObject(item, "notes", text);
	cJSON_AddStringToObject(item, "text", text);
	cJSON_AddStringToObject(item, "type", size % 2 ? "comment" : "system");
	cJSON_AddStringToObject(item, "created_at", text);
	cJSON_AddNumberToObject(item, "duration_minutes", (double)size);
	cJSON_AddStringToObject(p, "gid", "1200");
	cJSON_AddItemToObject(m, "project", p);
	cJSON_AddItemToObject(m, "section", cJSON_Parse("{\"gid\":\"1301\"}"));
	cJSON_AddItemToObject(item, "memberships", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(item, "memberships"), m);
	cJSON_AddItemToArray(list, item);
	cJSON_AddItemToObject(root, "next_page", size % 5 ? cJSON_CreateNull() :
	    cJSON_CreateObject());
	cJSON_AddStringToObject(cJSON_GetObjectItem(root, "next_page"), "offset", text);
	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	free(text);
	return out;
}

/* The input is one or more pages separated by a NUL byte. */
static struct backend_account ba = { .ops = &asana_backend, .name = "fuzz" };

static void
run_fetch(enum fetch_kind kind, int level, const char *data, size_t size)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\",\"board\":\"1\",\"title\":\"a\",\"me\":\"5\",\"since\":1}",
		"{\"op\":\"comment.add\",\"card\":\"1\",\"text\":\"a\",\"me\":\"5\"}",
		"{\"op\":\"column.add\",\"board\":\"1\",\"name\":\"a\"}",
		"{\"op\":\"check.add\",\"card\":\"1\",\"text\":\"a\"}",
		"{\"op\":\"time.add\",\"card\":\"1\",\"seconds\":300}",
		"{\"op\":\"card.set\",\"field\":\"labels\",\"remote\":\"1\",\"carry\":"
		"{\"ws\":\"9\",\"add\":[\"a\"]}}",
	};
	struct backend_fetch f;
	struct lanes_err e = { "" };
	cJSON *op = cJSON_Parse(ops[size % ARRAY_SIZE(ops)]);

	backend_fetch_init(&f, kind, kind == FETCH_ME || (kind == FETCH_LEVEL && level == 0) ||
	    kind == FETCH_ADOPT ? NULL : "1200");
	f.level = level;
	f.op = op;
	fuzz_walk(be, &ba, &f, data, size, wrap, check_path, &e);
	check_result(f.result, "");
	fuzz_check_text("message", e.msg);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

/* What a step kept for the next is JSON whose ids fit a path and whose
 * names are clean, and the next step's request stays inside its path. */
static void
check_carry(cJSON *op, const char *carry)
{
	cJSON *c = cJSON_Parse(carry);
	const cJSON *x;
	struct backend_req req;
	struct lanes_err e = { "" };

	FUZZ_ASSERT(cJSON_IsObject(c));
	if (cJSON_GetObjectItem(c, "ws"))
		check_id(cJSON_GetStringValue(cJSON_GetObjectItem(c, "ws")));
	if (cJSON_GetObjectItem(c, "tag"))
		check_id(cJSON_GetStringValue(cJSON_GetObjectItem(c, "tag")));
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "remove"))
		check_id(x->valuestring);
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "add"))
		fuzz_check_text("name", x->valuestring);
	cJSON_DeleteItemFromObject(op, "carry");
	cJSON_AddItemToObject(op, "carry", c);
	if (be->build(&ba, op, &req, &e) == 0)
		check_path(req.path);
	backend_req_clear(&req);
}

static void
run_answer(const char *data, size_t size, unsigned char sel)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\",\"board\":\"1\",\"column\":\"2\",\"before\":\"3\"}",
		"{\"op\":\"card.delete\",\"remote\":\"1\"}",
		"{\"op\":\"comment.add\",\"card\":\"1\"}",
		"{\"op\":\"card.move\",\"remote\":\"1\",\"column\":\"2\"}",
		/* a labels edit at each of its steps */
		"{\"op\":\"card.set\",\"field\":\"labels\",\"remote\":\"1\",\"value\":\"a, b\"}",
		"{\"op\":\"card.set\",\"field\":\"labels\",\"remote\":\"1\",\"value\":\"a\","
		"\"carry\":{\"ws\":\"9\",\"remove\":[\"5\"],\"add\":[\"a\"]}}",
		"{\"op\":\"card.set\",\"field\":\"labels\",\"remote\":\"1\",\"value\":\"a\","
		"\"carry\":{\"ws\":\"9\",\"add\":[\"a\"],\"tag\":\"4\"}}",
		"{\"op\":\"card.set\",\"field\":\"labels\",\"remote\":\"1\",\"value\":\"a\","
		"\"carry\":{\"ws\":\"9\",\"add\":[\"a\"]}}",
	};
	static const long statuses[] = { 200, 201, 400, 401, 403, 404, 429, 500, 503, 0 };
	cJSON *op = cJSON_Parse(ops[sel % ARRAY_SIZE(ops)]);
	struct http_resp r = { 0 };
	struct backend_ack ack = { 0 };
	struct lanes_err e = { "" };

	r.status = statuses[(sel / 4) % ARRAY_SIZE(statuses)];
	r.fail = r.status ? HTTP_OK : HTTP_FAIL_RESET;
	r.body = xstrndup(data, size);
	r.len = size;
	be->classify(op, &r, &e);
	fuzz_check_text("message", e.msg);
	if (be->parse(&ba, op, &r, &ack, &e) == 0 && ack.remote)
		check_id(ack.remote);
	if (ack.carry)
		check_carry(op, ack.carry);
	backend_ack_clear(&ack);
	/* what a lost create's lookup found is an id only when it fits a path */
	if (be->adopt(&ba, op, r.body, &ack, &e) == 0 && ack.remote)
		check_id(ack.remote);
	if (ack.carry)
		check_carry(op, ack.carry);
	backend_ack_clear(&ack);
	free(r.body);
	cJSON_Delete(op);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { enum fetch_kind kind; int level; } kinds[] = {
		{ FETCH_ME, 0 }, { FETCH_LEVEL, 0 }, { FETCH_LEVEL, 1 }, { FETCH_BOARD, 0 },
		{ FETCH_CARD, 0 }, { FETCH_ADOPT, 0 }, { FETCH_EVENTS, 0 },
	};
	static bool ready;
	unsigned char sel;

	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = true;
	}
	if (size < 1)
		return 0;
	sel = data[0];
	if (sel & 0x80)
		run_answer((const char *)data + 1, size - 1, sel & 0x7f);
	else
		run_fetch(kinds[sel % ARRAY_SIZE(kinds)].kind, kinds[sel % ARRAY_SIZE(kinds)].level,
		    (const char *)data + 1, size - 1);
	return 0;
}
