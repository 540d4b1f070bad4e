/* sms_forms.h - the forms the SMS tests read messages against: the shipped
 * ones, PR with a ballot of seven parties and "against all" (so P1..P7 and
 * AA exist), and tests/data/sms/XS.json for what the shipped forms lack
 * (lists of options, a negative range, the tags OK, Q1 and Q12). */
#ifndef OBSERVA_TEST_SMS_FORMS_H
#define OBSERVA_TEST_SMS_FORMS_H

#include <stdio.h>
#include <string.h>

#include "ingest/sms_parse.h"
#include "model/forms_builtin.h"

#define SMS_TEST_FORMS 7

struct sms_test_forms {
	struct form *f[SMS_TEST_FORMS];
	size_t n;
};

static inline struct form *sms_test_parse(const char *text, size_t len)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	if (form_parse(text, len, &f, &p))
		fail_msg("%s: %s", p.v[0].path, p.v[0].message);
	form_problems_release(&p);
	return f;
}

static inline void sms_test_forms_load(struct sms_test_forms *t)
{
	static const struct ballot_choice seven[] = {
	    {1, "AMANAT", "Amanat", "party"},
	    {2, "AKZHOL", "Ak Zhol", "party"},
	    {3, "AUYL", "Auyl", "party"},
	    {4, "RESPUBLICA", "Respublica", "party"},
	    {5, "NSDP", "NSDP", "party"},
	    {6, "QHP", "People's Party", "party"},
	    {7, "BAITAQ", "Baitaq", "party"},
	    {8, "AGAINST", "Against all", "against_all"},
	};
	static char xs[16384];
	FILE *fp;
	size_t len;

	t->n = 0;
	for (size_t i = 0; forms_builtin_code(i) && t->n < SMS_TEST_FORMS - 1; i++) {
		const char *json = forms_builtin_json(forms_builtin_code(i));
		struct form *f = sms_test_parse(json, strlen(json));
		if (!strcmp(f->code, "PR")) {
			struct form *with = NULL;
			struct err e;
			assert_int_equal(form_apply_choices(f, seven, 8, &with, &e),
			                 ST_OK);
			form_free(f);
			f = with;
		}
		t->f[t->n++] = f;
	}
	fp = fopen("../data/sms/XS.json", "rb");
	assert_non_null(fp);
	len = fread(xs, 1, sizeof(xs), fp);
	fclose(fp);
	t->f[t->n++] = sms_test_parse(xs, len);
}

static inline void sms_test_forms_free(struct sms_test_forms *t)
{
	for (size_t i = 0; i < t->n; i++)
		form_free(t->f[i]);
	t->n = 0;
}

/* struct sms_forms.by_code over a struct sms_test_forms. */
static inline const struct form *sms_test_by_code(void *ctx, const char *code)
{
	const struct sms_test_forms *t = ctx;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->f[i]->code, code))
			return t->f[i];
	return NULL;
}

#endif
