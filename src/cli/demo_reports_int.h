/* demo_reports_int.h - the inside of election day in the demo (demo_reports.h):
 * the plan's structures and the steps that fill it, shared by demo_reports.c
 * (lifecycle, helpers), demo_deploy.c, demo_answers.c, demo_incidents.c,
 * demo_day.c, demo_plant.c, demo_send.c and demo_review.c.  Every draw comes
 * from the plan's one generator, so the steps must run in the same order. */
#ifndef OBSERVA_DEMO_REPORTS_INT_H
#define OBSERVA_DEMO_REPORTS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/demo_reports.h"
#include "cli/demo_rng.h"
#include "core/arena.h"
#include "model/location.h"
#include "model/submission.h"
#include "store/store.h"

#define DEMO_NCHOICES 8      /* parties on the ballot, and "against all" */
#define DEMO_NPAIRS   30     /* stations two teams observe on the same form */
#define DEMO_DAY_SECS 86400L /* seconds in a day */

/* ------------------------------------------------------------ the plan */

/* A growable array of indexes (grown in demo_deploy.c). */
struct idx {
	size_t *v;
	size_t n, alloc;
};

struct region {
	const struct location *l;
	int utc;                    /* hours east of UTC */
	double trouble;             /* multiplies the chance of a negative answer */
	double lean[DEMO_NCHOICES]; /* the region's lean to each choice */
	struct idx territories;     /* indexes of its territorial commissions */
	size_t nstations;
};

struct territory {
	const struct location *l;
	size_t region;
	struct idx stations;
	bool taken; /* by a long-term team */
};

struct station {
	const struct location *l;
	size_t territory, region;
	double turnout; /* share of the list who will have voted at 20:00 */
	bool urban, taken, doubled;
};

struct team {
	const char *name;
	const char *reporter; /* the member whose phone sends the reports */
	struct idx members;   /* accredited members, indexes of the plan's observers */
	bool long_term, csv, silent;
	bool sms; /* reports by coded SMS from the reporter's phone */
	size_t region;
	double strict;    /* how readily its observers answer negatively */
	struct idx route; /* stations, or commissions for long-term teams, in order */
};

enum kind { ORIGINAL, CORRECTION, RESENT };

struct report {
	enum kind kind;
	size_t of; /* CORRECTION, RESENT: index of the original */
	struct submission sub;
	json_t *answers; /* owned (not by RESENT, which borrows the original's) */
	long local;      /* seconds from 19 March 00:00, local time */
	long when;       /* the same in UTC: the order reports are sent in */
	size_t team, place;
	const char *reject; /* a clerk rejects it with this note */
	const char *verify; /* a clerk verifies it, if flagged, with this note */
	bool special;       /* planted or corrected: not picked again */
	bool doubled;       /* at a station another team observes too */
	int64_t id;         /* once stored: the store's id of its latest version */
	bool flagged;       /* once stored: that version is flagged */
};

/* Send report i of d as the coded SMS its team's phone would send
 * (demo_sms.c): composed, typed with the slips observers make (lower
 * case, answers run together, a Cyrillic letter in the form code), then
 * received as a gateway's message would be.  *got is what intake made of
 * it; the report's id and flag are noted when stored. */
struct intake;
struct writer;
enum status demo_sms_send(struct demo_reports *d, size_t i, struct store *st,
                          const struct mission *m, struct intake *in, struct writer *w,
                          bool *stored, struct err *e);

/* text as an observer types it in style 0-3: as composed; all in lower
 * case; answers run together; the form code typed on a Cyrillic keyboard
 * (demo_sms.c).  A new string the caller frees. */
char *demo_sms_typed(const char *text, unsigned style);

/* A few more messages: slips the reader refuses, reports sent twice, an
 * incident, and a number the mission does not know (demo_sms.c).  The
 * incident is a new report, counted in sent. */
enum status demo_sms_extras(struct demo_reports *d, struct store *st,
                            const struct mission *m, struct intake *in, struct writer *w,
                            struct demo_sent *sent, struct err *e);

struct assignment {
	const char *observer, *place, *day;
};

struct pair {
	size_t a, b, station;
	bool count; /* both watch the count (and copy the protocol) */
};

struct demo_reports {
	const struct demo_plan *p;
	struct demo_rng rng;
	uint64_t review_seed;
	struct arena arena;
	struct region *regions;
	size_t nregions;
	struct territory *territories;
	size_t nterritories;
	struct station *stations;
	size_t nstations;
	struct team *teams;
	size_t nteams;
	struct report *reports;
	size_t nreports, reports_alloc;
	size_t *order; /* the order reports are sent in: originals by time, then
	                * corrections and reports sent twice */
	struct assignment *assignments;
	size_t nassignments, assignments_alloc;
	struct pair pairs[DEMO_NPAIRS];
	size_t npairs;
	int incidents;    /* numbers the incident reports' ids */
	json_t **written; /* per location of the plan, for polling stations: the
	                   * results protocol its commission wrote (owned), set
	                   * by demo_official_load(); NULL before */
	size_t nwritten;
};

/* ------------------------------------------------------------ helpers
 * (demo_reports.c); each draw takes the next numbers of d's generator. */

/* printf into a string of d's arena, which owns it (every string here is
 * short: it is cut at 511 bytes). */
const char *demo_fmt(struct demo_reports *d, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

double demo_unit(struct demo_reports *d);                    /* in [0, 1) */
bool demo_chance(struct demo_reports *d, double p);          /* true with chance p */
long demo_between(struct demo_reports *d, long lo, long hi); /* in [lo, hi] */
size_t demo_below(struct demo_reports *d, size_t n);         /* in [0, n); 0 if n is 0 */

/* Roughly normal, mean 0 and deviation 1 (Irwin-Hall). */
double demo_gauss(struct demo_reports *d);

/* Seconds after midnight of election day. */
long demo_hm(int h, int m);

/* An index of w[0..n) drawn with probability proportional to w[i]; n > 0. */
size_t demo_weighted(struct demo_reports *d, const double *w, size_t n);

/* ------------------------------------------------------------ the deployment
 * (demo_deploy.c) */

/* Regions, territorial commissions and stations from d->p (those abroad
 * left out), the teams of its accredited observers, their routes, the
 * doubly observed stations and the assignments. */
void demo_deploy_plan(struct demo_reports *d);

/* ------------------------------------------------------------ answers
 * (demo_answers.c) */

/* The ballot, in its order; DEMO_NCHOICES entries. */
extern const struct store_choice demo_ballot[];

/* Answers a new JSON object holds, which the caller owns: the checklists
 * of team tm at station s (at local time t for voting), of a long-term team
 * at a commission of region, and the results protocol of station s. */
json_t *demo_opening(struct demo_reports *d, const struct team *tm,
                     const struct station *s);
json_t *demo_voting(struct demo_reports *d, const struct team *tm,
                    const struct station *s, long t);
json_t *demo_counting(struct demo_reports *d, const struct team *tm,
                      const struct station *s);
json_t *demo_tabulation(struct demo_reports *d, const struct team *tm, size_t region);

enum pr_kind {
	PR_OK,
	PR_VALID_SUM, /* the choices' votes do not add up to the valid ballots */
	PR_BOXES,     /* ballots in the boxes differ from valid plus invalid */
	PR_BALANCE,   /* ballots received do not balance */
	PR_HIGH,      /* a turnout near 100%, all but one vote for the leader */
	PR_OVER,      /* more ballots issued than voters on the list */
};

/* The results protocol of station s as the commission wrote it, with the
 * problem kind (PR_OK: none); a new object the caller owns. */
json_t *demo_protocol(struct demo_reports *d, const struct station *s, enum pr_kind kind);

/* The integer answer to tag in a, or -1 when there is none. */
int64_t demo_answer(const json_t *a, const char *tag);

/* Flip one answered, not critical yes/no question in a, answers to the
 * checklist form ("OP", "VO", "CO" or "TA"). */
void demo_disagree(struct demo_reports *d, json_t *a, const char *form);

/* A copying slip in one party's line of protocol a: two digits swapped, or
 * ten more. */
void demo_slip(struct demo_reports *d, json_t *a);

/* ------------------------------------------------------------ the day's
 * reports (demo_day.c) */

/* A new report, zeroed, at the end of d->reports; valid until the next
 * call (the array moves). */
struct report *demo_new_report(struct demo_reports *d);

/* Add the original report of team t at place (a station, or a commission
 * for long-term teams) on form, observed at local time, which takes over
 * answers; return its index. */
size_t demo_add(struct demo_reports *d, size_t t, size_t place, const char *form,
                long local, json_t *answers);

/* Every team's reports but the silent teams': the short-term teams' day at
 * their stations, the long-term teams' night at their commissions; then the
 * second team of each pair copies what the first saw. */
void demo_day_plan(struct demo_reports *d);

/* ------------------------------------------------------------ incidents
 * (demo_incidents.c) */

/* Add an incident of category and severity at the place of report at, a
 * little after it; what is the observer's account.  Return its index. */
size_t demo_add_incident(struct demo_reports *d, size_t at, int category, int severity,
                         int follow_up, const char *what);

/* Incidents that go with what the checklist of report at found. */
void demo_linked_incidents(struct demo_reports *d, size_t at);

/* Incidents besides those that go with a checklist, at random reports. */
void demo_random_incidents(struct demo_reports *d);

/* ------------------------------------------------------------ planted
 * problems (demo_plant.c) */

/* A random original report on form; with fresh, one not yet planted with
 * anything nor doubly observed (and a voting one with the list's size),
 * which it then marks.  SIZE_MAX when none turns up. */
size_t demo_pick(struct demo_reports *d, const char *form, bool fresh);

/* Protocols that do not add up, implausible turnouts, copying slips and
 * typos corrected later, other corrections, and two reports a clerk will
 * reject. */
void demo_plant(struct demo_reports *d);

/* Reports a phone sends a second time. */
void demo_resend(struct demo_reports *d);

/* Fill d->order: the originals in the order they were observed, then the
 * rest. */
void demo_order(struct demo_reports *d);

/* ------------------------------------------------------------ the clerk
 * (demo_review.c) */

/* On st as DEMO_CLERK, in one transaction: verify some flagged reports of
 * mission_id, reject those planned, resolve some conflicts; st's actor is
 * put back after.  The reports must be stored (their ids known).  The
 * error of a review names the report. */
enum status demo_clerk(struct demo_reports *d, struct store *st, int64_t mission_id,
                       struct err *e);

#endif
