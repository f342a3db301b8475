/* Two more toy services, for the picker and capability tests: "deep" lists its boards in three levels (organisation,
 * workspace, project), "flat" in one (project). Both answer from the tree
 * below without a network: every fetch is complete at its first step.
 * Neither keeps comments or time entries; checklists are kept on this
 * machine. Edits of what they do keep are taken and forgotten. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"
#include "lanes/json.h"
#include "toy.h"

/* Every item of every level: the item it is in (level 0: the service's
 * name), its id and its name. */
static const struct {
	const char *parent, *remote, *name;
} tree[] = {
	{ "deep", "o1", "Org One" },
	{ "deep", "o2", "Org Two" },
	{ "o1", "w1", "North" },
	{ "o2", "w2", "South" },
	{ "o2", "w3", "Empty" },
	{ "w1", "p1", "Alpha" },
	{ "w2", "p2", "Beta" },
	{ "w2", "p3", "Gamma" },
	{ "flat", "p1", "Alpha" },
	{ "flat", "p4", "Delta" },
};

static cJSON *
named(const char *remote, const char *key, const char *name)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "remote", remote);
	cJSON_AddStringToObject(o, key, name);
	return o;
}

static void
list_level(const struct backend_account *a, struct backend_fetch *f)
{
	const char *in = f->remote ? f->remote : a->ops->name;
	cJSON *items = cJSON_AddArrayToObject(f->result, "items");

	for (size_t i = 0; i < ARRAY_SIZE(tree); i++)
		if (str_eq(tree[i].parent, in))
			cJSON_AddItemToArray(items, named(tree[i].remote, "name", tree[i].name));
}

/* A board: one column, one card named after the board. */
static void
board(struct backend_fetch *f)
{
	cJSON *card;
	char *id = xasprintf("t-%s", f->remote), *title = xasprintf("Card of %s", f->remote);

	cJSON_AddItemToArray(cJSON_AddArrayToObject(f->result, "columns"),
	    named("c1", "name", "Todo"));
	card = named(id, "title", title);
	cJSON_AddStringToObject(card, "column", "c1");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(f->result, "cards"), card);
	free(id);
	free(title);
}

static int
toy_fetch_next(struct backend_account *a, struct backend_fetch *f, struct backend_req *out,
    struct lanes_err *e)
{
	switch (f->kind) {
	case FETCH_ME:
		cJSON_AddStringToObject(f->result, "remote", "u1");
		break;
	case FETCH_LEVEL:
		list_level(a, f);
		break;
	case FETCH_BOARD:
		board(f);
		break;
	case FETCH_CARD:
		cJSON_AddArrayToObject(f->result, "comments");
		cJSON_AddArrayToObject(f->result, "check_items");
		cJSON_AddArrayToObject(f->result, "time_entries");
		break;
	case FETCH_ADOPT:
		cJSON_AddArrayToObject(f->result, "candidates");
		break;
	case FETCH_EVENTS:
		cJSON_AddBoolToObject(f->result, "changed", true);
		break;
	}
	return 0;
}

static int
toy_build(struct backend_account *a, const cJSON *op, struct backend_req *out,
    struct lanes_err *e)
{
	return 1;
}

static int
toy_parse(struct backend_account *a, const cJSON *op, const struct http_resp *r,
    struct backend_ack *ack, struct lanes_err *e)
{
	return 0;
}

static int
toy_fetch_parse(struct backend_account *a, struct backend_fetch *f,
    const struct http_resp *r, struct lanes_err *e)
{
	return err_set(e, "the toy sends no requests");
}

static enum backend_verdict
toy_classify(const cJSON *op, const struct http_resp *r, struct lanes_err *e)
{
	return BV_OK;
}

static bool
toy_creates(const cJSON *op)
{
	return false;
}

static const struct backend_setting toy_settings[] = {
	{ NULL, 0, NULL, NULL },
};

static const char *const deep_picker[] = { "organisation", "workspace", "project", NULL };
static const char *const flat_picker[] = { "project", NULL };

#define TOY(service, levels) { \
	.name = service, \
	.title = "Toy", \
	.settings = toy_settings, \
	.caps = CAP_REORDER | CAP_COLUMN_EDIT | CAP_COMPLETE | CAP_DUE, \
	.kept_local = CAP_CHECKLIST, \
	.transports = TRANSPORT_REST, \
	.picker = levels, \
	.max_reads = 4, \
	.max_writes = 4, \
	.build = toy_build, \
	.parse = toy_parse, \
	.classify = toy_classify, \
	.creates = toy_creates, \
	.fetch_next = toy_fetch_next, \
	.fetch_parse = toy_fetch_parse, \
}

const struct backend_ops deep_backend = TOY("deep", deep_picker);
const struct backend_ops flat_backend = TOY("flat", flat_picker);
