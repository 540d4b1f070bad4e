/* digest_nonce.c - Digest nonces: base64url(time || random || HMAC-SHA256
 * (secret, time || random)), the time in milliseconds, big-endian; and a
 * table of the highest nonce count taken per nonce, scanned linearly under
 * a mutex (a few thousand entries at most), forgetting old nonces. */
#include <pthread.h>
#include <stdbool.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "http/digest_nonce.h"

#define TIME_BYTES 8
#define RAND_BYTES 16
#define MAC_BYTES  crypto_auth_hmacsha256_BYTES
#define RAW_BYTES  (TIME_BYTES + RAND_BYTES + MAC_BYTES)
#define KEY_BYTES  16 /* of the MAC: names a nonce in the table */

struct entry {
	unsigned char key[KEY_BYTES];
	uint64_t made_ms;
	uint32_t nc;
	int used;
};

struct digest_nonces {
	unsigned char secret[crypto_auth_hmacsha256_KEYBYTES];
	uint64_t lifetime_ms;
	pthread_mutex_t mu; /* guards the fields below */
	struct entry *table;
	size_t capacity;
	uint64_t floor_ms; /* nonces made at or before it are forgotten */
};

struct digest_nonces *digest_nonces_new(unsigned lifetime_s, size_t capacity)
{
	struct digest_nonces *n = xcalloc(1, sizeof(*n));

	if (sodium_init() < 0)
		abort(); /* libsodium cannot work without its random source */
	crypto_auth_hmacsha256_keygen(n->secret);
	n->lifetime_ms = (uint64_t)(lifetime_s ? lifetime_s : 1) * 1000;
	n->capacity = capacity ? capacity : 1;
	n->table = xcalloc(n->capacity, sizeof(*n->table));
	pthread_mutex_init(&n->mu, NULL);
	return n;
}

void digest_nonces_free(struct digest_nonces *n)
{
	if (!n)
		return;
	pthread_mutex_destroy(&n->mu);
	sodium_memzero(n->secret, sizeof(n->secret));
	free(n->table);
	free(n);
}

unsigned digest_nonces_lifetime(const struct digest_nonces *n)
{
	return (unsigned)(n->lifetime_ms / 1000);
}

uint64_t digest_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void mac(const struct digest_nonces *n, const unsigned char *raw,
                unsigned char out[MAC_BYTES])
{
	crypto_auth_hmacsha256(out, raw, TIME_BYTES + RAND_BYTES, n->secret);
}

void digest_nonce_make(struct digest_nonces *n, uint64_t now_ms,
                       char out[DIGEST_NONCE_LEN + 1])
{
	unsigned char raw[RAW_BYTES];

	for (int i = 0; i < TIME_BYTES; i++)
		raw[i] = (unsigned char)(now_ms >> (8 * (TIME_BYTES - 1 - i)));
	randombytes_buf(raw + TIME_BYTES, RAND_BYTES);
	mac(n, raw, raw + TIME_BYTES + RAND_BYTES);
	sodium_bin2base64(out, DIGEST_NONCE_LEN + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Decode nonce and check its MAC; *made_ms is its time. */
static enum digest_nonce_result decode(const struct digest_nonces *n, const char *nonce,
                                       unsigned char raw[RAW_BYTES], uint64_t *made_ms)
{
	unsigned char want[MAC_BYTES];
	size_t len = 0;

	if (strlen(nonce) != DIGEST_NONCE_LEN ||
	    sodium_base642bin(raw, RAW_BYTES, nonce, DIGEST_NONCE_LEN, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    len != RAW_BYTES)
		return DIGEST_NONCE_BAD;
	mac(n, raw, want);
	if (sodium_memcmp(want, raw + TIME_BYTES + RAND_BYTES, MAC_BYTES))
		return DIGEST_NONCE_BAD;
	*made_ms = 0;
	for (int i = 0; i < TIME_BYTES; i++)
		*made_ms = (*made_ms << 8) | raw[i];
	return DIGEST_NONCE_OK;
}

static bool young(const struct digest_nonces *n, uint64_t made_ms, uint64_t now_ms)
{
	if (made_ms > now_ms)
		return made_ms - now_ms <= 1000; /* a clock stepped back a little */
	return now_ms - made_ms <= n->lifetime_ms;
}

enum digest_nonce_result digest_nonce_check(struct digest_nonces *n, const char *nonce,
                                            uint64_t now_ms)
{
	unsigned char raw[RAW_BYTES];
	uint64_t made_ms;

	if (decode(n, nonce, raw, &made_ms))
		return DIGEST_NONCE_BAD;
	return young(n, made_ms, now_ms) ? DIGEST_NONCE_OK : DIGEST_NONCE_STALE;
}

/* A free slot for a nonce made at made_ms, emptying old ones first and
 * else forgetting the oldest; NULL when made_ms is itself the oldest. */
static struct entry *free_slot(struct digest_nonces *n, uint64_t now_ms, uint64_t made_ms)
{
	struct entry *free_e = NULL, *oldest = NULL;

	for (size_t i = 0; i < n->capacity; i++) {
		struct entry *e = &n->table[i];

		if (e->used && !young(n, e->made_ms, now_ms))
			e->used = 0;
		if (!e->used && !free_e)
			free_e = e;
		if (e->used && (!oldest || e->made_ms < oldest->made_ms))
			oldest = e;
	}
	if (free_e || !oldest)
		return free_e; /* capacity >= 1: one of them is set */
	if (oldest->made_ms >= made_ms) {
		if (made_ms > n->floor_ms)
			n->floor_ms = made_ms;
		return NULL;
	}
	if (oldest->made_ms > n->floor_ms)
		n->floor_ms = oldest->made_ms;
	oldest->used = 0;
	return oldest;
}

enum digest_nonce_result digest_nonce_take(struct digest_nonces *n, const char *nonce,
                                           uint32_t nc, uint64_t now_ms)
{
	const unsigned char *key;
	unsigned char raw[RAW_BYTES];
	enum digest_nonce_result r;
	struct entry *e = NULL;
	uint64_t made_ms;

	if (decode(n, nonce, raw, &made_ms))
		return DIGEST_NONCE_BAD;
	if (!young(n, made_ms, now_ms))
		return DIGEST_NONCE_STALE;
	if (!nc)
		return DIGEST_NONCE_REPLAY; /* counts start at 1 */
	key = raw + TIME_BYTES + RAND_BYTES;
	pthread_mutex_lock(&n->mu);
	for (size_t i = 0; i < n->capacity && !e; i++)
		if (n->table[i].used && !memcmp(n->table[i].key, key, KEY_BYTES))
			e = &n->table[i];
	if (e) {
		r = nc > e->nc ? DIGEST_NONCE_OK : DIGEST_NONCE_REPLAY;
		if (!r)
			e->nc = nc;
		goto out;
	}
	if (made_ms <= n->floor_ms) {
		r = DIGEST_NONCE_STALE;
		goto out;
	}
	e = free_slot(n, now_ms, made_ms);
	if (!e) {
		r = DIGEST_NONCE_STALE;
		goto out;
	}
	memcpy(e->key, key, KEY_BYTES);
	e->made_ms = made_ms;
	e->nc = nc;
	e->used = 1;
	r = DIGEST_NONCE_OK;
out:
	pthread_mutex_unlock(&n->mu);
	return r;
}
