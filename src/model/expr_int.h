/* expr_int.h - the inside of a check expression (expr.h), shared by
 * expr.c (lifecycle, tags, binding), expr_lex.c (tokens and syntax errors),
 * expr_parse.c (the parser) and expr_eval.c (evaluation).  Nodes and the
 * strings they point to live in the expression's arena. */
#ifndef OBSERVA_EXPR_INT_H
#define OBSERVA_EXPR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strmap.h"
#include "model/expr.h"

/* ------------------------------------------------------------ the tree */

enum expr_op {
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
struct expr_item {
	enum expr_tag_kind kind;
	const char *name;
	const char **bound; /* EXPR_TAG_PREFIX once bound: the matching tags */
	size_t nbound;
	bool present; /* EXPR_TAG_OPTIONAL once bound: the tag exists */
};

struct expr_node {
	enum expr_op op;
	int64_t num;     /* OP_INT; OP_HAS: the value looked for */
	const char *tag; /* OP_TAG, OP_HAS */
	struct expr_node *a, *b;
	struct expr_item *items; /* OP_SUM, OP_ANSWERED */
	size_t nitems;
};

struct expr {
	struct arena arena;
	const char *text;
	struct expr_node *root;
	struct expr_tag *tags;
	size_t ntags;
	bool bound;
};

/* ------------------------------------------------------------ the parser */

enum expr_tk {
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

struct expr_tok {
	enum expr_tk kind;
	size_t off, len;
	int64_t num;
};

struct expr_parser {
	const char *s;
	size_t pos; /* next byte to read */
	struct expr_tok t;
	int depth;
	int in_answered;
	size_t nitems;
	bool failed;
	struct expr *x;
	struct err *e;
	struct strmap seen; /* "kind:name" -> index + 1 in tags */
	size_t tags_alloc;
	struct expr_item *list; /* the list being parsed */
	size_t nlist, list_alloc;
};

/* ------------------------------------------------------------ the lexer
 * (expr_lex.c) */

/* The 1-based column (in characters) of byte offset off of p's text. */
int expr_lex_column(const struct expr_parser *p, size_t off);

/* Fail p with "column C: MESSAGE", C being the column of off; only the
 * first failure is kept (p->failed set, p->e filled with ST_INVALID). */
void expr_lex_fail_at(struct expr_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fail p with "column C: expected WHAT, found TOKEN" at the current token. */
void expr_lex_expected(struct expr_parser *p, const char *what);

/* True when s[0..len) is word, ignoring the case of s (word is lower-case). */
bool expr_lex_word_is(const char *s, size_t len, const char *word);

/* Read the next token into p->t; does nothing once p has failed. */
void expr_lex_next(struct expr_parser *p);

#endif
