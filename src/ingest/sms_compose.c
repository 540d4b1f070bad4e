/* sms_compose.c - a report written as a coded SMS: "VO 15-0123 A1 B0
 * M1840 Z3 # queue outside".  Used to send the demo's SMS and to show a
 * report as an observer would type it. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/sms_compose.h"

/* The first text question of an incident form: answered after "#". */
static const struct form_question *hash_question(const struct form *f)
{
	if (f->kind != FORM_INCIDENT)
		return NULL;
	for (size_t i = 0; i < f->nquestions; i++)
		if (f->questions[i].type == QT_TEXT)
			return &f->questions[i];
	return NULL;
}

/* A select_multiple's values: digits run together, or comma-separated
 * when one is above 9. */
static void put_multiple(struct buf *b, const json_t *v)
{
	bool wide = false;
	const json_t *x;
	size_t i;

	json_array_foreach(v, i, x) wide |= json_integer_value(x) > 9;
	json_array_foreach(v, i, x)
	{
		buf_appendf(b, "%s%lld", i && wide ? "," : "",
		            (long long)json_integer_value(x));
	}
}

static void put_value(struct buf *b, const struct form_question *q, const json_t *v)
{
	switch (q->type) {
	case QT_SELECT_MULTIPLE:
		put_multiple(b, v);
		break;
	case QT_TIME: {
		const char *t = json_string_value(v); /* "HH:MM" */
		buf_appendf(b, "%.2s%.2s", t, t + 3);
		break;
	}
	default:
		buf_appendf(b, "%lld", (long long)json_integer_value(v));
		break;
	}
}

enum status sms_compose(const struct form *f, const char *station, const json_t *answers,
                        const char *comment, char **out, struct err *e)
{
	const struct form_question *hq = hash_question(f);
	const char *after = comment;
	const char *tag;
	const json_t *v;
	struct buf b;
	enum status rc = ST_OK;

	*out = NULL;
	json_object_foreach((json_t *)answers, tag, v)
	{
		if (!form_question(f, tag))
			return err_set(e, ST_INVALID, "%s: not a question of form %s",
			               tag, f->code);
	}
	buf_init(&b, BUF_NO_CAP);
	buf_appendf(&b, "%s %s", f->code, station);
	for (size_t i = 0; i < f->nquestions && !rc; i++) {
		const struct form_question *q = &f->questions[i];
		const json_t *raw = NULL;
		json_t *canon = NULL;

		json_object_foreach((json_t *)answers, tag, v)
		{
			if (form_question(f, tag) == q)
				raw = v;
		}
		if (!raw)
			continue;
		rc = form_answer_normalise(q, raw, &canon, e);
		if (rc || !canon)
			continue;
		if (q->type == QT_TEXT) {
			if (q == hq && json_is_string(raw))
				after =
				    json_string_value(raw); /* answers keeps it alive */
			else
				rc = err_set(e, ST_UNSUPPORTED,
				             "%s: a text answer cannot be sent by SMS",
				             q->tag);
		} else {
			buf_appendf(&b, " %s", q->tag);
			/* A tag ending in a digit needs a space before its value. */
			if (q->tag[strlen(q->tag) - 1] >= '0' &&
			    q->tag[strlen(q->tag) - 1] <= '9')
				buf_appends(&b, " ");
			put_value(&b, q, canon);
		}
		json_decref(canon);
	}
	if (!rc && after && *after)
		buf_appendf(&b, " # %s", after);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b, NULL);
	return ST_OK;
}
