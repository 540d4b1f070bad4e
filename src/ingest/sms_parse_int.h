/* sms_parse_int.h - what the files of the SMS reader share: the message as
 * a row of folded symbols, the state of one reading, and the helpers that
 * record answers and problems.  Only src/ingest/sms_*.c include it. */
#ifndef OBSERVA_SMS_PARSE_INT_H
#define OBSERVA_SMS_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/sms_parse.h"

/* A symbol's folded character (sms_sym.c) for anything that is not ASCII
 * and has no Latin twin: a Cyrillic word, a sign, U+FFFD, a NUL. */
#define SYM_OTHER '\x01'

/* One character of the message.  c is what the reader looks at: ASCII
 * letters in upper case (Cyrillic look-alikes give their Latin twin),
 * digits and ASCII signs as they are, ' ' for spaces and tabs (and Unicode
 * spaces), '\n' for a line break (LF, CR or CR LF), SYM_OTHER otherwise. */
struct sms_sym {
	size_t pos;         /* byte offset in the message */
	unsigned char size; /* bytes (2 for CR LF) */
	char c;
};

/* Per question of the form. */
enum answer_state { ANSWER_NONE, ANSWER_OK, ANSWER_FAILED };

struct sms_parser {
	const char *text; /* the message, at most SMS_PARSE_MAX bytes */
	size_t len;
	struct sms_sym *sym; /* one per character, and a last one at len with c 0 */
	size_t nsym;
	const struct form *form; /* NULL when unknown */
	struct sms_reading *out;
	json_t **value;           /* per question: the canonical answer read */
	size_t *vpos;             /* where it was read */
	enum answer_state *state; /* per question */
	char **utag;              /* per question: the tag in upper case */
	size_t end;               /* byte offset where the answers end */
};

/* Fill p->sym from p->text (sms_sym.c). */
void sms_sym_read(struct sms_parser *p);

/* Upper-case Latin letter for a Cyrillic look-alike code point
 * (А В С Е Н К М О Р Т Х in either case), or 0. */
char sms_sym_latin(uint32_t cp);

/* True for symbols between answers: spaces, line breaks and , ; . ! ? ( )
 * " ' and the like (not '#', which starts the comment). */
bool sms_sym_is_sep(char c);

/* Record a problem (its strings copied, text shortened to 40 bytes);
 * nothing past SMS_PROBLEMS_MAX. */
void sms_problem_add(struct sms_parser *p, enum sms_problem_kind kind, const char *tag,
                     const char *text, int64_t min, int64_t max, size_t pos);

/* The n bytes of s as valid UTF-8 in arena a: a byte that is not UTF-8, a
 * NUL and other control characters but tab and line breaks become U+FFFD. */
char *sms_clean(struct arena *a, const char *s, size_t n);

/* sms_clean() of the message's bytes [from, to), in the reading's arena. */
char *sms_copy(struct sms_parser *p, size_t from, size_t to);

/* The question whose tag is the longest one spelt by the symbols from
 * index i (comparing upper case), -1 when none; *n is its length in
 * symbols. */
int sms_tag_at(const struct sms_parser *p, size_t i, size_t *n /* OUT */);

/* Record raw (stolen; a value in any shape form_answer_normalise() takes)
 * as the answer to question qi, read at pos and typed as typed: normalised,
 * or reported as a bad value, out of range or an unknown option by the
 * question's type; a second answer that differs from the first is
 * SMS_REPEATED_TAG and leaves the question unanswered. */
void sms_answer(struct sms_parser *p, size_t qi, json_t *raw, const char *typed,
                size_t pos);

/* The coded syntax: answers from symbol index from up to the symbol at
 * byte offset p->end (sms_coded.c). */
void sms_coded_read(struct sms_parser *p, size_t from);

/* The compact representation: the station and the tag-value pairs after
 * "station" at byte offset pos (sms_compact.c). */
void sms_compact_read(struct sms_parser *p, size_t pos);

#endif
