/* fuzz_url.c - libFuzzer target for request targets: arbitrary bytes
 * taken apart as a path and a query (url.h), with checks of what the
 * parser promises: every decoded segment, key and value is UTF-8 without
 * NUL, no more segments than the limit, a path that starts with '/'; the
 * target as logged keeps its length class; public URLs as checked. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "http/public_url.h"
#include "http/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void text_ok(const char *s)
{
	check(s != NULL && utf8_valid(s, strlen(s)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *target = xstrndup((const char *)data, size);
	struct http_req req = {.arena = ARENA_INIT};
	struct err e;
	enum status rc;
	size_t max;

	err_clear(&e);
	rc = url_parse_target(&req, target, &e);
	if (!rc) {
		check(req.path && req.path[0] == '/');
		check(req.nsegs >= 1 && req.nsegs <= HTTP_MAX_SEGMENTS);
		for (size_t i = 0; i < req.nsegs; i++)
			text_ok(req.segs[i]);
		for (size_t i = 0; i < req.nquery; i++) {
			text_ok(req.query[i].key);
			text_ok(req.query[i].value);
			check(http_query(&req, req.query[i].key) != NULL);
		}
	} else {
		check(rc == ST_INVALID || rc == ST_NOT_FOUND);
		check(e.msg[0] != '\0');
	}
	/* A log line never carries an /openrosa/ token. */
	{
		const char *logged = http_target_for_log(target, &req.arena);
		check(logged != NULL);
		if (!http_target_openrosa(target))
			check(logged == target);
	}
	max = http_body_max(target);
	check(max == HTTP_BODY_MAX || max == HTTP_ODK_BODY_MAX ||
	      max == HTTP_DOCUMENT_BODY_MAX);
	if (public_url_valid(target)) {
		check(!strncmp(target, "http://", 7) || !strncmp(target, "https://", 8));
		check(!strchr(target, '?') && !strchr(target, '#') &&
		      !strchr(target, ' '));
	}
	/* Query parsing alone, '+' as space, on the raw bytes. */
	{
		struct http_kv *pairs;
		size_t n, amps = 0, len = strlen(target);
		for (size_t i = 0; i < len; i++)
			amps += target[i] == '&';
		if (!url_parse_query(target, len, &req.arena, &pairs, &n, &e)) {
			check(n <= amps + 1);
			for (size_t i = 0; i < n; i++) {
				text_ok(pairs[i].key);
				text_ok(pairs[i].value);
			}
		}
	}
	arena_release(&req.arena);
	free(target);
	return 0;
}
