/* statement.c - the statement as one document: its head (title, mission,
 * election, when the figures were taken, whether it is still a draft),
 * the sections in the order missions publish them, and for HTML the page
 * around them with its print style. */
#include <string.h>

#include "report/statement.h"
#include "report/statement_sections.h"

/* A4 paper, plain fonts Debian ships for Latin and Cyrillic, nothing
 * loaded from elsewhere. */
static const char css[] =
    "@page{size:A4;margin:18mm 16mm 18mm 16mm}"
    "body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;"
    "font-size:10.5pt;line-height:1.45;color:#111;max-width:180mm;margin:0 auto;"
    "padding:8mm 0}"
    "h1{font-size:20pt;margin:0 0 4pt}h2{font-size:14pt;margin:18pt 0 6pt;"
    "border-bottom:1px solid #999;break-after:avoid}"
    "h3{font-size:11.5pt;margin:12pt 0 4pt;break-after:avoid}"
    "p{margin:4pt 0 6pt}.meta{color:#444}"
    ".draft{border:2px solid #b00;color:#b00;padding:4pt 8pt;font-weight:bold}"
    ".placeholder{border:1px dashed #b00;background:#fff6f6;padding:6pt 8pt;"
    "color:#800}"
    "table{border-collapse:collapse;margin:6pt 0 10pt;width:100%;"
    "break-inside:avoid;font-size:9.5pt}"
    "th,td{border:1px solid #bbb;padding:2pt 5pt;text-align:left;"
    "vertical-align:top}th{background:#eee}.num{text-align:right;"
    "white-space:nowrap}"
    "figure{margin:8pt 0;break-inside:avoid}figure svg{max-width:100%;height:auto}"
    "figcaption{font-size:9pt;color:#444}"
    "sup.ref a{text-decoration:none;color:#225}code{font-size:9pt}"
    "ol.methods li{margin-bottom:4pt}";

static const char *const months_en[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const months_ru[12] = {"января",   "февраля", "марта",  "апреля",
                                          "мая",      "июня",    "июля",   "августа",
                                          "сентября", "октября", "ноября", "декабря"};

/* "19 March 2023" or "19 марта 2023 г." from YYYY-MM-DD; the text as it
 * is when it is not a date. */
static void long_date(struct sdoc *d, const char *ymd, char *out, size_t size)
{
	int y, m, day;

	if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &day) != 3 || m < 1 || m > 12) {
		snprintf(out, size, "%s", ymd ? ymd : "");
		return;
	}
	if (!strcmp(d->lang, "ru"))
		snprintf(out, size, "%d %s %d г.", day, months_ru[m - 1], y);
	else
		snprintf(out, size, "%d %s %d", day, months_en[m - 1], y);
}

static bool draft(const struct statement *s)
{
	for (int k = 0; k < STATEMENT_NBLOCKS; k++)
		if (!s->blocks[k])
			return true;
	return false;
}

static void head(struct sdoc *d, const struct statement *s)
{
	const char *title =
	    sdoc_tr(d, "Preliminary statement", "Предварительное заявление");
	char date[64], asof[32];

	if (d->format == SDOC_HTML) {
		sdoc_rawf(d,
		          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
		          "charset=\"utf-8\">\n<title>",
		          s->lang);
		sdoc_textf(d, "%s: %s", title, s->mission.name);
		sdoc_raw(d, "</title>\n<style>");
		sdoc_raw(d, css);
		sdoc_raw(d, "</style>\n</head>\n<body>\n<article>\n");
	}
	sdoc_heading(d, 1, title);
	long_date(d, s->mission.election_date, date, sizeof(date));
	sdoc_para_begin(d);
	sdoc_textf(d, "%s (%s)", s->mission.name, s->mission.code);
	sdoc_para_end(d);
	if (d->format == SDOC_HTML)
		sdoc_raw(d, "<p class=\"meta\">");
	if (s->mission.organisation)
		sdoc_textf(d,
		           sdoc_tr(d, "Observing organisation: %s. ",
		                   "Наблюдающая организация: %s. "),
		           s->mission.organisation);
	sdoc_textf(d, sdoc_tr(d, "Election day: %s. ", "День голосования: %s. "), date);
	snprintf(asof, sizeof(asof), "%.10s %.5s", s->as_of, s->as_of + 11);
	sdoc_textf(d,
	           sdoc_tr(d,
	                   "Figures as of %s UTC, computed by observa from the "
	                   "mission's data.",
	                   "Данные на %s UTC, рассчитаны observa по данным миссии."),
	           asof);
	sdoc_para_end(d);
	if (!draft(s))
		return;
	if (d->format == SDOC_HTML)
		sdoc_raw(d, "<p class=\"draft\">");
	else
		sdoc_raw(d, "**");
	sdoc_text(d,
	          sdoc_tr(d,
	                  "DRAFT: the parts in brackets are still to be written by the "
	                  "head of mission.",
	                  "ПРОЕКТ: части в квадратных скобках ещё должен написать "
	                  "руководитель миссии."));
	sdoc_raw(d, d->format == SDOC_HTML ? "</p>\n" : "**\n\n");
}

enum status statement_render(const struct statement *s, enum sdoc_format format,
                             struct buf *out, struct err *e)
{
	struct sdoc d;
	const char *code = s->mission.code;

	sdoc_init(&d, out, format, s->lang);
	head(&d, s);
	sdoc_heading(&d, 2, sdoc_tr(&d, "Summary", "Резюме"));
	statement_block_section(&d, "summary", s->blocks[STATEMENT_SUMMARY], code);
	statement_who_section(&d, &s->acc, &s->visits);
	statement_meetings_section(&d, &s->meetings);
	statement_findings_section(&d, &s->findings);
	statement_incidents_section(&d, &s->findings, &s->notable);
	statement_results_section(&d, s->has_protocols ? &s->protocols : NULL,
	                          s->has_discrepancy ? &s->discrepancy : NULL,
	                          s->has_pvt ? &s->pvt : NULL);
	sdoc_heading(&d, 2, sdoc_tr(&d, "Conclusions", "Выводы"));
	statement_block_section(&d, "conclusions", s->blocks[STATEMENT_CONCLUSIONS],
	                        code);
	sdoc_heading(&d, 2, sdoc_tr(&d, "Recommendations", "Рекомендации"));
	statement_block_section(&d, "recommendations",
	                        s->blocks[STATEMENT_RECOMMENDATIONS], code);
	statement_methods_section(&d, code);
	if (format == SDOC_HTML)
		sdoc_raw(&d, "</article>\n</body>\n</html>\n");
	if (d.rc)
		return err_set(e, d.rc, "the statement does not fit: %s",
		               status_str(d.rc));
	return ST_OK;
}
