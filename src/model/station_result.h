/* station_result.h - one polling station's official result as a
 * commission publishes it: voters on the list, ballots, valid and invalid
 * ballots, and the votes for each choice.  The ingest layer reads these
 * from a commission's file (ingest/results_csv.h); tabulation and the
 * forensic statistics (analysis/) consume them one at a time. */
#ifndef OBSERVA_STATION_RESULT_H
#define OBSERVA_STATION_RESULT_H

#include <stddef.h>
#include <stdint.h>

/* The largest count one cell may hold: 10^12 voters.  Sums over a file
 * of up to millions of stations then stay far inside int64_t. */
#define STATION_COUNT_MAX 1000000000000LL

struct station_result {
	long line;            /* physical line of the file where the row starts */
	const char *id;       /* the station's name for messages (borrowed) */
	int64_t registered;   /* voters on the list */
	int64_t ballots;      /* ballots cast as the file gives them; -1 when the
	                       * file gives none (then valid + invalid is used) */
	int64_t valid;        /* valid ballots */
	int64_t invalid;      /* invalid ballots */
	const int64_t *votes; /* votes for each choice, in the order of the
	                       * file's choice columns (borrowed) */
	size_t nchoices;
};

/* Ballots cast at the station: the given figure, else valid + invalid. */
static inline int64_t station_ballots(const struct station_result *s)
{
	return s->ballots >= 0 ? s->ballots : s->valid + s->invalid;
}

#endif
