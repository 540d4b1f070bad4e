/* registry_json.c - JSON images of registry records. */
#include <string.h>

#include "model/registry_json.h"

static void set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	if (!s || !*s)
		return a;
	for (;;) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		if (!semi)
			break;
		p = semi + 1;
	}
	return a;
}

json_t *mission_to_json(const struct mission *m)
{
	json_t *o = json_object(), *phases = json_object(), *settings = NULL;

	set_str(o, "code", m->code);
	set_str(o, "name", m->name);
	set_str(o, "organisation", m->organisation);
	json_object_set_new(o, "election",
	                    json_pack("{s:s?, s:s?, s:s?}", "type", m->election_type,
	                              "date", m->election_date, "country", m->country));
	json_object_set_new(phases, "long_term",
	                    json_pack("{s:s?, s:s?}", "start", m->long_term_start, "end",
	                              m->long_term_end));
	json_object_set_new(phases, "short_term",
	                    json_pack("{s:s?, s:s?}", "start", m->short_term_start, "end",
	                              m->short_term_end));
	set_str(phases, "election_day", m->election_date);
	json_object_set_new(o, "phases", phases);
	if (m->settings)
		settings = json_loads(m->settings, 0, NULL);
	json_object_set_new(o, "settings", settings ? settings : json_object());
	if (m->created_at)
		set_str(o, "created_at", m->created_at);
	return o;
}

json_t *location_to_json(const struct location *l)
{
	json_t *o = json_object();

	set_str(o, "code", l->code);
	set_str(o, "name", l->name);
	set_str(o, "level", l->level);
	set_str(o, "parent", l->parent);
	json_object_set_new(o, "registered_voters",
	                    l->registered_voters >= 0 ? json_integer(l->registered_voters)
	                                              : json_null());
	json_object_set_new(o, "latitude",
	                    l->has_coords ? json_real(l->latitude) : json_null());
	json_object_set_new(o, "longitude",
	                    l->has_coords ? json_real(l->longitude) : json_null());
	set_str(o, "stratum", l->stratum);
	return o;
}

json_t *observer_to_json(const struct observer *ob)
{
	json_t *o = json_object(), *acc;

	set_str(o, "code", ob->code);
	set_str(o, "full_name", ob->full_name);
	set_str(o, "organisation", ob->organisation);
	set_str(o, "country", ob->country);
	set_str(o, "role", ob->role);
	json_object_set_new(o, "phones", split_list(ob->phones));
	set_str(o, "email", ob->email);
	json_object_set_new(o, "languages", split_list(ob->languages));
	set_str(o, "team", ob->team);
	acc = json_pack("{s:s?, s:s?, s:s?, s:s?}", "status", ob->accreditation_status,
	                "badge_number", ob->badge_number, "requested_on",
	                ob->requested_on, "decided_on", ob->decided_on);
	/* Only when given, so that the images of observers without one stay
	 * as they were before the field existed. */
	if (ob->id_document)
		set_str(acc, "id_document", ob->id_document);
	json_object_set_new(o, "accreditation", acc);
	return o;
}

char *json_text(const json_t *j)
{
	return json_dumps(j,
	                  JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
}
