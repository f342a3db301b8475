#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <limits.h>
#include <time.h>
#include <pwd.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lanes/util.h"

static void (*die_hook)(void);

void
set_die_hook(void (*hook)(void))
{
	die_hook = hook;
}

void
die(const char *fmt, ...)
{
	va_list ap;

	if (die_hook)
		die_hook();
	fputs("lanes: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory (%zu bytes)", n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die("bad format string");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		sb->cap = (sb->len + n + 1) * 2;
		sb->buf = xrealloc(sb->buf, sb->cap);
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	sb_puts(sb, p);
	free(p);
}

char *
sb_steal(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void
sb_free(struct strbuf *sb)
{
	x_free(&sb->buf);
	sb->len = sb->cap = 0;
}

int
err_set(struct lanes_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

bool
str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool
str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void
str_wipe(char *s)
{
	/* volatile, so the stores are not dropped as dead before a free() */
	for (volatile char *v = s; v && *v; v++)
		*v = '\0';
}

void
str_wipe_free(char **pp)
{
	str_wipe(*pp);
	x_free(pp);
}

bool
str_has_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return true;
	return false;
}

char *
str_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		memmove(s, s + 1, strlen(s));
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

bool
str_to_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

const char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home == '/')
		return home;
	return (pw = getpwuid(getuid())) && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
}

char *
xdg_path(const char *env, const char *fallback, const char *name)
{
	const char *v = getenv(env), *home = home_dir();

	if (v && *v == '/')
		return xasprintf("%s/lanes/%s", v, name);
	return home ? xasprintf("%s/%s/lanes/%s", home, fallback, name) : NULL;
}

char *
str_url_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = { 0 };

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			sb_add(&sb, s, 1);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(&sb, esc, 3);
		}
	}
	return sb_steal(&sb);
}

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

char *
url_query_value(const char *query, const char *key)
{
	size_t k = strlen(key);
	const char *p = query;

	while (p && *p) {
		const char *end = p + strcspn(p, "&");
		if ((size_t)(end - p) > k && !strncmp(p, key, k) && p[k] == '=') {
			struct strbuf sb = { 0 };
			for (const char *c = p + k + 1; c < end; c++) {
				if (*c == '%' && end - c >= 3 && isxdigit((unsigned char)c[1]) &&
				    isxdigit((unsigned char)c[2])) {
					char ch = (char)(hexval((unsigned char)c[1]) << 4 |
					    hexval((unsigned char)c[2]));
					sb_add(&sb, &ch, 1);
					c += 2;
				} else {
					sb_add(&sb, *c == '+' ? " " : c, 1);
				}
			}
			return sb_steal(&sb);
		}
		p = *end ? end + 1 : NULL;
	}
	return NULL;
}
