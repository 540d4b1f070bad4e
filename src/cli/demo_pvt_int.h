/* demo_pvt_int.h - the inside of the demo's quick count (demo_pvt.h),
 * shared by demo_pvt.c (the sample, the network's people, the summary)
 * and demo_pvt_sms.c (their messages on the evening of election day).
 * Every draw comes from the network's own generator, in that order. */
#ifndef OBSERVA_DEMO_PVT_INT_H
#define OBSERVA_DEMO_PVT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/demo_plan.h"
#include "cli/demo_pvt.h"
#include "cli/demo_reports_int.h"
#include "cli/demo_rng.h"

/* A sample station and the observer posted there. */
struct pvt_post {
	const char *station;    /* its code */
	const json_t *protocol; /* as its commission wrote it (borrowed from the
	                         * day's plan) */
	const char *observer;   /* code */
	const char *phone;      /* the number the messages come from */
	int utc;                /* hours east of UTC where the station is */
	int registered;         /* voters on the list: a long count ends late */
	bool team_copied;       /* a team copied the protocol too */
};

struct demo_pvt {
	struct demo_reports *d;
	struct demo_rng rng;     /* the network's own */
	struct demo_plan people; /* its observers, strings in its arena */
	struct pvt_post *posts;  /* in the sample's draw order */
	size_t nposts;
};

/* Send the posts' messages through a writer opened on url, in the order
 * they reach the gateway, and check what became of each (demo_pvt_sms.c). */
enum status demo_pvt_messages(struct demo_pvt *p, struct store *st, const char *url,
                              const struct mission *m, struct demo_sent *sent,
                              struct err *e);

#endif
