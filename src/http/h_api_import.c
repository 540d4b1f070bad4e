/* h_api_import.c - POST /api/v1/missions/{m}/import/{what}: a CSV file of
 * observers, locations or assignments sent as the request's body, read and
 * checked as "observa import" does (docs/import-formats.md), all or
 * nothing.  With ?dry_run=1 every row is checked and counted, written in
 * a transaction that is rolled back: the dashboard shows that preview, and
 * the problems of every row with their lines and columns (the first
 * IMPORT_PROBLEMS_SHOWN, and how many more), before anything is stored.
 *
 * The import runs on the request's own store handle, in a transaction of
 * its own (BEGIN IMMEDIATE waits for the writer's), as the command line
 * does from another process; a registry import is rare and small. */
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "ingest/import.h"

/* Problems listed in one answer; the rest are counted. */
#define IMPORT_PROBLEMS_SHOWN 200

typedef enum status (*import_fn)(struct csv_reader *r, struct store *st,
                                 const struct mission *m, const struct import_opts *opts,
                                 struct import_counts *counts, struct err *e);

static const struct {
	const char *what;
	import_fn fn;
} imports[] = {
    {"observers", import_observers},
    {"locations", import_locations},
    {"assignments", import_assignments},
};

/* {"line", "column", "message"} from "line L, column C: what" (or "line
 * L: what"); without that prefix, the message alone. */
static json_t *problem_of(const char *msg)
{
	json_t *p = json_object();
	const char *rest = msg;
	char *end;
	long line;

	if (!strncmp(msg, "line ", 5)) {
		line = strtol(msg + 5, &end, 10);
		if (end != msg + 5 && line > 0) {
			json_object_set_new(p, "line", json_integer(line));
			rest = end;
			if (!strncmp(rest, ", column ", 9)) {
				const char *col = rest + 9, *colon = strstr(col, ": ");
				if (colon) {
					json_object_set_new(
					    p, "column",
					    json_stringn(col, (size_t)(colon - col)));
					rest = colon;
				}
			}
			if (!strncmp(rest, ": ", 2))
				rest += 2;
			else
				rest = msg;
		}
	}
	json_object_set_new(p, "message", json_string(rest));
	return p;
}

/* The problems of the rows, as the import finds them. */
struct problem_list {
	struct import_problems base; /* first: the import sees this */
	json_t *items;               /* the first IMPORT_PROBLEMS_SHOWN */
};

static void add_problem(struct import_problems *p, const char *msg)
{
	struct problem_list *l = (struct problem_list *)p;

	if (json_array_size(l->items) < IMPORT_PROBLEMS_SHOWN)
		json_array_append_new(l->items, problem_of(msg));
}

/* 422 with the problems collected, or the one in msg when there are none
 * (a problem of the whole file, or of writing). */
static enum status refused(struct http_resp *resp, struct problem_list *l,
                           const char *msg)
{
	long long total = l->base.n;
	json_t *items = l->items;

	if (!total) {
		json_array_clear(items);
		json_array_append_new(items, problem_of(msg));
		total = 1;
	}
	return http_resp_json(
	    resp, 422,
	    json_pack("{s:s, s:o, s:I, s:I}", "error",
	              "the file was refused; nothing was stored", "problems", items,
	              "problems_total", (json_int_t)total, "problems_left_out",
	              (json_int_t)(total - (long long)json_array_size(items))));
}

/* Import what (one of imports[]) from the request's body. */
static enum status import_post(struct http_req *req, struct http_resp *resp,
                               const char *what)
{
	struct problem_list problems = {{add_problem, 0}, NULL};
	struct import_opts opts = {0};
	struct import_counts counts;
	struct csv_reader r;
	struct mission m;
	import_fn fn = NULL;
	enum status rc;

	rc = api_mission(req, &m);
	if (!rc)
		rc = api_query_flag(req, "dry_run", &opts.dry_run);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(imports) / sizeof(imports[0]); i++)
		if (!strcmp(what, imports[i].what))
			fn = imports[i].fn;
	if (!fn)
		return err_set(
		    &req->err, ST_NOT_FOUND,
		    "no import \"%s\"; there are: observers, locations, assignments",
		    what);
	if (!req->body.len)
		return err_set(&req->err, ST_INVALID, "body: the CSV file is empty");
	opts.input_size = (long long)req->body.len;
	problems.items = json_array();
	opts.problems = &problems.base;
	csv_open_mem(&r, req->body.ptr, req->body.len);
	rc = fn(&r, req->store, &m, &opts, &counts, &req->err);
	csv_close(&r);
	if (rc == ST_INVALID || rc == ST_NOT_FOUND || rc == ST_CONFLICT ||
	    rc == ST_EXISTS) {
		rc = refused(resp, &problems, req->err.msg);
		err_clear(&req->err);
		return rc;
	}
	json_decref(problems.items);
	if (rc)
		return rc;
	return http_resp_json(resp, 200,
	                      json_pack("{s:s, s:b, s:I, s:I, s:I, s:I}", "what", what,
	                                "dry_run", opts.dry_run, "rows", counts.rows,
	                                "inserted", counts.inserted, "updated",
	                                counts.updated, "unchanged", counts.unchanged));
}

/* POST .../import/locations: its own route, permission manage_locations. */
enum status h_import_locations_post(struct http_req *req, struct http_resp *resp)
{
	return import_post(req, resp, "locations");
}

/* POST .../import/{what}, permission manage_registry: observers and
 * assignments.  The locations route comes first in the table, but a path
 * that spells the name otherwise ("%6Cocations") decodes to it here, so
 * its permission is checked again. */
enum status h_import_post(struct http_req *req, struct http_resp *resp)
{
	const char *what = http_param(req, "what");

	if (!strcmp(what, "locations")) {
		enum status rc = auth_require(req, PERM_MANAGE_LOCATIONS);
		if (rc)
			return rc;
	}
	return import_post(req, resp, what);
}
