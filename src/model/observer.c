/* observer.c - observer roles, accreditation statuses and validation. */
#include <ctype.h>
#include <string.h>

#include "core/text.h"
#include "model/country.h"
#include "model/location.h"
#include "model/observer.h"

static const struct {
	const char *word, *canonical;
} role_words[] = {
    {"head", "head"},
    {"head of mission", "head"},
    {"coordinator", "coordinator"},
    {"core_team", "core_team"},
    {"core team", "core_team"},
    {"long_term", "long_term"},
    {"long-term", "long_term"},
    {"long-term observer", "long_term"},
    {"long term observer", "long_term"},
    {"lto", "long_term"},
    {"short_term", "short_term"},
    {"short-term", "short_term"},
    {"short-term observer", "short_term"},
    {"short term observer", "short_term"},
    {"sto", "short_term"},
    {"national", "national"},
    {"national observer", "national"},
    {"domestic", "national"},
    {"expert", "expert"},
    {"interpreter", "interpreter"},
    {"driver", "driver"},
    {"security", "security"},
    {"other", "other"},
};

const char *observer_role_canonical(const char *word)
{
	for (size_t i = 0; i < sizeof(role_words) / sizeof(role_words[0]); i++)
		if (text_ieq(word, role_words[i].word))
			return role_words[i].canonical;
	return NULL;
}

const char *observer_roles_list(void)
{
	return "head, coordinator, core_team, long_term, short_term, national, "
	       "expert, interpreter, driver, security, other";
}

static const char *const statuses[] = {"requested", "accredited", "refused", "withdrawn"};

const char *accreditation_status_canonical(const char *word)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (text_ieq(word, statuses[i]))
			return statuses[i];
	if (text_ieq(word, "pending"))
		return "requested";
	return NULL;
}

const char *accreditation_statuses_list(void)
{
	return "requested (or pending), accredited, refused, withdrawn";
}

bool accreditation_transition_ok(const char *from, const char *to)
{
	if (!strcmp(from, to))
		return true;
	if (!strcmp(from, "requested"))
		return true;
	if (!strcmp(from, "accredited"))
		return !strcmp(to, "withdrawn");
	return !strcmp(to, "requested");
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	if (at[1] == '.' || s[strlen(s) - 1] == '.')
		return false;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20)
			return false;
	return true;
}

static bool languages_valid(const char *s)
{
	size_t run = 0;

	for (const char *p = s;; p++) {
		if (*p == ';' || *p == '\0') {
			if (run < 2 || run > 3)
				return false;
			run = 0;
			if (!*p)
				return true;
		} else if (islower((unsigned char)*p)) {
			run++;
		} else {
			return false;
		}
	}
}

/* A passport or identity card number as written: "N 12345678", "AB1234567". */
static bool id_document_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > OBSERVER_ID_DOCUMENT_MAX || !utf8_valid(s, n) || s[0] == ' ' ||
	    s[n - 1] == ' ')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

enum status observer_validate(const struct observer *o, struct err *e)
{
	if (!o->code || !registry_code_valid(o->code))
		return err_set(e, ST_INVALID,
		               "code: \"%s\" must be 1-%d characters without slashes or "
		               "control characters",
		               o->code ? o->code : "", LOCATION_CODE_MAX);
	if (!o->full_name || !*o->full_name)
		return err_set(e, ST_INVALID, "full_name: is required");
	if (!utf8_valid(o->full_name, strlen(o->full_name)))
		return err_set(e, ST_INVALID, "full_name: is not valid UTF-8");
	if (o->country && !country_by_code(o->country))
		return err_set(e, ST_INVALID, "country: \"%s\" is not an ISO 3166-1 code",
		               o->country);
	if (!o->role || !observer_role_canonical(o->role))
		return err_set(e, ST_INVALID, "role: \"%s\" is not one of: %s",
		               o->role ? o->role : "", observer_roles_list());
	if (o->email && !email_valid(o->email))
		return err_set(e, ST_INVALID, "email: \"%s\" is not an e-mail address",
		               o->email);
	if (o->languages && !languages_valid(o->languages))
		return err_set(e, ST_INVALID,
		               "languages: \"%s\" must be ISO 639 codes separated by ';' "
		               "(e.g. en;ru;kk)",
		               o->languages);
	if (!o->accreditation_status ||
	    !accreditation_status_canonical(o->accreditation_status))
		return err_set(e, ST_INVALID,
		               "accreditation_status: \"%s\" is not one of: %s",
		               o->accreditation_status ? o->accreditation_status : "",
		               accreditation_statuses_list());
	if (o->requested_on && !text_is_date(o->requested_on))
		return err_set(e, ST_INVALID,
		               "requested_on: \"%s\" is not a date (YYYY-MM-DD)",
		               o->requested_on);
	if (o->decided_on && !text_is_date(o->decided_on))
		return err_set(e, ST_INVALID,
		               "decided_on: \"%s\" is not a date (YYYY-MM-DD)",
		               o->decided_on);
	if (o->id_document && !id_document_valid(o->id_document))
		return err_set(
		    e, ST_INVALID,
		    "id_document: must be 1 to %d bytes of UTF-8 without control "
		    "characters or leading or trailing spaces",
		    OBSERVER_ID_DOCUMENT_MAX);
	if (o->badge_number && strcmp(o->accreditation_status, "accredited") &&
	    strcmp(o->accreditation_status, "withdrawn"))
		return err_set(e, ST_INVALID,
		               "badge_number: only accredited observers have a badge "
		               "(status is %s)",
		               o->accreditation_status);
	return ST_OK;
}
