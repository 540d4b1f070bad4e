/* meeting.c - institution kinds, times of day, and the preparation and
 * validation of the long-term log's meetings (meeting.h). */
#include <ctype.h>
#include <string.h>

#include "core/text.h"
#include "model/meeting.h"

/* Words as meeting_kind_canonical() compares them: lower case, with
 * '-' and '_' read as spaces. */
static const struct {
	const char *word, *canonical;
} kind_words[] = {
    {"election commission", "election_commission"},
    {"central election commission", "election_commission"},
    {"electoral commission", "election_commission"},
    {"territorial election commission", "election_commission"},
    {"district election commission", "election_commission"},
    {"precinct election commission", "election_commission"},
    {"commission", "election_commission"},
    {"cec", "election_commission"},
    {"tec", "election_commission"},
    {"dec", "election_commission"},
    {"цик", "election_commission"},
    {"ЦИК", "election_commission"},
    {"parliament", "parliament"},
    {"mazhilis", "parliament"},
    {"majilis", "parliament"},
    {"senate", "parliament"},
    {"parliamentary committee", "parliament"},
    {"мажилис", "parliament"},
    {"Мажилис", "parliament"},
    {"сенат", "parliament"},
    {"Сенат", "parliament"},
    {"candidate", "candidate"},
    {"candidate's campaign office", "candidate"},
    {"candidates", "candidate"},
    {"party", "party"},
    {"political party", "party"},
    {"party campaign office", "party"},
    {"parties", "party"},
    {"local authority", "local_authority"},
    {"local authorities", "local_authority"},
    {"local government", "local_authority"},
    {"akimat", "local_authority"},
    {"akim", "local_authority"},
    {"maslikhat", "local_authority"},
    {"municipality", "local_authority"},
    {"акимат", "local_authority"},
    {"Акимат", "local_authority"},
    {"media", "media"},
    {"press", "media"},
    {"journalists", "media"},
    {"television", "media"},
    {"tv", "media"},
    {"radio", "media"},
    {"newspaper", "media"},
    {"civil society", "civil_society"},
    {"ngo", "civil_society"},
    {"cso", "civil_society"},
    {"citizen observers", "civil_society"},
    {"domestic observers", "civil_society"},
    {"government", "government"},
    {"ministry", "government"},
    {"mfa", "government"},
    {"ministry of foreign affairs", "government"},
    {"prosecutor's office", "government"},
    {"international", "international"},
    {"international organisation", "international"},
    {"international organization", "international"},
    {"embassy", "international"},
    {"other", "other"},
};

#define NKIND_WORDS (sizeof(kind_words) / sizeof(kind_words[0]))

bool meeting_fold_word(const char *word, char *out, size_t n)
{
	size_t o = 0;
	bool space = false;

	for (const unsigned char *c = (const unsigned char *)word; *c; c++) {
		unsigned char ch = *c;
		if (ch == '-' || ch == '_' || isspace(ch)) {
			space = o > 0;
			continue;
		}
		if (space) {
			if (o + 1 >= n)
				return false;
			out[o++] = ' ';
			space = false;
		}
		if (o + 1 >= n)
			return false;
		out[o++] = (char)tolower(ch);
	}
	out[o] = '\0';
	return true;
}

const char *meeting_kind_canonical(const char *word)
{
	char key[64];

	if (!word || !meeting_fold_word(word, key, sizeof(key)))
		return NULL;
	for (size_t i = 0; i < NKIND_WORDS; i++)
		if (!strcmp(key, kind_words[i].word))
			return kind_words[i].canonical;
	return NULL;
}

const char *meeting_kinds_list(void)
{
	return "election_commission, parliament, candidate, party, local_authority, "
	       "media, civil_society, government, international, other";
}

bool meeting_time_valid(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && !isdigit((unsigned char)s[i]))
			return false;
	return (s[0] - '0') * 10 + (s[1] - '0') <= 23 && s[3] <= '5';
}

/* ---- preparing ---- */

/* A trimmed copy of s in a, or NULL when s is NULL or only white space. */
static const char *trimmed(const char *s, struct arena *a)
{
	const char *end;

	if (!s)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	return end > s ? arena_strndup(a, s, (size_t)(end - s)) : NULL;
}

/* The participants' items trimmed, empty ones dropped, joined by ';'. */
static const char *participants_norm(const char *s, struct arena *a)
{
	size_t n = s ? strlen(s) : 0, o = 0;
	char *out;

	if (!n)
		return NULL;
	out = arena_alloc(a, n + 1);
	for (const char *p = s;;) {
		const char *semi = strchr(p, ';');
		const char *end = semi ? semi : p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
		if (end > p) {
			if (o)
				out[o++] = ';';
			memcpy(out + o, p, (size_t)(end - p));
			o += (size_t)(end - p);
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	out[o] = '\0';
	return o ? out : NULL;
}

enum status meeting_prepare(struct meeting *m, struct arena *a, struct err *e)
{
	const char *kind;

	m->date = trimmed(m->date, a);
	m->time = trimmed(m->time, a);
	if (m->time && strlen(m->time) == 4 && m->time[1] == ':') {
		/* 9:30 is 09:30 */
		char *t = arena_alloc(a, 6);
		t[0] = '0';
		memcpy(t + 1, m->time, 5);
		m->time = t;
	}
	m->place = trimmed(m->place, a);
	m->counterpart = trimmed(m->counterpart, a);
	m->institution_kind = trimmed(m->institution_kind, a);
	m->institution = trimmed(m->institution, a);
	m->participants = participants_norm(m->participants, a);
	m->topics = trimmed(m->topics, a);
	m->summary = trimmed(m->summary, a);
	m->follow_ups = trimmed(m->follow_ups, a);
	kind = meeting_kind_canonical(m->institution_kind);
	if (kind)
		m->institution_kind = kind;
	return meeting_validate(m, e);
}

/* ---- validating ---- */

/* Checks of one text field: NULL is fine unless required. */
static enum status check_text(const char *field, const char *v, size_t max, bool lines,
                              bool required, struct err *e)
{
	size_t n;

	if (!v) {
		if (required)
			return err_set(e, ST_INVALID, "%s: is required", field);
		return ST_OK;
	}
	n = strlen(v);
	if (!n && required)
		return err_set(e, ST_INVALID, "%s: is required", field);
	if (!utf8_valid(v, n))
		return err_set(e, ST_INVALID, "%s: is not valid UTF-8", field);
	if (n > max)
		return err_set(e, ST_INVALID,
		               "%s: is %zu bytes long; at most %zu are kept", field, n,
		               max);
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if (*c >= 0x20 && *c != 0x7f)
			continue;
		if (lines && (*c == '\n' || *c == '\r' || *c == '\t'))
			continue;
		return err_set(e, ST_INVALID,
		               "%s: holds a control character%s at byte %zu", field,
		               lines ? "" : " (a line break?)",
		               (size_t)(c - (const unsigned char *)v) + 1);
	}
	return ST_OK;
}

static enum status check_participants(const char *s, struct err *e)
{
	size_t count = 0;
	enum status rc;

	rc = check_text("participants", s,
	                (size_t)MEETING_PARTICIPANTS_MAX * (MEETING_PARTICIPANT_MAX + 1),
	                false, false, e);
	if (rc || !s)
		return rc;
	for (const char *p = s;;) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		if (!n)
			return err_set(e, ST_INVALID,
			               "participants: participant %zu is empty",
			               count + 1);
		if (n > MEETING_PARTICIPANT_MAX)
			return err_set(
			    e, ST_INVALID,
			    "participants: participant %zu is %zu bytes long; at "
			    "most %d are kept",
			    count + 1, n, MEETING_PARTICIPANT_MAX);
		if (++count > MEETING_PARTICIPANTS_MAX)
			return err_set(e, ST_INVALID,
			               "participants: more than %d; list the mission's "
			               "delegation in the summary instead",
			               MEETING_PARTICIPANTS_MAX);
		if (!semi)
			return ST_OK;
		p = semi + 1;
	}
}

/* Each field's check, in the order problems are listed. */
static enum status check_date(const struct meeting *m, struct err *e)
{
	if (!m->date || !*m->date)
		return err_set(e, ST_INVALID, "date: is required (YYYY-MM-DD)");
	if (!text_is_date(m->date))
		return err_set(e, ST_INVALID,
		               "date: \"%.40s\" is not a date (YYYY-MM-DD)",
		               utf8_valid(m->date, strlen(m->date)) ? m->date : "?");
	return ST_OK;
}

static enum status check_time(const struct meeting *m, struct err *e)
{
	if (m->time && !meeting_time_valid(m->time))
		return err_set(
		    e, ST_INVALID,
		    "time: \"%.40s\" is not a time of day (HH:MM, 00:00 to 23:59)",
		    utf8_valid(m->time, strlen(m->time)) ? m->time : "?");
	return ST_OK;
}

static enum status check_kind(const struct meeting *m, struct err *e)
{
	const char *k = m->institution_kind;

	if (!k || !*k)
		return err_set(e, ST_INVALID,
		               "institution_kind: is required (one of: %s)",
		               meeting_kinds_list());
	if (!meeting_kind_canonical(k) || strcmp(meeting_kind_canonical(k), k))
		return err_set(e, ST_INVALID,
		               "institution_kind: \"%.60s\" is not one of: %s",
		               utf8_valid(k, strlen(k)) ? k : "?", meeting_kinds_list());
	return ST_OK;
}

static enum status check_institution(const struct meeting *m, struct err *e)
{
	return check_text("institution", m->institution, MEETING_INSTITUTION_MAX, false,
	                  true, e);
}

static enum status check_place(const struct meeting *m, struct err *e)
{
	return check_text("place", m->place, MEETING_PLACE_MAX, false, false, e);
}

static enum status check_counterpart(const struct meeting *m, struct err *e)
{
	return check_text("counterpart", m->counterpart, MEETING_COUNTERPART_MAX, false,
	                  false, e);
}

static enum status check_people(const struct meeting *m, struct err *e)
{
	return check_participants(m->participants, e);
}

static enum status check_topics(const struct meeting *m, struct err *e)
{
	return check_text("topics", m->topics, MEETING_TOPICS_MAX, false, false, e);
}

static enum status check_summary(const struct meeting *m, struct err *e)
{
	return check_text("summary", m->summary, MEETING_SUMMARY_MAX, true, false, e);
}

static enum status check_follow_ups(const struct meeting *m, struct err *e)
{
	return check_text("follow_ups", m->follow_ups, MEETING_FOLLOW_UPS_MAX, true,
	                  false, e);
}

static enum status (*const checks[])(const struct meeting *m, struct err *e) = {
    check_date,        check_time,   check_kind,   check_institution, check_place,
    check_counterpart, check_people, check_topics, check_summary,     check_follow_ups,
};

#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

size_t meeting_problems(const struct meeting *m, meeting_problem_fn fn, void *ctx)
{
	size_t n = 0;
	struct err e;

	for (size_t i = 0; i < NCHECKS; i++) {
		err_clear(&e);
		if (checks[i](m, &e)) {
			n++;
			if (fn)
				fn(ctx, &e);
		}
	}
	return n;
}

enum status meeting_validate(const struct meeting *m, struct err *e)
{
	for (size_t i = 0; i < NCHECKS; i++) {
		enum status rc = checks[i](m, e);
		if (rc)
			return rc;
	}
	return ST_OK;
}
