/* results_text.c - protocol arithmetic and observed-against-official
 * differences written as text and as CSV. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/results_text.h"

static enum status finish(FILE *out, struct err *e)
{
	if (fflush(out) || ferror(out))
		return err_set(e, ST_IO, "writing the results: %s",
		               strerror(errno ? errno : EIO));
	return ST_OK;
}

/* One CSV field, quoted when it must be (RFC 4180). */
static void csv_field(FILE *out, const char *s, bool last)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

static void csv_int(FILE *out, long long v, bool last)
{
	char t[32];

	snprintf(t, sizeof(t), "%lld", v);
	csv_field(out, t, last);
}

/* The figures of a failed check, "G=12 H=840", in buf. */
static const char *figures(const char *values, char *buf, size_t n)
{
	json_t *o = json_loads(values ? values : "{}", 0, NULL);
	const char *key;
	json_t *v;
	size_t used = 0;

	buf[0] = '\0';
	json_object_foreach(o, key, v)
	{
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		int w = snprintf(buf + used, n - used, "%s%s=%s", used ? " " : "", key,
		                 text ? text : "?");
		free(text);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
	json_decref(o);
	return buf;
}

/* ---- protocol arithmetic ---- */

enum status protocol_check_text_write(const struct protocol_check *pc,
                                      const char *mission, FILE *out, struct err *e)
{
	char values[2048];

	fprintf(out,
	        "Protocol arithmetic, mission %s: %lld report%s from %lld station%s "
	        "checked; %lld report%s from %lld station%s fail a check\n",
	        mission, (long long)pc->reports, pc->reports == 1 ? "" : "s",
	        (long long)pc->stations, pc->stations == 1 ? "" : "s",
	        (long long)pc->failed_reports, pc->failed_reports == 1 ? "" : "s",
	        (long long)pc->failed_stations, pc->failed_stations == 1 ? "" : "s");
	for (size_t i = 0; i < pc->nchecks; i++) {
		const struct protocol_check_count *k = &pc->by_check[i];
		fprintf(out, "  %-3s %-20s %-28s %lld failing\n", k->form, k->check,
		        k->expr, (long long)k->reports);
	}
	for (size_t i = 0; i < pc->nitems; i++) {
		const struct protocol_report *it = &pc->items[i];
		fprintf(out, "\n%s  %s  report %lld by %s (%s)\n", it->station, it->form,
		        (long long)it->submission, it->observer ? it->observer : "?",
		        it->status ? it->status : "?");
		for (size_t k = 0; k < it->nfailures; k++) {
			const struct protocol_failure *f = &it->failures[k];
			fprintf(out, "  %s: %s\n    %s\n    %s\n", f->check, f->expr,
			        f->message, figures(f->values, values, sizeof(values)));
		}
	}
	return finish(out, e);
}

enum status protocol_check_csv_write(const struct protocol_check *pc, FILE *out,
                                     struct err *e)
{
	char values[2048];

	fputs("station,form,submission,observer,status,check,expr,message,values\r\n",
	      out);
	for (size_t i = 0; i < pc->nitems; i++) {
		const struct protocol_report *it = &pc->items[i];
		for (size_t k = 0; k < it->nfailures; k++) {
			const struct protocol_failure *f = &it->failures[k];
			csv_field(out, it->station, false);
			csv_field(out, it->form, false);
			csv_int(out, it->submission, false);
			csv_field(out, it->observer, false);
			csv_field(out, it->status, false);
			csv_field(out, f->check, false);
			csv_field(out, f->expr, false);
			csv_field(out, f->message, false);
			csv_field(out, figures(f->values, values, sizeof(values)), true);
		}
	}
	return finish(out, e);
}

/* ---- observed against official ---- */

/* "+23.8%", or "n/a" when the observed figure is 0. */
static const char *percent(const struct discrepancy_line *l, char buf[32])
{
	if (!l->has_relative)
		return "n/a";
	snprintf(buf, 32, "%+.1f%%", l->relative * 100);
	return buf;
}

/* "P1 Amanat" for a choice line, "J" otherwise. */
static const char *line_name(const struct discrepancy *d, size_t k, char *buf, size_t n)
{
	const struct results_line *l = &d->lines[k];

	if (l->name)
		snprintf(buf, n, "%s %s", l->tag, l->name);
	else
		snprintf(buf, n, "%s", l->tag);
	return buf;
}

static void text_line(FILE *out, const struct discrepancy *d,
                      const struct discrepancy_line *l)
{
	char name[256], pct[32];

	fprintf(out, "  %-28s observed %8lld  official %8lld  %+8lld  %7s  %s",
	        line_name(d, l->line, name, sizeof(name)), (long long)l->observed,
	        (long long)l->official, (long long)l->difference, percent(l, pct),
	        discrepancy_source_str(l->source));
	if (l->observer)
		fprintf(out, " (%s, report %lld)", l->observer, (long long)l->submission);
	fputc('\n', out);
}

enum status discrepancy_text_write(const struct discrepancy *d, const char *mission,
                                   FILE *out, struct err *e)
{
	char name[256];

	fprintf(out,
	        "Observed against official, mission %s (differences of %lld or more)\n"
	        "stations: %lld observed, %lld with official results, %lld compared; "
	        "%lld differ, %lld with observers who disagree\n",
	        mission, (long long)d->min, (long long)d->stations_observed,
	        (long long)d->stations_official, (long long)d->stations_compared,
	        (long long)d->stations_differ, (long long)d->stations_unresolved);
	if (d->nobserved_only) {
		fprintf(out, "observed without official results: %zu (",
		        d->nobserved_only);
		for (size_t i = 0; i < d->nobserved_only; i++)
			fprintf(out, "%s%s", i ? ", " : "", d->observed_only[i]);
		fputs(")\n", out);
	}
	if (d->nlargest) {
		fputs("\nLargest differences (official - observed):\n", out);
		for (size_t i = 0; i < d->nlargest; i++) {
			const struct discrepancy_station *s =
			    &d->stations[d->largest[i].station];
			fprintf(out, "%-12s", s->station);
			text_line(out, d, &s->lines[d->largest[i].line]);
		}
	}
	if (d->lines_differ) {
		fputs("\nBy line, over the stations compared (official - observed):\n",
		      out);
		for (size_t k = 0; k < d->nlines; k++) {
			const struct discrepancy_total *t = &d->totals[k];
			if (!t->stations)
				continue;
			fprintf(out, "  %-28s %5lld station%s  net %+lld  gross %lld\n",
			        line_name(d, k, name, sizeof(name)),
			        (long long)t->stations, t->stations == 1 ? " " : "s",
			        (long long)t->net, (long long)t->gross);
		}
	}
	for (size_t i = 0; i < d->nstations; i++) {
		const struct discrepancy_station *s = &d->stations[i];
		fprintf(out, "\n%s%s%s%s\n", s->station, s->region ? " (" : "",
		        s->region ? s->region : "", s->region ? ")" : "");
		for (size_t l = 0; l < s->nlines; l++)
			text_line(out, d, &s->lines[l]);
	}
	return finish(out, e);
}

enum status discrepancy_csv_write(const struct discrepancy *d, FILE *out, struct err *e)
{
	fputs("station,region,line,choice,observed,official,difference,relative,source,"
	      "observer,submission\r\n",
	      out);
	for (size_t i = 0; i < d->nstations; i++) {
		const struct discrepancy_station *s = &d->stations[i];
		for (size_t k = 0; k < s->nlines; k++) {
			const struct discrepancy_line *l = &s->lines[k];
			char rel[32] = "";
			if (l->has_relative)
				snprintf(rel, sizeof(rel), "%.6f", l->relative);
			csv_field(out, s->station, false);
			csv_field(out, s->region, false);
			csv_field(out, d->lines[l->line].tag, false);
			csv_field(out, d->lines[l->line].choice, false);
			csv_int(out, l->observed, false);
			csv_int(out, l->official, false);
			csv_int(out, l->difference, false);
			csv_field(out, rel, false);
			csv_field(out, discrepancy_source_str(l->source), false);
			csv_field(out, l->observer, false);
			if (l->submission)
				csv_int(out, l->submission, true);
			else
				csv_field(out, "", true);
		}
	}
	return finish(out, e);
}
