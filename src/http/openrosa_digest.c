/* openrosa_digest.c - the caller under /openrosa/m/{m}/: HTTP Digest with
 * the observer's code and PIN (MD5, qop=auth, as ODK Collect sends it),
 * checked against the HA1 stored with the credentials, each nonce the
 * server's own, young, and each of its counts taken once (digest_nonce.h).
 * A failure sets the challenge the 401 carries.  Wrong PINs are counted
 * per observer code and per client address (login_throttle.h); a locked
 * one is answered 429 before any PIN is checked.  An unknown mission, an
 * unknown observer and credentials made before Digest are answered as a
 * wrong PIN is, so that none of them can be told from it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"
#include "core/text.h"
#include "http/digest.h"
#include "http/digest_nonce.h"
#include "http/login_throttle.h"
#include "http/openrosa.h"
#include "model/credential.h"
#include "store/registry_cache.h"

#define HELP                                                                             \
	"the user name is the observer's code and the password the observer's "          \
	"PIN"

/* Fail with 401 and a challenge with a new nonce. */
static enum status refuse(struct http_req *req, const char *realm, bool stale,
                          const char *msg)
{
	char nonce[DIGEST_NONCE_LEN + 1];

	digest_nonce_make(req->svc->nonces, digest_now_ms(), nonce);
	req->challenge = digest_challenge(realm, nonce, stale, &req->arena);
	return err_set(&req->err, ST_UNAUTHENTICATED, "%s", msg);
}

/* The client's response in lower case, or NULL when it is not 32 hex
 * digits. */
static const char *response_hex(const char *r, char out[MD5_HEX])
{
	if (strlen(r) != MD5_HEX - 1)
		return NULL;
	for (int i = 0; i < MD5_HEX - 1; i++) {
		if (!isxdigit((unsigned char)r[i]))
			return NULL;
		out[i] = (char)tolower((unsigned char)r[i]);
	}
	out[MD5_HEX - 1] = '\0';
	return out;
}

/* The throttle's keys of an observer code in a mission (in any case,
 * control characters as '?') and of the client's address. */
static void throttle_keys(struct http_req *req, const char *mission, const char *user,
                          char code_key[LOGIN_KEY_MAX + 1],
                          char addr_key[LOGIN_KEY_MAX + 1])
{
	snprintf(code_key, LOGIN_KEY_MAX + 1, "odk:%s:%s", mission, user);
	text_lower(code_key);
	/* The key goes to the log: no control characters. */
	for (char *p = code_key; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	snprintf(addr_key, LOGIN_KEY_MAX + 1, "odkaddr:%s",
	         req->client ? req->client : "unknown");
}

/* Fail with 429 and Retry-After when the observer code or the client's
 * address is locked; ST_OK otherwise. */
static enum status locked(struct http_req *req, const char *code_key,
                          const char *addr_key, time_t now)
{
	struct login_throttle *t = req->svc->throttle;
	long wait, w2;

	if (!t)
		return ST_OK;
	wait = login_throttle_wait(t, code_key, now);
	w2 = login_throttle_wait(t, addr_key, now);
	if (w2 > wait)
		wait = w2;
	if (!wait)
		return ST_OK;
	req->retry_after = wait;
	return err_set(&req->err, ST_DENIED,
	               "too many wrong PINs: try again in %ld seconds", wait);
}

/* Count a wrong PIN under both keys; log each lock it starts, so that the
 * operator sees whose PIN is being guessed. */
static void count_failure(struct http_req *req, const char *code_key,
                          const char *addr_key, time_t now)
{
	struct login_throttle *t = req->svc->throttle;
	long wait;

	if (!t)
		return;
	login_throttle_fail_kept(t, code_key, DIGEST_CODE_LIMIT, DIGEST_CODE_WINDOW, now);
	login_throttle_fail(t, addr_key, DIGEST_ADDRESS_LIMIT, now);
	if ((wait = login_throttle_wait(t, code_key, now)) > 0)
		log_msg(LOG_WARN, "odk: too many wrong PINs for %s: locked for %ld s",
		        code_key, wait);
	if ((wait = login_throttle_wait(t, addr_key, now)) > 0)
		log_msg(LOG_WARN, "odk: too many wrong PINs from %s: locked for %ld s",
		        addr_key + 8, wait);
}

/* Whether d is a Digest of the kind offered: the realm's, MD5, qop=auth. */
static bool offered(const struct digest_auth *d, const char *realm, uint32_t *nc)
{
	return !strcmp(d->realm, realm) && !strcasecmp(d->qop, "auth") &&
	       (!d->algorithm || !strcasecmp(d->algorithm, "MD5")) && *d->cnonce &&
	       digest_nc(d->nc, nc);
}

enum status openrosa_digest_caller(struct http_req *req, struct openrosa_caller *out)
{
	const char *code = http_param(req, "m");
	char realm[CREDENTIAL_REALM_MAX], want[MD5_HEX], got_buf[MD5_HEX];
	char code_key[LOGIN_KEY_MAX + 1], addr_key[LOGIN_KEY_MAX + 1];
	const char *got, *ha1;
	char *base;
	struct credential_row row;
	struct digest_auth d;
	enum digest_nonce_result nr;
	uint64_t now = digest_now_ms();
	time_t secs = time(NULL);
	bool known, mission_known;
	uint32_t nc;
	enum status rc;

	memset(out, 0, sizeof(*out));
	if (!req->svc || !req->svc->nonces)
		return err_set(&req->err, ST_UNSUPPORTED,
		               "Digest needs the server's nonces");
	rc =
	    registry_mission_get(req->store, code, &req->arena, &out->mission, &req->err);
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	mission_known = rc == ST_OK;
	if (!mission_known) {
		/* No mission can have a code of another shape: nothing to hide. */
		if (!mission_code_valid(code))
			return rc;
		/* Otherwise it is challenged as a mission is, and every PIN is
		 * wrong for it. */
		err_clear(&req->err);
		memset(&out->mission, 0, sizeof(out->mission));
		out->mission.code = code;
	}
	credential_realm(out->mission.code, realm);
	if (!digest_parse(http_header(req, "Authorization"), &req->arena, &d))
		return refuse(req, realm, false,
		              "authentication needed: HTTP Digest, where " HELP);
	if (!offered(&d, realm, &nc))
		return refuse(req, realm, false,
		              "authentication: only HTTP Digest with realm \"observa "
		              "MISSION\", MD5 and qop=auth is accepted");
	if (strcmp(d.uri, req->target))
		return err_set(&req->err, ST_INVALID,
		               "Authorization: the uri is not the request's target");
	nr = digest_nonce_check(req->svc->nonces, d.nonce, now);
	if (nr)
		return refuse(req, realm, nr == DIGEST_NONCE_STALE,
		              nr == DIGEST_NONCE_STALE
		                  ? "authentication: the nonce is too old; ask again"
		                  : "authentication: the nonce is not one this server "
		                    "gave");
	throttle_keys(req, out->mission.code, d.username, code_key, addr_key);
	rc = locked(req, code_key, addr_key, secs);
	if (rc)
		return rc;
	/* An unknown mission has id 0, which no credentials have. */
	rc = store_credential_get(req->store, out->mission.id, d.username, &req->arena,
	                          &row, &req->err);
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	err_clear(&req->err);
	known = rc == ST_OK && mission_known;
	/* An unknown observer is checked against a made-up HA1, so that the
	 * answer takes as long and says the same as for a wrong PIN. */
	ha1 =
	    known && row.digest_ha1 ? row.digest_ha1 : "00000000000000000000000000000000";
	digest_expected(ha1, &d, req->method, want);
	got = response_hex(d.response, got_buf);
	if (!got)
		got = "--------------------------------";
	if (known && !row.digest_ha1)
		log_msg(LOG_WARN,
		        "odk: observer %s of mission %s has credentials made before "
		        "this server accepted Digest: renew them (observa observer "
		        "credentials %s --renew)",
		        row.observer, out->mission.code, row.observer);
	if (!known || !row.digest_ha1 || sodium_memcmp(want, got, MD5_HEX - 1)) {
		count_failure(req, code_key, addr_key, secs);
		return refuse(req, realm, false, "wrong user name or PIN: " HELP);
	}
	nr = digest_nonce_take(req->svc->nonces, d.nonce, nc, now);
	if (nr)
		return refuse(req, realm, nr == DIGEST_NONCE_STALE,
		              nr == DIGEST_NONCE_STALE
		                  ? "authentication: the nonce is too old; ask again"
		                  : "authentication: this nonce count was used already");
	if (req->svc->throttle)
		login_throttle_clear(req->svc->throttle, code_key);
	base = arena_alloc(&req->arena, strlen(out->mission.code) + 3);
	memcpy(base, "m/", 2);
	memcpy(base + 2, out->mission.code, strlen(out->mission.code) + 1);
	out->base = base;
	out->observer = row.observer;
	return ST_OK;
}
