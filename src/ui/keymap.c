#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/keymap.h"

const char *const keymap_names[] = {
	"generic", "board", "card", "comments", "checklist", "timer", "entries", "sync",
	"boards", "projects", "columns", "search", "members", "help",
};
const int keymap_count = ARRAY_SIZE(keymap_names);

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Space", ' ' }, { "Tab", '\t' },
	{ "Backspace", KEY_FN + KEY_BACKSPACE }, { "Del", KEY_FN + KEY_DC },
	{ "Up", KEY_FN + KEY_UP }, { "Down", KEY_FN + KEY_DOWN },
	{ "Left", KEY_FN + KEY_LEFT }, { "Right", KEY_FN + KEY_RIGHT },
	{ "Home", KEY_FN + KEY_HOME }, { "End", KEY_FN + KEY_END },
	{ "PgUp", KEY_FN + KEY_PPAGE }, { "PgDown", KEY_FN + KEY_NPAGE },
	{ "Lt", '<' },
};

struct binding {
	int map, key;
	enum action action;
};

static struct binding *bindings;
static int nbindings, capbindings;

static int
map_index(const char *map)
{
	for (int i = 0; i < keymap_count; i++)
		if (str_eq(keymap_names[i], map))
			return i;
	return -1;
}

static int
utf8_single(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int len = u[0] < 0x80 ? 1 : (u[0] >> 5) == 6 ? 2 : (u[0] >> 4) == 14 ? 3 : (u[0] >> 3) == 30 ? 4 : 0;
	int cp = len == 1 ? u[0] : len == 2 ? u[0] & 0x1f : len == 3 ? u[0] & 0x0f : u[0] & 0x07;

	if (!len || strlen(s) != (size_t)len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	return cp > ' ' && cp != 0x7f ? cp : -1;
}

int
key_parse(const char *name)
{
	size_t n = strlen(name);

	if (n < 3 || name[0] != '<' || name[n - 1] != '>')
		return utf8_single(name);
	if ((name[1] == 'M' || name[1] == 'm') && name[2] == '-') {
		char *inner = xstrndup(name + 3, n - 4);
		int c = utf8_single(inner);

		free(inner);
		return c < 0 ? -1 : KEY_META | c;
	}
	if ((name[1] == 'C' || name[1] == 'c') && name[2] == '-' && n == 5) {
		int c = name[3] | 0x20;
		return c >= 'a' && c <= 'z' ? c - 'a' + 1 : -1;
	}
	if (name[1] == 'F' && n >= 4 && n <= 5) {
		int f = atoi(name + 2);
		return f >= 1 && f <= 12 ? KEY_FN + KEY_F(f) : -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (strlen(named_keys[i].name) == n - 2 &&
		    strncasecmp(named_keys[i].name, name + 1, n - 2) == 0)
			return named_keys[i].key;
	return -1;
}

void
key_format(int key, char *buf, size_t n)
{
	if (key & KEY_META) {
		char base[16];

		key_format(key & ~KEY_META, base, sizeof(base));
		snprintf(buf, n, "<M-%s>", base);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (named_keys[i].key == key && key != '<') {
			snprintf(buf, n, "<%s>", named_keys[i].name);
			return;
		}
	if (key >= 1 && key <= 26)
		snprintf(buf, n, "<C-%c>", 'a' + key - 1);
	else if (key >= KEY_FN + KEY_F(1) && key <= KEY_FN + KEY_F(12))
		snprintf(buf, n, "<F%d>", key - KEY_FN - KEY_F0);
	else if (key < 0x80)
		snprintf(buf, n, "%c", key);
	else {
		wchar_t w[2] = { (wchar_t)key, 0 };
		if (wcstombs(buf, w, n) == (size_t)-1)
			snprintf(buf, n, "U+%04X", key);
	}
}

int
keymap_bind(const char *map, const char *keyname, const char *action, struct lanes_err *e)
{
	int m = map_index(map), key = key_parse(keyname);
	enum action a = action_by_name(action);

	if (m < 0)
		return err_set(e, "unknown keymap \"%s\"", map);
	if (key < 0)
		return err_set(e, "unknown key \"%s\" (try x, <C-x>, <Enter>, <Space>, <Up>)", keyname);
	if (a == ACT_NONE && !str_eq(action, "none"))
		return err_set(e, "unknown action \"%s\"", action);
	for (int i = 0; i < nbindings; i++)
		if (bindings[i].map == m && bindings[i].key == key) {
			bindings[i].action = a;
			return 0;
		}
	if (nbindings == capbindings)
		bindings = xrealloc(bindings, sizeof(*bindings) * (capbindings = capbindings * 2 + 64));
	bindings[nbindings++] = (struct binding){ m, key, a };
	return 0;
}

static const struct binding *
find(int m, int key)
{
	for (int i = 0; i < nbindings; i++)
		if (bindings[i].map == m && bindings[i].key == key)
			return &bindings[i];
	return NULL;
}

enum action
keymap_lookup(const char *map, int key)
{
	const struct binding *b = find(map_index(map), key);

	if (!b)
		b = find(0, key);
	return b ? b->action : ACT_NONE;
}

void
keymap_keys(const char *map, enum action a, char *buf, size_t n)
{
	int m = map_index(map);
	size_t len = 0;
	char name[32];

	buf[0] = '\0';
	for (int i = 0; i < nbindings && len + 1 < n; i++) {
		if (bindings[i].map != m || bindings[i].action != a || a == ACT_NONE)
			continue;
		key_format(bindings[i].key, name, sizeof(name));
		len += snprintf(buf + len, n - len, "%s%s", len ? ", " : "", name);
	}
	if (len >= n)
		buf[n - 1] = '\0';
}

void
keymap_each(keymap_visit_fn fn, void *ud)
{
	char keys[128];

	for (int m = 0; m < keymap_count; m++) {
		bool any = false;
		for (int i = 0; i < action_table_len; i++) {
			keymap_keys(keymap_names[m], action_table[i].id, keys, sizeof(keys));
			if (!*keys)
				continue;
			if (!any)
				fn(keymap_names[m], NULL, NULL, ud);
			any = true;
			fn(keymap_names[m], &action_table[i], keys, ud);
		}
	}
}

void
keymap_reset(void)
{
	x_free(&bindings);
	nbindings = capbindings = 0;
}
