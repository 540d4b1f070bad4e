/* test_sms_reply.c - SMS lengths (GSM-7 with its extension table, UCS-2,
 * segments), fitting a text into one SMS, and the replies to observers in
 * English and Russian: each kind, the problems found after parsing, and
 * long lists that must still fit one SMS. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/sms_reply.h"
#include "ingest/sms_text.h"
#include "sms_forms.h"

static struct sms_test_forms forms;
static const char *const codes[] = {"OP", "VO", "CO", "TA", "IN", "PR"};

static int setup(void **state)
{
	sms_test_forms_load(&forms);
	return 0;
}

static int teardown(void **state)
{
	sms_test_forms_free(&forms);
	return 0;
}

static size_t repeat(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		buf_appends(b, s);
	return b->len;
}

/* ------------------------------------------------------------- lengths */

static void test_gsm7(void **state)
{
	static const struct {
		const char *text;
		bool gsm7;
		size_t units;
	} v[] = {
	    {"", true, 0},
	    {"OP 15-0123 A1 Z4", true, 16},
	    {"@$_!\"#%&'()*+,-./:;<=>?\n\r", true, 25},
	    {"£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà", true, 39},
	    {"{}", true, 4},
	    {"[~]|\\^", true, 12},
	    {"€5", true, 3},
	    {"\f", true, 2},
	    {"`", false, 1},
	    {"a\tb", false, 3},
	    {"Привет", false, 6},
	    {"ç", false, 1}, /* only the capital Ç is in the basic set */
	    {"A1…", false, 3},
	    {"😀", false, 2},
	    {"\xff", false, 1}, /* not UTF-8: U+FFFD */
	    {"\xd0", false, 1}, /* a cut sequence */
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const char *s = v[i].text;
		struct sms_size z;

		sms_text_size(s, strlen(s), &z);
		if (z.gsm7 != v[i].gsm7 || z.units != v[i].units)
			fail_msg("\"%s\": gsm7 %d units %zu, want %d %zu", s, z.gsm7,
			         z.units, v[i].gsm7, v[i].units);
		assert_int_equal(sms_text_is_gsm7(s, strlen(s)), v[i].gsm7);
		assert_int_equal(z.segments, 1);
		if (v[i].gsm7)
			assert_int_equal(sms_text_septets(s, strlen(s)), v[i].units);
		else
			assert_int_equal(sms_text_septets(s, strlen(s)), SIZE_MAX);
	}
	assert_int_equal(sms_text_ucs2_units("Ж😀{", strlen("Ж😀{")), 4);
	assert_int_equal(sms_text_ucs2_units("{}", 2), 2);
	assert_int_equal(sms_text_septets_of('{'), 2);
	assert_int_equal(sms_text_septets_of(0x20AC), 2);
	assert_int_equal(sms_text_septets_of('A'), 1);
	assert_int_equal(sms_text_septets_of(0x0416), 0);
}

static void test_segments(void **state)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	/* GSM-7: 160 in one, then parts of 153 */
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "a", 160)), 1);
	assert_true(sms_text_fits(b.ptr, b.len));
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "a", 161)), 2);
	assert_false(sms_text_fits(b.ptr, b.len));
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "a", 306)), 2);
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "a", 307)), 3);
	/* extension characters count two and are not split between parts */
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "{", 80)), 1);
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "€", 81)), 2);
	repeat(&b, "a", 152);
	buf_appends(&b, "{aaaaaaa");
	assert_int_equal(sms_text_septets(b.ptr, b.len), 161);
	assert_int_equal(sms_text_segments(b.ptr, b.len), 2);
	repeat(&b, "a", 152);
	buf_appends(&b, "{");
	for (int i = 0; i < 153; i++)
		buf_appends(&b, "a");
	/* 152, then the escape pair and 151, then 2: three parts */
	assert_int_equal(sms_text_septets(b.ptr, b.len), 307);
	assert_int_equal(sms_text_segments(b.ptr, b.len), 3);
	/* UCS-2: 70 in one, then parts of 67 */
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "Ж", 70)), 1);
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "Ж", 71)), 2);
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "Ж", 134)), 2);
	assert_int_equal(sms_text_segments(b.ptr, repeat(&b, "Ж", 135)), 3);
	/* one Cyrillic letter makes the whole text UCS-2 */
	repeat(&b, "a", 100);
	assert_true(sms_text_fits(b.ptr, b.len));
	buf_appends(&b, "Ж");
	assert_int_equal(sms_text_segments(b.ptr, b.len), 2);
	/* a surrogate pair is not split */
	repeat(&b, "Ж", 66);
	buf_appends(&b, "😀😀");
	assert_int_equal(sms_text_ucs2_units(b.ptr, b.len), 70);
	assert_int_equal(sms_text_segments(b.ptr, b.len), 1);
	buf_appends(&b, "Ж");
	assert_int_equal(sms_text_segments(b.ptr, b.len), 2);
	assert_int_equal(sms_text_segments("", 0), 1);
	buf_release(&b);
}

/* ------------------------------------------------------------- fitting */

static void fits(const char *s)
{
	if (!sms_text_fits(s, strlen(s)))
		fail_msg("does not fit one SMS: %s", s);
}

static void test_fit(void **state)
{
	struct buf b;
	char *s;

	buf_init(&b, BUF_NO_CAP);
	s = sms_text_fit("OP 15-0123: received.");
	assert_string_equal(s, "OP 15-0123: received.");
	free(s);
	/* GSM-7: cut after a word, "..." (not U+2026, which is not GSM-7) */
	repeat(&b, "word ", 40);
	s = sms_text_fit(b.ptr);
	fits(s);
	assert_true(sms_text_is_gsm7(s, strlen(s)));
	assert_int_equal(strlen(s), 157); /* 31 words, "..." */
	assert_string_equal(s + strlen(s) - 7, "word...");
	free(s);
	/* UCS-2: "…" */
	repeat(&b, "слово ", 20);
	s = sms_text_fit(b.ptr);
	fits(s);
	assert_string_equal(s + strlen(s) - strlen("слово…"), "слово…");
	assert_int_equal(sms_text_ucs2_units(s, strlen(s)), 66);
	free(s);
	/* joining signs before the cut go */
	repeat(&b, "a1; ", 50);
	s = sms_text_fit(b.ptr);
	fits(s);
	assert_string_equal(s + strlen(s) - 5, "a1...");
	free(s);
	/* one long word is cut between characters, never inside one */
	repeat(&b, "Ж", 100);
	s = sms_text_fit(b.ptr);
	fits(s);
	assert_int_equal(sms_text_ucs2_units(s, strlen(s)), 70);
	assert_true(utf8_valid(s, strlen(s)));
	free(s);
	/* extension characters count double */
	repeat(&b, "{} ", 60);
	s = sms_text_fit(b.ptr);
	fits(s);
	assert_true(sms_text_septets(s, strlen(s)) <= 160);
	free(s);
	buf_release(&b);
}

static void test_fit_list(void **state)
{
	const char *items[] = {"unknown tag Q",         "B: 2500 is not a time HH:MM",
	                       "no value for C",        "Z: 9 out of range 1-4",
	                       "unknown tag X",         "unknown tag Y",
	                       "not understood: hello", "missing A, B, C"};
	const char *ru[] = {"нет вопроса Q", "B: 2500 не время ЧЧ:ММ", "C без значения",
	                    "Z: 9 вне 1–4"};
	char *s;

	s = sms_text_fit_list("OP 15-0123 not accepted: ", items, 2, "; ",
	                      ". Send again.");
	assert_string_equal(s, "OP 15-0123 not accepted: unknown tag Q; B: 2500 is not a "
	                       "time HH:MM. Send again.");
	free(s);
	s = sms_text_fit_list("OP 15-0123 not accepted: ", items, 8, "; ",
	                      ". Send again.");
	fits(s);
	assert_string_equal(s,
	                    "OP 15-0123 not accepted: unknown tag Q; B: 2500 is not a "
	                    "time HH:MM; no value for C; Z: 9 out of range 1-4; unknown "
	                    "tag X; unknown tag Y; +2");
	free(s);
	s = sms_text_fit_list("OP 15-0123 не принято: ", ru, 4, "; ", ". Исправьте.");
	fits(s);
	assert_string_equal(s, "OP 15-0123 не принято: нет вопроса Q; B: 2500 не время "
	                       "ЧЧ:ММ; +2");
	free(s);
	/* no item fits whole: the first is cut, the marker stays */
	{
		const char *big[] = {"Отмечены серьёзные нарушения, но общая оценка "
		                     "хорошая: подтвердите оценку",
		                     "x"};
		s = sms_text_fit_list("OP 15-0123 не принято: ", big, 2, "; ", NULL);
		fits(s);
		assert_string_equal(
		    s, "OP 15-0123 не принято: Отмечены серьёзные нарушения, "
		       "но общая…; +1");
		free(s);
	}
	s = sms_text_fit_list(NULL, NULL, 0, NULL, NULL);
	assert_string_equal(s, "");
	free(s);
}

/* ------------------------------------------------------------- replies */

/* The reply to msg, with the validation problems given as JSON text. */
static char *reply(const char *msg, const char *problems, const char *lang)
{
	struct sms_forms f = {sms_test_by_code, &forms};
	struct sms_reading r;
	json_t *p = problems ? json_loads(problems, 0, NULL) : NULL;
	char *s;

	assert_int_equal(sms_parse(msg, strlen(msg), &f, "10:30", &r), ST_OK);
	if (problems)
		assert_non_null(p);
	s = sms_reply_problems(&r, p, codes, 6, lang);
	fits(s);
	json_decref(p);
	sms_reading_release(&r);
	return s;
}

static void expect_reply(const char *msg, const char *problems, const char *lang,
                         const char *want)
{
	char *s = reply(msg, problems, lang);

	if (strcmp(s, want))
		fail_msg("%s (%s)\n  got  %s\n  want %s", msg, lang, s, want);
	free(s);
}

static void test_receipts(void **state)
{
	struct sms_receipt r = {"OP", "15-0123", 12, 1234, false};
	char *s;

	s = sms_reply_accepted(&r, "en");
	assert_string_equal(s,
	                    "OP 15-0123: received, 12 answers, report 1234. Thank you.");
	free(s);
	s = sms_reply_accepted(&r, "ru");
	assert_string_equal(s,
	                    "OP 15-0123: принято, ответов: 12, отчёт № 1234. Спасибо!");
	free(s);
	r.flagged = true;
	s = sms_reply_accepted(&r, "en");
	assert_string_equal(s,
	                    "OP 15-0123: received, 12 answers, report 1234; flagged for "
	                    "review by the core team.");
	free(s);
	s = sms_reply_accepted(&r, "ru");
	assert_string_equal(s,
	                    "OP 15-0123: принято, ответов: 12, отчёт № 1234; передано на "
	                    "проверку.");
	fits(s);
	free(s);
	r.flagged = false;
	r.nanswers = 1;
	r.report = 0;
	s = sms_reply_accepted(&r, "kk"); /* other languages get English */
	assert_string_equal(s, "OP 15-0123: received, 1 answer. Thank you.");
	free(s);
	r.report = 77;
	s = sms_reply_duplicate(&r, "en");
	assert_string_equal(s, "OP 15-0123: already received as report 77; nothing was "
	                       "changed.");
	free(s);
	s = sms_reply_duplicate(&r, "ru");
	assert_string_equal(s,
	                    "OP 15-0123: уже получено (отчёт № 77), ничего не изменено.");
	free(s);
	r.report = 0;
	s = sms_reply_duplicate(&r, NULL);
	assert_string_equal(s, "OP 15-0123: already received; nothing was changed.");
	free(s);
	/* a long station code is shortened */
	r.station = "a-station-code-far-too-long-for-any-reply-at-all-really";
	r.report = 9223372036854775807;
	r.nanswers = 1000;
	r.flagged = true;
	s = sms_reply_accepted(&r, "ru");
	fits(s);
	assert_non_null(strstr(s, "a-station-code-far-too-l..."));
	free(s);
	s = sms_reply_accepted(&r, "en");
	fits(s);
	free(s);
}

static void test_sender_and_failure(void **state)
{
	const char *langs[] = {"en", "ru", "kk"};

	for (size_t i = 0; i < 3; i++) {
		char *s = sms_reply_unknown_sender(langs[i]);
		fits(s);
		assert_non_null(
		    strstr(s, i == 1 ? "не зарегистрирован" : "not registered"));
		free(s);
		s = sms_reply_failed(langs[i]);
		fits(s);
		assert_non_null(strstr(s, i == 1 ? "ещё раз" : "again later"));
		free(s);
	}
}

static void test_parse_problems(void **state)
{
	expect_reply(
	    "OP 15-0123 A1 Q5 B2500 C Z9", NULL, "en",
	    "OP 15-0123 not accepted: unknown tag Q; B: 2500 is not a time HH:MM; "
	    "no value for C; Z: 9 out of range 1-4. Please correct it and send it "
	    "again.");
	expect_reply("OP 15-0123 A1 Q5 B2500 C Z9", NULL, "ru",
	             "OP 15-0123 не принято: нет вопроса Q; B: 2500 не время ЧЧ:ММ; +2");
	expect_reply(
	    "XX 15-0123 A1", NULL, "en",
	    "Not accepted: unknown form XX (OP VO CO TA IN PR). Please correct it and "
	    "send it again.");
	expect_reply("XX 15-0123 A1", NULL, "ru",
	             "Не принято: нет анкеты XX (OP VO CO TA IN PR)");
	expect_reply(
	    "# hello", NULL, "en",
	    "Not accepted: empty message: start with the form code (OP VO CO TA IN "
	    "PR). Please correct it and send it again.");
	expect_reply("", NULL, "ru", "Не принято: нет кода анкеты (OP VO CO TA IN PR)");
	expect_reply(
	    "OP", NULL, "en",
	    "OP not accepted: no station code; missing Z. Please correct it and send "
	    "it again.");
	expect_reply("OP", NULL, "ru", "OP не принято: нет кода участка; нет ответа: Z");
	expect_reply(
	    "IN 15-0123 13 C text # text", NULL, "en",
	    "IN 15-0123 not accepted: A: 13 is not an option (1-12); C: write the "
	    "text after #. Please correct it and send it again.");
	expect_reply("IN 15-0123 13 C text # text", NULL, "ru",
	             "IN 15-0123 не принято: A: нет варианта 13 (1–12); +1");
	expect_reply(
	    "OP 15-0123 A1 A0 Z3", NULL, "en",
	    "OP 15-0123 not accepted: A given twice. Please correct it and send it "
	    "again.");
	expect_reply("OP 15-0123 A1 A0 Z7", NULL, "ru",
	             "OP 15-0123 не принято: A указан дважды; Z: 7 вне 1–4");
	expect_reply(
	    "OP 15-0123 A1 AND Z3", NULL, "en",
	    "OP 15-0123 not accepted: not understood: AND. Please correct it and send "
	    "it again.");
	expect_reply(
	    "OP 15-0123 A1 B Z3", NULL, "ru",
	    "OP 15-0123 не принято: B без значения. Исправьте и отправьте снова.");
	expect_reply(
	    "VO 15-0123 Mx Z3", NULL, "en",
	    "VO 15-0123 not accepted: not understood: Mx. Please correct it and send "
	    "it again.");
	expect_reply(
	    "XS 15-0123 A2 D9 R3", NULL, "en",
	    "XS 15-0123 not accepted: A: 2 out of range 0-1; D: 9 is not an option "
	    "(1-7). Please correct it and send it again.");
	/* nothing to say: still a sentence */
	expect_reply("OP 15-0123 Z3 # x", NULL, "en",
	             "OP 15-0123 not accepted. Please correct it and send it again.");
}

/* Problems found by validation after parsing. */
static void test_validation_problems(void **state)
{
	const char *station =
	    "[{\"field\": \"station\", \"tag\": null, \"value\": "
	    "\"15-9999\", \"message\": \"no such station in this mission\", "
	    "\"severity\": \"error\"}]";
	const char *check =
	    "[{\"tag\": null, \"value\": {\"I\": 1, \"Z\": 3}, \"message\": "
	    "\"Serious problems were reported, yet the overall rating is "
	    "good: please confirm the rating\", \"severity\": \"flag\", "
	    "\"check\": \"rating_serious\", \"expr\": \"...\"}]";
	const char *other =
	    "[{\"field\": \"observer\", \"tag\": null, \"value\": \"O-1\", "
	    "\"message\": \"no such observer in this mission\", \"severity\": "
	    "\"error\"}, {\"tag\": \"A\", \"value\": \"x\", \"message\": "
	    "\"expected yes or no\", \"severity\": \"error\"}]";
	const char *missing =
	    "[{\"tag\": \"Z\", \"value\": null, \"message\": \"required "
	    "answer is missing\", \"severity\": \"error\"}, {\"tag\": "
	    "\"K\", \"value\": null, \"message\": \"required answer is "
	    "missing\", \"severity\": \"error\"}]";

	expect_reply(
	    "OP 15-9999 A1 Z3", station, "en",
	    "OP 15-9999 not accepted: unknown station 15-9999. Please correct it and "
	    "send it again.");
	expect_reply("OP 15-9999 A1 Z3", station, "ru",
	             "OP 15-9999 не принято: неизвестный участок 15-9999");
	expect_reply(
	    "OP 15-0123 I1 Z3", check, "en",
	    "OP 15-0123 not accepted: Serious problems were reported, yet the overall "
	    "rating is good: please confirm the rating. Please correct it and send it "
	    "again.");
	expect_reply(
	    "OP 15-0123 I1 Z3", check, "ru",
	    "OP 15-0123 не принято: Отмечены серьёзные нарушения, но общая оценка…");
	expect_reply(
	    "OP 15-0123 A1 Z3", other, "en",
	    "OP 15-0123 not accepted: observer: no such observer in this mission; A: "
	    "expected yes or no. Please correct it and send it again.");
	expect_reply("OP 15-0123 A1 Z3", other, "ru",
	             "OP 15-0123 не принято: ошибка: observer; ошибка в ответе A");
	/* with the parser's own: one list of missing answers */
	expect_reply(
	    "OP 15-0123 A1", missing, "en",
	    "OP 15-0123 not accepted: missing Z, K. Please correct it and send it "
	    "again.");
	/* not an array: ignored */
	{
		struct sms_forms f = {sms_test_by_code, &forms};
		struct sms_reading r;
		json_t *o = json_object();
		char *s;

		sms_parse("OP 1 A7 Z3", 10, &f, NULL, &r);
		s = sms_reply_problems(&r, o, NULL, 0, "en");
		assert_string_equal(
		    s, "OP 1 not accepted: A: 7 out of range 0-1. Please correct "
		       "it and send it again.");
		free(s);
		json_decref(o);
		sms_reading_release(&r);
	}
}

/* However many problems, one SMS, and the reader learns there are more. */
static void test_long_lists(void **state)
{
	struct buf b, p;
	const char *langs[] = {"en", "ru"};

	buf_init(&b, BUF_NO_CAP);
	buf_init(&p, BUF_NO_CAP);
	buf_appends(&b, "PR 15-0123");
	for (int i = 0; i < 60; i++)
		buf_appendf(&b, " Q%d X%d A%d", i, i, 100001 + i);
	buf_appends(&p, "[");
	for (int i = 0; i < 30; i++)
		buf_appendf(
		    &p,
		    "%s{\"tag\": \"P%d\", \"value\": 1, \"message\": \"some check\", "
		    "\"severity\": \"error\"}",
		    i ? "," : "", i);
	buf_appends(&p, "]");
	for (size_t l = 0; l < 2; l++) {
		char *s = reply(b.ptr, p.ptr, langs[l]);
		const char *plus = strrchr(s, '+');
		assert_non_null(plus);
		assert_true(strtol(plus + 1, NULL, 10) > 10);
		free(s);
		/* a message of nothing but missing answers */
		s = reply("PR 15-0123", NULL, langs[l]);
		assert_non_null(strstr(s, l ? "нет ответа: A, B" : "missing A, B"));
		free(s);
		/* a very long check message in the form's language */
		s = reply("OP 15-0123 A1 Z3 нет нет нет нет нет нет нет нет нет нет",
		          p.ptr, langs[l]);
		free(s);
	}
	buf_release(&b);
	buf_release(&p);
}

int test_sms_reply(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gsm7),
	    cmocka_unit_test(test_segments),
	    cmocka_unit_test(test_fit),
	    cmocka_unit_test(test_fit_list),
	    cmocka_unit_test(test_receipts),
	    cmocka_unit_test(test_sender_and_failure),
	    cmocka_unit_test(test_parse_problems),
	    cmocka_unit_test(test_validation_problems),
	    cmocka_unit_test(test_long_lists),
	};

	return cmocka_run_group_tests_name("sms_reply", tests, setup, teardown);
}
