/* api.c - the mission and ids from the path, query parameters with
 * checked values, JSON request bodies, and list and problem bodies for the
 * JSON API's handlers. */
#include <inttypes.h>
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/router.h"
#include "store/registry_cache.h"
#include "store/store.h"

enum status api_mission(struct http_req *req, struct mission *m)
{
	const char *code = http_param(req, "m");

	if (!code)
		return err_set(&req->err, ST_INTERNAL, "bug: route %s has no {m}",
		               req->route ? req->route->pattern : "?");
	return registry_mission_get(req->store, code, &req->arena, m, &req->err);
}

/* Query parameter name as an integer in [min, max], or def when absent. */
static enum status query_int(struct http_req *req, const char *name, int64_t def,
                             int64_t min, int64_t max, int64_t *out)
{
	const char *v = http_query(req, name);

	*out = def;
	if (!v)
		return ST_OK;
	if (!text_int64(v, min, max, out))
		return err_set(&req->err, ST_INVALID,
		               "%s: must be a whole number from %" PRId64 " to %" PRId64
		               ", not \"%s\"",
		               name, min, max, v);
	return ST_OK;
}

enum status api_paging(struct http_req *req, int64_t *limit, int64_t *offset)
{
	enum status rc;

	rc = query_int(req, "limit", API_LIMIT_DEFAULT, 0, API_LIMIT_MAX, limit);
	if (rc)
		return rc;
	return query_int(req, "offset", 0, 0, INT64_MAX / 2, offset);
}

enum status api_query_str(struct http_req *req, const char *name, const char **out)
{
	const char *v = http_query(req, name);

	*out = NULL;
	if (v && !*v)
		return err_set(&req->err, ST_INVALID, "%s: must not be empty", name);
	*out = v;
	return ST_OK;
}

enum status api_query_oneof(struct http_req *req, const char *name,
                            const char *const *words, size_t n, const char **out)
{
	enum status rc = api_query_str(req, name, out);
	struct buf list;

	if (rc || !*out)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(*out, words[i]))
			return ST_OK;
	buf_init(&list, BUF_NO_CAP);
	for (size_t i = 0; i < n; i++)
		buf_appendf(&list, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
		            words[i]);
	rc = err_set(&req->err, ST_INVALID, "%s: must be %s, not \"%s\"", name, list.ptr,
	             *out);
	buf_release(&list);
	*out = NULL;
	return rc;
}

enum status api_query_flag(struct http_req *req, const char *name, bool *out)
{
	const char *v = http_query(req, name);

	*out = false;
	if (!v)
		return ST_OK;
	if (!strcmp(v, "1") || text_ieq(v, "true") || text_ieq(v, "yes")) {
		*out = true;
		return ST_OK;
	}
	if (!strcmp(v, "0") || text_ieq(v, "false") || text_ieq(v, "no"))
		return ST_OK;
	return err_set(&req->err, ST_INVALID,
	               "%s: must be 1 or 0 (true or false), not \"%s\"", name, v);
}

enum status api_path_id(struct http_req *req, const char *name, const char *what,
                        int64_t *out)
{
	const char *v = http_param(req, name);

	*out = 0;
	if (!v || !text_int64(v, 1, INT64_MAX, out))
		return err_set(&req->err, ST_NOT_FOUND, "no %s with id \"%s\"", what,
		               v ? v : "");
	return ST_OK;
}

enum status api_query_date(struct http_req *req, const char *name, const char **out)
{
	enum status rc = api_query_str(req, name, out);

	if (rc || !*out)
		return rc;
	if (!text_is_date(*out))
		return err_set(&req->err, ST_INVALID,
		               "%s: must be a date written YYYY-MM-DD, not \"%s\"", name,
		               *out);
	return ST_OK;
}

enum status api_body_json(struct http_req *req, json_t **out)
{
	const char *p = req->body.ptr;
	json_error_t je;

	*out = NULL;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (p == req->body.ptr + req->body.len) {
		*out = json_object();
		return ST_OK;
	}
	*out = json_loadb(req->body.ptr, req->body.len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return err_set(&req->err, ST_INVALID, "body: line %d, column %d: %s",
		               je.line, je.column, je.text);
	return ST_OK;
}

enum status api_problems(struct http_resp *resp, int status, const char *message,
                         json_t *problems)
{
	return http_resp_json(resp, status,
	                      json_pack("{s:s, s:o}", "error", message, "problems",
	                                problems ? problems : json_array()));
}

bool api_page_take(int64_t index, int64_t limit, int64_t offset)
{
	return index >= offset && index - offset < limit;
}

void api_list_init(struct api_list *l)
{
	buf_init(&l->items, HTTP_RESP_MAX);
	l->count = 0;
}

enum status api_list_add(struct api_list *l, json_t *item)
{
	enum status rc = ST_OK;

	if (l->count)
		rc = buf_appendc(&l->items, ',');
	if (!rc)
		rc = http_buf_json(&l->items, item);
	json_decref(item);
	if (!rc)
		l->count++;
	return rc;
}

enum status api_list_finish(struct api_list *l, struct http_resp *resp, int64_t total,
                            int64_t limit, int64_t offset)
{
	struct buf *b = &resp->body;
	enum status rc;

	buf_reset(b);
	if (limit < 0)
		rc = buf_appendf(b, "{\"total\":%" PRId64 ",\"items\":[", total);
	else
		rc = buf_appendf(b,
		                 "{\"total\":%" PRId64 ",\"limit\":%" PRId64
		                 ",\"offset\":%" PRId64 ",\"items\":[",
		                 total, limit, offset);
	if (!rc)
		rc = buf_append(b, l->items.ptr, l->items.len);
	if (!rc)
		rc = buf_appends(b, "]}");
	if (rc)
		return rc;
	resp->status = 200;
	resp->content_type = HTTP_JSON;
	return ST_OK;
}

void api_list_release(struct api_list *l)
{
	buf_release(&l->items);
	l->count = 0;
}

/* "YYYY-MM-DD", optionally followed by "THH:MM", ":SS" and "Z": the
 * forms a time of reception can be compared with. */
bool api_time_prefix(const char *s)
{
	static const char pat[] = "T99:99:99Z";
	char date[11];
	size_t n = strlen(s), i;

	if (n < 10)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!text_is_date(date))
		return false;
	for (i = 10; i < n; i++) {
		char p = pat[i - 10];
		if (!p || (p == '9' ? s[i] < '0' || s[i] > '9' : s[i] != p))
			return false;
	}
	return n == 10 || n == 16 || n == 19 || n == 20;
}
