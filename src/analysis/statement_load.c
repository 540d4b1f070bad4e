/* statement_load.c - every figure of a mission's statement, taken from
 * the analyses that compute them, each run once on the store: the same
 * functions the commands and the API use, so the statement's figures are
 * those of "observa accreditation", "analyze findings", "analyze
 * protocols", "analyze discrepancies" and "pvt estimate". */
#include <string.h>

#include "analysis/results_load.h"
#include "analysis/statement.h"
#include "core/text.h"
#include "model/statement_block.h"

static const char *copy(struct arena *a, const char *s)
{
	return arena_strdup(a, s);
}

static void copy_mission(struct statement *s, const struct mission *m)
{
	struct arena *a = &s->arena;

	s->mission = *m;
	s->mission.code = copy(a, m->code);
	s->mission.name = copy(a, m->name);
	s->mission.organisation = copy(a, m->organisation);
	s->mission.election_type = copy(a, m->election_type);
	s->mission.election_date = copy(a, m->election_date);
	s->mission.country = copy(a, m->country);
	s->mission.long_term_start = copy(a, m->long_term_start);
	s->mission.long_term_end = copy(a, m->long_term_end);
	s->mission.short_term_start = copy(a, m->short_term_start);
	s->mission.short_term_end = copy(a, m->short_term_end);
	s->mission.settings = copy(a, m->settings);
	s->mission.created_at = copy(a, m->created_at);
}

static enum status add_block(void *ctx, const struct statement_block_row *b)
{
	struct statement *s = ctx;

	if (statement_block_empty(b->text))
		return ST_OK;
	for (size_t k = 0; k < statement_block_nkeys && k < STATEMENT_NBLOCKS; k++)
		if (!strcmp(b->key, statement_block_keys[k]))
			s->blocks[k] = copy(&s->arena, b->text);
	return ST_OK;
}

/* The quick count, when the mission has drawn a sample. */
static enum status load_pvt(struct store *st, struct statement *s,
                            const struct official_rows *official, struct err *e)
{
	struct pvt_sample_head head;
	struct arena a = ARENA_INIT;
	enum status rc;

	rc = store_pvt_sample_get(st, s->mission.id, &a, &head, e);
	arena_release(&a);
	if (rc == ST_NOT_FOUND) {
		err_clear(e);
		return ST_OK;
	}
	if (rc)
		return rc;
	rc = pvt_mission_estimate_from(st, s->mission.id, NULL, 0, official, &s->pvt, e);
	if (rc == ST_NOT_FOUND) { /* a sample but no form PR */
		err_clear(e);
		return ST_OK;
	}
	s->has_pvt = !rc;
	return rc;
}

enum status statement_load(struct store *st, const struct mission *m, const char *lang,
                           struct statement *out, struct err *e)
{
	return statement_load_from(st, m, lang, NULL, out, e);
}

enum status statement_load_from(struct store *st, const struct mission *m,
                                const char *lang, const struct statement_sources *src,
                                struct statement *out, struct err *e)
{
	static const struct statement_sources store_only = {0};
	struct findings_options fo = {.lang = lang};
	char now[21];
	enum status rc;

	if (!src)
		src = &store_only;
	memset(out, 0, sizeof(*out));
	accreditation_init(&out->acc);
	if (!statement_lang_valid(lang))
		return err_set(e, ST_INVALID, "lang: \"%s\" is not en or ru",
		               lang ? lang : "");
	copy_mission(out, m);
	out->lang = copy(&out->arena, lang);
	text_now_iso(now);
	out->as_of = copy(&out->arena, now);

	rc = accreditation_compute(st, m->id, &out->acc, e);
	if (!rc && src->visits)
		rc = statement_visits_count(src->visits, st, m->id, src->coverage_rows,
		                            src->ctx, &out->visits, e);
	else if (!rc)
		rc = statement_visits_load_rows(st, m->id, src->coverage_rows, src->ctx,
		                                &out->visits, e);
	if (!rc)
		rc = statement_load_meetings(st, m->id, &out->arena, &out->meetings, e);
	if (!rc && src->findings)
		rc = src->findings(src->ctx, st, m->id, &fo, &out->findings, e);
	else if (!rc)
		rc = findings_compute(st, m->id, &fo, &out->findings, e);
	if (!rc && src->reuse_notable)
		statement_notable_copy(&src->reuse_notable->notable, &out->arena,
		                       &out->notable);
	else if (!rc)
		rc = statement_notable_load(st, m->id, &out->findings, lang, &out->arena,
		                            &out->notable, e);
	if (rc)
		return rc;
	if (src->reuse) {
		struct statement *r = src->reuse;
		out->has_protocols = r->has_protocols;
		out->protocols = r->protocols;
		out->has_discrepancy = r->has_discrepancy;
		out->discrepancy = r->discrepancy;
		out->has_pvt = r->has_pvt;
		out->pvt = r->pvt;
		memset(&r->protocols, 0, sizeof(r->protocols));
		memset(&r->discrepancy, 0, sizeof(r->discrepancy));
		memset(&r->pvt, 0, sizeof(r->pvt));
		r->has_protocols = r->has_discrepancy = r->has_pvt = false;
		return store_statement_block_list(st, m->id, lang, add_block, out, e);
	}
	rc = protocol_check_load_from(st, m->id, src->reports, lang, &out->protocols, e);
	if (rc)
		return rc;
	out->has_protocols = out->protocols.nchecks > 0;
	rc = discrepancy_load_from(st, m->id, src->official, src->reports, 1, lang,
	                           &out->discrepancy, e);
	if (rc == ST_NOT_FOUND && !strncmp(e->msg, "form: ", 6)) {
		err_clear(e);
		rc = ST_OK;
	} else if (!rc) {
		out->has_discrepancy = true;
	}
	if (!rc)
		rc = load_pvt(st, out, src->official, e);
	if (!rc)
		rc = store_statement_block_list(st, m->id, lang, add_block, out, e);
	return rc;
}

void statement_release(struct statement *s)
{
	accreditation_release(&s->acc);
	findings_release(&s->findings);
	protocol_check_release(&s->protocols);
	discrepancy_release(&s->discrepancy);
	pvt_mission_release(&s->pvt);
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}
