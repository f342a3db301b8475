/* A card's line on the board: its title and, beside it, what a person
 * scans a board for. `set card-format = due priority labels ...` names
 * the fields, most important first; where the line is too narrow the
 * least important ones are left off, and the title keeps a minimum. */
#ifndef LANES_CARDLINE_H
#define LANES_CARDLINE_H

#include <stddef.h>

#include "lanes/model.h"
#include "lanes/theme.h"
#include "lanes/util.h"

/* _(ID, "name") */
#define CARD_FIELD_INFO(_) \
	_(DUE,       "due") \
	_(PRIORITY,  "priority") \
	_(LABELS,    "labels") \
	_(ASSIGNEE,  "assignee") \
	_(COMMENTS,  "comments") \
	_(CHECKLIST, "checklist") \
	_(TIMER,     "timer")

enum card_field {
#define CARD_FIELD_ENUM(id, name) FIELD_##id,
	CARD_FIELD_INFO(CARD_FIELD_ENUM)
#undef CARD_FIELD_ENUM
	FIELD_COUNT
};

struct card_format {
	enum card_field field[FIELD_COUNT];
	int n;
};

/* Space-separated field names, each at most once; "" shows the title
 * alone. An unknown or repeated name is an error that lists the names. */
int card_format_parse(const char *text, struct card_format *out, struct lanes_err *e);
/* The "set card-format" config hook: checks the new value. */
int card_format_cmd(int argc, char **argv, struct lanes_err *e);

/* Which of n fields (widths in columns, most important first, 0 for a
 * field this card leaves empty) fit a line of width columns beside a
 * title of title_width: a bit per shown field. The title keeps the
 * lesser of its width and CARD_TITLE_MIN or a third of the line; each
 * field takes its width and a space; the first that does not fit is left
 * off with every less important one. */
#define CARD_TITLE_MIN 10
unsigned card_fields_fit(int width, int title_width, const int *widths, int n);

/* A field's text for card (into buf, "" when the card has none) and the
 * area to draw it in; today is YYYY-MM-DD, against which due dates are
 * told apart (today, overdue). */
enum area card_field_text(const struct card *c, enum card_field f, const char *today,
    char *buf, size_t n);

#endif
