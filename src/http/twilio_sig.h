/* twilio_sig.h - the X-Twilio-Signature header Twilio sends with each
 * webhook (an inbound message, a delivery status), checked against the
 * account's auth token.
 *
 * The signature is base64(HMAC-SHA1(auth token, URL + each POST
 * parameter's name and value, concatenated in the order of the names)),
 * URL being the full URL Twilio requested, query included. */
#ifndef OBSERVA_TWILIO_SIG_H
#define OBSERVA_TWILIO_SIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "http/http.h"

/* The signature Twilio would send for url and params[0..n) (the decoded
 * form fields of the body, in any order; parameters of the same name are
 * ordered by value), appended to out as base64 text with padding.
 * ST_TOO_BIG when out's cap is reached; ST_INTERNAL when GnuTLS fails. */
enum status twilio_signature(const char *auth_token, const char *url,
                             const struct http_kv *params, size_t n, struct buf *out);

/* True when signature is the one twilio_signature() computes, compared in
 * constant time.  False when any argument is NULL or empty, or the
 * signature cannot be computed. */
bool twilio_signature_ok(const char *auth_token, const char *url,
                         const struct http_kv *params, size_t n, const char *signature);

#endif
