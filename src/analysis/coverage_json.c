/* coverage_json.c - the JSON document of a mission's coverage, shared by
 * the API and "observa analyze coverage --format json". */
#include <string.h>

#include "analysis/coverage.h"

static json_t *counts_json(const struct coverage_counts *n)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "expected",
	                 (json_int_t)n->expected, "reported", (json_int_t)n->reported,
	                 "missing", (json_int_t)n->missing, "flagged",
	                 (json_int_t)n->flagged, "conflicts", (json_int_t)n->conflicts,
	                 "extra", (json_int_t)n->extra);
}

static json_t *sample_json(const struct coverage_sample *s)
{
	return json_pack("{s:I, s:I}", "stations", (json_int_t)s->stations, "reported",
	                 (json_int_t)s->reported);
}

/* {form: counts} for cells[0..n). */
static json_t *cells_json(const struct coverage_cell *cells, size_t n)
{
	json_t *o = json_object();

	for (size_t f = 0; f < n; f++)
		json_object_set_new(o, cells[f].form, counts_json(&cells[f].n));
	return o;
}

/* "+7701...;+7702..." as an array of numbers. */
static json_t *phones_json(const char *phones)
{
	json_t *a = json_array();

	while (phones && *phones) {
		size_t n = strcspn(phones, ";");
		if (n)
			json_array_append_new(a, json_stringn(phones, n));
		phones += n + (phones[n] == ';');
	}
	return a;
}

static json_t *missing_json(const struct coverage_missing *m)
{
	json_t *obs = json_array();

	for (size_t k = 0; k < m->nobservers; k++)
		json_array_append_new(
		    obs, json_pack("{s:s, s:s?, s:o}", "code", m->observers[k], "name",
		                   m->names[k], "phones", phones_json(m->phones[k])));
	return json_pack("{s:s, s:s, s:s?, s:s?, s:o}", "form", m->form, "station",
	                 m->station, "name", m->station_name, "region", m->region,
	                 "observers", obs);
}

json_t *coverage_to_json_page(const struct coverage *c, size_t offset, size_t limit)
{
	json_t *root = json_object(), *forms = json_array(), *regions = json_array();
	json_t *missing = json_array();

	json_object_set_new(root, "day", c->day ? json_string(c->day) : json_null());
	for (size_t f = 0; f < c->nforms; f++)
		json_array_append_new(forms, json_string(c->forms[f]));
	json_object_set_new(root, "forms", forms);
	json_object_set_new(root, "all_expected", json_boolean(c->all_expected));
	json_object_set_new(root, "stations", json_integer(c->stations));
	json_object_set_new(root, "total", cells_json(c->total, c->nforms));
	for (size_t r = 0; r < c->nregions; r++) {
		const struct coverage_region *cr = &c->regions[r];
		json_t *reg =
		    json_pack("{s:s?, s:s?, s:o}", "code", cr->code, "name", cr->name,
		              "forms", cells_json(cr->cells, c->nforms));
		if (c->has_sample)
			json_object_set_new(reg, "sample", sample_json(&cr->sample));
		json_array_append_new(regions, reg);
	}
	json_object_set_new(root, "sample",
	                    c->has_sample ? sample_json(&c->sample) : json_null());
	json_object_set_new(root, "regions", regions);
	for (size_t i = offset; i < c->nmissing && i - offset < limit; i++)
		json_array_append_new(missing, missing_json(&c->missing[i]));
	json_object_set_new(root, "missing", missing);
	json_object_set_new(root, "missing_total", json_integer((json_int_t)c->nmissing));
	return root;
}

json_t *coverage_to_json(const struct coverage *c)
{
	return coverage_to_json_page(c, 0, (size_t)-1);
}
