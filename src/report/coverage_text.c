/* coverage_text.c - the coverage tables and the list of missing stations as
 * text, with columns measured in characters rather than bytes. */
#include <errno.h>
#include <string.h>

#include "core/text.h"
#include "report/coverage_text.h"

#define LABEL_MAX 44 /* widest region label before it is cut */
#define NAME_MAX  32 /* widest station name in the missing list */

/* s on one line: each run of control characters (a line break in a
 * station's name) becomes one space.  Longer text is cut at a character
 * boundary to fit out[TEXT_MAX]. */
#define TEXT_MAX 512
static const char *one_line(const char *s, char out[TEXT_MAX])
{
	size_t n = 0;

	if (!s)
		return "";
	while (*s && n < TEXT_MAX - 8) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			while (*s && ((unsigned char)*s < 0x20 || *s == 0x7f))
				s++;
			out[n++] = ' ';
			continue;
		}
		do
			out[n++] = *s++;
		while (((unsigned char)*s & 0xC0) == 0x80);
	}
	out[n] = '\0';
	return out;
}

/* Characters s takes on one line (s is valid UTF-8). */
static size_t width_of(const char *s)
{
	char line[TEXT_MAX];

	s = one_line(s, line);
	return utf8_count(s, strlen(s));
}

/* The larger of w and the width of s. */
static size_t widest(size_t w, const char *s)
{
	size_t n = width_of(s);

	return n > w ? n : w;
}

/* Write s on one line in exactly width characters: padded with spaces, or
 * cut with an ellipsis when longer. */
static void put_cell(FILE *out, const char *s, size_t width)
{
	char line[TEXT_MAX];
	size_t n, bytes = 0, chars = 0;

	s = one_line(s, line);
	n = utf8_count(s, strlen(s));
	if (n <= width) {
		fprintf(out, "%s%*s", s, (int)(width - n), "");
		return;
	}
	if (!width)
		return;
	while (s[bytes] && chars < width - 1) {
		bytes++;
		while (((unsigned char)s[bytes] & 0xC0) == 0x80)
			bytes++;
		chars++;
	}
	fprintf(out, "%.*s…", (int)bytes, s);
}

/* "KZ-39  Қостанай облысы", "(no region)" for stations outside any. */
static void region_label(const struct coverage_region *r, char *buf, size_t size)
{
	if (!r->code)
		snprintf(buf, size, "(no region)");
	else if (r->name && strcmp(r->name, r->code))
		snprintf(buf, size, "%s  %s", r->code, r->name);
	else
		snprintf(buf, size, "%s", r->code);
}

static void put_counts(FILE *out, const char *label, size_t width,
                       const struct coverage_counts *n)
{
	put_cell(out, label, width);
	fprintf(out, " %8lld %8lld ", (long long)n->expected, (long long)n->reported);
	if (n->expected)
		fprintf(out, "%6.1f", 100.0 * (double)n->reported / (double)n->expected);
	else
		fprintf(out, "%6s", "-");
	fprintf(out, " %8lld %6lld %8lld %9lld\n", (long long)n->missing,
	        (long long)n->extra, (long long)n->flagged, (long long)n->conflicts);
}

/* The first lines: what was counted and why these stations. */
static void write_head(const struct coverage *c, const char *mission, FILE *out)
{
	fprintf(out, "Coverage of %s, %s: %lld polling station%s", mission,
	        c->day ? c->day : "all days", (long long)c->stations,
	        c->stations == 1 ? "" : "s");
	if (c->all_expected)
		fputs("; nobody is assigned yet, so every station is expected\n", out);
	else if (c->day)
		fprintf(out, "; expected: those with an observer assigned on %s\n",
		        c->day);
	else
		fputs("; expected: those with an observer assigned\n", out);
	if (!c->nforms)
		fputs("\nThe mission has no checklist or protocol forms yet.\n", out);
}

static void write_tables(const struct coverage *c, FILE *out)
{
	char label[LOCATION_CODE_MAX * 8];
	size_t width = strlen("region");

	for (size_t r = 0; r < c->nregions; r++) {
		region_label(&c->regions[r], label, sizeof(label));
		if (width_of(label) > width)
			width = width_of(label);
	}
	if (width > LABEL_MAX)
		width = LABEL_MAX;
	for (size_t f = 0; f < c->nforms; f++) {
		fprintf(out, "\nForm %s\n", c->forms[f]);
		put_cell(out, "region", width);
		fprintf(out, " %8s %8s %6s %8s %6s %8s %9s\n", "expected", "reported",
		        "%", "missing", "extra", "flagged", "conflicts");
		for (size_t r = 0; r < c->nregions; r++) {
			region_label(&c->regions[r], label, sizeof(label));
			put_counts(out, label, width, &c->regions[r].cells[f].n);
		}
		put_counts(out, "total", width, &c->total[f].n);
	}
}

/* "CIS-001 Айгерим Сапарова (+77011234567, +77027654321); CIS-002 ..." */
static void put_observers(FILE *out, const struct coverage_missing *m)
{
	if (!m->nobservers) {
		fputs("-", out);
		return;
	}
	for (size_t k = 0; k < m->nobservers; k++) {
		const char *p = m->phones[k];
		char line[TEXT_MAX];
		fprintf(out, "%s%s", k ? "; " : "", m->observers[k]);
		if (m->names[k])
			fprintf(out, " %s", one_line(m->names[k], line));
		if (p && *p) {
			fputs(" (", out);
			while (*p) {
				size_t n = strcspn(p, ";");
				fprintf(out, "%s%.*s", p == m->phones[k] ? "" : ", ",
				        (int)n, p);
				p += n + (p[n] == ';');
			}
			fputs(")", out);
		}
	}
}

static void write_missing(const struct coverage *c, FILE *out)
{
	size_t wf = strlen("form"), wr = strlen("region"), ws = strlen("station");
	size_t wn = strlen("name");

	fprintf(out, "\nMissing reports: %zu\n", c->nmissing);
	if (!c->nmissing)
		return;
	for (size_t i = 0; i < c->nmissing; i++) {
		const struct coverage_missing *m = &c->missing[i];
		wf = widest(wf, m->form);
		wr = widest(wr, m->region);
		ws = widest(ws, m->station);
		wn = widest(wn, m->station_name);
	}
	if (wn > NAME_MAX)
		wn = NAME_MAX;
	put_cell(out, "form", wf + 2);
	put_cell(out, "region", wr + 2);
	put_cell(out, "station", ws + 2);
	put_cell(out, "name", wn + 2);
	fputs("observers\n", out);
	for (size_t i = 0; i < c->nmissing; i++) {
		const struct coverage_missing *m = &c->missing[i];
		put_cell(out, m->form, wf + 2);
		put_cell(out, m->region ? m->region : "-", wr + 2);
		put_cell(out, m->station, ws + 2);
		put_cell(out, m->station_name, wn);
		fputs("  ", out);
		put_observers(out, m);
		fputc('\n', out);
	}
}

static void put_sample(FILE *out, const char *label, size_t width,
                       const struct coverage_sample *s)
{
	put_cell(out, label, width);
	fprintf(out, " %8lld %8lld ", (long long)s->stations, (long long)s->reported);
	if (s->stations)
		fprintf(out, "%6.1f\n",
		        100.0 * (double)s->reported / (double)s->stations);
	else
		fprintf(out, "%6s\n", "-");
}

/* The quick count's sample stations and those that reported PR. */
static void write_sample(const struct coverage *c, FILE *out)
{
	char label[LOCATION_CODE_MAX * 8];
	size_t width = strlen("region");

	for (size_t r = 0; r < c->nregions; r++) {
		region_label(&c->regions[r], label, sizeof(label));
		width = widest(width, label);
	}
	if (width > LABEL_MAX)
		width = LABEL_MAX;
	fputs("\nQuick-count sample: stations that reported the results protocol (PR)\n",
	      out);
	put_cell(out, "region", width);
	fprintf(out, " %8s %8s %6s\n", "sampled", "reported", "%");
	for (size_t r = 0; r < c->nregions; r++) {
		if (!c->regions[r].sample.stations)
			continue;
		region_label(&c->regions[r], label, sizeof(label));
		put_sample(out, label, width, &c->regions[r].sample);
	}
	put_sample(out, "total", width, &c->sample);
}

enum status coverage_text_write(const struct coverage *c, const char *mission,
                                unsigned flags, FILE *out, struct err *e)
{
	write_head(c, mission, out);
	write_tables(c, out);
	if (c->has_sample)
		write_sample(c, out);
	if (flags & COVERAGE_TEXT_MISSING)
		write_missing(c, out);
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the coverage: %s", strerror(errno));
	return ST_OK;
}
