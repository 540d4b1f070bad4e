/* tls.h - the certificate and private key "observa serve --tls-cert
 * --tls-key" serves HTTPS with: read, checked to belong together, and
 * handed to libmicrohttpd (which speaks TLS through GnuTLS).
 *
 * Both files are PEM: the certificate file may hold the chain after the
 * server's certificate (the server's first, as GnuTLS wants); the key is
 * not encrypted (a passphrase would have to be typed at each start).
 * Checked before serving, each failure with a message that names the file:
 * libmicrohttpd built without TLS, a file that cannot be read or is
 * empty or larger than TLS_FILE_MAX, a certificate or key GnuTLS cannot
 * read, a key that is not the certificate's.  A certificate past its end
 * date or not yet valid is only warned about (the operator may be
 * testing); so is a key file that others than its owner may read. */
#ifndef OBSERVA_TLS_H
#define OBSERVA_TLS_H

#include "core/err.h"

#define TLS_FILE_MAX (1 << 20)

struct tls_pair {
	char *cert; /* PEM text, NUL-terminated */
	char *key;  /* PEM text, NUL-terminated; wiped when released */
};

/* Read and check cert_path and key_path into out.  ST_UNSUPPORTED when
 * libmicrohttpd has no TLS, ST_IO when a file cannot be read, ST_INVALID
 * otherwise; e says which file and why. */
enum status tls_load(const char *cert_path, const char *key_path,
                     struct tls_pair *out /* OUT */, struct err *e);

/* Wipe and free the key, free the certificate; out may be zeroed. */
void tls_release(struct tls_pair *p);

#endif
