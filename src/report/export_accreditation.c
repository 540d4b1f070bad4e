/* export_accreditation.c - the accreditation list in the layout election
 * commissions ask for: number, full name, country, organisation, passport
 * or identity card, badge, role and status, sorted by organisation,
 * country and name; as CSV, JSON, or a printable HTML page (A4, the
 * table's head repeated on every printed page, no outside resources).
 * Words in English or Russian.  docs/exports.md. */
#include <string.h>

#include "model/country.h"
#include "model/observer.h"
#include "report/export_int.h"

static const char *const columns[] = {
    "number",       "full_name", "country", "organisation", "id_document",
    "badge_number", "role",      "status",  "code",
};

#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static const char *const titles_en[NCOLUMNS] = {
    "No.",   "Full name", "Country", "Organisation", "Passport or ID card",
    "Badge", "Role",      "Status",  "Code",
};

static const char *const titles_ru[NCOLUMNS] = {
    "№",
    "Фамилия, имя",
    "Страна",
    "Организация",
    "Паспорт или удостоверение личности",
    "Удостоверение",
    "Роль",
    "Статус",
    "Код",
};

/* A canonical word and what it reads as in English and Russian. */
struct word {
	const char *code, *en, *ru;
};

static const struct word roles[] = {
    {"head", "Head of mission", "Глава миссии"},
    {"coordinator", "Coordinator", "Координатор"},
    {"core_team", "Core team", "Основная группа"},
    {"long_term", "Long-term observer", "Долгосрочный наблюдатель"},
    {"short_term", "Short-term observer", "Краткосрочный наблюдатель"},
    {"national", "National observer", "Национальный наблюдатель"},
    {"expert", "Expert", "Эксперт"},
    {"interpreter", "Interpreter", "Переводчик"},
    {"driver", "Driver", "Водитель"},
    {"security", "Security", "Сотрудник безопасности"},
    {"other", "Other", "Другое"},
    {NULL, NULL, NULL},
};

static const struct word statuses[] = {
    {"requested", "Requested", "Запрошена"},
    {"accredited", "Accredited", "Аккредитован"},
    {"refused", "Refused", "Отказано"},
    {"withdrawn", "Withdrawn", "Отозвана"},
    {NULL, NULL, NULL},
};

static bool russian(const struct export *x)
{
	return !strcmp(x->o.lang, "ru");
}

/* code in words, or code itself when the table lacks it. */
static const char *word(const struct export *x, const struct word *w, const char *code)
{
	for (; code && w->code; w++)
		if (!strcmp(w->code, code))
			return russian(x) ? w->ru : w->en;
	return code;
}

static enum status accreditation_open(struct export *x, struct err *e)
{
	struct observer_filter *f = arena_alloc(&x->arena, sizeof(*f));

	memset(f, 0, sizeof(*f));
	if (x->o.status) {
		f->status = accreditation_status_canonical(x->o.status);
		if (!f->status)
			return err_set(e, ST_INVALID, "status: \"%s\" is not one of: %s",
			               x->o.status, accreditation_statuses_list());
	}
	f->organisation = x->o.organisation;
	f->country = x->o.country;
	f->role = x->o.role;
	f->team = x->o.team;
	x->state = f;
	export_columns(x, columns, russian(x) ? titles_ru : titles_en, NCOLUMNS);
	x->page.after = 0; /* an offset: the list is sorted, not keyed */
	x->page.upto = 0;
	x->page.limit = EXPORT_PAGE_ROWS;
	return ST_OK;
}

static enum status accreditation_row(void *ctx, const struct observer *o)
{
	struct export *x = ctx;
	struct export_table *t = &x->t;
	const struct country *c = o->country ? country_by_code(o->country) : NULL;

	export_table_int(t, t->rows + 1);
	export_table_text(t, o->full_name);
	export_table_text(t, c ? (russian(x) ? c->name_ru : c->name_en) : o->country);
	export_table_text(t, o->organisation);
	export_table_text(t, o->id_document);
	export_table_text(t, o->badge_number);
	export_table_text(t, word(x, roles, o->role));
	export_table_text(t, word(x, statuses, o->accreditation_status));
	export_table_text(t, o->code);
	export_table_row_end(t);
	return ST_OK;
}

static enum status accreditation_page(struct export *x, bool *more, struct err *e)
{
	enum status rc = store_export_accreditation(x->st, x->m.id, x->state, &x->page,
	                                            accreditation_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

/* ---- the HTML page ---- */

static const char style[] =
    "@page { size: A4 portrait; margin: 14mm 10mm 16mm; }\n"
    "body { font: 9pt/1.3 \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif;"
    " color: #000; margin: 0; }\n"
    "@media screen { body { max-width: 190mm; margin: 8mm auto; } }\n"
    "h1 { font-size: 14pt; margin: 0 0 2mm; }\n"
    "p.mission { margin: 0 0 4mm; }\n"
    /* Collapsed borders stand half outside the table: keep the right
     * one inside the printable area. */
    "table { width: calc(100% - 0.6mm); border-collapse: collapse; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "th, td { border: 0.3mm solid #555; padding: 1mm 1.3mm; text-align: left;"
    " vertical-align: top; }\n"
    "th { background: #e8e8e8; print-color-adjust: exact;"
    " -webkit-print-color-adjust: exact; }\n"
    /* number, passport, badge and code: never broken across lines */
    "td:nth-child(1), td:nth-child(5), td:nth-child(6), td:nth-child(9)"
    " { white-space: nowrap; }\n"
    "td.n { text-align: right; }\n"
    "p.total { margin-top: 4mm; }\n";

static void html_text(struct export *x, const char *s)
{
	export_html_escape(x->t.out, s ? s : "");
}

static void accreditation_head(struct export *x)
{
	const struct country *c = country_by_code(x->m.country);
	struct buf *b = x->t.out;
	bool ru = russian(x);
	const char *title = ru ? "Список для аккредитации" : "Accreditation list";

	if (x->o.format != EXPORT_HTML)
		return;
	buf_appendf(
	    b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	    ru ? "ru" : "en");
	buf_appends(b, "<title>");
	html_text(x, title);
	buf_appends(b, ": ");
	html_text(x, x->m.name);
	buf_appendf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	html_text(x, title);
	buf_appends(b, "</h1>\n<p class=\"mission\">");
	html_text(x, x->m.name);
	if (x->m.organisation) {
		buf_appends(b, "<br>\n");
		html_text(x, x->m.organisation);
	}
	buf_appends(b, "<br>\n");
	html_text(x, ru ? "День голосования: " : "Election day: ");
	html_text(x, x->m.election_date);
	if (c) {
		buf_appends(b, ", ");
		html_text(x, ru ? c->name_ru : c->name_en);
	}
	if (x->o.status) {
		buf_appends(b, "<br>\n");
		html_text(x, ru ? "Статус: " : "Status: ");
		html_text(x,
		          word(x, statuses, accreditation_status_canonical(x->o.status)));
	}
	buf_appends(b, "</p>\n");
}

static void accreditation_foot(struct export *x)
{
	if (x->o.format != EXPORT_HTML)
		return;
	buf_appendf(x->t.out, "<p class=\"total\">%s: %lld</p>\n</body>\n</html>\n",
	            russian(x) ? "Всего" : "Total", (long long)x->t.rows);
}

const struct export_kind_def export_accreditation_def = {
    .name = "accreditation",
    .formats = XF_TABULAR | XF(EXPORT_HTML),
    .options = XO(XO_LANG) | XO(XO_STATUS) | XO(XO_ORGANISATION) | XO(XO_COUNTRY) |
               XO(XO_ROLE) | XO(XO_TEAM),
    .open = accreditation_open,
    .page = accreditation_page,
    .head = accreditation_head,
    .foot = accreditation_foot,
};
