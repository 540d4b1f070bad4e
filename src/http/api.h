/* api.h - what the JSON API's handlers share: the mission named in the
 * path, paging and filters read from the query with errors that name the
 * parameter, and list bodies written item by item.
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

/* Query parameter name as a flag: absent false; 1/true/yes true;
 * 0/false/no false; anything else ST_INVALID. */
enum status api_query_flag(struct http_req *req, const char *name, bool *out /* OUT */);

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

#endif
