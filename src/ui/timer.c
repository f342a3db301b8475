/* The running timer on screen: the `timer` action, the clock at the right
 * of the status line, and the tick that redraws it. The tick exists only
 * while a timer runs, so an idle lanes never wakes up for it. What runs is
 * always read back from the store, which outlives this process. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "lanes/text.h"
#include "lanes/timefmt.h"
#include "lanes/ui.h"
#include "private.h"

#define TITLE_COLS 24

static struct {
	lid card;              /* 0 when no timer runs */
	char *title;           /* sanitized */
	long long started_at;
	uv_timer_t *tick;      /* only while a timer runs; freed once closed */
} T;

/* Re-armed to wake just after the next second turns: elapsed time counts
 * whole seconds of the wall clock, so the clock then steps once a second. */
static void
on_tick(uv_timer_t *t)
{
	ui_dirty_all();
	uv_timer_start(t, on_tick, (uint64_t)(1000 - now_ms() % 1000 + 5), 0);
}

static void
on_tick_closed(uv_handle_t *h)
{
	free(h);
}

static void
tick_start(void)
{
	if (T.tick)
		return;
	T.tick = xmalloc(sizeof(*T.tick));
	uv_timer_init(ui_loop(), T.tick);
	on_tick(T.tick);
}

static void
tick_stop(void)
{
	if (!T.tick)
		return;
	uv_timer_stop(T.tick);
	uv_close((uv_handle_t *)T.tick, on_tick_closed);
	T.tick = NULL;
}

void
ui_timer_sync(void)
{
	struct timer_status ts;
	struct lanes_err e = { "" };

	x_free(&T.title);
	T.card = 0;
	if (store_timer_status(ui.store, &ts, &e) < 0)
		ui_error("%s", e.msg);
	if (ts.card) {
		T.card = ts.card;
		T.title = text_sanitize(ts.title, strlen(ts.title));
		T.started_at = ts.started_at;
		tick_start();
	} else {
		tick_stop();
	}
	timer_status_free(&ts);
	ui_dirty_all();
}

long
ui_timer_elapsed(lid card)
{
	long long s;

	if (!T.card || (card && card != T.card))
		return -1;
	s = now_ms() / 1000 - T.started_at;
	return s < 0 ? 0 : (long)s;
}

void
ui_timer_status(char *buf, size_t n, int cols)
{
	char title[TITLE_COLS * 4 + 4], clock[32];
	int room;

	if (!T.card) {
		snprintf(buf, n, "%s", "");
		return;
	}
	duration_format(ui_timer_elapsed(0), clock, sizeof(clock));
	/* the title gets what the icon, the clock and the spaces leave */
	room = cols - text_width(clock) - 5;
	room = room > TITLE_COLS ? TITLE_COLS : room;
	if (room < 4) {
		snprintf(buf, n, " ⏱ %s ", clock);
		return;
	}
	text_fit(T.title, room, title, sizeof(title), NULL);
	snprintf(buf, n, " ⏱ %s %s ", title, clock);
}

static void
stopped_message(const struct timer_stopped *done, const char *title, bool switched)
{
	char d[32];

	duration_format(done->seconds, d, sizeof(d));
	if (switched)
		ui_message("timer moved here; %s logged on \"%s\"", d, title ? title : "?");
	else
		ui_message("timer stopped: %s logged on \"%s\"", d, title ? title : "?");
}

void
ui_timer_toggle(lid card)
{
	struct lanes_err e = { "" };
	struct timer_stopped done;
	char *was = T.title ? xstrdup(T.title) : NULL;
	int rc;

	if (!card && !T.card) {
		ui_error("no card selected");
	} else if (!card || card == T.card) {
		if ((rc = store_timer_stop(ui.store, &done, &e)) < 0)
			ui_error("%s", e.msg);
		else if (rc > 0)
			stopped_message(&done, was, false);
	} else if (store_timer_start(ui.store, card, &done, &e) < 0) {
		ui_error("%s", e.msg);
	} else if (done.card) {
		stopped_message(&done, was, true);
	} else {
		ui_message("timer started; t stops it");
	}
	free(was);
	ui_store_changed();
}

void
ui_timer_end(void)
{
	tick_stop();
	x_free(&T.title);
	T.card = 0;
}
