/* api_rows.c - conflicts, alerts and assignments as the API shows them. */
#include "http/api_rows.h"

/* JSON text from the store as a value: null when absent or unreadable. */
static json_t *json_of(const char *text)
{
	json_t *j = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return j ? j : json_null();
}

json_t *conflict_row_to_json(const struct conflict_row *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:o, s:s?, s:s?}", "id",
	                 (json_int_t)c->id, "station", c->station, "form", c->form, "tag",
	                 c->tag, "values", json_of(c->values), "open",
	                 c->resolved_value == NULL, "resolved_value",
	                 json_of(c->resolved_value), "resolved_by", c->resolved_by,
	                 "resolved_at", c->resolved_at);
}

json_t *alert_row_to_json(const struct alert_row *a)
{
	return json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:o, s:s?, s:s?}", "id",
	                 (json_int_t)a->id, "submission", (json_int_t)a->submission_id,
	                 "station", a->station, "form", a->form, "tag", a->tag, "value",
	                 json_of(a->value), "message", a->message, "created_at",
	                 a->created_at);
}

json_t *assignment_row_to_json(const struct assignment_row *a)
{
	return json_pack("{s:s, s:s, s:s}", "observer", a->observer, "station",
	                 a->station, "day", a->day);
}
