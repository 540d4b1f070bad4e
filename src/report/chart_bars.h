/* chart_bars.h - horizontal bars of percentages with interval whiskers and
 * an optional marker per bar, as a self-contained SVG document: the
 * negative shares of each phase with their 95% intervals, or the quick
 * count's estimates with their margins and the official figures as
 * markers.  The statement and the dashboard draw the same pictures with
 * it. */
#ifndef OBSERVA_CHART_BARS_H
#define OBSERVA_CHART_BARS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct chart_bar {
	const char *label; /* UTF-8, left of the bar */
	double value;      /* percent, 0-100 */
	bool has_interval; /* draw a whisker from low to high */
	double low, high;  /* percent */
	bool has_marker;   /* draw a marker at marker */
	double marker;     /* percent */
	const char *note;  /* short text right of the bar ("7%"), or NULL */
};

struct chart_bars {
	const char *title;          /* the <title> and the heading */
	const char *x_title;        /* under the percentage axis */
	const char *bar_legend;     /* what a bar is ("estimate"), or NULL: no legend */
	const char *whisker_legend; /* what a whisker is ("95% interval"), or NULL */
	const char *marker_legend;  /* what a marker is ("official"), or NULL */
	const struct chart_bar *bars;
	size_t n; /* >= 1 */
};

#define CHART_BARS_WIDTH 720

/* The height of the document for n bars. */
int chart_bars_height(size_t n);

/* Append the SVG document of c to out: one bar per entry, top to bottom,
 * on a percentage axis from 0 to a round step above the largest value,
 * whisker end and marker.  Values are clamped to 0-100.  ST_INVALID when
 * c->n is 0, ST_TOO_BIG when out's cap is reached (out is then left as it
 * was). */
enum status chart_bars_svg(const struct chart_bars *c, struct buf *out, struct err *e);

#endif
