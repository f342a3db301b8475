/* Shared by cli.c and cli-sync.c. */
#ifndef LANES_CLI_PRIVATE_H
#define LANES_CLI_PRIVATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "lanes/model.h"
#include "lanes/util.h"

struct store;

/* How long a command waits for retries before it leaves ops queued. */
#define CLI_SYNC_WAIT_MS 30000L

/* A board of account: named (local id, service id or project name), or
 * the account's last one. Unless offline, it is refreshed first. */
int cli_account_board(struct store *st, const char *account, const char *arg, bool offline,
    lid *board, struct lanes_err *e);
/* Prints stored or server text to stdout, cleaned for the terminal. */
void cli_print_clean(const char *s);
void cli_print_json(const cJSON *j);
/* `lanes sync`: the exit status. */
int cli_sync(struct store *st, const char *account, bool offline);
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
