/* test_statement_notable.c - the statement's critical incidents one by
 * one: each with its time and offset, region, station, category, what
 * happened and where its follow-up stands, in Markdown and HTML, English
 * and Russian; at most STATEMENT_NOTABLE_MAX, then "and N more"; none
 * when there is no critical incident; and their order by the time
 * observed in UTC whatever the offset each was sent with. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "analysis/statement_notable.h"
#include "report/statement_doc.h"
#include "report/statement_sections.h"

#define RENDER(fmt, lang)                                                                \
	({                                                                               \
		struct buf b_;                                                           \
		struct sdoc d_;                                                          \
		buf_init(&b_, 1 << 20);                                                  \
		sdoc_init(&d_, &b_, fmt, lang);                                          \
		statement_incidents_section(&d_, &findings, &notable);                   \
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

static size_t count(const char *text, const char *part)
{
	size_t n = 0;

	for (const char *p = strstr(text, part); p; p = strstr(p + 1, part))
		n++;
	return n;
}

static struct findings_question category = {.tag = "A", .type = QT_SELECT_ONE};
static struct findings_form form;
static struct findings findings;
static struct statement_incident items[STATEMENT_NOTABLE_MAX];
static struct statement_notable notable;

static void make(int64_t total, size_t n)
{
	form = (struct findings_form){.code = "IN",
	                              .name = "Incident report",
	                              .kind = "incident",
	                              .phase = "any",
	                              .reports = 40,
	                              .critical = total,
	                              .category = &category};
	findings = (struct findings){.lang = "en", .forms = &form, .nforms = 1};
	for (size_t i = 0; i < STATEMENT_NOTABLE_MAX; i++)
		items[i] = (struct statement_incident){
		    .id = 100 + (int64_t)i,
		    .form = "IN",
		    .category = "Ballot box stuffing",
		    .station = "05-0075",
		    .region = "Atyrau <Region>",
		    .observed_at = "2023-03-19T07:59:56+05:00",
		    .what =
		        "A bundle of ballots went into the box & nobody *stopped* it.",
		    .status = "new"};
	items[1].status = "verified";
	items[1].category = NULL;
	items[1].region = NULL;
	items[1].what = NULL;
	items[1].observed_at = "2023-03-19T09:00:00Z";
	items[2].status = "flagged";
	notable = (struct statement_notable){.items = items, .n = n, .total = total};
}

static void test_listed_with_more(void **state)
{
	char *md, *html, *ru;

	make(13, STATEMENT_NOTABLE_MAX);
	md = RENDER(SDOC_MARKDOWN, "en");
	contains(md, "### Critical incidents\n\nThe 13 critical incidents reported, by "
	             "the time observed:");
	contains(md,
	         "- 2023-03-19 07:59 (UTC+05:00), Atyrau \\<Region\\>, polling "
	         "station 05-0075: Ballot box stuffing. A bundle of ballots went into "
	         "the box \\& nobody \\*stopped\\* it. Follow-up: not yet reviewed "
	         "(report IN 100).\n");
	contains(md, "- 2023-03-19 09:00 (UTC), polling station 05-0075: no category. "
	             "Follow-up: verified by the mission (report IN 101).\n");
	contains(md, "Follow-up: flagged for a check (report IN 102).");
	assert_int_equal(count(md, "\n- 2023-03-19"), STATEMENT_NOTABLE_MAX);
	contains(md, "And 3 more critical incidents.");
	html = RENDER(SDOC_HTML, "en");
	contains(html, "<h3>Critical incidents</h3>");
	contains(html, "<li>2023-03-19 07:59 (UTC+05:00), Atyrau &lt;Region&gt;, polling "
	               "station 05-0075: Ballot box stuffing. A bundle of ballots went "
	               "into the box &amp; nobody *stopped* it. Follow-up: not yet "
	               "reviewed (report IN 100).</li>");
	assert_int_equal(count(html, "<li>2023-03-19"), STATEMENT_NOTABLE_MAX);
	contains(html, "And 3 more critical incidents.");
	findings.lang = "ru";
	ru = RENDER(SDOC_MARKDOWN, "ru");
	contains(ru, "### Критические инциденты\n\nКритические инциденты (13 сообщений), "
	             "по времени наблюдения:");
	contains(ru, "участок 05-0075: Ballot box stuffing.");
	contains(ru, "Проверка: ещё не проверен (отчёт IN № 100).");
	contains(ru, "Проверка: подтверждён миссией (отчёт IN № 101).");
	contains(ru, "2023-03-19 09:00 (UTC), участок 05-0075: без категории.");
	contains(ru, "И ещё 3 сообщения о критических инцидентах.");
	free(md);
	free(html);
	free(ru);
}

static void test_all_listed_or_none(void **state)
{
	char *md, *none;

	make(2, 2);
	md = RENDER(SDOC_MARKDOWN, "en");
	contains(md, "The 2 critical incidents reported");
	assert_int_equal(count(md, "\n- 2023-03-19"), 2);
	lacks(md, "more critical");
	make(0, 0);
	none = RENDER(SDOC_MARKDOWN, "en");
	lacks(none, "Critical incidents");
	contains(none, "0 of them critical");
	free(md);
	free(none);
}

static void test_order_by_utc(void **state)
{
	/* 08:30 in Almaty (+06:00) is before 08:00 in Atyrau (+05:00). */
	struct statement_incident east = {.id = 9,
	                                  .observed_at = "2023-03-19T08:30:00+06:00"};
	struct statement_incident west = {.id = 1,
	                                  .observed_at = "2023-03-19T08:00:00+05:00"};
	struct statement_incident utc = {.id = 5, .observed_at = "2023-03-19T02:30:00Z"};
	struct statement_incident none = {.id = 2, .observed_at = NULL};

	assert_true(statement_incident_cmp(&east, &west) < 0);
	assert_true(statement_incident_cmp(&west, &east) > 0);
	/* 02:30 UTC is the instant of 08:30 in Almaty: by id. */
	assert_true(statement_incident_cmp(&utc, &east) < 0);
	assert_true(statement_incident_cmp(&east, &utc) > 0);
	assert_true(statement_incident_cmp(&west, &utc) > 0);
	/* Without a time: last. */
	assert_true(statement_incident_cmp(&west, &none) < 0);
	assert_int_equal(statement_incident_cmp(&west, &west), 0);
}

int test_statement_notable(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_listed_with_more),
	    cmocka_unit_test(test_all_listed_or_none),
	    cmocka_unit_test(test_order_by_utc),
	};
	return cmocka_run_group_tests_name("statement_notable", tests, NULL, NULL);
}
