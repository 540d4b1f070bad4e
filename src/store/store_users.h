/* store_users.h - what the store keeps of accounts: users (name, argon2id
 * password hash, admin flag, disabled flag), their role on each mission,
 * their signed-in sessions and their API tokens.  Sessions and tokens are
 * kept only as hashes of their secrets (model/account.h).
 *
 * Changes to users, roles and tokens, and sessions begun and ended, are
 * audited (entities "user", "user_role", "session", "api_token"), never
 * with a hash or a secret.  Times are ISO 8601 UTC text
 * ("2026-03-19T08:00:00Z"), so they compare as strings. */
#ifndef OBSERVA_STORE_USERS_H
#define OBSERVA_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

struct store;

struct user_row {
	int64_t id;
	const char *name;
	const char *password_hash; /* argon2id string; NULL in listings */
	bool admin;
	bool disabled;
	const char *created_at;
	const char *password_at; /* when the password was last set */
};

/* A change to a user: the fields set are changed, the others kept. */
struct user_change {
	const char *password_hash; /* NULL: keep */
	int admin;                 /* -1 keep, 0 or 1 */
	int disabled;              /* -1 keep, 0 or 1 */
};

/* A user's role on a mission. */
struct user_role_row {
	const char *user;
	const char *mission; /* mission code */
	int64_t mission_id;
	const char *role; /* role name (http/role.h) */
};

/* A session as found by its id's hash, with its user. */
struct session_row {
	int64_t id;
	const char *id_hash; /* account_secret_hash() of the cookie's value */
	const char *csrf;    /* the token state-changing requests must send */
	int64_t user_id;
	const char *user;
	bool admin, disabled; /* the user's */
	const char *created_at, *last_seen, *expires_at;
	int64_t idle_seconds; /* ended when not used for this long */
	const char *client;   /* the address it began from */
};

/* An API token, with its user. */
struct token_row {
	int64_t id;
	const char *hash; /* account_secret_hash() of the token */
	int64_t user_id;
	const char *user;
	bool admin, disabled; /* the user's */
	const char *scope;    /* http/role.h scope_parse() */
	const char *created_at;
	const char *expires_at; /* NULL: never */
	bool revoked;
	const char *last_used; /* NULL: never used */
};

typedef enum status (*store_user_cb)(void *ctx, const struct user_row *u);
typedef enum status (*store_user_role_cb)(void *ctx, const struct user_role_row *r);
typedef enum status (*store_token_cb)(void *ctx, const struct token_row *t);

/* Store a new user (u->name, u->password_hash, u->admin, u->disabled);
 * sets *id.  ST_EXISTS when the name is taken (whatever its case). */
enum status store_user_create(struct store *st, const struct user_row *u,
                              int64_t *id /* OUT, may be NULL */, struct err *e);
/* The user called name (any case), strings in a.  ST_NOT_FOUND naming it. */
enum status store_user_get(struct store *st, const char *name, struct arena *a,
                           struct user_row *out /* OUT */, struct err *e);
/* Every user, by name, without password hashes. */
enum status store_user_list(struct store *st, store_user_cb cb, void *ctx, struct err *e);
/* How many users there are. */
enum status store_user_count(struct store *st, int64_t *n /* OUT */, struct err *e);
/* Apply c to user name.  A new password or disabling ends every session
 * of the user.  ST_NOT_FOUND naming it. */
enum status store_user_update(struct store *st, const char *name,
                              const struct user_change *c, struct err *e);

/* Give user name role on mission_id (replacing the role it had there), or
 * with role NULL take it off the mission.  ST_NOT_FOUND for no such user
 * (or, with role NULL, no role to take). */
enum status store_user_role_set(struct store *st, const char *name, int64_t mission_id,
                                const char *role, struct err *e);
/* The roles of user user_id (0: of every user), by user then mission. */
enum status store_user_role_list(struct store *st, int64_t user_id, store_user_role_cb cb,
                                 void *ctx, struct err *e);
/* The role of user_id on the mission with code mission: *role (in a) is
 * NULL when it has none there or there is no such mission. */
enum status store_user_role_get(struct store *st, int64_t user_id, const char *mission,
                                struct arena *a, const char **role /* OUT */,
                                struct err *e);

/* Store a new session (id_hash, csrf, user_id, created_at, last_seen,
 * expires_at, idle_seconds, client), audited with the user's name. */
enum status store_session_create(struct store *st, const struct session_row *s,
                                 struct err *e);
/* The session whose id hashes to id_hash, whatever its age (the caller
 * checks expiry), strings in a.  ST_NOT_FOUND when there is none. */
enum status store_session_find(struct store *st, const char *id_hash, struct arena *a,
                               struct session_row *out /* OUT */, struct err *e);
/* Record that the session was used at when (not audited). */
enum status store_session_touch(struct store *st, const char *id_hash, const char *when,
                                struct err *e);
/* End the session (audited); ST_NOT_FOUND when there is none.  Sessions
 * past before (ISO time; NULL: none) are deleted on the way, unaudited. */
enum status store_session_delete(struct store *st, const char *id_hash,
                                 const char *before, struct err *e);

/* Store a new token (hash, user_id, scope, expires_at); sets *id. */
enum status store_token_create(struct store *st, const struct token_row *t,
                               int64_t *id /* OUT */, struct err *e);
/* The token whose text hashes to hash, strings in a; ST_NOT_FOUND. */
enum status store_token_find(struct store *st, const char *hash, struct arena *a,
                             struct token_row *out /* OUT */, struct err *e);
/* Every token (revoked and expired ones too), newest first, without
 * hashes. */
enum status store_token_list(struct store *st, store_token_cb cb, void *ctx,
                             struct err *e);
/* Revoke token id (audited).  ST_NOT_FOUND when there is no such token;
 * revoking a revoked token changes nothing. */
enum status store_token_revoke(struct store *st, int64_t id, struct err *e);
/* Record that the token was used at when (not audited). */
enum status store_token_touch(struct store *st, int64_t id, const char *when,
                              struct err *e);

#endif
