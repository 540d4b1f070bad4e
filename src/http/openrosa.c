/* openrosa.c - the token in the path checked against the stored hashes
 * (Digest being openrosa_digest.c's),
 * OpenRosa's response document and headers, XML escaping, the client's
 * base URL, and XForms written for the observer who asks. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "http/openrosa.h"
#include "http/public_url.h"
#include "ingest/intake.h"
#include "ingest/xform.h"
#include "model/credential.h"
#include "store/registry_cache.h"

enum status openrosa_caller(struct http_req *req, struct openrosa_caller *out)
{
	const char *token = http_param(req, "token");
	char hash[CREDENTIAL_HASH_LEN + 1];
	struct credential_row row;
	enum status rc;

	if (http_param(req, "m"))
		return openrosa_digest_caller(req, out);
	memset(out, 0, sizeof(*out));
	if (!token || !credential_token_shape(token))
		return err_set(
		    &req->err, ST_UNAUTHENTICATED,
		    "unknown token: the server URL in the ODK client's settings "
		    "is not one this server gave out");
	credential_token_hash(token, hash);
	rc = registry_credential_find(req->store, hash, &req->arena, &row, &req->err);
	if (rc == ST_NOT_FOUND)
		return err_set(&req->err, ST_UNAUTHENTICATED,
		               "unknown token: these credentials were never made or "
		               "have been renewed; ask the mission for the new server "
		               "URL");
	if (rc)
		return rc;
	rc = registry_mission_get(req->store, row.mission, &req->arena, &out->mission,
	                          &req->err);
	if (rc)
		return rc;
	out->base = token;
	out->observer = row.observer;
	return ST_OK;
}

void openrosa_resp_headers(struct http_resp *resp)
{
	http_resp_header(resp, "X-OpenRosa-Version", OPENROSA_VERSION);
}

/* Length of the character at s (n bytes left, n >= 1): of a UTF-8
 * sequence, or 1 for a byte that starts none; *ok tells whether XML 1.0
 * allows it. */
static size_t xml_char_len(const unsigned char *s, size_t n, bool *ok)
{
	size_t k;

	*ok = true;
	if (s[0] < 0x80) {
		*ok = s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
		return 1;
	}
	k = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (k > n || !utf8_valid((const char *)s, k)) {
		*ok = false;
		return 1;
	}
	/* U+FFFE and U+FFFF are not XML characters. */
	if (k == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		*ok = false;
	return k;
}

enum status openrosa_buf_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	enum status rc = ST_OK;

	while (n && !rc) {
		bool ok;
		size_t k = xml_char_len(p, n, &ok);

		switch (ok ? *p : 0) {
		case 0:
			rc = buf_appendc(b, '?');
			break;
		case '&':
			rc = buf_appends(b, "&amp;");
			break;
		case '<':
			rc = buf_appends(b, "&lt;");
			break;
		case '>':
			rc = buf_appends(b, "&gt;");
			break;
		case '"':
			rc = buf_appends(b, "&quot;");
			break;
		case '\'':
			rc = buf_appends(b, "&apos;");
			break;
		default:
			rc = buf_append(b, p, k);
			break;
		}
		p += k;
		n -= k;
	}
	return rc;
}

void openrosa_resp_message(struct http_resp *resp, int status, const char *nature,
                           const char *msg)
{
	struct buf *b = &resp->body;

	buf_reset(b);
	/* A message is at most a few KiB: far below the response's cap. */
	buf_appends(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<OpenRosaResponse xmlns=\"" OPENROSA_NS "\">"
	               "<message nature=\"");
	openrosa_buf_text(b, nature);
	buf_appends(b, "\">");
	openrosa_buf_text(b, msg);
	buf_appends(b, "</message></OpenRosaResponse>\n");
	resp->status = status;
	resp->content_type = HTTP_XML;
	openrosa_resp_headers(resp);
}

enum status openrosa_base_url(struct http_req *req, const struct openrosa_caller *c,
                              const char **out)
{
	const char *origin;
	enum status rc = public_url_origin(req, &origin);
	size_t n;
	char *url;

	if (rc)
		return rc;
	/* Tokens are base64url and mission codes slugs: nothing in them needs
	 * percent-encoding. */
	n = strlen(origin) + strlen("/openrosa/") + strlen(c->base) + 1;
	url = arena_alloc(&req->arena, n);
	snprintf(url, n, "%s/openrosa/%s", origin, c->base);
	*out = url;
	return ST_OK;
}

enum status openrosa_xform(struct http_req *req, const struct openrosa_caller *c,
                           const char *code, struct buf *out, const char **name,
                           const char **version)
{
	struct xform_options opt = {.observer = c->observer};
	struct intake_form *f = NULL;
	const struct form *def;
	enum status rc;

	if (!req->svc || !req->svc->intake)
		return err_set(&req->err, ST_UNSUPPORTED,
		               "forms need the server's intake");
	rc = intake_form_get(req->svc->intake, req->store, c->mission.id, code, &f,
	                     &req->err);
	if (rc)
		return rc;
	if (!f)
		return err_set(&req->err, ST_NOT_FOUND,
		               "no form with code \"%s\" in mission %s", code,
		               c->mission.code);
	def = intake_form_def(f);
	rc = xform_write(def, c->mission.code, &opt, out, &req->err);
	if (rc == ST_INVALID)
		rc = ST_INTERNAL; /* the stored form or observer, not the request */
	if (!rc && name)
		*name = arena_strdup(&req->arena, form_text(&def->name, NULL));
	if (!rc && version) {
		char v[XFORM_VERSION_MAX];

		xform_version(def, v);
		*version = arena_strdup(&req->arena, v);
	}
	intake_form_put(req->svc->intake, f);
	return rc;
}
