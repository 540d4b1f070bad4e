/* store_sms.c - the coded-SMS part of the store interface: each function
 * dispatches to the back-end's operation (store_sms.h). */
#include "store/store.h"

enum status store_sms_config_get(struct store *st, int64_t mission_id, struct arena *a,
                                 struct sms_config *out, struct err *e)
{
	return st->ops->sms_config_get(st, mission_id, a, out, e);
}

enum status store_sms_config_put(struct store *st, int64_t mission_id,
                                 const struct sms_config *c, struct err *e)
{
	return st->ops->sms_config_put(st, mission_id, c, e);
}

enum status store_observer_by_phone(struct store *st, int64_t mission_id,
                                    const char *phone, struct arena *a, const char **code,
                                    struct err *e)
{
	return st->ops->observer_by_phone(st, mission_id, phone, a, code, e);
}

enum status store_sms_in_add(struct store *st, int64_t mission_id, struct sms_in_row *m,
                             struct err *e)
{
	return st->ops->sms_in_add(st, mission_id, m, e);
}

enum status store_sms_in_recent(struct store *st, int64_t mission_id, const char *phone,
                                const char *text_key, const char *since, int64_t not_id,
                                struct arena *a, struct sms_in_row *out, struct err *e)
{
	return st->ops->sms_in_recent(st, mission_id, phone, text_key, since, not_id, a,
	                              out, e);
}

enum status store_sms_in_finish(struct store *st, int64_t mission_id,
                                const struct sms_in_row *m, struct err *e)
{
	return st->ops->sms_in_finish(st, mission_id, m, e);
}

enum status store_sms_in_get(struct store *st, int64_t mission_id, int64_t id,
                             struct arena *a, struct sms_in_row *out, struct err *e)
{
	return st->ops->sms_in_get(st, mission_id, id, a, out, e);
}

enum status store_sms_in_list(struct store *st, int64_t mission_id,
                              const struct sms_filter *f, int64_t *total,
                              store_sms_in_cb cb, void *ctx, struct err *e)
{
	return st->ops->sms_in_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_sms_in_pending(struct store *st, const char *before, int64_t limit,
                                 store_sms_in_cb cb, void *ctx, struct err *e)
{
	return st->ops->sms_in_pending(st, before, limit, cb, ctx, e);
}

enum status store_sms_out_add(struct store *st, int64_t mission_id, struct sms_out_row *m,
                              struct err *e)
{
	return st->ops->sms_out_add(st, mission_id, m, e);
}

enum status store_sms_out_due(struct store *st, const char *now, const char *stale,
                              int64_t limit, store_sms_out_cb cb, void *ctx,
                              struct err *e)
{
	return st->ops->sms_out_due(st, now, stale, limit, cb, ctx, e);
}

enum status store_sms_out_claim(struct store *st, const struct sms_out_row *seen,
                                const struct sms_out_row *marked, bool *claimed,
                                struct err *e)
{
	return st->ops->sms_out_claim(st, seen, marked, claimed, e);
}

enum status store_sms_out_update(struct store *st, const struct sms_out_row *m,
                                 struct err *e)
{
	return st->ops->sms_out_update(st, m, e);
}

enum status store_sms_out_delivery(struct store *st, int64_t mission_id,
                                   const char *gateway_id, const char *status,
                                   struct err *e)
{
	return st->ops->sms_out_delivery(st, mission_id, gateway_id, status, e);
}

enum status store_sms_out_list(struct store *st, int64_t mission_id,
                               const struct sms_filter *f, int64_t *total,
                               store_sms_out_cb cb, void *ctx, struct err *e)
{
	return st->ops->sms_out_list(st, mission_id, f, total, cb, ctx, e);
}

enum status store_sms_audience(struct store *st, int64_t mission_id,
                               const struct sms_audience_filter *f,
                               store_sms_audience_cb cb, void *ctx, struct err *e)
{
	return st->ops->sms_audience(st, mission_id, f, cb, ctx, e);
}
