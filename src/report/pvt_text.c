/* pvt_text.c - the quick count's tables as text, columns measured in
 * characters. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/text.h"
#include "report/pvt_text.h"

#define NAME_MAX_WIDTH 32

/* s in exactly width characters: padded, or cut with an ellipsis. */
static void cell(FILE *out, const char *s, size_t width)
{
	size_t n = utf8_count(s, strlen(s)), bytes = 0;

	if (n <= width) {
		fprintf(out, "%s%*s", s, (int)(width - n), "");
		return;
	}
	for (size_t c = 0; c + 1 < width && s[bytes]; c++) {
		bytes++;
		while (((unsigned char)s[bytes] & 0xC0) == 0x80)
			bytes++;
	}
	fprintf(out, "%.*s…", (int)bytes, s);
}

static void number(FILE *out, double v, int width, int decimals)
{
	if (isnan(v))
		fprintf(out, "%*s", width, "-");
	else
		fprintf(out, "%*.*f", width, decimals, v);
}

static size_t name_width(const struct pvt_input *in, size_t min)
{
	size_t w = min;

	for (size_t c = 0; c < in->nchoices; c++) {
		size_t n = utf8_count(in->choices[c], strlen(in->choices[c]));
		w = n > w ? n : w;
	}
	return w > NAME_MAX_WIDTH ? NAME_MAX_WIDTH : w;
}

static void figure_line(FILE *out, const char *name, size_t width,
                        const struct pvt_figure *f, bool official)
{
	cell(out, name, width);
	number(out, f->estimate, 10, 2);
	number(out, f->moe95, 8, 2);
	number(out, f->moe99, 8, 2);
	fputs("   ", out);
	if (isnan(f->moe95) || isnan(f->estimate))
		fprintf(out, "%-15s", "-");
	else
		fprintf(out, "%6.2f - %6.2f", f->estimate - f->moe95,
		        f->estimate + f->moe95);
	if (official) {
		number(out, f->official, 10, 2);
		fprintf(out, "  %s",
		        f->inside95 < 0 ? ""
		        : f->inside95   ? "inside"
		                        : "OUTSIDE");
	}
	fputc('\n', out);
}

static void strata_table(const struct pvt_result *r, FILE *out)
{
	size_t w = strlen("stratum");

	for (size_t h = 0; h < r->nstrata; h++)
		if (r->strata[h].name &&
		    utf8_count(r->strata[h].name, strlen(r->strata[h].name)) > w)
			w = utf8_count(r->strata[h].name, strlen(r->strata[h].name));
	if (w > NAME_MAX_WIDTH)
		w = NAME_MAX_WIDTH;
	fputc('\n', out);
	cell(out, "stratum", w);
	fprintf(out, " %9s %8s %9s\n", "stations", "sampled", "reported");
	for (size_t h = 0; h < r->nstrata; h++) {
		const struct pvt_stratum_out *s = &r->strata[h];
		cell(out, s->name ? s->name : "(all)", w);
		fprintf(out, " %9lld %8lld %9lld\n", (long long)s->population,
		        (long long)s->sampled, (long long)s->reported);
	}
}

static void notes(const struct pvt_result *r, FILE *out)
{
	if (r->strata_empty && r->reported)
		fprintf(out,
		        "\nnote: %zu strat%s without any report yet: the estimate speaks "
		        "for the strata that reported only.\n",
		        r->strata_empty, r->strata_empty == 1 ? "um" : "a");
	if (r->strata_single)
		fprintf(out,
		        "\nnote: %zu strat%s with a single report: no variance can be "
		        "estimated there, so the margins are too small.\n",
		        r->strata_single, r->strata_single == 1 ? "um" : "a");
	if (r->reported == 1)
		fputs("\nnote: one report gives an estimate but no margin of error.\n",
		      out);
}

static void convergence(const struct pvt_input *in, const struct pvt_result *r, FILE *out)
{
	if (!r->npoints)
		return;
	fputs("\nConvergence as reports arrived (estimate and margin at 95%)\n", out);
	fprintf(out, "%7s  %-20s", "reports", "last arrived");
	for (size_t c = 0; c < in->nchoices; c++) {
		fputc(' ', out);
		cell(out, in->choices[c], 15);
	}
	fputs(r->has_turnout ? " turnout\n" : "\n", out);
	for (size_t i = 0; i < r->npoints; i++) {
		const struct pvt_point *p = &r->convergence[i];
		fprintf(out, "%7zu  %-20s", p->reports, p->arrived ? p->arrived : "");
		for (size_t c = 0; c < in->nchoices; c++) {
			fputc(' ', out);
			number(out, p->estimate[c], 6, 2);
			fputs(" ±", out);
			if (isnan(p->moe95[c]))
				fprintf(out, "%-6s", " -");
			else
				fprintf(out, "%-6.2f", p->moe95[c]);
		}
		if (r->has_turnout)
			number(out, p->turnout, 8, 2);
		fputc('\n', out);
	}
}

enum status pvt_text_estimate(const struct pvt_input *in, const struct pvt_result *r,
                              FILE *out, struct err *e)
{
	size_t w = name_width(in, strlen("turnout"));
	bool official = in->official != NULL;

	fprintf(out, "%zu of %lld sample stations reported", r->reported,
	        (long long)r->sample_size);
	if (r->sample_size > 0)
		fprintf(out, " (%.1f%%)",
		        100.0 * (double)r->reported / (double)r->sample_size);
	fprintf(out, "; %lld valid votes counted; %s\n", (long long)r->valid_votes,
	        in->stratified ? "stratified, combined ratio estimator"
	                       : "ratio estimator");
	fputs("Shares of valid votes in percent; margins in points.\n\n", out);
	cell(out, "choice", w);
	/* "±" is two bytes: the widths are written out. */
	fputs("  estimate    ±95%    ±99%   95% interval", out);
	fputs(official ? "     official\n" : "\n", out);
	for (size_t c = 0; c < in->nchoices; c++)
		figure_line(out, in->choices[c], w, &r->choices[c], official);
	if (r->has_turnout) {
		figure_line(out, "turnout", w, &r->turnout, false);
		fprintf(
		    out,
		    "(turnout from %zu station%s with ballots and voters on the list)\n",
		    r->turnout_reports, r->turnout_reports == 1 ? "" : "s");
	}
	strata_table(r, out);
	notes(r, out);
	convergence(in, r, out);
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the estimates: %s", strerror(errno));
	return ST_OK;
}

enum status pvt_text_sample(const struct pvt_mission *pm, const char *mission, FILE *out,
                            struct err *e)
{
	const struct pvt_sample_head *h = &pm->head;
	size_t reported = 0;

	for (size_t i = 0; i < pm->nstations; i++)
		reported += pm->stations[i].arrived != NULL;
	fprintf(out, "Quick-count sample of %s: %lld of %lld stations, %s", mission,
	        (long long)h->size, (long long)h->frame_size, h->method);
	if (h->strata_by)
		fprintf(out, " allocation, stratified by %s", h->strata_by);
	fprintf(out, ", seed %lld\n", (long long)h->seed);
	fprintf(out, "drawn %s by %s with %s; frame %s\n", h->drawn_at, h->drawn_by,
	        h->generator, h->frame_hash);
	fprintf(out, "%zu of them reported a results protocol (PR)\n", reported);
	strata_table(&pm->result, out);
	fprintf(out, "\n%-24s %-24s %5s  %s\n", "station", "stratum", "draw",
	        "reported at");
	for (size_t i = 0; i < pm->nstations; i++) {
		const struct pvt_mission_station *s = &pm->stations[i];
		cell(out, s->station, 24);
		fputc(' ', out);
		cell(out, s->stratum ? s->stratum : "-", 24);
		fprintf(out, " %5lld  %s\n", (long long)s->draw_order,
		        s->arrived ? s->arrived : "-");
	}
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the sample: %s", strerror(errno));
	return ST_OK;
}
