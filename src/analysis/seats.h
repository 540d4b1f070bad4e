/* seats.h - seats of a list election: largest remainder with the Hare or
 * the Droop quota, and the divisor methods of D'Hondt and Sainte-Laguë,
 * after a threshold in percent of a chosen base.
 *
 * Pure arithmetic on an array of result rows (model/votes.h); all of it is
 * done in integers, so a result never depends on rounding.  Only rows of
 * kind VOTE_LIST with at least one vote and at least the threshold qualify
 * and take seats; "against all" and invalid rows count only in the base of
 * the threshold.  A tie (equal remainders, or equal quotients) goes to the
 * list registered earlier (vote_row_before()).  docs/analysis.md#electoral-systems
 * gives every formula with its references.
 *
 *   struct seats_params p = {SEATS_HARE, 98, 7000, SEATS_BASE_VALID};
 *   struct seats_result res;
 *   if (seats_allocate(rows, n, &p, &res, &e)) ...;
 *   ... res.lines[i].seats, res.quota, res.threshold_votes ...
 *   seats_result_release(&res);
 */
#ifndef OBSERVA_SEATS_H
#define OBSERVA_SEATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/votes.h"

#define SEATS_MAX     100000 /* seats one allocation may hand out */
#define SEATS_PCM_ALL 100000 /* 100% in pcm (per cent mille, 10^-5) */

enum seats_method {
	SEATS_HARE,         /* largest remainder, quota V/S */
	SEATS_DROOP,        /* largest remainder, quota floor(V/(S+1)) + 1 */
	SEATS_DHONDT,       /* highest quotients v/1, v/2, v/3, ... */
	SEATS_SAINTE_LAGUE, /* highest quotients v/1, v/3, v/5, ... */
	SEATS__METHODS
};

/* What the threshold is a percentage of. */
enum seats_base {
	SEATS_BASE_ALL,   /* every row: lists, against all and invalid ballots,
	                   * i.e. every voter who took part */
	SEATS_BASE_VALID, /* lists and against all: the valid ballots */
	SEATS_BASE_LISTS, /* list rows only */
	SEATS__BASES
};

struct seats_params {
	enum seats_method method;
	int64_t seats;         /* 1..SEATS_MAX */
	int64_t threshold_pcm; /* 0..SEATS_PCM_ALL: 5% is 5000 */
	enum seats_base base;
};

/* What became of one row (lines[i] belongs to rows[i]). */
struct seats_line {
	bool in_base;   /* the row counts in the threshold's base */
	double share;   /* votes / base_votes (0 when the base is 0); NAN
	                 * when the row is not in the base */
	bool qualified; /* a list with votes > 0 and >= threshold_votes */
	int64_t seats;
	/* Largest remainder: seats from whole quotas, the votes left over
	 * (votes - whole x quota, NAN for a row that does not qualify) and
	 * whether a seat came from the remainder (more than one only when
	 * there are fewer votes than seats).  Divisor methods: whole is
	 * seats, remainder is NAN, remainder_seats 0. */
	int64_t whole;
	double remainder;
	int64_t remainder_seats;
	/* Divisor methods: votes / the divisor of the list's next seat, the
	 * quotient it would need to beat; NAN otherwise. */
	double next_quotient;
};

/* Notes about the outcome (flags in seats_result.notes). */
enum seats_notes {
	SEATS_NO_VOTES = 1 << 0,         /* no list has a vote: nothing shared */
	SEATS_NOBODY_QUALIFIED = 1 << 1, /* lists have votes, none passed */
	SEATS_FEWER_VOTES = 1 << 2,      /* fewer qualified votes than seats */
	SEATS_TIE_BY_ORDER = 1 << 3,     /* the last seat was tied; the list
	                                  * registered earlier took it */
};

struct seats_result {
	struct seats_params params;
	size_t nrows;
	struct seats_line *lines; /* nrows, owned */
	int64_t list_votes, against_all_votes, invalid_votes;
	int64_t base_votes;      /* the threshold's base */
	int64_t threshold_votes; /* fewest votes that pass: ceil(base x pcm / 10^5) */
	int64_t qualified_votes; /* V: votes of the qualified lists */
	size_t nqualified;
	int64_t allocated; /* seats handed out: params.seats, or 0 */
	/* Largest remainder: Hare V/S or Droop floor(V/(S+1)) + 1; NAN for
	 * divisor methods and when nobody qualified. */
	double quota;
	/* Divisor methods: the quotient that won the last seat, and the
	 * highest quotient that won nothing; NAN otherwise. */
	double last_quotient, next_quotient;
	unsigned notes;
	/* With SEATS_TIE_BY_ORDER: the row that took the last seat, and the
	 * first row that had the same claim and lost it; else -1. */
	long tie_won, tie_lost;
};

/* Share params->seats among rows[0..nrows).  ST_INVALID with e filled when
 * the parameters are out of range or the votes exceed VOTES_ROW_MAX /
 * VOTES_TOTAL_MAX.  Nobody qualifying, no votes at all and more seats than
 * votes are results, not errors (see notes).  Release res with
 * seats_result_release() after success; on error it holds nothing. */
enum status seats_allocate(const struct vote_row *rows, size_t nrows,
                           const struct seats_params *params,
                           struct seats_result *res /* OUT */, struct err *e);
void seats_result_release(struct seats_result *res);

/* Names as the command line writes them: "hare", "droop", "dhondt",
 * "sainte-lague"; "all", "valid", "lists". */
const char *seats_method_name(enum seats_method m);
/* A longer description: "largest remainder, Hare quota". */
const char *seats_method_title(enum seats_method m);
bool seats_method_parse(const char *s, enum seats_method *out /* OUT */);
const char *seats_base_name(enum seats_base b);
bool seats_base_parse(const char *s, enum seats_base *out /* OUT */);

/* A percentage written with at most three decimals ("5", "7.5", "0.667")
 * from 0 to 100, in pcm (5000 for "5").  False for anything else. */
bool seats_percent_parse(const char *s, int64_t *pcm /* OUT */);

/* A named set of parameters for an election whose rules are known. */
struct seats_preset {
	const char *name;  /* "mazhilis-2023" */
	const char *title; /* one line for help and output */
	struct seats_params params;
};

/* The preset called name, or NULL.  seats_presets lists them all. */
const struct seats_preset *seats_preset_find(const char *name);
extern const struct seats_preset seats_presets[];
extern const size_t seats_npresets;

#endif
