/* expr_parse.c - the check-expression parser: recursive descent over
 * expr_lex.c's tokens with a depth limit, ranges expanded as they are read
 * and every tag noted (expr_tags()) in order of first mention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "model/expr_int.h"

#define MAX_ITEMS 5000 /* tags in all the lists of one expression */

static struct expr_node *new_node(struct expr_parser *p, enum expr_op op)
{
	struct expr_node *n = arena_alloc(&p->x->arena, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->op = op;
	return n;
}

/* Note that the expression mentions name (of kind k) at offset off. */
static void note_tag(struct expr_parser *p, const char *name, enum expr_tag_kind k,
                     size_t off)
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
	t->column = expr_lex_column(p, off);
	t->value_used = !p->in_answered;
	strmap_add(&p->seen, arena_strdup(&x->arena, key), (void *)x->ntags, NULL);
}

static void add_item(struct expr_parser *p, enum expr_tag_kind k, const char *name,
                     size_t off)
{
	if (p->failed)
		return;
	if (++p->nitems > MAX_ITEMS) {
		expr_lex_fail_at(p, off, "too many tags in lists (more than %d)",
		                 MAX_ITEMS);
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
static void add_range(struct expr_parser *p, const char *from, const char *to, size_t off)
{
	size_t pl_from, pl_to;
	long lo, hi;

	if (!split_tag(from, &pl_from, &lo) || !split_tag(to, &pl_to, &hi)) {
		expr_lex_fail_at(
		    p, off,
		    "range %s..%s: both ends must end in a number without leading "
		    "zeros (P1..P7)",
		    from, to);
		return;
	}
	if (pl_from != pl_to || strncmp(from, to, pl_from) != 0) {
		expr_lex_fail_at(p, off,
		                 "range %s..%s: both ends must have the same prefix",
		                 from, to);
		return;
	}
	if (lo > hi) {
		expr_lex_fail_at(p, off, "range %s..%s goes backwards", from, to);
		return;
	}
	if (hi - lo >= EXPR_MAX_RANGE) {
		expr_lex_fail_at(p, off, "range %s..%s has more than %d tags", from, to,
		                 EXPR_MAX_RANGE);
		return;
	}
	for (long k = lo; k <= hi && !p->failed; k++) {
		char name[EXPR_TAG_MAX + 16];
		snprintf(name, sizeof(name), "%.*s%ld", (int)pl_from, from, k);
		add_item(p, EXPR_TAG, arena_strdup(&p->x->arena, name), off);
	}
}

static const char *token_text(struct expr_parser *p)
{
	return arena_strndup(&p->x->arena, p->s + p->t.off, p->t.len);
}

/* item = tag [ ".." tag | "*" | "?" ] */
static void parse_item(struct expr_parser *p)
{
	size_t off = p->t.off;
	const char *name;

	if (p->t.kind != TK_NAME) {
		expr_lex_expected(p, "a tag");
		return;
	}
	name = token_text(p);
	expr_lex_next(p);
	if (p->t.kind == TK_DOTDOT) {
		expr_lex_next(p);
		if (p->t.kind != TK_NAME) {
			expr_lex_expected(p, "a tag to end the range");
			return;
		}
		add_range(p, name, token_text(p), off);
		expr_lex_next(p);
	} else if (p->t.kind == TK_STAR) {
		size_t n = strlen(name);
		if (name[n - 1] >= '0' && name[n - 1] <= '9') {
			expr_lex_fail_at(p, off, "\"%s*\": a prefix must end in a letter",
			                 name);
			return;
		}
		add_item(p, EXPR_TAG_PREFIX, name, off);
		expr_lex_next(p);
	} else if (p->t.kind == TK_QMARK) {
		add_item(p, EXPR_TAG_OPTIONAL, name, off);
		expr_lex_next(p);
	} else {
		add_item(p, EXPR_TAG, name, off);
	}
}

/* "(" item { "," item } ")", the "(" being current. */
static void parse_list(struct expr_parser *p, struct expr_node *n)
{
	p->nlist = 0;
	expr_lex_next(p);
	parse_item(p);
	while (!p->failed && p->t.kind == TK_COMMA) {
		expr_lex_next(p);
		parse_item(p);
	}
	if (p->failed)
		return;
	if (p->t.kind != TK_RPAREN) {
		expr_lex_expected(p, "\",\" or \")\"");
		return;
	}
	expr_lex_next(p);
	n->nitems = p->nlist;
	n->items = arena_alloc(&p->x->arena, p->nlist * sizeof(*n->items));
	memcpy(n->items, p->list, p->nlist * sizeof(*n->items));
}

/* has(TAG, [-]INT), the "(" being current. */
static void parse_has(struct expr_parser *p, struct expr_node *n)
{
	bool minus = false;

	expr_lex_next(p);
	if (p->t.kind != TK_NAME) {
		expr_lex_expected(p, "a tag");
		return;
	}
	n->tag = token_text(p);
	note_tag(p, n->tag, EXPR_TAG, p->t.off);
	expr_lex_next(p);
	if (p->t.kind != TK_COMMA) {
		expr_lex_expected(p, "\",\"");
		return;
	}
	expr_lex_next(p);
	if (p->t.kind == TK_MINUS) {
		minus = true;
		expr_lex_next(p);
	}
	if (p->t.kind != TK_INT) {
		expr_lex_expected(p, "a number");
		return;
	}
	n->num = minus ? -p->t.num : p->t.num;
	expr_lex_next(p);
	if (p->t.kind != TK_RPAREN) {
		expr_lex_expected(p, "\")\"");
		return;
	}
	expr_lex_next(p);
}

static struct expr_node *parse_call(struct expr_parser *p, size_t off, const char *name)
{
	struct expr_node *n;

	if (expr_lex_word_is(name, strlen(name), "sum")) {
		n = new_node(p, OP_SUM);
		parse_list(p, n);
	} else if (expr_lex_word_is(name, strlen(name), "answered")) {
		n = new_node(p, OP_ANSWERED);
		p->in_answered++;
		parse_list(p, n);
		p->in_answered--;
	} else if (expr_lex_word_is(name, strlen(name), "has")) {
		n = new_node(p, OP_HAS);
		parse_has(p, n);
	} else {
		expr_lex_fail_at(
		    p, off,
		    "unknown function \"%s\" (the functions are sum, answered, has)",
		    name);
		return NULL;
	}
	return p->failed ? NULL : n;
}

static bool enter(struct expr_parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		expr_lex_fail_at(p, p->t.off, "nested too deeply (more than %d levels)",
		                 EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr_node *parse_or(struct expr_parser *p);

/* primary = integer | tag | call | "(" or ")" */
static struct expr_node *parse_primary(struct expr_parser *p)
{
	struct expr_node *n = NULL;
	size_t off = p->t.off;

	if (p->failed)
		return NULL;
	switch (p->t.kind) {
	case TK_INT:
		n = new_node(p, OP_INT);
		n->num = p->t.num;
		expr_lex_next(p);
		return n;
	case TK_NAME: {
		const char *name = token_text(p);
		expr_lex_next(p);
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
		expr_lex_next(p);
		n = parse_or(p);
		p->depth--;
		if (p->failed)
			return NULL;
		if (p->t.kind != TK_RPAREN) {
			expr_lex_expected(p, "\")\"");
			return NULL;
		}
		expr_lex_next(p);
		return n;
	default:
		expr_lex_expected(p, "a number, a tag, a function or \"(\"");
		return NULL;
	}
}

/* unary = "-" unary | primary */
static struct expr_node *parse_unary(struct expr_parser *p)
{
	struct expr_node *n;

	if (p->failed || p->t.kind != TK_MINUS)
		return parse_primary(p);
	if (!enter(p))
		return NULL;
	expr_lex_next(p);
	n = new_node(p, OP_NEG);
	n->a = parse_unary(p);
	p->depth--;
	return p->failed ? NULL : n;
}

static struct expr_node *binary(struct expr_parser *p, enum expr_op op,
                                struct expr_node *a, struct expr_node *b)
{
	struct expr_node *n;

	if (p->failed)
		return NULL;
	n = new_node(p, op);
	n->a = a;
	n->b = b;
	return n;
}

/* product = unary { ("*" | "/") unary } */
static struct expr_node *parse_product(struct expr_parser *p)
{
	struct expr_node *n = parse_unary(p);

	while (!p->failed && (p->t.kind == TK_STAR || p->t.kind == TK_SLASH)) {
		enum expr_op op = p->t.kind == TK_STAR ? OP_MUL : OP_DIV;
		expr_lex_next(p);
		n = binary(p, op, n, parse_unary(p));
	}
	return n;
}

/* sum = product { ("+" | "-") product } */
static struct expr_node *parse_sum(struct expr_parser *p)
{
	struct expr_node *n = parse_product(p);

	while (!p->failed && (p->t.kind == TK_PLUS || p->t.kind == TK_MINUS)) {
		enum expr_op op = p->t.kind == TK_PLUS ? OP_ADD : OP_SUB;
		expr_lex_next(p);
		n = binary(p, op, n, parse_product(p));
	}
	return n;
}

static bool comparison_op(enum expr_tk k, enum expr_op *op)
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
static struct expr_node *parse_cmp(struct expr_parser *p)
{
	struct expr_node *n = parse_sum(p);
	enum expr_op op;

	if (p->failed || !comparison_op(p->t.kind, &op))
		return n;
	expr_lex_next(p);
	n = binary(p, op, n, parse_sum(p));
	if (!p->failed && comparison_op(p->t.kind, &op))
		expr_lex_fail_at(
		    p, p->t.off,
		    "comparisons cannot be chained: write \"A <= B and B <= C\"");
	return p->failed ? NULL : n;
}

/* not = ("not" | "!") not | comparison */
static struct expr_node *parse_not(struct expr_parser *p)
{
	struct expr_node *n;

	if (p->failed || p->t.kind != TK_NOT)
		return parse_cmp(p);
	if (!enter(p))
		return NULL;
	expr_lex_next(p);
	n = new_node(p, OP_NOT);
	n->a = parse_not(p);
	p->depth--;
	return p->failed ? NULL : n;
}

/* and = not { ("and" | "&&") not } */
static struct expr_node *parse_and(struct expr_parser *p)
{
	struct expr_node *n = parse_not(p);

	while (!p->failed && p->t.kind == TK_AND) {
		expr_lex_next(p);
		n = binary(p, OP_AND, n, parse_not(p));
	}
	return n;
}

/* or = and { ("or" | "||") and } */
static struct expr_node *parse_or(struct expr_parser *p)
{
	struct expr_node *n = parse_and(p);

	while (!p->failed && p->t.kind == TK_OR) {
		expr_lex_next(p);
		n = binary(p, OP_OR, n, parse_and(p));
	}
	return n;
}

enum status expr_parse(const char *text, struct expr **out, struct err *e)
{
	struct expr_parser p;
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
	expr_lex_next(&p);
	if (!p.failed && p.t.kind == TK_END)
		expr_lex_expected(&p, "an expression");
	x->root = parse_or(&p);
	if (!p.failed && p.t.kind != TK_END)
		expr_lex_expected(&p, "an operator or the end of the expression");
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
