/* The command line's entry: argument parsing, the table of commands, the
 * usage and help texts, and the commands that need no store (keys,
 * check-config). The commands themselves are in cli-board.c (boards,
 * cards, add, move, rm, search), cli-detail.c (show, comment, check,
 * timer, log) and cli-sync.c (sync). Every command opens the same store the board
 * uses; none of them touches curses. */
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
#include "lanes/ui.h"

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
	{ "cards", "cards [--board B] [--json]", "list a board's cards (default: the last opened)",
	  0, 0, OPT_BOARD | OPT_JSON, false, true, cmd_cards },
	{ "add", "add TITLE [--board B] [--column C]",
	  "add a card at the top of a column; prints its id", 1, 1, OPT_BOARD | OPT_COLUMN, true, true, cmd_add },
	{ "move", "move CARD COLUMN", "move a card to the top of a column", 2, 2, 0, true, true, cmd_move },
	{ "rm", "rm CARD", "delete a card", 1, 1, 0, true, true, cmd_rm },
	{ "search", "search TEXT [--json]",
	  "list the cards of every board whose title, labels or description hold TEXT",
	  1, 1, OPT_JSON, false, true, cmd_search },
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
	{ "login", "login ACCOUNT", "sign an account in, for services with a sign-in (Astravue)",
	  1, 1, 0, true, true, cmd_login },
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
	unsigned flags = STORE_WRITE;
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
