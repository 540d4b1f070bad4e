/* tabulate_json.c - the JSON document of "observa tabulate --format json":
 * totals, each choice's votes and shares, and the inconsistent stations. */
#include "analysis/tabulate.h"

/* The problems of one inconsistent station, each with its figures. */
static json_t *problems_json(const struct tabulate_row *r)
{
	json_t *a = json_array();

	if (r->checks & TAB_VALID_SUM)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I, s:I}", "check", "valid_sum", "text",
		                 tabulate_check_text(TAB_VALID_SUM), "valid",
		                 (json_int_t)r->valid, "sum_of_choices",
		                 (json_int_t)r->choices));
	if (r->checks & TAB_OVER_REGISTERED)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I, s:I}", "check", "over_registered",
		                 "text", tabulate_check_text(TAB_OVER_REGISTERED),
		                 "valid_and_invalid", (json_int_t)(r->valid + r->invalid),
		                 "registered", (json_int_t)r->registered));
	if (r->checks & TAB_BALLOTS)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I, s:I}", "check", "ballots", "text",
		                 tabulate_check_text(TAB_BALLOTS), "ballots",
		                 (json_int_t)r->ballots, "valid_and_invalid",
		                 (json_int_t)(r->valid + r->invalid)));
	return a;
}

json_t *tabulate_to_json(const struct tabulate *t, const char *const *names)
{
	json_t *o = json_object(), *choices = json_array(), *bad = json_array();
	json_t *by = json_object(), *checks = json_array();
	int64_t all = t->valid + t->invalid;

	json_object_set_new(o, "stations", json_integer(t->stations));
	json_object_set_new(o, "registered", json_integer(t->registered));
	json_object_set_new(o, "ballots", json_integer(t->ballots));
	json_object_set_new(o, "ballots_from",
	                    json_string(t->ballots_given ? "column" : "valid+invalid"));
	json_object_set_new(o, "valid", json_integer(t->valid));
	json_object_set_new(o, "invalid", json_integer(t->invalid));
	json_object_set_new(o, "turnout",
	                    json_real(tabulate_ratio(t->ballots, t->registered)));
	for (size_t i = 0; i < t->nchoices; i++)
		json_array_append_new(
		    choices, json_pack("{s:s, s:I, s:f, s:f}", "name", names[i], "votes",
		                       (json_int_t)t->votes[i], "share_valid",
		                       tabulate_ratio(t->votes[i], t->valid), "share_all",
		                       tabulate_ratio(t->votes[i], all)));
	json_object_set_new(o, "choices", choices);
	for (int i = 0; i < TAB_NCHECKS; i++) {
		unsigned bit = 1u << i;
		if (bit == TAB_BALLOTS && !t->ballots_given)
			continue;
		json_array_append_new(checks, json_string(tabulate_check_text(bit)));
		json_object_set_new(by, tabulate_check_key(bit),
		                    json_integer(t->failed[i]));
	}
	json_object_set_new(o, "checks", checks);
	json_object_set_new(o, "inconsistent_count", json_integer((json_int_t)t->nbad));
	json_object_set_new(o, "inconsistent_by_check", by);
	for (size_t i = 0; i < t->nbad; i++)
		json_array_append_new(bad, json_pack("{s:I, s:s, s:o}", "line",
		                                     (json_int_t)t->bad[i].line, "id",
		                                     t->bad[i].id, "problems",
		                                     problems_json(&t->bad[i])));
	json_object_set_new(o, "inconsistent", bad);
	return o;
}
