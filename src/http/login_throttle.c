/* login_throttle.c - the table of failed sign-ins: a small array searched
 * from end to end (sign-ins are rare next to other requests) under one
 * mutex. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "http/login_throttle.h"

struct entry {
	char key[LOGIN_KEY_MAX + 1]; /* "" when free */
	int failures;
	time_t last;         /* the last failure */
	time_t locked_until; /* 0: not locked */
	long window;         /* seconds the failures are remembered */
};

struct login_throttle {
	pthread_mutex_t mu;
	long first_lock; /* seconds */
	struct entry e[LOGIN_KEYS];
};

struct login_throttle *login_throttle_new(long first_lock)
{
	struct login_throttle *t = xcalloc(1, sizeof(*t));

	t->first_lock = first_lock <= 0               ? LOGIN_LOCK_BASE
	                : first_lock > LOGIN_LOCK_MAX ? LOGIN_LOCK_MAX
	                                              : first_lock;
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void login_throttle_free(struct login_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t);
}

/* True when e's failures are forgotten by now. */
static bool stale(const struct entry *e, time_t now)
{
	return !e->key[0] || (now - e->last >= e->window &&
	                      (!e->locked_until || now >= e->locked_until));
}

/* key's entry, or NULL (with create: a free, stale or the least recently
 * failed entry, emptied). */
static struct entry *find(struct login_throttle *t, const char *key, bool create,
                          time_t now)
{
	char k[LOGIN_KEY_MAX + 1];
	struct entry *spare = NULL;

	snprintf(k, sizeof(k), "%s", key);
	for (int i = 0; i < LOGIN_KEYS; i++) {
		struct entry *e = &t->e[i];

		if (e->key[0] && !strcmp(e->key, k)) {
			if (stale(e, now)) {
				e->failures = 0;
				e->locked_until = 0;
			}
			return e;
		}
		if (!create)
			continue;
		if (stale(e, now)) {
			if (!spare || !stale(spare, now))
				spare = e;
		} else if (!spare || (!stale(spare, now) && e->last < spare->last)) {
			spare = e;
		}
	}
	if (!spare)
		return NULL;
	memset(spare, 0, sizeof(*spare));
	memcpy(spare->key, k, sizeof(k));
	return spare;
}

long login_throttle_wait(struct login_throttle *t, const char *key, time_t now)
{
	struct entry *e;
	long wait = 0;

	pthread_mutex_lock(&t->mu);
	e = find(t, key, false, now);
	if (e && e->locked_until > now)
		wait = (long)(e->locked_until - now);
	pthread_mutex_unlock(&t->mu);
	return wait;
}

void login_throttle_fail(struct login_throttle *t, const char *key, int limit, time_t now)
{
	login_throttle_fail_kept(t, key, limit, LOGIN_WINDOW, now);
}

void login_throttle_fail_kept(struct login_throttle *t, const char *key, int limit,
                              long window, time_t now)
{
	struct entry *e;

	pthread_mutex_lock(&t->mu);
	e = find(t, key, true, now);
	if (e) {
		e->failures++;
		e->last = now;
		e->window = window;
		if (e->failures >= limit) {
			long lock = t->first_lock;
			for (int n = limit; n < e->failures && lock < LOGIN_LOCK_MAX; n++)
				lock *= 2;
			if (lock > LOGIN_LOCK_MAX)
				lock = LOGIN_LOCK_MAX;
			e->locked_until = now + lock;
		}
	}
	pthread_mutex_unlock(&t->mu);
}

void login_throttle_clear(struct login_throttle *t, const char *key)
{
	struct entry *e;

	pthread_mutex_lock(&t->mu);
	e = find(t, key, false, 0);
	if (e)
		memset(e, 0, sizeof(*e));
	pthread_mutex_unlock(&t->mu);
}
