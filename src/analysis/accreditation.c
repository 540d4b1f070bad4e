/* accreditation.c - totals of observers by accreditation status,
 * organisation and country, and the sentences missions publish. */
#include <stdlib.h>
#include <string.h>

#include "analysis/accreditation.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "model/country.h"

const char *const accreditation_status_names[ACC__COUNT] = {
    "requested",
    "accredited",
    "refused",
    "withdrawn",
};

void accreditation_init(struct accreditation *acc)
{
	memset(acc, 0, sizeof(*acc));
}

static int status_index(const char *status)
{
	for (int i = 0; i < ACC__COUNT; i++)
		if (!strcmp(status, accreditation_status_names[i]))
			return i;
	return ACC_REQUESTED;
}

static int same_key(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Add count to the group with key in *groups, creating it. */
static void add_group(struct accreditation_group **groups, size_t *n, const char *key,
                      int st, int64_t count)
{
	struct accreditation_group *g = NULL;

	for (size_t i = 0; i < *n; i++)
		if (same_key((*groups)[i].key, key))
			g = &(*groups)[i];
	if (!g) {
		*groups = xrealloc(*groups, (*n + 1) * sizeof(**groups));
		g = &(*groups)[(*n)++];
		memset(g, 0, sizeof(*g));
		g->key = xstrdup(key);
	}
	g->count += count;
	g->by_status[st] += count;
}

enum status accreditation_add_row(void *ctx, const struct observer_tally_row *row)
{
	struct accreditation *acc = ctx;
	int st = status_index(row->status);

	acc->total += row->count;
	acc->by_status[st] += row->count;
	add_group(&acc->orgs, &acc->norgs, row->organisation, st, row->count);
	add_group(&acc->countries, &acc->ncountries, row->country, st, row->count);
	return ST_OK;
}

/* Largest first; ties by key; the group without a key last. */
static int by_count(const void *pa, const void *pb)
{
	const struct accreditation_group *a = pa, *b = pb;

	if (!a->key != !b->key)
		return a->key ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->key ? strcmp(a->key, b->key) : 0;
}

/* English: "1 observer" / "2 observers". */
static void en_count(struct buf *b, int64_t n, const char *one, const char *many)
{
	buf_appendf(b, "%lld %s", (long long)n, n == 1 ? one : many);
}

/* Russian nouns take one of three forms after a number. */
static void ru_count(struct buf *b, int64_t n, const char *one, const char *few,
                     const char *many)
{
	int64_t d = n % 10, dd = n % 100;
	const char *w = many;

	if (d == 1 && dd != 11)
		w = one;
	else if (d >= 2 && d <= 4 && (dd < 12 || dd > 14))
		w = few;
	buf_appendf(b, "%lld %s", (long long)n, w);
}

static char *summary_en(const struct accreditation *acc)
{
	struct buf b;
	static const char *const words[ACC__COUNT] = {"pending", "accredited", "refused",
	                                              "withdrawn"};

	buf_init(&b, BUF_NO_CAP);
	en_count(&b, acc->total, "observer", "observers");
	buf_appends(&b, " from ");
	en_count(&b, acc->organisations, "organisation", "organisations");
	buf_appends(&b, " and ");
	en_count(&b, acc->countries_count, "country", "countries");
	buf_appendf(&b, "; %lld %s, %lld %s", (long long)acc->by_status[ACC_ACCREDITED],
	            words[ACC_ACCREDITED], (long long)acc->by_status[ACC_REQUESTED],
	            words[ACC_REQUESTED]);
	for (int i = ACC_REFUSED; i < ACC__COUNT; i++)
		if (acc->by_status[i])
			buf_appendf(&b, ", %lld %s", (long long)acc->by_status[i],
			            words[i]);
	return buf_detach(&b, NULL);
}

static char *summary_ru(const struct accreditation *acc)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	ru_count(&b, acc->total, "наблюдатель", "наблюдателя", "наблюдателей");
	buf_appends(&b, " от ");
	ru_count(&b, acc->organisations, "организации", "организаций", "организаций");
	buf_appends(&b, " и ");
	ru_count(&b, acc->countries_count, "страны", "стран", "стран");
	buf_appendf(&b, "; аккредитовано %lld, ожидают аккредитации %lld",
	            (long long)acc->by_status[ACC_ACCREDITED],
	            (long long)acc->by_status[ACC_REQUESTED]);
	if (acc->by_status[ACC_REFUSED])
		buf_appendf(&b, ", отказано %lld",
		            (long long)acc->by_status[ACC_REFUSED]);
	if (acc->by_status[ACC_WITHDRAWN])
		buf_appendf(&b, ", отозвано %lld",
		            (long long)acc->by_status[ACC_WITHDRAWN]);
	return buf_detach(&b, NULL);
}

void accreditation_finish(struct accreditation *acc)
{
	/* A mission without observers has no arrays: qsort(NULL, 0) is
	 * undefined. */
	if (acc->norgs)
		qsort(acc->orgs, acc->norgs, sizeof(*acc->orgs), by_count);
	if (acc->ncountries)
		qsort(acc->countries, acc->ncountries, sizeof(*acc->countries), by_count);
	acc->organisations = 0;
	for (size_t i = 0; i < acc->norgs; i++)
		acc->organisations += acc->orgs[i].key != NULL;
	acc->countries_count = 0;
	for (size_t i = 0; i < acc->ncountries; i++)
		acc->countries_count += acc->countries[i].key != NULL;
	free(acc->summary);
	free(acc->summary_ru);
	acc->summary = summary_en(acc);
	acc->summary_ru = summary_ru(acc);
}

static void free_groups(struct accreditation_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g[i].key);
	free(g);
}

void accreditation_release(struct accreditation *acc)
{
	free_groups(acc->orgs, acc->norgs);
	free_groups(acc->countries, acc->ncountries);
	free(acc->summary);
	free(acc->summary_ru);
	memset(acc, 0, sizeof(*acc));
}

static json_t *status_object(const int64_t *by_status)
{
	json_t *o = json_object();

	for (int i = 0; i < ACC__COUNT; i++)
		json_object_set_new(o, accreditation_status_names[i],
		                    json_integer(by_status[i]));
	return o;
}

json_t *accreditation_to_json(const struct accreditation *acc)
{
	json_t *root = json_object(), *orgs = json_array(), *countries = json_array();

	json_object_set_new(root, "total", json_integer(acc->total));
	json_object_set_new(root, "by_status", status_object(acc->by_status));
	for (size_t i = 0; i < acc->norgs; i++) {
		const struct accreditation_group *g = &acc->orgs[i];
		json_array_append_new(orgs, json_pack("{s:s?, s:I, s:o}", "name", g->key,
		                                      "count", (json_int_t)g->count,
		                                      "by_status",
		                                      status_object(g->by_status)));
	}
	json_object_set_new(root, "by_organisation", orgs);
	for (size_t i = 0; i < acc->ncountries; i++) {
		const struct accreditation_group *g = &acc->countries[i];
		const struct country *c = g->key ? country_by_code(g->key) : NULL;
		json_array_append_new(countries,
		                      json_pack("{s:s?, s:s?, s:s?, s:I, s:o}", "code",
		                                g->key, "name", c ? c->name_en : NULL,
		                                "name_ru", c ? c->name_ru : NULL, "count",
		                                (json_int_t)g->count, "by_status",
		                                status_object(g->by_status)));
	}
	json_object_set_new(root, "by_country", countries);
	json_object_set_new(root, "organisations", json_integer(acc->organisations));
	json_object_set_new(root, "countries", json_integer(acc->countries_count));
	json_object_set_new(root, "summary",
	                    json_string(acc->summary ? acc->summary : ""));
	json_object_set_new(root, "summary_ru",
	                    json_string(acc->summary_ru ? acc->summary_ru : ""));
	return root;
}

enum status accreditation_compute(struct store *st, int64_t mission_id,
                                  struct accreditation *acc, struct err *e)
{
	enum status rc;

	accreditation_init(acc);
	rc = store_observer_tally(st, mission_id, accreditation_add_row, acc, e);
	if (rc) {
		accreditation_release(acc);
		return rc;
	}
	accreditation_finish(acc);
	return ST_OK;
}
