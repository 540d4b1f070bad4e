/* phone.h - normalisation of telephone numbers to E.164.
 *
 * Observers write numbers every way there is: "+7 701 123-45-67",
 * "8 (701) 1234567", "00 44 20 7946 0958", "7011234567".  observa stores
 * them as E.164 ("+77011234567") so an SMS sender can be matched. */
#ifndef OBSERVA_PHONE_H
#define OBSERVA_PHONE_H

#include <stddef.h>

#include "core/err.h"

#define PHONE_MAX 17 /* "+" + 15 digits + NUL */

/* Normalise input to E.164 in out.  Spaces (also no-break), dots, hyphens,
 * slashes and parentheses are ignored, and so is "(0)" inside an
 * international number.  A number starting with "+" or "00" (or "810" in
 * KZ, RU, BY, TJ, TM, "011" in North America) is international; otherwise
 * it is national to default_country (alpha-2, any case, may be NULL when
 * unknown), whose trunk prefix is dropped: "8 701 123 45 67" in KZ gives
 * "+77011234567", and so do "7011234567" and "77011234567".  Returns ST_OK,
 * or ST_INVALID with e saying what is wrong (a letter and where, too short
 * or too long for E.164, a national number without a country, an unknown
 * country or calling code, the wrong length where a country's numbers have
 * one); out is then "". */
enum status phone_normalise(const char *input, const char *default_country,
                            char out[PHONE_MAX], struct err *e);

#endif
