/* Fuzz target for every parser of what a Vortask server sends: the lists
 * of each fetch (the user, the projects, a project and its tasks, a card's
 * comments and history, lost-create lookups), answers to ops, error bodies
 * (REST's {errors, message}, a tool's text, JSON-RPC's error), and ops
 * whose ids and text are the input. Whatever the bytes: no crash, no leak,
 * every string that comes out is clean, every id is digits only, and every
 * request goes to a path fit for a URL or to the MCP server. */
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

static const struct backend_ops *be = &vortask_backend;
static const char *const values[] = { "https://vt.test/api", "https://vt.test/mcp", "vt_t" };
static struct backend_account ba = { .ops = &vortask_backend, .name = "fuzz",
	.url = "https://vt.test/api", .values = values };

/* The fetch being walked: wrap() shapes its page after what it reads. */
static const struct backend_fetch *walking;

/* A Vortask id: a positive integer of at most 15 digits. */
static void
check_id(const char *s)
{
	fuzz_check_chars(s, 15, "");
	FUZZ_ASSERT(strspn(s, "0123456789") == strlen(s) && *s != '0');
}

static bool
is_status(const char *s)
{
	return str_eq(s, "New") || str_eq(s, "Active") || str_eq(s, "Blocked") ||
	    str_eq(s, "Closed");
}

static void
check_result(const cJSON *o, const char *key)
{
	const cJSON *c;

	if (cJSON_IsString(o)) {
		const char *s = o->valuestring;

		if (str_eq(key, "candidates")) {
			check_id(s);
		} else if (str_eq(key, "remote")) {
			/* a task, project or comment; a history line; a column;
			 * the user (a UUID) */
			if (str_has_prefix(s, "history-"))
				check_id(s + 8);
			else if (walking->kind == FETCH_ME)
				fuzz_check_chars(s, 64, "-");
			else if (!is_status(s))
				check_id(s);
		} else if (str_eq(key, "author_remote")) {
			fuzz_check_chars(s, 64, "-");
		} else if (str_eq(key, "column")) {
			FUZZ_ASSERT(is_status(s));
		} else if (str_eq(key, "priority")) {
			FUZZ_ASSERT(str_eq(s, "low") || str_eq(s, "medium") || str_eq(s, "high"));
		} else if (str_eq(key, "due_on")) {
			FUZZ_ASSERT(strlen(s) == 10 && s[4] == '-' && s[7] == '-');
			fuzz_check_chars(s, 10, "-");
		} else {
			fuzz_check_text(key, s);
		}
	}
	cJSON_ArrayForEach(c, o)
		check_result(c, c->string ? c->string : key);
}

/* A REST path under url=, or the MCP server's own URL. */
static void
check_req(const struct backend_req *r)
{
	if (r->transport == TRANSPORT_MCP) {
		FUZZ_ASSERT(str_eq(r->path, values[1]));
		fuzz_check_chars(r->tool, 64, "_");
		return;
	}
	FUZZ_ASSERT(*r->path == '/');
	fuzz_check_chars(r->path, SIZE_MAX, "/_-");
}

static void
check_path(const char *p)
{
	if (str_eq(p, values[1]))
		return;
	FUZZ_ASSERT(*p == '/');
	fuzz_check_chars(p, SIZE_MAX, "/_-");
}

/* Random bytes are rarely JSON; they are also tried as the strings and
 * ids of a well-formed answer, where the sanitizer has to earn its keep. */
static char *
wrap(const char *data, size_t size)
{
	char *text = xstrndup(data, size), *out;
	cJSON *list = cJSON_CreateArray(), *it = cJSON_CreateObject();
	cJSON *tags = cJSON_CreateArray(), *people = cJSON_CreateArray();
	cJSON *who = cJSON_CreateObject();

	if (size % 3)
		cJSON_AddNumberToObject(it, "id", size % 5 ? 42 : strtod(text, NULL));
	else
		cJSON_AddStringToObject(it, "id", text);
	cJSON_AddStringToObject(it, "name", text);
	cJSON_AddStringToObject(it, "title", text);
	cJSON_AddStringToObject(it, "description", text);
	cJSON_AddStringToObject(it, "status", size % 2 ? "Active" : text);
	cJSON_AddStringToObject(it, "priority", size % 4 ? "High" : text);
	cJSON_AddStringToObject(it, "dueDate", text);
	cJSON_AddStringToObject(it, "myRole", size % 2 ? "Viewer" : text);
	cJSON_AddStringToObject(it, "displayName", text);
	cJSON_AddStringToObject(it, "email", text);
	cJSON_AddStringToObject(it, "content", text);
	cJSON_AddStringToObject(it, "authorName", text);
	cJSON_AddStringToObject(it, "authorId", size % 5 ?
	    "0b1c2d3e-0000-4000-8000-00000000000a" : text);
	cJSON_AddStringToObject(it, "actorName", text);
	cJSON_AddStringToObject(it, "action", size % 3 ? "StatusChanged" : text);
	cJSON_AddStringToObject(it, "detail", text);
	cJSON_AddStringToObject(it, "createdAt", text);
	cJSON_AddItemToArray(tags, cJSON_CreateString(text));
	cJSON_AddItemToObject(it, "tags", tags);
	cJSON_AddStringToObject(who, "userId", text);
	cJSON_AddStringToObject(who, size % 2 ? "displayName" : "email", text);
	cJSON_AddItemToArray(people, who);
	cJSON_AddItemToObject(it, "assignees", people);
	cJSON_AddStringToObject(it, "message", text);
	cJSON_AddItemToObject(it, "errors", cJSON_Duplicate(tags, true));
	/* the user and a project are one object; every other page a list */
	if (walking && (walking->kind == FETCH_ME ||
	    (walking->kind == FETCH_BOARD && walking->part == 0))) {
		if (walking->kind == FETCH_ME && size % 2)
			cJSON_ReplaceItemInObject(it, "id", cJSON_CreateString(size % 4 ?
			    "0b1c2d3e-0000-4000-8000-00000000000a" : text));
		out = cJSON_PrintUnformatted(it);
		cJSON_Delete(it);
		cJSON_Delete(list);
	} else {
		cJSON_AddItemToArray(list, it);
		out = cJSON_PrintUnformatted(list);
		cJSON_Delete(list);
	}
	free(text);
	return out;
}

#define BOARD "\"board\":\"1\""

/* The input is one or more pages separated by a NUL byte. */
static void
run_fetch(enum fetch_kind kind, const char *data, size_t size)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"Active\",\"title\":\"a\","
		"\"me\":\"0b1c2d3e-0000-4000-8000-00000000000a\",\"since\":1}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\","
		"\"me\":\"0b1c2d3e-0000-4000-8000-00000000000a\",\"since\":1}",
	};
	struct backend_fetch f;
	struct lanes_err e = { "" };
	cJSON *op = cJSON_Parse(ops[size % ARRAY_SIZE(ops)]);

	backend_fetch_init(&f, kind, kind == FETCH_CARD ? "42" : kind == FETCH_BOARD ||
	    kind == FETCH_EVENTS ? "1" : NULL);
	f.op = op;
	f.board = xstrdup("1");
	walking = &f;
	fuzz_walk(be, &ba, &f, data, size, wrap, check_path, &e);
	check_result(f.result, "");
	fuzz_check_text("message", e.msg);
	walking = NULL;
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

static void
run_answer(const char *data, size_t size, unsigned char sel)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"Active\",\"title\":\"a\"}",
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"New\",\"title\":\"a\"}",
		"{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\"}",
		"{\"op\":\"comment.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"9\"}",
		"{\"op\":\"card.move\"," BOARD ",\"remote\":\"42\",\"column\":\"Closed\"}",
	};
	static const long statuses[] = { 200, 201, 204, 400, 401, 403, 404, 422, 429, 500, 503,
		0 };
	cJSON *op = cJSON_Parse(ops[sel % ARRAY_SIZE(ops)]);
	struct http_resp r = { 0 };
	struct backend_ack ack = { 0 };
	struct backend_req req;
	struct lanes_err e = { "" };

	r.status = statuses[(sel / 8) % ARRAY_SIZE(statuses)];
	r.fail = r.status ? HTTP_OK : HTTP_FAIL_RESET;
	r.body = xstrndup(data, size);
	r.len = size;
	if (!r.status)
		snprintf(r.err, sizeof(r.err), "%.*s", (int)(size < 100 ? size : 100), data);
	be->classify(op, &r, &e);
	fuzz_check_text("message", e.msg);
	/* the input as REST's words, as many as an answer may hold */
	if (r.status) {
		struct http_resp w = r;
		cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "errors");

		cJSON_AddStringToObject(o, "message", r.body);
		for (int i = 0; i < 12; i++)
			cJSON_AddItemToArray(list, cJSON_CreateString(r.body + i * size / 12));
		w.body = cJSON_PrintUnformatted(o);
		w.len = strlen(w.body);
		be->classify(op, &w, &e);
		fuzz_check_text("message", e.msg);
		free(w.body);
		cJSON_Delete(o);
	}
	if (be->parse(&ba, op, &r, &ack, &e) == 0 && ack.remote)
		check_id(ack.remote);
	backend_ack_clear(&ack);
	if (be->adopt(&ba, op, r.body, &ack, &e) == 0 && ack.remote) {
		check_id(ack.remote);
		/* what was found goes into the next step's path */
		cJSON_AddStringToObject(op, "remote", ack.remote);
		cJSON_AddNumberToObject(op, "step", 1);
		if (be->build(&ba, op, &req, &e) == 0)
			check_req(&req);
		backend_req_clear(&req);
	}
	backend_ack_clear(&ack);
	free(r.body);
	cJSON_Delete(op);
}

/* The input as every id and text of an op: built or refused, never a path
 * that is not fit for a URL. */
static void
run_build(const char *data, size_t size, unsigned char sel)
{
	static const char *const kinds[] = { "card.add", "card.set", "card.move", "card.delete",
		"comment.add", "comment.delete", "card.complete", "column.add", "check.add" };
	static const char *const fields[] = { "title", "description", "due_on", "priority",
		"labels", "start_on" };
	char *text = xstrndup(data, size);
	cJSON *op = cJSON_CreateObject();
	struct backend_req req;
	struct lanes_err e = { "" };

	cJSON_AddStringToObject(op, "op", kinds[sel % ARRAY_SIZE(kinds)]);
	cJSON_AddStringToObject(op, "board", sel & 0x10 ? text : "1");
	cJSON_AddStringToObject(op, "remote", sel & 0x20 ? text : "42");
	cJSON_AddStringToObject(op, "card", sel & 0x20 ? "42" : text);
	cJSON_AddStringToObject(op, "column", sel & 0x08 ? "Blocked" : text);
	cJSON_AddStringToObject(op, "field", fields[size % ARRAY_SIZE(fields)]);
	cJSON_AddStringToObject(op, "value", text);
	cJSON_AddStringToObject(op, "title", text);
	cJSON_AddStringToObject(op, "description", text);
	cJSON_AddStringToObject(op, "text", text);
	cJSON_AddNumberToObject(op, "step", size % 2);
	if (be->build(&ba, op, &req, &e) == 0) {
		check_req(&req);
		/* a body is JSON */
		if (req.body) {
			cJSON *body = cJSON_Parse(req.body);
			FUZZ_ASSERT(body != NULL);
			cJSON_Delete(body);
		}
	} else {
		FUZZ_ASSERT(!req.path && !req.body && !req.tool);
	}
	backend_req_clear(&req);
	be->creates(op);
	free(text);
	cJSON_Delete(op);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fetch_kind kinds[] = { FETCH_ME, FETCH_LEVEL, FETCH_BOARD, FETCH_CARD,
		FETCH_ADOPT, FETCH_EVENTS };
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
	else if (sel & 0x40)
		run_build((const char *)data + 1, size - 1, sel & 0x3f);
	else
		run_fetch(kinds[sel % ARRAY_SIZE(kinds)], (const char *)data + 1, size - 1);
	return 0;
}
