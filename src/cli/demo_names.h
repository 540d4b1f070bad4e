/* demo_names.h - what the demo needs to invent a plausible person of a
 * given country: first and family names, a mobile number, languages.
 *
 * Covers the 41 countries the demo's observers come from.  Names are
 * written as that country's observers would write them (Cyrillic for
 * Kazakhstan, Russia, Belarus, Kyrgyzstan and Tajikistan). */
#ifndef OBSERVA_DEMO_NAMES_H
#define OBSERVA_DEMO_NAMES_H

#include <stddef.h>

#include "cli/demo_plan.h"
#include "cli/demo_rng.h"

struct demo_nation;

/* The data for an alpha-2 code, or NULL when the demo has none. */
const struct demo_nation *demo_nation_find(const char *cc);

/* The nation's alpha-2 code ("KZ"). */
const char *demo_nation_code(const struct demo_nation *n);

/* ISO 639-1 codes the nation's observers speak, ';'-separated ("de;en"). */
const char *demo_nation_languages(const struct demo_nation *n);

/* A full name, in the plan's arena, in the nation's order ("Айгерім
 * Ахметова", "Nagy László").  *email_local receives "given.family" in
 * lower-case ASCII letters, also in the arena. */
const char *demo_person(struct demo_plan *p, struct demo_rng *r,
                        const struct demo_nation *n, int female,
                        const char **email_local /* OUT */);

/* A mobile number of the nation in E.164 ("+77011234567"), in the plan's
 * arena.  Not checked for uniqueness: the caller does that.  For Britain
 * and North America it is in the ranges reserved for fiction. */
const char *demo_mobile(struct demo_plan *p, struct demo_rng *r,
                        const struct demo_nation *n);

/* Write s as lower-case ASCII letters and digits only ("Ахметова" ->
 * "akhmetova", "Wójcik" -> "wojcik") into out (cap bytes, NUL-terminated,
 * cut when full). */
void demo_ascii(const char *s, char *out, size_t cap);

#endif
