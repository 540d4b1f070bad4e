/* fuzz_expr.c - libFuzzer target for check expressions: the first line of
 * the input is parsed, the rest becomes answers of every kind; evaluation
 * must keep expr.h's promises whether or not the expression is bound. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {"A",  "B",  "C",   "J",  "P1",
                                   "P2", "P3", "P10", "AA", "T"};
#define NTAGS (sizeof(tags) / sizeof(tags[0]))

static void check(int ok)
{
	if (!ok)
		abort();
}

/* Answers of every kind from bytes: absent, null, small and huge integers,
 * booleans, times, arrays, text. */
static json_t *answers_from(const uint8_t *p, size_t n)
{
	json_t *a = json_object();

	for (size_t i = 0; i < NTAGS && i < n; i++) {
		uint8_t b = p[i];
		json_t *v = NULL;
		char s[8];
		switch (b % 8) {
		case 1:
			v = json_null();
			break;
		case 2:
			v = json_integer((int)(b / 8) - 16);
			break;
		case 3:
			v = json_integer(b & 8 ? INT64_MAX - (b >> 4)
			                       : INT64_MIN + (b >> 4));
			break;
		case 4:
			v = json_boolean(b & 8);
			break;
		case 5:
			snprintf(s, sizeof(s), "%02d:%02d", (b >> 3) % 26, (b * 7) % 61);
			v = json_string(s);
			break;
		case 6:
			v = json_pack("[i, i]", b >> 6, (b >> 3) & 7);
			break;
		case 7:
			v = json_string(b & 8 ? "" : "text");
			break;
		}
		if (v)
			json_object_set_new(a, tags[i], v);
	}
	return a;
}

/* expr_eval and expr_check agree. */
static enum expr_outcome consistent(const struct expr *x, const json_t *answers)
{
	int64_t v = 42;
	bool known = expr_eval(x, answers, &v);
	enum expr_outcome o = expr_check(x, answers);

	check(known == (o != EXPR_NA));
	if (known)
		check((v != 0) == (o == EXPR_PASS));
	else
		check(v == 0);
	check(o == expr_check(x, answers)); /* evaluation changes nothing */
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t len = nl ? (size_t)(nl - data) : size;
	char *text = malloc(len + 1);
	struct expr *x = (struct expr *)&len;
	struct err e;
	json_t *answers;
	size_t n;
	const struct expr_tag *t;

	memcpy(text, data, len);
	text[len] = '\0';
	err_clear(&e);
	if (expr_parse(text, &x, &e)) {
		check(x == NULL);
		check(e.code == ST_INVALID);
		check(!strncmp(e.msg, "column ", 7) ||
		      !strncmp(e.msg, "expression longer", 17));
		free(text);
		return 0;
	}
	check(x != NULL && !strcmp(expr_text(x), text));
	t = expr_tags(x, &n);
	for (size_t i = 0; i < n; i++) {
		check(t[i].name[0] != '\0' && strlen(t[i].name) <= EXPR_TAG_MAX);
		check(t[i].column >= 1 && (size_t)t[i].column <= len);
	}
	answers = answers_from(nl ? nl + 1 : data + size, nl ? size - len - 1 : 0);
	consistent(x, answers);
	consistent(x, NULL);
	expr_bind(x, tags, NTAGS);
	consistent(x, answers);
	expr_bind(x, tags, size % NTAGS);
	consistent(x, answers);
	json_decref(answers);
	expr_free(x);
	free(text);
	return 0;
}
