/* tls.c - reading and checking the server's certificate and key with
 * GnuTLS (tls.h). */
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "http/tls.h"

/* The whole of file path into *out (NUL-terminated); *mode its mode. */
static enum status slurp(const char *what, const char *path, char **out, mode_t *mode,
                         struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	size_t n;
	char *s;

	*out = NULL;
	if (!f)
		return err_set(e, ST_IO, "%s %s: %s", what, path, strerror(errno));
	if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return err_set(e, ST_IO, "%s %s: not a regular file", what, path);
	}
	if (sb.st_size <= 0 || sb.st_size > TLS_FILE_MAX) {
		fclose(f);
		return err_set(e, ST_INVALID, "%s %s: %s", what, path,
		               sb.st_size <= 0 ? "the file is empty"
		                               : "larger than 1 MiB, not a PEM file");
	}
	s = xmalloc((size_t)sb.st_size + 1);
	n = fread(s, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (n != (size_t)sb.st_size) {
		free(s);
		return err_set(e, ST_IO, "%s %s: cannot read the whole file", what, path);
	}
	s[n] = '\0';
	*mode = sb.st_mode;
	*out = s;
	return ST_OK;
}

/* Warn when the first certificate in pem is not valid now. */
static void warn_dates(const char *path, const char *pem)
{
	gnutls_datum_t d = {(unsigned char *)pem, (unsigned)strlen(pem)};
	gnutls_x509_crt_t crt;
	time_t now = time(NULL), from, until;

	if (gnutls_x509_crt_init(&crt))
		return;
	if (!gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM)) {
		from = gnutls_x509_crt_get_activation_time(crt);
		until = gnutls_x509_crt_get_expiration_time(crt);
		if (until != (time_t)-1 && until < now)
			log_msg(LOG_WARN, "tls: the certificate in %s expired", path);
		else if (from != (time_t)-1 && from > now)
			log_msg(LOG_WARN, "tls: the certificate in %s is not valid yet",
			        path);
	}
	gnutls_x509_crt_deinit(crt);
}

/* Check that GnuTLS reads the pair and that the key is the certificate's. */
static enum status check_pair(const char *cert_path, const char *key_path,
                              const struct tls_pair *p, struct err *e)
{
	gnutls_certificate_credentials_t cred;
	gnutls_datum_t c = {(unsigned char *)p->cert, (unsigned)strlen(p->cert)};
	gnutls_datum_t k = {(unsigned char *)p->key, (unsigned)strlen(p->key)};
	int r;

	if (gnutls_certificate_allocate_credentials(&cred))
		return err_set(e, ST_NOMEM, "tls: out of memory");
	r = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, NULL,
	                                         0);
	gnutls_certificate_free_credentials(cred);
	if (r >= 0)
		return ST_OK;
	if (r == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
		return err_set(e, ST_INVALID,
		               "the key in %s is not the key of the certificate in %s",
		               key_path, cert_path);
	return err_set(e, ST_INVALID,
	               "cannot use the certificate %s with the key %s: %s (both must "
	               "be PEM)",
	               cert_path, key_path, gnutls_strerror(r));
}

enum status tls_load(const char *cert_path, const char *key_path, struct tls_pair *out,
                     struct err *e)
{
	mode_t cmode, kmode;
	enum status rc;

	out->cert = out->key = NULL;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return err_set(e, ST_UNSUPPORTED,
		               "this libmicrohttpd was built without TLS (GnuTLS); serve "
		               "plain HTTP behind a proxy that ends TLS instead "
		               "(docs/security.md)");
	rc = slurp("certificate", cert_path, &out->cert, &cmode, e);
	if (!rc)
		rc = slurp("key", key_path, &out->key, &kmode, e);
	if (!rc && !strstr(out->cert, "-----BEGIN CERTIFICATE-----"))
		rc = err_set(e, ST_INVALID, "certificate %s: no PEM certificate in it",
		             cert_path);
	if (!rc && !strstr(out->key, "PRIVATE KEY-----"))
		rc = err_set(e, ST_INVALID, "key %s: no PEM private key in it", key_path);
	if (!rc && strstr(out->key, "ENCRYPTED"))
		rc = err_set(
		    e, ST_INVALID,
		    "key %s: encrypted with a passphrase; give an unencrypted key "
		    "(readable by the server's user only)",
		    key_path);
	if (!rc)
		rc = check_pair(cert_path, key_path, out, e);
	if (rc) {
		tls_release(out);
		return rc;
	}
	warn_dates(cert_path, out->cert);
	if (kmode & (S_IRWXG | S_IRWXO))
		log_msg(LOG_WARN,
		        "tls: others than its owner may read the key %s (chmod 600 it)",
		        key_path);
	(void)cmode;
	return ST_OK;
}

void tls_release(struct tls_pair *p)
{
	if (p->key)
		sodium_memzero(p->key, strlen(p->key));
	free(p->key);
	free(p->cert);
	p->key = p->cert = NULL;
}
