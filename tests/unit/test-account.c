/* The `account` config command: what it accepts, what it refuses and
 * why, and that a token never shows in a message. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanes/config.h"
#include "lanes/sync.h"
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
	CHECK(strstr(err, "account e needs one of") != NULL);
	CHECK(strstr(err, "not \"local\"") != NULL);
	CHECK(strstr(err, "unknown account setting \"tokn\"") != NULL);
	CHECK(strstr(err, "supersecret") == NULL);
	CHECK_INT(sync_account_count(), 0);
	free(err);
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
	RUN(test_refuses);
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
