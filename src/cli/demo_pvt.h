/* demo_pvt.h - the quick count in the demo mission: a domestic citizen
 * network draws a sample of polling stations stratified by region, as
 * "observa pvt sample" does, and accredits one national observer for each
 * sample station, who sends the station's results protocol (form PR) by
 * coded SMS once the count is over, received as a gateway's message would
 * be.  The protocols are those the commissions wrote (demo_official.h), so
 * the quick count agrees with the official results except where figures
 * were changed on the way up.
 *
 * Made the same on every run, from a generator of its own: the rest of
 * the demo does not change with it. */
#ifndef OBSERVA_DEMO_PVT_H
#define OBSERVA_DEMO_PVT_H

#include <stdint.h>

#include "cli/demo_reports.h"
#include "core/arena.h"
#include "core/err.h"
#include "model/mission.h"
#include "store/store.h"

/* The network: invented, as every person of the demo is. */
#define DEMO_PVT_ORG    "Sanaq Civic Network for Fair Elections"
#define DEMO_PVT_PREFIX "SANAQ" /* of its observers' codes */
#define DEMO_PVT_SIZE   250     /* sample stations */
#define DEMO_PVT_STRATA "region"
#define DEMO_PVT_SEED   18032023 /* drawn in public on the eve: 18.03.2023 */

/* Draw and keep the sample of mission m; register the network's
 * observers, accredited, and assign each to a sample station on election
 * day (one transaction on st); then receive their messages in the order
 * they reach the gateway, through a writer opened on url (st's database):
 * most stations' protocols between 21:00 and 23:30 local time, a few
 * never sent, a couple sent twice and one refused for a slip and sent
 * again.  What intake made of each report is added to *sent.  Every
 * message must be taken as planned: an error names the one that was not.
 * r must be loaded with the official results (demo_official_load()). */
enum status demo_pvt_run(struct demo_reports *r, struct store *st, const char *url,
                         const struct mission *m, struct demo_sent *sent, struct err *e);

/* Rows demo_pvt_run() writes, for progress: observers, assignments,
 * messages (roughly). */
long long demo_pvt_rows(void);

/* The quick count as the summary tells it, from the store. */
struct demo_pvt_summary {
	int64_t size;           /* sample stations */
	int64_t seed;           /* of the draw */
	const char *strata_by;  /* "region"; in the caller's arena */
	int64_t reported;       /* sample stations with a results protocol */
	int64_t by_sms;         /* of which one came by SMS */
	const char *leader;     /* the choice estimated highest; in the arena */
	double estimate, moe95; /* its share and margin at 95%, percent */
	double official;        /* its official share, NaN when none */
	int inside95;           /* 1 inside the 95% interval, 0 outside, -1 unknown */
};

/* Estimate the quick count of mission_id (pvt_mission_estimate()) into
 * *out, strings in a.  ST_NOT_FOUND when the mission has no sample. */
enum status demo_pvt_summarise(struct store *st, int64_t mission_id, struct arena *a,
                               struct demo_pvt_summary *out, struct err *e);

#endif
