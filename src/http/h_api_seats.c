/* h_api_seats.c - GET /api/v1/missions/{m}/results/seats: the seats the
 * election's rules give on the official totals (analysis/seats.h), for a
 * preset named by ?preset= ("mazhilis-2023"), as "observa seats
 * --preset" gives them for a file; every answer lists the presets. */
#include <string.h>

#include "analysis/official_forensics.h"
#include "analysis/seats.h"
#include "analysis/seats_json.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/results_pool.h"

static json_t *presets_json(void)
{
	json_t *a = json_array();

	for (size_t i = 0; i < seats_npresets; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "name",
		                                   seats_presets[i].name, "title",
		                                   seats_presets[i].title));
	return a;
}

enum status h_results_seats_get(struct http_req *req, struct http_resp *resp)
{
	const struct seats_preset *p = NULL;
	struct seats_result res;
	struct vote_row *rows;
	int64_t stations;
	const char *name;
	struct mission m;
	size_t n;
	json_t *doc;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_str(req, "preset", &name);
	if (rc)
		return rc;
	if (name) {
		p = seats_preset_find(name);
		if (!p)
			return err_set(
			    &req->err, ST_INVALID,
			    "preset: no preset \"%s\" (see \"presets\" in an answer "
			    "without one)",
			    name);
	}
	if (!p)
		return http_resp_json(resp, 200,
		                      json_pack("{s:o}", "presets", presets_json()));
	rc = results_pool_votes(req->store, m.id, &rows, &n, &stations, &req->arena,
	                        &req->err);
	if (!rc)
		rc = seats_allocate(rows, n, &p->params, &res, &req->err);
	if (rc)
		return rc;
	doc = seats_to_json(&res, rows);
	seats_result_release(&res);
	json_object_set_new(doc, "preset", json_string(p->name));
	json_object_set_new(doc, "preset_title", json_string(p->title));
	json_object_set_new(doc, "stations", json_integer(stations));
	json_object_set_new(doc, "presets", presets_json());
	return http_resp_json(resp, 200, doc);
}
