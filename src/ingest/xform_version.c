/* xform_version.c - the version an XForm carries, and whether a report
 * filled in with some version may be read against the current form.  A
 * form with ballot lines gets its ballot's fingerprint in its version, so
 * the protocol form a phone holds is known to match the ballot or not. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "ingest/xform.h"

#define BALLOT_HEX 8 /* hex digits of the ballot's fingerprint */

/* The fingerprint of f's ballot lines, BALLOT_HEX hex digits; false when
 * f has none. */
static bool ballot_hex(const struct form *f, char out[BALLOT_HEX + 1])
{
	crypto_generichash_state h;
	unsigned char bin[crypto_generichash_BYTES_MIN];
	bool any = false;

	crypto_generichash_init(&h, NULL, 0, sizeof(bin));
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct ballot_choice *c = f->questions[i].choice;
		char order[24];

		if (!c)
			continue;
		any = true;
		snprintf(order, sizeof(order), "%d", c->order);
		/* Each field with its NUL, so no two ballots hash alike by
		 * moving text from one field to the next. */
		crypto_generichash_update(&h, (const unsigned char *)order,
		                          strlen(order) + 1);
		crypto_generichash_update(&h, (const unsigned char *)c->code,
		                          strlen(c->code) + 1);
		crypto_generichash_update(&h, (const unsigned char *)c->name,
		                          strlen(c->name) + 1);
		crypto_generichash_update(&h, (const unsigned char *)c->kind,
		                          strlen(c->kind) + 1);
	}
	if (!any && !f->choices)
		return false;
	crypto_generichash_final(&h, bin, sizeof(bin));
	sodium_bin2hex(out, BALLOT_HEX + 1, bin, BALLOT_HEX / 2);
	return true;
}

void xform_version(const struct form *f, char out[XFORM_VERSION_MAX])
{
	char hex[BALLOT_HEX + 1];

	if (ballot_hex(f, hex))
		snprintf(out, XFORM_VERSION_MAX, "%lld.%s", (long long)f->version, hex);
	else
		snprintf(out, XFORM_VERSION_MAX, "%lld", (long long)f->version);
}

enum status xform_version_check(const struct form *f, const char *version, struct err *e)
{
	char mine[XFORM_VERSION_MAX], hex[BALLOT_HEX + 1], number[24];
	const char *dot;
	int64_t n;
	size_t len;

	if (!version || !*version)
		return ST_OK;
	xform_version(f, mine);
	if (!strcmp(version, mine))
		return ST_OK;
	dot = strchr(version, '.');
	len = dot ? (size_t)(dot - version) : strlen(version);
	if (len >= sizeof(number))
		len = sizeof(number) - 1;
	memcpy(number, version, len);
	number[len] = '\0';
	if (!text_int64(number, 1, INT64_MAX, &n))
		return err_set(e, ST_INVALID,
		               "the report was filled in with version \"%s\" of form %s, "
		               "which this server never served: download the forms again",
		               version, f->code);
	if (n > f->version)
		return err_set(
		    e, ST_INVALID,
		    "the report was filled in with version %lld of form %s, but "
		    "this server has version %lld: it cannot be read",
		    (long long)n, f->code, (long long)f->version);
	if (ballot_hex(f, hex) && (!dot || strcmp(dot + 1, hex)))
		return err_set(e, ST_INVALID,
		               "the report was filled in with a form whose ballot lines "
		               "are not the mission's current ballot, so its figures "
		               "cannot be matched to the candidates: download form %s "
		               "again and enter the protocol anew",
		               f->code);
	return ST_OK;
}
