/* expr_eval.c - evaluating a check expression over a submission's answers,
 * with three-valued logic (true, false, unknown) and overflow-checked 64-bit
 * arithmetic. */
#include <ctype.h>

#include "model/expr_int.h"

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
static bool item_total(const struct expr *x, const struct expr_item *it,
                       const json_t *answers, bool count, int64_t *total)
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

static bool eval_list(const struct expr *x, const struct expr_node *n,
                      const json_t *answers, int64_t *v)
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

static bool eval_has(const struct expr_node *n, const json_t *answers, int64_t *v)
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

static bool eval(const struct expr *x, const struct expr_node *n, const json_t *answers,
                 int64_t *v);

/* Kleene logic: false and unknown is false, true or unknown is true. */
static bool eval_logic(const struct expr *x, const struct expr_node *n,
                       const json_t *answers, int64_t *v)
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

static bool arith(enum expr_op op, int64_t a, int64_t b, int64_t *v)
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

static bool eval(const struct expr *x, const struct expr_node *n, const json_t *answers,
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
