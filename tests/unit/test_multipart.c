/* test_multipart.c - multipart/form-data as OpenRosa clients post it: the
 * boundary from Content-Type, parts with attachments, zero-copy and copied
 * bodies, limits, and every malformed body with its message. */
#include <string.h>

#include "ingest/multipart.h"
#include "test.h"

#define CRLF "\r\n"

/* An ODK Collect-like POST: preamble, the instance, a photo holding CR, LF,
 * "--" and NUL bytes, a part without a Content-Type, and an epilogue. */
static const char body[] =
    "This is the preamble." CRLF "--XYZ" CRLF
    "Content-Disposition: form-data; name=\"xml_submission_file\"; "
    "filename=\"submission.xml\"" CRLF "Content-Type: text/xml" CRLF CRLF
    "<data id=\"m_OP\"/>" CRLF "--XYZ  \t" CRLF
    "content-disposition: FORM-DATA; filename=\"1690000000.jpg\"; "
    "name=1690000000.jpg" CRLF "Content-Type: image/jpeg" CRLF
    "X-Other: ignored" CRLF CRLF "\xff\xd8\r\n--XY\r\n--XYz\0--XYZ\r" CRLF "--XYZ" CRLF
    "Content-Disposition: form-data; name=\"*isIncomplete*\"" CRLF CRLF "yes" CRLF
    "--XYZ--" CRLF "This is the epilogue.";

static enum status parse(const char *text, size_t len, const char *boundary,
                         const struct multipart_limits *lim, struct multipart *m,
                         struct err *e)
{
	err_clear(e);
	return multipart_parse(text, len, boundary, 0, lim, m, e);
}

/* The message of a body that must be refused with rc. */
static const char *refused(const char *text, enum status rc,
                           const struct multipart_limits *lim)
{
	static struct err e;
	struct multipart m;

	assert_int_equal(parse(text, strlen(text), "XYZ", lim, &m, &e), rc);
	assert_int_equal(m.nparts, 0);
	assert_null(m.parts);
	multipart_release(&m);
	return e.msg;
}

static void test_boundary(void **state)
{
	char b[MULTIPART_BOUNDARY_MAX + 1];
	char long_one[120];
	struct err e;
	const char *bad[] = {
	    "multipart/form-data",
	    "multipart/form-data; charset=utf-8",
	    "multipart/form-data; boundary=",
	    "multipart/form-data; boundary=\"\"",
	    "multipart/form-data; boundary=\"abc",
	    "multipart/form-data; boundary=a; boundary=b",
	    "multipart/form-data; boundary=\"a \"",
	    "multipart/form-data; boundary=\"\xc3\xa9\"",
	    "multipart/form-data boundary=a",
	    "multipart/form-data; =a",
	    "multipart/form-data; boundary=a\"b",
	};

	assert_int_equal(
	    multipart_boundary("multipart/form-data; boundary=----abc123", b, &e), ST_OK);
	assert_string_equal(b, "----abc123");
	assert_int_equal(multipart_boundary("Multipart/Form-Data;charset=UTF-8;  "
	                                    "BOUNDARY=\"a b\\\"c;d\" ;",
	                                    b, &e),
	                 ST_OK);
	assert_string_equal(b, "a b\"c;d");
	assert_int_equal(
	    multipart_boundary(" multipart/form-data ; boundary=----=_Part_0_1.2", b, &e),
	    ST_OK);
	assert_string_equal(b, "----=_Part_0_1.2");

	/* wrong content type */
	assert_int_equal(multipart_boundary("text/xml; boundary=a", b, &e),
	                 ST_UNSUPPORTED);
	assert_string_equal(e.msg,
	                    "Content-Type \"text/xml\" is not multipart/form-data");
	assert_int_equal(multipart_boundary("multipart/mixed; boundary=a", b, &e),
	                 ST_UNSUPPORTED);
	assert_int_equal(multipart_boundary(NULL, b, &e), ST_UNSUPPORTED);
	assert_int_equal(multipart_boundary("", b, &e), ST_UNSUPPORTED);

	/* missing or malformed boundary */
	assert_int_equal(multipart_boundary(bad[0], b, &e), ST_INVALID);
	assert_string_equal(
	    e.msg, "Content-Type: multipart/form-data without a boundary parameter");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(multipart_boundary(bad[i], b, &e), ST_INVALID);
		assert_true(strncmp(e.msg, "Content-Type", 12) == 0);
		assert_string_equal(b, "");
	}
	memset(long_one, 'x', sizeof(long_one));
	memcpy(long_one, "multipart/form-data; boundary=", 30);
	long_one[30 + MULTIPART_BOUNDARY_MAX] = '\0';
	assert_int_equal(multipart_boundary(long_one, b, &e), ST_OK);
	assert_int_equal(strlen(b), MULTIPART_BOUNDARY_MAX);
	long_one[30 + MULTIPART_BOUNDARY_MAX] = 'x';
	long_one[31 + MULTIPART_BOUNDARY_MAX] = '\0';
	assert_int_equal(multipart_boundary(long_one, b, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "Content-Type: the boundary is longer than 70 characters");
}

static void test_attachments(void **state)
{
	static const char photo[] = "\xff\xd8\r\n--XY\r\n--XYz\0--XYZ\r";
	const struct multipart_part *p;
	struct multipart m;
	struct err e;

	assert_int_equal(parse(body, sizeof(body) - 1, "XYZ", NULL, &m, &e), ST_OK);
	assert_int_equal(m.nparts, 3);

	assert_string_equal(m.parts[0].name, "xml_submission_file");
	assert_string_equal(m.parts[0].filename, "submission.xml");
	assert_string_equal(m.parts[0].content_type, "text/xml");
	assert_int_equal(m.parts[0].len, strlen("<data id=\"m_OP\"/>"));
	assert_memory_equal(m.parts[0].body, "<data id=\"m_OP\"/>", m.parts[0].len);
	/* zero-copy: the bytes are the input's */
	assert_ptr_equal(m.parts[0].body, body + m.parts[0].offset);
	assert_ptr_equal(m.parts[0].body, strstr(body, "<data"));

	assert_string_equal(m.parts[1].name, "1690000000.jpg");
	assert_string_equal(m.parts[1].filename, "1690000000.jpg");
	assert_string_equal(m.parts[1].content_type, "image/jpeg");
	assert_int_equal(m.parts[1].len, sizeof(photo) - 1);
	assert_memory_equal(m.parts[1].body, photo, sizeof(photo) - 1);

	assert_string_equal(m.parts[2].name, "*isIncomplete*");
	assert_null(m.parts[2].filename);
	assert_null(m.parts[2].content_type);
	assert_int_equal(m.parts[2].len, 3);

	assert_ptr_equal(multipart_find(&m, "1690000000.jpg"), &m.parts[1]);
	assert_null(multipart_find(&m, "XML_SUBMISSION_FILE"));
	assert_int_equal(multipart_xml_part(&m, &p, &e), ST_OK);
	assert_ptr_equal(p, &m.parts[0]);
	multipart_release(&m);

	/* copied: NUL-terminated, apart from the input */
	err_clear(&e);
	assert_int_equal(
	    multipart_parse(body, sizeof(body) - 1, "XYZ", MULTIPART_COPY, NULL, &m, &e),
	    ST_OK);
	assert_int_equal(m.nparts, 3);
	assert_true(m.parts[0].body < body || m.parts[0].body >= body + sizeof(body));
	assert_string_equal(m.parts[0].body, "<data id=\"m_OP\"/>");
	assert_memory_equal(m.parts[1].body, photo, sizeof(photo) - 1);
	assert_int_equal(m.parts[1].body[m.parts[1].len], '\0');
	assert_string_equal(m.parts[2].body, "yes");
	multipart_release(&m);
	multipart_release(&m); /* released twice: a no-op */
}

static void test_shapes(void **state)
{
	struct multipart m;
	struct err e;
	const char *ok[] = {
	    /* no preamble, an empty body, quoted boundary with a space */
	    "--a b" CRLF "Content-Disposition: form-data; name=x" CRLF CRLF CRLF
	    "--a b--",
	    /* the boundary inside a line is content */
	    "--a b" CRLF "Content-Disposition: form-data; name=x" CRLF CRLF "x--a b" CRLF
	    "--a bc" CRLF "--a b--" CRLF,
	    /* a UTF-8 file name, as browsers send it; headers in any case */
	    "--XYZ" CRLF
	    "CONTENT-DISPOSITION:form-data;name=p;filename=\"Протокол №1.jpg\"" CRLF
	    "content-type:  image/jpeg; q=\"x\" " CRLF CRLF "\xff" CRLF "--XYZ--",
	};

	assert_int_equal(parse(ok[0], strlen(ok[0]), "a b", NULL, &m, &e), ST_OK);
	assert_int_equal(m.nparts, 1);
	assert_int_equal(m.parts[0].len, 0);
	assert_string_equal(m.parts[0].name, "x");
	multipart_release(&m);
	assert_int_equal(parse(ok[1], strlen(ok[1]), "a b", NULL, &m, &e), ST_OK);
	assert_int_equal(m.nparts, 1);
	assert_int_equal(m.parts[0].len, strlen("x--a b" CRLF "--a bc"));
	multipart_release(&m);
	assert_int_equal(parse(ok[2], strlen(ok[2]), "XYZ", NULL, &m, &e), ST_OK);
	assert_string_equal(m.parts[0].filename, "Протокол №1.jpg");
	assert_string_equal(m.parts[0].content_type, "image/jpeg; q=\"x\"");
	multipart_release(&m);
}

static void test_malformed(void **state)
{
	/* body -> message */
	const char *cases[][2] = {
	    {"", "no delimiter line \"--XYZ\" in the body: not multipart with this "
	         "boundary"},
	    {"--XY" CRLF, "no delimiter line \"--XYZ\" in the body: not multipart with "
	                  "this boundary"},
	    {"--XYZ", "the body ends before the closing boundary"},
	    {"--XYZ--", "the body holds no parts"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "text",
	     "the body ends before the closing boundary"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "text" CRLF,
	     "the body ends before the closing boundary"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "t" CRLF
	     "--XYZ",
	     "the body ends before the closing boundary"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF,
	     "the body ends before the closing boundary"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "t" CRLF
	     "--XYZ" CRLF "Content-Type: text/plain" CRLF CRLF "u" CRLF "--XYZ--",
	     "part 2: no Content-Disposition header"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; filename=a" CRLF CRLF CRLF
	     "--XYZ--",
	     "part 1: Content-Disposition has no name"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=\"\"" CRLF CRLF CRLF
	     "--XYZ--",
	     "part 1: Content-Disposition: the name is empty"},
	    {"--XYZ" CRLF "Content-Disposition: attachment; name=a" CRLF CRLF CRLF
	     "--XYZ--",
	     "part 1: Content-Disposition is not form-data"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a; name=b" CRLF CRLF CRLF
	     "--XYZ--",
	     "part 1: Content-Disposition: the name is given twice"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF
	     "Content-Disposition: form-data; name=a" CRLF CRLF CRLF "--XYZ--",
	     "part 1: Content-Disposition is given twice"},
	    {"--XYZ\nContent-Disposition: form-data; name=a\n\nt\n--XYZ--",
	     "byte 5: the boundary line ends with a bare LF: line ends must be CRLF"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a\n\nt" CRLF "--XYZ--",
	     "byte 45: part 1: a header line ends with a bare LF: line ends must be "
	     "CRLF"},
	    {"--XYZ" CRLF "Content-Disposition: form-data;" CRLF " name=a" CRLF CRLF CRLF
	     "--XYZ--",
	     "byte 40: part 1: folded header lines are not accepted"},
	    {"--XYZ" CRLF "Content-Disposition form-data" CRLF CRLF CRLF "--XYZ--",
	     "byte 7: part 1: a header line without ':'"},
	    {"--XYZ" CRLF "Content Disposition: form-data" CRLF CRLF CRLF "--XYZ--",
	     "byte 14: part 1: a bad character in a header name"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a\x01" CRLF CRLF CRLF
	     "--XYZ--",
	     "byte 45: part 1: a control character in a header"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF CRLF
	     "--XYZ junk" CRLF,
	     "byte 57: unexpected text after the boundary"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF CRLF
	     "--XYZjunk" CRLF,
	     "the body ends before the closing boundary"},
	    {"--XYZjunk" CRLF, "no delimiter line \"--XYZ\" in the body: not "
	                       "multipart with this boundary"},
	    {"--XYZ" CRLF
	     "Content-Disposition: form-data; name=a; filename=\"\xff.jpg\"" CRLF CRLF
	         CRLF "--XYZ--",
	     "part 1: Content-Disposition: a value is not UTF-8"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF
	     "Content-Type: image/\xc3" CRLF CRLF CRLF "--XYZ--",
	     "part 1: Content-Type is not UTF-8"},
	    {"--XYZ" CRLF "Content-Disposition: form-data; name=\"a" CRLF CRLF CRLF
	     "--XYZ--",
	     "part 1: Content-Disposition: a quoted value is not closed with '\"'"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(refused(cases[i][0], ST_INVALID, NULL), cases[i][1]);
}

static void test_limits(void **state)
{
	struct multipart_limits lim = {.max_part = 4};
	const char three[] =
	    "--XYZ" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "1234" CRLF
	    "--XYZ" CRLF "Content-Disposition: form-data; name=b" CRLF CRLF "" CRLF
	    "--XYZ" CRLF "Content-Disposition: form-data; name=c" CRLF CRLF "12345" CRLF
	    "--XYZ--";
	struct multipart m;
	struct err e;

	/* a part of exactly max_part bytes is fine, one more is not */
	assert_string_equal(refused(three, ST_TOO_BIG, &lim),
	                    "part 3 (\"c\"): more than 4 bytes");
	/* even when the closing boundary never comes */
	assert_string_equal(refused("--XYZ" CRLF
	                            "Content-Disposition: form-data; name=c" CRLF CRLF
	                            "123456789012345678901234567890",
	                            ST_TOO_BIG, &lim),
	                    "part 1 (\"c\"): more than 4 bytes");
	lim = (struct multipart_limits){.max_parts = 2};
	assert_string_equal(refused(three, ST_TOO_BIG, &lim), "more than 2 parts");
	lim = (struct multipart_limits){.max_parts = 3};
	assert_int_equal(parse(three, strlen(three), "XYZ", &lim, &m, &e), ST_OK);
	assert_int_equal(m.nparts, 3);
	multipart_release(&m);

	lim = (struct multipart_limits){.max_header = 40};
	assert_string_equal(refused(three, ST_TOO_BIG, &lim),
	                    "part 1: the header is longer than 40 bytes");
	lim = (struct multipart_limits){.max_header = 42};
	assert_int_equal(parse(three, strlen(three), "XYZ", &lim, &m, &e), ST_OK);
	multipart_release(&m);

	lim = (struct multipart_limits){.max_total = sizeof(three) - 2};
	assert_string_equal(refused(three, ST_TOO_BIG, &lim),
	                    "the body is 169 bytes, more "
	                    "than 168");
}

static void test_xml_part(void **state)
{
	const char *two =
	    "--XYZ" CRLF "Content-Disposition: form-data; name=a.jpg" CRLF CRLF "x" CRLF
	    "--XYZ" CRLF "Content-Disposition: form-data; name=\"b\"" CRLF CRLF "y" CRLF
	    "--XYZ--";
	const char *twice =
	    "--XYZ" CRLF
	    "Content-Disposition: form-data; name=xml_submission_file" CRLF CRLF CRLF
	    "--XYZ" CRLF
	    "Content-Disposition: form-data; name=xml_submission_file" CRLF CRLF CRLF
	    "--XYZ--";
	const struct multipart_part *p;
	struct multipart m;
	struct err e;

	assert_int_equal(parse(two, strlen(two), "XYZ", NULL, &m, &e), ST_OK);
	assert_int_equal(multipart_xml_part(&m, &p, &e), ST_INVALID);
	assert_null(p);
	assert_string_equal(e.msg, "no part named xml_submission_file (the parts are: "
	                           "\"a.jpg\", \"b\")");
	multipart_release(&m);

	assert_int_equal(parse(twice, strlen(twice), "XYZ", NULL, &m, &e), ST_OK);
	assert_int_equal(multipart_xml_part(&m, &p, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "2 parts are named xml_submission_file: one is expected");
	multipart_release(&m);

	memset(&m, 0, sizeof(m));
	assert_int_equal(multipart_xml_part(&m, &p, &e), ST_INVALID);
	assert_string_equal(e.msg,
	                    "no part named xml_submission_file (the parts are: none)");
}

int test_multipart(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundary), cmocka_unit_test(test_attachments),
	    cmocka_unit_test(test_shapes),   cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_limits),   cmocka_unit_test(test_xml_part),
	};
	return cmocka_run_group_tests_name("multipart", tests, NULL, NULL);
}
