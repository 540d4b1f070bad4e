/* chart_fingerprint.c - drawing the (turnout, leader's share) heat map:
 * the cells fall into LEVELS colours on a log scale, each colour drawn as
 * one path of squares; a gradient key shows the scale. */
#include <math.h>
#include <stdio.h>

#include "report/chart_fingerprint.h"
#include "report/chart_svg.h"

#define LEVELS 64
#define PLOT   500.0

/* The ramp's stops, dark blue through teal and green to yellow. */
static const unsigned char stops[][3] = {
    {0x30, 0x12, 0x6e}, {0x2f, 0x5b, 0x8f}, {0x1f, 0x93, 0x8c},
    {0x52, 0xc5, 0x69}, {0xf4, 0xe5, 0x1e},
};
#define NSTOPS (sizeof(stops) / sizeof(stops[0]))

/* The colour at t in [0, 1] along the ramp. */
static void ramp(double t, char out[8])
{
	double pos = t * (NSTOPS - 1);
	size_t i = (size_t)pos;
	double frac;
	int c[3];

	if (i >= NSTOPS - 1)
		i = NSTOPS - 2;
	frac = pos - (double)i;
	for (int k = 0; k < 3; k++)
		c[k] = (int)lround(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * frac);
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* The level 0..LEVELS-1 of a non-empty cell. */
static int level_of(int64_t count, int64_t max)
{
	double t = max > 1 ? log1p((double)count) / log1p((double)max) : 1.0;
	int l = (int)(t * LEVELS);

	return l >= LEVELS ? LEVELS - 1 : l;
}

void chart_fingerprint_colour(int64_t count, int64_t max, char out[8])
{
	if (count <= 0) {
		snprintf(out, 8, "#ffffff");
		return;
	}
	ramp((level_of(count, max) + 0.5) / LEVELS, out);
}

/* The colour key: a gradient from 1 station to max, right of the plot. */
static void key(struct svg *w, const struct chart_frame *f, int64_t max)
{
	double x = f->x + f->w + 25, y = f->y, h = f->h;
	char colour[8], text[32];

	svg_put(w,
	        "<defs><linearGradient id=\"ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
	for (size_t i = 0; i < NSTOPS; i++) {
		ramp((double)i / (NSTOPS - 1), colour);
		svg_putf(w, "<stop offset=\"%.2f\" stop-color=\"%s\"/>",
		         (double)i / (NSTOPS - 1), colour);
	}
	svg_put(w, "</linearGradient></defs>\n");
	svg_putf(w,
	         "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"%.1f\" "
	         "fill=\"url(#ramp)\" "
	         "stroke=\"#333333\"/>\n",
	         x, y, h);
	snprintf(text, sizeof(text), "%lld", (long long)(max > 0 ? max : 0));
	svg_label(w, x + 20, y + 10, "start", 11, 0, text);
	svg_label(w, x + 20, y + h, "start", 11, 0, "1");
	svg_label(w, x + 8, y - 10, "middle", 11, 0, "stations (log)");
}

enum status chart_fingerprint_svg(const struct chart_fingerprint *fp, struct buf *out,
                                  struct err *e)
{
	struct svg w = {.out = out};
	struct chart_frame f = {
	    .x = 80, .y = 60, .w = PLOT, .h = PLOT, .x_max = 100, .y_max = 100};
	size_t start = out->len, n = fp->bins;
	int64_t max = 0;
	double cell;
	char colour[8];

	if (!n)
		return err_set(e, ST_INVALID, "a fingerprint needs at least one bin");
	for (size_t i = 0; i < n * n; i++)
		if (fp->counts[i] > max)
			max = fp->counts[i];
	cell = PLOT / (double)n;

	svg_begin(&w, CHART_FINGERPRINT_WIDTH, CHART_FINGERPRINT_HEIGHT, fp->title);
	svg_label(&w, f.x + f.w / 2, 30, "middle", 16, 0, fp->title);
	for (int l = 0; l < LEVELS && max > 0; l++) {
		int any = 0;

		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < n; j++) {
				int64_t c = fp->counts[i * n + j];

				if (!c || level_of(c, max) != l)
					continue;
				if (!any) {
					ramp((l + 0.5) / LEVELS, colour);
					svg_putf(&w,
					         "<path fill=\"%s\" "
					         "shape-rendering=\"crispEdges\" d=\"",
					         colour);
					any = 1;
				}
				svg_putf(&w, "M%.2f %.2fh%.2fv%.2fh%.2fz",
				         f.x + cell * (double)i,
				         f.y + f.h - cell * (double)(j + 1), cell, cell,
				         -cell);
			}
		}
		if (any)
			svg_put(&w, "\"/>\n");
	}
	chart_axes(&w, &f, 10, 1, 10, 1, fp->x_title, fp->y_title);
	key(&w, &f, max);
	svg_end(&w);
	if (w.rc) {
		out->len = start;
		out->ptr[start] = 0;
		return err_set(e, w.rc, "the fingerprint \"%s\" does not fit: %s",
		               fp->title, status_str(w.rc));
	}
	return ST_OK;
}
