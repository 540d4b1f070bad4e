/* demo_mission.h - the demo mission "kz-2023": Kazakhstan's early Mazhilis
 * election of 19 March 2023 as an observation mission would hold it, made
 * the same on every run and written to a store in one transaction.
 *
 * Places follow the real figures approximately; every person is invented. */
#ifndef OBSERVA_DEMO_MISSION_H
#define OBSERVA_DEMO_MISSION_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define DEMO_MISSION_CODE "kz-2023"
#define DEMO_DB_URL       "sqlite:demo.db"

/* Figures of a stored demo mission, counted from the store. */
struct demo_totals {
	int64_t regions; /* regions and cities of republican status */
	int64_t districts;
	int64_t stations; /* every polling station, abroad included */
	int64_t stations_abroad;
	int64_t voters; /* registered voters over every station */
	int64_t voters_abroad;
};

/* Called as rows are written: done of total. */
typedef void (*demo_progress_fn)(void *ctx, long long done, long long total);

/* Create the demo mission in st: the mission, its locations and its
 * observers, in one transaction, so either all of it is stored or nothing.
 * ST_EXISTS when st already has a mission DEMO_MISSION_CODE; a store error
 * otherwise, with e naming the record.  progress may be NULL. */
enum status demo_mission_create(struct store *st, demo_progress_fn progress, void *ctx,
                                struct err *e);

/* Count the places and voters of mission mission_id into *t. */
enum status demo_mission_totals(struct store *st, int64_t mission_id,
                                struct demo_totals *t /* OUT */, struct err *e);

#endif
