/* Shared by the files of the Vortask backend: vortask.c (the table and
 * what both sides use), vortask-build.c (requests) and vortask-parse.c
 * (answers). */
#ifndef LANES_BACKEND_VORTASK_H
#define LANES_BACKEND_VORTASK_H

#include <stdbool.h>

#include "lanes/backend.h"
#include "lanes/util.h"

#define VT_MAX_TITLE 4096
#define VT_MAX_LONG_TEXT 65536

/* One op's request. REST: method and path under url=, filled with the
 * project (the board) and then the op's field ids[0]. MCP: the tool, its
 * arguments built in vortask-build.c. */
struct vt_path {
	const char *op;
	const char *method;     /* NULL: an MCP tool */
	const char *path;       /* REST path, or the MCP tool's name */
	const char *id;         /* the op's field with the task's id */
	bool creates;           /* a second send would make a second thing */
	bool deletes;           /* gone already ("not found") is done */
};
extern const struct vt_path vt_paths[];
extern const size_t vt_npaths;
const struct vt_path *vt_path_of(const cJSON *op);

/* The lists fetches read (REST under url=), and the MCP tools. */
#define VT_PROFILE      "/profile"
#define VT_PROJECTS     "/projects"
#define VT_PROJECT      "/projects/%s"
#define VT_TASKS        "/projects/%s/tasks"
#define VT_TASK         "/projects/%s/tasks/%s"
#define VT_HISTORY      "/projects/%s/tasks/%s/history"
#define VT_LIST_COMMENTS "list_comments"
#define VT_ADD_COMMENT   "add_comment"
#define VT_DELETE_COMMENT "delete_comment"

/* The four statuses, in board order: Vortask's columns. */
extern const char *const vt_statuses[4];

/* A user id is a UUID. */
bool vt_user_ok(const char *s);
/* "High" for "high", NULL for anything else. */
const char *vt_priority_out(const char *local);

/* vortask-build.c */
int vt_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e);
bool vt_creates(const cJSON *op);
int vt_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e);

/* vortask-parse.c */
enum backend_verdict vt_classify(const cJSON *op, const struct http_resp *r,
    struct lanes_err *e);
int vt_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e);
int vt_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e);
int vt_fetch_parse(struct backend_account *a, struct backend_fetch *f,
    const struct http_resp *r, struct lanes_err *e);

#endif
