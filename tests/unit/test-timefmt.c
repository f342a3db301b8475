#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/timefmt.h"
#include "lanes/util.h"
#include "t.h"

/* 2024-02-28 00:00:00 UTC */
#define FEB28_2024 ((time_t)1709078400)

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
check_duration_ok(const char *s, long want)
{
	struct lanes_err e = { "" };
	long v = -1;

	if (duration_parse(s, &v, &e) != 0)
		printf("# duration_parse(\"%s\"): %s\n", s, e.msg);
	CHECK_INT(v, want);
}

static void
check_duration_bad(const char *s, const char *msg)
{
	struct lanes_err e = { "" };
	long v = 12345;

	CHECK_INT(duration_parse(s, &v, &e), -1);
	CHECK_INT(v, 12345);
	CHECK(e.msg[0] != '\0');
	if (msg)
		CHECK_STR(e.msg, msg);
}

static void
test_duration_units(void)
{
	check_duration_ok("1h30m", 5400);
	check_duration_ok("45m", 2700);
	check_duration_ok("2h", 7200);
	check_duration_ok("90s", 90);
	check_duration_ok("1h 30m", 5400);
	check_duration_ok("1h30m15s", 5415);
	check_duration_ok("1m 1s", 61);
	check_duration_ok("  45m  ", 2700);
	check_duration_ok("1H30M", 5400);
	check_duration_ok("1 h 30 min", 5400);
	check_duration_ok("2 hours", 7200);
	check_duration_ok("1 hour 5 minutes 3 seconds", 3903);
	check_duration_ok("3hrs 10mins", 11400);
	check_duration_ok("1h30", 5400);
	check_duration_ok("1h 5", 3900);
	check_duration_ok("8760h", DURATION_MAX);
	check_duration_ok("0h1s", 1);
	check_duration_ok("007m", 420);
}

static void
test_duration_fractions(void)
{
	check_duration_ok("1.5h", 5400);
	check_duration_ok(".5h", 1800);
	check_duration_ok("2.h", 7200);
	check_duration_ok("0.5m", 30);
	check_duration_ok("1.25m", 75);
	check_duration_ok("0.5s", 1);                  /* rounds half up */
	check_duration_ok("1.0001h", 3600);            /* 3600.36 s */
	check_duration_ok("0.999999999999999h", 3600);
	check_duration_ok("1.5h 10m", 6000);
}

static void
test_duration_clock(void)
{
	check_duration_ok("2:15", 8100);
	check_duration_ok("0:45", 2700);
	check_duration_ok("1:02:03", 3723);
	check_duration_ok("0:00:01", 1);
	check_duration_ok("100:00:00", 360000);
	check_duration_ok(" 2:15 ", 8100);
	check_duration_ok("8760:00", DURATION_MAX);
	check_duration_ok("8759:59:59", DURATION_MAX - 1);
}

static void
test_duration_rejects(void)
{
	check_duration_bad("", "empty duration: use 1h30m, 45m or 2:15");
	check_duration_bad("   ", "empty duration: use 1h30m, 45m or 2:15");
	check_duration_bad(NULL, "empty duration: use 1h30m, 45m or 2:15");
	check_duration_bad("abc", "bad duration \"abc\": use 1h30m, 45m or 2:15");
	check_duration_bad("-5m", "bad duration \"-5m\": must be positive");
	check_duration_bad(" -1:00", "bad duration \" -1:00\": must be positive");
	check_duration_bad("0m", "bad duration \"0m\": must be more than zero");
	check_duration_bad("0:00", "bad duration \"0:00\": must be more than zero");
	check_duration_bad("0.1s", "bad duration \"0.1s\": must be more than zero");
	check_duration_bad("90", "bad duration \"90\": add a unit, as in 45m or 2h");
	check_duration_bad("1.5", "bad duration \"1.5\": add a unit, as in 45m or 2h");
	check_duration_bad("8761h", "bad duration \"8761h\": longer than a year (8760h)");
	check_duration_bad("8760h1s", "bad duration \"8760h1s\": longer than a year (8760h)");
	check_duration_bad("8760:00:01", NULL);
	check_duration_bad("99999999999999999999999999h", "bad duration "
	    "\"99999999999999999999999999h\": longer than a year (8760h)");
	check_duration_bad("99999999999999999999999999:00", NULL);
	check_duration_bad("1.99999999999999999999999999e9h", NULL);
}

static void
test_duration_rejects_junk(void)
{
	static const char *junk[] = {
		"h", "m30", "1x", "1h-30m", "30m1h", "1h1h", "1m1h", "1h30m junk",
		"1..5h", "1h30 5", "1h90", "1h1.5", "1m30", "+1h", "1e3s", "1,5h",
		"1:60", "1:5", "1:005", "1:05:60", "1:05:", "1:00:00:00", ":30",
		"1::30", "1:30m", "a:30", "1 :30", "1h:30", "\xE4\xB8\xAD", "1h\t30m\x01",
		".h", ".",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		struct lanes_err e = { "" };
		long v = 7;

		if (duration_parse(junk[i], &v, &e) != -1)
			printf("# accepted \"%s\" as %ld\n", junk[i], v);
		CHECK(v == 7);
		CHECK(str_has_prefix(e.msg, "bad duration \""));
	}
}

static void
test_duration_message_is_safe(void)
{
	struct lanes_err e = { "" };
	long v;
	char *s;
	size_t i;

	CHECK_INT(duration_parse("\x1b[31mx\x9b", &v, &e), -1);
	CHECK_STR(e.msg, "bad duration \"?[31mx?\": use 1h30m, 45m or 2:15");
	s = xmalloc(5001);
	memset(s, 'x', 5000);
	s[5000] = '\0';
	CHECK_INT(duration_parse(s, &v, &e), -1);
	CHECK(strlen(e.msg) < 120);
	CHECK(strstr(e.msg, "...\"") != NULL);
	for (i = 0; e.msg[i]; i++)
		CHECK(e.msg[i] >= 0x20 && e.msg[i] < 0x7f);
	free(s);
	/* A NULL error is allowed. */
	CHECK_INT(duration_parse("junk", &v, NULL), -1);
}

static void
test_duration_format(void)
{
	char buf[32];

	duration_format(5, buf, sizeof(buf));
	CHECK_STR(buf, "0:00:05");
	duration_format(12 * 3600 + 3 * 60 + 4, buf, sizeof(buf));
	CHECK_STR(buf, "12:03:04");
	duration_format(0, buf, sizeof(buf));
	CHECK_STR(buf, "0:00:00");
	duration_format(360000, buf, sizeof(buf));
	CHECK_STR(buf, "100:00:00");
	duration_format(DURATION_MAX, buf, sizeof(buf));
	CHECK_STR(buf, "8760:00:00");
	duration_format(-65, buf, sizeof(buf));
	CHECK_STR(buf, "-0:01:05");
	duration_format(LONG_MIN, buf, sizeof(buf));
	CHECK(buf[0] == '-');
	duration_format(LONG_MAX, buf, sizeof(buf));
	CHECK(strlen(buf) > 8);
	duration_format(3723, buf, 4);
	CHECK_STR(buf, "1:0");
	duration_format(3723, buf, 0);
}

/* h:mm:ss parses back exactly. */
static void
test_duration_round_trip(void)
{
	char buf[32];
	long v, back;

	for (v = 1; v <= DURATION_MAX; v += v / 3 + 7) {
		duration_format(v, buf, sizeof(buf));
		back = 0;
		CHECK_INT(duration_parse(buf, &back, NULL), 0);
		CHECK_INT(back, v);
	}
}

static void
check_date(const char *s, const char *want)
{
	struct lanes_err e = { "" };
	char out[11] = "";

	if (date_parse_at(s, FEB28_2024 + 12 * 3600, out, &e) != 0)
		printf("# date_parse(\"%s\"): %s\n", s, e.msg);
	CHECK_STR(out, want);
}

/* s read at now, in the TZ set */
static void
check_date_at(time_t now, const char *s, const char *want)
{
	struct lanes_err e = { "" };
	char out[11] = "";

	if (date_parse_at(s, now, out, &e) != 0)
		printf("# date_parse(\"%s\"): %s\n", s, e.msg);
	CHECK_STR(out, want);
}

static void
check_date_bad(const char *s, const char *msg)
{
	struct lanes_err e = { "" };
	char out[11] = "unchanged";

	CHECK_INT(date_parse_at(s, FEB28_2024 + 12 * 3600, out, &e), -1);
	CHECK(e.msg[0] != '\0');
	if (msg)
		CHECK_STR(e.msg, msg);
}

static void
test_date_iso(void)
{
	check_date("2024-02-29", "2024-02-29");
	check_date("2000-02-29", "2000-02-29");
	check_date("2025-04-30", "2025-04-30");
	check_date("2025-12-31", "2025-12-31");
	check_date("1900-01-01", "1900-01-01");
	check_date("9999-12-31", "9999-12-31");
	check_date("  2025-01-02 ", "2025-01-02");
}

static void
test_date_iso_rejects(void)
{
	check_date_bad("2023-02-29", "bad date \"2023-02-29\": no such day");
	check_date_bad("2025-02-30", "bad date \"2025-02-30\": no such day");
	check_date_bad("1900-02-29", "bad date \"1900-02-29\": no such day");
	check_date_bad("2100-02-29", NULL);
	check_date_bad("2025-04-31", NULL);
	check_date_bad("2025-01-32", NULL);
	check_date_bad("2025-01-00", "bad date \"2025-01-00\": no such day");
	check_date_bad("2025-13-01", "bad date \"2025-13-01\": no such month");
	check_date_bad("2025-00-10", "bad date \"2025-00-10\": no such month");
	check_date_bad("1899-12-31", "bad date \"1899-12-31\": year before 1900");
	check_date_bad("0000-01-01", NULL);
	check_date_bad("x", "bad date \"x\": use YYYY-MM-DD, today, +3d, +2w, fri or next week");
	check_date_bad("", "empty date: use YYYY-MM-DD, today, +3d, +2w, fri or next week");
	check_date_bad(NULL, NULL);
	check_date_bad("2025-1-01", NULL);
	check_date_bad("2025/01/01", NULL);
	check_date_bad("20250101", NULL);
	check_date_bad("2025-01-01x", NULL);
	check_date_bad("2025-01-01 10:00", NULL);
	check_date_bad("+2025-01-01", NULL);
	check_date_bad("-025-01-01", NULL);
	check_date_bad("2025-0a-01", NULL);
	check_date_bad("2025-01-01\x1b[31m", NULL);
}

static void
test_date_relative(void)
{
	set_tz("UTC0");
	check_date("today", "2024-02-28");
	check_date("TODAY", "2024-02-28");
	check_date("tomorrow", "2024-02-29");
	check_date("yesterday", "2024-02-27");
	check_date("+0d", "2024-02-28");
	check_date("+1d", "2024-02-29");
	check_date("+2d", "2024-03-01");
	check_date("+3D", "2024-03-02");
	check_date("+1w", "2024-03-06");
	check_date("+2w", "2024-03-13");
	check_date("-1w", "2024-02-21");
	check_date("+366d", "2025-02-28");
	check_date("+99999d", "2297-12-12");
	check_date_bad("+999999d", NULL);
	check_date_bad("-99999w", "bad date \"-99999w\": too far away");
	check_date_bad("+3x", NULL);
	check_date_bad("+d", NULL);
	check_date_bad("3d", NULL);
	check_date_bad("+3dd", NULL);
	check_date_bad("+ 3d", NULL);
	check_date_bad("today!", NULL);
}

/* From Wednesday 2024-02-28 (a leap year's February). */
static void
test_date_words(void)
{
	set_tz("UTC0");
	check_date("thu", "2024-02-29");
	check_date("fri", "2024-03-01");
	check_date("Friday", "2024-03-01");
	check_date("FRID", "2024-03-01");
	check_date("wed", "2024-03-06");  /* never today */
	check_date("wednesday", "2024-03-06");
	check_date("tue", "2024-03-05");
	check_date("sun", "2024-03-03");
	check_date("mon", "2024-03-04");
	check_date("sat", "2024-03-02");
	check_date("next week", "2024-03-04");
	check_date(" Next Week ", "2024-03-04");
	check_date("next month", "2024-03-01");
	check_date_bad("fr", "bad date \"fr\": use YYYY-MM-DD, today, +3d, +2w, fri or next week");
	check_date_bad("fridays", NULL);
	check_date_bad("next", NULL);
	check_date_bad("next year", NULL);
	check_date_bad("nextweek", NULL);
}

/* Across a year's end, from Monday 2024-12-30 and Tuesday 2024-12-31, and
 * from the last day of a month. */
static void
test_date_words_year_end(void)
{
	time_t mon = (time_t)1735516800 + 12 * 3600, jan31 = (time_t)1706659200 + 12 * 3600;

	set_tz("UTC0");
	check_date_at(mon, "next week", "2025-01-06");
	check_date_at(mon, "mon", "2025-01-06");
	check_date_at(mon, "sun", "2025-01-05");
	check_date_at(mon, "wed", "2025-01-01");
	check_date_at(mon, "next month", "2025-01-01");
	check_date_at(mon + 86400, "next month", "2025-01-01");
	check_date_at(mon + 86400, "next week", "2025-01-06");
	check_date_at(mon - 86400, "next week", "2024-12-30"); /* from a Sunday */
	check_date_at(jan31, "next month", "2024-02-01");
	check_date_at(jan31, "thu", "2024-02-01");
}

/* The day is the local one, and a DST change does not move it. */
static void
test_date_words_tz(void)
{
	time_t wed_20h = FEB28_2024 + 20 * 3600;
	/* Saturday evenings before the spring and autumn changes in New York */
	time_t mar9 = FEB28_2024 + 10 * 86400 + 23 * 3600 + 30 * 60;
	time_t nov2 = (time_t)1730505600 + 23 * 3600 + 30 * 60;

	set_tz("JST-9"); /* Thursday 05:00 there */
	check_date_at(wed_20h, "thu", "2024-03-07");
	check_date_at(wed_20h, "fri", "2024-03-01");
	check_date_at(wed_20h, "next month", "2024-03-01");
	set_tz("HST10"); /* Wednesday 10:00 there */
	check_date_at(wed_20h, "thu", "2024-02-29");
	set_tz("EST5EDT,M3.2.0,M11.1.0");
	check_date_at(mar9, "sun", "2024-03-10");
	check_date_at(mar9, "next week", "2024-03-11");
	check_date_at(mar9, "sat", "2024-03-16");
	check_date_at(nov2, "sun", "2024-11-03");
	check_date_at(nov2, "mon", "2024-11-04");
	check_date_at(nov2, "next month", "2024-12-01");
	set_tz("UTC0");
}

static void
test_date_relative_honours_tz(void)
{
	struct lanes_err e;
	char out[11];
	time_t now = FEB28_2024 + 20 * 3600; /* 20:00 UTC */

	set_tz("HST10");
	CHECK_INT(date_parse_at("today", now, out, &e), 0);
	CHECK_STR(out, "2024-02-28");
	set_tz("JST-9");
	CHECK_INT(date_parse_at("today", now, out, &e), 0);
	CHECK_STR(out, "2024-02-29");
	CHECK_INT(date_parse_at("tomorrow", now, out, &e), 0);
	CHECK_STR(out, "2024-03-01");
	/* Across a DST change: 2024-03-10 is 23 hours long in New York. */
	set_tz("EST5EDT,M3.2.0,M11.1.0");
	now = FEB28_2024 + 10 * 86400 + 23 * 3600 + 30 * 60; /* 03-09 18:30 EST */
	CHECK_INT(date_parse_at("+1d", now, out, &e), 0);
	CHECK_STR(out, "2024-03-10");
	CHECK_INT(date_parse_at("+2d", now, out, &e), 0);
	CHECK_STR(out, "2024-03-11");
	set_tz("UTC0");
}

static void
test_date_parse_now(void)
{
	struct lanes_err e;
	char out[11], want[11];
	time_t now = time(NULL);
	struct tm tm;

	set_tz("UTC0");
	localtime_r(&now, &tm);
	strftime(want, sizeof(want), "%Y-%m-%d", &tm);
	CHECK_INT(date_parse("today", out, &e), 0);
	CHECK_STR(out, want); /* flaky only across midnight UTC */
	CHECK_INT(date_parse("2024-02-29", out, &e), 0);
	CHECK_STR(out, "2024-02-29");
}

static void
test_time_format_local(void)
{
	char buf[32];

	set_tz("UTC0");
	CHECK_INT(time_format_local(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "1970-01-01 00:00");
	CHECK_INT(time_format_local((FEB28_2024 + 12 * 3600 + 34 * 60 + 59) * 1000LL + 999,
	    buf, sizeof(buf)), 0);
	CHECK_STR(buf, "2024-02-28 12:34");
	CHECK_INT(time_format_local(-1, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "1969-12-31 23:59");
	set_tz("JST-9");
	CHECK_INT(time_format_local(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "1970-01-01 09:00");
	set_tz("UTC0");
	CHECK_INT(time_format_local(0, buf, 16), -1);
	CHECK_STR(buf, "");
	CHECK_INT(time_format_local(0, buf, 17), 0);
	CHECK_INT(time_format_local(0, buf, 0), -1);
	/* Years outside 0-9999 would break the layout. */
	CHECK_INT(time_format_local(LLONG_MAX, buf, sizeof(buf)), -1);
	CHECK_STR(buf, "");
	CHECK_INT(time_format_local(LLONG_MIN, buf, sizeof(buf)), -1);
	CHECK_INT(time_format_local(253402300799999LL, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "9999-12-31 23:59");
	CHECK_INT(time_format_local(253402300800000LL, buf, sizeof(buf)), -1);
	CHECK_INT(time_format_local(-62167219200000LL, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0000-01-01 00:00");
	CHECK_INT(time_format_local(-62135596800000LL + 86400000LL * 400, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0002-02-05 00:00");
}

int
main(void)
{
	set_tz("UTC0");
	RUN(test_duration_units);
	RUN(test_duration_fractions);
	RUN(test_duration_clock);
	RUN(test_duration_rejects);
	RUN(test_duration_rejects_junk);
	RUN(test_duration_message_is_safe);
	RUN(test_duration_format);
	RUN(test_duration_round_trip);
	RUN(test_date_iso);
	RUN(test_date_iso_rejects);
	RUN(test_date_relative);
	RUN(test_date_words);
	RUN(test_date_words_year_end);
	RUN(test_date_words_tz);
	RUN(test_date_relative_honours_tz);
	RUN(test_date_parse_now);
	RUN(test_time_format_local);
	return T_DONE();
}
