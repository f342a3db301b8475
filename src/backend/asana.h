/* Shared by the files of the Asana backend: asana.c (the table),
 * asana-build.c (requests) and asana-parse.c (answers). */
#ifndef LANES_BACKEND_ASANA_H
#define LANES_BACKEND_ASANA_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/backend.h"
#include "lanes/util.h"

#define PAGE_LIMIT "100"
/* A server that keeps sending next_page is broken or hostile: 500,000 tasks
 * is far beyond any board anyone can read. */
#define MAX_PAGES 5000
#define MAX_TITLE 4096
#define MAX_LONG_TEXT 65536
#define MAX_GID 64

/* A section's tasks are in it: only the project's list says where. */
#define TASK_FIELDS "name,notes,completed,due_on,assignee.name,tags.name"
#define TASK_PLACE_FIELDS TASK_FIELDS ",memberships.project,memberships.section"

/* A board is read in two parts: its sections, then their tasks, all at
 * once, a cursor each. One more cursor, the project's, asks how many tasks
 * the project has beside the sections' first pages; once every section
 * is read, it reads the project's own list too, but only when they held
 * fewer (a task in a section the list leaves out). */
enum { BOARD_SECTIONS, BOARD_TASKS, BOARD_PARTS };

/* asana.c: what both sides use */
/* An Asana id: digits and a little more, nothing that changes a URL. */
bool gid_ok(const char *s);
void ms_to_iso(long long ms, char *buf, size_t n);
void query_escape(struct strbuf *sb, const char *s);
bool has_anchor(const cJSON *op);
/* A labels edit (card.set of labels), the label it adds next, and whether
 * this step makes a tag. */
bool is_labels(const cJSON *op);
const char *label_to_add(const cJSON *op);
bool creates_tag(const cJSON *op);
double asana_minutes(double seconds);

/* asana-build.c: requests */
int asana_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e);
bool asana_creates(const cJSON *op);
/* A delete: a 404 means it is gone already. */
bool asana_deletes(const cJSON *op);
int asana_fetch_next(struct backend_account *a, struct backend_fetch *f,
    struct backend_req *out, struct lanes_err *e);

/* asana-parse.c: answers */
enum backend_verdict asana_classify(const cJSON *op, const struct http_resp *r,
    struct lanes_err *e);
int asana_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e);
int asana_adopt(struct backend_account *a, const cJSON *op, const char *found,
    struct backend_ack *ack, struct lanes_err *e);
bool asana_fetch_accepts(const struct backend_fetch *f, const struct http_resp *r);
int asana_fetch_parse(struct backend_account *a, struct backend_fetch *f,
    const struct http_resp *r, struct lanes_err *e);

#endif
