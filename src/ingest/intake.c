/* intake.c - a report checked before it is stored: the mission's form from
 * a cache shared by all threads, validation, the station and observer
 * looked up, the canonical answers and their content hash; and the answer
 * to the sender.  The writer job itself is in intake_job.c. */
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/answers_text.h"
#include "ingest/form_load.h"
#include "ingest/intake.h"
#include "model/validate.h"
#include "store/registry_cache.h"

/* ------------------------------------------------------------ the cache */

/* A parsed form shared by the cache and the threads validating with it. */
struct intake_form {
	struct form *form;
	int refs; /* the cache's own reference, if cached, plus users; under mu */
};

/* The forms of one mission as of one revision of its forms and ballot. */
struct mission_forms {
	int64_t mission_id, rev;
	struct strmap by_code; /* form code -> struct intake_form */
	struct arena keys;
	struct mission_forms *next;
};

struct intake {
	pthread_mutex_t mu;
	struct mission_forms *missions;
};

struct intake *intake_new(void)
{
	struct intake *in = xcalloc(1, sizeof(*in));

	if (sodium_init() < 0)
		abort(); /* libsodium cannot work at all: nothing to fall back to */
	pthread_mutex_init(&in->mu, NULL);
	return in;
}

/* Drop one reference; under mu. */
static void unref(struct intake_form *cf)
{
	if (--cf->refs == 0) {
		form_free(cf->form);
		free(cf);
	}
}

/* Drop the cache's references to mf's forms and free mf; under mu. */
static void drop_mission(struct mission_forms *mf)
{
	for (size_t i = 0; i < mf->by_code.cap; i++)
		if (mf->by_code.slots[i].key)
			unref(mf->by_code.slots[i].value);
	strmap_release(&mf->by_code);
	arena_release(&mf->keys);
	free(mf);
}

void intake_free(struct intake *in)
{
	struct mission_forms *mf, *next;

	if (!in)
		return;
	for (mf = in->missions; mf; mf = next) {
		next = mf->next;
		drop_mission(mf);
	}
	pthread_mutex_destroy(&in->mu);
	free(in);
}

/* The cache of mission_id; one older than rev is dropped, and with create a
 * missing one is made.  NULL when there is none, or when the cache holds a
 * newer revision than rev.  Under mu. */
static struct mission_forms *mission_at(struct intake *in, int64_t mission_id,
                                        int64_t rev, bool create)
{
	struct mission_forms **p = &in->missions, *mf;

	while (*p && (*p)->mission_id != mission_id)
		p = &(*p)->next;
	mf = *p;
	if (mf && mf->rev > rev)
		return NULL;
	if (mf && mf->rev < rev) {
		*p = mf->next;
		drop_mission(mf);
		mf = NULL;
	}
	if (!mf && create) {
		mf = xcalloc(1, sizeof(*mf));
		mf->mission_id = mission_id;
		mf->rev = rev;
		strmap_init(&mf->by_code);
		mf->next = in->missions;
		in->missions = mf;
	}
	return mf;
}

/* The form code of mission_id for the caller, who gives it back with
 * put_form().  *out is NULL when the mission has no such form.  The store
 * is read outside the lock, so threads load different forms at once. */
static enum status get_form(struct intake *in, struct store *st, int64_t mission_id,
                            const char *code, struct intake_form **out, struct err *e)
{
	int64_t rev = registry_forms_revision(st, mission_id);
	struct mission_forms *mf;
	struct intake_form *cf;
	struct form *f = NULL;
	enum status rc;

	*out = NULL;
	if (rev < 0)
		return err_set(e, ST_DB, "cannot read the forms of the mission");
	pthread_mutex_lock(&in->mu);
	mf = mission_at(in, mission_id, rev, false);
	cf = mf ? strmap_get(&mf->by_code, code) : NULL;
	if (cf)
		cf->refs++;
	pthread_mutex_unlock(&in->mu);
	if (cf) {
		*out = cf;
		return ST_OK;
	}
	rc = form_load(st, mission_id, code, &f, e);
	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		return ST_OK;
	}
	if (rc)
		return rc;
	cf = xcalloc(1, sizeof(*cf));
	cf->form = f;
	cf->refs = 1;
	pthread_mutex_lock(&in->mu);
	mf = mission_at(in, mission_id, rev, true);
	if (mf) {
		struct intake_form *had = strmap_get(&mf->by_code, code);
		if (had) {
			unref(cf);
			cf = had;
		} else {
			strmap_add(&mf->by_code, arena_strdup(&mf->keys, code), cf, NULL);
		}
		cf->refs++;
	}
	pthread_mutex_unlock(&in->mu);
	*out = cf;
	return ST_OK;
}

static void put_form(struct intake *in, struct intake_form *cf)
{
	if (!cf)
		return;
	pthread_mutex_lock(&in->mu);
	unref(cf);
	pthread_mutex_unlock(&in->mu);
}

enum status intake_form_get(struct intake *in, struct store *st, int64_t mission_id,
                            const char *code, struct intake_form **out, struct err *e)
{
	return get_form(in, st, mission_id, code, out, e);
}

const struct form *intake_form_def(const struct intake_form *f)
{
	return f->form;
}

void intake_form_put(struct intake *in, struct intake_form *f)
{
	put_form(in, f);
}

/* ------------------------------------------------------------ the items */

void intake_item_init(struct intake_item *it)
{
	memset(it, 0, sizeof(*it));
	it->arena = (struct arena)ARENA_INIT;
	it->outcome = INTAKE_FAILED; /* until the job says otherwise */
}

void intake_item_release(struct intake_item *it)
{
	json_decref(it->problems);
	json_decref(it->alerts);
	arena_release(&it->arena);
	memset(it, 0, sizeof(*it));
}

/* Refused before or by the job. */
static bool intake_item_invalid(const struct intake_item *it)
{
	return it->refused || it->outcome == INTAKE_INVALID;
}

void intake_item_refuse(struct intake_item *it, json_t *problems)
{
	json_decref(it->problems);
	it->problems = problems ? problems : json_array();
	it->refused = true;
	it->outcome = INTAKE_INVALID;
}

enum intake_outcome intake_item_outcome(const struct intake_item *it)
{
	/* Refused with its raw text, the job's one duty was to keep it. */
	if (it->received.raw && intake_item_invalid(it) && it->job.rc)
		return INTAKE_FAILED;
	if (it->refused)
		return INTAKE_INVALID;
	if ((it->outcome == INTAKE_STORED || it->outcome == INTAKE_DUPLICATE) &&
	    it->job.rc)
		return INTAKE_FAILED;
	return it->outcome;
}

const char *intake_outcome_str(enum intake_outcome o)
{
	switch (o) {
	case INTAKE_STORED:
		return "stored";
	case INTAKE_DUPLICATE:
		return "duplicate";
	case INTAKE_INVALID:
		return "invalid";
	case INTAKE_CONFLICT:
		return "conflict";
	default:
		return "failed";
	}
}

/* ------------------------------------------------------------- checking */

static void field_problem(struct validation *v, const char *field, const char *value,
                          const char *message)
{
	json_t *j = value ? json_string(value) : NULL;
	char *text = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	struct problem p = {
	    .severity = PROBLEM_ERROR, .field = field, .value = text, .message = message};

	validation_add(v, &p);
	free(text);
	json_decref(j);
}

/* What a location of level is called in messages. */
static const char *level_words(const char *level)
{
	if (!strcmp(level, "station"))
		return "polling station";
	if (!strcmp(level, "territory"))
		return "territorial commission";
	return level;
}

/* The station must be a location of the mission at the form's level: a
 * polling station, or a commission for forms filled there (tabulation). */
static enum status check_station(struct store *st, int64_t mission_id, const char *code,
                                 const char *level, int64_t *id, struct validation *v,
                                 struct err *e)
{
	const char *is = NULL;
	enum status rc;

	if (!code) {
		field_problem(v, "station", NULL,
		              "required: the code of the polling station observed");
		return ST_OK;
	}
	rc = registry_location_key(st, mission_id, code, id, &is, e);
	if (rc)
		return rc;
	if (!*id) {
		validation_add_unknown(v, "station", code);
	} else if (strcmp(is, level)) {
		char *msg = xasprintf("\"%s\" is a %s, not a %s", code, level_words(is),
		                      level_words(level));
		field_problem(v, "station", code, msg);
		free(msg);
	}
	return ST_OK;
}

static enum status check_observer(struct store *st, int64_t mission_id, const char *code,
                                  int64_t *id, struct validation *v, struct err *e)
{
	enum status rc;

	if (!code) {
		field_problem(v, "observer", NULL, "required: the code of the observer");
		return ST_OK;
	}
	rc = registry_observer_id(st, mission_id, code, id, e);
	if (!rc && !*id)
		validation_add_unknown(v, "observer", code);
	return rc;
}

/* The fields besides the answers and the registry. */
static void check_fields(const struct submission *sub, struct validation *v)
{
	if (sub->observed_at && !text_is_datetime(sub->observed_at))
		field_problem(v, "observed_at", sub->observed_at,
		              "not an ISO 8601 date and time such as 2023-03-19T08:05 or "
		              "2023-03-19T08:05:00+05:00");
	if (sub->replaces && sub->client_id && !strcmp(sub->replaces, sub->client_id))
		field_problem(
		    v, "replaces", sub->replaces,
		    "a report cannot replace itself: give the correction a new id");
}

/* The form named by sub, validated against; *cf is NULL and a problem is
 * added when there is no such form or it cannot be used. */
static enum status check_form(struct intake *in, struct store *st, int64_t mission_id,
                              const struct submission *sub, struct intake_form **cf,
                              struct validation *v, struct err *e)
{
	char code[16];
	size_t n;
	enum status rc;

	*cf = NULL;
	memset(v, 0, sizeof(*v));
	if (!sub->form) {
		field_problem(v, "form", NULL,
		              "required: the code of the form (OP, VO, ...)");
		return ST_OK;
	}
	/* Codes are upper case; "op" is taken to mean OP. */
	n = strlen(sub->form);
	if (n < sizeof(code)) {
		memcpy(code, sub->form, n + 1);
		for (char *c = code; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	}
	if (n >= sizeof(code) || !form_code_valid(code)) {
		validation_add_unknown(v, "form", sub->form);
		return ST_OK;
	}
	rc = get_form(in, st, mission_id, code, cf, e);
	if (rc == ST_INVALID) {
		field_problem(v, "form", sub->form, e->msg);
		err_clear(e);
		return ST_OK;
	}
	if (rc)
		return rc;
	if (!*cf) {
		validation_add_unknown(v, "form", sub->form);
		return ST_OK;
	}
	validate_submission((*cf)->form, sub, NULL, v);
	return ST_OK;
}

/* ------------------------------------------------------ canonical record */

static const char *nonblank(const char *s)
{
	if (!s)
		return NULL;
	for (const char *c = s; *c; c++)
		if (!isspace((unsigned char)*c))
			return s;
	return NULL;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Feed one field to the hash: a NUL-terminated value, or a single 0x01 byte
 * for "absent", so "" and absent differ and fields cannot run together. */
static void hash_field(crypto_generichash_state *h, const char *v)
{
	static const unsigned char absent = 1;

	if (v)
		crypto_generichash_update(h, (const unsigned char *)v, strlen(v) + 1);
	else
		crypto_generichash_update(h, &absent, 1);
}

/* Hex BLAKE2b-256 of the canonical content into the item's arena: the
 * form, station, observer, observation time, canonical answers (sorted
 * compact JSON), comment and the report corrected.  Not the channel nor
 * the time of arrival, so one report sent twice is a duplicate. */
static const char *content_hash(struct intake_item *it, const struct form *f,
                                const struct submission *sub, const char *answers)
{
	unsigned char bin[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, sizeof(bin));
	hash_field(&h, f->code);
	hash_field(&h, sub->station);
	hash_field(&h, sub->observer);
	hash_field(&h, sub->observed_at);
	hash_field(&h, answers);
	hash_field(&h, nonblank(sub->comment));
	hash_field(&h, sub->replaces);
	crypto_generichash_final(&h, bin, sizeof(bin));
	sodium_bin2hex(hex, sizeof(hex), bin, sizeof(bin));
	return arena_strdup(&it->arena, hex);
}

/* Fill it->rec from an accepted validation. */
static void fill_record(struct intake_item *it, const struct form *f,
                        const struct submission *sub, const struct validation *v)
{
	struct stored_submission *r = &it->rec;
	struct arena *a = &it->arena;
	struct buf answers;
	char now[21];

	text_now_iso(now);
	r->client_id = arena_strdup(a, sub->client_id);
	r->replaces = arena_strdup(a, sub->replaces);
	r->form = arena_strdup(a, f->code);
	r->form_version = f->version;
	r->station = arena_strdup(a, sub->station);
	r->observer = arena_strdup(a, sub->observer);
	r->observed_at = arena_strdup(a, sub->observed_at);
	r->received_at = arena_strdup(a, now);
	r->channel = arena_strdup(a, sub->channel ? sub->channel : "api");
	r->sent_by = arena_strdup(a, sub->sent_by);
	r->origin = arena_strdup(a, sub->origin);
	buf_init(&answers, BUF_NO_CAP);
	if (!answers_text(v->answers, &answers))
		r->answers = arena_strndup(a, answers.ptr, answers.len);
	buf_release(&answers);
	r->comment = arena_strdup(a, nonblank(sub->comment));
	if (v->nproblems) {
		char *p = json_dumps(it->problems, JSON_COMPACT | JSON_PRESERVE_ORDER);
		r->problems = arena_strdup(a, p);
		free(p);
	}
	r->status = v->status == VALIDATION_FLAGGED ? "flagged" : "new";
	r->content_hash = content_hash(it, f, sub, r->answers);
}

enum status intake_prepare(struct intake *in, struct store *st,
                           const struct mission *mission, const struct submission *sub,
                           struct intake_item *it, struct err *e)
{
	struct intake_form *cf = NULL;
	struct validation v;
	int64_t station_id = 0, observer_id = 0;
	enum status rc;

	it->mission_id = mission->id;
	rc = check_form(in, st, mission->id, sub, &cf, &v, e);
	if (!rc)
		rc = check_station(st, mission->id, sub->station,
		                   cf ? cf->form->level : "station", &station_id, &v, e);
	if (!rc)
		rc = check_observer(st, mission->id, sub->observer, &observer_id, &v, e);
	/* Whether stored or kept refused, the report was checked against the
	 * registry as remembered: the job checks that it still is. */
	it->registry_check = registry_cache_trusted(st, &it->registry_version);
	if (rc)
		goto out;
	check_fields(sub, &v);
	json_decref(it->problems);
	it->problems = validation_to_json(&v);
	json_decref(it->alerts);
	it->alerts = v.nalerts ? validation_alerts_to_json(&v) : NULL;
	if (v.status == VALIDATION_REFUSED || !cf) {
		it->refused = true;
		it->outcome = INTAKE_INVALID;
		goto out;
	}
	fill_record(it, cf->form, sub, &v);
	it->rec.station_id = station_id;
	it->rec.observer_id = observer_id;
out:
	validation_release(&v);
	put_form(in, cf);
	return rc;
}

/* ------------------------------------------------------------ answering */

int intake_http_status(const struct intake_item *it)
{
	switch (intake_item_outcome(it)) {
	case INTAKE_STORED:
		return 201;
	case INTAKE_DUPLICATE:
		return 200;
	case INTAKE_INVALID:
		return 422;
	case INTAKE_CONFLICT:
		return 409;
	default:
		return 503;
	}
}

static json_t *problems_or_empty(const struct intake_item *it)
{
	return it->problems ? json_incref(it->problems) : json_array();
}

json_t *intake_result_json(const struct intake_item *it)
{
	enum intake_outcome o = intake_item_outcome(it);
	json_t *j = json_object();
	size_t n;

	switch (o) {
	case INTAKE_STORED:
	case INTAKE_DUPLICATE:
		json_object_set_new(j, "id", json_integer(it->rec.id));
		json_object_set_new(j, "client_id", str_or_null(it->rec.client_id));
		json_object_set_new(j, "status", json_string(it->rec.status));
		json_object_set_new(j, "version", json_integer(it->rec.version));
		json_object_set_new(j, "duplicate", json_boolean(o == INTAKE_DUPLICATE));
		json_object_set_new(j, "problems", problems_or_empty(it));
		if (o == INTAKE_STORED && it->alerts && json_array_size(it->alerts))
			json_object_set(j, "alerts", it->alerts);
		break;
	case INTAKE_INVALID:
		n = it->problems ? json_array_size(it->problems) : 0;
		json_object_set_new(
		    j, "error",
		    n ? json_sprintf("the report was refused: %zu problem%s", n,
		                     n == 1 ? "" : "s")
		      : json_string(it->job.err.msg[0] ? it->job.err.msg
		                                       : "the report was refused"));
		json_object_set_new(j, "problems", problems_or_empty(it));
		break;
	case INTAKE_CONFLICT:
		json_object_set_new(j, "error", json_string(it->job.err.msg));
		json_object_set_new(j, "problems", json_array());
		break;
	default:
		/* Say plainly that nothing was kept, so the sender retries. */
		json_object_set_new(j, "error",
		                    json_sprintf("%s; the report was not stored",
		                                 it->job.err.msg[0]
		                                     ? it->job.err.msg
		                                     : "the report could not be stored"));
		break;
	}
	return j;
}
