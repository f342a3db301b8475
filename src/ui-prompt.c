/* The status-line prompt (a one-line editor with emacs/readline keys) and
 * y/n confirmation. Both take keys before any keymap does. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lanes/keymap.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui.h"
#include "ui-private.h"

#define PROMPT_MAX 1024

static struct {
	bool active;
	char label[128];
	wchar_t buf[PROMPT_MAX + 1];
	int len, cur, cursor_x;
	prompt_done_fn done;
	void *ud;
} P;

static struct {
	bool active;
	confirm_fn yes;
	void *ud;
} C;

bool
prompt_active(void)
{
	return P.active;
}

void
ui_prompt(const char *label, const char *initial, prompt_done_fn done, void *ud)
{
	/* the text to edit is stored text (a title from a service...), so it
	 * is drawn only once it is sanitized */
	char *clean = text_sanitize(initial, initial ? strlen(initial) : 0);
	size_t n;

	snprintf(P.label, sizeof(P.label), "%s", label);
	n = mbstowcs(P.buf, clean, PROMPT_MAX);
	free(clean);
	P.len = n == (size_t)-1 ? 0 : (int)n;
	P.buf[P.len] = 0;
	P.cur = P.len;
	P.done = done;
	P.ud = ud;
	P.active = true;
	curs_set(1);
	ui_dirty_all();
}

static void
prompt_finish(bool ok)
{
	char out[PROMPT_MAX * 4 + 1];
	size_t n;

	P.active = false;
	curs_set(0);
	if (!ok) {
		ui_message("cancelled");
		return;
	}
	P.buf[P.len] = 0;
	n = wcstombs(out, P.buf, sizeof(out) - 1);
	out[n == (size_t)-1 ? 0 : n] = '\0';
	P.done(str_trim(out), P.ud);
}

static void
prompt_insert(wchar_t c)
{
	if (P.len >= PROMPT_MAX || c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return;
	wmemmove(P.buf + P.cur + 1, P.buf + P.cur, P.len - P.cur);
	P.buf[P.cur++] = c;
	P.len++;
}

static void
prompt_delete(int from, int to)
{
	if (from < 0 || to > P.len || from >= to)
		return;
	wmemmove(P.buf + from, P.buf + to, P.len - to);
	P.len -= to - from;
	P.cur = from;
}

static void
prompt_word_back(void)
{
	int i = P.cur;

	while (i > 0 && P.buf[i - 1] == ' ')
		i--;
	while (i > 0 && P.buf[i - 1] != ' ')
		i--;
	prompt_delete(i, P.cur);
}

void
prompt_key(int key)
{
	switch (key) {
	case '\n':
		prompt_finish(true);
		return;
	case 27:
	case 7: /* C-g */
		prompt_finish(false);
		return;
	case KEY_FN + KEY_BACKSPACE:
		prompt_delete(P.cur - 1, P.cur);
		return;
	case KEY_FN + KEY_DC:
	case 4: /* C-d */
		prompt_delete(P.cur, P.cur + 1);
		return;
	case KEY_FN + KEY_LEFT:
	case 2: /* C-b */
		P.cur -= P.cur > 0;
		return;
	case KEY_FN + KEY_RIGHT:
	case 6: /* C-f */
		P.cur += P.cur < P.len;
		return;
	case KEY_FN + KEY_HOME:
	case 1: /* C-a */
		P.cur = 0;
		return;
	case KEY_FN + KEY_END:
	case 5: /* C-e */
		P.cur = P.len;
		return;
	case 21: /* C-u */
		prompt_delete(0, P.cur);
		return;
	case 11: /* C-k */
		prompt_delete(P.cur, P.len);
		return;
	case 23: /* C-w */
		prompt_word_back();
		return;
	}
	if (key < KEY_FN)
		prompt_insert((wchar_t)key);
}

static int
wcs_cols(const wchar_t *s, int n)
{
	int w = 0;

	for (int i = 0; i < n; i++) {
		int cw = wcwidth(s[i]);
		w += cw > 0 ? cw : 0;
	}
	return w;
}

/* The text scrolls so that the cursor stays on screen. */
void
prompt_draw(WINDOW *w, int cols)
{
	int lw = ui_put(w, 0, 0, P.label, cols / 2, theme_attr(AREA_PROMPT) | A_BOLD, false);
	int room = cols - lw - 1, start = 0;

	while (start < P.cur && wcs_cols(P.buf + start, P.cur - start) >= room)
		start++;
	wattrset(w, theme_attr(AREA_PROMPT));
	mvwaddnwstr(w, 0, lw, P.buf + start, P.len - start);
	P.cursor_x = lw + wcs_cols(P.buf + start, P.cur - start);
	wclrtoeol(w);
	wattrset(w, 0);
}

void
prompt_place_cursor(WINDOW *w)
{
	wmove(w, 0, P.cursor_x);
	wnoutrefresh(w);
}

void
ui_confirm(const char *question, confirm_fn yes, void *ud)
{
	C.active = true;
	C.yes = yes;
	C.ud = ud;
	ui_message("%s (y/n)", question);
}

bool
confirm_key(int key)
{
	if (!C.active)
		return false;
	C.active = false;
	if (key == 'y' || key == 'Y') {
		ui_message("%s", "");
		C.yes(C.ud);
	} else {
		ui_message("cancelled");
	}
	ui_dirty_all();
	return true;
}
