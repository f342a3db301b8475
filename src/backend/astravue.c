/* Astravue: a project (in a space) is a board; its columns are the
 * project's task statuses in their order, read over MCP (REST lists none),
 * with the statuses no task has; a move is a change of status, sent by
 * name. Tasks go over REST, paged; comments and checklists are read over
 * REST and written over MCP. Time entries are Astravue's own: a stopped
 * timer's time and `lanes log` go to the manual-entry endpoint in
 * milliseconds. The timer is Astravue's: `t` starts and stops it there
 * (the stop makes the entry); a timer started while Astravue could not
 * be reached, and stopped before it could, goes as a manual entry.
 * Reordering inside a status is kept on this machine.
 *
 * Signing in is OAuth's authorization code with PKCE against Keycloak
 * (`lanes login NAME`); the access and refresh tokens live in the
 * account's state (the store, mode 0600). A 401 refreshes once and
 * resends once; refresh tokens rotate, so the engine runs one refresh at a
 * time and writes the new tokens durably before using them; invalid_grant
 * ends in "sign in again". Every REST request carries X-Org-Id; answers
 * come in {success, message, code, data}.
 *
 * Refresh: no change feed. A board's refresh is its project (the role:
 * a Guest only reads), its statuses (one MCP call) and its tasks (one
 * request per 100); what a quiet board costs per period is those three.
 *
 * Where the reference is silent this file follows shared/api/assumptions.md:
 * the paths marked inferred in astravue.h and in the table below, paging
 * with page (0-based) and size, status by name and priority by label, PUT
 * partial with null clearing, the tools and their arguments, a 429's wait
 * (Retry-After, else 60 s). Also assumed: a project says the user's role
 * as `myRole`, and astravue_get_current_user says who the token is. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "astravue.h"

const struct av_path av_paths[] = {
	{ .op = "card.add", .method = "POST", .path = AV_TASKS, .creates = true, .inferred = true },
	{ .op = "card.set", .method = "PUT", .path = AV_TASK, .inferred = true },
	{ .op = "card.move", .method = "PUT", .path = AV_TASK, .inferred = true },
	{ .op = "card.delete", .method = "DELETE", .path = AV_TASK, .deletes = true,
	    .inferred = true },
	{ .op = "comment.add", .path = "astravue_add_task_comment", .creates = true },
	{ .op = "comment.delete", .path = "astravue_delete_task_comment", .deletes = true },
	{ .op = "check.add", .path = "astravue_create_checklist_item", .creates = true },
	{ .op = "check.set", .path = "astravue_update_checklist_item" },
	{ .op = "check.delete", .path = "astravue_delete_checklist_item", .deletes = true },
	{ .op = "time.add", .method = "POST", .path = AV_MANUAL, .creates = true },
	/* the service's own timer: one a user */
	{ .op = "timer.start", .path = "astravue_start_timer" },
	{ .op = "timer.stop", .path = "astravue_stop_timer" },
	{ .op = "time.set", .method = "PUT", .path = AV_TIMER, .inferred = true },
	{ .op = "time.delete", .method = "DELETE", .path = AV_TIMER, .deletes = true,
	    .inferred = true },
};
const size_t av_npaths = ARRAY_SIZE(av_paths);

const struct av_path *
av_path_of(const cJSON *op)
{
	const char *name = jstr(op, "op");

	for (size_t i = 0; name && i < av_npaths; i++)
		if (str_eq(av_paths[i].op, name))
			return &av_paths[i];
	return NULL;
}

bool
av_board_split(const char *board, char space[24], char project[24])
{
	const char *slash = board ? strchr(board, '/') : NULL;
	size_t n;

	if (!slash || (n = (size_t)(slash - board)) == 0 || n >= 24 || strlen(slash + 1) >= 24)
		return false;
	memcpy(space, board, n);
	space[n] = '\0';
	strcpy(project, slash + 1);
	return backend_int_ok(space) && backend_int_ok(project);
}

/* ---- the sign-in and its tokens ---- */

static const char *
av_bearer(const struct backend_account *a)
{
	return jstr(a->state, "access_token");
}

static void
form_add(struct strbuf *sb, const char *key, const char *value)
{
	char *v = str_url_encode(value ? value : "");

	sb_printf(sb, "%s%s=%s", sb->len ? "&" : "", key, v);
	str_wipe_free(&v);
}

/* POST {auth-url}/token with a form holding the client's credentials. */
static int
token_req(struct backend_account *a, struct strbuf *form, struct backend_req *out,
    struct lanes_err *e)
{
	const char *auth = backend_setting(a, "auth-url");

	form_add(form, "client_id", backend_setting(a, "client-id"));
	form_add(form, "client_secret", backend_setting(a, "client-secret"));
	memset(out, 0, sizeof(*out));
	if (!auth || !*auth) {
		str_wipe(form->buf);
		sb_free(form);
		return err_set(e, "the account has no auth-url");
	}
	out->method = "POST";
	out->path = xasprintf("%s/token", auth);
	out->body = sb_steal(form);
	out->content_type = BACKEND_FORM;
	out->write = true;
	out->no_auth = true;
	return 0;
}

static char *
av_login_url(const struct backend_account *a, const char *redirect, const char *state,
    const char *challenge, struct lanes_err *e)
{
	const char *auth = backend_setting(a, "auth-url");
	struct strbuf q = { 0 };

	if (!auth || !*auth) {
		err_set(e, "the account has no auth-url");
		return NULL;
	}
	form_add(&q, "response_type", "code");
	form_add(&q, "client_id", backend_setting(a, "client-id"));
	form_add(&q, "redirect_uri", redirect);
	form_add(&q, "scope", "openid");
	form_add(&q, "state", state);
	form_add(&q, "code_challenge", challenge);
	form_add(&q, "code_challenge_method", "S256");
	{
		char *url = xasprintf("%s/auth?%s", auth, q.buf);
		sb_free(&q);
		return url;
	}
}

static int
av_login_req(struct backend_account *a, const char *code, const char *redirect,
    const char *verifier, struct backend_req *out, struct lanes_err *e)
{
	struct strbuf form = { 0 };

	form_add(&form, "grant_type", "authorization_code");
	form_add(&form, "code", code);
	form_add(&form, "redirect_uri", redirect);
	form_add(&form, "code_verifier", verifier);
	return token_req(a, &form, out, e);
}

static int
av_refresh(struct backend_account *a, struct backend_req *out, struct lanes_err *e)
{
	const char *refresh = jstr(a->state, "refresh_token");
	struct strbuf form = { 0 };

	if (!refresh || !*refresh)
		return err_set(e, "%s is not signed in: lanes login %s", a->name, a->name);
	form_add(&form, "grant_type", "refresh_token");
	form_add(&form, "refresh_token", refresh);
	return token_req(a, &form, out, e);
}

static void
state_put(cJSON *state, const char *key, const char *value)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(state, key);

	if (cJSON_IsString(old))
		str_wipe(old->valuestring);
	cJSON_DeleteItemFromObjectCaseSensitive(state, key);
	cJSON_AddStringToObject(state, key, value);
}

static bool
token_ok(const char *s)
{
	return s && *s && strlen(s) < 8192 && !str_has_blank(s);
}

/* The token answer of a sign-in or a refresh: the new pair in the state. */
static int
av_refreshed(struct backend_account *a, const struct http_resp *r, struct lanes_err *e)
{
	cJSON *root = json_parse(r->body, r->len);
	const char *access = jstr(root, "access_token"), *refresh = jstr(root, "refresh_token");
	int rc = 0;

	if (r->status == 429 || r->status >= 500) {
		rc = 1;
		err_set(e, "the sign-in service answered %ld: trying again later", r->status);
	} else if (r->status == 200 && !cJSON_IsObject(root)) {
		/* an answer garbled on the way: the token it held was never used,
		 * so the one presented is good for another try */
		rc = 1;
		err_set(e, "the sign-in service's answer could not be read: trying again later");
	} else if (r->status != 200 || !token_ok(access) || (refresh && !token_ok(refresh))) {
		char *why = backend_clean_text(jget(root, "error_description"), false, 200);
		if (!why || !*why) {
			free(why);
			why = backend_clean_text(jget(root, "error"), false, 60);
		}
		rc = err_set(e, "the sign-in service refused (%ld%s%s): sign in again: lanes login %s",
		    r->status, why && *why ? ": " : "", why ? why : "", a->name);
		free(why);
	} else {
		if (!a->state)
			a->state = cJSON_CreateObject();
		state_put(a->state, "access_token", access);
		if (refresh)
			state_put(a->state, "refresh_token", refresh);
		a->state_changed = true;
	}
	/* the answer's copies of the tokens */
	if (cJSON_IsString(jget(root, "access_token")))
		str_wipe(cJSON_GetObjectItemCaseSensitive(root, "access_token")->valuestring);
	if (cJSON_IsString(jget(root, "refresh_token")))
		str_wipe(cJSON_GetObjectItemCaseSensitive(root, "refresh_token")->valuestring);
	cJSON_Delete(root);
	return rc;
}

static const struct backend_setting astravue_settings[] = {
	{ "org", SETTING_REQUIRED, NULL, "the organisation's id (X-Org-Id)" },
	{ "client-id", SETTING_REQUIRED, NULL, "the API credentials' client id" },
	{ "client-secret", SETTING_REQUIRED | SETTING_SECRET, NULL,
	    "the API credentials' client secret" },
	{ "url", 0, "https://api.astravue.com/v1", "the REST API's address" },
	{ "auth-url", 0, "https://auth.astravue.com/realms/astravue/protocol/openid-connect",
	    "the sign-in service's address" },
	{ "mcp-url", 0, "https://api.astravue.com/mcp", "the MCP server's address" },
	{ NULL, 0, NULL, NULL },
};

static const char *const astravue_picker[] = { "space", "project", NULL };

static const struct backend_refusal astravue_refusals[] = {
	{ CAP_COLUMN_EDIT, "Astravue's columns are the project's statuses: a Project Admin "
	    "changes them in Astravue" },
	{ CAP_ASSIGNEE, "Astravue's assignees are its members by id, and lanes does not read "
	    "Astravue's members yet" },
	{ 0, NULL },
};

const struct backend_ops astravue_backend = {
	.name = "astravue",
	.title = "Astravue",
	.settings = astravue_settings,
	.caps = CAP_CHECKLIST | CAP_COMMENTS | CAP_TIME | CAP_PRIORITY | CAP_LABELS | CAP_DUE |
	    CAP_TIMER | CAP_START,
	/* no order inside a status, no "done" but a status */
	.kept_local = CAP_REORDER | CAP_COMPLETE | CAP_ARCHIVE,
	.refusals = astravue_refusals,
	.transports = TRANSPORT_REST | TRANSPORT_MCP,
	.picker = astravue_picker,
	.max_reads = 4,
	.max_writes = 1,
	/* 100 a minute for REST and MCP together; the MCP session's own
	 * start (three requests) is not counted here */
	.rate_n = 95,
	.rate_window_ms = 60000,
	.build = av_build,
	.parse = av_parse,
	.classify = av_classify,
	.creates = av_creates,
	.adopt = av_adopt,
	.fetch_next = av_fetch_next,
	.fetch_parse = av_fetch_parse,
	.bearer = av_bearer,
	.refresh = av_refresh,
	.refreshed = av_refreshed,
	.login_url = av_login_url,
	.login_req = av_login_req,
};
