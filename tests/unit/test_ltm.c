/* test_ltm.c - the long-term log's rules: institution kinds and their
 * synonyms, times of day, a meeting prepared (trimmed, canonical,
 * participants tidied) and refused field by field; documents' kinds,
 * directions, media types, hashes and limits; the JSON shape and a
 * meeting read from JSON. */
#include <string.h>

#include "http/http.h"
#include "model/document.h"
#include "model/ltm_json.h"
#include "model/meeting.h"
#include "test.h"

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(meeting_kind_canonical("election_commission"),
	                    "election_commission");
	assert_string_equal(meeting_kind_canonical("CEC"), "election_commission");
	assert_string_equal(meeting_kind_canonical("  Central  Election-Commission "),
	                    "election_commission");
	assert_string_equal(meeting_kind_canonical("ЦИК"), "election_commission");
	assert_string_equal(meeting_kind_canonical("Mazhilis"), "parliament");
	assert_string_equal(meeting_kind_canonical("senate"), "parliament");
	assert_string_equal(meeting_kind_canonical("Akimat"), "local_authority");
	assert_string_equal(meeting_kind_canonical("local-authority"), "local_authority");
	assert_string_equal(meeting_kind_canonical("NGO"), "civil_society");
	assert_string_equal(meeting_kind_canonical("Embassy"), "international");
	assert_string_equal(meeting_kind_canonical("Political party"), "party");
	assert_string_equal(meeting_kind_canonical("TV"), "media");
	assert_null(meeting_kind_canonical("church"));
	assert_null(meeting_kind_canonical(""));
	assert_null(meeting_kind_canonical(NULL));
	/* Too long to be any kind: refused, not cut. */
	assert_null(meeting_kind_canonical(
	    "election commission election commission election commission election"));
	assert_non_null(strstr(meeting_kinds_list(), "civil_society"));
}

static void test_times(void **state)
{
	(void)state;
	assert_true(meeting_time_valid("00:00"));
	assert_true(meeting_time_valid("09:30"));
	assert_true(meeting_time_valid("23:59"));
	assert_false(meeting_time_valid("24:00"));
	assert_false(meeting_time_valid("12:60"));
	assert_false(meeting_time_valid("9:30"));
	assert_false(meeting_time_valid("09.30"));
	assert_false(meeting_time_valid("09:30:00"));
	assert_false(meeting_time_valid(NULL));
}

static struct meeting sample(void)
{
	return (struct meeting){
	    .date = " 2023-02-22 ",
	    .time = "9:30",
	    .place = "Astana, CEC building",
	    .counterpart = "  B. Sadykov, Chairman ",
	    .institution_kind = "CEC",
	    .institution = "Central Election Commission",
	    .participants = " IPA-001 ;; IPA-004;  Dr. A. Karimova ; ",
	    .topics = "voter lists; observers' accreditation",
	    .summary = "The Chairman described the preparations.\nTwo paragraphs.\n",
	    .follow_ups = "   ",
	};
}

static void test_prepare(void **state)
{
	struct arena a = ARENA_INIT;
	struct meeting m = sample();
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(meeting_prepare(&m, &a, &e), ST_OK);
	assert_string_equal(m.date, "2023-02-22");
	assert_string_equal(m.time, "09:30");
	assert_string_equal(m.counterpart, "B. Sadykov, Chairman");
	assert_string_equal(m.institution_kind, "election_commission");
	assert_string_equal(m.participants, "IPA-001;IPA-004;Dr. A. Karimova");
	assert_string_equal(m.summary, "The Chairman described the preparations.\nTwo "
	                               "paragraphs.");
	assert_null(m.follow_ups);
	assert_int_equal(meeting_problems(&m, NULL, NULL), 0);
	arena_release(&a);
}

/* Prepare m and return the message, or "" when it passed. */
static const char *refusal(struct meeting m, struct err *e)
{
	struct arena a = ARENA_INIT;
	enum status rc;

	err_clear(e);
	rc = meeting_prepare(&m, &a, e);
	arena_release(&a);
	return rc ? e->msg : "";
}

static void count_problem(void *ctx, const struct err *e)
{
	(*(int *)ctx)++;
	assert_int_equal(e->code, ST_INVALID);
}

static void test_refused(void **state)
{
	struct meeting m = sample();
	char big[MEETING_TOPICS_MAX + 2];
	struct err e;
	int n = 0;

	(void)state;
	m.date = "2023-02-30";
	assert_string_equal(refusal(m, &e),
	                    "date: \"2023-02-30\" is not a date (YYYY-MM-DD)");
	m = sample();
	m.date = NULL;
	assert_string_equal(refusal(m, &e), "date: is required (YYYY-MM-DD)");
	m = sample();
	m.time = "25:00";
	assert_non_null(strstr(refusal(m, &e), "time: \"25:00\" is not a time of day"));
	m = sample();
	m.institution_kind = "church";
	assert_non_null(
	    strstr(refusal(m, &e), "institution_kind: \"church\" is not one of"));
	m = sample();
	m.institution = "  ";
	assert_string_equal(refusal(m, &e), "institution: is required");
	m = sample();
	m.counterpart = "A\nB";
	/* Trimmed, then the line break inside is refused. */
	assert_non_null(strstr(refusal(m, &e), "counterpart: holds a control character"));
	m = sample();
	m.place = "\xff\xfe";
	assert_string_equal(refusal(m, &e), "place: is not valid UTF-8");
	m = sample();
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m.topics = big;
	assert_non_null(
	    strstr(refusal(m, &e), "topics: is 1001 bytes long; at most 1000"));
	m = sample();
	m.summary = "tab\tand\r\nlines are fine";
	assert_string_equal(refusal(m, &e), "");
	m.summary = "a bell \a is not";
	assert_non_null(strstr(refusal(m, &e), "summary: holds a control character"));

	/* Every problem at once. */
	m = (struct meeting){
	    .date = "yesterday", .time = "noon", .institution_kind = "x"};
	assert_int_equal(meeting_problems(&m, count_problem, &n), 4);
	assert_int_equal(n, 4);
}

static void test_participants_bounded(void **state)
{
	struct meeting m = sample();
	char many[MEETING_PARTICIPANTS_MAX * 4 + 8] = "";
	char longone[MEETING_PARTICIPANT_MAX + 2];
	struct err e;

	(void)state;
	for (int i = 0; i <= MEETING_PARTICIPANTS_MAX; i++)
		memcpy(many + 2 * i, "P;", 3);
	m.participants = many;
	assert_non_null(strstr(refusal(m, &e), "participants: more than 50"));
	memset(longone, 'y', sizeof(longone) - 1);
	longone[sizeof(longone) - 1] = '\0';
	m.participants = longone;
	assert_non_null(
	    strstr(refusal(m, &e), "participants: participant 1 is 201 bytes"));
}

static void test_documents(void **state)
{
	struct arena a = ARENA_INIT;
	struct document d = {.title = "  Legal compliance review ",
	                     .kind = "Legal compliance review",
	                     .direction = "handed over",
	                     .date = "2023-03-01",
	                     .file_name = "legal-review.md",
	                     .size = 10};
	char hash[DOCUMENT_HASH_HEX + 1];
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(document_prepare(&d, &a, &e), ST_OK);
	assert_string_equal(d.title, "Legal compliance review");
	assert_string_equal(d.kind, "legal_review");
	assert_string_equal(d.direction, "handed_over");
	assert_string_equal(d.content_type, "text/markdown; charset=utf-8");
	assert_string_equal(document_kind_canonical("LTM report"), "monitoring_report");
	assert_string_equal(document_kind_canonical("long-term monitoring report"),
	                    "monitoring_report");
	assert_string_equal(document_kind_canonical("Note verbale"), "letter");
	assert_null(document_kind_canonical("poem"));
	assert_string_equal(document_direction_canonical("RECEIVED"), "received");
	assert_null(document_direction_canonical("lost"));
	assert_string_equal(document_type_for_name("a.PDF"), "application/pdf");
	assert_string_equal(document_type_for_name("README"), "application/octet-stream");
	assert_string_equal(document_type_for_name(".md"), "application/octet-stream");
	assert_true(document_content_type_valid("application/pdf"));
	assert_true(document_content_type_valid("text/plain; charset=utf-8"));
	assert_false(document_content_type_valid("pdf"));
	assert_false(document_content_type_valid("text/"));
	assert_false(document_content_type_valid("text/plain\r\nX-Evil: 1"));

	d.size = 0;
	assert_int_equal(document_validate(&d, &e), ST_INVALID);
	assert_string_equal(e.msg, "size: the file is empty");
	d.size = (int64_t)DOCUMENT_MAX_SIZE + 1;
	assert_int_equal(document_validate(&d, &e), ST_TOO_BIG);
	d.size = DOCUMENT_MAX_SIZE;
	assert_int_equal(document_validate(&d, &e), ST_OK);
	d.file_name = "../etc/passwd";
	assert_int_equal(document_validate(&d, &e), ST_INVALID);
	assert_string_equal(e.msg, "file_name: the name has a slash");
	d.file_name = "ok.md";
	d.kind = "poem";
	assert_int_equal(document_validate(&d, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "kind: \"poem\" is not one of: legal_review"));
	d.kind = "legal_review";
	d.direction = "lost";
	assert_int_equal(document_validate(&d, &e), ST_INVALID);
	assert_string_equal(e.msg, "direction: \"lost\" is not handed_over or received");

	/* BLAKE2b with a 32-byte digest of "abc", as Python's
	 * hashlib.blake2b(b"abc", digest_size=32) gives it. */
	document_hash("abc", 3, hash);
	assert_string_equal(
	    hash, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	arena_release(&a);
}

static void test_json(void **state)
{
	struct arena a = ARENA_INIT;
	struct meeting m = sample(), back;
	json_t *j, *in;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(meeting_prepare(&m, &a, &e), ST_OK);
	m.id = 7;
	j = meeting_to_json(&m);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	assert_int_equal(json_array_size(json_object_get(j, "participants")), 3);
	assert_true(json_is_null(json_object_get(j, "follow_ups")));
	assert_null(json_object_get(j, "created_at"));
	/* What meeting_to_json writes, meeting_from_json reads (but the id). */
	json_object_del(j, "id");
	assert_int_equal(meeting_from_json(j, &a, &back, &e), ST_OK);
	assert_string_equal(back.participants, "IPA-001;IPA-004;Dr. A. Karimova");
	assert_string_equal(back.institution_kind, "election_commission");
	assert_null(back.follow_ups);
	json_decref(j);

	in = json_pack("{s:s, s:s, s:s, s:s}", "date", "2023-03-01", "institution_kind",
	               "party", "institution", "Ak Zhol", "participants", "A; B");
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_OK);
	assert_string_equal(back.participants, "A; B");
	json_object_set_new(in, "colour", json_string("red"));
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "unknown field \"colour\""));
	json_object_del(in, "colour");
	json_object_set_new(in, "time", json_integer(930));
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_INVALID);
	assert_string_equal(e.msg, "time: must be a string");
	json_object_set_new(in, "time", json_null());
	json_object_set_new(in, "participants", json_pack("[s, i]", "A", 1));
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_INVALID);
	assert_string_equal(e.msg, "participants: item 2 must be a string");
	json_object_set_new(in, "participants", json_pack("[s]", "A;B"));
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_INVALID);
	json_decref(in);
	in = json_pack("[]");
	assert_int_equal(meeting_from_json(in, &a, &back, &e), ST_INVALID);
	json_decref(in);
	arena_release(&a);
}

/* Documents are uploaded to one path only, with a larger body allowed. */
static void test_http_limits(void **state)
{
	(void)state;
	assert_int_equal(http_body_max("/api/v1/missions/kz-2023/documents"),
	                 HTTP_DOCUMENT_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions/kz-2023/documents?x=1"),
	                 HTTP_DOCUMENT_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions/kz-2023/documents/3"),
	                 HTTP_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions//documents"), HTTP_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions/kz-2023/documentsx"),
	                 HTTP_BODY_MAX);
	assert_int_equal(http_body_max("/api/v1/missions/kz-2023/meetings"),
	                 HTTP_BODY_MAX);
	assert_true(HTTP_DOCUMENT_BODY_MAX > DOCUMENT_MAX_SIZE);
	assert_string_equal(perm_name(PERM_READ_LTM), "read_ltm");
	assert_string_equal(perm_name(PERM_WRITE_LTM), "write_ltm");
}

int test_ltm(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_prepare),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_participants_bounded),
	    cmocka_unit_test(test_documents),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_http_limits),
	};

	return cmocka_run_group_tests_name("ltm", tests, NULL, NULL);
}
