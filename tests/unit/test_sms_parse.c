/* test_sms_parse.c - coded SMS reports read against the shipped forms (PR
 * with a ballot) and the test form XS: a table of messages as observers
 * type them, each with the reading it must give, every problem with its
 * place; bytes that are not text; ODK's compact representation, from the
 * records in tests/data/sms/compact.tsv; and the readings going through
 * validation as they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/sms_parse.h"
#include "model/validate.h"
#include "sms_forms.h"

static struct sms_test_forms forms;

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

static enum status parse(const char *text, size_t len, const char *received,
                         struct sms_reading *r)
{
	struct sms_forms f = {sms_test_by_code, &forms};

	return sms_parse(text, len, &f, received, r);
}

/* The problems as "kind:tag@pos" separated by spaces, the tag being the
 * problem's tag, else its text; "" when none. */
static char *problems_str(const struct sms_reading *r)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct sms_problem *p = &r->problems[i];
		const char *what = p->tag ? p->tag : p->text;
		buf_appendf(&b, "%s%s%s%s@%zu", i ? " " : "",
		            sms_problem_kind_str(p->kind), what ? ":" : "",
		            what ? what : "", p->pos);
	}
	return buf_detach(&b, NULL);
}

/* One message and what must be read from it.  received is "10:30". */
struct sms_case {
	const char *msg;
	const char *form;     /* form code as read, NULL when none */
	const char *station;  /* NULL when none */
	const char *answers;  /* JSON object */
	const char *comment;  /* NULL when none */
	const char *problems; /* as problems_str() writes them */
};

#define PR_ALL                                                                           \
	"A1840 B1900 C30 D1200 E50 F620 G50 H1230 I20 J1260 K0 L0 P1 700 P2 200 P3 100 " \
	"P4 90 P5 80 P6 50 P7 30 AA10"
#define PR_ANSWERS                                                                       \
	"{\"A\":1840,\"B\":1900,\"C\":30,\"D\":1200,\"E\":50,\"F\":620,\"G\":50,"        \
	"\"H\":1230,\"I\":20,\"J\":1260,\"K\":0,\"L\":0,\"P1\":700,\"P2\":200,\"P3\":"   \
	"100,"                                                                           \
	"\"P4\":90,\"P5\":80,\"P6\":50,\"P7\":30,\"AA\":10}"
#define PR_MISSING                                                                       \
	"missing_required:A@%d missing_required:B@%d missing_required:C@%d "             \
	"missing_required:D@%d missing_required:E@%d missing_required:F@%d "             \
	"missing_required:G@%d missing_required:H@%d missing_required:I@%d "             \
	"missing_required:J@%d missing_required:K@%d missing_required:L@%d "             \
	"missing_required:P1@%d missing_required:P2@%d missing_required:P3@%d "          \
	"missing_required:P4@%d missing_required:P5@%d missing_required:P6@%d "          \
	"missing_required:P7@%d missing_required:AA@%d"

static const struct sms_case cases[] = {
    /* the opening checklist as observers send it */
    {"OP 15-0123 A1 B0745 C1 Z4 # late start", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"Z\":4}", "late start", ""},
    {"op 15-0123 a1 b0745 c1 z4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"Z\":4}", NULL, ""},
    {"OP 15-0123 A1 B0745 C1 D1 E1 F1 G1 H0 I0 J1 K0 Z4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"D\":1,\"E\":1,\"F\":1,\"G\":1,\"H\":0,\"I\":0,"
     "\"J\":1,\"K\":0,\"Z\":4}",
     NULL, ""},
    {"  OP   15-0123   A1   Z3  ", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, ""},
    {"OP 15-0123 A1, C1; D0. Z3.", "OP", "15-0123", "{\"A\":1,\"C\":1,\"D\":0,\"Z\":3}",
     NULL, ""},
    {"OP 15-0123 A1B0745C1Z4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"Z\":4}", NULL, ""},
    {"OP 15-0123\nA1\nB0745\nZ4", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":4}",
     NULL, ""},
    {"OP 15-0123 A=1 B=07:45 Z=4", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":4}",
     NULL, ""},
    {"OP 15-0123 A 1 B 7:45 Z 4", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":4}",
     NULL, ""},
    {"OP 15-0123 A1 B745 Z4", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":4}", NULL,
     ""},
    {"OP 15-0123 A1 B7.45 Z4", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":4}", NULL,
     ""},
    {"OP 15-0123 A1 B8 Z4", "OP", "15-0123", "{\"A\":1,\"B\":\"08:00\",\"Z\":4}", NULL,
     ""},
    {"OP 15-0123 A1 B1230 Z4", "OP", "15-0123", "{\"A\":1,\"B\":\"12:30\",\"Z\":4}", NULL,
     ""},
    {"OP 15-0123 A1 Z3 I0 K1", "OP", "15-0123", "{\"A\":1,\"I\":0,\"K\":1,\"Z\":3}", NULL,
     ""},
    {"OP 15-0123 A1 A1 Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, ""},
    /* values that do not fit */
    {"OP 15-0123 A0 B2500 Z2", "OP", "15-0123", "{\"A\":0,\"Z\":2}", NULL,
     "bad_value:B@15"},
    {"OP 15-0123 A0 B0760 Z2", "OP", "15-0123", "{\"A\":0,\"Z\":2}", NULL,
     "bad_value:B@15"},
    {"OP 15-0123 A0 B12345 Z2", "OP", "15-0123", "{\"A\":0,\"Z\":2}", NULL,
     "bad_value:B@15"},
    {"OP 15-0123 A1 Z5", "OP", "15-0123", "{\"A\":1}", NULL, "out_of_range:Z@15"},
    {"OP 15-0123 A7 Z3", "OP", "15-0123", "{\"Z\":3}", NULL, "out_of_range:A@12"},
    {"OP 15-0123 A10 Z3", "OP", "15-0123", "{\"Z\":3}", NULL, "out_of_range:A@12"},
    {"OP 15-0123 A1 Q1 Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "unknown_tag:Q@14"},
    {"OP 15-0123 A1 ZZ4", "OP", "15-0123", "{\"A\":1}", NULL,
     "unknown_tag:ZZ@14 missing_required:Z@17"},
    {"OP 15-0123 A1 B Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, "no_value:B@14"},
    {"OP 15-0123 A1 A0 Z3", "OP", "15-0123", "{\"Z\":3}", NULL, "repeated_tag:A@15"},
    {"OP 15-0123 A1 A0 A1 Z3", "OP", "15-0123", "{\"Z\":3}", NULL,
     "repeated_tag:A@15 repeated_tag:A@18"},
    {"OP 15-0123 A1 C1", "OP", "15-0123", "{\"A\":1,\"C\":1}", NULL,
     "missing_required:Z@16"},
    {"OP 15-0123 A1 Z", "OP", "15-0123", "{\"A\":1}", NULL,
     "no_value:Z@14 missing_required:Z@15"},
    {"OP 15-0123 A1 Q5 B2500 C Z9", "OP", "15-0123", "{\"A\":1}", NULL,
     "unknown_tag:Q@14 bad_value:B@18 no_value:C@23 out_of_range:Z@26"},
    /* the header: form code, station */
    {"OP 15-0123", "OP", "15-0123", "{}", NULL, "missing_required:Z@10"},
    {"OP", "OP", NULL, "{}", NULL, "no_station@2 missing_required:Z@2"},
    {"OP # forgot everything", "OP", NULL, "{}", "forgot everything",
     "no_station@3 missing_required:Z@3"},
    {"", NULL, NULL, "{}", NULL, "empty@0"},
    {"   ", NULL, NULL, "{}", NULL, "empty@3"},
    {"# just a note", NULL, NULL, "{}", "just a note", "empty@0"},
    {" ...  # ?", NULL, NULL, "{}", "?", "empty@6"},
    {"XX 15-0123 A1", "XX", "15-0123", "{}", NULL, "unknown_form:XX@0"},
    {"HELLO how are you", "HELLO", "how", "{}", NULL, "unknown_form:HELLO@0"},
    {"15-0123 OP A1 Z3", "15-0123", "OP", "{}", NULL, "unknown_form:15-0123@0"},
    {"OPZ 15-0123 A1", "OPZ", "15-0123", "{}", NULL, "unknown_form:OPZ@0"},
    {"OP15-0123 A1 Z4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL, ""},
    {"OP 15-0123, A1 Z4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL, ""},
    {"OP 15-0123. A1 Z4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL, ""},
    {"OP 15-0123#A1 Z4", "OP", "15-0123", "{}", "A1 Z4", "missing_required:Z@10"},
    {"OP, 15-0123 A1 Z4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL, ""},
    /* Cyrillic look-alikes read as Latin, but not in the station */
    {"ОР 15-0123 А1 В0745 С1 Z4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"Z\":4}", NULL, ""},
    {"ор 15-0123 а1 в0745 с1 z4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"C\":1,\"Z\":4}", NULL, ""},
    {"ОР УИК-15 А1 Z4", "OP", "УИК-15", "{\"A\":1,\"Z\":4}", NULL, ""},
    {"ТА ТИК-01 Н12 І3 Z3", "TA", "ТИК-01", "{\"H\":12,\"I\":3,\"Z\":3}", NULL, ""},
    {"ИН 15-0123 3 # драка", "ИН", "15-0123", "{}", "драка", "unknown_form:ИН@0"},
    {"ПР 15-0123 А1", "ПР", "15-0123", "{}", NULL, "unknown_form:ПР@0"},
    /* a comment */
    {"OP 15-0123 A1 Z3 # Опоздали на 20 минут", "OP", "15-0123", "{\"A\":1,\"Z\":3}",
     "Опоздали на 20 минут", ""},
    {"OP 15-0123 A1 Z3 #", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, ""},
    {"OP 15-0123 A1 Z3 # a # b", "OP", "15-0123", "{\"A\":1,\"Z\":3}", "a # b", ""},
    {"OP 15-0123 A1 Z3 #\n  two\nlines \n", "OP", "15-0123", "{\"A\":1,\"Z\":3}",
     "two\nlines", ""},
    /* words that are no answer */
    {"OP 15-0123 A1 да Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:да@14"},
    {"OP 15-0123 A1 AND Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:AND@14"},
    {"OP 15-0123 A1 ok Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:ok@14"},
    {"OP 15-0123 A1 комментарий Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:комментарий@14"},
    {"OP 15-0123 A1 нет нет, нет Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:нет нет, нет@14"},
    {"OP 15-0123 A1 Z3 спасибо", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:спасибо@17"},
    {"OP 15-0123 A1 @ Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, ""},
    {"OP 15-0123 A1 № Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, "stray_text:№@14"},
    {"OP 15-0123 AI Z3", "OP", "15-0123", "{\"Z\":3}", NULL, "stray_text:AI@11"},
    {"OP 15-0123 A1 0 Z3", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL, "stray_text:0@14"},
    {"OP 15-0123 A1 — Z3 «ok»", "OP", "15-0123", "{\"A\":1,\"Z\":3}", NULL,
     "stray_text:ok@23"},
    /* O, I and L inside numbers, where the form has no such tag */
    {"VO 15-0123 M1O5 Z3", "VO", "15-0123", "{\"M\":105,\"Z\":3}", NULL, ""},
    {"VO 15-0123 M1o5 N1OO Z3", "VO", "15-0123", "{\"M\":105,\"N\":100,\"Z\":3}", NULL,
     ""},
    {"VO 15-0123 M1L5 Z3", "VO", "15-0123", "{\"M\":1,\"Z\":3}", NULL,
     "out_of_range:L@14"},
    {"VO 15-0123 MO Z3", "VO", "15-0123", "{\"Z\":3}", NULL, "stray_text:MO@11"},
    {"TA T-01 H12 I1O Z3", "TA", "T-01", "{\"H\":12,\"I\":10,\"Z\":3}", NULL, ""},
    {"TA T-01 HI2 Z3", "TA", "T-01", "{\"Z\":3}", NULL, "unknown_tag:HI@8"},
    {"TA T-01 H1l I1 Z3", "TA", "T-01", "{\"H\":11,\"I\":1,\"Z\":3}", NULL, ""},
    {"CO 15-0123 AO Z1", "CO", "15-0123", "{\"Z\":1}", NULL, "stray_text:AO@11"},
    {"CO 15-0123 A1 M1 ZI", "CO", "15-0123", "{\"A\":1,\"M\":1}", NULL,
     "stray_text:ZI@17 missing_required:Z@19"},
    {"CO 15-0123 Z4 BO", "CO", "15-0123", "{\"Z\":4}", NULL, "stray_text:BO@14"},
    {"CO 15-0123 Z4 B0 L0", "CO", "15-0123", "{\"B\":0,\"L\":0,\"Z\":4}", NULL, ""},
    /* a number the network split, joined again with one space or line break */
    {"VO 15-0123 M15\n60 N120 Z3", "VO", "15-0123", "{\"M\":1560,\"N\":120,\"Z\":3}",
     NULL, ""},
    {"VO 15-0123 M15 60 N120 Z3", "VO", "15-0123", "{\"M\":1560,\"N\":120,\"Z\":3}", NULL,
     ""},
    {"VO 15-0123 M15\r\n60 N120 Z3", "VO", "15-0123", "{\"M\":1560,\"N\":120,\"Z\":3}",
     NULL, ""},
    {"VO 15-0123 M1840 N120\n0 Z3", "VO", "15-0123", "{\"M\":1840,\"N\":1200,\"Z\":3}",
     NULL, ""},
    {"VO 15-0123 M15  60 N120 Z3", "VO", "15-0123", "{\"M\":15,\"N\":120,\"Z\":3}", NULL,
     "stray_text:60@16"},
    {"VO 15-0123 M15, 60 N120 Z3", "VO", "15-0123", "{\"M\":15,\"N\":120,\"Z\":3}", NULL,
     "stray_text:60@16"},
    {"VO 15-0123 M15 6 0 Z3", "VO", "15-0123", "{\"M\":156,\"Z\":3}", NULL,
     "stray_text:0@17"},
    {"VO 15-0123 M15 x 60 Z3", "VO", "15-0123", "{\"M\":15,\"Z\":3}", NULL,
     "stray_text:x 60@15"},
    {"OP 15-0123 A1 B07 45 Z3", "OP", "15-0123", "{\"A\":1,\"B\":\"07:45\",\"Z\":3}",
     NULL, ""},
    {"OP 15-0123 Z\n3", "OP", "15-0123", "{\"Z\":3}", NULL, ""},
    {"VO 15-0123 M150 120000 Z3", "VO", "15-0123", "{\"Z\":3}", NULL,
     "out_of_range:M@12"},
    /* incidents: the category, the time (received at 10:30) and the text */
    {"IN 15-0123 3 # Voters were pressured by the head of the commission", "IN",
     "15-0123",
     "{\"A\":3,\"C\":\"Voters were pressured by the head of the commission\","
     "\"D\":\"10:30\"}",
     NULL, ""},
    {"IN 15-0123 8 D0915 B3 E1 # Fight at the entrance", "IN", "15-0123",
     "{\"A\":8,\"B\":3,\"C\":\"Fight at the entrance\",\"D\":\"09:15\",\"E\":1}", NULL,
     ""},
    {"IN 15-0123 A8 # Fight", "IN", "15-0123",
     "{\"A\":8,\"C\":\"Fight\",\"D\":\"10:30\"}", NULL, ""},
    {"in 15-0123 12 #   Other:   a bus of voters   ", "IN", "15-0123",
     "{\"A\":12,\"C\":\"Other:   a bus of voters\",\"D\":\"10:30\"}", NULL, ""},
    {"IN 15-0123 13 # text", "IN", "15-0123", "{\"C\":\"text\",\"D\":\"10:30\"}", NULL,
     "unknown_option:A@11"},
    {"IN 15-0123 3", "IN", "15-0123", "{\"A\":3,\"D\":\"10:30\"}", NULL,
     "missing_required:C@12"},
    {"IN 15-0123 3 C Ballots # x", "IN", "15-0123",
     "{\"A\":3,\"C\":\"x\",\"D\":\"10:30\"}", NULL, "text_by_tag:C@13"},
    {"IN 15-0123 3 A4 # x", "IN", "15-0123", "{\"C\":\"x\",\"D\":\"10:30\"}", NULL,
     "repeated_tag:A@14"},
    {"IN 15-0123 3 A3 # x", "IN", "15-0123", "{\"A\":3,\"C\":\"x\",\"D\":\"10:30\"}",
     NULL, ""},
    {"IN 15-0123 3 D25:00 # x", "IN", "15-0123", "{\"A\":3,\"C\":\"x\"}", NULL,
     "bad_value:D@14"},
    {"IN 15-0123 # only text", "IN", "15-0123", "{\"C\":\"only text\",\"D\":\"10:30\"}",
     NULL, "missing_required:A@11"},
    {"IN 15-0123 3 B3 E0 # Ballot box stuffing", "IN", "15-0123",
     "{\"A\":3,\"B\":3,\"C\":\"Ballot box stuffing\",\"D\":\"10:30\",\"E\":0}", NULL, ""},
    {"IN 15-0123 3 D1030 # Карусель: автобусы с избирателями", "IN", "15-0123",
     "{\"A\":3,\"C\":\"Карусель: автобусы с избирателями\",\"D\":\"10:30\"}", NULL, ""},
    {"IN 15-0123 B2 3 # x", "IN", "15-0123", "{\"B\":2,\"C\":\"x\",\"D\":\"10:30\"}",
     NULL, "stray_text:3@14 missing_required:A@16"},
    {"ІN 15-0123 9 # протокол переписан", "IN", "15-0123",
     "{\"A\":9,\"C\":\"протокол переписан\",\"D\":\"10:30\"}", NULL, ""},
    /* the results protocol: tags ending in digits, AA next to A */
    {"PR 15-0123 " PR_ALL, "PR", "15-0123", PR_ANSWERS, NULL, ""},
    {"PR 15-0123 A1840B1900C30D1200E50F620G50H1230I20J1260K0L0P1 700P2 200P3 100P4 90P5 "
     "80P6 50P7 30AA10",
     "PR", "15-0123", PR_ANSWERS, NULL, ""},
    {"pr 15-0123 a1840 b1900 c30 d1200 e50 f62o g5o h123o i2o j126o k0 l0 p1=700 p2=200 "
     "p3=100 p4=90 p5=80 p6=50 p7=30 aa=10",
     "PR", "15-0123", PR_ANSWERS, NULL, ""},
    {"PR 15-0123 A1840 B1900 C30 D1200 E50 F620 G50 H1230 I20 J1260 K0 L0 P1 7\n00 P2 "
     "200 P3 100 P4 90 P5 80 P6 50 P7 30 AA10",
     "PR", "15-0123", PR_ANSWERS, NULL, ""},
    {"PR 15-0123 A1840 B1900 C30 D1200 E50 F620 G50 H1230 I20 J1260 K0 L0 P1700 P2 200 "
     "P3 100 P4 90 P5 80 P6 50 P7 30 AA10",
     "PR", "15-0123", PR_ANSWERS, NULL, ""},
    {"PR 15-0123 " PR_ALL " P8 5", "PR", "15-0123", PR_ANSWERS, NULL,
     "unknown_tag:P8@118"},
    {"PR 15-0123 " PR_ALL " P1 710", "PR", "15-0123",
     "{\"A\":1840,\"B\":1900,\"C\":30,\"D\":1200,\"E\":50,\"F\":620,\"G\":50,"
     "\"H\":1230,\"I\":20,\"J\":1260,\"K\":0,\"L\":0,\"P2\":200,\"P3\":100,"
     "\"P4\":90,\"P5\":80,\"P6\":50,\"P7\":30,\"AA\":10}",
     NULL, "repeated_tag:P1@121"},
    {"PR 15-0123 " PR_ALL " A100001", "PR", "15-0123",
     "{\"B\":1900,\"C\":30,\"D\":1200,\"E\":50,\"F\":620,\"G\":50,"
     "\"H\":1230,\"I\":20,\"J\":1260,\"K\":0,\"L\":0,\"P1\":700,\"P2\":200,\"P3\":100,"
     "\"P4\":90,\"P5\":80,\"P6\":50,\"P7\":30,\"AA\":10}",
     NULL, "repeated_tag:A@119"},
    {"PR 15-0123 A1I5", "PR", "15-0123", "{\"A\":1,\"I\":5}", NULL, NULL},
    {"PR 15-0123 P12 350", "PR", "15-0123", "{\"P1\":2}", NULL, NULL},
    /* the test form: lists of options, a negative range, tags OK, Q1, Q12 */
    {"XS 15-0123 D135 R3", "XS", "15-0123", "{\"D\":[1,3,5],\"R\":3}", NULL, ""},
    {"XS 15-0123 D1,3,5 R3", "XS", "15-0123", "{\"D\":[1,3,5],\"R\":3}", NULL, ""},
    {"XS 15-0123 D531 R3", "XS", "15-0123", "{\"D\":[1,3,5],\"R\":3}", NULL, ""},
    {"XS 15-0123 D1135 R3", "XS", "15-0123", "{\"D\":[1,3,5],\"R\":3}", NULL, ""},
    {"XS 15-0123 D136 R3", "XS", "15-0123", "{\"R\":3}", NULL, "unknown_option:D@12"},
    {"XS 15-0123 E1,12 R3", "XS", "15-0123", "{\"E\":[1,12],\"R\":3}", NULL, ""},
    {"XS 15-0123 E12 R3", "XS", "15-0123", "{\"E\":[12],\"R\":3}", NULL, ""},
    {"XS 15-0123 E12,10,3 R3", "XS", "15-0123", "{\"E\":[3,10,12],\"R\":3}", NULL, ""},
    {"XS 15-0123 E135 R3", "XS", "15-0123", "{\"R\":3}", NULL, "unknown_option:E@12"},
    {"XS 15-0123 E1 2 R3", "XS", "15-0123", "{\"E\":[1],\"R\":3}", NULL,
     "stray_text:2@14"},
    {"XS 15-0123 D1 3 R3", "XS", "15-0123", "{\"D\":[1],\"R\":3}", NULL,
     "stray_text:3@14"},
    {"XS 15-0123 N-12 R3", "XS", "15-0123", "{\"N\":-12,\"R\":3}", NULL, ""},
    {"XS 15-0123 N=-12 R3", "XS", "15-0123", "{\"N\":-12,\"R\":3}", NULL, ""},
    {"XS 15-0123 N-60 R3", "XS", "15-0123", "{\"R\":3}", NULL, "out_of_range:N@12"},
    {"XS 15-0123 N12 R3 OK1", "XS", "15-0123", "{\"N\":12,\"OK\":1,\"R\":3}", NULL, ""},
    {"XS 15-0123 Q11OK0 R3", "XS", "15-0123", "{\"OK\":0,\"Q1\":1,\"R\":3}", NULL, ""},
    {"XS 15-0123 Q1 1O5 R3", "XS", "15-0123", "{\"Q1\":105,\"R\":3}", NULL, ""},
    {"XS 15-0123 Q12350 R3", "XS", "15-0123", "{\"Q12\":350,\"R\":3}", NULL, ""},
    {"XS 15-0123 Q1 2350 R3", "XS", "15-0123", "{\"Q1\":2350,\"R\":3}", NULL, ""},
    {"XS 15-0123 Q1=2350 Q12=40 R3", "XS", "15-0123", "{\"Q1\":2350,\"Q12\":40,\"R\":3}",
     NULL, ""},
    {"XS 15-0123 T0600 R4", "XS", "15-0123", "{\"T\":\"06:00\",\"R\":4}", NULL, ""},
    {"XS 15-0123 W hello R3", "XS", "15-0123", "{\"R\":3}", NULL, "text_by_tag:W@11"},
    {"XS 15-0123 R3 # Всё хорошо", "XS", "15-0123", "{\"R\":3}", "Всё хорошо", ""},
    {"XS 15-0123 D R3", "XS", "15-0123", "{\"R\":3}", NULL, "no_value:D@11"},
    {"XS 15-0123 R0", "XS", "15-0123", "{}", NULL, "out_of_range:R@12"},
    /* ODK's compact representation, typed or sent by an ODK client */
    {"OP station 15-0123 A 1 B 07:45:00.000+06:00 Z 4", "OP", "15-0123",
     "{\"A\":1,\"B\":\"07:45\",\"Z\":4}", NULL, ""},
    {"op STATION 15-0123 a 1 z 4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL, ""},
    {"OP station 15-0123 A 1 Q 5 Z 4", "OP", "15-0123", "{\"A\":1,\"Z\":4}", NULL,
     "unknown_tag:Q@23"},
    {"OP station  A 1 Z 4", "OP", NULL, "{\"A\":1,\"Z\":4}", NULL, "no_station@11"},
    {"OP station 15-0123 A 7 Z 4", "OP", "15-0123", "{\"Z\":4}", NULL,
     "out_of_range:A@21"},
    {"OP station 15-0123 A  B  C 1 Z 4", "OP", "15-0123", "{\"C\":1,\"Z\":4}", NULL, ""},
    {"XS station 15-0123 D 1\\ 3 5 E 10\\ 12 R 2", "XS", "15-0123",
     "{\"D\":[1,3,5],\"E\":[10,12],\"R\":2}", NULL, ""},
    {"IN station 15-0123 A 3 C Ballots\\ found in the box # 2", "IN", "15-0123",
     "{\"A\":3,\"C\":\"Ballots found in the box # 2\",\"D\":\"10:30\"}", NULL, ""},
    {"OP station УИК\\ №592 Z 3", "OP", "УИК №592", "{\"Z\":3}", NULL, ""},
    {"OP station a\\\\b Z 3", "OP", "a\\b", "{\"Z\":3}", NULL, ""},
    {"XX station 15-0123 A 1", "XX", "15-0123", "{}", NULL, "unknown_form:XX@0"},
};

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Checks one case; prints what differs and returns false. */
static bool check_case(const struct sms_case *c)
{
	struct sms_reading r;
	json_t *want = json_loads(c->answers, 0, NULL);
	char *probs, *got;
	bool ok;

	assert_non_null(want);
	assert_int_equal(parse(c->msg, strlen(c->msg), "10:30", &r), ST_OK);
	probs = problems_str(&r);
	ok = same_str(r.form_code, c->form) && same_str(r.station, c->station) &&
	     json_equal(r.answers, want) && same_str(r.comment, c->comment) &&
	     (!c->problems || !strcmp(probs, c->problems));
	if (!ok) {
		got = json_dumps(r.answers, JSON_COMPACT);
		print_message(
		    "message  %s\n  form     %s (want %s)\n  station  %s (want %s)\n"
		    "  answers  %s (want %s)\n  comment  %s (want %s)\n"
		    "  problems %s (want %s)\n",
		    c->msg, r.form_code ? r.form_code : "-", c->form ? c->form : "-",
		    r.station ? r.station : "-", c->station ? c->station : "-", got,
		    c->answers, r.comment ? r.comment : "-",
		    c->comment ? c->comment : "-", probs,
		    c->problems ? c->problems : "(any)");
		free(got);
	}
	free(probs);
	json_decref(want);
	sms_reading_release(&r);
	return ok;
}

static void test_table(void **state)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), failed = 0;

	assert_true(n >= 100);
	for (size_t i = 0; i < n; i++)
		if (!check_case(&cases[i]))
			failed++;
	if (failed)
		fail_msg("%zu of %zu messages read wrongly", failed, n);
}

/* The problems' details: texts as typed, ranges, options. */
static void test_problem_details(void **state)
{
	struct sms_reading r;
	char probs[256];

	const char *m1 = "OP 15-0123 A1 Z7 B25:00 Q4 нет";
	const char *m2 = "VO 15-0123 M150000 N1O1 Z3";
	const char *m3 = "IN 15-0123 A2O # x";

	assert_int_equal(parse(m1, strlen(m1), NULL, &r), ST_OK);
	assert_int_equal(r.nproblems, 4);
	assert_int_equal(r.problems[0].kind, SMS_OUT_OF_RANGE);
	assert_string_equal(r.problems[0].tag, "Z");
	assert_string_equal(r.problems[0].text, "7");
	assert_int_equal(r.problems[0].min, 1);
	assert_int_equal(r.problems[0].max, 4);
	assert_int_equal(r.problems[1].kind, SMS_BAD_VALUE);
	assert_string_equal(r.problems[1].text, "25:00");
	assert_int_equal(r.problems[2].kind, SMS_UNKNOWN_TAG);
	assert_null(r.problems[2].tag);
	assert_string_equal(r.problems[2].text, "Q");
	assert_int_equal(r.problems[3].kind, SMS_STRAY_TEXT);
	assert_string_equal(r.problems[3].text, "нет");
	sms_reading_release(&r);

	assert_int_equal(parse(m2, strlen(m2), NULL, &r), ST_OK);
	assert_int_equal(r.nproblems, 1);
	assert_string_equal(r.problems[0].text, "150000");
	assert_int_equal(r.problems[0].min, 0);
	assert_int_equal(r.problems[0].max, 100000);
	assert_int_equal(json_integer_value(json_object_get(r.answers, "N")), 101);
	sms_reading_release(&r);

	/* unknown options give the options' range; the value as typed */
	assert_int_equal(parse(m3, strlen(m3), NULL, &r), ST_OK);
	snprintf(probs, sizeof(probs), "%s", r.problems[0].text);
	assert_string_equal(probs, "2O");
	assert_int_equal(r.problems[0].pos, 12);
	assert_int_equal(r.problems[0].kind, SMS_UNKNOWN_OPTION);
	assert_int_equal(r.problems[0].min, 1);
	assert_int_equal(r.problems[0].max, 12);
	sms_reading_release(&r);

	/* a long stray text is shortened, on one line */
	{
		const char *m =
		    "OP 15-0123 Z3 это очень длинный комментарий\nбез решётки";
		assert_int_equal(parse(m, strlen(m), NULL, &r), ST_OK);
		assert_int_equal(r.nproblems, 1);
		assert_true(strlen(r.problems[0].text) <= 43);
		assert_non_null(strstr(r.problems[0].text, "..."));
		assert_null(strchr(r.problems[0].text, '\n'));
		sms_reading_release(&r);
	}
}

/* Without a time of receipt, an incident's time must be given. */
static void test_incident_time(void **state)
{
	struct sms_reading r;
	const char *m = "IN 15-0123 3 # Voters were pressured";

	assert_int_equal(parse(m, strlen(m), NULL, &r), ST_OK);
	assert_int_equal(r.nproblems, 1);
	assert_int_equal(r.problems[0].kind, SMS_MISSING_REQUIRED);
	assert_string_equal(r.problems[0].tag, "D");
	assert_int_equal(r.problems[0].pos, 13);
	assert_null(json_object_get(r.answers, "D"));
	sms_reading_release(&r);
	/* a checklist's time is never filled in */
	assert_int_equal(parse("OP 15-0123 Z3", 13, "10:30", &r), ST_OK);
	assert_null(json_object_get(r.answers, "B"));
	sms_reading_release(&r);
	/* a bad call */
	assert_int_equal(parse(m, strlen(m), "25:00", &r), ST_INVALID);
	sms_reading_release(&r);
	assert_int_equal(parse(m, strlen(m), "1030", &r), ST_INVALID);
	sms_reading_release(&r);
	assert_int_equal(parse(NULL, 3, NULL, &r), ST_INVALID);
	sms_reading_release(&r);
	assert_int_equal(parse(NULL, 0, NULL, &r), ST_OK);
	assert_int_equal(r.problems[0].kind, SMS_EMPTY);
	sms_reading_release(&r);
	{
		struct sms_forms none = {NULL, NULL};
		assert_int_equal(sms_parse("OP 1 Z3", 7, &none, NULL, &r), ST_INVALID);
		sms_reading_release(&r);
	}
}

/* Bytes that are not text: NUL, broken UTF-8, a message too long. */
static void test_bytes(void **state)
{
	static const char nul[] = "OP 15-0123 A1\0 Z3";
	static const char bad[] = "OP 15-0123 A1 \xff\xfe Z3";
	static const char station[] = "OP 15-\xff"
	                              "23 A1 Z3";
	static const char cut[] = "OP 15-0123 Z3 # \xd0";
	struct sms_reading r;
	struct buf b;
	char *p;

	assert_int_equal(parse(nul, sizeof(nul) - 1, NULL, &r), ST_OK);
	p = problems_str(&r);
	assert_string_equal(p, "stray_text:\xEF\xBF\xBD@13");
	free(p);
	assert_int_equal(json_object_size(r.answers), 2);
	sms_reading_release(&r);

	assert_int_equal(parse(bad, sizeof(bad) - 1, NULL, &r), ST_OK);
	p = problems_str(&r);
	assert_string_equal(p, "stray_text:\xEF\xBF\xBD\xEF\xBF\xBD@14");
	free(p);
	sms_reading_release(&r);

	assert_int_equal(parse(station, sizeof(station) - 1, NULL, &r), ST_OK);
	assert_string_equal(r.station, "15-\xEF\xBF\xBD"
	                               "23");
	assert_int_equal(r.nproblems, 0);
	sms_reading_release(&r);

	assert_int_equal(parse(cut, sizeof(cut) - 1, NULL, &r), ST_OK);
	assert_string_equal(r.comment, "\xEF\xBF\xBD");
	sms_reading_release(&r);

	/* too long: the start is read, the rest reported */
	buf_init(&b, BUF_NO_CAP);
	buf_appends(&b, "OP 15-0123 A1 Z3 # ");
	while (b.len < SMS_PARSE_MAX + 100)
		buf_appends(&b, "очень ");
	assert_int_equal(parse(b.ptr, b.len, NULL, &r), ST_OK);
	assert_int_equal(r.nproblems, 1);
	assert_int_equal(r.problems[0].kind, SMS_TOO_LONG);
	assert_true(r.problems[0].pos <= SMS_PARSE_MAX);
	assert_true(utf8_valid(r.comment, strlen(r.comment)));
	assert_int_equal(json_object_size(r.answers), 2);
	sms_reading_release(&r);
	buf_release(&b);
}

/* Every reading without problems goes through validation as it is. */
static void test_validates(void **state)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), checked = 0;

	for (size_t i = 0; i < n; i++) {
		struct sms_reading r;
		struct validation v;
		struct submission s = {0};

		parse(cases[i].msg, strlen(cases[i].msg), "10:30", &r);
		if (r.nproblems || !r.form) {
			sms_reading_release(&r);
			continue;
		}
		s.form = r.form->code;
		s.station = r.station;
		s.answers = r.answers;
		s.comment = r.comment;
		validate_submission(r.form, &s, NULL, &v);
		if (v.status == VALIDATION_REFUSED)
			fail_msg("%s: refused: %s", cases[i].msg, v.problems[0].message);
		assert_true(json_equal(v.answers, r.answers));
		validation_release(&v);
		sms_reading_release(&r);
		checked++;
	}
	assert_true(checked > 60);
}

/* An incident need not give severity and follow-up, and the check
 * "B != 3 or E == 1" flags only a critical one without follow-up. */
static void test_incident_check(void **state)
{
	static const struct {
		const char *msg;
		enum validation_status status;
	} v[] = {
	    {"IN 15-0123 3 # Voters were pressured", VALIDATION_NEW},
	    {"IN 15-0123 3 B3 # Voters were pressured", VALIDATION_NEW},
	    {"IN 15-0123 3 B3 E0 # Voters were pressured", VALIDATION_FLAGGED},
	    {"IN 15-0123 3 B3 E1 # Voters were pressured", VALIDATION_NEW},
	    {"IN 15-0123 3 B2 E0 # Voters were pressured", VALIDATION_NEW},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sms_reading r;
		struct validation val;
		struct submission s = {0};

		assert_int_equal(parse(v[i].msg, strlen(v[i].msg), "10:30", &r), ST_OK);
		assert_int_equal(r.nproblems, 0);
		s.form = "IN";
		s.answers = r.answers;
		validate_submission(r.form, &s, NULL, &val);
		assert_int_equal(val.status, v[i].status);
		validation_release(&val);
		sms_reading_release(&r);
	}
}

/* Reports in ODK's compact representation made by ODK's encoder from
 * observa's XForms (tests/data/sms/make-compact.mjs). */
static void test_compact_file(void **state)
{
	FILE *fp = fopen("../data/sms/compact.tsv", "rb");
	char line[8192];
	size_t n = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *col[4], *s = line;
		struct sms_reading r;
		json_t *want;

		line[strcspn(line, "\n")] = '\0';
		for (int i = 0; i < 4; i++) {
			col[i] = s;
			s += strcspn(s, "\t");
			if (i < 3) {
				assert_int_equal(*s, '\t');
				*s++ = '\0';
			}
		}
		want = json_loads(col[3], 0, NULL);
		assert_non_null(want);
		assert_int_equal(parse(col[1], strlen(col[1]), NULL, &r), ST_OK);
		if (!r.compact || r.nproblems || !json_equal(want, r.answers) ||
		    strcmp(r.form_code, col[0]) || !r.station ||
		    strcmp(r.station, col[2])) {
			char *got = json_dumps(r.answers, JSON_COMPACT),
			     *p = problems_str(&r);
			fail_msg("%s\n  got %s %s [%s]\n  want %s", col[1], r.station,
			         got, p, col[3]);
		}
		json_decref(want);
		sms_reading_release(&r);
		n++;
	}
	fclose(fp);
	assert_true(n >= 28);
}

/* The reading as JSON, for programs. */
static void test_json(void **state)
{
	struct sms_reading r;
	json_t *j, *want;
	const char *m = "OP 15-0123 A1 Z7 # late";

	assert_int_equal(parse(m, strlen(m), NULL, &r), ST_OK);
	j = sms_reading_to_json(&r);
	want = json_loads(
	    "{\"form\": \"OP\", \"station\": \"15-0123\", \"answers\": {\"A\": 1},"
	    " \"comment\": \"late\", \"compact\": false, \"problems\": [{\"kind\":"
	    " \"out_of_range\", \"tag\": \"Z\", \"text\": \"7\", \"pos\": 15,"
	    " \"min\": 1, \"max\": 4}]}",
	    0, NULL);
	assert_non_null(want);
	if (!json_equal(j, want)) {
		char *s = json_dumps(j, JSON_COMPACT);
		fail_msg("got %s", s);
	}
	json_decref(j);
	json_decref(want);
	sms_reading_release(&r);
	assert_string_equal(sms_problem_kind_str(SMS_TOO_LONG), "too_long");
	assert_string_equal(sms_problem_kind_str(SMS_EMPTY), "empty");
}

int test_sms_parse(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),         cmocka_unit_test(test_problem_details),
	    cmocka_unit_test(test_incident_time), cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_validates),     cmocka_unit_test(test_incident_check),
	    cmocka_unit_test(test_compact_file),  cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests_name("sms_parse", tests, setup, teardown);
}
