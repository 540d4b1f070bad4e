/* collect_qr.h - the QR code that sets ODK Collect up for one observer, and
 * the page it is printed on.  Collect reads a settings code as
 * base64(zlib(JSON)), the JSON holding its "general", "admin" and
 * "project" settings; docs/odk.md says which ones observa sets. */
#ifndef OBSERVA_COLLECT_QR_H
#define OBSERVA_COLLECT_QR_H

#include "core/buf.h"
#include "core/err.h"
#include "report/qr_svg.h"

/* One observer's setup, as "observa observer credentials" makes it.  All
 * strings are UTF-8 and required. */
struct collect_qr {
	const char *server_url; /* the token URL, BASE/openrosa/TOKEN */
	const char *username;   /* the observer's code */
	const char *mission;    /* the mission's code */
	const char *digest_url; /* BASE/openrosa/m/MISSION, for typing by hand */
	const char *pin;        /* the PIN, the password with digest_url */
};

/* The settings Collect scans, in *out: the JSON
 *   {"general":{"server_url":URL,"username":CODE,
 *               "form_update_mode":"match_exactly",
 *               "autosend":"wifi_and_cellular"},
 *    "admin":{},"project":{"name":"observa MISSION"}}
 * compressed with zlib (deflate with its zlib header) and written in
 * standard base64 with padding.  Neither the PIN nor the Digest URL is in
 * it: the token URL needs no password.
 *
 * *out holds the token: the caller wipes it (sodium_memzero) and frees it.
 * ST_INVALID, with e filled, when a string is missing or not UTF-8. */
enum status collect_qr_payload(const struct collect_qr *q, char **out /* OUT */,
                               struct err *e);

/* Append to out the printable page of q: an SVG document (qr_svg()) with
 * the code of collect_qr_payload() and, under it, the mission and the
 * observer, how to scan it, the Digest URL, user name and PIN for setting
 * Collect up by hand, and a warning to keep the page like a password.
 * info (may be NULL) gets the code's version and level.
 *
 * out then holds the secrets: the caller wipes it before releasing it.
 * Errors as collect_qr_payload() and qr_svg(); out is left as it was. */
enum status collect_qr_page(const struct collect_qr *q, struct buf *out,
                            struct qr_svg_info *info /* OUT */, struct err *e);

#endif
