/* h_api_assignments.c - GET and POST /api/v1/missions/{m}/assignments:
 * which observer visits which polling station on which day (a GET may
 * name stations and observers, each a list separated by commas).  A POST is a
 * JSON array stored in one transaction on the writer: all or nothing, with
 * every refused item named by its index. */
#include <string.h>

#include "core/text.h"
#include "http/api.h"
#include "http/api_rows.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/observer_self.h"

struct assignment_page {
	struct api_list list;
	int64_t limit, offset, total;
	const char *stations, *observers; /* "A,B,C" filters, or NULL */
};

/* list when it is one code (no comma), else NULL: what the store can
 * look up itself. */
static const char *single(const char *list)
{
	return list && !strchr(list, ',') ? list : NULL;
}

/* True when list (codes separated by commas) is NULL or has code. */
static bool in_list(const char *list, const char *code)
{
	size_t len = strlen(code);

	if (!list)
		return true;
	while (*list) {
		size_t n = strcspn(list, ",");
		if (n == len && !memcmp(list, code, n))
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

static enum status add_assignment(void *ctx, const struct assignment_row *a)
{
	struct assignment_page *p = ctx;

	if (!in_list(p->stations, a->station) || !in_list(p->observers, a->observer))
		return ST_OK;
	if (api_page_take(p->total++, p->limit, p->offset))
		return api_list_add(&p->list, assignment_row_to_json(a));
	return ST_OK;
}

enum status h_assignments_list(struct http_req *req, struct http_resp *resp)
{
	struct assignment_page p = {0};
	const char *day;
	struct mission m;
	enum status rc;

	api_list_init(&p.list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_paging(req, &p.limit, &p.offset);
	if (!rc)
		rc = api_query_date(req, "day", &day);
	if (!rc)
		rc = api_query_str(req, "station", &p.stations);
	if (!rc)
		rc = api_query_str(req, "observer", &p.observers);
	if (!rc) {
		struct assignment_row only = {.observer = single(p.observers),
		                              .station = single(p.stations),
		                              .day = day};
		rc = store_assignment_list(req->store, m.id, &only, add_assignment, &p,
		                           &req->err);
	}
	if (!rc)
		rc = api_list_finish(&p.list, resp, p.total, p.limit, p.offset);
	api_list_release(&p.list);
	return rc;
}

/* ---- an observer's own ---- */

struct own_page {
	struct api_list list;
	int64_t total;
};

static enum status add_own(void *ctx, const struct assignment_row *a)
{
	struct own_page *p = ctx;

	p->total++;
	return api_list_add(&p->list, assignment_row_to_json(a));
}

/* GET /api/v1/missions/{m}/my/assignments: the stations the caller's
 * observer is assigned to, when the caller is an observer's account;
 * empty for every other account. */
enum status h_my_assignments_list(struct http_req *req, struct http_resp *resp)
{
	struct own_page p = {0};
	struct mission m;
	bool is = false;
	enum status rc;

	api_list_init(&p.list);
	rc = api_mission(req, &m);
	if (!rc)
		rc = observer_self(req, &m, &is);
	if (!rc && is) {
		struct assignment_row only = {.observer = req->auth->user};
		rc = store_assignment_list(req->store, m.id, &only, add_own, &p,
		                           &req->err);
	}
	if (!rc)
		rc = api_list_finish(&p.list, resp, p.total, -1, 0);
	api_list_release(&p.list);
	return rc;
}

/* ---- storing ---- */

struct assignments {
	int64_t mission_id;
	struct assignment_row *rows;
	size_t n;
	int64_t inserted, unchanged;
	json_t *problems; /* [{index, message}] of the items the store refused */
};

static void release_assignments(void *arg)
{
	json_decref(((struct assignments *)arg)->problems);
}

/* "station" of a store message "station: no polling station ...", or NULL. */
static const char *field_of(const char *msg)
{
	if (!strncmp(msg, "station:", 8))
		return "station";
	if (!strncmp(msg, "observer:", 9))
		return "observer";
	return NULL;
}

static void problem(json_t *problems, size_t index, const char *field, const char *msg)
{
	json_array_append_new(problems,
	                      json_pack("{s:I, s:s?, s:s}", "index", (json_int_t)index,
	                                "field", field, "message", msg));
}

/* In the writer thread: every row, each in a savepoint of its own so
 * that every refusal is found.  A refusal undoes the lot (the outer
 * savepoint) but is no failure of the job: render lists them. */
static enum status assignments_write(struct store *st, void *ctx, struct err *e)
{
	struct assignments *a = ctx;
	enum upsert_result res;
	struct err ie;
	enum status rc;

	a->inserted = a->unchanged = 0;
	rc = store_savepoint(st, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < a->n; i++) {
		err_clear(&ie);
		rc = store_assignment_put(st, a->mission_id, &a->rows[i], &res, &ie);
		if (rc == ST_NOT_FOUND || rc == ST_INVALID) {
			problem(a->problems, i, field_of(ie.msg), ie.msg);
			rc = ST_OK;
			continue;
		}
		if (rc) {
			*e = ie;
			return store_release(st, rc);
		}
		if (res == UPSERT_INSERTED)
			a->inserted++;
		else
			a->unchanged++;
	}
	if (json_array_size(a->problems)) {
		store_release(st, ST_INVALID);
		return ST_OK;
	}
	return store_release(st, ST_OK);
}

static enum status assignments_render(struct http_req *req, struct http_resp *resp,
                                      void *ctx)
{
	struct assignments *a = ctx;

	(void)req;
	if (json_array_size(a->problems))
		return api_problems(resp, 422,
		                    "some assignments were refused; none was stored",
		                    json_incref(a->problems));
	return http_resp_json(resp, 200,
	                      json_pack("{s:I, s:I, s:I}", "items", (json_int_t)a->n,
	                                "inserted", (json_int_t)a->inserted, "unchanged",
	                                (json_int_t)a->unchanged));
}

/* One item of the array: {observer, station, day}; day defaults to the
 * election day.  Problems of its shape go to problems. */
static void read_item(struct http_req *req, const struct mission *m, json_t *item,
                      size_t i, struct assignment_row *row, json_t *problems)
{
	static const char *const fields[] = {"observer", "station", "day"};
	const char **dest[] = {&row->observer, &row->station, &row->day};
	const char *key;
	json_t *v;

	memset(row, 0, sizeof(*row));
	if (!json_is_object(item)) {
		problem(problems, i, NULL,
		        "must be an object {\"observer\": ..., \"station\": ..., "
		        "\"day\": ...}");
		return;
	}
	json_object_foreach(item, key, v)
	{
		if (strcmp(key, "observer") && strcmp(key, "station") &&
		    strcmp(key, "day")) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         "unknown field \"%.60s\" (the fields are observer, "
			         "station, day)",
			         key);
			problem(problems, i, NULL, msg);
		}
	}
	for (size_t f = 0; f < 3; f++) {
		char msg[96];
		v = json_object_get(item, fields[f]);
		if (!v || json_is_null(v) ||
		    (json_is_string(v) && !json_string_length(v))) {
			if (f == 2 && m->election_date) {
				row->day = m->election_date;
				continue;
			}
			snprintf(msg, sizeof(msg), "%s: is required", fields[f]);
			problem(problems, i, fields[f], msg);
			continue;
		}
		if (!json_is_string(v)) {
			snprintf(msg, sizeof(msg), "%s: must be a string", fields[f]);
			problem(problems, i, fields[f], msg);
			continue;
		}
		*dest[f] = arena_strdup(&req->arena, json_string_value(v));
	}
	if (row->day && !text_is_date(row->day)) {
		char msg[160];
		snprintf(msg, sizeof(msg),
		         "day: must be a date written YYYY-MM-DD, not \"%.40s\"",
		         row->day);
		problem(problems, i, "day", msg);
	}
}

enum status h_assignments_post(struct http_req *req, struct http_resp *resp)
{
	struct assignments *a = arena_alloc(&req->arena, sizeof(*a));
	json_t *body = NULL, *problems = json_array();
	struct mission m;
	enum status rc;
	size_t i;

	*a = (struct assignments){0};
	rc = api_mission(req, &m);
	if (!rc)
		rc = api_body_json(req, &body);
	if (rc)
		goto out;
	if (!json_is_array(body)) {
		rc = err_set(&req->err, ST_INVALID,
		             "body: must be a JSON array of {\"observer\", \"station\", "
		             "\"day\"} objects");
		goto out;
	}
	a->mission_id = m.id;
	a->n = json_array_size(body);
	a->rows = arena_alloc(&req->arena, (a->n ? a->n : 1) * sizeof(*a->rows));
	for (i = 0; i < a->n; i++)
		read_item(req, &m, json_array_get(body, i), i, &a->rows[i], problems);
	if (json_array_size(problems)) {
		rc = api_problems(resp, 422,
		                  "some assignments are not valid; none was stored",
		                  problems);
		problems = NULL;
		goto out;
	}
	a->problems = problems;
	problems = NULL;
	http_on_release(req, release_assignments, a);
	rc = api_write(req, assignments_write, assignments_render, a);
out:
	json_decref(problems);
	json_decref(body);
	return rc;
}
