#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "lanes/util.h"
#include "t.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */
#define ELL "\xE2\x80\xA6" /* U+2026 */

/* String literals may hold NUL, so their length comes from sizeof. */
#define CHECK_SAN(in, want) do { \
	char *t_o = text_sanitize((in), sizeof(in) - 1); \
	CHECK_STR(t_o, (want)); \
	free(t_o); \
} while (0)

#define CHECK_SAN_ML(in, want) do { \
	char *t_o = text_sanitize_multiline((in), sizeof(in) - 1); \
	CHECK_STR(t_o, (want)); \
	free(t_o); \
} while (0)

static void
test_plain_text_passes(void)
{
	CHECK_SAN("hello world", "hello world");
	CHECK_SAN("h\xC3\xA9llo \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80", "h\xC3\xA9llo \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
	CHECK_SAN("e\xCC\x81", "e\xCC\x81");
	CHECK_SAN("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"); /* U+10FFFF is valid */
	CHECK_SAN("a\xE2\x80\x8D" "b", "a\xE2\x80\x8D" "b"); /* ZWJ stays */
	CHECK_SAN("", "");
}

static void
test_null_input(void)
{
	char *o = text_sanitize(NULL, 0);

	CHECK_STR(o, "");
	free(o);
	o = text_sanitize_multiline(NULL, 0);
	CHECK_STR(o, "");
	free(o);
}

static void
test_csi_removed(void)
{
	CHECK_SAN("\x1b[31mred\x1b[0m", "red");
	CHECK_SAN("\x1b[1;38;2;255;0;0mX\x1b[m", "X");
	CHECK_SAN("a\x1b[2J\x1b[Hb", "ab");
	CHECK_SAN("\x1b[?25lhidden cursor", "hidden cursor");
	CHECK_SAN("\x1b[6n", ""); /* a status report request */
	CHECK_SAN("x\x1b[ q", "x"); /* intermediate byte, then final */
}

static void
test_osc_removed(void)
{
	/* OSC 52 would set the clipboard. */
	CHECK_SAN("a\x1b]52;c;ZXZpbA==\x07" "b", "ab");
	CHECK_SAN("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab");
	/* OSC 8 hyperlinks: the visible text stays, the target goes. */
	CHECK_SAN("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click");
	CHECK_SAN("\x1b]8;;http://evil.example/\x07" "click\x1b]8;;\x07", "click");
	CHECK_SAN("\x1b]0;window title\x07text", "text");
	/* A UTF-8 character ending in byte 0x9C (U+201C) is not ST. */
	CHECK_SAN("\x1b]8;;http://x/\xE2\x80\x9C\x1b\\link", "link");
}

static void
test_string_controls_removed(void)
{
	CHECK_SAN("a\x1bP1$r0m\x1b\\b", "ab");   /* DCS */
	CHECK_SAN("a\x1b_apc payload\x1b\\b", "ab"); /* APC */
	CHECK_SAN("a\x1b^pm\x1b\\b", "ab");       /* PM */
	CHECK_SAN("a\x1bXsos\x1b\\b", "ab");      /* SOS */
}

static void
test_eight_bit_c1(void)
{
	/* Raw C1 bytes are invalid UTF-8: shown as U+FFFD, never obeyed, and
	 * they do not swallow what follows. */
	CHECK_SAN("a\x9b" "31mb", "a" R "31mb");
	CHECK_SAN("a\x9d" "0;title\x9c" "b", "a" R "0;title" R "b");
	CHECK_SAN("a\x90" "dcs\x9c" "b", "a" R "dcs" R "b");
	CHECK_SAN("a\x85" "b", "a" R "b");
	CHECK_SAN("\x80\x9f", R R);
	/* Nor do they end or abort a string control. */
	CHECK_SAN("\x1b]0;a\x9c" "b\x9b\x07" "c", "c");
}

static void
test_c1_in_utf8(void)
{
	CHECK_SAN("a\xC2\x9B" "31mb", "ab");
	CHECK_SAN("a\xC2\x9D" "52;c;eA==\xC2\x9C" "b", "ab");
	CHECK_SAN("a\xC2\x9D" "52;c;eA==\x07" "b", "ab");
	CHECK_SAN("a\xC2\x85" "b", "a" R "b");
	CHECK_SAN("\xC2\x80\xC2\x9F", R R);
	CHECK_SAN("\xC2\xA0", "\xC2\xA0"); /* NBSP is not a control */
}

static void
test_short_escapes_removed(void)
{
	CHECK_SAN("a\x1b" "7b\x1b" "8c", "abc"); /* save / restore cursor */
	CHECK_SAN("\x1b(Bx", "x");              /* charset designation */
	CHECK_SAN("\x1b=\x1b>x", "x");
	CHECK_SAN("\x1b" "cx", "x");            /* full reset */
	CHECK_SAN("\x1bNx", "x");
}

static void
test_broken_sequences(void)
{
	CHECK_SAN("abc\x1b", "abc" R);
	CHECK_SAN("\x1b\x01", R R);
	CHECK_SAN("\x1b\xC3\xA9", R "\xC3\xA9");
	CHECK_SAN("a\x1b[31", "a" R "[31");
	CHECK_SAN("\x1b[31\x01m", R "[31" R "m");
	CHECK_SAN("a\x1b]0;title", "a" R "]0;title");
	CHECK_SAN("a\xC2\x9D" "0;title", "a" R "0;title");
	CHECK_SAN("a\xC2\x9B", "a" R);
	CHECK_SAN("a\xC2\x9B" "1;2", "a" R "1;2");
	/* A new ESC or C1 ends a string control; CAN and SUB cancel it. */
	CHECK_SAN("\x1b]0;x\x1b[1mtext", "text");
	CHECK_SAN("\x1b]0;x\xC2\x9B" "1mtext", "text");
	CHECK_SAN("\x1b]0;x\xC2\x85" "y", R "y");
	CHECK_SAN("\x1b]0;x\x18y", "y");
	CHECK_SAN("\x1b]0;x\x1ay", "y");
	CHECK_SAN("\x1b]0;x\x1b", R);
}

static void
test_c0_and_del(void)
{
	CHECK_SAN("a\x01" "b\x7f" "c", "a" R "b" R "c");
	CHECK_SAN("a\0b", "a" R "b");
	CHECK_SAN("\x07\x08", R R);
	CHECK_SAN("\x1f", R);
}

static void
test_single_line_space(void)
{
	CHECK_SAN("a\tb\nc\r\nd\re", "a b c d e");
	CHECK_SAN("a\vb\fc", "a b c");
	CHECK_SAN("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a b c");
	CHECK_SAN("\r\n\r\n", "  ");
}

static void
test_multiline_space(void)
{
	CHECK_SAN_ML("a\tb\nc\r\nd\re", "a    b\nc\nd\ne");
	CHECK_SAN_ML("a\vb\fc", "a b c");
	CHECK_SAN_ML("a\xE2\x80\xA8" "b", "a\nb");
	CHECK_SAN_ML("one\n\ntwo\n", "one\n\ntwo\n");
	CHECK_SAN_ML("x\x1b[31m\ny\x01", "x\ny" R);
	CHECK_SAN_ML("\r\r\n", "\n\n");
}

static void
test_bidi_removed(void)
{
	CHECK_SAN("abc\xE2\x80\xAE" "fed", "abcfed");       /* U+202E RLO */
	CHECK_SAN("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", "");
	CHECK_SAN("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9", "");
	CHECK_SAN("a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d", "abcd");
	CHECK_SAN("\xE2\x80\xA9", " "); /* neighbour U+2029 is not bidi */
	CHECK_SAN("\xE2\x81\xAA", "\xE2\x81\xAA"); /* U+206A is out of range */
}

static void
test_invalid_utf8(void)
{
	CHECK_SAN("\xff", R);
	CHECK_SAN("a\xfe" "b", "a" R "b");
	CHECK_SAN("\xC0\xAF", R R);               /* overlong '/' */
	CHECK_SAN("\xE0\x80\xAF", R R R);         /* overlong '/', 3 bytes */
	CHECK_SAN("\xF0\x80\x80\xAF", R R R R);   /* overlong '/', 4 bytes */
	CHECK_SAN("\xED\xA0\x80", R R R);         /* surrogate U+D800 */
	CHECK_SAN("\xF4\x90\x80\x80", R R R R);   /* past U+10FFFF */
	CHECK_SAN("\xF5\x80", R R);
	CHECK_SAN("\xA0", R);                     /* stray continuation */
	CHECK_SAN("\xE2\x82" "A", R "A");         /* maximal subpart */
}

static void
test_truncated_at_end(void)
{
	CHECK_SAN("abc\xE4\xB8", "abc" R);
	CHECK_SAN("abc\xE4", "abc" R);
	CHECK_SAN("\xF0\x9F\x98", R);
	CHECK_SAN("\xC3", R);
	/* The length given wins over the bytes after it. */
	{
		char *o = text_sanitize("\xE4\xB8\xAD", 2);

		CHECK_STR(o, R);
		free(o);
	}
}

static char *
repeat(const char *unit, size_t times, size_t *len)
{
	size_t k = strlen(unit), i;
	char *s = xmalloc(k * times + 1);

	for (i = 0; i < times; i++)
		memcpy(s + i * k, unit, k);
	s[k * times] = '\0';
	*len = k * times;
	return s;
}

static void
test_huge_input_capped(void)
{
	size_t len;
	char *in, *o;

	in = repeat("a", 3 * TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK_INT(strlen(o), TEXT_MAX_OUT);
	free(o);
	free(in);

	/* Three-byte characters: the cut falls on a character boundary. */
	in = repeat("\xE4\xB8\xAD", TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK_INT(strlen(o), TEXT_MAX_OUT / 3 * 3);
	CHECK(memcmp(o + strlen(o) - 3, "\xE4\xB8\xAD", 3) == 0);
	free(o);
	free(in);

	/* Tabs grow four times in multi-line text. */
	in = repeat("\t", TEXT_MAX_OUT, &len);
	o = text_sanitize_multiline(in, len);
	CHECK_INT(strlen(o), TEXT_MAX_OUT);
	free(o);
	free(in);
}

static void
test_huge_hostile_input_is_fast(void)
{
	size_t len;
	char *in, *o;

	/* Each of these would be quadratic with a naive rescan. */
	/* Each string control ends at the next introducer; the last one is
	 * unterminated, so it shows as U+FFFD and whatever follows it. */
	in = repeat("\xC2\x9D", 2 * TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK_STR(o, R);
	free(o);
	free(in);

	in = repeat("\x1b]", 2 * TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK_STR(o, R "]");
	free(o);
	free(in);

	in = repeat("\x1b[1;", TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK(strlen(o) > 0 && strlen(o) <= TEXT_MAX_OUT);
	free(o);
	free(in);

	in = repeat("\xff", 2 * TEXT_MAX_OUT, &len);
	o = text_sanitize(in, len);
	CHECK_INT(strlen(o), TEXT_MAX_OUT / 3 * 3);
	free(o);
	free(in);
}

static void
test_sanitize_idempotent(void)
{
	static const char *samples[] = {
		"\x1b[31mred\x1b[0m\tx\n",
		"a\x1b]0;t\033b\xC0\xAF\xE2\x80\xAE\r\n\x9b",
		"\xF0\x9F\x98\x80 e\xCC\x81 \xE4\xB8\xAD\x7f\x01",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		char *a = text_sanitize(samples[i], strlen(samples[i]));
		char *b = text_sanitize(a, strlen(a));
		char *c = text_sanitize_multiline(samples[i], strlen(samples[i]));
		char *d = text_sanitize_multiline(c, strlen(c));

		CHECK_STR(b, a);
		CHECK_STR(d, c);
		free(a);
		free(b);
		free(c);
		free(d);
	}
}

static void
test_width(void)
{
	CHECK_INT(text_width(NULL), 0);
	CHECK_INT(text_width(""), 0);
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("\xE4\xB8\xAD\xE6\x96\x87"), 4);         /* 中文 */
	CHECK_INT(text_width("\xED\x95\x9C\xEA\xB5\xAD"), 4);         /* 한국 */
	CHECK_INT(text_width("\xEF\xBD\xB1"), 1);                     /* halfwidth ｱ */
	CHECK_INT(text_width("\xEF\xBC\xA1"), 2);                     /* fullwidth Ａ */
	CHECK_INT(text_width("\xF0\x9F\x98\x80"), 2);                 /* 😀 */
	CHECK_INT(text_width("\xF0\x9F\x91\x8D x"), 4);               /* 👍 x */
	CHECK_INT(text_width("e\xCC\x81"), 1);                        /* e + acute */
	CHECK_INT(text_width("a\xE2\x80\x8B" "b"), 2);                /* ZWSP */
	CHECK_INT(text_width("\xCC\x81"), 0);
	CHECK_INT(text_width(R), 1);
	CHECK_INT(text_width(ELL), 1);
	CHECK_INT(text_width("\xff"), 1);
}

static void
check_fit(const char *s, int cols, const char *want, int want_cols)
{
	char out[64];
	int used = -1;
	size_t n = text_fit(s, cols, out, sizeof(out), &used);

	CHECK_STR(out, want);
	CHECK_INT(used, want_cols);
	CHECK_INT(n, strlen(want));
	CHECK_INT(text_width(out), used);
}

static void
test_fit_ascii(void)
{
	check_fit("hello", 10, "hello", 5);
	check_fit("hello", 5, "hello", 5);
	check_fit("hello world", 5, "hell" ELL, 5);
	check_fit("hello", 4, "hel" ELL, 4);
	check_fit("hello", 2, "h" ELL, 2);
	check_fit("hello", 1, ELL, 1);
	check_fit("hello", 0, "", 0);
	check_fit("hello", -3, "", 0);
	check_fit("", 5, "", 0);
	check_fit(NULL, 5, "", 0);
}

static void
test_fit_wide(void)
{
	const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97"; /* 中文字 */
	const char *emoji = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80";

	check_fit(cjk, 6, cjk, 6);
	check_fit(cjk, 5, "\xE4\xB8\xAD\xE6\x96\x87" ELL, 5);
	check_fit(cjk, 4, "\xE4\xB8\xAD" ELL, 3);
	check_fit(cjk, 3, "\xE4\xB8\xAD" ELL, 3);
	check_fit(cjk, 2, ELL, 1);
	check_fit("a\xE4\xB8\xAD" "b", 3, "a" ELL, 2);
	check_fit("a\xE4\xB8\xAD", 3, "a\xE4\xB8\xAD", 3);
	check_fit(emoji, 5, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80" ELL, 5);
	check_fit(emoji, 4, "\xF0\x9F\x98\x80" ELL, 3);
}

static void
test_fit_combining(void)
{
	const char *e3 = "e\xCC\x81" "e\xCC\x81" "e\xCC\x81";

	check_fit(e3, 3, e3, 3);
	check_fit(e3, 2, "e\xCC\x81" ELL, 2);
	/* A leading lone mark is a cluster of width zero. */
	check_fit("\xCC\x81" "abc", 2, "\xCC\x81" "a" ELL, 2);
}

static void
test_fit_small_buffer(void)
{
	char out[8];
	int used;

	CHECK_INT(text_fit("hello", 10, out, 4, &used), 3);
	CHECK_STR(out, ELL);
	CHECK_INT(used, 1);
	CHECK_INT(text_fit("hello world", 10, out, 6, &used), 5);
	CHECK_STR(out, "he" ELL);
	CHECK_INT(used, 3);
	/* Too small for the ellipsis: a plain cut. */
	CHECK_INT(text_fit("hello", 10, out, 2, &used), 1);
	CHECK_STR(out, "h");
	CHECK_INT(used, 1);
	CHECK_INT(text_fit("hello", 10, out, 1, &used), 0);
	CHECK_STR(out, "");
	memcpy(out, "xyz", 4);
	CHECK_INT(text_fit("hello", 10, out, 0, &used), 0);
	CHECK_STR(out, "xyz");
	CHECK_INT(used, 0);
	/* A multi-byte character is not cut by the byte limit. */
	CHECK_INT(text_fit("\xE4\xB8\xAD\xE6\x96\x87", 10, out, 5, NULL), 3);
	CHECK_STR(out, ELL);
	CHECK_INT(text_fit("\xE4\xB8\xAD", 10, out, 4, NULL), 3);
	CHECK_STR(out, "\xE4\xB8\xAD");
}

static void
test_fit_every_width(void)
{
	const char *s = "ab\xE4\xB8\xAD" "e\xCC\x81\xF0\x9F\x98\x80 x\xE6\x96\x87";
	int full = text_width(s), cols, used;
	char out[64];

	for (cols = 0; cols <= full + 2; cols++) {
		size_t n = text_fit(s, cols, out, sizeof(out), &used);

		CHECK(used <= cols);
		CHECK_INT(text_width(out), used);
		CHECK_INT(n, strlen(out));
		if (cols >= full)
			CHECK_STR(out, s);
		else if (cols > 0)
			CHECK(n >= 3 && strcmp(out + n - 3, ELL) == 0);
		/* Only a wide character can leave a gap, of one column. */
		CHECK(cols == 0 || cols > full || used >= cols - 1);
	}
}

static int
wrap_check(const char *s, int cols, const char **want, int nwant)
{
	char **lines;
	int n = text_wrap(s, cols, &lines), i;

	CHECK_INT(n, nwant);
	for (i = 0; i < n && i < nwant; i++)
		CHECK_STR(lines[i], want[i]);
	text_lines_free(lines, n);
	return n;
}

#define WRAP(s, cols, ...) do { \
	const char *w_want[] = { __VA_ARGS__ }; \
	wrap_check((s), (cols), w_want, (int)ARRAY_SIZE(w_want)); \
} while (0)

static void
test_wrap_words(void)
{
	WRAP("hello world", 20, "hello world");
	WRAP("hello world", 11, "hello world");
	WRAP("hello world", 10, "hello", "world");
	WRAP("hello world", 5, "hello", "world");
	WRAP("the quick brown fox", 10, "the quick", "brown fox");
	WRAP("hello   world foo", 11, "hello", "world foo");
	WRAP("a  b", 10, "a  b");
	WRAP("abc   ", 10, "abc");
	WRAP("   ", 10, "");
}

static void
test_wrap_empty(void)
{
	char **lines = (char **)1;

	CHECK_INT(text_wrap("", 10, &lines), 0);
	CHECK(lines == NULL);
	text_lines_free(lines, 0);
	CHECK_INT(text_wrap(NULL, 10, &lines), 0);
	text_lines_free(lines, 0);
}

static void
test_wrap_long_words(void)
{
	WRAP("abcdefghij", 4, "abcd", "efgh", "ij");
	WRAP("ab abcdefghij", 4, "ab", "abcd", "efgh", "ij");
	WRAP("abcdefgh xy", 4, "abcd", "efgh", "xy");
	WRAP("abc", 0, "a", "b", "c");
}

static void
test_wrap_paragraphs(void)
{
	WRAP("a\n\nb", 10, "a", "", "b");
	WRAP("a\n", 10, "a");
	WRAP("\n", 10, "");
	WRAP("one two\nthree", 4, "one", "two", "thre", "e");
	WRAP("  indented text", 20, "  indented text");
	WRAP("  indented text", 10, "  indented", "text");
	WRAP("      abcdef", 8, "abcdef");
}

static void
test_wrap_wide(void)
{
	const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87";

	WRAP("\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87", 5, cjk, cjk, cjk);
	WRAP("\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD", 3, "\xE4\xB8\xAD", "\xE6\x96\x87", "\xE4\xB8\xAD");
	/* A wide character wider than the whole line stands alone. */
	WRAP("\xE4\xB8\xAD" "a", 1, "\xE4\xB8\xAD", "a");
	WRAP("e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2,
	    "e\xCC\x81" "e\xCC\x81", "e\xCC\x81" "e\xCC\x81", "e\xCC\x81");
	WRAP("\xF0\x9F\x98\x80 \xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80");
}

static void
test_wrap_every_width(void)
{
	const char *s = "Lorem ipsum dolor sit amet, \xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 "
	    "consectetur adipiscing\n\n  e\xCC\x81lit \xF0\x9F\x98\x80\xF0\x9F\x98\x80 "
	    "supercalifragilisticexpialidocious end\n";
	int cols, i, n, total;
	char **lines;

	for (cols = 2; cols <= 60; cols++) {
		n = text_wrap(s, cols, &lines);
		total = 0;
		for (i = 0; i < n; i++) {
			CHECK(text_width(lines[i]) <= cols);
			CHECK(strchr(lines[i], '\n') == NULL);
			total += (int)strlen(lines[i]);
		}
		CHECK(n >= 3);
		CHECK(total > 0);
		text_lines_free(lines, n);
	}
}

static void
test_contains_ci(void)
{
	CHECK(text_contains_ci("Hello World", "world"));
	CHECK(text_contains_ci("Hello World", "LO WO"));
	CHECK(text_contains_ci("Hello", "hello"));
	CHECK(!text_contains_ci("Hello", "xyz"));
	CHECK(!text_contains_ci("Hi", "Hi there"));
	CHECK(text_contains_ci("anything", ""));
	CHECK(text_contains_ci("", ""));
	CHECK(text_contains_ci("anything", NULL));
	CHECK(!text_contains_ci("", "a"));
	CHECK(!text_contains_ci(NULL, "a"));
	CHECK(text_contains_ci("\xC3\x84" "BC", "\xC3\xA4" "b"));          /* ÄBC / äb */
	CHECK(text_contains_ci("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
	    "\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92"));                        /* Привет / ПРИВ */
	CHECK(text_contains_ci("\xE4\xB8\xAD\xE6\x96\x87", "\xE6\x96\x87"));
	CHECK(!text_contains_ci("\xE4\xB8\xAD", "\xB8"));                 /* no half characters */
	CHECK(text_contains_ci("aaab", "aab"));
}

static char *
hex_of(const char *s, size_t n)
{
	static char buf[65];
	unsigned char d[32];

	sha256(s, n, d);
	for (int i = 0; i < 32; i++)
		snprintf(buf + 2 * i, 3, "%02x", d[i]);
	return buf;
}

static char *
b64(const char *s, size_t n)
{
	static char buf[64];
	char *t = base64url((const unsigned char *)s, n);

	snprintf(buf, sizeof(buf), "%s", t);
	free(t);
	return buf;
}

/* FIPS 180's examples, one over a block boundary, a million bytes, and
 * RFC 7636's PKCE example: verifier to S256 challenge. */
static void
test_sha256_pkce(void)
{
	const char *v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
	unsigned char d[32], r1[32] = { 0 }, r2[32] = { 0 };
	char *big = xmalloc(1000000), *c;

	CHECK_STR(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK_STR(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_STR(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(big, 'a', 1000000);
	CHECK_STR(hex_of(big, 1000000),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(big);
	CHECK_STR(b64("", 0), "");
	CHECK_STR(b64("f", 1), "Zg");
	CHECK_STR(b64("fo", 2), "Zm8");
	CHECK_STR(b64("foo", 3), "Zm9v");
	CHECK_STR(b64("\xfb\xff", 2), "-_8");
	sha256(v, strlen(v), d);
	c = base64url(d, sizeof(d));
	CHECK_STR(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	free(c);
	CHECK(random_bytes(r1, sizeof(r1)) && random_bytes(r2, sizeof(r2)));
	CHECK(memcmp(r1, r2, sizeof(r1)) != 0);
}

static char *
html(const char *s)
{
	static char buf[512];
	char *t = text_from_html(s, strlen(s));

	snprintf(buf, sizeof(buf), "%s", t);
	free(t);
	return buf;
}

static void
test_from_html(void)
{
	/* plain text comes through as written, references and all */
	CHECK_STR(html("x < y, 2<3 and a <bold> d"), "x < y, 2<3 and a <bold> d");
	CHECK_STR(html("Tom &amp; Jerry\n\nnext"), "Tom &amp; Jerry\n\nnext");
	CHECK_STR(html("<script>alert(1)</script>"), "<script>alert(1)</script>");
	/* rich text: tags dropped, blocks as lines, items marked */
	CHECK_STR(html("<p>Hello <b>world</b></p><p>Second</p>"), "Hello world\nSecond");
	CHECK_STR(html("one<br>two<br/>three<BR />four"), "one\ntwo\nthree\nfour");
	CHECK_STR(html("<ul><li>a</li><li>b</li></ul>"), "- a\n- b");
	CHECK_STR(html("<p>a</p>\n\n<p></p><p></p><p>b</p>"), "a\nb");
	CHECK_STR(html("<a href=\"x>y\" title='q'>link</a> &lt;3 &amp; &#233;&#x1F600; &bogus;"),
	    "link <3 & \xC3\xA9\xF0\x9F\x98\x80 &bogus;");
	/* white space in text is one space; references that are no character stay */
	CHECK_STR(html("<p>a\n   b</p>&#0; &#xD800; &#1114112;"), "a b\n&#0; &#xD800; &#1114112;");
	CHECK_STR(html("<i>unclosed <b attr=\"never"), "unclosed <b attr=\"never");
	CHECK_STR(html(""), "");
}

/* A token's bytes are zeros before its memory goes back; blanks are
 * what no token may hold. */
static void
test_wipe_and_blank(void)
{
	char buf[] = "0/secret-token", *p = xstrdup("1/another");
	char *keep = p;

	str_wipe(buf);
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_INT(buf[i], 0);
	str_wipe(NULL);
	str_wipe_free(&p);
	CHECK(p == NULL && keep != NULL);
	CHECK(!str_has_blank("0/abc:DEF"));
	CHECK(str_has_blank("a b") && str_has_blank("a\tb") && str_has_blank("a\x7f"));
	CHECK(str_has_blank("\x01") && !str_has_blank(""));
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	RUN(test_plain_text_passes);
	RUN(test_wipe_and_blank);
	RUN(test_null_input);
	RUN(test_csi_removed);
	RUN(test_osc_removed);
	RUN(test_string_controls_removed);
	RUN(test_eight_bit_c1);
	RUN(test_c1_in_utf8);
	RUN(test_short_escapes_removed);
	RUN(test_broken_sequences);
	RUN(test_c0_and_del);
	RUN(test_single_line_space);
	RUN(test_multiline_space);
	RUN(test_bidi_removed);
	RUN(test_invalid_utf8);
	RUN(test_truncated_at_end);
	RUN(test_huge_input_capped);
	RUN(test_huge_hostile_input_is_fast);
	RUN(test_sanitize_idempotent);
	RUN(test_width);
	RUN(test_fit_ascii);
	RUN(test_fit_wide);
	RUN(test_fit_combining);
	RUN(test_fit_small_buffer);
	RUN(test_fit_every_width);
	RUN(test_wrap_words);
	RUN(test_wrap_empty);
	RUN(test_wrap_long_words);
	RUN(test_wrap_paragraphs);
	RUN(test_wrap_wide);
	RUN(test_wrap_every_width);
	RUN(test_contains_ci);
	RUN(test_from_html);
	RUN(test_sha256_pkce);
	return T_DONE();
}
