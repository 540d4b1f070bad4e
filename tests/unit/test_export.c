/* test_export.c - exports (src/report/export.h): a mission in the SQLite
 * store exported whole, compared byte for byte with what it
 * holds: reports wide and long, as labels and as codes, current versions
 * or all of them, a tag named like a column, pages that end exactly on a
 * row and a walk over several pages; the accreditation list sorted, in
 * words, escaped; options that do not apply refused before any byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/findings.h"
#include "ingest/forms_install.h"
#include "model/form.h"
#include "report/export.h"
#include "report/findings_csv.h"
#include "store/store.h"
#include "test.h"

/* ---- a mission in the store ---- */

static char path[64], url[80];
static struct store *st;
static int64_t mid;

static const char xs_form[] =
    "{\"code\": \"XS\", \"version\": 1, \"kind\": \"checklist\", \"phase\": \"voting\","
    " \"languages\": [\"en\", \"ru\"], \"name\": {\"en\": \"Extra\", \"ru\": \"Доп\"},"
    " \"questions\": ["
    "  {\"tag\": \"A\", \"type\": \"select_multiple\","
    "   \"text\": {\"en\": \"Problems\", \"ru\": \"Проблемы\"},"
    "   \"options\": [{\"value\": 1, \"text\": {\"en\": \"Queue, long\","
    "   \"ru\": \"Очередь\"}},"
    "   {\"value\": 2, \"text\": {\"en\": \"Noise\", \"ru\": \"Шум\"}},"
    "   {\"value\": 3, \"text\": {\"en\": \"Other\", \"ru\": \"Другое\"}}]},"
    "  {\"tag\": \"status\", \"type\": \"integer\","
    "   \"text\": {\"en\": \"A count\", \"ru\": \"Число\"}},"
    "  {\"tag\": \"T\", \"type\": \"text\", \"text\": {\"en\": \"Notes\", \"ru\": "
    "\"Заметки\"}},"
    "  {\"tag\": \"Y\", \"type\": \"yesno\", \"text\": {\"en\": \"Fine\", \"ru\": "
    "\"Хорошо\"}}]}";

static void put_loc(const char *code, const char *level, const char *parent)
{
	struct location l = {.code = code,
	                     .name = code,
	                     .level = level,
	                     .parent = parent,
	                     .registered_voters = -1};
	enum upsert_result res;
	struct err e;

	if (!strcmp(code, "S1")) {
		l.registered_voters = 1200;
		l.has_coords = true;
		l.latitude = 43.238949;
		l.longitude = 76.945465;
	}
	assert_int_equal(store_location_upsert(st, mid, &l, &res, &e), ST_OK);
}

static void put_obs(const struct observer *o)
{
	enum upsert_result res;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_observer_upsert(st, mid, o, &res, &e), ST_OK);
}

static int64_t put(const char *client, const char *replaces, const char *form,
                   const char *station, const char *answers)
{
	struct stored_submission s = {.client_id = client,
	                              .replaces = replaces,
	                              .form = form,
	                              .form_version = 1,
	                              .station = station,
	                              .observer = "O1",
	                              .channel = "api",
	                              .answers = answers,
	                              .comment =
	                                  strcmp(client, "x1") ? NULL : "long, \"queue\"",
	                              .status = "new",
	                              .content_hash = client,
	                              /* who keyed o1 in, from where */
	                              .sent_by = strcmp(client, "o1") ? NULL : "clerk1",
	                              .origin = strcmp(client, "o1") ? NULL : "10.0.0.7"};
	enum put_outcome out;
	struct err e;

	err_clear(&e);
	assert_int_equal(store_submission_put(st, mid, &s, &out, &e), ST_OK);
	return s.id;
}

static int setup(void **state)
{
	struct mission m = {.code = "m",
	                    .name = "Mission <one>",
	                    .organisation = "CIS & co",
	                    .election_type = "parliament",
	                    .election_date = "2023-03-19",
	                    .country = "KZ"};
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct observer o[] = {
	    {.code = "O1",
	     .full_name = "Zara",
	     .organisation = "OSCE",
	     .country = "DE",
	     .role = "short_term",
	     .accreditation_status = "accredited",
	     .badge_number = "B-1",
	     .id_document = "P 123"},
	    {.code = "O2",
	     .full_name = "Anna <b>",
	     .organisation = "OSCE",
	     .country = "DE",
	     .role = "long_term",
	     .accreditation_status = "requested",
	     .phones = "+77011234567"},
	    {.code = "O3",
	     .full_name = "Ivan",
	     .organisation = "CIS",
	     .country = "RU",
	     .role = "head",
	     .accreditation_status = "accredited"},
	    {.code = "O4",
	     .full_name = "Nobody",
	     .role = "driver",
	     .accreditation_status = "refused"},
	};
	enum upsert_result res;
	struct form *f = NULL;
	struct err e;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/observa-export-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(store_open(url, &st, &e), ST_OK);
	assert_int_equal(store_mission_create(st, &m, &e), ST_OK);
	mid = m.id;
	assert_int_equal(forms_install_builtin(st, mid, &e), ST_OK);
	assert_int_equal(form_parse(xs_form, strlen(xs_form), &f, &problems), ST_OK);
	assert_int_equal(forms_install_put(st, mid, f, &res, &e), ST_OK);
	form_free(f);
	put_loc("KZ", "country", NULL);
	put_loc("R1", "region", "KZ");
	put_loc("D1", "district", "R1");
	put_loc("S1", "station", "D1");
	put_loc("S2", "station", "KZ");
	for (size_t i = 0; i < sizeof(o) / sizeof(o[0]); i++)
		put_obs(&o[i]);
	put("x1", NULL, "XS", "S1", "{\"A\":[1,3],\"status\":7,\"T\":\"a\\nb\"}");
	put("x2", NULL, "XS", "S2", "{\"Y\":0}");
	put("x3", "x2", "XS", "S2", "{\"Y\":1,\"gone\":5}");
	put("o1", NULL, "OP", "S1", "{\"A\":1,\"Z\":4}");
	return 0;
}

static int teardown(void **state)
{
	char side[96];

	(void)state;
	store_close(st);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

/* The whole export of kind with the options "name=value" pairs; rc and e
 * of the first failure.  The caller frees the text. */
/* The calls of export_next() the last export_all() made. */
static int last_pages;

static char *export_all(enum export_kind kind, const char *const *opts, enum status *rc,
                        struct err *e)
{
	struct export_options o;
	struct export *x = NULL;
	struct buf out;
	bool done = false;
	int pages = 0;

	err_clear(e);
	export_options_init(&o, kind);
	buf_init(&out, BUF_NO_CAP);
	*rc = ST_OK;
	for (size_t i = 0; opts && opts[i] && !*rc; i += 2)
		*rc = export_option_set(&o, opts[i], opts[i + 1], e);
	if (!*rc)
		*rc = export_open(st, "m", &o, &x, e);
	while (!*rc && !done) {
		size_t before = out.len;
		*rc = export_next(x, &out, &done, e);
		/* Every call but a last one after a full page gives bytes. */
		assert_true(done || out.len > before);
		pages++;
	}
	last_pages = pages;
	export_close(x);
	return buf_detach(&out, NULL);
}

static char *ok_export(enum export_kind kind, const char *const *opts)
{
	enum status rc;
	struct err e;
	char *s = export_all(kind, opts, &rc, &e);

	if (rc)
		fail_msg("export failed: %s", e.msg);
	return s;
}

static void expect_refused(enum export_kind kind, const char *const *opts,
                           enum status code, const char *msg)
{
	enum status rc;
	struct err e;
	char *s = export_all(kind, opts, &rc, &e);

	assert_int_equal(rc, code);
	assert_string_equal(e.msg, msg);
	assert_string_equal(s, "");
	free(s);
}

#define META                                                                             \
	"id,client_id,form,form_version,version,replaces,supersedes,superseded_by,"      \
	"station,"                                                                       \
	"station_name,region,observer,observed_at,received_at,channel,status,comment"

/* The received_at of report id, as stored. */
static const char *received(int64_t id)
{
	static char at[8][32];
	struct stored_submission s;
	struct arena a = ARENA_INIT;
	struct err e;

	assert_int_equal(store_submission_get(st, mid, id, &a, &s, &e), ST_OK);
	snprintf(at[id % 8], sizeof(at[0]), "%s", s.received_at);
	arena_release(&a);
	return at[id % 8];
}

static void test_wide_labels_and_codes(void **state)
{
	const char *const labels[] = {"form", "XS", NULL};
	const char *const codes[] = {"form", "XS", "values", "codes", NULL};
	const char *const json[] = {"form",   "XS",   "values", "codes",
	                            "format", "json", NULL};
	const char *const all[] = {"form", "XS", "all_versions", "1", "lang", "ru", NULL};
	char expect[2048];
	char *s;

	(void)state;
	s = ok_export(EXPORT_SUBMISSIONS, labels);
	snprintf(expect, sizeof(expect),
	         META ",A,q_status,T,Y\r\n"
	              "1,x1,XS,1,1,,,,S1,S1,R1,O1,,%s,api,new,\"long, \"\"queue\"\"\","
	              "\"Queue, long, Other\",7,\"a\nb\",\r\n"
	              "3,x3,XS,1,2,x2,2,,S2,S2,,O1,,%s,api,new,,,,,yes\r\n",
	         received(1), received(3));
	assert_string_equal(s, expect);
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, codes);
	snprintf(expect, sizeof(expect),
	         META ",A,q_status,T,Y\r\n"
	              "1,x1,XS,1,1,,,,S1,S1,R1,O1,,%s,api,new,\"long, \"\"queue\"\"\","
	              "1;3,7,\"a\nb\",\r\n"
	              "3,x3,XS,1,2,x2,2,,S2,S2,,O1,,%s,api,new,,,,,1\r\n",
	         received(1), received(3));
	assert_string_equal(s, expect);
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, json);
	assert_non_null(strstr(s, "\"comment\":\"long, \\\"queue\\\"\",\"A\":[1,3],"
	                          "\"q_status\":7,\"T\":\"a\\nb\",\"Y\":null}"));
	free(s);
	/* Every version, the corrected one pointing at its correction. */
	s = ok_export(EXPORT_SUBMISSIONS, all);
	assert_non_null(strstr(s, "\r\n2,x2,XS,1,1,,,3,S2,"));
	assert_non_null(strstr(s, ",\"Очередь, Другое\",7,"));
	assert_non_null(strstr(s, ",нет\r\n3,x3,XS,1,2,x2,2,,S2,"));
	free(s);
}

static void test_long_layout(void **state)
{
	const char *const none[] = {NULL};
	const char *const one[] = {"form",   "OP",    "layout", "long",
	                           "values", "codes", NULL};
	char expect[2048];
	char *s;

	(void)state;
	s = ok_export(EXPORT_SUBMISSIONS, none);
	/* Answers in the form's order, then a tag the form lacks as stored;
	 * each row ends with who sent the report, from where. */
	snprintf(
	    expect, sizeof(expect),
	    META
	    ",question,value,sent_by,origin\r\n"
	    "1,x1,XS,1,1,,,,S1,S1,R1,O1,,%1$s,api,new,\"long, \"\"queue\"\"\",A,"
	    "\"Queue, long, Other\",,\r\n"
	    "1,x1,XS,1,1,,,,S1,S1,R1,O1,,%1$s,api,new,\"long, "
	    "\"\"queue\"\"\",status,7,,\r\n"
	    "1,x1,XS,1,1,,,,S1,S1,R1,O1,,%1$s,api,new,\"long, "
	    "\"\"queue\"\"\",T,\"a\nb\",,\r\n"
	    "3,x3,XS,1,2,x2,2,,S2,S2,,O1,,%2$s,api,new,,Y,yes,,\r\n"
	    "3,x3,XS,1,2,x2,2,,S2,S2,,O1,,%2$s,api,new,,gone,5,,\r\n"
	    "4,o1,OP,1,1,,,,S1,S1,R1,O1,,%3$s,api,new,,A,yes,clerk1,10.0.0.7\r\n"
	    "4,o1,OP,1,1,,,,S1,S1,R1,O1,,%3$s,api,new,,Z,very good,clerk1,10.0.0.7\r\n",
	    received(1), received(3), received(4));
	assert_string_equal(s, expect);
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, one);
	snprintf(expect, sizeof(expect),
	         META ",question,value,sent_by,origin\r\n"
	              "4,o1,OP,1,1,,,,S1,S1,R1,O1,,%1$s,api,new,,A,1,clerk1,10.0.0.7\r\n"
	              "4,o1,OP,1,1,,,,S1,S1,R1,O1,,%1$s,api,new,,Z,4,clerk1,10.0.0.7\r\n",
	         received(4));
	assert_string_equal(s, expect);
	free(s);
}

static void test_registry_tables(void **state)
{
	const char *const any[] = {"level", "any", "format", "jsonl", NULL};
	const char *const region[] = {"region", "R1", "bom", "1", NULL};
	const char *const accredited[] = {"status", "accredited", "country", "Germany",
	                                  NULL};
	const char *const phone[] = {"phone", "8 701 123 45 67", NULL};
	char *s;

	(void)state;
	s = ok_export(EXPORT_STATIONS, region);
	assert_string_equal(s, "\xef\xbb\xbf"
	                       "code,name,level,parent,region,registered_voters,latitude,"
	                       "longitude,stratum\r\n"
	                       "S1,S1,station,D1,R1,1200,43.238949,76.945465,\r\n");
	free(s);
	s = ok_export(EXPORT_STATIONS, any);
	assert_non_null(strstr(s,
	                       "{\"code\":\"KZ\",\"name\":\"KZ\",\"level\":\"country\","
	                       "\"parent\":null,\"region\":null,"));
	assert_non_null(strstr(s,
	                       "{\"code\":\"D1\",\"name\":\"D1\",\"level\":\"district\","
	                       "\"parent\":\"R1\",\"region\":\"R1\","));
	free(s);
	s = ok_export(EXPORT_OBSERVERS, accredited);
	assert_string_equal(s,
	                    "code,full_name,organisation,country,role,phones,email,"
	                    "languages,team,accreditation_status,badge_number,"
	                    "requested_on,decided_on,id_document\r\n"
	                    "O1,Zara,OSCE,DE,short_term,,,,,accredited,B-1,,,P 123\r\n");
	free(s);
	s = ok_export(EXPORT_OBSERVERS, phone);
	assert_non_null(strstr(s, "\r\nO2,Anna <b>,OSCE,DE,long_term,+77011234567,"));
	assert_null(strstr(s, "\r\nO1,"));
	free(s);
}

static void test_accreditation(void **state)
{
	const char *const csv[] = {NULL};
	const char *const html[] = {"format", "html", "lang", "ru", NULL};
	char *s;

	(void)state;
	/* By organisation (none first), country, name. */
	s = ok_export(EXPORT_ACCREDITATION, csv);
	assert_string_equal(
	    s, "number,full_name,country,organisation,id_document,"
	       "badge_number,role,status,code\r\n"
	       "1,Nobody,,,,,Driver,Refused,O4\r\n"
	       "2,Ivan,Russia,CIS,,,Head of mission,Accredited,O3\r\n"
	       "3,Anna <b>,Germany,OSCE,,,Long-term observer,Requested,O2\r\n"
	       "4,Zara,Germany,OSCE,P 123,B-1,Short-term observer,"
	       "Accredited,O1\r\n");
	free(s);
	s = ok_export(EXPORT_ACCREDITATION, html);
	assert_non_null(strstr(s, "<!DOCTYPE html>\n<html lang=\"ru\">"));
	assert_non_null(
	    strstr(s, "<title>Список для аккредитации: Mission &lt;one&gt;</title>"));
	assert_non_null(strstr(s, "CIS &amp; co"));
	assert_non_null(strstr(s, "thead { display: table-header-group; }"));
	assert_non_null(strstr(s, "<td>Anna &lt;b&gt;</td><td>Германия</td>"));
	assert_non_null(strstr(s, "<td>Аккредитован</td><td>O1</td></tr>"));
	assert_non_null(strstr(s, "<p class=\"total\">Всего: 4</p>\n</body>\n</html>\n"));
	assert_null(strstr(s, "http"));
	free(s);
}

static void test_findings_as_analyze(void **state)
{
	const char *const csv[] = {"form", "OP", NULL};
	const char *const json[] = {"form", "OP", "format", "json", NULL};
	struct findings_options fo = {.lang = "en", .form = "OP"};
	struct findings f = {0};
	char *mem = NULL, *s;
	size_t len = 0;
	FILE *fp = open_memstream(&mem, &len);
	struct err e;

	(void)state;
	assert_int_equal(findings_compute(st, mid, &fo, &f, &e), ST_OK);
	assert_int_equal(findings_csv_write(&f, fp, &e), ST_OK);
	fclose(fp);
	findings_release(&f);
	s = ok_export(EXPORT_FINDINGS, csv);
	assert_string_equal(s, mem);
	free(s);
	s = ok_export(EXPORT_FINDINGS, json);
	assert_non_null(strstr(s, "\"question\":\"A\",\"question_type\":\"yesno\","));
	assert_non_null(
	    strstr(s, "\"observations\":1,\"negative\":0,\"negative_share\":0.000000"));
	free(s);
	free(mem);
}

static void test_refused(void **state)
{
	const char *const team[] = {"team", "t", NULL};
	const char *const bom[] = {"bom", "1", "format", "json", NULL};
	const char *const html[] = {"format", "html", NULL};
	const char *const wide[] = {"layout", "wide", NULL};
	const char *const region[] = {"region", "nowhere", NULL};
	const char *const observer[] = {"observer", "O9", NULL};
	const char *const status[] = {"status", "open", NULL};
	const char *const checklist[] = {"form", "OP", NULL};
	const char *const values[] = {"values", "words", NULL};

	(void)state;
	expect_refused(EXPORT_STATIONS, team, ST_INVALID,
	               "team: does not apply to an export of stations");
	expect_refused(EXPORT_OBSERVERS, bom, ST_INVALID,
	               "bom: only CSV files start with a byte order mark");
	expect_refused(EXPORT_OBSERVERS, html, ST_INVALID,
	               "format: an export of observers is not written as html");
	expect_refused(EXPORT_SUBMISSIONS, wide, ST_INVALID,
	               "layout: the wide layout has a column per question of one form: "
	               "give the form, or the long layout");
	expect_refused(EXPORT_SUBMISSIONS, region, ST_NOT_FOUND,
	               "region: no location with code \"nowhere\" in mission m");
	expect_refused(EXPORT_SUBMISSIONS, observer, ST_NOT_FOUND,
	               "observer: no observer with code \"O9\" in mission m");
	expect_refused(
	    EXPORT_SUBMISSIONS, status, ST_INVALID,
	    "status: \"open\" is not one of: new, flagged, verified, rejected");
	expect_refused(EXPORT_INCIDENTS, checklist, ST_INVALID,
	               "form: OP is a checklist form, not an incident form");
	expect_refused(EXPORT_SUBMISSIONS, values, ST_INVALID,
	               "values: \"words\" is not one of: labels, codes");
}

/* Over several pages: observers up to exactly three full pages, every one
 * once and in order, the walk ending with one more, empty, page (which
 * export_all() checks gives no bytes but the end). */
static void test_pages(void **state)
{
	const char *const none[] = {NULL};
	const char *const incidents[] = {"values", "codes", NULL};
	int n = EXPORT_PAGE_ROWS * 3 - 4; /* 4 observers are there already */
	char code[16], *s, *p;
	int lines = 0;
	struct err e;

	(void)state;
	assert_int_equal(store_begin(st, &e), ST_OK);
	for (int i = 0; i < n; i++) {
		struct observer o = {.code = code,
		                     .full_name = "P",
		                     .role = "other",
		                     .accreditation_status = "requested"};
		snprintf(code, sizeof(code), "P%05d", i);
		put_obs(&o);
	}
	assert_int_equal(store_commit(st, &e), ST_OK);
	s = ok_export(EXPORT_OBSERVERS, none);
	assert_int_equal(last_pages, 4);
	for (p = s; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, n + 4 + 1);
	/* Each in its place: with the count of lines, each once. */
	p = s;
	for (int i = 0; i < n; i++) {
		snprintf(code, sizeof(code), "\r\nP%05d,", i);
		p = strstr(p, code);
		assert_non_null(p);
	}
	free(s);
	s = ok_export(EXPORT_ACCREDITATION, none);
	snprintf(code, sizeof(code), "\r\n%d,", n + 4);
	assert_non_null(strstr(s, code));
	free(s);
	/* No incident form report: the header only. */
	s = ok_export(EXPORT_INCIDENTS, incidents);
	assert_string_equal(s, META ",A,B,C,D,E\r\n");
	free(s);
}

/* Reports whose answers are whole numbers only are written from a scan of
 * their text, others from their parsed JSON: the cells are the same.
 * Here the scan's cases (arrays, negatives, an unanswered question) and
 * those it leaves to the parser (true, an empty array outside CSV, an
 * escaped tag) side by side.  Last in the group: it adds reports. */
static void test_whole_numbers_as_parsed(void **state)
{
	const char *const labels[] = {"form", "XS", NULL};
	const char *const codes[] = {"form", "XS", "values", "codes", NULL};
	const char *const json[] = {"form",   "XS",    "values", "codes",
	                            "format", "jsonl", NULL};
	const char *const words[] = {"form", "XS", "format", "jsonl", "lang", "ru", NULL};
	char row[256];
	char *s;
	int64_t a, b, c;

	(void)state;
	a = put("x5", NULL, "XS", "S1", "{\"A\":[2,3],\"status\":-4,\"Y\":1}");
	b = put("x6", NULL, "XS", "S1", "{\"A\":[], \"Y\":true,\"status\":null}");
	c = put("x7", NULL, "XS", "S1", "{\"\\u0041\":[1],\"Y\":0}");
	s = ok_export(EXPORT_SUBMISSIONS, labels);
	snprintf(
	    row, sizeof(row),
	    "\r\n%lld,x5,XS,1,1,,,,S1,S1,R1,O1,,%s,api,new,,\"Noise, Other\",-4,,yes\r\n",
	    (long long)a, received(a));
	assert_non_null(strstr(s, row));
	snprintf(row, sizeof(row),
	         "\r\n%lld,x6,XS,1,1,,,,S1,S1,R1,O1,,%s,api,new,,,,,yes\r\n",
	         (long long)b, received(b));
	assert_non_null(strstr(s, row));
	snprintf(
	    row, sizeof(row),
	    "\r\n%lld,x7,XS,1,1,,,,S1,S1,R1,O1,,%s,api,new,,\"Queue, long\",,,no\r\n",
	    (long long)c, received(c));
	assert_non_null(strstr(s, row));
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, codes);
	assert_non_null(strstr(s, ",new,,2;3,-4,,1\r\n"));
	assert_non_null(strstr(s, ",new,,,,,1\r\n"));
	assert_non_null(strstr(s, ",new,,1,,,0\r\n"));
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, json);
	assert_non_null(strstr(
	    s, "\"comment\":null,\"A\":[2,3],\"q_status\":-4,\"T\":null,\"Y\":1}\n"));
	assert_non_null(strstr(
	    s, "\"comment\":null,\"A\":[],\"q_status\":null,\"T\":null,\"Y\":true}\n"));
	assert_non_null(strstr(
	    s, "\"comment\":null,\"A\":[1],\"q_status\":null,\"T\":null,\"Y\":0}\n"));
	free(s);
	s = ok_export(EXPORT_SUBMISSIONS, words);
	assert_non_null(strstr(
	    s, "\"A\":\"Шум, Другое\",\"q_status\":-4,\"T\":null,\"Y\":\"да\"}\n"));
	assert_non_null(
	    strstr(s, "\"A\":\"\",\"q_status\":null,\"T\":null,\"Y\":\"да\"}\n"));
	assert_non_null(
	    strstr(s, "\"A\":\"Очередь\",\"q_status\":null,\"T\":null,\"Y\":\"нет\"}\n"));
	free(s);
}

int test_export(void)
{
	const struct CMUnitTest store[] = {
	    cmocka_unit_test(test_wide_labels_and_codes),
	    cmocka_unit_test(test_long_layout),
	    cmocka_unit_test(test_registry_tables),
	    cmocka_unit_test(test_accreditation),
	    cmocka_unit_test(test_findings_as_analyze),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_whole_numbers_as_parsed),
	};

	return cmocka_run_group_tests_name("export", store, setup, teardown);
}
