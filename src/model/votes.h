/* votes.h - one row of an election's result table: a party list or a
 * candidate with its votes, the "against all" line of the ballot, or the
 * invalid ballots.  Seat allocation (analysis/seats.h) and the choice of a
 * winner (analysis/winner.h) both work on arrays of these rows, which
 * ingest/votes_csv.h reads from a VOTES.csv file. */
#ifndef OBSERVA_VOTES_H
#define OBSERVA_VOTES_H

#include <stdbool.h>
#include <stdint.h>

/* The most votes a row may have (10^12) and all rows together (10^13):
 * far above any electorate, and low enough that every product the seat
 * methods form (votes x seats, votes x divisor, votes x 100000) fits in
 * an int64_t, so the arithmetic is exact. */
#define VOTES_ROW_MAX   INT64_C(1000000000000)
#define VOTES_TOTAL_MAX INT64_C(10000000000000)

/* A row's order when none was given: after every row with one. */
#define VOTES_NO_ORDER INT64_MAX

enum vote_kind {
	VOTE_LIST,        /* a party list or a candidate */
	VOTE_AGAINST_ALL, /* the "against all" line of the ballot */
	VOTE_INVALID,     /* invalid (spoilt) ballots */
	VOTE__KINDS
};

struct vote_row {
	const char *name; /* borrowed; unique in a table */
	int64_t votes;    /* 0..VOTES_ROW_MAX */
	enum vote_kind kind;
	int64_t order; /* registration order (lower: registered earlier), or
	                * VOTES_NO_ORDER; ties between lists go to the lower
	                * order, then to the row that comes first */
};

/* The kind's name as VOTES.csv writes it: "list", "against_all",
 * "invalid". */
const char *vote_kind_name(enum vote_kind k);

/* Read a kind written in a file: list (also "candidate" and "party"),
 * against_all (also "against-all"), invalid; ASCII case does not matter.
 * False for anything else. */
bool vote_kind_parse(const char *s, enum vote_kind *out /* OUT */);

/* True when row a wins a tie against row b: a was registered earlier
 * (lower order), or both have the same order and a comes first in the
 * table (ia < ib). */
bool vote_row_before(const struct vote_row *a, size_t ia, const struct vote_row *b,
                     size_t ib);

#endif
