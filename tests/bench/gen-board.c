/* Makes a board of N cards spread over three columns, through the store API,
 * for the benchmarks: gen-board DB_PATH [N] */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lanes/store.h"

int
main(int argc, char **argv)
{
	struct store *st;
	struct lanes_err e = { "" };
	lid board, col[3], id;
	long n = argc > 2 ? atol(argv[2]) : 10000;
	static const char *const names[] = { "To Do", "Doing", "Done" };

	if (argc < 2 || store_open(argv[1], STORE_WRITE, &st, &e) < 0) {
		fprintf(stderr, "gen-board: %s\n", argc < 2 ? "usage: gen-board DB [N]" : e.msg);
		return 1;
	}
	store_set_durable(st, false);
	if (store_board_add(st, "Bench", &board, &e) < 0)
		goto fail;
	for (int i = 0; i < 3; i++)
		if (store_column_find(st, board, names[i], &col[i], &e) < 0)
			goto fail;
	for (long i = 0; i < n; i++) {
		char title[96];
		snprintf(title, sizeof(title), "Card %05ld: a task with a title long enough to be cut", i);
		if (store_card_add(st, col[i % 3], title, -1, &id, &e) < 0)
			goto fail;
	}
	char v[32];
	snprintf(v, sizeof(v), "%lld", board);
	store_state_set(st, "last_board", v);
	store_close(&st);
	printf("%lld\n", board);
	return 0;
fail:
	fprintf(stderr, "gen-board: %s\n", e.msg);
	store_close(&st);
	return 1;
}
