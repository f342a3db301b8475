/* Sending ops: the head op of each entity, resolved by the store into
 * the service's ids, built by the backend, marked sent on disk before it
 * leaves, and acknowledged, retried or parked by what the answer means.
 * A create sent before whose answer was lost is looked for first. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/json.h"
#include "lanes/outbox.h"
#include "lanes/store.h"
#include "private.h"

static void send_op(struct sending *sd);

static struct sending *
sending_find(lid op)
{
	for (struct sending *sd = engine.sendings; sd; sd = sd->next)
		if (sd->op == op)
			return sd;
	return NULL;
}

static int
sendings_of(const struct sync_account *a)
{
	int n = 0;

	for (struct sending *sd = engine.sendings; sd; sd = sd->next)
		n += sd->a == a;
	return n;
}

void
sending_free(struct sending *sd)
{
	if (sd->prev)
		sd->prev->next = sd->next;
	else
		engine.sendings = sd->next;
	if (sd->next)
		sd->next->prev = sd->prev;
	if (sd->http_id) {
		account_cancel(sd->a, sd->http_id);
		account_request_done(sd->a, sd->write);
	}
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->sending == sd)
			fe->sending = NULL;
	free(sd->entity);
	cJSON_Delete(sd->resolved);
	free(sd);
}

/* What a refresh running now fetched may predate this op: it keeps the
 * local values of the entity. */
static void
note_acked(const struct sending *sd)
{
	for (struct fetcher *fe = engine.fetchers; fe; fe = fe->next)
		if (fe->a == sd->a && fe->f.kind == FETCH_BOARD)
			strset_add(&fe->acked, sd->entity);
}

static void
op_acked(struct sending *sd, const struct backend_ack *ack)
{
	struct lanes_err e = { "" };

	if (outbox_ack(engine.st, sd->op, ack->remote, ack->more, ack->carry, &e) < 0)
		outbox_defer(engine.st, sd->op, now_ms() + BACKOFF_BASE_MS, e.msg, NULL);
	note_acked(sd);
	/* what waited for this may go now */
	strset_free(&engine.waiting);
	engine_notify(SYNC_STORE | SYNC_STATUS);
}

static void
op_failed(struct sending *sd, const char *why)
{
	outbox_park(engine.st, sd->op, why, NULL);
	engine_notify(SYNC_STORE | SYNC_STATUS);
}

static bool
is_delete(const char *op)
{
	const char *dot = op ? strrchr(op, '.') : NULL;

	return dot && str_eq(dot, ".delete");
}

/* A delete the service forbids this user (a role that may not) will not
 * be allowed by trying again: it is given up, said, and what was deleted
 * here comes back with the board's refresh. */
static void
delete_forbidden(struct sending *sd, const char *why)
{
	struct outbox_op op = { 0 };
	struct lanes_err e = { "" };

	if (outbox_get(engine.st, sd->op, &op, &e) < 0 || outbox_discard(engine.st, sd->op, &e) < 0) {
		outbox_op_clear(&op);
		op_failed(sd, why);
		return;
	}
	engine_say("%s refused the delete, so it comes back: %s", sd->a->be->title, why);
	sync_refresh_board(json_id(op.payload, "board"));
	outbox_op_clear(&op);
	engine_notify(SYNC_STORE | SYNC_STATUS);
}


static void
on_op_done(const struct http_resp *r, void *ud)
{
	struct sending *sd = ud;
	struct sync_account *a = sd->a;
	struct backend_ack ack = { 0 };
	struct lanes_err e = { "" };
	int rc;

	store_release(engine.st);
	sd->http_id = 0;
	account_request_done(a, sd->write);
	switch (a->be->classify(sd->resolved, r, &e)) {
	case BV_OK:
		account_ok(a);
		/* a create whose answer cannot be read is a lost answer */
		rc = a->be->parse(&a->ba, sd->resolved, r, &ack, &e);
		account_state_keep(a);
		if (rc < 0)
			outbox_defer(engine.st, sd->op, account_backoff(a, NULL), e.msg, NULL);
		else
			op_acked(sd, &ack);
		backend_ack_clear(&ack);
		break;
	case BV_RETRY:
		outbox_defer(engine.st, sd->op, account_backoff(a, r), e.msg, NULL);
		engine_notify(SYNC_STORE);     /* the sync pane shows the tries */
		break;
	case BV_RATE:
		/* refused unread, as a 401 is: a create that was never sent
		 * before need not be looked for before it goes again */
		if (sd->first_send)
			outbox_unsend(engine.st, sd->op, NULL);
		outbox_defer(engine.st, sd->op, account_rate_limited(a, r->retry_after_ms), e.msg, NULL);
		engine_notify(SYNC_STORE);
		break;
	case BV_AUTH:
		if (sd->first_send)
			outbox_unsend(engine.st, sd->op, NULL);
		/* sent again after the refresh, or kept for R */
		if (account_unauthorized(a, sd->gen, e.msg))
			outbox_defer(engine.st, sd->op, now_ms(), e.msg, NULL);
		break;
	case BV_PARK:
		if (r->fail == HTTP_OK && r->status == 403 && is_delete(jstr(sd->resolved, "op")))
			delete_forbidden(sd, e.msg);
		else
			op_failed(sd, e.msg);
		break;
	}
	sending_free(sd);
	engine_kick();
}

static void
send_op(struct sending *sd)
{
	struct backend_req req = { 0 };
	struct lanes_err e = { "" };
	int rc = sd->a->be->build(&sd->a->ba, sd->resolved, &req, &e);

	if (rc == 1) {          /* nothing the service keeps: done here */
		struct backend_ack none = { 0 };
		op_acked(sd, &none);
		sending_free(sd);
		return;
	}
	/* the mark must be on disk before the service can act on the op */
	if (rc < 0 || outbox_mark_sent(engine.st, sd->op, &e) < 0 || store_flush(engine.st, &e) < 0) {
		op_failed(sd, e.msg);
		backend_req_clear(&req);
		sending_free(sd);
		return;
	}
	sd->write = req.write;
	sd->gen = sd->a->auth_gen;
	sd->http_id = account_submit(sd->a, &req, sd->a->be->creates(sd->resolved), on_op_done, sd, &e);
	backend_req_clear(&req);
	if (sd->http_id < 0) {
		sd->http_id = 0;
		if (!sd->a->stopped)
			op_failed(sd, e.msg);
		sending_free(sd);
	}
}

/* The lookup for what a create whose answer was lost made: adopt the
 * first match no other row of ours has, else send it again. */
static void
adopt_done(struct fetcher *fe, const char *error)
{
	struct sending *sd = fe->sending;
	const cJSON *gid;
	struct outbox_op op;

	if (!sd)
		return;
	if (error) {
		outbox_defer(engine.st, sd->op, account_wait(sd->a), error, NULL);
		sending_free(sd);
		return;
	}
	if (outbox_get(engine.st, sd->op, &op, NULL) < 0) {
		sending_free(sd);
		return;
	}
	cJSON_ArrayForEach(gid, cJSON_GetObjectItemCaseSensitive(fe->f.result, "candidates")) {
		struct backend_ack ack = { 0 };
		struct lanes_err e = { "" };

		if (!cJSON_IsString(gid) || outbox_remote_taken(engine.st, &op, gid->valuestring))
			continue;
		/* the backend says what the lost answer would have said */
		if (sd->a->be->adopt(&sd->a->ba, sd->resolved, gid->valuestring, &ack, &e) == 0)
			op_acked(sd, &ack);
		else
			op_failed(sd, e.msg);
		backend_ack_clear(&ack);
		outbox_op_clear(&op);
		sending_free(sd);
		return;
	}
	outbox_op_clear(&op);
	send_op(sd);
}

static void
start_op(struct sync_account *a, const struct outbox_op *op)
{
	struct sending *sd;
	cJSON *r;
	char why[200] = "", key[32];
	struct lanes_err e = { "" };
	int rc = outbox_resolve(engine.st, op, &r, why, sizeof(why), &e);

	if (rc < 0) {
		outbox_park(engine.st, op->id, e.msg, NULL);
		engine_notify(SYNC_STORE | SYNC_STATUS);
		return;
	}
	if (rc == 0) {
		snprintf(key, sizeof(key), "%lld", op->id);
		strset_add(&engine.waiting, key);
		return;
	}
	sd = xcalloc(1, sizeof(*sd));
	sd->a = a;
	sd->op = op->id;
	sd->entity = xstrdup(op->entity);
	sd->resolved = r;
	sd->first_send = !op->sent_at;
	sd->next = engine.sendings;
	if (engine.sendings)
		engine.sendings->prev = sd;
	engine.sendings = sd;
	if (op->sent_at && a->be->creates(r)) {
		struct fetcher *fe = fetcher_new(a, FETCH_ADOPT, NULL, adopt_done);
		fe->f.op = r;
		fe->sending = sd;
		return;
	}
	send_op(sd);
}

bool
sending_busy(lid id)
{
	char key[32];

	snprintf(key, sizeof(key), "%lld", id);
	return sending_find(id) || strset_has(&engine.waiting, key);
}

/* Starts what may start of a's queue; returns when (wall ms) more is due. */
long long
drain_account(struct sync_account *a)
{
	struct outbox_op *ops;
	int n, room = a->be->max_writes - a->writes;
	long long due = 0;

	if (room <= 0)
		return 0;
	if (outbox_ready(engine.st, a->name, now_ms(), room + sendings_of(a) + (int)engine.waiting.n, &ops,
	    &n, &due, NULL) < 0)
		return 0;
	for (int i = 0; i < n && a->writes < a->be->max_writes && !a->stopped &&
	    a->pause_until <= mono_ms(); i++)
		if (!sending_busy(ops[i].id))
			start_op(a, &ops[i]);
	outbox_ops_free(&ops, n);
	return due;
}
