/* sms_compact.c - ODK's compact record representation of a report: after
 * the prefix (the form code) and "station", tags and values separated by
 * single spaces, "\ " a space inside a value and "\\" a backslash; values
 * in ODK's encoding ("3 7", "07:45:00.000+06:00").  Some encoders escape
 * only the first space of a value, so words after a text or a list that
 * are no tag of the form are read as the rest of that value. */
#include <ctype.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/sms_parse_int.h"

/* The token at byte i, unescaped into b; returns the index of the space
 * that ends it (or the end). */
static size_t token(const struct sms_parser *p, size_t i, struct buf *b)
{
	buf_reset(b);
	while (i < p->len && p->text[i] != ' ') {
		if (p->text[i] == '\\' && i + 1 < p->len &&
		    (p->text[i + 1] == ' ' || p->text[i + 1] == '\\'))
			i++;
		buf_appendc(b, p->text[i++]);
	}
	return i;
}

/* The question whose tag is t: spelt as the form spells it, or else
 * ignoring case when exact is false; -1 when none. */
static int question(const struct sms_parser *p, const char *t, bool exact)
{
	const struct form_question *q;

	for (size_t i = 0; i < p->form->nquestions; i++)
		if (!strcmp(p->form->questions[i].tag, t))
			return (int)i;
	if (exact)
		return -1;
	q = form_question(p->form, t);
	return q ? (int)(q - p->form->questions) : -1;
}

/* A value whose unescaped spaces an encoder may have left: text and lists. */
static bool may_continue(const struct sms_parser *p, int q)
{
	return q >= 0 && (p->form->questions[q].type == QT_TEXT ||
	                  p->form->questions[q].type == QT_SELECT_MULTIPLE);
}

struct value {
	int q; /* -1 when none */
	struct buf b;
	size_t pos;
};

static void flush(struct sms_parser *p, struct value *v)
{
	if (v->q >= 0 && v->b.len) {
		char *typed = sms_clean(&p->out->arena, v->b.ptr, v->b.len);
		sms_answer(p, (size_t)v->q, json_string(typed), typed, v->pos);
	}
	v->q = -1;
	buf_reset(&v->b);
}

void sms_compact_read(struct sms_parser *p, size_t i)
{
	struct buf t;
	struct value v = {.q = -1};
	size_t start;

	buf_init(&t, BUF_NO_CAP);
	buf_init(&v.b, BUF_NO_CAP);
	/* "station", one space, the station's code */
	if (i < p->len && p->text[i] == ' ')
		i++;
	start = i;
	i = token(p, i, &t);
	if (t.len)
		p->out->station = sms_clean(&p->out->arena, t.ptr, t.len);
	else
		sms_problem_add(p, SMS_NO_STATION, NULL, NULL, 0, 0, start);
	while (p->form && i < p->len) {
		size_t tag_pos;
		int q;

		if (p->text[i] == ' ')
			i++; /* the space after a value */
		tag_pos = i;
		i = token(p, i, &t);
		q = question(p, t.ptr, true);
		if (q < 0 && v.b.len && may_continue(p, v.q)) {
			/* a space the encoder left unescaped, even an empty word */
			buf_appendc(&v.b, ' ');
			buf_append(&v.b, t.ptr, t.len);
			continue;
		}
		if (!t.len)
			continue; /* an empty word where a tag is expected */
		if (q < 0)
			q = question(p, t.ptr, false);
		flush(p, &v);
		if (q < 0) {
			for (char *c = t.ptr; *c; c++)
				*c = (char)toupper((unsigned char)*c);
			sms_problem_add(p, SMS_UNKNOWN_TAG, NULL,
			                sms_clean(&p->out->arena, t.ptr, t.len), 0, 0,
			                tag_pos);
		}
		if (i < p->len)
			i++; /* the space between a tag and its value */
		v.pos = i;
		i = token(p, i, &v.b);
		v.q = q;
	}
	flush(p, &v);
	buf_release(&v.b);
	buf_release(&t);
}
