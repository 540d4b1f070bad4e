/* test_charts.c - the SVG charts read back with expat: well-formed, no
 * script or external reference, the titles escaped, one shape per
 * non-empty bar or colour, ticks on the axes; and the colour scale. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "report/chart_curve.h"
#include "report/chart_fingerprint.h"
#include "report/chart_histogram.h"

struct doc {
	int elements, paths, polylines, texts, in_title;
	int bad; /* a script, an image, or an external reference */
	char title[256];
	char all_text[4096];
	char root[32];
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct doc *d = ud;

	if (!d->elements++)
		snprintf(d->root, sizeof(d->root), "%s", name);
	d->paths += !strcmp(name, "http://www.w3.org/2000/svg|path");
	d->polylines += !strcmp(name, "http://www.w3.org/2000/svg|polyline");
	d->texts += !strcmp(name, "http://www.w3.org/2000/svg|text");
	d->in_title = !strcmp(name, "http://www.w3.org/2000/svg|title");
	if (strstr(name, "script") || strstr(name, "image") ||
	    strstr(name, "foreignObject"))
		d->bad = 1;
	for (int i = 0; attr[i]; i += 2)
		if (strstr(attr[i], "href") || strstr(attr[i + 1], "http:") ||
		    strstr(attr[i], "onload"))
			if (strcmp(attr[i], "xmlns"))
				d->bad = 1;
}

static void on_end(void *ud, const XML_Char *name)
{
	((struct doc *)ud)->in_title = 0;
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
	struct doc *d = ud;
	size_t n = strlen(d->all_text);

	if (d->in_title && strlen(d->title) + (size_t)len < sizeof(d->title))
		strncat(d->title, s, (size_t)len);
	if (n + (size_t)len < sizeof(d->all_text) - 1) {
		memcpy(d->all_text + n, s, (size_t)len);
		d->all_text[n + (size_t)len] = 0;
		strncat(d->all_text, "|", 2);
	}
}

/* Parse b; fail unless it is well-formed, self-contained SVG. */
static void read_svg(const struct buf *b, struct doc *d)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", '|');

	memset(d, 0, sizeof(*d));
	XML_SetUserData(p, d);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
	if (XML_Parse(p, b->ptr, (int)b->len, 1) != XML_STATUS_OK)
		fail_msg("not well-formed: line %lu: %s",
		         (unsigned long)XML_GetCurrentLineNumber(p),
		         XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
	assert_string_equal(d->root, "http://www.w3.org/2000/svg|svg");
	assert_false(d->bad);
}

/* The closed subpaths of the first path's d attribute in doc. */
static int subpaths(const char *doc)
{
	const char *p = strstr(doc, "<path "), *d;
	int n = 0;

	assert_non_null(p);
	d = strstr(p, " d=\"");
	assert_non_null(d);
	for (d += 4; *d && *d != '"'; d++)
		n += *d == 'z';
	return n;
}

static void test_histogram(void **state)
{
	int64_t counts[100] = {0};
	struct chart_histogram h = {"Turnout <&> \"Явка\"", "Turnout", "Polling stations",
	                            counts, 100};
	struct buf b;
	struct doc d;
	struct err e;

	(void)state;
	counts[50] = 120;
	counts[99] = 3;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(chart_histogram_svg(&h, &b, &e), ST_OK);
	read_svg(&b, &d);
	assert_string_equal(d.title, "Turnout <&> \"Явка\"");
	assert_int_equal(d.paths, 1);
	assert_int_equal(subpaths(b.ptr), 2); /* two bars */
	/* axis ticks: 0% ... 100%, and counts up to at least 120 */
	assert_non_null(strstr(d.all_text, "|0%|"));
	assert_non_null(strstr(d.all_text, "|100%|"));
	assert_non_null(strstr(d.all_text, "|Turnout|"));
	assert_non_null(strstr(d.all_text, "|Polling stations|"));
	assert_non_null(strstr(d.all_text, "|100|"));
	buf_release(&b);

	/* nothing to draw is still a document; no bins is an error */
	memset(counts, 0, sizeof(counts));
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(chart_histogram_svg(&h, &b, &e), ST_OK);
	read_svg(&b, &d);
	h.nbins = 0;
	assert_int_equal(chart_histogram_svg(&h, &b, &e), ST_INVALID);
	buf_release(&b);

	/* a full buffer leaves it as it was */
	h.nbins = 100;
	buf_init(&b, 300);
	assert_int_equal(chart_histogram_svg(&h, &b, &e), ST_TOO_BIG);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_fingerprint(void **state)
{
	int64_t *counts = calloc(100 * 100, sizeof(*counts));
	struct chart_fingerprint f = {"Fingerprint", "Turnout", "Share of Путин", counts,
	                              100};
	char lo[8], hi[8], none[8];
	struct buf b;
	struct doc d;
	struct err e;

	(void)state;
	counts[60 * 100 + 70] = 300; /* the fullest cell */
	counts[99 * 100 + 99] = 40;
	counts[10 * 100 + 5] = 1;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(chart_fingerprint_svg(&f, &b, &e), ST_OK);
	read_svg(&b, &d);
	assert_string_equal(d.title, "Fingerprint");
	assert_int_equal(d.paths, 3); /* three cells of three colours */
	assert_non_null(strstr(d.all_text, "|Share of Путин|"));
	assert_non_null(strstr(d.all_text, "|300|")); /* the key's top */
	/* the cell (99, 99) is the top-right square of the 500-unit plot */
	assert_non_null(strstr(b.ptr, "M575.00 60.00h5.00v5.00h-5.00z"));
	buf_release(&b);

	chart_fingerprint_colour(0, 300, none);
	chart_fingerprint_colour(1, 300, lo);
	chart_fingerprint_colour(300, 300, hi);
	assert_string_equal(none, "#ffffff");
	assert_string_not_equal(lo, hi);
	assert_int_equal(strlen(lo), 7);
	f.bins = 0;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(chart_fingerprint_svg(&f, &b, &e), ST_INVALID);
	buf_release(&b);
	free(counts);
}

static void test_curve(void **state)
{
	double v[100];
	struct chart_curve c = {"Cumulative", "Turnout", "Share", v, 100};
	struct buf b;
	struct doc d;
	struct err e;

	(void)state;
	for (int i = 0; i < 100; i++)
		v[i] = (i + 1) / 100.0;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(chart_curve_svg(&c, &b, &e), ST_OK);
	read_svg(&b, &d);
	assert_int_equal(d.polylines, 1);
	/* from the bottom-left corner of the plot to its top-right */
	assert_non_null(strstr(b.ptr, "points=\"80.00,390.00 "));
	assert_non_null(strstr(b.ptr, " 770.00,50.00\""));
	buf_release(&b);
}

int test_charts(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_histogram),
	    cmocka_unit_test(test_fingerprint),
	    cmocka_unit_test(test_curve),
	};
	return cmocka_run_group_tests_name("charts", tests, NULL, NULL);
}
