/* Screen areas and how each is drawn. `color AREA FG BG [ATTRS]` changes an
 * area; a theme is a file of such lines. */
#ifndef LANES_THEME_H
#define LANES_THEME_H

#include "lanes/util.h"

/* _(ID, "name", default attributes without colour) */
#define AREA_INFO(_) \
	_(DEFAULT,     "default",     0) \
	_(TITLE,       "title",       A_REVERSE | A_BOLD) \
	_(STATUS,      "status",      A_REVERSE) \
	_(ERROR,       "error",       A_BOLD) \
	_(COLUMN,      "column",      A_BOLD) \
	_(COLUMN_SEL,  "column-selected", A_BOLD | A_UNDERLINE) \
	_(CARD,        "card",        0) \
	_(CARD_SEL,    "card-selected", A_REVERSE) \
	_(CARD_MARK,   "card-cursor", A_UNDERLINE) \
	_(CARD_DONE,   "card-done",   A_DIM) \
	_(DIM,         "dim",         A_DIM) \
	_(PROGRESS,    "progress",    0) \
	_(TIMER,       "timer",       A_BOLD) \
	_(HEADING,     "heading",     A_BOLD) \
	_(KEY,         "key",         A_BOLD) \
	_(PROMPT,      "prompt",      0) \
	_(COLUMN_OVER, "column-over", A_BOLD | A_REVERSE) \
	_(DUE,         "due",         0) \
	_(DUE_TODAY,   "due-today",   A_BOLD) \
	_(OVERDUE,     "overdue",     A_BOLD | A_UNDERLINE) \
	_(PRIORITY,    "priority",    0) \
	_(PRIORITY_HIGH, "priority-high", A_BOLD) \
	_(LABEL,       "label",       0)

enum area {
#define AREA_ENUM(id, name, attrs) AREA_##id,
	AREA_INFO(AREA_ENUM)
#undef AREA_ENUM
	AREA_COUNT
};

/* The curses attributes (colour pair included) to draw area with. */
int theme_attr(enum area a);
/* Set up colours after initscr(); honours NO_COLOR and the terminal's colours. */
void theme_start(void);
void theme_reset(void);
/* The `color` config command. */
int theme_color_cmd(int argc, char **argv, struct lanes_err *e);
/* The "set theme" hook: loads NAME.theme from $XDG_CONFIG_HOME/lanes/themes,
 * $LANES_THEMES_DIR or the installed themes, over the built-in look, so
 * `color` lines after it adjust it. An unknown NAME is an error, except
 * "default", which is the built-in look when no file refines it. */
int theme_set_cmd(int argc, char **argv, struct lanes_err *e);

#endif
