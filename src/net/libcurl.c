/* Loading libcurl. It is loaded on first use rather than linked: its tree
 * of libraries (TLS, HTTP/2, IDN, LDAP, ...) costs the dynamic linker more
 * than everything else lanes does before a local board's first frame. */
#include "config.h"

#include <dlfcn.h>

#include "private.h"

struct http_curl curl;

bool
http_load_curl(const char *soname, struct lanes_err *e)
{
	void *dl;

	if (curl.loaded)
		return true;
	if (!soname)
		soname = LIBCURL_SONAME;
	if (!(dl = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();

		err_set(e, "cannot load libcurl: %s", why ? why : soname);
		return false;
	}
#define X(f) \
	if (!(curl.f = (__typeof__(curl.f))dlsym(dl, "curl_" #f))) { \
		err_set(e, "%s lacks curl_" #f ": lanes needs libcurl >= 7.66", soname); \
		dlclose(dl); \
		return false; \
	}
	CURL_FUNCS(X)
#undef X
	curl.loaded = true;
	return true;
}
