/* Shared by the files of the Stellary backend: stellary.c (the table, the
 * paths and what both sides use), stellary-build.c (requests) and
 * stellary-parse.c (answers). */
#ifndef LANES_BACKEND_STELLARY_H
#define LANES_BACKEND_STELLARY_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/backend.h"
#include "lanes/util.h"

#define ST_MAX_ID 64
#define ST_MAX_TITLE 4096
#define ST_MAX_LONG_TEXT 65536

/* One op's request: method and path after the project's prefix {P}, a
 * format of up to two ids taken from the op's fields ids[0], ids[1]. */
struct st_path {
	const char *op;
	const char *method;
	const char *path;
	const char *ids[2];
	bool creates;           /* a second send would make a second thing */
	bool deletes;           /* a 404 means it is gone already: done */
};
extern const struct st_path st_paths[];
extern const size_t st_npaths;
/* The entry of op's kind; NULL when Stellary has none. */
const struct st_path *st_path_of(const cJSON *op);

/* The lists fetches read. */
#define ST_ME           "/auth/me"
#define ST_ORGS         "/organizations"
#define ST_WORKSPACES   "/orgs/%s/workspaces"
#define ST_PROJECTS     "/orgs/%s/workspaces/%s/projects"
#define ST_PROJECT      "/orgs/%s/workspaces/%s/projects/%s"   /* {P} */
#define ST_COLUMNS      "/columns"
#define ST_CARDS        "/cards"
#define ST_COMMENTS     "/cards/%s/comments"
#define ST_LABELS       "/labels"
#define ST_CARD_LABEL   "/cards/%s/labels/%s"
/* the organisation's members, [{userId, role, email}]: they name assignees */
#define ST_MEMBERS      "/organizations/%s/members"
#define ST_MAX_MEMBERS  5000

/* A slug or an ObjectId: nothing that changes a URL's meaning. */
bool st_id_ok(const char *s);
/* A board is "org/ws/project": its three parts, each st_id_ok. */
struct st_board {
	char org[ST_MAX_ID + 1], ws[ST_MAX_ID + 1], project[ST_MAX_ID + 1];
};
bool st_board_split(const char *board, struct st_board *b);
/* {P} of a board id, or NULL with e set. */
char *st_prefix(const char *board, struct lanes_err *e);
/* A card.set of its "labels": a series of steps (stellary-build.c). */
bool st_is_labels(const cJSON *op);
/* The labels step that makes a label: nothing left to detach or attach. */
bool st_creates_label(const cJSON *op);

/* stellary-build.c */
int st_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e);
bool st_creates(const cJSON *op);
int st_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e);

/* stellary-parse.c */
enum backend_verdict st_classify(const cJSON *op, const struct http_resp *r,
    struct lanes_err *e);
int st_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e);
int st_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e);
int st_parse_labels(const cJSON *op, const char *body, size_t len, struct backend_ack *ack,
    struct lanes_err *e);
int st_fetch_parse(struct backend_account *a, struct backend_fetch *f,
    const struct http_resp *r, struct lanes_err *e);
bool st_fetch_accepts(const struct backend_fetch *f, const struct http_resp *r);
/* Whether the members are to be read: never read yet, or the board's
 * cards name an assignee not known yet (names those that are known). */
bool st_members_wanted(struct backend_account *a, struct backend_fetch *f);
/* The organisation's members by the names the board shows. */
cJSON *st_members(const struct backend_account *a);

#endif
