/* demo_sms.c - the demo's coded SMS: the reports of SMS teams composed as
 * an observer types them, with the slips phones and thumbs make, and
 * received as a gateway's messages are; then a few messages that are no
 * report (a mistyped one, a number the mission does not know, a message
 * sent twice, a question). */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_reports_int.h"
#include "core/alloc.h"
#include "ingest/intake.h"
#include "ingest/sms_compose.h"
#include "ingest/sms_intake.h"

#define STRANGER "+77015550199" /* a number no observer has */

/* The observer's first phone number, in a. */
static const char *phone_of(struct store *st, const struct mission *m, const char *code,
                            struct arena *a, struct err *e)
{
	struct observer o = {0};
	const char *semi;

	if (store_observer_get(st, m->id, code, a, &o, e))
		return NULL;
	if (!o.phones) {
		err_set(e, ST_INTERNAL, "demo SMS team reporter %s has no phone", code);
		return NULL;
	}
	semi = strchr(o.phones, ';');
	return semi ? arena_strndup(a, o.phones, (size_t)(semi - o.phones)) : o.phones;
}

/* Latin capitals that have a Cyrillic twin, and the twin in UTF-8. */
static const char *cyrillic_twin(char c)
{
	static const char latin[] = "ABCEHKMOPTX";
	static const char *const twin[] = {"А", "В", "С", "Е", "Н", "К",
	                                   "М", "О", "Р", "Т", "Х"};
	const char *p = strchr(latin, c);

	return c && p ? twin[p - latin] : NULL;
}

char *demo_sms_typed(const char *text, unsigned style)
{
	size_t n = strlen(text);
	char *out = xmalloc(2 * n + 1), *o = out;
	const char *hash = strchr(text, '#');
	int spaces = 0;

	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		bool in_comment = hash && text + i >= hash;
		const char *tw;

		spaces += c == ' ';
		if (style == 1 && !in_comment && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (style == 2 && !in_comment && c == ' ' && spaces > 2 && i > 0 &&
		    text[i - 1] >= '0' && text[i - 1] <= '9' && text[i + 1] >= 'A' &&
		    text[i + 1] <= 'Z')
			continue;
		if (style == 3 && spaces == 0 && (tw = cyrillic_twin(c)) != NULL) {
			memcpy(o, tw, strlen(tw));
			o += strlen(tw);
			continue;
		}
		*o++ = c;
	}
	*o = '\0';
	return out;
}

/* The text report i's phone sends. */
static enum status compose(struct demo_reports *d, size_t i, struct store *st,
                           const struct mission *m, struct intake *in, char **text,
                           struct err *e)
{
	const struct report *r = &d->reports[i];
	struct intake_form *f = NULL;
	char *plain = NULL;
	enum status rc;

	rc = intake_form_get(in, st, m->id, r->sub.form, &f, e);
	if (!rc && !f)
		rc = err_set(e, ST_INTERNAL, "demo SMS: no form %s", r->sub.form);
	if (!rc)
		rc = sms_compose(intake_form_def(f), r->sub.station, r->answers,
		                 r->sub.comment, &plain, e);
	intake_form_put(in, f);
	if (rc)
		return rc;
	*text = demo_sms_typed(plain, (unsigned)(i % 4));
	free(plain);
	return ST_OK;
}

/* Receive text from phone as the generic gateway would hand it over. */
static enum status receive(const char *phone, const char *text, const char *sent_at,
                           struct store *st, const struct mission *m, struct intake *in,
                           struct writer *w, struct sms_result *res, struct err *e)
{
	struct sms_inbound msg = {
	    .gateway = "generic",
	    .from = phone,
	    .text = text,
	    .len = strlen(text),
	    .sent_at = sent_at,
	};

	return sms_receive(in, st, w, m, &msg, res, e);
}

enum status demo_sms_send(struct demo_reports *d, size_t i, struct store *st,
                          const struct mission *m, struct intake *in, struct writer *w,
                          bool *stored, struct err *e)
{
	struct report *r = &d->reports[i];
	struct report *orig = r->kind == ORIGINAL ? r : &d->reports[r->of];
	struct sms_result res = {0};
	struct arena a = ARENA_INIT;
	const char *phone = phone_of(st, m, d->teams[r->team].reporter, &a, e);
	char *text = NULL;
	enum status rc = phone ? compose(d, i, st, m, in, &text, e) : e->code;

	if (!rc)
		rc = receive(phone, text, r->sub.observed_at, st, m, in, w, &res, e);
	if (!rc && strcmp(res.status, "accepted") && strcmp(res.status, "duplicate"))
		rc = err_set(e, ST_INTERNAL, "demo SMS \"%s\": %s: %s", text, res.status,
		             res.reply ? res.reply : "");
	if (!rc) {
		*stored = !strcmp(res.status, "accepted");
		if (*stored) {
			orig->id = res.submission_id;
			orig->flagged = res.flagged;
		}
	}
	sms_result_release(&res);
	free(text);
	arena_release(&a);
	return rc;
}

/* Send text from phone and check it was taken as want. */
static enum status extra(const char *phone, const char *text, const char *sent_at,
                         const char *want, struct store *st, const struct mission *m,
                         struct intake *in, struct writer *w, struct err *e)
{
	struct sms_result res = {0};
	enum status rc = receive(phone, text, sent_at, st, m, in, w, &res, e);

	if (!rc && strcmp(res.status, want))
		rc = err_set(e, ST_INTERNAL, "demo SMS \"%s\": %s, not %s", text,
		             res.status, want);
	sms_result_release(&res);
	return rc;
}

enum status demo_sms_extras(struct demo_reports *d, struct store *st,
                            const struct mission *m, struct intake *in, struct writer *w,
                            struct demo_sent *sent, struct err *e)
{
	struct arena a = ARENA_INIT;
	int slips = 0, repeats = 0, incidents = 0;
	enum status rc = ST_OK;

	for (size_t i = 0;
	     i < d->nreports && !rc && (slips < 4 || repeats < 3 || !incidents); i++) {
		const struct report *r = &d->reports[i];
		const char *phone;
		char *text = NULL, *slip;

		if (r->kind != ORIGINAL || strcmp(r->sub.channel, "sms"))
			continue;
		phone = phone_of(st, m, d->teams[r->team].reporter, &a, e);
		if (!phone)
			return e->code;
		if (!strcmp(r->sub.form, "VO") && slips < 4) {
			/* A thumb slips: a 7 for a yes, a tag the form lacks. */
			slip =
			    xasprintf(slips % 2 ? "VO %s A7 B1 Z3" : "VO %s A1 B1 Q1 Z3",
			              r->sub.station);
			rc = extra(phone, slip, r->sub.observed_at, "rejected", st, m, in,
			           w, e);
			free(slip);
			slips++;
		} else if (!incidents && !strcmp(r->sub.form, "CO")) {
			/* Seen at the count, told in a few words. */
			slip =
			    xasprintf("IN %s 6 B2 D2040 # Two men from the akimat stayed "
			              "at the count and told the members what to write",
			              r->sub.station);
			rc = extra(phone, slip, r->sub.observed_at, "accepted", st, m, in,
			           w, e);
			free(slip);
			sent->sent++;
			sent->stored++;
			incidents++;
		} else if (repeats < 3 &&
		           (!strcmp(r->sub.form, "OP") || !strcmp(r->sub.form, "CO"))) {
			/* No reply yet, so the observer sends it again. */
			rc = compose(d, i, st, m, in, &text, e);
			if (!rc)
				rc = extra(phone, text, r->sub.observed_at, "duplicate",
				           st, m, in, w, e);
			free(text);
			repeats++;
		}
	}
	if (!rc)
		rc = extra(STRANGER, "OP 01-0001 A1 B0800 Z4", NULL, "unknown_sender", st,
		           m, in, w, e);
	if (!rc)
		rc = extra(STRANGER, "Здравствуйте, как отправить отчёт?", NULL,
		           "unknown_sender", st, m, in, w, e);
	arena_release(&a);
	return rc;
}
