/* import_results.h - the election commission's official results, one row
 * per polling station, from CSV into the mission (store_official_put).
 *
 * The columns are the lines of the mission's results protocol form (PR):
 * by default the header names them by tag ("station,A,B,...,L,P1,...,AA")
 * or by the ballot choice's code for a choice line ("NUR"); a mapping
 * ("station=uik,A=Число избирателей...,P1=...") reads a commission's own
 * file instead, each column named by its header text or 1-based number
 * (colspec.h).  All or nothing, errors naming the line and the column, as
 * every import (import.h); docs/analysis.md#results-verification has the format. */
#ifndef OBSERVA_IMPORT_RESULTS_H
#define OBSERVA_IMPORT_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "ingest/csv.h"
#include "ingest/import.h"
#include "model/mission.h"
#include "store/store.h"

#define RESULTS_VALUE_MAX 1000000000 /* the largest figure taken */

/* A column mapping: key[i] ("station", a line's tag or a choice's code)
 * is read from the column named column[i]. */
struct results_map {
	char **key, **column; /* owned */
	size_t n, alloc;
};

#define RESULTS_MAP_INIT                                                                 \
	{                                                                                \
		NULL, NULL, 0, 0                                                         \
	}

/* Add the pairs of spec, "KEY=COLUMN,KEY=COLUMN": a comma starts a new
 * pair only when a KEY (letters, digits, '_', '-', '.') and '=' follow
 * it, so header texts may hold commas ("Число избирателей, внесенных в
 * список").  Keys and columns are trimmed.  ST_INVALID naming the pair. */
enum status results_map_parse(struct results_map *m, const char *spec, struct err *e);

/* Add the pairs of a mapping file read from fp: one KEY=COLUMN a line
 * (the first '=' splits it), blank lines and lines starting with '#'
 * skipped.  ST_INVALID with "NAME line L: ..." (name names the file). */
enum status results_map_read(struct results_map *m, FILE *fp, const char *name,
                             struct err *e);

void results_map_release(struct results_map *m);

/* Import the official results CSV read by r into mission m.  map NULL (or
 * empty): the header names every column ("station", a line's tag, a
 * choice's code; anything else is an error).  Otherwise only the mapped
 * columns are read and the others are ignored.  A station column and at
 * least one line are needed; lines left out are not stored.
 *
 * Each row: a polling station of the mission (an unknown code, a location
 * that is not a station, a station given twice are errors) and a whole
 * number from 0 to RESULTS_VALUE_MAX in each line read.  The row replaces
 * the station's official figures; stations the file leaves out keep
 * theirs.  source (the file's name, may be NULL) is stored with each row
 * written.  counts: rows of the file, inserted, updated, unchanged.
 * Errors start "line L, column NAME: " (or "--map: ..."), nothing is
 * written then; opts as for import_locations (dry run, progress). */
enum status import_results(struct csv_reader *r, struct store *st,
                           const struct mission *m, const struct results_map *map,
                           const char *source, const struct import_opts *opts,
                           struct import_counts *counts /* OUT */, struct err *e);

#endif
