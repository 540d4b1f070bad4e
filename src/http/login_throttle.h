/* login_throttle.h - slowing down password guessing: failed sign-ins are
 * counted per key (an account name, a client address), and once a key has
 * had its limit of failures it is locked for a while that doubles with
 * each further failure:
 *
 *   lock after the n-th failure (n >= limit) = first * 2^(n - limit)
 *   seconds, at most LOGIN_LOCK_MAX, first being LOGIN_LOCK_BASE unless the
 *   table was made with another (serve --lock-seconds);
 *
 * a key forgets its failures LOGIN_WINDOW seconds (or the window it was
 * given) after the last one, and a successful sign-in clears its
 * account's key.  While a key is locked,
 * sign-ins are refused (429 with Retry-After) before any password is
 * checked; HTTP Digest's PINs are counted the same way.  The table lives in the process's
 * memory (several servers behind one database each count their own) and holds at most
 * LOGIN_KEYS keys, forgetting the least recently failed when full.
 * Thread-safe. */
#ifndef OBSERVA_LOGIN_THROTTLE_H
#define OBSERVA_LOGIN_THROTTLE_H

#include <stdbool.h>
#include <time.h>

#define LOGIN_WINDOW        (15 * 60) /* seconds a failure is remembered */
#define LOGIN_ACCOUNT_LIMIT 5         /* failures of one account before a lock */
#define LOGIN_ADDRESS_LIMIT 20        /* of one client address (offices share one) */
/* Wrong PINs of HTTP Digest (openrosa_digest.c): of one observer code in
 * a mission, and of one client address (carriers put many phones behind
 * one address). */
#define DIGEST_CODE_LIMIT    10
#define DIGEST_ADDRESS_LIMIT 50
/* Seconds an observer code's wrong PINs are remembered: with
 * LOGIN_WINDOW, a code would be forgotten as its longest lock ends, and
 * a guesser would start afresh every half hour. */
#define DIGEST_CODE_WINDOW (24 * 60 * 60)
#define LOGIN_LOCK_BASE    30        /* seconds of the first lock, by default */
#define LOGIN_LOCK_MAX     (15 * 60) /* seconds of the longest */
#define LOGIN_KEYS         4096
#define LOGIN_KEY_MAX      80 /* bytes of a key; longer ones are cut */

struct login_throttle;

/* A new, empty table whose first lock lasts first_lock seconds (0:
 * LOGIN_LOCK_BASE; at most LOGIN_LOCK_MAX); free it with
 * login_throttle_free() (NULL: no-op). */
struct login_throttle *login_throttle_new(long first_lock);
void login_throttle_free(struct login_throttle *t);

/* 0 when key may try now, else the seconds until it may (at least 1). */
long login_throttle_wait(struct login_throttle *t, const char *key, time_t now);

/* Count a failure of key at now; limit is the failures allowed before the
 * first lock (LOGIN_ACCOUNT_LIMIT, LOGIN_ADDRESS_LIMIT). */
void login_throttle_fail(struct login_throttle *t, const char *key, int limit,
                         time_t now);

/* login_throttle_fail() with key's failures remembered window seconds
 * (>= LOGIN_LOCK_MAX) after the last one instead of LOGIN_WINDOW. */
void login_throttle_fail_kept(struct login_throttle *t, const char *key, int limit,
                              long window, time_t now);

/* Forget key's failures (a successful sign-in of the account). */
void login_throttle_clear(struct login_throttle *t, const char *key);

#endif
