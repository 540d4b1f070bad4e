/* statement_who.c - the statement's section on who observed: observers,
 * organisations and countries with their accreditation, and the polling
 * stations, regions and commissions they reported from. */
#include <string.h>

#include "model/country.h"
#include "report/statement_sections.h"

static void registry(struct sdoc *d, const struct accreditation *acc)
{
	const int64_t *by = acc->by_status;

	sdoc_para_begin(d);
	sdoc_textf(d,
	           sdoc_tr(d, "The mission's registry lists %s %s from %s %s and %s %s.",
	                   "В реестре миссии %s %s от %s %s из %s %s."),
	           sdoc_num(d, acc->total),
	           sdoc_plural(d, acc->total, "observer", "observers", "наблюдатель",
	                       "наблюдателя", "наблюдателей"),
	           sdoc_num(d, acc->organisations),
	           sdoc_plural(d, acc->organisations, "organisation", "organisations",
	                       "организации", "организаций", "организаций"),
	           sdoc_num(d, acc->countries_count),
	           sdoc_plural(d, acc->countries_count, "country", "countries", "страны",
	                       "стран", "стран"));
	sdoc_ref(d, METHOD_ACCREDITATION);
	sdoc_text(d, " ");
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "Accredited by the election commission: %s; awaiting "
	                   "accreditation: %s; refused: %s; withdrawn: %s.",
	                   "Аккредитованы избирательной комиссией: %s; ожидают "
	                   "аккредитации: %s; отказано: %s; аккредитация отозвана: %s."),
	           sdoc_num(d, by[ACC_ACCREDITED]), sdoc_num(d, by[ACC_REQUESTED]),
	           sdoc_num(d, by[ACC_REFUSED]), sdoc_num(d, by[ACC_WITHDRAWN]));
	sdoc_para_end(d);
}

static void organisations(struct sdoc *d, const struct accreditation *acc)
{
	const char *head[3] = {sdoc_tr(d, "Organisation", "Организация"),
	                       sdoc_tr(d, "Observers", "Наблюдатели"),
	                       sdoc_tr(d, "Accredited", "Аккредитованы")};
	static const bool right[3] = {false, true, true};

	if (!acc->norgs)
		return;
	sdoc_table_begin(d, 3, head, right);
	for (size_t i = 0; i < acc->norgs; i++) {
		const struct accreditation_group *g = &acc->orgs[i];
		const char *row[3] = {
		    g->key ? g->key
		           : sdoc_tr(d, "(no organisation)", "(без организации)"),
		    sdoc_num(d, g->count), sdoc_num(d, g->by_status[ACC_ACCREDITED])};
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

static void countries(struct sdoc *d, const struct accreditation *acc)
{
	bool ru = d->lang && !strcmp(d->lang, "ru");

	if (!acc->ncountries)
		return;
	sdoc_para_begin(d);
	sdoc_text(d, sdoc_tr(d, "Observers by country: ", "Наблюдатели по странам: "));
	for (size_t i = 0; i < acc->ncountries; i++) {
		const struct accreditation_group *g = &acc->countries[i];
		const struct country *c = g->key ? country_by_code(g->key) : NULL;
		const char *name = c        ? (ru ? c->name_ru : c->name_en)
		                   : g->key ? g->key
		                            : sdoc_tr(d, "not given", "не указана");
		sdoc_textf(d, "%s%s %s", i ? ", " : "", name, sdoc_num(d, g->count));
	}
	sdoc_text(d, ".");
	sdoc_para_end(d);
}

static void visits(struct sdoc *d, const struct statement_visits *v)
{
	double share = v->stations ? (double)v->visited / (double)v->stations : 0;

	sdoc_para_begin(d);
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "On election day observers reported from %s of the %s polling "
	                   "stations (%s), in %s of the %s regions and cities",
	                   "В день голосования наблюдатели сообщили с %s из %s "
	                   "избирательных участков (%s) в %s из %s регионов и городов"),
	           sdoc_num(d, v->visited), sdoc_num(d, v->stations),
	           sdoc_pct(d, share, 1), sdoc_num(d, v->regions_visited),
	           sdoc_num(d, v->regions));
	if (v->stations_abroad)
		sdoc_textf(d,
		           sdoc_tr(d, ", and from %s of the %s polling stations abroad",
		                   ", а также с %s из %s участков за рубежом"),
		           sdoc_num(d, v->visited_abroad),
		           sdoc_num(d, v->stations_abroad));
	sdoc_text(d, ".");
	sdoc_ref(d, METHOD_VISITS);
	sdoc_text(d, " ");
	sdoc_textf(d,
	           sdoc_tr(d, "Reports from polling stations counted: %s.",
	                   "Учтено отчётов с избирательных участков: %s."),
	           sdoc_num(d, v->reports));
	if (v->commissions_visited)
		sdoc_textf(
		    d,
		    sdoc_tr(d,
		            " Commissions where observers followed the tabulation: "
		            "%s.",
		            " Комиссий, где наблюдатели следили за установлением "
		            "итогов: %s."),
		    sdoc_num(d, v->commissions_visited));
	sdoc_para_end(d);
}

void statement_who_section(struct sdoc *d, const struct accreditation *acc,
                           const struct statement_visits *v)
{
	sdoc_heading(d, 2, sdoc_tr(d, "Who observed", "Кто наблюдал"));
	registry(d, acc);
	organisations(d, acc);
	countries(d, acc);
	visits(d, v);
}
