/* Areas, colours and attributes. Colours are optional: NO_COLOR or a
 * terminal without colours keeps the attributes alone, and a colour the
 * terminal lacks falls back to the nearest of the basic eight. */
#include "config.h"

#define NCURSES_WIDECHAR 1
#include <ctype.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/theme.h"

#ifndef LANES_DATADIR
#define LANES_DATADIR "/usr/local/share/lanes"
#endif

#define COLOR_UNSET -2

struct area_style {
	int fg, bg, attrs;
	bool colored;
};

static const struct {
	const char *name;
	int attrs;
} area_defaults[] = {
#define AREA_ROW(id, name, attrs) { name, attrs },
	AREA_INFO(AREA_ROW)
#undef AREA_ROW
};

static struct area_style styles[AREA_COUNT];
static bool styles_set, use_color;

static void
defaults(void)
{
	for (int i = 0; i < AREA_COUNT; i++)
		styles[i] = (struct area_style){ COLOR_UNSET, COLOR_UNSET, area_defaults[i].attrs, false };
	styles_set = true;
}

void
theme_reset(void)
{
	defaults();
}

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* "default", a name, "bright-NAME", "colorN"/"N" (0-255); -3 when unknown. */
static int
parse_color(const char *s)
{
	long n;

	if (!strcasecmp(s, "default"))
		return -1;
	for (int i = 0; i < 8; i++) {
		if (!strcasecmp(s, color_names[i]))
			return i;
		if (!strncasecmp(s, "bright-", 7) && !strcasecmp(s + 7, color_names[i]))
			return i + 8;
	}
	if (!strncasecmp(s, "color", 5))
		s += 5;
	if (str_to_long(s, &n) && n >= 0 && n <= 255)
		return (int)n;
	return -3;
}

static int
parse_attr(const char *s)
{
	static const struct { const char *name; int attr; } attrs[] = {
		{ "normal", 0 }, { "bold", A_BOLD }, { "dim", A_DIM }, { "reverse", A_REVERSE },
		{ "underline", A_UNDERLINE }, { "italic", A_ITALIC }, { "blink", A_BLINK },
		{ "standout", A_STANDOUT },
	};

	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++)
		if (!strcasecmp(attrs[i].name, s))
			return attrs[i].attr;
	return -1;
}

int
theme_color_cmd(int argc, char **argv, struct lanes_err *e)
{
	int area = -1, fg, bg, attrs = 0;

	if (!styles_set)
		defaults();
	if (argc < 4)
		return err_set(e, "usage: color AREA FG BG [ATTRIBUTES...]");
	for (int i = 0; i < AREA_COUNT; i++)
		if (str_eq(area_defaults[i].name, argv[1]))
			area = i;
	if (area < 0)
		return err_set(e, "unknown area \"%s\"", argv[1]);
	if ((fg = parse_color(argv[2])) == -3)
		return err_set(e, "unknown colour \"%s\"", argv[2]);
	if ((bg = parse_color(argv[3])) == -3)
		return err_set(e, "unknown colour \"%s\"", argv[3]);
	for (int i = 4; i < argc; i++) {
		int a = parse_attr(argv[i]);
		if (a < 0)
			return err_set(e, "unknown attribute \"%s\"", argv[i]);
		attrs |= a;
	}
	styles[area] = (struct area_style){ fg, bg, attrs, true };
	return 0;
}

/* The nearest of the basic eight to an xterm colour, for a terminal that
 * has no more: bright ones lose their brightness, the 6x6x6 cube keeps the
 * channels that stand out. A grey (bright black, the grey ramp, the cube's
 * diagonal) is muted text in the foreground, kept as the terminal's own
 * colour lest it turn black on black, and black or white behind. */
static short
basic_color(int c, bool fg)
{
	int r, g, b, max;

	if (c < 16 && c != 8)
		return (short)(c - 8);
	if (c >= 16 && c < 232) {
		r = (c - 16) / 36;
		g = (c - 16) / 6 % 6;
		b = (c - 16) % 6;
		max = r > g ? (r > b ? r : b) : (g > b ? g : b);
		if (r != g || g != b)
			return (short)((r * 2 > max ? COLOR_RED : 0) | (g * 2 > max ? COLOR_GREEN : 0) |
			    (b * 2 > max ? COLOR_BLUE : 0));
		c = 232 + max * 4; /* the diagonal: a grey of about that lightness */
	}
	if (fg)
		return -1;
	return c == 8 || c < 244 ? COLOR_BLACK : COLOR_WHITE;
}

static short
fit_color(int c, bool fg)
{
	if (c < 0 || c < COLORS)
		return (short)c;
	return basic_color(c, fg);
}

void
theme_start(void)
{
	const char *nc = getenv("NO_COLOR");

	if (!styles_set)
		defaults();
	use_color = has_colors() && !(nc && *nc);
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	for (int i = 0; i < AREA_COUNT; i++)
		if (styles[i].colored)
			init_pair((short)(i + 1), fit_color(styles[i].fg, true),
			    fit_color(styles[i].bg, false));
}

int
theme_attr(enum area a)
{
	if (!styles_set)
		defaults();
	if (use_color && styles[a].colored)
		return styles[a].attrs | COLOR_PAIR(a + 1);
	/* without colour, a coloured area keeps its built-in emphasis too, so
	 * the selection stays visible */
	return styles[a].attrs | (styles[a].colored ? area_defaults[a].attrs : 0);
}

static bool
theme_name_ok(const char *name)
{
	if (!*name || *name == '.')
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return false;
	return true;
}

/* The themes folder beside the running lanes, malloc'd, so that a lanes
 * started from its build tree (which has one) finds the themes it was
 * built with; "" when there is none, or no /proc to tell where lanes is. */
static char *
themes_beside_exe(void)
{
	char exe[4096], *slash, *dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return xstrdup("");
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return xstrdup("");
	*slash = '\0';
	dir = xasprintf("%s/themes", exe);
	if (access(dir, X_OK) < 0)
		*dir = '\0';
	return dir;
}

/* The file of a theme, malloc'd, from the first folder that has it:
 * the user's, $LANES_THEMES_DIR (the tests), the one beside lanes (a build
 * tree), the installed ones. NULL when none has it; the folders tried are
 * listed in tried. */
static char *
theme_find(const char *name, struct strbuf *tried)
{
	const char *env = getenv("LANES_THEMES_DIR");
	char *found = NULL;
	char *mine = xdg_path("XDG_CONFIG_HOME", ".config", "themes");
	char *dirs[] = { mine ? mine : xstrdup(""), xstrdup(env && *env ? env : ""),
		themes_beside_exe(), xstrdup(LANES_DATADIR "/themes") };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *path = xasprintf("%s/%s.theme", dirs[i], name);

		if (*dirs[i]) {
			sb_printf(tried, "%s%s", tried->len ? ", " : "", dirs[i]);
			if (!found && access(path, R_OK) == 0)
				found = xstrdup(path);
		}
		free(path);
		free(dirs[i]);
	}
	return found;
}

/* Reads a theme file over the built-in look; its first error goes to e. */
static int
theme_load(const char *name, const char *path, struct lanes_err *e)
{
	static bool loading;
	struct strbuf errors = { 0 };
	int nerr;

	if (loading)
		return err_set(e, "a theme cannot set another theme");
	defaults();
	loading = true;
	nerr = config_parse_file(path, &errors);
	loading = false;
	if (nerr) {
		char *nl = strchr(errors.buf, '\n');
		if (nl)
			*nl = '\0';
		err_set(e, "theme %s: %s%s", name, errors.buf, nerr > 1 ? " (and more)" : "");
	}
	sb_free(&errors);
	return nerr ? -1 : 0;
}

int
theme_set_cmd(int argc, char **argv, struct lanes_err *e)
{
	struct strbuf tried = { 0 };
	const char *name = argv[argc - 1];
	char *path;
	int rc;

	if (!theme_name_ok(name))
		return err_set(e, "bad theme name \"%s\": use letters, digits, '.', '-' and '_'", name);
	path = theme_find(name, &tried);
	if (path) {
		rc = theme_load(name, path, e);
	} else if (!str_eq(name, "default")) {
		rc = err_set(e, "no theme \"%s\" (looked in %s)", name, tried.buf);
	} else {
		defaults(); /* the built-in look needs no file */
		rc = 0;
	}
	free(path);
	sb_free(&tried);
	return rc;
}
