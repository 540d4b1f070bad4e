/* import.h - CSV imports of a mission's registry: its locations (regions,
 * districts, polling stations) and its observers.
 *
 * The formats are documented in docs/import-formats.md.  An import is all or
 * nothing: the whole input is read and checked first, then written in one
 * store transaction that is rolled back on any error.  Rows are matched by
 * code, so importing the same file again updates instead of duplicating. */
#ifndef OBSERVA_IMPORT_H
#define OBSERVA_IMPORT_H

#include <stdbool.h>

#include "core/err.h"
#include "ingest/csv.h"
#include "model/mission.h"
#include "store/store.h"

/* What an import did. */
struct import_counts {
	long long rows;      /* data rows in the input */
	long long inserted;  /* new in the mission */
	long long updated;   /* existed with other values */
	long long unchanged; /* existed with the same values */
};

enum import_phase {
	IMPORT_READING, /* done, total: bytes read, input size (0 if unknown) */
	IMPORT_WRITING, /* done, total: rows written, rows to write */
};

/* Called now and then while an import runs, to draw a progress bar.  It only
 * reports: it cannot stop the import.  It may have been called before an
 * import returns an error. */
typedef void (*import_progress_cb)(void *ctx, enum import_phase phase, long long done,
                                   long long total);

/* Where an import may hand the problems of its rows instead of stopping
 * at the first: add is called with each message ("line L, column NAME:
 * what" or "line L: what"), n counts them.  Problems of the file as a
 * whole (its header, its CSV syntax) and of writing still stop it. */
struct import_problems {
	void (*add)(struct import_problems *p, const char *msg);
	long long n;
};

struct import_opts {
	long long input_size;        /* bytes in the input, 0 when unknown */
	import_progress_cb progress; /* may be NULL */
	void *progress_ctx;
	bool dry_run; /* check and count, then roll back */
	/* NULL: stop at the first problem.  Else every row is read, those
	 * with a problem are handed here and left out, and the import fails
	 * (ST_INVALID, nothing written) when there was any. */
	struct import_problems *problems;
};

/* Import the locations CSV read by r into mission m (m->id and m->code must
 * be set).  The caller opens and closes r; its header row names the
 * columns.  Parents are written before their children whatever the order
 * of the rows; a parent may be in the file or already in the mission.
 *
 * Returns ST_OK with *counts filled, or an error in e whose message starts
 * "line L, column NAME: " (or "line L: ") for a problem in the data, e.g.
 * "line 7, column registered_voters: \"12a\" is not a whole number".  On
 * error nothing is written.  opts may be NULL. */
enum status import_locations(struct csv_reader *r, struct store *st,
                             const struct mission *m, const struct import_opts *opts,
                             struct import_counts *counts /* OUT */, struct err *e);

/* Import the observers CSV read by r into mission m, as import_locations
 * does.  Telephone numbers written in national format are read as numbers
 * of the mission's country (m->country).  The accreditation statuses in the
 * file are taken as the commission's current list: any status may replace
 * any other, without the transition rules of accreditation_transition_ok(). */
enum status import_observers(struct csv_reader *r, struct store *st,
                             const struct mission *m, const struct import_opts *opts,
                             struct import_counts *counts /* OUT */, struct err *e);

/* The column names of each file, comma-separated, for help and messages. */
const char *import_location_columns(void);
const char *import_observer_columns(void);

/* Import the assignments CSV read by r into mission m: which observers visit
 * which polling station on which day (docs/coverage.md).  Each row names a
 * station, a day (YYYY-MM-DD; empty or absent: m->election_date) and either
 * an observer by code or a team, which assigns every observer of the
 * mission whose team it is.  Observers and stations must be in the mission
 * already; an assignment may appear once in a file.  Assignments are only
 * added: those already stored count as unchanged, and those the file does
 * not name are kept.  counts->rows counts the file's rows, inserted and
 * unchanged count assignments (a team row makes one per member).  Errors,
 * all-or-nothing and opts as for import_locations. */
enum status import_assignments(struct csv_reader *r, struct store *st,
                               const struct mission *m, const struct import_opts *opts,
                               struct import_counts *counts /* OUT */, struct err *e);
const char *import_assignment_columns(void);

/* Replace the ballot of mission m with the choices CSV read by r (columns
 * order, code, name, kind; kind is candidate, party or against_all): the
 * per-mission lines of the forms that declare choices (the results
 * protocol PR) follow it.  Every row is checked (choice_validate, orders
 * and codes unique, at most one against_all) and so is the ballot against
 * each of the mission's forms with choices (form_apply_choices), before
 * anything is written.  counts->inserted, updated and unchanged compare
 * with the ballot before, by code; choices the file leaves out are
 * removed.  Errors, all-or-nothing and opts as for import_locations. */
enum status import_choices(struct csv_reader *r, struct store *st,
                           const struct mission *m, const struct import_opts *opts,
                           struct import_counts *counts /* OUT */, struct err *e);
const char *import_choice_columns(void);

#endif
