/* winner.c - plurality, absolute majority with a runoff of the top two,
 * and the quorum of an election by electors; ties that decide are
 * reported, never broken. */
#include <stdlib.h>
#include <string.h>

#include "analysis/winner.h"
#include "core/alloc.h"
#include "core/text.h"

static const char *const rule_names[WINNER__RULES] = {"plurality", "majority"};
static const char *const base_names[WINNER__BASES] = {"valid", "all"};
static const char *const outcome_names[WINNER__OUTCOMES] = {
    [WINNER_ELECTED] = "elected",         [WINNER_TIE] = "tie",
    [WINNER_RUNOFF] = "runoff",           [WINNER_RUNOFF_TIE] = "runoff_tie",
    [WINNER_NO_MAJORITY] = "no_majority", [WINNER_NO_QUORUM] = "no_quorum",
    [WINNER_NO_VOTES] = "no_votes",       [WINNER_NO_CANDIDATES] = "no_candidates",
};

const char *winner_rule_name(enum winner_rule r)
{
	return (unsigned)r < WINNER__RULES ? rule_names[r] : "?";
}

bool winner_rule_parse(const char *s, enum winner_rule *out)
{
	for (int r = 0; r < WINNER__RULES; r++)
		if (text_ieq(s, rule_names[r])) {
			*out = (enum winner_rule)r;
			return true;
		}
	return false;
}

const char *winner_base_name(enum winner_base b)
{
	return (unsigned)b < WINNER__BASES ? base_names[b] : "?";
}

bool winner_base_parse(const char *s, enum winner_base *out)
{
	for (int b = 0; b < WINNER__BASES; b++)
		if (text_ieq(s, base_names[b])) {
			*out = (enum winner_base)b;
			return true;
		}
	return false;
}

const char *winner_outcome_name(enum winner_outcome o)
{
	return (unsigned)o < WINNER__OUTCOMES ? outcome_names[o] : "?";
}

/* More votes first; equal votes keep file order. */
static int by_votes(const void *pa, const void *pb, void *pctx)
{
	const struct vote_row *rows = pctx;
	long a = *(const long *)pa, b = *(const long *)pb;

	if (rows[a].votes != rows[b].votes)
		return rows[a].votes > rows[b].votes ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Totals and the ranking of the candidates. */
static enum status count(const struct vote_row *rows, size_t nrows,
                         struct winner_result *w, struct err *e)
{
	for (size_t i = 0; i < nrows; i++) {
		const struct vote_row *r = &rows[i];
		if (r->votes < 0 || r->votes > VOTES_ROW_MAX)
			return err_set(
			    e, ST_INVALID, "%s: %lld votes is out of range (0 to %lld)",
			    r->name, (long long)r->votes, (long long)VOTES_ROW_MAX);
		if ((unsigned)r->kind >= VOTE__KINDS)
			return err_set(e, ST_INVALID, "%s: unknown kind of row", r->name);
		w->took_part += r->votes;
		if (w->took_part > VOTES_TOTAL_MAX)
			return err_set(e, ST_INVALID,
			               "the rows have more than %lld votes together",
			               (long long)VOTES_TOTAL_MAX);
		if (r->kind == VOTE_LIST) {
			w->candidate_votes += r->votes;
			w->ranking[w->ncandidates++] = (long)i;
		} else if (r->kind == VOTE_AGAINST_ALL) {
			w->against_all_votes += r->votes;
		} else {
			w->invalid_votes += r->votes;
		}
	}
	qsort_r(w->ranking, w->ncandidates, sizeof(*w->ranking), by_votes, (void *)rows);
	w->base_votes = w->params.base == WINNER_BASE_ALL
	                    ? w->took_part
	                    : w->took_part - w->invalid_votes;
	w->majority_votes = w->base_votes / 2 + 1;
	return ST_OK;
}

/* Put in tied[] every candidate with exactly v votes, in file order. */
static void collect_tied(const struct vote_row *rows, struct winner_result *w, int64_t v)
{
	for (size_t k = 0; k < w->ncandidates; k++)
		if (rows[w->ranking[k]].votes == v)
			w->tied[w->ntied++] = w->ranking[k];
	for (size_t a = 1; a < w->ntied; a++)
		for (size_t b = a; b > 0 && w->tied[b - 1] > w->tied[b]; b--) {
			long t = w->tied[b];
			w->tied[b] = w->tied[b - 1];
			w->tied[b - 1] = t;
		}
}

/* The top two go to the runoff unless a tie makes the second place (or
 * the first two places among three or more) undecided. */
static void runoff(const struct vote_row *rows, struct winner_result *w)
{
	int64_t second;

	if (w->ncandidates < 2) {
		w->outcome = WINNER_NO_MAJORITY;
		return;
	}
	second = rows[w->ranking[1]].votes;
	if (w->ncandidates > 2 && rows[w->ranking[2]].votes == second) {
		w->outcome = WINNER_RUNOFF_TIE;
		collect_tied(rows, w, second);
		/* the first place is sure when it is not in the tie */
		if (rows[w->ranking[0]].votes > second)
			w->runoff[0] = w->ranking[0];
		return;
	}
	w->outcome = WINNER_RUNOFF;
	w->runoff[0] = w->ranking[0];
	w->runoff[1] = w->ranking[1];
}

enum status winner_decide(const struct vote_row *rows, size_t nrows,
                          const struct winner_params *params, struct winner_result *w,
                          struct err *e)
{
	enum status rc;
	int64_t top;

	memset(w, 0, sizeof(*w));
	if ((unsigned)params->rule >= WINNER__RULES ||
	    (unsigned)params->base >= WINNER__BASES)
		return err_set(e, ST_INVALID, "unknown rule or base");
	if (params->electors < 0 || params->electors > VOTES_TOTAL_MAX)
		return err_set(e, ST_INVALID, "the number of electors is out of range");
	w->params = *params;
	w->nrows = nrows;
	w->winner = w->runoff[0] = w->runoff[1] = -1;
	w->quorum_met = -1;
	w->ranking = xcalloc(nrows ? nrows : 1, sizeof(*w->ranking));
	w->tied = xcalloc(nrows ? nrows : 1, sizeof(*w->tied));
	rc = count(rows, nrows, w, e);
	if (!rc && params->electors && w->took_part > params->electors)
		rc = err_set(e, ST_INVALID,
		             "%lld electors took part (the sum of the rows), more than "
		             "the %lld electors there are",
		             (long long)w->took_part, (long long)params->electors);
	if (rc) {
		winner_result_release(w);
		return rc;
	}
	if (w->ncandidates)
		w->against_all_ahead = w->against_all_votes > rows[w->ranking[0]].votes;
	if (params->electors) {
		/* the session is valid when more than half the electors came */
		w->quorum_met = 2 * w->took_part > params->electors;
		if (!w->quorum_met) {
			w->outcome = WINNER_NO_QUORUM;
			return ST_OK;
		}
	}
	if (!w->ncandidates) {
		w->outcome = WINNER_NO_CANDIDATES;
		return ST_OK;
	}
	if (!w->candidate_votes) {
		w->outcome = WINNER_NO_VOTES;
		return ST_OK;
	}
	top = rows[w->ranking[0]].votes;
	if (params->rule == WINNER_MAJORITY) {
		/* more than half: 2v > base, exactly */
		if (2 * top > w->base_votes) {
			w->outcome = WINNER_ELECTED;
			w->winner = w->ranking[0];
		} else {
			runoff(rows, w);
		}
	} else if (w->ncandidates > 1 && rows[w->ranking[1]].votes == top) {
		w->outcome = WINNER_TIE;
		collect_tied(rows, w, top);
	} else {
		w->outcome = WINNER_ELECTED;
		w->winner = w->ranking[0];
	}
	w->decided = w->outcome == WINNER_ELECTED;
	return ST_OK;
}

void winner_result_release(struct winner_result *w)
{
	free(w->ranking);
	free(w->tied);
	w->ranking = w->tied = NULL;
	w->ncandidates = w->ntied = 0;
}
