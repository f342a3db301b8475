/* A window onto a column: the board pane loads the cards the screen
 * shows, not the whole board. Each view of a column (its order, archived
 * cards or not, a filter's matches) is one WHERE and one ORDER BY; a
 * window is a LIMIT and OFFSET over it, a card's place a count of the
 * cards before it. */
#include "config.h"

#include <stdlib.h>

#include "private.h"

/* in_match(id): the filter's matches, which the store_search ids give. */
static void
sql_in_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(ctx);
	lid id = sqlite3_value_int64(argv[0]);

	(void)argc;
	sqlite3_result_int(ctx, st->nmatch &&
	    bsearch(&id, st->match, (size_t)st->nmatch, sizeof(id), lid_cmp) != NULL);
}

int
window_register(struct store *st)
{
	return sqlite3_create_function(st->db, "in_match", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, st,
	    sql_in_match, NULL, NULL);
}

#define VIEW "column_id = ?1 AND archived <= ?2 AND (?3 = 0 OR in_match(id))"
/* Sort keys without NULLs, so that they compare as row values: no due
 * date sorts last, no priority below low; ties keep the stored order. */
#define BY_STORED "position, id"
#define BY_DUE "length(due_on) IS NOT 10, CASE WHEN length(due_on) = 10 THEN due_on ELSE '' END," \
	" position, id"
#define BY_PRIORITY "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2" \
	" ELSE 3 END, position, id"

#define WINDOW(by) "SELECT " CARD_FIELDS " FROM cards WHERE " VIEW " ORDER BY " by \
	" LIMIT ?4 OFFSET ?5"
#define INDEX(by) "SELECT (SELECT count(*) FROM cards WHERE " VIEW " AND (" by ") <" \
	" (SELECT " by " FROM cards WHERE id = ?4)), EXISTS (SELECT 1 FROM cards" \
	" WHERE id = ?4 AND " VIEW ")"

static const char *const window_sql[ORDER_COUNT] = {
	WINDOW(BY_STORED), WINDOW(BY_DUE), WINDOW(BY_PRIORITY),
};
static const char *const index_sql[ORDER_COUNT] = {
	INDEX(BY_STORED), INDEX(BY_DUE), INDEX(BY_PRIORITY),
};

/* s prepared and bound to q's view; the matches are in_match's while it runs. */
static sqlite3_stmt *
view_stmt(struct store *st, const char *sql, const struct column_query *q, struct lanes_err *e)
{
	sqlite3_stmt *s = stmt_get(st, sql, e);

	if (!s || stmt_bind(s, "inn", q->column, (int)q->archived, q->match != NULL) < 0)
		return NULL;
	st->match = q->match;
	st->nmatch = q->nmatch;
	return s;
}

static void
view_done(struct store *st, sqlite3_stmt *s)
{
	sqlite3_reset(s);
	st->match = NULL;
	st->nmatch = 0;
}

int
store_column_window(struct store *st, const struct column_query *q, int first, int limit,
    struct column *col, struct lanes_err *e)
{
	sqlite3_stmt *s;
	lid timing = 0;
	int rc;

	for (int i = 0; i < col->ncards; i++)
		card_clear(&col->cards[i]);
	col->ncards = 0;
	col->first = first;
	if (stmt_lid(st, e, &timing, "SELECT card_id FROM timer", "") < 0 ||
	    !(s = view_stmt(st, window_sql[q->order], q, e)))
		return -1;
	sqlite3_bind_int(s, 4, limit);
	sqlite3_bind_int(s, 5, first);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		card_read(s, col, timing);
	view_done(st, s);
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "cannot load cards");
}

int
store_column_count(struct store *st, const struct column_query *q, struct lanes_err *e)
{
	sqlite3_stmt *s = view_stmt(st, "SELECT count(*) FROM cards WHERE " VIEW, q, e);
	int n = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	else
		db_error(st, e, "cannot count cards");
	view_done(st, s);
	return n;
}

int
store_column_index(struct store *st, const struct column_query *q, lid card, struct lanes_err *e)
{
	sqlite3_stmt *s = view_stmt(st, index_sql[q->order], q, e);
	int n = -1;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 4, card);
	if (sqlite3_step(s) != SQLITE_ROW)
		db_error(st, e, "cannot find the card");
	else if (sqlite3_column_int(s, 1))
		n = sqlite3_column_int(s, 0);
	view_done(st, s);
	return n;
}

int
store_card_column(struct store *st, lid card, lid *column, struct lanes_err *e)
{
	return stmt_lid(st, e, column, "SELECT column_id FROM cards WHERE id = ?", "i", card);
}
