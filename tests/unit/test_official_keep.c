/* test_official_keep.c - the official results kept in memory
 * (official_keep.h, as the server keeps them) against the store's, after
 * each change a mission goes through on election night: no official
 * results yet, an import, the same import again (nothing read again),
 * one station's figures changed, a new report, a ballot changed, a new
 * station with its figures.  After each, the marks read from earlier
 * marks equal those read in full, the kept rows are the store's rows in
 * its order, and every analysis fed from them gives the document the
 * store's gives: the quick count, the seats' vote table, the forensic
 * statistics, the comparison with the observers' protocols and the whole
 * statement (its findings and visits from a running tally, as in the
 * server). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/official_forensics.h"
#include "analysis/official_keep.h"
#include "analysis/pvt_keep.h"
#include "analysis/results_load.h"
#include "analysis/statement.h"
#include "analysis/tally.h"
#include "ingest/forms_install.h"
#include "ingest/intake.h"
#include "report/statement.h"
#include "test.h"
#include "fixture.h"

struct fixture {
	char path[96];
	struct store *st;
	int64_t mid;
	struct mission m;
	struct official_keep *k;
	struct tally *t;
	struct tally_marks seen;
	int serial;
};

static void put_official(struct fixture *f, const char *station, int64_t list,
                         int64_t alpha, int64_t beta)
{
	char lines[256];
	struct official_result r = {station, NULL, lines, "cec.csv", NULL};
	struct err e;

	snprintf(lines, sizeof(lines),
	         "{\"A\":%lld,\"G\":10,\"H\":%lld,\"I\":3,\"J\":%lld,\"P1\":%lld,"
	         "\"P2\":%lld,\"AA\":2}",
	         (long long)list, (long long)(alpha + beta - 8),
	         (long long)(alpha + beta + 2), (long long)alpha, (long long)beta);
	err_clear(&e);
	assert_int_equal(store_official_put(f->st, f->mid, &r, 1, NULL, &e), ST_OK);
}

/* A report of form on station with answers; its id. */
static int64_t report_of(struct fixture *f, const char *form, const char *station,
                         const char *answers)
{
	char client[32];
	struct stored_submission s = {.client_id = client,
	                              .form = form,
	                              .form_version = 1,
	                              .station = station,
	                              .observer = "O1",
	                              .observed_at = "2023-03-19T12:15:00+06:00",
	                              .channel = "api",
	                              .answers = answers,
	                              .status = "new",
	                              .content_hash = client};
	enum put_outcome out;
	struct err e;

	snprintf(client, sizeof(client), "c-%d", f->serial++);
	err_clear(&e);
	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
	return s.id;
}

static void report_by(struct fixture *f, const char *station, const char *observer,
                      int64_t alpha, int64_t beta);

static void report(struct fixture *f, const char *station, int64_t alpha, int64_t beta)
{
	report_by(f, station, "O1", alpha, beta);
}

/* A PR report by observer; a second observer's copy that differs makes
 * conflicts, as the intake does. */
static void report_by(struct fixture *f, const char *station, const char *observer,
                      int64_t alpha, int64_t beta)
{
	char client[32], answers[256];
	struct stored_submission s = {.client_id = client,
	                              .form = "PR",
	                              .form_version = 1,
	                              .station = station,
	                              .observer = observer,
	                              .observed_at = "2023-03-19T20:15:00+06:00",
	                              .channel = "api",
	                              .answers = answers,
	                              .status = "new",
	                              .content_hash = client};
	enum put_outcome out;
	struct err e;

	snprintf(client, sizeof(client), "c-%d", f->serial++);
	snprintf(answers, sizeof(answers),
	         "{\"A\":1000,\"G\":10,\"H\":%lld,\"I\":3,\"J\":%lld,\"P1\":%lld,"
	         "\"P2\":%lld,\"AA\":2}",
	         (long long)(alpha + beta - 8), (long long)(alpha + beta + 2),
	         (long long)alpha, (long long)beta);
	err_clear(&e);
	assert_int_equal(store_begin(f->st, &e), ST_OK);
	assert_int_equal(store_submission_put(f->st, f->mid, &s, &out, &e), ST_OK);
	assert_int_equal(intake_conflicts_refresh(f->st, f->mid, station, "PR", &e),
	                 ST_OK);
	assert_int_equal(store_commit(f->st, &e), ST_OK);
}

static void put_ballot(struct fixture *f, const char *alpha)
{
	struct store_choice ch[3] = {{1, "A", alpha, "party"},
	                             {2, "B", "Beta", "party"},
	                             {3, "AA", "Against all", "against_all"}};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_choices_replace(f->st, f->mid, ch, 3, &e), ST_OK);
}

/* Country KZ, regions R1 and R2 with three stations each, the shipped
 * forms, a ballot of two parties and against all, observer O1, a sample
 * of three stations and PR reports at S1 and S2. */
static int setup(void **state)
{
	static int serial;
	struct fixture *f = calloc(1, sizeof(*f));
	struct pvt_keep_spec spec = {.method = PVT_SRS, .size = 3, .seed = 7};
	struct observer o = {.code = "O1",
	                     .full_name = "O1",
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	struct arena a = ARENA_INIT;
	struct pvt_kept kept;
	enum upsert_result res;
	char url[128];
	struct err e;

	f->m = (struct mission){.code = "kz",
	                        .name = "m",
	                        .election_type = "parliament",
	                        .election_date = "2023-03-19",
	                        .country = "KZ"};
	err_clear(&e);
	snprintf(f->path, sizeof(f->path), "/tmp/observa-test-offkeep-%d-%d.db",
	         (int)getpid(), serial++);
	test_db_remove(f->path);
	snprintf(url, sizeof(url), "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), ST_OK);
	store_set_actor(f->st, "cli:tester", "local");
	assert_int_equal(store_mission_create(f->st, &f->m, &e), ST_OK);
	f->mid = f->m.id;
	test_location_put(f->st, f->mid, "KZ", "country", NULL);
	test_location_put(f->st, f->mid, "R1", "region", "KZ");
	test_location_put(f->st, f->mid, "R2", "region", "KZ");
	for (int i = 1; i <= 6; i++) {
		char code[8];
		snprintf(code, sizeof(code), "S%d", i);
		test_location_put(f->st, f->mid, code, "station", i <= 3 ? "R1" : "R2");
	}
	assert_int_equal(forms_install_builtin(f->st, f->mid, &e), ST_OK);
	put_ballot(f, "Alpha");
	assert_int_equal(store_observer_upsert(f->st, f->mid, &o, &res, &e), ST_OK);
	test_observer_put(f->st, f->mid, "O2");
	assert_int_equal(pvt_keep_sample(f->st, f->mid, &spec, &a, &kept, &e), ST_OK);
	arena_release(&a);
	report(f, "S1", 400, 300);
	report(f, "S2", 200, 250);
	f->t = tally_new(f->mid);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	official_keep_free(f->k);
	tally_free(f->t);
	store_close(f->st);
	test_db_remove(f->path);
	free(f);
	return 0;
}

/* ---- the comparisons ---- */

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17) |
	                            JSON_ENCODE_ANY);

	json_decref(j);
	return s;
}

static void same_text(const char *a, const char *b)
{
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
}

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_true(a == b);
	else
		assert_string_equal(a, b);
}

struct rows {
	struct official_result v[16];
	char text[16][5][256];
	size_t n;
};

static enum status add_row(void *ctx, const struct official_result *r)
{
	struct rows *rs = ctx;
	const char *f[5] = {r->station, r->region, r->lines, r->source, r->updated_at};
	const char **to[5] = {&rs->v[rs->n].station, &rs->v[rs->n].region,
	                      &rs->v[rs->n].lines, &rs->v[rs->n].source,
	                      &rs->v[rs->n].updated_at};

	assert_true(rs->n < 16);
	for (int i = 0; i < 5; i++) {
		*to[i] = f[i] ? rs->text[rs->n][i] : NULL;
		if (f[i])
			snprintf(rs->text[rs->n][i], 256, "%s", f[i]);
	}
	rs->n++;
	return ST_OK;
}

static void same_rows(struct fixture *f)
{
	struct rows *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	int64_t ta = -1, tb = -1;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_official_list(f->st, f->mid, NULL, &ta, add_row, a, &e),
	                 ST_OK);
	assert_int_equal(official_rows_list(official_keep_rows(f->k), NULL, f->mid, &tb,
	                                    add_row, b, &e),
	                 ST_OK);
	assert_int_equal(ta, tb);
	assert_int_equal(a->n, b->n);
	assert_int_equal((size_t)ta, a->n);
	assert_int_equal(official_keep_count(f->k), a->n);
	for (size_t i = 0; i < a->n; i++) {
		same_str(a->v[i].station, b->v[i].station);
		same_str(a->v[i].region, b->v[i].region);
		same_str(a->v[i].lines, b->v[i].lines);
		same_str(a->v[i].source, b->v[i].source);
		same_str(a->v[i].updated_at, b->v[i].updated_at);
	}
	free(a);
	free(b);
}

static void same_pvt(struct fixture *f)
{
	struct pvt_mission a, b;
	struct err ea, eb;
	enum status ra, rb;

	err_clear(&ea);
	err_clear(&eb);
	ra = pvt_mission_estimate(f->st, f->mid, NULL, 0, &a, &ea);
	rb = pvt_mission_estimate_from(f->st, f->mid, NULL, 0, official_keep_rows(f->k),
	                               &b, &eb);
	assert_int_equal(ra, rb);
	if (!ra) {
		char *da = dump(pvt_mission_to_json(&a)),
		     *db = dump(pvt_mission_to_json(&b));
		same_text(da, db);
		free(da);
		free(db);
	}
	pvt_mission_release(&a);
	pvt_mission_release(&b);
}

static void same_votes(struct fixture *f)
{
	struct arena a = ARENA_INIT;
	struct vote_row *ra, *rb;
	size_t na, nb;
	int64_t sa, sb;
	struct err ea, eb;
	enum status ca;

	err_clear(&ea);
	ca = official_votes(f->st, f->mid, &ra, &na, &sa, &a, &ea);
	/* twice: computed, then from the kept sums */
	for (int pass = 0; pass < 2; pass++) {
		err_clear(&eb);
		assert_int_equal(official_keep_votes(f->k, f->st, &rb, &nb, &sb, &a, &eb),
		                 ca);
		if (ca) {
			assert_string_equal(ea.msg, eb.msg);
			continue;
		}
		assert_int_equal(na, nb);
		assert_int_equal(sa, sb);
		for (size_t i = 0; i < na; i++) {
			assert_string_equal(ra[i].name, rb[i].name);
			assert_int_equal(ra[i].votes, rb[i].votes);
			assert_int_equal(ra[i].kind, rb[i].kind);
			assert_int_equal(ra[i].order, rb[i].order);
		}
	}
	arena_release(&a);
}

static void same_forensics(struct fixture *f)
{
	struct forensics_opts o = {
	    .leader = FORENSICS_LEADER_AUTO, .seed = 1, .resamples = 20};
	struct arena a = ARENA_INIT;
	struct forensics fa, fb;
	const char **na, **nb;
	size_t ca, cb;
	struct err ea, eb;
	enum status ra, rb;

	err_clear(&ea);
	err_clear(&eb);
	ra = official_forensics(f->st, f->mid, &o, &fa, &na, &ca, &a, &ea);
	rb = official_forensics_from(f->st, f->mid, official_keep_rows(f->k), &o, &fb,
	                             &nb, &cb, &a, &eb);
	assert_int_equal(ra, rb);
	if (ra) {
		assert_string_equal(ea.msg, eb.msg);
	} else {
		char *da = dump(forensics_to_json(&fa, na)),
		     *db = dump(forensics_to_json(&fb, nb));
		same_text(da, db);
		free(da);
		free(db);
	}
	forensics_release(&fa);
	forensics_release(&fb);
	arena_release(&a);
}

/* The reports on protocol forms the tally holds, as the server reads
 * them; free *ids after. */
static struct protocol_reports tallied(struct fixture *f, int64_t **ids)
{
	struct protocol_reports known;
	struct err e;

	err_clear(&e);
	assert_int_equal(tally_refresh(f->t, f->st, &e), ST_OK);
	assert_true(tally_protocol_ids(f->t, ids, &known.n));
	known.ids = *ids;
	return known;
}

static void same_discrepancy(struct fixture *f)
{
	struct discrepancy a, b;
	struct err ea, eb;
	enum status ra, rb;
	int64_t *ids;
	struct protocol_reports known = tallied(f, &ids);

	err_clear(&ea);
	err_clear(&eb);
	ra = discrepancy_load(f->st, f->mid, 1, "en", &a, &ea);
	rb = discrepancy_load_from(f->st, f->mid, official_keep_rows(f->k), &known, 1,
	                           "en", &b, &eb);
	free(ids);
	assert_int_equal(ra, rb);
	if (!ra) {
		char *da = dump(discrepancy_to_json(&a, 0, 100));
		char *db = dump(discrepancy_to_json(&b, 0, 100));
		same_text(da, db);
		free(da);
		free(db);
		discrepancy_release(&a);
		discrepancy_release(&b);
	}
}

/* The findings from a running tally, as the server gives them. */
static enum status tally_findings_of(void *ctx, struct store *st, int64_t mission_id,
                                     const struct findings_options *o,
                                     struct findings *out, struct err *e)
{
	struct tally *t = ctx;
	enum status rc;

	(void)mission_id;
	memset(out, 0, sizeof(*out));
	rc = tally_refresh(t, st, e);
	return rc ? rc : tally_findings(t, o, out, e);
}

/* The coverage rows from the same tally. */
static enum status tally_rows_of(void *ctx, struct store *st, int64_t mission_id,
                                 store_coverage_cb cb, void *cbctx, struct err *e)
{
	struct tally *t = ctx;
	enum status rc;

	(void)mission_id;
	rc = tally_refresh(t, st, e);
	return rc ? rc : tally_coverage_rows(t, cb, cbctx, e);
}

static void same_statement(struct fixture *f)
{
	int64_t *ids;
	struct protocol_reports known = tallied(f, &ids);
	struct statement_visits_layout *visits = NULL;
	struct statement_sources src = {official_keep_rows(f->k),
	                                tally_findings_of,
	                                f->t,
	                                tally_rows_of,
	                                NULL,
	                                NULL,
	                                &known,
	                                NULL};
	struct statement a, b;
	struct buf ba, bb;
	struct err e;

	err_clear(&e);
	buf_init(&ba, 1 << 22);
	buf_init(&bb, 1 << 22);
	/* the visits counted against a layout, as the server keeps it */
	assert_int_equal(statement_visits_layout_load(f->st, f->m.id, &visits, &e),
	                 ST_OK);
	src.visits = visits;
	assert_int_equal(statement_load(f->st, &f->m, "en", &a, &e), ST_OK);
	assert_int_equal(statement_load_from(f->st, &f->m, "en", &src, &b, &e), ST_OK);
	b.as_of = a.as_of;
	assert_int_equal(statement_build_loaded(&a, STATEMENT_MD, &ba, &e), ST_OK);
	assert_int_equal(statement_build_loaded(&b, STATEMENT_MD, &bb, &e), ST_OK);
	buf_appendc(&ba, '\0');
	buf_appendc(&bb, '\0');
	assert_string_equal(ba.ptr, bb.ptr);
	statement_release(&a);
	statement_release(&b);
	buf_release(&ba);
	buf_release(&bb);
	statement_visits_layout_free(visits);
	free(ids);
}

/* Refresh the kept rows, say whether they were read again, and compare
 * everything. */
static bool check(struct fixture *f)
{
	uint64_t before = f->k ? official_keep_generation(f->k) : 0;
	struct tally_marks full, since, m;
	struct err e;
	bool again;

	err_clear(&e);
	assert_int_equal(store_tally_marks(f->st, f->mid, &full, &e), ST_OK);
	if (f->seen.audit) {
		assert_int_equal(
		    store_tally_marks_since(f->st, f->mid, &f->seen, &since, &e), ST_OK);
		assert_memory_equal(&full, &since, sizeof(full));
	}
	f->seen = full;
	assert_int_equal(official_keep_refresh(&f->k, f->st, f->mid, &m, NULL, &e),
	                 ST_OK);
	assert_memory_equal(&full, &m, sizeof(full));
	again = official_keep_generation(f->k) != before;
	same_rows(f);
	same_pvt(f);
	same_votes(f);
	same_forensics(f);
	same_discrepancy(f);
	same_statement(f);
	return again;
}

static enum status first_conflict(void *ctx, const struct conflict_row *c)
{
	int64_t *id = ctx;

	if (!*id && !strcmp(c->tag, "P1"))
		*id = c->id;
	return ST_OK;
}

/* A clerk sets value on the conflict over P1 at station. */
static void settle_one(struct fixture *f, const char *station, const char *value)
{
	struct conflict_filter cf = {.station = station, .form = "PR"};
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	assert_int_equal(
	    store_conflict_list(f->st, f->mid, &cf, NULL, first_conflict, &id, &e),
	    ST_OK);
	assert_true(id > 0);
	assert_int_equal(store_conflict_resolve(f->st, f->mid, id, value, &e), ST_OK);
}

static void test_keep_follows_changes(void **state)
{
	struct fixture *f = *state;

	assert_true(check(f)); /* first read: no official results */
	assert_false(check(f));
	for (int i = 1; i <= 5; i++) {
		char code[8];
		snprintf(code, sizeof(code), "S%d", i);
		put_official(f, code, 1000 + i, 300 + 20 * i, 250 - 10 * i);
	}
	assert_true(check(f)); /* the import */
	put_official(f, "S3", 1003, 360, 220);
	assert_false(check(f)); /* the same figures: nothing audited */
	put_official(f, "S2", 1002, 345, 230);
	assert_true(check(f)); /* one station changed */
	report(f, "S3", 361, 219);
	report(f, "S5", 100, 90);
	assert_false(check(f)); /* reports: the rows stay */
	put_ballot(f, "Alpha Party");
	assert_true(check(f)); /* the ballot: names and tags may differ */
	test_location_put(f->st, f->mid, "S7", "station", "R2");
	assert_true(check(f)); /* a location: regions may differ */
	put_official(f, "S7", 700, 300, 200);
	assert_true(check(f));
	assert_false(check(f));
	/* A second observer's copy at S3 that differs: conflicts, compared
	 * as "observer" lines until a clerk settles one, then as that value. */
	report_by(f, "S3", "O2", 370, 219);
	assert_false(check(f));
	settle_one(f, "S3", "365");
	assert_false(check(f));
}

/* The statement loaded with s's results parts moved into it (and its
 * critical incidents copied when notable), as the server does after a
 * change that leaves them be, against one loaded in full: the same
 * document.  s becomes the new one. */
static void same_with_reuse(struct fixture *f, struct statement *s, bool notable)
{
	struct statement_sources src = {official_keep_rows(f->k),
	                                tally_findings_of,
	                                f->t,
	                                tally_rows_of,
	                                s,
	                                notable ? s : NULL,
	                                NULL,
	                                NULL};
	struct statement full, again;
	struct buf ba, bb;
	struct err e;

	err_clear(&e);
	buf_init(&ba, 1 << 22);
	buf_init(&bb, 1 << 22);
	assert_int_equal(statement_load_from(f->st, &f->m, "en", &src, &again, &e),
	                 ST_OK);
	assert_false(s->has_discrepancy); /* moved, not copied */
	src.reuse = NULL;
	src.reuse_notable = NULL;
	assert_int_equal(statement_load_from(f->st, &f->m, "en", &src, &full, &e), ST_OK);
	again.as_of = full.as_of;
	assert_true(full.has_discrepancy);
	assert_int_equal(full.notable.total, 1); /* the critical incident */
	assert_int_equal(statement_build_loaded(&full, STATEMENT_MD, &ba, &e), ST_OK);
	assert_int_equal(statement_build_loaded(&again, STATEMENT_MD, &bb, &e), ST_OK);
	buf_appendc(&ba, '\0');
	buf_appendc(&bb, '\0');
	assert_string_equal(ba.ptr, bb.ptr);
	statement_release(s);
	*s = again;
	statement_release(&full);
	buf_release(&ba);
	buf_release(&bb);
}

struct marks {
	int64_t pr, vo, protocol, checklist, incident;
};

static struct marks marks_now(struct fixture *f)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(tally_refresh(f->t, f->st, &e), ST_OK);
	return (struct marks){tally_form_mark(f->t, "PR"), tally_form_mark(f->t, "VO"),
	                      tally_kind_mark(f->t, FORM_PROTOCOL),
	                      tally_kind_mark(f->t, FORM_CHECKLIST),
	                      tally_kind_mark(f->t, FORM_INCIDENT)};
}

/* The tally's marks move with the reports of their form and kind only,
 * and a statement whose protocol marks have not moved keeps its results
 * parts. */
static void test_form_marks(void **state)
{
	struct fixture *f = *state;
	struct statement_sources src;
	struct statement s;
	struct marks m0, m1, m2, m3, m4, mi;
	struct err e;
	int64_t id;

	err_clear(&e);
	assert_int_equal(official_keep_refresh(&f->k, f->st, f->mid, NULL, NULL, &e),
	                 ST_OK);
	m0 = marks_now(f);
	assert_int_equal(marks_now(f).pr, m0.pr); /* nothing changed */
	src = (struct statement_sources){official_keep_rows(f->k),
	                                 tally_findings_of,
	                                 f->t,
	                                 tally_rows_of,
	                                 NULL,
	                                 NULL,
	                                 NULL,
	                                 NULL};
	assert_int_equal(statement_load_from(f->st, &f->m, "en", &src, &s, &e), ST_OK);

	/* a critical incident: its list is read again, the results kept */
	report_of(f, "IN", "S4", "{\"A\":1,\"C\":\"Ballots stuffed\",\"D\":\"10:15\"}");
	mi = marks_now(f);
	assert_true(mi.incident > m0.incident);
	assert_int_equal(mi.protocol, m0.protocol);
	assert_int_equal(mi.checklist, m0.checklist);
	same_with_reuse(f, &s, false);
	m0 = mi;

	id = report_of(f, "VO", "S4", "{}"); /* a checklist */
	m1 = marks_now(f);
	assert_int_equal(m1.pr, m0.pr);
	assert_int_equal(m1.protocol, m0.protocol);
	assert_true(m1.vo > m0.vo);
	assert_true(m1.checklist > m0.checklist);
	assert_int_equal(m1.incident, m0.incident);
	same_with_reuse(f, &s, true);
	assert_int_equal(store_submission_review(f->st, f->mid, id, "rejected", "no", &e),
	                 ST_OK);
	m2 = marks_now(f);
	assert_int_equal(m2.pr, m1.pr);
	assert_true(m2.vo > m1.vo);

	report(f, "S3", 361, 219); /* a protocol */
	m3 = marks_now(f);
	assert_true(m3.pr > m2.pr);
	assert_true(m3.protocol > m2.protocol);
	assert_int_equal(m3.vo, m2.vo);
	assert_int_equal(m3.checklist, m2.checklist);

	put_ballot(f, "Alpha Party"); /* the layout: built again */
	m4 = marks_now(f);
	assert_true(m4.pr > m3.pr && m4.vo > m3.vo);
	assert_true(m4.protocol > m3.protocol && m4.checklist > m3.checklist);
	statement_release(&s);
}

int test_official_keep(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_keep_follows_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_marks, setup, teardown),
	};

	return cmocka_run_group_tests_name("official_keep", tests, NULL, NULL);
}
