/* An account's secrets, read from their sources the first time a request
 * needs them and then kept only in memory: never in argv, messages or the
 * trace. A KEY-cmd runs off the loop, with a time limit, so that a slow
 * password manager never freezes the screen; its first line of output is
 * the secret and its standard error goes into the message when it fails. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/text.h"
#include "private.h"

#define SECRET_MAX 4096
#define SECRET_ERR_MAX 300

long secret_cmd_timeout_ms = 30000;

struct secret_read {
	struct sync_account *a;         /* NULL once cancelled */
	int setting;
	secrets_done_fn done;
	uv_process_t proc;
	uv_pipe_t out, err;
	uv_timer_t timer;
	struct strbuf outb, errb;
	int open;                       /* handles not closed yet */
	int eofs;                       /* pipes at their end */
	bool exited, timed_out;
	long long status;
	int signal;
};

/* Takes v as setting i's value; -1 with e set when it cannot be one. */
static int
secret_take(struct sync_account *a, int i, char *v, struct lanes_err *e)
{
	const char *key = a->be->settings[i].key;

	if (!*v || str_has_blank(v) || strlen(v) >= SECRET_MAX) {
		memset(v, 0, strlen(v));
		free(v);
		return err_set(e, "account %s: the %s is empty or holds spaces or control characters",
		    a->name, key);
	}
	a->values[i] = v;
	return 0;
}

static void
read_free(uv_handle_t *h)
{
	struct secret_read *r = h->data;

	if (--r->open > 0)
		return;
	if (r->outb.buf)
		memset(r->outb.buf, 0, r->outb.len);
	sb_free(&r->outb);
	sb_free(&r->errb);
	free(r);
}

static void
read_close(struct secret_read *r)
{
	uv_handle_t *hs[] = {
		(uv_handle_t *)&r->proc, (uv_handle_t *)&r->out, (uv_handle_t *)&r->err,
		(uv_handle_t *)&r->timer,
	};

	for (size_t i = 0; i < ARRAY_SIZE(hs); i++)
		if (!uv_is_closing(hs[i]))
			uv_close(hs[i], read_free);
}

/* The command's own words on failure: its first line of stderr. */
static void
cmd_failed(struct secret_read *r, struct lanes_err *e)
{
	const char *key = r->a->be->settings[r->setting].key;
	char *why = NULL;

	if (r->errb.len) {
		char *nl = strchr(r->errb.buf, '\n');
		why = text_sanitize(r->errb.buf, nl ? (size_t)(nl - r->errb.buf) : r->errb.len);
	}
	if (r->timed_out)
		err_set(e, "account %s: %s-cmd took longer than %.1f s and was stopped",
		    r->a->name, key, secret_cmd_timeout_ms / 1000.0);
	else if (r->signal)
		err_set(e, "account %s: %s-cmd was killed by signal %d%s%s", r->a->name, key,
		    r->signal, why && *why ? ": " : "", why ? why : "");
	else if (r->status)
		err_set(e, "account %s: %s-cmd failed (exit %lld)%s%s", r->a->name, key, r->status,
		    why && *why ? ": " : "", why ? why : "");
	else
		err_set(e, "account %s: %s-cmd printed nothing", r->a->name, key);
	free(why);
}

/* The command is over (exited and both pipes ended, or timed out). */
static void
read_finish(struct secret_read *r)
{
	struct sync_account *a = r->a;
	struct lanes_err e = { "" };
	secrets_done_fn done = r->done;
	int rc = -1;

	if (!a)
		return;
	if (!r->timed_out && !r->status && !r->signal && r->outb.len) {
		char *nl = memchr(r->outb.buf, '\n', r->outb.len);
		char *v = xstrndup(r->outb.buf, nl ? (size_t)(nl - r->outb.buf) : r->outb.len);
		size_t n = strlen(v);

		while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == ' ' || v[n - 1] == '\t'))
			v[--n] = '\0';
		rc = secret_take(a, r->setting, v, &e);
	} else {
		cmd_failed(r, &e);
	}
	r->a = NULL;
	a->reading = NULL;
	read_close(r);
	if (rc == 0)
		rc = sync_account_secrets(a, r->proc.loop, done, &e);
	if (rc != 0)            /* 0: another command runs and will call done */
		done(a, rc < 0 ? e.msg : NULL);
}

static void
maybe_finish(struct secret_read *r)
{
	if (r->timed_out || (r->exited && r->eofs == 2))
		read_finish(r);
}

static void
on_exit_cb(uv_process_t *p, int64_t status, int signal)
{
	struct secret_read *r = p->data;

	r->exited = true;
	r->status = status;
	r->signal = signal;
	maybe_finish(r);
}

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char chunk[1024];

	buf->base = chunk;
	buf->len = sizeof(chunk);
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct secret_read *r = s->data;
	bool out = s == (uv_stream_t *)&r->out;
	struct strbuf *sb = out ? &r->outb : &r->errb;
	size_t cap = out ? SECRET_MAX : SECRET_ERR_MAX;

	if (n > 0) {
		if (sb->len < cap)
			sb_add(sb, buf->base, (size_t)n < cap - sb->len ? (size_t)n : cap - sb->len);
		memset(buf->base, 0, (size_t)n);
		return;
	}
	if (n < 0) {
		uv_read_stop(s);
		r->eofs++;
		maybe_finish(r);
	}
}

static void
on_timeout(uv_timer_t *t)
{
	struct secret_read *r = t->data;

	r->timed_out = true;
	if (!r->exited)
		uv_process_kill(&r->proc, SIGKILL);
	read_finish(r);
}

/* Starts setting i's command: 0, or -1 with e set. */
static int
cmd_start(struct sync_account *a, int i, uv_loop_t *loop, secrets_done_fn done,
    struct lanes_err *e)
{
	struct secret_read *r = xcalloc(1, sizeof(*r));
	char *args[] = { "/bin/sh", "-c", a->set[i].text, NULL };
	uv_stdio_container_t stdio[3];
	uv_process_options_t o = { 0 };
	int rc;

	r->a = a;
	r->setting = i;
	r->done = done;
	uv_pipe_init(loop, &r->out, 0);
	uv_pipe_init(loop, &r->err, 0);
	uv_timer_init(loop, &r->timer);
	r->out.data = r->err.data = r->timer.data = r->proc.data = r;
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&r->out;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&r->err;
	o.file = args[0];
	o.args = args;
	o.stdio = stdio;
	o.stdio_count = 3;
	o.exit_cb = on_exit_cb;
	r->open = 4;
	a->reading = r;
	if ((rc = uv_spawn(loop, &r->proc, &o)) < 0) {
		r->a = NULL;
		a->reading = NULL;
		/* a process that never started still has its handle to close */
		read_close(r);
		return err_set(e, "account %s: cannot run %s-cmd: %s", a->name,
		    a->be->settings[i].key, uv_strerror(rc));
	}
	uv_read_start((uv_stream_t *)&r->out, on_alloc, on_read);
	uv_read_start((uv_stream_t *)&r->err, on_alloc, on_read);
	uv_timer_start(&r->timer, on_timeout, (uint64_t)secret_cmd_timeout_ms, 0);
	return 0;
}

int
sync_account_secrets(struct sync_account *a, uv_loop_t *loop, secrets_done_fn done,
    struct lanes_err *e)
{
	if (a->secrets_read)
		return 1;
	if (a->reading)
		return 0;
	for (int i = 0; a->be->settings[i].key; i++) {
		const struct account_setting *s = &a->set[i];
		const char *v;

		if (!(a->be->settings[i].flags & SETTING_SECRET) || !s->from || a->values[i])
			continue;
		if (s->from == FROM_CMD)
			return cmd_start(a, i, loop, done, e) < 0 ? -1 : 0;
		v = s->from == FROM_ENV ? getenv(s->text) : s->text;
		if (!v || !*v)
			return err_set(e, "account %s: $%s is not set", a->name, s->text);
		if (secret_take(a, i, xstrdup(v), e) < 0)
			return -1;
	}
	a->secrets_read = true;
	return 1;
}

void
sync_account_secrets_cancel(struct sync_account *a)
{
	struct secret_read *r = a->reading;

	if (!r)
		return;
	r->a = NULL;
	a->reading = NULL;
	if (!r->exited)
		uv_process_kill(&r->proc, SIGKILL);
	read_close(r);
}

const char *
sync_account_bearer(const struct sync_account *a)
{
	return a->be->bearer ? a->be->bearer(&a->ba) : backend_setting(&a->ba, "token");
}
