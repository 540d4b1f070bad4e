/* pvt_csv.h - the CSV files of the quick count: a sample's allocation per
 * stratum ("stratum,size"), official shares ("choice,share"), the frame of
 * every station ("station[,stratum]") and the results of the sample
 * stations, whose columns the analyst names (colspec.h).
 *
 * Files are opened with csv_file_open() ("-" is stdin, ".gz" is read in
 * place).  Every error names the file, the line and the column; nothing
 * is returned on error. */
#ifndef OBSERVA_PVT_CSV_H
#define OBSERVA_PVT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

/* A name with a number: a stratum and its size, a choice and its share. */
struct pvt_csv_pair {
	const char *name;
	double value;
	long line;
};

/* "stratum,size" rows (size a whole number from 0): *out is an array of
 * *n pairs in a.  A stratum named twice is an error. */
enum status pvt_csv_allocation(const char *path, struct arena *a,
                               struct pvt_csv_pair **out /* OUT */, size_t *n /* OUT */,
                               struct err *e);

/* "choice,share" rows (share in percent, 0 to 100; "52.3" or "52.3%"). */
enum status pvt_csv_official(const char *path, struct arena *a,
                             struct pvt_csv_pair **out /* OUT */, size_t *n /* OUT */,
                             struct err *e);

/* A station of the frame. */
struct pvt_csv_unit {
	const char *station, *stratum; /* stratum NULL without strata */
	long line;
};

/* The frame: columns "station" and, when stratum_col is not NULL, the
 * column of that header text (or "stratum").  ST_INVALID when the stratum
 * column is asked for and missing, for an empty station or stratum. */
enum status pvt_csv_frame(const char *path, const char *stratum_col, struct arena *a,
                          struct pvt_csv_unit **out /* OUT */, size_t *n /* OUT */,
                          struct err *e);

/* Which columns of the sample file hold what (colspec.h specs). */
struct pvt_csv_spec {
	const char *station;    /* default "station" */
	const char *stratum;    /* NULL: none */
	const char *valid;      /* required */
	const char *choices;    /* FROM-TO or a list; required */
	const char *registered; /* NULL: no turnout */
	const char *ballots;    /* NULL: no turnout */
};

/* One reported sample station. */
struct pvt_csv_row {
	const char *station, *stratum;
	int64_t valid;
	int64_t *votes;              /* nchoices */
	int64_t registered, ballots; /* -1 when not asked for */
	long line;
};

struct pvt_csv_sample {
	const char *stratum_header; /* the stratum column's header text, or NULL */
	const char **choices;       /* the choices' header texts */
	size_t nchoices;
	struct pvt_csv_row *rows; /* in file order */
	size_t nrows;
};

/* Read the results of the sample stations.  Counts are whole numbers from
 * 0 (an empty cell is an error naming it); a station given twice is an
 * error.  Strings and arrays in a. */
enum status pvt_csv_sample_read(const char *path, const struct pvt_csv_spec *spec,
                                struct arena *a, struct pvt_csv_sample *out /* OUT */,
                                struct err *e);

#endif
