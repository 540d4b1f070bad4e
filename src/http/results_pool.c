/* results_pool.c - the server's kept results per mission: the official
 * rows (shared by every request that holds them, freed when replaced and
 * no longer held), and the forensics, discrepancies and statements
 * computed from them, each behind its own lock.  See results_pool.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/official_forensics.h"
#include "analysis/official_keep.h"
#include "analysis/results_load.h"
#include "analysis/statement.h"
#include "core/alloc.h"
#include "core/text.h"
#include "model/statement_block.h"
#include "http/results_pool.h"
#include "http/tally_pool.h"

/* The forensics of one generation of the rows. */
struct kept_forensics {
	uint64_t generation; /* 0: none */
	struct forensics f;
	const char **names;
	struct arena a;
};

struct kept_statement {
	bool valid;
	int64_t report, change, audit;
	/* what its protocol checks, discrepancies and quick count were
	 * computed from: the official rows, the tally's mark of the protocol
	 * forms (0: unknown), the registry (the quick count's sample) */
	uint64_t generation;
	int64_t protocols, registry;
	int64_t incidents; /* the tally's mark of the incident forms, 0: unknown */
	struct statement s;
	char as_of[21];
};

/* A comparison for one minimum and language. */
struct kept_discrepancy {
	bool valid;
	uint64_t generation, used;
	int64_t report, change, min;
	int64_t pr; /* the tally's mark of form PR, 0: unknown */
	char *lang;
	struct discrepancy d;
};

/* Comparisons kept per mission: the pages ask one, a few languages and
 * minimums at most. */
#define KEPT_DISCREPANCIES 4

struct entry {
	int64_t mission_id;
	pthread_mutex_t mu; /* keep */
	struct official_keep *keep;
	uint64_t logged;                    /* the generation last logged */
	pthread_mutex_t fmu;                /* forensics[] */
	struct kept_forensics forensics[2]; /* [chart] */
	pthread_mutex_t dmu;                /* the discrepancies */
	struct kept_discrepancy d[KEPT_DISCREPANCIES];
	uint64_t d_uses;
	pthread_mutex_t smu;                /* statements */
	struct kept_statement statement[2]; /* en, ru */
	/* the visits' layout (locations and forms) and the tally's layout
	 * mark it was read at, under smu too */
	struct statement_visits_layout *visits;
	int64_t visits_layout;
	struct entry *next;
};

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;

static struct entry *entry_of(int64_t mission_id)
{
	struct entry *en;

	pthread_mutex_lock(&pool_mu);
	for (en = entries; en && en->mission_id != mission_id; en = en->next)
		;
	if (!en) {
		en = xcalloc(1, sizeof(*en));
		en->mission_id = mission_id;
		pthread_mutex_init(&en->mu, NULL);
		pthread_mutex_init(&en->fmu, NULL);
		pthread_mutex_init(&en->dmu, NULL);
		pthread_mutex_init(&en->smu, NULL);
		en->next = entries;
		entries = en;
	}
	pthread_mutex_unlock(&pool_mu);
	return en;
}

/* The mission's official rows brought up to date and held, with the
 * marks read with them.  Give them back with drop(). */
static enum status hold(struct entry *en, struct store *st, struct tally_marks *m,
                        struct official_keep **out, struct err *e)
{
	struct official_keep *old = NULL;
	enum status rc;

	*out = NULL;
	pthread_mutex_lock(&en->mu);
	rc = official_keep_refresh(&en->keep, st, en->mission_id, m, &old, e);
	if (!rc) {
		official_keep_hold(en->keep);
		*out = en->keep;
		if (old) {
			official_keep_hold(old);
			if (!official_keep_drop(old))
				official_keep_free(old);
		}
		if (old || official_keep_generation(en->keep) != en->logged)
			fprintf(
			    stderr,
			    "observa: official results of mission %lld kept: %zu rows, "
			    "%zu kB\n",
			    (long long)en->mission_id, official_keep_count(en->keep),
			    official_keep_bytes(en->keep) / 1024);
		en->logged = official_keep_generation(en->keep);
	}
	pthread_mutex_unlock(&en->mu);
	return rc;
}

static void drop(struct entry *en, struct official_keep *k)
{
	if (!k)
		return;
	pthread_mutex_lock(&en->mu);
	if (!official_keep_drop(k) && k != en->keep)
		official_keep_free(k);
	pthread_mutex_unlock(&en->mu);
}

enum status results_pool_pvt(struct store *st, int64_t mission_id,
                             struct pvt_mission *out, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	struct official_keep *k;
	struct tally_marks m;
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = hold(en, st, &m, &k, e);
	if (!rc)
		rc = pvt_mission_estimate_from(st, mission_id, NULL, 0,
		                               official_keep_rows(k), out, e);
	drop(en, k);
	return rc;
}

enum status results_pool_votes(struct store *st, int64_t mission_id,
                               struct vote_row **rows, size_t *nrows, int64_t *stations,
                               struct arena *a, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	struct official_keep *k;
	struct tally_marks m;
	enum status rc;

	*rows = NULL;
	*nrows = 0;
	*stations = 0;
	rc = hold(en, st, &m, &k, e);
	if (!rc)
		rc = official_keep_votes(k, st, rows, nrows, stations, a, e);
	drop(en, k);
	return rc;
}

static void forensics_clear(struct kept_forensics *kf)
{
	if (kf->generation)
		forensics_release(&kf->f);
	arena_release(&kf->a);
	memset(kf, 0, sizeof(*kf));
}

enum status results_pool_forensics(struct store *st, int64_t mission_id, bool chart,
                                   results_pool_forensics_cb cb, void *ctx, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	struct kept_forensics *kf = &en->forensics[chart];
	struct official_keep *k;
	struct tally_marks m;
	enum status rc;

	rc = hold(en, st, &m, &k, e);
	if (rc)
		return rc;
	pthread_mutex_lock(&en->fmu);
	if (kf->generation != official_keep_generation(k)) {
		struct forensics_opts opts = {.leader = FORENSICS_LEADER_AUTO, .seed = 1};
		size_t n = 0;
		/* A chart needs no integer-percentage test: the fewest
		 * resamples. */
		if (chart)
			opts.resamples = 2;
		forensics_clear(kf);
		rc = official_forensics_from(st, mission_id, official_keep_rows(k), &opts,
		                             &kf->f, &kf->names, &n, &kf->a, e);
		(void)n;
		if (rc) {
			forensics_release(&kf->f);
			forensics_clear(kf);
		} else {
			kf->generation = official_keep_generation(k);
		}
	}
	if (!rc)
		rc = cb(ctx, &kf->f, kf->names);
	pthread_mutex_unlock(&en->fmu);
	drop(en, k);
	return rc;
}

static bool same_lang(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void discrepancy_clear(struct kept_discrepancy *kd)
{
	if (kd->valid)
		discrepancy_release(&kd->d);
	free(kd->lang);
	memset(kd, 0, sizeof(*kd));
}

enum status results_pool_discrepancy(struct store *st, int64_t mission_id, int64_t min,
                                     const char *lang, results_pool_discrepancy_cb cb,
                                     void *ctx, struct err *e)
{
	struct entry *en = entry_of(mission_id);
	struct kept_discrepancy *kd;
	struct official_keep *k;
	struct tally_marks m;
	int64_t pr = 0, kinds[3];
	bool known;
	enum status rc;

	rc = hold(en, st, &m, &k, e);
	if (rc)
		return rc;
	pthread_mutex_lock(&en->dmu);
	/* The slot of this minimum and language, else the least recently
	 * used. */
	kd = &en->d[0];
	for (size_t i = 0; i < KEPT_DISCREPANCIES; i++) {
		struct kept_discrepancy *c = &en->d[i];
		if (c->valid && c->min == min && same_lang(c->lang, lang)) {
			kd = c;
			break;
		}
		if (!c->valid || (kd->valid && c->used < kd->used))
			kd = c;
	}
	tally_pool_marks(st, mission_id, RESULTS_FORM, &pr, kinds, &known);
	if (!known)
		pr = 0;
	/* Kept while the official rows and the PR reports stay as they were
	 * (or, when the tally cannot tell, while no report at all changed). */
	if (!kd->valid || kd->generation != official_keep_generation(k) ||
	    kd->min != min || !same_lang(kd->lang, lang) ||
	    (pr ? kd->pr != pr : kd->report != m.report || kd->change != m.change)) {
		struct protocol_reports held;
		const struct protocol_reports *reports =
		    tally_pool_protocol_reports(st, mission_id, &held);
		discrepancy_clear(kd);
		rc = discrepancy_load_from(st, mission_id, official_keep_rows(k), reports,
		                           min, lang, &kd->d, e);
		tally_pool_protocol_release(&held);
		if (rc) {
			discrepancy_release(&kd->d);
		} else {
			kd->valid = true;
			kd->generation = official_keep_generation(k);
			kd->report = m.report;
			kd->change = m.change;
			kd->pr = pr;
			kd->min = min;
			kd->lang = lang ? xstrdup(lang) : NULL;
		}
	}
	if (!rc) {
		kd->used = ++en->d_uses;
		rc = cb(ctx, &kd->d);
	}
	pthread_mutex_unlock(&en->dmu);
	drop(en, k);
	return rc;
}

/* The findings from the mission's running tally. */
static enum status tally_findings_of(void *ctx, struct store *st, int64_t mission_id,
                                     const struct findings_options *o,
                                     struct findings *out, struct err *e)
{
	(void)ctx;
	return tally_pool_findings(st, mission_id, o, out, e);
}

enum status results_pool_statement(struct store *st, const struct mission *m,
                                   const char *lang, enum statement_output o,
                                   struct buf *out, struct err *e)
{
	struct entry *en = entry_of(m->id);
	struct kept_statement *ks;
	struct official_keep *k;
	struct tally_marks mk;
	int64_t pr = 0, kinds[3] = {0}, protocols = 0, incidents = 0;
	bool known;
	enum status rc;

	if (!statement_lang_valid(lang))
		return statement_build(st, m, lang, o, out, e); /* its error */
	ks = &en->statement[strcmp(lang, "en") != 0];
	rc = hold(en, st, &mk, &k, e);
	if (rc)
		return rc;
	tally_pool_marks(st, m->id, RESULTS_FORM, &pr, kinds, &known);
	if (known) {
		protocols = kinds[FORM_PROTOCOL];
		incidents = kinds[FORM_INCIDENT];
	}
	pthread_mutex_lock(&en->smu);
	if (!ks->valid || ks->report != mk.report || ks->change != mk.change ||
	    ks->audit != mk.audit) {
		struct statement_sources src = {official_keep_rows(k),
		                                tally_findings_of,
		                                NULL,
		                                tally_pool_coverage_rows,
		                                NULL,
		                                NULL,
		                                NULL,
		                                NULL};
		struct statement old = ks->s;
		uint64_t generation = official_keep_generation(k);
		struct protocol_reports held;

		src.reports = tally_pool_protocol_reports(st, m->id, &held);
		/* The locations and forms the visits count against, read again
		 * only when they changed. */
		if (!en->visits || en->visits_layout != mk.layout) {
			statement_visits_layout_free(en->visits);
			en->visits = NULL;
			if (!statement_visits_layout_load(st, m->id, &en->visits, e))
				en->visits_layout = mk.layout;
			else
				err_clear(e); /* the statement reads them itself */
		}
		src.visits = en->visits;

		/* A report of another form, a meeting or a block: the
		 * protocols, the discrepancies and the quick count are what
		 * they were. */
		if (ks->valid && protocols && ks->protocols == protocols &&
		    ks->generation == generation && ks->registry == mk.registry)
			src.reuse = &old;
		/* No incident report changed: the critical ones are those. */
		if (ks->valid && incidents && ks->incidents == incidents)
			src.reuse_notable = &old;
		ks->valid = false;
		rc = statement_load_from(st, m, lang, &src, &ks->s, e);
		tally_pool_protocol_release(&held);
		statement_release(&old); /* what was not moved */
		if (rc) {
			statement_release(&ks->s);
		} else {
			ks->valid = true;
			ks->report = mk.report;
			ks->change = mk.change;
			ks->audit = mk.audit;
			ks->generation = generation;
			ks->protocols = protocols;
			ks->incidents = incidents;
			ks->registry = mk.registry;
		}
	}
	if (!rc) {
		/* The figures have not changed since they were taken: they are
		 * those of now. */
		text_now_iso(ks->as_of);
		ks->s.as_of = ks->as_of;
		rc = statement_build_loaded(&ks->s, o, out, e);
	}
	pthread_mutex_unlock(&en->smu);
	drop(en, k);
	return rc;
}

void results_pool_stop(void)
{
	while (entries) {
		struct entry *en = entries;
		entries = en->next;
		official_keep_free(en->keep);
		for (int i = 0; i < 2; i++) {
			forensics_clear(&en->forensics[i]);
			if (en->statement[i].valid)
				statement_release(&en->statement[i].s);
		}
		for (int i = 0; i < KEPT_DISCREPANCIES; i++)
			discrepancy_clear(&en->d[i]);
		statement_visits_layout_free(en->visits);
		pthread_mutex_destroy(&en->mu);
		pthread_mutex_destroy(&en->fmu);
		pthread_mutex_destroy(&en->dmu);
		pthread_mutex_destroy(&en->smu);
		free(en);
	}
}
