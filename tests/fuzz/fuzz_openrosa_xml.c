/* fuzz_openrosa_xml.c - libFuzzer target for OpenRosa submission instances:
 * arbitrary bytes read without a form, with the shipped form they name
 * (else one chosen by size) and with small limits, checking what
 * openrosa_xml.h promises, then validated against that form; and the root's
 * claims read alone and the strict reading, against the readings they
 * stand for. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ingest/openrosa_xml.h"
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

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A trimmed, non-empty string without control characters when ctl. */
static void trimmed(const char *s, bool ctl)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	check(n > 0 && utf8_valid(s, n));
	check(!is_space(s[0]) && !is_space(s[n - 1]));
	for (size_t i = 0; ctl && i < n; i++)
		check((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

/* A value converted for q is what ODK's encoding of that type gives. */
static void check_value(const struct form_question *q, const json_t *v)
{
	size_t i;
	json_t *item;

	if (!q) {
		check(json_is_string(v));
		return;
	}
	check(!json_is_string(v) || !blank(json_string_value(v)));
	switch (q->type) {
	case QT_YESNO:
		check(json_is_string(v) ||
		      (json_is_integer(v) && json_integer_value(v) >= 0 &&
		       json_integer_value(v) <= 1));
		break;
	case QT_RATING:
		check(json_is_string(v) ||
		      (json_is_integer(v) && json_integer_value(v) >= 1 &&
		       json_integer_value(v) <= 4));
		break;
	case QT_INTEGER:
	case QT_SELECT_ONE:
		check(json_is_string(v) || json_is_integer(v));
		break;
	case QT_SELECT_MULTIPLE:
		check(json_is_string(v) || (json_is_array(v) && json_array_size(v) > 0));
		json_array_foreach(v, i, item) check(json_is_integer(item));
		break;
	case QT_TIME:
		check(json_is_string(v));
		break;
	case QT_TEXT:
		check(json_is_string(v));
		break;
	}
}

static void check_instance(const struct openrosa_instance *in, const struct form *f)
{
	const struct submission *s = &in->sub;
	const char *key;
	json_t *v;

	check(json_is_object(s->answers));
	check(!strcmp(s->channel, "odk"));
	check(s->observed_at == NULL);
	trimmed(s->client_id, true);
	trimmed(s->replaces, true);
	check(!s->client_id || strlen(s->client_id) <= SUBMISSION_ID_MAX);
	check(!s->replaces || strlen(s->replaces) <= SUBMISSION_ID_MAX);
	trimmed(s->station, false);
	trimmed(s->observer, false);
	if (s->comment) {
		size_t n = strlen(s->comment);
		check(!blank(s->comment) && utf8_valid(s->comment, n));
		check(utf8_count(s->comment, n) <= SUBMISSION_COMMENT_MAX);
	}
	check(!s->form || (s->form[0] && utf8_valid(s->form, strlen(s->form))));
	check(!in->mission || in->mission[0]);
	check(!in->mission || in->form_id);
	json_object_foreach(s->answers, key, v)
	{
		const struct form_question *q = f ? form_question(f, key) : NULL;
		check(key[0] && utf8_valid(key, strlen(key)));
		check(strcmp(key, "meta") && strcmp(key, "station") &&
		      strcmp(key, "observer") && strcmp(key, "comment"));
		if (!f || q)
			check(!json_is_string(v) || !blank(json_string_value(v)));
		check_value(q, v);
	}
}

static enum status read_one(const uint8_t *data, size_t size, const struct form *f,
                            const struct openrosa_xml_limits *lim,
                            struct openrosa_instance *in)
{
	struct err e;
	enum status rc;

	err_clear(&e);
	rc = openrosa_xml_parse((const char *)data, size, f, lim, in, &e);
	if (rc) {
		check(rc == ST_INVALID || rc == ST_TOO_BIG);
		check(e.code == rc);
		check(!strncmp(e.msg, "line ", 5) || !strncmp(e.msg, "the XML is ", 11));
		check(!strncmp(e.msg, "the XML is ", 11) || strstr(e.msg, ", column "));
	} else {
		check_instance(in, f);
	}
	return rc;
}

static const struct form *form_for(const struct openrosa_instance *in, size_t size)
{
	for (size_t i = 0; in->sub.form && i < nforms; i++)
		if (!strcmp(forms[i]->code, in->sub.form))
			return forms[i];
	return forms[size % nforms];
}

static void validate(const struct form *f, const struct openrosa_instance *in)
{
	struct validation v;
	enum status rc;
	json_t *j;

	rc = validate_submission(f, &in->sub, NULL, &v);
	check((rc == ST_OK) == (v.status != VALIDATION_REFUSED));
	check(json_is_object(v.answers));
	j = validation_to_json(&v);
	check(json_array_size(j) == v.nproblems);
	json_decref(j);
	validation_release(&v);
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The root's claims read alone (what observa finds the form with) are those
 * of a whole reading without a form; a strict reading with form f (what it
 * then reads the instance with) refuses what the reading without a form
 * refuses, in the same words, and reads the rest as the reading with f. */
static void check_shortcuts(const uint8_t *data, size_t size, const struct form *f,
                            const struct openrosa_instance *full, enum status rc)
{
	struct openrosa_instance bare, root, strict;
	struct err be, ce, se;
	enum status brc, crc, src;

	err_clear(&be);
	err_clear(&ce);
	err_clear(&se);
	brc = openrosa_xml_parse((const char *)data, size, NULL, NULL, &bare, &be);
	crc = openrosa_xml_claims((const char *)data, size, &root, &ce);
	src = openrosa_xml_parse_strict((const char *)data, size, f, NULL, &strict, &se);
	if (brc == ST_OK) {
		check(crc == ST_OK);
		check(same_text(root.form_id, bare.form_id));
		check(same_text(root.version, bare.version));
		check(same_text(root.mission, bare.mission));
		check(same_text(root.sub.form, bare.sub.form));
	}
	check(src == brc);
	if (brc)
		check(!strcmp(se.msg, be.msg));
	else {
		check(rc == ST_OK);
		check(json_equal(strict.sub.answers, full->sub.answers));
		check(same_text(strict.sub.client_id, full->sub.client_id));
		check(same_text(strict.sub.station, full->sub.station));
		check(same_text(strict.sub.observer, full->sub.observer));
		check(same_text(strict.sub.comment, full->sub.comment));
	}
	openrosa_instance_release(&bare);
	openrosa_instance_release(&root);
	openrosa_instance_release(&strict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct openrosa_xml_limits small = {512, 4, 24, 32};
	struct openrosa_instance bare, full, little;
	const struct form *f;
	enum status brc, rc, src;

	load_forms();
	brc = read_one(data, size, NULL, NULL, &bare);
	f = form_for(&bare, size);
	rc = read_one(data, size, f, NULL, &full);
	src = read_one(data, size, f, &small, &little);
	/* a form only makes reading more lenient (nested unknown elements) */
	if (brc == ST_OK)
		check(rc == ST_OK);
	/* small limits refuse more, and what they accept reads the same */
	if (src == ST_OK) {
		check(rc == ST_OK);
		check(json_equal(full.sub.answers, little.sub.answers));
	}
	check_shortcuts(data, size, f, &full, rc);
	if (rc == ST_OK) {
		check(json_object_size(full.sub.answers) >=
		      (brc == ST_OK ? json_object_size(bare.sub.answers) : 0));
		validate(f, &full);
	}
	openrosa_instance_release(&bare);
	openrosa_instance_release(&full);
	openrosa_instance_release(&little);
	return 0;
}
