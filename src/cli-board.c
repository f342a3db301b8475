/* The commands on boards and cards: boards, cards, add, move, rm, search. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli-private.h"
#include "lanes/cli.h"
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
			printf("%6lld  %-10s %6d cards  ", b[i].id, b[i].account, b[i].ncards);
			cli_print_clean(b[i].name);
			putchar('\n');
		}
	}
	boards_free(&b, n);
	return EXIT_OK;
}

static cJSON *
card_json(const struct board_view *v, const struct column *col, int row)
{
	const struct card *c = &col->cards[row];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "title", c->title);
	cJSON_AddStringToObject(o, "column", col->name);
	cJSON_AddNumberToObject(o, "column_id", (double)col->id);
	cJSON_AddNumberToObject(o, "position", row);
	cJSON_AddStringToObject(o, "board", v->board.name);
	cJSON_AddNumberToObject(o, "board_id", (double)v->board.id);
	cJSON_AddBoolToObject(o, "completed", c->completed);
	cJSON_AddBoolToObject(o, "archived", c->archived);
	if (c->check_total) {
		cJSON_AddNumberToObject(o, "checklist_done", c->check_done);
		cJSON_AddNumberToObject(o, "checklist_total", c->check_total);
	}
	return o;
}

int
cmd_cards(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board_view v;
	lid board;
	cJSON *arr = a->json ? cJSON_CreateArray() : NULL;

	if (cli_pick_board(st, a->board, &board, &e) < 0 ||
	    store_board_load_all(st, board, a->archived, &v, &e) < 0) {
		cJSON_Delete(arr);
		return cli_fail(&e);
	}
	for (int ci = 0; ci < v.ncols; ci++) {
		for (int r = 0; r < v.cols[ci].ncards; r++) {
			if (arr) {
				cJSON_AddItemToArray(arr, card_json(&v, &v.cols[ci], r));
				continue;
			}
			printf("%6lld  ", v.cols[ci].cards[r].id);
			cli_print_clean(v.cols[ci].name);
			printf("\t%d\t", r);
			cli_print_clean(v.cols[ci].cards[r].title);
			puts(v.cols[ci].cards[r].archived ? "\t(archived)" : "");
		}
	}
	if (arr) {
		cli_print_json(arr);
		cJSON_Delete(arr);
	}
	board_view_free(&v);
	return EXIT_OK;
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
