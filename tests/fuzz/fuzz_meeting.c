/* fuzz_meeting.c - libFuzzer target for a meeting of the long-term log read
 * from JSON (the API's POST body) and prepared: whatever the bytes, no
 * crash; a meeting prepared is valid, every problem listed is a field's,
 * and writing it as JSON and reading it back prepares to the same
 * meeting. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/ltm_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void problem(void *ctx, const struct err *e)
{
	(void)ctx;
	check(e->code == ST_INVALID && strstr(e->msg, ": ") != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	struct arena a = ARENA_INIT;
	struct meeting m, back;
	struct err e;

	err_clear(&e);
	if (!j || meeting_from_json(j, &a, &m, &e)) {
		json_decref(j);
		arena_release(&a);
		return 0;
	}
	if (meeting_prepare(&m, &a, &e)) {
		check(meeting_problems(&m, problem, NULL) > 0);
	} else {
		json_t *again = meeting_to_json(&m);
		check(meeting_validate(&m, &e) == ST_OK);
		check(meeting_problems(&m, NULL, NULL) == 0);
		check(meeting_from_json(again, &a, &back, &e) == ST_OK);
		check(meeting_prepare(&back, &a, &e) == ST_OK);
		check(same(m.date, back.date) && same(m.time, back.time) &&
		      same(m.place, back.place) &&
		      same(m.counterpart, back.counterpart) &&
		      same(m.institution_kind, back.institution_kind) &&
		      same(m.institution, back.institution) &&
		      same(m.participants, back.participants) &&
		      same(m.topics, back.topics) && same(m.summary, back.summary) &&
		      same(m.follow_ups, back.follow_ups));
		json_decref(again);
	}
	json_decref(j);
	arena_release(&a);
	return 0;
}
