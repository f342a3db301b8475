/* A tiny TAP producer for unit tests: each RUN() is one TAP test point. */
#ifndef LANES_T_H
#define LANES_T_H

#include <stdio.h>
#include <string.h>

static int t_count, t_failed_points, t_cur_failed;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		t_cur_failed = 1; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *t_a = (a), *t_b = (b); \
	if (!t_a || !t_b || strcmp(t_a, t_b) != 0) { \
		printf("# %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
		    #a, t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
		t_cur_failed = 1; \
	} \
} while (0)

#define CHECK_INT(a, b) do { \
	long long t_a = (long long)(a), t_b = (long long)(b); \
	if (t_a != t_b) { \
		printf("# %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, t_a, t_b); \
		t_cur_failed = 1; \
	} \
} while (0)

#define RUN(fn) do { \
	t_cur_failed = 0; \
	fn(); \
	printf("%s %d - %s\n", t_cur_failed ? "not ok" : "ok", ++t_count, #fn); \
	t_failed_points += t_cur_failed; \
} while (0)

#define T_DONE() (printf("1..%d\n", t_count), t_failed_points ? 1 : 0)

#endif
