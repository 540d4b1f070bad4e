/* test_findings.c - process findings counted by hand: the Wilson score
 * interval against published values and its exact ends at 0/n and n/n,
 * the answers scanner, distributions and negative shares per region
 * (select_multiple options, integers, texts), a clerk's resolution used,
 * open conflicts counted as sent, rejected and superseded reports left
 * out, answers that do not fit the form, incidents by category, hours of
 * observation, the region and form filters, the statement's sentences,
 * the text and the CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/answers_scan.h"
#include "analysis/findings.h"
#include "model/forms_builtin.h"
#include "report/findings_csv.h"
#include "report/findings_text.h"
#include "test.h"

#define Z FINDINGS_Z95

/* ---- the interval ---- */

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.12f, want %.12f", got, want);
}

static void test_wilson(void **state)
{
	struct findings_share s;

	(void)state;
	/* 7 of 100: [3.4%, 13.7%]. */
	s = findings_wilson(7, 100, Z);
	assert_true(s.defined);
	near(s.share, 0.07, 1e-15);
	near(s.low, 0.0343193, 1e-7);
	near(s.high, 0.1374951, 1e-7);
	/* Newcombe (Statistics in Medicine 17, 1998, 857-872), table II,
	 * the score method: 81/263, 15/148, 0/20, 1/29 to four decimals. */
	s = findings_wilson(81, 263, Z);
	near(s.low, 0.2553, 5e-5);
	near(s.high, 0.3662, 5e-5);
	s = findings_wilson(15, 148, Z);
	near(s.low, 0.0624, 5e-5);
	near(s.high, 0.1605, 5e-5);
	s = findings_wilson(0, 20, Z);
	assert_true(s.low == 0.0);
	near(s.high, 0.1611, 5e-5);
	s = findings_wilson(1, 29, Z);
	near(s.low, 0.0061, 5e-5);
	near(s.high, 0.1718, 5e-5);
	/* 0/n: [0, z^2/(n + z^2)]; n/n: [n/(n + z^2), 1]. */
	for (int64_t n = 1; n <= 1000; n *= 10) {
		double z2 = Z * Z;
		s = findings_wilson(0, n, Z);
		assert_true(s.low == 0.0 && s.share == 0.0);
		near(s.high, z2 / ((double)n + z2), 1e-12);
		s = findings_wilson(n, n, Z);
		assert_true(s.high == 1.0 && s.share == 1.0);
		near(s.low, (double)n / ((double)n + z2), 1e-12);
	}
	/* Nothing observed: no share. */
	s = findings_wilson(0, 0, Z);
	assert_false(s.defined);
	assert_true(s.share == 0.0 && s.low == 0.0 && s.high == 0.0);
}

/* ---- the scanner ---- */

struct seen {
	char tags[8][16];
	struct answer_value v[8];
	int n;
};

static bool remember(void *ctx, const char *tag, size_t len, const struct answer_value *v)
{
	struct seen *s = ctx;

	snprintf(s->tags[s->n], sizeof(s->tags[0]), "%.*s", (int)len, tag);
	s->v[s->n++] = *v;
	return s->n < 8;
}

static void test_scan(void **state)
{
	struct seen s = {0};
	json_t *j;

	(void)state;
	assert_true(
	    answers_scan(" {\"A\": 1, \"B\":\"07:00\",\"M\":[1, 3],\"N\":-12,"
	                 "\"E\":[],\"F\":null,\"G\":1.5,\"H\":{\"x\":[1,\"]\"]}} ",
	                 remember, &s));
	assert_int_equal(s.n, 8);
	assert_string_equal(s.tags[0], "A");
	assert_int_equal(s.v[0].kind, ANSWER_INT);
	assert_int_equal(s.v[0].i, 1);
	assert_int_equal(s.v[1].kind, ANSWER_STRING);
	assert_int_equal(s.v[2].kind, ANSWER_INTS);
	assert_int_equal(s.v[2].nints, 2);
	assert_int_equal(s.v[2].ints[1], 3);
	assert_int_equal(s.v[3].i, -12);
	assert_int_equal(s.v[4].kind, ANSWER_NONE);
	assert_int_equal(s.v[5].kind, ANSWER_NONE);
	assert_int_equal(s.v[6].kind, ANSWER_OTHER);
	assert_int_equal(s.v[7].kind, ANSWER_OTHER);
	memset(&s, 0, sizeof(s));
	assert_true(answers_scan("{}", remember, &s));
	assert_int_equal(s.n, 0);
	assert_true(answers_scan("{\"A\":[1,\"x\"],\"B\":true}", remember, &s));
	assert_int_equal(s.v[0].kind, ANSWER_OTHER);
	assert_int_equal(s.v[1].kind, ANSWER_INT);
	assert_int_equal(s.v[1].i, 1);
	/* Not an object, or broken. */
	assert_false(answers_scan("[1]", remember, &s));
	assert_false(answers_scan("{\"A\":1", remember, &s));
	assert_false(answers_scan("{\"A\" 1}", remember, &s));
	assert_false(answers_scan("{\"A\":01}", remember, &s));
	assert_false(answers_scan("{\"A\":1} x", remember, &s));
	assert_false(answers_scan(NULL, remember, &s));
	/* 99999999999999999999 is no int64_t. */
	memset(&s, 0, sizeof(s));
	assert_true(answers_scan("{\"A\":99999999999999999999}", remember, &s));
	assert_int_equal(s.v[0].kind, ANSWER_OTHER);
	/* A conflict's values: the members of each object in turn. */
	memset(&s, 0, sizeof(s));
	assert_true(answers_scan_objects(
	    "[{\"submission\":7,\"observer\":\"O-1\",\"value\":1},"
	    " {\"submission\":9,\"observer\":\"x\\\"y\",\"value\":[1,2]}]",
	    remember, &s));
	assert_int_equal(s.n, 6);
	assert_string_equal(s.tags[3], "submission");
	assert_int_equal(s.v[3].i, 9);
	assert_int_equal(s.v[5].kind, ANSWER_INTS);
	assert_true(answers_scan_objects("[]", remember, &s));
	assert_false(answers_scan_objects("[1]", remember, &s));
	assert_false(answers_scan_objects("{}", remember, &s));
	assert_false(answers_scan_objects("[{}", remember, &s));
	j = json_loads("[2, 3]", 0, NULL);
	answers_scan_json(j, &s.v[0]);
	assert_int_equal(s.v[0].kind, ANSWER_INTS);
	assert_int_equal(s.v[0].nints, 2);
	json_decref(j);
	answers_scan_json(NULL, &s.v[0]);
	assert_int_equal(s.v[0].kind, ANSWER_NONE);
}

/* ---- a small mission ---- */

static const char ts_form[] =
    "{\"code\":\"TS\",\"version\":1,\"kind\":\"checklist\",\"phase\":\"voting\","
    "\"languages\":[\"en\",\"ru\"],\"name\":{\"en\":\"Test\",\"ru\":\"Тест\"},"
    "\"questions\":["
    "{\"tag\":\"A\",\"type\":\"yesno\",\"text\":{\"en\":\"Opened on time\","
    "\"ru\":\"Открылся вовремя\"},\"negative\":[0]},"
    "{\"tag\":\"M\",\"type\":\"select_multiple\",\"text\":{\"en\":\"Problems, seen\","
    "\"ru\":\"Проблемы\"},\"options\":["
    "{\"value\":1,\"text\":{\"en\":\"Queues\",\"ru\":\"Очереди\"}},"
    "{\"value\":2,\"text\":{\"en\":\"Pressure\",\"ru\":\"Давление\"}},"
    "{\"value\":3,\"text\":{\"en\":\"Stuffing\",\"ru\":\"Вброс\"}}],"
    "\"negative\":[2,3],\"critical\":[3]},"
    "{\"tag\":\"N\",\"type\":\"integer\",\"text\":{\"en\":\"Voters\",\"ru\":"
    "\"Избиратели\"},"
    "\"negative\":[0]},"
    "{\"tag\":\"T\",\"type\":\"text\",\"text\":{\"en\":\"Note\",\"ru\":\"Заметка\"}},"
    "{\"tag\":\"Z\",\"type\":\"rating\",\"text\":{\"en\":\"Overall\",\"ru\":\"В целом\"},"
    "\"negative\":[1,2]}]}";

struct mission_data {
	struct form *forms[2];
	struct region_map rm;
};

static void add_loc(struct region_map *rm, const char *code, const char *name,
                    const char *level, const char *parent)
{
	struct location l = {
	    .code = code, .name = name, .level = level, .parent = parent};

	region_map_add(rm, &l);
}

static struct form *parse(const char *json)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	assert_int_equal(form_parse(json, strlen(json), &f, &p), ST_OK);
	return f;
}

/* Region R1 (a district with S1, S2), city R2 (S3), S4 outside any. */
static void mission_init(struct mission_data *d)
{
	d->forms[0] = parse(ts_form);
	d->forms[1] = parse(forms_builtin_json("IN"));
	region_map_init(&d->rm);
	add_loc(&d->rm, "KZ", "Kazakhstan", "country", NULL);
	add_loc(&d->rm, "R1", "Region 1", "region", "KZ");
	add_loc(&d->rm, "R2", "Город 2", "city", "KZ");
	add_loc(&d->rm, "D1", "District", "district", "R1");
	add_loc(&d->rm, "S1", "S1", "station", "D1");
	add_loc(&d->rm, "S2", "S2", "station", "D1");
	add_loc(&d->rm, "S3", "S3", "station", "R2");
	add_loc(&d->rm, "S4", "S4", "station", "KZ");
	region_map_finish(&d->rm);
}

static void mission_release(struct mission_data *d)
{
	form_free(d->forms[0]);
	form_free(d->forms[1]);
	region_map_release(&d->rm);
}

static void add(struct findings *f, int64_t id, const char *form, const char *station,
                const char *at, const char *status, int64_t superseded_by,
                const char *answers)
{
	struct stored_submission s = {.id = id,
	                              .form = form,
	                              .station = station,
	                              .observed_at = at,
	                              .status = status,
	                              .superseded_by = superseded_by,
	                              .answers = answers};

	findings_add(f, &s);
}

/* Reports 1-9 on TS (4 conflicts with 3 on A, resolved as yes; 2 and 9
 * disagree on Z, open; 6 rejected; 7 superseded by 8) and 10-13 on IN. */
static enum status compute(struct mission_data *d, const struct findings_options *o,
                           struct findings *f, struct err *e)
{
	json_t *yes = json_integer(1);
	enum status rc;

	rc = findings_begin(f, (const struct form *const *)d->forms, 2, &d->rm, o, e);
	if (rc) {
		json_decref(yes);
		return rc;
	}
	findings_resolve(f, 3, "TS", "A", yes);
	findings_resolve(f, 4, "TS", "A", yes);
	findings_contest(f, 2, "TS", "Z");
	findings_contest(f, 9, "TS", "z");      /* tags match ignoring case */
	findings_resolve(f, 4, "XX", "A", yes); /* no such form: ignored */
	json_decref(yes);
	add(f, 1, "TS", "S1", "2023-03-19T07:45:00+06:00", "new", 0,
	    "{\"A\":1,\"M\":[1],\"N\":500,\"T\":\"ok\",\"Z\":4}");
	add(f, 2, "TS", "S2", "2023-03-19T07:59:59+05:00", "flagged", 0,
	    "{\"A\":0,\"M\":[2,3],\"N\":0,\"Z\":2}");
	add(f, 3, "TS", "S3", "2023-03-19 08:10", "verified", 0,
	    "{\"A\":1,\"M\":[1,3],\"Z\":1}");
	add(f, 4, "TS", "S3", "2023-03-19T08:00:00Z", "new", 0, "{\"A\":0,\"Z\":3}");
	add(f, 5, "TS", "S4", NULL, "new", 0, "{\"A\":1,\"Z\":4}");
	add(f, 6, "TS", "S1", "2023-03-19T09:00", "rejected", 0, "{\"A\":0,\"Z\":1}");
	add(f, 7, "TS", "S1", "2023-03-19T09:00", "new", 8, "{\"A\":0,\"Z\":1}");
	add(f, 8, "TS", "S1", "2023-03-19T13:05:00+06:00", "new", 0, "{\"A\":1,\"Z\":3}");
	add(f, 9, "TS", "S2", "2023-03-20T00:30:00+06:00", "new", 0,
	    "{\"A\":\"yes\",\"M\":[9],\"Q\":1,\"Z\":4}");
	add(f, 10, "IN", "S1", "2023-03-19T10:00", "new", 0,
	    "{\"A\":1,\"B\":1,\"C\":\"x\",\"D\":\"10:00\"}");
	add(f, 11, "IN", "S3", "2023-03-19T11:00", "new", 0,
	    "{\"A\":4,\"B\":3,\"C\":\"y\",\"D\":\"11:00\"}");
	add(f, 12, "IN", "S3", "2023-03-19T12:00", "new", 0,
	    "{\"A\":4,\"B\":1,\"C\":\"z\",\"D\":\"12:00\"}");
	add(f, 13, "IN", "S1", "2023-03-19T12:00", "new", 0,
	    "{\"C\":\"w\",\"D\":\"12:00\"}");
	add(f, 14, "XX", "S1", NULL, "new", 0, "{}"); /* no such form */
	findings_end(f);
	return ST_OK;
}

static const struct findings_form *form_of(const struct findings *f, const char *code)
{
	for (size_t i = 0; i < f->nforms; i++)
		if (!strcmp(f->forms[i].code, code))
			return &f->forms[i];
	fail_msg("no form %s", code);
	return NULL;
}

static const struct findings_question *q_of(const struct findings_form *fm,
                                            const char *tag)
{
	for (size_t i = 0; i < fm->nquestions; i++)
		if (!strcmp(fm->questions[i].tag, tag))
			return &fm->questions[i];
	fail_msg("no question %s", tag);
	return NULL;
}

static void cell_is(const struct findings_cell *c, int64_t obs, int64_t neg)
{
	assert_int_equal(c->observations, obs);
	assert_int_equal(c->negative, neg);
}

static void test_counts(void **state)
{
	struct findings_options o = {.lang = "en"};
	struct mission_data d;
	struct findings f;
	const struct findings_form *ts, *in;
	const struct findings_question *q;
	struct err e;

	(void)state;
	err_clear(&e);
	mission_init(&d);
	assert_int_equal(compute(&d, &o, &f, &e), ST_OK);
	/* Forms by phase (voting, then any): TS, IN. */
	assert_int_equal(f.nforms, 2);
	assert_string_equal(f.forms[0].code, "TS");
	assert_string_equal(f.forms[1].code, "IN");
	/* Regions by code, then outside any (S4 reported). */
	assert_int_equal(f.nregions, 3);
	assert_string_equal(f.regions[0].code, "R1");
	assert_string_equal(f.regions[1].name, "Город 2");
	assert_null(f.regions[2].code);
	assert_int_equal(f.reports, 11);
	assert_int_equal(f.rejected, 1);

	ts = form_of(&f, "TS");
	assert_int_equal(ts->reports, 7);
	assert_int_equal(ts->region_reports[0], 4); /* 1, 2, 8, 9 */
	assert_int_equal(ts->region_reports[1], 2); /* 3, 4 */
	assert_int_equal(ts->region_reports[2], 1); /* 5 */
	assert_int_equal(ts->critical, 2);          /* 2 and 3 chose Stuffing */

	/* A: 4's "no" replaced by the clerk's "yes"; 9's "yes" as text does
	 * not fit a yesno answer. */
	q = q_of(ts, "A");
	cell_is(&q->total, 6, 1);
	assert_int_equal(q->nvalues, 2);
	assert_int_equal(q->values[0].value, 1);
	assert_string_equal(q->values[0].label, "yes");
	assert_false(q->values[0].negative);
	assert_true(q->values[1].negative);
	assert_int_equal(q->total.counts[0], 5);
	assert_int_equal(q->total.counts[1], 1);
	assert_int_equal(q->resolved, 2); /* 3 and 4, both settled */
	assert_int_equal(q->left_out, 1);
	cell_is(&q->regions[0], 3, 1);
	cell_is(&q->regions[1], 2, 0);
	cell_is(&q->regions[2], 1, 0);
	near(q->total.negative_share.low, 0.030053369748306635, 1e-12);
	near(q->total.negative_share.high, 0.5635028221864702, 1e-12);

	/* M: each option's share of the 3 reports that answered; negative
	 * when any option chosen is. */
	q = q_of(ts, "M");
	cell_is(&q->total, 3, 2);
	assert_int_equal(q->total.critical, 2);
	assert_int_equal(q->total.counts[0], 2);
	assert_int_equal(q->total.counts[1], 1);
	assert_int_equal(q->total.counts[2], 2);
	assert_string_equal(q->values[2].label, "Stuffing");
	assert_true(q->values[2].critical);
	assert_false(q->values[0].negative);
	assert_int_equal(q->left_out, 1);
	near(q->total.negative_share.low, 0.2076596008020477, 1e-12);

	/* N and T: answered, no distribution. */
	q = q_of(ts, "N");
	cell_is(&q->total, 2, 1);
	assert_int_equal(q->nvalues, 0);
	q = q_of(ts, "T");
	cell_is(&q->total, 1, 0);
	assert_false(q->has_negative);

	/* Z, the overall rating: very good to very bad. */
	assert_ptr_equal(ts->rating, q_of(ts, "Z"));
	q = ts->rating;
	cell_is(&q->total, 7, 2);
	assert_int_equal(q->values[0].value, 4);
	assert_string_equal(q->values[0].label, "very good");
	assert_int_equal(q->total.counts[0], 3);
	assert_int_equal(q->total.counts[1], 2);
	assert_int_equal(q->total.counts[2], 1);
	assert_int_equal(q->total.counts[3], 1);
	assert_int_equal(q->contested, 2);
	near(q->total.negative_share.low, 0.08221892400405678, 1e-12);
	near(q->total.negative_share.high, 0.6410655481673808, 1e-12);
	assert_null(ts->category);

	/* Hours as written, in order, then the report without a time. */
	assert_int_equal(ts->nhours, 5);
	assert_string_equal(ts->hours[0].hour, "2023-03-19T07");
	assert_int_equal(ts->hours[0].reports, 2);
	assert_string_equal(ts->hours[1].hour, "2023-03-19T08");
	assert_int_equal(ts->hours[1].reports, 2);
	assert_string_equal(ts->hours[2].hour, "2023-03-19T13");
	assert_string_equal(ts->hours[3].hour, "2023-03-20T00");
	assert_null(ts->hours[4].hour);
	assert_int_equal(ts->hours[4].reports, 1);

	/* Incidents: category 1 is critical, 11 is of severity 3. */
	in = form_of(&f, "IN");
	assert_null(in->rating);
	assert_string_equal(in->category->tag, "A");
	assert_int_equal(in->reports, 4);
	assert_int_equal(in->critical, 2);
	assert_int_equal(in->ncategories, 12);
	assert_true(in->categories[0].critical_value);
	assert_int_equal(in->categories[0].reports, 1);
	assert_int_equal(in->categories[0].critical, 1);
	assert_int_equal(in->categories[0].region_reports[0], 1);
	assert_int_equal(in->categories[3].reports, 2);
	assert_int_equal(in->categories[3].critical, 1);
	assert_int_equal(in->categories[3].region_critical[1], 1);
	assert_int_equal(in->uncategorised, 1);
	assert_int_equal(in->region_critical[0], 1);
	assert_int_equal(in->region_critical[1], 1);
	assert_int_equal(in->nhours, 3);
	findings_release(&f);
	mission_release(&d);
}

static void test_filters(void **state)
{
	struct findings_options o = {.lang = "ru", .region = "R2"};
	struct mission_data d;
	struct findings f;
	const struct findings_question *q;
	struct err e;

	(void)state;
	err_clear(&e);
	mission_init(&d);
	assert_int_equal(compute(&d, &o, &f, &e), ST_OK);
	assert_string_equal(f.region, "R2");
	assert_int_equal(f.nregions, 1);
	assert_string_equal(f.regions[0].code, "R2");
	assert_int_equal(f.reports, 4); /* 3, 4, 11, 12 */
	assert_int_equal(f.rejected, 0);
	q = q_of(form_of(&f, "TS"), "A");
	cell_is(&q->total, 2, 0);
	cell_is(&q->regions[0], 2, 0);
	assert_string_equal(q->text, "Открылся вовремя");
	assert_string_equal(q->values[0].label, "да");
	assert_string_equal(form_of(&f, "TS")->rating->values[3].label, "очень плохо");
	findings_release(&f);

	o.region = NULL;
	o.form = "IN";
	assert_int_equal(compute(&d, &o, &f, &e), ST_OK);
	assert_int_equal(f.nforms, 1);
	assert_int_equal(f.reports, 4);
	findings_release(&f);

	o.form = "XX";
	assert_int_equal(compute(&d, &o, &f, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "form: the mission has no form \"XX\"");
	findings_release(&f);
	o.form = NULL;
	o.region = "S1"; /* a station is no region */
	assert_int_equal(compute(&d, &o, &f, &e), ST_NOT_FOUND);
	assert_non_null(strstr(e.msg, "region: the mission has no region \"S1\""));
	findings_release(&f);
	mission_release(&d);
}

/* ---- words ---- */

static void test_numbers(void **state)
{
	char buf[64];

	(void)state;
	findings_text_count(1243, "en", buf, sizeof(buf));
	assert_string_equal(buf, "1,243");
	findings_text_count(1234567, "ru", buf, sizeof(buf));
	assert_string_equal(buf, "1\u00a0234\u00a0567");
	findings_text_count(999, "en", buf, sizeof(buf));
	assert_string_equal(buf, "999");
	/* Half up: 1/16 is 6.25%. */
	findings_text_percent(1.0 / 16.0, 1, "en", buf, sizeof(buf));
	assert_string_equal(buf, "6.3");
	findings_text_percent(1.0 / 16.0, 1, "ru", buf, sizeof(buf));
	assert_string_equal(buf, "6,3");
	findings_text_percent(0.0699919549477064, 0, "en", buf, sizeof(buf));
	assert_string_equal(buf, "7");
	findings_text_percent(1.0, 1, "en", buf, sizeof(buf));
	assert_string_equal(buf, "100.0");
}

/* A voting checklist's rating of k negative in n. */
static void headline(int64_t k, int64_t n, const char *lang, char *buf, size_t size)
{
	struct findings_question q = {.tag = "Z", .has_negative = true};
	struct findings_form fm = {.code = "VO", .name = "Voting", .phase = "voting"};

	q.total.observations = n;
	q.total.negative = k;
	q.total.negative_share = findings_wilson(k, n, Z);
	fm.rating = &q;
	findings_text_headline(&fm, lang, buf, size);
}

static void test_headline(void **state)
{
	char buf[256];

	(void)state;
	headline(87, 1243, "en", buf, sizeof(buf));
	assert_string_equal(buf, "Voting was assessed negatively in 7% of 1,243 "
	                         "observations (95% CI 5.7–8.6%).");
	headline(87, 1243, "ru", buf, sizeof(buf));
	assert_string_equal(buf, "Голосование: отрицательная оценка в 7% из 1\u00a0243 "
	                         "наблюдений (95% ДИ 5,7–8,6%).");
	headline(1, 1, "en", buf, sizeof(buf));
	assert_string_equal(buf, "Voting was assessed negatively in 100% of 1 "
	                         "observation (95% CI 20.7–100.0%).");
	headline(0, 21, "ru", buf, sizeof(buf));
	assert_string_equal(buf, "Голосование: отрицательная оценка в 0% из 21 "
	                         "наблюдения (95% ДИ 0,0–15,5%).");
	/* Whole percent would say 0 or 100 where it is neither. */
	headline(1, 1243, "en", buf, sizeof(buf));
	assert_non_null(strstr(buf, " in 0.1% of 1,243 "));
	headline(1, 3000, "en", buf, sizeof(buf));
	assert_non_null(strstr(buf, " in <0.1% of 3,000 "));
	headline(2999, 3000, "en", buf, sizeof(buf));
	assert_non_null(strstr(buf, " in >99.9% of 3,000 "));
	headline(0, 0, "en", buf, sizeof(buf));
	assert_string_equal(buf, "Voting: no observations yet.");
}

/* The text and the CSV of the small mission, read back from a file. */
static char *render(const struct findings *f, bool csv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct err e;

	err_clear(&e);
	assert_int_equal(csv ? findings_csv_write(f, out, &e)
	                     : findings_text_write(f, "kz-2023", out, &e),
	                 ST_OK);
	fclose(out);
	return text;
}

static void test_output(void **state)
{
	struct findings_options o = {.lang = "en"};
	struct mission_data d;
	struct findings f;
	struct err e;
	char *text, *csv;

	(void)state;
	err_clear(&e);
	mission_init(&d);
	assert_int_equal(compute(&d, &o, &f, &e), ST_OK);
	text = render(&f, false);
	assert_non_null(strstr(text, "Findings of kz-2023: 11 reports counted (current "
	                             "versions); 1 rejected left out\n"));
	assert_non_null(strstr(text, "  Voting was assessed negatively in 29% of 7 "
	                             "observations (95% CI 8.2–64.1%).\n"));
	assert_non_null(strstr(text, "  Incidents reported on form IN: 4; critical: 2 "
	                             "(Ballot box stuffing: 1; Vote buying: 1).\n"));
	assert_non_null(strstr(text, "yes 5 (83.3%) · no 1 (16.7%)  [2 resolved by a "
	                             "clerk, 1 not fitting the form]\n"));
	assert_non_null(strstr(text, "  (no region)"));
	assert_non_null(strstr(text, "  2023-03-20 00"));
	free(text);
	csv = render(&f, true);
	assert_true(!strncmp(csv, findings_csv_header, strlen(findings_csv_header)));
	assert_non_null(strstr(csv,
	                       "\r\nTS,Test,A,yesno,Opened on time,national,,,6,1,"
	                       "0.166667,0.030053,0.563503,,1,yes,5,0.833333,0,0\r\n"));
	assert_non_null(strstr(csv,
	                       "\r\nTS,Test,M,select_multiple,\"Problems, seen\","
	                       "region,R2,Город 2,1,1,1.000000,0.206549,1.000000,1,3,"
	                       "Stuffing,1,1.000000,1,1\r\n"));
	assert_non_null(
	    strstr(csv, "\r\nTS,Test,T,text,Note,no_region,,,0,,,,,,,,,,,\r\n"));
	free(csv);
	findings_release(&f);
	mission_release(&d);
}

/* Which regions hold exactly the stations below them: not one with
 * another region below it, and none once a walk up is cut short. */
static void test_region_whole(void **state)
{
	struct region_map rm;
	char code[16], parent[16];

	(void)state;
	region_map_init(&rm);
	add_loc(&rm, "KZ", "Kazakhstan", "country", NULL);
	add_loc(&rm, "R1", "Region 1", "region", "KZ");
	add_loc(&rm, "D1", "District", "district", "R1");
	add_loc(&rm, "C1", "City", "city", "D1"); /* a city below a region */
	add_loc(&rm, "S1", "S1", "station", "C1");
	add_loc(&rm, "A1", "Abroad", "abroad", "KZ");
	region_map_finish(&rm);
	assert_false(region_map_whole(&rm, region_map_find(&rm, "R1")));
	assert_true(region_map_whole(&rm, region_map_find(&rm, "C1")));
	assert_true(region_map_whole(&rm, region_map_find(&rm, "A1")));
	assert_false(region_map_whole(&rm, region_map_find(&rm, "D1"))); /* no region */
	assert_false(region_map_whole(&rm, region_map_find(&rm, "NOPE")));
	region_map_release(&rm);

	/* A chain deeper than the walk goes (walked up from its bottom), or a
	 * loop: no region answers for sure. */
	region_map_init(&rm);
	add_loc(&rm, "A1", "Abroad", "abroad", NULL);
	for (int i = REGION_MAP_DEPTH_MAX + 1; i >= 0; i--) {
		snprintf(code, sizeof(code), "L%d", i);
		snprintf(parent, sizeof(parent), "L%d", i - 1);
		add_loc(&rm, code, code, "district", i ? parent : "A1");
	}
	region_map_finish(&rm);
	assert_false(region_map_whole(&rm, region_map_find(&rm, "A1")));
	region_map_release(&rm);
	region_map_init(&rm);
	add_loc(&rm, "A1", "Abroad", "abroad", NULL);
	add_loc(&rm, "X1", "X1", "district", "X2");
	add_loc(&rm, "X2", "X2", "district", "X1");
	region_map_finish(&rm);
	assert_false(region_map_whole(&rm, region_map_find(&rm, "A1")));
	region_map_release(&rm);
}

int test_findings(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wilson),  cmocka_unit_test(test_scan),
	    cmocka_unit_test(test_counts),  cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_numbers), cmocka_unit_test(test_headline),
	    cmocka_unit_test(test_output),  cmocka_unit_test(test_region_whole),
	};
	return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
