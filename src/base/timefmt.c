#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lanes/timefmt.h"
#include "lanes/util.h"

/* Numbers saturate here while parsing: anything this big is already far
 * past DURATION_MAX, and the products below cannot overflow. */
#define NUM_CAP 1000000000000ULL
/* Fraction digits past nine cannot change a whole second. */
#define FRAC_CAP 1000000000ULL

static const char duration_hint[] = "use 1h30m, 45m or 2:15";
static const char date_hint[] = "use YYYY-MM-DD, today, +3d, +2w, fri or next week";

enum parse_result { P_OK, P_JUNK, P_BIG, P_BARE };

struct number {
	unsigned long long whole, frac, scale;
};

static const char *
skip_ws(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* The user's input, quoted in an error message: printable ASCII only, since
 * the message ends up on the terminal, and short. */
static void
quote_input(const char *s, char *buf, size_t n)
{
	size_t i = 0;

	for (; *s && i + 4 < n; s++)
		buf[i++] = *s >= 0x20 && *s < 0x7F ? *s : '?';
	if (*s) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
}

static int
duration_error(struct lanes_err *e, const char *s, const char *why)
{
	char q[48];

	quote_input(s, q, sizeof(q));
	return err_set(e, "bad duration \"%s\": %s", q, why);
}

/* Digits with an optional fraction: "1", "1.5", ".5", "2.". */
static const char *
parse_number(const char *p, struct number *v)
{
	int digits = 0;

	v->whole = v->frac = 0;
	v->scale = 1;
	for (; isdigit((unsigned char)*p); p++, digits++) {
		v->whole = v->whole * 10 + (unsigned long long)(*p - '0');
		if (v->whole > NUM_CAP)
			v->whole = NUM_CAP;
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++) {
			if (v->scale < FRAC_CAP) {
				v->frac = v->frac * 10 + (unsigned long long)(*p - '0');
				v->scale *= 10;
			}
		}
	}
	return digits ? p : NULL;
}

struct unit {
	const char *name;
	int rank; /* units must come in increasing rank */
	unsigned long long seconds;
};

static const struct unit units[] = {
	{ "h", 0, 3600 }, { "hr", 0, 3600 }, { "hrs", 0, 3600 },
	{ "hour", 0, 3600 }, { "hours", 0, 3600 },
	{ "m", 1, 60 }, { "min", 1, 60 }, { "mins", 1, 60 },
	{ "minute", 1, 60 }, { "minutes", 1, 60 },
	{ "s", 2, 1 }, { "sec", 2, 1 }, { "secs", 2, 1 },
	{ "second", 2, 1 }, { "seconds", 2, 1 },
};

static const struct unit *
parse_unit(const char **pp)
{
	const char *p = *pp;
	size_t len = 0, i;

	while (isalpha((unsigned char)p[len]))
		len++;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (strlen(units[i].name) == len &&
		    strncasecmp(p, units[i].name, len) == 0) {
			*pp = p + len;
			return &units[i];
		}
	}
	return NULL;
}

static unsigned long long
number_times(const struct number *v, unsigned long long unit)
{
	return v->whole * unit + (v->frac * unit + v->scale / 2) / v->scale;
}

/* A number at the very end: "1h30" means minutes; "90" alone is ambiguous. */
static enum parse_result
bare_tail(const struct number *v, int rank, unsigned long long *total)
{
	if (rank < 0)
		return P_BARE;
	if (rank != 0 || v->scale != 1 || v->whole >= 60)
		return P_JUNK;
	*total += v->whole * 60;
	return P_OK;
}

static enum parse_result
parse_units(const char *p, unsigned long long *total)
{
	struct number v;
	const struct unit *u;
	int rank = -1;

	*total = 0;
	while (*p) {
		p = parse_number(p, &v);
		if (!p)
			return P_JUNK;
		p = skip_ws(p);
		if (!*p)
			return bare_tail(&v, rank, total);
		u = parse_unit(&p);
		if (!u || u->rank <= rank)
			return P_JUNK;
		rank = u->rank;
		*total += number_times(&v, u->seconds);
		if (*total > NUM_CAP)
			*total = NUM_CAP;
		p = skip_ws(p);
	}
	return P_OK;
}

/* Exactly two digits below 60, after a ':'. */
static const char *
parse_sexagesimal(const char *p, unsigned long long *v)
{
	if (*p != ':' || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || isdigit((unsigned char)p[3]))
		return NULL;
	*v = (unsigned long long)((p[1] - '0') * 10 + (p[2] - '0'));
	return *v < 60 ? p + 3 : NULL;
}

static enum parse_result
parse_clock(const char *p, unsigned long long *total)
{
	unsigned long long h = 0, m, sec = 0;

	if (!isdigit((unsigned char)*p))
		return P_JUNK;
	for (; isdigit((unsigned char)*p); p++) {
		h = h * 10 + (unsigned long long)(*p - '0');
		if (h > NUM_CAP)
			h = NUM_CAP;
	}
	p = parse_sexagesimal(p, &m);
	if (p && *p == ':')
		p = parse_sexagesimal(p, &sec);
	if (!p || *skip_ws(p))
		return P_JUNK;
	*total = h * 3600 + m * 60 + sec;
	return P_OK;
}

int
duration_parse(const char *s, long *seconds, struct lanes_err *e)
{
	const char *p;
	unsigned long long total = 0;
	enum parse_result r;

	if (!s || !*skip_ws(s))
		return err_set(e, "empty duration: %s", duration_hint);
	p = skip_ws(s);
	if (*p == '-')
		return duration_error(e, s, "must be positive");
	r = strchr(p, ':') ? parse_clock(p, &total) : parse_units(p, &total);
	if (r == P_BARE)
		return duration_error(e, s, "add a unit, as in 45m or 2h");
	if (r != P_OK)
		return duration_error(e, s, duration_hint);
	if (total == 0)
		return duration_error(e, s, "must be more than zero");
	if (total > (unsigned long long)DURATION_MAX)
		return duration_error(e, s, "longer than a year (8760h)");
	*seconds = (long)total;
	return 0;
}

static unsigned long
magnitude(long v)
{
	return v < 0 ? -(unsigned long)v : (unsigned long)v;
}

void
duration_format(long seconds, char *buf, size_t n)
{
	unsigned long v = magnitude(seconds);

	snprintf(buf, n, "%s%lu:%02lu:%02lu", seconds < 0 ? "-" : "",
	    v / 3600, v / 60 % 60, v % 60);
}

/* ---- dates ---- */

static bool
is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int
date_error(struct lanes_err *e, const char *s, const char *why)
{
	char q[48];

	quote_input(s, q, sizeof(q));
	return err_set(e, "bad date \"%s\": %s", q, why);
}

/* Digits by hand: snprintf's truncation warnings cannot see the ranges. */
static void
write_date(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static int
digits_at(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* t is the trimmed input, s the original for the message. */
static int
parse_iso(const char *t, const char *s, char out[11], struct lanes_err *e)
{
	int y, m, d;

	if (strlen(t) != 10 || t[4] != '-' || t[7] != '-')
		return date_error(e, s, date_hint);
	y = digits_at(t, 4);
	m = digits_at(t + 5, 2);
	d = digits_at(t + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return date_error(e, s, date_hint);
	if (y < 1900)
		return date_error(e, s, "year before 1900");
	if (m < 1 || m > 12)
		return date_error(e, s, "no such month");
	if (d < 1 || d > month_days(y, m))
		return date_error(e, s, "no such day");
	write_date(out, y, m, d);
	return 0;
}

/* tm, a local date moved by the forms below, as YYYY-MM-DD; noon keeps
 * DST changes away. */
static int
write_moved(struct tm *tm, const char *s, char out[11], struct lanes_err *e)
{
	tm->tm_hour = 12;
	tm->tm_min = tm->tm_sec = 0;
	tm->tm_isdst = -1;
	if (mktime(tm) == (time_t)-1 || tm->tm_year + 1900 < 1900 ||
	    tm->tm_year + 1900 > 9999)
		return date_error(e, s, "too far away");
	write_date(out, tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
	return 0;
}

/* "fri", "frid", "friday": 0 for Sunday, -1 for no day name. */
static int
weekday(const char *t)
{
	static const char *const names[] = {
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	};
	size_t len = strlen(t);

	for (int i = 0; len >= 3 && i < 7; i++)
		if (len <= strlen(names[i]) && strncasecmp(t, names[i], len) == 0)
			return i;
	return -1;
}

/* "+3d", "-2w": at most five digits, which is ~1900 years in weeks. */
static bool
parse_offset(const char *t, long *days)
{
	long n = 0;
	int digits = 0;
	const char *p = t + 1;

	if (*t != '+' && *t != '-')
		return false;
	for (; isdigit((unsigned char)*p) && digits < 6; p++, digits++)
		n = n * 10 + (*p - '0');
	if (digits == 0 || digits > 5 || !p[0] || p[1])
		return false;
	if (*p == 'w' || *p == 'W')
		n *= 7;
	else if (*p != 'd' && *p != 'D')
		return false;
	*days = *t == '-' ? -n : n;
	return true;
}

/* Moves tm (today) to the date t names relative to it; false when t
 * is no relative form. A weekday is the next one, never today. */
static bool
move_relative(const char *t, struct tm *tm)
{
	long days;
	int wday;

	if (strcasecmp(t, "today") == 0) {
		days = 0;
	} else if (strcasecmp(t, "tomorrow") == 0) {
		days = 1;
	} else if (strcasecmp(t, "yesterday") == 0) {
		days = -1;
	} else if (strcasecmp(t, "next week") == 0) {
		days = 7 - (tm->tm_wday + 6) % 7;  /* its Monday */
	} else if (strcasecmp(t, "next month") == 0) {
		tm->tm_mon++;
		tm->tm_mday = 1;
		return true;
	} else if ((wday = weekday(t)) >= 0) {
		days = (wday - tm->tm_wday + 6) % 7 + 1;
	} else if (!parse_offset(t, &days)) {
		return false;
	}
	tm->tm_mday += (int)days;
	return true;
}

int
date_parse_at(const char *s, time_t now, char out[11], struct lanes_err *e)
{
	char t[32];
	const char *p;
	size_t len;
	struct tm tm;

	if (!s || !*skip_ws(s))
		return err_set(e, "empty date: %s", date_hint);
	p = skip_ws(s);
	len = strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len >= sizeof(t))
		return date_error(e, s, date_hint);
	memcpy(t, p, len);
	t[len] = '\0';
	if (!localtime_r(&now, &tm))
		return date_error(e, s, "the clock is out of range");
	if (move_relative(t, &tm))
		return write_moved(&tm, s, out, e);
	return parse_iso(t, s, out, e);
}

int
date_parse(const char *s, char out[11], struct lanes_err *e)
{
	return date_parse_at(s, time(NULL), out, e);
}

int
time_format_local(long long epoch_ms, char *buf, size_t n)
{
	time_t t = (time_t)(epoch_ms / 1000 - (epoch_ms % 1000 < 0));
	struct tm tm;
	int len;

	if (n == 0)
		return -1;
	buf[0] = '\0';
	/* Past year 9999 or before year 0 the fixed layout would break. */
	if (!localtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900)
		return -1;
	len = snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	if (len < 0 || (size_t)len >= n) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}
