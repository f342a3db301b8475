/* The command line's entry: argument parsing, the table of commands, the
 * usage and help texts, and the commands that need no store (keys,
 * check-config). The commands themselves are in cli-board.c (boards,
 * cards, add, move, rm, search), cli-detail.c (show, comment, check, archive,
 * timer, log) and cli-sync.c (sync). Every command opens the same store the board
 * uses; none of them touches curses. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-private.h"
#include "lanes/action.h"
#include "lanes/cardline.h"
#include "lanes/cli.h"
#include "lanes/config.h"
#include "lanes/keymap.h"
#include "lanes/store.h"
#include "lanes/sync.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui.h"

struct command {
	const char *name, *usage, *help;
	int min, max;      /* positional arguments */
	unsigned flags;    /* which options it takes */
	bool writes;
	bool store;        /* opens the database */
	int (*run)(struct store *st, struct args *a);
};

/* The options: each sets a field of struct args (a text after it, or
 * true) and its bit in args.given, which check_args holds against what
 * the command takes. */
struct option {
	const char *name;
	unsigned flag;
	bool value;        /* takes the next word */
	size_t field;
};

#define VAL_OPT(name, flag, field) { name, flag, true, offsetof(struct args, field) }
#define BOOL_OPT(name, flag, field) { name, flag, false, offsetof(struct args, field) }

static const struct option options[] = {
	VAL_OPT("--board", OPT_BOARD, board),
	VAL_OPT("--column", OPT_COLUMN, column),
	VAL_OPT("--after", OPT_AFTER, after),
	VAL_OPT("--on", OPT_ON, on),
	VAL_OPT("--config", 0, config),
	VAL_OPT("--account", OPT_ACCOUNT, account),
	BOOL_OPT("--json", OPT_JSON, json),
	BOOL_OPT("--roff", OPT_ROFF, roff),
	BOOL_OPT("--toggle", OPT_TOGGLE, toggle),
	BOOL_OPT("--offline", OPT_OFFLINE, offline),
	BOOL_OPT("--archived", OPT_ARCHIVED, archived),
	BOOL_OPT("--version", OPT_VERSION, version),
	BOOL_OPT("-V", OPT_VERSION, version),
	BOOL_OPT("--help", OPT_HELP, help),
	BOOL_OPT("-h", OPT_HELP, help),
};

/* --account and --offline: every command that opens the store takes them. */
static const char *cli_account;
static bool cli_offline;

int
cli_fail(struct lanes_err *e)
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

int
cli_pick_board(struct store *st, const char *arg, lid *board, struct lanes_err *e)
{
	if (cli_account)
		return cli_account_board(st, cli_account, arg, cli_offline, board, e);
	return arg ? store_board_find(st, arg, board, e) : store_board_default(st, board, e);
}

static int
cmd_sync(struct store *st, struct args *a)
{
	return cli_sync(st, a->account, a->offline);
}

static int
cmd_login(struct store *st, struct args *a)
{
	return cli_login(st, a->pos[0]);
}

static int cmd_keys(struct store *st, struct args *a);
static int cmd_check_config(struct store *st, struct args *a);

static const struct command commands[] = {
	{ "boards", "boards [--json]",
	  "list the boards (with --account: every board of the service, with its path)",
	  0, 0, OPT_JSON, false, true, cmd_boards },
	{ "cards", "cards [--board B] [--archived] [--json]",
	  "list a board's cards (default: the last opened), archived ones too with --archived",
	  0, 0, OPT_BOARD | OPT_JSON | OPT_ARCHIVED, false, true, cmd_cards },
	{ "add", "add TITLE [--board B] [--column C]",
	  "add a card at the top of a column; prints its id", 1, 1, OPT_BOARD | OPT_COLUMN, true, true, cmd_add },
	{ "move", "move CARD COLUMN", "move a card to the top of a column", 2, 2, 0, true, true, cmd_move },
	{ "rm", "rm CARD", "delete a card", 1, 1, 0, true, true, cmd_rm },
	{ "search", "search TEXT [--json]",
	  "list the cards of every board whose title, labels or description hold TEXT",
	  1, 1, OPT_JSON, false, true, cmd_search },
	{ "archive", "archive CARD", "archive a card: hidden from the board, not deleted",
	  1, 1, 0, true, true, cmd_archive },
	{ "unarchive", "unarchive CARD", "bring an archived card back", 1, 1, 0, true, true,
	  cmd_unarchive },
	{ "board", "board add NAME | rename B NAME",
	  "create a local board (columns To Do, Doing, Done), or rename one; add prints its id",
	  2, 3, 0, true, true, cmd_board },
	{ "column", "column add NAME [--board B] [--after C] | rename C NAME [--board B]",
	  "add a column (at the end, or after C), or rename one; add prints its id",
	  2, 3, OPT_BOARD | OPT_AFTER, true, true, cmd_column },
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
	{ "log", "log CARD DURATION [NOTE] [--on DAY]",
	  "log time spent today or on DAY: 1h30m, 45m or 2:15 (a bad one exits 1); prints its id",
	  2, 3, OPT_ON, true, true, cmd_log },
	{ "sync", "sync [--account NAME]", "refresh every board of each account and send queued "
	  "edits; exit 3 when some remain", 0, 0, 0, true, true, cmd_sync },
	{ "login", "login ACCOUNT", "sign an account in, for services with a sign-in (Astravue)",
	  1, 1, 0, true, true, cmd_login },
	{ "keys", "keys [--roff]", "list the keys of every pane", 0, 0, OPT_ROFF, false, false, cmd_keys },
	{ "check-config", "check-config [FILE]", "check a configuration file and report every error",
	  0, 1, 0, false, false, cmd_check_config },
};

static void
usage(void)
{
	printf("usage: lanes [--config FILE] [--account NAME] [--board B]\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("       lanes %s\n", commands[i].usage);
	printf("       lanes --version [--json] | --help\n");
}

static void
help(void)
{
	usage();
	printf("\nWith no command, lanes opens the last board (a local board named Welcome\n"
	    "on first start). Press ? inside for every key.\n\nCommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].help);
	printf("\nOptions:\n"
	    "  --board B      a board's name or id\n"
	    "  --column C     a column's name or id\n"
	    "  --after C      with column add: the column to put the new one after\n"
	    "  --on DAY       with log: the day the time was spent (2026-03-01, yesterday, -2d)\n"
	    "  --config FILE  read FILE instead of ~/.config/lanes/config\n"
	    "  --json         print JSON\n"
	    "  --toggle       with check: tick or untick an item instead of adding one\n"
	    "  --archived     with cards: list the archived cards too\n"
	    "  --account NAME the boards of a configured account (e.g. Asana)\n"
	    "  --offline      queue edits for an account without sending them\n"
	    "  --             no options after this: lanes add -- \"-1 bug\"\n"
	    "\nFiles:\n"
	    "  $XDG_CONFIG_HOME/lanes/config  (~/.config/lanes/config)\n"
	    "  $XDG_DATA_HOME/lanes/lanes.db  (~/.local/share/lanes/lanes.db)\n"
	    "  $XDG_CONFIG_HOME/lanes/themes/NAME.theme, then the installed themes\n"
	    "\nExit status: 0 success, 1 error, 2 bad usage, 3 edits still wait for a service.\n");
}

static int
version(bool json)
{
	cJSON *o;

	if (!json) {
		printf("lanes %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", PACKAGE_NAME);
	cJSON_AddStringToObject(o, "version", PACKAGE_VERSION);
	cli_print_json(o);
	cJSON_Delete(o);
	return EXIT_OK;
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
	config_add_command("set card-format", card_format_cmd);
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

/* Edits (insert, delete, change, swap two neighbours) from a to b, for
 * "did you mean": --josn is one edit from --json. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), d[32][32];

	if (na >= 32 || nb >= 32)
		return 32;
	for (size_t i = 0; i <= na; i++)
		for (size_t j = 0; j <= nb; j++) {
			size_t v = i && j ? d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) : i + j;

			if (i && d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (j && d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[na][nb];
}

/* The name closest to s within two edits (one for short words), or NULL. */
static const char *
closest(const char *s, const char *(*name)(size_t), size_t n)
{
	const char *best = NULL;
	size_t d, best_d = strlen(s) < 4 ? 2 : 3; /* "x" is not a typo of "rm" */

	for (size_t i = 0; i < n; i++)
		if ((d = edit_distance(s, name(i))) < best_d) {
			best_d = d;
			best = name(i);
		}
	return best;
}

static const char *option_name(size_t i) { return options[i].name; }
static const char *command_name(size_t i) { return commands[i].name; }

/* One line: what is wrong, the likely meant name, where to look. */
static int
unknown(const char *fmt, const char *s, const char *guess)
{
	fputs("lanes: unknown ", stderr);
	fprintf(stderr, fmt, s);
	if (guess)
		fprintf(stderr, " (did you mean %s?)", guess);
	fprintf(stderr, "; lanes --help lists them\n");
	return -1;
}

static int
bad_usage(const struct command *c, const char *fmt, const char *s)
{
	fputs("lanes: ", stderr);
	fprintf(stderr, fmt, s);
	if (c)
		fprintf(stderr, "; usage: lanes %s\n", c->usage);
	else
		fprintf(stderr, "; see lanes --help\n");
	return -1;
}

/* A word that is not an option: the command's name, then its arguments. */
static int
parse_word(char *s, const struct command **cmd, struct args *a)
{
	if (!*cmd && !a->npos) {
		for (size_t c = 0; c < ARRAY_SIZE(commands); c++)
			if (str_eq(commands[c].name, s))
				*cmd = &commands[c];
		if (!*cmd)
			return unknown("command \"%s\"", s, closest(s, command_name, ARRAY_SIZE(commands)));
	} else if (a->npos < (int)ARRAY_SIZE(a->pos)) {
		a->pos[a->npos++] = s;
	} else {
		return bad_usage(*cmd, "unexpected argument \"%s\"", s);
	}
	return 0;
}

static const struct option *
find_option(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++)
		if (str_eq(options[i].name, s))
			return &options[i];
	return NULL;
}

static int
parse_args(int argc, char **argv, const struct command **cmd, struct args *a)
{
	bool words = false; /* after "--": then "-urgent" can be a title */

	for (int i = 1; i < argc; i++) {
		char *s = argv[i];
		const struct option *o = words ? NULL : find_option(s);

		if (words || s[0] != '-' || !s[1]) {
			if (parse_word(s, cmd, a) < 0)
				return -1;
		} else if (str_eq(s, "--")) {
			words = true;
		} else if (!o) {
			return unknown("option %s", s, closest(s, option_name, ARRAY_SIZE(options)));
		} else if (o->value && ++i == argc) {
			return bad_usage(NULL, "%s needs a value", s);
		} else if (o->value) {
			*(const char **)(void *)((char *)a + o->field) = argv[i];
		} else {
			*(bool *)((char *)a + o->field) = true;
		}
		if (o)
			a->given |= o->flag;
	}
	return 0;
}

/* --version and --help stand for a command of their own. */
static unsigned
options_taken(const struct command *c, const struct args *a)
{
	if (a->version)
		return OPT_VERSION | OPT_JSON;
	if (a->help)
		return OPT_HELP;
	return (c ? c->flags : OPT_BOARD) | (!c || c->store ? OPT_ACCOUNT | OPT_OFFLINE : 0);
}

static int
check_args(const struct command *c, const struct args *a)
{
	unsigned extra = a->given & ~options_taken(c, a);
	const char *to = a->version ? "--version" : a->help ? "--help" : c ? c->name : "the board";

	for (size_t i = 0; extra && i < ARRAY_SIZE(options); i++)
		if (extra & options[i].flag) {
			fprintf(stderr, "lanes: %s does not apply to %s; %s%s\n", options[i].name, to,
			    c ? "usage: lanes " : "see lanes --help",
			    c ? c->usage : "");
			return -1;
		}
	if ((a->version || a->help) && (c || a->npos))
		return bad_usage(NULL, "%s takes no command", to);
	if (c && a->npos < c->min)
		return bad_usage(c, "%s needs more arguments", c->name);
	if (c && a->npos > c->max)
		return bad_usage(c, "unexpected argument \"%s\"", a->pos[c->max]);
	if (!c && a->npos)
		return bad_usage(NULL, "unexpected argument \"%s\"", a->pos[0]);
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
	if (ui_term_check(&e) < 0)
		return cli_fail(&e);
	if (sync_account_count()) {
		if (cli_sync_ui(st, a->account, a->board, a->offline, &board, &e) < 0) {
			if (a->account)
				return cli_fail(&e);
			/* the boards kept here do not need the network */
			ui_error("sync is off: %s; edits of service boards wait here", e.msg);
		}
		if (a->account)
			return ui_run(st, board);
	}
	if (cli_pick_board(st, a->board, &board, &e) < 0)
		return cli_fail(&e);
	return ui_run(st, board);
}

static int
run(const struct command *c, struct args *a)
{
	struct lanes_err e = { "" };
	struct store *st = NULL;
	char *path;
	/* the screen's first frame does not wait for the whole-file check */
	unsigned flags = STORE_WRITE | (c ? 0 : STORE_CHECK_LATER);
	int rc;

	if (c && c->run == cmd_check_config)
		return c->run(NULL, a);
	if (load_config(a->config)) {
		fprintf(stderr, "lanes: fix the configuration first (lanes check-config)\n");
		return EXIT_ERR;
	}
	if (c && !c->store)
		return c->run(NULL, a);
	if (!(path = store_default_path())) {
		fprintf(stderr, "lanes: no home folder: HOME is not set and the password database "
		    "names none for this user; set HOME (or XDG_DATA_HOME)\n");
		return EXIT_ERR;
	}
	rc = store_open(path, flags, &st, &e);
	free(path);
	if (rc < 0)
		return cli_fail(&e);
	/* the first start makes the Welcome board, whichever command it is */
	lid first;
	int queued = cli_queued(st);
	cli_account = a->account;
	/* another lanes holds the database's lock: it syncs, and sends what
	 * this one queues; a command here works from what the store holds */
	cli_offline = a->offline || (c && !store_owner(st) && !store_readonly_reason(st));
	if (!store_readonly_reason(st) && store_board_default(st, &first, &e) < 0)
		rc = cli_fail(&e);
	else if (c)
		rc = cli_sync_after(st, c->run(st, a), queued, cli_offline);
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

	if (parse_args(argc, argv, &c, &a) < 0 || check_args(c, &a) < 0)
		return EXIT_USAGE;
	if (a.version)
		return version(a.json);
	if (a.help) {
		help();
		return EXIT_OK;
	}
	rc = run(c, &a);
	config_free();
	return rc;
}
