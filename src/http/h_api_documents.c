/* h_api_documents.c - GET and POST /api/v1/missions/{m}/documents and GET
 * /api/v1/missions/{m}/documents/{id}: the long-term log's documents,
 * listed with filters, uploaded as multipart/form-data (a "file" part and
 * the description in fields) and stored through the writer, and given
 * back byte for byte with their media type. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/disposition.h"
#include "http/handlers.h"
#include "ingest/multipart.h"
#include "model/ltm_json.h"

static enum status add_document(void *ctx, const struct document *d)
{
	return api_list_add(ctx, document_to_json(d));
}

enum status h_documents_list(struct http_req *req, struct http_resp *resp)
{
	static const char *const directions[] = {"handed_over", "received"};
	struct document_filter f = {0};
	struct api_list list;
	const char *kind = NULL, *meeting = NULL;
	struct mission m;
	int64_t total = 0;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &f.limit, &f.offset);
	if (!rc)
		rc = api_query_oneof(req, "direction", directions, 2, &f.direction);
	if (!rc)
		rc = api_query_str(req, "kind", &kind);
	if (!rc && kind) {
		f.kind = document_kind_canonical(kind);
		if (!f.kind)
			rc = err_set(&req->err, ST_INVALID,
			             "kind: \"%s\" is not one of: %s", kind,
			             document_kinds_list());
	}
	if (!rc)
		rc = api_query_str(req, "meeting", &meeting);
	if (!rc && meeting && !text_int64(meeting, 1, INT64_MAX, &f.meeting_id))
		rc = err_set(&req->err, ST_INVALID,
		             "meeting: must be a meeting's id, not \"%s\"", meeting);
	if (!rc)
		rc = store_document_list(req->store, m.id, &f, &total,
		                         f.limit ? add_document : NULL, &list, &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, total, f.limit, f.offset);
	api_list_release(&list);
	return rc;
}

enum status h_document_get(struct http_req *req, struct http_resp *resp)
{
	char hash[DOCUMENT_HASH_HEX + 1];
	struct document d;
	const void *data;
	struct mission m;
	int64_t id;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_path_id(req, "id", "document", &id);
	if (!rc)
		rc = store_document_get(req->store, m.id, id, &req->arena, &d, &data,
		                        &req->err);
	if (rc)
		return rc;
	document_hash(data, (size_t)d.size, hash);
	if (strcmp(hash, d.hash))
		return err_set(
		    &req->err, ST_INTERNAL,
		    "document %lld: its bytes no longer match the hash stored with "
		    "them; the database is damaged",
		    (long long)id);
	rc = buf_append(&resp->body, data, (size_t)d.size);
	if (rc)
		return err_set(&req->err, rc, "the document is too large to send");
	resp->status = 200;
	resp->content_type = d.content_type;
	http_disposition(resp, d.file_name); /* the server adds nosniff to every answer */
	return ST_OK;
}

/* ---- storing one ---- */

struct upload {
	int64_t mission_id;
	const char *mission;
	struct document d;      /* prepared; strings in the request's arena */
	const void *data;       /* in the request's body */
	struct document stored; /* as stored, strings in a */
	struct arena a;
};

static void release_upload(void *arg)
{
	arena_release(&((struct upload *)arg)->a);
}

static enum status upload_write(struct store *st, void *ctx, struct err *e)
{
	struct upload *u = ctx;
	char hash[DOCUMENT_HASH_HEX + 1];
	int64_t id = 0;
	enum status rc;

	rc = store_document_add(st, u->mission_id, &u->d, u->data, &id, hash, e);
	if (!rc)
		rc =
		    store_document_get(st, u->mission_id, id, &u->a, &u->stored, NULL, e);
	return rc;
}

static enum status upload_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct upload *u = ctx;
	char where[256];

	(void)req;
	snprintf(where, sizeof(where), "/api/v1/missions/%s/documents/%lld", u->mission,
	         (long long)u->stored.id);
	http_resp_header(resp, "Location", where);
	return http_resp_json(resp, 201, document_to_json(&u->stored));
}

#define FIELDS "file, title, kind, direction, meeting, date, content_type"

/* A text field's value as a string in the request's arena. */
static enum status text_field(struct http_req *req, const struct multipart_part *p,
                              const char **out)
{
	if (memchr(p->body, '\0', p->len) || !utf8_valid(p->body, p->len))
		return err_set(&req->err, ST_INVALID, "%s: must be UTF-8 text", p->name);
	*out = arena_strndup(&req->arena, p->body, p->len);
	return ST_OK;
}

/* The document the parts describe, into u (not yet prepared). */
static enum status read_parts(struct http_req *req, const struct multipart *mp,
                              struct upload *u)
{
	const char *meeting = NULL;
	bool has_file = false;
	enum status rc = ST_OK;

	for (size_t i = 0; i < mp->nparts && !rc; i++) {
		const struct multipart_part *p = &mp->parts[i];
		const char **dest = !strcmp(p->name, "title")       ? &u->d.title
		                    : !strcmp(p->name, "kind")      ? &u->d.kind
		                    : !strcmp(p->name, "direction") ? &u->d.direction
		                    : !strcmp(p->name, "date")      ? &u->d.date
		                    : !strcmp(p->name, "content_type")
		                        ? &u->d.content_type
		                    : !strcmp(p->name, "meeting") ? &meeting
		                                                  : NULL;
		if (multipart_find(mp, p->name) != p)
			return err_set(&req->err, ST_INVALID, "%s: is given twice",
			               p->name);
		if (dest) {
			rc = text_field(req, p, dest);
			continue;
		}
		if (strcmp(p->name, "file"))
			return err_set(
			    &req->err, ST_INVALID,
			    "unknown part \"%.60s\" (the parts are " FIELDS ")", p->name);
		has_file = true;
		u->d.file_name = arena_strdup(&req->arena, p->filename);
		u->d.size = (int64_t)p->len;
		u->data = p->len ? p->body : "";
		/* A type of its own, unless the client only said "bytes". */
		if (!u->d.content_type && p->content_type &&
		    strcmp(p->content_type, "application/octet-stream"))
			u->d.content_type = arena_strdup(&req->arena, p->content_type);
	}
	if (rc)
		return rc;
	if (!has_file)
		return err_set(&req->err, ST_INVALID,
		               "file: is required (a part named \"file\" with the file's "
		               "name and bytes)");
	if (!u->d.file_name)
		return err_set(
		    &req->err, ST_INVALID,
		    "file: the part has no filename in its Content-Disposition");
	if (meeting && !text_int64(meeting, 1, INT64_MAX, &u->d.meeting_id))
		return err_set(&req->err, ST_INVALID,
		               "meeting: must be a meeting's id, not \"%.40s\"", meeting);
	return ST_OK;
}

/* The date when none was given: the meeting's, else today's (UTC). */
static enum status default_date(struct http_req *req, struct upload *u)
{
	struct meeting_row r;
	char *today;

	if (u->d.date && *u->d.date)
		return ST_OK;
	if (u->d.meeting_id) {
		enum status rc =
		    store_meeting_get(req->store, u->mission_id, u->d.meeting_id,
		                      &req->arena, &r, &req->err);
		if (rc == ST_NOT_FOUND)
			err_set(&req->err, ST_NOT_FOUND,
			        "meeting: no meeting with id %lld in this mission",
			        (long long)u->d.meeting_id);
		if (!rc)
			u->d.date = r.date;
		return rc;
	}
	today = arena_alloc(&req->arena, 21);
	text_now_iso(today);
	today[10] = '\0';
	u->d.date = today;
	return ST_OK;
}

enum status h_document_post(struct http_req *req, struct http_resp *resp)
{
	struct upload *u = arena_alloc(&req->arena, sizeof(*u));
	struct multipart_limits lim = {.max_part = DOCUMENT_MAX_SIZE,
	                               .max_total = HTTP_DOCUMENT_BODY_MAX};
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart mp = {0};
	struct mission m;
	enum status rc;

	*u = (struct upload){.a = ARENA_INIT};
	http_on_release(req, release_upload, u);
	rc = api_mission(req, &m);
	if (rc)
		return rc;
	u->mission_id = m.id;
	u->mission = m.code;
	rc = multipart_boundary(http_header(req, "Content-Type"), boundary, &req->err);
	if (rc == ST_UNSUPPORTED) {
		http_resp_error(
		    resp, 415,
		    "Content-Type: a document is sent as multipart/form-data with "
		    "the parts " FIELDS);
		return ST_OK;
	}
	if (rc) {
		err_prefix(&req->err, "Content-Type: ");
		return rc;
	}
	rc = multipart_parse(req->body.ptr, req->body.len, boundary, 0, &lim, &mp,
	                     &req->err);
	if (rc)
		err_prefix(&req->err, "multipart body: ");
	if (!rc)
		rc = read_parts(req, &mp, u);
	multipart_release(&mp);
	if (!rc)
		rc = default_date(req, u);
	if (!rc)
		rc = document_prepare(&u->d, &req->arena, &req->err);
	if (rc)
		return rc;
	return api_write(req, upload_write, upload_render, u);
}
