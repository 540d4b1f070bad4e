/* sms_coded.c - the answers of a coded SMS ("A1 B0745 C1 Z4", "A1B0C15",
 * "P1 350 AA12"): tags of the form, each followed by its value, read left
 * to right; the rules are in docs/sms.md.  A number the network split in
 * two ("D15" and "60" joined with a space) is glued back when nothing else
 * could be meant. */
#include <string.h>

#include "ingest/sms_parse_int.h"

#define VALUE_MAX 64 /* characters of a value kept; the rest is read and dropped */

/* A value read but not yet recorded: the next word may still be the rest
 * of it, cut off by the network. */
struct pending {
	int q;           /* the question, -1 when none */
	size_t from, to; /* its symbols as typed */
	char v[VALUE_MAX + 1];
	size_t n;
	bool glue; /* a split number may still be glued to it */
};

struct coded {
	struct sms_parser *p;
	const struct sms_sym *sym;
	size_t end;                /* symbol index where the answers end */
	struct pending pd;         /* the last value */
	size_t stray_from, nstray; /* words that are no answer, not yet reported */
	size_t stray_to;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n';
}

/* ------------------------------------------------------------ reporting */

static void stray_flush(struct coded *c)
{
	if (!c->nstray)
		return;
	sms_problem_add(
	    c->p, SMS_STRAY_TEXT, NULL,
	    sms_copy(c->p, c->sym[c->stray_from].pos, c->sym[c->stray_to].pos), 0, 0,
	    c->sym[c->stray_from].pos);
	c->nstray = 0;
}

/* The word at i (up to the next separator) is no answer; returns the index
 * after it.  Neighbouring such words make one problem. */
static size_t stray_word(struct coded *c, size_t i)
{
	size_t j = i;

	while (j < c->end && !sms_sym_is_sep(c->sym[j].c))
		j++;
	if (j == i)
		j++;
	if (!c->nstray)
		c->stray_from = i;
	c->stray_to = j;
	c->nstray++;
	return j;
}

/* ---------------------------------------------------------------- values */

static void take(struct pending *pd, char ch)
{
	if (pd->n < VALUE_MAX)
		pd->v[pd->n++] = ch;
	pd->v[pd->n] = '\0';
}

/* O, I and L inside a number are 0, 1 and 1 where no tag of the form is
 * spelt. */
static char digit_twin(const struct coded *c, size_t j)
{
	size_t n;
	char ch = c->sym[j].c;

	if ((ch != 'O' && ch != 'I' && ch != 'L') || sms_tag_at(c->p, j, &n) >= 0)
		return 0;
	return ch == 'O' ? '0' : '1';
}

/* Read the value of a question of type t from symbol v into pd; returns the
 * index after it, v itself when no value is there (a value has at least
 * one digit). */
static size_t read_value(struct coded *c, size_t v, enum question_type t,
                         struct pending *pd)
{
	size_t j = v;
	bool digit = false, colon = false;

	pd->n = 0;
	pd->v[0] = '\0';
	if (t == QT_INTEGER && c->sym[j].c == '-' && is_digit(c->sym[j + 1].c))
		take(pd, c->sym[j++].c);
	for (; j < c->end; j++) {
		char ch = c->sym[j].c, twin = digit_twin(c, j);
		bool next_digit = j + 1 < c->end && is_digit(c->sym[j + 1].c);

		if (is_digit(ch)) {
			take(pd, ch);
			digit = true;
		} else if (twin) {
			take(pd, twin);
		} else if (ch == ',' && t == QT_SELECT_MULTIPLE && digit && next_digit) {
			take(pd, ',');
		} else if ((ch == ':' || ch == '.') && t == QT_TIME && digit && !colon &&
		           next_digit) {
			take(pd, ':');
			colon = true;
		} else {
			break;
		}
	}
	return digit ? j : v;
}

/* Whether the rest of a number cut off by the network may be glued to a
 * value of this question: only numbers and times, where digits after a
 * space can mean nothing else (a list of options may be written "1 2"). */
static bool may_continue(const struct form_question *q)
{
	return q->type == QT_INTEGER || q->type == QT_TIME;
}

/* "0745", "7:45", "745", "7" as "HH:MM"; false when it is no time. */
static bool hhmm(const char *s, char out[6])
{
	const char *colon = strchr(s, ':');
	size_t n = strlen(s);
	int h, m;

	if (colon) {
		size_t hn = (size_t)(colon - s);
		if (hn < 1 || hn > 2 || strlen(colon + 1) != 2)
			return false;
		h = hn == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
		m = (colon[1] - '0') * 10 + (colon[2] - '0');
	} else if (n >= 1 && n <= 4) {
		int v = 0;
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (s[i] - '0');
		h = n <= 2 ? v : v / 100;
		m = n <= 2 ? 0 : v % 100;
	} else {
		return false;
	}
	if (h > 23 || m > 59)
		return false;
	snprintf(out, 6, "%02d:%02d", h, m);
	return true;
}

/* The value as a list of option values: "1,12" by commas, "135" one per
 * digit when every option is below 10, else the whole number. */
static json_t *options_value(const struct form_question *q, const char *s)
{
	json_t *a = json_array();
	bool big = false;

	for (size_t i = 0; i < q->noptions; i++)
		if (q->options[i].value > 9)
			big = true;
	if (!strchr(s, ',') && !big) {
		for (; *s; s++)
			json_array_append_new(a, json_integer(*s - '0'));
		return a;
	}
	while (*s) {
		size_t n = strcspn(s, ",");
		if (n > 18) {
			json_decref(a);
			return json_string(s); /* too long for any option */
		}
		if (n) {
			int64_t v = 0;
			for (size_t i = 0; i < n; i++)
				v = v * 10 + (s[i] - '0');
			json_array_append_new(a, json_integer(v));
		}
		s += n;
		s += *s == ',';
	}
	return a;
}

/* Record the pending value, if any. */
static void commit(struct coded *c)
{
	struct pending *pd = &c->pd;
	const struct form_question *q;
	json_t *raw;
	char hm[6];

	if (pd->q < 0)
		return;
	q = &c->p->form->questions[pd->q];
	if (q->type == QT_SELECT_MULTIPLE)
		raw = options_value(q, pd->v);
	else if (q->type == QT_TIME)
		raw = json_string(hhmm(pd->v, hm) ? hm : pd->v);
	else
		raw = json_string(pd->v);
	sms_answer(c->p, (size_t)pd->q, raw,
	           sms_copy(c->p, c->sym[pd->from].pos, c->sym[pd->to].pos),
	           c->sym[pd->from].pos);
	pd->q = -1;
}

/* ------------------------------------------------------------------ tags */

/* The index after a run of letters and underscores from i. */
static size_t word_end(const struct coded *c, size_t i)
{
	while (i < c->end && (is_letter(c->sym[i].c) || c->sym[i].c == '_'))
		i++;
	return i;
}

/* The index after the digits (and the signs inside a number) from i. */
static size_t skip_number(const struct coded *c, size_t i)
{
	while (i < c->end) {
		char ch = c->sym[i].c;
		if (!is_digit(ch) &&
		    !((ch == ':' || ch == '.' || ch == ',') && is_digit(c->sym[i + 1].c)))
			break;
		i++;
	}
	return i;
}

/* Letters at i that spell no tag with a value: an unknown tag when a number
 * follows them ("Q5"; "P8 350" is the tag P8 with 350), else words that
 * are no answer.  Returns the index after. */
static size_t not_a_tag(struct coded *c, size_t i)
{
	size_t w = word_end(c, i), d, v;
	char tag[VALUE_MAX + 1];
	size_t n = 0;

	if (w == i || w >= c->end || !is_digit(c->sym[w].c))
		return stray_word(c, i);
	stray_flush(c);
	d = w;
	while (d < c->end && is_digit(c->sym[d].c))
		d++;
	v = d;
	while (v < c->end && (is_space(c->sym[v].c) || c->sym[v].c == '='))
		v++;
	if (v < c->end && v > d && is_digit(c->sym[v].c))
		w = d; /* the digits belong to the tag */
	else
		v = w;
	for (size_t k = i; k < w && n < VALUE_MAX; k++)
		tag[n++] = c->sym[k].c;
	tag[n] = '\0';
	sms_problem_add(c->p, SMS_UNKNOWN_TAG, NULL, tag, 0, 0, c->sym[i].pos);
	return skip_number(c, v);
}

/* The tag of question q spelt at i, n symbols long: read its value. */
static size_t tagged(struct coded *c, size_t i, int q, size_t n)
{
	const struct form_question *fq = &c->p->form->questions[q];
	size_t k = i + n, v = k, after;
	bool spaced = false;
	struct pending pd;

	while (v < c->end && is_space(c->sym[v].c))
		v++;
	if (v < c->end && (c->sym[v].c == '=' || c->sym[v].c == ':')) {
		v++;
		while (v < c->end && is_space(c->sym[v].c))
			v++;
	}
	spaced = v > k;
	if (fq->type == QT_TEXT) {
		stray_flush(c);
		sms_problem_add(c->p, SMS_TEXT_BY_TAG, fq->tag, NULL, 0, 0,
		                c->sym[i].pos);
		while (v < c->end && !sms_sym_is_sep(c->sym[v].c))
			v++;
		return v;
	}
	after = read_value(c, v, fq->type, &pd);
	if (after == v) {
		/* No value: a tag inside a longer word is no tag at all. */
		if (!spaced && k < c->end && !sms_sym_is_sep(c->sym[k].c))
			return not_a_tag(c, i);
		stray_flush(c);
		sms_problem_add(c->p, SMS_NO_VALUE, fq->tag, NULL, 0, 0, c->sym[i].pos);
		return k;
	}
	stray_flush(c);
	pd.q = q;
	pd.from = v;
	pd.to = after;
	/* "P12350" may be P1 = 2350 or P12 = 350: never glue to a value typed
	 * right after a tag ending in a digit. */
	pd.glue = may_continue(fq) && (spaced || !is_digit(fq->tag[strlen(fq->tag) - 1]));
	c->pd = pd;
	return after;
}

/* The first select_one question of an incident form, which a bare number
 * right after the station answers (its category); -1 when none. */
static int category_question(const struct form *f)
{
	if (f->kind != FORM_INCIDENT)
		return -1;
	for (size_t i = 0; i < f->nquestions; i++)
		if (f->questions[i].type == QT_SELECT_ONE)
			return (int)i;
	return -1;
}

/* A run of digits where a tag was expected. */
static size_t bare_number(struct coded *c, size_t i, bool first, bool one_space)
{
	struct pending *pd = &c->pd;
	size_t j = i;
	int cat;

	while (j < c->end && is_digit(c->sym[j].c))
		j++;
	if (pd->q >= 0 && pd->glue && one_space && pd->to + 1 == i) {
		for (size_t k = i; k < j; k++)
			take(pd, c->sym[k].c);
		pd->to = j;
		pd->glue = false;
		return j;
	}
	commit(c);
	cat = category_question(c->p->form);
	if (first && cat >= 0 && (j >= c->end || sms_sym_is_sep(c->sym[j].c))) {
		char v[VALUE_MAX + 1];
		size_t n = j - i < VALUE_MAX ? j - i : VALUE_MAX;
		stray_flush(c);
		for (size_t k = 0; k < n; k++)
			v[k] = c->sym[i + k].c;
		v[n] = '\0';
		sms_answer(c->p, (size_t)cat, json_string(v),
		           sms_copy(c->p, c->sym[i].pos, c->sym[j].pos), c->sym[i].pos);
		return j;
	}
	return stray_word(c, i);
}

void sms_coded_read(struct sms_parser *p, size_t from)
{
	struct coded c = {.p = p, .sym = p->sym, .end = from};
	bool first = true;
	size_t i = from;

	while (c.end < p->nsym && p->sym[c.end].pos < p->end)
		c.end++;
	c.pd.q = -1;
	while (i < c.end) {
		size_t gap = i, n;
		int q;

		while (i < c.end && sms_sym_is_sep(p->sym[i].c))
			i++;
		if (i >= c.end)
			break;
		if (is_digit(p->sym[i].c)) {
			bool one_space = i - gap == 1 && is_space(p->sym[gap].c);
			i = bare_number(&c, i, first, one_space);
			first = false;
			continue;
		}
		first = false;
		commit(&c);
		q = sms_tag_at(p, i, &n);
		if (q >= 0)
			i = tagged(&c, i, q, n);
		else if (is_letter(p->sym[i].c))
			i = not_a_tag(&c, i);
		else
			i = stray_word(&c, i);
	}
	commit(&c);
	stray_flush(&c);
}
