/* store_users.c - the accounts' part of the store interface: each
 * function dispatches to the back-end's operation (store_users.h). */
#include "store/store.h"

enum status store_user_create(struct store *st, const struct user_row *u, int64_t *id,
                              struct err *e)
{
	return st->ops->user_create(st, u, id, e);
}

enum status store_user_get(struct store *st, const char *name, struct arena *a,
                           struct user_row *out, struct err *e)
{
	return st->ops->user_get(st, name, a, out, e);
}

enum status store_user_list(struct store *st, store_user_cb cb, void *ctx, struct err *e)
{
	return st->ops->user_list(st, cb, ctx, e);
}

enum status store_user_count(struct store *st, int64_t *n, struct err *e)
{
	return st->ops->user_count(st, n, e);
}

enum status store_user_update(struct store *st, const char *name,
                              const struct user_change *c, struct err *e)
{
	return st->ops->user_update(st, name, c, e);
}

enum status store_user_role_set(struct store *st, const char *name, int64_t mission_id,
                                const char *role, struct err *e)
{
	return st->ops->user_role_set(st, name, mission_id, role, e);
}

enum status store_user_role_list(struct store *st, int64_t user_id, store_user_role_cb cb,
                                 void *ctx, struct err *e)
{
	return st->ops->user_role_list(st, user_id, cb, ctx, e);
}

enum status store_user_role_get(struct store *st, int64_t user_id, const char *mission,
                                struct arena *a, const char **role, struct err *e)
{
	return st->ops->user_role_get(st, user_id, mission, a, role, e);
}

enum status store_session_create(struct store *st, const struct session_row *s,
                                 struct err *e)
{
	return st->ops->session_create(st, s, e);
}

enum status store_session_find(struct store *st, const char *id_hash, struct arena *a,
                               struct session_row *out, struct err *e)
{
	return st->ops->session_find(st, id_hash, a, out, e);
}

enum status store_session_touch(struct store *st, const char *id_hash, const char *when,
                                struct err *e)
{
	return st->ops->session_touch(st, id_hash, when, e);
}

enum status store_session_delete(struct store *st, const char *id_hash,
                                 const char *before, struct err *e)
{
	return st->ops->session_delete(st, id_hash, before, e);
}

enum status store_token_create(struct store *st, const struct token_row *t, int64_t *id,
                               struct err *e)
{
	return st->ops->token_create(st, t, id, e);
}

enum status store_token_find(struct store *st, const char *hash, struct arena *a,
                             struct token_row *out, struct err *e)
{
	return st->ops->token_find(st, hash, a, out, e);
}

enum status store_token_list(struct store *st, store_token_cb cb, void *ctx,
                             struct err *e)
{
	return st->ops->token_list(st, cb, ctx, e);
}

enum status store_token_revoke(struct store *st, int64_t id, struct err *e)
{
	return st->ops->token_revoke(st, id, e);
}

enum status store_token_touch(struct store *st, int64_t id, const char *when,
                              struct err *e)
{
	return st->ops->token_touch(st, id, when, e);
}
