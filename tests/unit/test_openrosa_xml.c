/* test_openrosa_xml.c - OpenRosa submission instances read into canonical
 * submissions: ODK Collect and Web Forms shapes with and without
 * namespaces, edits, every type of answer, unknown tags, malformed XML with
 * line and column, DOCTYPE and entities refused, limits; and a whole
 * multipart POST through both parsers and validation. */
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "ingest/multipart.h"
#include "ingest/openrosa_xml.h"
#include "model/forms_builtin.h"
#include "model/validate.h"
#include "test.h"

/* A form with every type of question. */
static const char every_type[] =
    "{\"code\": \"ET\", \"version\": 2, \"kind\": \"incident\", \"phase\": \"any\", "
    "\"languages\": [\"en\"], \"name\": {\"en\": \"Every type\"}, \"questions\": ["
    "{\"tag\": \"Y\", \"type\": \"yesno\", \"text\": {\"en\": \"Y\"}},"
    "{\"tag\": \"N\", \"type\": \"integer\", \"text\": {\"en\": \"N\"}, \"min\": -50, "
    "\"max\": 50},"
    "{\"tag\": \"S\", \"type\": \"select_one\", \"text\": {\"en\": \"S\"}, "
    "\"options\": [{\"value\": 0, \"text\": {\"en\": \"Zero\"}}, {\"value\": 7, "
    "\"text\": {\"en\": \"Seven\"}}]},"
    "{\"tag\": \"M\", \"type\": \"select_multiple\", \"text\": {\"en\": \"M\"}, "
    "\"options\": [{\"value\": 1, \"text\": {\"en\": \"Police\"}}, {\"value\": 2, "
    "\"text\": {\"en\": \"Officials\"}}, {\"value\": 3, \"text\": {\"en\": "
    "\"Others\"}}]},"
    "{\"tag\": \"T\", \"type\": \"text\", \"text\": {\"en\": \"T\"}},"
    "{\"tag\": \"H\", \"type\": \"time\", \"text\": {\"en\": \"H\"}},"
    "{\"tag\": \"R\", \"type\": \"rating\", \"text\": {\"en\": \"R\"}},"
    "{\"tag\": \"photo\", \"type\": \"text\", \"text\": {\"en\": \"P\"}}]}";

static struct form *op, *et;

static int setup(void **state)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	const char *json = forms_builtin_json("OP");

	if (!json || form_parse(json, strlen(json), &op, &p) ||
	    form_parse(every_type, strlen(every_type), &et, &p)) {
		form_problems_release(&p);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	form_free(op);
	form_free(et);
	return 0;
}

static enum status parse(const char *xml, const struct form *f,
                         const struct openrosa_xml_limits *lim,
                         struct openrosa_instance *in, struct err *e)
{
	err_clear(e);
	return openrosa_xml_parse(xml, strlen(xml), f, lim, in, e);
}

/* The message of an instance that must be refused with rc. */
static const char *refused(const char *xml, enum status rc,
                           const struct openrosa_xml_limits *lim)
{
	static struct err e;
	struct openrosa_instance in;

	assert_int_equal(parse(xml, op, lim, &in, &e), rc);
	assert_int_equal(e.code, rc);
	openrosa_instance_release(&in);
	return e.msg;
}

static json_int_t int_answer(const struct openrosa_instance *in, const char *tag)
{
	const json_t *v = json_object_get(in->sub.answers, tag);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *str_answer(const struct openrosa_instance *in, const char *tag)
{
	const json_t *v = json_object_get(in->sub.answers, tag);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

/* What ODK Collect sends for an XForm generated from OP: no default
 * namespace, prefixes declared, meta with ODK's own extras. */
static const char op_collect[] =
    "<?xml version='1.0' ?><data id=\"kz2024_OP\" version=\"3\" "
    "xmlns:jr=\"http://openrosa.org/javarosa\" "
    "xmlns:odk=\"http://www.opendatakit.org/xforms\" "
    "xmlns:orx=\"http://openrosa.org/xforms\" odk:prefix=\"OP\">"
    "<station>15-0123</station><observer> KZ-0042 </observer>"
    "<A>1</A><B>07:45:00.000+06:00</B><C>1</C><D>1</D><E>0</E><F>1</F><G>1</G>"
    "<H>0</H><I>0</I><J/><K></K><Z>4</Z><comment>Queue outside.\n"
    "Calm.</comment>"
    "<meta><instanceID>uuid:6f1c0f4e-5a8e-4c3b-9d0e-1b2a3c4d5e6f</instanceID>"
    "<instanceName>OP 15-0123</instanceName><audit>audit.csv</audit></meta>"
    "</data>";

static void test_op_collect(void **state)
{
	struct openrosa_instance in;
	struct validation v;
	struct err e;

	assert_int_equal(parse(op_collect, op, NULL, &in, &e), ST_OK);
	assert_string_equal(in.sub.client_id,
	                    "uuid:6f1c0f4e-5a8e-4c3b-9d0e-1b2a3c4d5e6f");
	assert_null(in.sub.replaces);
	assert_string_equal(in.sub.form, "OP");
	assert_string_equal(in.mission, "kz2024");
	assert_string_equal(in.form_id, "kz2024_OP");
	assert_string_equal(in.version, "3");
	assert_string_equal(in.sub.station, "15-0123");
	assert_string_equal(in.sub.observer, "KZ-0042");
	assert_string_equal(in.sub.comment, "Queue outside.\nCalm.");
	assert_string_equal(in.sub.channel, "odk");
	assert_null(in.sub.observed_at);
	/* J and K are empty: not answered */
	assert_int_equal(json_object_size(in.sub.answers), 10);
	assert_int_equal(int_answer(&in, "A"), 1);
	assert_int_equal(int_answer(&in, "E"), 0);
	assert_string_equal(str_answer(&in, "B"), "07:45");
	assert_int_equal(int_answer(&in, "Z"), 4);
	assert_null(json_object_get(in.sub.answers, "J"));
	assert_null(json_object_get(in.sub.answers, "meta"));
	assert_null(json_object_get(in.sub.answers, "instanceName"));

	assert_int_equal(validate_submission(op, &in.sub, NULL, &v), ST_OK);
	assert_int_equal(v.nproblems, 0);
	assert_int_equal(json_object_size(v.answers), 10);
	validation_release(&v);
	openrosa_instance_release(&in);
}

/* ODK Web Forms: the XForms namespace as default, meta as orx:meta, an
 * edit of an earlier report, no odk:prefix. */
static void test_namespaced_edit(void **state)
{
	static const char xml[] =
	    "<data xmlns=\"http://www.w3.org/2002/xforms\"\n"
	    "      xmlns:orx=\"http://openrosa.org/xforms\"\n"
	    "      id=\"kz_2024_OP\" version=\"3\">\n"
	    "  <station>15-0123</station>\n  <observer>KZ-0042</observer>\n"
	    "  <A>0</A>\n  <Z>2</Z>\n  <comment>   </comment>\n"
	    "  <orx:meta>\n"
	    "    "
	    "<orx:instanceID>uuid:22222222-2222-4222-8222-222222222222</orx:instanceID>\n"
	    "    <orx:deprecatedID> uuid:11111111-1111-4111-8111-111111111111 "
	    "</orx:deprecatedID>\n"
	    "  </orx:meta>\n</data>\n";
	struct openrosa_instance in;
	struct err e;

	assert_int_equal(parse(xml, op, NULL, &in, &e), ST_OK);
	assert_string_equal(in.sub.client_id,
	                    "uuid:22222222-2222-4222-8222-222222222222");
	assert_string_equal(in.sub.replaces, "uuid:11111111-1111-4111-8111-111111111111");
	assert_string_equal(in.mission, "kz_2024");
	assert_string_equal(in.sub.form, "OP");
	assert_null(in.sub.comment);
	assert_int_equal(json_object_size(in.sub.answers), 2);
	assert_int_equal(int_answer(&in, "A"), 0);
	assert_int_equal(int_answer(&in, "Z"), 2);
	openrosa_instance_release(&in);
}

static void test_claims(void **state)
{
	/* xml -> mission, form */
	const char *cases[][3] = {
	    {"<data id=\"m_x_VO\" odk:prefix=\"VO\"/>", "m_x", "VO"},
	    {"<data id=\"m_x_VO\" prefix=\"OP\"/>", "m_x", "OP"},
	    {"<data id=\"m_VO\"/>", "m", "VO"},
	    {"<data id=\"OP\"/>", NULL, NULL},
	    {"<data id=\"OP\" odk:prefix=\"OP\"/>", NULL, "OP"},
	    {"<data id=\"_OP\"/>", NULL, "OP"},
	    {"<data id=\"m_\"/>", "m", NULL},
	    {"<data/>", NULL, NULL},
	    {"<x:data xmlns:x=\"u\" x:id=\"m_IN\" version=\"\"/>", "m", "IN"},
	};
	struct openrosa_instance in;
	struct err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i][0], NULL, NULL, &in, &e), ST_OK);
		if (cases[i][1])
			assert_string_equal(in.mission, cases[i][1]);
		else
			assert_null(in.mission);
		if (cases[i][2])
			assert_string_equal(in.sub.form, cases[i][2]);
		else
			assert_null(in.sub.form);
		assert_null(in.sub.client_id);
		assert_int_equal(json_object_size(in.sub.answers), 0);
		openrosa_instance_release(&in);
	}
}

/* The root's claims read alone are those of a whole reading, and nothing
 * after the root's start tag is read; what comes before it is refused as a
 * whole reading refuses it. */
static void test_claims_alone(void **state)
{
	const char *same[] = {
	    "<data id=\"m_x_VO\" odk:prefix=\"VO\" version=\"3\"><A>1</A></data>",
	    "<?xml version=\"1.0\"?>\n<x:data xmlns:x=\"u\" x:id=\"m_IN\" "
	    "version=\"\"/>",
	    "<data id=\"OP\"/>",
	    "<data/>",
	};
	const char *before[] = {
	    "",
	    "<?xml version=\"1.0\"?>",
	    "<!DOCTYPE data [<!ENTITY a \"b\">]><data id=\"m_OP\"/>",
	    "\xff<data id=\"m_OP\"/>",
	};
	struct openrosa_instance whole, root;
	struct err e, e2;

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(parse(same[i], NULL, NULL, &whole, &e), ST_OK);
		assert_int_equal(openrosa_xml_claims(same[i], strlen(same[i]), &root, &e),
		                 ST_OK);
		assert_true(!whole.mission == !root.mission);
		if (whole.mission)
			assert_string_equal(whole.mission, root.mission);
		assert_true(!whole.sub.form == !root.sub.form);
		if (whole.sub.form)
			assert_string_equal(whole.sub.form, root.sub.form);
		assert_true(!whole.version == !root.version);
		if (whole.version)
			assert_string_equal(whole.version, root.version);
		assert_true(!whole.form_id == !root.form_id);
		assert_int_equal(json_object_size(root.sub.answers), 0);
		openrosa_instance_release(&whole);
		openrosa_instance_release(&root);
	}
	/* Broken after the root's start tag: the claims are read all the same. */
	{
		const char *xml = "<data id=\"m_OP\" version=\"1\"><A>1</B></data>";
		assert_int_equal(parse(xml, NULL, NULL, &whole, &e), ST_INVALID);
		assert_int_equal(openrosa_xml_claims(xml, strlen(xml), &root, &e), ST_OK);
		assert_string_equal(root.mission, "m");
		assert_string_equal(root.sub.form, "OP");
		openrosa_instance_release(&whole);
		openrosa_instance_release(&root);
	}
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		err_clear(&e2);
		assert_int_equal(parse(before[i], NULL, NULL, &whole, &e), ST_INVALID);
		assert_int_equal(
		    openrosa_xml_claims(before[i], strlen(before[i]), &root, &e2),
		    ST_INVALID);
		assert_string_equal(e2.msg, e.msg);
		openrosa_instance_release(&whole);
		openrosa_instance_release(&root);
	}
}

/* Read strictly with a form, an instance reads as with the form when a
 * reading without one accepts it, and is refused as without one when an
 * element is nested in one that is not a question. */
static void test_strict(void **state)
{
	static const char nested[] =
	    "<data id=\"m_OP\"><A>1</A><grp>t<B>07:00</B></grp></data>";
	static const char flat[] =
	    "<data id=\"m_OP\"><A>1</A><B>07:00:00.000+06:00</B><grp>t</grp><Q/>"
	    "<meta><instanceID>uuid:1</instanceID><audit><x/></audit></meta></data>";
	struct openrosa_instance with, strict, bare;
	struct err e, e2;

	(void)state;
	assert_int_equal(parse(nested, op, NULL, &with, &e), ST_OK);
	assert_int_equal(parse(nested, NULL, NULL, &bare, &e), ST_INVALID);
	err_clear(&e2);
	assert_int_equal(
	    openrosa_xml_parse_strict(nested, strlen(nested), op, NULL, &strict, &e2),
	    ST_INVALID);
	assert_string_equal(e2.msg, e.msg);
	assert_string_equal(e2.msg,
	                    "line 1, column 31: element <B> inside <grp>: an answer "
	                    "holds only text");
	openrosa_instance_release(&with);
	openrosa_instance_release(&bare);
	openrosa_instance_release(&strict);

	assert_int_equal(parse(flat, op, NULL, &with, &e), ST_OK);
	assert_int_equal(
	    openrosa_xml_parse_strict(flat, strlen(flat), op, NULL, &strict, &e), ST_OK);
	assert_true(json_equal(with.sub.answers, strict.sub.answers));
	assert_string_equal(strict.sub.client_id, "uuid:1");
	assert_string_equal(str_answer(&strict, "B"), "07:00");
	openrosa_instance_release(&with);
	openrosa_instance_release(&strict);
}

static void test_every_type(void **state)
{
	static const char xml[] =
	    "<data id=\"m_ET\" version=\"2\"><station>S1</station><observer>O1</observer>"
	    "<Y>1</Y><N>-12</N><S>7</S><M>3 1  2</M><T>  two\nlines &amp; &lt;more&gt; "
	    "</T><H>19:05:30.000+06:00</H><R>3</R><photo>1690000000.jpg</photo>"
	    "<meta><instanceID>uuid:1</instanceID></meta></data>";
	static const char wrong[] =
	    "<data id=\"m_ET\"><Y>yes</Y><N>12.5</N><S>Seven</S><M>1 police</M>"
	    "<H>7:05</H><R>5</R></data>";
	struct openrosa_instance in;
	struct validation v;
	struct err e;
	json_t *m;

	assert_int_equal(parse(xml, et, NULL, &in, &e), ST_OK);
	assert_int_equal(int_answer(&in, "Y"), 1);
	assert_int_equal(int_answer(&in, "N"), -12);
	assert_int_equal(int_answer(&in, "S"), 7);
	m = json_object_get(in.sub.answers, "M");
	assert_int_equal(json_array_size(m), 3);
	assert_int_equal(json_integer_value(json_array_get(m, 0)), 3);
	assert_int_equal(json_integer_value(json_array_get(m, 2)), 2);
	assert_string_equal(str_answer(&in, "T"), "  two\nlines & <more> ");
	assert_string_equal(str_answer(&in, "H"), "19:05");
	assert_int_equal(int_answer(&in, "R"), 3);
	assert_string_equal(str_answer(&in, "photo"), "1690000000.jpg");
	assert_int_equal(validate_submission(et, &in.sub, NULL, &v), ST_OK);
	assert_int_equal(v.nproblems, 0);
	assert_string_equal(json_string_value(json_object_get(v.answers, "T")),
	                    "two\nlines & <more>");
	validation_release(&v);
	openrosa_instance_release(&in);

	/* Values that are not ODK's encoding stay strings: validation reads
	 * what it can and names the rest. */
	assert_int_equal(parse(wrong, et, NULL, &in, &e), ST_OK);
	assert_string_equal(str_answer(&in, "Y"), "yes");
	assert_string_equal(str_answer(&in, "N"), "12.5");
	assert_string_equal(str_answer(&in, "S"), "Seven");
	assert_string_equal(str_answer(&in, "M"), "1 police");
	assert_string_equal(str_answer(&in, "H"), "7:05");
	assert_string_equal(str_answer(&in, "R"), "5");
	validate_submission(et, &in.sub, NULL, &v);
	assert_int_equal(v.status, VALIDATION_REFUSED);
	assert_int_equal(v.nproblems, 2); /* N 12.5, R 5 */
	assert_string_equal(v.problems[0].tag, "N");
	assert_string_equal(v.problems[1].tag, "R");
	validation_release(&v);
	openrosa_instance_release(&in);

	/* Without a form, every value is the string as sent. */
	assert_int_equal(parse(xml, NULL, NULL, &in, &e), ST_OK);
	assert_string_equal(str_answer(&in, "Y"), "1");
	assert_string_equal(str_answer(&in, "M"), "3 1  2");
	assert_string_equal(str_answer(&in, "H"), "19:05:30.000+06:00");
	assert_int_equal(json_object_size(in.sub.answers), 8);
	openrosa_instance_release(&in);
}

static void test_unknown_tags(void **state)
{
	static const char xml[] =
	    "<data id=\"m_OP\"><A>1</A><a2>x</a2><Q/><grp>t<B>07:00</B></grp><Z>3</Z>"
	    "<meta><instanceID>uuid:1</instanceID><timeStart>x</timeStart>"
	    "<audit><inner/></audit></meta></data>";
	struct openrosa_instance in;
	struct validation v;
	struct err e;

	assert_int_equal(parse(xml, op, NULL, &in, &e), ST_OK);
	assert_int_equal(json_object_size(in.sub.answers), 5);
	assert_string_equal(str_answer(&in, "a2"), "x");
	assert_string_equal(str_answer(&in, "Q"), "");
	assert_string_equal(str_answer(&in, "grp"), "t");
	assert_null(json_object_get(in.sub.answers, "B"));
	assert_null(json_object_get(in.sub.answers, "timeStart"));
	validate_submission(op, &in.sub, NULL, &v);
	assert_int_equal(v.status, VALIDATION_REFUSED);
	assert_int_equal(v.nproblems, 3);
	for (size_t i = 0; i < v.nproblems; i++)
		assert_non_null(strstr(v.problems[i].message, "unknown tag"));
	validation_release(&v);
	openrosa_instance_release(&in);
}

/* Names and text as XML allows them: prefixes dropped except from "a:",
 * CDATA, character references, another declared encoding. */
static void test_names_and_text(void **state)
{
	static const char xml[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
	                          "<d:data xmlns:d=\"u\"><a:>1</a:><C><![CDATA[<1>]]></C>"
	                          "<T>caf\xe9 &#x41;&#1071;</T></d:data>";
	struct openrosa_instance in;
	struct err e;

	/* A name ending in ':' gave the key "" (found while writing the
	 * invariants of fuzz_openrosa_xml). */
	assert_int_equal(parse(xml, NULL, NULL, &in, &e), ST_OK);
	assert_string_equal(str_answer(&in, "a:"), "1");
	assert_string_equal(str_answer(&in, "C"), "<1>");
	assert_string_equal(str_answer(&in, "T"), "caf\xc3\xa9 A\xd0\xaf");
	openrosa_instance_release(&in);
}

static void test_malformed(void **state)
{
	/* xml -> message */
	const char *cases[][2] = {
	    {"", "line 1, column 1: malformed XML: no element found"},
	    {"<data>\n  <A>1</B>\n</data>",
	     "line 2, column 9: malformed XML: mismatched tag"},
	    {"<data>\n<A>1</A>\n", "line 3, column 1: malformed XML: no element found"},
	    {"<data/><data/>",
	     "line 1, column 8: malformed XML: junk after document element"},
	    {"<data><A>&nbsp;</A></data>",
	     "line 1, column 10: malformed XML: undefined entity"},
	    {"<data><A>&#0;</A></data>",
	     "line 1, column 10: malformed XML: reference to invalid character number"},
	    {"<data>\n <A>1</A>\n <A>0</A></data>",
	     "line 3, column 2: element <A> appears twice (first at line 2)"},
	    {"<data><meta><instanceID>u</instanceID></meta>\n<meta><instanceID>v"
	     "</instanceID></meta></data>",
	     "line 2, column 7: element <instanceID> appears twice (first at line 1)"},
	    {"<data><station>1</station><station/></data>",
	     "line 1, column 27: element <station> appears twice (first at line 1)"},
	    {"<data><A>1<b/></A></data>",
	     "line 1, column 11: element <b> inside <A>: an answer holds only text"},
	    {"<data><observer><x>1</x></observer></data>",
	     "line 1, column 17: element <x> inside <observer>: an answer holds only "
	     "text"},
	    {"<data><meta><instanceID>uuid:1\t2</instanceID></meta></data>",
	     "line 1, column 13: element <instanceID>: an ID must be 1 to 128 characters "
	     "without control characters"},
	    {"<data>\xff</data>", "line 1, column 7: malformed XML: not well-formed "
	                          "(invalid token)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(refused(cases[i][0], ST_INVALID, NULL), cases[i][1]);
}

static void test_entities_refused(void **state)
{
	const char *msg;
	char laughs[4096];
	struct buf b;
	clock_t t0;

	assert_string_equal(refused("<!DOCTYPE data>\n<data/>", ST_INVALID, NULL),
	                    "line 1, column 15: a DOCTYPE is not accepted: XML entity "
	                    "declarations are not accepted");
	msg = refused("<?xml version=\"1.0\"?>\n<!DOCTYPE data [<!ENTITY x \"y\">]>"
	              "<data><A>&x;</A></data>",
	              ST_INVALID, NULL);
	assert_string_equal(msg,
	                    "line 2, column 16: a DOCTYPE is not accepted: XML entity "
	                    "declarations are not accepted");
	msg = refused("<!DOCTYPE data SYSTEM \"file:///etc/passwd\"><data/>", ST_INVALID,
	              NULL);
	assert_non_null(strstr(msg, "XML entity declarations are not accepted"));
	msg =
	    refused("<!DOCTYPE data [<!ENTITY % p SYSTEM \"http://example.org/x\"> %p;]>"
	            "<data/>",
	            ST_INVALID, NULL);
	assert_non_null(strstr(msg, "XML entity declarations are not accepted"));

	/* A billion laughs: refused at once, before any expansion. */
	buf_init(&b, sizeof(laughs));
	buf_appends(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	                "<!ENTITY lol \"lol\">\n");
	for (int i = 1; i < 10; i++) {
		buf_appendf(&b, "<!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++)
			buf_appendf(&b, i == 1 ? "&lol;" : "&lol%d;", i - 1);
		buf_appends(&b, "\">\n");
	}
	buf_appends(&b, "]>\n<data><A>&lol9;</A></data>\n");
	t0 = clock();
	msg = refused(b.ptr, ST_INVALID, NULL);
	assert_true(clock() - t0 < CLOCKS_PER_SEC / 10);
	assert_string_equal(msg,
	                    "line 2, column 16: a DOCTYPE is not accepted: XML entity "
	                    "declarations are not accepted");
	buf_release(&b);
}

static void test_limits(void **state)
{
	struct openrosa_xml_limits lim = {.max_depth = 3};
	struct openrosa_instance in;
	struct buf b;
	struct err e;
	char *big;

	assert_string_equal(
	    refused("<data><meta><audit><x/></audit></meta></data>", ST_TOO_BIG, &lim),
	    "line 1, column 20: element <x> is nested more than 3 deep");
	assert_int_equal(parse("<data><meta><audit/></meta></data>", op, &lim, &in, &e),
	                 ST_OK);
	openrosa_instance_release(&in);

	/* the default depth, 16 */
	buf_init(&b, BUF_NO_CAP);
	for (int i = 0; i < 17; i++)
		buf_appends(&b, "<x>");
	assert_string_equal(refused(b.ptr, ST_TOO_BIG, NULL),
	                    "line 1, column 49: element <x> is nested more than 16 deep");
	buf_reset(&b);

	buf_appends(&b, "<data><meta>");
	for (int i = 0; i < OPENROSA_XML_MAX_ELEMENTS; i++)
		buf_appends(&b, "<audit/>");
	assert_string_equal(refused(b.ptr, ST_TOO_BIG, NULL),
	                    "line 1, column 39997: more than 5000 elements");
	buf_release(&b);

	lim = (struct openrosa_xml_limits){.max_value = 8};
	assert_string_equal(
	    refused("<data><A>12345678</A><C>123456789</C></data>", ST_TOO_BIG, &lim),
	    "line 1, column 22: element <C> holds more than 8 bytes");

	lim = (struct openrosa_xml_limits){.max_bytes = 10};
	assert_string_equal(refused("<data></data>", ST_TOO_BIG, &lim),
	                    "the XML is 13 bytes, more than 10");
	big = calloc(OPENROSA_XML_MAX_BYTES + 1, 1);
	memset(big, ' ', OPENROSA_XML_MAX_BYTES + 1);
	memcpy(big, "<data>", 6);
	err_clear(&e);
	assert_int_equal(
	    openrosa_xml_parse(big, OPENROSA_XML_MAX_BYTES + 1, op, NULL, &in, &e),
	    ST_TOO_BIG);
	openrosa_instance_release(&in);
	free(big);

	/* a comment of SUBMISSION_COMMENT_MAX characters, and one more */
	buf_init(&b, BUF_NO_CAP);
	buf_appends(&b, "<data><comment>");
	for (int i = 0; i < 4000; i++)
		buf_appends(&b, "я");
	buf_appends(&b, "</comment></data>");
	assert_int_equal(parse(b.ptr, op, NULL, &in, &e), ST_OK);
	assert_int_equal(strlen(in.sub.comment), 8000);
	openrosa_instance_release(&in);
	b.len -= strlen("</comment></data>");
	buf_appends(&b, "!</comment></data>");
	assert_string_equal(refused(b.ptr, ST_INVALID, NULL),
	                    "line 1, column 7: element <comment> is longer than 4000 "
	                    "characters");
	buf_release(&b);
}

/* A POST as ODK Collect makes it, through multipart, the XML and validation. */
static void test_from_multipart(void **state)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	const struct multipart_part *xml;
	struct openrosa_instance in;
	struct multipart m;
	struct validation v;
	struct buf body;
	struct err e;

	buf_init(&body, BUF_NO_CAP);
	buf_appendf(
	    &body,
	    "--bd3f\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; "
	    "filename=\"OP_2024.xml\"\r\nContent-Type: text/xml\r\n\r\n%s\r\n"
	    "--bd3f\r\nContent-Disposition: form-data; name=\"1690000000.jpg\"; "
	    "filename=\"1690000000.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
	    "\xff\xd8\xff\r\n--bd3f--\r\n",
	    op_collect);
	assert_int_equal(
	    multipart_boundary("multipart/form-data; boundary=\"bd3f\"", boundary, &e),
	    ST_OK);
	assert_int_equal(multipart_parse(body.ptr, body.len, boundary, 0, NULL, &m, &e),
	                 ST_OK);
	assert_int_equal(m.nparts, 2);
	assert_int_equal(multipart_xml_part(&m, &xml, &e), ST_OK);
	assert_int_equal(openrosa_xml_parse(xml->body, xml->len, op, NULL, &in, &e),
	                 ST_OK);
	multipart_release(&m);
	buf_release(&body); /* the instance does not point into the input */
	assert_string_equal(in.sub.station, "15-0123");
	assert_int_equal(validate_submission(op, &in.sub, NULL, &v), ST_OK);
	validation_release(&v);
	openrosa_instance_release(&in);
}

int test_openrosa_xml(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_op_collect),   cmocka_unit_test(test_namespaced_edit),
	    cmocka_unit_test(test_claims),       cmocka_unit_test(test_claims_alone),
	    cmocka_unit_test(test_strict),       cmocka_unit_test(test_every_type),
	    cmocka_unit_test(test_unknown_tags), cmocka_unit_test(test_names_and_text),
	    cmocka_unit_test(test_malformed),    cmocka_unit_test(test_entities_refused),
	    cmocka_unit_test(test_limits),       cmocka_unit_test(test_from_multipart),
	};
	return cmocka_run_group_tests_name("openrosa_xml", tests, setup, teardown);
}
