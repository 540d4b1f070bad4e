/* ltm_json.c - meetings and documents of the long-term log as JSON, and
 * a meeting read back from JSON (ltm_json.h). */
#include <string.h>

#include "core/buf.h"
#include "model/ltm_json.h"

static void set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

/* "a;b;c" as ["a", "b", "c"]. */
static json_t *split(const char *s)
{
	json_t *a = json_array();

	for (const char *p = s; p && *p;) {
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

json_t *meeting_to_json(const struct meeting *m)
{
	json_t *o = json_object();

	if (m->id)
		json_object_set_new(o, "id", json_integer(m->id));
	set_str(o, "date", m->date);
	set_str(o, "time", m->time);
	set_str(o, "place", m->place);
	set_str(o, "counterpart", m->counterpart);
	set_str(o, "institution_kind", m->institution_kind);
	set_str(o, "institution", m->institution);
	json_object_set_new(o, "participants", split(m->participants));
	set_str(o, "topics", m->topics);
	set_str(o, "summary", m->summary);
	set_str(o, "follow_ups", m->follow_ups);
	if (m->created_at)
		set_str(o, "created_at", m->created_at);
	return o;
}

json_t *document_to_json(const struct document *d)
{
	json_t *o = json_object();

	if (d->id)
		json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "meeting",
	                    d->meeting_id ? json_integer(d->meeting_id) : json_null());
	set_str(o, "title", d->title);
	set_str(o, "kind", d->kind);
	set_str(o, "direction", d->direction);
	set_str(o, "date", d->date);
	set_str(o, "file_name", d->file_name);
	set_str(o, "content_type", d->content_type);
	json_object_set_new(o, "size", json_integer(d->size));
	set_str(o, "hash", d->hash);
	if (d->created_at)
		set_str(o, "created_at", d->created_at);
	return o;
}

/* ---- reading ---- */

#define FIELDS                                                                           \
	"date, time, place, counterpart, institution_kind, institution, "                \
	"participants, topics, summary, follow_ups"

/* The participants as an array of strings joined by ';' into a. */
static enum status join_participants(const json_t *v, struct arena *a, const char **out,
                                     struct err *e)
{
	struct buf b;
	size_t i;
	json_t *item;

	buf_init(&b, BUF_NO_CAP);
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item)) {
			buf_release(&b);
			return err_set(e, ST_INVALID,
			               "participants: item %zu must be a string", i + 1);
		}
		if (strlen(json_string_value(item)) != json_string_length(item)) {
			buf_release(&b);
			return err_set(e, ST_INVALID,
			               "participants: item %zu holds a NUL character",
			               i + 1);
		}
		if (strchr(json_string_value(item), ';')) {
			buf_release(&b);
			return err_set(
			    e, ST_INVALID,
			    "participants: item %zu holds a ';', which separates "
			    "participants",
			    i + 1);
		}
		buf_appendf(&b, "%s%s", i ? ";" : "", json_string_value(item));
	}
	*out = b.len ? arena_strndup(a, b.ptr, b.len) : NULL;
	buf_release(&b);
	return ST_OK;
}

/* The members of o set onto out: a string replaces the field, null
 * empties it, an absent member leaves it. */
static enum status apply_json(const json_t *o, struct arena *a, struct meeting *out,
                              struct err *e)
{
	static const char *const names[] = {
	    "date",        "time",   "place",   "counterpart", "institution_kind",
	    "institution", "topics", "summary", "follow_ups",
	};
	const char **dest[] = {
	    &out->date,
	    &out->time,
	    &out->place,
	    &out->counterpart,
	    &out->institution_kind,
	    &out->institution,
	    &out->topics,
	    &out->summary,
	    &out->follow_ups,
	};
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(e, ST_INVALID,
		               "body: must be a JSON object with the fields %s", FIELDS);
	json_object_foreach((json_t *)o, key, v)
	{
		bool known = !strcmp(key, "participants");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !known; i++)
			known = !strcmp(key, names[i]);
		if (!known)
			return err_set(
			    e, ST_INVALID,
			    "unknown field \"%.60s\" (the fields are " FIELDS ")", key);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = json_object_get(o, names[i]);
		if (!v)
			continue;
		if (json_is_null(v)) {
			*dest[i] = NULL;
			continue;
		}
		if (!json_is_string(v))
			return err_set(e, ST_INVALID, "%s: must be a string", names[i]);
		if (strlen(json_string_value(v)) != json_string_length(v))
			return err_set(e, ST_INVALID, "%s: holds a NUL character",
			               names[i]);
		*dest[i] = arena_strdup(a, json_string_value(v));
	}
	v = json_object_get(o, "participants");
	if (json_is_string(v) && strlen(json_string_value(v)) != json_string_length(v))
		return err_set(e, ST_INVALID, "participants: holds a NUL character");
	if (json_is_string(v))
		out->participants = arena_strdup(a, json_string_value(v));
	else if (json_is_array(v))
		return join_participants(v, a, &out->participants, e);
	else if (json_is_null(v))
		out->participants = NULL;
	else if (v && !json_is_null(v))
		return err_set(
		    e, ST_INVALID,
		    "participants: must be an array of strings (observers' codes "
		    "or names)");
	return ST_OK;
}

enum status meeting_from_json(const json_t *o, struct arena *a, struct meeting *out,
                              struct err *e)
{
	memset(out, 0, sizeof(*out));
	return apply_json(o, a, out, e);
}

enum status meeting_patch_json(const json_t *o, struct arena *a, struct meeting *m,
                               struct err *e)
{
	return apply_json(o, a, m, e);
}
