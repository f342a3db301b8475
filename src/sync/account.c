/* Accounts from the configuration, and their tokens. A token is read
 * from its source the first time a request needs it and then lives only
 * in memory: never in argv, messages or the trace. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lanes/config.h"
#include "lanes/http.h"
#include "private.h"

#define MAX_ACCOUNTS 16
#define MAX_TOKEN 4096

static struct sync_account accounts[MAX_ACCOUNTS];
static int naccounts;

struct sync_account *
sync_account_at(int i)
{
	return i >= 0 && i < naccounts ? &accounts[i] : NULL;
}

int
sync_account_count(void)
{
	return naccounts;
}

const char *
sync_account_name(int i)
{
	return i >= 0 && i < naccounts ? accounts[i].name : NULL;
}

struct sync_account *
sync_account_find(const char *name)
{
	for (int i = 0; name && i < naccounts; i++)
		if (str_eq(accounts[i].name, name))
			return &accounts[i];
	return NULL;
}

bool
sync_account_known(const char *name)
{
	return sync_account_find(name) != NULL;
}

static void
account_clear(struct sync_account *a)
{
	free(a->name);
	free(a->service);
	free(a->url);
	free(a->tok_src);
	if (a->token)
		memset(a->token, 0, strlen(a->token));
	free(a->token);
	free(a->stopped);
	memset(a, 0, sizeof(*a));
}

void
sync_accounts_clear(void)
{
	for (int i = 0; i < naccounts; i++)
		account_clear(&accounts[i]);
	naccounts = 0;
}

static bool
name_ok(const char *s)
{
	if (!*s || strlen(s) > 40 || str_eq(s, "local"))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

/* key=value settings of one account line into a. Values are never quoted
 * back in messages: one of them may be a token. */
static int
account_setting(struct sync_account *a, const char *arg, int *tokens, struct lanes_err *e)
{
	const char *eq = strchr(arg, '=');
	size_t k = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *v = eq ? eq + 1 : "";

	if (!eq || !*v)
		return err_set(e, "account settings are KEY=VALUE (%.*s has no value)",
		    (int)(k > 20 ? 20 : k), arg);
	if (k == 7 && !strncmp(arg, "service", k)) {
		free(a->service);
		a->service = xstrdup(v);
	} else if (k == 3 && !strncmp(arg, "url", k)) {
		free(a->url);
		a->url = xstrdup(v);
	} else if ((k == 9 && !strncmp(arg, "token-env", k)) ||
	    (k == 9 && !strncmp(arg, "token-cmd", k)) || (k == 5 && !strncmp(arg, "token", k))) {
		(*tokens)++;
		a->tok_kind = k == 5 ? TOKEN_LITERAL : arg[6] == 'e' ? TOKEN_ENV : TOKEN_CMD;
		free(a->tok_src);
		a->tok_src = xstrdup(v);
	} else {
		return err_set(e, "unknown account setting \"%.*s\" (service, url, token-env, "
		    "token-cmd, token)", (int)(k > 20 ? 20 : k), arg);
	}
	return 0;
}

static int
account_check(struct sync_account *a, int tokens, struct lanes_err *e)
{
	const struct config_source *src = config_source();
	size_t n;

	if (!a->service)
		return err_set(e, "account %s needs service=asana", a->name);
	if (!(a->be = backend_find(a->service)))
		return err_set(e, "unknown service \"%s\" (lanes knows asana)", a->service);
	if (tokens != 1)
		return err_set(e, "account %s needs one of token-env=VAR, token-cmd=\"CMD\" or "
		    "token=TOKEN", a->name);
	if (a->tok_kind == TOKEN_LITERAL && !src->private_file)
		return err_set(e, "token= is refused: %s can be read by other users (chmod 600 a "
		    "file of your own, or use token-env= or token-cmd=)", src->path ? src->path : "this text");
	if (!a->url)
		a->url = xstrdup(a->be->default_url);
	if (!http_url_allowed(a->url, e))
		return -1;
	n = strlen(a->url);
	while (n > 0 && a->url[n - 1] == '/')
		a->url[--n] = '\0';
	return 0;
}

int
sync_account_cmd(int argc, char **argv, struct lanes_err *e)
{
	struct sync_account a = { 0 }, *old;
	int tokens = 0;

	if (argc < 3)
		return err_set(e, "usage: account NAME service=asana [url=BASE] "
		    "(token-env=VAR | token-cmd=\"CMD\" | token=TOKEN)");
	if (!name_ok(argv[1]))
		return err_set(e, "an account name is letters, digits, - _ . (not \"local\")");
	a.name = xstrdup(argv[1]);
	for (int i = 2; i < argc; i++)
		if (account_setting(&a, argv[i], &tokens, e) < 0) {
			account_clear(&a);
			return -1;
		}
	if (account_check(&a, tokens, e) < 0) {
		account_clear(&a);
		return -1;
	}
	if ((old = sync_account_find(a.name))) {
		account_clear(old);
		*old = a;
	} else if (naccounts == MAX_ACCOUNTS) {
		account_clear(&a);
		return err_set(e, "at most %d accounts", MAX_ACCOUNTS);
	} else {
		accounts[naccounts++] = a;
	}
	return 0;
}

/* The first line the command prints. It runs with a shell, so it may be
 * `pass show asana`; the token travels through a pipe, never argv. */
static char *
token_from_cmd(const char *cmd, struct lanes_err *e)
{
	FILE *p = popen(cmd, "r");
	char buf[MAX_TOKEN];
	int status;

	if (!p) {
		err_set(e, "cannot run token-cmd: %s", strerror(errno));
		return NULL;
	}
	if (!fgets(buf, sizeof(buf), p))
		buf[0] = '\0';
	while (fgetc(p) != EOF)
		;
	status = pclose(p);
	if (status != 0 || !*str_trim(buf)) {
		err_set(e, "token-cmd %s", status != 0 ? "failed" : "printed nothing");
		return NULL;
	}
	return xstrdup(str_trim(buf));
}

static bool
token_ok(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t <= 0x20 || *t == 0x7f)
			return false;
	return true;
}

const char *
sync_account_token(struct sync_account *a, struct lanes_err *e)
{
	char *t = NULL;

	if (a->token)
		return a->token;
	if (a->tok_kind == TOKEN_ENV) {
		const char *v = getenv(a->tok_src);
		if (!v || !*v) {
			err_set(e, "account %s: $%s is not set", a->name, a->tok_src);
			return NULL;
		}
		t = xstrdup(v);
	} else if (a->tok_kind == TOKEN_CMD) {
		if (!(t = token_from_cmd(a->tok_src, e)))
			return NULL;
	} else {
		t = xstrdup(a->tok_src);
	}
	if (!token_ok(t) || strlen(t) >= MAX_TOKEN) {
		free(t);
		err_set(e, "account %s: the token holds spaces or control characters", a->name);
		return NULL;
	}
	a->token = t;
	return t;
}
