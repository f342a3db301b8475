/* Fuzz target for every parser of what Astravue sends: the lists of each
 * fetch (the user, spaces, projects, a project, its statuses and tasks, a
 * card's comments, checklist and time entries, lost-create lookups) raw
 * and in well-formed envelopes, answers to ops, error bodies (the
 * envelope's errors, a tool's text, JSON-RPC's and OAuth's), the token
 * answer of a sign-in or refresh, and ops whose ids and text are the
 * input. Whatever the bytes: no crash, no leak, every string that comes out
 * is clean, every id is digits only, and every request goes to a path fit
 * for a URL or to the MCP server. */
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

static const struct backend_ops *be = &astravue_backend;
/* org, client-id, client-secret, url, auth-url, mcp-url */
static const char *const values[] = { "7", "lanes", "s3cr&t", "https://av.test/v1",
	"https://auth.test/oidc", "https://av.test/mcp" };
static struct backend_account ba = { .ops = &astravue_backend, .name = "fuzz",
	.url = "https://av.test/v1", .values = values };

/* The fetch being walked: wrap() shapes its page after what it reads. */
static const struct backend_fetch *walking;

/* An Astravue id: a positive integer of at most 15 digits. */
static void
check_id(const char *s)
{
	fuzz_check_chars(s, 15, "");
	FUZZ_ASSERT(strspn(s, "0123456789") == strlen(s) && *s != '0');
}

/* A board: "space/project". */
static void
check_board(const char *s)
{
	const char *slash = strchr(s, '/');
	char *space;

	FUZZ_ASSERT(slash != NULL);
	space = xstrndup(s, (size_t)(slash - s));
	check_id(space);
	check_id(slash + 1);
	free(space);
}

/* list: the result's list o is in ("" at the top) */
static void
check_result(const cJSON *o, const char *key, const char *list)
{
	const cJSON *c;

	if (cJSON_IsString(o)) {
		const char *s = o->valuestring;

		if (str_eq(key, "candidates") || str_eq(key, "author_remote")) {
			check_id(s);
		} else if (str_eq(key, "remote")) {
			/* a column's remote is its status's name; a project is a
			 * board, "space/project" */
			if (str_eq(list, "columns"))
				fuzz_check_text(key, s);
			else if (walking->kind == FETCH_LEVEL && walking->level == 1)
				check_board(s);
			else
				check_id(s);
		} else if (str_eq(key, "due_on") || str_eq(key, "date")) {
			FUZZ_ASSERT(strlen(s) == 10 && s[4] == '-' && s[7] == '-');
			fuzz_check_chars(s, 10, "-");
		} else if (str_eq(key, "priority")) {
			fuzz_check_text(key, s);
			for (const char *p = s; *p; p++)
				FUZZ_ASSERT(!(*p >= 'A' && *p <= 'Z'));
		} else {
			fuzz_check_text(key, s);
		}
	}
	if (cJSON_IsNumber(o) && str_eq(key, "seconds"))
		FUZZ_ASSERT(o->valuedouble >= 1 && o->valuedouble < 1e9);
	cJSON_ArrayForEach(c, o)
		check_result(c, c->string ? c->string : key, cJSON_IsArray(o) ? key : list);
}

/* A REST path under url=, an absolute token URL, or the MCP server. */
static void
check_path(const char *p)
{
	if (str_eq(p, values[5]))
		return;
	FUZZ_ASSERT(*p == '/');
	fuzz_check_chars(p, SIZE_MAX, "/_-?=&");
}

static void
check_req(const struct backend_req *r)
{
	if (r->transport == TRANSPORT_MCP) {
		FUZZ_ASSERT(str_eq(r->path, values[5]));
		fuzz_check_chars(r->tool, 64, "_");
		FUZZ_ASSERT(!r->headers[0]);
		return;
	}
	check_path(r->path);
	FUZZ_ASSERT(str_eq(r->headers[0], "X-Org-Id: 7") && !r->headers[1]);
}

/* Random bytes are rarely JSON; they are also tried as the strings and
 * ids of a well-formed answer, where the sanitizer has to earn its keep. */
static char *
wrap(const char *data, size_t size)
{
	char *text = xstrndup(data, size), *out;
	cJSON *it = cJSON_CreateObject(), *tags = cJSON_CreateArray(), *tag = cJSON_CreateObject();
	cJSON *people = cJSON_CreateArray(), *who = cJSON_CreateObject();
	cJSON *status = cJSON_CreateObject(), *prio = cJSON_CreateObject(), *page, *env;
	double id = size % 5 ? 42 : strtod(text, NULL);
	static const char *const ids[] = { "spaceId", "projectId", "taskId", "commentId",
		"checklistId", "timerId", "userId" };

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (size % 3)
			cJSON_AddNumberToObject(it, ids[i], id);
		else
			cJSON_AddStringToObject(it, ids[i], text);
	cJSON_AddStringToObject(it, "spaceName", text);
	cJSON_AddStringToObject(it, "projectName", text);
	cJSON_AddStringToObject(it, "myRole", size % 2 ? "Guest" : text);
	cJSON_AddStringToObject(it, "taskTitle", text);
	cJSON_AddStringToObject(it, "description", text);
	cJSON_AddStringToObject(it, "statusName", size % 2 ? "To Do" : text);
	cJSON_AddStringToObject(status, "statusName", size % 4 ? "In Progress" : text);
	cJSON_AddItemToObject(it, "status", status);
	cJSON_AddStringToObject(prio, "priorityLabel", size % 4 ? "High" : text);
	cJSON_AddItemToObject(it, "priority", prio);
	cJSON_AddStringToObject(it, "dueDate", text);
	cJSON_AddStringToObject(it, "createTime", text);
	cJSON_AddStringToObject(it, "createdAt", text);
	cJSON_AddStringToObject(tag, "tagName", text);
	cJSON_AddItemToArray(tags, tag);
	cJSON_AddItemToArray(tags, cJSON_CreateString(text));
	cJSON_AddItemToObject(it, "tags", tags);
	cJSON_AddStringToObject(who, "firstName", text);
	cJSON_AddStringToObject(who, size % 2 ? "lastName" : "email", text);
	if (size % 3)
		cJSON_AddNumberToObject(who, "userId", id);
	else
		cJSON_AddStringToObject(who, "userId", text);
	cJSON_AddItemToArray(people, who);
	cJSON_AddItemToObject(it, "owners", people);
	cJSON_AddItemToObject(it, "createdBy", cJSON_Duplicate(who, true));
	cJSON_AddItemToObject(it, "commentedBy", cJSON_Duplicate(who, true));
	cJSON_AddStringToObject(it, "firstName", text);
	cJSON_AddStringToObject(it, "email", text);
	cJSON_AddStringToObject(it, "comment", text);
	cJSON_AddStringToObject(it, "title", text);
	cJSON_AddBoolToObject(it, "completed", size % 2);
	cJSON_AddNumberToObject(it, "position", size % 7 ? (double)(size % 11) : strtod(text, NULL));
	cJSON_AddStringToObject(it, "type", size % 2 ? "MANUAL" : text);
	cJSON_AddNumberToObject(it, "duration", size % 3 ? 60000 : strtod(text, NULL));
	cJSON_AddNumberToObject(it, "startTime", size % 4 ? 1772359200000.0 : strtod(text, NULL));
	cJSON_AddBoolToObject(it, "running", size % 5 == 0);
	cJSON_AddStringToObject(it, "message", text);
	/* the user, the statuses: a tool's text as it is; the rest in the
	 * envelope, a page of a list where Astravue pages */
	if (walking && walking->kind == FETCH_ME) {
		out = cJSON_PrintUnformatted(it);
		cJSON_Delete(it);
		free(text);
		return out;
	}
	if (walking && walking->kind == FETCH_BOARD && walking->part == 1) {
		page = cJSON_CreateArray();
		cJSON_AddItemToArray(page, it);
		out = cJSON_PrintUnformatted(page);
		cJSON_Delete(page);
		free(text);
		return out;
	}
	env = cJSON_CreateObject();
	cJSON_AddBoolToObject(env, "success", true);
	cJSON_AddStringToObject(env, "message", text);
	cJSON_AddNumberToObject(env, "code", 200);
	if (walking && walking->kind == FETCH_BOARD && walking->part == 0) {
		cJSON_AddItemToObject(env, "data", it);
	} else if (walking && ((walking->kind == FETCH_LEVEL && walking->level == 1) ||
	    (walking->kind == FETCH_BOARD && walking->part == 2) ||
	    (walking->kind == FETCH_ADOPT && str_eq(jstr(walking->op, "op"), "card.add")))) {
		cJSON *list = cJSON_CreateArray();
		page = cJSON_AddObjectToObject(env, "data");
		cJSON_AddItemToArray(list, it);
		cJSON_AddItemToObject(page, walking->kind == FETCH_LEVEL ? "projects" : "tasks", list);
		cJSON_AddNumberToObject(page, "page", size % 4 ? (double)(size % 3) :
		    strtod(text, NULL));
		cJSON_AddBoolToObject(page, "last", size % 3 == 0);
	} else {
		cJSON *list = cJSON_AddArrayToObject(env, "data");
		cJSON_AddItemToArray(list, it);
	}
	out = cJSON_PrintUnformatted(env);
	cJSON_Delete(env);
	free(text);
	return out;
}

#define BOARD "\"board\":\"3/10\""
#define SINCE "\"me\":\"1\",\"since\":1"

/* The input is one or more pages separated by a NUL byte. */
static void
run_fetch(enum fetch_kind kind, const char *data, size_t size, unsigned char sel)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"To Do\",\"title\":\"a\"," SINCE "}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\"," SINCE "}",
		"{\"op\":\"check.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\"," SINCE "}",
		"{\"op\":\"time.add\"," BOARD ",\"card\":\"42\",\"seconds\":60," SINCE "}",
	};
	struct backend_fetch f;
	struct lanes_err e = { "" };
	cJSON *op = cJSON_Parse(ops[(sel >> 3) % ARRAY_SIZE(ops)]);

	backend_fetch_init(&f, kind, kind == FETCH_CARD ? "42" : kind == FETCH_BOARD ||
	    kind == FETCH_EVENTS ? "3/10" : kind == FETCH_LEVEL && sel & 0x20 ? "3" : NULL);
	f.level = kind == FETCH_LEVEL && sel & 0x20;
	/* the board a card or a lost create is in: the input's first page,
	 * now and then, for the paths made of it */
	if (sel & 0x20 && kind != FETCH_LEVEL) {
		char *board = xstrndup(data, strnlen(data, size));
		cJSON_ReplaceItemInObject(op, "board", cJSON_CreateString(board));
		f.board = board;
	} else {
		f.board = xstrdup("3/10");
	}
	f.op = op;
	walking = &f;
	fuzz_walk(be, &ba, &f, data, size, wrap, check_path, &e);
	check_result(f.result, "", "");
	fuzz_check_text("message", e.msg);
	walking = NULL;
	backend_fetch_clear(&f);
	cJSON_Delete(op);
}

/* The input as a token answer: the state keeps tokens fit for a header. */
static void
run_tokens(const char *data, size_t size, unsigned char sel)
{
	static const long statuses[] = { 200, 400, 401, 429, 500 };
	struct http_resp r = { 0 };
	struct lanes_err e = { "" };
	char *text = xstrndup(data, size);
	cJSON *o = cJSON_CreateObject();
	const char *t;

	ba.state = cJSON_Parse("{\"access_token\":\"old\",\"refresh_token\":\"r0\"}");
	r.status = statuses[sel % ARRAY_SIZE(statuses)];
	r.body = (char *)data;
	r.len = size;
	be->refreshed(&ba, &r, &e);
	fuzz_check_text("message", e.msg);
	/* and as the strings of a well-formed answer */
	cJSON_AddStringToObject(o, "access_token", sel & 0x10 ? "a" : text);
	cJSON_AddStringToObject(o, "refresh_token", text);
	cJSON_AddStringToObject(o, "error", text);
	cJSON_AddStringToObject(o, "error_description", text);
	r.body = cJSON_PrintUnformatted(o);
	r.len = strlen(r.body);
	e.msg[0] = '\0';
	be->refreshed(&ba, &r, &e);
	fuzz_check_text("message", e.msg);
	for (int i = 0; i < 2; i++) {
		t = jstr(ba.state, i ? "refresh_token" : "access_token");
		FUZZ_ASSERT(t && *t && !str_has_blank(t));
	}
	{
		struct backend_req req;
		if (be->refresh(&ba, &req, &e) == 0) {
			FUZZ_ASSERT(req.no_auth && str_eq(req.content_type, BACKEND_FORM));
			fuzz_check_chars(req.body, SIZE_MAX, "_-.~%&=");
		}
		backend_req_clear(&req);
	}
	free(r.body);
	cJSON_Delete(o);
	cJSON_Delete(ba.state);
	ba.state = NULL;
	free(text);
}

static void
run_answer(const char *data, size_t size, unsigned char sel)
{
	static const char *const ops[] = {
		"{\"op\":\"card.add\"," BOARD ",\"column\":\"To Do\",\"title\":\"a\"}",
		"{\"op\":\"card.delete\"," BOARD ",\"remote\":\"42\"}",
		"{\"op\":\"comment.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\"}",
		"{\"op\":\"comment.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"9\"}",
		"{\"op\":\"check.add\"," BOARD ",\"card\":\"42\",\"text\":\"a\"}",
		"{\"op\":\"time.add\"," BOARD ",\"card\":\"42\",\"seconds\":60}",
		"{\"op\":\"card.move\"," BOARD ",\"remote\":\"42\",\"column\":\"Done\"}",
		"{\"op\":\"time.delete\"," BOARD ",\"card\":\"42\",\"remote\":\"77\"}",
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
	/* the input as the envelope's words, as many as an answer may hold */
	if (r.status) {
		struct http_resp w = r;
		cJSON *o = cJSON_CreateObject(), *list;

		cJSON_AddBoolToObject(o, "success", false);
		cJSON_AddStringToObject(o, "message", r.body);
		list = cJSON_AddArrayToObject(o, "errors");
		for (int i = 0; i < 12; i++) {
			cJSON *fe = cJSON_CreateObject();
			cJSON_AddStringToObject(fe, "field", r.body + i * size / 12);
			cJSON_AddStringToObject(fe, "message", r.body + (11 - i) * size / 12);
			cJSON_AddItemToArray(list, fe);
		}
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
	/* and with the input as the id a create's answer names */
	{
		cJSON *env = cJSON_CreateObject(), *d = cJSON_CreateObject();
		char *body;
		cJSON_AddStringToObject(d, "taskId", r.body);
		cJSON_AddNumberToObject(d, "timerId", strtod(r.body, NULL));
		cJSON_AddNumberToObject(d, "commentId", strtod(r.body, NULL));
		cJSON_AddNumberToObject(d, "checklistId", strtod(r.body, NULL));
		cJSON_AddBoolToObject(env, "success", true);
		cJSON_AddItemToObject(env, "data", sel & 0x40 ? d : cJSON_Duplicate(d, true));
		body = cJSON_PrintUnformatted(sel & 0x40 ? env : d);
		if (be->parse(&ba, op, answer(body, strlen(body)), &ack, &e) == 0 && ack.remote)
			check_id(ack.remote);
		backend_ack_clear(&ack);
		free(body);
		if (!(sel & 0x40))
			cJSON_Delete(d);
		cJSON_Delete(env);
	}
	if (be->adopt(&ba, op, r.body, &ack, &e) == 0 && ack.remote) {
		check_id(ack.remote);
		/* what was found goes into the next ops' paths */
		cJSON_DeleteItemFromObject(op, "remote");
		cJSON_AddStringToObject(op, "remote", ack.remote);
		cJSON_ReplaceItemInObject(op, "op", cJSON_CreateString("card.delete"));
		if (be->build(&ba, op, &req, &e) == 0)
			check_req(&req);
		backend_req_clear(&req);
	}
	backend_ack_clear(&ack);
	fuzz_check_text("message", e.msg);
	free(r.body);
	cJSON_Delete(op);
}

/* The input as every id and text of an op: built or refused, never a path
 * that is not fit for a URL. */
static void
run_build(const char *data, size_t size, unsigned char sel)
{
	static const char *const kinds[] = { "card.add", "card.set", "card.move", "card.delete",
		"comment.add", "comment.delete", "check.add", "check.set", "check.delete",
		"time.add", "time.set", "time.delete", "card.complete", "check.move",
		"column.add" };
	static const char *const fields[] = { "title", "description", "due_on", "priority",
		"labels", "start_on", "assignees" };
	char *text = xstrndup(data, size);
	cJSON *op = cJSON_CreateObject();
	struct backend_req req;
	struct lanes_err e = { "" };

	cJSON_AddStringToObject(op, "op", kinds[sel % ARRAY_SIZE(kinds)]);
	cJSON_AddStringToObject(op, "board", sel & 0x10 ? text : "3/10");
	cJSON_AddStringToObject(op, "remote", sel & 0x20 ? text : "42");
	cJSON_AddStringToObject(op, "card", sel & 0x20 ? "42" : text);
	cJSON_AddStringToObject(op, "column", text);
	cJSON_AddStringToObject(op, "field", fields[size % ARRAY_SIZE(fields)]);
	cJSON_AddStringToObject(op, "value", text);
	cJSON_AddStringToObject(op, "title", text);
	cJSON_AddStringToObject(op, "description", text);
	cJSON_AddStringToObject(op, "text", text);
	cJSON_AddStringToObject(op, "date", text);
	cJSON_AddNumberToObject(op, "seconds", size % 4 ? (double)size : strtod(text, NULL));
	cJSON_AddBoolToObject(op, "done", size % 2);
	if (be->build(&ba, op, &req, &e) == 0) {
		check_req(&req);
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
	/* the input as the sign-in's redirect, state and code */
	{
		char *url = be->login_url(&ba, text, text, text, &e);
		if (url) {
			fuzz_check_chars(url, SIZE_MAX, "/:_-.~%&=?");
			free(url);
		}
		if (be->login_req(&ba, text, text, text, &req, &e) == 0)
			fuzz_check_chars(req.body, SIZE_MAX, "_-.~%&=");
		backend_req_clear(&req);
	}
	free(text);
	cJSON_Delete(op);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fetch_kind kinds[] = { FETCH_ME, FETCH_LEVEL, FETCH_BOARD, FETCH_CARD,
		FETCH_ADOPT, FETCH_EVENTS, FETCH_LEVEL, FETCH_BOARD };
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
	else if ((sel & 0x38) == 0x38)
		run_tokens((const char *)data + 1, size - 1, sel & 0x07);
	else
		run_fetch(kinds[sel % ARRAY_SIZE(kinds)], (const char *)data + 1, size - 1, sel);
	return 0;
}
