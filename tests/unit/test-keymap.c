/* Keys, keymaps and the action table. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <string.h>

#include "lanes/action.h"
#include "lanes/config.h"
#include "lanes/keymap.h"
#include "lanes/ui.h"
#include "t.h"

static void
test_key_names_round_trip(void)
{
	static const char *const names[] = { "q", "<Enter>", "<Esc>", "<Space>", "<C-b>",
	    "<Up>", "<PgDown>", "<F5>", "<Tab>", "/", "?", "é", "<M-x>", "<M-X>", "<M-é>" };
	char buf[32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int k = key_parse(names[i]);
		CHECK(k >= 0);
		key_format(k, buf, sizeof(buf));
		CHECK_STR(buf, names[i]);
	}
	CHECK_INT(key_parse("<enter>"), '\n');
	CHECK_INT(key_parse("<C-x>"), 24);
	CHECK_INT(key_parse("ab"), -1);
	CHECK_INT(key_parse("<Nope>"), -1);
	CHECK_INT(key_parse(""), -1);
	CHECK_INT(key_parse("<F13>"), -1);
	/* Alt+x: ESC x from the terminal, a key of its own */
	CHECK_INT(key_parse("<m-u>"), KEY_META | 'u');
	CHECK(key_parse("<M-x>") != 'x');
	CHECK_INT(key_parse("<M->"), -1);
	CHECK_INT(key_parse("<M-xy>"), -1);
}

static void
test_bind_and_lookup(void)
{
	struct lanes_err e = { "" };

	keymap_reset();
	CHECK_INT(keymap_bind("generic", "j", "down", &e), 0);
	CHECK_INT(keymap_bind("board", "x", "card-delete", &e), 0);
	CHECK_INT(keymap_lookup("board", 'x'), ACT_CARD_DELETE);
	CHECK_INT(keymap_lookup("board", 'j'), ACT_DOWN);     /* falls back to generic */
	CHECK_INT(keymap_lookup("help", 'x'), ACT_NONE);
	CHECK_INT(keymap_bind("board", "j", "none", &e), 0);   /* a pane can unbind */
	CHECK_INT(keymap_lookup("board", 'j'), ACT_NONE);
	CHECK_INT(keymap_bind("nowhere", "j", "down", &e), -1);
	CHECK(strstr(e.msg, "unknown keymap") != NULL);
	CHECK_INT(keymap_bind("board", "<Bogus>", "down", &e), -1);
	CHECK(strstr(e.msg, "unknown key") != NULL);
	CHECK_INT(keymap_bind("board", "z", "fly", &e), -1);
	CHECK(strstr(e.msg, "unknown action") != NULL);
	keymap_reset();
}

static void
test_action_table(void)
{
	for (int i = 0; i < action_table_len; i++) {
		const struct action_info *a = &action_table[i];
		CHECK_INT(a->id, i + 1);
		CHECK_INT(action_by_name(a->name), a->id);
		CHECK(a->help && *a->help);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(action_table[j].name, a->name) != 0);
	}
	CHECK_INT(action_by_name("no-such-action"), ACT_NONE);
}

/* Every action has a default key somewhere, so the help and man page list it. */
static void
test_defaults_bind_every_action(void)
{
	struct strbuf errors = { 0 };
	char keys[128];

	CHECK_INT(config_load("/dev/null", &errors), 0);
	for (int i = 0; i < action_table_len; i++) {
		bool any = false;
		for (int m = 0; m < keymap_count; m++) {
			keymap_keys(keymap_names[m], action_table[i].id, keys, sizeof(keys));
			any |= *keys != '\0';
		}
		if (!any)
			printf("# no default key for %s\n", action_table[i].name);
		CHECK(any);
	}
	CHECK_INT(keymap_lookup("board", 'L'), ACT_MOVE_RIGHT);
	CHECK_INT(keymap_lookup("board", KEY_FN + KEY_LEFT), ACT_LEFT);
	CHECK_INT(keymap_lookup("comments", 4), ACT_HALF_DOWN);        /* C-d */
	CHECK_INT(keymap_lookup("comments", 6), ACT_PAGE_DOWN);        /* C-f */
	sb_free(&errors);
	config_free();
}

/* The list keys: a page, half a page, the ends, never past them. */
static void
test_list_keys(void)
{
	struct listview lv = { .n = 100, .sel = 50 };

	CHECK(listview_action(&lv, ACT_PAGE_DOWN, 20));
	CHECK_INT(lv.sel, 70);
	CHECK(listview_action(&lv, ACT_HALF_UP, 20));
	CHECK_INT(lv.sel, 60);
	CHECK(listview_action(&lv, ACT_HALF_DOWN, 7));
	CHECK_INT(lv.sel, 64);
	CHECK(listview_action(&lv, ACT_PAGE_UP, 20));
	CHECK_INT(lv.sel, 44);
	CHECK(listview_action(&lv, ACT_LAST, 20));
	CHECK(listview_action(&lv, ACT_HALF_DOWN, 20));
	CHECK_INT(lv.sel, 99);
	CHECK(listview_action(&lv, ACT_FIRST, 20));
	CHECK(listview_action(&lv, ACT_HALF_UP, 20));
	CHECK_INT(lv.sel, 0);
	CHECK(!listview_action(&lv, ACT_QUIT, 20));
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(test_key_names_round_trip);
	RUN(test_bind_and_lookup);
	RUN(test_action_table);
	RUN(test_defaults_bind_every_action);
	RUN(test_list_keys);
	return T_DONE();
}
