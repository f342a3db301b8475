/* Runs a libFuzzer target without libFuzzer, so `make check` can smoke-test
 * every target with any compiler:
 *
 *   fuzz-x [--random N] [--seed S] [--first K] [--save FILE] [FILE|DIR]...
 *
 * Files, and the files directly inside directories, are fed one each.
 * --random N feeds N inputs made from seed S (default 1); input i depends
 * only on S and i, so --first K with --random 1 replays input K alone, and
 * --save FILE writes each input there before running it, which leaves the
 * culprit behind after a crash.  With no argument it runs --random 2000.
 * Prints TAP: one test point for the whole run. */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanes/util.h"
#include "fuzz.h"

#define MAX_FILE (16u << 20)

/* Byte strings that the parsers under test care about, so random inputs
 * reach deep states far more often than uniform bytes would. */
static const char *const tokens[] = {
	"\x1b", "\x1b[", "\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b\\",
	"\x1b(B", "\0337", "\x07", "\x18", "\x1a", "\x9b", "\x9c", "\x9d",
	"\xC2\x9B", "\xC2\x9C", "\xC2\x9D", "\xC2\x85", "31m", "0;", "8;;",
	"52;c;", "?25l", "\r\n", "\r", "\n", "\t", " ", "  ", "\x7f", "\0",
	"\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8F", "\xD8\x9C", "\xE2\x80\xA8",
	"\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xCC\x81", "e\xCC\x81", "\xE2\x80\x8D",
	"\xEF\xB8\x8F", "\xEF\xBD\xB1", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
	"\xF4\x90\x80\x80", "\xF0\x9F\x98", "\xff", "\xE2\x80\xA6",
	"h", "m", "s", "min", "hours", "1h", "30m", "45m", "2:15", "1:02:03", ":",
	"::", ".", "1.5", "0", "9", "59", "60", "8760", "99999999999999999999",
	"-", "+", "today", "tomorrow", "yesterday", "+3d", "+2w", "-1w", "d", "w",
	"fri", "friday", "next week", "next month", "next",
	"2024-02-29", "2023-02-29", "1900-", "9999-12-31", "-02-", "-30",
	"\nset ", "\nbind ", "\ncolor ", "\nsource ", "\naccount ", " = ", "\"", "\\\"", "#",
	"theme", "mouse", "refresh", "on", "board", "<C-x>", "<Enter>", "quit", "card-new",
	"title", "red", "bold", "service=asana", "url=https://app.asana.com",
	"token-env=T", "token-cmd=\"exit 1\"", "token=t", "extra", "bad", "loop",
	"private",
};

static uint64_t
rng_next(uint64_t *st)
{
	/* xorshift64*: small, and the same on every platform. */
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ULL;
}

static size_t
random_length(uint64_t *st)
{
	uint64_t r = rng_next(st) % 100;

	if (r < 70)
		return (size_t)(rng_next(st) % 64);
	if (r < 95)
		return (size_t)(rng_next(st) % 1024);
	return (size_t)(rng_next(st) % 65536);
}

/* Input number i of a run with this seed. */
static void
make_input(uint64_t seed, unsigned long i, struct strbuf *sb)
{
	uint64_t st = (seed + 1) * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)i + 1) * 0xBF58476D1CE4E5B9ULL;
	size_t want, k;
	uint64_t r;
	char c;

	if (!st)
		st = 1;
	sb->len = 0;
	want = random_length(&st);
	while (sb->len < want) {
		r = rng_next(&st) % 10;
		if (r < 5) {
			k = (size_t)(rng_next(&st) % ARRAY_SIZE(tokens));
			/* "\0" is the only token that is empty as a C string. */
			sb_add(sb, tokens[k], tokens[k][0] ? strlen(tokens[k]) : 1);
		} else {
			c = r < 8 ? (char)(0x20 + rng_next(&st) % 95) : (char)rng_next(&st);
			sb_add(sb, &c, 1);
		}
	}
}

static const char *save_path;
static volatile sig_atomic_t current_index = -1;
static unsigned long current_seed;

static void
save_input(const char *data, size_t len)
{
	FILE *f;

	if (!save_path)
		return;
	f = fopen(save_path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("cannot write %s", save_path);
}

/* Only async-signal-safe calls from here on. */
static void
put_number(unsigned long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	(void)!write(2, buf + i, sizeof(buf) - i);
}

static void
on_crash(int sig)
{
	static const char m1[] = "# crashed on random input ", m2[] = " of seed ",
	    m3[] = ": replay it with --seed S --first K --random 1 --save FILE\n";

	if (current_index >= 0) {
		(void)!write(2, m1, sizeof(m1) - 1);
		put_number((unsigned long)current_index);
		(void)!write(2, m2, sizeof(m2) - 1);
		put_number(current_seed);
		(void)!write(2, m3, sizeof(m3) - 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static unsigned long
run_random(uint64_t seed, unsigned long first, unsigned long n, size_t *bytes)
{
	struct strbuf sb = { 0 };
	unsigned long i;

	current_seed = seed;
	for (i = first; i < first + n; i++) {
		make_input(seed, i, &sb);
		save_input(sb.buf, sb.len);
		current_index = (sig_atomic_t)i;
		LLVMFuzzerTestOneInput((const uint8_t *)sb.buf, sb.len);
		*bytes += sb.len;
	}
	current_index = -1;
	sb_free(&sb);
	return n;
}

static unsigned long run_path(const char *path, size_t *bytes);

static unsigned long
run_file(const char *path, off_t size, size_t *bytes)
{
	FILE *f = fopen(path, "rb");
	size_t cap = size > (off_t)MAX_FILE ? MAX_FILE : (size_t)size;
	char *buf = xmalloc(cap);
	size_t len;

	if (!f)
		die("cannot open %s", path);
	len = fread(buf, 1, cap, f);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	*bytes += len;
	return 1;
}

static unsigned long
run_dir(const char *path, size_t *bytes)
{
	DIR *d = opendir(path);
	struct dirent *de;
	unsigned long n = 0;
	char *sub;

	if (!d)
		die("cannot open %s", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		n += run_path(sub, bytes);
		free(sub);
	}
	closedir(d);
	return n;
}

static unsigned long
run_path(const char *path, size_t *bytes)
{
	struct stat st;

	if (stat(path, &st) != 0)
		die("cannot stat %s", path);
	return S_ISDIR(st.st_mode) ? run_dir(path, bytes) :
	    run_file(path, st.st_size, bytes);
}

static unsigned long
number_arg(int argc, char **argv, int i)
{
	long v;

	if (i + 1 >= argc || !str_to_long(argv[i + 1], &v) || v < 0)
		die("%s needs a number", argv[i]);
	return (unsigned long)v;
}

int
main(int argc, char **argv)
{
	unsigned long random_n = argc > 1 ? 0 : 2000, seed = 1, first = 0, n = 0;
	size_t bytes = 0;
	long long t0 = mono_ms();
	int i;

	signal(SIGABRT, on_crash);
	signal(SIGSEGV, on_crash);
	for (i = 1; i < argc; i++) {
		if (str_eq(argv[i], "--random"))
			random_n = number_arg(argc, argv, i++);
		else if (str_eq(argv[i], "--seed"))
			seed = number_arg(argc, argv, i++);
		else if (str_eq(argv[i], "--first"))
			first = number_arg(argc, argv, i++);
		else if (str_eq(argv[i], "--save") && i + 1 < argc)
			save_path = argv[++i];
		else
			n += run_path(argv[i], &bytes);
	}
	n += run_random(seed, first, random_n, &bytes);
	printf("1..1\nok 1 - %lu inputs, %zu bytes, %lld ms\n", n, bytes, mono_ms() - t0);
	return 0;
}
