/* statement_visits.c - where the observers went on election day: the
 * polling stations, regions and commissions with a current report, from
 * the mission's locations, forms and coverage rows (no SQL here).
 *
 * The locations and forms make a layout (the region of each station, the
 * stations, the forms filled at stations and elsewhere), which a server
 * keeps while they do not change; counting walks the coverage rows
 * against it. */
#include <stdlib.h>
#include <string.h>

#include "analysis/region_map.h"
#include "analysis/statement.h"
#include "core/alloc.h"
#include "core/strmap.h"

struct statement_visits_layout {
	struct region_map rm;
	struct arena arena;
	struct strmap abroad;     /* codes of locations of level abroad */
	struct strmap station_fm; /* forms filled at polling stations */
	struct strmap other_fm;   /* forms filled elsewhere (commissions) */
	struct strmap stations;   /* codes of polling stations */
	size_t nstations;
	int64_t stations_abroad;
	const char **codes; /* the stations, while loading */
};

struct visits_work {
	const struct statement_visits_layout *l;
	struct arena arena;
	struct strmap seen;       /* stations visited */
	struct strmap seen_other; /* commissions visited */
	bool *region_visited;     /* per region of the layout */
	struct statement_visits *out;
};

static enum status add_location(void *ctx, const struct location *loc)
{
	struct statement_visits_layout *l = ctx;

	region_map_add(&l->rm, loc);
	if (!strcmp(loc->level, "abroad"))
		strmap_add(&l->abroad, arena_strdup(&l->arena, loc->code), NULL, NULL);
	if (location_is_station(loc)) {
		const char *code = arena_strdup(&l->arena, loc->code);
		if (!strmap_add(&l->stations, code, NULL, NULL))
			return ST_OK;
		if ((l->nstations & (l->nstations - 1)) == 0) /* 0, 1, 2, 4... */
			l->codes =
			    xrealloc(l->codes, (l->nstations ? 2 * l->nstations : 1) *
			                           sizeof(*l->codes));
		l->codes[l->nstations++] = code;
	}
	return ST_OK;
}

static enum status add_form(void *ctx, const struct form_record *f)
{
	struct statement_visits_layout *l = ctx;

	if (!strcmp(f->kind, "incident"))
		return ST_OK; /* not filled where the observer is, necessarily */
	strmap_add(!strcmp(f->level, "station") ? &l->station_fm : &l->other_fm,
	           arena_strdup(&l->arena, f->code), NULL, NULL);
	return ST_OK;
}

/* True when region index r of the map is the abroad branch. */
static bool region_abroad(const struct statement_visits_layout *l, size_t r)
{
	return r < l->rm.nregions && strmap_find(&l->abroad, l->rm.regions[r].code, NULL);
}

enum status statement_visits_layout_load(struct store *st, int64_t mission_id,
                                         struct statement_visits_layout **out,
                                         struct err *e)
{
	struct statement_visits_layout *l = xcalloc(1, sizeof(*l));
	struct location_filter lf = {0};
	int64_t total;
	enum status rc;

	region_map_init(&l->rm);
	strmap_init(&l->abroad);
	strmap_init(&l->station_fm);
	strmap_init(&l->other_fm);
	strmap_init(&l->stations);
	rc = store_location_list(st, mission_id, &lf, &total, add_location, l, e);
	if (!rc) {
		region_map_finish(&l->rm);
		rc = store_form_list(st, mission_id, add_form, l, e);
	}
	for (size_t i = 0; !rc && i < l->nstations; i++)
		l->stations_abroad +=
		    region_abroad(l, region_map_of(&l->rm, l->codes[i]));
	free(l->codes);
	l->codes = NULL;
	if (rc) {
		statement_visits_layout_free(l);
		l = NULL;
	}
	*out = l;
	return rc;
}

void statement_visits_layout_free(struct statement_visits_layout *l)
{
	if (!l)
		return;
	strmap_release(&l->abroad);
	strmap_release(&l->station_fm);
	strmap_release(&l->other_fm);
	strmap_release(&l->stations);
	region_map_release(&l->rm);
	arena_release(&l->arena);
	free(l->codes);
	free(l);
}

static enum status add_row(void *ctx, const struct coverage_row *c)
{
	struct visits_work *w = ctx;
	const struct statement_visits_layout *l = w->l;
	const char *code;
	size_t r;

	if (c->reports <= 0)
		return ST_OK;
	if (strmap_find(&l->other_fm, c->form, NULL)) {
		if (!strmap_find(&w->seen_other, c->station, NULL))
			strmap_add(&w->seen_other, arena_strdup(&w->arena, c->station),
			           NULL, NULL);
		return ST_OK;
	}
	if (!strmap_find(&l->station_fm, c->form, NULL) ||
	    !strmap_find(&l->stations, c->station, NULL))
		return ST_OK;
	w->out->reports += c->reports;
	if (strmap_find(&w->seen, c->station, NULL))
		return ST_OK;
	code = arena_strdup(&w->arena, c->station);
	strmap_add(&w->seen, code, NULL, NULL);
	w->out->visited++;
	r = region_map_of(&l->rm, code);
	if (r < l->rm.nregions) {
		w->region_visited[r] = true;
		if (region_abroad(l, r))
			w->out->visited_abroad++;
	}
	return ST_OK;
}

enum status statement_visits_count(const struct statement_visits_layout *l,
                                   struct store *st, int64_t mission_id,
                                   coverage_rows_fn rows, void *rows_ctx,
                                   struct statement_visits *out, struct err *e)
{
	struct visits_work w = {.l = l, .arena = ARENA_INIT, .out = out};
	enum status rc;

	memset(out, 0, sizeof(*out));
	strmap_init(&w.seen);
	strmap_init(&w.seen_other);
	w.region_visited = xcalloc(l->rm.nregions + 1, sizeof(bool));
	if (rows)
		rc = rows(rows_ctx, st, mission_id, add_row, &w, e);
	else
		rc = store_coverage_rows(st, mission_id, add_row, &w, e);
	if (!rc) {
		out->stations = (int64_t)l->nstations;
		out->stations_abroad = l->stations_abroad;
		out->commissions_visited = (int64_t)w.seen_other.count;
		for (size_t r = 0; r < l->rm.nregions; r++) {
			if (region_abroad(l, r))
				continue;
			out->regions++;
			out->regions_visited += w.region_visited[r];
		}
	}
	free(w.region_visited);
	strmap_release(&w.seen);
	strmap_release(&w.seen_other);
	arena_release(&w.arena);
	return rc;
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
	struct statement_visits_layout *l;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = statement_visits_layout_load(st, mission_id, &l, e);
	if (!rc)
		rc = statement_visits_count(l, st, mission_id, rows, rows_ctx, out, e);
	statement_visits_layout_free(l);
	return rc;
}
