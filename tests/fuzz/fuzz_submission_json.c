/* fuzz_submission_json.c - libFuzzer target for reading submissions:
 * arbitrary bytes read as JSON (object, array, JSON lines) and as CSV of
 * paper forms, every report read validated against a shipped form, with
 * checks of what the readers and the validation promise. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/csv.h"
#include "ingest/submission_csv.h"
#include "ingest/submission_json.h"
#include "model/forms_builtin.h"
#include "model/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* The shipped forms, parsed once. */
static struct form *forms[16];
static size_t nforms;

static void load_forms(void)
{
	if (nforms)
		return;
	for (size_t i = 0; forms_builtin_code(i) && nforms < 16; i++) {
		struct form_problems p = FORM_PROBLEMS_INIT;
		const char *json = forms_builtin_json(forms_builtin_code(i));
		check(form_parse(json, strlen(json), &forms[nforms], &p) == ST_OK);
		nforms++;
		form_problems_release(&p);
	}
	check(nforms > 0);
}

/* The form a report names, or the first shipped one. */
static const struct form *form_for(const struct submission *s)
{
	for (size_t i = 0; s->form && i < nforms; i++)
		if (!strcmp(forms[i]->code, s->form))
			return forms[i];
	return forms[0];
}

static void validate_all(const struct submission_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct submission_record *r = &b->v[i];
		struct validation v;
		json_t *j;
		enum status rc;

		check(r->index == i + 1);
		check(r->line >= 1);
		if (r->error) {
			check(r->problems && json_array_size(r->problems) > 0);
			continue;
		}
		rc = validate_submission(form_for(&r->sub), &r->sub, NULL, &v);
		check((rc == ST_OK) == (v.status != VALIDATION_REFUSED));
		check(json_is_object(v.answers));
		j = validation_to_json(&v);
		check(json_array_size(j) == v.nproblems);
		json_decref(j);
		validation_release(&v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct submission_batch b = SUBMISSION_BATCH_INIT;
	struct csv_reader r;
	struct err e;
	enum status rc;

	load_forms();
	err_clear(&e);
	rc = submission_batch_parse((const char *)data, size, &b, &e);
	if (rc) {
		check(rc == ST_INVALID);
		check(b.n == 0);
		check(e.msg[0] != '\0');
	} else {
		check(b.n > 0);
		validate_all(&b);
	}
	submission_batch_release(&b);

	b = (struct submission_batch)SUBMISSION_BATCH_INIT;
	err_clear(&e);
	csv_open_mem(&r, (const char *)data, size);
	rc = submission_csv_read(&r, &b, &e);
	csv_close(&r);
	if (rc) {
		check(b.n == 0);
		check(e.msg[0] != '\0');
	} else {
		validate_all(&b);
	}
	submission_batch_release(&b);
	return 0;
}
