/* Accounts from the configuration: `account NAME service=S KEY=VALUE...`,
 * the keys each service's backend declares. A secret's value is never
 * quoted back in a message; secrets are read later (secret.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanes/config.h"
#include "lanes/http.h"
#include "lanes/outbox.h"
#include "private.h"

#define MAX_ACCOUNTS 16

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
	sync_account_secrets_cancel(a);
	free(a->name);
	for (int i = 0; i < BACKEND_MAX_SETTINGS; i++) {
		str_wipe_free(&a->set[i].text);
		str_wipe_free(&a->values[i]);
	}
	cJSON_Delete(a->ba.state);
	free(a->me);
	free(a->stopped);
	free(a->sent);
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

/* "url=, token-env=, token-cmd=, token=": what an account line of be takes. */
static void
keys_taken(const struct backend_ops *be, char *buf, size_t n)
{
	*buf = '\0';
	for (int i = 0; be->settings[i].key; i++) {
		const char *k = be->settings[i].key;
		size_t at = strlen(buf);

		if (be->settings[i].flags & SETTING_SECRET)
			snprintf(buf + at, n - at, "%s%s-env=, %s-cmd=, %s=", i ? ", " : "", k, k, k);
		else
			snprintf(buf + at, n - at, "%s%s=", i ? ", " : "", k);
	}
}

/* The service= of an account line; NULL with e set. Values are never
 * quoted back in messages: one of them may be a token. */
static const struct backend_ops *
line_service(int argc, char **argv, struct lanes_err *e)
{
	const struct backend_ops *be = NULL;

	for (int i = 2; i < argc; i++) {
		if (!str_has_prefix(argv[i], "service="))
			continue;
		if (!(be = backend_find(argv[i] + 8))) {
			const char *v = argv[i] + 8;
			err_set(e, "unknown service \"%.*s\" (lanes knows %s)", strlen(v) > 20 ? 20 :
			    (int)strlen(v), v, backend_names());
			return NULL;
		}
	}
	if (!be)
		err_set(e, "account %s needs service=SERVICE (one of %s)", argv[1], backend_names());
	return be;
}

/* Whether the k bytes at s look like a key: short lowercase words. */
static bool
key_like(const char *s, size_t k)
{
	if (k > 16)
		return false;
	for (size_t i = 0; i < k; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

/* One KEY=VALUE of an account line into a. */
static int
account_setting(struct sync_account *a, int nth, const char *arg, struct lanes_err *e)
{
	const char *eq = strchr(arg, '=');
	size_t k = eq ? (size_t)(eq - arg) : 0;
	char key[64], taken[400];
	enum setting_source from = FROM_LINE;
	int i;

	if (!eq || !eq[1] || k == 0 || k >= sizeof(key))
		return err_set(e, "account %s: setting %d is not KEY=VALUE", a->name, nth);
	memcpy(key, arg, k);
	key[k] = '\0';
	if (str_eq(key, "service"))
		return 0;
	if ((i = backend_setting_index(a->be, key)) < 0 && k > 4 &&
	    (str_eq(key + k - 4, "-env") || str_eq(key + k - 4, "-cmd"))) {
		from = str_eq(key + k - 4, "-env") ? FROM_ENV : FROM_CMD;
		key[k - 4] = '\0';
		i = backend_setting_index(a->be, key);
		if (i >= 0 && !(a->be->settings[i].flags & SETTING_SECRET))
			i = -1;
	}
	if (i < 0) {
		keys_taken(a->be, taken, sizeof(taken));
		/* a token pasted with an = in it must not be echoed */
		if (!key_like(arg, k))
			return err_set(e, "account %s: setting %d has no known key (%s takes %s)",
			    a->name, nth, a->be->name, taken);
		return err_set(e, "unknown setting \"%.*s\" for %s (it takes %s)", (int)k, arg,
		    a->be->name, taken);
	}
	if (a->set[i].from)
		return err_set(e, "account %s: %s is given twice", a->name, key);
	a->set[i].from = from;
	a->set[i].text = xstrdup(eq + 1);
	return 0;
}

/* A URL setting ("url", "auth-url"...): one lanes may send to, without
 * a trailing /. */
static int
url_check(char *url, struct lanes_err *e)
{
	size_t n;

	if (!http_url_allowed(url, e))
		return -1;
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
	return 0;
}

static int
account_check(struct sync_account *a, struct lanes_err *e)
{
	const struct config_source *src = config_source();
	char taken[400];

	for (int i = 0; a->be->settings[i].key; i++) {
		const struct backend_setting *s = &a->be->settings[i];
		struct account_setting *v = &a->set[i];

		if (!v->from && (s->flags & SETTING_REQUIRED)) {
			keys_taken(a->be, taken, sizeof(taken));
			if (s->flags & SETTING_SECRET)
				return err_set(e, "account %s needs one of %s-env=VAR, %s-cmd=\"CMD\" or "
				    "%s=VALUE (%s takes %s)", a->name, s->key, s->key, s->key,
				    a->be->name, taken);
			return err_set(e, "account %s needs %s=VALUE, %s (%s takes %s)", a->name,
			    s->key, s->help, a->be->name, taken);
		}
		if ((s->flags & SETTING_SECRET) && v->from == FROM_LINE && !src->private_file)
			return err_set(e, "%s= is refused: %s can be read by other users (chmod 600 "
			    "a file of your own, or use %s-env= or %s-cmd=)", s->key, src->path ?
			    src->path : "this text", s->key, s->key);
		/* a backend's own default URL is not checked: checking loads
		 * libcurl, which a local board never needs */
		bool given = v->from;
		if (!v->from && s->def) {
			v->from = FROM_LINE;
			v->text = xstrdup(s->def);
		}
		if (!(s->flags & SETTING_SECRET) && v->from) {
			a->values[i] = xstrdup(v->text);
			if (given && (str_eq(s->key, "url") || (strlen(s->key) > 4 && str_eq(s->key + strlen(s->key) - 4, "-url"))) &&
			    url_check(a->values[i], e) < 0)
				return -1;
		}
	}
	return 0;
}

static bool kept_here(const char *account, const char *op, const char *field);

int
sync_account_cmd(int argc, char **argv, struct lanes_err *e)
{
	struct sync_account a = { 0 }, *old;

	if (argc < 3)
		return err_set(e, "usage: account NAME service=SERVICE KEY=VALUE... (services: %s)",
		    backend_names());
	if (!name_ok(argv[1]))
		return err_set(e, "an account name is letters, digits, - _ . (not \"local\")");
	if (!(a.be = line_service(argc, argv, e)))
		return -1;
	a.name = xstrdup(argv[1]);
	for (int i = 2; i < argc; i++)
		if (account_setting(&a, i - 1, argv[i], e) < 0) {
			account_clear(&a);
			return -1;
		}
	if (account_check(&a, e) < 0) {
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
	outbox_set_filter(kept_here);
	/* values moved with the struct: point the backend's view at them */
	old = sync_account_find(argv[1]);
	old->ba.ops = old->be;
	old->ba.values = (const char *const *)old->values;
	old->ba.name = old->name;
	old->ba.url = backend_setting(&old->ba, "url");
	return 0;
}

/* What each op needs of a service; an op not named needs nothing more
 * than the board itself. An entry ending in '.' names every op of it. */
static const struct {
	const char *op, *field;
	unsigned cap;
} op_caps[] = {
	{ "card.set", "priority", CAP_PRIORITY },
	{ "card.set", "due_on", CAP_DUE },
	{ "card.set", "start_on", CAP_START },
	{ "card.set", "assignees", CAP_ASSIGNEE },
	{ "card.set", "labels", CAP_LABELS },
	{ "card.complete", NULL, CAP_COMPLETE },
	{ "card.archive", NULL, CAP_ARCHIVE },
	{ "column.", NULL, CAP_COLUMN_EDIT },
	{ "comment.", NULL, CAP_COMMENTS },
	{ "check.", NULL, CAP_CHECKLIST },
	{ "time.", NULL, CAP_TIME },
	{ "timer.", NULL, CAP_TIMER },
};

static unsigned
op_cap(const char *op, const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_caps); i++) {
		const char *o = op_caps[i].op;
		bool match = o[strlen(o) - 1] == '.' ? str_has_prefix(op, o) : str_eq(op, o);

		if (match && (!op_caps[i].field || str_eq(op_caps[i].field, field)))
			return op_caps[i].cap;
	}
	return 0;
}

/* The store's filter: an edit the service does not keep stays here. */
static bool
kept_here(const char *account, const char *op, const char *field)
{
	struct sync_account *a = sync_account_find(account);
	unsigned cap = op_cap(op, field);
	char why[160];

	return a && cap && backend_can(a->be, cap, why, sizeof(why)) != CAN_DO;
}

cJSON *
sync_board_members(struct store *st, lid board)
{
	char *account = NULL, *remote = NULL, *state;
	struct sync_account *a = NULL;
	struct backend_account ba;
	cJSON *names = NULL;

	if (store_board_remote_of(st, board, &account, &remote, NULL) == 0 && remote)
		a = sync_account_find(account);
	if (a && a->be->members) {
		/* what the window that runs the sync engine read last */
		state = store_account_state(st, account);
		ba = a->ba;
		ba.state = state ? cJSON_Parse(state) : NULL;
		names = a->be->members(&ba);
		cJSON_Delete(ba.state);
		free(state);
	}
	free(account);
	free(remote);
	return names;
}

enum board_can
sync_board_can(struct store *st, lid board, unsigned cap, char *why, size_t n)
{
	char *account = NULL, *remote = NULL;
	struct sync_account *a = NULL;
	enum board_can can = CAN_DO;

	if (cap && store_board_remote_of(st, board, &account, &remote, NULL) == 0 && remote)
		a = sync_account_find(account);
	if (a)
		can = backend_can(a->be, cap, why, n);
	free(account);
	free(remote);
	return can;
}

const char *const *
sync_account_picker(const char *account)
{
	struct sync_account *a = sync_account_find(account);

	return a ? a->be->picker : NULL;
}
