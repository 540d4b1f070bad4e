/* sms_reply.c - the replies to an observer's SMS in English and Russian,
 * each fitted into one SMS: receipts, duplicates, the list of problems,
 * unknown senders, failures to store.  English replies keep to GSM-7 (no
 * dashes or typographic quotes), which gives them 160 characters; Russian
 * ones need UCS-2 and have 70, so they are terser. */
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/sms_reply.h"
#include "ingest/sms_text.h"

#define STATION_SHOWN 24 /* bytes of a station code repeated in a reply */

static bool is_ru(const char *lang)
{
	return lang && !strcmp(lang, "ru");
}

/* "OP 15-0123": the form code and the station, shortened. */
static void report_name(struct buf *b, const char *form, const char *station)
{
	if (form)
		buf_appends(b, form);
	if (station) {
		size_t n = strlen(station);
		if (form)
			buf_appendc(b, ' ');
		if (n > STATION_SHOWN) {
			n = STATION_SHOWN;
			while (n > 0 && ((unsigned char)station[n] & 0xC0) == 0x80)
				n--;
			buf_append(b, station, n);
			buf_appends(b, "...");
		} else {
			buf_appends(b, station);
		}
	}
}

static char *fitted(struct buf *b)
{
	char *r = sms_text_fit(b->ptr);

	buf_release(b);
	return r;
}

char *sms_reply_accepted(const struct sms_receipt *r, const char *lang)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	report_name(&b, r->form, r->station);
	if (is_ru(lang)) {
		buf_appendf(&b, ": принято, ответов: %zu", r->nanswers);
		if (r->report)
			buf_appendf(&b, ", отчёт № %lld", (long long)r->report);
		buf_appends(&b, r->flagged ? "; передано на проверку." : ". Спасибо!");
	} else {
		buf_appendf(&b, ": received, %zu answer%s", r->nanswers,
		            r->nanswers == 1 ? "" : "s");
		if (r->report)
			buf_appendf(&b, ", report %lld", (long long)r->report);
		buf_appends(&b, r->flagged ? "; flagged for review by the core team."
		                           : ". Thank you.");
	}
	return fitted(&b);
}

char *sms_reply_duplicate(const struct sms_receipt *r, const char *lang)
{
	struct buf b;

	buf_init(&b, BUF_NO_CAP);
	report_name(&b, r->form, r->station);
	if (is_ru(lang)) {
		buf_appends(&b, ": уже получено");
		if (r->report)
			buf_appendf(&b, " (отчёт № %lld)", (long long)r->report);
		buf_appends(&b, ", ничего не изменено.");
	} else {
		buf_appends(&b, ": already received");
		if (r->report)
			buf_appendf(&b, " as report %lld", (long long)r->report);
		buf_appends(&b, "; nothing was changed.");
	}
	return fitted(&b);
}

char *sms_reply_unknown_sender(const char *lang)
{
	if (is_ru(lang))
		return xstrdup("Номер не зарегистрирован в миссии: отчёт не принят. "
		               "Обратитесь в штаб.");
	return xstrdup(
	    "This number is not registered with the mission, so the report was "
	    "not accepted. Ask the mission's staff to register it.");
}

char *sms_reply_failed(const char *lang)
{
	if (is_ru(lang))
		return xstrdup(
		    "Отчёт не удалось сохранить. Отправьте его ещё раз позже.");
	return xstrdup("The report could not be stored. Please send it again later.");
}

/* ------------------------------------------------------------- problems */

struct items {
	char **v;
	size_t n, alloc;
	struct buf missing; /* tags of required questions left unanswered */
	size_t missing_at;  /* the item that lists them, once there is one */
	bool ru;
	const struct sms_reading *r;
	const char *const *codes;
	size_t ncodes;
	bool with_codes; /* name the form codes after an unknown form */
};

static void add(struct items *it, char *s)
{
	if (it->n == it->alloc) {
		it->alloc = it->alloc ? 2 * it->alloc : 8;
		it->v = xrealloc(it->v, it->alloc * sizeof(*it->v));
	}
	it->v[it->n++] = s;
}

/* A required question left unanswered, listed with the others. */
static void missing(struct items *it, const char *tag)
{
	char *list = it->missing.ptr;
	size_t n = strlen(tag);

	/* once only, whoever found it */
	for (const char *s = list; (s = strstr(s, tag)) != NULL; s += n)
		if ((s == list || s[-1] == ' ') && (s[n] == '\0' || s[n] == ','))
			return;
	if (!it->missing.len) {
		it->missing_at = it->n;
		add(it, NULL); /* filled in at the end */
	} else {
		buf_appends(&it->missing, ", ");
	}
	buf_appends(&it->missing, tag);
}

static void codes_list(struct buf *b, const struct items *it)
{
	for (size_t i = 0; i < it->ncodes; i++) {
		if (i)
			buf_appendc(b, ' ');
		buf_appends(b, it->codes[i]);
	}
}

/* What a value should look like, by the type of the question. */
static const char *expected(const struct items *it, const char *tag)
{
	const struct form_question *q =
	    it->r->form && tag ? form_question(it->r->form, tag) : NULL;

	switch (q ? q->type : QT_TEXT) {
	case QT_YESNO:
		return it->ru ? "не 1 и не 0" : "is not 1 or 0";
	case QT_INTEGER:
		return it->ru ? "не число" : "is not a number";
	case QT_TIME:
		return it->ru ? "не время ЧЧ:ММ" : "is not a time HH:MM";
	case QT_RATING:
		return it->ru ? "не оценка 1-4" : "is not a rating 1-4";
	case QT_SELECT_ONE:
	case QT_SELECT_MULTIPLE:
		return it->ru ? "не вариант ответа" : "is not an option";
	case QT_TEXT:
		break;
	}
	return it->ru ? "не подходит" : "is not a valid answer";
}

static char *parse_item(struct items *it, const struct sms_problem *p)
{
	const char *t = p->text ? p->text : "";
	const char *tag = p->tag ? p->tag : t;
	bool ru = it->ru;
	struct buf b;

	switch (p->kind) {
	case SMS_EMPTY:
	case SMS_UNKNOWN_FORM:
		buf_init(&b, BUF_NO_CAP);
		if (p->kind == SMS_EMPTY)
			buf_appends(&b, ru ? "нет кода анкеты"
			                   : "empty message: start with the form code");
		else
			buf_appendf(&b, ru ? "нет анкеты %s" : "unknown form %s", t);
		if (it->with_codes && it->ncodes) {
			buf_appends(&b, " (");
			codes_list(&b, it);
			buf_appendc(&b, ')');
		}
		return buf_detach(&b, NULL);
	case SMS_NO_STATION:
		return xstrdup(ru ? "нет кода участка" : "no station code");
	case SMS_UNKNOWN_TAG:
		return xasprintf(ru ? "нет вопроса %s" : "unknown tag %s", t);
	case SMS_NO_VALUE:
		return xasprintf(ru ? "%s без значения" : "no value for %s", tag);
	case SMS_BAD_VALUE:
		return xasprintf("%s: %s %s", tag, t, expected(it, p->tag));
	case SMS_OUT_OF_RANGE:
		return xasprintf(ru ? "%s: %s вне %lld–%lld"
		                    : "%s: %s out of range %lld-%lld",
		                 tag, t, (long long)p->min, (long long)p->max);
	case SMS_UNKNOWN_OPTION:
		return xasprintf(ru ? "%s: нет варианта %s (%lld–%lld)"
		                    : "%s: %s is not an option (%lld-%lld)",
		                 tag, t, (long long)p->min, (long long)p->max);
	case SMS_REPEATED_TAG:
		return xasprintf(ru ? "%s указан дважды" : "%s given twice", tag);
	case SMS_MISSING_REQUIRED:
		missing(it, tag);
		return NULL;
	case SMS_STRAY_TEXT:
		return xasprintf(ru ? "непонятно: %s" : "not understood: %s", t);
	case SMS_TEXT_BY_TAG:
		return xasprintf(
		    ru ? "%s: текст пишите после #" : "%s: write the text after #", tag);
	case SMS_TOO_LONG:
		return xstrdup(ru ? "слишком длинное, конец не прочитан"
		                  : "too long, the end was not read");
	}
	return xstrdup(ru ? "ошибка" : "error");
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The message of the form's check id in lang, or NULL. */
static const char *check_message(const struct items *it, const char *id, const char *lang)
{
	const struct form *f = it->r->form;

	for (size_t i = 0; f && i < f->nchecks; i++)
		if (!strcmp(f->checks[i].id, id))
			return form_text(&f->checks[i].message, lang);
	return NULL;
}

static char *validation_item(struct items *it, const json_t *p, const char *lang)
{
	const char *field = str(p, "field"), *tag = str(p, "tag"),
	           *msg = str(p, "message");
	const char *check = str(p, "check"), *value = str(p, "value");
	bool ru = it->ru;

	if (field && !strcmp(field, "station")) {
		if (!value)
			value = it->r->station;
		if (!value)
			return xstrdup(ru ? "нет кода участка" : "no station code");
		return xasprintf(ru ? "неизвестный участок %s" : "unknown station %s",
		                 value);
	}
	if (check && check_message(it, check, lang))
		return xstrdup(check_message(it, check, lang));
	if (tag && msg && !strcmp(msg, "required answer is missing")) {
		missing(it, tag);
		return NULL;
	}
	if (ru)
		return tag ? xasprintf("ошибка в ответе %s", tag)
		           : xasprintf("ошибка: %s", field ? field : "отчёт");
	if (!msg)
		msg = "not accepted";
	if (tag)
		return xasprintf("%s: %s", tag, msg);
	return field ? xasprintf("%s: %s", field, msg) : xstrdup(msg);
}

/* The reply; *whole tells whether every item fitted in it. */
static char *problems_text(struct items *it, const json_t *problems, const char *lang,
                           bool *whole)
{
	static const char *const tail[] = {". Please correct it and send it again.",
	                                   ". Исправьте и отправьте снова."};
	const struct sms_reading *r = it->r;
	struct buf head;
	size_t i;
	json_t *p;
	char *s;

	it->n = 0;
	buf_init(&it->missing, BUF_NO_CAP);
	for (i = 0; i < r->nproblems; i++) {
		s = parse_item(it, &r->problems[i]);
		if (s)
			add(it, s);
	}
	json_array_foreach(problems, i, p)
	{
		s = validation_item(it, p, lang);
		if (s)
			add(it, s);
	}
	if (it->missing.len)
		it->v[it->missing_at] =
		    xasprintf(it->ru ? "нет ответа: %s" : "missing %s", it->missing.ptr);
	buf_release(&it->missing);
	buf_init(&head, BUF_NO_CAP);
	report_name(&head, r->form ? r->form->code : NULL, r->form ? r->station : NULL);
	if (head.len)
		buf_appends(&head, it->ru ? " не принято" : " not accepted");
	else
		buf_appends(&head, it->ru ? "Не принято" : "Not accepted");
	if (it->n)
		buf_appends(&head, ": ");
	s = sms_text_fit_list(head.ptr, (const char *const *)it->v, it->n, "; ",
	                      tail[it->ru]);
	/* all of it: the head, every item, and at least the last one whole */
	*whole = it->n && strstr(s, it->v[it->n - 1]) && !strncmp(s, head.ptr, head.len);
	buf_release(&head);
	for (i = 0; i < it->n; i++)
		free(it->v[i]);
	return s;
}

char *sms_reply_problems(const struct sms_reading *r, const json_t *problems,
                         const char *const *codes, size_t ncodes, const char *lang)
{
	struct items it = {.ru = is_ru(lang), .r = r, .codes = codes, .ncodes = ncodes};
	char *s;
	bool whole;

	if (!json_is_array(problems))
		problems = NULL;
	/* The form codes only when they leave room for the rest. */
	it.with_codes = ncodes > 0;
	s = problems_text(&it, problems, lang, &whole);
	if (it.with_codes && !whole) {
		free(s);
		it.with_codes = false;
		s = problems_text(&it, problems, lang, &whole);
	}
	free(it.v);
	return s;
}

char *sms_problem_text(const struct sms_reading *r, const struct sms_problem *p,
                       const char *lang)
{
	struct items it = {.ru = is_ru(lang), .r = r};
	char *s;

	buf_init(&it.missing, BUF_NO_CAP);
	s = parse_item(&it, p);
	buf_release(&it.missing);
	free(it.v);
	if (!s) /* a missing answer, which replies list with the others */
		s = xasprintf(it.ru ? "нет ответа: %s" : "required answer %s is missing",
		              p->tag ? p->tag : "?");
	return s;
}
