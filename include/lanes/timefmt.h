/* Durations and dates as people type and read them.
 *
 * Durations accepted by duration_parse(), with optional white space around
 * the whole and between parts:
 *   unit form   1h30m  45m  2h  90s  1h 30m  1.5h  1h30 (minutes implied
 *               after hours); units h/hr/hrs/hour/hours, m/min/mins/minute/
 *               minutes, s/sec/secs/second/seconds in any case, each at most
 *               once and in that order; fractions round to the nearest second
 *   clock form  h:mm  h:mm:ss  (2:15, 1:02:03; mm and ss two digits, < 60)
 * A duration must be more than zero and at most DURATION_MAX.
 *
 * Dates accepted by date_parse(): YYYY-MM-DD on the real calendar with years
 * 1900-9999, and today, tomorrow, yesterday, +Nd, +Nw, -Nd, -Nw, a weekday
 * ("fri", "friday": the next one, never today), "next week" (its Monday) and
 * "next month" (its 1st), counted from the local date (TZ is honoured). */
#ifndef LANES_TIMEFMT_H
#define LANES_TIMEFMT_H

#include <stddef.h>
#include <time.h>

struct lanes_err;

#define DURATION_MAX (24L * 365 * 3600)

/* 0 and *seconds set, or -1 with a message in e such as
 * bad duration "abc": use 1h30m, 45m or 2:15 */
int duration_parse(const char *s, long *seconds, struct lanes_err *e);

/* h:mm:ss, e.g. 0:00:05, 12:03:04, 250:00:00; negative values get a '-'. */
void duration_format(long seconds, char *buf, size_t n);

/* Writes the canonical YYYY-MM-DD into out and returns 0, or returns -1 with
 * a message in e such as bad date "2025-02-30": no such day */
int date_parse(const char *s, char out[11], struct lanes_err *e);
/* The same with relative dates counted from `now` instead of time(NULL). */
int date_parse_at(const char *s, time_t now, char out[11], struct lanes_err *e);

/* YYYY-MM-DD HH:MM in local time, always 16 characters; -1 (and "" when
 * n > 0) if buf is too small or the year is outside 0-9999. */
int time_format_local(long long epoch_ms, char *buf, size_t n);

#endif
