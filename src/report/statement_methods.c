/* statement_methods.c - the statement's appendix "How these figures were
 * computed": for each method the statement referred to, what is counted
 * and the command and API path that give the same figures. */
#include "report/statement_sections.h"

struct method {
	const char *en, *ru; /* what is counted */
	const char *command; /* "%s" is the mission's code; NULL: none */
	const char *api;     /* likewise */
};

static const struct method methods[METHOD__COUNT] = {
    [METHOD_ACCREDITATION] =
        {"Observers, organisations and countries: the observers in the mission's "
         "registry by accreditation status; an organisation or a country counts when "
         "at least one observer names it.",
         "Наблюдатели, организации и страны: наблюдатели в реестре миссии по статусу "
         "аккредитации; организация или страна учитывается, если её указал хотя бы "
         "один наблюдатель.",
         "observa accreditation --mission %s", "GET /api/v1/missions/%s/accreditation"},
    [METHOD_VISITS] =
        {"Polling stations, regions and commissions visited: places with at least one "
         "current report (the latest version of a report, not rejected) on a "
         "checklist or protocol form; a station lies in the first location above it "
         "of level region, city or abroad. Per form and region the coverage gives the "
         "same counts.",
         "Посещённые участки, регионы и комиссии: места, откуда есть хотя бы один "
         "текущий отчёт (последняя версия, не отклонённый) по контрольному листу или "
         "протоколу; участок относится к первому месту над ним уровня «регион», "
         "«город» или «за рубежом». По формам и регионам те же числа даёт охват.",
         "observa analyze coverage --mission %s", "GET /api/v1/missions/%s/coverage"},
    [METHOD_MEETINGS] = {"Meetings: the mission's log of long-term monitoring.",
                         "Встречи: журнал долгосрочного наблюдения миссии.", NULL, NULL},
    [METHOD_FINDINGS] =
        {"Negative shares: of the observations of a question (the reports that "
         "answered it), those giving an answer the form marks negative — bad or very "
         "bad for the overall rating; each report counts once in its current version, "
         "rejected reports are left out, and a clerk's resolution of a conflict "
         "between observers is used. The 95% interval is Wilson's score interval "
         "(docs/analysis.md, process findings).",
         "Доли отрицательных ответов: из наблюдений по вопросу (отчётов с ответом на "
         "него) — ответы, которые форма считает отрицательными («плохо» и «очень "
         "плохо» для общей оценки); каждый отчёт учитывается один раз в текущей "
         "версии, отклонённые не учитываются, решения клерка по конфликтам "
         "наблюдателей применяются. 95% интервал — интервал Уилсона "
         "(docs/analysis.md, process findings).",
         "observa analyze findings --mission %s", "GET /api/v1/missions/%s/findings"},
    [METHOD_INCIDENTS] =
        {"Incidents: the current reports on incident forms by category (the form's "
         "first single-choice question) and region; critical ones have at least one "
         "answer the form marks critical.",
         "Инциденты: текущие отчёты по формам инцидентов по категориям (первый вопрос "
         "с одним вариантом ответа) и регионам; критические — с хотя бы одним "
         "ответом, который форма считает критическим.",
         "observa analyze findings --mission %s --form IN",
         "GET /api/v1/missions/%s/findings?form=IN"},
    [METHOD_PROTOCOLS] =
        {"Protocol arithmetic: every current, not rejected protocol an observer copied, "
         "run through the checks of its form (docs/analysis.md, results verification).",
         "Арифметика протоколов: каждый текущий, не отклонённый протокол, "
         "переписанный наблюдателем, проверяется правилами его формы "
         "(docs/analysis.md, results verification).",
         "observa analyze protocols --mission %s",
         "GET /api/v1/missions/%s/results/protocols"},
    [METHOD_DISCREPANCIES] =
        {"Official against observed: each line of each polling station that has both "
         "an observer's copy of the protocol and official results; difference = "
         "official − observed; net and gross add the differences and their sizes over "
         "the stations.",
         "Официальные данные и копии наблюдателей: каждая строка каждого участка, где "
         "есть и копия протокола, и официальные результаты; разница = официально − "
         "у наблюдателей; сальдо и сумма модулей складывают разницы и их абсолютные "
         "величины по участкам.",
         "observa analyze discrepancies --mission %s",
         "GET /api/v1/missions/%s/results/discrepancies"},
    [METHOD_PVT] =
        {"Quick count: the ratio estimator over the sample stations that reported, "
         "the combined ratio estimator over strata with the finite-population "
         "correction; margins at 95% (z = 1.96); official shares are of the valid "
         "ballots summed over the imported official results (docs/analysis.md, quick "
         "count).",
         "Параллельный подсчёт: оценка отношением по сообщившим участкам выборки, "
         "комбинированная оценка по стратам с поправкой на конечность совокупности; "
         "погрешности при 95% (z = 1,96); официальные доли — от действительных "
         "бюллетеней по загруженным официальным результатам (docs/analysis.md, quick "
         "count).",
         "observa pvt estimate --mission %s", "GET /api/v1/missions/%s/pvt"},
    [METHOD_NOTABLE] =
        {"Critical incidents one by one: every current, not rejected report on an "
         "incident form with at least one answer the form marks critical, by the time "
         "observed; what happened is the report's text answers and comment, the "
         "follow-up its review status.",
         "Критические инциденты по отдельности: каждый текущий, не отклонённый отчёт "
         "по форме инцидента хотя бы с одним ответом, который форма считает "
         "критическим, по времени наблюдения; что произошло — текстовые ответы и "
         "комментарий отчёта, рассмотрение — его статус проверки.",
         "observa export incidents --mission %s",
         "GET /api/v1/missions/%s/submissions?form=IN"},
};

static void code(struct sdoc *d, const char *fmt, const char *mission)
{
	char line[256];

	snprintf(line, sizeof(line), fmt, mission);
	if (d->format == SDOC_HTML) {
		sdoc_raw(d, "<code>");
		sdoc_text(d, line);
		sdoc_raw(d, "</code>");
	} else {
		sdoc_raw(d, "`");
		sdoc_raw(d, line); /* inside a code span nothing is markup */
		sdoc_raw(d, "`");
	}
}

void statement_methods_section(struct sdoc *d, const char *mission)
{
	sdoc_heading(
	    d, 2,
	    sdoc_tr(d, "How these figures were computed", "Как получены эти цифры"));
	sdoc_para(d,
	          sdoc_tr(d,
	                  "Every figure is computed by observa from the mission's data "
	                  "when the statement is made; each command below gives the "
	                  "same figures, and the API the same as JSON.",
	                  "Все цифры рассчитаны observa по данным миссии в момент "
	                  "составления заявления; каждая команда ниже даёт те же "
	                  "цифры, а API — те же в виде JSON."));
	if (d->format == SDOC_HTML)
		sdoc_raw(d, "<ol class=\"methods\">\n");
	for (int i = 0; i < d->nrefs; i++) {
		const struct method *m = &methods[d->order[i]];
		if (d->format == SDOC_HTML)
			sdoc_rawf(d, "<li id=\"how-%d\">", i + 1);
		else
			sdoc_rawf(d, "[^%d]: ", i + 1);
		sdoc_text(d, sdoc_tr(d, m->en, m->ru));
		if (m->command) {
			sdoc_text(d, sdoc_tr(d, " Command: ", " Команда: "));
			code(d, m->command, mission);
			sdoc_text(d, sdoc_tr(d, "; API: ", "; API: "));
			code(d, m->api, mission);
			sdoc_text(d, ".");
		}
		sdoc_raw(d, d->format == SDOC_HTML ? "</li>\n" : "\n\n");
	}
	if (d->format == SDOC_HTML)
		sdoc_raw(d, "</ol>\n");
}
