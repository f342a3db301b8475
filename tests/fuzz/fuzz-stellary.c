/* Fuzz target for every parser of what a Stellary server sends: the lists
 * of each fetch (pickers, the board, a card, lost-create lookups, the
 * user), answers to ops, and error bodies in both of NestJS's forms.
 * Whatever the bytes: no crash, no leak, every string that comes out is
 * clean, and every id (and every path built from one) is fit for a URL. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "walk.h"
#include "lanes/text.h"
#include "fuzz.h"

static const struct backend_ops *be = &stellary_backend;
static struct backend_account ba = { .ops = &stellary_backend, .name = "fuzz" };

/* An id, or a picker's "org/ws/project" of ids. */
static void
check_id(const char *s, bool slashes)
{
	fuzz_check_chars(s, 3 * 65, slashes ? "_-/" : "_-");
}

static void
check_result(const cJSON *o, const char *key)
{
	const cJSON *c;

	if (cJSON_IsString(o)) {
		if (str_eq(key, "remote") || str_eq(key, "column") || str_eq(key, "author_remote") ||
		    str_eq(key, "candidates"))
			check_id(o->valuestring, str_eq(key, "remote"));
		else
			fuzz_check_text(key, o->valuestring);
	}
	cJSON_ArrayForEach(c, o)
		check_result(c, c->string ? c->string : key);
}

static void
check_path(const char *p)
{
	FUZZ_ASSERT(*p == '/');
	fuzz_check_chars(p, SIZE_MAX, "/_-");
}

/* Random bytes are rarely JSON; they are also tried as the strings and
 * ids of a well-formed list, where the sanitizer has to earn its keep. */
static char *
wrap(const char *data, size_t size)
{
	char *text = xstrndup(data, size), *out;
	cJSON *list = cJSON_CreateArray(), *item = cJSON_CreateObject();
	cJSON *check = cJSON_CreateObject(), *items = cJSON_CreateArray();

	cJSON_AddStringToObject(item, "id", size % 3 ? "k1" : text);
	cJSON_AddStringToObject(item, "slug", size % 2 ? "acme" : text);
	cJSON_AddStringToObject(item, "name", text);
	cJSON_AddStringToObject(item, "title", text);
	cJSON_AddStringToObject(item, "description", text);
	cJSON_AddStringToObject(item, "content", text);
	cJSON_AddStringToObject(item, "authorName", text);
	cJSON_AddStringToObject(item, "authorId", size % 5 ? "u1" : text);
	cJSON_AddStringToObject(item, "createdAt", text);
	cJSON_AddStringToObject(item, "dueDate", text);
	cJSON_AddStringToObject(item, "priority", text);
	cJSON_AddStringToObject(item, "columnId", size % 7 ? "c1" : text);
	cJSON_AddStringToObject(item, "assigneeId", size % 11 ? "u1" : text);
	cJSON_AddStringToObject(item, "userId", size % 13 ? "u1" : text);
	cJSON_AddStringToObject(item, "email", text);
	cJSON_AddNumberToObject(item, "order", (double)(size % 4) - 1);
	cJSON_AddStringToObject(check, "_id", size % 3 ? "i1" : text);
	cJSON_AddStringToObject(check, "title", text);
	cJSON_AddItemToArray(items, check);
	cJSON_AddItemToObject(item, "checklist", items);
	cJSON_AddItemToObject(item, "user", cJSON_Duplicate(item, true));
	cJSON_AddItemToArray(list, item);
	out = cJSON_PrintUnformatted(list);
	cJSON_Delete(list);
	free(text);
	return out;
}

#define BOARD "\"board\":\"acme/eng/p1\""

/* The input is one or more lists separated by a NUL byte. */
static void
run_fetch(enum fetch_kind kind, int level, const char *data, size_t size)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"c1\",\"title\":\"a\",\"me\":\"u1\"}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"k1\",\"text\":\"a\",\"me\":\"u1\","
		"\"since\":1}",
		"{\"op\":\"column.add\"," BOARD ",\"name\":\"a\"}",
		"{\"op\":\"check.add\"," BOARD ",\"card\":\"k1\",\"text\":\"a\"}",
	};
	static const char *const remotes[] = { NULL, "acme", "acme/eng", "acme/eng/p1" };
	struct backend_fetch f;
	struct lanes_err e = { "" };
	cJSON *op = cJSON_Parse(ops[size % ARRAY_SIZE(ops)]);

	backend_fetch_init(&f, kind, kind == FETCH_CARD ? "k1" : kind == FETCH_LEVEL
	    ? remotes[level] : kind == FETCH_ME || kind == FETCH_ADOPT ? NULL : remotes[3]);
	f.level = level;
	f.op = op;
	f.board = xstrdup(remotes[3]);
	fuzz_walk(be, &ba, &f, data, size, wrap, check_path, &e);
	check_result(f.result, "");
	check_result(jget(ba.state, "members"), "");
	fuzz_check_text("message", e.msg);
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

static void
run_answer(const char *data, size_t size, unsigned char sel)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"c1\",\"index\":0,\"before\":\"k3\"}",
		"{\"op\":\"card.delete\"," BOARD ",\"remote\":\"k1\"}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"k1\"}",
		"{\"op\":\"check.add\"," BOARD ",\"card\":\"k1\",\"text\":\"a\"}",
		"{\"op\":\"column.delete\"," BOARD ",\"remote\":\"c1\"}",
		"{\"op\":\"card.move\"," BOARD ",\"remote\":\"k1\",\"column\":\"c2\",\"index\":1}",
	};
	static const long statuses[] = { 200, 201, 400, 401, 403, 404, 409, 429, 500, 503, 0 };
	cJSON *op = cJSON_Parse(ops[sel % ARRAY_SIZE(ops)]);
	struct http_resp r = { 0 };
	struct backend_ack ack = { 0 };
	struct backend_req req;
	struct lanes_err e = { "" };

	r.status = statuses[(sel / 8) % ARRAY_SIZE(statuses)];
	r.fail = r.status ? HTTP_OK : HTTP_FAIL_RESET;
	r.body = xstrndup(data, size);
	r.len = size;
	be->classify(op, &r, &e);
	fuzz_check_text("message", e.msg);
	if (be->parse(&ba, op, &r, &ack, &e) == 0 && ack.remote)
		check_id(ack.remote, false);
	backend_ack_clear(&ack);
	if (be->adopt(&ba, op, r.body, &ack, &e) == 0 && ack.remote) {
		check_id(ack.remote, false);
		/* what was found goes into the next step's path */
		cJSON_AddStringToObject(op, "remote", ack.remote);
		cJSON_AddNumberToObject(op, "step", 1);
		if (be->build(&ba, op, &req, &e) == 0)
			check_path(req.path);
		backend_req_clear(&req);
	}
	backend_ack_clear(&ack);
	free(r.body);
	cJSON_Delete(op);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { enum fetch_kind kind; int level; } kinds[] = {
		{ FETCH_ME, 0 }, { FETCH_LEVEL, 0 }, { FETCH_LEVEL, 1 }, { FETCH_LEVEL, 2 },
		{ FETCH_BOARD, 0 }, { FETCH_CARD, 0 }, { FETCH_ADOPT, 0 }, { FETCH_EVENTS, 0 },
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
