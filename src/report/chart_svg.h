/* chart_svg.h - what the SVG charts share: a writer whose first error
 * sticks (so a document is written straight through and checked once),
 * XML escaping, the document's frame, and axes with round tick values.
 * Documents are self-contained: no scripts, no external fonts or images,
 * the generic "sans-serif" family only. */
#ifndef OBSERVA_CHART_SVG_H
#define OBSERVA_CHART_SVG_H

#include "core/buf.h"
#include "core/status.h"

struct svg {
	struct buf *out;
	enum status rc; /* the first failure; later writes are skipped */
};

/* Append s, or printf-style text, as it is. */
void svg_put(struct svg *w, const char *s);
void svg_putf(struct svg *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append UTF-8 text s escaped for XML text and attribute values; control
 * characters become U+FFFD. */
void svg_text(struct svg *w, const char *s);

/* The XML declaration, <svg> of width x height user units on a white
 * background, and <title>title</title>. */
void svg_begin(struct svg *w, int width, int height, const char *title);
/* </svg> and a final newline. */
void svg_end(struct svg *w);

/* text at (x, y): anchor "start", "middle" or "end"; size in user units;
 * rotate in degrees about (x, y) (0 for none). */
void svg_label(struct svg *w, double x, double y, const char *anchor, int size,
               double rotate, const char *text);

/* A round step (1, 2 or 5 times a power of ten) dividing [0, max] into at
 * most ticks steps; 1 when max <= 0. */
double chart_step(double max, int ticks);

/* The plot area of a chart, in user units, and the ranges it shows. */
struct chart_frame {
	double x, y, w, h;   /* top-left corner and size */
	double x_max, y_max; /* the axes run from 0 to these */
};

/* The frame's axes: a box, ticks and numbers every x_step and y_step
 * (a "%" after x numbers when x_percent, likewise y_percent), and the
 * axis titles under the x axis and left of the y axis. */
void chart_axes(struct svg *w, const struct chart_frame *f, double x_step, int x_percent,
                double y_step, int y_percent, const char *x_title, const char *y_title);

#endif
