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
#include "private.h"

#define PROMPT_MAX 1024
/* columns kept for the text when a note and a long label want the line */
#define PROMPT_TEXT_MIN 16

static struct {
	bool active;
	char label[128];
	wchar_t buf[PROMPT_MAX + 1];
	int len, cur, cursor_x;
	/* the prefilled text, until a key edits it or moves in it */
	bool selected;
	/* done is running: an error it reports refuses the text */
	bool deciding;
	/* shown right of the text until the next key */
	char note[256];
	prompt_done_fn done;
	prompt_change_fn changed;       /* a live prompt's */
	bool edited;                    /* by the key being handled */
	void *ud;
} P;

static struct {
	bool active;
	char question[256];
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
	P.selected = P.len > 0;
	P.note[0] = '\0';
	P.done = done;
	P.changed = NULL;
	P.ud = ud;
	P.active = true;
	curs_set(1);
	ui_dirty_all();
}

void
ui_prompt_live(const char *label, const char *initial, prompt_change_fn changed, void *ud)
{
	ui_prompt(label, initial, NULL, ud);
	P.changed = changed;
}

/* The text typed, trimmed, in out. */
static char *
prompt_text(char *out, size_t size)
{
	size_t n;

	P.buf[P.len] = 0;
	n = wcstombs(out, P.buf, size - 1);
	out[n == (size_t)-1 ? 0 : n] = '\0';
	return str_trim(out);
}

static void
prompt_finish(bool ok)
{
	char out[PROMPT_MAX * 4 + 1];

	P.active = false;
	curs_set(0);
	if (P.changed) {
		/* the text is already where it goes */
		if (!ok)
			P.changed(NULL, P.ud);
		return;
	}
	if (!ok) {
		ui_message("cancelled");
		return;
	}
	P.deciding = true;
	P.done(prompt_text(out, sizeof(out)), P.ud);
	P.deciding = false;
}

/* A live prompt hears of each edit, not of cursor moves. */
static void
prompt_report(void)
{
	char out[PROMPT_MAX * 4 + 1];

	if (P.active && P.edited && P.changed)
		P.changed(prompt_text(out, sizeof(out)), P.ud);
	P.edited = false;
}

bool
prompt_refuse(const char *why)
{
	if (!P.deciding)
		return false;
	snprintf(P.note, sizeof(P.note), "%s", why);
	P.selected = false;
	P.active = true;
	curs_set(1);
	ui_dirty_all();
	return true;
}

static bool
printable(int c)
{
	return c >= ' ' && c != 0x7f && (c < 0x80 || c >= 0xa0);
}

static void
prompt_insert(wchar_t c)
{
	if (P.len >= PROMPT_MAX || !printable((int)c))
		return;
	wmemmove(P.buf + P.cur + 1, P.buf + P.cur, P.len - P.cur);
	P.buf[P.cur++] = c;
	P.len++;
	P.edited = true;
}

static void
prompt_delete(int from, int to)
{
	if (from < 0 || to > P.len || from >= to)
		return;
	wmemmove(P.buf + from, P.buf + to, P.len - to);
	P.len -= to - from;
	P.cur = from;
	P.edited = true;
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
prompt_paste(const char *text, size_t len, bool cut)
{
	/* one line without controls, as any title is stored */
	char *clean = text_sanitize(text, len);
	const char *rest = clean;
	mbstate_t st = { 0 };
	wchar_t w[PROMPT_MAX];
	size_t n;

	if (P.selected)
		prompt_delete(0, P.len);
	P.selected = false;
	n = mbsrtowcs(w, &rest, (size_t)(PROMPT_MAX - P.len), &st);

	for (size_t i = 0; n != (size_t)-1 && i < n; i++)
		prompt_insert(w[i]);
	if (cut || (rest && *rest))
		snprintf(P.note, sizeof(P.note), "[paste cut: at most %d characters]", PROMPT_MAX);
	free(clean);
	prompt_report();
}

/* A selected (prefilled) text goes at the first character typed, and at
 * one Backspace or Delete; true when the key was used up so. */
static bool
selection_key(int key)
{
	P.selected = false;
	switch (key) {
	case KEY_FN + KEY_BACKSPACE:
	case KEY_FN + KEY_DC:
	case 4: /* C-d */
		prompt_delete(0, P.len);
		return true;
	}
	if (key < KEY_FN && printable(key))
		prompt_delete(0, P.len);
	return false;
}

static void
prompt_edit(int key)
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

void
prompt_key(int key)
{
	P.note[0] = '\0';
	if (!P.selected || !selection_key(key))
		prompt_edit(key);
	prompt_report();
}

static int
wc_cols(wchar_t c)
{
	int cw = wcwidth(c);

	return cw > 0 ? cw : 0;
}

/* The text scrolls so that the cursor stays on screen; a note keeps the
 * right end of the line, up to half of it, and the label gives way to it
 * so that some text still shows.  Widths are summed outward from the
 * cursor, once each, as a pasted line can be long. */
void
prompt_draw(WINDOW *w, int cols)
{
	int nw = P.note[0] ? text_width(P.note) + 1 : 0, lmax, lw, room;
	int start = P.cur, end = P.cur, used = 0;

	if (nw > cols / 2)
		nw = cols / 2;
	lmax = cols - nw - PROMPT_TEXT_MIN < cols / 2 ? cols - nw - PROMPT_TEXT_MIN : cols / 2;
	lw = ui_put(w, 0, 0, P.label, lmax > 0 ? lmax : 0, theme_attr(AREA_PROMPT) | A_BOLD, false);
	room = cols - lw - 1 - nw;

	while (start > 0 && used + wc_cols(P.buf[start - 1]) < room)
		used += wc_cols(P.buf[--start]);
	P.cursor_x = lw + used;
	while (end < P.len && used + wc_cols(P.buf[end]) <= room + 1)
		used += wc_cols(P.buf[end++]);
	/* a selected text shows so: the first key typed replaces it */
	wattrset(w, theme_attr(AREA_PROMPT) | (P.selected ? A_REVERSE : 0));
	mvwaddnwstr(w, 0, lw, P.buf + start, end - start);
	wattrset(w, theme_attr(AREA_PROMPT));
	wclrtoeol(w);
	wattrset(w, 0);
	if (nw)
		ui_put(w, 0, cols - nw + 1, P.note, nw - 1, theme_attr(AREA_ERROR) | A_REVERSE, false);
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
	snprintf(C.question, sizeof(C.question), "%s", question);
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

bool
confirm_paste(void)
{
	if (C.active)
		ui_message("paste ignored: %s (y/n)", C.question);
	return C.active;
}
