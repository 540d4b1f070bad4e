/* xform.c - writing a form definition as an ODK XForm: the itext of every
 * language, the primary instance, one bind and one body control per field.
 * The writer's error is sticky, so the document is written straight
 * through and checked once at the end.  docs/odk.md describes the result. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "ingest/xform.h"
#include "model/location.h"
#include "model/mission.h"

#define ROOT "/data"

/* Terms in one side of a check that becomes a constraint, and the largest
 * literal: the sums stay exact in XPath's doubles (below 2^53). */
#define SIMPLE_TERMS_MAX 64
#define SIMPLE_NUM_MAX   FORM_INT_LIMIT

/* Integer questions whose range fits JavaRosa's 32-bit int are "int";
 * wider ones are strings of digits typed on a numeric keypad (a "decimal"
 * would be sent as "3000000000.0"). */
#define INT32_LIMIT 2147483647

static bool wide(const struct form_question *q)
{
	return q->type == QT_INTEGER && (q->min < -INT32_LIMIT || q->max > INT32_LIMIT);
}

/* ---------------------------------------------------------- fixed texts */

/* A text of the document itself in English, Russian and Kazakh; other
 * languages get the English one. */
struct fixed {
	const char *en, *ru, *kk;
};

static const char *fixed(const struct fixed *t, const char *lang)
{
	if (!strcmp(lang, "ru"))
		return t->ru;
	if (!strcmp(lang, "kk"))
		return t->kk;
	return t->en;
}

static const struct fixed t_station[] = {
    {"Polling station", "Избирательный участок", "Сайлау учаскесі"},
    {"Territorial election commission", "Территориальная избирательная комиссия",
     "Аумақтық сайлау комиссиясы"},
    {"District election commission", "Окружная избирательная комиссия",
     "Округтік сайлау комиссиясы"},
    {"Location", "Место", "Орын"},
};
static const struct fixed t_station_hint = {"Its code, as on your deployment list",
                                            "Код, как в вашем списке назначений",
                                            "Тағайындау тізіміңіздегі коды"};
static const struct fixed t_station_bad = {
    "A code of at most 64 characters, without slashes or spaces at either end",
    "Код длиной не более 64 символов, без косых черт и пробелов по краям",
    "Ұзындығы 64 таңбадан аспайтын, қиғаш сызықсыз және шеттерінде бос орынсыз код"};
static const struct fixed t_observer = {"Observer", "Наблюдатель", "Бақылаушы"};
static const struct fixed t_observer_hint = {"Filled in from your login",
                                             "Заполняется по вашей учётной записи",
                                             "Тіркелгіңіз бойынша толтырылады"};
static const struct fixed t_comment = {"Comment", "Комментарий", "Түсініктеме"};
static const struct fixed t_comment_hint = {
    "Anything else worth reporting (optional)",
    "Всё, что ещё стоит сообщить (необязательно)",
    "Тағы хабарлауға тұрарлық нәрсе (міндетті емес)"};
static const struct fixed t_required = {"An answer is required", "Нужен ответ",
                                        "Жауап беру міндетті"};
static const struct fixed t_yes = {"Yes", "Да", "Иә"};
static const struct fixed t_no = {"No", "Нет", "Жоқ"};
static const struct fixed t_rating[4] = {
    {"Very bad", "Очень плохо", "Өте нашар"},
    {"Bad", "Плохо", "Нашар"},
    {"Good", "Хорошо", "Жақсы"},
    {"Very good", "Очень хорошо", "Өте жақсы"},
};
/* printf formats with the range's two bounds (long long). */
static const struct fixed t_range = {"Enter a whole number from %lld to %lld",
                                     "Введите целое число от %lld до %lld",
                                     "%lld мен %lld аралығындағы бүтін санды енгізіңіз"};

/* The language's name as ODK clients show it in their language menu. */
static const char *language_name(const char *lang)
{
	if (!strcmp(lang, "en"))
		return "English (en)";
	if (!strcmp(lang, "ru"))
		return "Русский (ru)";
	if (!strcmp(lang, "kk"))
		return "Қазақша (kk)";
	return lang;
}

static const struct fixed *station_label(const struct form *f)
{
	const char *level = f->level ? f->level : "station";

	if (!strcmp(level, "station"))
		return &t_station[0];
	if (!strcmp(level, "territory"))
		return &t_station[1];
	if (!strcmp(level, "district"))
		return &t_station[2];
	return &t_station[3];
}

/* ---------------------------------------------------------- output */

struct writer {
	struct buf *out;
	enum status rc; /* the first failure; later writes are skipped */
};

static void put_n(struct writer *w, const char *s, size_t n)
{
	if (!w->rc)
		w->rc = buf_append(w->out, s, n);
}

static void put(struct writer *w, const char *s)
{
	put_n(w, s, strlen(s));
}

static void putf(struct writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void putf(struct writer *w, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!w->rc)
			w->rc = ST_INTERNAL;
	} else if ((size_t)n < sizeof(small)) {
		put_n(w, small, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		put_n(w, big, (size_t)n);
		free(big);
	}
}

/* The entity or replacement for byte p[0] of valid UTF-8 text, or NULL
 * when it is written as it is; *len gets the bytes it replaces. */
static const char *escape_of(const unsigned char *p, bool attr, size_t *len)
{
	*len = 1;
	switch (p[0]) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&apos;";
	case '\r':
		return "&#13;";
	case '\t':
		return attr ? "&#9;" : NULL;
	case '\n':
		return attr ? "&#10;" : NULL;
	case 0xEF: /* U+FFFE and U+FFFF are not XML characters */
		if (p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			*len = 3;
			return "\xEF\xBF\xBD";
		}
		return NULL;
	default:
		return p[0] < 0x20 ? "\xEF\xBF\xBD" : NULL;
	}
}

/* s (valid UTF-8) as XML character data, or as an attribute value when
 * attr (tabs and line breaks kept as references). */
static void put_esc(struct writer *w, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	while (*p) {
		size_t len;
		const char *rep = escape_of(p, attr, &len);
		if (!rep) {
			p++;
			continue;
		}
		put_n(w, (const char *)run, (size_t)(p - run));
		put(w, rep);
		p += len;
		run = p;
	}
	put_n(w, (const char *)run, (size_t)(p - run));
}

/* An XPath expression made here (no quotes to escape) as an attribute. */
static void put_xpath(struct writer *w, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			put(w, "&lt;");
		else if (*s == '>')
			put(w, "&gt;");
		else if (*s == '&')
			put(w, "&amp;");
		else
			put_n(w, s, 1);
	}
}

/* ---------------------------------------------------------- constraints */

/* One term of a simple check: a question's value or a number, added or
 * subtracted. */
struct term {
	bool minus;
	const struct form_question *q; /* NULL: num */
	long long num;
};

/* A check "sum op sum", each sum of tags and numbers joined by + and -. */
struct simple_check {
	struct term side[2][SIMPLE_TERMS_MAX];
	size_t n[2];
	const char *op; /* the XPath operator */
};

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* The question spelt exactly tag[0..len) whose value XPath can compare as
 * a number (not text, time or select_multiple), or NULL. */
static const struct form_question *numeric_question(const struct form *f, const char *tag,
                                                    size_t len)
{
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		if (strlen(q->tag) != len || memcmp(q->tag, tag, len))
			continue;
		if (q->type == QT_TEXT || q->type == QT_TIME ||
		    q->type == QT_SELECT_MULTIPLE)
			return NULL;
		return q;
	}
	return NULL;
}

/* One term at *pp: a tag of f or a number.  False for anything else
 * (functions, lists, keywords, parentheses, unary minus). */
static bool read_term(const struct form *f, const char **pp, struct term *t)
{
	const char *p = skip_space(*pp), *start = p;

	if (*p >= '0' && *p <= '9') {
		long long v = 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (*p - '0');
			if (v > SIMPLE_NUM_MAX)
				return false;
		}
		t->q = NULL;
		t->num = v;
	} else if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		       (*p >= '0' && *p <= '9') || *p == '_')
			p++;
		t->q = numeric_question(f, start, (size_t)(p - start));
		if (!t->q) /* and, or, not, functions, unknown or textual tags */
			return false;
	} else {
		return false;
	}
	*pp = p;
	return true;
}

/* One side at *pp: terms joined by + and -, stopping before anything else. */
static bool read_side(const struct form *f, const char **pp, struct term *terms,
                      size_t *n)
{
	const char *p = *pp;
	bool minus = false;

	*n = 0;
	for (;;) {
		if (*n == SIMPLE_TERMS_MAX || !read_term(f, &p, &terms[*n]))
			return false;
		terms[(*n)++].minus = minus;
		p = skip_space(p);
		if (*p != '+' && *p != '-')
			break;
		minus = *p == '-';
		p++;
	}
	*pp = p;
	return true;
}

/* Recognise text as "sum op sum" over numeric questions of f. */
static bool simple_check_parse(const struct form *f, const char *text,
                               struct simple_check *sc)
{
	static const struct {
		const char *expr, *xpath;
	} ops[] = {{"==", "="},  {"!=", "!="}, {"<=", "<="},
	           {">=", ">="}, {"<", "<"},   {">", ">"}};
	const char *p = text;

	if (!read_side(f, &p, sc->side[0], &sc->n[0]))
		return false;
	sc->op = NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]) && !sc->op; i++)
		if (!strncmp(p, ops[i].expr, strlen(ops[i].expr))) {
			sc->op = ops[i].xpath;
			p += strlen(ops[i].expr);
		}
	if (!sc->op || !read_side(f, &p, sc->side[1], &sc->n[1]))
		return false;
	return *skip_space(p) == '\0';
}

/* The question's place in f. */
static size_t question_index(const struct form *f, const struct form_question *q)
{
	return (size_t)(q - f->questions);
}

/* What one question's bind constrains. */
struct constraint {
	struct buf xpath;                 /* empty when there is no constraint */
	bool range;                       /* an integer range, with its message */
	const struct form_check **checks; /* reject checks it carries */
	size_t nchecks;
};

static void xpath_term(struct buf *b, const struct term *t,
                       const struct form_question *host)
{
	if (!t->q)
		buf_appendf(b, "%lld", t->num);
	else if (t->q == host)
		buf_appends(b, "number(.)");
	else
		buf_appendf(b, "number(" ROOT "/%s)", t->q->tag);
}

/* True when the question of term i of side s appears in an earlier term. */
static bool mentioned_before(const struct simple_check *sc, int s, size_t i)
{
	for (int t = 0; t <= s; t++)
		for (size_t j = 0; j < (t < s ? sc->n[t] : i); j++)
			if (sc->side[t][j].q == sc->side[s][i].q)
				return true;
	return false;
}

/* The check as XPath on its host, the last question it reads: true when
 * any question it reads is unanswered ("not applicable"), else the
 * comparison.  Numbers are exact: at most 64 terms of at most 10^12. */
static void xpath_check(struct buf *b, const struct simple_check *sc,
                        const struct form_question *host)
{
	buf_appends(b, "(");
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sc->n[s]; i++) {
			const struct form_question *q = sc->side[s][i].q;
			if (!q || mentioned_before(sc, s, i))
				continue;
			if (q == host)
				buf_appends(b, ". = '' or ");
			else
				buf_appendf(b, ROOT "/%s = '' or ", q->tag);
		}
	for (int s = 0; s < 2; s++) {
		if (s)
			buf_appendf(b, " %s ", sc->op);
		for (size_t i = 0; i < sc->n[s]; i++) {
			if (i)
				buf_appends(b, sc->side[s][i].minus ? " - " : " + ");
			else if (sc->side[s][i].minus)
				buf_appends(b, "-");
			xpath_term(b, &sc->side[s][i], host);
		}
	}
	buf_appends(b, ")");
}

/* Every question's constraint: its range, and the reject checks simple
 * enough to translate, each on the last question it reads.  Flag checks
 * are left to the server: a constraint would refuse the report. */
static struct constraint *constraints_make(const struct form *f)
{
	struct constraint *c = xcalloc(f->nquestions ? f->nquestions : 1, sizeof(*c));
	struct simple_check *sc = xmalloc(sizeof(*sc));

	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		buf_init(&c[i].xpath, BUF_NO_CAP);
		if (q->type != QT_INTEGER)
			continue;
		c[i].range = true;
		if (wide(q))
			buf_appends(&c[i].xpath, "regex(., '^-?[0-9]+$') and ");
		buf_appendf(&c[i].xpath, ". >= %lld and . <= %lld", (long long)q->min,
		            (long long)q->max);
	}
	for (size_t k = 0; k < f->nchecks; k++) {
		const struct form_check *chk = &f->checks[k];
		const struct form_question *host = NULL;
		struct constraint *hc;
		if (chk->severity != CHECK_REJECT ||
		    !simple_check_parse(f, expr_text(chk->expr), sc))
			continue;
		for (int s = 0; s < 2; s++)
			for (size_t i = 0; i < sc->n[s]; i++)
				if (sc->side[s][i].q &&
				    (!host || sc->side[s][i].q > host))
					host = sc->side[s][i].q;
		if (!host)
			continue;
		hc = &c[question_index(f, host)];
		if (hc->xpath.len)
			buf_appends(&hc->xpath, " and ");
		xpath_check(&hc->xpath, sc, host);
		hc->checks =
		    xrealloc(hc->checks, (hc->nchecks + 1) * sizeof(*hc->checks));
		hc->checks[hc->nchecks++] = chk;
	}
	free(sc);
	return c;
}

static void constraints_free(struct constraint *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_release(&c[i].xpath);
		free(c[i].checks);
	}
	free(c);
}

/* ---------------------------------------------------------- itext */

static void text_entry(struct writer *w, const char *id, const char *value)
{
	putf(w, "          <text id=\"%s\"><value>", id);
	put_esc(w, value, false);
	put(w, "</value></text>\n");
}

/* The constraint's message in lang: the range, then each check's message,
 * one a line. */
static void constraint_entry(struct writer *w, const struct form_question *q,
                             const struct constraint *c, const char *lang)
{
	char id[128];

	snprintf(id, sizeof(id), ROOT "/%s:jr:constraintMsg", q->tag);
	putf(w, "          <text id=\"%s\"><value>", id);
	if (c->range) {
		char msg[512];
		snprintf(msg, sizeof(msg), fixed(&t_range, lang), (long long)q->min,
		         (long long)q->max);
		put_esc(w, msg, false);
	}
	for (size_t i = 0; i < c->nchecks; i++) {
		if (i || c->range)
			put(w, "\n");
		put_esc(w, form_text(&c->checks[i]->message, lang), false);
	}
	put(w, "</value></text>\n");
}

static void question_entries(struct writer *w, const struct form_question *q,
                             const struct constraint *c, const char *lang)
{
	char id[128];

	snprintf(id, sizeof(id), ROOT "/%s:label", q->tag);
	text_entry(w, id, form_text(&q->text, lang));
	if (q->hint.n) {
		snprintf(id, sizeof(id), ROOT "/%s:hint", q->tag);
		text_entry(w, id, form_text(&q->hint, lang));
	}
	for (size_t i = 0; i < q->noptions; i++) {
		snprintf(id, sizeof(id), ROOT "/%s/%lld:label", q->tag,
		         (long long)q->options[i].value);
		text_entry(w, id, form_text(&q->options[i].text, lang));
	}
	if (q->required) {
		snprintf(id, sizeof(id), ROOT "/%s:jr:requiredMsg", q->tag);
		text_entry(w, id, fixed(&t_required, lang));
	}
	if (c->xpath.len)
		constraint_entry(w, q, c, lang);
}

static bool has_type(const struct form *f, enum question_type t)
{
	for (size_t i = 0; i < f->nquestions; i++)
		if (f->questions[i].type == t)
			return true;
	return false;
}

static void translation(struct writer *w, const struct form *f,
                        const struct xform_options *opt, const struct constraint *c,
                        size_t li)
{
	const char *lang = f->languages[li];

	put(w, "        <translation lang=\"");
	put_esc(w, language_name(lang), true);
	put(w, li == 0 ? "\" default=\"true()\">\n" : "\">\n");
	text_entry(w, ROOT "/station:label", fixed(station_label(f), lang));
	text_entry(w, ROOT "/station:hint", fixed(&t_station_hint, lang));
	text_entry(w, ROOT "/station:jr:requiredMsg", fixed(&t_required, lang));
	if (!opt->nstations)
		text_entry(w, ROOT "/station:jr:constraintMsg",
		           fixed(&t_station_bad, lang));
	text_entry(w, ROOT "/observer:label", fixed(&t_observer, lang));
	text_entry(w, ROOT "/observer:hint", fixed(&t_observer_hint, lang));
	for (size_t i = 0; i < f->nquestions; i++)
		question_entries(w, &f->questions[i], &c[i], lang);
	if (has_type(f, QT_YESNO)) {
		text_entry(w, "yesno-1:label", fixed(&t_yes, lang));
		text_entry(w, "yesno-0:label", fixed(&t_no, lang));
	}
	if (has_type(f, QT_RATING))
		for (int r = 0; r < 4; r++) {
			char id[32];
			snprintf(id, sizeof(id), "rating-%d:label", r + 1);
			text_entry(w, id, fixed(&t_rating[r], lang));
		}
	text_entry(w, ROOT "/comment:label", fixed(&t_comment, lang));
	text_entry(w, ROOT "/comment:hint", fixed(&t_comment_hint, lang));
	put(w, "        </translation>\n");
}

/* ---------------------------------------------------------- instance, binds */

static void instance(struct writer *w, const struct form *f, const char *mission_code,
                     const struct xform_options *opt)
{
	char version[XFORM_VERSION_MAX];

	put(w, "      <instance>\n        <data id=\"");
	put_esc(w, mission_code, true);
	xform_version(f, version);
	putf(w, "_%s\" version=\"%s\" odk:prefix=\"%s\">\n", f->code, version, f->code);
	put(w, "          <station odk:tag=\"station\"/>\n");
	if (opt->observer) {
		put(w, "          <observer>");
		put_esc(w, opt->observer, false);
		put(w, "</observer>\n");
	} else {
		put(w, "          <observer/>\n");
	}
	for (size_t i = 0; i < f->nquestions; i++)
		putf(w, "          <%s odk:tag=\"%s\"/>\n", f->questions[i].tag,
		     f->questions[i].tag);
	put(w, "          <comment/>\n"
	       "          <meta>\n"
	       "            <instanceID/>\n"
	       "            <deprecatedID/>\n"
	       "          </meta>\n"
	       "        </data>\n"
	       "      </instance>\n");
}

static const char *bind_type(const struct form_question *q)
{
	switch (q->type) {
	case QT_INTEGER:
		return wide(q) ? "string" : "int";
	case QT_TIME:
		return "time";
	default: /* yesno, rating and selects are strings of option values */
		return "string";
	}
}

static void question_bind(struct writer *w, const struct form_question *q,
                          const struct constraint *c)
{
	putf(w, "      <bind nodeset=\"" ROOT "/%s\" type=\"%s\"", q->tag, bind_type(q));
	if (q->required)
		putf(w,
		     " required=\"true()\" jr:requiredMsg=\"jr:itext('" ROOT
		     "/%s:jr:requiredMsg')\"",
		     q->tag);
	if (c->xpath.len) {
		put(w, " constraint=\"");
		put_xpath(w, c->xpath.ptr);
		putf(w,
		     "\" jr:constraintMsg=\"jr:itext('" ROOT "/%s:jr:constraintMsg')\"",
		     q->tag);
	}
	put(w, "/>\n");
}

/* A registry code (location.h): no slash, no control character, no space
 * at either end, at most LOCATION_CODE_MAX characters (the server counts
 * bytes). */
#define STATION_CONSTRAINT                                                               \
	"regex(., '^[^/ \\x00-\\x1f]([^/\\x00-\\x1f]*[^/ \\x00-\\x1f])?$') and "         \
	"string-length(.) <= 64"

_Static_assert(LOCATION_CODE_MAX == 64, "STATION_CONSTRAINT says 64");

static void binds(struct writer *w, const struct form *f, const struct xform_options *opt,
                  const struct constraint *c)
{
	put(w,
	    "      <bind nodeset=\"" ROOT "/station\" type=\"string\" required=\"true()\""
	    " jr:requiredMsg=\"jr:itext('" ROOT "/station:jr:requiredMsg')\"");
	if (!opt->nstations) {
		put(w, " constraint=\"");
		put_xpath(w, STATION_CONSTRAINT);
		put(w, "\" jr:constraintMsg=\"jr:itext('" ROOT
		       "/station:jr:constraintMsg')\"");
	}
	put(w, "/>\n");
	put(w, "      <bind nodeset=\"" ROOT
	       "/observer\" type=\"string\" readonly=\"true()\"");
	if (!opt->observer)
		put(w, " jr:preload=\"property\" jr:preloadParams=\"username\"");
	put(w, "/>\n");
	for (size_t i = 0; i < f->nquestions; i++)
		question_bind(w, &f->questions[i], &c[i]);
	put(w, "      <bind nodeset=\"" ROOT "/comment\" type=\"string\"/>\n"
	       "      <bind nodeset=\"" ROOT "/meta/instanceID\" type=\"string\""
	       " readonly=\"true()\" calculate=\"concat('uuid:', uuid())\"/>\n"
	       "      <bind nodeset=\"" ROOT "/meta/deprecatedID\" type=\"string\""
	       " readonly=\"true()\"/>\n");
}

/* ---------------------------------------------------------- body */

static void label_hint(struct writer *w, const char *name, bool hint)
{
	putf(w, "      <label ref=\"jr:itext('" ROOT "/%s:label')\"/>\n", name);
	if (hint)
		putf(w, "      <hint ref=\"jr:itext('" ROOT "/%s:hint')\"/>\n", name);
}

static void item(struct writer *w, const char *label_id, long long value)
{
	putf(w, "      <item><label ref=\"jr:itext('%s')\"/><value>%lld</value></item>\n",
	     label_id, value);
}

static void station_control(struct writer *w, const struct xform_options *opt)
{
	if (!opt->nstations) {
		put(w, "    <input ref=\"" ROOT "/station\">\n");
		label_hint(w, "station", true);
		put(w, "    </input>\n");
		return;
	}
	/* a long list is searched rather than scrolled */
	putf(w, "    <select1 ref=\"" ROOT "/station\" appearance=\"%s\">\n",
	     opt->nstations > 20 ? "minimal autocomplete" : "minimal");
	label_hint(w, "station", true);
	for (size_t i = 0; i < opt->nstations; i++) {
		const struct xform_station *s = &opt->stations[i];
		put(w, "      <item><label>");
		put_esc(w, s->code, false);
		if (s->name && *s->name) {
			put(w, " — ");
			put_esc(w, s->name, false);
		}
		put(w, "</label><value>");
		put_esc(w, s->code, false);
		put(w, "</value></item>\n");
	}
	put(w, "    </select1>\n");
}

static void question_control(struct writer *w, const struct form_question *q)
{
	static const char *const element[] = {
	    [QT_YESNO] = "select1",      [QT_INTEGER] = "input",
	    [QT_SELECT_ONE] = "select1", [QT_SELECT_MULTIPLE] = "select",
	    [QT_TEXT] = "input",         [QT_TIME] = "input",
	    [QT_RATING] = "select1",
	};
	const char *el = element[q->type];
	char id[128];

	putf(w, "    <%s ref=\"" ROOT "/%s\"%s>\n", el, q->tag,
	     q->type == QT_TEXT ? " appearance=\"multiline\""
	     : wide(q)          ? " appearance=\"numbers\""
	                        : "");
	label_hint(w, q->tag, q->hint.n > 0);
	if (q->type == QT_YESNO) {
		item(w, "yesno-1:label", 1);
		item(w, "yesno-0:label", 0);
	}
	for (int r = 1; q->type == QT_RATING && r <= 4; r++) {
		snprintf(id, sizeof(id), "rating-%d:label", r);
		item(w, id, r);
	}
	for (size_t i = 0; i < q->noptions; i++) {
		snprintf(id, sizeof(id), ROOT "/%s/%lld:label", q->tag,
		         (long long)q->options[i].value);
		item(w, id, (long long)q->options[i].value);
	}
	putf(w, "    </%s>\n", el);
}

static void body(struct writer *w, const struct form *f, const struct xform_options *opt)
{
	put(w, "  <h:body>\n");
	station_control(w, opt);
	put(w, "    <input ref=\"" ROOT "/observer\">\n");
	label_hint(w, "observer", true);
	put(w, "    </input>\n");
	for (size_t i = 0; i < f->nquestions; i++)
		question_control(w, &f->questions[i]);
	put(w, "    <input ref=\"" ROOT "/comment\" appearance=\"multiline\">\n");
	label_hint(w, "comment", true);
	put(w, "    </input>\n  </h:body>\n");
}

/* ---------------------------------------------------------- the document */

static enum status check_input(const struct form *f, const char *mission_code,
                               const struct xform_options *opt, struct err *e)
{
	static const char *const kept[] = {"station", "observer", "comment", "meta"};

	if (!mission_code || !mission_code_valid(mission_code))
		return err_set(e, ST_INVALID, "\"%s\" is not a mission code",
		               mission_code ? mission_code : "");
	for (size_t i = 0; i < f->nquestions; i++)
		for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
			if (text_ieq(f->questions[i].tag, kept[k]))
				return err_set(
				    e, ST_INVALID,
				    "form %s: the tag \"%s\" is the XForm's own "
				    "field \"%s\"; rename the question to write "
				    "the form as an XForm",
				    f->code, f->questions[i].tag, kept[k]);
	for (size_t i = 0; i < opt->nstations; i++) {
		const struct xform_station *s = &opt->stations[i];
		if (!s->code || !registry_code_valid(s->code))
			return err_set(e, ST_INVALID, "station %zu: \"%s\" is not a code",
			               i + 1, s->code ? s->code : "");
		if (s->name && !utf8_valid(s->name, strlen(s->name)))
			return err_set(e, ST_INVALID,
			               "station %s: the name is not valid UTF-8",
			               s->code);
	}
	if (opt->observer && !registry_code_valid(opt->observer))
		return err_set(e, ST_INVALID, "\"%s\" is not an observer code",
		               opt->observer);
	return ST_OK;
}

char *xform_form_id(const char *mission_code, const char *form_code)
{
	return xasprintf("%s_%s", mission_code, form_code);
}

bool xform_form_id_split(const char *id, char mission[XFORM_MISSION_MAX + 1],
                         char form[XFORM_FORM_MAX + 1])
{
	const char *us = strrchr(id, '_');
	size_t nm = us ? (size_t)(us - id) : 0, nf = us ? strlen(us + 1) : 0;

	mission[0] = form[0] = '\0';
	if (!us || nm > XFORM_MISSION_MAX || nf > XFORM_FORM_MAX)
		return false;
	memcpy(mission, id, nm);
	mission[nm] = '\0';
	memcpy(form, us + 1, nf);
	form[nf] = '\0';
	if (mission_code_valid(mission) && form_code_valid(form))
		return true;
	mission[0] = form[0] = '\0';
	return false;
}

enum status xform_write(const struct form *f, const char *mission_code,
                        const struct xform_options *opt, struct buf *out, struct err *e)
{
	static const struct xform_options none = {0};
	struct writer w = {out, ST_OK};
	struct constraint *c = NULL;
	size_t start = out->len;
	enum status rc;

	if (!opt)
		opt = &none;
	rc = check_input(f, mission_code, opt, e);
	if (rc)
		goto out;
	c = constraints_make(f);
	put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<h:html xmlns=\"http://www.w3.org/2002/xforms\""
	        " xmlns:h=\"http://www.w3.org/1999/xhtml\""
	        " xmlns:jr=\"http://openrosa.org/javarosa\""
	        " xmlns:odk=\"http://www.opendatakit.org/xforms\""
	        " xmlns:orx=\"http://openrosa.org/xforms\">\n"
	        "  <h:head>\n    <h:title>");
	put_esc(&w, form_text(&f->name, NULL), false);
	put(&w, "</h:title>\n    <model odk:xforms-version=\"1.0.0\">\n      <itext>\n");
	for (size_t i = 0; i < f->nlanguages; i++)
		translation(&w, f, opt, c, i);
	put(&w, "      </itext>\n");
	instance(&w, f, mission_code, opt);
	binds(&w, f, opt, c);
	put(&w, "    </model>\n  </h:head>\n");
	body(&w, f, opt);
	put(&w, "</h:html>\n");
	rc = w.rc;
	if (rc == ST_TOO_BIG)
		err_set(e, rc, "form %s: the XForm is larger than %zu bytes", f->code,
		        out->cap);
	else if (rc)
		err_set(e, rc, "form %s: cannot write the XForm", f->code);
out:
	if (c)
		constraints_free(c, f->nquestions);
	if (rc) {
		out->len = start;
		out->ptr[start] = '\0';
	}
	return rc;
}
