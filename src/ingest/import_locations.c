/* import_locations.c - "code,name,level,parent,..." CSV rows into the
 * mission's location tree: read and check every row, order parents first,
 * then upsert everything in one transaction. */
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/import.h"
#include "ingest/import_common.h"
#include "ingest/import_tree.h"

enum { C_CODE, C_NAME, C_LEVEL, C_PARENT, C_VOTERS, C_LAT, C_LON, C_STRATUM, NCOLS };

static const struct import_column columns[NCOLS] = {
    [C_CODE] = {"code", NULL, IMPORT_REQUIRED},
    [C_NAME] = {"name", NULL, IMPORT_REQUIRED},
    [C_LEVEL] = {"level", NULL, IMPORT_REQUIRED},
    [C_PARENT] = {"parent", NULL, 0},
    [C_VOTERS] = {"registered_voters", NULL, 0},
    [C_LAT] = {"latitude", NULL, 0},
    [C_LON] = {"longitude", NULL, 0},
    [C_STRATUM] = {"stratum", NULL, 0},
};

const char *import_location_columns(void)
{
	return "code, name, level, parent, registered_voters, latitude, longitude, "
	       "stratum";
}

/* Everything read from one input. */
struct rows {
	struct arena a;        /* the rows and their strings */
	struct import_loc **v; /* in file order */
	size_t n, cap;
	struct strmap codes; /* code -> struct import_loc */
};

/* Parse a coordinate of column col into *out within [-limit, limit];
 * *given says whether there was a value. */
static enum status coordinate(const struct import_header *h, const struct csv_reader *r,
                              int col, double limit, bool *given, double *out,
                              struct err *e)
{
	const char *v = import_value(h, r, col);
	char q[IMPORT_QUOTE_MAX];

	*given = v != NULL;
	if (!v)
		return ST_OK;
	if (!text_double(v, out))
		return import_fail(e, ST_INVALID, r->line, import_column_name(h, col),
		                   "\"%s\" is not a number%s", import_quote(v, q),
		                   strchr(v, ',') ? " (write decimals with a point: 51.2)"
		                                  : "");
	if (*out < -limit || *out > limit)
		return import_fail(e, ST_INVALID, r->line, import_column_name(h, col),
		                   "%s is outside -%g..%g", import_quote(v, q), limit,
		                   limit);
	return ST_OK;
}

/* Turn the current row of r into *l, with its strings in a. */
static enum status read_row(const struct import_header *h, const struct csv_reader *r,
                            struct arena *a, struct location *l, struct err *e)
{
	const char *code = import_value(h, r, C_CODE), *name = import_value(h, r, C_NAME);
	const char *level = import_value(h, r, C_LEVEL),
	           *parent = import_value(h, r, C_PARENT);
	const char *voters = import_value(h, r, C_VOTERS);
	char q[IMPORT_QUOTE_MAX];
	bool has_lat, has_lon;
	struct err ve;
	enum status rc;

#define FAIL(col, ...)                                                                   \
	import_fail(e, ST_INVALID, r->line, import_column_name(h, col), __VA_ARGS__)
	memset(l, 0, sizeof(*l));
	l->registered_voters = -1;
	if (!code)
		return FAIL(C_CODE, "is empty; every location needs a code");
	if (!registry_code_valid(code))
		return FAIL(C_CODE,
		            "\"%s\" is not a valid code: 1 to %d characters without "
		            "slashes or control characters",
		            import_quote(code, q), LOCATION_CODE_MAX);
	if (!name)
		return FAIL(C_NAME, "is empty; every location needs a name");
	if (!level)
		return FAIL(C_LEVEL, "is empty; give one of: %s", location_levels_list());
	l->level = location_level_canonical(level);
	if (!l->level)
		return FAIL(C_LEVEL, "\"%s\" is not a level; give one of: %s",
		            import_quote(level, q), location_levels_list());
	if (parent && !registry_code_valid(parent))
		return FAIL(C_PARENT, "\"%s\" is not a valid code",
		            import_quote(parent, q));
	if (parent && !strcmp(parent, code))
		return FAIL(C_PARENT, "a location cannot be its own parent");
	if (voters) {
		if (!text_int64(voters, INT64_MIN, INT64_MAX, &l->registered_voters))
			return FAIL(C_VOTERS, "\"%s\" is not a whole number",
			            import_quote(voters, q));
		if (l->registered_voters < 0)
			return FAIL(C_VOTERS,
			            "\"%s\" is negative; the number of voters is "
			            "0 or more",
			            voters);
		if (!location_is_station(l))
			return FAIL(C_VOTERS,
			            "only polling stations have registered voters, "
			            "and this row's level is %s",
			            l->level);
	}
	rc = coordinate(h, r, C_LAT, 90, &has_lat, &l->latitude, e);
	if (rc)
		return rc;
	rc = coordinate(h, r, C_LON, 180, &has_lon, &l->longitude, e);
	if (rc)
		return rc;
	if (has_lat != has_lon)
		return FAIL(has_lat ? C_LON : C_LAT,
		            "is empty but %s is given; give both "
		            "latitude and longitude or neither",
		            import_column_name(h, has_lat ? C_LAT : C_LON));
#undef FAIL
	l->has_coords = has_lat;
	l->code = arena_strdup(a, code);
	l->name = arena_strdup(a, name);
	l->parent = arena_strdup(a, parent);
	l->stratum = arena_strdup(a, import_value(h, r, C_STRATUM));
	err_clear(&ve);
	if (location_validate(l, &ve))
		return import_fail_from(e, h, r->line, &ve);
	return ST_OK;
}

/* Read every row of r into rows, checking each and the codes' uniqueness. */
static enum status read_all(const struct import_header *h, struct csv_reader *r,
                            const struct import_opts *opts, struct rows *rows,
                            struct err *e)
{
	for (;;) {
		struct import_loc *row, *other;
		bool more;
		enum status rc = import_row_next(h, r, &more, e);

		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc || !more)
			return rc ? rc : import_collected(opts, e);
		row = arena_alloc(&rows->a, sizeof(*row));
		rc = read_row(h, r, &rows->a, &row->l, e);
		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc)
			return rc;
		row->line = r->line;
		row->index = rows->n;
		if (!strmap_add(&rows->codes, row->l.code, row, (void **)&other)) {
			rc = import_fail(
			    e, ST_INVALID, row->line, import_column_name(h, C_CODE),
			    "\"%s\" is also the code on line %ld; codes must be "
			    "unique",
			    row->l.code, other->line);
			if (import_collect(opts, r, rc, e))
				continue;
			return rc;
		}
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

/* The line of the first "quoted" code in msg that is a row of the file, or
 * 0: places a message of the store's tree check in the file. */
static long line_named_in(const char *msg, const struct rows *rows)
{
	const char *p = msg;

	while ((p = strchr(p, '"')) != NULL) {
		const char *end = strchr(p + 1, '"');
		char code[LOCATION_CODE_MAX + 1];
		struct import_loc *row;
		size_t n;

		if (!end)
			break;
		n = (size_t)(end - p - 1);
		if (n <= LOCATION_CODE_MAX) {
			memcpy(code, p + 1, n);
			code[n] = '\0';
			row = strmap_get(&rows->codes, code);
			if (row)
				return row->line;
		}
		p = end + 1;
	}
	return 0;
}

/* Upsert the rows in order, as one batch (store_location_batch_begin():
 * the mission's locations read once, no lookup a row), then check the
 * whole tree. */
static enum status write_all(struct store *st, const struct mission *m,
                             const struct import_header *h, const struct rows *rows,
                             const size_t *order, const struct import_opts *opts,
                             struct import_counts *counts, struct err *e)
{
	struct err se;
	enum status rc;
	long line;

	err_clear(&se);
	rc = store_location_batch_begin(st, m->id, e);
	if (rc)
		return rc;
	for (size_t k = 0; k < rows->n; k++) {
		const struct import_loc *row = rows->v[order[k]];
		enum upsert_result res;

		rc = store_location_upsert(st, m->id, &row->l, &res, &se);
		if (rc) {
			store_location_batch_end(st);
			return import_fail_from(e, h, row->line, &se);
		}
		if (res == UPSERT_INSERTED)
			counts->inserted++;
		else if (res == UPSERT_UPDATED)
			counts->updated++;
		else
			counts->unchanged++;
		if (res != UPSERT_UNCHANGED)
			import_analyze_early(st, "location", counts);
		if ((k + 1) % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_WRITING, (long long)k + 1,
			                (long long)rows->n);
	}
	store_location_batch_end(st);
	import_progress(opts, IMPORT_WRITING, (long long)rows->n, (long long)rows->n);
	rc = store_location_check_tree(st, m->id, &se);
	if (rc) {
		line = line_named_in(se.msg, rows);
		if (line)
			return import_fail(e, rc, line, NULL, "%s", se.msg);
		*e = se;
	}
	return rc;
}

enum status import_locations(struct csv_reader *r, struct store *st,
                             const struct mission *m, const struct import_opts *opts,
                             struct import_counts *counts, struct err *e)
{
	struct import_header h;
	struct rows rows = {ARENA_INIT, NULL, 0, 0, STRMAP_INIT};
	size_t *order = NULL;
	bool began = false;
	enum status rc;

	memset(counts, 0, sizeof(*counts));
	rc = import_header_read(&h, columns, NCOLS, "locations", r, e);
	if (rc)
		goto out;
	rc = read_all(&h, r, opts, &rows, e);
	if (rc)
		goto out;
	import_progress(opts, IMPORT_READING, csv_bytes_read(r),
	                opts ? opts->input_size : 0);
	order = xmalloc((rows.n ? rows.n : 1) * sizeof(*order));
	rc = import_tree_order(st, m, rows.v, rows.n, &rows.codes,
	                       import_column_name(&h, C_PARENT), order, e);
	if (rc)
		goto out;
	rc = store_begin(st, e);
	if (rc)
		goto out;
	began = true;
	rc = write_all(st, m, &h, &rows, order, opts, counts, e);
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
	free(order);
	free(rows.v);
	strmap_release(&rows.codes);
	arena_release(&rows.a);
	import_header_release(&h);
	return rc;
}
