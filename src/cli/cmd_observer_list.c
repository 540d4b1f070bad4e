/* cmd_observer_list.c - "observa observer list" and "observer show": the
 * mission's observers with filters, as text or in the JSON shape of
 * registry_json.h.  cmd_observer.c dispatches here. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_observer_list.h"
#include "core/alloc.h"
#include "core/text.h"
#include "model/country.h"
#include "model/phone.h"
#include "model/registry_json.h"

static const char list_help[] =
    "usage: observa observer list --mission M [--status S] [--organisation O]\n"
    "                             [--country C] [--role R] [--team T]\n"
    "                             [--phone NUMBER] [--limit N] [--offset N]\n"
    "                             [--format text|json]\n\n"
    "Print the mission's observers ordered by code, those matching every filter\n"
    "given: accreditation status S (requested, accredited, refused, withdrawn),\n"
    "organisation O (its exact name; --organization also works), country C\n"
    "(alpha-2 code or name), role R, team T, or who has telephone NUMBER (read\n"
    "as a number of the mission's country unless it starts with + or 00).\n"
    "--limit and --offset page through a long list.  As JSON the output is\n"
    "{\"total\": N, \"items\": [...]} where total counts every match.\n";

static const char show_help[] =
    "usage: observa observer show CODE --mission M [--format text|json]\n\n"
    "Print one observer: organisation, country, role, phones, languages, team\n"
    "and accreditation.\n";

enum {
	OPT_MISSION = 1,
	OPT_STATUS,
	OPT_ORG,
	OPT_COUNTRY,
	OPT_ROLE,
	OPT_TEAM,
	OPT_PHONE,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT
};

static const struct option list_opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"status", required_argument, NULL, OPT_STATUS},
    {"organisation", required_argument, NULL, OPT_ORG},
    {"organization", required_argument, NULL, OPT_ORG},
    {"country", required_argument, NULL, OPT_COUNTRY},
    {"role", required_argument, NULL, OPT_ROLE},
    {"team", required_argument, NULL, OPT_TEAM},
    {"phone", required_argument, NULL, OPT_PHONE},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

static const struct option show_opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

/* s on one line: line breaks and other control characters become spaces. */
static void put_line(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 ? ' ' : *s);
	putchar('\n');
}

/* Parse --format into *json; false when it is neither text nor json. */
static bool parse_format(const char *arg, bool *json)
{
	if (strcmp(arg, "text") && strcmp(arg, "json"))
		return false;
	*json = !strcmp(arg, "json");
	return true;
}

/* Open the store and load mission code into *m. */
static int open_mission(const char *code, struct store **st, struct arena *a,
                        struct mission *m)
{
	int rc;

	if (!code)
		return usage_error("observer", "which mission? give --mission CODE");
	rc = cli_open_store(st);
	if (rc)
		return rc;
	return cli_load_mission(*st, code, a, m);
}

/* ---- list ---- */

struct list_ctx {
	bool json;
	json_t *items;
	int64_t shown;
};

static enum status list_one(void *ctx, const struct observer *o)
{
	struct list_ctx *lc = ctx;

	lc->shown++;
	if (lc->json) {
		json_array_append_new(lc->items, observer_to_json(o));
	} else {
		char *who = o->organisation
		                ? xasprintf("%s (%s)", o->full_name, o->organisation)
		                : xstrdup(o->full_name);
		printf("%-12s %-10s %-2s %-11s ", o->code, o->accreditation_status,
		       o->country ? o->country : "-", o->role);
		put_line(who);
		free(who);
	}
	return ST_OK;
}

static int list_observers(struct store *st, const struct observer_filter *f,
                          int64_t mission_id, bool json)
{
	struct list_ctx lc = {json, json ? json_array() : NULL, 0};
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_observer_list(st, mission_id, f, &total, list_one, &lc, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (json) {
		json_t *j = json_object();
		json_object_set_new(j, "total", json_integer(total));
		json_object_set(j, "items", lc.items);
		cli_print_json(j);
		json_decref(j);
	} else if (lc.shown < total) {
		notef("showed %" PRId64 " of %" PRId64 " observers (from %" PRId64
		      "); use --offset and --limit for others",
		      lc.shown, total, (f->offset > 0 ? f->offset : 0) + 1);
	}
out:
	json_decref(lc.items);
	return rc;
}

int observer_list_main(int argc, char **argv)
{
	struct observer_filter f = {0};
	const char *mission_code = NULL, *phone = NULL;
	char e164[PHONE_MAX];
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	bool json = false;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", list_opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(list_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_STATUS:
			f.status = accreditation_status_canonical(optarg);
			if (!f.status)
				return usage_error("observer",
				                   "--status \"%s\" is not one of: %s",
				                   optarg, accreditation_statuses_list());
			break;
		case OPT_ORG:
			f.organisation = optarg;
			break;
		case OPT_COUNTRY: {
			const struct country *c = country_find(optarg);
			if (!c)
				return usage_error(
				    "observer",
				    "--country \"%s\" is not a country "
				    "(use an ISO 3166-1 alpha-2 code such as KZ)",
				    optarg);
			f.country = c->code;
			break;
		}
		case OPT_ROLE:
			f.role = observer_role_canonical(optarg);
			if (!f.role)
				return usage_error("observer",
				                   "--role \"%s\" is not one of: %s",
				                   optarg, observer_roles_list());
			break;
		case OPT_TEAM:
			f.team = optarg;
			break;
		case OPT_PHONE:
			phone = optarg;
			break;
		case OPT_LIMIT:
			if (!text_int64(optarg, 1, INT64_MAX, &f.limit))
				return usage_error("observer",
				                   "--limit wants a whole number of 1 "
				                   "or more");
			break;
		case OPT_OFFSET:
			if (!text_int64(optarg, 0, INT64_MAX, &f.offset))
				return usage_error("observer",
				                   "--offset wants a whole number of 0 "
				                   "or more");
			break;
		case OPT_FORMAT:
			if (!parse_format(optarg, &json))
				return usage_error("observer",
				                   "--format is text or json");
			break;
		default:
			return usage_error("observer", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("observer", "unexpected argument \"%s\"",
		                   argv[optind]);
	rc = open_mission(mission_code, &st, &a, &m);
	if (rc)
		goto out;
	if (phone) {
		struct err e;
		err_clear(&e);
		if (phone_normalise(phone, m.country, e164, &e)) {
			rc = usage_error("observer", "--phone: %s", e.msg);
			goto out;
		}
		f.phone = e164;
	}
	rc = list_observers(st, &f, m.id, json);
out:
	store_close(st);
	arena_release(&a);
	return rc;
}

/* ---- show ---- */

/* Print a ';'-separated list with ", " between its items. */
static void print_list(const char *label, const char *list)
{
	printf("%-14s", label);
	for (const char *p = list; *p; p++)
		if (*p == ';')
			fputs(", ", stdout);
		else
			putchar(*p);
	putchar('\n');
}

static void print_observer(const struct observer *o)
{
	const struct country *c = o->country ? country_by_code(o->country) : NULL;

	printf("observer      %s\n", o->code);
	fputs("name          ", stdout);
	put_line(o->full_name);
	if (o->organisation)
		printf("organisation  %s\n", o->organisation);
	if (o->country)
		printf("country       %s (%s)\n", c ? c->name_en : o->country,
		       o->country);
	printf("role          %s\n", o->role);
	if (o->phones)
		print_list("phones", o->phones);
	if (o->email)
		printf("email         %s\n", o->email);
	if (o->languages)
		print_list("languages", o->languages);
	if (o->team)
		printf("team          %s\n", o->team);
	printf("accreditation %s", o->accreditation_status);
	if (o->badge_number)
		printf(", badge %s", o->badge_number);
	if (o->requested_on)
		printf(", requested %s", o->requested_on);
	if (o->decided_on)
		printf(", decided %s", o->decided_on);
	putchar('\n');
	if (o->id_document)
		printf("id document   %s\n", o->id_document);
}

int observer_show_main(int argc, char **argv)
{
	const char *mission_code = NULL, *code;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct observer o;
	struct err e;
	bool json = false;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", show_opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(show_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_FORMAT:
			if (!parse_format(optarg, &json))
				return usage_error("observer",
				                   "--format is text or json");
			break;
		default:
			return usage_error("observer", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("observer", "show needs the observer's CODE");
	code = argv[optind++];
	if (optind < argc)
		return usage_error("observer", "unexpected argument \"%s\"",
		                   argv[optind]);
	rc = open_mission(mission_code, &st, &a, &m);
	if (rc)
		goto out;
	if (store_observer_get(st, m.id, code, &a, &o, &e)) {
		errorf("%s in mission %s", e.msg, m.code);
		rc = EXIT_FAIL;
		goto out;
	}
	if (json) {
		json_t *j = observer_to_json(&o);
		cli_print_json(j);
		json_decref(j);
	} else {
		print_observer(&o);
	}
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
