/* sms_text.h - how long a text is as an SMS: whether it fits the GSM 7-bit
 * alphabet (GSM 03.38, its basic set and extension table) or needs UCS-2,
 * its length in septets or UTF-16 code units, the number of segments it
 * is sent in, and cutting a reply down to one SMS.  Texts are UTF-8; a
 * byte that is not part of well-formed UTF-8 counts as U+FFFD. */
#ifndef OBSERVA_SMS_TEXT_H
#define OBSERVA_SMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMS_GSM7_ONE  160 /* septets in one GSM-7 SMS */
#define SMS_GSM7_PART 153 /* septets per segment of a longer GSM-7 message */
#define SMS_UCS2_ONE  70  /* code units in one UCS-2 SMS */
#define SMS_UCS2_PART 67  /* code units per segment of a longer UCS-2 message */

/* The code point at s[i] (i < len) in *cp, and the number of bytes it takes.
 * A byte that does not start well-formed UTF-8 (a stray continuation byte,
 * an overlong form, a surrogate, a cut sequence) is one byte of U+FFFD. */
size_t sms_text_next(const char *s, size_t len, size_t i, uint32_t *cp /* OUT */);

/* Septets cp takes in GSM-7: 1 in the basic set, 2 in the extension table
 * (form feed ^ { } \ [ ~ ] | and the euro sign), 0 when GSM-7 cannot write
 * it (then the whole text is sent in UCS-2). */
int sms_text_septets_of(uint32_t cp);

/* The size of a text as an SMS. */
struct sms_size {
	bool gsm7;       /* every character is in GSM-7 */
	size_t units;    /* septets when gsm7, else UTF-16 code units */
	size_t segments; /* SMS it is sent in: 1 up to 160 septets or 70 units,
	                  * else parts of 153 or 67 (a character is never
	                  * split between two parts); an empty text is 1 */
};

/* Measure [s, s+len). */
void sms_text_size(const char *s, size_t len, struct sms_size *out /* OUT */);

/* True when every character of [s, s+len) can be written in GSM-7. */
bool sms_text_is_gsm7(const char *s, size_t len);

/* Septets of [s, s+len) in GSM-7 (extension characters count 2), or
 * SIZE_MAX when a character is not in GSM-7. */
size_t sms_text_septets(const char *s, size_t len);

/* UTF-16 code units of [s, s+len): 1 per character of the Basic
 * Multilingual Plane, 2 beyond it. */
size_t sms_text_ucs2_units(const char *s, size_t len);

/* Number of SMS [s, s+len) is sent in (sms_size.segments). */
size_t sms_text_segments(const char *s, size_t len);

/* True when [s, s+len) fits one SMS. */
bool sms_text_fits(const char *s, size_t len);

/* s (a C string) made to fit one SMS: a copy of s when it fits; otherwise
 * its longest start that fits once it ends at a word boundary (a space)
 * followed by an ellipsis, "..." when the result is GSM-7 (U+2026 is not
 * in GSM-7 and would halve the room) and "…" when it is UCS-2 anyway.  A
 * first word too long for any SMS is cut between characters, so a valid
 * UTF-8 text stays valid.  The caller frees the result. */
char *sms_text_fit(const char *s);

/* A reply made of a head, a list of items and a tail, fitted into one SMS:
 * head, the items joined by sep, then tail, when that fits.  Otherwise the
 * tail is left out and so are the last items, replaced by sep and "+N"
 * (N items left out, "+0" never appears) so the reader knows more follow;
 * as many items are kept as fit.  When not even the first item fits with
 * its marker, head and that item are cut with sms_text_fit()'s ellipsis,
 * followed by the marker.  head and tail may be "" or NULL; items are C
 * strings.  The caller frees the result, which always fits one SMS. */
char *sms_text_fit_list(const char *head, const char *const *items, size_t n,
                        const char *sep, const char *tail);

#endif
