/* store_export.h - a mission's records read page by page for exports
 * (docs/exports.md): each page is one short query for the rows after a
 * key, so that exporting a million reports holds neither the rows in
 * memory nor a read transaction open while a slow client downloads.
 *
 * Included by store.h, whose table of operations has one entry per
 * function here (store_export.c dispatches them); the same rules hold (strings handed to
 * callbacks live until the callback returns, a callback's non-OK status stops the page
 * and is returned). */
#ifndef OBSERVA_STORE_EXPORT_H
#define OBSERVA_STORE_EXPORT_H

#include <stdint.h>

#include "core/err.h"
#include "model/location.h"
#include "model/observer.h"
#include "store/store_results.h"
#include "store/store_sms.h"

struct store;
struct stored_submission;
struct submission_filter;
struct observer_filter;

/* One page of a keyed walk.  Keys are the records' ids (a station's id
 * for official results), except for the accreditation list, sorted by
 * organisation, country and name, where the key is the number of rows
 * read before the page (an offset). */
struct store_page {
	int64_t after; /* in: the rows after this key (0: from the first);
	                * out: the key of the last row handed over */
	int64_t upto;  /* rows whose key is above this are left out (0: none):
	                * store_export_last_id() at the start, so that rows
	                * added during an export are not half in it */
	int64_t limit; /* rows at most, 1 or more */
	int64_t rows;  /* out: rows handed over; fewer than limit at the end */
};

/* The tables whose last id store_export_last_id() tells. */
enum store_export_table {
	STORE_EXPORT_OBSERVERS,
	STORE_EXPORT_LOCATIONS,
	STORE_EXPORT_SUBMISSIONS,
	STORE_EXPORT_SMS_IN,
};

/* What stations an export of the registry takes. */
struct export_location_filter {
	const char *level;  /* canonical level, or NULL: every level */
	const char *region; /* code of a location: only those below it, or NULL */
};

typedef enum status (*store_export_observer_cb)(void *ctx, const struct observer *o);
/* A location, and the code of the first location of level region, city
 * or abroad above it (NULL when none: the country, a region itself...). */
typedef enum status (*store_export_location_cb)(void *ctx, const struct location *l,
                                                const char *region);
/* A report with its station's region (as for locations) and name. */
typedef enum status (*store_export_submission_cb)(void *ctx,
                                                  const struct stored_submission *s,
                                                  const char *region,
                                                  const char *station_name);

/* Read through this handle in a way fit for long walks: SQLite reads
 * through its page cache rather than a memory map of the whole file, so
 * the process's resident memory stays small whatever the database's
 * size.  Meant for a handle of the export's own (it stays so). */
enum status store_export_prepare(struct store *st, struct err *e);

/* The largest id in table t (any mission), 0 when it is empty. */
enum status store_export_last_id(struct store *st, enum store_export_table t,
                                 int64_t *id /* OUT */, struct err *e);

/* Observers matching f (limit and offset ignored), by id, with id_document. */
enum status store_export_observers(struct store *st, int64_t mission_id,
                                   const struct observer_filter *f, struct store_page *p,
                                   store_export_observer_cb cb, void *ctx, struct err *e);

/* Observers matching f, sorted by organisation (none first), country
 * (none first), full name and code; p->after is an offset here. */
enum status store_export_accreditation(struct store *st, int64_t mission_id,
                                       const struct observer_filter *f,
                                       struct store_page *p, store_export_observer_cb cb,
                                       void *ctx, struct err *e);

/* Locations matching f, by id (imports store parents first).  A filter
 * naming no location of the mission matches nothing: the caller checks
 * the codes it was given, for messages that say so. */
enum status store_export_locations(struct store *st, int64_t mission_id,
                                   const struct export_location_filter *f,
                                   struct store_page *p, store_export_location_cb cb,
                                   void *ctx, struct err *e);

/* Reports matching f (limit and offset ignored), by id, every field of
 * struct stored_submission set but content_hash, problems, reviewed_*,
 * station_id and observer_id; codes that name nothing match nothing. */
enum status store_export_submissions(struct store *st, int64_t mission_id,
                                     const struct submission_filter *f,
                                     struct store_page *p, store_export_submission_cb cb,
                                     void *ctx, struct err *e);

/* Inbound SMS matching f (status, phone; limit and offset ignored), by id. */
enum status store_export_sms_in(struct store *st, int64_t mission_id,
                                const struct sms_filter *f, struct store_page *p,
                                store_sms_in_cb cb, void *ctx, struct err *e);

/* Official results matching f (region; station, limit and offset
 * ignored), keyed and ordered by their station's id, each with its
 * station's region and updated_at. */
enum status store_export_official(struct store *st, int64_t mission_id,
                                  const struct official_filter *f, struct store_page *p,
                                  store_official_cb cb, void *ctx, struct err *e);

#endif
