/* statement_meetings.c - the statement's section on the meetings held
 * before election day, from struct statement_meetings: how many, when,
 * with which kinds of institution, and the notable ones; or, when the
 * mission recorded none, a plain sentence saying so. */
#include "report/statement_sections.h"

/* The kind of institution, as a table row names it. */
static const char *kind_label(struct sdoc *d, enum statement_meeting_kind k)
{
	static const char *const en[MEETING__COUNT] = {"Election commissions",
	                                               "Parliament",
	                                               "Candidates",
	                                               "Political parties",
	                                               "Local authorities",
	                                               "Media",
	                                               "Civil society",
	                                               "Government",
	                                               "International organisations",
	                                               "Others"};
	static const char *const ru[MEETING__COUNT] = {"Избирательные комиссии",
	                                               "Парламент",
	                                               "Кандидаты",
	                                               "Политические партии",
	                                               "Местные органы власти",
	                                               "СМИ",
	                                               "Гражданское общество",
	                                               "Правительство",
	                                               "Международные организации",
	                                               "Другие"};

	return sdoc_tr(d, en[k], ru[k]);
}

void statement_meetings_section(struct sdoc *d, const struct statement_meetings *m)
{
	const char *head[2] = {sdoc_tr(d, "Institution", "Учреждение"),
	                       sdoc_tr(d, "Meetings", "Встречи")};
	static const bool right[2] = {false, true};

	sdoc_heading(
	    d, 2,
	    sdoc_tr(d, "Meetings before election day", "Встречи до дня голосования"));
	if (!m->recorded || m->total <= 0) {
		sdoc_para_begin(d);
		sdoc_text(d,
		          sdoc_tr(d,
		                  "No meetings were recorded in the mission's log of "
		                  "long-term monitoring.",
		                  "В журнале долгосрочного наблюдения миссии встречи не "
		                  "записаны."));
		sdoc_ref(d, METHOD_MEETINGS);
		sdoc_para_end(d);
		return;
	}
	sdoc_para_begin(d);
	if (m->first && m->last)
		sdoc_textf(d,
		           sdoc_tr(d, "From %s to %s the mission held %s %s.",
		                   "С %s по %s миссия провела %s %s."),
		           m->first, m->last, sdoc_num(d, m->total),
		           sdoc_plural(d, m->total, "meeting", "meetings", "встречу",
		                       "встречи", "встреч"));
	else
		sdoc_textf(d,
		           sdoc_tr(d, "The mission held %s %s.", "Миссия провела %s %s."),
		           sdoc_num(d, m->total),
		           sdoc_plural(d, m->total, "meeting", "meetings", "встречу",
		                       "встречи", "встреч"));
	sdoc_ref(d, METHOD_MEETINGS);
	sdoc_para_end(d);
	sdoc_table_begin(d, 2, head, right);
	for (int k = 0; k < MEETING__COUNT; k++) {
		const char *row[2];
		if (!m->by_kind[k])
			continue;
		row[0] = kind_label(d, (enum statement_meeting_kind)k);
		row[1] = sdoc_num(d, m->by_kind[k]);
		sdoc_table_row(d, row);
	}
	sdoc_table_end(d);
	if (!m->nnotable)
		return;
	sdoc_para(d, sdoc_tr(d, "Among them:", "В их числе:"));
	sdoc_list_begin(d);
	for (size_t i = 0; i < m->nnotable; i++) {
		const struct statement_meeting *x = &m->notable[i];
		sdoc_item_begin(d);
		sdoc_textf(d, "%s: %s", x->date ? x->date : "",
		           x->counterpart ? x->counterpart : "");
		if (x->institution)
			sdoc_textf(d, " (%s)", x->institution);
		sdoc_item_end(d);
	}
	sdoc_list_end(d);
}
