/* The `account` config command: what it accepts, what it refuses and
 * why, and that a token never shows in a message; reading secrets from
 * the environment and from commands run off the loop. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanes/backend.h"
#include "lanes/config.h"
#include "lanes/http.h"
#include "lanes/sync.h"
#include "../../src/sync/private.h"
#include "t.h"

static char dir[] = "/tmp/lanes-account-XXXXXX";

/* Parses text as a config file with this mode and owner ((uid_t)-1: ours);
 * returns the errors. */
static char *
parse_file(const char *text, mode_t mode, uid_t owner)
{
	static int n;
	char path[256];
	struct strbuf err = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/config%d", dir, ++n);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	if (chown(path, owner, (gid_t)-1) < 0)
		printf("# chown %s: %s\n", path, strerror(errno));
	config_add_command("account", sync_account_cmd);
	config_parse_file(path, &err);
	return sb_steal(&err);
}

static void
test_accepts(void)
{
	char *err;

	sync_accounts_clear();
	err = parse_file("account work service=asana token-env=ASANA_TOKEN\n"
	    "account home service=asana url=http://127.0.0.1:9/api/1.0 token-cmd=\"pass show x\"\n"
	    "account mine service=asana token=0/secret123\n", 0600, (uid_t)-1);
	CHECK_STR(err, "");
	CHECK_INT(sync_account_count(), 3);
	CHECK(sync_account_known("work") && sync_account_known("home") && sync_account_known("mine"));
	CHECK_STR(sync_account_name(0), "work");
	free(err);
	sync_accounts_clear();
	CHECK_INT(sync_account_count(), 0);
}

/* A backend's default URLs are not checked when an account is read (that
 * would load libcurl): they must pass the check that a given one meets. */
static void
test_default_urls(void)
{
	static const struct backend_ops *const all[] = {
		&asana_backend, &stellary_backend, &vortask_backend, &astravue_backend,
	};
	struct lanes_err e = { "" };

	for (size_t b = 0; b < sizeof(all) / sizeof(all[0]); b++)
		for (int i = 0; all[b]->settings[i].key; i++) {
			const char *def = all[b]->settings[i].def;
			if (def && strstr(all[b]->settings[i].key, "url")) {
				CHECK(http_url_allowed(def, &e));
				CHECK(def[strlen(def) - 1] != '/');
			}
		}
}

static void
test_refuses(void)
{
	char *err;

	sync_accounts_clear();
	err = parse_file("account a service=asana token=0/topsecret\n", 0644, (uid_t)-1);
	CHECK(strstr(err, "token= is refused") != NULL);
	CHECK(strstr(err, "can be read by other users") != NULL);
	CHECK(strstr(err, "topsecret") == NULL);
	free(err);
	err = parse_file("account b service=asana url=http://example.com/api token-env=T\n",
	    0600, (uid_t)-1);
	CHECK(strstr(err, "plain http is allowed only to this machine") != NULL);
	free(err);
	err = parse_file("account c service=trello token-env=T\n"
	    "account d service=asana\n"
	    "account e service=asana token-env=T token=x\n"
	    "account local service=asana token-env=T\n"
	    "account f service=asana tokn=supersecret\n", 0600, (uid_t)-1);
	CHECK(strstr(err, "unknown service \"trello\"") != NULL);
	CHECK(strstr(err, "account d needs one of") != NULL);
	CHECK(strstr(err, "account e: token is given twice") != NULL);
	CHECK(strstr(err, "not \"local\"") != NULL);
	/* an unknown key names the keys the service takes, never the value */
	CHECK(strstr(err, ":5: unknown setting \"tokn\" for asana (it takes url=, token-env=, "
	    "token-cmd=, token=)") != NULL);
	CHECK(strstr(err, ":2: account d needs one of token-env=VAR, token-cmd=\"CMD\" or "
	    "token=VALUE (asana takes") != NULL);
	CHECK(strstr(err, "supersecret") == NULL);
	CHECK_INT(sync_account_count(), 0);
	free(err);
	/* a token pasted without its key is not echoed, not even in part */
	err = parse_file("account x service=asana 0/barepersonaltokenA\n"
	    "account y service=asana token-env=T 0/barepersonaltokenB=\n"
	    "account z service=asana token-env=T =0/barepersonaltokenC\n"
	    "account w service=asana token-env=T 0/barepersonaltokenD==\n", 0600, (uid_t)-1);
	CHECK(strstr(err, ":1: account x: setting 2 is not KEY=VALUE") != NULL);
	CHECK(strstr(err, ":2: account y: setting 3 is not KEY=VALUE") != NULL);
	CHECK(strstr(err, ":3: account z: setting 3 is not KEY=VALUE") != NULL);
	CHECK(strstr(err, ":4: account w: setting 3 has no known key (asana takes") != NULL);
	CHECK(strstr(err, "barepersonal") == NULL && strstr(err, "0/bare") == NULL);
	CHECK_INT(sync_account_count(), 0);
	free(err);
}

/* Reads the secrets of the one account configured by line, running the
 * loop while a command runs; returns the error ("" when none) and, in
 * *token, the token read. */
static struct {
	bool done;
	char error[512];
} got;

static void
secrets_got(struct sync_account *a, const char *error)
{
	got.done = true;
	snprintf(got.error, sizeof(got.error), "%s", error ? error : "");
}

static char *
read_token(const char *line, const char **token)
{
	char *err = parse_file(line, 0600, (uid_t)-1);
	struct sync_account *a;
	struct lanes_err e = { "" };
	int rc;

	free(err);
	*token = NULL;
	memset(&got, 0, sizeof(got));
	a = sync_account_at(0);
	rc = sync_account_secrets(a, uv_default_loop(), secrets_got, &e);
	if (rc == 0) {
		while (!got.done)
			uv_run(uv_default_loop(), UV_RUN_ONCE);
		snprintf(e.msg, sizeof(e.msg), "%s", got.error);
	}
	uv_run(uv_default_loop(), UV_RUN_NOWAIT);       /* the closes */
	if (!e.msg[0])
		*token = backend_setting(&a->ba, "token");
	return xstrdup(e.msg);
}

static void
test_secrets(void)
{
	const char *tok;
	char *err;

	sync_accounts_clear();
	setenv("LANES_TEST_TOKEN", "0/fromenv", 1);
	err = read_token("account a service=asana token-env=LANES_TEST_TOKEN\n", &tok);
	CHECK_STR(err, "");
	CHECK_STR(tok, "0/fromenv");
	free(err);
	err = read_token("account a service=asana token-env=LANES_NO_SUCH_VAR\n", &tok);
	CHECK_STR(err, "account a: $LANES_NO_SUCH_VAR is not set");
	free(err);
	/* a command: its first line, without the line end */
	err = read_token("account a service=asana token-cmd=\"printf '0/fromcmd\\r\\nmore\\n'\"\n",
	    &tok);
	CHECK_STR(err, "");
	CHECK_STR(tok, "0/fromcmd");
	free(err);
	/* a failing command: its exit status and the first line of its stderr */
	err = read_token("account a service=asana token-cmd=\"echo 'no such entry' >&2;"
	    " echo second >&2; exit 3\"\n", &tok);
	CHECK_STR(err, "account a: token-cmd failed (exit 3): no such entry");
	free(err);
	err = read_token("account a service=asana token-cmd=true\n", &tok);
	CHECK_STR(err, "account a: token-cmd printed nothing");
	free(err);
	err = read_token("account a service=asana token-cmd=\"echo 'two words'\"\n", &tok);
	CHECK(strstr(err, "the token is empty or holds spaces") != NULL);
	CHECK(strstr(err, "two words") == NULL);
	free(err);
	/* one that hangs is stopped at the limit, and says so */
	secret_cmd_timeout_ms = 300;
	err = read_token("account a service=asana token-cmd=\"sleep 10; echo late\"\n", &tok);
	CHECK_STR(err, "account a: token-cmd took longer than 0.3 s and was stopped");
	free(err);
	secret_cmd_timeout_ms = 30000;
	sync_accounts_clear();
}

/* A file of another user is theirs to read and to change, whatever its
 * mode: a token in it is refused like one in a file others can read. Only
 * root can give a file away, so this runs as root only. */
static void
test_refuses_file_of_another_user(void)
{
	char *err;

	sync_accounts_clear();
	err = parse_file("account theirs service=asana token=0/notmine\n", 0600, 65534);
	CHECK(strstr(err, "token= is refused") != NULL);
	CHECK(strstr(err, "notmine") == NULL);
	CHECK_INT(sync_account_count(), 0);
	free(err);
	/* the same line in a file of our own is taken */
	err = parse_file("account mine service=asana token=0/mine\n", 0600, geteuid());
	CHECK_STR(err, "");
	CHECK_INT(sync_account_count(), 1);
	free(err);
	sync_accounts_clear();
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_accepts);
	RUN(test_default_urls);
	RUN(test_refuses);
	RUN(test_secrets);
	if (geteuid() == 0)
		RUN(test_refuses_file_of_another_user);
	else
		printf("ok %d - test_refuses_file_of_another_user # SKIP not root\n", ++t_count);
	{
		char *cmd = xasprintf("rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
		free(cmd);
	}
	config_free();
	return T_DONE();
}
