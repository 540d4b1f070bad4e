/* demo_ltm_docs.c - the texts of the demo log's documents, in Markdown:
 * the commission's calendar as the mission translated it, the interim
 * report and the long-term monitoring report (made from the log's own
 * meetings), and the legal compliance review (demo_ltm.h). */
#include <string.h>

#include "cli/demo_ltm.h"

/* The meetings' indices the documents belong to (demo_ltm.c's order). */
enum { AT_CEC_START = 0, AT_CEC_INTERIM = 14, AT_CEC_REVIEW = 23, AT_SENATE = 24 };

static void calendar(struct buf *b)
{
	buf_appends(
	    b,
	    "# Calendar of the main election events\n\n"
	    "Early elections of deputies of the Mazhilis of the Parliament of the\n"
	    "Republic of Kazakhstan, 19 March 2023.  Working translation made by the\n"
	    "mission from the calendar the Central Election Commission handed over on\n"
	    "20 February 2023; the commission's text prevails.\n\n"
	    "| Event | Date or time limit |\n"
	    "|---|---|\n"
	    "| Early elections called by decree of the President | 19 January 2023 |\n"
	    "| Party lists and candidates in the single-member districts "
	    "registered | before the campaign opens |\n"
	    "| Election campaign | from the registration of the lists and candidates "
	    "until 24:00 on 17 March |\n"
	    "| Day of silence: no campaigning | 18 March |\n"
	    "| Voter lists on display at the precincts | from the opening of the "
	    "precincts until election day |\n"
	    "| Absentee certificates issued | until the eve of election day |\n"
	    "| Voting | 19 March, 07:00 to 20:00 local time |\n"
	    "| Counting at the precincts | from 20:00 on 19 March, without a break |\n"
	    "| Results established by the territorial commissions, then the "
	    "Central Election Commission | after the precincts' protocols arrive |\n");
}

/* The meetings held on or before last, as a list. */
static void meetings_until(struct buf *b, const char *last, size_t *count)
{
	size_t n;
	const struct demo_meeting *m = demo_ltm_meetings(&n);

	*count = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(m[i].date, last) > 0)
			continue;
		buf_appendf(b, "- %s: %s (%s)\n", m[i].date, m[i].institution,
		            m[i].counterpart);
		(*count)++;
	}
}

static void interim(struct buf *b)
{
	size_t count;

	buf_appends(b, "# Interim report of the long-term monitoring\n\n"
	               "Period: 20 February to 2 March 2023.\n\n"
	               "## Meetings held\n\n");
	meetings_until(b, "2023-03-02", &count);
	buf_appendf(b, "\n%zu meetings in all.\n\n", count);
	buf_appends(
	    b,
	    "## First observations\n\n"
	    "- The election administration works to the calendar; the territorial\n"
	    "  commissions visited had trained the leaders of the precinct commissions.\n"
	    "- The campaign is calm.  Complaints concern campaign posters and are\n"
	    "  answered by the territorial commissions within the time limits.\n"
	    "- Some precinct commissions asked domestic and party observers for\n"
	    "  documents the law does not require; the cases were settled once the\n"
	    "  higher commissions were told.\n"
	    "- Most polling stations are in schools; not all of them are accessible to\n"
	    "  persons with disabilities without portable ramps.\n\n"
	    "## Next steps\n\n"
	    "Meetings with the remaining parties and with candidates in the\n"
	    "single-member districts; visits of the long-term teams to Karaganda and\n"
	    "Shymkent; the legal compliance review before election day.\n");
}

static void review(struct buf *b)
{
	buf_appends(
	    b,
	    "# Report on the compliance of the legislation governing the early "
	    "Mazhilis elections with international electoral standards\n\n"
	    "## Scope\n\n"
	    "The review covers the Constitution as amended in 2022, the Constitutional\n"
	    "Law on Elections as amended after it, and the resolutions of the Central\n"
	    "Election Commission on the early elections of 19 March 2023.  It measures\n"
	    "them against the International Covenant on Civil and Political Rights\n"
	    "(article 25), the CIS Convention on the Standards of Democratic Elections,\n"
	    "Electoral Rights and Freedoms (2002), the OSCE Copenhagen Document (1990,\n"
	    "paragraphs 7 and 8) and the Venice Commission's Code of Good Practice in\n"
	    "Electoral Matters (2002).\n\n"
	    "## The electoral system\n\n"
	    "Of the 98 deputies of the Mazhilis, 69 are elected on party lists in one\n"
	    "national constituency and 29 in single-member districts.  List seats go\n"
	    "to the parties with at least 5% of the votes, by quota and largest\n"
	    "remainders; a district is won by the candidate with the most votes.\n"
	    "\"Against all\" is on the ballot.  Women, young people and persons with\n"
	    "disabilities together make at least 30% of each list and of the seats a\n"
	    "party receives.\n\n"
	    "## Findings\n\n"
	    "1. Universal, equal and secret suffrage and free expression of the\n"
	    "   voters' will are guaranteed by the law, in line with the standards.\n"
	    "2. The mixed system, the lower threshold and self-nomination in the\n"
	    "   districts widen the choice offered to voters.\n"
	    "3. International and domestic observers, and parties' observers, may\n"
	    "   attend every stage of the vote and the count and receive copies of\n"
	    "   the protocols.\n"
	    "4. Complaints go to the higher election commission and then to the\n"
	    "   courts; the time limits are short in the last days of the campaign.\n"
	    "5. Rules on campaigning on the internet are set by resolutions of the\n"
	    "   commission rather than by the law.\n\n"
	    "## Recommendations\n\n"
	    "- Lengthen the time limits for complaints and appeals filed in the last\n"
	    "  week of the campaign, so that a decision can still be of use.\n"
	    "- Publish the results of every polling station on the commission's\n"
	    "  website as soon as they are established.\n"
	    "- Bring the rules on online campaigning into the law.\n\n"
	    "The mission finds the legislation in compliance with the international\n"
	    "electoral standards reviewed.\n");
}

static void report(struct buf *b)
{
	static const char *const kinds[] = {
	    "election_commission", "parliament", "candidate",     "party",
	    "local_authority",     "media",      "civil_society", "government",
	    "international",
	};
	size_t n, count;
	const struct demo_meeting *m = demo_ltm_meetings(&n);

	buf_appends(
	    b, "# Report on the long-term monitoring of the preparation of the early "
	       "Mazhilis elections\n\n"
	       "Period: 20 February to 16 March 2023.  The head of mission, two\n"
	       "coordinators, the core team and four long-term teams of two\n"
	       "observers with their interpreters, in Astana, Almaty, Kostanay,\n"
	       "Turkistan, Karaganda and Shymkent.\n\n"
	       "## Meetings by institution\n\n");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t c = 0;
		for (size_t i = 0; i < n; i++)
			c += !strcmp(m[i].kind, kinds[k]) &&
			     strcmp(m[i].date, "2023-03-16") <= 0;
		if (c)
			buf_appendf(b, "- %s: %zu\n", kinds[k], c);
	}
	buf_appends(b, "\n## The meetings\n\n");
	meetings_until(b, "2023-03-16", &count);
	buf_appendf(b, "\n%zu meetings in all.\n\n", count);
	buf_appends(
	    b,
	    "## Conclusions\n\n"
	    "The preparation of the elections kept to the calendar.  The election\n"
	    "administration was open to the mission at every level.  Seven parties\n"
	    "and the candidates in the districts campaigned freely; complaints were\n"
	    "few and were answered.  Domestic and party observers are numerous, and a\n"
	    "citizen network will run a quick count.  The points the mission will\n"
	    "follow on election day are observers' access, the accessibility of the\n"
	    "polling stations and the posting of the protocols at the precincts.\n");
}

static const struct demo_document documents[] = {
    {AT_CEC_START, "Calendar of the main election events (working translation)",
     "programme", "received", "election-calendar.md", calendar},
    {AT_CEC_INTERIM, "Interim report of the long-term monitoring, 20 February to 2 March",
     "interim_report", "handed_over", "interim-report.md", interim},
    {AT_CEC_REVIEW,
     "Report on the compliance of the legislation with international electoral standards",
     "legal_review", "handed_over", "legal-compliance-review.md", review},
    {AT_SENATE, "Report on the long-term monitoring of the preparation of the elections",
     "monitoring_report", "handed_over", "long-term-monitoring-report.md", report},
};

const struct demo_document *demo_ltm_documents(size_t *n)
{
	*n = sizeof(documents) / sizeof(documents[0]);
	return documents;
}
