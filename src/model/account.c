/* account.c - user names, passwords and the secrets of sessions and
 * tokens, with libsodium (random bytes, BLAKE2b, argon2id, constant-time
 * comparison). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/account.h"

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
}

bool account_name_valid(const char *name)
{
	size_t n = 0;

	if (!name || !name[0] || !name_char(name[0]) || strchr("._-@", name[0]))
		return false;
	for (const char *c = name; *c; c++, n++)
		if (!name_char(*c) || n >= ACCOUNT_NAME_MAX)
			return false;
	return true;
}

enum status account_password_check(const char *password, struct err *e)
{
	size_t n = password ? strlen(password) : 0;

	if (n < ACCOUNT_PASSWORD_MIN)
		return err_set(e, ST_INVALID, "a password has at least %d characters",
		               ACCOUNT_PASSWORD_MIN);
	if (n > ACCOUNT_PASSWORD_MAX)
		return err_set(e, ST_INVALID, "a password has at most %d bytes",
		               ACCOUNT_PASSWORD_MAX);
	if (strpbrk(password, "\r\n"))
		return err_set(e, ST_INVALID, "a password has no line break");
	return ST_OK;
}

enum status account_password_hash(const char *password, char out[crypto_pwhash_STRBYTES],
                                  struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ST_INTERNAL, "libsodium cannot be initialised");
	if (crypto_pwhash_str_alg(
	        out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
		return err_set(e, ST_NOMEM, "not enough memory to hash the password");
	return ST_OK;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash of a random password nobody knows, made with the same limits as
 * real ones so that checking it costs the same. */
static void dummy_make(void)
{
	char pw[ACCOUNT_SECRET_LEN + 1];
	struct err e;

	account_secret_new(pw);
	if (account_password_hash(pw, dummy_hash, &e))
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

bool account_password_verify(const char *hash, const char *password)
{
	const char *h = hash;

	if (sodium_init() < 0 || !password)
		return false;
	if (!h) {
		pthread_once(&dummy_once, dummy_make);
		h = dummy_hash;
	}
	if (!h[0])
		return false;
	return crypto_pwhash_str_verify(h, password, strlen(password)) == 0 && hash;
}

void account_password_generate(char out[ACCOUNT_GENERATED_LEN + 1])
{
	/* No 0/O, 1/l/I: read aloud or copied by hand without doubt. */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
	                               "23456789";
	const uint32_t n = (uint32_t)(sizeof(alphabet) - 1);

	if (sodium_init() < 0)
		abort();
	for (int i = 0; i < ACCOUNT_GENERATED_LEN; i++)
		out[i] = alphabet[randombytes_uniform(n)];
	out[ACCOUNT_GENERATED_LEN] = '\0';
}

void account_secret_new(char out[ACCOUNT_SECRET_LEN + 1])
{
	unsigned char raw[32];

	if (sodium_init() < 0)
		abort();
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, ACCOUNT_SECRET_LEN + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void account_token_new(char out[ACCOUNT_TOKEN_LEN + 1])
{
	memcpy(out, ACCOUNT_TOKEN_PREFIX, 4);
	account_secret_new(out + 4);
}

bool account_secret_shape(const char *s)
{
	size_t n = 0;

	for (const char *c = s; *c; c++, n++) {
		bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		          (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
		if (!ok || n >= ACCOUNT_SECRET_LEN)
			return false;
	}
	return n == ACCOUNT_SECRET_LEN;
}

bool account_token_shape(const char *s)
{
	return !strncmp(s, ACCOUNT_TOKEN_PREFIX, 4) && account_secret_shape(s + 4);
}

void account_secret_hash(const char *secret, char out[ACCOUNT_HASH_LEN + 1])
{
	unsigned char h[ACCOUNT_HASH_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret),
	                   NULL, 0);
	sodium_bin2hex(out, ACCOUNT_HASH_LEN + 1, h, sizeof(h));
}

bool account_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
