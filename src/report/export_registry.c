/* export_registry.c - the registry as tables: observers with their
 * organisation, country, role, accreditation, phones and team; stations
 * (or any level of the map) with their parent, region, registered voters
 * and coordinates.  docs/exports.md lists the columns. */
#include <string.h>

#include "model/observer.h"
#include "model/phone.h"
#include "report/export_int.h"

/* ---- observers ---- */

static const char *const observer_columns[] = {
    "code",         "full_name",    "organisation", "country",     "role",
    "phones",       "email",        "languages",    "team",        "accreditation_status",
    "badge_number", "requested_on", "decided_on",   "id_document",
};

#define NOBSERVER_COLUMNS (sizeof(observer_columns) / sizeof(observer_columns[0]))

/* The filter of struct observer_filter from the options: the status made
 * canonical, the phone number in E.164 with the mission's country. */
static enum status observer_filter_of(struct export *x, struct observer_filter *f,
                                      struct err *e)
{
	memset(f, 0, sizeof(*f));
	if (x->o.status) {
		f->status = accreditation_status_canonical(x->o.status);
		if (!f->status)
			return err_set(e, ST_INVALID, "status: \"%s\" is not one of: %s",
			               x->o.status, accreditation_statuses_list());
	}
	if (x->o.phone) {
		char phone[PHONE_MAX];
		struct err pe;
		err_clear(&pe);
		if (phone_normalise(x->o.phone, x->m.country, phone, &pe))
			return err_set(e, ST_INVALID, "phone: %s", pe.msg);
		f->phone = arena_strdup(&x->arena, phone);
	}
	f->organisation = x->o.organisation;
	f->country = x->o.country;
	f->role = x->o.role;
	f->team = x->o.team;
	return ST_OK;
}

static enum status observers_open(struct export *x, struct err *e)
{
	struct observer_filter *f = arena_alloc(&x->arena, sizeof(*f));
	enum status rc = observer_filter_of(x, f, e);

	if (rc)
		return rc;
	x->state = f;
	export_columns(x, observer_columns, NULL, NOBSERVER_COLUMNS);
	return export_walk_start(x, STORE_EXPORT_OBSERVERS, e);
}

static enum status observer_row(void *ctx, const struct observer *o)
{
	struct export_table *t = &((struct export *)ctx)->t;

	export_table_text(t, o->code);
	export_table_text(t, o->full_name);
	export_table_text(t, o->organisation);
	export_table_text(t, o->country);
	export_table_text(t, o->role);
	export_table_text(t, o->phones);
	export_table_text(t, o->email);
	export_table_text(t, o->languages);
	export_table_text(t, o->team);
	export_table_text(t, o->accreditation_status);
	export_table_text(t, o->badge_number);
	export_table_text(t, o->requested_on);
	export_table_text(t, o->decided_on);
	export_table_text(t, o->id_document);
	export_table_row_end(t);
	return ST_OK;
}

static enum status observers_page(struct export *x, bool *more, struct err *e)
{
	enum status rc = store_export_observers(x->st, x->m.id, x->state, &x->page,
	                                        observer_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

const struct export_kind_def export_observers_def = {
    .name = "observers",
    .formats = XF_TABULAR,
    .options = XO(XO_STATUS) | XO(XO_ORGANISATION) | XO(XO_COUNTRY) | XO(XO_ROLE) |
               XO(XO_TEAM) | XO(XO_PHONE),
    .open = observers_open,
    .page = observers_page,
};

/* ---- stations ---- */

static const char *const station_columns[] = {
    "code",     "name",      "level",   "parent", "region", "registered_voters",
    "latitude", "longitude", "stratum",
};

#define NSTATION_COLUMNS (sizeof(station_columns) / sizeof(station_columns[0]))

static enum status stations_open(struct export *x, struct err *e)
{
	struct export_location_filter *f = arena_alloc(&x->arena, sizeof(*f));
	enum status rc;

	f->level = !x->o.level                 ? "station"
	           : strcmp(x->o.level, "any") ? x->o.level
	                                       : NULL;
	f->region = x->o.region;
	rc = export_check_location(x, "region", f->region, e);
	if (rc)
		return rc;
	x->state = f;
	export_columns(x, station_columns, NULL, NSTATION_COLUMNS);
	return export_walk_start(x, STORE_EXPORT_LOCATIONS, e);
}

static enum status station_row(void *ctx, const struct location *l, const char *region)
{
	struct export_table *t = &((struct export *)ctx)->t;

	export_table_text(t, l->code);
	export_table_text(t, l->name);
	export_table_text(t, l->level);
	export_table_text(t, l->parent);
	export_table_text(t, region);
	if (l->registered_voters >= 0)
		export_table_int(t, l->registered_voters);
	else
		export_table_null(t);
	if (l->has_coords) {
		export_table_real(t, l->latitude);
		export_table_real(t, l->longitude);
	} else {
		export_table_null(t);
		export_table_null(t);
	}
	export_table_text(t, l->stratum);
	export_table_row_end(t);
	return ST_OK;
}

static enum status stations_page(struct export *x, bool *more, struct err *e)
{
	enum status rc =
	    store_export_locations(x->st, x->m.id, x->state, &x->page, station_row, x, e);

	*more = !rc && export_page_full(x);
	return rc;
}

const struct export_kind_def export_stations_def = {
    .name = "stations",
    .formats = XF_TABULAR,
    .options = XO(XO_LEVEL) | XO(XO_REGION),
    .open = stations_open,
    .page = stations_page,
};
