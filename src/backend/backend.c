/* What every backend shares: clearing requests and fetches, and the table
 * of services by name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/backend.h"

void
backend_req_clear(struct backend_req *r)
{
	x_free(&r->path);
	x_free(&r->body);
	r->method = NULL;
	r->write = false;
}

void
backend_ack_clear(struct backend_ack *a)
{
	x_free(&a->remote);
	x_free(&a->carry);
	a->more = false;
}

void
backend_fetch_init(struct backend_fetch *f, enum fetch_kind kind, const char *remote)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->remote = remote ? xstrdup(remote) : NULL;
	f->result = cJSON_CreateObject();
}

void
backend_fetch_clear(struct backend_fetch *f)
{
	x_free(&f->remote);
	x_free(&f->offset);
	cJSON_Delete(f->result);
	f->result = NULL;
}

static const struct backend_ops *const backends[] = {
	&asana_backend,
};

const struct backend_ops *
backend_find(const char *service)
{
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (str_eq(backends[i]->name, service))
			return backends[i];
	return NULL;
}
