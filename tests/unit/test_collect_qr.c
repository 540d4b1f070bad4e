/* test_collect_qr.c - ODK Collect's settings code and its printed page: the
 * payload read back (base64, zlib, JSON), the SVG read back with expat and
 * its path compared module by module with libqrencode's own matrix, the
 * caption's escaping, level L for long texts, and the errors. */
#include <expat.h>
#include <jansson.h>
#include <qrencode.h>
#include <sodium.h>
#include <string.h>
#include <zlib.h>

#include "test.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "report/collect_qr.h"
#include "report/qr_svg.h"

#define SVG "http://www.w3.org/2000/svg|"

static const struct collect_qr observer = {
    "http://10.0.0.5:8080/openrosa/JbvpUB2pFN-VVM7RYhP7afw58ojELEvBC3wNEgdgr-8",
    "OSCE-0042",
    "kz-2023",
    "http://10.0.0.5:8080/openrosa/m/kz-2023",
    "042917",
};

/* ---------------------------------------------------------- the payload */

/* The JSON a payload holds: base64, then zlib's uncompress(). */
static json_t *unpack(const char *payload)
{
	unsigned char packed[4096], json[8192];
	size_t packed_len = 0;
	uLongf json_len = sizeof(json) - 1;
	json_error_t je;
	json_t *j;

	assert_int_equal(sodium_base642bin(packed, sizeof(packed), payload,
	                                   strlen(payload), NULL, &packed_len, NULL,
	                                   sodium_base64_VARIANT_ORIGINAL),
	                 0);
	assert_int_equal(uncompress(json, &json_len, packed, (uLong)packed_len), Z_OK);
	json[json_len] = '\0';
	j = json_loads((const char *)json, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fail_msg("not JSON: %s\n%s", je.text, json);
	return j;
}

static const char *str_at(const json_t *j, const char *section, const char *key)
{
	const char *s =
	    json_string_value(json_object_get(json_object_get(j, section), key));

	if (!s)
		fail_msg("%s.%s is not a string", section, key);
	return s;
}

static void test_payload(void **state)
{
	char *payload = NULL;
	struct err e;
	json_t *j;

	(void)state;
	assert_int_equal(collect_qr_payload(&observer, &payload, &e), ST_OK);
	/* standard base64 with padding, nothing else */
	assert_int_equal(strspn(payload,
	                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                        "0123456789+/="),
	                 strlen(payload));
	assert_int_equal(strlen(payload) % 4, 0);
	j = unpack(payload);
	assert_int_equal(json_object_size(j), 3);
	assert_string_equal(str_at(j, "general", "server_url"), observer.server_url);
	assert_string_equal(str_at(j, "general", "username"), "OSCE-0042");
	assert_string_equal(str_at(j, "general", "form_update_mode"), "match_exactly");
	assert_string_equal(str_at(j, "general", "autosend"), "wifi_and_cellular");
	/* these four only: no password, the token URL needs none */
	assert_int_equal(json_object_size(json_object_get(j, "general")), 4);
	assert_true(json_is_object(json_object_get(j, "admin")));
	assert_int_equal(json_object_size(json_object_get(j, "admin")), 0);
	assert_string_equal(str_at(j, "project", "name"), "observa kz-2023");
	assert_int_equal(json_object_size(json_object_get(j, "project")), 1);
	json_decref(j);
	free(payload);
}

/* Codes in other scripts, and characters JSON must escape, come back. */
static void test_payload_text(void **state)
{
	struct collect_qr q = observer;
	char *payload = NULL;
	struct err e;
	json_t *j;

	(void)state;
	q.username = "НАБЛ-07 \"Ә\"\\";
	assert_int_equal(collect_qr_payload(&q, &payload, &e), ST_OK);
	j = unpack(payload);
	assert_string_equal(str_at(j, "general", "username"), q.username);
	json_decref(j);
	free(payload);

	q.username = NULL;
	payload = (char *)"unchanged";
	assert_int_equal(collect_qr_payload(&q, &payload, &e), ST_INVALID);
	assert_null(payload);
	assert_non_null(strstr(e.msg, "user name"));
	q.username = "\xff";
	assert_int_equal(collect_qr_payload(&q, &payload, &e), ST_INVALID);
	q = observer;
	q.server_url = "";
	assert_int_equal(collect_qr_payload(&q, &payload, &e), ST_INVALID);
}

/* ---------------------------------------------------------- the SVG read back */

struct text_el {
	char *text;
	bool bold;
};

struct svg_doc {
	int depth;
	char *root, *width, *height, *viewbox;
	int paths, rects, groups;
	char *d, *rendering, *fill;
	char *title;
	struct text_el texts[16];
	size_t ntexts;
	struct buf chars; /* the text of the element being read */
	const char *unknown;
};

static const char *attr(const XML_Char **a, const char *name)
{
	for (size_t i = 0; a[i]; i += 2)
		if (!strcmp(a[i], name))
			return a[i + 1];
	return NULL;
}

static char *dup_attr(const XML_Char **a, const char *name)
{
	const char *v = attr(a, name);

	return v ? xstrdup(v) : NULL;
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct svg_doc *s = ud;

	buf_reset(&s->chars);
	if (s->depth++ == 0) {
		s->root = xstrdup(name);
		s->width = dup_attr(a, "width");
		s->height = dup_attr(a, "height");
		s->viewbox = dup_attr(a, "viewBox");
	} else if (!strcmp(name, SVG "path")) {
		s->paths++;
		free(s->d);
		s->d = dup_attr(a, "d");
		s->rendering = dup_attr(a, "shape-rendering");
		s->fill = dup_attr(a, "fill");
	} else if (!strcmp(name, SVG "rect")) {
		s->rects++;
	} else if (!strcmp(name, SVG "g")) {
		s->groups++;
	} else if (!strcmp(name, SVG "text")) {
		const char *w = attr(a, "font-weight");
		assert_true(s->ntexts < 16);
		s->texts[s->ntexts].bold = w && !strcmp(w, "bold");
	} else if (strcmp(name, SVG "title")) {
		s->unknown = "an element other than title, rect, path, g and text";
	}
}

static void on_end(void *ud, const XML_Char *name)
{
	struct svg_doc *s = ud;

	s->depth--;
	if (!strcmp(name, SVG "text"))
		s->texts[s->ntexts++].text = xstrdup(s->chars.ptr);
	else if (!strcmp(name, SVG "title"))
		s->title = xstrdup(s->chars.ptr);
}

static void on_chars(void *ud, const XML_Char *text, int len)
{
	struct svg_doc *s = ud;

	buf_append(&s->chars, text, (size_t)len);
}

/* Read doc with expat; fails the test when it is not well-formed. */
static void svg_read(const struct buf *doc, struct svg_doc *s)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", '|');

	memset(s, 0, sizeof(*s));
	buf_init(&s->chars, BUF_NO_CAP);
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
	if (XML_Parse(p, doc->ptr, (int)doc->len, 1) != XML_STATUS_OK)
		fail_msg("not well-formed: line %lu: %s\n%s",
		         (unsigned long)XML_GetCurrentLineNumber(p),
		         XML_ErrorString(XML_GetErrorCode(p)), doc->ptr);
	XML_ParserFree(p);
	assert_null(s->unknown);
}

static void svg_free(struct svg_doc *s)
{
	free(s->root);
	free(s->width);
	free(s->height);
	free(s->viewbox);
	free(s->d);
	free(s->rendering);
	free(s->fill);
	free(s->title);
	for (size_t i = 0; i < s->ntexts; i++)
		free(s->texts[i].text);
	buf_release(&s->chars);
}

static long number(const char **p)
{
	char *end;
	long n = strtol(*p, &end, 10);

	if (end == *p)
		fail_msg("a number was expected at \"%.20s\"", *p);
	*p = end;
	return n;
}

static void expect(const char **p, const char *what)
{
	size_t n = strlen(what);

	if (strncmp(*p, what, n))
		fail_msg("\"%s\" was expected at \"%.20s\"", what, *p);
	*p += n;
}

/* The modules the path d draws, side by side, with the code's top left
 * corner at (x0, y0); every rectangle must be one row high and inside the
 * code, so the quiet zone stays white. */
static unsigned char *path_modules(const char *d, int side, int x0, int y0)
{
	unsigned char *m = xcalloc((size_t)side * (size_t)side, 1);

	while (*d) {
		long x, y, run;
		expect(&d, "M");
		x = number(&d) - x0;
		expect(&d, " ");
		y = number(&d) - y0;
		expect(&d, "h");
		run = number(&d);
		expect(&d, "v1h-");
		assert_int_equal(number(&d), run);
		expect(&d, "z");
		assert_true(x >= 0 && y >= 0 && run > 0 && x + run <= side && y < side);
		for (long i = 0; i < run; i++) {
			assert_int_equal(m[y * side + x + i], 0); /* drawn once */
			m[y * side + x + i] = 1;
		}
	}
	return m;
}

/* The page's code is libqrencode's matrix for text, at the level and in the
 * version info gives, placed as qr_svg.h says. */
static void check_code(const struct svg_doc *s, const char *text,
                       const struct qr_svg_info *info)
{
	int side = info->modules, outer = side + 2 * QR_SVG_QUIET;
	int width = outer > QR_SVG_MIN_WIDTH ? outer : QR_SVG_MIN_WIDTH;
	int height, x0 = (width - outer) / 2 + QR_SVG_QUIET;
	QRcode *q;
	unsigned char *m;
	char want[64];
	const char *vb = s->viewbox;

	assert_true(info->version >= 1 && info->version <= 40);
	assert_int_equal(side, 17 + 4 * info->version);
	q = QRcode_encodeString(text, 0, info->level == 'M' ? QR_ECLEVEL_M : QR_ECLEVEL_L,
	                        QR_MODE_8, 1);
	assert_non_null(q);
	assert_int_equal(q->version, info->version);
	assert_int_equal(q->width, side);

	expect(&vb, "0 0 ");
	assert_int_equal(number(&vb), width);
	expect(&vb, " ");
	height = (int)number(&vb);
	assert_true(height >= outer);
	assert_string_equal(vb, "");
	snprintf(want, sizeof(want), "%dmm", width);
	assert_string_equal(s->width, want);
	snprintf(want, sizeof(want), "%dmm", height);
	assert_string_equal(s->height, want);

	assert_string_equal(s->root, SVG "svg");
	assert_int_equal(s->paths, 1);
	assert_int_equal(s->rects, 1);
	assert_string_equal(s->rendering, "crispEdges");
	assert_string_equal(s->fill, "#000");
	m = path_modules(s->d, side, x0, QR_SVG_QUIET);
	for (int i = 0; i < side * side; i++)
		if (m[i] != (q->data[i] & 1))
			fail_msg("module (%d, %d) differs from libqrencode's", i % side,
			         i / side);
	free(m);
	QRcode_free(q);
}

/* ---------------------------------------------------------- the page */

static void test_page(void **state)
{
	struct qr_svg_info info = {0};
	struct svg_doc s;
	char *payload = NULL;
	struct buf b;
	struct err e;

	(void)state;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(collect_qr_page(&observer, &b, &info, &e), ST_OK);
	assert_int_equal(collect_qr_payload(&observer, &payload, &e), ST_OK);
	assert_int_equal(info.level, 'M');
	svg_read(&b, &s);
	check_code(&s, payload, &info);

	assert_string_equal(
	    s.title, "ODK Collect settings of observer OSCE-0042, mission kz-2023");
	assert_int_equal(s.groups, 1);
	assert_int_equal(s.ntexts, 7);
	assert_true(s.texts[0].bold);
	assert_string_equal(s.texts[0].text, "Observer OSCE-0042 \u00b7 mission kz-2023");
	assert_string_equal(s.texts[3].text,
	                    "server URL http://10.0.0.5:8080/openrosa/m/kz-2023");
	assert_string_equal(s.texts[4].text,
	                    "user name OSCE-0042, password (PIN) 042917");
	for (size_t i = 1; i < s.ntexts; i++)
		assert_false(s.texts[i].bold);
	/* the token is in the code only, never written out */
	assert_null(strstr(b.ptr, "JbvpUB2pFN"));
	svg_free(&s);
	free(payload);

	/* Appended to what the buffer held. */
	buf_reset(&b);
	buf_appends(&b, "before");
	assert_int_equal(collect_qr_page(&observer, &b, NULL, &e), ST_OK);
	assert_memory_equal(b.ptr, "before<?xml ", 12);
	buf_release(&b);
}

/* Markup and control characters in a caption are escaped; a long line
 * gets smaller type. */
static void test_caption_escaped(void **state)
{
	const struct qr_svg_line lines[] = {
	    {"A & B <c> \"d\" 'e'", true},
	    {"tab\there\x01", false},
	    {"\xef\xbf\xbe", false},
	    {"", false},
	};
	struct qr_svg_info info;
	struct svg_doc s;
	struct buf b;
	struct err e;

	(void)state;
	buf_init(&b, BUF_NO_CAP);
	assert_int_equal(qr_svg("HELLO", "<t&>", lines, 4, &b, &info, &e), ST_OK);
	assert_int_equal(info.version, 1);
	svg_read(&b, &s);
	check_code(&s, "HELLO", &info);
	assert_string_equal(s.title, "<t&>");
	assert_int_equal(s.ntexts, 4);
	assert_string_equal(s.texts[0].text, "A & B <c> \"d\" 'e'");
	assert_string_equal(s.texts[1].text, "tab\xef\xbf\xbdhere\xef\xbf\xbd");
	assert_string_equal(s.texts[2].text, "\xef\xbf\xbd");
	assert_string_equal(s.texts[3].text, "");
	svg_free(&s);
	buf_release(&b);
}

/* Text too long for level M is drawn at level L; longer still is refused. */
static void test_levels(void **state)
{
	struct qr_svg_info info;
	struct svg_doc s;
	struct buf b;
	struct err e;
	char *text = xmalloc(3001);

	(void)state;
	buf_init(&b, BUF_NO_CAP);
	memset(text, 'a', 2500);
	text[2500] = '\0';
	assert_int_equal(qr_svg(text, NULL, NULL, 0, &b, &info, &e), ST_OK);
	assert_int_equal(info.level, 'L');
	assert_null(QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1));
	svg_read(&b, &s);
	check_code(&s, text, &info);
	assert_null(s.title);
	assert_int_equal(s.ntexts, 0);
	assert_int_equal(s.groups, 0);
	svg_free(&s);

	buf_reset(&b);
	memset(text, 'a', 3000);
	text[3000] = '\0';
	assert_int_equal(qr_svg(text, NULL, NULL, 0, &b, &info, &e), ST_TOO_BIG);
	assert_non_null(strstr(e.msg, "3000 bytes"));
	assert_int_equal(b.len, 0);
	free(text);
	buf_release(&b);
}

static void test_errors(void **state)
{
	const struct qr_svg_line bad[] = {{"ok", false}, {"\xc3", false}};
	struct collect_qr q = observer;
	struct buf b;
	struct err e;

	(void)state;
	buf_init(&b, BUF_NO_CAP);
	buf_appends(&b, "kept");
	assert_int_equal(qr_svg("", NULL, NULL, 0, &b, NULL, &e), ST_INVALID);
	assert_int_equal(qr_svg("x", NULL, bad, 2, &b, NULL, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_int_equal(qr_svg("x", "\xc3", NULL, 0, &b, NULL, &e), ST_INVALID);
	q.pin = NULL;
	assert_int_equal(collect_qr_page(&q, &b, NULL, &e), ST_INVALID);
	assert_string_equal(b.ptr, "kept");
	buf_release(&b);

	/* The buffer's cap: refused, and the buffer is left as it was. */
	buf_init(&b, 2000);
	buf_appends(&b, "kept");
	assert_int_equal(collect_qr_page(&observer, &b, NULL, &e), ST_TOO_BIG);
	assert_non_null(strstr(e.msg, "2000 bytes"));
	assert_string_equal(b.ptr, "kept");
	buf_release(&b);
}

int test_collect_qr(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_payload), cmocka_unit_test(test_payload_text),
	    cmocka_unit_test(test_page),    cmocka_unit_test(test_caption_escaped),
	    cmocka_unit_test(test_levels),  cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("collect_qr", tests, NULL, NULL);
}
