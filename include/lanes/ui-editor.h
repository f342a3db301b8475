/* Long text in the user's own editor. Curses steps aside while it runs;
 * the text travels through a private temporary file, never through argv. */
#ifndef LANES_UI_EDITOR_H
#define LANES_UI_EDITOR_H

#include <stddef.h>

#include "lanes/util.h"

/* The editor to run: the `editor` option, else $VISUAL, else $EDITOR,
 * else vi. It is shell text, so it may carry arguments ("emacs -nw"). */
const char *ui_editor_command(void);

/* Lets the user edit text (NULL for none) of at most max bytes. Returns 1
 * with the new text in *out (malloc'd, trailing newlines removed), 0 when
 * the editor left it as it was, or -1 with e saying why (the editor could
 * not run or exited with an error, or the text is longer than max: the
 * temporary file is then kept and e names it): on 0 and -1 nothing was
 * changed and *out is NULL. */
int ui_edit_text(const char *text, size_t max, char **out, struct lanes_err *e);

#endif
