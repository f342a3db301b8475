/* The screen's side of syncing: the status line, the sync pane (S), the
 * project picker (B on a board kept by a service), refresh (R) and
 * completing a card (X). */
#ifndef LANES_UI_SYNC_H
#define LANES_UI_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/action.h"
#include "lanes/model.h"

extern const struct pane_ops sync_pane_ops, projects_pane_ops;

/* Wires the sync engine to the screen before ui_run(). account: the one
 * named on the command line (NULL: none); pick: open its project picker
 * as soon as the screen is up. */
void ui_sync_attach(const char *account, bool pick);
/* The account of the board on screen, else the one named on the command
 * line; NULL when neither. */
const char *ui_sync_account(void);
/* Whether the board on screen's service does what cap (enum board_cap)
 * needs: CAN_DO, CAN_LOCAL or CAN_NOT, why says so for the last two. */
enum board_can ui_sync_can(unsigned cap, char *why, size_t n);
/* The names the board's assignees are picked from: how many (0 until a
 * refresh has read them), *names malloc'd (text_lines_free); -1 when the
 * board's service lists none here or the board is local: a name is typed. */
int ui_sync_members(char ***names);
/* refresh, sync and card-complete, from any pane. */
void ui_sync_action(enum action a, lid card);

#endif
