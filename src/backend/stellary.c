/* Stellary: a project is a board (picked through organisation, workspace
 * and project), its columns and cards are ours, a card's embedded
 * checklist is its checklist, and comments are comments. Every request of
 * a board goes under {P} = /orgs/:orgSlug/workspaces/:wsSlug/projects/:id,
 * so a board's id here is "orgSlug/wsSlug/projectId", each part checked
 * before it goes into a path. Answers are bare JSON (no envelope); errors
 * are NestJS's {statusCode, message, error}, message a string or an array
 * of strings. Every string the server sends is sanitized before it can
 * reach the store, the screen or a log.
 *
 * Stellary keeps no time entries (lanes keeps them on this machine) and
 * has no "done" for a card (marking done is kept here too); its
 * `archived` is lanes' archive, sent and read back. Labels are the
 * project's, by id: a card lists `labelIds`, and setting a card's labels
 * by name is a series of steps (see stellary-build.c); the board's fetch
 * reads the project's labels to name them.
 *
 * Refresh: Stellary has no event feed, no modified_since and no ETag. The
 * cheapest whole signal is the board itself: GET {P}/columns, {P}/cards
 * and {P}/labels (which name the cards' labelIds), three requests without
 * pagination; so no CAP_EVENTS and the engine refreshes the open board in
 * full. A card names its assignee by user id: the organisation's members
 * (GET /organizations/:org/members, which gives emails) name them, asked
 * for only when a card names someone the account has not seen yet. (GET /notifications/count is a one-number hint, but only for
 * other people's changes and only with the notifications:read scope.)
 *
 * Where the reference is silent this file follows shared/api/assumptions.md
 * (marked "assumed" in the table below):
 *   - a card is created with POST {P}/columns/:columnId/cards, at the end of
 *     the column; the answer is the card; PATCH answers with the card;
 *   - `order` is a 0-based index in the column, renumbered 0..n-1 by the
 *     server after every change: a move sends the index this machine shows;
 *   - checklist items have a 24-hex `_id`; PATCH …/checklist/:itemId takes
 *     `done`, `title` and `order`; checklist answers are the whole card;
 *   - the prefix of the checklist routes is {P} (the reference writes /…/);
 *   - workspaces and projects lists are bare arrays of {id, name, slug};
 *   - dates are ISO 8601 UTC with milliseconds; a 429 carries Retry-After. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/text.h"
#include "stellary.h"

/* Every op Stellary takes: the one place to change when the service turns
 * out to differ. Paths follow {P}; ids name the op's fields that fill them. */
const struct st_path st_paths[] = {
	/* assumed: the reference's path, answered 201 with the card */
	{ .op = "card.add", .method = "POST", .path = "/columns/%s/cards",
	    .ids = { "column" }, .creates = true },
	{ .op = "card.move", .method = "PATCH", .path = "/cards/%s", .ids = { "remote" } },
	{ .op = "card.set", .method = "PATCH", .path = "/cards/%s", .ids = { "remote" } },
	{ .op = "card.archive", .method = "PATCH", .path = "/cards/%s", .ids = { "remote" } },
	{ .op = "card.delete", .method = "DELETE", .path = "/cards/%s",
	    .ids = { "remote" }, .deletes = true },
	{ .op = "column.add", .method = "POST", .path = "/columns", .creates = true },
	{ .op = "column.rename", .method = "PATCH", .path = "/columns/%s", .ids = { "remote" } },
	{ .op = "column.place", .method = "PATCH", .path = "/columns/%s", .ids = { "remote" } },
	{ .op = "column.delete", .method = "DELETE", .path = "/columns/%s",
	    .ids = { "remote" }, .deletes = true },
	{ .op = "comment.add", .method = "POST", .path = "/cards/%s/comments",
	    .ids = { "card" }, .creates = true },
	{ .op = "comment.delete", .method = "DELETE", .path = "/cards/%s/comments/%s",
	    .ids = { "card", "remote" }, .deletes = true },
	/* assumed: the /…/ prefix of checklist routes is {P}; answers are the card */
	{ .op = "check.add", .method = "POST", .path = "/cards/%s/checklist",
	    .ids = { "card" }, .creates = true },
	{ .op = "check.set", .method = "PATCH", .path = "/cards/%s/checklist/%s",
	    .ids = { "card", "remote" } },
	{ .op = "check.move", .method = "PATCH", .path = "/cards/%s/checklist/%s",
	    .ids = { "card", "remote" } },
	{ .op = "check.delete", .method = "DELETE", .path = "/cards/%s/checklist/%s",
	    .ids = { "card", "remote" }, .deletes = true },
};
const size_t st_npaths = ARRAY_SIZE(st_paths);

bool
st_is_labels(const cJSON *op)
{
	return str_eq(jstr(op, "op"), "card.set") && str_eq(jstr(op, "field"), "labels");
}

bool
st_creates_label(const cJSON *op)
{
	const cJSON *carry = jget(op, "carry");

	return st_is_labels(op) && cJSON_GetArraySize(jget(carry, "create")) > 0 &&
	    cJSON_GetArraySize(jget(carry, "remove")) == 0 &&
	    cJSON_GetArraySize(jget(carry, "attach")) == 0;
}

const struct st_path *
st_path_of(const cJSON *op)
{
	const char *name = jstr(op, "op");

	for (size_t i = 0; name && i < st_npaths; i++)
		if (str_eq(st_paths[i].op, name))
			return &st_paths[i];
	return NULL;
}

/* Slugs are lowercase letters, digits and hyphens; ObjectIds 24 hex
 * digits. We take a little more, but nothing that changes a URL. */
bool
st_id_ok(const char *s)
{
	size_t n;

	if (!s)
		return false;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
	return n > 0 && n <= ST_MAX_ID && !s[n];
}

static bool
part_copy(char *to, const char *from, size_t n)
{
	if (n == 0 || n > ST_MAX_ID)
		return false;
	memcpy(to, from, n);
	to[n] = '\0';
	return st_id_ok(to);
}

bool
st_board_split(const char *board, struct st_board *b)
{
	const char *s1, *s2;

	if (!board || !(s1 = strchr(board, '/')) || !(s2 = strchr(s1 + 1, '/')))
		return false;
	return part_copy(b->org, board, (size_t)(s1 - board)) &&
	    part_copy(b->ws, s1 + 1, (size_t)(s2 - s1 - 1)) &&
	    part_copy(b->project, s2 + 1, strlen(s2 + 1));
}

char *
st_prefix(const char *board, struct lanes_err *e)
{
	struct st_board b;

	if (!st_board_split(board, &b)) {
		err_set(e, "no valid Stellary board (organisation/workspace/project)");
		return NULL;
	}
	return xasprintf(ST_PROJECT, b.org, b.ws, b.project);
}

static const struct backend_setting stellary_settings[] = {
	{ "url", SETTING_REQUIRED, NULL, "the deployment's address" },
	{ "token", SETTING_REQUIRED | SETTING_SECRET, NULL, "a personal access token" },
	{ NULL, 0, NULL, NULL },
};

static const char *const stellary_picker[] = { "organisation", "workspace", "project", NULL };

const struct backend_ops stellary_backend = {
	.name = "stellary",
	.title = "Stellary",
	.settings = stellary_settings,
	.caps = CAP_REORDER | CAP_COLUMN_EDIT | CAP_CHECKLIST | CAP_COMMENTS | CAP_PRIORITY |
	    CAP_DUE | CAP_LABELS | CAP_ARCHIVE | CAP_START | CAP_ASSIGNEE,
	.kept_local = CAP_TIME | CAP_COMPLETE,  /* no time tracking, no "done" */
	.transports = TRANSPORT_REST,
	.picker = stellary_picker,
	.max_reads = 8,
	/* one edit at a time: the server renumbers a column's orders after
	 * each, so moves must land in the order they were made */
	.max_writes = 1,
	.build = st_build,
	.parse = st_parse,
	.classify = st_classify,
	.creates = st_creates,
	.adopt = st_adopt,
	.fetch_next = st_fetch_next,
	.fetch_parse = st_fetch_parse,
	.fetch_accepts = st_fetch_accepts,
	.members = st_members,
};
