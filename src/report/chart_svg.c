/* chart_svg.c - the pieces every SVG chart is made of: escaped text, the
 * document frame, labels and the axes of a plot. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "report/chart_svg.h"

#define FONTS "sans-serif"

void svg_put(struct svg *w, const char *s)
{
	if (!w->rc)
		w->rc = buf_appends(w->out, s);
}

void svg_putf(struct svg *w, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		if (!w->rc)
			w->rc = ST_INTERNAL; /* only short markup is formatted here */
		return;
	}
	svg_put(w, line);
}

void svg_text(struct svg *w, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p && !w->rc; p++) {
		switch (*p) {
		case '<':
			svg_put(w, "&lt;");
			break;
		case '>':
			svg_put(w, "&gt;");
			break;
		case '&':
			svg_put(w, "&amp;");
			break;
		case '"':
			svg_put(w, "&quot;");
			break;
		case '\'':
			svg_put(w, "&#39;");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				svg_put(w, "\xEF\xBF\xBD"); /* not allowed in XML 1.0 */
			else
				w->rc = buf_appendc(w->out, (char)*p);
		}
	}
}

void svg_begin(struct svg *w, int width, int height, const char *title)
{
	svg_put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	svg_putf(w,
	         "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	         "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	         "font-family=\"" FONTS "\">\n",
	         width, height, width, height);
	svg_put(w, "<title>");
	svg_text(w, title);
	svg_put(w, "</title>\n");
	svg_putf(w, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width,
	         height);
}

void svg_end(struct svg *w)
{
	svg_put(w, "</svg>\n");
}

void svg_label(struct svg *w, double x, double y, const char *anchor, int size,
               double rotate, const char *text)
{
	svg_putf(w, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"", x,
	         y, size, anchor);
	if (rotate != 0)
		svg_putf(w, " transform=\"rotate(%.0f %.1f %.1f)\"", rotate, x, y);
	svg_put(w, ">");
	svg_text(w, text);
	svg_put(w, "</text>\n");
}

double chart_step(double max, int ticks)
{
	double raw, mag;

	if (!(max > 0) || ticks < 1)
		return 1.0;
	raw = max / ticks;
	mag = pow(10.0, floor(log10(raw)));
	if (raw <= mag)
		return mag;
	if (raw <= 2 * mag)
		return 2 * mag;
	if (raw <= 5 * mag)
		return 5 * mag;
	return 10 * mag;
}

/* A tick value as text: whole numbers without decimals. */
static void number(char *out, size_t n, double v, int percent)
{
	if (fabs(v - round(v)) < 1e-9)
		snprintf(out, n, "%.0f%s", v, percent ? "%" : "");
	else
		snprintf(out, n, "%g%s", v, percent ? "%" : "");
}

void chart_axes(struct svg *w, const struct chart_frame *f, double x_step, int x_percent,
                double y_step, int y_percent, const char *x_title, const char *y_title)
{
	char text[64];

	svg_putf(
	    w,
	    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
	    "stroke=\"#333333\" stroke-width=\"1\"/>\n",
	    f->x, f->y, f->w, f->h);
	for (double v = 0; v <= f->x_max * (1 + 1e-9); v += x_step) {
		double x = f->x + f->w * v / f->x_max;

		svg_putf(w,
		         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		         "stroke=\"#333333\"/>\n",
		         x, f->y + f->h, x, f->y + f->h + 5);
		number(text, sizeof(text), v, x_percent);
		svg_label(w, x, f->y + f->h + 18, "middle", 11, 0, text);
	}
	for (double v = 0; v <= f->y_max * (1 + 1e-9); v += y_step) {
		double y = f->y + f->h - f->h * v / f->y_max;

		svg_putf(w,
		         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		         "stroke=\"#333333\"/>\n",
		         f->x - 5, y, f->x, y);
		number(text, sizeof(text), v, y_percent);
		svg_label(w, f->x - 8, y + 4, "end", 11, 0, text);
	}
	svg_label(w, f->x + f->w / 2, f->y + f->h + 40, "middle", 13, 0, x_title);
	svg_label(w, f->x - 55, f->y + f->h / 2, "middle", 13, -90, y_title);
}
