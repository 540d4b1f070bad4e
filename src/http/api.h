/* api.h - what the JSON API's handlers share: the mission named in the
 * path, paging and filters read from the query with errors that name the
 * parameter, JSON request bodies, list bodies written item by item, and
 * changes made on the process's single writer.
 *
 * Every function reports through req->err and returns its code, so a
 * handler can "rc = api_...; if (rc) goto out;" and let the router answer. */
#ifndef OBSERVA_API_H
#define OBSERVA_API_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "model/mission.h"

#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX     1000

/* Load the mission named by the path's {m} (strings in req->arena).
 * ST_NOT_FOUND: no mission with code "x". */
enum status api_mission(struct http_req *req, struct mission *m /* OUT */);

/* limit (default API_LIMIT_DEFAULT, 0 to API_LIMIT_MAX; 0 counts only)
 * and offset (default 0, 0 or more).  ST_INVALID naming the parameter. */
enum status api_paging(struct http_req *req, int64_t *limit /* OUT */,
                       int64_t *offset /* OUT */);

/* Query parameter name, or NULL when absent.  ST_INVALID when present but
 * empty ("name: must not be empty"). */
enum status api_query_str(struct http_req *req, const char *name,
                          const char **out /* OUT */);

/* Query parameter name, which must be one of the n words, or NULL when
 * absent.  ST_INVALID listing the words otherwise. */
enum status api_query_oneof(struct http_req *req, const char *name,
                            const char *const *words, size_t n,
                            const char **out /* OUT */);

/* Query parameter name as a flag: absent false; 1/true/yes true;
 * 0/false/no false; anything else ST_INVALID. */
enum status api_query_flag(struct http_req *req, const char *name, bool *out /* OUT */);

/* The path parameter name as a store id (a whole number from 1).
 * Anything else is ST_NOT_FOUND: "no WHAT with id \"x\"". */
enum status api_path_id(struct http_req *req, const char *name, const char *what,
                        int64_t *out /* OUT */);

/* Query parameter name as a date YYYY-MM-DD, or NULL when absent.
 * ST_INVALID naming the parameter otherwise. */
enum status api_query_date(struct http_req *req, const char *name,
                           const char **out /* OUT */);

/* The request body as JSON (an empty body is an empty object): *out is a
 * new reference the caller json_decref()s.  Malformed JSON (duplicate
 * keys included) is ST_INVALID with "body: line L, column C: what". */
enum status api_body_json(struct http_req *req, json_t **out /* OUT */);

/* Answer status with {"error": message, "problems": problems}; steals
 * the problems reference.  For 422 and other lists of what went wrong. */
enum status api_problems(struct http_resp *resp, int status, const char *message,
                         json_t *problems);

/* Count an item of a list paged in the handler, for stores that hand over
 * every row: true when the item falls in [offset, offset + limit).  A
 * limit of 0 takes none (counts only). */
bool api_page_take(int64_t index, int64_t limit, int64_t offset);

/* ---- changes made on the writer ---- */

/* Runs in the writer thread on its store handle, inside the batch's
 * transaction and a savepoint of its own, with the handle's actor set to
 * the signed-in user's name (req->auth; "http" without one) and the
 * request's client address for the audit log.  A non-OK
 * return undoes everything it did; e says why. */
typedef enum status (*api_write_fn)(struct store *st, void *ctx, struct err *e);

/* Runs once the write is durable, on a worker thread without a store
 * handle: fills resp from what ctx holds now. */
typedef enum status (*api_render_fn)(struct http_req *req, struct http_resp *resp,
                                     void *ctx);

/* Defer the request (http_defer()): write(st, ctx, e) runs on the writer,
 * then render(req, resp, ctx) answers, or, when the write or the commit
 * failed, the router answers the error (its status from the code, as for
 * handlers).  ctx must live as long as the request.  Returns ST_OK; the
 * handler returns that. */
enum status api_write(struct http_req *req, api_write_fn write, api_render_fn render,
                      void *ctx);

/* A list body {"total", "limit", "offset", "items"} built one item at a
 * time, so a page costs one item's tree at a time, not the page's. */
struct api_list {
	struct buf items; /* items' JSON texts joined by commas */
	int64_t count;
};

void api_list_init(struct api_list *l);
/* Append item's JSON text; steals the reference.  ST_TOO_BIG past
 * HTTP_RESP_MAX.  Usable as the body of a store callback. */
enum status api_list_add(struct api_list *l, json_t *item);
/* Answer 200 with the list: total, then limit and offset unless limit is
 * negative (an unpaged list), then the items. */
enum status api_list_finish(struct api_list *l, struct http_resp *resp, int64_t total,
                            int64_t limit, int64_t offset);
void api_list_release(struct api_list *l);

/* True for "YYYY-MM-DD", optionally followed by "THH:MM", ":SS" and "Z":
 * the forms a time of reception (the filter since) can be compared with. */
bool api_time_prefix(const char *s);

#endif
