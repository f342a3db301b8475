/* Fuzz target for the configuration parser, with every command the program
 * registers (`set`, `bind`, `color`, `source`, `account`, the theme hook).
 * The input is the text of a user's file, parsed over the built-in defaults.
 * Whatever the bytes: errors are lines "NAME:LINE: message" with LINE in the
 * input (or the lines of a sourced file), free of control characters; the
 * same text parsed from fresh state gives the same errors; text that parses
 * cleanly parses cleanly again; and parsing never reads an account's token,
 * so a token-cmd= never runs.
 *
 * Files are confined to a private folder: it is $HOME and $XDG_CONFIG_HOME,
 * holds the themes and the files the input may source, and relative
 * sources resolve in it. An input whose `source` line could name a file
 * outside it (a '/') is skipped. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/sync.h"
#include "lanes/theme.h"
#include "lanes/util.h"
#include "../../src/sync/private.h"
#include "fuzz.h"

/* What the input may source or load as a theme; paths under the folder. */
static const struct {
	const char *path, *text;
	mode_t mode;
	size_t len;             /* 0: up to the NUL */
} files[] = {
	{ "extra", "set refresh = 5\nbind board Q quit\ncolor title red default bold\n", 0644, 0 },
	{ "bad", "set mouse = maybe\n\nfrobnicate\n", 0644, 0 },
	{ "loop", "source loop\n", 0644, 0 },
	{ "private", "account mine service=asana token=secret-token\n", 0600, 0 },
	{ "shared", "account mine service=asana token=secret-token\n", 0644, 0 },
	{ "binary", "set mouse = on\n\0\n", 0644, 17 },
	/* the shipped names, so that installed themes cannot change a run */
	{ "lanes/themes/default.theme", "color title white blue bold\n", 0644, 0 },
	{ "lanes/themes/light.theme", "color card black white\ncolor card purple white\n", 0644, 0 },
	{ "lanes/themes/256.theme", "set theme = default\n", 0644, 0 },
};

static char *dir, *name;

static size_t
count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
remove_files(void)
{
	char *p;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		p = xasprintf("%s/%s", dir, files[i].path);
		unlink(p);
		free(p);
	}
	p = xasprintf("%s/lanes/themes", dir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/lanes", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
	free(dir);
	free(name);
}

static void
setup(void)
{
	char tmpl[] = "/tmp/lanes-fuzz-config-XXXXXX", *p;
	FILE *f;
	size_t len;

	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpl))
		die("cannot make a folder in /tmp");
	dir = xstrdup(tmpl);
	/* The ':' keeps the input's messages apart from a sourced file's:
	 * a sourced name has no ':' (see skip()). */
	name = xasprintf("%s/fuzz:input", dir);
	atexit(remove_files);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("LANES_THEMES_DIR", "", 1);
	p = xasprintf("%s/lanes", dir);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/lanes/themes", dir);
	mkdir(p, 0700);
	free(p);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		p = xasprintf("%s/%s", dir, files[i].path);
		f = fopen(p, "w");
		len = files[i].len ? files[i].len : strlen(files[i].text);
		if (!f || fwrite(files[i].text, 1, len, f) != len || fclose(f) != 0)
			die("cannot write %s", p);
		chmod(p, files[i].mode);
		free(p);
	}
	config_add_command("color", theme_color_cmd);
	config_add_command("account", sync_account_cmd);
	config_add_command("set theme", theme_set_cmd);
}

/* A line that may be a `source` whose file name holds a '/' or a ':'.
 * Quotes and backslashes only ever remove characters from a word, so
 * looking at the line without them cannot miss one. */
static bool
skip(const char *t)
{
	static const char word[] = "source";
	bool has_word = false, has_sep = false;
	size_t k = 0;

	for (;; t++) {
		if (!*t || *t == '\n') {
			if (has_word && has_sep)
				return true;
			if (!*t)
				return false;
			has_word = has_sep = false;
			k = 0;
		} else if (*t != '"' && *t != '\\') {
			has_sep |= *t == '/' || *t == ':';
			/* no prefix of "source" recurs inside it */
			k = *t == word[k] ? k + 1 : *t == word[0];
			if (k == sizeof(word) - 1) {
				has_word = true;
				k = 0;
			}
		}
	}
}

static size_t
file_lines(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (str_eq(files[i].path, path))
			return count_lines(files[i].text);
	return 0;
}

/* Checks one message: "NAME:LINE: text" for the input, "DIR/FILE:LINE: text"
 * for a file it sourced, "DIR/FILE: text" when that file could not be read.
 * Returns its line in the input, or 0 for a sourced file's message. */
static size_t
check_message(const char *m, size_t len, size_t input_lines)
{
	size_t dlen = strlen(dir), lineno = 0, max;
	bool own = str_has_prefix(m, name) && m[strlen(name)] == ':';
	const char *file, *colon;

	/* no C0 control, DEL or C1 control (U+0080..U+009F) */
	for (size_t i = 0; i < len; i++) {
		FUZZ_ASSERT((unsigned char)m[i] >= 0x20 && m[i] != 0x7f);
		FUZZ_ASSERT(!((unsigned char)m[i] == 0xC2 && i + 1 < len &&
		    (unsigned char)m[i + 1] >= 0x80 && (unsigned char)m[i + 1] <= 0x9F));
	}
	FUZZ_ASSERT(len > dlen + 1 && !strncmp(m, dir, dlen) && m[dlen] == '/');
	file = m + dlen + 1;
	colon = memchr(file, ':', len - dlen - 1);
	FUZZ_ASSERT(colon != NULL);
	if (own) {
		colon = m + strlen(name);
		max = input_lines;
	} else {
		char *f = xstrndup(file, (size_t)(colon - file));
		max = file_lines(f);
		free(f);
		if (colon[1] == ' ') {
			FUZZ_ASSERT(colon + 2 < m + len);
			return 0;
		}
	}
	for (colon++; *colon >= '0' && *colon <= '9'; colon++)
		lineno = lineno * 10 + (size_t)(*colon - '0');
	FUZZ_ASSERT(lineno >= 1 && lineno <= max);
	FUZZ_ASSERT(colon[0] == ':' && colon[1] == ' ' && colon + 2 < m + len);
	return own ? lineno : 0;
}

static void
check_errors(const struct strbuf *errors, int nerr, size_t input_lines)
{
	size_t at = 0, last = 0, lineno;
	int own = 0, total = 0;
	const char *nl;

	FUZZ_ASSERT(nerr >= 0 && (size_t)nerr <= input_lines);
	FUZZ_ASSERT((nerr == 0) == (errors->len == 0));
	while (at < errors->len) {
		nl = memchr(errors->buf + at, '\n', errors->len - at);
		FUZZ_ASSERT(nl != NULL);
		lineno = check_message(errors->buf + at, (size_t)(nl - errors->buf) - at, input_lines);
		/* at most one message a line, in the order of the lines */
		if (lineno) {
			FUZZ_ASSERT(lineno > last);
			last = lineno;
			own++;
		}
		total++;
		at = (size_t)(nl - errors->buf) + 1;
	}
	FUZZ_ASSERT(own <= nerr && nerr <= total);
}

/* Parsing reads no secret: KEY-cmd= runs only when a request needs it. */
static void
check_accounts(void)
{
	for (int i = 0; i < sync_account_count(); i++) {
		const struct sync_account *a = sync_account_at(i);

		FUZZ_ASSERT(!a->secrets_read && !a->reading);
		for (int k = 0; a->be->settings[k].key; k++)
			FUZZ_ASSERT(!(a->be->settings[k].flags & SETTING_SECRET) || !a->values[k]);
	}
}

static int
parse_fresh(const char *text, struct strbuf *errors)
{
	int nerr = config_load(NULL, errors);

	/* the built-in text and the files it loads are clean */
	FUZZ_ASSERT(nerr == 0);
	return config_parse_text(text, name, errors);
}

static void
reset(void)
{
	config_free();
	theme_reset();
	sync_accounts_clear();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf first = { 0 }, again = { 0 };
	char *text;
	size_t lines;
	int nerr;

	if (!dir)
		setup();
	/* A file with a NUL is refused whole; the API takes a C string. */
	text = xstrndup((const char *)data, size);
	if (skip(text)) {
		free(text);
		return 0;
	}
	lines = count_lines(text);
	nerr = parse_fresh(text, &first);
	check_errors(&first, nerr, lines);
	check_accounts();
	FUZZ_ASSERT(opt.theme && opt.editor && opt.refresh >= 0 && opt.refresh <= 86400);
	reset();

	FUZZ_ASSERT(parse_fresh(text, &again) == nerr);
	FUZZ_ASSERT(again.len == first.len && (!first.len || !memcmp(again.buf, first.buf, first.len)));
	sb_free(&again);
	/* over its own result: a clean file stays clean when read twice */
	if (nerr == 0) {
		FUZZ_ASSERT(config_parse_text(text, name, &again) == 0);
		check_accounts();
	}
	reset();
	sb_free(&first);
	sb_free(&again);
	free(text);
	return 0;
}
