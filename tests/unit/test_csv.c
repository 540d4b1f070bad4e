/* test_csv.c - the CSV reader: quoting, line ends, BOM, UTF-8, every error
 * with its exact line and column, and files larger than the read buffer. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/csv.h"
#include "test.h"

/* Read every record of in[0..len) into out as "LINE:f1|f2|...\n" lines.
 * Returns the status of the last csv_next(); e holds its error. */
static enum status dump_n(const char *in, size_t len, struct buf *out, struct err *e)
{
	struct csv_reader r;
	enum status rc;

	buf_init(out, BUF_NO_CAP);
	err_clear(e);
	csv_open_mem(&r, in, len);
	while ((rc = csv_next(&r, e)) == ST_OK && r.nfields) {
		buf_appendf(out, "%ld:", r.line);
		for (size_t i = 0; i < r.nfields; i++)
			buf_appendf(out, "%s%s", i ? "|" : "", r.fields[i]);
		buf_appendc(out, '\n');
	}
	assert_int_equal(r.nfields, 0);
	csv_close(&r);
	return rc;
}

/* in parses without error to exactly want. */
static void expect_ok(const char *in, const char *want)
{
	struct buf out;
	struct err e;

	assert_int_equal(dump_n(in, strlen(in), &out, &e), ST_OK);
	assert_string_equal(e.msg, "");
	assert_string_equal(out.ptr, want);
	buf_release(&out);
}

/* in[0..len) fails with code and exactly msg. */
static void expect_err_n(const char *in, size_t len, enum status code, const char *msg)
{
	struct buf out;
	struct err e;

	assert_int_equal(dump_n(in, len, &out, &e), code);
	assert_int_equal(e.code, code);
	assert_string_equal(e.msg, msg);
	buf_release(&out);
}

static void expect_err(const char *in, enum status code, const char *msg)
{
	expect_err_n(in, strlen(in), code, msg);
}

static void test_simple(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "name,region,voters\nN1,Алматы,1200\n";

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	assert_int_equal(r.line, 1);
	assert_string_equal(r.fields[0], "name");
	assert_string_equal(r.fields[1], "region");
	assert_string_equal(r.fields[2], "voters");
	assert_int_equal(r.field_col[0], 1);
	assert_int_equal(r.field_col[1], 6);
	assert_int_equal(r.field_col[2], 13);
	assert_int_equal(r.field_line[2], 1);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.fields[1], "Алматы");
	assert_int_equal(r.field_col[2], 11); /* characters, not bytes */
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 0);
	/* end of input stays end of input */
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 0);
	csv_close(&r);
	csv_close(&r); /* harmless twice */

	expect_ok("a\n", "1:a\n");
	expect_ok("", "");
	expect_ok(" a , b \n", "1: a | b \n"); /* spaces are data */
}

static void test_quotes(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "x,\"say \"\"hi\"\"\",\"\"\n";

	expect_ok("\"a\",\"b\"\n", "1:a|b\n");
	expect_ok("\"\"\"\"\n", "1:\"\n");
	expect_ok("\"a\"\"\"\n", "1:a\"\n");
	expect_ok("\"\"\n", "1:\n");

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[1], "say \"hi\"");
	assert_string_equal(r.fields[2], "");
	assert_int_equal(r.field_col[1], 3);
	assert_int_equal(r.field_col[2], 16);
	csv_close(&r);
}

static void test_embedded(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "\"a,b\",\"one\ntwo\r\nthree\rfour\"\n"
	                         "next,\"x\ny\",z\n"
	                         "last\n";

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 2);
	assert_int_equal(r.line, 1);
	assert_string_equal(r.fields[0], "a,b");
	assert_string_equal(r.fields[1], "one\ntwo\r\nthree\rfour");
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	assert_int_equal(r.line, 5); /* LF, CR LF and CR each end a line */
	assert_string_equal(r.fields[1], "x\ny");
	assert_int_equal(r.field_line[1], 5);
	assert_int_equal(r.field_col[1], 6);
	assert_int_equal(r.field_line[2], 6);
	assert_int_equal(r.field_col[2], 4);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.line, 7);
	assert_string_equal(r.fields[0], "last");
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 0);
	csv_close(&r);
}

static void test_line_ends(void **state)
{
	expect_ok("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	expect_ok("a,b\rc,d\r", "1:a|b\n2:c|d\n");
	expect_ok("a\r\n\r\nb\n", "1:a\n3:b\n");
	expect_ok("\"a\"\r\n\"b\"\r", "1:a\n2:b\n");
	expect_ok("a\n\rb", "1:a\n3:b\n"); /* LF CR is two line ends */
}

static void test_bom(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "\xEF\xBB\xBF\"a\",b\n";

	expect_ok("\357\273\277a,b\n", "1:a|b\n");
	expect_ok("\xEF\xBB\xBF", "");
	expect_ok("\xEF\xBB\xBF\n\nx", "3:x\n");
	/* only at the very start: elsewhere it is data */
	expect_ok("a\n\357\273\277b\n", "1:a\n2:\357\273\277b\n");
	expect_err("\xEF\xBB", ST_INVALID,
	           "line 1, column 1: byte 0xEF is not valid UTF-8; save the "
	           "file as UTF-8");

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_string_equal(r.fields[0], "a");
	assert_int_equal(r.field_col[0], 1); /* the mark takes no column */
	assert_int_equal(r.field_col[1], 5);
	csv_close(&r);
}

static void test_blank_lines(void **state)
{
	expect_ok("\n\na\n\r\n\nb\n\n", "3:a\n6:b\n");
	expect_ok("\n\n\n", "");
	expect_ok("\r\n\r", "");
}

static void test_no_trailing_newline(void **state)
{
	expect_ok("a,b", "1:a|b\n");
	expect_ok("a,b\nc", "1:a|b\n2:c\n");
	expect_ok("a,\"b\"", "1:a|b\n");
	expect_ok("a,", "1:a|\n");
	expect_ok("\"\"", "1:\n");
}

static void test_empty_fields(void **state)
{
	struct csv_reader r;
	struct err e;

	expect_ok(",,\n", "1:||\n");
	expect_ok("a,,b,\n", "1:a||b|\n");
	expect_ok(",\"\",\n", "1:||\n");

	csv_open_mem(&r, ",,", 2);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(r.fields[i], "");
		assert_int_equal(r.field_col[i], (long)(i + 1));
	}
	csv_close(&r);
}

static void test_unicode(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "Қостанай,Алматы,\"Шымкент, Түркістан\"\n"
	                         "Өскемен,\"Павлодар\nЕкібастұз\",Ақтөбе\n";

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "Қостанай");
	assert_string_equal(r.fields[1], "Алматы");
	assert_string_equal(r.fields[2], "Шымкент, Түркістан");
	assert_int_equal(r.field_col[1], 10);
	assert_int_equal(r.field_col[2], 17);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.fields[1], "Павлодар\nЕкібастұз");
	assert_int_equal(r.field_col[1], 9);
	assert_int_equal(r.field_line[2], 3);
	assert_int_equal(r.field_col[2], 12);
	assert_string_equal(r.fields[2], "Ақтөбе");
	csv_close(&r);

	/* 4-byte characters and a mark inside a field are fine */
	expect_ok("\xF0\x9F\x97\xB3,x\n", "1:\xF0\x9F\x97\xB3|x\n");
	/* error columns count characters too */
	expect_err("Алматы,x\"y\n", ST_INVALID,
	           "line 1, column 9: quote inside an unquoted field; quote "
	           "the whole field and double the quote");
}

static void test_err_unterminated(void **state)
{
	expect_err("a,b\nc,\"open\nmore,lines\n", ST_INVALID,
	           "line 2, column 3: quoted field opened here is never closed");
	expect_err("\"", ST_INVALID,
	           "line 1, column 1: quoted field opened here is never closed");
	expect_err("Қостанай,\"x\"\"", ST_INVALID,
	           "line 1, column 10: quoted field opened here is never "
	           "closed");
}

static void test_err_after_quote(void **state)
{
	expect_err("a,\"b\"x\n", ST_INVALID,
	           "line 1, column 6: unexpected character 'x' after closing "
	           "quote");
	expect_err("\"a\nb\" ,c\n", ST_INVALID,
	           "line 2, column 3: unexpected character ' ' after closing "
	           "quote");
	expect_err("\"Алматы\"Ж\n", ST_INVALID,
	           "line 1, column 9: unexpected character 'Ж' after closing "
	           "quote");
	expect_err("\"a\"\t\n", ST_INVALID,
	           "line 1, column 4: unexpected byte 0x09 after closing quote");
	expect_err("\"a\"\xFF\n", ST_INVALID,
	           "line 1, column 4: unexpected byte 0xFF after closing quote");
	expect_err("x\n\"a\"\"\"\"\"b", ST_INVALID,
	           "line 2, column 8: unexpected character 'b' after closing "
	           "quote");
}

static void test_err_quote_in_plain(void **state)
{
	expect_err("ok\nab\"c\n", ST_INVALID,
	           "line 2, column 3: quote inside an unquoted field; quote "
	           "the whole field and double the quote");
	expect_err("a,b\"", ST_INVALID,
	           "line 1, column 4: quote inside an unquoted field; quote "
	           "the whole field and double the quote");
}

static void test_err_nul(void **state)
{
	static const char plain[] = "a,b\nab\0c\n";
	static const char quoted[] = "\"a\nb\0\"";
	static const char after[] = "\"a\"\0";
	static const char start[] = "\0";

	expect_err_n(plain, sizeof(plain) - 1, ST_INVALID,
	             "line 2, column 3: NUL byte; this is not a CSV text file");
	expect_err_n(quoted, sizeof(quoted) - 1, ST_INVALID,
	             "line 2, column 2: NUL byte; this is not a CSV text file");
	expect_err_n(after, sizeof(after) - 1, ST_INVALID,
	             "line 1, column 4: NUL byte; this is not a CSV text file");
	expect_err_n(start, sizeof(start) - 1, ST_INVALID,
	             "line 1, column 1: NUL byte; this is not a CSV text file");
}

static void test_err_utf8(void **state)
{
	static const char overlong_nul[] = "\"x\xC0\x80\"";

	expect_err("ok\nАл\xFF,x\n", ST_INVALID,
	           "line 2, column 3: byte 0xFF is not valid UTF-8; save the "
	           "file as UTF-8");
	/* Алматы in Windows-1251 */
	expect_err("a,\xC0\xEB\xEC\xE0\xF2\xFB\n", ST_INVALID,
	           "line 1, column 3: byte 0xC0 is not valid UTF-8; save the "
	           "file as UTF-8");
	/* inside quotes, after a doubled quote and line breaks */
	expect_err("\"a\"\"\xFF\"", ST_INVALID,
	           "line 1, column 5: byte 0xFF is not valid UTF-8; save the "
	           "file as UTF-8");
	expect_err("z,\"a\"\"b\r\nЖ\xED\xA0\x80\"", ST_INVALID,
	           "line 2, column 2: byte 0xED is not valid UTF-8; save the "
	           "file as UTF-8");
	expect_err_n(overlong_nul, sizeof(overlong_nul) - 1, ST_INVALID,
	             "line 1, column 3: byte 0xC0 is not valid UTF-8; save the "
	             "file as UTF-8");
	/* a stray continuation byte and a truncated sequence at the end */
	expect_err("ab\x80", ST_INVALID,
	           "line 1, column 3: byte 0x80 is not valid UTF-8; save the "
	           "file as UTF-8");
	expect_err("x,ab\xD0", ST_INVALID,
	           "line 1, column 5: byte 0xD0 is not valid UTF-8; save the "
	           "file as UTF-8");
	/* the earlier problem is reported first */
	expect_err("a\xFF\"", ST_INVALID,
	           "line 1, column 2: byte 0xFF is not valid UTF-8; save the "
	           "file as UTF-8");
}

static void test_err_too_big(void **state)
{
	size_t n = CSV_MAX_FIELD + 16;
	char *in = xmalloc(n + 1), msg[128];
	struct buf out;
	struct err e;

	/* exactly CSV_MAX_FIELD bytes is allowed */
	memcpy(in, "h\n\"", 3);
	memset(in + 3, 'x', CSV_MAX_FIELD);
	memcpy(in + 3 + CSV_MAX_FIELD, "\"\n", 2);
	assert_int_equal(dump_n(in, CSV_MAX_FIELD + 5, &out, &e), ST_OK);
	assert_int_equal(out.len, 4 + 2 + CSV_MAX_FIELD + 1);
	buf_release(&out);

	/* one more is not, quoted or not */
	memcpy(in, "h\nab,", 5);
	memset(in + 5, 'x', n - 5);
	snprintf(msg, sizeof(msg), "line 2, column 4: field is longer than %u bytes",
	         CSV_MAX_FIELD);
	expect_err_n(in, CSV_MAX_FIELD + 6, ST_TOO_BIG, msg);
	in[5] = '"';
	expect_err_n(in, n, ST_TOO_BIG, msg);
	free(in);
}

static void test_err_too_many_fields(void **state)
{
	char *in = xmalloc(2 * CSV_MAX_FIELDS + 2), msg[128];
	struct buf out;
	struct err e;

	/* CSV_MAX_FIELDS fields: "a," repeated, last without comma */
	for (size_t i = 0; i < CSV_MAX_FIELDS; i++)
		memcpy(in + 2 * i, "a,", 2);
	in[2 * CSV_MAX_FIELDS - 1] = '\n';
	assert_int_equal(dump_n(in, 2 * CSV_MAX_FIELDS, &out, &e), ST_OK);
	assert_int_equal(out.len, 2 + 2 * CSV_MAX_FIELDS);
	buf_release(&out);

	in[2 * CSV_MAX_FIELDS - 1] = ',';
	in[2 * CSV_MAX_FIELDS] = 'b';
	snprintf(msg, sizeof(msg), "line 1, column %d: more than %d fields in one record",
	         2 * CSV_MAX_FIELDS + 1, CSV_MAX_FIELDS);
	expect_err_n(in, 2 * CSV_MAX_FIELDS + 1, ST_TOO_BIG, msg);
	free(in);
}

static void test_err_sticky(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "a\nb\"\nc\n";

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(csv_next(&r, &e), ST_INVALID);
	assert_int_equal(r.nfields, 0);
	err_clear(&e);
	assert_int_equal(csv_next(&r, &e), ST_INVALID);
	assert_int_equal(r.nfields, 0);
	assert_string_equal(e.msg, "line 2, column 2: quote inside an "
	                           "unquoted field; quote the whole field and "
	                           "double the quote");
	assert_int_equal(csv_next(&r, NULL), ST_INVALID);
	csv_close(&r);
}

static void test_err_read(void **state)
{
	struct csv_reader r;
	struct err e;
	FILE *fp = fopen("/dev/null", "w"); /* reading it fails */

	assert_non_null(fp);
	csv_open_file(&r, fp);
	assert_int_equal(csv_next(&r, &e), ST_IO);
	assert_int_equal(strncmp(e.msg, "line 1, column 1: cannot read: ", 31), 0);
	csv_close(&r);
	fclose(fp);
}

/* Test data cycling through records of every shape, after `blank` empty
 * lines: the CSV in out, and in want what dump_n() should make of it. */
static void make_big(struct buf *out, struct buf *want, size_t min_len, size_t blank)
{
	static const char *const plain[] = {
	    "1", "Алматы",  "Қостанай",         "polling station",
	    "",  "1234567", "\xF0\x9F\x97\xB3", "Шымкент облысы",
	};
	static const char *const quoted[][2] = {
	    {"\"a,b\"", "a,b"},
	    {"\"x\"\"y\"", "x\"y"},
	    {"\"\"", ""},
	    {"\"Өскемен\"\"\"", "Өскемен\""},
	    {"\"one\ntwo\"", "one\ntwo"},
	    {"\"one\r\ntwo\"", "one\r\ntwo"},
	    {"\"\"\"\"", "\""},
	};
	static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
	static const long end_lines[] = {1, 1, 1, 2, 2};
	const size_t nplain = sizeof(plain) / sizeof(plain[0]);
	const size_t nquoted = sizeof(quoted) / sizeof(quoted[0]);
	long line = 1 + (long)blank;

	buf_init(out, BUF_NO_CAP);
	buf_init(want, BUF_NO_CAP);
	for (size_t i = 0; i < blank; i++)
		buf_appendc(out, '\n');
	for (size_t k = 0; out->len < min_len; k++) {
		size_t nf = 1 + k % 5;

		buf_appendf(want, "%ld:", line);
		for (size_t f = 0; f < nf; f++) {
			size_t j = k * 7 + f * 3;
			const char *const *q = quoted[j % nquoted];
			const char *s = plain[j % nplain];

			if (f) {
				buf_appendc(out, ',');
				buf_appendc(want, '|');
			}
			if ((k + f) % 3 == 0) {
				buf_appends(out, q[0]);
				buf_appends(want, q[1]);
				line += strchr(q[1], '\n') != NULL;
			} else {
				/* a lone empty field would be a blank line */
				buf_appends(out, nf == 1 && !*s ? "\"\"" : s);
				buf_appends(want, s);
			}
		}
		buf_appendc(want, '\n');
		buf_appends(out, ends[k % 5]);
		line += end_lines[k % 5];
	}
}

/* Read data[0..len) through a tmpfile and compare with want, checking
 * the progress count on the way. */
static void check_file(const char *data, size_t len, const char *want)
{
	FILE *fp = tmpfile();
	struct csv_reader r;
	struct err e;
	struct buf got;
	enum status rc;
	long long last = 0;

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	rewind(fp);
	buf_init(&got, BUF_NO_CAP);
	csv_open_file(&r, fp);
	assert_int_equal(csv_bytes_read(&r), 0);
	while ((rc = csv_next(&r, &e)) == ST_OK && r.nfields) {
		assert_true(csv_bytes_read(&r) > last);
		assert_true(csv_bytes_read(&r) <= (long long)len);
		last = csv_bytes_read(&r);
		buf_appendf(&got, "%ld:", r.line);
		for (size_t i = 0; i < r.nfields; i++)
			buf_appendf(&got, "%s%s", i ? "|" : "", r.fields[i]);
		buf_appendc(&got, '\n');
	}
	assert_int_equal(rc, ST_OK);
	assert_int_equal(csv_bytes_read(&r), (long long)len);
	assert_string_equal(got.ptr, want);
	csv_close(&r);
	buf_release(&got);
	fclose(fp);
}

static void test_file_big(void **state)
{
	struct buf data, want, got;
	struct err e;

	make_big(&data, &want, 5 * 65536 + 123, 0);
	assert_true(data.len > 5 * 65536);
	check_file(data.ptr, data.len, want.ptr);
	assert_int_equal(dump_n(data.ptr, data.len, &got, &e), ST_OK);
	assert_string_equal(got.ptr, want.ptr);
	buf_release(&got);
	buf_release(&data);
	buf_release(&want);

	/* shifting by one byte at a time moves every kind of field, quote
	 * and line end across the boundary between two reads */
	for (size_t shift = 1; shift <= 40; shift++) {
		make_big(&data, &want, 65536 + 2048, shift);
		check_file(data.ptr, data.len, want.ptr);
		buf_release(&data);
		buf_release(&want);
	}
}

/* Line 1 of at-1 x's, then s starting at byte offset at. */
static void place(struct buf *b, size_t at, const char *s)
{
	buf_init(b, BUF_NO_CAP);
	while (b->len < at - 1)
		buf_appendc(b, 'x');
	buf_appendc(b, '\n');
	buf_appends(b, s);
}

static void test_file_boundaries(void **state)
{
	static const char *const cases[][2] = {
	    {"a\r\nb\n", "2:a\n3:b\n"},
	    {"a\r", "2:a\n"},
	    {"\"a\r\nb\"\nc\n", "2:a\r\nb\n4:c\n"},
	    {"\"a\"\"b\"\nc\n", "2:a\"b\n3:c\n"},
	    {"\"Ж\"\nc\n", "2:Ж\n3:c\n"},
	    {"Ж,\xF0\x9F\x97\xB3\nc\n", "2:Ж|\xF0\x9F\x97\xB3\n3:c\n"},
	    {"\"\"\n\"\"", "2:\n3:\n"},
	};
	struct buf b, w;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		/* every byte of the case lands on both sides of 65536 */
		for (size_t at = 65528; at <= 65537; at++) {
			buf_init(&w, BUF_NO_CAP);
			buf_appends(&w, "1:");
			for (size_t i = 0; i < at - 1; i++)
				buf_appendc(&w, 'x');
			buf_appendf(&w, "\n%s", cases[k][1]);
			place(&b, at, cases[k][0]);
			check_file(b.ptr, b.len, w.ptr);
			buf_release(&b);
			buf_release(&w);
		}
	}
}

static void test_file_errors(void **state)
{
	struct buf data, want;
	FILE *fp = tmpfile();
	struct csv_reader r;
	struct err e;
	enum status rc;
	long records = 0, line = 1;
	char msg[128];

	/* an error far into a file still has its exact position */
	make_big(&data, &want, 3 * 65536, 0);
	for (size_t i = 0; i < data.len; i++)
		if (data.ptr[i] == '\n' ||
		    (data.ptr[i] == '\r' && data.ptr[i + 1] != '\n'))
			line++;
	buf_appends(&data, "ok,\"Алматы\"Ы\n");
	assert_non_null(fp);
	assert_int_equal(fwrite(data.ptr, 1, data.len, fp), data.len);
	rewind(fp);
	csv_open_file(&r, fp);
	while ((rc = csv_next(&r, &e)) == ST_OK && r.nfields)
		records++;
	assert_int_equal(rc, ST_INVALID);
	snprintf(msg, sizeof(msg),
	         "line %ld, column 12: unexpected character 'Ы' after closing "
	         "quote",
	         line);
	assert_string_equal(e.msg, msg);
	assert_true(records > 1000);
	csv_close(&r);
	fclose(fp);
	buf_release(&data);
	buf_release(&want);
}

static void test_bytes_read(void **state)
{
	struct csv_reader r;
	struct err e;
	static const char in[] = "\357\273\277a,b\r\n\nc\n";

	csv_open_mem(&r, in, strlen(in));
	assert_int_equal(csv_bytes_read(&r), 0);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(csv_bytes_read(&r), 8);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_string_equal(r.fields[0], "c");
	assert_int_equal(csv_bytes_read(&r), 11);
	assert_int_equal(csv_next(&r, &e), ST_OK);
	assert_int_equal(r.nfields, 0);
	assert_int_equal(csv_bytes_read(&r), 11);
	csv_close(&r);
}

int test_csv(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple),
	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_embedded),
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_blank_lines),
	    cmocka_unit_test(test_no_trailing_newline),
	    cmocka_unit_test(test_empty_fields),
	    cmocka_unit_test(test_unicode),
	    cmocka_unit_test(test_err_unterminated),
	    cmocka_unit_test(test_err_after_quote),
	    cmocka_unit_test(test_err_quote_in_plain),
	    cmocka_unit_test(test_err_nul),
	    cmocka_unit_test(test_err_utf8),
	    cmocka_unit_test(test_err_too_big),
	    cmocka_unit_test(test_err_too_many_fields),
	    cmocka_unit_test(test_err_sticky),
	    cmocka_unit_test(test_err_read),
	    cmocka_unit_test(test_file_big),
	    cmocka_unit_test(test_file_boundaries),
	    cmocka_unit_test(test_file_errors),
	    cmocka_unit_test(test_bytes_read),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
