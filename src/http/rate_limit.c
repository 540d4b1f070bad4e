/* rate_limit.c - token buckets per client in a set-associative table
 * (rate_limit.h). */
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/cookie.h"
#include "http/rate_limit.h"

#define NS_PER_S 1000000000.0

struct bucket {
	uint64_t id;     /* keyed hash of the client's name; 0: free */
	double tokens;   /* as of last */
	int64_t last_ns; /* when tokens was right */
};

struct set {
	pthread_mutex_t mu;
	struct bucket b[RATE_LIMIT_WAYS];
};

struct rate_limit {
	double rate, burst;
	size_t nsets;
	unsigned char key[crypto_shorthash_KEYBYTES];
	struct set *sets;
};

struct rate_limit *rate_limit_new(double rate, double burst, size_t slots)
{
	struct rate_limit *rl;

	if (!(rate > 0) || !(burst >= 1) || sodium_init() < 0)
		return NULL;
	rl = calloc(1, sizeof(*rl));
	if (!rl)
		return NULL;
	rl->rate = rate;
	rl->burst = burst;
	rl->nsets = (slots + RATE_LIMIT_WAYS - 1) / RATE_LIMIT_WAYS;
	if (!rl->nsets)
		rl->nsets = 1;
	rl->sets = calloc(rl->nsets, sizeof(*rl->sets));
	if (!rl->sets) {
		free(rl);
		return NULL;
	}
	for (size_t i = 0; i < rl->nsets; i++)
		pthread_mutex_init(&rl->sets[i].mu, NULL);
	crypto_shorthash_keygen(rl->key);
	return rl;
}

void rate_limit_free(struct rate_limit *rl)
{
	if (!rl)
		return;
	for (size_t i = 0; i < rl->nsets; i++)
		pthread_mutex_destroy(&rl->sets[i].mu);
	free(rl->sets);
	free(rl);
}

/* The bucket of id in s (found, or the one seen longest ago, made
 * full for id); s is locked. */
static struct bucket *bucket_of(struct rate_limit *rl, struct set *s, uint64_t id,
                                int64_t now_ns)
{
	struct bucket *oldest = &s->b[0];

	for (size_t i = 0; i < RATE_LIMIT_WAYS; i++) {
		struct bucket *b = &s->b[i];
		if (b->id == id)
			return b;
		if (!b->id || (oldest->id && b->last_ns < oldest->last_ns))
			oldest = b;
		if (!b->id)
			break;
	}
	oldest->id = id;
	oldest->tokens = rl->burst;
	oldest->last_ns = now_ns;
	return oldest;
}

bool rate_limit_take(struct rate_limit *rl, const char *key, size_t n, int64_t now_ns,
                     unsigned *retry_after)
{
	unsigned char h[crypto_shorthash_BYTES];
	struct bucket *b;
	struct set *s;
	uint64_t id;
	bool ok;

	*retry_after = 0;
	crypto_shorthash(h, (const unsigned char *)key, n, rl->key);
	memcpy(&id, h, sizeof(id));
	id |= 1; /* never 0, which marks a free bucket */
	s = &rl->sets[(id >> 1) % rl->nsets];
	pthread_mutex_lock(&s->mu);
	b = bucket_of(rl, s, id, now_ns);
	if (now_ns > b->last_ns) {
		b->tokens += (double)(now_ns - b->last_ns) / NS_PER_S * rl->rate;
		if (b->tokens > rl->burst)
			b->tokens = rl->burst;
		b->last_ns = now_ns;
	}
	ok = b->tokens >= 1.0;
	if (ok) {
		b->tokens -= 1.0;
	} else {
		double wait = ceil((1.0 - b->tokens) / rl->rate);
		*retry_after = wait < 1 ? 1 : wait > 86400 ? 86400 : (unsigned)wait;
	}
	pthread_mutex_unlock(&s->mu);
	return ok;
}

/* The Digest user name of an Authorization value (after "Digest "):
 * username="NAME" or username=NAME; its bytes at *out, length returned,
 * 0 when absent. */
static size_t digest_user(const char *p, const char **out)
{
	for (;;) {
		const char *u = strcasestr(p, "username=");
		size_t n;
		if (!u)
			return 0;
		if (u != p && u[-1] != ' ' && u[-1] != ',' && u[-1] != '\t') {
			p = u + 9;
			continue;
		}
		u += 9;
		if (*u == '"') {
			u++;
			n = strcspn(u, "\"");
		} else {
			n = strcspn(u, ", \t");
		}
		*out = u;
		return n;
	}
}

void rate_limit_client(const char *authorization, const char *cookie, const char *client,
                       char *out, size_t n)
{
	const char *v;
	size_t len;

	if (authorization && *authorization) {
		if (!strncasecmp(authorization, "Bearer ", 7)) {
			snprintf(out, n, "bearer:%s", authorization + 7);
			return;
		}
		if (!strncasecmp(authorization, "Digest ", 7) &&
		    (len = digest_user(authorization + 7, &v)) > 0) {
			snprintf(out, n, "digest:%.*s@%s", (int)len, v,
			         client ? client : "");
			return;
		}
		snprintf(out, n, "auth:%s", authorization);
		return;
	}
	if (!cookie_get(cookie, "observa_session", &v, &len, NULL) && len) {
		snprintf(out, n, "session:%.*s", (int)len, v);
		return;
	}
	snprintf(out, n, "addr:%s", client ? client : "");
}

bool rate_limit_loopback(const char *address)
{
	if (!address)
		return false;
	if (!strncmp(address, "::ffff:", 7))
		address += 7;
	return !strncmp(address, "127.", 4) || !strcmp(address, "::1");
}

int64_t rate_limit_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

bool rate_limit_request(struct rate_limit *rl, bool loopback, struct http_req *req,
                        int64_t now_ns, struct http_resp *resp)
{
	char name[RATE_LIMIT_KEY], secs[16];
	unsigned retry;

	if (!rl || (!loopback && rate_limit_loopback(req->client)))
		return true;
	rate_limit_client(http_header(req, "Authorization"), http_header(req, "Cookie"),
	                  req->client, name, sizeof(name));
	if (rate_limit_take(rl, name, strlen(name), now_ns, &retry))
		return true;
	http_resp_error_at(resp, req->target, 429,
	                   "too many requests from this client; try again in %u s",
	                   retry);
	snprintf(secs, sizeof(secs), "%u", retry);
	http_resp_header(resp, "Retry-After", secs);
	return false;
}
