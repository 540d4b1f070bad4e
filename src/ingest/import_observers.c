/* import_observers.c - "code,full_name,organisation,..." CSV rows into the
 * mission's observers: read and check every row (countries, roles, phone
 * numbers to E.164, languages), then upsert everything in one transaction. */
#include <ctype.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/import.h"
#include "ingest/import_common.h"
#include "model/country.h"
#include "model/phone.h"

enum {
	C_CODE,
	C_FULL_NAME,
	C_ORG,
	C_COUNTRY,
	C_ROLE,
	C_PHONE,
	C_EMAIL,
	C_LANGUAGES,
	C_TEAM,
	C_STATUS,
	C_BADGE,
	C_REQUESTED_ON,
	C_DECIDED_ON,
	C_ID_DOCUMENT,
	NCOLS
};

static const struct import_column columns[NCOLS] = {
    [C_CODE] = {"code", NULL, IMPORT_REQUIRED},
    [C_FULL_NAME] = {"full_name", NULL, IMPORT_REQUIRED},
    [C_ORG] = {"organisation", "organization", 0},
    [C_COUNTRY] = {"country", NULL, 0},
    [C_ROLE] = {"role", NULL, 0},
    [C_PHONE] = {"phone", NULL, 0},
    [C_EMAIL] = {"email", NULL, 0},
    [C_LANGUAGES] = {"languages", NULL, 0},
    [C_TEAM] = {"team", NULL, 0},
    [C_STATUS] = {"accreditation_status", NULL, 0},
    [C_BADGE] = {"badge_number", NULL, 0},
    [C_REQUESTED_ON] = {"requested_on", NULL, 0},
    [C_DECIDED_ON] = {"decided_on", NULL, 0},
    [C_ID_DOCUMENT] = {"id_document", NULL, 0},
};

const char *import_observer_columns(void)
{
	return "code, full_name, organisation, country, role, phone, email, languages, "
	       "team, accreditation_status, badge_number, requested_on, decided_on, "
	       "id_document";
}

struct obs_row {
	struct observer o;
	long line;
};

struct rows {
	struct arena a;     /* the rows and their strings */
	struct obs_row **v; /* in file order */
	size_t n, cap;
	struct strmap codes;  /* code -> struct obs_row */
	struct strmap phones; /* E.164 number -> struct obs_row */
};

/* Context for reading one row. */
struct reading {
	const struct import_header *h;
	const struct csv_reader *r;
	const struct mission *m;
	struct rows *rows;
};

#define FAIL(rd, col, ...)                                                               \
	import_fail(e, ST_INVALID, (rd)->r->line, import_column_name((rd)->h, col),      \
	            __VA_ARGS__)

/* True for the separators of a list of phone numbers or languages. */
static bool is_sep(char c, bool spaces)
{
	return c == ';' || c == ',' || (spaces && isspace((unsigned char)c));
}

/* True when the ';'-separated list has item. */
static bool list_has(const char *list, const char *item)
{
	size_t len = strlen(item);

	while (*list) {
		size_t n = strcspn(list, ";");
		if (n == len && !memcmp(list, item, n))
			return true;
		list += n + (list[n] == ';');
	}
	return false;
}

/* The numbers of v, separated by ';' or ',', each normalised to E.164 with
 * the mission's country for national numbers; joined by ';' into *out.  A
 * number given twice in the row is kept once. */
static enum status read_phones(const struct reading *rd, const char *v, const char **out,
                               struct err *e)
{
	struct buf joined;
	char *copy = xstrdup(v), *p = copy;
	enum status rc = ST_OK;

	buf_init(&joined, 4096);
	while (*p) {
		char *end = p, one[PHONE_MAX];
		struct err pe;
		while (*end && !is_sep(*end, false))
			end++;
		if (*end)
			*end++ = '\0';
		text_trim(p);
		if (*p) {
			err_clear(&pe);
			rc = phone_normalise(p, rd->m->country, one, &pe);
			if (rc) {
				FAIL(rd, C_PHONE, "%s", pe.msg);
				goto out;
			}
			if (!list_has(joined.ptr, one))
				buf_appendf(&joined, "%s%s", joined.len ? ";" : "", one);
		}
		p = end;
	}
	*out = joined.len ? arena_strdup(&rd->rows->a, joined.ptr) : NULL;
out:
	buf_release(&joined);
	free(copy);
	return rc;
}

/* The languages of v, separated by ';', ',' or spaces, lower-cased and
 * joined by ';' into *out, each once. */
static const char *read_languages(struct arena *a, const char *v)
{
	struct buf joined;
	char *copy = text_lower(xstrdup(v)), *p = copy;
	const char *out;

	buf_init(&joined, 4096);
	while (*p) {
		char *end = p;
		while (*end && !is_sep(*end, true))
			end++;
		if (*end)
			*end++ = '\0';
		if (*p && !list_has(joined.ptr, p))
			buf_appendf(&joined, "%s%s", joined.len ? ";" : "", p);
		p = end;
	}
	out = joined.len ? arena_strdup(a, joined.ptr) : NULL;
	buf_release(&joined);
	free(copy);
	return out;
}

/* Turn the current row into *o, with its strings in the rows' arena. */
static enum status read_row(const struct reading *rd, struct observer *o, struct err *e)
{
	const struct import_header *h = rd->h;
	const struct csv_reader *r = rd->r;
	struct arena *a = &rd->rows->a;
	const char *code = import_value(h, r, C_CODE),
	           *name = import_value(h, r, C_FULL_NAME);
	const char *country = import_value(h, r, C_COUNTRY),
	           *role = import_value(h, r, C_ROLE);
	const char *phone = import_value(h, r, C_PHONE),
	           *status = import_value(h, r, C_STATUS);
	const char *langs = import_value(h, r, C_LANGUAGES);
	char q[IMPORT_QUOTE_MAX];
	struct err ve;
	enum status rc;

	memset(o, 0, sizeof(*o));
	if (!code)
		return FAIL(rd, C_CODE, "is empty; every observer needs a code");
	if (!registry_code_valid(code))
		return FAIL(rd, C_CODE,
		            "\"%s\" is not a valid code: 1 to %d characters "
		            "without slashes or control characters",
		            import_quote(code, q), LOCATION_CODE_MAX);
	if (!name)
		return FAIL(rd, C_FULL_NAME,
		            "is empty; every observer needs a full name");
	if (country) {
		const struct country *c = country_find(country);
		if (!c)
			return FAIL(
			    rd, C_COUNTRY,
			    "\"%s\" is not a country; give its ISO 3166-1 "
			    "alpha-2 code (such as KZ) or its English or Russian name",
			    import_quote(country, q));
		o->country = c->code;
	}
	if (!import_has_column(h, C_ROLE)) {
		o->role = "short_term";
	} else if (!role) {
		return FAIL(rd, C_ROLE, "is empty; give one of: %s",
		            observer_roles_list());
	} else {
		o->role = observer_role_canonical(role);
		if (!o->role)
			return FAIL(rd, C_ROLE, "\"%s\" is not a role; give one of: %s",
			            import_quote(role, q), observer_roles_list());
	}
	o->accreditation_status = "requested";
	if (status) {
		o->accreditation_status = accreditation_status_canonical(status);
		if (!o->accreditation_status)
			return FAIL(rd, C_STATUS,
			            "\"%s\" is not an accreditation status; give "
			            "one of: %s",
			            import_quote(status, q),
			            accreditation_statuses_list());
	}
	if (phone) {
		rc = read_phones(rd, phone, &o->phones, e);
		if (rc)
			return rc;
	}
	if (langs)
		o->languages = read_languages(a, langs);
	o->code = arena_strdup(a, code);
	o->full_name = arena_strdup(a, name);
	o->organisation = arena_strdup(a, import_value(h, r, C_ORG));
	o->email = arena_strdup(a, import_value(h, r, C_EMAIL));
	o->team = arena_strdup(a, import_value(h, r, C_TEAM));
	o->badge_number = arena_strdup(a, import_value(h, r, C_BADGE));
	o->requested_on = arena_strdup(a, import_value(h, r, C_REQUESTED_ON));
	o->decided_on = arena_strdup(a, import_value(h, r, C_DECIDED_ON));
	o->id_document = arena_strdup(a, import_value(h, r, C_ID_DOCUMENT));
	err_clear(&ve);
	if (observer_validate(o, &ve))
		return import_fail_from(e, h, r->line, &ve);
	return ST_OK;
}

/* Each of row's numbers may belong to no other row of the file. */
static enum status claim_phones(const struct reading *rd, struct obs_row *row,
                                struct err *e)
{
	const char *p = row->o.phones;

	while (p && *p) {
		size_t n = strcspn(p, ";");
		char *one = arena_strndup(&rd->rows->a, p, n);
		struct obs_row *other;

		if (!strmap_add(&rd->rows->phones, one, row, (void **)&other))
			return FAIL(rd, C_PHONE,
			            "%s is also a number of observer \"%s\" on "
			            "line %ld; each number may belong to one observer",
			            one, other->o.code, other->line);
		p += n + (p[n] == ';');
	}
	return ST_OK;
}

static enum status read_all(const struct reading *rd, struct csv_reader *r,
                            const struct import_opts *opts, struct err *e)
{
	struct rows *rows = rd->rows;

	for (;;) {
		struct obs_row *row, *other;
		bool more;
		enum status rc = import_row_next(rd->h, r, &more, e);

		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc || !more)
			return rc ? rc : import_collected(opts, e);
		row = arena_alloc(&rows->a, sizeof(*row));
		rc = read_row(rd, &row->o, e);
		if (!rc)
			row->line = r->line;
		if (!rc && !strmap_add(&rows->codes, row->o.code, row, (void **)&other))
			rc = FAIL(rd, C_CODE,
			          "\"%s\" is also the code on line %ld; codes "
			          "must be unique",
			          row->o.code, other->line);
		if (!rc)
			rc = claim_phones(rd, row, e);
		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc)
			return rc;
		if (rows->n == rows->cap) {
			rows->cap = rows->cap ? rows->cap * 2 : 1024;
			rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
		}
		rows->v[rows->n++] = row;
		if (rows->n % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_READING, csv_bytes_read(r),
			                opts ? opts->input_size : 0);
	}
}

#undef FAIL

/* Upsert every row, as one batch (store_observer_batch_begin(): the
 * mission's observers read once, no lookup a row).  A row whose number
 * still belongs to another observer (ST_CONFLICT, nothing written) is
 * tried again after the others, which may give that number up; the import
 * fails when a round makes no progress. */
static enum status write_all(struct store *st, const struct mission *m,
                             const struct import_header *h, const struct rows *rows,
                             const struct import_opts *opts, struct import_counts *counts,
                             struct err *e)
{
	struct obs_row **pending = xmalloc((rows->n ? rows->n : 1) * sizeof(*pending));
	size_t npending = rows->n, done = 0;
	struct err se, first;
	long first_line = 0;
	enum status rc = ST_OK;

	memcpy(pending, rows->v, rows->n * sizeof(*pending));
	err_clear(&first);
	rc = store_observer_batch_begin(st, m->id, e);
	if (rc)
		goto out;
	while (npending) {
		size_t left = 0;
		first_line = 0;
		for (size_t k = 0; k < npending; k++) {
			struct obs_row *row = pending[k];
			enum upsert_result res;

			err_clear(&se);
			rc = store_observer_upsert(st, m->id, &row->o, &res, &se);
			if (rc == ST_CONFLICT) {
				if (!first_line) {
					first_line = row->line;
					first = se;
				}
				pending[left++] = row;
				continue;
			}
			if (rc) {
				rc = import_fail_from(e, h, row->line, &se);
				goto out;
			}
			if (res == UPSERT_INSERTED)
				counts->inserted++;
			else if (res == UPSERT_UPDATED)
				counts->updated++;
			else
				counts->unchanged++;
			if (res != UPSERT_UNCHANGED)
				import_analyze_early(
				    st, "observer, observer_phone, organisation", counts);
			if (++done % IMPORT_PROGRESS_EVERY == 0)
				import_progress(opts, IMPORT_WRITING, (long long)done,
				                (long long)rows->n);
		}
		if (left == npending) {
			rc = import_fail_from(e, h, first_line, &first);
			goto out;
		}
		npending = left;
	}
	rc = ST_OK;
	import_progress(opts, IMPORT_WRITING, (long long)rows->n, (long long)rows->n);
out:
	store_observer_batch_end(st);
	free(pending);
	return rc;
}

enum status import_observers(struct csv_reader *r, struct store *st,
                             const struct mission *m, const struct import_opts *opts,
                             struct import_counts *counts, struct err *e)
{
	struct import_header h;
	struct rows rows = {ARENA_INIT, NULL, 0, 0, STRMAP_INIT, STRMAP_INIT};
	struct reading rd = {&h, r, m, &rows};
	bool began = false;
	enum status rc;

	memset(counts, 0, sizeof(*counts));
	rc = import_header_read(&h, columns, NCOLS, "observers", r, e);
	if (rc)
		goto out;
	rc = read_all(&rd, r, opts, e);
	if (rc)
		goto out;
	import_progress(opts, IMPORT_READING, csv_bytes_read(r),
	                opts ? opts->input_size : 0);
	rc = store_begin(st, e);
	if (rc)
		goto out;
	began = true;
	rc = write_all(st, m, &h, &rows, opts, counts, e);
	if (rc)
		goto out;
	if (opts && opts->dry_run) {
		store_rollback(st);
		began = false;
	} else {
		rc = store_commit(st, e);
		if (rc)
			goto out;
		began = false;
		import_analyze(st, counts);
	}
	counts->rows = (long long)rows.n;
out:
	if (rc && began)
		store_rollback(st);
	if (rc)
		memset(counts, 0, sizeof(*counts));
	free(rows.v);
	strmap_release(&rows.codes);
	strmap_release(&rows.phones);
	arena_release(&rows.a);
	import_header_release(&h);
	return rc;
}
