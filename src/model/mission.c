/* mission.c - validation of missions and their election types. */
#include <ctype.h>
#include <string.h>

#include "core/text.h"
#include "model/country.h"
#include "model/mission.h"

static const struct {
	const char *word, *canonical;
} election_words[] = {
    {"president", "president"},
    {"presidential", "president"},
    {"senate", "senate"},
    {"parliament", "parliament"},
    {"parliamentary", "parliament"},
    {"mazhilis", "parliament"},
    {"local", "local"},
    {"maslikhat", "local"},
    {"referendum", "referendum"},
    {"other", "other"},
};

const char *election_type_canonical(const char *word)
{
	for (size_t i = 0; i < sizeof(election_words) / sizeof(election_words[0]); i++)
		if (text_ieq(word, election_words[i].word))
			return election_words[i].canonical;
	return NULL;
}

const char *election_types_list(void)
{
	return "president, senate, parliament (mazhilis), local (maslikhat), "
	       "referendum, other";
}

bool mission_code_valid(const char *code)
{
	size_t n = strlen(code);

	if (n < 2 || n > 32 || !isalnum((unsigned char)code[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)code[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return false;
	}
	return true;
}

static enum status check_phase(const char *what, const char *from, const char *to,
                               struct err *e)
{
	if (from && !text_is_date(from))
		return err_set(e, ST_INVALID,
		               "%s start \"%s\" is not a date (YYYY-MM-DD)", what, from);
	if (to && !text_is_date(to))
		return err_set(e, ST_INVALID, "%s end \"%s\" is not a date (YYYY-MM-DD)",
		               what, to);
	if (from && to && strcmp(from, to) > 0)
		return err_set(e, ST_INVALID, "%s ends (%s) before it starts (%s)", what,
		               to, from);
	return ST_OK;
}

enum status mission_validate(const struct mission *m, struct err *e)
{
	enum status rc;

	if (!m->code || !mission_code_valid(m->code))
		return err_set(
		    e, ST_INVALID,
		    "mission code \"%s\" must be 2-32 lower-case letters, digits "
		    "or hyphens, starting with a letter or digit (e.g. kz-2023)",
		    m->code ? m->code : "");
	if (!m->name || !*m->name)
		return err_set(e, ST_INVALID, "mission name is required (--name)");
	if (!m->election_type || !election_type_canonical(m->election_type))
		return err_set(e, ST_INVALID, "election type \"%s\" is not one of: %s",
		               m->election_type ? m->election_type : "",
		               election_types_list());
	if (!m->election_date || !text_is_date(m->election_date))
		return err_set(e, ST_INVALID,
		               "election date \"%s\" is not a date (YYYY-MM-DD)",
		               m->election_date ? m->election_date : "");
	if (!m->country || !country_by_code(m->country))
		return err_set(
		    e, ST_INVALID,
		    "country \"%s\" is not an ISO 3166-1 alpha-2 code (e.g. KZ)",
		    m->country ? m->country : "");
	rc = check_phase("long-term phase", m->long_term_start, m->long_term_end, e);
	if (rc)
		return rc;
	return check_phase("short-term phase", m->short_term_start, m->short_term_end, e);
}
