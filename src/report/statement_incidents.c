/* statement_incidents.c - the statement's incidents: for each incident
 * form, the incidents and the critical ones, by category, and the regions
 * where most were reported. */
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

void statement_incidents_section(struct sdoc *d, const struct findings *f)
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
}
