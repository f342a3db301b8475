#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

char *
store_default_path(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "lanes.db");
}

int
db_error(struct store *st, struct lanes_err *e, const char *what)
{
	return err_set(e, "%s: %s", what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *
stmt_get(struct store *st, const char *sql, struct lanes_err *e)
{
	int free_slot = -1;

	for (int i = 0; i < STMT_CACHE; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
		if (!st->cache[i].sql && free_slot < 0)
			free_slot = i;
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		db_error(st, e, "database query failed");
		return NULL;
	}
	if (free_slot >= 0) {
		st->cache[free_slot].sql = sql;
		st->cache[free_slot].stmt = s;
	} else {
		die("statement cache too small");
	}
	return s;
}

static int
stmt_vbind(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	for (int i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(s, i, va_arg(ap, lid));
			break;
		case 'n':
			rc = sqlite3_bind_int(s, i, va_arg(ap, int));
			break;
		case 'd':
			rc = sqlite3_bind_double(s, i, va_arg(ap, double));
			break;
		case 't': {
			const char *t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
			break;
		}
		default:
			die("bad bind format '%c'", *fmt);
		}
	}
	return rc == SQLITE_OK ? 0 : -1;
}

int
stmt_bind(sqlite3_stmt *s, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = stmt_vbind(s, fmt, ap);
	va_end(ap);
	return rc;
}

/* The cached statement for sql with the arguments bound, or NULL. */
static sqlite3_stmt *
stmt_vprepare(struct store *st, struct lanes_err *e, const char *sql, const char *fmt,
    va_list ap)
{
	sqlite3_stmt *s = stmt_get(st, sql, e);

	if (s && stmt_vbind(s, fmt, ap) < 0) {
		db_error(st, e, "database query failed");
		return NULL;
	}
	return s;
}

int
stmt_exec(struct store *st, struct lanes_err *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;

	va_start(ap, fmt);
	s = stmt_vprepare(st, e, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_error(st, e, "database update failed");
	return 0;
}

int
stmt_lid(struct store *st, struct lanes_err *e, lid *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	s = stmt_vprepare(st, e, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		/* left on its row, the statement would keep a read transaction
		 * open: a stale snapshot, and a WAL that cannot be checkpointed */
		sqlite3_reset(s);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(st, e, "database query failed");
}

int
store_check_writable(struct store *st, struct lanes_err *e)
{
	if (st->ro_reason)
		return err_set(e, "read-only: %s", st->ro_reason);
	return store_check(st, e);
}

int
txn_begin(struct store *st, struct lanes_err *e)
{
	if (store_check_writable(st, e) < 0)
		return -1;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(st, e, "cannot start a transaction");
	return 0;
}

int
txn_commit(struct store *st, struct lanes_err *e)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(st, e, "cannot commit");
		txn_rollback(st);
		return -1;
	}
	return 0;
}

int
txn_end(struct store *st, int rc, struct lanes_err *e)
{
	if (rc < 0) {
		txn_rollback(st);
		return -1;
	}
	return txn_commit(st, e);
}

void
txn_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The writer lock: an flock on "<db>.lock" holding the owner's pid, so a
 * second lanes can say who has the database. Returns 1 taken, 0 held by
 * another process (holder pid in *pid), -1 error. */
static int
lock_take(struct store *st, long *pid, struct lanes_err *e)
{
	char *lp = xasprintf("%s.lock", st->path);
	int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	char buf[32] = "";

	if (fd < 0) {
		err_set(e, "cannot open %s: %s", lp, strerror(errno));
		free(lp);
		return -1;
	}
	free(lp);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

		buf[n > 0 ? n : 0] = '\0';
		*pid = strtol(buf, NULL, 10);
		close(fd);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, strlen(buf), 0) < 0)
		buf[0] = '\0'; /* the pid is only informative */
	st->lock_fd = fd;
	return 1;
}

/* "file:PATH?immutable=1": a database in a folder no one may write in
 * (SQLite could not make the files it reads a WAL database with, so it
 * reads the file as it is). */
static char *
immutable_uri(const char *path)
{
	struct strbuf sb = { 0 };

	sb_puts(&sb, "file:");
	for (const char *c = path; *c; c++)
		if (*c == '%' || *c == '?' || *c == '#')
			sb_printf(&sb, "%%%02X", (unsigned char)*c);
		else
			sb_add(&sb, c, 1);
	sb_puts(&sb, "?immutable=1");
	return sb_steal(&sb);
}

static int
open_db(struct store *st, bool readonly, struct lanes_err *e)
{
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	char *name = st->ro_folder ? immutable_uri(st->path) : xstrdup(st->path);
	int rc = sqlite3_open_v2(name, &st->db, flags | SQLITE_OPEN_NOMUTEX |
	    (st->ro_folder ? SQLITE_OPEN_URI : 0), NULL);

	free(name);
	if (rc != SQLITE_OK) {
		err_set(e, "cannot open %s: %s", st->path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		return -1;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (search_register(st->db) != SQLITE_OK || window_register(st) != SQLITE_OK)
		return err_set(e, "cannot open %s: %s", st->path, sqlite3_errmsg(st->db));
	return 0;
}

static int
configure_db(struct store *st, struct lanes_err *e)
{
	const char *pragmas = st->ro_reason
	    ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
	    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
	int rc = sqlite3_exec(st->db, pragmas, NULL, NULL, NULL);

	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return err_set(e, "%s is not a lanes database or is corrupt; it was left untouched "
		    "(move it aside to start afresh)", st->path);
	if (rc != SQLITE_OK)
		return err_set(e, "cannot use %s: %s", st->path, sqlite3_errmsg(st->db));
	return 0;
}

/* A database damaged in the middle opens like any other and fails later,
 * page by page: it is checked whole when opened, and refused untouched. */
static int
check_db(struct store *st, struct lanes_err *e)
{
	sqlite3_stmt *s = NULL;
	const char *first;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
	if (rc == SQLITE_ROW && first && str_eq(first, "ok")) {
		sqlite3_finalize(s);
		st->checked = true;
		return 0;
	}
	if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB) {
		err_set(e, "cannot read %s: %s", st->path, sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return -1;
	}
	err_set(e, "%s is damaged (%s); it was left untouched: move it aside and lanes starts "
	    "afresh, or try `sqlite3 %s .recover` to save what it holds", st->path,
	    first ? first : sqlite3_errmsg(st->db), st->path);
	sqlite3_finalize(s);
	/* SQLite's report spans lines */
	for (char *c = e->msg; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return -1;
}

int
store_check(struct store *st, struct lanes_err *e)
{
	if (st->checked)
		return 0;
	if (check_db(st, e) < 0)
		return -1;
	undo_expire(st);
	return 0;
}

bool
store_owner(const struct store *st)
{
	return st->lock_fd >= 0;
}

int
store_try_own(struct store *st)
{
	long pid = 0;

	struct lanes_err e;

	if (st->lock_fd >= 0 || st->ro_reason)
		return st->lock_fd >= 0;
	if (lock_take(st, &pid, &e) < 0)
		return 0;
	st->owner_pid = pid;
	return st->lock_fd >= 0;
}

long
store_owner_pid(const struct store *st)
{
	return st->lock_fd >= 0 ? (long)getpid() : st->owner_pid;
}

bool
store_changed_elsewhere(struct store *st)
{
	lid v = 0;

	if (stmt_lid(st, NULL, &v, "PRAGMA data_version", "") <= 0 || v == st->data_version)
		return false;
	st->data_version = v;
	return true;
}

int
store_open(const char *path, unsigned flags, struct store **out, struct lanes_err *e)
{
	struct store *st = xcalloc(1, sizeof(*st));
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat sb;

	st->path = xstrdup(path);
	st->lock_fd = -1;
	*out = NULL;
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir) < 0) {
			err_set(e, "cannot create %s: %s", dir, strerror(errno));
			goto fail;
		}
	}
	if (!(flags & STORE_WRITE))
		st->ro_reason = xstrdup("opened for reading");
	else if (stat(path, &sb) == 0 && access(path, W_OK) != 0)
		st->ro_reason = xasprintf("%s is a read-only file", path);
	else if (stat(path, &sb) == 0 && access(slash && slash != dir ? dir : ".", W_OK) != 0) {
		st->ro_reason = xasprintf("the folder %s is read-only", dir);
		st->ro_folder = true;
	}
	else if (lock_take(st, &st->owner_pid, e) < 0)     /* held elsewhere: 0, and we write too */
		goto fail;
	if (st->ro_reason && stat(path, &sb) < 0) {
		err_set(e, "no lanes database at %s yet", path);
		goto fail;
	}
	if (open_db(st, st->ro_reason != NULL, e) < 0 || configure_db(st, e) < 0)
		goto fail;
	/* a file to migrate is checked first, whatever the caller asked */
	if ((!(flags & STORE_CHECK_LATER) || store_schema_version(st) != STORE_SCHEMA_VERSION) &&
	    check_db(st, e) < 0)
		goto fail;
	if (store_migrate(st, e) < 0)
		goto fail;
	store_changed_elsewhere(st);    /* what others write from now on */
	undo_session_start(st);
	if (st->checked)
		undo_expire(st);
	free(dir);
	*out = st;
	return 0;
fail:
	free(dir);
	store_close(&st);
	return -1;
}

void
store_close(struct store **stp)
{
	struct store *st = *stp;

	if (!st)
		return;
	if (st->db && !st->ro_reason && st->checked)
		undo_session_end(st);
	store_flush(st, NULL);
	for (int i = 0; i < STMT_CACHE; i++)
		if (st->cache[i].stmt)
			sqlite3_finalize(st->cache[i].stmt);
	if (st->db)
		sqlite3_close(st->db);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	free(st->path);
	free(st->ro_reason);
	free(st);
	*stp = NULL;
}

int
store_set_durable(struct store *st, bool durable)
{
	return sqlite3_exec(st->db, durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF",
	    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int
on_commit(void *ud)
{
	struct store *st = ud;

	st->unflushed = true;
	return 0;
}

int
store_defer_sync(struct store *st)
{
	if (st->ro_reason)
		return 0;
	sqlite3_commit_hook(st->db, on_commit, st);
	return sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) == SQLITE_OK
	    ? 0 : -1;
}

/* The WAL's own file handle, from SQLite: the same fd its commits wrote. */
int
store_flush(struct store *st, struct lanes_err *e)
{
	sqlite3_file *wal = NULL;

	if (!st->unflushed)
		return 0;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK
	    || !wal || !wal->pMethods)
		return err_set(e, "cannot reach the write-ahead log of %s", st->path);
	if (wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		return err_set(e, "cannot write %s to disk: %s", st->path, strerror(errno));
	st->unflushed = false;
	return 0;
}

bool
store_unflushed(const struct store *st)
{
	return st->unflushed;
}

const char *
store_readonly_reason(const struct store *st)
{
	return st->ro_reason;
}

char *
store_state_get(struct store *st, const char *key)
{
	sqlite3_stmt *s = stmt_get(st, "SELECT value FROM ui_state WHERE key = ?", NULL);

	char *v;

	if (!s || stmt_bind(s, "t", key) < 0 || sqlite3_step(s) != SQLITE_ROW)
		return NULL;
	v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s); /* do not hold a read transaction open */
	return v;
}

int
store_state_set(struct store *st, const char *key, const char *value)
{
	char *was;
	bool same;

	if (st->ro_reason)
		return -1;
	/* nothing is written to a file not checked yet: most writes at start
	 * repeat what is there, and the rest wait for the check */
	was = store_state_get(st, key);
	same = was && str_eq(was, value);
	free(was);
	if (same)
		return 0;
	if (store_check(st, NULL) < 0)
		return -1;
	return stmt_exec(st, NULL, "INSERT INTO ui_state(key, value) VALUES (?, ?) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "tt", key, value);
}
