/* winner.h - who wins a single-seat election: plurality, or an absolute
 * majority with a runoff of the top two, directly by voters or indirectly
 * by electors with a quorum (Kazakhstan's Senate).
 *
 * Pure arithmetic on result rows (model/votes.h): rows of kind VOTE_LIST
 * are the candidates; "against all" and invalid rows only count in the
 * base.  A tie that decides the outcome is never broken here: the result
 * is undecided and names the tied candidates, since the law settles those
 * (a lot, a repeat election).  docs/analysis.md#electoral-systems has the rules.
 *
 *   struct winner_params p = {WINNER_MAJORITY, WINNER_BASE_VALID, 0};
 *   struct winner_result w;
 *   if (winner_decide(rows, n, &p, &w, &e)) ...;
 *   ... w.decided, w.winner, w.runoff[0], w.runoff[1] ...
 *   winner_result_release(&w);
 */
#ifndef OBSERVA_WINNER_H
#define OBSERVA_WINNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/votes.h"

enum winner_rule {
	WINNER_PLURALITY, /* most votes wins */
	WINNER_MAJORITY,  /* more than half of the base wins, else a runoff */
	WINNER__RULES
};

/* What "more than half" is a half of, and what shares are shares of. */
enum winner_base {
	WINNER_BASE_VALID, /* candidates and against all: the valid ballots */
	WINNER_BASE_ALL,   /* every row, invalid ballots too: everyone who took
	                    * part (for electors, every elector who voted) */
	WINNER__BASES
};

struct winner_params {
	enum winner_rule rule;
	enum winner_base base;
	int64_t electors; /* an indirect election's electors; 0: a direct one */
};

/* Why the result is what it is. */
enum winner_outcome {
	WINNER_ELECTED,       /* winner is set */
	WINNER_TIE,           /* plurality: tied first place (tied[]) */
	WINNER_RUNOFF,        /* majority: nobody has it; runoff[] is set */
	WINNER_RUNOFF_TIE,    /* majority: a tie decides who goes to the runoff
	                       * (tied[]) */
	WINNER_NO_MAJORITY,   /* majority: nobody has it and there is no second
	                       * candidate for a runoff */
	WINNER_NO_QUORUM,     /* electors: half or fewer took part */
	WINNER_NO_VOTES,      /* no candidate has a vote */
	WINNER_NO_CANDIDATES, /* no row is a candidate */
	WINNER__OUTCOMES
};

struct winner_result {
	struct winner_params params;
	size_t nrows; /* the rows decided among */
	bool decided;
	enum winner_outcome outcome;
	long winner;    /* row index, or -1 */
	long runoff[2]; /* row indices (more votes first), or -1; with
	                 * WINNER_RUNOFF_TIE runoff[0] is the candidate sure
	                 * of a place when the tie is for the second one */
	long *tied;     /* row indices of the tied candidates, file order */
	size_t ntied;
	long *ranking; /* candidates by votes, most first (ties: file order) */
	size_t ncandidates;
	int quorum_met;          /* -1: no electors given; 0 or 1 */
	int64_t took_part;       /* every row: everyone who took part */
	int64_t candidate_votes; /* rows of kind VOTE_LIST */
	int64_t against_all_votes, invalid_votes;
	int64_t base_votes;     /* the base chosen in params */
	int64_t majority_votes; /* fewest votes that are more than half the
	                         * base: floor(base / 2) + 1 */
	bool against_all_ahead; /* "against all" has more votes than the
	                         * candidate first by votes */
};

/* Decide among rows[0..nrows).  ST_INVALID with e filled for parameters
 * out of range, votes beyond VOTES_ROW_MAX / VOTES_TOTAL_MAX, or more votes
 * than electors.  Release w with winner_result_release() after success; on
 * error it holds nothing. */
enum status winner_decide(const struct vote_row *rows, size_t nrows,
                          const struct winner_params *params,
                          struct winner_result *w /* OUT */, struct err *e);
void winner_result_release(struct winner_result *w);

/* Names as the command line and JSON write them: "plurality", "majority";
 * "valid", "all"; "elected", "tie", "runoff", "runoff_tie", "no_majority",
 * "no_quorum", "no_votes", "no_candidates". */
const char *winner_rule_name(enum winner_rule r);
bool winner_rule_parse(const char *s, enum winner_rule *out /* OUT */);
const char *winner_base_name(enum winner_base b);
bool winner_base_parse(const char *s, enum winner_base *out /* OUT */);
const char *winner_outcome_name(enum winner_outcome o);

#endif
