/* sms_intake.c - an inbound SMS from gateway to report: stored raw by a
 * first writer job (which also recognises repeats), then read and taken
 * through the intake by a second, which stores the report, the message's
 * outcome and the queued reply in one transaction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/sms_intake.h"
#include "ingest/sms_parse.h"
#include "ingest/sms_reply.h"
#include "model/phone.h"

#define FORMS_HELD 16 /* forms one message can name: it names one */

/* ------------------------------------------------------------- helpers */

const char *sms_text_key(const char *text, size_t len, struct arena *a)
{
	unsigned char bin[16];
	char *norm = arena_alloc(a, len + 1), *hex = arena_alloc(a, 2 * sizeof(bin) + 1);
	size_t n = 0;
	bool space = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = n > 0;
			continue;
		}
		if (space)
			norm[n++] = ' ';
		space = false;
		norm[n++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	crypto_generichash(bin, sizeof(bin), (const unsigned char *)norm, n, NULL, 0);
	sodium_bin2hex(hex, 2 * sizeof(bin) + 1, bin, sizeof(bin));
	return hex;
}

/* The mission's offset from UTC in minutes: settings "utc_offset"
 * ("+06:00"), else 0. */
static int utc_offset_minutes(const struct mission *m)
{
	json_t *s = m->settings ? json_loads(m->settings, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(s, "utc_offset"));
	int h = 0, min = 0, sign = 1;

	if (v && (v[0] == '+' || v[0] == '-') && strlen(v) == 6 && v[3] == ':') {
		sign = v[0] == '-' ? -1 : 1;
		h = (v[1] - '0') * 10 + (v[2] - '0');
		min = (v[4] - '0') * 10 + (v[5] - '0');
		if (h > 14 || min > 59 || v[1] < '0' || v[1] > '9' || v[2] < '0' ||
		    v[2] > '9' || v[4] < '0' || v[4] > '9' || v[5] < '0' || v[5] > '9')
			h = min = 0;
	}
	json_decref(s);
	return sign * (h * 60 + min);
}

/* Now, as "HH:MM" in the mission's local time. */
static void local_hhmm(const struct mission *m, char out[6])
{
	time_t t = time(NULL) + 60 * utc_offset_minutes(m);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 6, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* True when the text has a Cyrillic letter (U+0400..U+04FF). */
static bool has_cyrillic(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] == 0xD0 || (unsigned char)s[i] == 0xD1 ||
		    (unsigned char)s[i] == 0xD2 || (unsigned char)s[i] == 0xD3)
			return true;
	return false;
}

/* Countries where observers read Russian when nothing else is known. */
static bool russian_country(const char *cc)
{
	static const char *const ru[] = {"KZ", "RU", "BY", "KG", "TJ", "UZ",
	                                 "TM", "AM", "AZ", "MD", NULL};

	for (size_t i = 0; cc && ru[i]; i++)
		if (!strcmp(cc, ru[i]))
			return true;
	return false;
}

/* The language of the replies: the observer's first language that replies
 * are written in, else Russian for Cyrillic text or a mission in a
 * Russian-reading country, else English. */
static const char *reply_language(const char *languages, const struct mission *m,
                                  const char *text, size_t len)
{
	const char *p = languages;

	while (p && *p) {
		if (!strncmp(p, "ru", 2) && (p[2] == ';' || !p[2]))
			return "ru";
		if (!strncmp(p, "en", 2) && (p[2] == ';' || !p[2]))
			return "en";
		p = strchr(p, ';');
		p = p ? p + 1 : NULL;
	}
	if (has_cyrillic(text, len) || russian_country(m->country))
		return "ru";
	return "en";
}

/* ------------------------------------------------- forms for the parser */

struct held_forms {
	struct intake *in;
	struct store *st;
	int64_t mission_id;
	struct intake_form *f[FORMS_HELD];
	size_t n;
};

static const struct form *form_by_code(void *ctx, const char *code)
{
	struct held_forms *h = ctx;
	struct intake_form *f = NULL;
	struct err e;

	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(intake_form_def(h->f[i])->code, code))
			return intake_form_def(h->f[i]);
	if (h->n == FORMS_HELD ||
	    intake_form_get(h->in, h->st, h->mission_id, code, &f, &e) || !f)
		return NULL;
	h->f[h->n++] = f;
	return intake_form_def(f);
}

static void forms_put(struct held_forms *h)
{
	for (size_t i = 0; i < h->n; i++)
		intake_form_put(h->in, h->f[i]);
	h->n = 0;
}

/* ---------------------------------------------------- one message's state */

struct sms_work {
	const struct mission *m;
	const struct sms_inbound *msg;
	struct sms_result *out;
	const char *phone; /* E.164, or the sender as given */
	const char *lang;
	const char *text_key;
	struct held_forms forms;
	struct sms_reading reading;
	struct intake_item it;
	bool have_item;
	const char *codes[FORMS_HELD]; /* the mission's form codes, for replies */
	size_t ncodes;
	bool codes_read;
};

static enum status add_code(void *ctx, const struct form_record *f)
{
	struct sms_work *w = ctx;

	if (w->ncodes < FORMS_HELD)
		w->codes[w->ncodes++] = arena_strdup(&w->out->arena, f->code);
	return ST_OK;
}

/* The mission's form codes, which only a reply naming problems lists:
 * read then, not for every message.  Without them (the store failed) the
 * reply names the problems without the list. */
static void read_codes(struct sms_work *w)
{
	struct err e;

	if (w->codes_read)
		return;
	w->codes_read = true;
	err_clear(&e);
	if (store_form_list(w->forms.st, w->m->id, add_code, w, &e))
		w->ncodes = 0;
}

/* The reading's problems as intake problems: {"field": "sms", "kind",
 * "tag", "value", "message", "severity": "error", "pos"}. */
static json_t *reading_problems(const struct sms_reading *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nproblems; i++) {
		const struct sms_problem *p = &r->problems[i];
		char *msg = sms_problem_text(r, p, "en");
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "field", "sms", "kind",
		                      sms_problem_kind_str(p->kind), "message", msg,
		                      "severity", "error", "pos", (json_int_t)p->pos);

		if (p->tag)
			json_object_set_new(o, "tag", json_string(p->tag));
		if (p->text)
			json_object_set_new(o, "value", json_string(p->text));
		json_array_append_new(a, o);
		free(msg);
	}
	return a;
}

/* Read the text and prepare the report's item (refused when the reading
 * or the validation found problems); observer is the sender's code. */
static enum status prepare(struct intake *in, struct store *st, struct sms_work *w,
                           const char *observer, struct err *e)
{
	struct submission sub = {0};
	char hhmm[6], now[21];
	enum status rc;

	local_hhmm(w->m, hhmm);
	rc = sms_parse(w->msg->text, w->msg->len,
	               &(struct sms_forms){form_by_code, &w->forms}, hhmm, &w->reading);
	if (rc)
		return err_set(e, rc, "reading the message");
	w->out->reading = sms_reading_to_json(&w->reading);
	intake_item_init(&w->it);
	w->have_item = true;
	{
		/* Kept as valid UTF-8, as the message is (sms_reception_begin). */
		char *kept = utf8_scrub(w->msg->text, w->msg->len,
		                        arena_alloc(&w->out->arena, w->msg->len + 1));
		intake_item_keep(&w->it, "sms", observer, kept, strlen(kept));
	}
	if (w->reading.nproblems) {
		intake_item_refuse(&w->it, reading_problems(&w->reading));
		w->it.mission_id = w->m->id;
		return ST_OK;
	}
	text_now_iso(now);
	sub.form = w->reading.form->code;
	sub.station = w->reading.station;
	sub.observer = observer;
	sub.observed_at = w->msg->sent_at ? w->msg->sent_at : now;
	sub.answers = w->reading.answers;
	sub.comment = w->reading.comment;
	sub.channel = "sms";
	{
		size_t n = strlen(w->phone ? w->phone : "") + 5;
		char *by = arena_alloc(&w->out->arena, n);

		snprintf(by, n, "sms:%s", w->phone ? w->phone : "");
		sub.sent_by = by;
	}
	sub.origin = w->msg->origin;
	rc = intake_prepare(in, st, w->m, &sub, &w->it, e);
	if (!rc && !w->it.refused && w->msg->received_at)
		w->it.rec.received_at = arena_strdup(&w->it.arena, w->msg->received_at);
	return rc;
}

/* ------------------------------------------------------------ the jobs */

/* First job: the message, stored raw (unless it is stored already, its
 * reading interrupted by a stop); a gateway's retry or the observer's
 * repeat recognised. */
struct store_job {
	struct writer_job base;
	int64_t mission_id;
	struct sms_in_row row;
	const char *since;
	bool resume;             /* row.id is stored: only look for a repeat */
	bool answered;           /* the gateway sent this id before, answered */
	struct sms_in_row first; /* then: that message as stored */
	bool repeat;             /* the observer sent this text before */
	struct sms_in_row prior; /* then: the earlier message */
	struct arena *a;
};

static enum status run_store(struct store *st, struct writer_job *job)
{
	struct store_job *j = (struct store_job *)job;
	enum status rc = ST_OK;

	if (!j->resume)
		rc = store_sms_in_add(st, j->mission_id, &j->row, &job->err);
	if (rc == ST_EXISTS) {
		/* Sent again by the gateway: answered already, or still to be
		 * read (interrupted, or being read by another request, which
		 * the second job tells). */
		err_clear(&job->err);
		rc = store_sms_in_get(st, j->mission_id, j->row.id, j->a, &j->first,
		                      &job->err);
		j->answered = !rc && strcmp(j->first.status, "received");
		if (rc || j->answered)
			return rc;
	}
	if (rc)
		return rc;
	rc = store_sms_in_recent(st, j->mission_id, j->row.phone, j->row.text_key,
	                         j->since, j->row.id, j->a, &j->prior, &job->err);
	if (rc == ST_NOT_FOUND) {
		err_clear(&job->err);
		return ST_OK;
	}
	j->repeat = !rc;
	return rc;
}

/* Second job: the report (when there is one), the message's outcome and
 * the reply, in one transaction. */
struct finish_job {
	struct writer_job base;
	struct sms_work *w;
	struct sms_in_row fin;
	bool queue_reply;
	int64_t repeats;         /* the message the observer repeats, or 0 */
	bool taken;              /* another reading of the message finished first */
	struct sms_in_row first; /* then: the message as that reading left it */
};

/* The outcome of the item once its job ran: status, report, reply. */
static void conclude(struct sms_work *w, struct sms_in_row *fin)
{
	struct sms_result *out = w->out;
	struct intake_item *it = &w->it;
	enum intake_outcome o = it->refused ? INTAKE_INVALID : it->outcome;
	struct sms_receipt receipt = {
	    .form = w->reading.form_code,
	    .station = w->reading.station,
	    .nanswers = w->reading.answers ? json_object_size(w->reading.answers) : 0,
	    .report = it->rec.id,
	    .flagged = it->rec.status && !strcmp(it->rec.status, "flagged"),
	};

	json_decref(out->problems);
	out->problems = it->problems ? json_incref(it->problems) : json_array();
	switch (o) {
	case INTAKE_STORED:
		out->status = "accepted";
		out->submission_id = it->rec.id;
		out->flagged = receipt.flagged;
		out->reply = sms_reply_accepted(&receipt, w->lang);
		break;
	case INTAKE_DUPLICATE:
		out->status = "duplicate";
		out->submission_id = it->rec.id;
		out->reply = sms_reply_duplicate(&receipt, w->lang);
		break;
	default:
		out->status = "rejected";
		read_codes(w);
		/* The reading's own problems are the reading's; validation's
		 * come in the item (which repeats the reading's when it has
		 * them, refused before validation). */
		out->reply = sms_reply_problems(
		    &w->reading, w->reading.nproblems ? NULL : it->problems, w->codes,
		    w->ncodes, w->lang);
		break;
	}
	fin->status = out->status;
	fin->submission_id = out->submission_id;
	fin->problems = NULL;
	if (json_array_size(out->problems)) {
		char *text = json_dumps(out->problems, JSON_COMPACT);

		fin->problems = arena_strdup(&out->arena, text);
		free(text);
	}
}

/* The observer sent the text before: kept, acknowledged, not counted,
 * and not answered again (the first reply is on its way).  Its report is
 * the earlier message's, once that has been read. */
static enum status conclude_repeat(struct store *st, struct finish_job *j, struct err *e)
{
	struct sms_work *w = j->w;
	struct sms_result *out = w->out;
	struct sms_in_row prior;
	enum status rc;

	rc = store_sms_in_get(st, w->m->id, j->repeats, &out->arena, &prior, e);
	if (rc)
		return rc;
	out->status = "duplicate";
	out->duplicate_of = prior.id;
	out->submission_id = prior.submission_id;
	out->no_reply = true;
	free(out->reply);
	out->reply =
	    sms_reply_duplicate(&(struct sms_receipt){.form = w->reading.form_code,
	                                              .station = w->reading.station,
	                                              .report = prior.submission_id},
	                        w->lang);
	j->fin.status = "duplicate";
	j->fin.duplicate_of = prior.id;
	j->fin.submission_id = prior.submission_id;
	return ST_OK;
}

static enum status run_finish(struct store *st, struct writer_job *job)
{
	struct finish_job *j = (struct finish_job *)job;
	struct sms_work *w = j->w;
	enum status rc;

	/* A gateway's retries can be read side by side: the first to finish
	 * gives the answer, and the others repeat it. */
	rc = store_sms_in_get(st, w->m->id, j->fin.id, &w->out->arena, &j->first,
	                      &job->err);
	if (rc)
		return rc;
	if (strcmp(j->first.status, "received")) {
		j->taken = true;
		return ST_OK;
	}
	if (j->repeats) {
		rc = conclude_repeat(st, j, &job->err);
		if (rc)
			return rc;
	} else if (w->have_item) {
		struct writer_job *ij = intake_job(&w->it);

		rc = store_savepoint(st, &job->err);
		if (rc)
			return rc;
		rc = store_release(st, ij->run(st, ij));
		if (w->it.outcome == INTAKE_FAILED && !w->it.refused) {
			job->err = ij->err;
			return rc ? rc : err_set(&job->err, ST_DB, "storing the report");
		}
		if (w->it.refused && w->it.received.raw && !w->it.received.id) {
			job->err = ij->err;
			return rc ? rc : err_set(&job->err, ST_DB, "keeping the message");
		}
		conclude(w, &j->fin);
	}
	j->fin.reply = w->out->reply;
	rc = store_sms_in_finish(st, w->m->id, &j->fin, &job->err);
	if (!rc && j->queue_reply && w->out->reply) {
		struct sms_out_row r = {
		    .phone = w->phone,
		    .observer = w->out->observer,
		    .text = w->out->reply,
		    .kind = "reply",
		    .reply_to = j->fin.id,
		};
		rc = store_sms_out_add(st, w->m->id, &r, &job->err);
		w->out->reply_id = r.id;
	}
	return rc;
}

/* ------------------------------------------------------------- receive */

static void result_init(struct sms_result *out)
{
	memset(out, 0, sizeof(*out));
	out->status = "failed";
	out->problems = json_array();
}

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; now when s is NULL
 * or unreadable. */
static long long seconds_of(const char *s)
{
	struct tm tm = {0};
	int n = 0;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    !n || s[n])
		return (long long)time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* Since when a repeat counts: the time the message was received (now,
 * unless the gateway says) less the mission's window. */
static const char *window_start(struct store *st, const struct mission *m,
                                const char *received_at, struct arena *a)
{
	struct sms_config c = {0};
	struct err e;
	int64_t hours = SMS_DUPLICATE_HOURS;
	char *since = arena_alloc(a, 21);

	if (!store_sms_config_get(st, m->id, a, &c, &e) && c.duplicate_hours > 0)
		hours = c.duplicate_hours;
	text_time_iso(seconds_of(received_at) - hours * 3600, since);
	return since;
}

/* The sender's number in E.164 when it reads as one, else as given. */
static const char *sender_phone(const struct mission *m, const char *from,
                                struct arena *a)
{
	char e164[PHONE_MAX];
	struct err e;

	if (from && !phone_normalise(from, m->country, e164, &e))
		return arena_strdup(a, e164);
	return arena_strdup(a, from && *from ? from : "unknown");
}

/* The sender's observer code and languages, or NULL when unknown. */
static enum status find_sender(struct store *st, const struct mission *m,
                               struct sms_work *w, struct err *e)
{
	struct sms_result *out = w->out;
	struct observer o = {0};
	const char *code = NULL;
	enum status rc;

	rc = store_observer_by_phone(st, m->id, w->phone, &out->arena, &code, e);
	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		w->lang = reply_language(NULL, m, w->msg->text, w->msg->len);
		return ST_OK;
	}
	if (rc)
		return rc;
	rc = store_observer_get(st, m->id, code, &out->arena, &o, e);
	if (rc)
		return rc;
	out->observer = o.code;
	w->lang = reply_language(o.languages, m, w->msg->text, w->msg->len);
	return ST_OK;
}

static void work_release(struct sms_work *w)
{
	if (w->have_item)
		intake_item_release(&w->it);
	sms_reading_release(&w->reading);
	forms_put(&w->forms);
}

/* The answer to a message the gateway sent again after it was answered:
 * the first reply again (sent only when the first was), nothing stored. */
static void answer_again(struct sms_result *out, const struct sms_in_row *first)
{
	out->status = "duplicate";
	out->message_id = first->id;
	out->duplicate_of = first->id;
	out->submission_id = first->submission_id;
	out->reply_id = 0;
	out->no_reply = first->duplicate_of != 0;
	free(out->reply);
	out->reply = xstrdup(first->reply ? first->reply : "");
	json_decref(out->problems);
	out->problems = json_array();
}

/* ------------------------------------------------------ one reception */

/* One message's reception: what is read before the writer, and the one
 * writer job that stores the message and reads it (sms_intake.h). */
struct sms_reception {
	struct writer_job job; /* first */
	struct intake *in;
	struct mission m;
	struct sms_inbound msg;
	struct sms_work w;
	struct store_job sj;
	struct finish_job fj;
	bool read_failed; /* stored, but reading it failed: rolled back */
	struct err read_err;
	void *owner;
};

/* In the writer: after the message is stored, the decision of what it is
 * and the reading of it, with the report, outcome and reply. */
static enum status read_message(struct store *st, struct sms_reception *rx)
{
	struct sms_work *w = &rx->w;
	struct sms_result *out = w->out;
	struct finish_job *fj = &rx->fj;
	enum status rc;

	fj->w = w;
	fj->fin = (struct sms_in_row){.id = rx->sj.row.id, .observer = out->observer};
	w->forms.st = st;
	if (rx->sj.repeat) {
		char hhmm[6];

		/* Read only to name the form and station in the answer. */
		local_hhmm(w->m, hhmm);
		sms_parse(w->msg->text, w->msg->len,
		          &(struct sms_forms){form_by_code, &w->forms}, hhmm,
		          &w->reading);
		out->reading = sms_reading_to_json(&w->reading);
		fj->repeats = rx->sj.prior.id;
	} else if (!out->observer) {
		out->status = "unknown_sender";
		out->reply = sms_reply_unknown_sender(w->lang);
		fj->fin.status = "unknown_sender";
		fj->queue_reply = !w->msg->reply_inline;
	} else {
		rc = prepare(rx->in, st, w, out->observer, &rx->read_err);
		if (rc)
			return rc;
		fj->queue_reply = !w->msg->reply_inline;
	}
	rc = run_finish(st, &fj->base);
	if (rc)
		rx->read_err = fj->base.err;
	return rc;
}

/* The writer job: the message stored raw, then read in a savepoint of
 * its own, so that a failure in reading it leaves it stored, marked
 * received, to be read again when the gateway retries. */
static enum status run_reception(struct store *st, struct writer_job *job)
{
	struct sms_reception *rx = (struct sms_reception *)job;
	enum status rc;

	rc = run_store(st, &rx->sj.base);
	if (rc) {
		job->err = rx->sj.base.err;
		return rc;
	}
	if (rx->sj.answered)
		return ST_OK;
	rc = store_savepoint(st, &job->err);
	if (rc)
		return rc;
	err_clear(&rx->read_err);
	if (store_release(st, read_message(st, rx))) {
		rx->read_failed = true;
		if (!rx->read_err.code)
			err_set(&rx->read_err, ST_DB, "reading the message");
	}
	return ST_OK;
}

enum status sms_reception_begin(struct intake *in, struct store *st,
                                const struct mission *m, const struct sms_inbound *msg,
                                int64_t resume, struct sms_result *out,
                                struct sms_reception **rxp, struct err *e)
{
	struct sms_reception *rx = xcalloc(1, sizeof(*rx));
	struct sms_work *w = &rx->w;
	enum status rc;
	char *text;

	*rxp = rx;
	rx->in = in;
	rx->m = *m;
	rx->msg = *msg;
	rx->job.run = run_reception;
	result_init(out);
	*w = (struct sms_work){.m = &rx->m, .msg = &rx->msg, .out = out};
	w->forms = (struct held_forms){.in = in, .st = st, .mission_id = m->id};
	w->phone = sender_phone(m, msg->from, &out->arena);
	/* Kept as valid UTF-8, as PostgreSQL requires of text: a byte that
	 * is not becomes '?', as listings showed it already.  It is read as
	 * it came (such bytes are stray text, not answers). */
	text = utf8_scrub(msg->text, msg->len, arena_alloc(&out->arena, msg->len + 1));
	w->text_key = sms_text_key(text, strlen(text), &out->arena);
	rc = find_sender(st, m, w, e);
	if (rc) {
		out->reply = sms_reply_failed(w->lang ? w->lang : "en");
		if (e->msg[0])
			out->error = arena_strdup(&out->arena, e->msg);
		return rc;
	}
	rx->sj.mission_id = m->id;
	rx->sj.a = &out->arena;
	rx->sj.since = window_start(st, m, msg->received_at, &out->arena);
	rx->sj.row = (struct sms_in_row){
	    .id = resume,
	    .gateway = msg->gateway,
	    .gateway_id = msg->gateway_id,
	    .phone = w->phone,
	    .observer = out->observer,
	    .text = text,
	    .received_at = msg->received_at,
	    .text_key = w->text_key,
	};
	rx->sj.resume = resume != 0;
	return ST_OK;
}

struct writer_job *sms_reception_job(struct sms_reception *rx)
{
	return &rx->job;
}

struct sms_reception *sms_reception_of(struct writer_job *job)
{
	return (struct sms_reception *)job;
}

void sms_reception_set_owner(struct sms_reception *rx, void *owner)
{
	rx->owner = owner;
}

void *sms_reception_owner(const struct sms_reception *rx)
{
	return rx->owner;
}

enum status sms_reception_end(struct sms_reception *rx, struct err *e)
{
	struct sms_result *out = rx->w.out;
	enum status rc = ST_OK;

	if (rx->job.rc) {
		rc = rx->job.rc;
		*e = rx->job.err;
	} else if (rx->read_failed) {
		rc = rx->read_err.code ? rx->read_err.code : ST_DB;
		*e = rx->read_err;
	}
	if (rc) {
		/* Rolled back: no report, no reply queued; a message stored
		 * stays received, to be read again when the gateway retries. */
		out->status = "failed";
		out->message_id = rx->job.rc ? 0 : rx->sj.row.id;
		out->submission_id = out->duplicate_of = out->reply_id = 0;
		free(out->reply);
		out->reply = sms_reply_failed(rx->w.lang ? rx->w.lang : "en");
		if (e->msg[0])
			out->error = arena_strdup(&out->arena, e->msg);
		return rc;
	}
	out->message_id = rx->sj.row.id;
	if (rx->sj.answered)
		answer_again(out, &rx->sj.first);
	else if (rx->fj.taken)
		answer_again(out, &rx->fj.first);
	return ST_OK;
}

void sms_reception_free(struct sms_reception *rx)
{
	if (!rx)
		return;
	work_release(&rx->w);
	free(rx);
}

/* Receive msg; resume: the message stored already as message resume,
 * whose reading was interrupted (0: a new message). */
static enum status receive(struct intake *in, struct store *st, struct writer *wr,
                           const struct mission *m, const struct sms_inbound *msg,
                           int64_t resume, struct sms_result *out, struct err *e)
{
	struct sms_reception *rx;
	enum status rc;

	rc = sms_reception_begin(in, st, m, msg, resume, out, &rx, e);
	if (!rc) {
		writer_run(wr, sms_reception_job(rx));
		rc = sms_reception_end(rx, e);
	}
	sms_reception_free(rx);
	return rc;
}

enum status sms_receive(struct intake *in, struct store *st, struct writer *w,
                        const struct mission *m, const struct sms_inbound *msg,
                        struct sms_result *out, struct err *e)
{
	return receive(in, st, w, m, msg, 0, out, e);
}

enum status sms_resume(struct intake *in, struct store *st, struct writer *w,
                       const struct mission *m, const struct sms_in_row *row,
                       struct sms_result *out, struct err *e)
{
	struct sms_inbound msg = {
	    .gateway = row->gateway,
	    .gateway_id = row->gateway_id,
	    .from = row->phone,
	    .text = row->text ? row->text : "",
	    .len = row->text ? strlen(row->text) : 0,
	};

	return receive(in, st, w, m, &msg, row->id, out, e);
}

enum status sms_preview(struct intake *in, struct store *st, const struct mission *m,
                        const struct sms_inbound *msg, struct sms_result *out,
                        struct err *e)
{
	struct sms_work w = {.m = m, .msg = msg, .out = out};
	enum status rc;

	result_init(out);
	w.forms = (struct held_forms){.in = in, .st = st, .mission_id = m->id};
	w.phone = sender_phone(m, msg->from, &out->arena);
	rc = find_sender(st, m, &w, e);
	if (!rc && !out->observer) {
		out->status = "unknown_sender";
		out->reply = sms_reply_unknown_sender(w.lang);
	} else if (!rc) {
		rc = prepare(in, st, &w, out->observer, e);
		if (!rc) {
			struct sms_in_row fin = {0};

			/* As if stored: a new report would get a number. */
			w.it.outcome = w.it.refused ? INTAKE_INVALID : INTAKE_STORED;
			conclude(&w, &fin);
		}
	}
	if (rc && !out->reply)
		out->reply = sms_reply_failed(w.lang ? w.lang : "en");
	work_release(&w);
	return rc;
}

void sms_result_release(struct sms_result *r)
{
	free(r->reply);
	json_decref(r->problems);
	json_decref(r->reading);
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

json_t *sms_result_json(const struct sms_result *r)
{
	json_t *j = json_pack("{s:s, s:s, s:O}", "status", r->status, "reply",
	                      r->reply ? r->reply : "", "problems", r->problems);

	json_object_set_new(j, "message",
	                    r->message_id ? json_integer(r->message_id) : json_null());
	json_object_set_new(j, "submission",
	                    r->submission_id ? json_integer(r->submission_id)
	                                     : json_null());
	json_object_set_new(j, "observer",
	                    r->observer ? json_string(r->observer) : json_null());
	if (r->duplicate_of)
		json_object_set_new(j, "duplicate_of", json_integer(r->duplicate_of));
	if (r->error)
		json_object_set_new(j, "error",
		                    json_sprintf("%s; the message was not read, send it "
		                                 "again",
		                                 r->error));
	return j;
}
