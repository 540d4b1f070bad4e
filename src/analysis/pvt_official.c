/* pvt_official.c - the official shares a quick count is compared with,
 * from the commission's station results the mission imported
 * (store_results.h): each choice's votes over the valid ballots, summed
 * over every station, in percent, as the estimates are. */
#include <math.h>
#include <stdlib.h>

#include "analysis/pvt_mission.h"

struct sums {
	const char *const *tags;
	size_t n;
	int64_t valid;
	int64_t *votes;
	int64_t stations;
};

static enum status add_station(void *ctx, const struct official_result *r)
{
	struct sums *s = ctx;
	json_t *lines = json_loads(r->lines, 0, NULL);
	const json_t *v = json_object_get(lines, PVT_TAG_VALID);

	if (json_is_integer(v)) {
		s->valid += json_integer_value(v);
		for (size_t c = 0; c < s->n; c++)
			s->votes[c] +=
			    json_integer_value(json_object_get(lines, s->tags[c]));
		s->stations++;
	}
	json_decref(lines);
	return ST_OK;
}

enum status pvt_official_from(const struct official_rows *src, struct store *st,
                              int64_t mission_id, const char *const *tags, size_t n,
                              double *shares, int64_t *stations, struct err *e)
{
	struct sums s;
	enum status rc;

	if (src && src->pvt_shares)
		return src->pvt_shares(src->ctx, tags, n, shares, stations, e);
	s = (struct sums){tags, n, 0, calloc(n ? n : 1, sizeof(int64_t)), 0};
	rc = official_rows_list(src, st, mission_id, NULL, add_station, &s, e);

	for (size_t c = 0; c < n; c++)
		shares[c] = !rc && s.valid > 0
		                ? 100.0 * (double)s.votes[c] / (double)s.valid
		                : NAN;
	*stations = rc ? 0 : s.stations;
	free(s.votes);
	return rc;
}

enum status pvt_official_from_store(struct store *st, int64_t mission_id,
                                    const char *const *tags, size_t n, double *shares,
                                    int64_t *stations, struct err *e)
{
	return pvt_official_from(NULL, st, mission_id, tags, n, shares, stations, e);
}

enum status official_rows_list(const struct official_rows *src, struct store *st,
                               int64_t mission_id, int64_t *total, store_official_cb cb,
                               void *ctx, struct err *e)
{
	if (src)
		return src->list(src->ctx, total, cb, ctx, e);
	return store_official_list(st, mission_id, NULL, total, cb, ctx, e);
}
