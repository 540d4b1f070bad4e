/* statement_block.h - the texts of a mission's statement that people
 * write rather than observa computes: the head of mission's summary,
 * conclusions and recommendations, one per language.  What a block may be
 * called, in which languages, and how long it may be. */
#ifndef OBSERVA_STATEMENT_BLOCK_H
#define OBSERVA_STATEMENT_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define STATEMENT_BLOCK_MAX (64 * 1024) /* bytes of one block's text */

/* The keys of the blocks, in the order the statement shows them:
 * "summary", "conclusions", "recommendations". */
extern const char *const statement_block_keys[];
extern const size_t statement_block_nkeys;

/* The languages a statement is written in: "en", "ru". */
extern const char *const statement_langs[];
extern const size_t statement_nlangs;

/* True when key is one of statement_block_keys. */
bool statement_block_key_valid(const char *key);
/* True when lang is one of statement_langs. */
bool statement_lang_valid(const char *lang);

/* Check a block before it is stored: a known key and language, and a text
 * of valid UTF-8 without control characters other than tab and line
 * breaks, at most STATEMENT_BLOCK_MAX bytes.  ST_INVALID with e's message
 * naming the field ("key: ...", "lang: ...", "text: ..."). */
enum status statement_block_validate(const char *lang, const char *key, const char *text,
                                     struct err *e);

/* True when text has nothing but white space: the statement then shows
 * the block's placeholder. */
bool statement_block_empty(const char *text);

#endif
