/* Card details: a whole card with its comments, checklist and time entries,
 * and the edits the card, comments and checklist panes make. Every edit is
 * one transaction that records its inverse, so u undoes it like any other. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/outbox.h"
#include "lanes/timefmt.h"
#include "private.h"

#define LABELS_MAX 64  /* and assignees */

/* The child tables of a card that this file edits row by row. */
struct child {
	const char *table, *what, *card_sql, *delete_sql;
	const char *name_sql;   /* what an undo label names: undo_name() */
};

static const struct child comments_t = {
	"comments", "comment",
	"SELECT card_id FROM comments WHERE id = ?",
	"DELETE FROM comments WHERE id = ?",
	"SELECT c.title FROM comments m JOIN cards c ON c.id = m.card_id WHERE m.id = ?",
};

static const struct child checks_t = {
	"check_items", "checklist item",
	"SELECT card_id FROM check_items WHERE id = ?",
	"DELETE FROM check_items WHERE id = ?",
	"SELECT text FROM check_items WHERE id = ?",
};

/* Loading. */

static void *
grow(void *arr, int n, int *cap, size_t size)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 8;
	return xrealloc(arr, size * (size_t)*cap);
}

/* A text column where "" means the same as NULL: not set. */
static char *
opt_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t && *t ? xstrdup((const char *)t) : NULL;
}

static int
load_card_row(struct store *st, lid card, struct card_detail *d, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT c.board_id, c.column_id, c.title, c.description,"
	    " col.name, c.priority, c.due_on, c.start_on, c.assignees, c.labels, c.created_at,"
	    " c.updated_at, c.completed, c.archived,"
	    " (SELECT count(*) FROM cards o WHERE o.column_id = c.column_id AND o.archived = 0 AND"
	    "  (o.position < c.position OR (o.position = c.position AND o.id < c.id)))"
	    " FROM cards c JOIN columns col ON col.id = c.column_id WHERE c.id = ?", e);

	if (!s || stmt_bind(s, "i", card) < 0)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW)
		return err_set(e, "no card with id %lld", card);
	d->id = card;
	d->board_id = sqlite3_column_int64(s, 0);
	d->column_id = sqlite3_column_int64(s, 1);
	d->title = col_text(s, 2);
	d->description = col_text(s, 3);
	d->column = col_text(s, 4);
	d->priority = opt_text(s, 5);
	d->due_on = opt_text(s, 6);
	d->start_on = opt_text(s, 7);
	d->assignees = opt_text(s, 8);
	d->labels = opt_text(s, 9);
	d->created_at = sqlite3_column_int64(s, 10);
	d->updated_at = sqlite3_column_int64(s, 11);
	d->completed = sqlite3_column_int(s, 12);
	d->archived = sqlite3_column_int(s, 13);
	d->position = sqlite3_column_int(s, 14);
	/* a statement left on its row would hold a read transaction open */
	sqlite3_reset(s);
	return 0;
}

static int
load_comments(struct store *st, struct card_detail *d, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, author, mine, system, body, created_at "
	    "FROM comments WHERE card_id = ? ORDER BY created_at, id", e);
	int cap = 0, rc;

	if (!s || stmt_bind(s, "i", d->id) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->comments = grow(d->comments, d->ncomments, &cap, sizeof(*d->comments));
		struct comment *c = &d->comments[d->ncomments++];
		c->id = sqlite3_column_int64(s, 0);
		c->author = col_text(s, 1);
		c->mine = sqlite3_column_int(s, 2);
		c->system = sqlite3_column_int(s, 3);
		c->body = col_text(s, 4);
		c->created_at = sqlite3_column_int64(s, 5);
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load comments");
}

static int
load_checks(struct store *st, struct card_detail *d, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, text, done FROM check_items "
	    "WHERE card_id = ? ORDER BY position, id", e);
	int cap = 0, rc;

	if (!s || stmt_bind(s, "i", d->id) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d->checks = grow(d->checks, d->nchecks, &cap, sizeof(*d->checks));
		struct check_item *c = &d->checks[d->nchecks++];
		c->id = sqlite3_column_int64(s, 0);
		c->text = col_text(s, 1);
		c->done = sqlite3_column_int(s, 2);
		d->checks_done += c->done;
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load the checklist");
}

/* The time entries come from the time tracking module, which owns them. */
static int
load_entries(struct store *st, struct card_detail *d, struct lanes_err *e)
{
	struct time_log log;

	if (store_time_log(st, d->id, &log, e) < 0)
		return -1;
	d->entries = log.entries;
	d->nentries = log.n;
	d->tracked = log.total;
	log.entries = NULL;
	log.n = 0;
	time_log_free(&log);
	return 0;
}

int
store_card_detail(struct store *st, lid card, struct card_detail *d, struct lanes_err *e)
{
	memset(d, 0, sizeof(*d));
	if (load_card_row(st, card, d, e) < 0 || load_comments(st, d, e) < 0 ||
	    load_checks(st, d, e) < 0 || load_entries(st, d, e) < 0) {
		card_detail_free(d);
		return -1;
	}
	return 0;
}

void
card_detail_free(struct card_detail *d)
{
	char **texts[] = { &d->title, &d->description, &d->column, &d->priority, &d->due_on,
		&d->start_on, &d->assignees, &d->labels };

	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		x_free(texts[i]);
	for (int i = 0; i < d->ncomments; i++) {
		free(d->comments[i].author);
		free(d->comments[i].body);
	}
	for (int i = 0; i < d->nchecks; i++)
		free(d->checks[i].text);
	for (int i = 0; i < d->nentries; i++)
		free(d->entries[i].note);
	free(d->comments);
	free(d->checks);
	free(d->entries);
	memset(d, 0, sizeof(*d));
}

/* Card fields. */

static int
set_field(struct store *st, lid card, const char *field, const char *value,
    struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, card_set_text_do(st, card, field, value, true, e), e);
}

int
store_card_set_description(struct store *st, lid card, const char *text, struct lanes_err *e)
{
	if (text && strlen(text) > STORE_DESCRIPTION_MAX)
		return err_set(e, "a description is limited to 1 MiB");
	return set_field(st, card, "description", text ? text : "", e);
}

/* A priority by its name or its first letter (h, m, l, n), any case;
 * empty is none. */
int
store_card_set_priority(struct store *st, lid card, const char *priority, struct lanes_err *e)
{
	static const char *const names[] = { "none", "low", "medium", "high" };
	bool letter = priority[0] && !priority[1];

	if (!*priority)
		return set_field(st, card, "priority", NULL, e);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcasecmp(names[i], priority) == 0 ||
		    (letter && tolower((unsigned char)*priority) == names[i][0]))
			return set_field(st, card, "priority", i ? names[i] : NULL, e);
	return err_set(e, "bad priority \"%s\": use none, low, medium or high", priority);
}

static int
set_date(struct store *st, lid card, const char *field, const char *date, struct lanes_err *e)
{
	char day[11];

	if (!*date || strcasecmp(date, "none") == 0)
		return set_field(st, card, field, NULL, e);
	if (date_parse(date, day, e) < 0)
		return -1;
	return set_field(st, card, field, day, e);
}

int
store_card_set_due(struct store *st, lid card, const char *date, struct lanes_err *e)
{
	return set_date(st, card, "due_on", date, e);
}

int
store_card_set_start(struct store *st, lid card, const char *date, struct lanes_err *e)
{
	return set_date(st, card, "start_on", date, e);
}

/* labels and assignees: split on commas, trimmed, blanks and repeats
 * dropped, joined again with ", "; NULL when none are left. */
static int
list_normalize(const char *in, const char *what, char **out, struct lanes_err *e)
{
	char *copy = xstrdup(in), *save = NULL, *kept[LABELS_MAX];
	struct strbuf sb = { 0 };
	int n = 0, rc = 0;

	for (char *t = strtok_r(copy, ",", &save); t && rc == 0; t = strtok_r(NULL, ",", &save)) {
		bool seen = false;

		t = str_trim(t);
		for (int i = 0; i < n && !seen; i++)
			seen = str_eq(kept[i], t);
		if (!*t || seen)
			continue;
		if (n == LABELS_MAX)
			rc = err_set(e, "a card may have at most %d %ss", LABELS_MAX, what);
		else if ((rc = check_name(t, what, e)) == 0)
			kept[n++] = t;
	}
	for (int i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", kept[i]);
	*out = rc == 0 && n ? sb_steal(&sb) : NULL;
	sb_free(&sb);
	free(copy);
	return rc;
}

static int
set_list(struct store *st, lid card, const char *field, const char *what, const char *list,
    struct lanes_err *e)
{
	char *v;
	int rc;

	if (list_normalize(list, what, &v, e) < 0)
		return -1;
	rc = set_field(st, card, field, v, e);
	free(v);
	return rc;
}

int
store_card_set_labels(struct store *st, lid card, const char *labels, struct lanes_err *e)
{
	return set_list(st, card, "labels", "label", labels, e);
}

int
store_card_set_assignees(struct store *st, lid card, const char *names, struct lanes_err *e)
{
	return set_list(st, card, "assignees", "assignee", names, e);
}

/* Rows of comments and check_items. */

/* The card and board of a child row; -1 with e set when it is gone. */
static int
child_owner(struct store *st, const struct child *c, lid id, lid *card, lid *board,
    struct lanes_err *e)
{
	int rc = stmt_lid(st, e, card, c->card_sql, "i", id);

	if (rc == 0)
		return err_set(e, "no %s with id %lld", c->what, id);
	return rc < 0 ? -1 : card_board(st, *card, board, e);
}

static cJSON *
inverse_new(const char *op, const char *table)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "op", op);
	cJSON_AddStringToObject(o, "table", table);
	return o;
}

/* After row id of c was added: a service learns of it (on boards that
 * have one), and undo deletes it. */
static int
child_added(struct store *st, const struct child *c, lid board, lid id, const char *label,
    struct lanes_err *e)
{
	cJSON *inv = inverse_new("row.delete", c->table);

	cJSON_AddNumberToObject(inv, "id", (double)id);
	if (outbox_for_row(st, c->table, id, OUTBOX_ADD, e) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, true, board, inv, e, "%s %s", label, undo_name(st, c->name_sql, id));
}

/* After row id of c changed: the same, with inv putting it back. */
static int
child_changed(struct store *st, const struct child *c, lid board, lid id, cJSON *inv,
    const char *label, struct lanes_err *e)
{
	if (outbox_for_row(st, c->table, id, OUTBOX_SET, e) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, true, board, inv, e, "%s %s", label, undo_name(st, c->name_sql, id));
}

/* Deletes row id of c, keeping a snapshot so undo puts it back. */
static int
child_delete(struct store *st, const struct child *c, lid id, const char *label,
    struct lanes_err *e)
{
	lid card, board;
	const char *was = undo_name(st, c->name_sql, id);
	cJSON *inv;

	if (child_owner(st, c, id, &card, &board, e) < 0)
		return -1;
	inv = cJSON_CreateObject();
	cJSON_AddStringToObject(inv, "op", "restore");
	cJSON_AddItemToObject(inv, c->table, rows_snapshot(st, c->table, "id", id, e));
	if (outbox_for_row(st, c->table, id, OUTBOX_DELETE, e) < 0 ||
	    stmt_exec(st, e, c->delete_sql, "i", id) < 0) {
		cJSON_Delete(inv);
		return -1;
	}
	return undo_push(st, true, board, inv, e, "%s %s", label, was);
}

/* A text a user typed: not blank and not longer than max bytes. */
static int
check_text(const char *s, const char *what, size_t max, struct lanes_err *e)
{
	size_t n = strlen(s);

	if (strspn(s, " \t\r\n") == n)
		return err_set(e, "a %s needs some text", what);
	if (n > max)
		return err_set(e, "a %s is limited to %zu KiB", what, max >> 10);
	return 0;
}

int
store_comment_add(struct store *st, lid card, const char *body, lid *id, struct lanes_err *e)
{
	const char *user = getenv("USER");
	lid board;
	int rc;

	if (check_text(body, "comment", STORE_COMMENT_MAX, e) < 0 || txn_begin(st, e) < 0)
		return -1;
	rc = card_board(st, card, &board, e);
	if (rc == 0)
		rc = stmt_exec(st, e, "INSERT INTO comments(card_id, author, mine, system, body, "
		    "created_at) VALUES (?, ?, 1, 0, ?, ?)", "itti", card,
		    user && *user ? user : "me", body, now_ms() / 1000);
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = child_added(st, &comments_t, board, *id, "add a comment on", e);
	}
	return txn_end(st, rc, e);
}

int
store_comment_delete(struct store *st, lid comment, struct lanes_err *e)
{
	lid mine = 0;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	rc = stmt_lid(st, e, &mine, "SELECT mine FROM comments WHERE id = ?", "i", comment);
	if (rc == 0)
		rc = err_set(e, "no comment with id %lld", comment);
	else if (rc > 0 && !mine)
		rc = err_set(e, "only your own comments can be deleted");
	else if (rc > 0)
		rc = child_delete(st, &comments_t, comment, "delete a comment on", e);
	return txn_end(st, rc, e);
}

/* Checklist items. */

int
store_check_add(struct store *st, lid card, const char *text, lid *id, struct lanes_err *e)
{
	lid board;
	int rc;

	if (check_name(text, "checklist item", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	rc = card_board(st, card, &board, e);
	if (rc == 0)
		rc = stmt_exec(st, e, "INSERT INTO check_items(card_id, text, done, position) "
		    "VALUES (?, ?, 0, (SELECT coalesce(max(position), 0) + 1 FROM check_items "
		    "WHERE card_id = ?))", "iti", card, text, card);
	if (rc == 0) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = child_added(st, &checks_t, board, *id, "add checklist item", e);
	}
	return txn_end(st, rc, e);
}

/* An inverse that sets field of item back to what the store holds now. */
static cJSON *
check_update_inverse(struct store *st, lid item, const char *field, struct lanes_err *e)
{
	cJSON *inv = inverse_new("row.update", checks_t.table), *rows = cJSON_CreateArray();
	cJSON *snap = rows_snapshot(st, checks_t.table, "id", item, e);
	cJSON *row = cJSON_CreateObject();
	cJSON *old = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(snap, 0), field);

	cJSON_AddNumberToObject(row, "id", (double)item);
	cJSON_AddItemToObject(row, field, old ? cJSON_Duplicate(old, 1) : cJSON_CreateNull());
	cJSON_AddItemToArray(rows, row);
	cJSON_AddItemToObject(inv, "rows", rows);
	cJSON_Delete(snap);
	return inv;
}

int
store_check_toggle(struct store *st, lid item, struct lanes_err *e)
{
	lid card, board, done = 0;
	cJSON *inv;
	int rc;

	if (txn_begin(st, e) < 0)
		return -1;
	if (child_owner(st, &checks_t, item, &card, &board, e) < 0 ||
	    stmt_lid(st, e, &done, "SELECT done FROM check_items WHERE id = ?", "i", item) < 0)
		return txn_end(st, -1, e);
	inv = check_update_inverse(st, item, "done", e);
	rc = stmt_exec(st, e, "UPDATE check_items SET done = ? WHERE id = ?", "ni", !done, item);
	if (rc < 0)
		cJSON_Delete(inv);
	else
		rc = child_changed(st, &checks_t, board, item, inv,
		    done ? "untick" : "tick", e);
	return txn_end(st, rc, e);
}

int
store_check_rename(struct store *st, lid item, const char *text, struct lanes_err *e)
{
	lid card, board;
	cJSON *inv;
	int rc;

	if (check_name(text, "checklist item", e) < 0 || txn_begin(st, e) < 0)
		return -1;
	if (child_owner(st, &checks_t, item, &card, &board, e) < 0)
		return txn_end(st, -1, e);
	inv = check_update_inverse(st, item, "text", e);
	rc = stmt_exec(st, e, "UPDATE check_items SET text = ? WHERE id = ?", "ti", text, item);
	if (rc < 0)
		cJSON_Delete(inv);
	else
		rc = child_changed(st, &checks_t, board, item, inv, "rename checklist item", e);
	return txn_end(st, rc, e);
}

struct check_pos {
	lid id;
	double position;
};

static int
checks_order(struct store *st, lid card, struct check_pos **out, int *n, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT id, position FROM check_items WHERE card_id = ? "
	    "ORDER BY position, id", e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "i", card) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = grow(*out, *n, &cap, sizeof(**out));
		(*out)[*n].id = sqlite3_column_int64(s, 0);
		(*out)[(*n)++].position = sqlite3_column_double(s, 1);
	}
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load the checklist");
}

/* Renumbers the card's items 1..n in the order of v, recording the old
 * position of every row that changes; a checklist is short, and whole
 * numbers never run out of room between neighbours. */
static int
checks_renumber(struct store *st, const struct check_pos *v, int n, cJSON *rows,
    struct lanes_err *e)
{
	for (int i = 0; i < n; i++) {
		if (v[i].position == i + 1)
			continue;
		cJSON *row = cJSON_CreateObject();
		cJSON_AddNumberToObject(row, "id", (double)v[i].id);
		cJSON_AddNumberToObject(row, "position", v[i].position);
		cJSON_AddItemToArray(rows, row);
		if (stmt_exec(st, e, "UPDATE check_items SET position = ? WHERE id = ?", "di",
		    (double)(i + 1), v[i].id) < 0)
			return -1;
	}
	return 0;
}

int
store_check_shift(struct store *st, lid item, int delta, struct lanes_err *e)
{
	struct check_pos *v = NULL, moved;
	lid card, board;
	int n = 0, at = 0, to, rc;

	if (txn_begin(st, e) < 0)
		return -1;
	rc = child_owner(st, &checks_t, item, &card, &board, e);
	if (rc == 0)
		rc = checks_order(st, card, &v, &n, e);
	while (at < n && v[at].id != item)
		at++;
	to = at + delta < 0 ? 0 : at + delta >= n ? n - 1 : at + delta;
	if (rc == 0 && at < n && to != at) {
		cJSON *inv = inverse_new("row.update", checks_t.table), *rows = cJSON_CreateArray();

		moved = v[at];
		if (to > at)
			memmove(v + at, v + at + 1, sizeof(*v) * (size_t)(to - at));
		else
			memmove(v + to + 1, v + to, sizeof(*v) * (size_t)(at - to));
		v[to] = moved;
		cJSON_AddItemToObject(inv, "rows", rows);
		rc = checks_renumber(st, v, n, rows, e);
		if (rc == 0)
			rc = outbox_for_check_move(st, item, e);
		if (rc < 0)
			cJSON_Delete(inv);
		else
			rc = undo_push(st, true, board, inv, e, "move checklist item %s %s",
			    undo_name(st, checks_t.name_sql, item), delta < 0 ? "up" : "down");
	}
	free(v);
	return txn_end(st, rc, e);
}

int
store_check_delete(struct store *st, lid item, struct lanes_err *e)
{
	if (txn_begin(st, e) < 0)
		return -1;
	return txn_end(st, child_delete(st, &checks_t, item, "delete checklist item", e), e);
}

int
store_check_find(struct store *st, lid card, const char *arg, lid *item, struct lanes_err *e)
{
	lid owner = 0;
	int rc;

	if (!parse_id(arg, item))
		return err_set(e, "\"%s\" is not a checklist item id (see `lanes show %lld`)", arg, card);
	rc = stmt_lid(st, e, &owner, checks_t.card_sql, "i", *item);
	if (rc < 0)
		return -1;
	if (rc == 0 || owner != card)
		return err_set(e, "card %lld has no checklist item %lld", card, *item);
	return 0;
}
