/* chart_histogram.h - a histogram of stations over a percentage (turnout,
 * a choice's share) as a self-contained SVG document: one bar per bin
 * over 0-100% on the x axis, the number of stations on the y axis. */
#ifndef OBSERVA_CHART_HISTOGRAM_H
#define OBSERVA_CHART_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct chart_histogram {
	const char *title;     /* UTF-8; the <title> and the heading */
	const char *x_title;   /* e.g. "Turnout" */
	const char *y_title;   /* e.g. "Polling stations" */
	const int64_t *counts; /* nbins counts; bin k covers [k, k+1) * 100% / nbins */
	size_t nbins;          /* >= 1 */
};

#define CHART_HISTOGRAM_WIDTH  800
#define CHART_HISTOGRAM_HEIGHT 450

/* Append the SVG document of h to out.  ST_INVALID when nbins is 0,
 * ST_TOO_BIG when out's cap is reached (out is then left as it was). */
enum status chart_histogram_svg(const struct chart_histogram *h, struct buf *out,
                                struct err *e);

#endif
