/* export.c - the export cursor: options read the same way from the
 * command line and the query string, checked against the kind before
 * anything is written; then the head, pages of rows and the end, each
 * appended to the caller's buffer (export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"
#include "model/country.h"
#include "model/location.h"
#include "model/observer.h"
#include "report/export_int.h"

static const struct export_kind_def *const kinds[EXPORT__KINDS] = {
    [EXPORT_OBSERVERS] = &export_observers_def,
    [EXPORT_STATIONS] = &export_stations_def,
    [EXPORT_SUBMISSIONS] = &export_submissions_def,
    [EXPORT_INCIDENTS] = &export_incidents_def,
    [EXPORT_SMS] = &export_sms_def,
    [EXPORT_OFFICIAL] = &export_official_def,
    [EXPORT_FINDINGS] = &export_findings_def,
    [EXPORT_ACCREDITATION] = &export_accreditation_def,
    [EXPORT_SMS_OUT] = &export_sms_out_def,
};

const char *const export_option_names[XO__COUNT + 1] = {
    [XO_FORMAT] = "format",
    [XO_BOM] = "bom",
    [XO_LANG] = "lang",
    [XO_VALUES] = "values",
    [XO_LAYOUT] = "layout",
    [XO_FORM] = "form",
    [XO_STATUS] = "status",
    [XO_ORGANISATION] = "organisation",
    [XO_COUNTRY] = "country",
    [XO_ROLE] = "role",
    [XO_TEAM] = "team",
    [XO_PHONE] = "phone",
    [XO_LEVEL] = "level",
    [XO_REGION] = "region",
    [XO_STATION] = "station",
    [XO_OBSERVER] = "observer",
    [XO_CHANNEL] = "channel",
    [XO_SINCE] = "since",
    [XO_ALL_VERSIONS] = "all_versions",
    [XO__COUNT] = NULL,
};

bool export_kind_parse(const char *name, enum export_kind *out)
{
	for (int k = 0; k < EXPORT__KINDS; k++)
		if (!strcmp(name, kinds[k]->name)) {
			*out = (enum export_kind)k;
			return true;
		}
	return false;
}

const char *export_kind_name(enum export_kind k)
{
	return kinds[k]->name;
}

const char *export_kinds_list(void)
{
	return "observers, stations, submissions, incidents, sms, official, findings, "
	       "accreditation, sms-out";
}

void export_options_init(struct export_options *o, enum export_kind kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->format = EXPORT_CSV;
	o->lang = "en";
}

/* ---- options ---- */

/* name with '-' read as '_': "all-versions" is "all_versions". */
static int option_index(const char *name)
{
	for (int i = 0; i < XO__COUNT; i++) {
		const char *a = export_option_names[i], *b = name;
		while (*a && (*a == *b || (*a == '_' && *b == '-'))) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return i;
	}
	return -1;
}

static enum status flag(const char *name, const char *v, bool *out, struct err *e)
{
	if (!*v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
		*out = false;
	else
		return err_set(e, ST_INVALID, "%s: \"%s\" is not 1 or 0 (true or false)",
		               name, v);
	return ST_OK;
}

/* "YYYY-MM-DD", optionally "THH:MM", ":SS" and "Z": what a time of
 * reception (YYYY-MM-DDTHH:MM:SSZ) can be compared with as text. */
static bool time_prefix(const char *s)
{
	static const char pat[] = "T99:99:99Z";
	size_t n = strlen(s);
	char date[11];

	if (n < 10 || (n != 10 && n != 16 && n != 19 && n != 20))
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!text_is_date(date))
		return false;
	for (size_t i = 10; i < n; i++) {
		char p = pat[i - 10];
		if (p == '9' ? s[i] < '0' || s[i] > '9' : s[i] != p)
			return false;
	}
	return true;
}

enum status export_check_word(const char *name, const char *v, const char *const *words,
                              struct err *e)
{
	char list[256] = "";
	size_t n = 0;

	if (!v)
		return ST_OK;
	for (size_t i = 0; words[i]; i++) {
		if (!strcmp(v, words[i]))
			return ST_OK;
		n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0,
		                      "%s%s", i ? ", " : "", words[i]);
	}
	return err_set(e, ST_INVALID, "%s: \"%s\" is not one of: %s", name, v, list);
}

enum status export_option_set(struct export_options *o, const char *name,
                              const char *value, struct err *e)
{
	static const char *const langs[] = {"en", "ru", NULL};
	static const char *const values[] = {"labels", "codes", NULL};
	static const char *const layouts[] = {"wide", "long", NULL};
	static const char *const channels[] = {"api",   "csv", "web", "paper",
	                                       "phone", "odk", "sms", NULL};
	int i = option_index(name);
	const char *const *words = NULL;
	const struct country *c;
	enum status rc = ST_OK;

	if (i < 0)
		return err_set(e, ST_NOT_FOUND, "\"%s\" is not an option of exports",
		               name);
	name = export_option_names[i];
	if (!value || (!*value && i != XO_BOM && i != XO_ALL_VERSIONS))
		return err_set(e, ST_INVALID, "%s: must not be empty", name);
	switch (i) {
	case XO_FORMAT:
		if (!export_format_parse(value, &o->format))
			rc = err_set(
			    e, ST_INVALID,
			    "format: \"%s\" is not one of: csv, json, jsonl, html",
			    value);
		break;
	case XO_BOM:
		rc = flag(name, value, &o->bom, e);
		break;
	case XO_ALL_VERSIONS:
		rc = flag(name, value, &o->all_versions, e);
		break;
	case XO_LANG:
		words = langs;
		o->lang = value;
		break;
	case XO_VALUES:
		words = values;
		o->codes = !strcmp(value, "codes");
		break;
	case XO_LAYOUT:
		words = layouts;
		o->long_layout = !strcmp(value, "long");
		o->layout_given = true;
		break;
	case XO_FORM:
		o->form = value;
		break;
	case XO_STATUS:
		o->status = value; /* its words depend on the kind */
		break;
	case XO_ORGANISATION:
		o->organisation = value;
		break;
	case XO_COUNTRY:
		c = country_find(value);
		if (!c)
			rc = err_set(
			    e, ST_INVALID,
			    "country: \"%s\" is not a country; give its ISO 3166-1 "
			    "alpha-2 code or its English or Russian name",
			    value);
		else
			o->country = c->code;
		break;
	case XO_ROLE:
		o->role = observer_role_canonical(value);
		if (!o->role)
			rc = err_set(e, ST_INVALID, "role: \"%s\" is not one of: %s",
			             value, observer_roles_list());
		break;
	case XO_TEAM:
		o->team = value;
		break;
	case XO_PHONE:
		o->phone = value; /* normalised with the mission's country */
		break;
	case XO_LEVEL:
		o->level = strcmp(value, "any") ? location_level_canonical(value) : "any";
		if (!o->level)
			rc =
			    err_set(e, ST_INVALID, "level: \"%s\" is not one of: any, %s",
			            value, location_levels_list());
		break;
	case XO_REGION:
		o->region = value;
		break;
	case XO_STATION:
		o->station = value;
		break;
	case XO_OBSERVER:
		o->observer = value;
		break;
	case XO_CHANNEL:
		words = channels;
		o->channel = value;
		break;
	case XO_SINCE:
		o->since = value;
		if (!time_prefix(value))
			rc = err_set(e, ST_INVALID,
			             "since: must be a date or time in UTC written "
			             "YYYY-MM-DD[THH:MM[:SS]][Z], not \"%s\"",
			             value);
		break;
	}
	if (!rc && words)
		rc = export_check_word(name, value, words, e);
	if (!rc)
		o->given |= XO(i);
	return rc;
}

/* ---- helpers of the kinds ---- */

void export_columns(struct export *x, const char *const *names, const char *const *titles,
                    size_t n)
{
	bool bom = x->o.bom;

	export_table_init(&x->t, x->o.format, names, n);
	x->t.titles = titles;
	x->t.bom = bom;
}

enum status export_walk_start(struct export *x, enum store_export_table t, struct err *e)
{
	x->page.after = 0;
	x->page.limit = EXPORT_PAGE_ROWS;
	return store_export_last_id(x->st, t, &x->page.upto, e);
}

bool export_page_full(const struct export *x)
{
	return x->page.rows == x->page.limit;
}

enum status export_check_location(struct export *x, const char *name, const char *code,
                                  struct err *e)
{
	struct arena a = ARENA_INIT;
	struct location l;
	struct err le;
	enum status rc;

	if (!code)
		return ST_OK;
	err_clear(&le);
	rc = store_location_get(x->st, x->m.id, code, &a, &l, &le);
	arena_release(&a);
	if (rc == ST_NOT_FOUND)
		return err_set(e, ST_NOT_FOUND,
		               "%s: no location with code \"%s\" in mission %s", name,
		               code, x->m.code);
	if (rc)
		*e = le;
	return rc;
}

/* ---- the cursor ---- */

static void copy_options(struct export *x, const struct export_options *o)
{
	struct arena *a = &x->arena;
	struct export_options *c = &x->o;

	*c = *o;
	c->lang = arena_strdup(a, o->lang ? o->lang : "en");
	c->form = arena_strdup(a, o->form);
	c->status = arena_strdup(a, o->status);
	c->organisation = arena_strdup(a, o->organisation);
	c->country = arena_strdup(a, o->country);
	c->role = arena_strdup(a, o->role);
	c->team = arena_strdup(a, o->team);
	c->phone = arena_strdup(a, o->phone);
	c->level = arena_strdup(a, o->level);
	c->region = arena_strdup(a, o->region);
	c->station = arena_strdup(a, o->station);
	c->observer = arena_strdup(a, o->observer);
	c->channel = arena_strdup(a, o->channel);
	c->since = arena_strdup(a, o->since);
}

/* Options given that the kind does not take, and formats it cannot be
 * written in. */
static enum status check_applies(const struct export_kind_def *d,
                                 const struct export_options *o, struct err *e)
{
	unsigned extra = o->given & ~(d->options | XO_COMMON);

	for (int i = 0; i < XO__COUNT; i++)
		if (extra & XO(i))
			return err_set(e, ST_INVALID,
			               "%s: does not apply to an export of %s",
			               export_option_names[i], d->name);
	if (!(d->formats & XF(o->format)))
		return err_set(e, ST_INVALID,
		               "format: an export of %s is not written as %s", d->name,
		               export_format_ext(o->format));
	if (o->bom && o->format != EXPORT_CSV)
		return err_set(e, ST_INVALID,
		               "bom: only CSV files start with a byte order mark");
	return ST_OK;
}

enum status export_open(struct store *st, const char *mission_code,
                        const struct export_options *o, struct export **out,
                        struct err *e)
{
	const struct export_kind_def *d = kinds[o->kind];
	struct export *x;
	enum status rc;

	*out = NULL;
	rc = check_applies(d, o, e);
	if (rc)
		return rc;
	x = xcalloc(1, sizeof(*x));
	x->def = d;
	x->st = st;
	x->arena = (struct arena)ARENA_INIT;
	copy_options(x, o);
	rc = store_mission_get(st, mission_code, &x->arena, &x->m, e);
	if (!rc)
		rc = store_export_prepare(st, e);
	if (!rc)
		rc = d->open(x, e);
	if (rc) {
		export_close(x);
		return rc;
	}
	snprintf(x->file_name, sizeof(x->file_name), "%s-%s.%s", x->m.code, d->name,
	         export_format_ext(x->o.format));
	*out = x;
	return ST_OK;
}

enum status export_next(struct export *x, struct buf *out, bool *done, struct err *e)
{
	bool more = false;
	enum status rc;

	*done = x->done;
	if (x->done)
		return ST_OK;
	x->t.out = out;
	x->t.rc = ST_OK;
	if (!x->begun) {
		if (x->def->head)
			x->def->head(x);
		export_table_begin(&x->t);
		x->begun = true;
	}
	rc = x->def->page(x, &more, e);
	if (!rc && !more) {
		export_table_finish(&x->t);
		if (x->def->foot)
			x->def->foot(x);
		x->done = true;
	}
	if (!rc && x->t.rc)
		rc = err_set(e, x->t.rc, "exporting %s: a page passed %zu bytes",
		             x->def->name, out->cap);
	if (rc)
		x->done = true; /* no going on after a failure */
	*done = x->done;
	return rc;
}

int64_t export_rows(const struct export *x)
{
	return x->t.rows;
}

enum export_format export_format_of(const struct export *x)
{
	return x->o.format;
}

const char *export_file_name(const struct export *x)
{
	return x->file_name;
}

void export_close(struct export *x)
{
	if (!x)
		return;
	if (x->def->close)
		x->def->close(x);
	arena_release(&x->arena);
	free(x);
}
