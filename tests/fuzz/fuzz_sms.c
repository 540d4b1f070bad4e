/* fuzz_sms.c - libFuzzer target for SMS reports: arbitrary bytes read
 * against the shipped forms (PR with a ballot), with checks of what the
 * reader promises: problems within the message and within their limit,
 * text that is UTF-8, answers already canonical that validation takes as
 * they are, and replies in English and Russian that fit one SMS. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/sms_parse.h"
#include "ingest/sms_reply.h"
#include "ingest/sms_text.h"
#include "model/forms_builtin.h"
#include "model/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static struct form *forms[16];
static size_t nforms;
static const char *codes[16];

static void load_forms(void)
{
	static const struct ballot_choice ballot[] = {
	    {1, "AMANAT", "Amanat", "party"},
	    {2, "AKZHOL", "Ak Zhol", "party"},
	    {3, "AUYL", "Auyl", "party"},
	    {4, "AGAINST", "Against all", "against_all"},
	};

	if (nforms)
		return;
	for (size_t i = 0; forms_builtin_code(i) && nforms < 16; i++) {
		struct form_problems p = FORM_PROBLEMS_INIT;
		const char *json = forms_builtin_json(forms_builtin_code(i));
		struct form *f = NULL;
		check(form_parse(json, strlen(json), &f, &p) == ST_OK);
		form_problems_release(&p);
		if (f->choices) {
			struct form *with = NULL;
			struct err e;
			check(form_apply_choices(f, ballot, 4, &with, &e) == ST_OK);
			form_free(f);
			f = with;
		}
		codes[nforms] = f->code;
		forms[nforms++] = f;
	}
	check(nforms > 0);
}

static const struct form *by_code(void *ctx, const char *code)
{
	check(form_code_valid(code));
	for (size_t i = 0; i < nforms; i++)
		if (!strcmp(forms[i]->code, code))
			return forms[i];
	return NULL;
}

static void text_ok(const char *s)
{
	if (s)
		check(utf8_valid(s, strlen(s)));
}

static void reply_ok(char *s)
{
	check(s != NULL);
	text_ok(s);
	check(sms_text_fits(s, strlen(s)));
	free(s);
}

/* Each answer is canonical: normalised again it stays the same. */
static void answers_ok(const struct sms_reading *r)
{
	const char *tag;
	json_t *v;

	json_object_foreach(r->answers, tag, v)
	{
		const struct form_question *q = form_question(r->form, tag);
		json_t *again = NULL;
		struct err e;
		check(q != NULL && !strcmp(q->tag, tag));
		check(form_answer_normalise(q, v, &again, &e) == ST_OK);
		check(again && json_equal(again, v));
		json_decref(again);
	}
}

static void validated(const struct sms_reading *r)
{
	struct submission s = {.form = r->form->code,
	                       .station = r->station,
	                       .answers = r->answers,
	                       .comment = r->comment};
	struct validation v;
	json_t *j;

	validate_submission(r->form, &s, NULL, &v);
	for (size_t i = 0; i < v.nproblems; i++) {
		/* the reader already said what validation could say about answers */
		if (!r->nproblems)
			check(v.problems[i].severity != PROBLEM_ERROR);
	}
	j = validation_to_json(&v);
	reply_ok(sms_reply_problems(r, j, codes, nforms, "en"));
	reply_ok(sms_reply_problems(r, j, codes, nforms, "ru"));
	json_decref(j);
	validation_release(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_forms f = {by_code, NULL};
	struct sms_reading r;
	size_t limit = size < SMS_PARSE_MAX ? size : SMS_PARSE_MAX;
	json_t *j;

	load_forms();
	check(sms_parse((const char *)data, size, &f, size % 2 ? "07:05" : NULL, &r) ==
	      ST_OK);
	check(r.nproblems <= SMS_PROBLEMS_MAX);
	for (size_t i = 0; i < r.nproblems; i++) {
		check(r.problems[i].pos <= limit);
		text_ok(r.problems[i].tag);
		text_ok(r.problems[i].text);
		check(strcmp(sms_problem_kind_str(r.problems[i].kind), "unknown") != 0);
	}
	text_ok(r.form_code);
	text_ok(r.station);
	text_ok(r.comment);
	check(json_is_object(r.answers));
	if (r.form)
		answers_ok(&r);
	else
		check(json_object_size(r.answers) == 0);
	if (r.form)
		validated(&r);
	reply_ok(sms_reply_problems(&r, NULL, codes, nforms, "en"));
	reply_ok(sms_reply_problems(&r, NULL, NULL, 0, "ru"));
	j = sms_reading_to_json(&r);
	check(json_array_size(json_object_get(j, "problems")) == r.nproblems);
	json_decref(j);
	sms_reading_release(&r);

	/* the length functions take any bytes; a text cut to fit stays UTF-8 */
	{
		struct sms_size z;
		char *s = xstrndup((const char *)data, size), *fit;
		sms_text_size((const char *)data, size, &z);
		check(z.segments >= 1);
		fit = sms_text_fit(s);
		check(sms_text_fits(fit, strlen(fit)));
		if (utf8_valid(s, strlen(s)))
			text_ok(fit);
		free(fit);
		free(s);
	}
	return 0;
}
