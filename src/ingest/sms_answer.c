/* sms_answer.c - what both SMS syntaxes do once they have read something:
 * find a tag, keep an answer in canonical form or say what is wrong with
 * it, note a problem with its place, copy words out of the message. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "ingest/sms_parse_int.h"
#include "ingest/sms_text.h"

#define PROBLEM_TEXT_MAX 40 /* bytes of a problem's text before "..." */

char *sms_clean(struct arena *a, const char *s, size_t n)
{
	struct buf b;
	char *r;

	buf_init(&b, BUF_NO_CAP);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sms_text_next(s, n, i, &cp);

		if (cp == 0xFFFD ||
		    (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
			buf_appends(&b, "\xEF\xBF\xBD");
		else
			buf_append(&b, s + i, k);
		i += k;
	}
	r = arena_strndup(a, b.ptr, b.len);
	buf_release(&b);
	return r;
}

char *sms_copy(struct sms_parser *p, size_t from, size_t to)
{
	return sms_clean(&p->out->arena, p->text + from, to - from);
}

/* text shortened to PROBLEM_TEXT_MAX bytes at a character boundary. */
static char *short_text(struct arena *a, const char *text)
{
	size_t n = strlen(text);
	char *s;

	if (n <= PROBLEM_TEXT_MAX) {
		s = arena_strndup(a, text, n);
	} else {
		n = PROBLEM_TEXT_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		s = arena_alloc(a, n + 4);
		memcpy(s, text, n);
		memcpy(s + n, "...", 4);
	}
	/* A problem's text goes into a reply on one line. */
	for (char *c = s; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return s;
}

void sms_problem_add(struct sms_parser *p, enum sms_problem_kind kind, const char *tag,
                     const char *text, int64_t min, int64_t max, size_t pos)
{
	struct sms_reading *r = p->out;
	struct sms_problem *pr;

	if (r->nproblems >= SMS_PROBLEMS_MAX)
		return;
	if (r->nproblems == r->problems_alloc) {
		r->problems_alloc = r->problems_alloc ? 2 * r->problems_alloc : 8;
		r->problems = xrealloc(r->problems, r->problems_alloc * sizeof(*pr));
	}
	pr = &r->problems[r->nproblems++];
	pr->kind = kind;
	pr->tag = arena_strdup(&r->arena, tag);
	pr->text = text ? short_text(&r->arena, text) : NULL;
	pr->min = min;
	pr->max = max;
	pr->pos = pos;
}

int sms_tag_at(const struct sms_parser *p, size_t i, size_t *n)
{
	int best = -1;
	size_t best_len = 0;

	if (!p->form)
		return -1;
	for (size_t q = 0; q < p->form->nquestions; q++) {
		const char *t = p->utag[q];
		size_t k = 0;

		while (t[k] && i + k < p->nsym && p->sym[i + k].c == t[k])
			k++;
		if (!t[k] && k > best_len) {
			best = (int)q;
			best_len = k;
		}
	}
	*n = best_len;
	return best;
}

/* ------------------------------------------------------------- answers */

static bool integer_like(const json_t *raw)
{
	int64_t v;

	if (json_is_integer(raw))
		return true;
	return json_is_string(raw) &&
	       text_int64(json_string_value(raw), INT64_MIN, INT64_MAX, &v);
}

/* Digits, spaces and commas only: a list of option values. */
static bool options_like(const json_t *raw)
{
	const char *s = json_string_value(raw);
	size_t i;
	json_t *item;

	if (json_is_integer(raw))
		return true;
	if (json_is_array(raw)) {
		json_array_foreach(raw, i, item)
		{
			if (!json_is_integer(item))
				return false;
		}
		return true;
	}
	return s && *s && s[strspn(s, "0123456789 ,")] == '\0';
}

static void option_bounds(const struct form_question *q, int64_t *min, int64_t *max)
{
	*min = *max = 0;
	for (size_t i = 0; i < q->noptions; i++) {
		if (!i || q->options[i].value < *min)
			*min = q->options[i].value;
		if (!i || q->options[i].value > *max)
			*max = q->options[i].value;
	}
}

/* Say what is wrong with an answer the normaliser refused. */
static void refused(struct sms_parser *p, const struct form_question *q,
                    const json_t *raw, const char *typed, size_t pos)
{
	int64_t min, max;

	switch (q->type) {
	case QT_INTEGER:
	case QT_YESNO:
	case QT_RATING:
		if (!integer_like(raw))
			break;
		min = q->type == QT_INTEGER ? q->min : q->type == QT_RATING ? 1 : 0;
		max = q->type == QT_INTEGER ? q->max : q->type == QT_RATING ? 4 : 1;
		sms_problem_add(p, SMS_OUT_OF_RANGE, q->tag, typed, min, max, pos);
		return;
	case QT_SELECT_ONE:
	case QT_SELECT_MULTIPLE:
		if (!options_like(raw))
			break;
		option_bounds(q, &min, &max);
		sms_problem_add(p, SMS_UNKNOWN_OPTION, q->tag, typed, min, max, pos);
		return;
	case QT_TEXT:
	case QT_TIME:
		break;
	}
	sms_problem_add(p, SMS_BAD_VALUE, q->tag, typed, 0, 0, pos);
}

void sms_answer(struct sms_parser *p, size_t qi, json_t *raw, const char *typed,
                size_t pos)
{
	const struct form_question *q = &p->form->questions[qi];
	json_t *canon = NULL;
	struct err e;

	err_clear(&e);
	if (form_answer_normalise(q, raw, &canon, &e)) {
		if (p->state[qi] == ANSWER_OK) {
			json_decref(p->value[qi]);
			p->value[qi] = NULL;
			sms_problem_add(p, SMS_REPEATED_TAG, q->tag, typed, 0, 0, pos);
		} else {
			refused(p, q, raw, typed, pos);
		}
		p->state[qi] = ANSWER_FAILED;
		json_decref(raw);
		return;
	}
	json_decref(raw);
	if (!canon)
		return; /* empty: unanswered */
	if (p->state[qi] == ANSWER_OK) {
		if (!json_equal(canon, p->value[qi])) {
			json_decref(p->value[qi]);
			p->value[qi] = NULL;
			p->state[qi] = ANSWER_FAILED;
			sms_problem_add(p, SMS_REPEATED_TAG, q->tag, typed, 0, 0, pos);
		}
		json_decref(canon);
		return;
	}
	if (p->state[qi] == ANSWER_FAILED) {
		/* Already wrong once: a second value makes it no better. */
		sms_problem_add(p, SMS_REPEATED_TAG, q->tag, typed, 0, 0, pos);
		json_decref(canon);
		return;
	}
	p->value[qi] = canon;
	p->vpos[qi] = pos;
	p->state[qi] = ANSWER_OK;
}
