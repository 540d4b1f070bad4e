/* store_export.c - the export part of the store interface: each function
 * dispatches to the back-end's operation (store_export.h). */
#include "store/store.h"

enum status store_export_prepare(struct store *st, struct err *e)
{
	return st->ops->export_prepare(st, e);
}

enum status store_export_last_id(struct store *st, enum store_export_table t, int64_t *id,
                                 struct err *e)
{
	return st->ops->export_last_id(st, t, id, e);
}

enum status store_export_observers(struct store *st, int64_t mission_id,
                                   const struct observer_filter *f, struct store_page *p,
                                   store_export_observer_cb cb, void *ctx, struct err *e)
{
	return st->ops->export_observers(st, mission_id, f, p, cb, ctx, e);
}

enum status store_export_accreditation(struct store *st, int64_t mission_id,
                                       const struct observer_filter *f,
                                       struct store_page *p, store_export_observer_cb cb,
                                       void *ctx, struct err *e)
{
	return st->ops->export_accreditation(st, mission_id, f, p, cb, ctx, e);
}

enum status store_export_locations(struct store *st, int64_t mission_id,
                                   const struct export_location_filter *f,
                                   struct store_page *p, store_export_location_cb cb,
                                   void *ctx, struct err *e)
{
	return st->ops->export_locations(st, mission_id, f, p, cb, ctx, e);
}

enum status store_export_submissions(struct store *st, int64_t mission_id,
                                     const struct submission_filter *f,
                                     struct store_page *p, store_export_submission_cb cb,
                                     void *ctx, struct err *e)
{
	return st->ops->export_submissions(st, mission_id, f, p, cb, ctx, e);
}

enum status store_export_sms_in(struct store *st, int64_t mission_id,
                                const struct sms_filter *f, struct store_page *p,
                                store_sms_in_cb cb, void *ctx, struct err *e)
{
	return st->ops->export_sms_in(st, mission_id, f, p, cb, ctx, e);
}

enum status store_export_official(struct store *st, int64_t mission_id,
                                  const struct official_filter *f, struct store_page *p,
                                  store_official_cb cb, void *ctx, struct err *e)
{
	return st->ops->export_official(st, mission_id, f, p, cb, ctx, e);
}
