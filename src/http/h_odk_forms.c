/* h_odk_forms.c - GET /openrosa/{token}/formList and
 * /openrosa/{token}/forms/{formID}.xml: the forms of the token's mission
 * as an OpenRosa form list, each with the MD5 of the XForm served to that
 * observer, and the XForms themselves. */
#include <string.h>

#include "core/md5.h"
#include "http/handlers.h"
#include "http/openrosa.h"
#include "ingest/xform.h"
#include "store/store_read.h"

#define FORMLIST_NS "http://openrosa.org/xforms/xformsList"

/* The mission's form codes, copied into the request's arena. */
struct codes {
	struct arena *a;
	const char **v;
	size_t n, alloc;
};

static enum status add_code(void *ctx, const struct form_record *f)
{
	struct codes *cs = ctx;

	if (cs->n == cs->alloc) {
		const char **v;
		cs->alloc = cs->alloc ? cs->alloc * 2 : 8;
		v = arena_alloc(cs->a, cs->alloc * sizeof(*v));
		if (cs->n)
			memcpy(v, cs->v, cs->n * sizeof(*v));
		cs->v = v;
	}
	cs->v[cs->n++] = arena_strdup(cs->a, f->code);
	return ST_OK;
}

/* Append <xform> for form code to b: its XForm is written to learn its
 * hash, exactly as h_odk_form_get serves it. */
static enum status list_entry(struct http_req *req, const struct openrosa_caller *c,
                              const char *base, const char *code, const char *form_id,
                              struct buf *b)
{
	char hex[MD5_HEX];
	const char *name, *version;
	struct buf x;
	enum status rc;

	buf_init(&x, HTTP_RESP_MAX);
	rc = openrosa_xform(req, c, code, &x, &name, &version);
	if (rc)
		goto out;
	md5_hex(x.ptr, x.len, hex);
	rc = buf_appends(b, "<xform><formID>");
	if (!rc)
		rc = openrosa_buf_text(b, form_id);
	if (!rc)
		rc = buf_appends(b, "</formID><name>");
	if (!rc)
		rc = openrosa_buf_text(b, name);
	if (!rc)
		rc = buf_appendf(b,
		                 "</name><version>%s</version><hash>md5:%s</hash>"
		                 "<downloadUrl>",
		                 version, hex);
	if (!rc)
		rc = openrosa_buf_text(b, base);
	if (!rc)
		rc = buf_appends(b, "/forms/");
	if (!rc)
		rc = openrosa_buf_text(b, form_id);
	if (!rc)
		rc = buf_appends(b, ".xml</downloadUrl><manifestUrl>");
	if (!rc)
		rc = openrosa_buf_text(b, base);
	if (!rc)
		rc = buf_appends(b, "/manifests/");
	if (!rc)
		rc = openrosa_buf_text(b, form_id);
	if (!rc)
		rc = buf_appends(b, "</manifestUrl></xform>\n");
	if (rc == ST_TOO_BIG)
		err_set(&req->err, rc, "the form list is too big");
out:
	buf_release(&x);
	return rc;
}

/* The list, every form of the mission or the one whose formID is only. */
static enum status form_list(struct http_req *req, struct http_resp *resp,
                             const char *only)
{
	struct codes codes = {&req->arena, NULL, 0, 0};
	struct openrosa_caller c;
	const char *base;
	struct buf *b = &resp->body;
	enum status rc;

	rc = openrosa_caller(req, &c);
	if (!rc)
		rc = openrosa_base_url(req, &c, &base);
	if (!rc)
		rc = store_form_list(req->store, c.mission.id, add_code, &codes,
		                     &req->err);
	if (rc)
		return rc;
	buf_reset(b);
	rc = buf_appends(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                    "<xforms xmlns=\"" FORMLIST_NS "\">\n");
	for (size_t i = 0; i < codes.n && !rc; i++) {
		char *id = xform_form_id(c.mission.code, codes.v[i]);

		if (!only || !strcmp(only, id))
			rc = list_entry(req, &c, base, codes.v[i], id, b);
		free(id);
	}
	if (!rc)
		rc = buf_appends(b, "</xforms>\n");
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = HTTP_XML;
	openrosa_resp_headers(resp);
	return ST_OK;
}

enum status h_odk_form_list(struct http_req *req, struct http_resp *resp)
{
	const char *only = http_query(req, "formID");
	enum status rc;

	/* The list and the forms it hashes come from one snapshot. */
	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		return rc;
	rc = form_list(req, resp, only && *only ? only : NULL);
	return store_release(req->store, rc);
}

/* The formID must name a form of the caller's mission; code gets its form
 * code. */
static enum status mission_form(struct http_req *req, const struct openrosa_caller *c,
                                const char *id, char form[XFORM_FORM_MAX + 1])
{
	char mission[XFORM_MISSION_MAX + 1];
	struct form_record rec;

	if (!xform_form_id_split(id, mission, form) || strcmp(mission, c->mission.code))
		return err_set(&req->err, ST_NOT_FOUND, "no form \"%s\" in mission %s",
		               id, c->mission.code);
	return store_form_get(req->store, c->mission.id, form, &req->arena, &rec,
	                      &req->err);
}

/* The manifest lists a form's media files.  observa's forms have none, so
 * it is empty; ODK clients still ask for it when the form list names it. */
enum status h_odk_manifest(struct http_req *req, struct http_resp *resp)
{
	const char *id = http_param(req, "id");
	char form[XFORM_FORM_MAX + 1];
	struct openrosa_caller c;
	enum status rc;

	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		return rc;
	rc = openrosa_caller(req, &c);
	if (!rc && strlen(id) > XFORM_ID_MAX)
		rc = err_set(&req->err, ST_NOT_FOUND, "no form \"%.40s...\"", id);
	if (!rc)
		rc = mission_form(req, &c, id, form);
	if (rc)
		goto out;
	buf_reset(&resp->body);
	rc = buf_appends(&resp->body,
	                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">"
	                 "</manifest>\n");
	if (rc)
		goto out;
	resp->status = 200;
	resp->content_type = HTTP_XML;
	openrosa_resp_headers(resp);
out:
	return store_release(req->store, rc);
}

enum status h_odk_form_get(struct http_req *req, struct http_resp *resp)
{
	const char *file = http_param(req, "file");
	char mission[XFORM_MISSION_MAX + 1], form[XFORM_FORM_MAX + 1];
	char id[XFORM_ID_MAX + 1];
	struct openrosa_caller c;
	size_t n = strlen(file);
	enum status rc;

	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		return rc;
	rc = openrosa_caller(req, &c);
	if (rc)
		goto out;
	if (n < 5 || n - 4 > XFORM_ID_MAX || strcmp(file + n - 4, ".xml")) {
		rc = err_set(&req->err, ST_NOT_FOUND,
		             "no form \"%s\": forms are named FORMID.xml", file);
		goto out;
	}
	memcpy(id, file, n - 4);
	id[n - 4] = '\0';
	if (!xform_form_id_split(id, mission, form) || strcmp(mission, c.mission.code)) {
		rc = err_set(&req->err, ST_NOT_FOUND, "no form \"%s\" in mission %s", id,
		             c.mission.code);
		goto out;
	}
	buf_reset(&resp->body);
	rc = openrosa_xform(req, &c, form, &resp->body, NULL, NULL);
	if (rc)
		goto out;
	resp->status = 200;
	resp->content_type = HTTP_XML;
	openrosa_resp_headers(resp);
out:
	return store_release(req->store, rc);
}
