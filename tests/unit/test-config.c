/* The configuration parser: commands, quoting, errors with line numbers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/keymap.h"
#include "lanes/theme.h"
#include "t.h"

static int
parse(const char *text, struct strbuf *errors)
{
	sb_free(errors);
	return config_parse_text(text, "cfg", errors);
}

static void
test_set_options(void)
{
	struct strbuf err = { 0 };

	config_load("/dev/null", &err);
	CHECK_STR(opt.theme, "default");
	CHECK(!opt.mouse);
	CHECK_INT(opt.refresh, 60);
	CHECK_INT(parse("set mouse = on\nset refresh = 30 # every half minute\n"
	    "set theme = \"my theme\"\n", &err), 0);
	CHECK(opt.mouse);
	CHECK_INT(opt.refresh, 30);
	CHECK_STR(opt.theme, "my theme");
	sb_free(&err);
	config_free();
}

static void
test_errors_have_line_numbers(void)
{
	struct strbuf err = { 0 };

	CHECK_INT(parse("# comment\n\nset mouse = maybe\nbind board x fly\nfrobnicate\n"
	    "set refresh = -1\nset nope = 1\nset theme\nbind board \"unterminated\n", &err), 7);
	CHECK(strstr(err.buf, "cfg:3: mouse takes on or off") != NULL);
	CHECK(strstr(err.buf, "cfg:4: unknown action \"fly\"") != NULL);
	CHECK(strstr(err.buf, "cfg:5: unknown command \"frobnicate\"") != NULL);
	CHECK(strstr(err.buf, "cfg:6: refresh takes a number") != NULL);
	CHECK(strstr(err.buf, "cfg:7: unknown option \"nope\"") != NULL);
	CHECK(strstr(err.buf, "cfg:8: usage: set NAME = VALUE") != NULL);
	CHECK(strstr(err.buf, "cfg:9: unterminated quote") != NULL);
	sb_free(&err);
	config_free();
}

/* Words and file names quoted in messages may hold escapes; every error is
 * still one line, and an escape cannot swallow the ": " after a file name. */
static void
test_errors_are_plain_lines(void)
{
	struct strbuf err = { 0 };
	int lines = 0;

	CHECK_INT(parse("bind board \"\x1b]0;title\x07X\r\" quit\nsource \"gone\x1b[\"\n", &err), 2);
	for (const char *p = err.buf; p && *p; p++) {
		CHECK(*p == '\n' || (unsigned char)*p >= 0x20);
		lines += *p == '\n';
	}
	CHECK_INT(lines, 2);
	CHECK(str_has_prefix(err.buf, "cfg:1: unknown key \""));
	/* the unfinished escape shows as U+FFFD instead of eating ": N" */
	CHECK(strstr(err.buf, "\ncfg:2: source gone\xEF\xBF\xBD[: No such file or directory\n") != NULL);
	sb_free(&err);
	config_free();
}

static void
test_bind_from_config(void)
{
	struct strbuf err = { 0 };

	config_load("/dev/null", &err);
	CHECK_INT(parse("bind board <C-n> card-new\nbind generic Q quit\n", &err), 0);
	CHECK_INT(keymap_lookup("board", 14), ACT_CARD_NEW);
	CHECK_INT(keymap_lookup("board", 'Q'), ACT_QUIT);
	sb_free(&err);
	config_free();
}

static void
test_source_relative_and_errors(void)
{
	char dir[] = "/tmp/lanes-cfg-XXXXXX", main_path[128], inc[128];
	struct strbuf err = { 0 };
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(main_path, sizeof(main_path), "%s/config", dir);
	snprintf(inc, sizeof(inc), "%s/extra", dir);
	f = fopen(main_path, "w");
	fputs("source extra\nsource missing\n", f);
	fclose(f);
	f = fopen(inc, "w");
	fputs("set refresh = 5\nbogus line\n", f);
	fclose(f);
	CHECK_INT(config_load(main_path, &err), 2);
	CHECK_INT(opt.refresh, 5);
	CHECK(strstr(err.buf, "extra:2: unknown command \"bogus\"") != NULL);
	/* a file that cannot be read is the error of the line naming it */
	CHECK(strstr(err.buf, "/config:2: source ") != NULL);
	CHECK(strstr(err.buf, "/missing: No such file") != NULL);
	/* ~ is the home folder */
	f = fopen(main_path, "w");
	fputs("source ~/extra\nsource ~/gone\n", f);
	fclose(f);
	sb_free(&err);
	setenv("HOME", dir, 1);
	CHECK_INT(config_load(main_path, &err), 2);
	CHECK(strstr(err.buf, "extra:2: unknown command \"bogus\"") != NULL);
	CHECK(strstr(err.buf, "/config:2: source ") != NULL);
	CHECK(strstr(err.buf, "/gone: No such file") != NULL);
	CHECK(strstr(err.buf, "~") == NULL);
	/* a loop is refused where it closes, once per line that closes it:
	 * ten lines sourcing their own file are ten errors, not 10^8 reads */
	f = fopen(main_path, "w");
	for (int i = 0; i < 10; i++)
		fputs("source config\n", f);
	fclose(f);
	sb_free(&err);
	CHECK_INT(config_load(main_path, &err), 10);
	CHECK(strstr(err.buf, "config: sources itself") != NULL);
	f = fopen(main_path, "w");
	fputs("source extra\n", f);
	fclose(f);
	f = fopen(inc, "w");
	fputs("source config\nsource /dev/null\nsource /dev/zero\n", f);
	fclose(f);
	sb_free(&err);
	CHECK(config_load(main_path, &err) > 0);
	CHECK(strstr(err.buf, "/config: sources itself") != NULL);
	CHECK(strstr(err.buf, "/dev/null") == NULL);
	CHECK(strstr(err.buf, "/dev/zero: larger than 1 MiB") != NULL);
	unlink(main_path);
	unlink(inc);
	rmdir(dir);
	sb_free(&err);
	config_free();
}

static void
test_color_command(void)
{
	struct strbuf err = { 0 };

	config_add_command("color", theme_color_cmd);
	CHECK_INT(parse("color card-selected white blue bold\ncolor title color208 default\n", &err), 0);
	CHECK_INT(parse("color nowhere red blue\ncolor card purple blue\ncolor card red blue sparkly\n"
	    "color card red\n", &err), 4);
	CHECK(strstr(err.buf, "cfg:1: unknown area \"nowhere\"") != NULL);
	CHECK(strstr(err.buf, "cfg:2: unknown colour \"purple\"") != NULL);
	CHECK(strstr(err.buf, "cfg:3: unknown attribute \"sparkly\"") != NULL);
	CHECK(strstr(err.buf, "cfg:4: usage: color") != NULL);
	sb_free(&err);
	theme_reset();
}

int
main(void)
{
	RUN(test_set_options);
	RUN(test_errors_have_line_numbers);
	RUN(test_errors_are_plain_lines);
	RUN(test_bind_from_config);
	RUN(test_source_relative_and_errors);
	RUN(test_color_command);
	return T_DONE();
}
