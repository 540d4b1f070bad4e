/* store_intake.c - the store's operations made for the intake's hot path,
 * dispatched to the back-end. */
#include "store/store.h"

enum status store_station_reports(struct store *st, int64_t mission_id,
                                  int64_t station_id, const char *form, int64_t except_id,
                                  store_submission_cb cb, void *ctx, struct err *e)
{
	return st->ops->station_reports(st, mission_id, station_id, form, except_id, cb,
	                                ctx, e);
}

enum status store_location_key(struct store *st, int64_t mission_id, const char *code,
                               int64_t *id, const char **level, struct err *e)
{
	return st->ops->location_key(st, mission_id, code, id, level, e);
}

enum status store_observer_code(struct store *st, int64_t mission_id, int64_t id,
                                struct arena *a, const char **code, struct err *e)
{
	return st->ops->observer_code(st, mission_id, id, a, code, e);
}

enum status store_location_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                void *ctx, struct err *e)
{
	return st->ops->location_keys(st, mission_id, cb, ctx, e);
}

enum status store_observer_keys(struct store *st, int64_t mission_id, store_key_cb cb,
                                void *ctx, struct err *e)
{
	return st->ops->observer_keys(st, mission_id, cb, ctx, e);
}
