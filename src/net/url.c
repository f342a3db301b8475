/* The URL policy: https anywhere, plain http only to this machine, no
 * credentials in a URL; judged with curl's own parser. */
#include "config.h"

#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "private.h"

static bool
host_is_loopback(const char *host)
{
	unsigned char addr[16];
	char v6[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	if (n >= 2 && n < sizeof(v6) + 2 && host[0] == '[' && host[n - 1] == ']') {
		memcpy(v6, host + 1, n - 2);
		v6[n - 2] = '\0';
		return inet_pton(AF_INET6, v6, addr) == 1 &&
		    memcmp(addr, &in6addr_loopback, sizeof(addr)) == 0;
	}
	return false;
}

/* Uses curl's own parser, so the host we judge is the host curl connects to. */
static bool
url_check_parts(CURLU *u, struct lanes_err *e)
{
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	bool ok = false;

	curl.url_get(u, CURLUPART_SCHEME, &scheme, 0);
	curl.url_get(u, CURLUPART_HOST, &host, 0);
	curl.url_get(u, CURLUPART_USER, &user, 0);
	curl.url_get(u, CURLUPART_PASSWORD, &pass, 0);
	if (!scheme || !host || !*host)
		err_set(e, "URL has no host");
	else if (user || pass)
		err_set(e, "credentials in a URL are refused; use a token");
	else if (strcasecmp(scheme, "https") == 0)
		ok = true;
	else if (strcasecmp(scheme, "http") != 0)
		err_set(e, "only https URLs are allowed (got %.20s)", scheme);
	else if (!(ok = host_is_loopback(host)))
		err_set(e, "plain http is allowed only to this machine "
		    "(localhost, 127.0.0.0/8, [::1]); use https");
	curl.free(scheme);
	curl.free(host);
	curl.free(user);
	curl.free(pass);
	return ok;
}

/* Whether url names this machine; false when curl cannot parse it. */
bool
http_url_is_loopback(const char *url)
{
	CURLU *u = curl.url();
	char *host = NULL;
	bool local;

	if (curl.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
		curl.url_get(u, CURLUPART_HOST, &host, 0);
	local = host && host_is_loopback(host);
	curl.free(host);
	curl.url_cleanup(u);
	return local;
}

bool
http_url_allowed(const char *url, struct lanes_err *e)
{
	CURLU *u;
	bool ok;

	if (!url || !*url) {
		err_set(e, "no URL");
		return false;
	}
	/* The URL itself is never quoted back: its query may hold a token. */
	if (str_has_blank(url)) {
		err_set(e, "URL contains spaces or control characters");
		return false;
	}
	if (!http_load_curl(NULL, e))
		return false;
	u = curl.url();
	if (curl.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		err_set(e, "malformed or unsupported URL");
		ok = false;
	} else {
		ok = url_check_parts(u, e);
	}
	curl.url_cleanup(u);
	return ok;
}
