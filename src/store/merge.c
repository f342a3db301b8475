/* Merging what a service sent into the cached rows: one transaction per
 * board or card. Server rows win, except what a queued op changes: that
 * keeps the local value until the op is acknowledged, so an edit made a
 * moment ago never flickers back while it is on its way. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/outbox.h"
#include "outbox-private.h"

/* What queued ops hold on to, per card. */
enum {
	HOLD_TITLE = 1, HOLD_DESCRIPTION = 2, HOLD_COMPLETED = 4, HOLD_PLACE = 8,
	HOLD_DUE = 16, HOLD_ASSIGNEES = 32, HOLD_LABELS = 64, HOLD_PRIORITY = 128,
	HOLD_ARCHIVED = 256,
	HOLD_ALL = 0x1ff,
};

struct hold {
	lid id;
	unsigned mask;
};

struct holds {
	struct hold *cards;
	int ncards, cap;
	struct strset held_columns;     /* "column:<id>" whose name is held */
	struct strset deleted;          /* service ids deleted here, not yet there */
	struct strset creating;         /* titles of cards whose create went out unanswered */
	bool column_order;              /* a column add or move is queued */
};

static void
hold_card(struct holds *h, lid id, unsigned mask)
{
	for (int i = 0; i < h->ncards; i++)
		if (h->cards[i].id == id) {
			h->cards[i].mask |= mask;
			return;
		}
	if (h->ncards == h->cap)
		h->cards = xrealloc(h->cards, sizeof(*h->cards) * (size_t)(h->cap = h->cap ? h->cap * 2 : 32));
	h->cards[h->ncards].id = id;
	h->cards[h->ncards++].mask = mask;
}

static int
hold_cmp(const void *a, const void *b)
{
	lid x = ((const struct hold *)a)->id, y = ((const struct hold *)b)->id;

	return x < y ? -1 : x > y;
}

static unsigned
held(const struct holds *h, lid card)
{
	struct hold key = { card, 0 }, *f;

	f = h->ncards ? bsearch(&key, h->cards, (size_t)h->ncards, sizeof(key), hold_cmp) : NULL;
	return f ? f->mask : 0;
}

static unsigned
field_hold(const char *field)
{
	static const struct { const char *f; unsigned m; } fields[] = {
		{ "title", HOLD_TITLE }, { "description", HOLD_DESCRIPTION },
		{ "due_on", HOLD_DUE }, { "assignees", HOLD_ASSIGNEES }, { "labels", HOLD_LABELS },
		{ "priority", HOLD_PRIORITY },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (str_eq(fields[i].f, field))
			return fields[i].m;
	return 0;
}

static void
hold_op(struct holds *h, const char *op, const cJSON *p)
{
	const char *remote = jstr(p, "entity_remote");

	if (str_eq(op, "card.add"))
		hold_card(h, json_id(p, "card"), HOLD_ALL);
	else if (str_eq(op, "card.move"))
		hold_card(h, json_id(p, "card"), HOLD_PLACE);
	else if (str_eq(op, "card.set"))
		hold_card(h, json_id(p, "card"), field_hold(jstr(p, "field")));
	else if (str_eq(op, "card.complete"))
		hold_card(h, json_id(p, "card"), HOLD_COMPLETED);
	else if (str_eq(op, "card.archive"))
		hold_card(h, json_id(p, "card"), HOLD_ARCHIVED);
	else if ((str_eq(op, "card.delete") || str_eq(op, "column.delete")) && remote)
		strset_add(&h->deleted, remote);
	else if (str_eq(op, "column.add") || str_eq(op, "column.place"))
		h->column_order = true;
	if (str_has_prefix(op, "column.")) {
		char key[48];
		snprintf(key, sizeof(key), "column:%lld", json_id(p, "column"));
		strset_add(&h->held_columns, key);
	}
}

static int
holds_load(struct store *st, lid board, const char *const *extra, int nextra,
    struct holds *h, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT o.op, o.payload, o.sent_at IS NOT NULL AND"
	    " coalesce(json_extract(o.payload, '$.step'), 0) = 0 FROM outbox o JOIN boards b"
	    " ON b.account = o.account WHERE b.id = ?1 AND"
	    " json_extract(o.payload, '$.board') = ?1", e);

	memset(h, 0, sizeof(*h));
	if (!s || stmt_bind(s, "i", board) < 0)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *p = cJSON_Parse((const char *)sqlite3_column_text(s, 1));

		const char *op = (const char *)sqlite3_column_text(s, 0);

		hold_op(h, op, p);
		/* the service may have made it and we missed the answer: the
		 * op's lookup adopts it, and a copy here would be a second card */
		if (str_eq(op, "card.add") && sqlite3_column_int(s, 2) && jstr(p, "title"))
			strset_add(&h->creating, jstr(p, "title"));
		cJSON_Delete(p);
	}
	sqlite3_reset(s);
	for (int i = 0; i < nextra; i++) {
		lid id = 0;
		if (sscanf(extra[i], "card:%lld", &id) == 1)
			hold_card(h, id, HOLD_ALL);
		else if (str_has_prefix(extra[i], "column:"))
			strset_add(&h->held_columns, extra[i]);
	}
	if (h->ncards)
		qsort(h->cards, (size_t)h->ncards, sizeof(*h->cards), hold_cmp);
	return 0;
}

static void
holds_free(struct holds *h)
{
	free(h->cards);
	strset_free(&h->held_columns);
	strset_free(&h->deleted);
	strset_free(&h->creating);
}

/* ---- columns ---- */

struct colmap {
	lid id;
	char *remote, *name;
	bool seen;
};

static int
columns_load(struct store *st, lid board, struct colmap **out, int *n, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, remote_id, name FROM columns"
	    " WHERE board_id = ? ORDER BY position, id", e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "i", board) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, sizeof(**out) * (size_t)(cap = cap ? cap * 2 : 8));
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[*n].remote = col_text(s, 1);
		(*out)[*n].name = col_text(s, 2);
		(*out)[(*n)++].seen = false;
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load columns");
}

static void
columns_free(struct colmap *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].remote);
		free(c[i].name);
	}
	free(c);
}

static struct colmap *
column_by_remote(struct colmap *c, int n, const char *remote)
{
	for (int i = 0; remote && i < n; i++)
		if (c[i].remote && str_eq(c[i].remote, remote))
			return &c[i];
	return NULL;
}

static int
merge_one_column(struct store *st, lid board, const cJSON *f, int index,
    struct holds *h, struct colmap **cols, int *ncols, struct lanes_err *e)
{
	const char *remote = jstr(f, "remote"), *name = jstr(f, "name");
	struct colmap *c = column_by_remote(*cols, *ncols, remote);
	char key[48];

	if (!remote || !name || !*name || strset_has(&h->deleted, remote))
		return 0;
	if (!c) {
		if (stmt_exec(st, e, "INSERT INTO columns(board_id, remote_id, name, position)"
		    " VALUES (?, ?, ?, ?)", "ittd", board, remote, name,
		    h->column_order ? 1e9 + index : (double)(index + 1)) < 0)
			return -1;
		*cols = xrealloc(*cols, sizeof(**cols) * (size_t)(*ncols + 1));
		c = &(*cols)[(*ncols)++];
		c->id = sqlite3_last_insert_rowid(st->db);
		c->remote = xstrdup(remote);
		c->name = xstrdup(name);
		c->seen = true;
		return 0;
	}
	c->seen = true;
	snprintf(key, sizeof(key), "column:%lld", c->id);
	if (!strset_has(&h->held_columns, key) && !str_eq(c->name, name) &&
	    stmt_exec(st, e, "UPDATE columns SET name = ? WHERE id = ?", "ti", name, c->id) < 0)
		return -1;
	if (!h->column_order && stmt_exec(st, e, "UPDATE columns SET position = ? WHERE id = ?"
	    " AND position <> ?", "did", (double)(index + 1), c->id, (double)(index + 1)) < 0)
		return -1;
	return 0;
}

/* Columns gone from the service go here too, when nothing of ours is in them. */
static int
drop_gone_columns(struct store *st, struct colmap *c, int n, struct holds *h,
    struct lanes_err *e)
{
	char key[48];

	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "column:%lld", c[i].id);
		if (c[i].seen || !c[i].remote || strset_has(&h->held_columns, key))
			continue;
		if (stmt_exec(st, e, "DELETE FROM columns WHERE id = ? AND NOT EXISTS"
		    " (SELECT 1 FROM cards WHERE column_id = ?)", "ii", c[i].id, c[i].id) < 0)
			return -1;
	}
	return 0;
}

/* ---- cards ---- */

/* A card of the board that came from the service, as the merge began. */
struct cardref {
	lid id, column;
	char *remote;
	double position;
	/* of the fields a merge compares (card_hash), so that a card the
	 * service did not change costs no look-up */
	uint64_t hash, priority_hash;
	bool archived;
	bool seen;
};

static int
cardref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cardref *)a)->remote, ((const struct cardref *)b)->remote);
}

static void
refs_free(struct cardref *c, int n)
{
	for (int i = 0; i < n; i++)
		free(c[i].remote);
	free(c);
}

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && str_eq(a, b));
}

/* The values of one card: as cached (pointing into a statement's row),
 * or as fetched. A service without priorities or an archive says nothing
 * of them (the card keeps what was set here). */
struct fetched {
	const char *remote, *title, *description, *due_on, *assignees, *labels, *priority;
	lid column;
	double position;
	bool completed, has_priority, archived, has_archived;
};

static bool
changed(const struct fetched *c, const struct fetched *f, unsigned hold)
{
	return (!(hold & HOLD_TITLE) && !same(c->title, f->title)) ||
	    (!(hold & HOLD_DESCRIPTION) && !same(c->description, f->description)) ||
	    (!(hold & HOLD_COMPLETED) && c->completed != f->completed) ||
	    (!(hold & HOLD_PLACE) && (c->column != f->column || c->position != f->position)) ||
	    (!(hold & HOLD_DUE) && !same(c->due_on, f->due_on)) ||
	    (!(hold & HOLD_ASSIGNEES) && !same(c->assignees, f->assignees)) ||
	    (!(hold & HOLD_LABELS) && !same(c->labels, f->labels)) ||
	    (!(hold & HOLD_PRIORITY) && f->has_priority && !same(c->priority, f->priority)) ||
	    (!(hold & HOLD_ARCHIVED) && f->has_archived && c->archived != f->archived);
}

#define FNV_PRIME 1099511628211ULL

/* FNV-1a of s, NULL apart from "". */
static uint64_t
hash_text(uint64_t h, const char *s)
{
	if (!s)
		return (h ^ 0x1ff) * FNV_PRIME;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV_PRIME;
	return (h ^ 0x100) * FNV_PRIME;
}

/* A card's fields that a merge compares, but priority and archived
 * (which a service may say nothing of). */
static uint64_t
card_hash(const struct fetched *c)
{
	uint64_t h = 14695981039346656037ULL, place[3] = { (uint64_t)c->column, 0, c->completed };

	memcpy(&place[1], &c->position, sizeof(double));
	for (size_t i = 0; i < 3; i++)
		h = (h ^ place[i]) * FNV_PRIME;
	h = hash_text(h, c->title);
	h = hash_text(h, c->description);
	h = hash_text(h, c->due_on);
	h = hash_text(h, c->assignees);
	return hash_text(h, c->labels);
}

/* Whether f says of card c just what the store has: nothing to look up. */
static bool
card_same(const struct cardref *c, const struct fetched *f)
{
	return c->hash == card_hash(f) &&
	    (!f->has_priority || c->priority_hash == hash_text(0, f->priority)) &&
	    (!f->has_archived || c->archived == f->archived);
}

/* The board's cards that came from the service, sorted by service id,
 * with a hash of each one's fields: their texts are read one card at a
 * time, when a page changes them. */
static int
refs_load(struct store *st, lid board, struct cardref **out, int *n, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, column_id, remote_id, position, title,"
	    " description, due_on, assignees, labels, completed, priority, archived FROM cards"
	    " WHERE board_id = ? AND remote_id IS NOT NULL", e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "i", board) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct fetched f = { .column = sqlite3_column_int64(s, 1),
			.position = sqlite3_column_double(s, 3),
			.title = (const char *)sqlite3_column_text(s, 4),
			.description = (const char *)sqlite3_column_text(s, 5),
			.due_on = (const char *)sqlite3_column_text(s, 6),
			.assignees = (const char *)sqlite3_column_text(s, 7),
			.labels = (const char *)sqlite3_column_text(s, 8),
			.completed = sqlite3_column_int(s, 9) };

		if (*n == cap)
			*out = xrealloc(*out, sizeof(**out) * (size_t)(cap = cap ? cap * 2 : 256));
		(*out)[(*n)++] = (struct cardref){ .id = sqlite3_column_int64(s, 0),
			.column = f.column, .remote = col_text(s, 2), .position = f.position,
			.hash = card_hash(&f),
			.priority_hash = hash_text(0, (const char *)sqlite3_column_text(s, 10)),
			.archived = sqlite3_column_int(s, 11) };
	}
	if (rc != SQLITE_DONE)
		return db_error(st, e, "cannot load cards");
	if (*n)
		qsort(*out, (size_t)*n, sizeof(**out), cardref_cmp);
	return 0;
}

/* Whether card id differs from f where nothing holds it. */
static int
card_changed(struct store *st, lid id, const struct fetched *f, unsigned hold,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT title, description, due_on, assignees, labels,"
	    " priority, column_id, position, completed, archived FROM cards WHERE id = ?", e);
	struct fetched c;
	int rc;

	if (!s || stmt_bind(s, "i", id) < 0)
		return -1;
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot merge a card");
	}
	c = (struct fetched){ .title = (const char *)sqlite3_column_text(s, 0),
		.description = (const char *)sqlite3_column_text(s, 1),
		.due_on = (const char *)sqlite3_column_text(s, 2),
		.assignees = (const char *)sqlite3_column_text(s, 3),
		.labels = (const char *)sqlite3_column_text(s, 4),
		.priority = (const char *)sqlite3_column_text(s, 5),
		.column = sqlite3_column_int64(s, 6), .position = sqlite3_column_double(s, 7),
		.completed = sqlite3_column_int(s, 8), .archived = sqlite3_column_int(s, 9) };
	rc = changed(&c, f, hold);
	sqlite3_reset(s);
	return rc;
}

/* 1 when card id changed, 0 when it is as f says already. */
static int
card_update(struct store *st, lid id, const struct fetched *f, unsigned hold,
    struct lanes_err *e)
{
	sqlite3_stmt *s;
	int rc = card_changed(st, id, f, hold, e);

	if (rc <= 0)
		return rc;
	s = stmt_get(st, "UPDATE cards SET"
	    " title = CASE WHEN ?2 THEN title ELSE ?3 END,"
	    " description = CASE WHEN ?4 THEN description ELSE ?5 END,"
	    " completed = CASE WHEN ?6 THEN completed ELSE ?7 END,"
	    " column_id = CASE WHEN ?8 THEN column_id ELSE ?9 END,"
	    " position = CASE WHEN ?8 THEN position ELSE ?10 END,"
	    " due_on = CASE WHEN ?11 THEN due_on ELSE ?12 END,"
	    " assignees = CASE WHEN ?13 THEN assignees ELSE ?14 END,"
	    " labels = CASE WHEN ?15 THEN labels ELSE ?16 END,"
	    " priority = CASE WHEN ?18 THEN priority ELSE ?19 END,"
	    " archived = CASE WHEN ?20 THEN archived ELSE ?21 END,"
	    " updated_at = ?17 WHERE id = ?1", e);
	if (!s || stmt_bind(s, "intntnnnidntntntintnn", id,
	    (int)!!(hold & HOLD_TITLE), f->title, (int)!!(hold & HOLD_DESCRIPTION), f->description,
	    (int)!!(hold & HOLD_COMPLETED), (int)f->completed, (int)!!(hold & HOLD_PLACE),
	    f->column, f->position, (int)!!(hold & HOLD_DUE), f->due_on,
	    (int)!!(hold & HOLD_ASSIGNEES), f->assignees, (int)!!(hold & HOLD_LABELS), f->labels,
	    now_ms() / 1000, (int)((hold & HOLD_PRIORITY) || !f->has_priority), f->priority,
	    (int)((hold & HOLD_ARCHIVED) || !f->has_archived), (int)f->archived) < 0)
		return db_error(st, e, "cannot merge a card");
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_error(st, e, "cannot merge a card");
	return 1;
}

static int
card_insert(struct store *st, lid board, const struct fetched *f, struct lanes_err *e)
{
	long long now = now_ms() / 1000;

	return stmt_exec(st, e, "INSERT INTO cards(board_id, column_id, remote_id, title,"
	    " description, completed, position, due_on, assignees, labels, created_at, updated_at,"
	    " priority, archived) VALUES (?, ?, ?, ?, coalesce(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iitttndtttiitn", board, f->column, f->remote, f->title, f->description,
	    (int)f->completed, f->position, f->due_on, f->assignees, f->labels, now, now,
	    f->priority, (int)f->archived);
}

/* A board's merge, in one transaction or page by page. */
struct board_merge {
	struct store *st;
	lid board;
	struct holds h;         /* loaded again in each transaction */
	struct colmap *cols;
	int ncols;
	struct cardref *rows;
	int nrows;
	int *count;             /* cards placed so far per column */
	/* The service keeps no order (the answer's is not a place): a card
	 * that stays in its column keeps its place here, one new or moved
	 * there goes after the column's last. */
	bool local_order;
	double *last;           /* per column: the last place taken */
	struct colmap *first;   /* for a card whose column is not in the answer */
	struct strset added;    /* service ids of the cards it inserted */
};

static int
merge_one_card(struct board_merge *m, const cJSON *item, struct lanes_err *e)
{
	struct fetched f = { 0 };
	struct cardref key, *c;
	struct colmap *col;

	f.remote = jstr(item, "remote");
	f.title = jstr(item, "title");
	col = column_by_remote(m->cols, m->ncols, jstr(item, "column"));
	if (!col)
		col = m->first;
	if (!f.remote || !f.title || !col || strset_has(&m->h.deleted, f.remote))
		return 0;
	f.description = jstr(item, "description");
	if (!f.description)
		f.description = "";
	f.due_on = jstr(item, "due_on");
	f.assignees = jstr(item, "assignees");
	f.labels = jstr(item, "labels");
	f.has_priority = cJSON_HasObjectItem(item, "priority");
	f.priority = jstr(item, "priority");
	f.completed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "completed"));
	f.has_archived = cJSON_HasObjectItem(item, "archived");
	f.archived = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "archived"));
	f.column = col->id;
	f.position = ++m->count[col - m->cols];
	key.remote = (char *)f.remote;
	c = m->nrows ? bsearch(&key, m->rows, (size_t)m->nrows, sizeof(key), cardref_cmp) : NULL;
	if (m->local_order)
		f.position = c && c->column == f.column ? c->position : ++m->last[col - m->cols];
	/* a task that moved while the lists were read comes twice: the first
	 * says where */
	if (!c && !strset_has(&m->added, f.remote) && !strset_has(&m->h.creating, f.title)) {
		strset_add(&m->added, f.remote);
		return card_insert(m->st, m->board, &f, e) < 0 ? -1 : 1;
	}
	if (!c || c->seen)
		return 0;
	c->seen = true;
	return card_same(c, &f) ? 0 : card_update(m->st, c->id, &f, held(&m->h, c->id), e);
}

static int
drop_gone_cards(struct board_merge *m, struct lanes_err *e)
{
	for (int i = 0; i < m->nrows; i++)
		if (!m->rows[i].seen && !held(&m->h, m->rows[i].id) &&
		    stmt_exec(m->st, e, "DELETE FROM cards WHERE id = ?", "i", m->rows[i].id) < 0)
			return -1;
	return 0;
}

/* Where a card goes whose column the answer does not hold (Asana's own
 * examples name sections missing from the list, and a task may have
 * none): the board's first column among those the answer holds, rather
 * than nowhere. Not one gone from the service, which may be dropped, nor
 * one of ours it does not have yet. */
static int
first_column(struct board_merge *m, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(m->st, "SELECT id FROM columns WHERE board_id = ?"
	    " ORDER BY position, id", e);
	int rc = SQLITE_DONE;

	m->first = NULL;
	if (!s || stmt_bind(s, "i", m->board) < 0)
		return -1;
	while (!m->first && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		lid id = sqlite3_column_int64(s, 0);

		for (int i = 0; i < m->ncols; i++)
			if (m->cols[i].id == id && m->cols[i].seen)
				m->first = &m->cols[i];
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_error(m->st, e, "cannot load columns");
}

/* How many cards changed, or -1. */
static int
merge_cards(struct board_merge *m, const cJSON *cards, struct lanes_err *e)
{
	const cJSON *item;
	int n = 0, rc;

	cJSON_ArrayForEach(item, cards) {
		if ((rc = merge_one_card(m, item, e)) < 0)
			return -1;
		n += rc;
	}
	return n;
}

/* The columns, and what the cards' merge needs to know of the board. */
static int
merge_columns(struct board_merge *m, const cJSON *fetched, struct lanes_err *e)
{
	const cJSON *item;
	int i = 0;

	m->local_order = str_eq(jstr(fetched, "order"), "local");
	if (columns_load(m->st, m->board, &m->cols, &m->ncols, e) < 0)
		return -1;
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(fetched, "columns"))
		if (merge_one_column(m->st, m->board, item, i++, &m->h, &m->cols, &m->ncols, e) < 0)
			return -1;
	if (first_column(m, e) < 0 || refs_load(m->st, m->board, &m->rows, &m->nrows, e) < 0)
		return -1;
	m->count = xcalloc((size_t)m->ncols + 1, sizeof(int));
	m->last = xcalloc((size_t)m->ncols + 1, sizeof(double));
	for (int r = 0; m->local_order && r < m->nrows; r++)
		for (int j = 0; j < m->ncols; j++)
			if (m->cols[j].id == m->rows[r].column && m->rows[r].position > m->last[j])
				m->last[j] = m->rows[r].position;
	return 0;
}

/* A service that runs the user's timer says whether it runs on one of
 * this board's cards: this machine's timer follows (one started or stopped
 * in the service's own app shows here), unless a start or stop of ours is
 * still on its way. */
static int
merge_timer(struct store *st, lid board, const cJSON *timer, struct lanes_err *e)
{
	lid ours = 0, card = 0, running = 0;

	if (stmt_lid(st, e, &ours, "SELECT 1 FROM outbox WHERE op LIKE 'timer.%' AND account ="
	    " (SELECT account FROM boards WHERE id = ?) LIMIT 1", "i", board) != 0)
		return ours ? 0 : -1;
	stmt_lid(st, NULL, &running, "SELECT t.card_id FROM timer t JOIN cards c ON"
	    " c.id = t.card_id WHERE t.id = 1 AND c.board_id = ?", "i", board);
	if (cJSON_IsNull(timer))
		return running ? stmt_exec(st, e, "DELETE FROM timer", "") : 0;
	if (stmt_lid(st, NULL, &card, "SELECT id FROM cards WHERE board_id = ? AND remote_id = ?",
	    "it", board, jstr(timer, "card")) <= 0 || card == running)
		return 0;
	if (stmt_exec(st, e, "DELETE FROM timer", "") < 0)
		return -1;
	return stmt_exec(st, e, "INSERT INTO timer(id, card_id, started_at) VALUES (1, ?, ?)", "ii",
	    card, (lid)(jnum(timer, "started_at") / 1000));
}

/* What a board's fetch says besides its columns and cards. */
static int
merge_board_rest(struct store *st, lid board, const cJSON *fetched, struct lanes_err *e)
{
	if (cJSON_HasObjectItem(fetched, "timer") &&
	    merge_timer(st, board, cJSON_GetObjectItemCaseSensitive(fetched, "timer"), e) < 0)
		return -1;
	/* said only by services that have roles */
	if (cJSON_HasObjectItem(fetched, "readonly"))
		return stmt_exec(st, e, "UPDATE boards SET readonly = ? WHERE id = ?", "ti",
		    jstr(fetched, "readonly"), board);
	return 0;
}

/* What the service no longer has goes, and the account is synced. */
static int
merge_end(struct board_merge *m, struct lanes_err *e)
{
	if (drop_gone_cards(m, e) < 0 || drop_gone_columns(m->st, m->cols, m->ncols, &m->h, e) < 0)
		return -1;
	return stmt_exec(m->st, e, "UPDATE accounts SET synced_at = ? WHERE name ="
	    " (SELECT account FROM boards WHERE id = ?)", "ii", now_ms() / 1000, m->board);
}

void
store_merge_free(struct board_merge **mp)
{
	struct board_merge *m = *mp;

	if (!m)
		return;
	columns_free(m->cols, m->ncols);
	refs_free(m->rows, m->nrows);
	free(m->count);
	free(m->last);
	strset_free(&m->added);
	free(m);
	*mp = NULL;
}

/* Opens a transaction for m, with the holds of now. */
static int
merge_txn(struct board_merge *m, const char *const *held_entities, int nheld,
    struct lanes_err *e)
{
	if (txn_begin(m->st, e) < 0)
		return -1;
	if (holds_load(m->st, m->board, held_entities, nheld, &m->h, e) < 0) {
		holds_free(&m->h);
		txn_rollback(m->st);
		return -1;
	}
	return 0;
}

static int
merge_txn_end(struct board_merge *m, int rc, struct lanes_err *e)
{
	holds_free(&m->h);
	return txn_end(m->st, rc, e);
}

static struct board_merge *
merge_new(struct store *st, lid board)
{
	struct board_merge *m = xcalloc(1, sizeof(*m));

	m->st = st;
	m->board = board;
	return m;
}

struct board_merge *
store_merge_begin(struct store *st, lid board, const cJSON *fetched,
    const char *const *held_entities, int nheld, struct lanes_err *e)
{
	struct board_merge *m = merge_new(st, board);
	int rc;

	if (merge_txn(m, held_entities, nheld, e) < 0) {
		store_merge_free(&m);
		return NULL;
	}
	rc = merge_columns(m, fetched, e);
	if (rc == 0)
		rc = merge_board_rest(st, board, fetched, e);
	if (merge_txn_end(m, rc, e) < 0)
		store_merge_free(&m);
	return m;
}

int
store_merge_cards(struct board_merge *m, const cJSON *cards, const char *const *held_entities,
    int nheld, struct lanes_err *e)
{
	int n;

	if (merge_txn(m, held_entities, nheld, e) < 0)
		return -1;
	n = merge_cards(m, cards, e);
	return merge_txn_end(m, n < 0 ? -1 : 0, e) < 0 ? -1 : n;
}

int
store_merge_end(struct board_merge *m, const char *const *held_entities, int nheld,
    struct lanes_err *e)
{
	if (merge_txn(m, held_entities, nheld, e) < 0)
		return -1;
	return merge_txn_end(m, merge_end(m, e), e);
}

int
store_merge_board(struct store *st, lid board, const cJSON *fetched,
    const char *const *held_entities, int nheld, struct lanes_err *e)
{
	struct board_merge *m = merge_new(st, board);
	int rc;

	if (merge_txn(m, held_entities, nheld, e) < 0) {
		store_merge_free(&m);
		return -1;
	}
	rc = merge_columns(m, fetched, e);
	if (rc == 0 && merge_cards(m, cJSON_GetObjectItemCaseSensitive(fetched, "cards"), e) < 0)
		rc = -1;
	if (rc == 0)
		rc = merge_end(m, e);
	if (rc == 0)
		rc = merge_board_rest(st, board, fetched, e);
	rc = merge_txn_end(m, rc, e);
	store_merge_free(&m);
	return rc;
}

/* ---- a card's comments, checklist and time entries ---- */

/* Child rows of a card with a service id, and whether the fetch had them. */
struct childrow {
	lid id;
	char *remote;
	bool seen;
};

static int
children_load(struct store *st, const char *sql, lid card, struct childrow **out, int *n,
    struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, sql, e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "i", card) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, sizeof(**out) * (size_t)(cap = cap ? cap * 2 : 16));
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[*n].remote = col_text(s, 1);
		(*out)[(*n)++].seen = false;
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load a card");
}

static void
children_free(struct childrow *c, int n)
{
	for (int i = 0; i < n; i++)
		free(c[i].remote);
	free(c);
}

static struct childrow *
child_find(struct childrow *c, int n, const char *remote)
{
	for (int i = 0; i < n; i++)
		if (str_eq(c[i].remote, remote)) {
			c[i].seen = true;
			return &c[i];
		}
	return NULL;
}

/* Among the keys of card_holds: a checklist move is queued. */
#define CHECK_ORDER_HELD "check.order"

/* Rows of a card's queued ops: their child rows keep the local state. */
static void
card_holds(struct store *st, lid card, struct strset *rows)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT op, json_extract(payload, '$.row'),"
	    " json_extract(payload, '$.row_remote'), CASE WHEN op = 'comment.add' AND"
	    " sent_at IS NOT NULL THEN json_extract(payload, '$.text') END FROM outbox"
	    " WHERE entity = ?", NULL);
	char entity[48], key[64];

	snprintf(entity, sizeof(entity), "card:%lld", card);
	if (!s || stmt_bind(s, "t", entity) < 0)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(s, 0);
		const char *remote = (const char *)sqlite3_column_text(s, 2);

		snprintf(key, sizeof(key), "%.*s:%lld", (int)strcspn(op, "."), op,
		    (lid)sqlite3_column_int64(s, 1));
		strset_add(rows, key);
		/* the service's order is not ours until the move is acknowledged */
		if (str_eq(op, "check.move"))
			strset_add(rows, CHECK_ORDER_HELD);
		if (remote)
			strset_add(rows, remote);
		if (sqlite3_column_type(s, 3) == SQLITE_TEXT) {
			char *text = xasprintf("text:%s", (const char *)sqlite3_column_text(s, 3));
			strset_add(rows, text);
			free(text);
		}
	}
	sqlite3_reset(s);
}

static bool
row_held(const struct strset *h, const char *kind, lid id, const char *remote)
{
	char key[64];

	snprintf(key, sizeof(key), "%s:%lld", kind, id);
	return strset_has(h, key) || (remote && strset_has(h, remote));
}

static bool
sent_comment(const struct strset *h, const char *body)
{
	char *key = xasprintf("text:%s", body);
	bool has = strset_has(h, key);

	free(key);
	return has;
}

static int
merge_comments(struct store *st, lid card, const char *me, const cJSON *list,
    const struct strset *h, struct lanes_err *e)
{
	struct childrow *rows;
	const cJSON *f;
	int n, rc = 0;

	if (children_load(st, "SELECT id, remote_id FROM comments WHERE card_id = ? AND"
	    " remote_id IS NOT NULL", card, &rows, &n, e) < 0)
		return -1;
	cJSON_ArrayForEach(f, list) {
		const char *remote = jstr(f, "remote"), *body = jstr(f, "body");
		const char *by = jstr(f, "author_remote");
		struct childrow *c;

		if (!remote || !body || strset_has(h, remote))
			continue;
		c = child_find(rows, n, remote);
		if (!c && sent_comment(h, body))
			continue;       /* ours, sent, answer not read yet */
		if (c)
			rc = stmt_exec(st, e, "UPDATE comments SET body = ? WHERE id = ? AND body <> ?",
			    "tit", body, c->id, body);
		else
			rc = stmt_exec(st, e, "INSERT INTO comments(card_id, remote_id, author, mine,"
			    " system, body, created_at) VALUES (?, ?, coalesce(?, '?'), ?, ?, ?, ?)",
			    "ittnnti", card, remote, jstr(f, "author"), (int)(me && by && str_eq(me, by)),
			    (int)cJSON_IsTrue(cJSON_GetObjectItem(f, "system")), body,
			    json_id(f, "created_at") / 1000);
		if (rc < 0)
			break;
	}
	for (int i = 0; rc == 0 && i < n; i++)
		if (!rows[i].seen && !row_held(h, "comment", rows[i].id, rows[i].remote))
			rc = stmt_exec(st, e, "DELETE FROM comments WHERE id = ?", "i", rows[i].id);
	children_free(rows, n);
	return rc;
}

static int
merge_checks(struct store *st, lid card, const cJSON *list, const struct strset *h,
    struct lanes_err *e)
{
	struct childrow *rows;
	const cJSON *f;
	int n, rc = 0, pos = 0;
	bool order_held = strset_has(h, CHECK_ORDER_HELD);

	if (children_load(st, "SELECT id, remote_id FROM check_items WHERE card_id = ? AND"
	    " remote_id IS NOT NULL", card, &rows, &n, e) < 0)
		return -1;
	cJSON_ArrayForEach(f, list) {
		const char *remote = jstr(f, "remote"), *text = jstr(f, "text");
		int done = cJSON_IsTrue(cJSON_GetObjectItem(f, "done"));
		struct childrow *c;

		if (!remote || !text || !*text || strset_has(h, remote))
			continue;
		pos++;
		c = child_find(rows, n, remote);
		/* the service's order is the position, unless a move of ours is
		 * on its way: then new items go last */
		if (c && !row_held(h, "check", c->id, remote))
			rc = stmt_exec(st, e, "UPDATE check_items SET text = ?, done = ?,"
			    " position = CASE WHEN ? THEN position ELSE ? END WHERE id = ?", "tnndi",
			    text, done, (int)order_held, (double)pos, c->id);
		else if (!c)
			rc = stmt_exec(st, e, "INSERT INTO check_items(card_id, remote_id, text, done,"
			    " position) VALUES (?, ?, ?, ?, ?)", "ittnd", card, remote, text, done,
			    order_held ? 1e9 + pos : (double)pos);
		if (rc < 0)
			break;
	}
	for (int i = 0; rc == 0 && i < n; i++)
		if (!rows[i].seen && !row_held(h, "check", rows[i].id, rows[i].remote))
			rc = stmt_exec(st, e, "DELETE FROM check_items WHERE id = ?", "i", rows[i].id);
	children_free(rows, n);
	return rc;
}

/* Noon UTC of a YYYY-MM-DD, so the day reads the same in every zone near it. */
static long long
day_epoch(const char *date)
{
	struct tm tm = { 0 };

	if (!date || sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return now_ms() / 1000;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	return (long long)timegm(&tm);
}

static int
merge_entries(struct store *st, lid card, const cJSON *list, const struct strset *h,
    struct lanes_err *e)
{
	struct childrow *rows;
	const cJSON *f;
	int n, rc = 0;

	if (children_load(st, "SELECT id, remote_id FROM time_entries WHERE card_id = ? AND"
	    " remote_id IS NOT NULL", card, &rows, &n, e) < 0)
		return -1;
	cJSON_ArrayForEach(f, list) {
		const char *remote = jstr(f, "remote");
		lid secs = json_id(f, "seconds"), unit = json_id(f, "unit");
		struct childrow *c;

		if (!remote || secs <= 0 || strset_has(h, remote))
			continue;
		if (unit <= 0)
			unit = 1;
		c = child_find(rows, n, remote);
		/* our own entries keep their seconds where the service rounds
		 * them to its unit (Asana: whole minutes, rounded up) */
		if (c && !row_held(h, "time", c->id, remote))
			rc = stmt_exec(st, e, "UPDATE time_entries SET seconds = ?1 WHERE id = ?2 AND"
			    " (seconds + ?3 - 1) / ?3 * ?3 <> ?1", "iii", secs, c->id, unit);
		else if (!c)
			rc = stmt_exec(st, e, "INSERT INTO time_entries(card_id, remote_id, seconds,"
			    " note, created_at) VALUES (?, ?, ?, ?, ?)", "ititi", card, remote,
			    secs, NULL, day_epoch(jstr(f, "date")));
		if (rc < 0)
			break;
	}
	for (int i = 0; rc == 0 && i < n; i++)
		if (!rows[i].seen && !row_held(h, "time", rows[i].id, rows[i].remote))
			rc = stmt_exec(st, e, "DELETE FROM time_entries WHERE id = ?", "i", rows[i].id);
	children_free(rows, n);
	return rc;
}

int
store_merge_card(struct store *st, lid card, const char *me, const cJSON *fetched,
    struct lanes_err *e)
{
	struct strset h = { 0 };
	lid board;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	if (card_board(st, card, &board, e) < 0) {
		txn_rollback(st);
		return -1;
	}
	card_holds(st, card, &h);
	rc = merge_comments(st, card, me, cJSON_GetObjectItemCaseSensitive(fetched, "comments"),
	    &h, e);
	if (rc == 0)
		rc = merge_checks(st, card, cJSON_GetObjectItemCaseSensitive(fetched, "check_items"),
		    &h, e);
	if (rc == 0)
		rc = merge_entries(st, card, cJSON_GetObjectItemCaseSensitive(fetched, "time_entries"),
		    &h, e);
	strset_free(&h);
	return txn_end(st, rc, e);
}
