/* qr_svg.c - drawing libqrencode's matrix as SVG: each run of dark modules
 * in a row is one rectangle of a single path, and the caption lines are set
 * under the code in a size estimated to fit the page.  The writer's error is
 * sticky, so the document is written straight through and checked once. */
#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "report/qr_svg.h"

#define FONT_SIZE      3.5 /* mm, about 10 points */
#define FONT_SIZE_BOLD 4.5
#define LINE_STEP      1.6 /* baseline to baseline, in font sizes */
#define MARGIN         4   /* mm left and right of a caption line */
/* The mean advance of a character of DejaVu Sans or Liberation Sans, in
 * font sizes: close enough to tell whether a line fits the page. */
#define ADVANCE      0.62
#define ADVANCE_BOLD 0.68
#define FONTS        "DejaVu Sans, Liberation Sans, Arial, sans-serif"

/* ---------------------------------------------------------- output */

struct writer {
	struct buf *out;
	enum status rc; /* the first failure; later writes are skipped */
};

static void put(struct writer *w, const char *s)
{
	if (!w->rc)
		w->rc = buf_appends(w->out, s);
}

static void putf(struct writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void putf(struct writer *w, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(small)) {
		if (!w->rc)
			w->rc = ST_INTERNAL; /* only short numbers are written here */
		return;
	}
	put(w, small);
}

/* s (valid UTF-8) as XML text or attribute value: the five markup
 * characters as entities, control characters, U+FFFE and U+FFFF as U+FFFD. */
static void put_text(struct writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&apos;";
			break;
		case 0xEF:
			if (p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
				rep = "\xEF\xBF\xBD";
				p += 2;
			}
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				rep = "\xEF\xBF\xBD";
		}
		if (rep) {
			put(w, rep);
		} else if (!w->rc) {
			w->rc = buf_appendc(w->out, (char)*p);
		}
	}
}

/* ---------------------------------------------------------- the code */

/* The matrix of text at level M, or L when M cannot hold it, in *q. */
static enum status encode(const char *text, QRcode **q /* OUT */, char *level /* OUT */,
                          struct err *e)
{
	*level = 'M';
	errno = 0;
	*q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!*q && errno == ERANGE) {
		*level = 'L';
		errno = 0;
		*q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	}
	if (*q)
		return ST_OK;
	if (errno == ERANGE)
		return err_set(e, ST_TOO_BIG, "%zu bytes are too many for a QR code",
		               strlen(text));
	if (errno == ENOMEM)
		return err_set(e, ST_NOMEM, "out of memory while making a QR code");
	return err_set(e, ST_INVALID, "cannot make a QR code of this text");
}

/* The dark modules as one path, the code's top left corner at (x0, y0). */
static void put_modules(struct writer *w, const QRcode *q, int x0, int y0)
{
	put(w, "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"");
	for (int y = 0; y < q->width; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)q->width;
		int x = 0;
		while (x < q->width) {
			int run = 0;
			while (x + run < q->width && (row[x + run] & 1))
				run++;
			if (run)
				putf(w, "M%d %dh%dv1h-%dz", x0 + x, y0 + y, run, run);
			x += run ? run : 1;
		}
	}
	put(w, "\"/>\n");
}

/* ---------------------------------------------------------- the caption */

/* The font size of line l on a page width mm wide. */
static double font_size(const struct qr_svg_line *l, int width)
{
	double size = l->bold ? FONT_SIZE_BOLD : FONT_SIZE;
	double advance = l->bold ? ADVANCE_BOLD : ADVANCE;
	size_t chars = utf8_count(l->text, strlen(l->text));
	double room = (double)(width - 2 * MARGIN);

	if (chars && (double)chars * advance * size > room)
		size = room / ((double)chars * advance);
	return size;
}

static void put_caption(struct writer *w, const struct qr_svg_line *lines, size_t n,
                        int width, double y)
{
	if (!n)
		return;
	put(w, "<g font-family=\"" FONTS "\" text-anchor=\"middle\" fill=\"#000\">\n");
	for (size_t i = 0; i < n; i++) {
		double size = font_size(&lines[i], width);
		y += size * LINE_STEP;
		putf(w, "<text x=\"%.1f\" y=\"%.2f\" font-size=\"%.2f\"%s>", width / 2.0,
		     y, size, lines[i].bold ? " font-weight=\"bold\"" : "");
		put_text(w, lines[i].text);
		put(w, "</text>\n");
	}
	put(w, "</g>\n");
}

/* ---------------------------------------------------------- the document */

static enum status check_texts(const char *text, const char *title,
                               const struct qr_svg_line *lines, size_t n, struct err *e)
{
	if (!*text)
		return err_set(e, ST_INVALID, "a QR code needs some text");
	if (title && !utf8_valid(title, strlen(title)))
		return err_set(e, ST_INVALID, "the title is not UTF-8");
	for (size_t i = 0; i < n; i++)
		if (!utf8_valid(lines[i].text, strlen(lines[i].text)))
			return err_set(e, ST_INVALID, "caption line %zu is not UTF-8",
			               i + 1);
	return ST_OK;
}

enum status qr_svg(const char *text, const char *title, const struct qr_svg_line *lines,
                   size_t nlines, struct buf *out, struct qr_svg_info *info,
                   struct err *e)
{
	struct writer w = {out, ST_OK};
	size_t start = out->len;
	QRcode *q = NULL;
	enum status rc;
	int side, width, height, x0;
	double caption = 0;
	char level;

	rc = check_texts(text, title, lines, nlines, e);
	if (rc)
		goto out;
	rc = encode(text, &q, &level, e);
	if (rc)
		goto out;
	side = q->width + 2 * QR_SVG_QUIET;
	width = side > QR_SVG_MIN_WIDTH ? side : QR_SVG_MIN_WIDTH;
	x0 = (width - side) / 2 + QR_SVG_QUIET;
	for (size_t i = 0; i < nlines; i++)
		caption += font_size(&lines[i], width) * LINE_STEP;
	height = side + (nlines ? (int)ceil(caption) + QR_SVG_QUIET : 0);

	put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	put(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
	putf(&w, " width=\"%dmm\" height=\"%dmm\"", width, height);
	putf(&w, " viewBox=\"0 0 %d %d\">\n", width, height);
	if (title) {
		put(&w, "<title>");
		put_text(&w, title);
		put(&w, "</title>\n");
	}
	putf(&w, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", width, height);
	put_modules(&w, q, x0, QR_SVG_QUIET);
	put_caption(&w, lines, nlines, width, (double)side);
	put(&w, "</svg>\n");
	rc = w.rc;
	if (rc == ST_TOO_BIG)
		err_set(e, rc, "the QR code's SVG is larger than %zu bytes", out->cap);
	else if (rc)
		err_set(e, rc, "cannot write the QR code's SVG");
	else if (info)
		*info = (struct qr_svg_info){q->version, q->width, level};
out:
	QRcode_free(q);
	if (rc) {
		out->len = start;
		out->ptr[start] = '\0';
	}
	return rc;
}
