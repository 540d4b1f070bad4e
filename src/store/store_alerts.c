/* store_alerts.c - the alerts' page of the store interface: dispatches to
 * the back-end's operation (store_alerts.h). */
#include "store/store_alerts.h"

enum status store_alert_select(struct store *st, int64_t mission_id,
                               const struct alert_filter *f, int64_t *total,
                               store_alert_cb cb, void *ctx, struct err *e)
{
	return st->ops->alert_select(st, mission_id, f, total, cb, ctx, e);
}
