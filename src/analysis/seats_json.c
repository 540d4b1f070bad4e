/* seats_json.c - seat allocations and winners as JSON: whole numbers as
 * integers, shares as fractions of the base, and null for what does not
 * apply (a remainder under a divisor method, a share outside the base). */
#include <math.h>

#include "analysis/seats_json.h"

/* x as a JSON real, or null when it is not a number. */
static json_t *real_or_null(double x)
{
	return isnan(x) ? json_null() : json_real(x);
}

static json_t *name_or_null(const struct vote_row *rows, long i)
{
	return i < 0 ? json_null() : json_string(rows[i].name);
}

static json_t *notes_json(unsigned notes)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
	    {SEATS_NO_VOTES, "no_votes"},
	    {SEATS_NOBODY_QUALIFIED, "nobody_qualified"},
	    {SEATS_FEWER_VOTES, "fewer_votes_than_seats"},
	    {SEATS_TIE_BY_ORDER, "tie_by_order"},
	};
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (notes & names[i].flag)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *line_json(const struct vote_row *row, const struct seats_line *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(row->name));
	json_object_set_new(o, "kind", json_string(vote_kind_name(row->kind)));
	json_object_set_new(o, "order",
	                    row->order == VOTES_NO_ORDER ? json_null()
	                                                 : json_integer(row->order));
	json_object_set_new(o, "votes", json_integer(row->votes));
	json_object_set_new(o, "share", real_or_null(l->share));
	json_object_set_new(o, "qualified", json_boolean(l->qualified));
	json_object_set_new(o, "seats", json_integer(l->seats));
	json_object_set_new(o, "whole", json_integer(l->whole));
	json_object_set_new(o, "remainder", real_or_null(l->remainder));
	json_object_set_new(o, "remainder_seats", json_integer(l->remainder_seats));
	json_object_set_new(o, "next_quotient", real_or_null(l->next_quotient));
	return o;
}

json_t *seats_to_json(const struct seats_result *res, const struct vote_row *rows)
{
	const struct seats_params *p = &res->params;
	json_t *o = json_object(), *results = json_array(), *tie = json_null();

	json_object_set_new(o, "method", json_string(seats_method_name(p->method)));
	json_object_set_new(o, "method_title",
	                    json_string(seats_method_title(p->method)));
	json_object_set_new(o, "seats", json_integer(p->seats));
	json_object_set_new(o, "allocated", json_integer(res->allocated));
	json_object_set_new(o, "threshold_percent",
	                    json_real((double)p->threshold_pcm / 1000.0));
	json_object_set_new(o, "threshold_base", json_string(seats_base_name(p->base)));
	json_object_set_new(o, "base_votes", json_integer(res->base_votes));
	json_object_set_new(o, "threshold_votes", json_integer(res->threshold_votes));
	json_object_set_new(o, "list_votes", json_integer(res->list_votes));
	json_object_set_new(o, "against_all_votes", json_integer(res->against_all_votes));
	json_object_set_new(o, "invalid_votes", json_integer(res->invalid_votes));
	json_object_set_new(o, "qualified_votes", json_integer(res->qualified_votes));
	json_object_set_new(o, "qualified_lists",
	                    json_integer((json_int_t)res->nqualified));
	json_object_set_new(o, "quota", real_or_null(res->quota));
	json_object_set_new(o, "last_quotient", real_or_null(res->last_quotient));
	json_object_set_new(o, "next_quotient", real_or_null(res->next_quotient));
	json_object_set_new(o, "notes", notes_json(res->notes));
	if (res->notes & SEATS_TIE_BY_ORDER) {
		json_decref(tie);
		tie = json_pack("{s:o, s:o}", "won", name_or_null(rows, res->tie_won),
		                "lost", name_or_null(rows, res->tie_lost));
	}
	json_object_set_new(o, "tie", tie);
	for (size_t i = 0; i < res->nrows; i++)
		json_array_append_new(results, line_json(&rows[i], &res->lines[i]));
	json_object_set_new(o, "results", results);
	return o;
}

static json_t *ids_json(const struct vote_row *rows, const long *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(rows[ids[i]].name));
	return a;
}

/* votes / base as a fraction, null when the row is not in the base. */
static json_t *share_json(const struct winner_result *w, const struct vote_row *row)
{
	if (row->kind == VOTE_INVALID && w->params.base != WINNER_BASE_ALL)
		return json_null();
	return json_real(w->base_votes ? (double)row->votes / (double)w->base_votes
	                               : 0.0);
}

json_t *winner_to_json(const struct winner_result *w, const struct vote_row *rows)
{
	const struct winner_params *p = &w->params;
	json_t *o = json_object(), *results = json_array(), *runoff = json_null();

	json_object_set_new(o, "rule", json_string(winner_rule_name(p->rule)));
	json_object_set_new(o, "base", json_string(winner_base_name(p->base)));
	json_object_set_new(o, "decided", json_boolean(w->decided));
	json_object_set_new(o, "outcome", json_string(winner_outcome_name(w->outcome)));
	json_object_set_new(o, "winner", name_or_null(rows, w->winner));
	if (w->runoff[0] >= 0 && w->runoff[1] >= 0) {
		json_decref(runoff);
		runoff = json_pack("[o, o]", name_or_null(rows, w->runoff[0]),
		                   name_or_null(rows, w->runoff[1]));
	}
	json_object_set_new(o, "runoff", runoff);
	json_object_set_new(o, "tied", ids_json(rows, w->tied, w->ntied));
	json_object_set_new(o, "quorum_met",
	                    w->quorum_met < 0 ? json_null()
	                                      : json_boolean(w->quorum_met));
	json_object_set_new(o, "electors",
	                    p->electors ? json_integer(p->electors) : json_null());
	json_object_set_new(o, "took_part", json_integer(w->took_part));
	json_object_set_new(o, "candidate_votes", json_integer(w->candidate_votes));
	json_object_set_new(o, "against_all_votes", json_integer(w->against_all_votes));
	json_object_set_new(o, "invalid_votes", json_integer(w->invalid_votes));
	json_object_set_new(o, "base_votes", json_integer(w->base_votes));
	json_object_set_new(o, "majority_votes",
	                    p->rule == WINNER_MAJORITY ? json_integer(w->majority_votes)
	                                               : json_null());
	json_object_set_new(o, "against_all_ahead", json_boolean(w->against_all_ahead));
	for (size_t k = 0; k < w->ncandidates; k++) {
		const struct vote_row *r = &rows[w->ranking[k]];
		json_array_append_new(
		    results, json_pack("{s:s, s:I, s:o}", "name", r->name, "votes",
		                       (json_int_t)r->votes, "share", share_json(w, r)));
	}
	json_object_set_new(o, "results", results);
	return o;
}
