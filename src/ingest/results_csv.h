/* results_csv.h - station-level official results from a commission's CSV
 * file, read one station at a time in constant memory.
 *
 * The analyst names the columns (ingest/colspec.h: header text or 1-based
 * number, ranges FROM-TO, comma-separated lists).  registered, valid,
 * invalid and ballots may each name several columns, which are added up
 * (Russia's protocols give ballots in mobile and in stationary boxes
 * apart: "--ballots 10,11").  Every row becomes a struct station_result
 * with whole numbers; an empty cell, a negative number, anything that is
 * not a whole decimal number, or a number above STATION_COUNT_MAX is an
 * error naming the line, the column's number and its header text.
 *
 *   struct results_csv r;
 *   if (results_csv_open(&r, "russia-2018-stations.csv.gz", &cols, &e)) ...;
 *   ... r.nchoices, r.choice_names ...
 *   rc = results_csv_each(&r, on_station, ctx, &e);
 *   results_csv_close(&r);
 */
#ifndef OBSERVA_RESULTS_CSV_H
#define OBSERVA_RESULTS_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"
#include "ingest/csv.h"
#include "model/station_result.h"

/* The columns as given on the command line (colspec.h syntax). */
struct results_columns {
	const char *registered; /* required; a list is summed */
	const char *valid;      /* required; a list is summed */
	const char *invalid;    /* required; a list is summed */
	const char *choices;    /* required: a range or list, one column a choice */
	const char *ballots;    /* NULL: ballots are valid + invalid; a list is summed */
	const char *id;         /* NULL: stations are named "line N"; else the
	                         * texts of these columns joined by " / " */
};

/* One role's columns, resolved. */
struct results_role {
	size_t *cols;
	size_t ncols;
};

struct results_csv {
	size_t nchoices;
	char **choice_names; /* the choice columns' header texts, each line
	                      * break or tab turned into a space */
	bool has_ballots;    /* --ballots was given */
	size_t ncolumns;     /* fields in the header */
	long stations;       /* rows handed over so far */

	/* private */
	FILE *fp;
	struct csv_reader csv;
	char **header;
	struct results_role registered, valid, invalid, ballots, choices, id;
	int64_t *votes;
	struct buf idbuf;
	bool opened;
};

/* Open path (plain, ".gz" or "-" for standard input, see csv_file.h), read
 * its header and resolve cols.  Errors (r is then closed): ST_IO when the
 * file cannot be read; ST_INVALID when it is empty, when its header is not
 * CSV, or when a column spec names no column (the message starts with the
 * option: "--valid: column \"x\": no such column ..."). */
enum status results_csv_open(struct results_csv *r, const char *path,
                             const struct results_columns *cols, struct err *e);

/* Called with each station; row and its strings are valid during the call
 * only.  A nonzero status stops the reading and is returned. */
typedef enum status (*results_csv_fn)(void *ctx, const struct station_result *row,
                                      struct err *e);

/* Hand every row after the header to fn, in file order.  Errors: those of
 * the CSV reader ("line L, column C: ..."); a row whose number of fields
 * differs from the header's ("line 7: 23 fields, the header has 24");
 * a cell that is not a count ("line 7, column 13 (Число действительных
 * бюллетеней): \"12a\" is not a whole number"; column is the field's
 * 1-based number, as the options name it); ST_INVALID when the file has
 * no row after its header; or fn's own status. */
enum status results_csv_each(struct results_csv *r, results_csv_fn fn, void *ctx,
                             struct err *e);

/* The index among the choices of the one spec names: a choice's header
 * text (exactly, else ignoring ASCII case), the file's column number of a
 * choice column, or else a part of one choice's name only ("Путин").
 * ST_INVALID naming spec when it names no choice or several. */
enum status results_csv_choice(const struct results_csv *r, const char *spec,
                               size_t *index /* OUT */, struct err *e);

/* Bytes read so far (after decompression), for progress. */
long long results_csv_bytes(const struct results_csv *r);

/* Close the file and free everything; harmless on a closed reader. */
void results_csv_close(struct results_csv *r);

#endif
