/* Plain structs shared by every layer. A card, column or board is named by
 * its local integer id; the id a service gave it (remote_id) lives beside it
 * and is only the sync layer's business. */
#ifndef LANES_MODEL_H
#define LANES_MODEL_H

#include <stdbool.h>
#include <stddef.h>

typedef long long lid; /* local id: a SQLite rowid, > 0 */
/* For qsort and bsearch over lids. */
int lid_cmp(const void *a, const void *b);

/* What a board's service can do, as far as the board's actions go. A
 * local board can do everything; a service declares its own (backend.h).
 * _(ID, "what it does", in "SERVICE cannot ...") */
#define BOARD_CAP_INFO(_) \
	_(REORDER,     "order cards inside a column") \
	_(COLUMN_EDIT, "add, rename, reorder or delete columns") \
	_(CHECKLIST,   "keep checklists") \
	_(COMMENTS,    "keep comments") \
	_(TIME,        "keep time entries") \
	_(COMPLETE,    "mark cards done") \
	_(PRIORITY,    "keep a card's priority") \
	_(LABELS,      "keep labels") \
	_(DUE,         "keep due dates") \
	_(EVENTS,      "say cheaply whether a board changed") \
	_(TIMER,       "run a timer of its own") \
	_(ARCHIVE,     "archive cards") \
	_(START,       "keep start dates") \
	_(ASSIGNEE,    "set assignees")

enum board_cap_bit {
#define BOARD_CAP_BIT(id, what) CAP_BIT_##id,
	BOARD_CAP_INFO(BOARD_CAP_BIT)
#undef BOARD_CAP_BIT
	CAP_BIT_COUNT
};
enum board_cap {
#define BOARD_CAP_ENUM(id, what) CAP_##id = 1u << CAP_BIT_##id,
	BOARD_CAP_INFO(BOARD_CAP_ENUM)
#undef BOARD_CAP_ENUM
};
/* "order cards inside a column" for CAP_REORDER; NULL for no one cap. */
const char *board_cap_what(unsigned cap);

enum board_can {
	CAN_DO,         /* the service does it */
	CAN_LOCAL,      /* the service does not: kept on this machine */
	CAN_NOT,        /* refused */
};

struct board {
	lid id;
	char *name;
	char *account;   /* "local" or the name of a configured account */
	char *remote_id; /* NULL for local boards */
	int ncards;
};

/* A card's priority, in the order a column sorted by priority shows it. */
enum priority { PRIORITY_NONE, PRIORITY_LOW, PRIORITY_MEDIUM, PRIORITY_HIGH };
/* "low", "medium" or "high" (the store's spelling); NONE for anything else. */
enum priority priority_from_name(const char *name);

struct card {
	lid id;
	lid column_id;
	char *title;
	char *labels, *assignees;    /* comma-separated or NULL */
	char due[11];                /* YYYY-MM-DD or "" */
	unsigned char priority;      /* enum priority */
	double position;
	int check_done, check_total; /* checklist progress, 0/0 when none */
	int comments;
	bool completed;
	bool archived;               /* hidden unless archived cards are shown */
	bool timing;                 /* the running timer is on this card */
};

struct column {
	lid id;
	char *name;
	int wip;                     /* WIP limit, 0 for none */
	double position;
	struct card *cards;
	int ncards, cap;
	int count;                   /* the cards in the column: the board pane
	                              * loads only a window of them */
	int first;                   /* the index in the column of cards[0] */
};

struct board_view {
	struct board board;
	struct column *cols;
	int ncols;
};

/* card details: what the card pane and `lanes show` present. Times are
 * seconds since the epoch; text fields that are unset are NULL. */
struct comment {
	lid id;
	char *author, *body;
	bool mine;    /* written here, so it may be deleted here */
	bool system;  /* written by the service ("moved to Done"), shown dimmed */
	long long created_at;
};

struct check_item {
	lid id;
	char *text;
	bool done;
};

struct card_time_entry {
	lid id;
	long seconds;
	long long started_at; /* 0 when unknown */
	char *note;
	long long created_at;
};

struct card_detail {
	lid id, board_id, column_id;
	char *title, *description, *column;
	int position;          /* index in its column, 0 = top */
	char *priority;        /* "low", "medium", "high" or NULL */
	char *due_on, *start_on; /* YYYY-MM-DD or NULL */
	char *assignees, *labels; /* comma-separated or NULL */
	long long created_at, updated_at;
	bool completed, archived;
	struct comment *comments;
	int ncomments;
	struct check_item *checks; /* in checklist order */
	int nchecks, checks_done;
	struct card_time_entry *entries; /* newest first */
	int nentries;
	long tracked;          /* sum of the entries' seconds */
};

void board_clear(struct board *b);
void column_clear(struct column *c);
void card_clear(struct card *c);
void board_view_free(struct board_view *v);
/* Index of the card/column with this id in v, or -1. */
int board_view_find_column(const struct board_view *v, lid column_id);

#endif
