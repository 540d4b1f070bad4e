/* expr.c - the check-expression language: a lexer, a recursive-descent
 * parser with a depth limit, and an evaluator with three-valued logic
 * (true, false, unknown) and overflow-checked 64-bit arithmetic.
 * Nodes live in the expression's arena and are freed with it. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "core/text.h"
#include "model/expr.h"

#define MAX_ITEMS 5000 /* tags in all the lists of one expression */

enum tk {
	TK_END,
	TK_INT,
	TK_NAME,
	TK_LPAREN,
	TK_RPAREN,
	TK_COMMA,
	TK_DOTDOT,
	TK_STAR,
	TK_QMARK,
	TK_PLUS,
	TK_MINUS,
	TK_SLASH,
	TK_EQ,
	TK_NE,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_AND,
	TK_OR,
	TK_NOT
};

enum op {
	OP_INT,
	OP_TAG,
	OP_NEG,
	OP_NOT,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_AND,
	OP_OR,
	OP_SUM,
	OP_ANSWERED,
	OP_HAS
};

/* One item of a sum() or answered() list after ranges are expanded. */
struct item {
	enum expr_tag_kind kind;
	const char *name;
	const char **bound; /* EXPR_TAG_PREFIX once bound: the matching tags */
	size_t nbound;
	bool present; /* EXPR_TAG_OPTIONAL once bound: the tag exists */
};

struct node {
	enum op op;
	int64_t num;     /* OP_INT; OP_HAS: the value looked for */
	const char *tag; /* OP_TAG, OP_HAS */
	struct node *a, *b;
	struct item *items; /* OP_SUM, OP_ANSWERED */
	size_t nitems;
};

struct expr {
	struct arena arena;
	const char *text;
	struct node *root;
	struct expr_tag *tags;
	size_t ntags;
	bool bound;
};

struct tok {
	enum tk kind;
	size_t off, len;
	int64_t num;
};

struct parser {
	const char *s;
	size_t pos; /* next byte to read */
	struct tok t;
	int depth;
	int in_answered;
	size_t nitems;
	bool failed;
	struct expr *x;
	struct err *e;
	struct strmap seen; /* "kind:name" -> index + 1 in tags */
	size_t tags_alloc;
	struct item *list; /* the list being parsed */
	size_t nlist, list_alloc;
};

/* ---------------------------------------------------------------- errors */

static int column(const struct parser *p, size_t off)
{
	return (int)utf8_count(p->s, off) + 1;
}

/* Describe the current token for "found ..." in messages. */
static void describe(const struct parser *p, char *out, size_t size)
{
	const struct tok *t = &p->t;

	if (t->kind == TK_END)
		snprintf(out, size, "the end of the expression");
	else
		snprintf(out, size, "\"%.*s\"", (int)(t->len > 40 ? 40 : t->len),
		         p->s + t->off);
}

static void fail_at(struct parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(struct parser *p, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(p->e, ST_INVALID, "column %d: %s", column(p, off), msg);
}

/* "column C: expected WHAT, found TOKEN". */
static void expected(struct parser *p, const char *what)
{
	char found[64];

	describe(p, found, sizeof(found));
	fail_at(p, p->t.off, "expected %s, found %s", what, found);
}

/* The error for a character no token begins with, at p->pos. */
static void unexpected(struct parser *p)
{
	const unsigned char *c = (const unsigned char *)p->s + p->pos;
	size_t n = 1;

	if (*c >= 0x80) {
		n = (*c & 0xE0) == 0xC0 ? 2 : (*c & 0xF0) == 0xE0 ? 3 : 4;
		if (n > strlen((const char *)c) || !utf8_valid((const char *)c, n))
			fail_at(p, p->pos, "unexpected byte 0x%02X (not UTF-8)", *c);
		else
			fail_at(p, p->pos,
			        "unexpected character \"%.*s\" (tags and operators are "
			        "ASCII)",
			        (int)n, (const char *)c);
	} else if (!isprint(*c)) {
		fail_at(p, p->pos, "unexpected control character 0x%02X", *c);
	} else {
		fail_at(p, p->pos, "unexpected character \"%c\"", *c);
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

static bool word_is(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != word[i])
			return false;
	return true;
}

static void lex_number(struct parser *p, struct tok *t)
{
	const char *s = p->s;
	int64_t v = 0;

	while (s[p->pos] >= '0' && s[p->pos] <= '9') {
		int d = s[p->pos] - '0';
		if (v > (INT64_MAX - d) / 10) {
			fail_at(p, t->off, "number too large (the largest is %lld)",
			        (long long)INT64_MAX);
			return;
		}
		v = v * 10 + d;
		p->pos++;
	}
	if (is_tag_char(s[p->pos])) {
		fail_at(p, p->pos,
		        "a number cannot run into a letter (tags begin with a "
		        "letter: P1, not 1P)");
		return;
	}
	t->kind = TK_INT;
	t->num = v;
}

static void lex_name(struct parser *p, struct tok *t)
{
	const char *s = p->s;

	while (is_tag_char(s[p->pos]))
		p->pos++;
	t->len = p->pos - t->off;
	if (t->len > EXPR_TAG_MAX) {
		fail_at(p, t->off, "tag longer than %d characters", EXPR_TAG_MAX);
		return;
	}
	t->kind = TK_NAME;
	if (word_is(s + t->off, t->len, "and"))
		t->kind = TK_AND;
	else if (word_is(s + t->off, t->len, "or"))
		t->kind = TK_OR;
	else if (word_is(s + t->off, t->len, "not"))
		t->kind = TK_NOT;
}

/* Two-character operators first, then one-character ones. */
static bool lex_operator(struct parser *p, struct tok *t)
{
	static const struct {
		const char *text;
		enum tk kind;
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
static void next(struct parser *p)
{
	struct tok *t = &p->t;
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
		fail_at(p, t->off, "\"=\" is not an operator: write \"==\" to compare");
	else if (c == '&' || c == '|')
		fail_at(p, t->off, "\"%c\" is not an operator: write \"%c%c\" or \"%s\"",
		        c, c, c, c == '&' ? "and" : "or");
	else if (c == '.')
		fail_at(p, t->off,
		        "\".\" is not allowed here (ranges are written P1..P7)");
	else
		unexpected(p);
}

/* ---------------------------------------------------------------- parser */

static struct node *new_node(struct parser *p, enum op op)
{
	struct node *n = arena_alloc(&p->x->arena, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->op = op;
	return n;
}

/* Note that the expression mentions name (of kind k) at offset off. */
static void note_tag(struct parser *p, const char *name, enum expr_tag_kind k, size_t off)
{
	struct expr *x = p->x;
	char key[EXPR_TAG_MAX + 8];
	void *found;
	struct expr_tag *t;

	snprintf(key, sizeof(key), "%d:%s", (int)k, name);
	if (strmap_find(&p->seen, key, &found)) {
		if (!p->in_answered)
			x->tags[(size_t)found - 1].value_used = true;
		return;
	}
	if (x->ntags == p->tags_alloc) {
		p->tags_alloc = p->tags_alloc ? 2 * p->tags_alloc : 8;
		x->tags = xrealloc(x->tags, p->tags_alloc * sizeof(*x->tags));
	}
	t = &x->tags[x->ntags++];
	t->name = name;
	t->kind = k;
	t->column = column(p, off);
	t->value_used = !p->in_answered;
	strmap_add(&p->seen, arena_strdup(&x->arena, key), (void *)x->ntags, NULL);
}

static void add_item(struct parser *p, enum expr_tag_kind k, const char *name, size_t off)
{
	if (p->failed)
		return;
	if (++p->nitems > MAX_ITEMS) {
		fail_at(p, off, "too many tags in lists (more than %d)", MAX_ITEMS);
		return;
	}
	if (p->nlist == p->list_alloc) {
		p->list_alloc = p->list_alloc ? 2 * p->list_alloc : 8;
		p->list = xrealloc(p->list, p->list_alloc * sizeof(*p->list));
	}
	memset(&p->list[p->nlist], 0, sizeof(p->list[0]));
	p->list[p->nlist].kind = k;
	p->list[p->nlist].name = name;
	p->nlist++;
	note_tag(p, name, k, off);
}

/* Split a tag into the letters before its final digits and their number. */
static bool split_tag(const char *tag, size_t *prefix_len, long *number)
{
	size_t n = strlen(tag), i = n;

	while (i > 0 && tag[i - 1] >= '0' && tag[i - 1] <= '9')
		i--;
	if (i == n || n - i > 6 || (tag[i] == '0' && n - i > 1))
		return false;
	*prefix_len = i;
	*number = strtol(tag + i, NULL, 10);
	return true;
}

/* from..to, both tags already read; from is at offset off. */
static void add_range(struct parser *p, const char *from, const char *to, size_t off)
{
	size_t pl_from, pl_to;
	long lo, hi;

	if (!split_tag(from, &pl_from, &lo) || !split_tag(to, &pl_to, &hi)) {
		fail_at(p, off,
		        "range %s..%s: both ends must end in a number without leading "
		        "zeros (P1..P7)",
		        from, to);
		return;
	}
	if (pl_from != pl_to || strncmp(from, to, pl_from) != 0) {
		fail_at(p, off, "range %s..%s: both ends must have the same prefix", from,
		        to);
		return;
	}
	if (lo > hi) {
		fail_at(p, off, "range %s..%s goes backwards", from, to);
		return;
	}
	if (hi - lo >= EXPR_MAX_RANGE) {
		fail_at(p, off, "range %s..%s has more than %d tags", from, to,
		        EXPR_MAX_RANGE);
		return;
	}
	for (long k = lo; k <= hi && !p->failed; k++) {
		char name[EXPR_TAG_MAX + 16];
		snprintf(name, sizeof(name), "%.*s%ld", (int)pl_from, from, k);
		add_item(p, EXPR_TAG, arena_strdup(&p->x->arena, name), off);
	}
}

static const char *token_text(struct parser *p)
{
	return arena_strndup(&p->x->arena, p->s + p->t.off, p->t.len);
}

/* item = tag [ ".." tag | "*" | "?" ] */
static void parse_item(struct parser *p)
{
	size_t off = p->t.off;
	const char *name;

	if (p->t.kind != TK_NAME) {
		expected(p, "a tag");
		return;
	}
	name = token_text(p);
	next(p);
	if (p->t.kind == TK_DOTDOT) {
		next(p);
		if (p->t.kind != TK_NAME) {
			expected(p, "a tag to end the range");
			return;
		}
		add_range(p, name, token_text(p), off);
		next(p);
	} else if (p->t.kind == TK_STAR) {
		size_t n = strlen(name);
		if (name[n - 1] >= '0' && name[n - 1] <= '9') {
			fail_at(p, off, "\"%s*\": a prefix must end in a letter", name);
			return;
		}
		add_item(p, EXPR_TAG_PREFIX, name, off);
		next(p);
	} else if (p->t.kind == TK_QMARK) {
		add_item(p, EXPR_TAG_OPTIONAL, name, off);
		next(p);
	} else {
		add_item(p, EXPR_TAG, name, off);
	}
}

/* "(" item { "," item } ")", the "(" being current. */
static void parse_list(struct parser *p, struct node *n)
{
	p->nlist = 0;
	next(p);
	parse_item(p);
	while (!p->failed && p->t.kind == TK_COMMA) {
		next(p);
		parse_item(p);
	}
	if (p->failed)
		return;
	if (p->t.kind != TK_RPAREN) {
		expected(p, "\",\" or \")\"");
		return;
	}
	next(p);
	n->nitems = p->nlist;
	n->items = arena_alloc(&p->x->arena, p->nlist * sizeof(*n->items));
	memcpy(n->items, p->list, p->nlist * sizeof(*n->items));
}

/* has(TAG, [-]INT), the "(" being current. */
static void parse_has(struct parser *p, struct node *n)
{
	bool minus = false;

	next(p);
	if (p->t.kind != TK_NAME) {
		expected(p, "a tag");
		return;
	}
	n->tag = token_text(p);
	note_tag(p, n->tag, EXPR_TAG, p->t.off);
	next(p);
	if (p->t.kind != TK_COMMA) {
		expected(p, "\",\"");
		return;
	}
	next(p);
	if (p->t.kind == TK_MINUS) {
		minus = true;
		next(p);
	}
	if (p->t.kind != TK_INT) {
		expected(p, "a number");
		return;
	}
	n->num = minus ? -p->t.num : p->t.num;
	next(p);
	if (p->t.kind != TK_RPAREN) {
		expected(p, "\")\"");
		return;
	}
	next(p);
}

static struct node *parse_call(struct parser *p, size_t off, const char *name)
{
	struct node *n;

	if (word_is(name, strlen(name), "sum")) {
		n = new_node(p, OP_SUM);
		parse_list(p, n);
	} else if (word_is(name, strlen(name), "answered")) {
		n = new_node(p, OP_ANSWERED);
		p->in_answered++;
		parse_list(p, n);
		p->in_answered--;
	} else if (word_is(name, strlen(name), "has")) {
		n = new_node(p, OP_HAS);
		parse_has(p, n);
	} else {
		fail_at(p, off,
		        "unknown function \"%s\" (the functions are sum, answered, has)",
		        name);
		return NULL;
	}
	return p->failed ? NULL : n;
}

static bool enter(struct parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail_at(p, p->t.off, "nested too deeply (more than %d levels)",
		        EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct node *parse_or(struct parser *p);

/* primary = integer | tag | call | "(" or ")" */
static struct node *parse_primary(struct parser *p)
{
	struct node *n = NULL;
	size_t off = p->t.off;

	if (p->failed)
		return NULL;
	switch (p->t.kind) {
	case TK_INT:
		n = new_node(p, OP_INT);
		n->num = p->t.num;
		next(p);
		return n;
	case TK_NAME: {
		const char *name = token_text(p);
		next(p);
		if (p->t.kind == TK_LPAREN)
			return parse_call(p, off, name);
		n = new_node(p, OP_TAG);
		n->tag = name;
		note_tag(p, name, EXPR_TAG, off);
		return n;
	}
	case TK_LPAREN:
		if (!enter(p))
			return NULL;
		next(p);
		n = parse_or(p);
		p->depth--;
		if (p->failed)
			return NULL;
		if (p->t.kind != TK_RPAREN) {
			expected(p, "\")\"");
			return NULL;
		}
		next(p);
		return n;
	default:
		expected(p, "a number, a tag, a function or \"(\"");
		return NULL;
	}
}

/* unary = "-" unary | primary */
static struct node *parse_unary(struct parser *p)
{
	struct node *n;

	if (p->failed || p->t.kind != TK_MINUS)
		return parse_primary(p);
	if (!enter(p))
		return NULL;
	next(p);
	n = new_node(p, OP_NEG);
	n->a = parse_unary(p);
	p->depth--;
	return p->failed ? NULL : n;
}

static struct node *binary(struct parser *p, enum op op, struct node *a, struct node *b)
{
	struct node *n;

	if (p->failed)
		return NULL;
	n = new_node(p, op);
	n->a = a;
	n->b = b;
	return n;
}

/* product = unary { ("*" | "/") unary } */
static struct node *parse_product(struct parser *p)
{
	struct node *n = parse_unary(p);

	while (!p->failed && (p->t.kind == TK_STAR || p->t.kind == TK_SLASH)) {
		enum op op = p->t.kind == TK_STAR ? OP_MUL : OP_DIV;
		next(p);
		n = binary(p, op, n, parse_unary(p));
	}
	return n;
}

/* sum = product { ("+" | "-") product } */
static struct node *parse_sum(struct parser *p)
{
	struct node *n = parse_product(p);

	while (!p->failed && (p->t.kind == TK_PLUS || p->t.kind == TK_MINUS)) {
		enum op op = p->t.kind == TK_PLUS ? OP_ADD : OP_SUB;
		next(p);
		n = binary(p, op, n, parse_product(p));
	}
	return n;
}

static bool comparison_op(enum tk k, enum op *op)
{
	switch (k) {
	case TK_EQ:
		*op = OP_EQ;
		return true;
	case TK_NE:
		*op = OP_NE;
		return true;
	case TK_LT:
		*op = OP_LT;
		return true;
	case TK_LE:
		*op = OP_LE;
		return true;
	case TK_GT:
		*op = OP_GT;
		return true;
	case TK_GE:
		*op = OP_GE;
		return true;
	default:
		return false;
	}
}

/* comparison = sum [ op sum ]; a second operator is an error. */
static struct node *parse_cmp(struct parser *p)
{
	struct node *n = parse_sum(p);
	enum op op;

	if (p->failed || !comparison_op(p->t.kind, &op))
		return n;
	next(p);
	n = binary(p, op, n, parse_sum(p));
	if (!p->failed && comparison_op(p->t.kind, &op))
		fail_at(p, p->t.off,
		        "comparisons cannot be chained: write \"A <= B and B <= C\"");
	return p->failed ? NULL : n;
}

/* not = ("not" | "!") not | comparison */
static struct node *parse_not(struct parser *p)
{
	struct node *n;

	if (p->failed || p->t.kind != TK_NOT)
		return parse_cmp(p);
	if (!enter(p))
		return NULL;
	next(p);
	n = new_node(p, OP_NOT);
	n->a = parse_not(p);
	p->depth--;
	return p->failed ? NULL : n;
}

/* and = not { ("and" | "&&") not } */
static struct node *parse_and(struct parser *p)
{
	struct node *n = parse_not(p);

	while (!p->failed && p->t.kind == TK_AND) {
		next(p);
		n = binary(p, OP_AND, n, parse_not(p));
	}
	return n;
}

/* or = and { ("or" | "||") and } */
static struct node *parse_or(struct parser *p)
{
	struct node *n = parse_and(p);

	while (!p->failed && p->t.kind == TK_OR) {
		next(p);
		n = binary(p, OP_OR, n, parse_and(p));
	}
	return n;
}

enum status expr_parse(const char *text, struct expr **out, struct err *e)
{
	struct parser p;
	struct expr *x = xcalloc(1, sizeof(*x));
	size_t len = strlen(text);

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.s = text;
	p.x = x;
	p.e = e;
	strmap_init(&p.seen);
	x->text = arena_strdup(&x->arena, text);
	if (len > EXPR_MAX_LEN) {
		err_set(e, ST_INVALID, "expression longer than %d characters",
		        EXPR_MAX_LEN);
		p.failed = true;
		goto out;
	}
	next(&p);
	if (!p.failed && p.t.kind == TK_END)
		expected(&p, "an expression");
	x->root = parse_or(&p);
	if (!p.failed && p.t.kind != TK_END)
		expected(&p, "an operator or the end of the expression");
out:
	strmap_release(&p.seen);
	free(p.list);
	if (p.failed) {
		expr_free(x);
		return ST_INVALID;
	}
	*out = x;
	return ST_OK;
}

void expr_free(struct expr *x)
{
	if (!x)
		return;
	free(x->tags);
	arena_release(&x->arena);
	free(x);
}

const char *expr_text(const struct expr *x)
{
	return x->text;
}

const struct expr_tag *expr_tags(const struct expr *x, size_t *n)
{
	*n = x->ntags;
	return x->tags;
}

bool expr_prefix_matches(const char *prefix, const char *tag)
{
	size_t n = strlen(prefix);

	if (strncmp(prefix, tag, n) != 0 || !tag[n])
		return false;
	for (const char *c = tag + n; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

/* --------------------------------------------------------------- binding */

static void bind_node(struct expr *x, struct node *n, const char *const *tags, size_t nt)
{
	if (!n)
		return;
	bind_node(x, n->a, tags, nt);
	bind_node(x, n->b, tags, nt);
	for (size_t i = 0; i < n->nitems; i++) {
		struct item *it = &n->items[i];
		if (it->kind == EXPR_TAG_OPTIONAL) {
			it->present = false;
			for (size_t k = 0; k < nt && !it->present; k++)
				it->present = !strcmp(tags[k], it->name);
		} else if (it->kind == EXPR_TAG_PREFIX) {
			size_t m = 0;
			for (size_t k = 0; k < nt; k++)
				m += expr_prefix_matches(it->name, tags[k]);
			it->bound = arena_alloc(&x->arena, (m ? m : 1) * sizeof(char *));
			it->nbound = 0;
			for (size_t k = 0; k < nt; k++)
				if (expr_prefix_matches(it->name, tags[k]))
					it->bound[it->nbound++] =
					    arena_strdup(&x->arena, tags[k]);
		}
	}
}

void expr_bind(struct expr *x, const char *const *tags, size_t n)
{
	bind_node(x, x->root, tags, n);
	x->bound = true;
}

/* ------------------------------------------------------------ evaluation */

/* Minutes after midnight of "H:MM" or "HH:MM", optionally ":SS". */
static bool time_minutes(const char *s, int64_t *v)
{
	int h = 0, i = 0;

	if (!isdigit((unsigned char)s[0]))
		return false;
	while (isdigit((unsigned char)s[i]) && i < 2)
		h = h * 10 + (s[i++] - '0');
	if (s[i] != ':' || !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]))
		return false;
	if (s[i + 3] && !(s[i + 3] == ':' && isdigit((unsigned char)s[i + 4]) &&
	                  isdigit((unsigned char)s[i + 5]) && !s[i + 6]))
		return false;
	*v = h * 60 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	return h < 24 && s[i + 1] < '6';
}

static bool answered(const json_t *j)
{
	return j && !json_is_null(j) && !(json_is_string(j) && !json_string_length(j));
}

/* The number an answer stands for; false when it has none. */
static bool answer_value(const json_t *j, int64_t *v)
{
	switch (json_typeof(j)) {
	case JSON_INTEGER:
		*v = json_integer_value(j);
		return true;
	case JSON_TRUE:
		*v = 1;
		return true;
	case JSON_FALSE:
		*v = 0;
		return true;
	case JSON_ARRAY:
		*v = (int64_t)json_array_size(j);
		return true;
	case JSON_STRING:
		return time_minutes(json_string_value(j), v);
	default:
		return false;
	}
}

static bool tag_value(const json_t *answers, const char *tag, int64_t *v)
{
	const json_t *j = answers ? json_object_get(answers, tag) : NULL;

	return j && answer_value(j, v);
}

/* Add the value of tag to *sum; false when unknown or on overflow. */
static bool add_tag(const json_t *answers, const char *tag, int64_t *sum)
{
	int64_t v;

	return tag_value(answers, tag, &v) && !__builtin_add_overflow(*sum, v, sum);
}

/* sum() or answered() of one item; false when the sum is unknown. */
static bool item_total(const struct expr *x, const struct item *it, const json_t *answers,
                       bool count, int64_t *total)
{
	if (it->kind == EXPR_TAG || (it->kind == EXPR_TAG_OPTIONAL && x->bound)) {
		if (it->kind == EXPR_TAG_OPTIONAL && !it->present)
			return true;
		if (count) {
			*total += answered(json_object_get(answers, it->name));
			return true;
		}
		return add_tag(answers, it->name, total);
	}
	if (it->kind == EXPR_TAG_OPTIONAL) {
		const json_t *j = json_object_get(answers, it->name);
		if (!answered(j))
			return true;
		if (count) {
			(*total)++;
			return true;
		}
		return add_tag(answers, it->name, total);
	}
	if (x->bound) {
		if (!it->nbound && !count)
			return false;
		for (size_t i = 0; i < it->nbound; i++) {
			if (count)
				*total +=
				    answered(json_object_get(answers, it->bound[i]));
			else if (!add_tag(answers, it->bound[i], total))
				return false;
		}
		return true;
	} else {
		const char *key;
		json_t *j;
		size_t matched = 0;
		json_object_foreach((json_t *)answers, key, j)
		{
			if (!expr_prefix_matches(it->name, key))
				continue;
			matched++;
			if (count)
				*total += answered(j);
			else if (!add_tag(answers, key, total))
				return false;
		}
		return matched || count;
	}
}

static bool eval_list(const struct expr *x, const struct node *n, const json_t *answers,
                      int64_t *v)
{
	bool count = n->op == OP_ANSWERED;

	*v = 0;
	if (!answers || !json_is_object(answers))
		return count;
	for (size_t i = 0; i < n->nitems; i++)
		if (!item_total(x, &n->items[i], answers, count, v))
			return false;
	return true;
}

static bool eval_has(const struct node *n, const json_t *answers, int64_t *v)
{
	const json_t *j = answers ? json_object_get(answers, n->tag) : NULL;
	size_t i;
	json_t *item;

	if (json_is_array(j)) {
		*v = 0;
		json_array_foreach(j, i, item)
		{
			if (json_is_integer(item) && json_integer_value(item) == n->num)
				*v = 1;
		}
		return true;
	}
	if (!j || json_is_string(j) || !answer_value(j, v))
		return false;
	*v = *v == n->num;
	return true;
}

static bool eval(const struct expr *x, const struct node *n, const json_t *answers,
                 int64_t *v);

/* Kleene logic: false and unknown is false, true or unknown is true. */
static bool eval_logic(const struct expr *x, const struct node *n, const json_t *answers,
                       int64_t *v)
{
	int64_t a, b;
	bool ka = eval(x, n->a, answers, &a), kb = eval(x, n->b, answers, &b);
	int64_t decisive = n->op == OP_OR; /* the value that settles it */

	if ((ka && (a != 0) == decisive) || (kb && (b != 0) == decisive)) {
		*v = decisive;
		return true;
	}
	if (!ka || !kb)
		return false;
	*v = !decisive;
	return true;
}

static bool arith(enum op op, int64_t a, int64_t b, int64_t *v)
{
	switch (op) {
	case OP_ADD:
		return !__builtin_add_overflow(a, b, v);
	case OP_SUB:
		return !__builtin_sub_overflow(a, b, v);
	case OP_MUL:
		return !__builtin_mul_overflow(a, b, v);
	case OP_DIV:
		if (b == 0 || (a == INT64_MIN && b == -1))
			return false;
		*v = a / b;
		return true;
	case OP_EQ:
		*v = a == b;
		return true;
	case OP_NE:
		*v = a != b;
		return true;
	case OP_LT:
		*v = a < b;
		return true;
	case OP_LE:
		*v = a <= b;
		return true;
	case OP_GT:
		*v = a > b;
		return true;
	case OP_GE:
		*v = a >= b;
		return true;
	default:
		return false;
	}
}

static bool eval(const struct expr *x, const struct node *n, const json_t *answers,
                 int64_t *v)
{
	int64_t a, b;

	*v = 0;
	switch (n->op) {
	case OP_INT:
		*v = n->num;
		return true;
	case OP_TAG:
		return tag_value(answers, n->tag, v);
	case OP_NEG:
		if (!eval(x, n->a, answers, &a) || a == INT64_MIN)
			return false;
		*v = -a;
		return true;
	case OP_NOT:
		if (!eval(x, n->a, answers, &a))
			return false;
		*v = !a;
		return true;
	case OP_AND:
	case OP_OR:
		return eval_logic(x, n, answers, v);
	case OP_SUM:
	case OP_ANSWERED:
		return eval_list(x, n, answers, v);
	case OP_HAS:
		return eval_has(n, answers, v);
	default:
		if (!eval(x, n->a, answers, &a) || !eval(x, n->b, answers, &b))
			return false;
		if (!arith(n->op, a, b, v)) {
			*v = 0;
			return false;
		}
		return true;
	}
}

bool expr_eval(const struct expr *x, const json_t *answers, int64_t *value)
{
	if (!answers || !json_is_object(answers))
		answers = NULL;
	if (!eval(x, x->root, answers, value)) {
		*value = 0;
		return false;
	}
	return true;
}

enum expr_outcome expr_check(const struct expr *x, const json_t *answers)
{
	int64_t v;

	if (!expr_eval(x, answers, &v))
		return EXPR_NA;
	return v ? EXPR_PASS : EXPR_FAIL;
}

const char *expr_outcome_str(enum expr_outcome o)
{
	switch (o) {
	case EXPR_PASS:
		return "pass";
	case EXPR_FAIL:
		return "fail";
	default:
		return "not applicable";
	}
}
