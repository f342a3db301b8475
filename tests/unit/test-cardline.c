/* A card's board line: the card-format list, which fields fit a width,
 * and how each field reads. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lanes/cardline.h"
#include "lanes/config.h"
#include "t.h"

static void
test_format_parse(void)
{
	struct card_format f;
	struct lanes_err e = { "" };

	CHECK_INT(card_format_parse("due priority labels assignee comments checklist timer", &f, &e), 0);
	CHECK_INT(f.n, FIELD_COUNT);
	CHECK_INT(f.field[0], FIELD_DUE);
	CHECK_INT(f.field[6], FIELD_TIMER);
	CHECK_INT(card_format_parse("  timer,due ", &f, &e), 0);
	CHECK_INT(f.n, 2);
	CHECK_INT(f.field[0], FIELD_TIMER);
	CHECK_INT(f.field[1], FIELD_DUE);
	CHECK_INT(card_format_parse("", &f, &e), 0);
	CHECK_INT(f.n, 0);
	CHECK_INT(card_format_parse("due colour", &f, &e), -1);
	CHECK_STR(e.msg, "unknown card-format field \"colour\" (fields: due priority labels "
	    "assignee comments checklist timer)");
	CHECK_INT(card_format_parse("due due", &f, &e), -1);
	CHECK(strstr(e.msg, "repeated card-format field \"due\"") != NULL);
}

/* An unknown field in the config is an error at its line. */
static void
test_format_config(void)
{
	struct strbuf err = { 0 };

	config_add_command("set card-format", card_format_cmd);
	CHECK_INT(config_parse_text("set card-format = due labels timer\n", "cfg", &err), 0);
	CHECK_STR(opt.card_format, "due labels timer");
	CHECK_INT(config_parse_text("\nset card-format = due size\n", "cfg", &err), 1);
	CHECK(strstr(err.buf, "cfg:2: unknown card-format field \"size\"") != NULL);
	sb_free(&err);
	config_free();
}

static void
test_fit(void)
{
	int w[] = { 10, 4, 14, 0, 3 };

	/* everything fits a wide line */
	CHECK_INT(card_fields_fit(64, 22, w, 5), 0x17);
	/* the title keeps a third of the line: labels and what follows go */
	CHECK_INT(card_fields_fit(37, 22, w, 5), 0x3);
	/* and at least CARD_TITLE_MIN columns */
	CHECK_INT(card_fields_fit(24, 22, w, 5), 0x1);
	CHECK_INT(card_fields_fit(20, 22, w, 5), 0x0);
	/* a short title leaves the rest to the fields */
	CHECK_INT(card_fields_fit(37, 4, w, 5), 0x7);
	CHECK_INT(card_fields_fit(39, 4, w, 5), 0x17);
	/* an empty field takes no room and stops nothing */
	CHECK_INT(card_fields_fit(24, 22, (int[]){ 0, 4, 0 }, 3), 0x2);
	CHECK_INT(card_fields_fit(40, 5, w, 0), 0);
}

static const char *
text(const struct card *c, enum card_field f, enum area *area)
{
	static char buf[64];

	*area = card_field_text(c, f, "2026-12-06", buf, sizeof(buf));
	return buf;
}

static void
test_field_text(void)
{
	struct card c = { .priority = PRIORITY_HIGH, .labels = "bug, ui,docs",
		.assignees = "ann, bob,cy", .comments = 3, .check_done = 1, .check_total = 4 };
	enum area a;

	strcpy(c.due, "2020-03-14");
	CHECK_STR(text(&c, FIELD_DUE, &a), "2020-03-14");
	CHECK_INT(a, AREA_OVERDUE);
	strcpy(c.due, "2026-12-06");
	CHECK_STR(text(&c, FIELD_DUE, &a), "today");
	CHECK_INT(a, AREA_DUE_TODAY);
	strcpy(c.due, "2026-12-24");
	CHECK_STR(text(&c, FIELD_DUE, &a), "Dec 24");
	CHECK_INT(a, AREA_DUE);
	CHECK_STR(text(&c, FIELD_PRIORITY, &a), "high");
	CHECK_INT(a, AREA_PRIORITY_HIGH);
	CHECK_STR(text(&c, FIELD_LABELS, &a), "#bug #ui #docs");
	CHECK_STR(text(&c, FIELD_ASSIGNEE, &a), "@ann+2");
	CHECK_STR(text(&c, FIELD_COMMENTS, &a), "✉3");
	CHECK_STR(text(&c, FIELD_CHECKLIST, &a), "1/4");
	CHECK_STR(text(&c, FIELD_TIMER, &a), "");
	c.timing = true;
	CHECK_STR(text(&c, FIELD_TIMER, &a), "⏱");
	c = (struct card){ 0 };
	for (int f = 0; f < FIELD_COUNT; f++)
		CHECK_STR(text(&c, f, &a), "");
}

int
main(void)
{
	RUN(test_format_parse);
	RUN(test_format_config);
	RUN(test_fit);
	RUN(test_field_text);
	return T_DONE();
}
