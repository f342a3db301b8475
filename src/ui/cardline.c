/* A card's line on the board: which fields it shows, and how each reads. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lanes/cardline.h"
#include "lanes/config.h"
#include "lanes/text.h"

static const char *const field_names[] = {
#define CARD_FIELD_NAME(id, name) name,
	CARD_FIELD_INFO(CARD_FIELD_NAME)
#undef CARD_FIELD_NAME
};

static int
field_by_name(const char *name, size_t len)
{
	for (int i = 0; i < FIELD_COUNT; i++)
		if (strlen(field_names[i]) == len && !strncmp(field_names[i], name, len))
			return i;
	return -1;
}

static int
unknown_field(const char *name, size_t len, const char *why, struct lanes_err *e)
{
	char names[128] = "";

	for (int i = 0; i < FIELD_COUNT; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
		    i ? " " : "", field_names[i]);
	return err_set(e, "%s card-format field \"%.*s\" (fields: %s)", why, (int)len, name, names);
}

int
card_format_parse(const char *text, struct card_format *out, struct lanes_err *e)
{
	const char *p = text;
	unsigned seen = 0;

	out->n = 0;
	while (*p) {
		size_t len = strcspn(p, " \t,");
		int f = field_by_name(p, len);

		if (len && f < 0)
			return unknown_field(p, len, "unknown", e);
		if (len && (seen & 1u << f))
			return unknown_field(p, len, "repeated", e);
		if (len) {
			seen |= 1u << f;
			out->field[out->n++] = f;
		}
		p += len + (p[len] != '\0');
	}
	return 0;
}

int
card_format_cmd(int argc, char **argv, struct lanes_err *e)
{
	struct card_format f;

	(void)argc;
	(void)argv;
	return card_format_parse(opt.card_format, &f, e);
}

unsigned
card_fields_fit(int width, int title_width, const int *widths, int n)
{
	int min = width / 3 > CARD_TITLE_MIN ? width / 3 : CARD_TITLE_MIN;
	int used = title_width < min ? title_width : min;
	unsigned shown = 0;

	for (int i = 0; i < n; i++) {
		if (!widths[i])
			continue;
		if (used + 1 + widths[i] > width)
			break;
		used += 1 + widths[i];
		shown |= 1u << i;
	}
	return shown;
}

/* "2020-03-14", this year's "Mar 14", or "today". */
static enum area
due_text(const char *due, const char *today, char *buf, size_t n)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int cmp = strcmp(due, today), m = (due[5] - '0') * 10 + (due[6] - '0');

	if (!cmp)
		snprintf(buf, n, "today");
	else if (!strncmp(due, today, 4) && m >= 1 && m <= 12)
		snprintf(buf, n, "%s %.2s", months[m - 1], due + 8);
	else
		snprintf(buf, n, "%s", due);
	return cmp < 0 ? AREA_OVERDUE : cmp == 0 ? AREA_DUE_TODAY : AREA_DUE;
}

/* "#bug #ui" from "bug, ui". */
static void
labels_text(const char *labels, char *buf, size_t n)
{
	size_t w = 0;

	for (const char *p = labels; *p && w < n; p += *p == ',') {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, ",");
		w += snprintf(buf + w, n - w, "%s#%.*s", w ? " " : "", (int)len, p);
		p += len;
	}
}

/* "@ann", or "@ann+2" when two more share the card. */
static void
assignee_text(const char *who, char *buf, size_t n)
{
	size_t first;
	int more = 0;

	who += strspn(who, " ");
	first = strcspn(who, ",");

	for (const char *p = who + first; *p; p++)
		more += *p == ',';
	if (more)
		snprintf(buf, n, "@%.*s+%d", (int)first, who, more);
	else
		snprintf(buf, n, "@%.*s", (int)first, who);
}

enum area
card_field_text(const struct card *c, enum card_field f, const char *today, char *buf,
    size_t n)
{
	static const char *const priorities[] = { "", "low", "med", "high" };

	*buf = '\0';
	switch (f) {
	case FIELD_DUE:
		return *c->due ? due_text(c->due, today, buf, n) : AREA_DUE;
	case FIELD_PRIORITY:
		snprintf(buf, n, "%s", priorities[c->priority]);
		return c->priority == PRIORITY_HIGH ? AREA_PRIORITY_HIGH : AREA_PRIORITY;
	case FIELD_LABELS:
		if (c->labels)
			labels_text(c->labels, buf, n);
		return AREA_LABEL;
	case FIELD_ASSIGNEE:
		if (c->assignees && *c->assignees)
			assignee_text(c->assignees, buf, n);
		return AREA_DIM;
	case FIELD_COMMENTS:
		if (c->comments)
			snprintf(buf, n, "✉%d", c->comments);
		return AREA_PROGRESS;
	case FIELD_CHECKLIST:
		if (c->check_total)
			snprintf(buf, n, "%d/%d", c->check_done, c->check_total);
		return AREA_PROGRESS;
	case FIELD_TIMER:
		if (c->timing)
			snprintf(buf, n, "⏱");
		return AREA_TIMER;
	case FIELD_COUNT:
		break;
	}
	return AREA_CARD;
}
