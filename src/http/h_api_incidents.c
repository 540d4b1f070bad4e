/* h_api_incidents.c - GET /api/v1/missions/{m}/incidents: the incident
 * reports of a mission, filtered and paged by the server, critical ones
 * first, then newest.
 *
 * The store selects the current reports of the incident form by station,
 * region, observer, review status and time (SQL); each report's answers
 * are then read here for what SQL does not see: answer filters
 * (answer.TAG=VALUE), whether an answer is critical (the form's
 * "critical" lists, as for alerts) and the follow-up state.  One pass
 * keeps the keys of the matching reports, critical and others apart, then
 * the page asked for is read by key: the cost is one scan of the mission's
 * incident reports, which are few beside its checklists.
 *
 * Follow-up: the form's first yes/no question (E, "follow-up needed", on
 * the built-in IN) says whether a follow-up is needed; a needed one is
 * "open" until the report is reviewed (verified or rejected), then
 * "closed"; a report that needs none is "none". */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "http/api.h"
#include "http/handlers.h"
#include "ingest/submission_json.h"
#include "model/form.h"
#include "store/store_read.h"

#define ANSWER_FILTERS_MAX 4

static const char *const statuses[] = {"new", "flagged", "verified", "rejected", NULL};
static const char *const follow_ups[] = {"open", "closed", "none", NULL};

struct answer_filter {
	const struct form_question *q;
	const char *value;
};

struct ids {
	int64_t *v;
	size_t n, cap;
};

struct scan {
	const struct form *form;
	const struct form_question *follow_q; /* NULL: none in the form */
	struct answer_filter answers[ANSWER_FILTERS_MAX];
	size_t nanswers;
	bool critical_only;
	const char *follow_up; /* open | closed | none, or NULL */
	struct ids critical, other;
};

static void ids_push(struct ids *l, int64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

/* True when the canonical answer a equals value as written in a query:
 * a number, a text, or one of the values of a select_multiple. */
static bool answer_is(const json_t *a, const char *value)
{
	char *end;
	long long n;
	size_t i;
	json_t *x;

	if (json_is_string(a))
		return !strcmp(json_string_value(a), value);
	n = strtoll(value, &end, 10);
	if (end == value || *end)
		return false;
	if (json_is_integer(a))
		return json_integer_value(a) == n;
	if (!json_is_array(a))
		return false;
	json_array_foreach(a, i, x)
	{
		if (json_is_integer(x) && json_integer_value(x) == n)
			return true;
	}
	return false;
}

static bool critical_of(const struct form *f, const json_t *answers)
{
	for (size_t i = 0; i < f->nquestions; i++) {
		const json_t *a = json_object_get(answers, f->questions[i].tag);
		if (a && f->questions[i].ncritical &&
		    form_answer_critical(&f->questions[i], a))
			return true;
	}
	return false;
}

static const char *follow_up_of(const struct scan *sc, const json_t *answers,
                                const char *status)
{
	const json_t *a =
	    sc->follow_q ? json_object_get(answers, sc->follow_q->tag) : NULL;

	if (!json_is_integer(a) || json_integer_value(a) != 1)
		return "none";
	return !strcmp(status, "verified") || !strcmp(status, "rejected") ? "closed"
	                                                                  : "open";
}

static enum status scan_one(void *ctx, const struct stored_submission *s)
{
	struct scan *sc = ctx;
	json_t *answers = json_loads(s->answers ? s->answers : "{}", 0, NULL);
	bool match = answers != NULL, crit = false;

	for (size_t i = 0; match && i < sc->nanswers; i++) {
		const json_t *a = json_object_get(answers, sc->answers[i].q->tag);
		match = a && answer_is(a, sc->answers[i].value);
	}
	if (match)
		crit = critical_of(sc->form, answers);
	if (match && sc->critical_only && !crit)
		match = false;
	if (match && sc->follow_up &&
	    strcmp(sc->follow_up, follow_up_of(sc, answers, s->status)))
		match = false;
	if (match)
		ids_push(crit ? &sc->critical : &sc->other, s->id);
	json_decref(answers);
	return ST_OK;
}

/* The incident form: the one named, or the mission's first of kind
 * incident. */
struct first_incident {
	const char *code;
	struct arena *a;
};

static enum status take_incident(void *ctx, const struct form_record *f)
{
	struct first_incident *fi = ctx;

	if (!fi->code && f->kind && !strcmp(f->kind, "incident"))
		fi->code = arena_strdup(fi->a, f->code);
	return ST_OK;
}

static enum status load_form(struct http_req *req, const struct mission *m,
                             struct form **out)
{
	struct first_incident fi = {NULL, &req->arena};
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct form_record rec;
	enum status rc;

	rc = api_query_str(req, "form", &fi.code);
	if (!rc && !fi.code)
		rc = store_form_list(req->store, m->id, take_incident, &fi, &req->err);
	if (rc)
		return rc;
	if (!fi.code)
		return err_set(&req->err, ST_NOT_FOUND, "mission %s has no incident form",
		               m->code);
	rc = store_form_get(req->store, m->id, fi.code, &req->arena, &rec, &req->err);
	if (rc)
		return rc;
	if (!rec.kind || strcmp(rec.kind, "incident"))
		return err_set(&req->err, ST_INVALID,
		               "form: %s is a %s form, not an incident form", rec.code,
		               rec.kind ? rec.kind : "?");
	rc = form_parse(rec.definition, strlen(rec.definition), out, &problems);
	form_problems_release(&problems);
	if (rc)
		return err_set(&req->err, ST_INTERNAL, "form %s as stored is not valid",
		               rec.code);
	return ST_OK;
}

/* answer.TAG=VALUE parameters, each naming a question of the form. */
static enum status read_answers(struct http_req *req, struct scan *sc)
{
	for (size_t i = 0; i < req->nquery; i++) {
		const char *k = req->query[i].key;
		const struct form_question *q = NULL;

		if (strncmp(k, "answer.", 7))
			continue;
		for (size_t j = 0; j < sc->form->nquestions; j++)
			if (!strcmp(sc->form->questions[j].tag, k + 7))
				q = &sc->form->questions[j];
		if (!q)
			return err_set(&req->err, ST_INVALID,
			               "%s: form %s has no question \"%s\"", k,
			               sc->form->code, k + 7);
		if (!req->query[i].value || !*req->query[i].value)
			return err_set(&req->err, ST_INVALID, "%s: must not be empty", k);
		if (sc->nanswers == ANSWER_FILTERS_MAX)
			return err_set(&req->err, ST_INVALID,
			               "answer.*: at most %d answer filters",
			               ANSWER_FILTERS_MAX);
		sc->answers[sc->nanswers++] =
		    (struct answer_filter){q, req->query[i].value};
	}
	return ST_OK;
}

static enum status one_of(struct http_req *req, const char *name,
                          const char *const *words, const char **out)
{
	enum status rc = api_query_str(req, name, out);

	if (rc || !*out)
		return rc;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(*out, words[i]))
			return ST_OK;
	return err_set(&req->err, ST_INVALID, "%s: \"%s\" is not allowed here", name,
	               *out);
}

static enum status read_filter(struct http_req *req, struct submission_filter *f,
                               struct scan *sc)
{
	enum status rc;

	rc = api_paging(req, &f->limit, &f->offset);
	if (!rc)
		rc = api_query_str(req, "station", &f->station);
	if (!rc)
		rc = api_query_str(req, "observer", &f->observer);
	if (!rc)
		rc = api_query_str(req, "region", &f->region);
	if (!rc)
		rc = api_query_str(req, "since", &f->since);
	if (!rc && f->since && !api_time_prefix(f->since))
		rc = err_set(&req->err, ST_INVALID,
		             "since: must be a date or time in UTC written "
		             "YYYY-MM-DD[THH:MM[:SS]][Z], not \"%s\"",
		             f->since);
	if (!rc)
		rc = one_of(req, "status", statuses, &f->status);
	if (!rc)
		rc = one_of(req, "follow_up", follow_ups, &sc->follow_up);
	if (!rc)
		rc = api_query_flag(req, "critical", &sc->critical_only);
	if (!rc)
		rc = read_answers(req, sc);
	return rc;
}

/* The report with key id, with its critical flag and follow-up state. */
static enum status item(struct http_req *req, const struct mission *m,
                        const struct scan *sc, int64_t id, bool crit, json_t *items)
{
	struct stored_submission s;
	json_t *j, *answers;
	enum status rc;

	rc = store_submission_get(req->store, m->id, id, &req->arena, &s, &req->err);
	if (rc)
		return rc;
	j = stored_submission_to_json(&s);
	answers = json_loads(s.answers ? s.answers : "{}", 0, NULL);
	json_object_set_new(j, "critical", json_boolean(crit));
	json_object_set_new(j, "follow_up",
	                    json_string(follow_up_of(sc, answers, s.status)));
	json_decref(answers);
	json_array_append_new(items, j);
	return ST_OK;
}

enum status h_incidents_list(struct http_req *req, struct http_resp *resp)
{
	struct submission_filter f = {0};
	struct scan sc = {0};
	struct form *form = NULL;
	json_t *items = json_array();
	struct mission m;
	int64_t total, k;
	enum status rc;

	/* The scan and the page read one snapshot. */
	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		goto done;
	rc = api_mission(req, &m);
	if (!rc)
		rc = load_form(req, &m, &form);
	if (rc)
		goto out;
	sc.form = form;
	for (size_t i = 0; i < form->nquestions && !sc.follow_q; i++)
		if (form->questions[i].type == QT_YESNO)
			sc.follow_q = &form->questions[i];
	rc = read_filter(req, &f, &sc);
	if (rc)
		goto out;
	{
		struct submission_filter all = f;
		all.form = form->code;
		all.limit = 0;
		all.offset = 0;
		rc = store_submission_list(req->store, m.id, &all, NULL, scan_one, &sc,
		                           &req->err);
	}
	if (rc)
		goto out;
	total = (int64_t)(sc.critical.n + sc.other.n);
	for (k = f.offset; !rc && k < total && k < f.offset + f.limit; k++) {
		bool crit = k < (int64_t)sc.critical.n;
		int64_t id =
		    crit ? sc.critical.v[k] : sc.other.v[k - (int64_t)sc.critical.n];
		rc = item(req, &m, &sc, id, crit, items);
	}
	if (!rc) {
		rc = http_resp_json(resp, 200,
		                    json_pack("{s:s, s:I, s:I, s:I, s:I, s:O}", "form",
		                              form->code, "total", (json_int_t)total,
		                              "critical", (json_int_t)sc.critical.n,
		                              "limit", (json_int_t)f.limit, "offset",
		                              (json_int_t)f.offset, "items", items));
	}
out:
	rc = store_release(req->store, rc);
done:
	json_decref(items);
	free(sc.critical.v);
	free(sc.other.v);
	form_free(form);
	return rc;
}
