/* demo_ltm.c - the demo mission's long-term log: its meetings, and the
 * writing of meetings and documents into the store (demo_ltm.h).  The
 * documents' texts are in demo_ltm_docs.c. */
#include <stdio.h>
#include <string.h>

#include "cli/demo_ltm.h"
#include "core/text.h"

#define CEC "Central Election Commission of the Republic of Kazakhstan"

static const struct demo_meeting meetings[] = {
    {"2023-02-20", "11:00", "CEC building, Astana", "Deputy Chairperson Dana Yermekova",
     "election_commission", CEC, "H C1 C2 K1",
     "start of the long-term monitoring; calendar of the election; accreditation of "
     "international observers",
     "The head of mission presented the mission, its long-term team and the plan of "
     "its work until election day. The Deputy Chairperson went through the calendar "
     "of the early election: the registration of the party lists and of the "
     "candidates in the 29 single-member districts is complete, the campaign runs "
     "until midnight before the day of silence on 18 March. She described the "
     "accreditation of international observers, which goes on until shortly before "
     "the vote, and handed over the calendar of the main election events.",
     "Send the list of the mission's observers for accreditation by 24 February."},
    {"2023-02-21", "10:00", "Ministry of Foreign Affairs, Astana",
     "Director of the Department of Multilateral Diplomacy Nurlan Abenov", "government",
     "Ministry of Foreign Affairs of the Republic of Kazakhstan", "C1 K2",
     "invitation and accreditation of observers; visas; security in the regions",
     "The Ministry confirmed the invitation of the mission and explained how the "
     "observers' requests go from the Ministry to the election commission. Observers "
     "who need a visa receive it on the invitation, without fee. Regional akimats have "
     "been asked to receive "
     "the long-term teams.",
     NULL},
    {"2023-02-22", "15:00", "Parliament House, Astana", "Committee chair Yerlan Dauletov",
     "parliament", "Mazhilis Committee on Legislation and Judicial and Legal Reform",
     "H K1 K3",
     "amendments to the Constitutional Law on Elections; the mixed system; quotas",
     "The committee explained the amendments that followed the constitutional reform "
     "of 2022. Of the 98 deputies of the Mazhilis, 69 are elected on party lists in "
     "one national constituency with a 5% threshold and 29 in single-member "
     "districts by plurality. Women, young people and persons with disabilities "
     "together make at least 30% of every list, also among the seats a party "
     "receives; the line \"against all\" is back on the ballot. Self-nominated "
     "candidates may stand in the districts.",
     "The mission's legal expert to send written questions on the order of "
     "filling seats vacated by list deputies."},
    {"2023-02-23", "11:00", "Central campaign office of Amanat, Astana",
     "Head of the campaign office Marat Zhaksybekov", "party", "Amanat party", "H C2 K4",
     "campaign platform; regional network; proxies and party observers",
     "The head of the campaign office described a campaign run through the party's "
     "regional branches, with meetings with voters in every district centre. The "
     "party registered observers at most polling stations and trained them on the "
     "counting procedure. Asked about the use of administrative resources, he said "
     "the party had told its members in public office to keep to their duties.",
     NULL},
    {"2023-02-24", "10:30", "Office of the network, Almaty",
     "Network coordinator Aliya Nurpeisova", "civil_society",
     "Sanaq Civic Network for Fair Elections", "C1 K5",
     "domestic observers; registration at the precincts; the planned quick count",
     "The network plans a quick count on a sample of 250 polling stations drawn by "
     "region in public on the eve of the vote, one observer at each sending the "
     "protocol by coded SMS. Its observers register with the precinct commissions; "
     "some commissions asked for documents the law does not require, which the "
     "network reported to the election commission.",
     "Exchange the network's and the mission's findings on observers' access after "
     "election day."},
    {"2023-02-24", "15:00", "Campaign headquarters of Ak Zhol, Astana",
     "Deputy chairman Saken Omarov", "party", "Ak Zhol Democratic Party", "H K4",
     "small and medium business in the platform; campaign financing; media access",
     "The party campaigns on lighter inspections of small businesses and lower "
     "taxes. The deputy chairman found the free airtime on state television fairly "
     "shared but the paid advertising expensive; the ceiling on the election fund "
     "limits regional campaigns. The party has no complaint pending before the "
     "commissions.",
     NULL},
    {"2023-02-27", "11:00", "Akimat building, Kostanay", "Deputy Akim Yerbol Sultanov",
     "local_authority", "Akimat of Kostanay Region", "L1 L2 I1",
     "premises of polling stations; accessibility; transport of mobile ballot boxes",
     "The deputy akim said that most polling stations are in schools, of which a "
     "third have ramps; portable ramps will be brought to the others. Rural "
     "precincts far from the district centre receive vehicles for the mobile ballot "
     "boxes. Campaign posters are allowed only on the boards the akimat has listed.",
     "Visit two rural precincts of Kostanay district before election day."},
    {"2023-02-27", "15:00", "Regional election commission, Kostanay",
     "Chairperson Gaukhar Iskakova", "election_commission",
     "Kostanay Regional Territorial Election Commission", "L1 L2 I1",
     "training of precinct commissions; ballots; complaints",
     "The commission has trained the chairpersons and secretaries of every precinct "
     "commission of the region; training of the other members is under way. Ballots "
     "will be delivered under police escort three days before the vote. Two "
     "complaints about campaign posters were received and answered within the legal "
     "time limit.",
     NULL},
    {"2023-02-28", "10:00", "Campaign office of the People's Party, Astana",
     "Secretary of the political council Askar Bekov", "party",
     "People's Party of Kazakhstan", "C2 K3",
     "social programme; the party's observers; voters abroad",
     "The party campaigns on pensions, wages in the public sector and housing. It "
     "intends to have observers at every polling station of the large cities. The "
     "secretary asked the mission to pay attention to voting at the stations abroad, "
     "where the party has no observers.",
     NULL},
    {"2023-02-28", "16:00", "Editorial office, Astana",
     "Editor-in-chief Madina Akhmetova", "media", "Dala Media news portal", "K2 K5",
     "campaign coverage; online campaigning; the day of silence",
     "The editor described the rules on paid campaign material online, which must be "
     "marked as such and paid from a party's or candidate's election fund. Coverage "
     "of the campaign is mostly of the larger parties, which send news every day. The "
     "portal will publish no campaign material on 18 March.",
     NULL},
    {"2023-03-01", "11:00", "Party office, Astana",
     "Head of the election staff Nurlan Kaliyev", "party",
     "Auyl People's Democratic Patriotic Party", "H K4",
     "rural development; the party's candidates in the districts",
     "The party stands for rural development and support of farmers and nominated "
     "candidates in most single-member districts. The head of the election staff "
     "said that meetings with voters in villages were held without obstruction.",
     NULL},
    {"2023-03-01", "15:00", "Campaign office of Respublica, Almaty",
     "Co-chairman Timur Yessenov", "party", "Respublica party", "C1 K5",
     "a new party's campaign; registration of observers",
     "Registered shortly before the election, the party campaigns on entrepreneurship "
     "and public accountability, largely online. It reported delays in the "
     "registration of some of its observers by precinct commissions in Almaty, "
     "which were settled after a call to the city's election commission.",
     "Ask the Almaty city commission about the registration of party observers."},
    {"2023-03-02", "11:00", "Akimat building, Turkistan", "Deputy Akim Bakhyt Tursynov",
     "local_authority", "Akimat of Turkistan Region", "L3 L4 I2",
     "premises; voters working away from home; information of voters",
     "The region has many seasonal workers away from home; the akimat explained the "
     "procedure for voting with an absentee certificate. Voters receive invitations "
     "with the address of their polling station, and an SMS from the election "
     "commission.",
     NULL},
    {"2023-03-02", "15:00", "Regional election commission, Turkistan",
     "Secretary Zhanna Abdrakhmanova", "election_commission",
     "Turkistan Regional Territorial Election Commission", "L3 L4 I2",
     "voter lists; absentee certificates; complaints",
     "Voter lists were checked against the population register and are on display "
     "at the precincts for voters to check their entry. The commission issues "
     "absentee certificates until the eve of the vote and keeps a register of them. "
     "No complaint was pending.",
     NULL},
    {"2023-03-03", "10:00", "CEC building, Astana", "Secretary of the CEC Arman Kassymov",
     "election_commission", CEC, "C1 C2 K1",
     "interim findings of the long-term monitoring; complaints; accreditation figures",
     "The coordinators handed over the mission's interim report on the first two "
     "weeks. The secretary gave the number of international observers accredited so "
     "far and described the commission's handling of complaints, most of them about "
     "campaign posters and most settled by the territorial commissions.",
     NULL},
    {"2023-03-06", "11:00", "Party office, Astana", "Deputy chairman Asylbek Zhumabayev",
     "party", "National Social Democratic Party", "H K3",
     "opposition in parliament; equal access to media; campaign posters",
     "The party welcomed the new status of the parliamentary opposition and the "
     "lower threshold. It complained that its posters had been removed in two towns "
     "and that it had filed complaints; one was upheld. The deputy chairman asked "
     "that observers attend the count at the stations in the regions.",
     "Follow the party's complaints with the territorial commissions concerned."},
    {"2023-03-06", "15:00", "Party office, Astana",
     "Chairman of the election staff Daniyar Kenzhebayev", "party", "Baytaq party",
     "C2 K5", "environmental platform; a first election; financing",
     "The party runs in a national election for the first time, on an environmental "
     "platform: clean air in the industrial cities and water for agriculture. With "
     "a small election fund it campaigns mostly on social networks and through "
     "volunteers.",
     NULL},
    {"2023-03-07", "11:00", "Office of the foundation, Almaty",
     "Lawyer Saule Mukhamedzhanova", "civil_society",
     "Legal aid foundation \"Zan Komegi\"", "K1 K2",
     "complaints and appeals; voters' rights; legal aid",
     "The foundation gives voters legal advice by telephone and in person. It "
     "described the time limits for complaints to the election commissions and "
     "appeals to the courts, which it finds short during the last week of the "
     "campaign, and the questions voters ask most: where to vote, and how to vote "
     "away from home.",
     NULL},
    {"2023-03-09", "11:00", "Campaign office, Almaty",
     "Self-nominated candidate Yerzhan Baimukhanov", "candidate",
     "Campaign office of a self-nominated candidate, single-member district No. 4 "
     "(Almaty)",
     "C1 K3", "self-nomination; campaign venues; election fund",
     "The candidate stands without a party for the first time such candidacy is "
     "allowed since the reform. He found the registration straightforward but the "
     "venues for meetings with voters hard to book in the city centre, and asked "
     "the akimat for a list of free venues, which it gave.",
     NULL},
    {"2023-03-10", "11:00", "Akimat building, Karaganda",
     "Deputy Akim Ruslan Akhmetzhanov", "local_authority", "Akimat of Karaganda Region",
     "L5 L6 I1", "polling stations at enterprises and hospitals; mobile boxes; security",
     "The region has polling stations in hospitals and at large enterprises with "
     "shift workers. The deputy akim described the arrangements for the mobile boxes "
     "and for public order on election day, which the police will keep outside the "
     "stations.",
     NULL},
    {"2023-03-10", "15:00", "Campaign office, Karaganda", "Candidate Aidana Zhumagulova",
     "candidate",
     "Campaign office of a party-nominated candidate, single-member district No. 12 "
     "(Karaganda)",
     "L5 L6 I1", "campaign in the district; observers; debates",
     "The candidate campaigns door to door in the mining towns of the district and "
     "took part in a televised debate on the regional channel with two of the other "
     "candidates. She will have an observer at every polling station of the "
     "district.",
     NULL},
    {"2023-03-13", "15:00", "Studio of the channel, Shymkent", "Director Berik Tolegenov",
     "media", "Shymkent city television channel", "L7 L8 I2",
     "debates; free airtime; coverage in Kazakh and Russian",
     "The channel broadcast debates between the candidates of the three districts "
     "of Shymkent and gave each party its free airtime by lot. News of the campaign "
     "is broadcast in Kazakh and Russian.",
     NULL},
    {"2023-03-14", "11:00", "Hotel conference room, Astana",
     "Deputy head of the core team", "international",
     "OSCE/ODIHR Election Observation Mission", "C1 C2",
     "coordination of the missions; deployment; exchange of information",
     "The two missions compared the regions their observers will visit on election "
     "day so as to cover more of the country, and exchanged information on the "
     "accreditation of their observers. Each mission's conclusions remain its own.",
     NULL},
    {"2023-03-15", "11:00", "CEC building, Astana", "Chairman of the CEC Kairat Seitkali",
     "election_commission", CEC, "H C1 C2 K1",
     "readiness for the vote; international observers; the mission's legal review",
     "The head of mission handed over the mission's report on the compliance of the "
     "legislation with international electoral standards. The Chairman said the "
     "ballots had been printed and delivered to the territorial commissions and "
     "gave the number of international observers accredited. He described the "
     "SMS messages and the online service that tell voters where to vote.",
     "Present the preliminary statement to the commission on 20 March."},
    {"2023-03-16", "15:00", "Senate of the Parliament, Astana",
     "Committee chair Kanat Ospanov", "parliament",
     "Senate Committee on International Relations, Defence and Security", "H C2 K3",
     "results of the long-term monitoring; interparliamentary cooperation",
     "The head of mission presented the results of the long-term monitoring and "
     "handed over the report. The senators described the place of the Mazhilis "
     "election in the political reforms and welcomed the number of observers from "
     "the member states.",
     NULL},
};

#define NMEETINGS (sizeof(meetings) / sizeof(meetings[0]))

const struct demo_meeting *demo_ltm_meetings(size_t *n)
{
	*n = NMEETINGS;
	return meetings;
}

/* ---- writing the log ---- */

#define MAX_ROLE 16

/* The mission's own people, by role, in the order of their codes. */
struct people {
	struct arena a;
	const char *head[MAX_ROLE], *coord[MAX_ROLE], *core[MAX_ROLE], *lto[MAX_ROLE],
	    *interp[MAX_ROLE];
	size_t nhead, ncoord, ncore, nlto, ninterp;
};

static enum status take_person(void *ctx, const struct observer *o)
{
	struct people *p = ctx;
	const char **v = NULL;
	size_t *n = NULL;

	if (!strcmp(o->role, "head"))
		v = p->head, n = &p->nhead;
	else if (!strcmp(o->role, "coordinator"))
		v = p->coord, n = &p->ncoord;
	else if (!strcmp(o->role, "core_team"))
		v = p->core, n = &p->ncore;
	else if (!strcmp(o->role, "long_term"))
		v = p->lto, n = &p->nlto;
	else if (!strcmp(o->role, "interpreter"))
		v = p->interp, n = &p->ninterp;
	if (v && *n < MAX_ROLE)
		v[(*n)++] = arena_strdup(&p->a, o->code);
	return ST_OK;
}

/* The codes of who ("H C1 K2") joined by ';' into b. */
static enum status resolve(const struct people *p, const char *who, size_t index,
                           struct buf *b, struct err *e)
{
	buf_reset(b);
	for (const char *t = who; *t;) {
		size_t len = strcspn(t, " "), k = 0;
		const char *const *v = NULL;
		size_t n = 0;
		char tag = *t;

		if (len > 1)
			for (size_t i = 1; i < len; i++)
				k = k * 10 + (size_t)(t[i] - '0');
		else
			k = 1;
		if (tag == 'H')
			v = p->head, n = p->nhead;
		else if (tag == 'C')
			v = p->coord, n = p->ncoord;
		else if (tag == 'K')
			v = p->core, n = p->ncore;
		else if (tag == 'L')
			v = p->lto, n = p->nlto;
		else if (tag == 'I')
			v = p->interp, n = p->ninterp;
		if (!v || k < 1 || k > n)
			return err_set(
			    e, ST_INTERNAL,
			    "demo meeting %zu: the mission has no one for \"%.*s\"",
			    index + 1, (int)len, t);
		buf_appendf(b, "%s%s", b->len ? ";" : "", v[k - 1]);
		t += len;
		while (*t == ' ')
			t++;
	}
	return ST_OK;
}

static enum status write_meetings(struct store *st, const struct mission *m,
                                  const struct people *p, int64_t *ids, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct buf who;
	enum status rc = ST_OK;

	buf_init(&who, BUF_NO_CAP);
	for (size_t i = 0; i < NMEETINGS && !rc; i++) {
		const struct demo_meeting *d = &meetings[i];
		struct meeting mt = {
		    .date = d->date,
		    .time = d->time,
		    .place = d->place,
		    .counterpart = d->counterpart,
		    .institution_kind = d->kind,
		    .institution = d->institution,
		    .topics = d->topics,
		    .summary = d->summary,
		    .follow_ups = d->follow_ups,
		};
		rc = resolve(p, d->who, i, &who, e);
		if (rc)
			break;
		mt.participants = who.ptr;
		rc = meeting_prepare(&mt, &a, e);
		if (!rc)
			rc = store_meeting_add(st, m->id, &mt, &ids[i], e);
		if (rc)
			err_prefix(e, "demo meeting %zu: ", i + 1);
	}
	buf_release(&who);
	arena_release(&a);
	return rc;
}

static enum status write_documents(struct store *st, const struct mission *m,
                                   const int64_t *ids, struct err *e)
{
	size_t n;
	const struct demo_document *docs = demo_ltm_documents(&n);
	struct arena a = ARENA_INIT;
	struct buf text;
	enum status rc = ST_OK;

	buf_init(&text, BUF_NO_CAP);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct demo_document *d = &docs[i];
		struct document doc = {
		    .meeting_id = d->meeting < NMEETINGS ? ids[d->meeting] : -1,
		    .title = d->title,
		    .kind = d->kind,
		    .direction = d->direction,
		    .date = d->meeting < NMEETINGS ? meetings[d->meeting].date : NULL,
		    .file_name = d->file_name,
		};
		char hash[DOCUMENT_HASH_HEX + 1];
		int64_t id;

		buf_reset(&text);
		d->make(&text);
		doc.size = (int64_t)text.len;
		rc = document_prepare(&doc, &a, e);
		if (!rc)
			rc = store_document_add(st, m->id, &doc, text.ptr, &id, hash, e);
		if (rc)
			err_prefix(e, "demo document %s: ", d->file_name);
	}
	buf_release(&text);
	arena_release(&a);
	return rc;
}

enum status demo_ltm_log(struct store *st, const struct mission *m, struct err *e)
{
	struct observer_filter f = {.organisation = m->organisation};
	struct people p = {.a = ARENA_INIT};
	int64_t ids[NMEETINGS] = {0}, total;
	enum status rc;

	rc = store_observer_list(st, m->id, &f, &total, take_person, &p, e);
	if (rc)
		goto out;
	rc = store_begin(st, e);
	if (rc)
		goto out;
	rc = write_meetings(st, m, &p, ids, e);
	if (!rc)
		rc = write_documents(st, m, ids, e);
	if (!rc)
		rc = store_commit(st, e);
	if (rc)
		store_rollback(st);
out:
	arena_release(&p.a);
	return rc;
}
