/* test_statement.c - the statement's sections on hand-made figures: the
 * exact sentences in English and Russian with their bases, Markdown and
 * HTML escaping, placeholders for the blocks still to be written, the
 * meetings section with and without a log, references numbered in the
 * order of use, Russian plurals, and the bar chart as well-formed,
 * self-contained SVG. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/findings.h"
#include "report/chart_bars.h"
#include "report/statement_doc.h"
#include "report/statement_sections.h"

#define NBSP "\u00a0"

/* Render with fn into a fresh buffer; the caller frees the text. */
#define RENDER(fmt, lang, call)                                                          \
	({                                                                               \
		struct buf b_;                                                           \
		struct sdoc d_;                                                          \
		buf_init(&b_, 1 << 20);                                                  \
		sdoc_init(&d_, &b_, fmt, lang);                                          \
		call(&d_);                                                               \
		assert_int_equal(d_.rc, ST_OK);                                          \
		buf_detach(&b_, NULL);                                                   \
	})

static void contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("expected \"%s\" in:\n%s", part, text);
}

static void lacks(const char *text, const char *part)
{
	if (strstr(text, part))
		fail_msg("did not expect \"%s\" in:\n%s", part, text);
}

/* ---- who observed ---- */

static struct accreditation acc;
static struct statement_visits visits;

static void who(struct sdoc *d)
{
	statement_who_section(d, &acc, &visits);
}

static void make_registry(void)
{
	const struct observer_tally_row rows[] = {
	    {"accredited", "CIS Inter-Parliamentary Assembly", "RU", 1000},
	    {"requested", "CIS Inter-Parliamentary Assembly", "AM", 200},
	    {"refused", "OSCE/ODIHR", "FI", 21},
	    {"withdrawn", "OSCE/ODIHR", NULL, 22},
	};

	accreditation_init(&acc);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(accreditation_add_row(&acc, &rows[i]), ST_OK);
	accreditation_finish(&acc);
	visits = (struct statement_visits){.stations = 10165,
	                                   .stations_abroad = 72,
	                                   .visited = 2379,
	                                   .visited_abroad = 2,
	                                   .regions = 20,
	                                   .regions_visited = 19,
	                                   .commissions_visited = 27,
	                                   .reports = 3281};
}

static void test_who_en(void **state)
{
	char *md, *html;

	make_registry();
	md = RENDER(SDOC_MARKDOWN, "en", who);
	contains(md, "## Who observed\n");
	contains(md, "The mission's registry lists 1,243 observers from 2 organisations "
	             "and 3 countries.[^1] Accredited by the election commission: 1,000; "
	             "awaiting accreditation: 200; refused: 21; withdrawn: 22.");
	contains(md, "| Organisation | Observers | Accredited |\n| --- | ---: | ---: |\n"
	             "| CIS Inter-Parliamentary Assembly | 1,200 | 1,000 |\n"
	             "| OSCE/ODIHR | 43 | 0 |\n");
	contains(md, "Observers by country: Russia 1,000, Armenia 200, Finland 21, not "
	             "given 22.");
	contains(md,
	         "On election day observers reported from 2,379 of the 10,165 polling "
	         "stations (23.4%), in 19 of the 20 regions and cities, and from 2 of "
	         "the 72 polling stations abroad.[^2] Reports from polling stations "
	         "counted: 3,281. Commissions where observers followed the "
	         "tabulation: 27.");
	html = RENDER(SDOC_HTML, "en", who);
	contains(html, "<h2>Who observed</h2>");
	contains(html,
	         "<td>CIS Inter-Parliamentary Assembly</td><td class=\"num\">1,200</td>");
	contains(html, "lists 1,243 observers from 2 organisations and 3 countries.<sup "
	               "class=\"ref\"><a href=\"#how-1\">1</a></sup>");
	free(md);
	free(html);
	accreditation_release(&acc);
}

static void test_who_ru(void **state)
{
	char *md;

	make_registry();
	md = RENDER(SDOC_MARKDOWN, "ru", who);
	contains(md, "## Кто наблюдал\n");
	contains(md,
	         "В реестре миссии 1" NBSP "243 наблюдателя от 2 организаций из 3 "
	         "стран.[^1] Аккредитованы избирательной комиссией: 1" NBSP "000; "
	         "ожидают аккредитации: 200; отказано: 21; аккредитация отозвана: 22.");
	contains(md,
	         "Наблюдатели по странам: Россия 1" NBSP "000, Армения 200, Финляндия "
	         "21, не указана 22.");
	contains(md,
	         "В день голосования наблюдатели сообщили с 2" NBSP "379 из 10" NBSP
	         "165 избирательных участков (23,4%) в 19 из 20 регионов и городов, а "
	         "также с 2 из 72 участков за рубежом.[^2]");
	free(md);
	accreditation_release(&acc);
}

/* ---- findings ---- */

static struct findings_question questions[3];
static struct findings_form forms[2];
static struct findings findings;

static void make_findings(const char *lang)
{
	memset(questions, 0, sizeof(questions));
	memset(forms, 0, sizeof(forms));
	/* A: 7 of 100 negative, B: 0 of 20, Z: the rating, 7 of 100 */
	questions[0] = (struct findings_question){
	    .tag = "A",
	    .text = strcmp(lang, "ru") ? "The secrecy of the vote was ensured"
	                               : "Тайна голосования обеспечена",
	    .has_negative = true,
	    .total = {.observations = 100,
	              .negative = 7,
	              .negative_share = findings_wilson(7, 100, FINDINGS_Z95)}};
	questions[1] = (struct findings_question){
	    .tag = "B",
	    .text = "Voters were <pressured> & *led*",
	    .has_negative = true,
	    .total = {.observations = 20,
	              .negative = 0,
	              .negative_share = findings_wilson(0, 20, FINDINGS_Z95)}};
	questions[2] = (struct findings_question){
	    .tag = "Z",
	    .text = "Overall",
	    .type = QT_RATING,
	    .has_negative = true,
	    .total = {.observations = 100,
	              .negative = 7,
	              .negative_share = findings_wilson(7, 100, FINDINGS_Z95)}};
	forms[0] = (struct findings_form){.code = "VO",
	                                  .name = "Voting",
	                                  .kind = "checklist",
	                                  .phase = "voting",
	                                  .reports = 101,
	                                  .questions = questions,
	                                  .nquestions = 3,
	                                  .rating = &questions[2]};
	findings = (struct findings){.lang = lang, .forms = forms, .nforms = 1};
}

static void findings_part(struct sdoc *d)
{
	statement_findings_section(d, &findings);
}

static void test_findings_sentences(void **state)
{
	char *md, *ru, *html;

	make_findings("en");
	md = RENDER(SDOC_MARKDOWN, "en", findings_part);
	contains(md, "### Voting\n\nVoting was assessed negatively in 7% of 100 "
	             "observations (95% CI 3.4–13.7%).[^1]\n");
	contains(md, "- “The secrecy of the vote was ensured”: answered negatively in "
	             "7.0% of 100 observations (95% CI 3.4–13.7%).\n");
	lacks(md, "pressured"); /* none negative: not a problem reported */
	contains(md, "| Voting | 101 | 100 | 7.0% (7) | 3.4–13.7% |");
	lacks(md, "<svg"); /* Markdown has the table, not the chart */
	html = RENDER(SDOC_HTML, "en", findings_part);
	contains(html, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\"");
	lacks(html, "<?xml");
	contains(html, "<figcaption>Negative assessments by phase</figcaption>");
	make_findings("ru");
	ru = RENDER(SDOC_MARKDOWN, "ru", findings_part);
	contains(ru, "### Голосование\n\nГолосование: отрицательная оценка в 7% из 100 "
	             "наблюдений (95% ДИ 3,4–13,7%).[^1]\n");
	contains(ru,
	         "- «Тайна голосования обеспечена»: отрицательный ответ в 7,0% из 100 "
	         "наблюдений (95% ДИ 3,4–13,7%).\n");
	contains(ru, "| Голосование | 101 | 100 | 7,0% (7) | 3,4–13,7% |");
	free(md);
	free(ru);
	free(html);
}

static void test_findings_escaped(void **state)
{
	char *md, *html;

	make_findings("en");
	questions[1].total = (struct findings_cell){
	    .observations = 20,
	    .negative = 1,
	    .negative_share = findings_wilson(1, 20, FINDINGS_Z95)};
	md = RENDER(SDOC_MARKDOWN, "en", findings_part);
	contains(md,
	         "“Voters were \\<pressured\\> \\& \\*led\\*”: answered negatively in "
	         "5.0% of 20 observations");
	html = RENDER(SDOC_HTML, "en", findings_part);
	contains(html,
	         "“Voters were &lt;pressured&gt; &amp; *led*”: answered negatively");
	lacks(html, "<pressured>");
	free(md);
	free(html);
}

/* ---- meetings ---- */

static struct statement_meetings meetings;

static void meetings_part(struct sdoc *d)
{
	statement_meetings_section(d, &meetings);
}

static void test_meetings(void **state)
{
	static const struct statement_meeting notable[] = {
	    {"2023-02-21", "Chairman of the CEC", "Central Election Commission",
	     MEETING_ELECTION_COMMISSION},
	    {"2023-03-01", "Candidate <A>", NULL, MEETING_CANDIDATE}};
	char *none_en, *none_ru, *md, *ru;

	memset(&meetings, 0, sizeof(meetings));
	none_en = RENDER(SDOC_MARKDOWN, "en", meetings_part);
	contains(none_en, "No meetings were recorded in the mission's log of long-term "
	                  "monitoring.[^1]");
	none_ru = RENDER(SDOC_MARKDOWN, "ru", meetings_part);
	contains(none_ru,
	         "В журнале долгосрочного наблюдения миссии встречи не записаны.");
	meetings = (struct statement_meetings){.recorded = true,
	                                       .total = 5,
	                                       .first = "2023-02-20",
	                                       .last = "2023-03-18",
	                                       .notable = notable,
	                                       .nnotable = 2};
	meetings.by_kind[MEETING_ELECTION_COMMISSION] = 2;
	meetings.by_kind[MEETING_CANDIDATE] = 3;
	md = RENDER(SDOC_MARKDOWN, "en", meetings_part);
	contains(md, "From 2023-02-20 to 2023-03-18 the mission held 5 meetings.[^1]");
	contains(md, "| Election commissions | 2 |\n| Candidates | 3 |\n\n");
	lacks(md, "| Parliament");
	contains(md, "- 2023-02-21: Chairman of the CEC (Central Election Commission)\n"
	             "- 2023-03-01: Candidate \\<A\\>\n");
	ru = RENDER(SDOC_MARKDOWN, "ru", meetings_part);
	contains(ru, "С 2023-02-20 по 2023-03-18 миссия провела 5 встреч.[^1]");
	contains(ru, "| Избирательные комиссии | 2 |");
	free(none_en);
	free(none_ru);
	free(md);
	free(ru);
}

/* ---- blocks, results without data, methods ---- */

static void blocks_part(struct sdoc *d)
{
	statement_block_section(d, "conclusions", NULL, "kz-2023");
	statement_block_section(d, "summary", "  \n\t", "kz-2023");
	statement_block_section(
	    d, "recommendations",
	    "First *point* <b>.\n\n  - not a list\n1. not a list either\n", "kz-2023");
}

static void test_blocks(void **state)
{
	char *md = RENDER(SDOC_MARKDOWN, "en", blocks_part);
	char *ru = RENDER(SDOC_MARKDOWN, "ru", blocks_part);
	char *html = RENDER(SDOC_HTML, "en", blocks_part);

	contains(md, "**\\[Conclusions of the head of mission: observa report block set "
	             "conclusions --mission kz-2023 --lang en --file FILE\\]**\n\n");
	contains(md,
	         "**\\[Summary of the head of mission: observa report block set summary "
	         "--mission kz-2023 --lang en --file FILE\\]**\n\n");
	contains(md,
	         "First \\*point\\* \\<b\\>.\n\n\\- not a list 1. not a list either\n\n");
	contains(ru, "**\\[Выводы руководителя миссии: observa report block set "
	             "conclusions --mission kz-2023 --lang ru --file FILE\\]**");
	contains(html, "<p class=\"placeholder\">[Conclusions of the head of mission: "
	               "observa report block set conclusions --mission kz-2023 --lang en "
	               "--file FILE]</p>\n");
	contains(html, "<p>First *point* &lt;b&gt;.</p>\n<p>- not a list\n1. not a list "
	               "either</p>\n");
	free(md);
	free(ru);
	free(html);
}

static void results_none(struct sdoc *d)
{
	statement_results_section(d, NULL, NULL, NULL);
	statement_methods_section(d, "kz-2023");
}

static void test_results_without_data(void **state)
{
	char *md = RENDER(SDOC_MARKDOWN, "en", results_none);
	char *ru = RENDER(SDOC_MARKDOWN, "ru", results_none);

	contains(md, "No results protocols copied by observers yet.");
	contains(md, "No official results of polling stations have been imported yet.");
	contains(md, "No quick-count sample was drawn for this mission.");
	lacks(md, "[^"); /* nothing computed, nothing referred to */
	contains(ru, "Протоколов, переписанных наблюдателями, пока нет.");
	contains(ru, "Выборка для параллельного подсчёта не составлялась.");
	free(md);
	free(ru);
}

static void refs_part(struct sdoc *d)
{
	sdoc_ref(d, METHOD_PVT);
	sdoc_ref(d, METHOD_ACCREDITATION);
	sdoc_ref(d, METHOD_PVT);
	statement_methods_section(d, "m-1");
}

static void test_references(void **state)
{
	char *md = RENDER(SDOC_MARKDOWN, "en", refs_part);
	char *html = RENDER(SDOC_HTML, "en", refs_part);

	assert_true(!strncmp(md, "[^1][^2][^1]", 12));
	contains(md, "[^1]: Quick count: ");
	contains(md, "Command: `observa pvt estimate --mission m-1`; API: `GET "
	             "/api/v1/missions/m-1/pvt`.");
	contains(md, "[^2]: Observers, organisations and countries");
	lacks(md, "[^3]");
	contains(html, "<li id=\"how-2\">Observers, organisations");
	contains(html, "<code>observa accreditation --mission m-1</code>");
	free(md);
	free(html);
}

static void test_escaping_and_plurals(void **state)
{
	struct buf b;
	struct sdoc d;

	buf_init(&b, 4096);
	sdoc_escape_md(&b, "1. a_b | c [x](y) # h > q\nnext");
	assert_string_equal(b.ptr, "1\\. a\\_b \\| c \\[x\\](y) \\# h \\> q next");
	buf_reset(&b);
	sdoc_escape_md_at(&b, "- 4.7% +3", false);
	assert_string_equal(b.ptr, "- 4.7% +3");
	buf_reset(&b);
	sdoc_escape_md(&b, "+3");
	assert_string_equal(b.ptr, "\\+3");
	buf_reset(&b);
	sdoc_escape_html(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(b.ptr,
	                    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_release(&b);

	sdoc_init(&d, NULL, SDOC_MARKDOWN, "ru");
	assert_string_equal(sdoc_plural(&d, 1, "", "", "one", "few", "many"), "one");
	assert_string_equal(sdoc_plural(&d, 21, "", "", "one", "few", "many"), "one");
	assert_string_equal(sdoc_plural(&d, 11, "", "", "one", "few", "many"), "many");
	assert_string_equal(sdoc_plural(&d, 3, "", "", "one", "few", "many"), "few");
	assert_string_equal(sdoc_plural(&d, 112, "", "", "one", "few", "many"), "many");
	assert_string_equal(sdoc_plural(&d, 1043, "", "", "one", "few", "many"), "few");
	assert_string_equal(sdoc_plural(&d, 0, "", "", "one", "few", "many"), "many");
	sdoc_init(&d, NULL, SDOC_MARKDOWN, "en");
	assert_string_equal(sdoc_plural(&d, 1, "one", "many", "", "", ""), "one");
	assert_string_equal(sdoc_plural(&d, 0, "one", "many", "", "", ""), "many");
	assert_string_equal(sdoc_signed(&d, -312), "−312");
	assert_string_equal(sdoc_signed(&d, 1234), "+1,234");
	assert_string_equal(sdoc_fixed(&d, 50.965, 2), "50.97");
}

/* ---- the bar chart ---- */

struct svgdoc {
	int elements, rects, paths, texts, bad;
	char text[2048];
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct svgdoc *s = ud;

	s->elements++;
	s->rects += !strcmp(name, "http://www.w3.org/2000/svg|rect");
	s->paths += !strcmp(name, "http://www.w3.org/2000/svg|path");
	s->texts += !strcmp(name, "http://www.w3.org/2000/svg|text");
	if (strstr(name, "script") || strstr(name, "image"))
		s->bad = 1;
	for (int i = 0; attr[i]; i += 2)
		if (strstr(attr[i], "href") || strstr(attr[i], "onload"))
			s->bad = 1;
}

static void on_chars(void *ud, const XML_Char *c, int len)
{
	struct svgdoc *s = ud;
	size_t n = strlen(s->text);

	if (n + (size_t)len + 1 < sizeof(s->text)) {
		memcpy(s->text + n, c, (size_t)len);
		s->text[n + (size_t)len] = 0;
	}
}

static void test_chart_bars(void **state)
{
	const struct chart_bar bars[] = {
	    {"Opening <A&B>", 4.7, true, 2.8, 7.9, false, 0, "4.7%"},
	    {"Voting", 13.5, true, 12.1, 15.0, true, 14.0, NULL},
	};
	struct chart_bars c = {"Title & more", "share", "bar", "whisker",
	                       "marker",       bars,    2};
	struct svgdoc s = {0};
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	struct buf b;
	struct err e;

	buf_init(&b, 1 << 20);
	assert_int_equal(chart_bars_svg(&c, &b, &e), ST_OK);
	XML_SetUserData(p, &s);
	XML_SetElementHandler(p, on_start, NULL);
	XML_SetCharacterDataHandler(p, on_chars);
	assert_int_equal(XML_Parse(p, b.ptr, (int)b.len, 1), XML_STATUS_OK);
	XML_ParserFree(p);
	assert_false(s.bad);
	/* background, two bars, the bar legend */
	assert_int_equal(s.rects, 4);
	contains(s.text, "Opening <A&B>");
	contains(s.text, "Title & more");
	contains(s.text, "4.7%");
	contains(s.text, "20%"); /* the axis runs to a round step above 15 */
	lacks(s.text, "25%");
	contains(b.ptr, "height=\"");
	/* the empty chart is refused */
	c.n = 0;
	assert_int_equal(chart_bars_svg(&c, &b, &e), ST_INVALID);
	buf_release(&b);
}

int test_statement(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_who_en),
	    cmocka_unit_test(test_who_ru),
	    cmocka_unit_test(test_findings_sentences),
	    cmocka_unit_test(test_findings_escaped),
	    cmocka_unit_test(test_meetings),
	    cmocka_unit_test(test_blocks),
	    cmocka_unit_test(test_results_without_data),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_escaping_and_plurals),
	    cmocka_unit_test(test_chart_bars),
	};

	return cmocka_run_group_tests_name("statement", tests, NULL, NULL);
}
