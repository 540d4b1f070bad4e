/* demo_mission.h - the demo mission "kz-2023": Kazakhstan's early Mazhilis
 * election of 19 March 2023 as an observation mission would hold it, with
 * its election day (demo_reports.h), made the same on every run.
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
	int64_t regions;     /* regions and cities of republican status */
	int64_t commissions; /* territorial commissions (level "territory") */
	int64_t stations;    /* every polling station, abroad included */
	int64_t stations_abroad;
	int64_t voters; /* registered voters over every station */
	int64_t voters_abroad;
};

/* Called as rows are written: done of total. */
typedef void (*demo_progress_fn)(void *ctx, long long done, long long total);

struct demo_sent;

/* Create the demo mission in st, whose database is at url: the mission,
 * its locations, observers, ballot and assignments in one transaction;
 * then election day's reports through intake, and a clerk's reviews
 * (demo_reports_send()), *sent telling what intake answered; then the
 * commission's official results (demo_official_load()); then the citizen
 * network's quick count: its sample, observers and their protocols by SMS
 * (demo_pvt_run(), also counted in *sent); then the long-term log of
 * meetings and documents (demo_ltm_log()).
 *
 * ST_EXISTS when st already has a mission DEMO_MISSION_CODE, and nothing
 * is written; a store error otherwise, with e naming the record.  An error
 * after the first transaction leaves the mission with part of its reports:
 * the caller tells the user to delete the database.  progress may be
 * NULL. */
enum status demo_mission_create(struct store *st, const char *url,
                                demo_progress_fn progress, void *ctx,
                                struct demo_sent *sent /* OUT */, struct err *e);

/* Count the places and voters of mission mission_id into *t. */
enum status demo_mission_totals(struct store *st, int64_t mission_id,
                                struct demo_totals *t /* OUT */, struct err *e);

/* Current reports on one form, by channel. */
struct demo_form_count {
	const char *form; /* "OP"; static */
	int64_t api, csv, sms, other;
};

#define DEMO_FORMS 6 /* OP VO CO PR TA IN, in the order of the day */

/* Figures of election day, counted from the store. */
struct demo_day {
	int64_t reports;  /* current reports (the latest version of each) */
	int64_t versions; /* every version: reports + corrections */
	struct demo_form_count forms[DEMO_FORMS];
	int64_t api, csv, sms;                     /* current reports by channel */
	int64_t sms_in, sms_rejected, sms_repeats; /* SMS received, refused, sent twice */
	int64_t sms_unknown, sms_replies;     /* from unknown numbers; replies queued */
	int64_t fresh, flagged;               /* status new, and flagged by checks */
	int64_t verified, rejected;           /* reviewed by a clerk */
	int64_t conflicts, conflicts_open;    /* between observers */
	int64_t alerts;                       /* raised by critical answers */
	int64_t teams, observers;             /* assigned to polling stations
	                                       * (the teams; not the quick
	                                       * count's observers) */
	int64_t night_teams, night_observers; /* to territorial commissions */
	int64_t stations, stations_missing;   /* assigned to teams; without a
	                                       * current report */
	int64_t commissions, commissions_missing; /* territorial commissions */
};

/* Count the reports, reviews, conflicts, alerts and assignments of mission
 * mission_id into *out.  Store errors only. */
enum status demo_mission_day(struct store *st, int64_t mission_id,
                             struct demo_day *out /* OUT */, struct err *e);

#endif
