/* statement_results.c - the statement's results verification: whether the
 * protocols observers copied add up, where the official results differ
 * from those copies, and the quick count's estimates against the official
 * results (with a chart in HTML). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/chart_bars.h"
#include "report/statement_sections.h"

/* ---- protocol arithmetic ---- */

static void protocols(struct sdoc *d, const struct protocol_check *pc)
{
	const char *head[3] = {
	    sdoc_tr(d, "Check", "Проверка"), sdoc_tr(d, "Identity", "Равенство"),
	    sdoc_tr(d, "Protocols failing it", "Протоколов с ошибкой")};
	static const bool right[3] = {false, false, true};

	sdoc_heading(d, 3, sdoc_tr(d, "Protocol arithmetic", "Арифметика протоколов"));
	sdoc_para_begin(d);
	if (!pc || !pc->reports) {
		sdoc_text(d,
		          sdoc_tr(d, "No results protocols copied by observers yet.",
		                  "Протоколов, переписанных наблюдателями, пока нет."));
		if (pc)
			sdoc_ref(d, METHOD_PROTOCOLS);
		sdoc_para_end(d);
		return;
	}
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "Observers copied %s results %s at %s polling stations. Of "
	                   "them, %s (from %s stations) fail at least one of the "
	                   "protocol's arithmetic checks.",
	                   "Наблюдатели переписали %s %s об итогах голосования на "
	                   "участках: %s. Из них хотя бы одну арифметическую проверку не "
	                   "проходят: %s (участков: %s)."),
	           sdoc_num(d, pc->reports),
	           sdoc_plural(d, pc->reports, "protocol", "protocols", "протокол",
	                       "протокола", "протоколов"),
	           sdoc_num(d, pc->stations), sdoc_num(d, pc->failed_reports),
	           sdoc_num(d, pc->failed_stations));
	sdoc_ref(d, METHOD_PROTOCOLS);
	sdoc_para_end(d);
	if (!pc->nchecks)
		return;
	sdoc_table_begin(d, 3, head, right);
	for (size_t i = 0; i < pc->nchecks; i++) {
		const struct protocol_check_count *c = &pc->by_check[i];
		const char *row[3] = {c->check, c->expr, sdoc_num(d, c->reports)};
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

/* ---- official against observed ---- */

static const char *line_label(const struct discrepancy *disc, size_t line)
{
	const struct results_line *l = &disc->lines[line];

	return l->name ? l->name : l->label ? l->label : l->tag;
}

static void discrepancies(struct sdoc *d, const struct discrepancy *disc)
{
	const char *head[4] = {
	    sdoc_tr(d, "Line", "Строка"), sdoc_tr(d, "Stations", "Участки"),
	    sdoc_tr(d, "Net", "Сальдо"), sdoc_tr(d, "Gross", "Сумма модулей")};
	static const bool right[4] = {false, true, true, true};

	sdoc_heading(d, 3,
	             sdoc_tr(d, "Official results against the observers' copies",
	                     "Официальные результаты и копии наблюдателей"));
	sdoc_para_begin(d);
	if (!disc || !disc->stations_official) {
		sdoc_text(
		    d, sdoc_tr(d,
		               "No official results of polling stations have been "
		               "imported yet.",
		               "Официальные результаты по участкам пока не загружены."));
		if (disc)
			sdoc_ref(d, METHOD_DISCREPANCIES);
		sdoc_para_end(d);
		return;
	}
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "The election commission's official results cover %s polling "
	                   "stations; %s of them have a protocol copied by observers. At "
	                   "%s of these the official figures differ from the observers' "
	                   "copies (%s %s).",
	                   "Официальные результаты избирательной комиссии охватывают "
	                   "участков: %s; из них с протоколом, переписанным "
	                   "наблюдателями: %s. Официальные данные отличаются от копий "
	                   "наблюдателей на участках: %s (%s %s)."),
	           sdoc_num(d, disc->stations_official),
	           sdoc_num(d, disc->stations_compared),
	           sdoc_num(d, disc->stations_differ), sdoc_num(d, disc->lines_differ),
	           sdoc_plural(d, disc->lines_differ, "line differs", "lines differ",
	                       "строка с расхождением", "строки с расхождением",
	                       "строк с расхождением"));
	if (disc->stations_unresolved)
		sdoc_textf(
		    d,
		    sdoc_tr(d,
		            " At %s more, observers disagree among themselves and one "
		            "of their copies differs.",
		            " Ещё на участках (%s) копии наблюдателей расходятся между "
		            "собой, и одна из них отличается от официальных данных."),
		    sdoc_num(d, disc->stations_unresolved));
	if (disc->nlargest) {
		const struct discrepancy_ref *r = &disc->largest[0];
		const struct discrepancy_station *s = &disc->stations[r->station];
		const struct discrepancy_line *l = &s->lines[r->line];
		sdoc_textf(
		    d,
		    sdoc_tr(d,
		            " The largest difference: station %s, “%s”: %s on the "
		            "observers' copy, %s in the official results (%s).",
		            " Наибольшее расхождение: участок %s, «%s»: у наблюдателей "
		            "%s, в официальных результатах %s (%s)."),
		    s->station, line_label(disc, l->line), sdoc_num(d, l->observed),
		    sdoc_num(d, l->official), sdoc_signed(d, l->difference));
	}
	sdoc_ref(d, METHOD_DISCREPANCIES);
	sdoc_para_end(d);
	if (!disc->stations_differ)
		return;
	sdoc_table_begin(d, 4, head, right);
	for (size_t i = 0; i < disc->nlines; i++) {
		const struct discrepancy_total *t = &disc->totals[i];
		const char *row[4];
		if (!t->stations)
			continue;
		row[0] = line_label(disc, t->line);
		row[1] = sdoc_num(d, t->stations);
		row[2] = sdoc_signed(d, t->net);
		row[3] = sdoc_num(d, t->gross);
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

/* ---- the quick count ---- */

static const char *figure(struct sdoc *d, double x)
{
	return isnan(x) ? "–" : sdoc_fixed(d, x, 2);
}

static void pvt_chart(struct sdoc *d, const struct pvt_mission *pm)
{
	const struct pvt_result *r = &pm->result;
	struct chart_bar *bars = xcalloc(r->nchoices + 1, sizeof(*bars));
	struct chart_bars c = {
	    .title = sdoc_tr(d, "Quick count: estimates and official results",
	                     "Параллельный подсчёт: оценки и официальные результаты"),
	    .x_title = sdoc_tr(d, "share of valid votes", "доля действительных голосов"),
	    .bar_legend = sdoc_tr(d, "estimate", "оценка"),
	    .whisker_legend = sdoc_tr(d, "95% interval", "95% интервал"),
	    .marker_legend = sdoc_tr(d, "official result", "официальный результат"),
	    .bars = bars,
	};
	struct buf svg;
	struct err e;

	for (size_t i = 0; i < r->nchoices; i++) {
		const struct pvt_figure *f = &r->choices[i];
		if (isnan(f->estimate))
			continue;
		bars[c.n++] = (struct chart_bar){
		    .label = pm->in.choices[i],
		    .value = f->estimate,
		    .has_interval = !isnan(f->moe95),
		    .low = f->estimate - f->moe95,
		    .high = f->estimate + f->moe95,
		    .has_marker = !isnan(f->official),
		    .marker = f->official,
		};
	}
	buf_init(&svg, 1 << 20);
	if (c.n && !chart_bars_svg(&c, &svg, &e))
		sdoc_figure(d, svg.ptr, c.title);
	buf_release(&svg);
	free(bars);
}

static void pvt_table(struct sdoc *d, const struct pvt_mission *pm)
{
	const struct pvt_result *r = &pm->result;
	const char *head[6] = {sdoc_tr(d, "Choice", "Выбор"),
	                       sdoc_tr(d, "Estimate, %", "Оценка, %"),
	                       sdoc_tr(d, "±95%", "±95%"),
	                       sdoc_tr(d, "95% interval", "95% интервал"),
	                       sdoc_tr(d, "Official, %", "Официально, %"),
	                       sdoc_tr(d, "Inside", "Внутри")};
	static const bool right[6] = {false, true, true, true, true, false};

	sdoc_table_begin(d, 6, head, right);
	for (size_t i = 0; i < r->nchoices; i++) {
		const struct pvt_figure *f = &r->choices[i];
		char iv[128] = "–";
		const char *row[6];
		if (!isnan(f->estimate) && !isnan(f->moe95))
			snprintf(iv, sizeof(iv), "%s–%s",
			         figure(d, f->estimate - f->moe95),
			         figure(d, f->estimate + f->moe95));
		row[0] = pm->in.choices[i];
		row[1] = figure(d, f->estimate);
		row[2] = figure(d, f->moe95);
		row[3] = iv;
		row[4] = figure(d, f->official);
		row[5] = f->inside95 < 0 ? "–"
		         : f->inside95   ? sdoc_tr(d, "yes", "да")
		                         : sdoc_tr(d, "no", "нет");
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
}

static void pvt(struct sdoc *d, const struct pvt_mission *pm)
{
	const struct pvt_result *r;
	size_t compared = 0, outside = 0;

	sdoc_heading(d, 3, sdoc_tr(d, "Quick count", "Параллельный подсчёт голосов"));
	if (!pm) {
		sdoc_para(d,
		          sdoc_tr(d, "No quick-count sample was drawn for this mission.",
		                  "Выборка для параллельного подсчёта не составлялась."));
		return;
	}
	r = &pm->result;
	sdoc_para_begin(d);
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "A quick count was run on a random sample of %s polling "
	                   "stations (seed %lld); %s of them reported, with %s valid "
	                   "votes. Shares are of the valid votes, with margins at 95%%.",
	                   "Параллельный подсчёт проведён по случайной выборке участков: "
	                   "%s (начальное число %lld); сообщили: %s, действительных "
	                   "голосов: %s. Доли — от действительных голосов, погрешности "
	                   "— при 95%%."),
	           sdoc_num(d, r->sample_size), (long long)pm->head.seed,
	           sdoc_num(d, (int64_t)r->reported), sdoc_num(d, r->valid_votes));
	sdoc_ref(d, METHOD_PVT);
	sdoc_para_end(d);
	if (!r->reported)
		return;
	pvt_table(d, pm);
	pvt_chart(d, pm);
	for (size_t i = 0; i < r->nchoices; i++) {
		if (r->choices[i].inside95 < 0)
			continue;
		compared++;
		outside += r->choices[i].inside95 == 0;
	}
	sdoc_para_begin(d);
	if (!compared)
		sdoc_text(d,
		          sdoc_tr(d, "There are no official results to compare with yet.",
		                  "Официальных результатов для сравнения пока нет."));
	else if (!outside)
		sdoc_text(
		    d, sdoc_tr(d,
		               "Every official result lies inside the 95% interval of "
		               "its estimate.",
		               "Все официальные результаты лежат внутри 95% интервалов "
		               "оценок."));
	else {
		bool first = true;
		sdoc_text(d, sdoc_tr(d, "Official results outside the 95% interval: ",
		                     "Официальные результаты вне 95% интервала: "));
		for (size_t i = 0; i < r->nchoices; i++) {
			if (r->choices[i].inside95 != 0)
				continue;
			sdoc_textf(d, "%s%s", first ? "" : ", ", pm->in.choices[i]);
			first = false;
		}
		sdoc_text(d, ".");
	}
	if (r->has_turnout && !isnan(r->turnout.estimate))
		sdoc_textf(d,
		           sdoc_tr(d, " Turnout is estimated at %s%% ± %s points.",
		                   " Явка оценивается в %s%% ± %s п. п."),
		           figure(d, r->turnout.estimate), figure(d, r->turnout.moe95));
	sdoc_para_end(d);
}

void statement_results_section(struct sdoc *d, const struct protocol_check *pc,
                               const struct discrepancy *disc,
                               const struct pvt_mission *pm)
{
	sdoc_heading(d, 2, sdoc_tr(d, "Results verification", "Проверка результатов"));
	protocols(d, pc);
	discrepancies(d, disc);
	pvt(d, pm);
}
