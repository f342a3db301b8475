/* Running $EDITOR from the board: the text goes into a 0600 temporary
 * file, curses is suspended, a shell runs the editor with the file's path
 * as "$1", and the screen is restored whatever the editor did. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/ui-editor.h"
#include "lanes/ui.h"
#include "private.h"

const char *
ui_editor_command(void)
{
	const char *v;

	if (opt.editor && *opt.editor)
		return opt.editor;
	if ((v = getenv("VISUAL")) && *v)
		return v;
	if ((v = getenv("EDITOR")) && *v)
		return v;
	return "vi";
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The text in a new private file; its path in path. */
static int
write_temp(const char *text, char *path, size_t n, struct lanes_err *e)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(text);
	int fd, rc;

	snprintf(path, n, "%s/lanes-XXXXXX.txt", dir && *dir ? dir : "/tmp");
	fd = mkstemps(path, 4);
	if (fd < 0)
		return err_set(e, "cannot create a temporary file: %s", strerror(errno));
	rc = fchmod(fd, 0600);
	if (rc == 0)
		rc = write_all(fd, text, len);
	/* editors expect a file that ends with a newline */
	if (rc == 0 && len && text[len - 1] != '\n')
		rc = write_all(fd, "\n", 1);
	if (close(fd) < 0 || rc < 0) {
		err_set(e, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/* What the editor saved, or NULL: unreadable, or longer than max (the
 * file is then kept, e says where, so nothing written is lost). */
static char *
read_back(const char *path, size_t max, struct lanes_err *e)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = { 0 };
	char buf[8192];
	size_t n;

	if (!f) {
		err_set(e, "cannot read what the editor saved: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len <= max)
		sb_add(&sb, buf, n);
	fclose(f);
	if (sb.len > max) {
		sb_free(&sb);
		err_set(e, "the text is longer than %zu KiB; nothing changed, what you wrote is "
		    "kept in %s", max >> 10, path);
		return NULL;
	}
	return sb_steal(&sb);
}

/* Runs the editor like system() does (the shell's SIGINT and SIGQUIT are
 * the editor's business, not ours) but with the path as "$1", so no text
 * and no file name is ever parsed by the shell. */
static int
run_editor(const char *path, struct lanes_err *e)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	char *script = xasprintf("%s \"$1\"", ui_editor_command());
	int status = 0;
	pid_t pid;

	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
		_exit(127);
	}
	free(script);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (pid < 0)
		return err_set(e, "cannot start the editor: %s", strerror(errno));
	if (WIFSIGNALED(status))
		return err_set(e, "the editor was killed by signal %d; nothing changed",
		    WTERMSIG(status));
	if (WEXITSTATUS(status) == 127)
		return err_set(e, "cannot run the editor \"%s\"; set `editor` or $EDITOR",
		    ui_editor_command());
	if (WEXITSTATUS(status))
		return err_set(e, "the editor exited with status %d; nothing changed",
		    WEXITSTATUS(status));
	return 0;
}

static void
chop_newlines(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

int
ui_edit_text(const char *text, size_t max, char **out, struct lanes_err *e)
{
	char path[4096], *old = xstrdup(text ? text : ""), *now = NULL;
	bool keep = false;
	int rc;

	*out = NULL;
	if (write_temp(old, path, sizeof(path), e) < 0) {
		free(old);
		return -1;
	}
	ui_suspend();
	rc = run_editor(path, e);
	ui_resume();
	if (rc == 0 && (now = read_back(path, max, e)) == NULL) {
		rc = -1;
		keep = access(path, R_OK) == 0;
	}
	if (!keep)
		unlink(path);
	if (rc == 0) {
		chop_newlines(old);
		chop_newlines(now);
		rc = !str_eq(old, now);
	}
	free(old);
	if (rc == 1)
		*out = now;
	else
		free(now);
	return rc;
}
