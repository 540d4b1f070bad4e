/* expr_lex.c - the check-expression lexer: tokens (numbers, tags, keywords,
 * operators) and the syntax errors it and the parser report, each with the
 * column it was found at. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "model/expr_int.h"

/* ---------------------------------------------------------------- errors */

int expr_lex_column(const struct expr_parser *p, size_t off)
{
	return (int)utf8_count(p->s, off) + 1;
}

/* Describe the current token for "found ..." in messages. */
static void describe(const struct expr_parser *p, char *out, size_t size)
{
	const struct expr_tok *t = &p->t;

	if (t->kind == TK_END)
		snprintf(out, size, "the end of the expression");
	else
		snprintf(out, size, "\"%.*s\"", (int)(t->len > 40 ? 40 : t->len),
		         p->s + t->off);
}

void expr_lex_fail_at(struct expr_parser *p, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(p->e, ST_INVALID, "column %d: %s", expr_lex_column(p, off), msg);
}

/* "column C: expected WHAT, found TOKEN". */
void expr_lex_expected(struct expr_parser *p, const char *what)
{
	char found[64];

	describe(p, found, sizeof(found));
	expr_lex_fail_at(p, p->t.off, "expected %s, found %s", what, found);
}

/* The error for a character no token begins with, at p->pos. */
static void unexpected(struct expr_parser *p)
{
	const unsigned char *c = (const unsigned char *)p->s + p->pos;
	size_t n = 1;

	if (*c >= 0x80) {
		n = (*c & 0xE0) == 0xC0 ? 2 : (*c & 0xF0) == 0xE0 ? 3 : 4;
		if (n > strlen((const char *)c) || !utf8_valid((const char *)c, n))
			expr_lex_fail_at(p, p->pos, "unexpected byte 0x%02X (not UTF-8)",
			                 *c);
		else
			expr_lex_fail_at(
			    p, p->pos,
			    "unexpected character \"%.*s\" (tags and operators are "
			    "ASCII)",
			    (int)n, (const char *)c);
	} else if (!isprint(*c)) {
		expr_lex_fail_at(p, p->pos, "unexpected control character 0x%02X", *c);
	} else {
		expr_lex_fail_at(p, p->pos, "unexpected character \"%c\"", *c);
	}
}

/* ----------------------------------------------------------------- lexer */

static bool is_tag_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_tag_char(char c)
{
	return is_tag_start(c) || (c >= '0' && c <= '9') || c == '_';
}

bool expr_lex_word_is(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != word[i])
			return false;
	return true;
}

static void lex_number(struct expr_parser *p, struct expr_tok *t)
{
	const char *s = p->s;
	int64_t v = 0;

	while (s[p->pos] >= '0' && s[p->pos] <= '9') {
		int d = s[p->pos] - '0';
		if (v > (INT64_MAX - d) / 10) {
			expr_lex_fail_at(p, t->off,
			                 "number too large (the largest is %lld)",
			                 (long long)INT64_MAX);
			return;
		}
		v = v * 10 + d;
		p->pos++;
	}
	if (is_tag_char(s[p->pos])) {
		expr_lex_fail_at(p, p->pos,
		                 "a number cannot run into a letter (tags begin with a "
		                 "letter: P1, not 1P)");
		return;
	}
	t->kind = TK_INT;
	t->num = v;
}

static void lex_name(struct expr_parser *p, struct expr_tok *t)
{
	const char *s = p->s;

	while (is_tag_char(s[p->pos]))
		p->pos++;
	t->len = p->pos - t->off;
	if (t->len > EXPR_TAG_MAX) {
		expr_lex_fail_at(p, t->off, "tag longer than %d characters",
		                 EXPR_TAG_MAX);
		return;
	}
	t->kind = TK_NAME;
	if (expr_lex_word_is(s + t->off, t->len, "and"))
		t->kind = TK_AND;
	else if (expr_lex_word_is(s + t->off, t->len, "or"))
		t->kind = TK_OR;
	else if (expr_lex_word_is(s + t->off, t->len, "not"))
		t->kind = TK_NOT;
}

/* Two-character operators first, then one-character ones. */
static bool lex_operator(struct expr_parser *p, struct expr_tok *t)
{
	static const struct {
		const char *text;
		enum expr_tk kind;
	} ops[] = {{"==", TK_EQ},   {"!=", TK_NE},  {"<=", TK_LE},     {">=", TK_GE},
	           {"&&", TK_AND},  {"||", TK_OR},  {"..", TK_DOTDOT}, {"<", TK_LT},
	           {">", TK_GT},    {"!", TK_NOT},  {"(", TK_LPAREN},  {")", TK_RPAREN},
	           {",", TK_COMMA}, {"*", TK_STAR}, {"?", TK_QMARK},   {"+", TK_PLUS},
	           {"-", TK_MINUS}, {"/", TK_SLASH}};
	const char *s = p->s + p->pos;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);
		if (!strncmp(s, ops[i].text, n)) {
			t->kind = ops[i].kind;
			t->len = n;
			p->pos += n;
			return true;
		}
	}
	return false;
}

/* Read the next token into p->t. */
void expr_lex_next(struct expr_parser *p)
{
	struct expr_tok *t = &p->t;
	const char *s = p->s;
	char c;

	if (p->failed)
		return;
	while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' ||
	       s[p->pos] == '\r')
		p->pos++;
	memset(t, 0, sizeof(*t));
	t->off = p->pos;
	c = s[p->pos];
	if (!c) {
		t->kind = TK_END;
		return;
	}
	if (c >= '0' && c <= '9') {
		lex_number(p, t);
		t->len = p->pos - t->off;
		return;
	}
	if (is_tag_start(c)) {
		lex_name(p, t);
		return;
	}
	if (lex_operator(p, t))
		return;
	if (c == '=')
		expr_lex_fail_at(p, t->off,
		                 "\"=\" is not an operator: write \"==\" to compare");
	else if (c == '&' || c == '|')
		expr_lex_fail_at(p, t->off,
		                 "\"%c\" is not an operator: write \"%c%c\" or \"%s\"", c,
		                 c, c, c == '&' ? "and" : "or");
	else if (c == '.')
		expr_lex_fail_at(p, t->off,
		                 "\".\" is not allowed here (ranges are written P1..P7)");
	else
		unexpected(p);
}
