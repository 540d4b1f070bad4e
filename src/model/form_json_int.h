/* form_json_int.h - the inside of the form parser (form_parse() in form.h),
 * shared by form_json.c (the document and its questions), form_json_read.c
 * (JSON paths, problems, typed members, texts) and form_json_checks.c (checks
 * and ballot choices).  The parser reads a definition however wrong it is
 * and reports every problem with its JSON path, so one validation shows all. */
#ifndef OBSERVA_FORM_JSON_INT_H
#define OBSERVA_FORM_JSON_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/form.h"

/* The state of one form_parse_json(): the form being filled (its strings
 * live in its arena), where problems go, and the JSON path being read. */
struct form_json_parser {
	struct form *f;
	struct form_problems *problems;
	size_t first; /* problems->n when parsing began */
	char path[256];
	size_t plen;
	bool langs_ok; /* the languages are known: texts are checked against them */
};

/* ------------------------------------------------------- paths, problems
 * (form_json_read.c) */

/* Append printf-style text to p's path ("[3]"); returns the old length for
 * form_json_pop(). */
size_t form_json_push(struct form_json_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append member key to p's path (".key", or "key" at the top); returns the
 * old length for form_json_pop(). */
size_t form_json_push_key(struct form_json_parser *p, const char *key);

/* Cut p's path back to old, a length form_json_push() or
 * form_json_push_key() returned. */
void form_json_pop(struct form_json_parser *p, size_t old);

/* Append a problem at path to ps, copying both strings (ps owns them; a
 * character cut short at the end is dropped). */
void form_json_add_problem(struct form_problems *ps, const char *path, const char *msg);

/* Report a printf-style problem at p's path; past FORM_PROBLEMS_MAX problems
 * of this parse, one "too many problems" then nothing. */
void form_json_problem(struct form_json_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Report a problem at member key of p's path. */
void form_json_problem_key(struct form_json_parser *p, const char *key, const char *fmt,
                           ...) __attribute__((format(printf, 3, 4)));

/* What j is, for messages: "an object", "a string", "null", ... (a static
 * string). */
const char *form_json_kind(const json_t *j);

/* ------------------------------------------------------------- members
 * (form_json_read.c); every value returned lives in p->f's arena. */

/* Report every member of obj that is not in allowed (NULL-terminated). */
void form_json_check_keys(struct form_json_parser *p, const json_t *obj,
                          const char *const *allowed);

/* obj's member key, or NULL; a problem when it is required and absent. */
const json_t *form_json_member(struct form_json_parser *p, const json_t *obj,
                               const char *key, bool required);

/* obj's string member key (a copy in p->f's arena), or NULL when absent (a
 * problem when required) or not a string (a problem). */
const char *form_json_get_string(struct form_json_parser *p, const json_t *obj,
                                 const char *key, bool required);

/* An integer member in [min, max] into *out; false (and *out untouched)
 * when absent (a problem when required) or wrong (a problem). */
bool form_json_get_int(struct form_json_parser *p, const json_t *obj, const char *key,
                       bool required, int64_t min, int64_t max, int64_t *out /* OUT */);

/* A boolean member; false when absent or not a boolean (a problem). */
bool form_json_get_bool(struct form_json_parser *p, const json_t *obj, const char *key);

/* A texts object {"en": "...", "ru": "..."} at member key of obj into *out:
 * one non-empty text in each of the form's languages and in no other (once
 * they are known: p->langs_ok), a problem for each that is wrong.  *out is
 * zeroed when there is none; its arrays and strings live in p->f's arena. */
void form_json_parse_texts(struct form_json_parser *p, const json_t *obj, const char *key,
                           bool required, struct form_texts *out /* OUT */);

/* ------------------------------------------------------------- choices and
 * checks (form_json_checks.c) */

/* True when tag is prefix followed by one or more digits, ignoring case. */
bool form_json_prefix_matches_ci(const char *prefix, const char *tag);

/* The optional "choices" of def into p->f->choices (left NULL when absent
 * or not an object). */
void form_json_parse_choices(struct form_json_parser *p, const json_t *def);

/* The optional "checks" of def into p->f->checks, each expression parsed
 * and its tags resolved against p->f's questions (parse those first). */
void form_json_parse_checks(struct form_json_parser *p, const json_t *def);

#endif
