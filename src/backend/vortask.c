/* Vortask: a project is a board; its columns are the four task statuses
 * (New, Active, Blocked, Closed), fixed, and a move is a change of
 * status; a task's tags are its labels. REST has no comments: they are
 * read, added and deleted through Vortask's MCP server (the net layer's
 * MCP client), the only backend op that goes there. The task's history
 * (REST) shows among its comments, as the service's own lines.
 *
 * What Vortask does not have is kept on this machine: a card's place
 * inside its column, checklists, time, "done". A project whose role for
 * this user is Viewer is read-only, and the board says so.
 *
 * Refresh: no event feed, no paging, no modified-since. A board's
 * refresh is GET /projects/:id (the role, so the board knows whether it
 * may be changed) and GET /projects/:id/tasks, two requests. A comment
 * does not change its task's updatedAt: a card's comments are fetched
 * when its pane opens.
 *
 * Where the reference is silent this file follows shared/api/assumptions.md
 * (marked "assumed" in the table below):
 *   - priority is required on create (the card's, else Medium); the status
 *     sent on create is ignored, so a card made in another column is made,
 *     then moved (a second step);
 *   - times are whole seconds; `tags` replaces the whole list; `null`
 *     clears dueDate and description; deletes answer 204;
 *   - the MCP tools and arguments below, with integer ids, a result being
 *     content[0].text holding JSON. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/json.h"
#include "vortask.h"

const struct vt_path vt_paths[] = {
	/* assumed: POST answers 201 with the task */
	{ .op = "card.add", .method = "POST", .path = VT_TASKS, .creates = true },
	{ .op = "card.set", .method = "PUT", .path = VT_TASK, .id = "remote" },
	{ .op = "card.move", .method = "PUT", .path = VT_TASK, .id = "remote" },
	{ .op = "card.delete", .method = "DELETE", .path = VT_TASK, .id = "remote",
	    .deletes = true },
	/* assumed: the tools and arguments of assumptions.md */
	{ .op = "comment.add", .path = VT_ADD_COMMENT, .id = "card", .creates = true },
	{ .op = "comment.delete", .path = VT_DELETE_COMMENT, .id = "card", .deletes = true },
};
const size_t vt_npaths = ARRAY_SIZE(vt_paths);

const char *const vt_statuses[4] = { "New", "Active", "Blocked", "Closed" };

const struct vt_path *
vt_path_of(const cJSON *op)
{
	const char *name = jstr(op, "op");

	for (size_t i = 0; name && i < vt_npaths; i++)
		if (str_eq(vt_paths[i].op, name))
			return &vt_paths[i];
	return NULL;
}

bool
vt_user_ok(const char *s)
{
	size_t n = s ? strspn(s, "0123456789abcdefABCDEF-") : 0;

	return n > 0 && n <= 64 && !s[n];
}

const char *
vt_priority_out(const char *local)
{
	static const char *const names[] = { "Low", "Medium", "High" };

	for (size_t i = 0; local && i < ARRAY_SIZE(names); i++)
		if (strcasecmp(local, names[i]) == 0)
			return names[i];
	return NULL;
}

static const struct backend_setting vortask_settings[] = {
	{ "url", 0, "https://api.vortask.app/api", "the REST API's address" },
	{ "mcp-url", 0, "https://mcp.vortask.app", "the MCP server's address (comments)" },
	{ "token", SETTING_REQUIRED | SETTING_SECRET, NULL, "a personal API token (vt_...)" },
	{ NULL, 0, NULL, NULL },
};

static const struct backend_refusal vortask_refusals[] = {
	{ CAP_COLUMN_EDIT, "Vortask's columns are its four statuses (New, Active, Blocked, "
	    "Closed): they cannot be changed" },
	{ CAP_START, "Vortask's tasks have no start date" },
	{ CAP_ASSIGNEE, "Vortask's assignees are its project members by id, and lanes does not "
	    "read Vortask's members yet" },
	{ 0, NULL },
};

static const char *const vortask_picker[] = { "project", NULL };

const struct backend_ops vortask_backend = {
	.name = "vortask",
	.title = "Vortask",
	.settings = vortask_settings,
	.caps = CAP_COMMENTS | CAP_PRIORITY | CAP_DUE | CAP_LABELS,
	/* no order inside a status, no checklists, no time, no "done" */
	.kept_local = CAP_REORDER | CAP_CHECKLIST | CAP_TIME | CAP_COMPLETE | CAP_ARCHIVE,
	.refusals = vortask_refusals,
	.transports = TRANSPORT_REST | TRANSPORT_MCP,
	.picker = vortask_picker,
	.max_reads = 4,
	/* a card made in another column is moved by a second request: the
	 * edits after it must wait for it */
	.max_writes = 1,
	.build = vt_build,
	.parse = vt_parse,
	.classify = vt_classify,
	.creates = vt_creates,
	.adopt = vt_adopt,
	.fetch_next = vt_fetch_next,
	.fetch_parse = vt_fetch_parse,
};
