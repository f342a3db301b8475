/* The screen: one libuv loop owns curses. Panes stack; the top one gets the
 * keys; changes mark panes dirty and one doupdate() per loop turn draws. */
#ifndef LANES_UI_H
#define LANES_UI_H

#include <stdbool.h>

#include "lanes/action.h"
#include "lanes/model.h"
#include "lanes/store.h"

struct pane;

/* A key hint on the status line: the action's first key, then what. */
struct hint {
	enum action a;
	const char *what;
};

struct pane_ops {
	const char *name;    /* its keymap */
	bool side;           /* may sit beside the board on a wide screen */
	void (*open)(struct pane *p);
	void (*draw)(struct pane *p);
	/* true when the pane handled a; the UI handles generic ones after */
	bool (*action)(struct pane *p, enum action a);
	void (*reload)(struct pane *p);  /* the store changed */
	void (*close)(struct pane *p);
	/* the card the pane is about, for NEED_CARD and pane-independent
	 * actions (0 = none) */
	lid (*card)(struct pane *p);
	/* a mouse click at (y, x) inside the pane's window (ui/mouse.c), in
	 * a pane without a list; true when it selected something there */
	bool (*click)(struct pane *p, int y, int x);
	/* the status line's key hints, most important first, ending with
	 * { ACT_NONE, NULL }; those that do not fit are left out */
	const struct hint *hints;
	size_t priv_size;
};

struct pane {
	const struct pane_ops *ops;
	void *priv;
	struct _win_st *win;
	int h, w;
	bool dirty;
	struct listview *list;  /* the rows a click selects, once drawn */
};

extern const struct pane_ops board_pane_ops, help_pane_ops, boards_pane_ops, columns_pane_ops;
/* card details: a card, its comments, its checklist (pane_arg is the card) */
extern const struct pane_ops card_pane_ops, comments_pane_ops, checklist_pane_ops;
/* a card's time entries and its running timer (pane_arg is the card) */
extern const struct pane_ops timer_pane_ops, members_pane_ops;
/* the cards of every board that hold a text */
extern const struct pane_ops search_pane_ops;

/* What the panes share: the store and the open board. */
struct ui {
	struct store *store;
	lid board;
	lid open_card;  /* for the board to select as it next loads */
	bool quit;
	bool show_archived;     /* the board shows archived cards too */
};
extern struct ui ui;

/* 0 when curses can draw on the terminal TERM names; -1 (e says why and
 * what to use instead) when it cannot, such as TERM=dumb. */
int ui_term_check(struct lanes_err *e);
int ui_run(struct store *st, lid board);

struct pane *ui_push(const struct pane_ops *ops, lid arg);
void ui_pop(void);
struct pane *ui_top(void);
/* The argument the pane was opened with (a card id, ...). */
lid pane_arg(const struct pane *p);
void ui_dirty_all(void);
/* Tell every pane the store changed under it. */
void ui_store_changed(void);
/* The same, but origin has already brought itself up to date. */
void ui_store_changed_by(struct pane *origin);
void ui_open_board(lid board);
/* Opens board with card selected (its filter cleared, so it shows). */
void ui_open_card(lid board, lid card);
/* The pane under p on the stack; NULL under the board. */
struct pane *ui_under(struct pane *p);
/* An action as if its key were pressed: its preconditions checked, then
 * the top pane's, then the generic handling. */
void ui_act(enum action a);
/* u (redo false) and C-r on the open board, said on the status line:
 * 1 done, 0 nothing to do, -1 refused. */
int ui_undo(bool redo);
/* What the app wires in from below the screen (the sync engine): text for
 * the status line, a call when a board is shown or a pane opened, one when
 * the screen is up and one when the loop has ended (to close its handles).
 * Any may be NULL. */
struct ui_hooks {
	void (*status)(char *buf, size_t n);
	void (*board_opened)(lid board);
	void (*pane_opened)(const struct pane_ops *ops, lid arg);
	void (*started)(void);
	void (*stopping)(void);
	/* another process wrote to the database (the board is reloaded) */
	void (*changed)(void);
	/* the lanes that held the database's lock quit: this one holds it now */
	void (*takeover)(void);
};
void ui_set_hooks(const struct ui_hooks *h);
/* Seconds the running timer has run, or -1 when none runs on card (0: on
 * any card). It is redrawn once a second while one runs. */
long ui_timer_elapsed(lid card);

void ui_message(const char *fmt, ...) PRINTF_LIKE(1, 2);
void ui_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

typedef void (*prompt_done_fn)(const char *text, void *ud);
/* An inline prompt on the status line: done gets the text on Enter,
 * nothing happens on Esc. An error done reports (ui_error) refuses the
 * text: the prompt stays open with it and shows the error beside it.
 * A prefilled text is selected: typing replaces it, Backspace clears it,
 * a move (arrows, Home, End, C-a, C-e) keeps it to edit. */
void ui_prompt(const char *label, const char *initial, prompt_done_fn done, void *ud);
/* A prompt that follows the typing (a filter): changed gets the text after
 * every key that edits it, and NULL on Esc; Enter only closes it. */
typedef void (*prompt_change_fn)(const char *text, void *ud);
void ui_prompt_live(const char *label, const char *initial, prompt_change_fn changed, void *ud);
typedef void (*confirm_fn)(void *ud);
void ui_confirm(const char *question, confirm_fn yes, void *ud);

/* Draw helpers: text cut to cols columns with an ellipsis, padded with
 * spaces to exactly cols when pad is set. Returns columns drawn. */
int ui_put(struct _win_st *w, int y, int x, const char *s, int cols, int attr, bool pad);
void ui_hline(struct _win_st *w, int y, int x, int n, int attr);
void ui_vline(struct _win_st *w, int y, int x, int n, int attr);

/* A scrolled list with a selection, for list-shaped panes. */
struct listview {
	int n, sel, top;
	/* where the rows were last drawn, for the mouse: the pane line of
	 * the first one and the lines each takes */
	int y, lines;
};
/* Handles up/down/first/last/page actions; false for any other action. */
bool listview_action(struct listview *lv, enum action a, int page);
/* Keeps sel inside the list; every reload calls it, since a key read in
 * the same batch as the edit acts before the next draw would clamp. */
void listview_clamp(struct listview *lv);
/* Before drawing lv in pane p from line y down, lines a row: clamps sel,
 * scrolls so it is visible and returns top; p's clicks then select rows. */
int listview_show(struct pane *p, struct listview *lv, int y, int lines);
/* A list row on line y: name left, cut to the room that right (a count)
 * leaves; right is cut only when the pane is narrower than it. */
void ui_list_row(struct pane *p, int y, const char *name, const char *right, int attr);
/* Draws a heading line at the top of a list pane. */
void ui_heading(struct pane *p, const char *text);

#endif
