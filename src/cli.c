/* Argument parsing and the non-interactive commands. Every command opens
 * the same store the board uses; none of them touches curses. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-private.h"
#include "lanes/action.h"
#include "lanes/cli.h"
#include "lanes/config.h"
#include "lanes/keymap.h"
#include "lanes/store.h"
#include "lanes/sync.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/timefmt.h"
#include "lanes/ui.h"

struct args {
	const char *board, *column, *config, *account;
	bool json, roff, toggle, offline;
	int npos;
	char *pos[8];
};

struct command {
	const char *name, *usage, *help;
	int min, max;      /* positional arguments */
	unsigned flags;    /* which options it takes */
	bool writes;
	bool store;        /* opens the database */
	int (*run)(struct store *st, struct args *a);
};

enum { OPT_BOARD = 1, OPT_COLUMN = 2, OPT_JSON = 4, OPT_ROFF = 8, OPT_TOGGLE = 16,
	OPT_ACCOUNT = 32, OPT_OFFLINE = 64 };

/* --account and --offline: every command that opens the store takes them. */
static const char *cli_account;
static bool cli_offline;

static int
fail(struct lanes_err *e)
{
	fprintf(stderr, "lanes: %s\n", e->msg);
	return EXIT_ERR;
}

/* Terminal output of stored text goes through the sanitizer too. */
void
cli_print_clean(const char *s)
{
	char *c = text_sanitize(s, strlen(s));

	fputs(c, stdout);
	free(c);
}

/* JSON on stdout: cJSON escapes the control characters of what it quotes. */
void
cli_print_json(const cJSON *j)
{
	char *s = cJSON_Print(j);

	if (s)
		puts(s);
	free(s);
}

static int
pick_board(struct store *st, const char *arg, lid *board, struct lanes_err *e)
{
	if (cli_account)
		return cli_account_board(st, cli_account, arg, cli_offline, board, e);
	return arg ? store_board_find(st, arg, board, e) : store_board_default(st, board, e);
}

static int
cmd_boards(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board *b;
	int n;

	if (cli_account)
		return cli_account_projects(st, cli_account, a->json);
	if (store_boards(st, &b, &n, &e) < 0)
		return fail(&e);
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
	if (c->check_total) {
		cJSON_AddNumberToObject(o, "checklist_done", c->check_done);
		cJSON_AddNumberToObject(o, "checklist_total", c->check_total);
	}
	return o;
}

static int
cmd_cards(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board_view v;
	lid board;
	cJSON *arr = a->json ? cJSON_CreateArray() : NULL;

	if (pick_board(st, a->board, &board, &e) < 0 || store_board_load(st, board, &v, &e) < 0) {
		cJSON_Delete(arr);
		return fail(&e);
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
			putchar('\n');
		}
	}
	if (arr) {
		cli_print_json(arr);
		cJSON_Delete(arr);
	}
	board_view_free(&v);
	return EXIT_OK;
}

static int
cmd_add(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct board_view v;
	lid board, col = 0, id;

	if (pick_board(st, a->board, &board, &e) < 0)
		return fail(&e);
	if (a->column) {
		if (store_column_find(st, board, a->column, &col, &e) < 0)
			return fail(&e);
	} else {
		if (store_board_load(st, board, &v, &e) < 0)
			return fail(&e);
		col = v.ncols ? v.cols[0].id : 0;
		board_view_free(&v);
		if (!col) {
			err_set(&e, "the board has no columns");
			return fail(&e);
		}
	}
	if (store_card_add(st, col, a->pos[0], 0, &id, &e) < 0)
		return fail(&e);
	printf("%lld\n", id);
	return EXIT_OK;
}

static int
cmd_move(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	lid card, board, col;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    store_card_board(st, card, &board, &e) < 0 ||
	    store_column_find(st, board, a->pos[1], &col, &e) < 0 ||
	    store_card_move(st, card, col, 0, NULL, &e) < 0)
		return fail(&e);
	return EXIT_OK;
}

static int
cmd_rm(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	lid card;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || store_card_delete(st, card, &e) < 0)
		return fail(&e);
	return EXIT_OK;
}

/* Card details: show, comment, check. */

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

static cJSON *
detail_json(const struct card_detail *d, const char *board)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)d->id);
	cJSON_AddStringToObject(o, "title", d->title);
	json_text(o, "board", board);
	cJSON_AddNumberToObject(o, "board_id", (double)d->board_id);
	cJSON_AddStringToObject(o, "column", d->column);
	cJSON_AddNumberToObject(o, "column_id", (double)d->column_id);
	cJSON_AddNumberToObject(o, "position", d->position);
	cJSON_AddStringToObject(o, "description", d->description);
	json_text(o, "priority", d->priority);
	json_text(o, "due_on", d->due_on);
	json_text(o, "start_on", d->start_on);
	json_text(o, "assignees", d->assignees);
	json_text(o, "labels", d->labels);
	cJSON_AddBoolToObject(o, "completed", d->completed);
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
		if (t->started_at)
			cJSON_AddNumberToObject(c, "started_at", (double)t->started_at);
		else
			cJSON_AddNullToObject(c, "started_at");
		json_text(c, "note", t->note);
		cJSON_AddNumberToObject(c, "created_at", (double)t->created_at);
		cJSON_AddItemToArray(entries, c);
	}
}

static int
cmd_show(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct card_detail d;
	lid card;
	char *board;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || store_card_detail(st, card, &d, &e) < 0)
		return fail(&e);
	board = store_board_name(st, d.board_id);
	if (a->json) {
		cJSON *o = detail_json(&d, board);
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

static int
cmd_comment(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	lid card, id;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 ||
	    store_comment_add(st, card, a->pos[1], &id, &e) < 0)
		return fail(&e);
	printf("%lld\n", id);
	return EXIT_OK;
}

/* Adds an item and prints its id, or with --toggle ticks or unticks one
 * and prints it as the checklist pane shows it. */
static int
cmd_check(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct card_detail d;
	lid card, item;

	if (store_card_find(st, a->pos[0], &card, &e) < 0)
		return fail(&e);
	if (!a->toggle) {
		if (store_check_add(st, card, a->pos[1], &item, &e) < 0)
			return fail(&e);
		printf("%lld\n", item);
		return EXIT_OK;
	}
	if (store_check_find(st, card, a->pos[1], &item, &e) < 0 ||
	    store_check_toggle(st, item, &e) < 0 || store_card_detail(st, card, &d, &e) < 0)
		return fail(&e);
	for (int i = 0; i < d.nchecks; i++) {
		if (d.checks[i].id != item)
			continue;
		printf("[%c] ", d.checks[i].done ? 'x' : ' ');
		cli_print_clean(d.checks[i].text);
		putchar('\n');
	}
	card_detail_free(&d);
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
	if (ts->card) {
		cJSON_AddNumberToObject(o, "card", (double)ts->card);
		cJSON_AddStringToObject(o, "title", ts->title);
		cJSON_AddNumberToObject(o, "board_id", (double)ts->board);
		cJSON_AddNumberToObject(o, "started_at", (double)ts->started_at);
		cJSON_AddNumberToObject(o, "elapsed", (double)elapsed);
	}
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
		return fail(&e);
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

static int
cmd_timer(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	struct timer_stopped done;
	const char *verb = a->pos[0];
	lid card;
	int rc;

	if (!(str_eq(verb, "start") || str_eq(verb, "stop") || str_eq(verb, "status")) ||
	    a->npos != (str_eq(verb, "start") ? 2 : 1) || (a->json && !str_eq(verb, "status"))) {
		fprintf(stderr, "lanes: usage: lanes timer start CARD | stop | status [--json]\n");
		return EXIT_USAGE;
	}
	if (str_eq(verb, "status"))
		return timer_show(st, a->json);
	if (str_eq(verb, "stop")) {
		if ((rc = store_timer_stop(st, &done, &e)) < 0)
			return fail(&e);
		if (rc)
			print_logged(&done);
		else
			puts("no timer running");
		return EXIT_OK;
	}
	if (store_card_find(st, a->pos[1], &card, &e) < 0 ||
	    (rc = store_timer_start(st, card, &done, &e)) < 0)
		return fail(&e);
	if (done.card)
		print_logged(&done);
	printf(rc ? "the timer already runs on card %lld\n" : "started the timer on card %lld\n", card);
	return EXIT_OK;
}

/* A bad duration is an error like a bad card id: exit 1, not 2. */
static int
cmd_log(struct store *st, struct args *a)
{
	struct lanes_err e = { "" };
	long secs;
	lid card, id;

	if (store_card_find(st, a->pos[0], &card, &e) < 0 || duration_parse(a->pos[1], &secs, &e) < 0 ||
	    store_time_add(st, card, secs, a->npos > 2 ? a->pos[2] : NULL, &id, &e) < 0)
		return fail(&e);
	printf("%lld\n", id);
	return EXIT_OK;
}

static int
cmd_sync(struct store *st, struct args *a)
{
	return cli_sync(st, a->account, a->offline);
}

static int cmd_keys(struct store *st, struct args *a);
static int cmd_check_config(struct store *st, struct args *a);

static const struct command commands[] = {
	{ "boards", "boards [--json]",
	  "list the boards (with --account: every board of the service, with its path)",
	  0, 0, OPT_JSON, false, true, cmd_boards },
	{ "cards", "cards [--board B] [--json]", "list a board's cards (default: the last opened)",
	  0, 0, OPT_BOARD | OPT_JSON, false, true, cmd_cards },
	{ "add", "add TITLE [--board B] [--column C]",
	  "add a card at the top of a column; prints its id", 1, 1, OPT_BOARD | OPT_COLUMN, true, true, cmd_add },
	{ "move", "move CARD COLUMN", "move a card to the top of a column", 2, 2, 0, true, true, cmd_move },
	{ "rm", "rm CARD", "delete a card", 1, 1, 0, true, true, cmd_rm },
	{ "show", "show CARD [--json]", "show a card with its checklist, comments and time entries",
	  1, 1, OPT_JSON, false, true, cmd_show },
	{ "comment", "comment CARD TEXT", "add a comment to a card; prints its id",
	  2, 2, 0, true, true, cmd_comment },
	{ "check", "check [--toggle] CARD TEXT|ITEM",
	  "add a checklist item (prints its id), or tick/untick item ITEM with --toggle",
	  2, 2, OPT_TOGGLE, true, true, cmd_check },
	/* status reads while a board is open; start and stop then say it is read-only */
	{ "timer", "timer start CARD | stop | status [--json]",
	  "start the timer on a card (stopping any other), stop it, or show it", 1, 2, OPT_JSON,
	  false, true, cmd_timer },
	{ "log", "log CARD DURATION [NOTE]",
	  "log time by hand: 1h30m, 45m or 2:15 (a bad duration exits 1); prints the entry's id",
	  2, 3, 0, true, true, cmd_log },
	{ "sync", "sync [--account NAME]", "refresh every board of each account and send queued "
	  "edits; exit 3 when some remain", 0, 0, 0, true, true, cmd_sync },
	{ "keys", "keys [--roff]", "list the keys of every pane", 0, 0, OPT_ROFF, false, false, cmd_keys },
	{ "check-config", "check-config [FILE]", "check a configuration file and report every error",
	  0, 1, 0, false, false, cmd_check_config },
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: lanes [--config FILE] [--account NAME] [--board B]\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "       lanes %s\n", commands[i].usage);
	fprintf(f, "       lanes --version | --help\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nWith no command, lanes opens the last board (a local board named Welcome\n"
	    "on first start). Press ? inside for every key.\n\nCommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].help);
	printf("\nOptions:\n"
	    "  --board B      a board's name or id\n"
	    "  --column C     a column's name or id\n"
	    "  --config FILE  read FILE instead of ~/.config/lanes/config\n"
	    "  --json         print JSON\n"
	    "  --toggle       with check: tick or untick an item instead of adding one\n"
	    "  --account NAME the boards of a configured account (e.g. Asana)\n"
	    "  --offline      queue edits for an account without sending them\n"
	    "  --             no options after this: lanes add -- \"-1 bug\"\n"
	    "\nFiles:\n"
	    "  $XDG_CONFIG_HOME/lanes/config  (~/.config/lanes/config)\n"
	    "  $XDG_DATA_HOME/lanes/lanes.db  (~/.local/share/lanes/lanes.db)\n"
	    "  $XDG_CONFIG_HOME/lanes/themes/NAME.theme, then the installed themes\n"
	    "\nExit status: 0 success, 1 error, 2 bad usage, 3 edits still wait for a service.\n");
}

/* The key table for `lanes keys`, and for the man page with --roff. */
static void
print_key(const char *map, const struct action_info *ai, const char *keys, void *ud)
{
	bool roff = *(bool *)ud;

	if (!ai)
		printf(roff ? ".SS %s\n" : "%s\n", map);
	else if (roff)
		printf(".TP\n.B %s\n%s (\\fI%s\\fR)\n", keys, ai->help, ai->name);
	else
		printf("  %-18s %-16s %s\n", keys, ai->name, ai->help);
}

static int
cmd_keys(struct store *st, struct args *a)
{
	keymap_each(print_key, &a->roff);
	return EXIT_OK;
}

static int
load_config(const char *path)
{
	struct strbuf errors = { 0 };
	int n;

	config_add_command("color", theme_color_cmd);
	config_add_command("account", sync_account_cmd);
	config_add_command("set theme", theme_set_cmd);
	n = config_load(path, &errors);
	/* one error a line, each already cleaned by the parser */
	if (n)
		fputs(errors.buf, stderr);
	sb_free(&errors);
	return n;
}

static int
cmd_check_config(struct store *st, struct args *a)
{
	int n = load_config(a->npos ? a->pos[0] : NULL);

	if (n)
		fprintf(stderr, "lanes: %d error%s in the configuration\n", n, n == 1 ? "" : "s");
	return n ? EXIT_ERR : EXIT_OK;
}

/* A word that is not an option: the command's name, then its arguments. */
static int
parse_word(char *s, const struct command **cmd, struct args *a)
{
	if (!*cmd && !a->npos) {
		for (size_t c = 0; c < ARRAY_SIZE(commands); c++)
			if (str_eq(commands[c].name, s))
				*cmd = &commands[c];
		if (!*cmd) {
			fprintf(stderr, "lanes: unknown command \"%s\"\n", s);
			return -1;
		}
	} else if (a->npos < (int)ARRAY_SIZE(a->pos)) {
		a->pos[a->npos++] = s;
	} else {
		fprintf(stderr, "lanes: too many arguments\n");
		return -1;
	}
	return 0;
}

static int
parse_args(int argc, char **argv, const struct command **cmd, struct args *a)
{
	bool options = true; /* until "--": then "-urgent" can be a title */

	for (int i = 1; i < argc; i++) {
		char *s = argv[i];
		const char **val = !options ? NULL : str_eq(s, "--board") ? &a->board
		    : str_eq(s, "--column") ? &a->column : str_eq(s, "--config") ? &a->config
		    : str_eq(s, "--account") ? &a->account : NULL;

		if (!options || s[0] != '-' || !s[1]) {
			if (parse_word(s, cmd, a) < 0)
				return -1;
		} else if (str_eq(s, "--")) {
			options = false;
		} else if (val) {
			if (++i == argc) {
				fprintf(stderr, "lanes: %s needs a value\n", s);
				return -1;
			}
			*val = argv[i];
		} else if (str_eq(s, "--json")) {
			a->json = true;
		} else if (str_eq(s, "--roff")) {
			a->roff = true;
		} else if (str_eq(s, "--toggle")) {
			a->toggle = true;
		} else if (str_eq(s, "--offline")) {
			a->offline = true;
		} else {
			fprintf(stderr, "lanes: unknown option %s\n", s);
			return -1;
		}
	}
	return 0;
}

static int
check_args(const struct command *c, const struct args *a)
{
	unsigned given = (a->board ? OPT_BOARD : 0) | (a->column ? OPT_COLUMN : 0) |
	    (a->json ? OPT_JSON : 0) | (a->roff ? OPT_ROFF : 0) | (a->toggle ? OPT_TOGGLE : 0) |
	    (a->account ? OPT_ACCOUNT : 0) | (a->offline ? OPT_OFFLINE : 0);
	unsigned takes = (c ? c->flags : OPT_BOARD) | (!c || c->store ? OPT_ACCOUNT | OPT_OFFLINE : 0);

	if (given & ~takes) {
		fprintf(stderr, "lanes: an option given does not apply to %s\n",
		    c ? c->name : "the board");
		return -1;
	}
	if (c && (a->npos < c->min || a->npos > c->max)) {
		fprintf(stderr, "lanes: usage: lanes %s\n", c->usage);
		return -1;
	}
	if (!c && a->npos) {
		fprintf(stderr, "lanes: unexpected argument \"%s\"\n", a->pos[0]);
		return -1;
	}
	return 0;
}

static int
run_ui(struct store *st, const struct args *a)
{
	struct lanes_err e = { "" };
	lid board;

	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "lanes: the board needs a terminal; see lanes --help for commands\n");
		return EXIT_ERR;
	}
	if (sync_account_count()) {
		if (cli_sync_ui(st, a->account, a->board, a->offline, &board, &e) < 0) {
			if (a->account)
				return fail(&e);
			/* the boards kept here do not need the network */
			ui_error("sync is off: %s; edits of service boards wait here", e.msg);
		}
		if (a->account)
			return ui_run(st, board);
	}
	if (pick_board(st, a->board, &board, &e) < 0)
		return fail(&e);
	return ui_run(st, board);
}

static int
run(const struct command *c, struct args *a)
{
	struct lanes_err e = { "" };
	struct store *st = NULL;
	char *path;
	/* the board and read-only commands may share the database with a
	 * running lanes; commands that write need it to themselves */
	unsigned flags = STORE_WRITE | (c && c->writes ? 0 : STORE_RO_FALLBACK);
	int rc;

	if (c && c->run == cmd_check_config)
		return c->run(NULL, a);
	if (load_config(a->config)) {
		fprintf(stderr, "lanes: fix the configuration first (lanes check-config)\n");
		return EXIT_ERR;
	}
	if (c && !c->store)
		return c->run(NULL, a);
	path = store_default_path();
	rc = store_open(path, flags, &st, &e);
	free(path);
	if (rc < 0)
		return fail(&e);
	/* the first start makes the Welcome board, whichever command it is */
	lid first;
	int queued = cli_queued(st);
	cli_account = a->account;
	cli_offline = a->offline;
	if (!store_readonly_reason(st) && store_board_default(st, &first, &e) < 0)
		rc = fail(&e);
	else if (c)
		rc = cli_sync_after(st, c->run(st, a), queued, a->offline);
	else
		rc = run_ui(st, a);
	store_close(&st);
	return rc;
}

int
cli_main(int argc, char **argv)
{
	const struct command *c = NULL;
	struct args a = { 0 };
	int rc;

	if (argc == 2 && (str_eq(argv[1], "--version") || str_eq(argv[1], "-V"))) {
		printf("lanes %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (argc == 2 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
		help();
		return EXIT_OK;
	}
	if (parse_args(argc, argv, &c, &a) < 0 || check_args(c, &a) < 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = run(c, &a);
	config_free();
	return rc;
}
