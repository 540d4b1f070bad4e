/* store_alerts.h - a page of a mission's alerts, found along indexes
 * rather than by a pass over every alert: the dashboard's alerts list and
 * count, and a report's own alerts, with half a million alerts.
 *
 * The rules of store.h hold (strings of callbacks valid during the
 * call). */
#ifndef OBSERVA_STORE_ALERTS_H
#define OBSERVA_STORE_ALERTS_H

#include "store/store.h"

/* Which alerts: every field is a filter, NULL (or n_ids 0) for none. */
struct alert_filter {
	const char *station;           /* the report's station code */
	const char *form;              /* the report's form */
	const int64_t *submission_ids; /* raised by one of these reports */
	size_t n_ids;
	int64_t limit, offset; /* the page: rows offset .. offset + limit - 1 */
};

/* The alerts of store_alert_list() that match f, newest first, from the
 * offset-th on, at most limit of them; *total (when not NULL) is how many
 * match in all.  Rows and total are exactly those of store_alert_list()
 * filtered by station, form and report and then paged.  The count of an
 * unfiltered list reads the index on (mission, id) alone: every alert's
 * report and station exist, since the store enforces foreign keys. */
enum status store_alert_select(struct store *st, int64_t mission_id,
                               const struct alert_filter *f, int64_t *total,
                               store_alert_cb cb, void *ctx, struct err *e);

#endif
