/* Shared by the command line's files: cli.c (the entry), cli-board.c,
 * cli-detail.c and cli-sync.c. */
#ifndef LANES_CLI_PRIVATE_H
#define LANES_CLI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "lanes/model.h"
#include "lanes/util.h"

struct store;

enum { OPT_BOARD = 1, OPT_COLUMN = 2, OPT_JSON = 4, OPT_ROFF = 8, OPT_TOGGLE = 16,
	OPT_ACCOUNT = 32, OPT_OFFLINE = 64, OPT_AFTER = 128, OPT_ON = 256, OPT_VERSION = 512,
	OPT_HELP = 1024, OPT_ARCHIVED = 2048 };

/* The command line, parsed. */
struct args {
	const char *board, *column, *config, *account, *after, *on;
	bool json, roff, toggle, offline, archived, version, help;
	unsigned given;    /* OPT_ bits */
	int npos;
	char *pos[8];
};

/* ---- cli.c ---- */

/* e's message on stderr: EXIT_ERR. */
int cli_fail(struct lanes_err *e);
/* The board named by arg (NULL: the last opened), of --account if given. */
int cli_pick_board(struct store *st, const char *arg, lid *board, struct lanes_err *e);
/* Prints stored or server text to stdout, cleaned for the terminal. */
void cli_print_clean(const char *s);
void cli_print_json(const cJSON *j);

/* What a board's service does of cap (sync_board_can), asked before an
 * edit as the board's keys ask it: refused (-1, e says why), or 0 with
 * the reason in note (when it is still empty) if the edit is kept on this
 * machine (cli-detail.c). */
int cli_board_can(struct store *st, lid board, unsigned cap, char *note, size_t n,
    struct lanes_err *e);
/* A card's fields as `show --json` and `cards --json` print them: unset
 * ones null, labels and assignees arrays (cli-detail.c). */
cJSON *cli_card_json(const struct card_detail *d, const char *board);
/* After an edit kept on this machine: says so on stderr. */
void cli_say_kept(const char *note);

/* ---- the commands: each returns the exit status ---- */

/* cli-board.c */
int cmd_boards(struct store *st, struct args *a);
int cmd_cards(struct store *st, struct args *a);
int cmd_add(struct store *st, struct args *a);
int cmd_move(struct store *st, struct args *a);
int cmd_rm(struct store *st, struct args *a);
int cmd_search(struct store *st, struct args *a);
int cmd_board(struct store *st, struct args *a);
int cmd_column(struct store *st, struct args *a);
/* cli-detail.c */
int cmd_show(struct store *st, struct args *a);
int cmd_comment(struct store *st, struct args *a);
int cmd_check(struct store *st, struct args *a);
int cmd_timer(struct store *st, struct args *a);
int cmd_log(struct store *st, struct args *a);
int cmd_archive(struct store *st, struct args *a);
int cmd_unarchive(struct store *st, struct args *a);

/* ---- cli-sync.c ---- */

/* How long a command waits for retries before it leaves ops queued. */
#define CLI_SYNC_WAIT_MS 30000L

/* A board of account: named (local id, service id or board name), or
 * the account's last one. Unless offline, it is refreshed first. */
int cli_account_board(struct store *st, const char *account, const char *arg, bool offline,
    lid *board, struct lanes_err *e);
/* `lanes sync`: the exit status. */
int cli_sync(struct store *st, const char *account, bool offline);
/* `lanes login NAME` (cli-login.c). */
int cli_login(struct store *st, const char *account);
/* After a command that may have queued edits: sends them unless offline.
 * Returns rc, or EXIT_PENDING when edits are left waiting. */
int cli_sync_after(struct store *st, int rc, int queued_before, bool offline);
/* Ops waiting, for cli_sync_after. */
int cli_queued(struct store *st);
/* Before the screen: starts the engine when accounts are configured
 * (unless offline) and picks the board for --account. */
int cli_sync_ui(struct store *st, const char *account, const char *board_arg, bool offline,
    lid *board, struct lanes_err *e);
/* `lanes boards --account NAME [--json]`: every board the account
 * reaches, with the path to it. */
int cli_account_projects(struct store *st, const char *account, bool json);

#endif
