/* location.c - validation of locations. */
#include <string.h>

#include "core/text.h"
#include "model/location.h"

static const char *const levels[] = {
    "country", "region", "city", "abroad", "district", "territory", "station",
};

const char *location_level_canonical(const char *word)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (text_ieq(word, levels[i]))
			return levels[i];
	if (text_ieq(word, "polling_station") || text_ieq(word, "polling station") ||
	    text_ieq(word, "precinct"))
		return "station";
	return NULL;
}

const char *location_levels_list(void)
{
	return "country, region, city, abroad, district, territory, station";
}

bool location_is_station(const struct location *l)
{
	return l->level && !strcmp(l->level, "station");
}

bool registry_code_valid(const char *code)
{
	size_t n = strlen(code);

	if (n == 0 || n > LOCATION_CODE_MAX || !utf8_valid(code, n))
		return false;
	if (code[0] == ' ' || code[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)code[i] < 0x20 || code[i] == 0x7f || code[i] == '/')
			return false;
	return true;
}

enum status location_validate(const struct location *l, struct err *e)
{
	if (!l->code || !registry_code_valid(l->code))
		return err_set(e, ST_INVALID,
		               "code: \"%s\" must be 1-%d characters without slashes or "
		               "control characters",
		               l->code ? l->code : "", LOCATION_CODE_MAX);
	if (!l->name || !*l->name)
		return err_set(e, ST_INVALID, "name: is required");
	if (!utf8_valid(l->name, strlen(l->name)))
		return err_set(e, ST_INVALID, "name: is not valid UTF-8");
	if (!l->level || !location_level_canonical(l->level))
		return err_set(e, ST_INVALID, "level: \"%s\" is not one of: %s",
		               l->level ? l->level : "", location_levels_list());
	if (l->parent && !strcmp(l->parent, l->code))
		return err_set(e, ST_INVALID,
		               "parent: a location cannot be its own parent");
	if (l->registered_voters < -1)
		return err_set(e, ST_INVALID, "registered_voters: must be 0 or more");
	if (l->registered_voters >= 0 && !location_is_station(l))
		return err_set(e, ST_INVALID,
		               "registered_voters: only polling stations have registered "
		               "voters (level is %s)",
		               l->level);
	if (l->has_coords) {
		if (l->latitude < -90 || l->latitude > 90)
			return err_set(e, ST_INVALID, "latitude: %g is outside -90..90",
			               l->latitude);
		if (l->longitude < -180 || l->longitude > 180)
			return err_set(e, ST_INVALID,
			               "longitude: %g is outside -180..180",
			               l->longitude);
	}
	return ST_OK;
}
