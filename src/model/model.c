#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lanes/model.h"
#include "lanes/util.h"

int
lid_cmp(const void *a, const void *b)
{
	lid x = *(const lid *)a, y = *(const lid *)b;

	return x < y ? -1 : x > y;
}

void
board_clear(struct board *b)
{
	x_free(&b->name);
	x_free(&b->account);
	x_free(&b->remote_id);
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
