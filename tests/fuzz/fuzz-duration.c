/* Fuzz target for the time module: parsed durations are in range and
 * survive a trip through both formats, parsed dates are canonical and parse
 * to themselves, errors are printable ASCII, and the formatters stay inside
 * their buffers. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanes/timefmt.h"
#include "lanes/util.h"
#include "fuzz.h"

/* 2024-03-09 23:30 UTC, the evening before a DST change in New York. */
#define FUZZ_NOW ((time_t)1710027000)

static void
check_message(const struct lanes_err *e)
{
	const char *p;

	FUZZ_ASSERT(e->msg[0] != '\0');
	for (p = e->msg; *p; p++)
		FUZZ_ASSERT(*p >= 0x20 && *p < 0x7F);
}

static void
check_duration(const char *s)
{
	struct lanes_err e = { "" };
	long v = -1, back = -1;
	char buf[32];

	if (duration_parse(s, &v, &e) != 0) {
		check_message(&e);
		FUZZ_ASSERT(v == -1);
		return;
	}
	FUZZ_ASSERT(v > 0 && v <= DURATION_MAX);
	duration_format(v, buf, sizeof(buf));
	FUZZ_ASSERT(duration_parse(buf, &back, NULL) == 0 && back == v);
}

static bool
is_canonical_date(const char *d)
{
	int i;

	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return false;
	return true;
}

static void
check_date(const char *s)
{
	struct lanes_err e = { "" };
	char out[11], again[11];

	if (date_parse_at(s, FUZZ_NOW, out, &e) != 0) {
		check_message(&e);
		return;
	}
	FUZZ_ASSERT(is_canonical_date(out));
	FUZZ_ASSERT(strcmp(out, "1900-01-01") >= 0);
	FUZZ_ASSERT(date_parse_at(out, FUZZ_NOW, again, &e) == 0);
	FUZZ_ASSERT(strcmp(out, again) == 0);
}

/* The formatters with numbers and buffer sizes taken from the input. */
static void
check_formatters(const uint8_t *data, size_t size)
{
	long long v = 0;
	size_t i, n;
	char buf[40];

	for (i = 0; i < size && i < 8; i++)
		v = (long long)((unsigned long long)v << 8 | data[i]);
	n = size > 8 ? data[8] % sizeof(buf) : sizeof(buf);
	memset(buf, 'X', sizeof(buf));
	duration_format((long)v, buf, n);
	FUZZ_ASSERT(n == 0 || memchr(buf, '\0', n) != NULL);
	if (time_format_local(v, buf, n) == 0)
		FUZZ_ASSERT(strlen(buf) == 16 && n > 16);
	else if (n > 0)
		FUZZ_ASSERT(buf[0] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *s;

	if (!ready) {
		setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
		tzset();
		ready = true;
	}
	s = xstrndup((const char *)data, size);
	check_duration(s);
	check_date(s);
	check_formatters(data, size);
	free(s);
	return 0;
}
