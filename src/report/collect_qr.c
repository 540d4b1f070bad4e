/* collect_qr.c - ODK Collect's settings for one observer as the text of a
 * QR code (JSON, deflated by zlib, in base64 by libsodium), and the page
 * with that code and a caption a coordinator prints for the observer.
 * The buffers made here that hold the token are wiped before they are
 * freed (jansson's own copy inside its objects is not). */
#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <zlib.h>

#include "core/alloc.h"
#include "core/text.h"
#include "report/collect_qr.h"

/* Collect keeps its forms exactly as the server lists them (new ones
 * downloaded, withdrawn ones removed) and sends a finalised report at
 * once over any network: what an observer on election day needs. */
#define FORM_UPDATE_MODE "match_exactly"
#define AUTOSEND         "wifi_and_cellular"

static bool given(const char *s)
{
	return s && *s && utf8_valid(s, strlen(s));
}

static enum status check(const struct collect_qr *q, struct err *e)
{
	if (!given(q->server_url))
		return err_set(e, ST_INVALID, "the server URL is missing or not UTF-8");
	if (!given(q->username))
		return err_set(e, ST_INVALID, "the user name is missing or not UTF-8");
	if (!given(q->mission))
		return err_set(e, ST_INVALID, "the mission is missing or not UTF-8");
	return ST_OK;
}

/* The settings as compact JSON; the caller wipes and frees it. */
static char *settings_json(const struct collect_qr *q)
{
	char *project = xasprintf("observa %s", q->mission);
	json_t *j = json_pack("{s:{s:s, s:s, s:s, s:s}, s:{}, s:{s:s}}", "general",
	                      "server_url", q->server_url, "username", q->username,
	                      "form_update_mode", FORM_UPDATE_MODE, "autosend", AUTOSEND,
	                      "admin", "project", "name", project);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	free(project);
	return text;
}

enum status collect_qr_payload(const struct collect_qr *q, char **out, struct err *e)
{
	unsigned char *packed = NULL;
	uLongf packed_len = 0;
	char *json = NULL;
	size_t json_len = 0, b64_len;
	enum status rc;

	*out = NULL;
	rc = check(q, e);
	if (rc)
		return rc;
	json = settings_json(q);
	if (!json) {
		rc = err_set(e, ST_NOMEM, "cannot write Collect's settings");
		goto out;
	}
	json_len = strlen(json);
	packed_len = compressBound((uLong)json_len);
	packed = xmalloc(packed_len);
	if (compress2(packed, &packed_len, (const Bytef *)json, (uLong)json_len,
	              Z_BEST_COMPRESSION) != Z_OK) {
		rc =
		    err_set(e, ST_INTERNAL, "zlib could not compress Collect's settings");
		goto out;
	}
	b64_len = sodium_base64_ENCODED_LEN(packed_len, sodium_base64_VARIANT_ORIGINAL);
	*out = xmalloc(b64_len);
	sodium_bin2base64(*out, b64_len, packed, packed_len,
	                  sodium_base64_VARIANT_ORIGINAL);
out:
	if (json) {
		sodium_memzero(json, json_len);
		free(json);
	}
	if (packed) {
		sodium_memzero(packed, packed_len);
		free(packed);
	}
	return rc;
}

enum status collect_qr_page(const struct collect_qr *q, struct buf *out,
                            struct qr_svg_info *info, struct err *e)
{
	char *payload = NULL, *text[7] = {0}, *title = NULL;
	struct qr_svg_line lines[7];
	size_t n = sizeof(lines) / sizeof(lines[0]);
	enum status rc;

	rc = check(q, e);
	if (!rc && (!given(q->digest_url) || !given(q->pin)))
		rc = err_set(e, ST_INVALID, "the Digest URL or the PIN is missing");
	if (rc)
		return rc;
	rc = collect_qr_payload(q, &payload, e);
	if (rc)
		return rc;
	title = xasprintf("ODK Collect settings of observer %s, mission %s", q->username,
	                  q->mission);
	text[0] = xasprintf("Observer %s \u00b7 mission %s", q->username, q->mission);
	text[1] = xstrdup("Scan this code in ODK Collect (add a project).");
	text[2] = xstrdup("Or set Collect up by hand with");
	text[3] = xasprintf("server URL %s", q->digest_url);
	text[4] = xasprintf("user name %s, password (PIN) %s", q->username, q->pin);
	text[5] = xstrdup("Keep this page like a password: whoever holds");
	text[6] = xstrdup("it can send reports as this observer.");
	for (size_t i = 0; i < n; i++)
		lines[i] = (struct qr_svg_line){text[i], i == 0};
	rc = qr_svg(payload, title, lines, n, out, info, e);
	sodium_memzero(payload, strlen(payload));
	free(payload);
	for (size_t i = 0; i < n; i++) {
		sodium_memzero(text[i], strlen(text[i]));
		free(text[i]);
	}
	free(title);
	return rc;
}
