/* test_store_conformance_results.c - the official results and the quick
 * count's sample give the same answers on SQLite and on PostgreSQL: each
 * test runs on both back-ends (fixture.h's test_backends).  Official rows
 * are stored all or none, compared as numbers, listed by station with
 * their region and paged; the sample is kept, refused twice unless
 * replaced, left as it was when a replacement fails, cleared, and audited
 * with the same image text on both. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "fixture.h"
#include "store/store.h"
#include "store/store_sqlite.h"

/* Country KZ: region R1 (territory T1: S1, S2; S3 right under R1), city
 * C1 (S4), and S5 right under the country. */
static void map_in(struct store *st, int64_t mid)
{
	test_location_put(st, mid, "KZ", "country", NULL);
	test_location_put(st, mid, "R1", "region", "KZ");
	test_location_put(st, mid, "T1", "territory", "R1");
	test_location_put(st, mid, "S1", "station", "T1");
	test_location_put(st, mid, "S2", "station", "T1");
	test_location_put(st, mid, "S3", "station", "R1");
	test_location_put(st, mid, "C1", "city", "KZ");
	test_location_put(st, mid, "S4", "station", "C1");
	test_location_put(st, mid, "S5", "station", "KZ");
}

/* Items joined by ',' into a fixed buffer. */
struct joined {
	char text[4096];
};

static void join(struct joined *j, const char *item)
{
	size_t n = strlen(j->text);

	snprintf(j->text + n, sizeof(j->text) - n, "%s%s", n ? "," : "", item);
}

/* ---- official results ---- */

static enum status official_seen(void *ctx, const struct official_result *r)
{
	char item[256];

	assert_non_null(r->updated_at);
	snprintf(item, sizeof(item), "%s:%s:%s:%s", r->station,
	         r->region ? r->region : "-", r->lines, r->source ? r->source : "-");
	join(ctx, item);
	return ST_OK;
}

static const char *officials(struct store *st, int64_t mid,
                             const struct official_filter *f, int64_t *total,
                             struct joined *j)
{
	struct err e;

	err_clear(&e);
	memset(j, 0, sizeof(*j));
	assert_int_equal(store_official_list(st, mid, f, total, official_seen, j, &e),
	                 ST_OK);
	return j->text;
}

static void official_put(struct store *st, int64_t mid, const char *station,
                         const char *lines, const char *source, enum upsert_result want)
{
	struct official_result r = {.station = station, .lines = lines, .source = source};
	enum upsert_result res = UPSERT_UNCHANGED;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_official_put(st, mid, &r, 1, &res, &e), ST_OK);
	assert_int_equal(res, want);
}

static void official_refused(struct store *st, int64_t mid, const char *station,
                             const char *lines, enum status want, const char *msg)
{
	struct official_result r = {.station = station, .lines = lines};
	struct err e;

	err_clear(&e);
	assert_int_equal(store_official_put(st, mid, &r, 1, NULL, &e), want);
	assert_string_equal(e.msg, msg);
}

static enum status audit_seen(void *ctx, const struct audit_entry *a)
{
	char item[2048];

	snprintf(item, sizeof(item), "%s %s %s>%s", a->action, a->entity_key,
	         a->before ? a->before : "-", a->after ? a->after : "-");
	join(ctx, item);
	return ST_OK;
}

static const char *audits(struct store *st, int64_t mid, const char *entity,
                          struct joined *j)
{
	struct audit_filter f = {.mission_id = mid, .entity = entity, .limit = 100};
	struct err e;

	err_clear(&e);
	memset(j, 0, sizeof(*j));
	assert_int_equal(store_audit_list(st, &f, audit_seen, j, &e), ST_OK);
	return j->text;
}

static void test_official_rows(void **state)
{
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	struct official_result batch[3] = {
	    {.station = "S1", .lines = "{\"A\":10,\"B\":5}", .source = "f1.csv"},
	    {.station = "S2", .lines = "{\"A\":7}", .source = "f1.csv"},
	    {.station = "S4", .lines = "{\"A\":1}"},
	};
	struct official_filter f = {0};
	enum upsert_result res[3] = {UPSERT_UNCHANGED, UPSERT_UNCHANGED,
	                             UPSERT_UNCHANGED};
	int64_t total = -1;
	struct joined j;
	struct err e;

	(void)state;
	err_clear(&e);
	map_in(st, mid);
	test_location_put(st, other, "S1", "station", NULL);
	assert_int_equal(store_official_put(st, mid, batch, 3, res, &e), ST_OK);
	assert_int_equal(res[0], UPSERT_INSERTED);
	assert_int_equal(res[2], UPSERT_INSERTED);

	/* The same numbers in another order change nothing, not even the
	 * source; new numbers replace the row. */
	official_put(st, mid, "S1", "{\"B\":5,\"A\":10}", "f2.csv", UPSERT_UNCHANGED);
	official_put(st, mid, "S2", "{\"A\":8}", "f2.csv", UPSERT_UPDATED);
	official_put(st, mid, "S3", "{\"A\":3}", NULL, UPSERT_INSERTED);
	official_put(st, mid, "S5", "{}", "f3.csv", UPSERT_INSERTED);
	assert_string_equal(officials(st, mid, NULL, &total, &j),
	                    "S1:R1:{\"A\":10,\"B\":5}:f1.csv,S2:R1:{\"A\":8}:f2.csv,"
	                    "S3:R1:{\"A\":3}:-,S4:C1:{\"A\":1}:-,S5:-:{}:f3.csv");
	assert_int_equal(total, 5);

	/* Filters, each alone and together, and pages. */
	f.station = "S2";
	assert_string_equal(officials(st, mid, &f, &total, &j), "S2:R1:{\"A\":8}:f2.csv");
	assert_int_equal(total, 1);
	f = (struct official_filter){.region = "T1"};
	assert_string_equal(officials(st, mid, &f, &total, &j),
	                    "S1:R1:{\"A\":10,\"B\":5}:f1.csv,S2:R1:{\"A\":8}:f2.csv");
	assert_int_equal(total, 2);
	f.station = "S1";
	assert_string_equal(officials(st, mid, &f, &total, &j),
	                    "S1:R1:{\"A\":10,\"B\":5}:f1.csv");
	f = (struct official_filter){.region = "R1", .limit = 2, .offset = 1};
	assert_string_equal(officials(st, mid, &f, &total, &j),
	                    "S2:R1:{\"A\":8}:f2.csv,S3:R1:{\"A\":3}:-");
	assert_int_equal(total, 3);
	f = (struct official_filter){.limit = 1, .offset = 4};
	assert_string_equal(officials(st, mid, &f, &total, &j), "S5:-:{}:f3.csv");
	assert_int_equal(total, 5);
	f = (struct official_filter){.region = "nowhere"};
	assert_string_equal(officials(st, mid, &f, &total, &j), "");
	assert_int_equal(total, 0);
	total = -1;
	assert_int_equal(store_official_list(st, mid, NULL, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 5);
	assert_string_equal(officials(st, other, NULL, &total, &j), "");
	assert_int_equal(total, 0);

	/* Refusals name the station; a batch with one bad row stores none. */
	official_refused(st, mid, "R1", "{}", ST_INVALID,
	                 "station \"R1\": a location of level region, not a polling "
	                 "station");
	official_refused(st, mid, "S9", "{}", ST_NOT_FOUND,
	                 "station \"S9\": no such location in this mission");
	official_refused(st, mid, "S1", "[1]", ST_INVALID,
	                 "station \"S1\": lines must be a JSON object");
	official_refused(st, mid, "S1", "{\"A\":-1}", ST_INVALID,
	                 "station \"S1\": line A must be a whole number >= 0");
	batch[0] = (struct official_result){.station = "S4", .lines = "{\"A\":2}"};
	batch[1] = (struct official_result){.station = "S9", .lines = "{}"};
	assert_int_equal(store_official_put(st, mid, batch, 2, NULL, &e), ST_NOT_FOUND);
	f = (struct official_filter){.station = "S4"};
	assert_string_equal(officials(st, mid, &f, &total, &j), "S4:C1:{\"A\":1}:-");
	/* and the store goes on after the refusal. */
	official_put(st, mid, "S4", "{\"A\":2}", NULL, UPSERT_UPDATED);

	/* Each stored row audited with its lines before and after, newest
	 * first; the unchanged one not at all. */
	assert_string_equal(audits(st, mid, "official_result", &j),
	                    "update S4 {\"A\":1}>{\"A\":2},create S5 ->{},"
	                    "create S3 ->{\"A\":3},update S2 {\"A\":7}>{\"A\":8},"
	                    "create S4 ->{\"A\":1},create S2 ->{\"A\":7},"
	                    "create S1 ->{\"A\":10,\"B\":5}");
	test_store_close(st);
}

/* One call with many rows, the same stations named again and again: the
 * stations are read a few dozen rows at a time, and a row sees what the
 * rows before it in the same call stored, within a lookup and across. */
static void test_official_many_rows(void **state)
{
	static const char *const codes[] = {"S1", "S2", "S3", "S5", "S4"};
	enum { ROWS = 130, STATIONS = 5 };
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz");
	struct official_result rows[ROWS];
	enum upsert_result res[ROWS], want[ROWS];
	char lines[ROWS][32], expect[256] = "";
	int last[STATIONS];
	int changed = 0, audited = 0;
	struct joined j;
	int64_t total;
	struct err e;

	(void)state;
	err_clear(&e);
	map_in(st, mid);
	for (int k = 0; k < STATIONS; k++)
		last[k] = -1;
	for (int i = 0; i < ROWS; i++) {
		int k = i % STATIONS, a = i / 12;

		snprintf(lines[i], sizeof(lines[i]), "{\"A\":%d}", a);
		rows[i] =
		    (struct official_result){.station = codes[k], .lines = lines[i]};
		want[i] = last[k] < 0    ? UPSERT_INSERTED
		          : last[k] == a ? UPSERT_UNCHANGED
		                         : UPSERT_UPDATED;
		changed += want[i] != UPSERT_UNCHANGED;
		last[k] = a;
		res[i] = UPSERT_UNCHANGED;
	}
	assert_int_equal(store_official_put(st, mid, rows, ROWS, res, &e), ST_OK);
	for (int i = 0; i < ROWS; i++)
		assert_int_equal(res[i], want[i]);
	/* Each station holds its last row's lines; each change is audited once,
	 * with the lines the row before it stored. */
	snprintf(expect, sizeof(expect),
	         "S1:R1:{\"A\":%d}:-,S2:R1:{\"A\":%d}:-,S3:R1:{\"A\":%d}:-,"
	         "S4:C1:{\"A\":%d}:-,S5:-:{\"A\":%d}:-",
	         last[0], last[1], last[2], last[4], last[3]);
	assert_string_equal(officials(st, mid, NULL, &total, &j), expect);
	audits(st, mid, "official_result", &j);
	for (const char *c = j.text; *c; c++)
		audited += *c == ',';
	assert_int_equal(audited + 1, changed);
	/* Row 100 changed S1 from what row 95 stored, in the lookup before
	 * (rows 48-95); row 124, S4 from what row 119 stored in its own. */
	assert_non_null(strstr(j.text, "update S1 {\"A\":7}>{\"A\":8}"));
	assert_non_null(strstr(j.text, "update S4 {\"A\":9}>{\"A\":10}"));
	/* A bad row among many stores none of them. */
	rows[100].station = "S9";
	for (int i = 0; i < ROWS; i++)
		rows[i].lines = "{\"A\":99}";
	assert_int_equal(store_official_put(st, mid, rows, ROWS, NULL, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "station \"S9\": no such location in this mission");
	assert_string_equal(officials(st, mid, NULL, &total, &j), expect);
	test_store_close(st);
}

/* ---- the quick count's sample ---- */

static enum status sample_seen(void *ctx, const struct pvt_sample_row *r)
{
	char item[128];

	snprintf(item, sizeof(item), "%s:%s:%lld", r->station,
	         r->stratum ? r->stratum : "-", (long long)r->draw_order);
	join(ctx, item);
	return ST_OK;
}

static const char *sample(struct store *st, int64_t mid, struct joined *j)
{
	struct err e;

	err_clear(&e);
	memset(j, 0, sizeof(*j));
	assert_int_equal(store_pvt_sample_list(st, mid, sample_seen, j, &e), ST_OK);
	return j->text;
}

#define ALLOCATION                                                                       \
	"[{\"stratum\":\"(none)\",\"population\":1,\"size\":1},"                         \
	"{\"stratum\":\"C1\",\"population\":1,\"size\":1},"                              \
	"{\"stratum\":\"R1\",\"population\":3,\"size\":2}]"

static const struct pvt_sample_head head = {
    .method = "given",
    .strata_by = "region",
    .seed = 42,
    .size = 4,
    .frame_size = 5,
    .frame_hash = "abc",
    .generator = "g",
    .allocation = ALLOCATION,
};

static void test_sample_kept(void **state)
{
	static const struct pvt_sample_row rows[4] = {
	    {"S2", "R1", 1}, {"S1", "R1", 2}, {"S4", "C1", 3}, {"S5", NULL, 4}};
	static const struct pvt_sample_row again[1] = {{"S3", "R1", 1}};
	static const struct pvt_sample_row region[1] = {{"R1", NULL, 1}};
	static const struct pvt_sample_row twice[2] = {{"S1", NULL, 1}, {"S1", NULL, 2}};
	struct store *st = test_store_open();
	int64_t mid = test_mission_put(st, "kz"), other = test_mission_put(st, "uz");
	struct pvt_sample_head h, srs = {.method = "srs",
	                                 .seed = 0,
	                                 .size = 1,
	                                 .frame_size = 5,
	                                 .frame_hash = "def",
	                                 .generator = "g"};
	struct arena a = ARENA_INIT;
	char image[1024], want[4096];
	const char *first_at;
	struct joined j;
	struct err e;

	(void)state;
	err_clear(&e);
	map_in(st, mid);
	store_set_actor(st, "cli:tester", "local");
	assert_int_equal(store_pvt_sample_get(st, mid, &a, &h, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "the mission has no quick-count sample");
	assert_string_equal(sample(st, mid, &j), "");
	assert_int_equal(store_pvt_sample_clear(st, mid, &e), ST_NOT_FOUND);
	assert_string_equal(e.msg, "the mission has no quick-count sample");

	assert_int_equal(store_pvt_sample_put(st, mid, &head, rows, 4, false, &e), ST_OK);
	assert_int_equal(store_pvt_sample_get(st, mid, &a, &h, &e), ST_OK);
	assert_string_equal(h.method, "given");
	assert_string_equal(h.strata_by, "region");
	assert_int_equal(h.seed, 42);
	assert_int_equal(h.size, 4);
	assert_int_equal(h.frame_size, 5);
	assert_string_equal(h.frame_hash, "abc");
	assert_string_equal(h.generator, "g");
	assert_string_equal(h.allocation, ALLOCATION);
	assert_string_equal(h.drawn_by, "cli:tester");
	assert_int_equal(strlen(h.drawn_at), 20);
	first_at = h.drawn_at;
	/* By station code, each with its stratum and place in the draw. */
	assert_string_equal(sample(st, mid, &j), "S1:R1:2,S2:R1:1,S4:C1:3,S5:-:4");
	assert_int_equal(store_pvt_sample_get(st, other, &a, &h, &e), ST_NOT_FOUND);
	assert_string_equal(sample(st, other, &j), "");

	/* A second sample must be asked for; refusals leave the first. */
	assert_int_equal(store_pvt_sample_put(st, mid, &head, again, 1, false, &e),
	                 ST_EXISTS);
	assert_string_equal(e.msg, "the mission has a quick-count sample already; "
	                           "replacing it must be asked for");
	assert_int_equal(store_pvt_sample_put(st, mid, &head, region, 1, true, &e),
	                 ST_NOT_FOUND);
	assert_string_equal(e.msg, "station: no polling station \"R1\" in the mission");
	assert_int_equal(store_pvt_sample_put(st, mid, &head, twice, 2, true, &e),
	                 ST_INVALID);
	assert_string_equal(e.msg, "station \"S1\" is in the sample twice");
	assert_string_equal(sample(st, mid, &j), "S1:R1:2,S2:R1:1,S4:C1:3,S5:-:4");
	assert_int_equal(store_pvt_sample_put(st, mid, &srs, again, 1, true, &e), ST_OK);
	assert_int_equal(store_pvt_sample_get(st, mid, &a, &h, &e), ST_OK);
	assert_string_equal(h.method, "srs");
	assert_null(h.strata_by);
	assert_int_equal(h.seed, 0);
	assert_string_equal(h.allocation, "[]");
	assert_string_equal(sample(st, mid, &j), "S3:R1:1");

	assert_int_equal(store_pvt_sample_clear(st, mid, &e), ST_OK);
	assert_int_equal(store_pvt_sample_get(st, mid, &a, &h, &e), ST_NOT_FOUND);
	assert_string_equal(sample(st, mid, &j), "");
	assert_int_equal(store_pvt_sample_clear(st, mid, &e), ST_NOT_FOUND);

	/* Audited: create, update (the first sample as before), delete; the
	 * image is the same compact JSON text on every back-end. */
	snprintf(image, sizeof(image),
	         "{\"method\":\"given\",\"strata_by\":\"region\",\"seed\":42,\"size\":4,"
	         "\"frame_size\":5,\"frame_hash\":\"abc\",\"generator\":\"g\","
	         "\"allocation\":" ALLOCATION ",\"drawn_at\":\"%s\",\"drawn_by\":"
	         "\"cli:tester\",\"stations\":[[\"S2\",\"R1\"],[\"S1\",\"R1\"],"
	         "[\"S4\",\"C1\"],[\"S5\",null]]}",
	         first_at);
	audits(st, mid, "pvt_sample", &j);
	assert_non_null(strstr(j.text, "update sample "));
	snprintf(want, sizeof(want), ",create sample ->%s", image);
	assert_non_null(strstr(j.text, want));
	snprintf(want, sizeof(want),
	         "delete sample {\"method\":\"srs\",\"strata_by\":null,"
	         "\"seed\":0,\"size\":1,\"frame_size\":5,");
	assert_int_equal(strncmp(j.text, want, strlen(want)), 0);
	assert_non_null(
	    strstr(j.text, ",\"stations\":[[\"S3\",\"R1\"]]}>-,update sample"));
	snprintf(want, sizeof(want), "update sample %s>", image);
	assert_non_null(strstr(j.text, want));
	arena_release(&a);
	test_store_close(st);
}

int test_store_conformance_results(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_official_rows),
	    cmocka_unit_test(test_official_many_rows),
	    cmocka_unit_test(test_sample_kept),
	};

	return test_backends("store_conformance_results", tests,
	                     sizeof(tests) / sizeof(tests[0]));
}
