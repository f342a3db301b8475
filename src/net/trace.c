/* The trace (LANES_TRACE): one line per exchange, and one writer that
 * strips every line and redacts every secret from it. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lanes/text.h"
#include "private.h"

/* Replaces every occurrence of secret in *s; *s is reallocated. */
static void
redact_one(char **s, const char *secret)
{
	struct strbuf sb = {0};
	size_t n = strlen(secret);
	const char *p = *s, *hit;

	if (!n || !strstr(p, secret))
		return;
	while ((hit = strstr(p, secret))) {
		sb_add(&sb, p, (size_t)(hit - p));
		sb_puts(&sb, "[redacted]");
		p = hit + n;
	}
	sb_puts(&sb, p);
	free(*s);
	*s = sb_steal(&sb);
}

/* Sanitizing comes first so that the redaction sees exactly the bytes that
 * reach the file. */
static void
trace_write(struct http *h, const char *line, const char *extra_secret)
{
	char *clean;
	size_t i;

	if (!h->trace)
		return;
	clean = text_sanitize(line, strlen(line));
	for (i = 0; i < h->nsecrets; i++)
		redact_one(&clean, h->secrets[i]);
	if (extra_secret)
		redact_one(&clean, extra_secret);
	fprintf(h->trace, "%s\n", clean);
	fflush(h->trace);
	free(clean);
}

static void
iso_now(char *buf, size_t n)
{
	long long ms = now_ms();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	size_t k;

	gmtime_r(&t, &tm);
	k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + k, n - k, ".%03lldZ", ms % 1000);
}

/* outcome is the status or the failure kind; err is added for failures. */
void
http_trace_exchange(struct http *h, const struct http_xfer *x, const char *outcome,
    long ms, const char *err)
{
	char when[40];
	char *line;

	if (!h->trace)
		return;
	iso_now(when, sizeof(when));
	if (err && *err)
		line = xasprintf("%s %s %s %s %zuB %ldms \"%s\"", when, x->method,
		    x->trace_path, outcome, x->received, ms, err);
	else
		line = xasprintf("%s %s %s %s %zuB %ldms", when, x->method,
		    x->trace_path, outcome, x->received, ms);
	trace_write(h, line, x->token);
	free(line);
}

int
http_set_trace(struct http *h, const char *path, struct lanes_err *e)
{
	struct stat st;
	int fd;
	FILE *f;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, "cannot open trace file %s: %s", path, strerror(errno));
	/* An existing file may be readable by others; the trace names paths and
	 * ids of private boards. Only regular files: a tty must stay as it is. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
		fchmod(fd, 0600);
	f = fdopen(fd, "a");
	if (!f) {
		close(fd);
		return err_set(e, "cannot open trace file %s: %s", path, strerror(errno));
	}
	if (h->trace)
		fclose(h->trace);
	h->trace = f;
	return 0;
}

void
http_add_secret(struct http *h, const char *secret)
{
	size_t i;

	if (!secret || !*secret)
		return;
	for (i = 0; i < h->nsecrets; i++)
		if (strcmp(h->secrets[i], secret) == 0)
			return;
	h->secrets = xrealloc(h->secrets, (h->nsecrets + 1) * sizeof(*h->secrets));
	h->secrets[h->nsecrets++] = xstrdup(secret);
}

/* ---- what the trace shows of a URL ---- */

static bool
key_looks_secret(const char *key, size_t n)
{
	static const char *const words[] = {
		"token", "key", "pass", "secret", "code", "auth", "sig", "session",
	};
	char low[64];
	size_t i;

	if (n >= sizeof(low))
		return true;    /* a key that long is not one of ours; be safe */
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)key[i]);
	low[n] = '\0';
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(low, words[i]))
			return true;
	return false;
}

static void
query_redact(struct strbuf *sb, const char *q)
{
	while (*q) {
		size_t n = strcspn(q, "&");
		const char *eq = memchr(q, '=', n);

		if (eq && key_looks_secret(q, (size_t)(eq - q))) {
			sb_add(sb, q, (size_t)(eq - q) + 1);
			sb_puts(sb, "[redacted]");
		} else {
			sb_add(sb, q, n);
		}
		q += n;
		if (*q == '&')
			sb_add(sb, q++, 1);
	}
}

/* What the trace shows of a URL: no scheme, no host, no fragment, and no
 * values of query keys that look like credentials. */
char *
http_trace_path(const char *url)
{
	struct strbuf sb = {0};
	CURLU *u = curl.url();
	char *path = NULL, *query = NULL;

	if (curl.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl.url_get(u, CURLUPART_PATH, &path, 0);
		curl.url_get(u, CURLUPART_QUERY, &query, 0);
	}
	sb_puts(&sb, path ? path : "/");
	if (query) {
		sb_add(&sb, "?", 1);
		query_redact(&sb, query);
	}
	curl.free(path);
	curl.free(query);
	curl.url_cleanup(u);
	return sb_steal(&sb);
}
