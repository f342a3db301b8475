#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lanes/config.h"
#include "lanes/keymap.h"
#include "lanes/text.h"

#define MAX_ARGS 16
#define MAX_DEPTH 8
#define MAX_FILE_SIZE (1 << 20)

struct options opt;

static struct {
	const char *name;
	config_cmd_fn fn;
} extra_cmds[8];

enum opt_type { OPT_BOOL, OPT_INT, OPT_STR };

static const struct {
	const char *name, *def;
	enum opt_type type;
	size_t offset;
} options[] = {
#define OPTION_ROW(field, name, type, def, help) { name, def, OPT_##type, offsetof(struct options, field) },
	OPTION_INFO(OPTION_ROW)
#undef OPTION_ROW
};

void
config_add_command(const char *name, config_cmd_fn fn)
{
	for (size_t i = 0; i < ARRAY_SIZE(extra_cmds); i++)
		if (!extra_cmds[i].name || str_eq(extra_cmds[i].name, name)) {
			extra_cmds[i].name = name;
			extra_cmds[i].fn = fn;
			return;
		}
	die("too many config commands");
}

char *
config_default_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

static int
set_option(const char *name, const char *value, struct lanes_err *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		void *field = (char *)&opt + options[i].offset;
		long v;

		if (!str_eq(options[i].name, name))
			continue;
		switch (options[i].type) {
		case OPT_BOOL:
			if (!strcasecmp(value, "on") || !strcasecmp(value, "yes") || !strcmp(value, "true"))
				*(bool *)field = true;
			else if (!strcasecmp(value, "off") || !strcasecmp(value, "no") || !strcmp(value, "false"))
				*(bool *)field = false;
			else
				return err_set(e, "%s takes on or off, not \"%s\"", name, value);
			return 0;
		case OPT_INT:
			if (!str_to_long(value, &v) || v < 0 || v > 86400)
				return err_set(e, "%s takes a number from 0 to 86400, not \"%s\"", name, value);
			*(long *)field = v;
			return 0;
		case OPT_STR:
			free(*(char **)field);
			*(char **)field = xstrdup(value);
			return 0;
		}
	}
	return err_set(e, "unknown option \"%s\"", name);
}

/* Splits a line into words: white space separates, "double quotes" group
 * (with \" and \\ escapes), # starts a comment outside quotes. */
static int
split(char *line, char **argv, struct lanes_err *e)
{
	int argc = 0;
	char *r = line, *w = line;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			return argc;
		if (argc == MAX_ARGS)
			return err_set(e, "too many words");
		argv[argc++] = w;
		/* plain and "quoted" parts side by side make one word, as in a
		 * shell: token-cmd="pass show asana" */
		while (*r && *r != ' ' && *r != '\t' && *r != '\r') {
			if (*r != '"') {
				*w++ = *r++;
				continue;
			}
			for (r++; *r && *r != '"'; r++) {
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
				*w++ = *r;
			}
			if (*r++ != '"')
				return err_set(e, "unterminated quote");
		}
		/* r may equal w, so advance r before writing the terminator */
		if (*r)
			r++;
		*w++ = '\0';
	}
}

static int parse_file(const char *path, struct strbuf *errors, int depth);

/* One line of errors: "file:line: message", or "file: message" for line 0.
 * File names and messages quote the text, which may hold escapes or a
 * carriage return: each is cleaned on its own, so that an escape cannot eat
 * the separators and every error stays one plain line whoever shows it. */
static void
add_error(struct strbuf *errors, const char *file, int lineno, const char *msg)
{
	char *f = text_sanitize(file, strlen(file)), *m = text_sanitize(msg, strlen(msg));

	if (lineno)
		sb_printf(errors, "%s:%d: %s\n", f, lineno, m);
	else
		sb_printf(errors, "%s: %s\n", f, m);
	free(f);
	free(m);
}

static struct config_source source;

const struct config_source *
config_source(void)
{
	return &source;
}

static config_cmd_fn
extra_cmd(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(extra_cmds) && extra_cmds[i].name; i++)
		if (str_eq(extra_cmds[i].name, name))
			return extra_cmds[i].fn;
	return NULL;
}

/* `set`, then the "set NAME" hook a later layer may add to check or apply
 * the new value, so a bad one is reported at its line. */
static int
run_set(int argc, char **argv, struct lanes_err *e)
{
	char hook[64];
	config_cmd_fn fn;
	struct strbuf value = { 0 };
	int rc;

	if (argc < 4 || !str_eq(argv[2], "="))
		return err_set(e, "usage: set NAME = VALUE");
	/* a value of several words is a list, as tig's view columns are */
	for (int i = 3; i < argc; i++)
		sb_printf(&value, "%s%s", i > 3 ? " " : "", argv[i]);
	rc = set_option(argv[1], value.buf, e);
	sb_free(&value);
	if (rc < 0)
		return -1;
	snprintf(hook, sizeof(hook), "set %s", argv[1]);
	fn = extra_cmd(hook);
	return fn ? fn(argc, argv, e) : 0;
}

/* The file a `source` line names: ~ is the home folder, a relative
 * path is relative to the file holding the line. NULL (e set) without a
 * home folder. */
static char *
source_path(const char *arg, const char *from, struct lanes_err *e)
{
	const char *slash = strrchr(from, '/'), *home;

	if (arg[0] == '~' && (arg[1] == '/' || !arg[1])) {
		if (!(home = home_dir())) {
			err_set(e, "source %s: no home folder (HOME is not set)", arg);
			return NULL;
		}
		return xasprintf("%s%s", home, arg + 1);
	}
	if (arg[0] == '/' || !slash)
		return xstrdup(arg);
	return xasprintf("%.*s/%s", (int)(slash - from), from, arg);
}

static int
run_source(int argc, char **argv, const char *name, int depth, struct strbuf *errors,
    struct lanes_err *e)
{
	char *path;
	int n;

	if (argc != 2)
		return err_set(e, "usage: source FILE");
	if (depth >= MAX_DEPTH)
		return err_set(e, "source nested too deeply");
	if (!(path = source_path(argv[1], name, e)))
		return -1;
	n = parse_file(path, errors, depth + 1);
	/* a file that cannot be read is this line's error; its name is
	 * cleaned on its own, so that an escape in it cannot eat the ": " */
	if (n < 0) {
		const char *why = strerror(errno);
		char *shown = text_sanitize(path, strlen(path));

		err_set(e, "source %s: %s", shown, why);
		free(shown);
	}
	free(path);
	return n < 0 ? -1 : n ? -2 : 0; /* -2: errors already reported */
}

static int
run_command(int argc, char **argv, const char *name, int depth, struct strbuf *errors,
    struct lanes_err *e)
{
	if (str_eq(argv[0], "set"))
		return run_set(argc, argv, e);
	if (str_eq(argv[0], "bind")) {
		if (argc != 4)
			return err_set(e, "usage: bind KEYMAP KEY ACTION");
		return keymap_bind(argv[1], argv[2], argv[3], e);
	}
	if (str_eq(argv[0], "source"))
		return run_source(argc, argv, name, depth, errors, e);
	config_cmd_fn fn = extra_cmd(argv[0]);
	if (fn && !strchr(argv[0], ' '))
		return fn(argc, argv, e);
	return err_set(e, "unknown command \"%s\"", argv[0]);
}

static int
parse_text(const char *text, const char *name, struct strbuf *errors, int depth)
{
	char *copy = xstrdup(text), *line = copy, *next;
	int lineno = 0, nerr = 0;

	for (; line; line = next) {
		char *argv[MAX_ARGS];
		struct lanes_err e = { "" };
		int argc, rc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		argc = split(line, argv, &e);
		rc = argc > 0 ? run_command(argc, argv, name, depth, errors, &e) : argc;
		if (rc == -2)
			nerr++;
		else if (rc < 0) {
			add_error(errors, name, lineno, e.msg);
			nerr++;
		}
	}
	free(copy);
	return nerr;
}

/* The files being read, outermost first: one that sources itself, even
 * through others, would otherwise be read again on every level. */
static struct {
	dev_t dev;
	ino_t ino;
} reading[MAX_DEPTH + 1];

static bool
already_reading(const struct stat *st, int depth)
{
	for (int i = 0; i < depth; i++)
		if (reading[i].dev == st->st_dev && reading[i].ino == st->st_ino)
			return true;
	return false;
}

/* Reads a file's commands; returns how many errors it added. A file
 * sourced (depth > 0) that cannot be opened adds none: -1, errno set. */
static int
parse_file(const char *path, struct strbuf *errors, int depth)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t n;
	int nerr;
	struct stat st;
	struct config_source outer = source;
	const char *why = NULL;

	if (!f) {
		if (depth)
			return -1; /* the source line reports it */
		add_error(errors, path, 0, strerror(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) < 0)
		why = strerror(errno);
	else if (already_reading(&st, depth))
		why = "sources itself (through \"source\" lines that loop)";
	if (why) {
		add_error(errors, path, 0, why);
		fclose(f);
		return 1;
	}
	/* /dev/null and <(...) are fine; /dev/zero is not read for ever */
	while (sb.len <= MAX_FILE_SIZE && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	if (sb.len > MAX_FILE_SIZE) {
		add_error(errors, path, 0, "larger than 1 MiB: not a configuration file");
		sb_free(&sb);
		return 1;
	}
	reading[depth].dev = st.st_dev;
	reading[depth].ino = st.st_ino;
	/* judged on the file we read, not on whatever the path names later */
	source.path = path;
	/* a file of another user is theirs to read and to rewrite, whatever
	 * its mode */
	source.private_file = S_ISREG(st.st_mode) && !(st.st_mode & 077) &&
	    st.st_uid == geteuid();
	nerr = sb.len && memchr(sb.buf, '\0', sb.len) ? -1 :
	    parse_text(sb.buf ? sb.buf : "", path, errors, depth);
	source = outer;
	sb_free(&sb);
	if (nerr < 0) {
		add_error(errors, path, 0, "not a text file");
		return 1;
	}
	return nerr;
}

int
config_parse_text(const char *text, const char *name, struct strbuf *errors)
{
	reading[0].dev = 0;             /* text, not a file: nothing it could loop to */
	reading[0].ino = 0;
	return parse_text(text, name, errors, 0);
}

int
config_parse_file(const char *path, struct strbuf *errors)
{
	return parse_file(path, errors, 0);
}

int
config_load(const char *path, struct strbuf *errors)
{
	char *def = NULL;
	struct stat sb;
	int nerr;

	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		struct lanes_err e;
		if (set_option(options[i].name, options[i].def, &e) < 0)
			die("bad default for %s: %s", options[i].name, e.msg);
	}
	nerr = parse_text(builtin_config, "(built-in)", errors, 0);
	if (!path) {
		def = config_default_path();
		if (def && stat(def, &sb) == 0)
			path = def;
	}
	if (path)
		nerr += parse_file(path, errors, 0);
	free(def);
	return nerr;
}

void
config_free(void)
{
#define OPTION_FREE_BOOL(f)
#define OPTION_FREE_INT(f)
#define OPTION_FREE_STR(f) x_free(&opt.f);
#define OPTION_FREE(field, name, type, def, help) OPTION_FREE_##type(field)
	OPTION_INFO(OPTION_FREE)
#undef OPTION_FREE
	keymap_reset();
}
