#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/model.h"
#include "lanes/util.h"

void
board_clear(struct board *b)
{
	x_free(&b->name);
	x_free(&b->account);
	x_free(&b->remote_id);
}

void
column_insert_at(struct column *col, int index, const struct card *c)
{
	if (index < 0 || index > col->ncards)
		index = col->ncards;
	if (col->ncards == col->cap)
		col->cards = xrealloc(col->cards, sizeof(*c) * (col->cap = col->cap ? col->cap * 2 : 16));
	memmove(col->cards + index + 1, col->cards + index, sizeof(*c) * (col->ncards - index));
	col->cards[index] = *c;
	col->ncards++;
}

void
card_clear(struct card *c)
{
	x_free(&c->title);
	x_free(&c->labels);
	x_free(&c->assignees);
}

void
column_clear(struct column *c)
{
	for (int i = 0; i < c->ncards; i++)
		card_clear(&c->cards[i]);
	x_free(&c->cards);
	x_free(&c->name);
	c->ncards = c->cap = 0;
}

void
board_view_free(struct board_view *v)
{
	board_clear(&v->board);
	for (int i = 0; i < v->ncols; i++)
		column_clear(&v->cols[i]);
	x_free(&v->cols);
	v->ncols = 0;
}

int
board_view_find_column(const struct board_view *v, lid column_id)
{
	for (int i = 0; i < v->ncols; i++)
		if (v->cols[i].id == column_id)
			return i;
	return -1;
}

bool
board_view_find_card(const struct board_view *v, lid card_id, int *col, int *row)
{
	for (int c = 0; c < v->ncols; c++)
		for (int r = 0; r < v->cols[c].ncards; r++)
			if (v->cols[c].cards[r].id == card_id) {
				*col = c;
				*row = r;
				return true;
			}
	return false;
}

enum priority
priority_from_name(const char *name)
{
	static const char *const names[] = { "low", "medium", "high" };

	for (size_t i = 0; name && i < ARRAY_SIZE(names); i++)
		if (str_eq(name, names[i]))
			return PRIORITY_LOW + i;
	return PRIORITY_NONE;
}

const char *
board_cap_what(unsigned cap)
{
	static const char *const what[] = {
#define BOARD_CAP_WHAT(id, w) w,
		BOARD_CAP_INFO(BOARD_CAP_WHAT)
#undef BOARD_CAP_WHAT
	};

	for (int i = 0; i < CAP_BIT_COUNT; i++)
		if (cap == 1u << i)
			return what[i];
	return NULL;
}
