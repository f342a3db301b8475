/* Configuration: one command a line (`set`, `bind`, `color`, `source`,
 * `account`), tig-style. The defaults are the built-in text of src/lanesrc,
 * read by the same parser before the user's file. */
#ifndef LANES_CONFIG_H
#define LANES_CONFIG_H

#include <stdbool.h>

#include "lanes/util.h"

/* _(field, "name", type, default, "help"); type is BOOL, INT or STR. */
#define OPTION_INFO(_) \
	_(theme,   "theme",   STR,  "default", "colour theme: a file NAME.theme in the themes folders") \
	_(mouse,   "mouse",   BOOL, "off",     "click selects a card, the wheel scrolls") \
	_(refresh, "refresh", INT,  "60",      "seconds between background refreshes of a remote board") \
	_(editor,  "editor",  STR,  "",        "editor for long text; empty means $VISUAL, $EDITOR, then vi") \
	_(card_format, "card-format", STR, "due priority labels assignee comments checklist timer", \
	    "what a card's line shows beside its title, most important first")

struct options {
#define OPTION_FIELD_BOOL bool
#define OPTION_FIELD_INT long
#define OPTION_FIELD_STR char *
#define OPTION_FIELD(field, name, type, def, help) OPTION_FIELD_##type field;
	OPTION_INFO(OPTION_FIELD)
#undef OPTION_FIELD
};

extern struct options opt;

/* One hook per extra command a later layer adds (e.g. `color`, `account`):
 * returns 0 or -1 with e set. argv[0] is the command name. A hook named
 * "set NAME" runs after `set NAME = VALUE` has set the option, to check or
 * apply it (e.g. "set theme" loads the theme). */
typedef int (*config_cmd_fn)(int argc, char **argv, struct lanes_err *e);
void config_add_command(const char *name, config_cmd_fn fn);
/* While a command runs: the file its line is in (NULL for built-in or
 * given text) and whether that file is ours and only we can read it, so
 * that a command can refuse a secret written where others can read it. */
struct config_source {
	const char *path;
	bool private_file;
};
const struct config_source *config_source(void);

/* Parse text (name is used in messages). Errors are appended to errors as
 * "name:line: message\n"; returns the number of errors. */
int config_parse_text(const char *text, const char *name, struct strbuf *errors);
int config_parse_file(const char *path, struct strbuf *errors);
/* Defaults, then path (or the default user file when path is NULL and it
 * exists). Returns the number of errors. */
int config_load(const char *path, struct strbuf *errors);
/* $XDG_CONFIG_HOME/lanes/config, malloc'd. */
char *config_default_path(void);
void config_free(void);

extern const char builtin_config[];

#endif
