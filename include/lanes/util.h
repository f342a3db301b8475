/* Small helpers every layer may use: allocation that never returns NULL,
 * a growable string buffer, and error reporting. */
#ifndef LANES_UTIL_H
#define LANES_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* Frees *pp and sets it to NULL, so a stale pointer cannot be used twice. */
#define x_free(pp) do { free(*(pp)); *(pp) = NULL; } while (0)

/* Overwrites a string (a token) with zeros; str_wipe_free then x_free()s it. */
void str_wipe(char *s);
void str_wipe_free(char **pp);

/* Called by die() before printing, so curses can restore the terminal. */
void set_die_hook(void (*hook)(void));
_Noreturn void die(const char *fmt, ...) PRINTF_LIKE(1, 2);

struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *sb_steal(struct strbuf *sb); /* returns the string ("" if empty) and resets sb */
void sb_free(struct strbuf *sb);

/* An error message carried back to whoever shows it (status line or stderr). */
struct lanes_err {
	char msg[512];
};
int err_set(struct lanes_err *e, const char *fmt, ...) PRINTF_LIKE(2, 3);

bool str_eq(const char *a, const char *b);
bool str_has_prefix(const char *s, const char *prefix);
/* Whether s holds a space, a control character or DEL: what no token,
 * key or URL may hold. */
bool str_has_blank(const char *s);
/* Strips leading and trailing white space in place; returns s. */
char *str_trim(char *s);
/* s with every byte but RFC 3986's unreserved ones as %XX (malloc'd):
 * for a URL's query or a form. */
char *str_url_encode(const char *s);
/* The value of key in a URL's query ("a=1&b=x%20y"), percent-decoded and
 * '+' read as a space (malloc'd; "" when empty), or NULL when key is not
 * there. The first of several wins. */
char *url_query_value(const char *query, const char *key);
/* Parses a whole decimal integer; false on junk, overflow or empty input. */
bool str_to_long(const char *s, long *out);

/* For an OAuth sign-in with PKCE (sha256.c): SHA-256 of data; data as
 * base64url without padding (malloc'd); n bytes from the system's random
 * source (false when it fails). */
void sha256(const void *data, size_t len, unsigned char out[32]);
char *base64url(const unsigned char *data, size_t len);
bool random_bytes(void *buf, size_t n);

/* Wall clock in milliseconds since the epoch, and a monotonic clock in ms. */
long long now_ms(void);
long long mono_ms(void);

/* mkdir -p with mode 0700 for the parts it creates. */
int mkdir_p(const char *path);
/* The home folder: $HOME, else the password database's; NULL when neither
 * names an absolute folder (never a path under the current directory). */
const char *home_dir(void);
/* $XDG_<what>_HOME/lanes/name, or ~/<fallback>/lanes/name (NULL without a
 * home folder); malloc'd. */
char *xdg_path(const char *env, const char *fallback, const char *name);

#endif
