/* chart_bars.c - drawing horizontal percentage bars with whiskers and
 * markers: labels on the left, a round percentage axis at the bottom, a
 * legend at the top when asked for. */
#include <math.h>

#include "report/chart_bars.h"
#include "report/chart_svg.h"

#define LABEL_W   230 /* the labels' column */
#define RIGHT_W   70  /* room for the note right of the longest bar */
#define TOP       64  /* title and legend */
#define ROW_H     34
#define BAR_H     18
#define BOTTOM    56 /* ticks and the axis title */
#define BAR_COLOR "#3b6ea8"

int chart_bars_height(size_t n)
{
	return TOP + (int)n * ROW_H + BOTTOM;
}

static double clamp(double v)
{
	if (!(v > 0)) /* NaN too */
		return 0;
	return v > 100 ? 100 : v;
}

/* The axis' end: a round step above the largest value drawn. */
static double axis_max(const struct chart_bars *c, double *step)
{
	double max = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct chart_bar *b = &c->bars[i];
		double v = clamp(b->value);
		if (b->has_interval && clamp(b->high) > v)
			v = clamp(b->high);
		if (b->has_marker && clamp(b->marker) > v)
			v = clamp(b->marker);
		if (v > max)
			max = v;
	}
	if (max <= 0)
		max = 1;
	*step = chart_step(max, 5);
	max = *step * ceil(max / *step + 1e-9);
	return max > 100 ? 100 : max;
}

static void legend(struct svg *w, const struct chart_bars *c)
{
	double x = LABEL_W;

	if (c->bar_legend) {
		svg_putf(w,
		         "<rect x=\"%.1f\" y=\"38\" width=\"14\" height=\"10\" "
		         "fill=\"" BAR_COLOR "\"/>\n",
		         x);
		svg_label(w, x + 20, 47, "start", 11, 0, c->bar_legend);
		x += 150;
	}
	if (c->whisker_legend) {
		svg_putf(
		    w,
		    "<path d=\"M%.1f 43h18M%.1f 38v10M%.1f 38v10\" stroke=\"#222222\" "
		    "stroke-width=\"1.5\" fill=\"none\"/>\n",
		    x, x, x + 18);
		svg_label(w, x + 24, 47, "start", 11, 0, c->whisker_legend);
		x += 150;
	}
	if (c->marker_legend) {
		svg_putf(w,
		         "<path d=\"M%.1f 37l6 6-6 6-6-6z\" fill=\"#d0342c\" "
		         "stroke=\"#ffffff\" "
		         "stroke-width=\"1\"/>\n",
		         x + 6);
		svg_label(w, x + 18, 47, "start", 11, 0, c->marker_legend);
	}
}

enum status chart_bars_svg(const struct chart_bars *c, struct buf *out, struct err *e)
{
	struct svg w = {.out = out};
	size_t start = out->len;
	int height;
	double step, max, pw, y0;

	if (!c->n)
		return err_set(e, ST_INVALID, "a bar chart needs at least one bar");
	height = chart_bars_height(c->n);
	max = axis_max(c, &step);
	pw = CHART_BARS_WIDTH - LABEL_W - RIGHT_W;
	y0 = TOP + (double)c->n * ROW_H;

	svg_begin(&w, CHART_BARS_WIDTH, height, c->title);
	svg_label(&w, CHART_BARS_WIDTH / 2.0, 24, "middle", 15, 0, c->title);
	legend(&w, c);
	/* grid and ticks */
	for (double v = 0; v <= max * (1 + 1e-9); v += step) {
		double x = LABEL_W + pw * v / max;
		char text[32];

		svg_putf(&w,
		         "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
		         "stroke=\"#dddddd\"/>\n",
		         x, TOP, x, y0);
		snprintf(text, sizeof(text),
		         fabs(v - round(v)) < 1e-9 ? "%.0f%%" : "%g%%", v);
		svg_label(&w, x, y0 + 18, "middle", 11, 0, text);
	}
	svg_putf(&w,
	         "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333333\"/>\n",
	         LABEL_W, TOP, LABEL_W, y0);
	svg_putf(
	    &w,
	    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n",
	    LABEL_W, y0, LABEL_W + pw, y0);
	if (c->x_title)
		svg_label(&w, LABEL_W + pw / 2, y0 + 42, "middle", 12, 0, c->x_title);

	for (size_t i = 0; i < c->n; i++) {
		const struct chart_bar *b = &c->bars[i];
		double cy = TOP + (double)i * ROW_H + ROW_H / 2.0;
		double x1 = LABEL_W + pw * clamp(b->value) / max, right = x1;

		svg_label(&w, LABEL_W - 8, cy + 4, "end", 12, 0,
		          b->label ? b->label : "");
		svg_putf(&w,
		         "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
		         "fill=\"" BAR_COLOR "\"/>\n",
		         LABEL_W, cy - BAR_H / 2.0, x1 - LABEL_W, BAR_H);
		if (b->has_interval) {
			double lo = LABEL_W + pw * clamp(b->low) / max;
			double hi = LABEL_W + pw * clamp(b->high) / max;
			svg_putf(
			    &w,
			    "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fv%dM%.1f %.1fv%d\" "
			    "stroke=\"#222222\" stroke-width=\"1.5\" fill=\"none\"/>\n",
			    lo, cy, hi, lo, cy - 6, 12, hi, cy - 6, 12);
			if (hi > right)
				right = hi;
		}
		if (b->has_marker) {
			double mx = LABEL_W + pw * clamp(b->marker) / max;
			svg_putf(&w,
			         "<path d=\"M%.1f %.1fl6 6-6 6-6-6z\" fill=\"#d0342c\" "
			         "stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
			         mx, cy - 6);
			if (mx + 6 > right)
				right = mx + 6;
		}
		if (b->note)
			svg_label(&w, right + 6, cy + 4, "start", 11, 0, b->note);
	}
	svg_end(&w);
	if (w.rc) {
		out->len = start;
		out->ptr[start] = 0;
		return err_set(e, w.rc, "the bar chart \"%s\" does not fit: %s", c->title,
		               status_str(w.rc));
	}
	return ST_OK;
}
