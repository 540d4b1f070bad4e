/* expr.c - a parsed check expression as a whole: freeing it, its text and
 * tags, and binding it to a form's tags.  Lexing, parsing and evaluation
 * are in expr_lex.c, expr_parse.c and expr_eval.c; expr_int.h is the inside
 * they share. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "model/expr_int.h"

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

static void bind_node(struct expr *x, struct expr_node *n, const char *const *tags,
                      size_t nt)
{
	if (!n)
		return;
	bind_node(x, n->a, tags, nt);
	bind_node(x, n->b, tags, nt);
	for (size_t i = 0; i < n->nitems; i++) {
		struct expr_item *it = &n->items[i];
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
