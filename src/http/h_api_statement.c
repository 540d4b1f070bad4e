/* h_api_statement.c - the mission's preliminary statement over HTTP:
 * GET /api/v1/missions/{m}/statement?format=md|html|pdf&lang=en|ru (the
 * document, src/report/statement.h), GET .../statement/blocks (the texts
 * the head of mission wrote) and PUT .../statement/blocks/{key} (write
 * one, on the process's writer, audited).  docs/statement.md. */
#include <string.h>

#include "core/alloc.h"
#include "http/api.h"
#include "http/handlers.h"
#include "http/results_pool.h"
#include "model/statement_block.h"
#include "report/statement.h"

enum status h_statement_get(struct http_req *req, struct http_resp *resp)
{
	static const char *const formats[] = {"md", "html", "pdf"};
	static const char *const langs[] = {"en", "ru"};
	const char *format = NULL, *lang = NULL;
	enum statement_output o = STATEMENT_HTML;
	struct mission m;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_oneof(req, "format", formats, 3, &format);
	if (!rc)
		rc = api_query_oneof(req, "lang", langs, 2, &lang);
	if (rc)
		return rc;
	if (format)
		statement_output_parse(format, &o);
	rc = results_pool_statement(req->store, &m, lang ? lang : "en", o, &resp->body,
	                            &req->err);
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = statement_output_type(o);
	if (o == STATEMENT_HTML)
		/* A page for reading and printing: its style is inline, it runs
		 * nothing, and the dashboard shows it in a frame. */
		http_resp_header(
		    resp, "Content-Security-Policy",
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "img-src data:; frame-ancestors 'self'; base-uri 'none'; "
		    "form-action 'none'");
	if (o != STATEMENT_HTML) {
		/* Downloads keep the mission, the language and the extension:
		 * statement-kz-2023-ru.md. */
		char *name = arena_alloc(&req->arena, 160);
		snprintf(name, 160, "%s; filename=\"statement-%s-%s.%s\"",
		         o == STATEMENT_PDF ? "inline" : "attachment", m.code,
		         lang ? lang : "en", o == STATEMENT_PDF ? "pdf" : "md");
		http_resp_header(resp, "Content-Disposition", name);
	}
	return ST_OK;
}

static json_t *block_json(const struct statement_block_row *b)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "lang", b->lang, "key", b->key,
	                 "text", b->text, "updated_at", b->updated_at, "updated_by",
	                 b->updated_by);
}

static enum status add_block(void *ctx, const struct statement_block_row *b)
{
	return api_list_add(ctx, block_json(b));
}

enum status h_statement_blocks_list(struct http_req *req, struct http_resp *resp)
{
	static const char *const langs[] = {"en", "ru"};
	const char *lang = NULL;
	struct api_list list;
	struct mission m;
	enum status rc;

	api_list_init(&list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_oneof(req, "lang", langs, 2, &lang);
	if (!rc)
		rc = store_statement_block_list(req->store, m.id, lang, add_block, &list,
		                                &req->err);
	if (!rc)
		rc = api_list_finish(&list, resp, list.count, -1, 0);
	api_list_release(&list);
	return rc;
}

/* ---- writing a block ---- */

struct block_put {
	int64_t mission_id;
	struct statement_block_row row; /* strings in the request's arena */
	enum upsert_result res;
};

static enum status block_write(struct store *st, void *ctx, struct err *e)
{
	struct block_put *p = ctx;

	return store_statement_block_put(st, p->mission_id, &p->row, &p->res, e);
}

static enum status block_render(struct http_req *req, struct http_resp *resp, void *ctx)
{
	static const char *const said[] = {"created", "updated", "unchanged"};
	struct block_put *p = ctx;

	(void)req;
	return http_resp_json(resp, p->res == UPSERT_INSERTED ? 201 : 200,
	                      json_pack("{s:s, s:s, s:s, s:s}", "lang", p->row.lang,
	                                "key", p->row.key, "text", p->row.text, "result",
	                                said[p->res]));
}

enum status h_statement_block_put(struct http_req *req, struct http_resp *resp)
{
	struct block_put *p = arena_alloc(&req->arena, sizeof(*p));
	const char *key = http_param(req, "key"), *name;
	json_t *body = NULL, *v;
	struct mission m;
	enum status rc;

	(void)resp;
	*p = (struct block_put){0};
	rc = api_mission(req, &m);
	if (!rc && !statement_block_key_valid(key))
		rc = err_set(&req->err, ST_NOT_FOUND,
		             "no block \"%s\" (summary, conclusions, recommendations)",
		             key);
	if (!rc)
		rc = api_body_json(req, &body);
	if (rc)
		goto out;
	if (!json_is_object(body) || !json_is_string(json_object_get(body, "text")) ||
	    !json_is_string(json_object_get(body, "lang"))) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON object {\"lang\": \"en\" or \"ru\", "
		             "\"text\": \"...\"}");
		goto out;
	}
	json_object_foreach(body, name, v)
	{
		if (strcmp(name, "lang") && strcmp(name, "text")) {
			rc = err_set(&req->err, ST_INVALID,
			             "body: unknown field \"%s\" (lang and text only)",
			             name);
			goto out;
		}
	}
	p->mission_id = m.id;
	p->row.key = arena_strdup(&req->arena, key);
	p->row.lang =
	    arena_strdup(&req->arena, json_string_value(json_object_get(body, "lang")));
	p->row.text =
	    arena_strdup(&req->arena, json_string_value(json_object_get(body, "text")));
	if (strlen(p->row.text) != json_string_length(json_object_get(body, "text"))) {
		rc = err_set(&req->err, ST_INVALID, "text: holds a NUL character");
		goto out;
	}
	rc = statement_block_validate(p->row.lang, p->row.key, p->row.text, &req->err);
	if (!rc)
		rc = api_write(req, block_write, block_render, p);
out:
	json_decref(body);
	return rc;
}
