/* Shared by the ui*.c files only. */
#ifndef LANES_UI_PRIVATE_H
#define LANES_UI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "lanes/model.h"

struct _win_st;
struct pane;
struct uv_loop_s;

bool prompt_active(void);
void prompt_key(int key);
void prompt_draw(struct _win_st *w, int cols);
void prompt_place_cursor(struct _win_st *w);
/* Pasted text (len bytes, not sanitized) inserted at the cursor as one
 * line; cut: the reader already dropped some of it. */
void prompt_paste(const char *text, size_t len, bool cut);
/* While a prompt's done function runs, an error it reports (why) refuses
 * the text: the prompt stays open with it and shows why; false at any
 * other time. */
bool prompt_refuse(const char *why);
/* true when a y/n question took the key */
bool confirm_key(int key);
/* true when a y/n question is open: a paste is no answer, it stays open */
bool confirm_paste(void);
void ui_dispatch_key(int key);
/* Curses off (and pastes no longer bracketed) while an editor runs or
 * lanes is stopped, and back on. */
void ui_suspend(void);
void ui_resume(void);
struct uv_loop_s *ui_loop(void);
/* The pane drawn at screen cell (*y, *x), which become relative to it. */
struct pane *ui_pane_at(int *y, int *x);

/* The running timer (ui/timer.c). sync re-reads it from the store and
 * starts or stops the 1 s tick; toggle is the `timer` action on card (0:
 * stop whatever runs); status is the status line's clock in at most about
 * cols columns ("" when none runs). */
void ui_timer_sync(void);
void ui_timer_toggle(lid card);
void ui_timer_status(char *buf, size_t n, int cols);
void ui_timer_end(void);

/* The mouse (ui/mouse.c), when `set mouse = on`: mode asks the terminal
 * for reports (or stops them); parse reads the sequence after an ESC: -1
 * when it is no mouse report, 0 for one to ignore, 1 for a press or a
 * wheel turn that ui_mouse_event then acts on (as the key KEY_MOUSE, so
 * that prompts and questions see it first). */
void ui_mouse_mode(bool on);
int ui_mouse_parse(const char *seq);
void ui_mouse_event(void);

#endif
