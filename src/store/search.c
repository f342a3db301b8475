/* Finding cards by text: the board's filter and the search across boards.
 * Matching is text_contains_ci() run inside SQLite, so the search text is
 * never a pattern (a % or _ in it is itself) and case folds the same way
 * for every script as everywhere else in lanes. */
#include "config.h"

#include <stdlib.h>

#include "lanes/text.h"
#include "private.h"

static void
sql_contains_ci(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *hay = (const char *)sqlite3_value_text(argv[0]);
	const char *needle = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(ctx, hay && needle && text_contains_ci(hay, needle));
}

int
search_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "contains_ci", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_contains_ci, NULL, NULL);
}

void
search_hits_free(struct search_hit **h, int n)
{
	for (int i = 0; i < n; i++) {
		free((*h)[i].title);
		free((*h)[i].board_name);
		free((*h)[i].column_name);
	}
	x_free(h);
}

int
store_search(struct store *st, lid board, const char *text, struct search_hit **out, int *n,
    struct lanes_err *e)
{
	/* descriptions are read here only, never when a board loads */
	sqlite3_stmt *s = stmt_get(st, "SELECT c.id, c.title, b.id, b.name, k.id, k.name"
	    " FROM cards c JOIN columns k ON k.id = c.column_id JOIN boards b ON b.id = c.board_id"
	    " WHERE (?1 = 0 AND c.archived = 0 OR c.board_id = ?1) AND (contains_ci(c.title, ?2)"
	    " OR contains_ci(c.labels, ?2) OR contains_ci(c.description, ?2))"
	    " ORDER BY b.account <> 'local', b.account, b.name COLLATE NOCASE, b.id,"
	    " k.position, k.id, c.position, c.id", e);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!s || stmt_bind(s, "it", board, text) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, sizeof(**out) * (cap = cap ? cap * 2 : 16));
		struct search_hit *h = &(*out)[(*n)++];
		h->card = sqlite3_column_int64(s, 0);
		h->title = col_text(s, 1);
		h->board = sqlite3_column_int64(s, 2);
		h->board_name = col_text(s, 3);
		h->column = sqlite3_column_int64(s, 4);
		h->column_name = col_text(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		search_hits_free(out, *n);
		*n = 0;
		return db_error(st, e, "cannot search the cards");
	}
	return 0;
}
