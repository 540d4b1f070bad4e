/* test_submissions.c - submissions in the SQLite store: idempotency,
 * corrections, listing, review, conflicts, alerts, assignments, coverage
 * counts, attachments, the inbox of refused reports; and the group-commit
 * writer under concurrent load. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "core/alloc.h"
#include "model/attachment.h"
#include "store/store.h"
#include "store/writer.h"

static char db_path[64], db_url[80];
static int64_t mid;

static void cleanup_files(void)
{
	char p[96];

	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
}

static struct store *open_db(void)
{
	struct store *st;
	struct err e;

	assert_int_equal(store_open(db_url, &st, &e), ST_OK);
	return st;
}

static void put_loc(struct store *st, const char *code, const char *level,
                    const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
}

static void put_obs(struct store *st, const char *code)
{
	struct observer o = {.code = code,
	                     .full_name = code,
	                     .role = "short_term",
	                     .accreditation_status = "accredited"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
}

/* A mission with two regions, three stations and three observers. */
static int setup(void **state)
{
	struct mission m = {.code = "m",
	                    .name = "m",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct store *st;
	struct err e;
	int fd;

	snprintf(db_path, sizeof(db_path), "/tmp/observa-sub-XXXXXX");
	fd = mkstemp(db_path);
	close(fd);
	unlink(db_path);
	snprintf(db_url, sizeof(db_url), "sqlite:%s", db_path);
	st = open_db();
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	mid = m.id;
	put_loc(st, "KZ", "country", NULL);
	put_loc(st, "R1", "region", "KZ");
	put_loc(st, "R2", "region", "KZ");
	put_loc(st, "S1", "station", "R1");
	put_loc(st, "S2", "station", "R1");
	put_loc(st, "S3", "station", "R2");
	put_obs(st, "A");
	put_obs(st, "B");
	put_obs(st, "C");
	store_close(st);
	return 0;
}

static int teardown(void **state)
{
	cleanup_files();
	return 0;
}

static struct stored_submission sub(const char *client, const char *station,
                                    const char *observer, const char *answers)
{
	struct stored_submission s = {
	    .client_id = client,
	    .form = "OP",
	    .form_version = 1,
	    .station = station,
	    .observer = observer,
	    .channel = "api",
	    .answers = answers,
	    .status = "new",
	    .content_hash = answers,
	};
	return s;
}

static void test_idempotency(void **state)
{
	struct store *st = open_db();
	struct stored_submission a = sub("c1", "S1", "A", "{\"A\":1}");
	struct stored_submission again = a, other = sub("c1", "S1", "A", "{\"A\":2}");
	enum put_outcome out;
	struct err e;

	assert_int_equal(store_submission_put(st, mid, &a, &out, &e), ST_OK);
	assert_int_equal(out, PUT_STORED);
	assert_true(a.id > 0);
	assert_int_equal(a.version, 1);
	assert_int_equal(store_submission_put(st, mid, &again, &out, &e), ST_OK);
	assert_int_equal(out, PUT_DUPLICATE);
	assert_int_equal(again.id, a.id);
	err_clear(&e);
	assert_int_equal(store_submission_put(st, mid, &other, &out, &e), ST_CONFLICT);
	assert_non_null(strstr(e.msg, "c1"));

	/* Without a client id, the same content is simply another report. */
	struct stored_submission n1 = sub(NULL, "S1", "A", "{}"), n2 = n1;
	assert_int_equal(store_submission_put(st, mid, &n1, &out, &e), ST_OK);
	assert_int_equal(store_submission_put(st, mid, &n2, &out, &e), ST_OK);
	assert_int_not_equal(n1.id, n2.id);
	store_close(st);
}

static void test_unknown_station_and_observer(void **state)
{
	struct store *st = open_db();
	struct stored_submission a = sub("x", "NOPE", "A", "{}");
	struct stored_submission b = sub("y", "R1", "A", "{}");
	struct stored_submission c = sub("z", "S1", "NOBODY", "{}");
	enum put_outcome out;
	struct err e;

	assert_int_equal(store_submission_put(st, mid, &a, &out, &e), ST_NOT_FOUND);
	assert_non_null(strstr(e.msg, "station: no polling station with code \"NOPE\""));
	assert_int_equal(store_submission_put(st, mid, &b, &out, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "is a region"));
	assert_int_equal(store_submission_put(st, mid, &c, &out, &e), ST_NOT_FOUND);
	assert_non_null(strstr(e.msg, "observer"));
	store_close(st);
}

static int64_t ids[8];
static size_t nids;

static enum status collect_id(void *ctx, const struct stored_submission *s)
{
	ids[nids++] = s->id;
	return ST_OK;
}

static void test_corrections(void **state)
{
	struct store *st = open_db();
	struct stored_submission v1 = sub("r1", "S1", "A", "{\"A\":1}");
	struct stored_submission v2 = sub("r1-fix", "S1", "A", "{\"A\":0}");
	struct stored_submission stale = sub("r1-fix2", "S1", "A", "{\"A\":5}");
	struct stored_submission lost = sub("r9", "S1", "A", "{}");
	struct submission_filter f = {0};
	struct arena a = ARENA_INIT;
	struct stored_submission got;
	enum put_outcome out;
	int64_t total;
	struct err e;

	assert_int_equal(store_submission_put(st, mid, &v1, &out, &e), ST_OK);
	v2.replaces = "r1";
	assert_int_equal(store_submission_put(st, mid, &v2, &out, &e), ST_OK);
	assert_int_equal(v2.version, 2);
	assert_int_equal(v2.supersedes, v1.id);
	/* Correcting the old version again is refused. */
	stale.replaces = "r1";
	assert_int_equal(store_submission_put(st, mid, &stale, &out, &e), ST_CONFLICT);
	lost.replaces = "nope";
	assert_int_equal(store_submission_put(st, mid, &lost, &out, &e), ST_NOT_FOUND);

	/* Only the current version is listed, unless all are asked for. */
	assert_int_equal(store_submission_list(st, mid, &f, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 1);
	f.all_versions = true;
	assert_int_equal(store_submission_list(st, mid, &f, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 2);

	nids = 0;
	assert_int_equal(store_submission_versions(st, mid, v1.id, collect_id, NULL, &e),
	                 ST_OK);
	assert_int_equal(nids, 2);
	assert_int_equal(ids[0], v1.id);
	assert_int_equal(ids[1], v2.id);

	assert_int_equal(store_submission_get(st, mid, v2.id, &a, &got, &e), ST_OK);
	assert_string_equal(got.replaces, "r1");
	assert_string_equal(got.station, "S1");
	assert_int_equal(store_submission_get(st, mid, v1.id, &a, &got, &e), ST_OK);
	assert_int_equal(got.superseded_by, v2.id);
	arena_release(&a);
	store_close(st);
}

static void test_list_filters_and_review(void **state)
{
	struct store *st = open_db();
	struct stored_submission s1 = sub("a", "S1", "A", "{}"),
	                         s2 = sub("b", "S2", "B", "{}");
	struct stored_submission s3 = sub("c", "S3", "C", "{}");
	struct submission_filter f = {0};
	struct arena a = ARENA_INIT;
	struct stored_submission got;
	enum put_outcome out;
	int64_t total;
	struct err e;

	s3.form = "VO";
	s3.channel = "sms";
	assert_int_equal(store_submission_put(st, mid, &s1, &out, &e), ST_OK);
	assert_int_equal(store_submission_put(st, mid, &s2, &out, &e), ST_OK);
	assert_int_equal(store_submission_put(st, mid, &s3, &out, &e), ST_OK);

	f.region = "R1";
	store_submission_list(st, mid, &f, &total, NULL, NULL, &e);
	assert_int_equal(total, 2);
	memset(&f, 0, sizeof(f));
	f.form = "VO";
	store_submission_list(st, mid, &f, &total, NULL, NULL, &e);
	assert_int_equal(total, 1);
	memset(&f, 0, sizeof(f));
	f.channel = "sms";
	f.observer = "C";
	store_submission_list(st, mid, &f, &total, NULL, NULL, &e);
	assert_int_equal(total, 1);

	/* Newest first, paged. */
	memset(&f, 0, sizeof(f));
	f.limit = 1;
	f.offset = 1;
	nids = 0;
	store_submission_list(st, mid, &f, &total, collect_id, NULL, &e);
	assert_int_equal(total, 3);
	assert_int_equal(nids, 1);
	assert_int_equal(ids[0], s2.id);

	store_set_actor(st, "clerk", "127.0.0.1");
	assert_int_equal(
	    store_submission_review(st, mid, s2.id, "rejected", "wrong station", &e),
	    ST_OK);
	assert_int_equal(store_submission_get(st, mid, s2.id, &a, &got, &e), ST_OK);
	assert_string_equal(got.status, "rejected");
	assert_string_equal(got.reviewed_by, "clerk");
	assert_string_equal(got.review_note, "wrong station");
	memset(&f, 0, sizeof(f));
	f.status = "rejected";
	store_submission_list(st, mid, &f, &total, NULL, NULL, &e);
	assert_int_equal(total, 1);
	assert_int_equal(store_submission_review(st, mid, 999, "verified", NULL, &e),
	                 ST_NOT_FOUND);
	arena_release(&a);
	store_close(st);
}

struct cov {
	int rows;
	int64_t reports, flagged, conflicts;
};

static enum status count_cov(void *ctx, const struct coverage_row *r)
{
	struct cov *c = ctx;

	c->rows++;
	c->reports += r->reports;
	c->flagged += r->flagged;
	c->conflicts += r->conflicts;
	return ST_OK;
}

static void test_peers_conflicts_coverage(void **state)
{
	struct store *st = open_db();
	struct stored_submission a = sub("a", "S1", "A", "{\"A\":1}");
	struct stored_submission b = sub("b", "S1", "B", "{\"A\":0}");
	struct stored_submission c = sub("c", "S2", "C", "{}");
	struct conflict_filter cf = {.open_only = true};
	enum put_outcome out;
	struct cov cov = {0};
	int64_t total;
	struct err e;

	b.status = "flagged";
	store_submission_put(st, mid, &a, &out, &e);
	store_submission_put(st, mid, &b, &out, &e);
	store_submission_put(st, mid, &c, &out, &e);
	nids = 0;
	assert_int_equal(
	    store_submission_peers(st, mid, "S1", "OP", "B", collect_id, NULL, &e),
	    ST_OK);
	assert_int_equal(nids, 1);
	assert_int_equal(ids[0], a.id);

	assert_int_equal(store_conflict_put(st, mid, "S1", "OP", "A", "[1,0]", &e),
	                 ST_OK);
	assert_int_equal(store_conflict_put(st, mid, "S1", "OP", "B", "[2,3]", &e),
	                 ST_OK);
	assert_int_equal(store_conflict_list(st, mid, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 2);
	/* Keeping only A drops B. */
	assert_int_equal(store_conflict_clear(st, mid, "S1", "OP", "A", &e), ST_OK);
	assert_int_equal(store_conflict_list(st, mid, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 1);

	assert_int_equal(store_coverage_rows(st, mid, count_cov, &cov, &e), ST_OK);
	assert_int_equal(cov.rows, 2);
	assert_int_equal(cov.reports, 3);
	assert_int_equal(cov.flagged, 1);
	assert_int_equal(cov.conflicts, 1); /* the open conflict on tag A at S1 */

	/* Resolving closes it; new disagreeing values reopen it. */
	assert_int_equal(store_conflict_resolve(st, mid, 1, "1", &e), ST_OK);
	assert_int_equal(store_conflict_list(st, mid, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 0);
	assert_int_equal(store_conflict_put(st, mid, "S1", "OP", "A", "[1,2]", &e),
	                 ST_OK);
	assert_int_equal(store_conflict_list(st, mid, &cf, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 1);
	assert_int_equal(store_conflict_resolve(st, mid, 77, "1", &e), ST_NOT_FOUND);

	assert_int_equal(store_alert_add(st, mid, a.id, "F", "1", "ballot stuffing", &e),
	                 ST_OK);
	store_close(st);
}

static void test_assignments(void **state)
{
	struct store *st = open_db();
	struct assignment_row a = {"A", "S1", "2023-03-19"},
	                      bad = {"A", "R1", "2023-03-19"};
	enum upsert_result res;
	struct err e;

	assert_int_equal(store_assignment_put(st, mid, &a, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_assignment_put(st, mid, &a, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UNCHANGED);
	assert_int_equal(store_assignment_put(st, mid, &bad, &res, &e), ST_INVALID);
	store_close(st);
}

/* ---- the writer ---- */

struct put_job {
	struct writer_job job;
	int64_t mission;
	char client[32];
	int fail;
};

static enum status run_put(struct store *st, struct writer_job *job)
{
	struct put_job *pj = (struct put_job *)job;
	struct stored_submission s = sub(pj->client, pj->fail ? "NOPE" : "S1", "A", "{}");
	enum put_outcome out;

	return store_submission_put(st, pj->mission, &s, &out, &job->err);
}

static struct writer *the_writer;

static void *client_thread(void *arg)
{
	int t = (int)(intptr_t)arg;

	for (int i = 0; i < 300; i++) {
		struct put_job pj = {.job = {.run = run_put}, .mission = mid};
		snprintf(pj.client, sizeof(pj.client), "t%d-%d", t, i);
		pj.fail = i % 50 == 7;
		enum status rc = writer_run(the_writer, &pj.job);
		if (pj.fail ? rc != ST_NOT_FOUND : rc != ST_OK)
			return (void *)1;
	}
	return NULL;
}

static void test_writer_group_commit(void **state)
{
	pthread_t th[8];
	struct submission_filter f = {0};
	long long jobs, batches;
	struct store *st;
	int64_t total;
	struct err e;

	assert_int_equal(writer_start(db_url, &the_writer, &e), ST_OK);
	for (int i = 0; i < 8; i++)
		pthread_create(&th[i], NULL, client_thread, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++) {
		void *r;
		pthread_join(th[i], &r);
		assert_null(r);
	}
	writer_counts(the_writer, &jobs, &batches);
	writer_stop(the_writer);
	assert_int_equal(jobs, 8 * 300);
	/* Jobs waiting together were committed together. */
	assert_true(batches < jobs);

	st = open_db();
	assert_int_equal(store_submission_list(st, mid, &f, &total, NULL, NULL, &e),
	                 ST_OK);
	/* Failing jobs were rolled back alone: 6 of every 300 fail. */
	assert_int_equal(total, 8 * (300 - 6));
	store_close(st);
}

/* Jobs that may run again (writer.h: rerun_safe): a batch runs without a
 * savepoint a job, and one that fails after writing has the batch rolled
 * back and run again, each job in its savepoint. */
struct again_job {
	struct writer_job job;
	char client[32];
	int fail, runs;
};

static enum status run_again(struct store *st, struct writer_job *job)
{
	struct again_job *aj = (struct again_job *)job;
	struct stored_submission s = sub(aj->client, "S1", "A", "{}");
	enum put_outcome out;
	enum status rc;

	aj->runs++;
	rc = store_submission_put(st, mid, &s, &out, &job->err);
	if (!rc && aj->fail)
		rc = err_set(&job->err, ST_INVALID, "failed after writing");
	return rc;
}

struct again_thread {
	int t, once, twice;
};

static void *again_client(void *arg)
{
	struct again_thread *a = arg;

	for (int i = 0; i < 300; i++) {
		struct again_job aj = {.job = {.run = run_again, .rerun_safe = true}};
		snprintf(aj.client, sizeof(aj.client), "again%d-%d", a->t, i);
		aj.fail = i % 50 == 7;
		enum status rc = writer_run(the_writer, &aj.job);
		if (aj.fail ? rc != ST_INVALID : rc != ST_OK)
			return (void *)1;
		if (aj.runs > 2)
			return (void *)2;
		if (aj.fail)
			continue;
		if (aj.runs == 1)
			a->once++;
		else
			a->twice++;
	}
	return NULL;
}

static void test_writer_rerun(void **state)
{
	struct again_thread a[8] = {{0}};
	struct submission_filter f = {0};
	pthread_t th[8];
	int once = 0, twice = 0;
	struct store *st;
	int64_t total;
	struct err e;

	assert_int_equal(writer_start(db_url, &the_writer, &e), ST_OK);
	for (int i = 0; i < 8; i++) {
		a[i].t = i;
		pthread_create(&th[i], NULL, again_client, &a[i]);
	}
	for (int i = 0; i < 8; i++) {
		void *r;
		pthread_join(th[i], &r);
		assert_null(r);
		once += a[i].once;
		twice += a[i].twice;
	}
	/* Every failure had its batch run again, each job at most twice
	 * (without a savepoint, then in one); jobs in batches without a
	 * failure ran once. */
	assert_true(writer_reruns(the_writer) > 0);
	assert_true(once > 0);
	assert_int_equal(once + twice, 8 * (300 - 6));
	writer_stop(the_writer);

	/* What the failing jobs wrote before failing was rolled back with
	 * them; every other report was stored once. */
	st = open_db();
	assert_int_equal(store_submission_list(st, mid, &f, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 8 * (300 - 6));
	store_close(st);
}

static enum status collect_attachment(void *ctx, const struct attachment_row *a)
{
	char *names = ctx;
	size_t n = strlen(names);

	assert_null(a->data);
	snprintf(names + n, 64 - n, "%s;", a->name);
	return ST_OK;
}

static void test_attachments(void **state)
{
	static const unsigned char photo[] = {0xff, 0xd8, 0, 1, 0, 0xd9};
	struct store *st = open_db();
	struct stored_submission a = sub("att", "S1", "A", "{}");
	struct attachment_row p = {"photo.jpg", "image/jpeg", sizeof(photo), "h1", photo};
	struct attachment_row q = {"a.txt", "text/plain", 0, "h2", ""};
	struct attachment_row again = {"photo.jpg", "image/png", 1, "h3", "x"};
	struct attachment_row got;
	struct arena ar = ARENA_INIT;
	enum put_outcome out;
	char names[64] = "";
	bool added;
	struct err e;

	assert_int_equal(store_submission_put(st, mid, &a, &out, &e), ST_OK);
	assert_int_equal(store_attachment_add(st, a.id, &p, &added, &e), ST_OK);
	assert_true(added);
	assert_int_equal(store_attachment_add(st, a.id, &q, &added, &e), ST_OK);
	assert_true(added);
	/* A name the report has already is left as it was. */
	assert_int_equal(store_attachment_add(st, a.id, &again, &added, &e), ST_OK);
	assert_false(added);
	assert_int_equal(
	    store_attachment_list(st, mid, a.id, collect_attachment, names, &e), ST_OK);
	assert_string_equal(names, "a.txt;photo.jpg;");
	assert_int_equal(store_attachment_get(st, mid, a.id, "photo.jpg", &ar, &got, &e),
	                 ST_OK);
	assert_string_equal(got.content_type, "image/jpeg");
	assert_string_equal(got.hash, "h1");
	assert_int_equal(got.size, sizeof(photo));
	assert_memory_equal(got.data, photo, sizeof(photo));
	assert_int_equal(store_attachment_get(st, mid, a.id, "a.txt", &ar, &got, &e),
	                 ST_OK);
	assert_int_equal(got.size, 0);
	assert_int_equal(store_attachment_get(st, mid, a.id, "nope", &ar, &got, &e),
	                 ST_NOT_FOUND);
	assert_non_null(strstr(e.msg, "nope"));
	/* Another mission does not see them. */
	assert_int_equal(
	    store_attachment_get(st, mid + 1, a.id, "photo.jpg", &ar, &got, &e),
	    ST_NOT_FOUND);
	arena_release(&ar);
	store_close(st);

	assert_true(attachment_name_valid("1700000000000.jpg", NULL));
	assert_true(attachment_name_valid("фото протокола.jpg", NULL));
	assert_false(attachment_name_valid("", NULL));
	assert_false(attachment_name_valid("..", NULL));
	assert_false(attachment_name_valid("a/b.jpg", NULL));
	assert_false(attachment_name_valid("a\\b.jpg", NULL));
	assert_false(attachment_name_valid("a\nb.jpg", NULL));
	assert_false(attachment_name_valid("\xff.jpg", NULL));
}

static enum status collect_received(void *ctx, const struct received_row *r)
{
	int64_t *seen = ctx;

	assert_string_equal(r->channel, "odk");
	assert_string_equal(r->status, "refused");
	assert_non_null(strstr(r->problems, "station"));
	assert_int_equal(r->raw_len, strlen(r->raw));
	seen[seen[0]++ + 1] = r->id;
	return ST_OK;
}

static void test_received(void **state)
{
	struct store *st = open_db();
	struct received_row r1 = {.channel = "odk",
	                          .observer = "A",
	                          .raw = "<data>one</data>",
	                          .raw_len = 16,
	                          .problems = "[{\"field\":\"station\"}]",
	                          .status = "refused"};
	struct received_row r2 = r1;
	int64_t seen[4] = {0}, total = 0;
	struct err e;

	r2.observer = NULL;
	r2.raw = "<data>two</data> and more";
	r2.raw_len = 16; /* only what was received */
	assert_int_equal(store_received_add(st, mid, &r1, &e), ST_OK);
	assert_int_equal(store_received_add(st, mid, &r2, &e), ST_OK);
	assert_true(r2.id > r1.id);
	/* Newest first, paged, counted. */
	assert_int_equal(
	    store_received_list(st, mid, 1, 0, &total, collect_received, seen, &e),
	    ST_OK);
	assert_int_equal(total, 2);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], r2.id);
	assert_int_equal(
	    store_received_list(st, mid, 0, 1, &total, collect_received, seen, &e),
	    ST_OK);
	assert_int_equal(seen[0], 2);
	assert_int_equal(seen[2], r1.id);
	assert_int_equal(store_received_list(st, mid + 1, 0, 0, &total, NULL, NULL, &e),
	                 ST_OK);
	assert_int_equal(total, 0);
	store_close(st);
}

int test_submissions(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_idempotency, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_station_and_observer, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_corrections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_filters_and_review, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_peers_conflicts_coverage, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_assignments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attachments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_received, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writer_group_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writer_rerun, setup, teardown),
	};
	return cmocka_run_group_tests_name("submissions", tests, NULL, NULL);
}
