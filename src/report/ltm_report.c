/* ltm_report.c - a meeting with its documents and observers as JSON, and
 * the long-term log in figures (ltm_report.h). */
#include <stdio.h>
#include <string.h>

#include "model/ltm_json.h"
#include "report/ltm_report.h"

static const char *const kinds[LTM_KINDS] = {
    "election_commission", "parliament", "candidate",     "party",
    "local_authority",     "media",      "civil_society", "government",
    "international",       "other",
};

/* How the sentence names each kind: "with" + this. */
static const char *const kind_phrases[LTM_KINDS] = {
    "the election commission", "parliament", "candidates",    "parties",
    "local authorities",       "media",      "civil society", "the government",
    "international partners",  "others",
};

const char *ltm_kind_name(size_t i)
{
	return i < LTM_KINDS ? kinds[i] : NULL;
}

json_t *ltm_meeting_json(const struct meeting_row *r)
{
	struct meeting m;
	json_t *j;

	store_meeting_of_row(r, &m);
	j = meeting_to_json(&m);
	json_object_set_new(j, "documents", json_integer(r->ndocuments));
	return j;
}

static enum status add_document(void *ctx, const struct document *d)
{
	return json_array_append_new(ctx, document_to_json(d)) ? ST_NOMEM : ST_OK;
}

/* The observers among the participants. */
static enum status add_observers(struct store *st, int64_t mission_id, const char *list,
                                 json_t *out, struct err *e)
{
	struct arena a = ARENA_INIT;
	enum status rc = ST_OK;

	for (const char *p = list; p && *p && !rc;) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		char *code = arena_strndup(&a, p, n);
		struct observer o;
		struct err oe;

		err_clear(&oe);
		rc = store_observer_get(st, mission_id, code, &a, &o, &oe);
		if (!rc)
			json_array_append_new(
			    out, json_pack("{s:s, s:s, s:s?, s:s?}", "code", o.code,
			                   "full_name", o.full_name, "organisation",
			                   o.organisation, "country", o.country));
		else if (rc == ST_NOT_FOUND || rc == ST_INVALID)
			rc = ST_OK; /* a name, not a code */
		else
			*e = oe;
		p = semi ? semi + 1 : p + n;
	}
	arena_release(&a);
	return rc;
}

json_t *ltm_meeting_detail(struct store *st, int64_t mission_id,
                           const struct meeting_row *r, struct err *e)
{
	struct document_filter f = {.meeting_id = r->id};
	json_t *j = ltm_meeting_json(r), *docs = json_array(), *people = json_array();
	int64_t total;

	if (store_document_list(st, mission_id, &f, &total, add_document, docs, e) ||
	    add_observers(st, mission_id, r->participants, people, e)) {
		json_decref(j);
		json_decref(docs);
		json_decref(people);
		return NULL;
	}
	json_object_set_new(j, "documents", docs);
	json_object_set_new(j, "observers", people);
	return j;
}

/* ---- figures ---- */

static enum status count_meeting(void *ctx, const struct meeting_row *m)
{
	struct ltm_tally *t = ctx;

	t->meetings++;
	for (size_t i = 0; i < LTM_KINDS; i++)
		if (!strcmp(m->institution_kind, kinds[i]))
			t->by_kind[i]++;
	if (!t->first[0])
		snprintf(t->first, sizeof(t->first), "%s", m->date);
	snprintf(t->last, sizeof(t->last), "%s", m->date);
	return ST_OK;
}

enum status ltm_tally(struct store *st, int64_t mission_id, struct ltm_tally *t,
                      struct err *e)
{
	struct document_filter out = {.direction = "handed_over"};
	struct document_filter in = {.direction = "received"};
	int64_t total;
	enum status rc;

	memset(t, 0, sizeof(*t));
	rc = store_meeting_list(st, mission_id, NULL, &total, count_meeting, t, e);
	if (!rc)
		rc = store_document_list(st, mission_id, NULL, &t->documents, NULL, NULL,
		                         e);
	if (!rc)
		rc = store_document_list(st, mission_id, &out, &t->handed_over, NULL,
		                         NULL, e);
	if (!rc)
		rc =
		    store_document_list(st, mission_id, &in, &t->received, NULL, NULL, e);
	return rc;
}

const char *ltm_tally_sentence(const struct ltm_tally *t, char *out, size_t n)
{
	bool used[LTM_KINDS] = {false};
	size_t o = 0;
	int w;

#define PUT(...)                                                                         \
	do {                                                                             \
		w = snprintf(out + o, o < n ? n - o : 0, __VA_ARGS__);                   \
		if (w > 0)                                                               \
			o += (size_t)w;                                                  \
	} while (0)

	if (!n)
		return out;
	out[0] = '\0';
	PUT("%lld meeting%s", (long long)t->meetings, t->meetings == 1 ? "" : "s");
	for (size_t k = 0; k < LTM_KINDS; k++) {
		size_t best = LTM_KINDS;
		for (size_t i = 0; i < LTM_KINDS; i++)
			if (!used[i] && t->by_kind[i] &&
			    (best == LTM_KINDS || t->by_kind[i] > t->by_kind[best]))
				best = i;
		if (best == LTM_KINDS)
			break;
		used[best] = true;
		PUT("%s%lld with %s", k ? ", " : " (", (long long)t->by_kind[best],
		    kind_phrases[best]);
	}
	if (t->meetings)
		PUT(")");
	PUT(", %lld document%s", (long long)t->documents, t->documents == 1 ? "" : "s");
	if (t->documents)
		PUT(" (%lld handed over, %lld received)", (long long)t->handed_over,
		    (long long)t->received);
#undef PUT
	if (o >= n)
		out[n - 1] = '\0';
	return out;
}
