/* The commands on boards, columns and cards: boards, board, column,
 * cards, add, move, rm, search. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli-private.h"
#include "lanes/cli.h"
#include "lanes/outbox.h"
#include "lanes/store.h"

int
cmd_boards(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board *b;
	int n;

	if (a->account)
		return cli_account_projects(st, a->account, a->json);
	if (store_boards(st, &b, &n, &e) < 0)
		return cli_fail(&e);
	if (a->json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)b[i].id);
			cJSON_AddStringToObject(o, "name", b[i].name);
			cJSON_AddStringToObject(o, "account", b[i].account);
			cJSON_AddNumberToObject(o, "cards", b[i].ncards);
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
		cJSON_Delete(arr);
	} else {
		for (int i = 0; i < n; i++) {
			printf("%6lld  %-10s %6d %-5s  ", b[i].id, b[i].account, b[i].ncards,
			    b[i].ncards == 1 ? "card" : "cards");
			cli_print_clean(b[i].name);
			putchar('\n');
		}
	}
	boards_free(&b, n);
	return EXIT_OK;
}

/* Each card in full, as `show --json` gives it, without its lists. */
static int
cards_json(struct store *st, const struct board_view *v, struct lanes_err *e)
{
	cJSON *arr = cJSON_CreateArray();
	struct card_detail d;

	for (int ci = 0; ci < v->ncols; ci++)
		for (int r = 0; r < v->cols[ci].ncards; r++) {
			if (store_card_detail(st, v->cols[ci].cards[r].id, &d, e) < 0) {
				cJSON_Delete(arr);
				return -1;
			}
			cJSON_AddItemToArray(arr, cli_card_json(&d, v->board.name));
			card_detail_free(&d);
		}
	cli_print_json(arr);
	cJSON_Delete(arr);
	return 0;
}

int
cmd_cards(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board_view v;
	lid board;
	int rc = 0;

	if (cli_pick_board(st, a->board, &board, &e) < 0 ||
	    store_board_load_all(st, board, a->archived, &v, &e) < 0)
		return cli_fail(&e);
	if (a->json)
		rc = cards_json(st, &v, &e);
	for (int ci = 0; ci < v.ncols && !a->json; ci++) {
		for (int r = 0; r < v.cols[ci].ncards; r++) {
			printf("%6lld  ", v.cols[ci].cards[r].id);
			cli_print_clean(v.cols[ci].name);
			printf("\t%d\t", r);
			cli_print_clean(v.cols[ci].cards[r].title);
			puts(v.cols[ci].cards[r].archived ? "\t(archived)" : "");
		}
	}
	board_view_free(&v);
	return rc < 0 ? cli_fail(&e) : EXIT_OK;
}

static cJSON *
hit_json(const struct search_hit *h)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)h->card);
	cJSON_AddStringToObject(o, "title", h->title);
	cJSON_AddStringToObject(o, "board", h->board_name);
	cJSON_AddNumberToObject(o, "board_id", (double)h->board);
	cJSON_AddStringToObject(o, "column", h->column_name);
	cJSON_AddNumberToObject(o, "column_id", (double)h->column);
	return o;
}

/* No match is not an error, as an empty board is not for `cards`. */
int
cmd_search(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct search_hit *h;
	int n;

	if (!*a->pos[0]) {
		err_set(&e, "search for what? give a text");
		return cli_fail(&e);
	}
	if (store_search(st, 0, a->pos[0], &h, &n, &e) < 0)
		return cli_fail(&e);
	if (a->json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, hit_json(&h[i]));
		cli_print_json(arr);
		cJSON_Delete(arr);
	}
	for (int i = 0; !a->json && i < n; i++) {
		printf("%6lld  ", h[i].card);
		cli_print_clean(h[i].board_name);
		putchar('\t');
		cli_print_clean(h[i].column_name);
		putchar('\t');
		cli_print_clean(h[i].title);
		putchar('\n');
	}
	search_hits_free(&h, n);
	return EXIT_OK;
}

int
cmd_add(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board_view v;
	lid board, col = 0, id;

	if (cli_pick_board(st, a->board, &board, &e) < 0)
		return cli_fail(&e);
	if (a->column) {
		if (store_column_find(st, board, a->column, &col, &e) < 0)
			return cli_fail(&e);
	} else {
		if (store_board_load(st, board, &v, &e) < 0)
			return cli_fail(&e);
		col = v.ncols ? v.cols[0].id : 0;
		board_view_free(&v);
		if (!col) {
			err_set(&e, "the board has no columns");
			return cli_fail(&e);
		}
	}
	if (store_card_add(st, col, a->pos[0], 0, &id, &e) < 0)
		return cli_fail(&e);
	printf("%lld\n", id);
	return EXIT_OK;
}

int
cmd_move(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	lid card, board, col;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    store_card_board(st, card, &board, &e) < 0 ||
	    store_column_find(st, board, a->pos[1], &col, &e) < 0 ||
	    store_card_move(st, card, col, 0, NULL, &e) < 0)
		return cli_fail(&e);
	return EXIT_OK;
}

int
cmd_rm(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	lid card;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || store_card_delete(st, card, &e) < 0)
		return cli_fail(&e);
	return EXIT_OK;
}

/* `board add NAME` and `board rename B NAME` on this machine's boards: a
 * service's boards are made and named on the service, and a new name
 * given here would be overwritten by its next refresh. */
static int
board_rename(struct store *st, const char *arg, const char *name, struct lanes_err *e)
{
	char *account = NULL, *remote = NULL;
	lid board;
	int rc;

	if (cli_pick_board(st, arg, &board, e) < 0 ||
	    store_board_remote_of(st, board, &account, &remote, e) < 0)
		return -1;
	rc = remote ? err_set(e, "board %lld is %s's: rename it on the service", board, account)
	    : store_board_rename(st, board, name, e);
	free(account);
	free(remote);
	return rc;
}

int
cmd_board(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	const char *verb = a->pos[0];
	lid id;

	if (!(str_eq(verb, "add") && a->npos == 2) && !(str_eq(verb, "rename") && a->npos == 3)) {
		fprintf(stderr, "lanes: usage: lanes board add NAME | rename B NAME\n");
		return EXIT_USAGE;
	}
	if (str_eq(verb, "rename"))
		return board_rename(st, a->pos[1], a->pos[2], &e) < 0 ? cli_fail(&e) : EXIT_OK;
	if (a->account) {
		err_set(&e, "boards of %s are made on the service; without --account, "
		    "board add makes one here", a->account);
		return cli_fail(&e);
	}
	if (store_board_add(st, a->pos[1], &id, &e) < 0)
		return cli_fail(&e);
	printf("%lld\n", id);
	return EXIT_OK;
}

/* `column add NAME [--after C]` and `column rename C NAME`, on --board
 * (default: the last opened). A service's board asks the service first,
 * as the columns pane does; the edit is queued for it like the pane's. */
int
cmd_column(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	const char *verb = a->pos[0];
	bool add = str_eq(verb, "add");
	char note[160] = "";
	lid board, col = 0;

	if (!(add && a->npos == 2) && !(str_eq(verb, "rename") && a->npos == 3 && !a->after)) {
		fprintf(stderr, "lanes: usage: lanes column add NAME [--board B] [--after C] | "
		    "rename C NAME [--board B]\n");
		return EXIT_USAGE;
	}
	if (cli_pick_board(st, a->board, &board, &e) < 0 ||
	    (!add && store_column_find(st, board, a->pos[1], &col, &e) < 0) ||
	    (a->after && store_column_find(st, board, a->after, &col, &e) < 0) ||
	    cli_board_can(st, board, CAP_COLUMN_EDIT, note, sizeof(note), &e) < 0)
		return cli_fail(&e);
	if (!add && store_column_rename(st, col, a->pos[2], &e) < 0)
		return cli_fail(&e);
	if (add && store_column_add(st, board, a->pos[1], col, &col, &e) < 0)
		return cli_fail(&e);
	if (add)
		printf("%lld\n", col);
	cli_say_kept(note);
	return EXIT_OK;
}
