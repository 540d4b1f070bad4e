/* h_odk_submit.c - HEAD and POST /openrosa/{token}/submission: an ODK
 * client's report, a multipart/form-data body whose xml_submission_file
 * part is the filled instance, read against the mission's form and sent
 * through the intake path like a JSON report, as the token's observer.
 * The other parts (photos) are stored with it, and a refused report is
 * kept as received; answered once durable, with OpenRosa's messages
 * (docs/odk.md). */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "http/handlers.h"
#include "http/openrosa.h"
#include "ingest/intake.h"
#include "ingest/multipart.h"
#include "ingest/openrosa_xml.h"
#include "ingest/xform.h"
#include "store/registry_cache.h"
#include "store/store_read.h"

static void release_item(void *arg)
{
	intake_item_release(arg);
}

/* A problem's field as an ODK user knows it. */
static const char *field_name(const char *field)
{
	if (!field)
		return "report";
	if (!strcmp(field, "id"))
		return "meta/instanceID";
	if (!strcmp(field, "replaces"))
		return "meta/deprecatedID";
	return field;
}

/* "A: message; station: message" from the item's problems. */
static void append_problems(struct buf *b, const json_t *problems)
{
	const json_t *p;
	size_t i;

	json_array_foreach(problems, i, p)
	{
		const char *tag = json_string_value(json_object_get(p, "tag"));
		const char *field = json_string_value(json_object_get(p, "field"));
		const char *msg = json_string_value(json_object_get(p, "message"));

		buf_appendf(b, "%s%s: %s", i ? "; " : "", tag ? tag : field_name(field),
		            msg ? msg : "?");
	}
}

/* " 2 attachments kept." */
static void append_attachments(struct buf *b, size_t n, const char *what)
{
	if (n)
		buf_appendf(b, " %zu attachment%s %s.", n, n == 1 ? "" : "s", what);
}

/* The OpenRosa answer for the item's outcome.  Clients take any 2xx as
 * "sent" and stop retrying, so a duplicate is 201 too. */
static enum status answer(struct http_resp *resp, const struct intake_item *it)
{
	size_t nproblems = it->problems ? json_array_size(it->problems) : 0;
	struct buf msg;
	int status;

	buf_init(&msg, 8192);
	switch (intake_item_outcome(it)) {
	case INTAKE_STORED:
		status = 201;
		if (it->rec.version > 1)
			buf_appendf(&msg,
			            "Correction received: report %lld, version %lld.",
			            (long long)it->rec.id, (long long)it->rec.version);
		else
			buf_appendf(&msg, "Report received: number %lld.",
			            (long long)it->rec.id);
		if (nproblems) {
			buf_appends(&msg, " Flagged for review: ");
			append_problems(&msg, it->problems);
			buf_appends(&msg, ".");
		}
		append_attachments(&msg, it->attachments_added, "kept");
		break;
	case INTAKE_DUPLICATE:
		status = 201;
		buf_appendf(&msg, "This report was already received (number %lld); ",
		            (long long)it->rec.id);
		if (it->attachments_added)
			buf_appendf(
			    &msg, "%zu attachment%s that had not arrived %s added.",
			    it->attachments_added, it->attachments_added == 1 ? "" : "s",
			    it->attachments_added == 1 ? "was" : "were");
		else
			buf_appends(&msg, "nothing was changed.");
		break;
	case INTAKE_INVALID:
		status = 400;
		buf_appendf(&msg, "The report was refused (%zu problem%s): ", nproblems,
		            nproblems == 1 ? "" : "s");
		if (nproblems)
			append_problems(&msg, it->problems);
		else
			buf_appends(&msg,
			            it->job.err.msg[0] ? it->job.err.msg : "invalid");
		if (it->received.id)
			buf_appendf(
			    &msg,
			    ". It was kept as received (number %lld) for the "
			    "mission's staff, but not counted: correct the report "
			    "and send it again.",
			    (long long)it->received.id);
		else
			buf_appends(&msg, ". Nothing was stored: correct the report and "
			                  "send it again.");
		break;
	case INTAKE_CONFLICT:
		status = 409;
		if (!strncmp(it->job.err.msg, "replaces:", 9))
			buf_appendf(&msg,
			            "The edit was refused: the report it edits (\"%s\") "
			            "has been edited already; edit its latest version.",
			            it->rec.replaces);
		else
			buf_appendf(&msg,
			            "The report was refused: a different report with "
			            "instanceID \"%s\" was already received. An edited "
			            "report needs a new instanceID, with the old one in "
			            "deprecatedID.",
			            it->rec.client_id);
		break;
	default:
		status = 503;
		if (it->job.err.msg[0])
			buf_appendf(
			    &msg, "The report was not stored (%s); send it again later.",
			    it->job.err.msg);
		else
			buf_appends(
			    &msg, "The report could not be stored; send it again later.");
		break;
	}
	/* A message over the buffer's cap is cut short, never lost. */
	openrosa_resp_message(resp, status, status < 300 ? "submit_success" : "error",
	                      msg.ptr);
	if (status == 503)
		http_resp_header(resp, "Retry-After", "5");
	buf_release(&msg);
	return ST_OK;
}

/* Once the writer is done with the item. */
static enum status finish(struct http_req *req, struct http_resp *resp)
{
	return answer(resp, (struct intake_item *)req->deferred);
}

enum status h_odk_submission_head(struct http_req *req, struct http_resp *resp)
{
	struct openrosa_caller c;
	char max[32];
	enum status rc;

	rc = openrosa_caller(req, &c);
	if (rc)
		return rc;
	snprintf(max, sizeof(max), "%d", HTTP_ODK_BODY_MAX);
	resp->status = 204;
	resp->content_type = HTTP_XML;
	openrosa_resp_headers(resp);
	http_resp_header(resp, "X-OpenRosa-Accept-Content-Length", max);
	return ST_OK;
}

/* The instance of the multipart body.
 * A wrong media type is answered 415 here (*answered set). */
static enum status instance_part(struct http_req *req, struct http_resp *resp,
                                 struct multipart *mp, const struct multipart_part **xml,
                                 bool *answered)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	const char *ct = http_header(req, "Content-Type");
	enum status rc;

	*answered = false;
	rc = multipart_boundary(ct, boundary, &req->err);
	if (rc == ST_UNSUPPORTED) {
		openrosa_resp_message(
		    resp, 415, "error",
		    "Content-Type: a report is sent as multipart/form-data "
		    "with the instance in a part named " MULTIPART_XML_PART);
		*answered = true;
		return ST_OK;
	}
	if (rc) {
		err_prefix(&req->err, "Content-Type: ");
		return rc;
	}
	rc = multipart_parse(req->body.ptr, req->body.len, boundary, 0, NULL, mp,
	                     &req->err);
	if (!rc)
		rc = multipart_xml_part(mp, xml, &req->err);
	if (rc)
		err_prefix(&req->err, "multipart body: ");
	return rc;
}

/* The instance read once with the form its root names, which the mission
 * has and can use: *done, and the outcome, as read_instance() would have
 * it.  Else (not *done) nothing is known: read_instance() reads as
 * always, and words every refusal. */
static enum status read_once(struct http_req *req, const struct openrosa_caller *c,
                             const struct multipart_part *xml,
                             struct openrosa_instance *inst, bool *done)
{
	struct intake_form *f = NULL;
	enum status rc;
	struct err e;

	*done = false;
	err_clear(&e);
	if (openrosa_xml_claims(xml->body, xml->len, inst, &e) || !inst->mission ||
	    strcmp(inst->mission, c->mission.code) || !inst->sub.form ||
	    intake_form_get(req->svc->intake, req->store, c->mission.id, inst->sub.form,
	                    &f, &e) ||
	    !f)
		return ST_OK;
	*done = true;
	openrosa_instance_release(inst);
	rc = openrosa_xml_parse_strict(xml->body, xml->len, intake_form_def(f), NULL,
	                               inst, &req->err);
	if (rc)
		err_prefix(&req->err, "%s: ", MULTIPART_XML_PART);
	else
		rc = xform_version_check(intake_form_def(f), inst->version, &req->err);
	intake_form_put(req->svc->intake, f);
	return rc;
}

/* Read the instance against its form (values converted from ODK's
 * encoding), which is named by the instance itself: a first reading
 * without a form finds it.  Most instances name a form the mission has,
 * and are read once (read_once()). */
static enum status read_instance(struct http_req *req, const struct openrosa_caller *c,
                                 const struct multipart_part *xml,
                                 struct openrosa_instance *inst)
{
	struct intake_form *f = NULL;
	bool done;
	enum status rc;

	rc = read_once(req, c, xml, inst, &done);
	if (done)
		return rc;
	openrosa_instance_release(inst);
	rc = openrosa_xml_parse(xml->body, xml->len, NULL, NULL, inst, &req->err);
	if (rc)
		goto bad_xml;
	if (!inst->mission || strcmp(inst->mission, c->mission.code))
		return err_set(&req->err, ST_INVALID,
		               "the report is for form \"%s\", which is not a form of "
		               "mission %s: download the forms again",
		               inst->form_id ? inst->form_id : "(no id)",
		               c->mission.code);
	if (!inst->sub.form)
		return ST_OK; /* the intake says the form is missing */
	rc = intake_form_get(req->svc->intake, req->store, c->mission.id, inst->sub.form,
	                     &f, &req->err);
	if (rc == ST_INVALID) {
		err_clear(&req->err);
		return ST_OK; /* the intake says the form cannot be used */
	}
	if (rc || !f)
		return rc;
	openrosa_instance_release(inst);
	rc = openrosa_xml_parse(xml->body, xml->len, intake_form_def(f), NULL, inst,
	                        &req->err);
	if (!rc)
		rc = xform_version_check(intake_form_def(f), inst->version, &req->err);
	intake_form_put(req->svc->intake, f);
	if (!rc || rc == ST_INVALID)
		return rc;
bad_xml:
	err_prefix(&req->err, "%s: ", MULTIPART_XML_PART);
	return rc;
}

/* The observer comes from the token; the instance may only repeat it. */
static enum status take_observer(struct http_req *req, const struct openrosa_caller *c,
                                 struct submission *sub)
{
	if (sub->observer && strcmp(sub->observer, c->observer))
		return err_set(&req->err, ST_INVALID,
		               "the report names observer \"%s\" but was sent with the "
		               "credentials of observer \"%s\"",
		               sub->observer, c->observer);
	sub->observer = c->observer;
	if (!sub->client_id)
		return err_set(&req->err, ST_INVALID,
		               "meta/instanceID is missing: ODK clients set it, and it "
		               "is how a report sent twice is recognised");
	return ST_OK;
}

/* Every part but the instance, as the item's attachments: their bytes stay
 * in the request's body, which outlives the job. */
static enum status attach_parts(struct http_req *req, const struct multipart *mp,
                                const struct multipart_part *xml, struct intake_item *it)
{
	enum status rc = ST_OK;

	for (size_t i = 0; i < mp->nparts && !rc; i++) {
		const struct multipart_part *p = &mp->parts[i];

		if (p == xml)
			continue;
		rc = intake_item_attach(it, p->filename ? p->filename : p->name,
		                        p->content_type, p->body, p->len, &req->err);
	}
	return rc;
}

/* A report that cannot be read as one (broken XML, another mission's
 * form or another observer, an old ballot, no instanceID, a bad
 * attachment name): refused with the reason, and its XML kept as received
 * like any refused report, so the mission's staff see it. */
static void refuse_kept(struct http_req *req, const struct openrosa_caller *c,
                        const struct multipart_part *xml, struct intake_item *it)
{
	json_t *problems = json_array();

	json_array_append_new(problems,
	                      json_pack("{s:s, s:s, s:s}", "field", "report", "message",
	                                req->err.msg, "severity", "error"));
	err_clear(&req->err);
	intake_item_refuse(it, problems);
	it->mission_id = c->mission.id;
	/* Refused on the registry as remembered (the caller, its mission): the
	 * job checks that it still is. */
	it->registry_check = registry_cache_trusted(req->store, &it->registry_version);
	intake_item_keep(it, "odk", c->observer, xml->body, xml->len);
	http_defer(req, intake_job(it), finish);
}

enum status h_odk_submission_post(struct http_req *req, struct http_resp *resp)
{
	struct openrosa_instance inst = {0};
	const struct multipart_part *xml;
	struct multipart mp = {0};
	struct openrosa_caller c;
	struct intake_item *it;
	bool answered = false;
	enum status rc;

	if (!req->svc || !req->svc->intake)
		return err_set(&req->err, ST_UNSUPPORTED,
		               "reports need the server's intake");
	/* One read snapshot for the token, the form, station and observer. */
	rc = store_read_savepoint(req->store, &req->err);
	if (rc)
		return rc;
	rc = openrosa_caller(req, &c);
	if (!rc)
		rc = instance_part(req, resp, &mp, &xml, &answered);
	if (rc || answered)
		goto out;
	it = arena_alloc(&req->arena, sizeof(*it));
	intake_item_init(it);
	http_on_release(req, release_item, it);
	rc = read_instance(req, &c, xml, &inst);
	if (!rc)
		rc = take_observer(req, &c, &inst.sub);
	if (!rc)
		rc = attach_parts(req, &mp, xml, it);
	if (rc == ST_INVALID) {
		refuse_kept(req, &c, xml, it);
		rc = ST_OK;
		goto out;
	}
	if (rc)
		goto out;
	inst.sub.channel = "odk";
	/* The observer whose credentials sent it, from the client's address. */
	inst.sub.sent_by = c.observer;
	inst.sub.origin = req->client;
	intake_item_keep(it, "odk", c.observer, xml->body, xml->len);
	rc = intake_prepare(req->svc->intake, req->store, &c.mission, &inst.sub, it,
	                    &req->err);
	if (rc)
		goto out;
	/* A refused report goes to the writer too, to be kept as received. */
	http_defer(req, intake_job(it), finish);
out:
	openrosa_instance_release(&inst);
	multipart_release(&mp);
	return store_release(req->store, rc);
}
