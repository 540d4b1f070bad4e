/* store.c - picks a back-end by URL scheme and dispatches to it. */
#include <string.h>

#include "core/alloc.h"
#include "store/store.h"

extern const struct store_ops store_sqlite_ops;

static const struct store_ops *const backends[] = {
    &store_sqlite_ops,
};

/* Split url into its scheme and what the back-end opens: "sqlite:PATH"
 * gives PATH; "scheme://..." keeps the whole URL (libpq wants it); a bare
 * path means SQLite. */
static void split_url(const char *url, char scheme[16], const char **rest)
{
	const char *sep = strstr(url, "://");
	size_t n;

	if (!strncmp(url, "sqlite:", 7)) {
		memcpy(scheme, "sqlite", 7);
		*rest = url + 7;
	} else if (sep && (n = (size_t)(sep - url)) < 16 && !memchr(url, '/', n)) {
		memcpy(scheme, url, n);
		scheme[n] = '\0';
		*rest = url;
	} else {
		memcpy(scheme, "sqlite", 7);
		*rest = url;
	}
}

enum status store_open(const char *url, struct store **out, struct err *e)
{
	char scheme[16];
	const char *rest;
	*out = NULL;
	split_url(url, scheme, &rest);
	if (!*rest)
		return err_set(e, ST_INVALID, "database URL \"%s\" has no path", url);
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		const struct store_ops *ops = backends[i];
		if (strcmp(ops->scheme, scheme))
			continue;
		/* The back-end sets ops and a default actor. */
		return ops->open(rest, out, e);
	}
	return err_set(e, ST_UNSUPPORTED,
	               "database URL \"%s\": unsupported scheme \"%s\" (supported: "
	               "sqlite:PATH)",
	               url, scheme);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	free(st->actor);
	free(st->origin);
	st->ops->close(st);
}

int store_schema_version(struct store *st)
{
	return st->ops->schema_version(st);
}

void store_set_actor(struct store *st, const char *actor, const char *origin)
{
	free(st->actor);
	free(st->origin);
	st->actor = xstrdup(actor);
	st->origin = xstrdup(origin);
}

enum status store_begin(struct store *st, struct err *e)
{
	return st->ops->begin(st, e);
}

enum status store_commit(struct store *st, struct err *e)
{
	return st->ops->commit(st, e);
}

void store_rollback(struct store *st)
{
	st->ops->rollback(st);
}

enum status store_mission_create(struct store *st, struct mission *m, struct err *e)
{
	return st->ops->mission_create(st, m, e);
}

enum status store_mission_update(struct store *st, const struct mission *m, struct err *e)
{
	return st->ops->mission_update(st, m, e);
}

enum status store_mission_get(struct store *st, const char *code, struct arena *a,
                              struct mission *out, struct err *e)
{
	return st->ops->mission_get(st, code, a, out, e);
}

enum status store_mission_list(struct store *st, store_mission_cb cb, void *ctx,
                               struct err *e)
{
	return st->ops->mission_list(st, cb, ctx, e);
}

enum status store_location_upsert(struct store *st, int64_t mission_id,
                                  const struct location *l, enum upsert_result *res,
                                  struct err *e)
{
	return st->ops->location_upsert(st, mission_id, l, res, e);
}

enum status store_location_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct location *out, struct err *e)
{
	return st->ops->location_get(st, mission_id, code, a, out, e);
}

enum status store_location_list(struct store *st, int64_t mission_id,
                                const struct location_filter *f, int64_t *total,
                                store_location_cb cb, void *ctx, struct err *e)
{
	return st->ops->location_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_location_check_tree(struct store *st, int64_t mission_id, struct err *e)
{
	return st->ops->location_check_tree(st, mission_id, e);
}

enum status store_observer_upsert(struct store *st, int64_t mission_id,
                                  const struct observer *o, enum upsert_result *res,
                                  struct err *e)
{
	return st->ops->observer_upsert(st, mission_id, o, res, e);
}

enum status store_observer_get(struct store *st, int64_t mission_id, const char *code,
                               struct arena *a, struct observer *out, struct err *e)
{
	return st->ops->observer_get(st, mission_id, code, a, out, e);
}

enum status store_observer_list(struct store *st, int64_t mission_id,
                                const struct observer_filter *f, int64_t *total,
                                store_observer_cb cb, void *ctx, struct err *e)
{
	return st->ops->observer_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_observer_tally(struct store *st, int64_t mission_id, store_tally_cb cb,
                                 void *ctx, struct err *e)
{
	return st->ops->observer_tally(st, mission_id, cb, ctx, e);
}

enum status store_audit_list(struct store *st, const struct audit_filter *f,
                             store_audit_cb cb, void *ctx, struct err *e)
{
	return st->ops->audit_list(st, f, cb, ctx, e);
}
