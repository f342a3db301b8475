/* Shared by the files of the Astravue backend: astravue.c (the table, the
 * sign-in and its tokens), astravue-build.c (requests) and
 * astravue-parse.c (answers). */
#ifndef LANES_BACKEND_ASTRAVUE_H
#define LANES_BACKEND_ASTRAVUE_H

#include <stdbool.h>

#include "lanes/backend.h"
#include "lanes/util.h"

#define AV_MAX_TITLE 4096
#define AV_MAX_LONG_TEXT 65536
#define AV_PAGE_SIZE "100"
/* A server that keeps saying there is another page is broken. */
#define AV_MAX_PAGES 1000

/* One op's request. REST: method and path under url= ("%s" filled with the
 * space, the project, then the task or entry); MCP: method NULL, path the
 * tool. inferred: the reference does not show the path (assumptions.md). */
struct av_path {
	const char *op;
	const char *method;
	const char *path;
	bool creates, deletes, inferred;
};
extern const struct av_path av_paths[];
extern const size_t av_npaths;
const struct av_path *av_path_of(const cJSON *op);

/* The lists fetches read (REST under url=) and the tools they call. */
#define AV_SPACES       "/spaces"
#define AV_PROJECTS     "/spaces/%s/projects"
#define AV_PROJECT      "/spaces/%s/projects/%s"
#define AV_TASKS        "/spaces/%s/projects/%s/tasks"
#define AV_TASK         "/spaces/%s/projects/%s/tasks/%s"
#define AV_COMMENTS     "/spaces/%s/projects/%s/tasks/%s/comments"     /* inferred */
#define AV_CHECKLISTS   "/spaces/%s/projects/%s/tasks/%s/checklists"   /* inferred */
#define AV_TIMERS       "/time-track/tasks/%s/timers"                  /* inferred */
#define AV_MANUAL       "/time-track/projects/%s/tasks/%s/manual"
#define AV_TIMER        "/time-track/timers/%s"                        /* inferred */
#define AV_STATUSES_TOOL "astravue_list_task_statuses"
#define AV_ME_TOOL      "astravue_get_current_user"
#define AV_ACTIVE_TOOL  "astravue_get_active_timers"

/* A board is "space/project": its two ids. */
bool av_board_split(const char *board, char space[24], char project[24]);

/* astravue-build.c */
int av_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e);
bool av_creates(const cJSON *op);
int av_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e);

/* astravue-parse.c */
enum backend_verdict av_classify(const cJSON *op, const struct http_resp *r,
    struct lanes_err *e);
int av_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e);
int av_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e);
int av_fetch_parse(struct backend_account *a, struct backend_fetch *f,
    const struct http_resp *r, struct lanes_err *e);
/* The data of a success envelope {success, message, code, data}, or NULL. */
const cJSON *av_data(const cJSON *root);

#endif
