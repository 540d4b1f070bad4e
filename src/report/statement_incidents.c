/* statement_incidents.c - the statement's incidents: for each incident
 * form, the incidents and the critical ones, by category, and the regions
 * where most were reported; then the critical incidents one by one, as
 * published statements quote them, with how many more there are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/statement_sections.h"

#define TOP_REGIONS 3

static void categories(struct sdoc *d, const struct findings_form *fm)
{
	const char *head[3] = {sdoc_tr(d, "Category", "Категория"),
	                       sdoc_tr(d, "Incidents", "Инциденты"),
	                       sdoc_tr(d, "Critical", "Критические")};
	static const bool right[3] = {false, true, true};

	sdoc_table_begin(d, 3, head, right);
	for (size_t k = 0; k < fm->ncategories; k++) {
		const struct findings_category *c = &fm->categories[k];
		const char *row[3] = {c->label, sdoc_num(d, c->reports),
		                      sdoc_num(d, c->critical)};
		if (!c->reports)
			continue;
		sdoc_table_row(d, row);
	}
	if (fm->uncategorised) {
		const char *row[3] = {sdoc_tr(d, "(no category)", "(без категории)"),
		                      sdoc_num(d, fm->uncategorised), ""};
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

struct region_count {
	size_t region;
	int64_t reports;
};

static int by_reports(const void *a, const void *b)
{
	const struct region_count *x = a, *y = b;

	if (x->reports != y->reports)
		return x->reports < y->reports ? 1 : -1;
	return x->region < y->region ? -1 : x->region > y->region;
}

static void regions(struct sdoc *d, const struct findings *f,
                    const struct findings_form *fm)
{
	struct region_count *r = xcalloc(f->nregions + 1, sizeof(*r));
	size_t n = 0;

	for (size_t i = 0; i < f->nregions; i++)
		if (fm->region_reports[i] > 0 && f->regions[i].code)
			r[n++] = (struct region_count){i, fm->region_reports[i]};
	qsort(r, n, sizeof(*r), by_reports);
	if (n) {
		sdoc_para_begin(d);
		sdoc_text(d, sdoc_tr(d, "Regions with the most incidents: ",
		                     "Больше всего инцидентов: "));
		for (size_t i = 0; i < n && i < TOP_REGIONS; i++) {
			const struct findings_region *g = &f->regions[r[i].region];
			sdoc_textf(d, "%s%s (%s)", i ? ", " : "",
			           g->name ? g->name : g->code,
			           sdoc_num(d, r[i].reports));
		}
		sdoc_text(d, ".");
		sdoc_para_end(d);
	}
	free(r);
}

/* "2023-03-19 07:59 (UTC+05:00)" of "2023-03-19T07:59:56+05:00"; the
 * text as it is when it is not of that shape. */
static const char *when(char *out, size_t n, const char *iso)
{
	size_t len = iso ? strlen(iso) : 0;
	const char *off = "";

	if (len < 16 || iso[10] != 'T')
		return iso ? iso : "";
	if (iso[len - 1] == 'Z')
		off = "UTC";
	else if (len >= 22 && (iso[len - 6] == '+' || iso[len - 6] == '-') &&
	         iso[len - 3] == ':')
		off = iso + len - 6;
	snprintf(out, n, "%.10s %.5s%s%s%s%s", iso, iso + 11, *off ? " (" : "",
	         *off && *off != 'U' ? "UTC" : "", off, *off ? ")" : "");
	return out;
}

static const char *follow_up(const struct sdoc *d, const char *status)
{
	if (!strcmp(status, "verified"))
		return sdoc_tr(d, "verified by the mission", "подтверждён миссией");
	if (!strcmp(status, "flagged"))
		return sdoc_tr(d, "flagged for a check", "отмечен для проверки");
	return sdoc_tr(d, "not yet reviewed", "ещё не проверен");
}

static void notable(struct sdoc *d, const struct statement_notable *n)
{
	if (!n || !n->total)
		return;
	sdoc_heading(d, 3, sdoc_tr(d, "Critical incidents", "Критические инциденты"));
	sdoc_para_begin(d);
	sdoc_textf(d,
	           sdoc_tr(d, "The %s critical %s reported, by the time observed:",
	                   "Критические инциденты (%s %s), по времени наблюдения:"),
	           sdoc_num(d, n->total),
	           sdoc_plural(d, n->total, "incident", "incidents", "сообщение",
	                       "сообщения", "сообщений"));
	sdoc_ref(d, METHOD_NOTABLE);
	sdoc_para_end(d);
	sdoc_list_begin(d);
	for (size_t i = 0; i < n->n; i++) {
		const struct statement_incident *it = &n->items[i];
		char t[64];

		sdoc_item_begin(d);
		sdoc_textf(d, "%s", when(t, sizeof(t), it->observed_at));
		if (it->region)
			sdoc_textf(d, ", %s", it->region);
		sdoc_textf(d, sdoc_tr(d, ", polling station %s", ", участок %s"),
		           it->station);
		sdoc_textf(d, ": %s.",
		           it->category ? it->category
		                        : sdoc_tr(d, "no category", "без категории"));
		if (it->what)
			sdoc_textf(d, " %s", it->what);
		sdoc_textf(d,
		           sdoc_tr(d, " Follow-up: %s (report %s %lld).",
		                   " Проверка: %s (отчёт %s № %lld)."),
		           follow_up(d, it->status), it->form, (long long)it->id);
		sdoc_item_end(d);
	}
	sdoc_list_end(d);
	if (n->total > (int64_t)n->n) {
		int64_t more = n->total - (int64_t)n->n;
		sdoc_para_begin(d);
		sdoc_textf(d,
		           sdoc_tr(d, "And %s more critical %s.",
		                   "И ещё %s %s о критических инцидентах."),
		           sdoc_num(d, more),
		           sdoc_plural(d, more, "incident", "incidents", "сообщение",
		                       "сообщения", "сообщений"));
		sdoc_para_end(d);
	}
}

void statement_incidents_section(struct sdoc *d, const struct findings *f,
                                 const struct statement_notable *n)
{
	bool any = false;

	sdoc_heading(d, 2, sdoc_tr(d, "Incidents", "Инциденты"));
	for (size_t i = 0; i < f->nforms; i++) {
		const struct findings_form *fm = &f->forms[i];
		if (!fm->category)
			continue;
		any = true;
		sdoc_para_begin(d);
		if (!fm->reports) {
			sdoc_textf(
			    d,
			    sdoc_tr(d, "No incidents were reported on form %s (%s).",
			            "Об инцидентах по форме %s (%s) не сообщалось."),
			    fm->code, fm->name);
			sdoc_ref(d, METHOD_INCIDENTS);
			sdoc_para_end(d);
			continue;
		}
		sdoc_textf(
		    d,
		    sdoc_tr(d,
		            "Observers reported %s %s on form %s (%s), %s of them "
		            "critical: they may affect the results or the voters' "
		            "safety.",
		            "Наблюдатели сообщили о %s %s по форме %s (%s), из них "
		            "критических (могут повлиять на результаты или "
		            "безопасность избирателей): %s."),
		    sdoc_num(d, fm->reports),
		    sdoc_plural(d, fm->reports, "incident", "incidents", "инциденте",
		                "инцидентах", "инцидентах"),
		    fm->code, fm->name, sdoc_num(d, fm->critical));
		sdoc_ref(d, METHOD_INCIDENTS);
		sdoc_para_end(d);
		categories(d, fm);
		regions(d, f, fm);
	}
	if (!any)
		sdoc_para(d, sdoc_tr(d, "The mission has no incident form.",
		                     "У миссии нет формы сообщения об инциденте."));
	else
		notable(d, n);
}
