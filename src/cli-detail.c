/* The commands on a card's details: show, comment, check, archive, and time
 * tracking (timer, log). Those that edit ask the card's service first,
 * as the board's keys do (sync_board_can): refused with its reason, or
 * kept on this machine and said so on stderr. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-private.h"
#include "lanes/cli.h"
#include "lanes/store.h"
#include "lanes/sync.h"
#include "lanes/text.h"
#include "lanes/timefmt.h"

/* Multi-line stored text, each line indented. */
static void
print_clean_lines(const char *s, const char *indent)
{
	char *c = text_sanitize_multiline(s, strlen(s)), *nl;

	for (char *l = c; l && *l; l = nl) {
		nl = strchr(l, '\n');
		if (nl)
			*nl++ = '\0';
		printf("%s", indent);
		fputs(l, stdout);
		putchar('\n');
	}
	free(c);
}

static void
show_field(const char *label, const char *value)
{
	printf("%-11s", label);
	cli_print_clean(value ? value : "-");
	putchar('\n');
}

static void
show_fields(const struct card_detail *d, const char *board)
{
	char buf[64];

	printf("#%lld ", d->id);
	cli_print_clean(d->title);
	putchar('\n');
	show_field("Board", board);
	printf("%-11s", "Column");
	cli_print_clean(d->column);
	printf(", position %d\n", d->position);
	show_field("Priority", d->priority ? d->priority : "none");
	show_field("Due", d->due_on);
	show_field("Start", d->start_on);
	show_field("Assignees", d->assignees);
	show_field("Labels", d->labels);
	time_format_local(d->created_at * 1000, buf, sizeof(buf));
	show_field("Created", buf);
	time_format_local(d->updated_at * 1000, buf, sizeof(buf));
	show_field("Updated", buf);
	show_field("Completed", d->completed ? "yes" : "no");
	if (d->nentries) {
		duration_format(d->tracked, buf, sizeof(buf));
		printf("%-11s%s in %d entr%s\n", "Tracked", buf, d->nentries,
		    d->nentries == 1 ? "y" : "ies");
	}
	if (d->nchecks)
		printf("%-11s%d/%d done\n", "Checklist", d->checks_done, d->nchecks);
}

static void
show_lists(const struct card_detail *d)
{
	char when[32], dur[32];

	if (*d->description) {
		printf("\nDescription\n");
		print_clean_lines(d->description, "  ");
	}
	if (d->nchecks)
		printf("\nChecklist (id, text)\n");
	for (int i = 0; i < d->nchecks; i++) {
		printf("  [%c] %lld  ", d->checks[i].done ? 'x' : ' ', d->checks[i].id);
		cli_print_clean(d->checks[i].text);
		putchar('\n');
	}
	if (d->ncomments)
		printf("\nComments\n");
	for (int i = 0; i < d->ncomments; i++) {
		time_format_local(d->comments[i].created_at * 1000, when, sizeof(when));
		printf("  %lld  ", d->comments[i].id);
		cli_print_clean(d->comments[i].author);
		printf("  %s%s\n", when, d->comments[i].system ? "  (service)" : "");
		print_clean_lines(d->comments[i].body, "    ");
	}
	if (d->nentries)
		printf("\nTime entries (id, duration, started, note)\n");
	for (int i = 0; i < d->nentries; i++) {
		duration_format(d->entries[i].seconds, dur, sizeof(dur));
		time_format_local(d->entries[i].started_at * 1000, when, sizeof(when));
		printf("  %lld  %s  %s  ", d->entries[i].id, dur, d->entries[i].started_at ? when : "-");
		cli_print_clean(d->entries[i].note ? d->entries[i].note : "");
		putchar('\n');
	}
}

static void
json_text(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* 0 (an id or time that is unknown) as null. */
static void
json_number(cJSON *o, const char *key, long long v)
{
	if (v)
		cJSON_AddNumberToObject(o, key, (double)v);
	else
		cJSON_AddNullToObject(o, key);
}

/* A comma-separated field as an array of its trimmed parts ([] when
 * unset): labels and assignees, which scripts iterate. */
static void
json_list(cJSON *o, const char *key, const char *v)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	char *copy = xstrdup(v ? v : ""), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*(t = str_trim(t)))
			cJSON_AddItemToArray(arr, cJSON_CreateString(t));
	free(copy);
}

cJSON *
cli_card_json(const struct card_detail *d, const char *board)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddStringToObject(o, "title", d->title);
	json_text(o, "board", board);
	cJSON_AddNumberToObject(o, "board_id", (double)d->board_id);
	cJSON_AddStringToObject(o, "column", d->column);
	cJSON_AddNumberToObject(o, "column_id", (double)d->column_id);
	cJSON_AddNumberToObject(o, "position", d->position);
	json_text(o, "description", *d->description ? d->description : NULL);
	json_text(o, "priority", d->priority);
	json_text(o, "due_on", d->due_on);
	json_text(o, "start_on", d->start_on);
	json_list(o, "assignees", d->assignees);
	json_list(o, "labels", d->labels);
	cJSON_AddBoolToObject(o, "completed", d->completed);
	cJSON_AddBoolToObject(o, "archived", d->archived);
	cJSON_AddNumberToObject(o, "created_at", (double)d->created_at);
	cJSON_AddNumberToObject(o, "updated_at", (double)d->updated_at);
	cJSON_AddNumberToObject(o, "checklist_done", d->checks_done);
	cJSON_AddNumberToObject(o, "checklist_total", d->nchecks);
	cJSON_AddNumberToObject(o, "tracked_seconds", (double)d->tracked);
	return o;
}

static void
detail_lists_json(cJSON *o, const struct card_detail *d)
{
	cJSON *comments = cJSON_AddArrayToObject(o, "comments");
	cJSON *checks = cJSON_AddArrayToObject(o, "checklist");
	cJSON *entries = cJSON_AddArrayToObject(o, "time_entries");

	for (int i = 0; i < d->ncomments; i++) {
		const struct comment *m = &d->comments[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "id", (double)m->id);
		cJSON_AddStringToObject(c, "author", m->author);
		cJSON_AddBoolToObject(c, "mine", m->mine);
		cJSON_AddBoolToObject(c, "system", m->system);
		cJSON_AddStringToObject(c, "body", m->body);
		cJSON_AddNumberToObject(c, "created_at", (double)m->created_at);
		cJSON_AddItemToArray(comments, c);
	}
	for (int i = 0; i < d->nchecks; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "id", (double)d->checks[i].id);
		cJSON_AddStringToObject(c, "text", d->checks[i].text);
		cJSON_AddBoolToObject(c, "done", d->checks[i].done);
		cJSON_AddItemToArray(checks, c);
	}
	for (int i = 0; i < d->nentries; i++) {
		const struct card_time_entry *t = &d->entries[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "id", (double)t->id);
		cJSON_AddNumberToObject(c, "seconds", (double)t->seconds);
		json_number(c, "started_at", t->started_at);
		json_text(c, "note", t->note);
		cJSON_AddNumberToObject(c, "created_at", (double)t->created_at);
		cJSON_AddItemToArray(entries, c);
	}
}

int
cmd_show(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct card_detail d;
	lid card;
	char *board;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || store_card_detail(st, card, &d, &e) < 0)
		return cli_fail(&e);
	board = store_board_name(st, d.board_id);
	if (a->json) {
		cJSON *o = cli_card_json(&d, board);
		detail_lists_json(o, &d);
		cli_print_json(o);
		cJSON_Delete(o);
	} else {
		show_fields(&d, board);
		show_lists(&d);
	}
	free(board);
	card_detail_free(&d);
	return EXIT_OK;
}

int
cli_board_can(struct store *st, lid board, unsigned cap, char *note, size_t n,
    struct lanes_err *e)
{
	char why[160];

	switch (sync_board_can(st, board, cap, why, sizeof(why))) {
	case CAN_NOT:
		return err_set(e, "%s", why);
	case CAN_LOCAL:
		if (!*note)
			snprintf(note, n, "%s", why);
		break;
	case CAN_DO:
		break;
	}
	return 0;
}

static int
card_can(struct store *st, lid card, unsigned cap, char *note, size_t n,
    struct lanes_err *e)
{
	lid board;

	if (store_card_board(st, card, &board, e) < 0)
		return -1;
	return cli_board_can(st, board, cap, note, n, e);
}

/* e.g. "kept on this machine: Asana cannot keep a card's priority" */
void
cli_say_kept(const char *note)
{
	if (*note)
		fprintf(stderr, "lanes: %s\n", note);
}

int
cmd_comment(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	char note[160] = "";
	lid card, id;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    card_can(st, card, CAP_COMMENTS, note, sizeof(note), &e) < 0 ||
	    store_comment_add(st, card, a->pos[1], &id, &e) < 0)
		return cli_fail(&e);
	printf("%lld\n", id);
	cli_say_kept(note);
	return EXIT_OK;
}

/* archive and unarchive: on Stellary its archive, elsewhere kept here. */
static int
set_archived(struct store *st, struct args *a, int archived)
{
	struct lanes_err e = { "" };
	char note[160] = "";
	lid card;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    card_can(st, card, CAP_ARCHIVE, note, sizeof(note), &e) < 0 ||
	    store_card_archive(st, card, archived, &e) < 0)
		return cli_fail(&e);
	cli_say_kept(note);
	return EXIT_OK;
}

int
cmd_archive(struct store *st, struct args *a)
{
	return set_archived(st, a, 1);
}

int
cmd_unarchive(struct store *st, struct args *a)
{
	return set_archived(st, a, 0);
}

/* Adds an item and prints its id, or with --toggle ticks or unticks one
 * and prints it as the checklist pane shows it. */
int
cmd_check(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct card_detail d;
	char note[160] = "";
	lid card, item;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    card_can(st, card, CAP_CHECKLIST, note, sizeof(note), &e) < 0)
		return cli_fail(&e);
	if (!a->toggle) {
		if (store_check_add(st, card, a->pos[1], &item, &e) < 0)
			return cli_fail(&e);
		printf("%lld\n", item);
		cli_say_kept(note);
		return EXIT_OK;
	}
	if (store_check_find(st, card, a->pos[1], &item, &e) < 0 ||
	    store_check_toggle(st, item, &e) < 0 || store_card_detail(st, card, &d, &e) < 0)
		return cli_fail(&e);
	for (int i = 0; i < d.nchecks; i++) {
		if (d.checks[i].id != item)
			continue;
		printf("[%c] ", d.checks[i].done ? 'x' : ' ');
		cli_print_clean(d.checks[i].text);
		putchar('\n');
	}
	card_detail_free(&d);
	cli_say_kept(note);
	return EXIT_OK;
}

/* time tracking: `timer start CARD | stop | status` and `log` */
static void
print_logged(const struct timer_stopped *done)
{
	char d[32];

	duration_format(done->seconds, d, sizeof(d));
	printf("stopped the timer on card %lld: %s logged\n", done->card, d);
}

static void
timer_json(const struct timer_status *ts, long long elapsed)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddBoolToObject(o, "running", ts->card != 0);
	/* the same keys either way, null when no timer runs */
	json_number(o, "card", ts->card);
	json_text(o, "title", ts->card ? ts->title : NULL);
	json_number(o, "board_id", ts->card ? ts->board : 0);
	json_number(o, "started_at", ts->card ? ts->started_at : 0);
	cJSON_AddNumberToObject(o, "elapsed", (double)elapsed);
	cli_print_json(o);
	cJSON_Delete(o);
}

static int
timer_show(struct store *st, bool json)
{
	struct lanes_err e = { "" };
	struct timer_status ts;
	char d[32], when[32];
	long long elapsed;

	if (store_timer_status(st, &ts, &e) < 0)
		return cli_fail(&e);
	elapsed = ts.card && now_ms() / 1000 > ts.started_at ? now_ms() / 1000 - ts.started_at : 0;
	if (json) {
		timer_json(&ts, elapsed);
	} else if (!ts.card) {
		puts("no timer running");
	} else {
		duration_format((long)elapsed, d, sizeof(d));
		time_format_local(ts.started_at * 1000, when, sizeof(when));
		printf("%6lld  %s  since %s  ", ts.card, d, when);
		cli_print_clean(ts.title);
		putchar('\n');
	}
	timer_status_free(&ts);
	return EXIT_OK;
}

/* Stopping a timer logs time on its card. A running timer can always be
 * stopped: where its service keeps no time (its configuration changed
 * since it started) the entry stays on this machine, and that is said. */
static int
running_can(struct store *st, char *note, size_t n, struct lanes_err *e)
{
	struct timer_status ts;
	char why[128];

	if (store_timer_status(st, &ts, e) < 0)
		return -1;
	if (ts.card && sync_board_can(st, ts.board, CAP_TIME, why, sizeof(why)) != CAN_DO &&
	    !*note)
		snprintf(note, n, "%.*s%s", str_has_prefix(why, "kept on this machine") ? 0 : 22,
		    "kept on this machine: ", why);
	timer_status_free(&ts);
	return 0;
}

static int
timer_stop(struct store *st)
{
	struct lanes_err e = { "" };
	struct timer_stopped done;
	char note[160] = "";
	int rc;

	if (running_can(st, note, sizeof(note), &e) < 0 ||
	    (rc = store_timer_stop(st, &done, &e)) < 0)
		return cli_fail(&e);
	if (rc)
		print_logged(&done);
	else
		puts("no timer running");
	cli_say_kept(note);
	return EXIT_OK;
}

static int
timer_start(struct store *st, const char *arg)
{
	struct lanes_err e = { "" };
	struct timer_stopped done;
	char note[160] = "";
	lid card;
	int rc;

	if (store_card_find(st, arg, &card, &e) < 0 ||
	    running_can(st, note, sizeof(note), &e) < 0 ||
	    card_can(st, card, CAP_TIME, note, sizeof(note), &e) < 0 ||
	    (rc = store_timer_start(st, card, &done, &e)) < 0)
		return cli_fail(&e);
	if (done.card)
		print_logged(&done);
	printf(rc ? "the timer already runs on card %lld\n" : "started the timer on card %lld\n", card);
	cli_say_kept(note);
	return EXIT_OK;
}

int
cmd_timer(struct store *st, struct args *a)
{
	const char *verb = a->pos[0];

	if (!(str_eq(verb, "start") || str_eq(verb, "stop") || str_eq(verb, "status")) ||
	    a->npos != (str_eq(verb, "start") ? 2 : 1) || (a->json && !str_eq(verb, "status"))) {
		fprintf(stderr, "lanes: usage: lanes timer start CARD | stop | status [--json]\n");
		return EXIT_USAGE;
	}
	if (str_eq(verb, "status"))
		return timer_show(st, a->json);
	if (str_eq(verb, "stop"))
		return timer_stop(st);
	return timer_start(st, a->pos[1]);
}

/* --on DAY: local noon of that day, so the entry sorts and shows on it
 * whatever the time zone's shifts; 0 (unknown) without it. Time is not
 * spent in the future. */
static int
log_day(const char *arg, long long *at, struct lanes_err *e)
{
	char day[11], today[11];
	struct tm tm = { .tm_hour = 12, .tm_isdst = -1 };

	*at = 0;
	if (!arg)
		return 0;
	if (date_parse(arg, day, e) < 0 || date_parse("today", today, e) < 0)
		return -1;
	if (strcmp(day, today) > 0)
		return err_set(e, "%s is in the future: time is logged for today or a day before", day);
	sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	*at = (long long)mktime(&tm);
	return 0;
}

/* A bad duration or day is an error like a bad card id: exit 1, not 2. */
int
cmd_log(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	char note[160] = "";
	long long at;
	long secs;
	lid card, id;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || duration_parse(a->pos[1], &secs, &e) < 0 ||
	    log_day(a->on, &at, &e) < 0 ||
	    card_can(st, card, CAP_TIME, note, sizeof(note), &e) < 0 ||
	    store_time_add_at(st, card, secs, a->npos > 2 ? a->pos[2] : NULL, at, &id, &e) < 0)
		return cli_fail(&e);
	printf("%lld\n", id);
	cli_say_kept(note);
	return EXIT_OK;
}
