/* store.c - picks a back-end by URL scheme and dispatches to it. */
#include <string.h>

#include "core/alloc.h"
#include "store/store.h"

#include "store/store_pg.h"

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
	if (!strcmp(scheme, "postgres") || !strcmp(scheme, "postgresql"))
		return store_pg_ops()->open(rest, out, e);
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		const struct store_ops *ops = backends[i];
		if (strcmp(ops->scheme, scheme))
			continue;
		/* The back-end sets ops and a default actor. */
		return ops->open(rest, out, e);
	}
	return err_set(e, ST_UNSUPPORTED,
	               "database URL \"%s\": unsupported scheme \"%s\" (supported: "
	               "sqlite:PATH, postgres://...)",
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

enum status store_savepoint(struct store *st, struct err *e)
{
	return st->ops->savepoint(st, e);
}

enum status store_release(struct store *st, enum status rc)
{
	return st->ops->release(st, rc);
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

enum status store_location_batch_begin(struct store *st, int64_t mission_id,
                                       struct err *e)
{
	return st->ops->location_batch_begin(st, mission_id, e);
}

void store_location_batch_end(struct store *st)
{
	st->ops->location_batch_end(st);
}

enum status store_observer_batch_begin(struct store *st, int64_t mission_id,
                                       struct err *e)
{
	return st->ops->observer_batch_begin(st, mission_id, e);
}

void store_observer_batch_end(struct store *st)
{
	st->ops->observer_batch_end(st);
}

enum status store_assignment_batch_begin(struct store *st, int64_t mission_id,
                                         struct err *e)
{
	return st->ops->assignment_batch_begin(st, mission_id, e);
}

void store_assignment_batch_end(struct store *st)
{
	st->ops->assignment_batch_end(st);
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

enum status store_audit_note(struct store *st, const char *action, const char *entity,
                             const char *key, const char *after, struct err *e)
{
	enum status rc = store_begin(st, e);

	if (rc)
		return rc;
	rc = st->ops->audit_note(st, action, entity, key, after, e);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

enum status store_form_put(struct store *st, int64_t mission_id,
                           const struct form_record *f, enum upsert_result *res,
                           struct err *e)
{
	return st->ops->form_put(st, mission_id, f, res, e);
}

enum status store_form_get(struct store *st, int64_t mission_id, const char *code,
                           struct arena *a, struct form_record *out, struct err *e)
{
	return st->ops->form_get(st, mission_id, code, a, out, e);
}

enum status store_form_list(struct store *st, int64_t mission_id, store_form_cb cb,
                            void *ctx, struct err *e)
{
	return st->ops->form_list(st, mission_id, cb, ctx, e);
}

int64_t store_forms_revision(struct store *st, int64_t mission_id)
{
	return st->ops->forms_revision(st, mission_id);
}

enum status store_registry_version(struct store *st, int64_t *n, struct err *e)
{
	return st->ops->registry_version(st, n, e);
}

enum status store_choices_replace(struct store *st, int64_t mission_id,
                                  const struct store_choice *c, size_t n, struct err *e)
{
	return st->ops->choices_replace(st, mission_id, c, n, e);
}

enum status store_choices_list(struct store *st, int64_t mission_id, store_choice_cb cb,
                               void *ctx, struct err *e)
{
	return st->ops->choices_list(st, mission_id, cb, ctx, e);
}

enum status store_submission_put(struct store *st, int64_t mission_id,
                                 struct stored_submission *s, enum put_outcome *out,
                                 struct err *e)
{
	return st->ops->submission_put(st, mission_id, s, out, e);
}

enum status store_submission_get(struct store *st, int64_t mission_id, int64_t id,
                                 struct arena *a, struct stored_submission *out,
                                 struct err *e)
{
	return st->ops->submission_get(st, mission_id, id, a, out, e);
}

enum status store_submission_list(struct store *st, int64_t mission_id,
                                  const struct submission_filter *f, int64_t *total,
                                  store_submission_cb cb, void *ctx, struct err *e)
{
	return st->ops->submission_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_submission_versions(struct store *st, int64_t mission_id, int64_t id,
                                      store_submission_cb cb, void *ctx, struct err *e)
{
	return st->ops->submission_versions(st, mission_id, id, cb, ctx, e);
}

enum status store_submission_by_ids(struct store *st, int64_t mission_id,
                                    const int64_t *ids, size_t n, store_submission_cb cb,
                                    void *ctx, struct err *e)
{
	return st->ops->submission_by_ids(st, mission_id, ids, n, cb, ctx, e);
}

enum status store_submission_review(struct store *st, int64_t mission_id, int64_t id,
                                    const char *status, const char *note, struct err *e)
{
	return st->ops->submission_review(st, mission_id, id, status, note, e);
}

enum status store_submission_peers(struct store *st, int64_t mission_id,
                                   const char *station, const char *form,
                                   const char *observer, store_submission_cb cb,
                                   void *ctx, struct err *e)
{
	return st->ops->submission_peers(st, mission_id, station, form, observer, cb, ctx,
	                                 e);
}

enum status store_conflict_put(struct store *st, int64_t mission_id, const char *station,
                               const char *form, const char *tag, const char *values,
                               struct err *e)
{
	return st->ops->conflict_put(st, mission_id, station, form, tag, values, e);
}

enum status store_conflict_clear(struct store *st, int64_t mission_id,
                                 const char *station, const char *form,
                                 const char *keep_tags, struct err *e)
{
	return st->ops->conflict_clear(st, mission_id, station, form, keep_tags, e);
}

enum status store_conflict_list(struct store *st, int64_t mission_id,
                                const struct conflict_filter *f, int64_t *total,
                                store_conflict_cb cb, void *ctx, struct err *e)
{
	return st->ops->conflict_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_conflict_resolve(struct store *st, int64_t mission_id, int64_t id,
                                   const char *value, struct err *e)
{
	return st->ops->conflict_resolve(st, mission_id, id, value, e);
}

enum status store_alert_add(struct store *st, int64_t mission_id, int64_t submission_id,
                            const char *tag, const char *value, const char *message,
                            struct err *e)
{
	return st->ops->alert_add(st, mission_id, submission_id, tag, value, message, e);
}

enum status store_alert_list(struct store *st, int64_t mission_id, store_alert_cb cb,
                             void *ctx, struct err *e)
{
	return st->ops->alert_list(st, mission_id, cb, ctx, e);
}

enum status store_assignment_put(struct store *st, int64_t mission_id,
                                 const struct assignment_row *a, enum upsert_result *res,
                                 struct err *e)
{
	return st->ops->assignment_put(st, mission_id, a, res, e);
}

enum status store_assignment_list(struct store *st, int64_t mission_id,
                                  const struct assignment_row *only,
                                  store_assignment_cb cb, void *ctx, struct err *e)
{
	return st->ops->assignment_list(st, mission_id, only, cb, ctx, e);
}

enum status store_coverage_rows(struct store *st, int64_t mission_id,
                                store_coverage_cb cb, void *ctx, struct err *e)
{
	return st->ops->coverage_rows(st, mission_id, cb, ctx, e);
}

enum status store_observer_id(struct store *st, int64_t mission_id, const char *code,
                              int64_t *id, struct err *e)
{
	return st->ops->observer_id(st, mission_id, code, id, e);
}

enum status store_credential_set(struct store *st, int64_t mission_id,
                                 const char *observer, const char *token_hash,
                                 const char *pin_hash, const char *digest_ha1,
                                 enum upsert_result *res, struct err *e)
{
	return st->ops->credential_set(st, mission_id, observer, token_hash, pin_hash,
	                               digest_ha1, res, e);
}

enum status store_credential_get(struct store *st, int64_t mission_id,
                                 const char *observer, struct arena *a,
                                 struct credential_row *out, struct err *e)
{
	return st->ops->credential_get(st, mission_id, observer, a, out, e);
}

enum status store_credential_find(struct store *st, const char *token_hash,
                                  struct arena *a, struct credential_row *out,
                                  struct err *e)
{
	return st->ops->credential_find(st, token_hash, a, out, e);
}

enum status store_attachment_add(struct store *st, int64_t submission_id,
                                 const struct attachment_row *a, bool *added,
                                 struct err *e)
{
	return st->ops->attachment_add(st, submission_id, a, added, e);
}

enum status store_attachment_list(struct store *st, int64_t mission_id,
                                  int64_t submission_id, store_attachment_cb cb,
                                  void *ctx, struct err *e)
{
	return st->ops->attachment_list(st, mission_id, submission_id, cb, ctx, e);
}

enum status store_attachment_get(struct store *st, int64_t mission_id,
                                 int64_t submission_id, const char *name, struct arena *a,
                                 struct attachment_row *out, struct err *e)
{
	return st->ops->attachment_get(st, mission_id, submission_id, name, a, out, e);
}

enum status store_received_add(struct store *st, int64_t mission_id,
                               struct received_row *r, struct err *e)
{
	return st->ops->received_add(st, mission_id, r, e);
}

enum status store_received_list(struct store *st, int64_t mission_id, int64_t limit,
                                int64_t offset, int64_t *total, store_received_cb cb,
                                void *ctx, struct err *e)
{
	return st->ops->received_list(st, mission_id, limit, offset, total, cb, ctx, e);
}
