/* Every user action, declared once: _(ID, "name", "help", preconditions,
 * capability). The capability (model.h) is what the board's service must
 * do for it; where it does not, its backend's table says whether the
 * action is kept on this machine or refused (ui.c checks both, once).
 * The enum, the names `bind` takes, the help pane and the man page's key
 * list come from this table; the default keys are `bind` lines in the
 * built-in configuration (src/lanesrc), parsed like a user's own. */
#ifndef LANES_ACTION_H
#define LANES_ACTION_H

#include <stdbool.h>

#include "lanes/model.h"

enum action_need {
	NEED_CARD = 1,     /* a card is selected */
	NEED_WRITE = 2,    /* the store is writable */
	NEED_COLUMN = 4,   /* the board has a column */
};

#define ACTION_INFO(_) \
	_(QUIT,          "quit",          "Close the pane (in a picker: go up a level), or quit from the board", 0, 0) \
	_(BACK,          "back",          "Close the pane (or clear the filter, or go up a level in a picker)", 0, 0) \
	_(HELP,          "help",          "Show the keys of every pane", 0, 0) \
	_(UP,            "up",            "Select the previous line or card", 0, 0) \
	_(DOWN,          "down",          "Select the next line or card", 0, 0) \
	_(FIRST,         "first",         "Select the first line or card", 0, 0) \
	_(LAST,          "last",          "Select the last line or card", 0, 0) \
	_(PAGE_UP,       "page-up",       "Scroll up one page", 0, 0) \
	_(PAGE_DOWN,     "page-down",     "Scroll down one page", 0, 0) \
	_(HALF_UP,       "half-page-up",  "Scroll up half a page", 0, 0) \
	_(HALF_DOWN,     "half-page-down", "Scroll down half a page", 0, 0) \
	_(REDRAW,        "redraw",        "Redraw the screen", 0, 0) \
	_(LEFT,          "left",          "Select the column on the left", 0, 0) \
	_(RIGHT,         "right",         "Select the column on the right", 0, 0) \
	_(MOVE_LEFT,     "move-left",     "Move the card to the previous column", NEED_CARD | NEED_WRITE, 0) \
	_(MOVE_RIGHT,    "move-right",    "Move the card to the next column", NEED_CARD | NEED_WRITE, 0) \
	_(MOVE_UP,       "move-up",       "Move the card up in its column", NEED_CARD | NEED_WRITE, CAP_REORDER) \
	_(MOVE_DOWN,     "move-down",     "Move the card down in its column", NEED_CARD | NEED_WRITE, CAP_REORDER) \
	_(CARD_NEW,      "card-new",      "Add a card at the top of the column", NEED_COLUMN | NEED_WRITE, 0) \
	_(CARD_RENAME,   "card-rename",   "Rename the card", NEED_CARD | NEED_WRITE, 0) \
	_(CARD_DELETE,   "card-delete",   "Delete the card (asks first)", NEED_CARD | NEED_WRITE, 0) \
	_(UNDO,          "undo",          "Undo this window's last change to this board, newest first", NEED_WRITE, 0) \
	_(REDO,          "redo",          "Redo what undo took back", NEED_WRITE, 0) \
	_(FILTER,        "filter",        "Show only the cards holding a text in title, labels or description, as you type", 0, 0) \
	_(FIND_NEXT,     "find-next",     "Select the next match (on the board without a filter: add a card)", 0, 0) \
	_(FIND_PREV,     "find-prev",     "Select the previous match", 0, 0) \
	_(FIND,          "find",          "Find a text in the help", 0, 0) \
	_(SEARCH,        "search",        "Search the cards of every board", 0, 0) \
	_(BOARDS,        "boards",        "Pick, create, rename or delete boards", 0, 0) \
	_(COLUMNS,       "columns",       "Add, rename, reorder or delete columns", 0, 0) \
	_(SORT,          "sort",          "View the column in its stored order, by due date or by priority (the stored order is kept)", NEED_COLUMN, 0) \
	_(PICK,          "pick",          "Open the selected board, or list what the selected item holds", 0, 0) \
	_(BOARD_NEW,     "board-new",     "Create a board", NEED_WRITE, 0) \
	_(BOARD_RENAME,  "board-rename",  "Rename the selected board", NEED_WRITE, 0) \
	_(BOARD_DELETE,  "board-delete",  "Delete the selected board and its cards (asks first)", NEED_WRITE, 0) \
	_(COLUMN_NEW,    "column-new",    "Add a column after the selected one", NEED_WRITE, CAP_COLUMN_EDIT) \
	_(COLUMN_RENAME, "column-rename", "Rename the selected column", NEED_WRITE, CAP_COLUMN_EDIT) \
	_(COLUMN_UP,     "column-up",     "Move the column left", NEED_WRITE, CAP_COLUMN_EDIT) \
	_(COLUMN_DOWN,   "column-down",   "Move the column right", NEED_WRITE, CAP_COLUMN_EDIT) \
	_(COLUMN_DELETE, "column-delete", "Delete the selected column if it is empty", NEED_WRITE, CAP_COLUMN_EDIT) \
	_(COLUMN_WIP,    "column-wip",    "Set the selected column's WIP limit (a number; empty clears it)", NEED_WRITE, 0) \
	_(TIMER,         "timer",         "Start or stop the timer on the card (stops any other first)", NEED_WRITE, CAP_TIME) \
	_(TIME_ENTRIES,  "time-entries",  "Show the card's time entries and its running timer", NEED_CARD, 0) \
	_(TIME_ADD,      "time-add",      "Log time by hand: a duration such as 1h30m, 45m or 2:15, then a note", NEED_WRITE, CAP_TIME) \
	_(TIME_EDIT,     "time-edit",     "Change the selected time entry's duration", NEED_WRITE, CAP_TIME) \
	_(TIME_DELETE,   "time-delete",   "Delete the selected time entry (asks first)", NEED_WRITE, CAP_TIME) \
	_(OPEN,          "open",          "Open the card: its fields, dates, progress and description", NEED_CARD, 0) \
	_(DESCRIBE,      "edit-description", "Edit the card's description in $EDITOR", NEED_CARD | NEED_WRITE, 0) \
	_(PRIORITY,      "priority",      "Set the card's priority: none, low, medium or high (or n, l, m, h)", NEED_CARD | NEED_WRITE, CAP_PRIORITY) \
	_(PRIORITY_CYCLE, "priority-cycle", "Cycle the card's priority: none, low, medium, high, none", NEED_CARD | NEED_WRITE, CAP_PRIORITY) \
	_(DUE,           "due",           "Set the card's due date (YYYY-MM-DD, today, +3d, fri, next week, next month; empty clears it)", NEED_CARD | NEED_WRITE, CAP_DUE) \
	_(START,         "start",         "Set the card's start date (YYYY-MM-DD, today, +3d, fri, next week, next month; empty clears it)", NEED_CARD | NEED_WRITE, CAP_START) \
	_(ASSIGN,        "assign",        "Set the card's assignee: picked from the board's members where the service lists them, else typed", NEED_CARD | NEED_WRITE, CAP_ASSIGNEE) \
	_(LABELS,        "labels",        "Set the card's labels, comma-separated", NEED_CARD | NEED_WRITE, CAP_LABELS) \
	_(COMMENTS,      "comments",      "Show the card's comments", NEED_CARD, 0) \
	_(CHECKLIST,     "checklist",     "Show the card's checklist", NEED_CARD, 0) \
	_(COMMENT_ADD,   "comment-add",   "Add a one-line comment", NEED_CARD | NEED_WRITE, CAP_COMMENTS) \
	_(COMMENT_WRITE, "comment-write", "Write a longer comment in $EDITOR", NEED_CARD | NEED_WRITE, CAP_COMMENTS) \
	_(COMMENT_DELETE, "comment-delete", "Delete the selected comment if it is yours (asks first)", NEED_CARD | NEED_WRITE, CAP_COMMENTS) \
	_(CHECK_ADD,     "check-add",     "Add an item at the end of the checklist", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(CHECK_TOGGLE,  "check-toggle",  "Tick or untick the selected item", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(CHECK_RENAME,  "check-rename",  "Change the selected item's text", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(CHECK_UP,      "check-up",      "Move the selected item up", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(CHECK_DOWN,    "check-down",    "Move the selected item down", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(CHECK_DELETE,  "check-delete",  "Delete the selected item (asks first)", NEED_CARD | NEED_WRITE, CAP_CHECKLIST) \
	_(REFRESH,       "refresh",       "Fetch the board from its service now and retry waiting edits", 0, 0) \
	_(SYNC,          "sync",          "Show the edits waiting for a service, and the failed ones", 0, 0) \
	_(CARD_COMPLETE, "card-complete", "Mark the card done, or not done again", NEED_CARD | NEED_WRITE, CAP_COMPLETE) \
	_(CARD_ARCHIVE,  "card-archive",  "Archive the card (hidden, not deleted), or bring an archived one back", NEED_CARD | NEED_WRITE, CAP_ARCHIVE) \
	_(SHOW_ARCHIVED, "show-archived", "Show or hide archived cards (shown dimmed)", 0, 0) \
	_(OP_RETRY,      "op-retry",      "Send the selected edit again", NEED_WRITE, 0) \
	_(OP_EDIT,       "op-edit",       "Change the text the selected edit sends, and send it again", NEED_WRITE, 0) \
	_(OP_DISCARD,    "op-discard",    "Drop the selected edit (asks first); dropping an add removes what it added", NEED_WRITE, 0)

enum action {
	ACT_NONE,
#define ACTION_ENUM(id, name, help, need, cap) ACT_##id,
	ACTION_INFO(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

struct action_info {
	enum action id;
	const char *name, *help;
	unsigned need;
	unsigned cap;           /* enum board_cap */
};

extern const struct action_info action_table[];
extern const int action_table_len;

const struct action_info *action_info(enum action a);
enum action action_by_name(const char *name);

#endif
