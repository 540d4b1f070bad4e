/* sms_json.c - inbound and outbound SMS as JSON objects. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/sms_json.h"

/* s as a JSON string; bytes that are not UTF-8 become '?'. */
static json_t *lossy(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	json_t *j;
	char *copy;

	if (!s)
		return json_null();
	if (utf8_valid(s, len))
		return json_stringn(s, len);
	copy = xstrdup(s);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

json_t *sms_in_json(const struct sms_in_row *m)
{
	json_t *j = json_object();
	json_t *problems = m->problems ? json_loads(m->problems, 0, NULL) : NULL;

	json_object_set_new(j, "id", json_integer((json_int_t)m->id));
	json_object_set_new(j, "gateway", lossy(m->gateway));
	json_object_set_new(j, "gateway_id", lossy(m->gateway_id));
	json_object_set_new(j, "phone", lossy(m->phone));
	json_object_set_new(j, "observer", lossy(m->observer));
	json_object_set_new(j, "text", lossy(m->text ? m->text : ""));
	json_object_set_new(j, "received_at", lossy(m->received_at));
	json_object_set_new(j, "status", lossy(m->status));
	json_object_set_new(j, "submission", id_or_null(m->submission_id));
	json_object_set_new(j, "duplicate_of", id_or_null(m->duplicate_of));
	json_object_set_new(j, "problems", problems ? problems : json_array());
	json_object_set_new(j, "reply", lossy(m->reply));
	return j;
}

json_t *sms_out_json(const struct sms_out_row *m)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer((json_int_t)m->id));
	json_object_set_new(j, "phone", lossy(m->phone));
	json_object_set_new(j, "observer", lossy(m->observer));
	json_object_set_new(j, "text", lossy(m->text));
	json_object_set_new(j, "kind", lossy(m->kind));
	json_object_set_new(j, "status", lossy(m->status));
	json_object_set_new(j, "attempts", json_integer((json_int_t)m->attempts));
	json_object_set_new(j, "next_attempt_at", lossy(m->next_attempt_at));
	json_object_set_new(j, "last_error", lossy(m->last_error));
	json_object_set_new(j, "gateway_id", lossy(m->gateway_id));
	json_object_set_new(j, "created_at", lossy(m->created_at));
	json_object_set_new(j, "sent_at", lossy(m->sent_at));
	json_object_set_new(j, "reply_to", id_or_null(m->reply_to));
	return j;
}
