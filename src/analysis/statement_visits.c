/* statement_visits.c - where the observers went on election day: the
 * polling stations, regions and commissions with a current report, from
 * the mission's locations, forms and coverage rows (no SQL here). */
#include <stdlib.h>
#include <string.h>

#include "analysis/region_map.h"
#include "analysis/statement.h"
#include "core/alloc.h"
#include "core/strmap.h"

struct visits_work {
	struct region_map rm;
	struct arena arena;
	struct strmap abroad;     /* codes of locations of level abroad */
	struct strmap station_fm; /* forms filled at polling stations */
	struct strmap other_fm;   /* forms filled elsewhere (commissions) */
	struct strmap stations;   /* codes of polling stations */
	const char **codes;       /* the same, in the order listed */
	size_t ncodes, cap_codes;
	struct strmap seen;       /* stations visited */
	struct strmap seen_other; /* commissions visited */
	bool *region_visited;     /* per region of rm */
	struct statement_visits *out;
};

static enum status add_location(void *ctx, const struct location *l)
{
	struct visits_work *w = ctx;

	region_map_add(&w->rm, l);
	if (!strcmp(l->level, "abroad"))
		strmap_add(&w->abroad, arena_strdup(&w->arena, l->code), NULL, NULL);
	if (location_is_station(l)) {
		const char *code = arena_strdup(&w->arena, l->code);
		if (!strmap_add(&w->stations, code, NULL, NULL))
			return ST_OK;
		if (w->ncodes == w->cap_codes) {
			w->cap_codes = w->cap_codes ? 2 * w->cap_codes : 1024;
			w->codes = xrealloc(w->codes, w->cap_codes * sizeof(*w->codes));
		}
		w->codes[w->ncodes++] = code;
	}
	return ST_OK;
}

static enum status add_form(void *ctx, const struct form_record *f)
{
	struct visits_work *w = ctx;

	if (!strcmp(f->kind, "incident"))
		return ST_OK; /* not filled where the observer is, necessarily */
	strmap_add(!strcmp(f->level, "station") ? &w->station_fm : &w->other_fm,
	           arena_strdup(&w->arena, f->code), NULL, NULL);
	return ST_OK;
}

/* True when region index r of the map is the abroad branch. */
static bool region_abroad(const struct visits_work *w, size_t r)
{
	return r < w->rm.nregions && strmap_find(&w->abroad, w->rm.regions[r].code, NULL);
}

static enum status add_row(void *ctx, const struct coverage_row *c)
{
	struct visits_work *w = ctx;
	const char *code;
	size_t r;

	if (c->reports <= 0)
		return ST_OK;
	if (strmap_find(&w->other_fm, c->form, NULL)) {
		if (!strmap_find(&w->seen_other, c->station, NULL))
			strmap_add(&w->seen_other, arena_strdup(&w->arena, c->station),
			           NULL, NULL);
		return ST_OK;
	}
	if (!strmap_find(&w->station_fm, c->form, NULL) ||
	    !strmap_find(&w->stations, c->station, NULL))
		return ST_OK;
	w->out->reports += c->reports;
	if (strmap_find(&w->seen, c->station, NULL))
		return ST_OK;
	code = arena_strdup(&w->arena, c->station);
	strmap_add(&w->seen, code, NULL, NULL);
	w->out->visited++;
	r = region_map_of(&w->rm, code);
	if (r < w->rm.nregions) {
		w->region_visited[r] = true;
		if (region_abroad(w, r))
			w->out->visited_abroad++;
	}
	return ST_OK;
}

enum status statement_visits_load(struct store *st, int64_t mission_id,
                                  struct statement_visits *out, struct err *e)
{
	return statement_visits_load_rows(st, mission_id, NULL, NULL, out, e);
}

enum status statement_visits_load_rows(struct store *st, int64_t mission_id,
                                       coverage_rows_fn rows, void *rows_ctx,
                                       struct statement_visits *out, struct err *e)
{
	struct visits_work w = {.arena = ARENA_INIT, .out = out};
	struct location_filter lf = {0};
	int64_t total;
	enum status rc;

	memset(out, 0, sizeof(*out));
	region_map_init(&w.rm);
	strmap_init(&w.abroad);
	strmap_init(&w.station_fm);
	strmap_init(&w.other_fm);
	strmap_init(&w.stations);
	strmap_init(&w.seen);
	strmap_init(&w.seen_other);
	rc = store_location_list(st, mission_id, &lf, &total, add_location, &w, e);
	if (rc)
		goto out;
	region_map_finish(&w.rm);
	w.region_visited = arena_alloc(&w.arena, (w.rm.nregions + 1) * sizeof(bool));
	memset(w.region_visited, 0, (w.rm.nregions + 1) * sizeof(bool));
	rc = store_form_list(st, mission_id, add_form, &w, e);
	if (!rc && rows)
		rc = rows(rows_ctx, st, mission_id, add_row, &w, e);
	else if (!rc)
		rc = store_coverage_rows(st, mission_id, add_row, &w, e);
	if (rc)
		goto out;
	out->stations = (int64_t)w.ncodes;
	for (size_t i = 0; i < w.ncodes; i++)
		out->stations_abroad +=
		    region_abroad(&w, region_map_of(&w.rm, w.codes[i]));
	out->commissions_visited = (int64_t)w.seen_other.count;
	for (size_t r = 0; r < w.rm.nregions; r++) {
		if (region_abroad(&w, r))
			continue;
		out->regions++;
		out->regions_visited += w.region_visited[r];
	}
out:
	strmap_release(&w.abroad);
	strmap_release(&w.station_fm);
	strmap_release(&w.other_fm);
	strmap_release(&w.stations);
	strmap_release(&w.seen);
	strmap_release(&w.seen_other);
	region_map_release(&w.rm);
	free(w.codes);
	arena_release(&w.arena);
	return rc;
}
