/* import_assignments.c - "observer,station,day" CSV rows (or "team,station,
 * day") into the mission's assignments: read every row, check that its
 * observer (or team), station and day exist, expand teams to their members,
 * then add everything in one transaction. */
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"
#include "core/text.h"
#include "ingest/import.h"
#include "ingest/import_common.h"

enum { C_OBSERVER, C_TEAM, C_STATION, C_DAY, NCOLS };

static const struct import_column columns[NCOLS] = {
    [C_OBSERVER] = {"observer", NULL, 0},
    [C_TEAM] = {"team", NULL, 0},
    [C_STATION] = {"station", NULL, IMPORT_REQUIRED},
    [C_DAY] = {"day", "date", 0},
};

const char *import_assignment_columns(void)
{
	return "observer, team, station, day";
}

/* One assignment to write, and the line that asked for it. */
struct asg {
	struct assignment_row a;
	long line;
};

/* The members of a team. */
struct team {
	const char **codes;
	size_t n, cap;
};

struct rows {
	struct arena a; /* strings, teams */
	struct asg *v;  /* in file order, teams expanded */
	size_t n, cap;
	long long nrows;         /* data rows of the file */
	struct strmap seen;      /* "observer\nstation\nday" -> line */
	struct strmap places;    /* the mission's location codes -> struct place */
	struct strmap observers; /* the mission's observer codes -> themselves */
	bool registry_loaded;    /* places and observers read */
	struct strmap teams;     /* team name -> struct team, once loaded */
	bool teams_loaded;
};

/* A location of the mission: its code in the rows' arena, its level. */
struct place {
	const char *code, *level;
};

/* Context for reading one row. */
struct reading {
	const struct import_header *h;
	const struct csv_reader *r;
	struct store *st;
	const struct mission *m;
	struct rows *rows;
};

#define FAIL(rd, col, ...)                                                               \
	import_fail(e, ST_INVALID, (rd)->r->line, import_column_name((rd)->h, col),      \
	            __VA_ARGS__)

/* The header must say who is assigned. */
static enum status check_header(const struct import_header *h, long line, struct err *e)
{
	if (import_has_column(h, C_OBSERVER) || import_has_column(h, C_TEAM))
		return ST_OK;
	return import_fail(e, ST_INVALID, line, NULL,
	                   "the header needs an \"observer\" column (or \"team\" to "
	                   "assign every member of a team); assignments files have "
	                   "the columns %s",
	                   import_assignment_columns());
}

static enum status keep_place(void *ctx, const char *code, int64_t id, const char *level)
{
	struct rows *rows = ctx;
	struct place *p = arena_alloc(&rows->a, sizeof(*p));

	(void)id;
	p->code = arena_strdup(&rows->a, code);
	p->level = level;
	strmap_set(&rows->places, p->code, p);
	return ST_OK;
}

static enum status keep_observer(void *ctx, const char *code, int64_t id,
                                 const char *level)
{
	struct rows *rows = ctx;
	char *c = arena_strdup(&rows->a, code);

	(void)id;
	(void)level;
	strmap_set(&rows->observers, c, c);
	return ST_OK;
}

/* The mission's location and observer codes, read once when the first row
 * needs them: two reads, rather than one for each code of the file. */
static enum status load_registry(const struct reading *rd, struct err *e)
{
	struct rows *rows = rd->rows;
	struct err se;
	enum status rc;

	if (rows->registry_loaded)
		return ST_OK;
	err_clear(&se);
	rc = store_location_keys(rd->st, rd->m->id, keep_place, rows, &se);
	if (!rc)
		rc = store_observer_keys(rd->st, rd->m->id, keep_observer, rows, &se);
	if (rc)
		return import_fail(e, rc, rd->r->line, NULL, "%s", se.msg);
	rows->registry_loaded = true;
	return ST_OK;
}

/* Station code must be a polling station of the mission; *out is the code
 * kept in the rows' arena. */
static enum status find_station(const struct reading *rd, const char *code,
                                const char **out, struct err *e)
{
	const struct place *p;
	char q[IMPORT_QUOTE_MAX];
	enum status rc;

	if (!registry_code_valid(code))
		return FAIL(rd, C_STATION, "\"%s\" is not a valid code",
		            import_quote(code, q));
	rc = load_registry(rd, e);
	if (rc)
		return rc;
	p = strmap_get(&rd->rows->places, code);
	if (!p)
		return import_fail(e, ST_NOT_FOUND, rd->r->line,
		                   import_column_name(rd->h, C_STATION),
		                   "no location \"%s\" in mission %s", code, rd->m->code);
	if (strcmp(p->level, "station") && strcmp(p->level, "territory") &&
	    strcmp(p->level, "district"))
		return FAIL(rd, C_STATION,
		            "\"%s\" is a %s: observers are assigned to polling stations "
		            "or to commissions (territory, district)",
		            code, p->level);
	*out = p->code;
	return ST_OK;
}

/* Observer code must be in the mission; *out as for find_station. */
static enum status find_observer(const struct reading *rd, const char *code,
                                 const char **out, struct err *e)
{
	char q[IMPORT_QUOTE_MAX];
	enum status rc;

	if (!registry_code_valid(code))
		return FAIL(rd, C_OBSERVER, "\"%s\" is not a valid code",
		            import_quote(code, q));
	rc = load_registry(rd, e);
	if (rc)
		return rc;
	*out = strmap_get(&rd->rows->observers, code);
	if (!*out)
		return import_fail(e, ST_NOT_FOUND, rd->r->line,
		                   import_column_name(rd->h, C_OBSERVER),
		                   "no observer \"%s\" in mission %s", code, rd->m->code);
	return ST_OK;
}

/* Add observer o to the members of its team. */
static enum status add_member(void *ctx, const struct observer *o)
{
	struct rows *rows = ctx;
	struct team *t;

	if (!o->team)
		return ST_OK;
	t = strmap_get(&rows->teams, o->team);
	if (!t) {
		t = arena_alloc(&rows->a, sizeof(*t));
		memset(t, 0, sizeof(*t));
		strmap_add(&rows->teams, arena_strdup(&rows->a, o->team), t, NULL);
	}
	if (t->n == t->cap) {
		const char **old = t->codes;
		t->cap = t->cap ? t->cap * 2 : 4;
		t->codes = arena_alloc(&rows->a, t->cap * sizeof(*t->codes));
		if (t->n)
			memcpy(t->codes, old, t->n * sizeof(*t->codes));
	}
	t->codes[t->n++] = arena_strdup(&rows->a, o->code);
	return ST_OK;
}

/* The observers of team name, by code.  Every team of the mission is read
 * in one pass the first time a team is asked for. */
static enum status find_team(const struct reading *rd, const char *name,
                             const struct team **out, struct err *e)
{
	struct rows *rows = rd->rows;
	struct observer_filter f = {0};
	int64_t total;
	struct err se;
	char q[IMPORT_QUOTE_MAX];
	enum status rc;

	if (!rows->teams_loaded) {
		err_clear(&se);
		rc = store_observer_list(rd->st, rd->m->id, &f, &total, add_member, rows,
		                         &se);
		if (rc)
			return import_fail(e, rc, rd->r->line, NULL, "%s", se.msg);
		rows->teams_loaded = true;
	}
	*out = strmap_get(&rows->teams, name);
	if (!*out)
		return FAIL(rd, C_TEAM, "no observer of mission %s is in team \"%s\"",
		            rd->m->code, import_quote(name, q));
	return ST_OK;
}

/* Add observer's assignment to station on day, unless an earlier line
 * made it already.  team is the team that named the observer, or NULL. */
static enum status add(const struct reading *rd, const char *observer, const char *team,
                       const char *station, const char *day, struct err *e)
{
	struct rows *rows = rd->rows;
	size_t n = strlen(observer) + strlen(station) + strlen(day) + 3;
	char *key = arena_alloc(&rows->a, n);
	void *other;
	struct asg *g;

	/* Codes hold no control characters, so '\n' cannot be in them. */
	snprintf(key, n, "%s\n%s\n%s", observer, station, day);
	if (!strmap_add(&rows->seen, key, (void *)(intptr_t)rd->r->line, &other)) {
		if (team)
			return FAIL(rd, C_TEAM,
			            "observer \"%s\" of team \"%s\" is already assigned "
			            "to station \"%s\" on %s by line %ld",
			            observer, team, station, day, (long)(intptr_t)other);
		return FAIL(rd, C_OBSERVER,
		            "observer \"%s\" is already assigned to station \"%s\" on "
		            "%s by line %ld",
		            observer, station, day, (long)(intptr_t)other);
	}
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 1024;
		rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	g = &rows->v[rows->n++];
	g->a.observer = observer;
	g->a.station = station;
	g->a.day = day;
	g->line = rd->r->line;
	return ST_OK;
}

/* The day of the current row, kept in the rows' arena. */
static enum status read_day(const struct reading *rd, const char **out, struct err *e)
{
	const char *day = import_value(rd->h, rd->r, C_DAY);
	char q[IMPORT_QUOTE_MAX];

	if (!day) {
		*out = rd->m->election_date;
		if (!*out)
			return FAIL(rd, C_DAY,
			            "is empty and mission %s has no election date; "
			            "give the day as YYYY-MM-DD",
			            rd->m->code);
		return ST_OK;
	}
	if (!text_is_date(day))
		return FAIL(rd, C_DAY, "\"%s\" is not a date; write it YYYY-MM-DD (%s)",
		            import_quote(day, q),
		            rd->m->election_date ? rd->m->election_date : "2023-03-19");
	*out = arena_strdup(&rd->rows->a, day);
	return ST_OK;
}

/* What a row must give to name who is assigned, for messages. */
static const char *who_needed(const struct import_header *h)
{
	if (!import_has_column(h, C_TEAM))
		return "an observer's code";
	if (!import_has_column(h, C_OBSERVER))
		return "a team";
	return "an observer's code or a team";
}

/* Turn the current row into one assignment, or one per member of its team. */
static enum status read_row(const struct reading *rd, struct err *e)
{
	const char *observer = import_value(rd->h, rd->r, C_OBSERVER);
	const char *team = import_value(rd->h, rd->r, C_TEAM);
	const char *station = import_value(rd->h, rd->r, C_STATION);
	const char *day = NULL, *code = NULL;
	const struct team *t = NULL;
	enum status rc;

	if (observer && team)
		return FAIL(rd, C_TEAM,
		            "is given and so is %s; give either an observer or a team",
		            import_column_name(rd->h, C_OBSERVER));
	if (!observer && !team)
		return FAIL(rd,
		            import_has_column(rd->h, C_OBSERVER) ? C_OBSERVER : C_TEAM,
		            "is empty; every row needs %s", who_needed(rd->h));
	if (!station)
		return FAIL(rd, C_STATION, "is empty; every row needs a polling station");
	rc = find_station(rd, station, &station, e);
	if (!rc)
		rc = read_day(rd, &day, e);
	if (rc)
		return rc;
	if (observer) {
		rc = find_observer(rd, observer, &code, e);
		return rc ? rc : add(rd, code, NULL, station, day, e);
	}
	rc = find_team(rd, team, &t, e);
	if (rc)
		return rc;
	for (size_t k = 0; !rc && k < t->n; k++)
		rc = add(rd, t->codes[k], team, station, day, e);
	return rc;
}

#undef FAIL

static enum status read_all(const struct reading *rd, struct csv_reader *r,
                            const struct import_opts *opts, struct err *e)
{
	for (;;) {
		bool more;
		enum status rc = import_row_next(rd->h, r, &more, e);

		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc || !more)
			return rc ? rc : import_collected(opts, e);
		rc = read_row(rd, e);
		if (rc && import_collect(opts, r, rc, e))
			continue;
		if (rc)
			return rc;
		if (++rd->rows->nrows % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_READING, csv_bytes_read(r),
			                opts ? opts->input_size : 0);
	}
}

/* Put every row, as one batch (store_assignment_batch_begin(): the
 * stations, observers and assignments read once, no lookup a row). */
static enum status write_all(struct store *st, const struct mission *m,
                             const struct import_header *h, const struct rows *rows,
                             const struct import_opts *opts, struct import_counts *counts,
                             struct err *e)
{
	struct err se;
	enum status rc;

	err_clear(&se);
	rc = store_assignment_batch_begin(st, m->id, e);
	if (rc)
		return rc;
	for (size_t k = 0; k < rows->n; k++) {
		enum upsert_result res;

		rc = store_assignment_put(st, m->id, &rows->v[k].a, &res, &se);
		if (rc) {
			store_assignment_batch_end(st);
			return import_fail_from(e, h, rows->v[k].line, &se);
		}
		if (res == UPSERT_INSERTED)
			counts->inserted++;
		else if (res == UPSERT_UPDATED)
			counts->updated++;
		else
			counts->unchanged++;
		if ((k + 1) % IMPORT_PROGRESS_EVERY == 0)
			import_progress(opts, IMPORT_WRITING, (long long)k + 1,
			                (long long)rows->n);
	}
	store_assignment_batch_end(st);
	import_progress(opts, IMPORT_WRITING, (long long)rows->n, (long long)rows->n);
	return ST_OK;
}

enum status import_assignments(struct csv_reader *r, struct store *st,
                               const struct mission *m, const struct import_opts *opts,
                               struct import_counts *counts, struct err *e)
{
	struct import_header h;
	struct rows rows;
	struct reading rd = {&h, r, st, m, &rows};
	bool began = false;
	enum status rc;

	memset(counts, 0, sizeof(*counts));
	memset(&rows, 0, sizeof(rows));
	rc = import_header_read(&h, columns, NCOLS, "assignments", r, e);
	if (!rc)
		rc = check_header(&h, r->line, e);
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
	counts->rows = rows.nrows;
out:
	if (rc && began)
		store_rollback(st);
	if (rc)
		memset(counts, 0, sizeof(*counts));
	free(rows.v);
	strmap_release(&rows.seen);
	strmap_release(&rows.places);
	strmap_release(&rows.observers);
	strmap_release(&rows.teams);
	arena_release(&rows.a);
	import_header_release(&h);
	return rc;
}
