/* Keymaps: one per pane plus "generic", which every pane falls back to.
 * A key is a Unicode code point, or KEY_FN + a curses KEY_* code, or
 * KEY_META | a code point: Alt+x, which terminals send as ESC x. */
#ifndef LANES_KEYMAP_H
#define LANES_KEYMAP_H

#include <stddef.h>

#include "lanes/action.h"
#include "lanes/util.h"

#define KEY_FN 0x200000
#define KEY_META 0x400000

/* Keymaps `bind` accepts, in the order the help pane shows them. */
extern const char *const keymap_names[];
extern const int keymap_count;

/* "x", "<Enter>", "<C-x>", "<M-x>", "<Space>", "<F5>" ... -> key; -1 when
 * unknown. */
int key_parse(const char *name);
void key_format(int key, char *buf, size_t n);

int keymap_bind(const char *map, const char *key, const char *action, struct lanes_err *e);
enum action keymap_lookup(const char *map, int key);
/* The keys bound to a in map (not generic), joined by ", "; "" when none. */
void keymap_keys(const char *map, enum action a, char *buf, size_t n);
void keymap_reset(void);
/* Visits every keymap in help order: fn(map, NULL, NULL) once before a
 * keymap's first bound action, then fn(map, action, its keys) per action. */
typedef void (*keymap_visit_fn)(const char *map, const struct action_info *ai,
    const char *keys, void *ud);
void keymap_each(keymap_visit_fn fn, void *ud);

#endif
