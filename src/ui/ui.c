/* The loop and the screen: curses input and signals arrive as libuv events,
 * panes are stacked, and a prepare handle draws once per loop turn. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>
#include <wchar.h>

#include "lanes/keymap.h"
#include "lanes/outbox.h"
#include "lanes/text.h"
#include "lanes/theme.h"
#include "lanes/ui-sync.h"
#include "lanes/ui.h"
#include "private.h"

#define MAX_PANES 8
#define SIDE_MIN_COLS 120
/* below this the board cannot be read: a message says so instead */
#define MIN_COLS 40
#define MIN_LINES 10
/* What one paste may hold: far more than a prompt takes, so that escape
 * sequences the sanitizer removes later do not eat the room; the rest of
 * a larger paste is read and thrown away. */
#define PASTE_KEEP ((size_t)64 << 10)
/* A paste whose end marker does not come within this much silence ends
 * anyway, so a truncated one cannot swallow the keys that follow forever. */
#define PASTE_IDLE_MS 1000

/* Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in
 * these markers, so it is never taken for keys. */
static const char paste_on[] = "\033[?2004h", paste_off[] = "\033[?2004l";
static const char paste_begin[] = "\033[200~", paste_end[] = "\033[201~";

struct ui ui;
static struct ui_hooks hooks;

void
ui_set_hooks(const struct ui_hooks *h)
{
	hooks = *h;
}

static struct {
	struct pane stack[MAX_PANES];
	lid args[MAX_PANES];
	int depth;
	WINDOW *title, *status;
	bool dirty, curses_on;
	int stdin_flags;
	char msg[512];
	bool msg_error;
	char note[160];                 /* the last action is kept on this machine */
	uv_loop_t *loop;
	uv_poll_t stdin_poll;
	uv_prepare_t draw;
	uv_signal_t sigs[6];
	int nsigs;
	uv_timer_t paste_idle;
	uv_timer_t poll;                /* what other processes wrote */
	unsigned polls;
	struct {
		bool on;
		/* the curses key codes of the two markers */
		int begin_key, end_key;
		/* bytes of an end marker that came as plain characters (its
		 * ESC split off by the ESC delay), held back until it is whole */
		size_t held;
		bool cut;
		struct strbuf text;
	} paste;
} S;

/* Written past curses, which has no capability for the mode in every
 * terminal description. */
static void
term_write(const char *s)
{
	fputs(s, stdout);
	fflush(stdout);
}

/* Hands the terminal back (for good, or to an editor or the shell while
 * stopped): curses ends and pastes are no longer bracketed, which would
 * otherwise garble them in whatever runs next.  endwin() flushes what
 * curses had buffered first.  The stdin poll made the terminal
 * non-blocking, a flag shared with the editor and the shell, whose reads
 * would then fail; it is blocking while they have it. */
void
ui_suspend(void)
{
	if (S.curses_on) {
		def_prog_mode();
		endwin();
		term_write(paste_off);
		ui_mouse_mode(false);
		S.stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
		if (S.stdin_flags != -1)
			fcntl(STDIN_FILENO, F_SETFL, S.stdin_flags & ~O_NONBLOCK);
		S.curses_on = false;
	}
}

void
ui_resume(void)
{
	if (S.curses_on)
		return;
	if (S.stdin_flags != -1)
		fcntl(STDIN_FILENO, F_SETFL, S.stdin_flags);
	clearok(curscr, TRUE);
	refresh();
	term_write(paste_on);
	ui_mouse_mode(true);
	S.curses_on = true;
	S.dirty = true;
}

struct pane *
ui_top(void)
{
	return S.depth ? &S.stack[S.depth - 1] : NULL;
}

lid
pane_arg(const struct pane *p)
{
	return S.args[p - S.stack];
}

void
ui_dirty_all(void)
{
	S.dirty = true;
}

static void
set_message(bool error, const char *fmt, va_list ap)
{
	char raw[512];
	char *clean;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	clean = text_sanitize(raw, strlen(raw));
	if (error && prompt_refuse(clean)) {
		free(clean);
		return;
	}
	snprintf(S.msg, sizeof(S.msg), "%s", clean);
	free(clean);
	S.msg_error = error;
	S.dirty = true;
}

void
ui_message(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(false, fmt, ap);
	va_end(ap);
}

void
ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(true, fmt, ap);
	va_end(ap);
}

/* Printable ASCII, padded with spaces to n cells, goes into a window
 * without a background as it is: waddchnstr skips curses' conversion and
 * width lookup of every character, most of the cost of a frame. false,
 * having drawn nothing, for anything else. */
static bool
put_ascii(WINDOW *w, int y, int x, const char *s, int n, int attr)
{
	chtype cells[512];
	int i;

	if (n > (int)ARRAY_SIZE(cells) || (getbkgd(w) & A_ATTRIBUTES))
		return false;
	for (i = 0; i < n && s[i]; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return false;
		cells[i] = (unsigned char)s[i] | (chtype)attr;
	}
	for (; i < n; i++)
		cells[i] = ' ' | (chtype)attr;
	mvwaddchnstr(w, y, x, cells, n);
	if (x + n < getmaxx(w))
		wmove(w, y, x + n);
	return true;
}

int
ui_put(WINDOW *w, int y, int x, const char *s, int cols, int attr, bool pad)
{
	char buf[1024], *clean = NULL;
	const char *p;
	int used = 0;

	if (cols <= 0)
		return 0;
	if (!s)
		s = "";
	/* the one gate to the screen: whatever a pane draws is sanitized here,
	 * whether it came from a server, the database or the user; printable
	 * ASCII, most of every frame, has nothing to clean */
	for (p = s; *p >= 0x20 && *p < 0x7f; p++)
		;
	if (*p)
		s = clean = text_sanitize(s, strlen(s));
	text_fit(s, cols, buf, sizeof(buf), &used);
	free(clean);
	if (put_ascii(w, y, x, buf, pad ? cols : used, attr))
		return pad ? cols : used;
	wattrset(w, attr);
	mvwaddstr(w, y, x, buf);
	for (; pad && used < cols; used++)
		waddch(w, ' ');
	wattrset(w, 0);
	return used;
}

/* Lines are drawn with the Unicode box characters where the locale can
 * show them, so they survive terminals and multiplexers that mangle the
 * alternate character set; elsewhere the ACS ones. */
static void
line(WINDOW *w, int y, int x, int n, int attr, bool vertical)
{
	cchar_t c;
	wchar_t wc[2] = { vertical ? L'\u2502' : L'\u2500', 0 };

	wattrset(w, attr);
	if (MB_CUR_MAX > 1 && setcchar(&c, wc, attr, 0, NULL) == OK) {
		if (vertical)
			mvwvline_set(w, y, x, &c, n);
		else
			mvwhline_set(w, y, x, &c, n);
	} else if (vertical) {
		mvwvline(w, y, x, ACS_VLINE, n);
	} else {
		mvwhline(w, y, x, ACS_HLINE, n);
	}
	wattrset(w, 0);
}

void
ui_hline(WINDOW *w, int y, int x, int n, int attr)
{
	line(w, y, x, n, attr, false);
}

void
ui_vline(WINDOW *w, int y, int x, int n, int attr)
{
	line(w, y, x, n, attr, true);
}

/* Layout: the title on the first line, the status on the last, panes in
 * between; a side pane sits right of the board when the screen is wide. */
static void
place(struct pane *p, int y, int x, int h, int w)
{
	if (!p->win)
		p->win = newwin(h, w, y, x);
	else {
		wresize(p->win, h, w);
		mvwin(p->win, y, x);
	}
	p->h = h;
	p->w = w;
}

static bool
split_view(void)
{
	struct pane *top = ui_top();

	return S.depth >= 2 && top->ops->side && S.stack[0].ops == &board_pane_ops &&
	    COLS >= SIDE_MIN_COLS;
}

static void
layout(void)
{
	int body = LINES - 2 > 1 ? LINES - 2 : 1;

	if (!S.title) {
		S.title = newwin(1, COLS, 0, 0);
		S.status = newwin(1, COLS, LINES - 1, 0);
	}
	wresize(S.title, 1, COLS);
	wresize(S.status, 1, COLS);
	mvwin(S.status, LINES - 1, 0);
	if (split_view()) {
		int side = COLS * 45 / 100;
		place(&S.stack[0], 1, 0, body, COLS - side);
		place(ui_top(), 1, COLS - side, body, side);
	} else if (S.depth) {
		place(ui_top(), 1, 0, body, COLS);
	}
}

struct pane *
ui_pane_at(int *y, int *x)
{
	struct pane *shown[2] = { ui_top(), split_view() ? &S.stack[0] : NULL };

	for (int i = 0; i < 2; i++)
		if (shown[i] && shown[i]->win && wmouse_trafo(shown[i]->win, y, x, FALSE))
			return shown[i];
	return NULL;
}

uv_loop_t *
ui_loop(void)
{
	return S.loop;
}

static void
draw_title(void)
{
	char *name = store_board_name(ui.store, ui.board), line[512];
	const char *ro = store_readonly_reason(ui.store);

	snprintf(line, sizeof(line), " lanes  %s%s%s", name ? name : "", ro ? "  [read-only]" : "",
	    ui.show_archived ? "  [archived cards shown]" : "");
	free(name);
	werase(S.title);
	ui_put(S.title, 0, 0, line, COLS, theme_attr(AREA_TITLE), true);
	wnoutrefresh(S.title);
}

/* LANES_BENCH_LOG=FILE: wall-clock microseconds of each key and frame, for
 * tests/bench; nothing is opened when it is unset. */
static void
bench_log(const char *what)
{
	static FILE *f;
	static bool checked;
	struct timespec ts;

	if (!checked) {
		const char *path = getenv("LANES_BENCH_LOG");
		checked = true;
		f = path ? fopen(path, "a") : NULL;
	}
	if (!f)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(f, "%s %lld\n", what, (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	fflush(f);
}

static void
status_right(char *buf, size_t n)
{
	char timer[160], sync[160] = "";
	/* a board the service lets this user only read says so, and why */
	char *ro = store_board_readonly(ui.store, ui.board);

	ui_timer_status(timer, sizeof(timer), COLS / 2);
	if (hooks.status)
		hooks.status(sync, sizeof(sync));
	snprintf(buf, n, "%s%s%s%s%s ? help ", ro ? ro : "", ro && (*sync || *timer) ? "  " : "",
	    sync, *sync ? "  " : "", timer);
	free(ro);
}

/* The top pane's key hints that fit in cols, most important first. */
static void
status_hints(char *buf, size_t n, int cols)
{
	const struct pane_ops *ops = ui_top()->ops;
	char keys[128], one[160], *more;
	size_t len = 0;

	buf[0] = '\0';
	for (const struct hint *h = ops->hints; h && h->what; h++) {
		keymap_keys(ops->name, h->a, keys, sizeof(keys));
		if (!*keys)
			keymap_keys("generic", h->a, keys, sizeof(keys));
		if ((more = strstr(keys, ", ")))
			*more = '\0';
		if (!*keys)
			continue;
		snprintf(one, sizeof(one), "%s%s %s", len ? "  " : "", keys, h->what);
		if ((int)len + text_width(one) > cols || len + strlen(one) >= n)
			break;
		len += (size_t)snprintf(buf + len, n - len, "%s", one);
	}
}

static void
draw_status(void)
{
	char right[256], left[sizeof(S.msg) + sizeof(S.note) + 4], hints[512];
	int rw, lw;

	werase(S.status);
	wbkgdset(S.status, ' ' | theme_attr(AREA_STATUS));
	werase(S.status);
	if (prompt_active()) {
		prompt_draw(S.status, COLS);
		wnoutrefresh(S.status);
		return;
	}
	status_right(right, sizeof(right));
	rw = text_width(right);
	/* what an action kept here says so beside its own message ("priority
	 * set"), which would hide it */
	if (S.msg[0] && S.note[0] && !S.msg_error)
		snprintf(left, sizeof(left), "%s (%s)", S.msg, S.note);
	else
		snprintf(left, sizeof(left), "%s", S.msg[0] ? S.msg : S.note);
	/* hints take what the message leaves, never a part of it */
	lw = *left ? ui_put(S.status, 0, 0, left, COLS - rw - 1,
	    theme_attr(S.msg_error ? AREA_ERROR : AREA_STATUS) | A_REVERSE, false) + 2 : 0;
	status_hints(hints, sizeof(hints), COLS - rw - 2 - lw);
	ui_put(S.status, 0, lw, hints, COLS - rw - 1 - lw, theme_attr(AREA_STATUS), false);
	ui_put(S.status, 0, COLS - rw, right, rw, theme_attr(AREA_STATUS), false);
	wnoutrefresh(S.status);
}

static void
draw_pane(struct pane *p)
{
	werase(p->win);
	p->ops->draw(p);
	wnoutrefresh(p->win);
	p->dirty = false;
}

static bool
too_small(void)
{
	return COLS < MIN_COLS || LINES < MIN_LINES;
}

static void
put_centred(int y, const char *text)
{
	int w = text_width(text);

	ui_put(stdscr, y, w < COLS ? (COLS - w) / 2 : 0, text, COLS, A_NORMAL, false);
}

/* Instead of a board squeezed past reading: what is wrong, and what would
 * do. The next resize draws the board again. */
static void
draw_too_small(void)
{
	char size[64], need[64];

	snprintf(size, sizeof(size), "terminal too small (%dx%d):", COLS, LINES);
	snprintf(need, sizeof(need), "lanes needs at least %dx%d", MIN_COLS, MIN_LINES);
	werase(stdscr);
	put_centred(LINES / 2 - 1, size);
	put_centred(LINES / 2, need);
	wnoutrefresh(stdscr);
	doupdate();
	S.dirty = false;
}

/* The store's whole-file check waits for the first frame (at 100,000
 * cards it reads 20 MB); a damaged file is refused before any write. */
static void
check_store(void)
{
	struct lanes_err e = { "" };

	if (store_check(ui.store, &e) < 0)
		die("%s", e.msg);
}

static void
draw(void)
{
	if (!S.dirty || !S.curses_on || ui.quit)
		return;
	if (too_small()) {
		draw_too_small();
		return;
	}
	layout();
	draw_title();
	if (split_view())
		draw_pane(&S.stack[0]);
	if (S.depth)
		draw_pane(ui_top());
	draw_status();
	if (prompt_active())
		prompt_place_cursor(S.status);
	doupdate();
	S.dirty = false;
	bench_log("frame");
	check_store();
}

struct pane *
ui_push(const struct pane_ops *ops, lid arg)
{
	struct pane *p;

	if (S.depth == MAX_PANES) {
		ui_error("too many panes open");
		return NULL;
	}
	p = &S.stack[S.depth];
	memset(p, 0, sizeof(*p));
	S.args[S.depth++] = arg;
	p->ops = ops;
	p->priv = xcalloc(1, ops->priv_size ? ops->priv_size : 1);
	if (ops->open)
		ops->open(p);
	if (hooks.pane_opened)
		hooks.pane_opened(ops, arg);
	S.dirty = true;
	return p;
}

static void
pane_free(struct pane *p)
{
	if (p->ops->close)
		p->ops->close(p);
	x_free(&p->priv);
	if (p->win)
		delwin(p->win);
	p->win = NULL;
}

void
ui_pop(void)
{
	if (S.depth <= 1)
		return;
	pane_free(&S.stack[--S.depth]);
	/* the window under a full-screen pane must be repainted */
	if (S.depth)
		touchwin(ui_top()->win);
	S.dirty = true;
}

void
ui_store_changed_by(struct pane *origin)
{
	for (int i = 0; i < S.depth; i++)
		if (&S.stack[i] != origin && S.stack[i].ops->reload)
			S.stack[i].ops->reload(&S.stack[i]);
	ui_timer_sync();
	S.dirty = true;
}

void
ui_store_changed(void)
{
	ui_store_changed_by(NULL);
}

void
ui_open_board(lid board)
{
	char v[32];

	while (S.depth > 1)
		pane_free(&S.stack[--S.depth]);
	ui.board = board;
	snprintf(v, sizeof(v), "%lld", board);
	store_state_set(ui.store, "last_board", v);
	ui_store_changed();
	if (hooks.board_opened)
		hooks.board_opened(board);
}

void
ui_open_card(lid board, lid card)
{
	ui.open_card = card;
	ui_open_board(board);
}

struct pane *
ui_under(struct pane *p)
{
	return p > S.stack ? p - 1 : NULL;
}

static lid
top_card(void)
{
	struct pane *p = ui_top();

	return p && p->ops->card ? p->ops->card(p) : 0;
}

/* Preconditions are checked here, once, for every action. */
static bool
allowed(enum action a)
{
	const struct action_info *ai = action_info(a);
	struct lanes_err e = { "" };
	char why[160], *ro;

	if ((ai->need & NEED_WRITE) && store_check_writable(ui.store, &e) < 0) {
		ui_error("%s", e.msg);
		return false;
	}
	if ((ai->need & NEED_WRITE) && (ro = store_board_readonly(ui.store, ui.board))) {
		ui_error("%s", ro);
		free(ro);
		return false;
	}
	if ((ai->need & NEED_CARD) && !top_card()) {
		ui_error("no card selected");
		return false;
	}
	if ((ai->need & NEED_COLUMN) && store_board_columns(ui.store, ui.board) <= 0) {
		ui_error("this board has no columns: press C to add one");
		return false;
	}
	/* what the board's service cannot do: refused, or kept here and said so */
	switch (ai->cap ? ui_sync_can(ai->cap, why, sizeof(why)) : CAN_DO) {
	case CAN_NOT:
		ui_error("%s", why);
		return false;
	case CAN_LOCAL:
		snprintf(S.note, sizeof(S.note), "%s", why);
		break;
	case CAN_DO:
		break;
	}
	return true;
}

int
ui_undo(bool redo)
{
	struct lanes_err e = { "" };
	char what[STORE_UNDO_LABEL];
	int rc = (redo ? store_redo : store_undo)(ui.store, ui.board, what, sizeof(what), &e);

	if (rc < 0) {
		ui_error("cannot %s %s", redo ? "redo" : "undo", e.msg);
	} else if (rc == 0) {
		ui_message(redo ? "nothing to redo" : "nothing to undo");
	} else {
		ui_store_changed();
		ui_message("%s: %s", redo ? "redid" : "undid", what);
	}
	return rc;
}

static void
generic_action(enum action a)
{
	switch (a) {
	case ACT_OPEN:
		ui_push(&card_pane_ops, top_card());
		break;
	case ACT_COMMENTS:
		ui_push(&comments_pane_ops, top_card());
		break;
	case ACT_CHECKLIST:
		ui_push(&checklist_pane_ops, top_card());
		break;
	case ACT_UNDO:
	case ACT_REDO:
		ui_undo(a == ACT_REDO);
		break;
	case ACT_QUIT:
	case ACT_BACK:
		if (S.depth > 1)
			ui_pop();
		else if (a == ACT_QUIT)
			ui.quit = true;
		break;
	case ACT_HELP:
		if (ui_top()->ops != &help_pane_ops)
			ui_push(&help_pane_ops, 0);
		break;
	case ACT_TIMER:
		ui_timer_toggle(top_card());
		break;
	case ACT_TIME_ENTRIES:
		if (ui_top()->ops != &timer_pane_ops)
			ui_push(&timer_pane_ops, top_card());
		break;
	case ACT_REFRESH:
	case ACT_SYNC:
	case ACT_CARD_COMPLETE:
	case ACT_CARD_ARCHIVE:
		ui_sync_action(a, top_card());
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		S.dirty = true;
		break;
	default:
		break;
	}
}

void
ui_dispatch_key(int key)
{
	struct pane *p = ui_top();
	enum action a;

	/* nothing shows what a key would act on: only quit works */
	if (too_small() && (prompt_active() || keymap_lookup(p->ops->name, key) != ACT_QUIT))
		return;
	if (prompt_active()) {
		prompt_key(key);
		S.dirty = true;
		return;
	}
	bench_log("key");
	if (confirm_key(key))
		return;
	if (key == KEY_FN + KEY_MOUSE) {
		ui_mouse_event();
		return;
	}
	a = keymap_lookup(p->ops->name, key);
	if (S.msg[0] || S.note[0]) {
		S.msg[0] = S.note[0] = '\0';
		S.dirty = true;
	}
	if (a == ACT_NONE && (key & KEY_META)) {
		char name[32];

		key_format(key, name, sizeof(name));
		ui_message("%s is not bound", name);
	}
	ui_act(a);
}

void
ui_act(enum action a)
{
	struct pane *p = ui_top();

	if (a == ACT_NONE || !allowed(a))
		return;
	if (!p->ops->action || !p->ops->action(p, a))
		generic_action(a);
	S.dirty = true;
}

/* A key as the keymaps know it, from what wget_wch() read. */
static int
key_of(int rc, wint_t wc)
{
	if (rc == KEY_CODE_YES)
		return (int)(KEY_FN + wc);
	if (wc == 127 || wc == 8)
		return KEY_FN + KEY_BACKSPACE;
	if (wc == '\r')
		return '\n';
	return (int)wc;
}

static void
resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	S.dirty = true;
}

/* Outside a prompt a paste does nothing, whatever keys its text holds;
 * the message names the prompt it was probably meant for. */
static void
paste_ignored(void)
{
	static const struct {
		enum action a;
		const char *what;
	} hints[] = {
		{ ACT_CARD_NEW, "a card" },
		{ ACT_COMMENT_ADD, "a comment" },
		{ ACT_CHECK_ADD, "a checklist item" },
		{ ACT_COLUMN_NEW, "a column" },
		{ ACT_BOARD_NEW, "a board" },
	};
	char keys[128], *more;

	for (size_t i = 0; i < ARRAY_SIZE(hints); i++) {
		keymap_keys(ui_top()->ops->name, hints[i].a, keys, sizeof(keys));
		if ((more = strstr(keys, ", ")))
			*more = '\0';
		if (*keys) {
			ui_message("paste ignored: press %s to add %s, then paste", keys,
			    hints[i].what);
			return;
		}
	}
	ui_message("paste ignored: text can only be pasted into a prompt");
}

/* The paste is whole, or its end marker is not coming. */
static void
paste_finish(void)
{
	S.paste.on = false;
	uv_timer_stop(&S.paste_idle);
	if (prompt_active())
		prompt_paste(S.paste.text.buf, S.paste.text.len, S.paste.cut);
	else if (!confirm_paste())
		paste_ignored();
	sb_free(&S.paste.text);
	S.dirty = true;
}

static void
on_paste_idle(uv_timer_t *t)
{
	paste_finish();
}

static void
paste_add(const char *s, size_t n)
{
	if (S.paste.cut || S.paste.text.len + n > PASTE_KEEP)
		S.paste.cut = true;
	else
		sb_add(&S.paste.text, s, n);
}

/* Everything read inside a paste is text; keys that curses made of
 * escape sequences in it are dropped, as the sanitizer would drop the
 * sequences. */
static void
paste_char(int rc, wint_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st = { 0 };
	size_t n;

	if (rc == KEY_CODE_YES) {
		if (wc == (wint_t)S.paste.end_key)
			paste_finish();
		else if (wc == KEY_RESIZE)
			S.dirty = true;
		return;
	}
	if (wc == (wint_t)paste_end[S.paste.held]) {
		if (++S.paste.held == strlen(paste_end))
			paste_finish();
		return;
	}
	paste_add(paste_end, S.paste.held);
	S.paste.held = wc == (wint_t)paste_end[0];
	if (S.paste.held)
		return;
	n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n != (size_t)-1)
		paste_add(mb, n);
}

/* Puts back what wget_wch() read, for the next call to read again. */
static void
unread(int rc, wint_t wc)
{
	if (rc == KEY_CODE_YES)
		ungetch((int)wc);
	else
		unget_wch((wchar_t)wc);
}

/* After an ESC: the rest of an escape sequence that the terminal
 * description does not know, so curses returned its bytes as keys.  Only
 * what came with the ESC counts: a CSI (ESC [, parameter bytes 0x30-0x3f,
 * intermediate bytes 0x20-0x2f, a final byte 0x40-0x7e) or an SS3 (ESC O
 * and a final byte).  Returns the length of the whole sequence in seq, or
 * 0 with what it read put back, so that the ESC is a key of its own and
 * Esc followed by a key acts as the two keys. */
static size_t
read_sequence(char *seq, size_t size)
{
	size_t n = 1;
	wint_t wc;
	int rc;

	seq[0] = '\033';
	while (n + 1 < size && (rc = wget_wch(stdscr, &wc)) != ERR) {
		bool final = n > 1 && wc >= 0x40 && wc <= 0x7e;
		bool more = n == 1 ? wc == '[' || wc == 'O' :
		    seq[1] == '[' && wc >= 0x20 && wc <= 0x3f &&
		    (wc < 0x30 || seq[n - 1] >= 0x30);

		if (rc != OK || !(final || more)) {
			unread(rc, wc);
			break;
		}
		seq[n++] = (char)wc;
		if (final) {
			seq[n] = '\0';
			return n;
		}
	}
	while (n > 1)
		ungetch((unsigned char)seq[--n]);
	return 0;
}

/* After an ESC, what came with it (within the ESC delay): a character
 * makes a Meta key, as terminals send Alt+x; a mouse report goes to the
 * mouse; a sequence curses does not know is named and dropped, since its
 * bytes as keys would cancel and then act; nothing leaves the Esc key
 * itself. */
static void
read_escape(void)
{
	char seq[32];
	wint_t wc;
	int rc = wget_wch(stdscr, &wc), mouse;

	if (rc == OK && wc >= ' ' && wc != 127 && wc != '[' && wc != 'O') {
		ui_dispatch_key((int)(KEY_META | wc));
		return;
	}
	if (rc != ERR)
		unread(rc, wc);
	if (!read_sequence(seq, sizeof(seq)))
		ui_dispatch_key(27);
	else if ((mouse = ui_mouse_parse(seq)) > 0)
		ui_dispatch_key(KEY_FN + KEY_MOUSE);
	else if (mouse < 0)
		ui_message("unknown key ESC%s", seq + 1);
}

static void
on_stdin(uv_poll_t *h, int status, int events)
{
	wint_t wc;
	int rc;

	/* resizeterm() queues a KEY_RESIZE of its own; the SIGWINCH handler
	 * already resized, so here it only asks for a redraw */
	while (!ui.quit && (rc = wget_wch(stdscr, &wc)) != ERR) {
		if (S.paste.on) {
			paste_char(rc, wc);
		} else if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
			S.dirty = true;
		} else if (rc == KEY_CODE_YES && wc == (wint_t)S.paste.begin_key) {
			S.paste.on = true;
			S.paste.held = 0;
			S.paste.cut = false;
		} else if (rc == OK && wc == 27) {
			read_escape();
		} else {
			ui_dispatch_key(key_of(rc, wc));
		}
	}
	if (S.paste.on)
		uv_timer_start(&S.paste_idle, on_paste_idle, PASTE_IDLE_MS, 0);
	if (ui.quit)
		uv_stop(S.loop);
}

static void
on_signal(uv_signal_t *h, int sig)
{
	switch (sig) {
	case SIGWINCH:
		resize();
		break;
	case SIGTSTP:
		ui_suspend();
		kill(getpid(), SIGSTOP);
		/* resumed */
		ui_resume();
		resize();
		break;
	default:
		ui.quit = true;
		uv_stop(S.loop);
		break;
	}
}

/* Once per loop turn, before it waits: the frame first, then the disk
 * (see store_defer_sync). */
static void
on_prepare(uv_prepare_t *h)
{
	struct lanes_err e = {{0}};

	draw();
	if (store_flush(ui.store, &e) < 0) {
		/* now, not after whatever next wakes the loop */
		ui_error("%s", e.msg);
		draw();
	}
}

/* A paste marker as a key of its own: keypad mode parses it like a
 * function key's sequence (so with the same ESC delay), and a code past
 * KEY_MAX that no key of the terminal description took is free. */
static int
marker_key(const char *seq)
{
	int code = key_defined(seq);
	char *used;

	if (code > 0)
		return code;
	for (code = KEY_MAX + 1; (used = keybound(code, 0)); code++)
		free(used);
	define_key(seq, code);
	return code;
}

/* Home and End as tmux, screen and rxvt send them (VT220 style), which
 * xterm's terminal description does not list: without these they would
 * be unknown keys inside tmux. */
static void
define_vt_keys(void)
{
	static const struct {
		const char *seq;
		int code;
	} keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
	};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].code);
}

static void
start_curses(void)
{
	if (!initscr())
		die("cannot start the terminal (is TERM set?)");
	S.curses_on = true;
	set_die_hook(ui_suspend);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* A frame goes out in one piece: curses would otherwise poll stdin and
	 * flush every few lines to notice typeahead, which the loop handles. */
	typeahead(-1);
	set_escdelay(25);
	S.paste.begin_key = marker_key(paste_begin);
	S.paste.end_key = marker_key(paste_end);
	define_vt_keys();
	/* terminals that do not know the mode ignore it, as they must any
	 * private mode */
	term_write(paste_on);
	curs_set(0);
	theme_start();
	ui_mouse_mode(true);
}

static void
watch_signals(void)
{
	static const int sigs[] = { SIGWINCH, SIGTSTP, SIGTERM, SIGINT, SIGHUP, SIGQUIT };

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		uv_signal_init(S.loop, &S.sigs[i]);
		uv_signal_start(&S.sigs[i], on_signal, sigs[i]);
	}
	S.nsigs = ARRAY_SIZE(sigs);
}

/* Other windows and commands write to the same database: what they wrote
 * shows here within POLL_MS. When the lanes that syncs quits, this one
 * takes its lock (tried every TAKEOVER_POLLS polls) and syncs instead. */
#define POLL_MS 250
#define TAKEOVER_POLLS 8

static void
on_poll(uv_timer_t *t)
{
	(void)t;
	if (store_changed_elsewhere(ui.store)) {
		ui_store_changed();
		if (hooks.changed)
			hooks.changed();
	}
	if (!store_owner(ui.store) && ++S.polls % TAKEOVER_POLLS == 0 &&
	    store_try_own(ui.store) && hooks.takeover)
		hooks.takeover();
}

static void
close_handles(void)
{
	uv_poll_stop(&S.stdin_poll);
	uv_close((uv_handle_t *)&S.stdin_poll, NULL);
	uv_close((uv_handle_t *)&S.draw, NULL);
	uv_close((uv_handle_t *)&S.paste_idle, NULL);
	uv_close((uv_handle_t *)&S.poll, NULL);
	for (int i = 0; i < S.nsigs; i++)
		uv_close((uv_handle_t *)&S.sigs[i], NULL);
	ui_timer_end();
	uv_run(S.loop, UV_RUN_DEFAULT);
}

int
ui_run(struct store *st, lid board)
{
	S.loop = uv_default_loop();
	ui.store = st;
	ui.board = board;
	store_defer_sync(st);
	start_curses();
	ui_push(&board_pane_ops, 0);
	ui_timer_sync();
	if (store_readonly_reason(st))
		ui_error("read-only: %s", store_readonly_reason(st));
	uv_poll_init(S.loop, &S.stdin_poll, STDIN_FILENO);
	uv_poll_start(&S.stdin_poll, UV_READABLE, on_stdin);
	uv_prepare_init(S.loop, &S.draw);
	uv_prepare_start(&S.draw, on_prepare);
	uv_timer_init(S.loop, &S.paste_idle);
	uv_timer_init(S.loop, &S.poll);
	uv_timer_start(&S.poll, on_poll, POLL_MS, POLL_MS);
	watch_signals();
	if (hooks.board_opened)
		hooks.board_opened(board);
	if (hooks.started)
		hooks.started();
	S.dirty = true;
	draw();
	uv_run(S.loop, UV_RUN_DEFAULT);
	if (hooks.stopping)
		hooks.stopping();
	close_handles();
	while (S.depth)
		pane_free(&S.stack[--S.depth]);
	delwin(S.title);
	delwin(S.status);
	sb_free(&S.paste.text);
	ui_suspend();
	return 0;
}
