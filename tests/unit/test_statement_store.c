/* test_statement_store.c - the statement through a store: the blocks kept
 * per mission, language and key (unchanged texts not written, every
 * change audited, bad keys and languages refused), the stations, regions
 * and commissions visited counted from current reports (a rejected report
 * and an incident are not visits, a station abroad is), the whole
 * statement loaded and rendered with its placeholders until the blocks
 * are written; and the PDF printer's process handling with stand-in
 * browsers: missing, failing, too slow, and one that writes a PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis/statement.h"
#include "ingest/forms_install.h"
#include "report/pdf_chromium.h"
#include "report/statement.h"
#include "test.h"

static char path[96];
static struct store *st;
static int64_t mid;

static void remove_db(void)
{
	char side[128];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static void put_loc(const char *code, const char *level, const char *parent)
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

static int64_t put(const char *client, const char *form, const char *station,
                   const char *observer)
{
	struct stored_submission s = {.client_id = client,
	                              .form = form,
	                              .form_version = 1,
	                              .station = station,
	                              .observer = observer,
	                              .observed_at = "2023-03-19T10:15:00+06:00",
	                              .channel = "api",
	                              .answers = "{}",
	                              .status = "new",
	                              .content_hash = client};
	enum put_outcome out;
	struct err e;

	assert_int_equal(store_submission_put(st, mid, &s, &out, &e), ST_OK);
	return s.id;
}

/* Country KZ; region R1 with stations S1, S2 and territory T1; city C1
 * with S3; the abroad branch AB with S4.  Observers O1, O2. */
static int setup(void **state)
{
	struct mission m = {.code = "kz-2023",
	                    .name = "Test & <election>",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	const char *obs[2] = {"O1", "O2"};
	enum upsert_result res;
	char url[128];
	struct err e;

	snprintf(path, sizeof(path), "/tmp/observa-test-statement-%d.db", (int)getpid());
	remove_db();
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	store_set_actor(st, "cli:tester", "local");
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	mid = m.id;
	assert_int_equal(forms_install_builtin(st, mid, &e), ST_OK);
	put_loc("KZ", "country", NULL);
	put_loc("R1", "region", "KZ");
	put_loc("T1", "territory", "R1");
	put_loc("S1", "station", "T1");
	put_loc("S2", "station", "T1");
	put_loc("C1", "city", "KZ");
	put_loc("S3", "station", "C1");
	put_loc("AB", "abroad", "KZ");
	put_loc("S4", "station", "AB");
	for (int i = 0; i < 2; i++) {
		struct observer o = {.code = obs[i],
		                     .full_name = obs[i],
		                     .organisation = "CIS Inter-Parliamentary Assembly",
		                     .country = i ? "RU" : "AM",
		                     .role = "short_term",
		                     .accreditation_status = "accredited"};
		assert_int_equal(store_observer_upsert(st, mid, &o, &res, &e), ST_OK);
	}
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	store_close(st);
	remove_db();
	return 0;
}

struct listed {
	char text[8][256];
	int n;
};

static enum status collect(void *ctx, const struct statement_block_row *b)
{
	struct listed *l = ctx;

	if (l->n < 8)
		snprintf(l->text[l->n++], sizeof(l->text[0]), "%s/%s=%s by %s", b->lang,
		         b->key, b->text, b->updated_by);
	return ST_OK;
}

static enum status count_audit(void *ctx, const struct audit_entry *a)
{
	if (!strcmp(a->entity, "statement_block"))
		(*(int *)ctx)++;
	return ST_OK;
}

static void test_blocks_kept(void **state)
{
	struct statement_block_row b = {
	    .lang = "en", .key = "conclusions", .text = "One."};
	struct audit_filter af = {.mission_id = 0};
	enum upsert_result res;
	struct listed l = {0};
	int audited = 0;
	struct err e;

	af.mission_id = mid;
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_INSERTED);
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UNCHANGED);
	b.text = "Two.";
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	assert_int_equal(res, UPSERT_UPDATED);
	b = (struct statement_block_row){.lang = "en", .key = "summary", .text = "S."};
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	b = (struct statement_block_row){.lang = "ru", .key = "summary", .text = "Р."};
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);

	assert_int_equal(store_statement_block_list(st, mid, "en", collect, &l, &e),
	                 ST_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text[0], "en/summary=S. by cli:tester");
	assert_string_equal(l.text[1], "en/conclusions=Two. by cli:tester");
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_statement_block_list(st, mid, NULL, collect, &l, &e),
	                 ST_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text[2], "ru/summary=Р. by cli:tester");
	assert_int_equal(store_audit_list(st, &af, count_audit, &audited, &e), ST_OK);
	assert_int_equal(audited, 4); /* the unchanged put is not audited */

	b = (struct statement_block_row){.lang = "en", .key = "preface", .text = "x"};
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_INVALID);
	assert_true(!strncmp(e.msg, "key: ", 5));
	b = (struct statement_block_row){.lang = "de", .key = "summary", .text = "x"};
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_INVALID);
	assert_true(!strncmp(e.msg, "lang: ", 6));
	b = (struct statement_block_row){
	    .lang = "en", .key = "summary", .text = "a\001b"};
	assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_INVALID);
	assert_true(!strncmp(e.msg, "text: ", 6));
}

static void test_visits(void **state)
{
	struct statement_visits v;
	int64_t rejected;
	struct err e;

	put("a", "VO", "S1", "O1");
	put("b", "VO", "S1", "O2");
	put("c", "OP", "S4", "O1");
	rejected = put("d", "VO", "S2", "O1");
	put("e", "IN", "S3", "O2");
	put("f", "TA", "T1", "O2");
	assert_int_equal(store_submission_review(st, mid, rejected, "rejected", "no", &e),
	                 ST_OK);
	assert_int_equal(statement_visits_load(st, mid, &v, &e), ST_OK);
	assert_int_equal(v.stations, 4);
	assert_int_equal(v.stations_abroad, 1);
	assert_int_equal(v.visited, 2);        /* S1 and S4 */
	assert_int_equal(v.visited_abroad, 1); /* S4 */
	assert_int_equal(v.regions, 2);        /* R1 and C1; not the abroad branch */
	assert_int_equal(v.regions_visited, 1);
	assert_int_equal(v.commissions_visited, 1);
	assert_int_equal(v.reports, 3);
}

/* The visits counted against a layout loaded before (as a server keeps
 * it) are those loaded at once, as reports come; a new station needs the
 * layout loaded again, which the server does when the layout mark moves. */
static void test_visits_layout(void **state)
{
	struct statement_visits_layout *l;
	struct statement_visits v, w;
	struct err e;

	(void)state;
	put("a", "VO", "S1", "O1");
	assert_int_equal(statement_visits_layout_load(st, mid, &l, &e), ST_OK);
	put("c", "OP", "S4", "O1");
	put("f", "TA", "T1", "O2");
	assert_int_equal(statement_visits_count(l, st, mid, NULL, NULL, &v, &e), ST_OK);
	assert_int_equal(statement_visits_load(st, mid, &w, &e), ST_OK);
	assert_memory_equal(&v, &w, sizeof(v));
	assert_int_equal(v.visited, 2);
	assert_int_equal(v.visited_abroad, 1);
	assert_int_equal(v.commissions_visited, 1);
	put_loc("S9", "station", "R1");
	put("g", "VO", "S9", "O2");
	assert_int_equal(statement_visits_count(l, st, mid, NULL, NULL, &v, &e), ST_OK);
	assert_int_equal(v.stations, 4); /* the layout before S9 */
	statement_visits_layout_free(l);
	assert_int_equal(statement_visits_layout_load(st, mid, &l, &e), ST_OK);
	assert_int_equal(statement_visits_count(l, st, mid, NULL, NULL, &v, &e), ST_OK);
	assert_int_equal(statement_visits_load(st, mid, &w, &e), ST_OK);
	assert_memory_equal(&v, &w, sizeof(v));
	assert_int_equal(v.stations, 5);
	assert_int_equal(v.visited, 3);
	statement_visits_layout_free(l);
}

static void test_statement_loaded(void **state)
{
	struct statement s;
	struct mission m;
	struct arena a = ARENA_INIT;
	struct buf out;
	struct err e;
	const char *keys[3] = {"summary", "conclusions", "recommendations"};
	enum upsert_result res;

	put("a", "VO", "S1", "O1");
	assert_int_equal(store_mission_get(st, "kz-2023", &a, &m, &e), ST_OK);
	assert_int_equal(statement_load(st, &m, "de", &s, &e), ST_INVALID);
	statement_release(&s);
	assert_int_equal(statement_load(st, &m, "en", &s, &e), ST_OK);
	assert_true(s.has_discrepancy); /* the shipped forms have PR */
	assert_false(s.has_pvt);
	assert_null(s.blocks[STATEMENT_CONCLUSIONS]);
	buf_init(&out, BUF_NO_CAP);
	assert_int_equal(statement_render(&s, SDOC_HTML, &out, &e), ST_OK);
	assert_non_null(strstr(out.ptr, "<title>Preliminary statement: Test &amp; "
	                                "&lt;election&gt;</title>"));
	assert_non_null(strstr(out.ptr, "<p class=\"draft\">DRAFT"));
	assert_non_null(strstr(out.ptr,
	                       "from 1 of the 4 polling stations (25.0%), in 1 "
	                       "of the 2 regions and cities, and from 0 of the 1 "
	                       "polling stations abroad."));
	assert_non_null(strstr(out.ptr, "No quick-count sample was drawn"));
	assert_non_null(strstr(out.ptr, "[Conclusions of the head of mission:"));
	assert_true(strstr(out.ptr, "</html>\n") == out.ptr + out.len - 8);
	statement_release(&s);

	for (int k = 0; k < 3; k++) {
		struct statement_block_row b = {
		    .lang = "en", .key = keys[k], .text = "Written."};
		assert_int_equal(store_statement_block_put(st, mid, &b, &res, &e), ST_OK);
	}
	buf_reset(&out);
	assert_int_equal(statement_load(st, &m, "en", &s, &e), ST_OK);
	assert_int_equal(statement_render(&s, SDOC_MARKDOWN, &out, &e), ST_OK);
	assert_null(strstr(out.ptr, "DRAFT"));
	assert_null(strstr(out.ptr, "\\[Conclusions"));
	assert_non_null(strstr(out.ptr, "## Conclusions\n\nWritten.\n\n"));
	statement_release(&s);
	buf_reset(&out);
	assert_int_equal(statement_load(st, &m, "ru", &s, &e), ST_OK);
	assert_int_equal(statement_render(&s, SDOC_MARKDOWN, &out, &e), ST_OK);
	assert_non_null(strstr(out.ptr, "# Предварительное заявление\n"));
	assert_non_null(strstr(out.ptr, "День голосования: 19 марта 2023 г."));
	assert_non_null(strstr(out.ptr, "ПРОЕКТ")); /* nothing written in Russian */
	statement_release(&s);
	buf_release(&out);
	arena_release(&a);
}

/* ---- the PDF printer with stand-in browsers ---- */

static char script[128];

static void stand_in(const char *body)
{
	FILE *f;

	snprintf(script, sizeof(script), "/tmp/observa-test-browser-%d.sh",
	         (int)getpid());
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(script, 0700);
	setenv("OBSERVA_CHROMIUM", script, 1);
}

static void test_pdf_process(void **state)
{
	struct buf out;
	struct err e;
	time_t t0;

	buf_init(&out, 1 << 20);
	setenv("OBSERVA_CHROMIUM", "/nonexistent/chromium", 1);
	assert_string_equal(pdf_chromium_path(), "/nonexistent/chromium");
	assert_int_equal(pdf_chromium_print("<p>x</p>", 8, 5, &out, &e), ST_UNSUPPORTED);
	assert_true(!strncmp(e.msg, PDF_CHROMIUM_MISSING, strlen(PDF_CHROMIUM_MISSING)));

	stand_in("echo 'it went wrong' >&2; exit 3");
	assert_int_equal(pdf_chromium_print("<p>x</p>", 8, 5, &out, &e), ST_IO);
	if (!strstr(e.msg, "exit status 3): it went wrong"))
		fail_msg("%s", e.msg);

	stand_in("exec sleep 30");
	t0 = time(NULL);
	assert_int_equal(pdf_chromium_print("<p>x</p>", 8, 1, &out, &e), ST_IO);
	assert_non_null(strstr(e.msg, "within 1 s"));
	assert_true(time(NULL) - t0 < 10);

	stand_in("exit 0");
	assert_int_equal(pdf_chromium_print("<p>x</p>", 8, 5, &out, &e), ST_IO);
	assert_non_null(strstr(e.msg, "no PDF"));

	/* writes its arguments and the page it was given as the "PDF", and
	 * checks that the profile directory is fresh and empty */
	stand_in("for a; do case $a in --print-to-pdf=*) out=${a#--print-to-pdf=};;\n"
	         "--user-data-dir=*) prof=${a#--user-data-dir=};; file://*) "
	         "page=${a#file://};;\n"
	         "esac; done\n"
	         "[ -d \"$prof\" ] && [ -z \"$(ls -A \"$prof\")\" ] || exit 9\n"
	         "{ echo \"$*\"; cat \"$page\"; } > \"$out\"");
	assert_int_equal(pdf_chromium_print("<p>page</p>", 11, 5, &out, &e), ST_OK);
	assert_non_null(strstr(out.ptr, "--headless --no-sandbox --disable-gpu "
	                                "--no-first-run --disable-background-networking "
	                                "--disable-component-update --disable-sync "
	                                "--user-data-dir="));
	assert_non_null(strstr(out.ptr, "--no-pdf-header-footer --print-to-pdf="));
	assert_non_null(strstr(out.ptr, "<p>page</p>"));
	unlink(script);
	unsetenv("OBSERVA_CHROMIUM");
	buf_release(&out);

	setenv("OBSERVA_PDF_TIMEOUT", "7", 1);
	assert_int_equal(pdf_chromium_timeout(), 7);
	setenv("OBSERVA_PDF_TIMEOUT", "0", 1);
	assert_int_equal(pdf_chromium_timeout(), PDF_TIMEOUT_DEFAULT);
	unsetenv("OBSERVA_PDF_TIMEOUT");
}

int test_statement_store(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_blocks_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_visits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_visits_layout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement_loaded, setup, teardown),
	    cmocka_unit_test(test_pdf_process),
	};

	return cmocka_run_group_tests_name("statement_store", tests, NULL, NULL);
}
