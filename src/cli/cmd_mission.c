/* cmd_mission.c - "observa mission create|list|show|update": the missions
 * in a database. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/text.h"
#include "ingest/forms_install.h"
#include "model/country.h"
#include "model/registry_json.h"

static const char help[] =
    "usage: observa mission create CODE --name NAME --election-type TYPE\n"
    "                              --election-date YYYY-MM-DD --country CC\n"
    "                              [--organisation NAME] [--long-term FROM..TO]\n"
    "                              [--short-term FROM..TO] [--set KEY=VALUE]...\n"
    "       observa mission update CODE [the same options as create]\n"
    "       observa mission list [--format text|json]\n"
    "       observa mission show CODE [--format text|json]\n\n"
    "A mission observes one election.  CODE is a short slug (e.g. kz-2023) that\n"
    "every other command takes as --mission CODE.  TYPE is one of president,\n"
    "senate, parliament (or mazhilis), local (or maslikhat), referendum, other.\n"
    "CC is the ISO 3166-1 alpha-2 code of the country holding the election.\n"
    "--long-term and --short-term give the dates of those phases of the mission;\n"
    "--set stores a free setting (repeatable; an empty VALUE removes it).\n"
    "A new mission starts with the shipped forms OP, VO, CO, TA, IN and PR\n"
    "('observa form list --mission CODE').\n";

enum {
	OPT_NAME = 1,
	OPT_TYPE,
	OPT_DATE,
	OPT_COUNTRY,
	OPT_ORG,
	OPT_LT,
	OPT_ST,
	OPT_SET,
	OPT_FORMAT
};

static const struct option opts[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"election-type", required_argument, NULL, OPT_TYPE},
    {"election-date", required_argument, NULL, OPT_DATE},
    {"country", required_argument, NULL, OPT_COUNTRY},
    {"organisation", required_argument, NULL, OPT_ORG},
    {"organization", required_argument, NULL, OPT_ORG},
    {"long-term", required_argument, NULL, OPT_LT},
    {"short-term", required_argument, NULL, OPT_ST},
    {"set", required_argument, NULL, OPT_SET},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

/* Split "FROM..TO" into two strings in a; either side may be empty. */
static int parse_range(const char *arg, struct arena *a, const char **from,
                       const char **to)
{
	const char *dots = strstr(arg, "..");

	if (!dots)
		return -1;
	*from = dots == arg ? NULL : arena_strndup(a, arg, (size_t)(dots - arg));
	*to = dots[2] ? arena_strdup(a, dots + 2) : NULL;
	return 0;
}

static void print_mission(const struct mission *m)
{
	const struct country *c = country_by_code(m->country);
	json_t *settings = m->settings ? json_loads(m->settings, 0, NULL) : NULL;
	const char *key;
	json_t *v;

	printf("mission       %s\n", m->code);
	printf("name          %s\n", m->name);
	if (m->organisation)
		printf("organisation  %s\n", m->organisation);
	printf("election      %s, %s, %s (%s)\n", m->election_type, m->election_date,
	       c ? c->name_en : m->country, m->country);
	if (m->long_term_start || m->long_term_end)
		printf("long-term     %s .. %s\n",
		       m->long_term_start ? m->long_term_start : "",
		       m->long_term_end ? m->long_term_end : "");
	if (m->short_term_start || m->short_term_end)
		printf("short-term    %s .. %s\n",
		       m->short_term_start ? m->short_term_start : "",
		       m->short_term_end ? m->short_term_end : "");
	printf("election day  %s\n", m->election_date);
	json_object_foreach(settings, key, v)
	{
		char *t = json_is_string(v) ? xstrdup(json_string_value(v))
		                            : json_dumps(v, JSON_ENCODE_ANY);
		printf("setting       %s = %s\n", key, t);
		free(t);
	}
	json_decref(settings);
}

struct list_ctx {
	int json;
	json_t *arr;
};

static enum status list_one(void *ctx, const struct mission *m)
{
	struct list_ctx *lc = ctx;

	if (lc->json)
		json_array_append_new(lc->arr, mission_to_json(m));
	else
		printf("%-16s %-10s %-11s %-2s  %s\n", m->code, m->election_type,
		       m->election_date, m->country, m->name);
	return ST_OK;
}

static int do_list(struct store *st, int json)
{
	struct list_ctx lc = {json, json_array()};
	struct err e;

	err_clear(&e);
	if (store_mission_list(st, list_one, &lc, &e)) {
		errorf("%s", e.msg);
		json_decref(lc.arr);
		return EXIT_FAIL;
	}
	if (json) {
		cli_print_json(lc.arr);
	}
	json_decref(lc.arr);
	return EXIT_OK;
}

/* Apply --set KEY=VALUE to the mission's settings object. */
static int apply_setting(json_t *settings, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *key;

	if (!eq || eq == arg)
		return -1;
	key = xstrndup(arg, (size_t)(eq - arg));
	if (eq[1])
		json_object_set_new(settings, key, json_string(eq + 1));
	else
		json_object_del(settings, key);
	free(key);
	return 0;
}

/* Create m with the shipped forms in one transaction: a mission never
 * exists without its forms. */
static enum status create_with_forms(struct store *st, struct mission *m, struct err *e)
{
	enum status rc = store_begin(st, e);

	if (rc)
		return rc;
	rc = store_mission_create(st, m, e);
	if (!rc)
		rc = forms_install_builtin(st, m->id, e);
	if (!rc)
		rc = store_commit(st, e);
	if (rc)
		store_rollback(st);
	return rc;
}

int cmd_mission(int argc, char **argv)
{
	struct arena a = ARENA_INIT;
	struct mission m = {0};
	struct store *st = NULL;
	struct err e;
	json_t *settings = NULL;
	const char *sub, *format = "text", *code = NULL;
	char *settings_text = NULL;
	int opt, rc = EXIT_OK, creating, nset = 0;
	const char *sets[64];

	err_clear(&e);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "create") && strcmp(sub, "update") && strcmp(sub, "list") &&
	    strcmp(sub, "show"))
		return usage_error("mission", "unknown subcommand \"%s\"", sub);
	creating = !strcmp(sub, "create");
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_NAME:
			m.name = optarg;
			break;
		case OPT_TYPE:
			m.election_type = election_type_canonical(optarg);
			if (!m.election_type)
				return usage_error(
				    "mission", "election type \"%s\" is not one of: %s",
				    optarg, election_types_list());
			break;
		case OPT_DATE:
			m.election_date = optarg;
			break;
		case OPT_COUNTRY: {
			const struct country *c = country_find(optarg);
			if (!c)
				return usage_error("mission",
				                   "unknown country \"%s\" (use an "
				                   "ISO 3166-1 alpha-2 code such as KZ)",
				                   optarg);
			m.country = c->code;
			break;
		}
		case OPT_ORG:
			m.organisation = optarg;
			break;
		case OPT_LT:
			if (parse_range(optarg, &a, &m.long_term_start, &m.long_term_end))
				return usage_error("mission",
				                   "--long-term wants FROM..TO, e.g. "
				                   "2023-02-01..2023-03-18");
			break;
		case OPT_ST:
			if (parse_range(optarg, &a, &m.short_term_start,
			                &m.short_term_end))
				return usage_error("mission",
				                   "--short-term wants FROM..TO");
			break;
		case OPT_SET:
			if (nset == (int)(sizeof(sets) / sizeof(sets[0])) ||
			    !strchr(optarg, '='))
				return usage_error("mission", "--set wants KEY=VALUE");
			sets[nset++] = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("mission", "--format is text or json");
			break;
		default:
			return usage_error("mission", "unknown option");
		}
	}
	if (strcmp(sub, "list")) {
		if (optind >= argc)
			return usage_error("mission", "%s needs the mission CODE", sub);
		code = argv[optind++];
	}
	if (optind < argc)
		return usage_error("mission", "unexpected argument \"%s\"", argv[optind]);

	rc = cli_open_store(&st);
	if (rc)
		goto out;
	if (!strcmp(sub, "list")) {
		rc = do_list(st, !strcmp(format, "json"));
		goto out;
	}
	if (!strcmp(sub, "show")) {
		rc = cli_load_mission(st, code, &a, &m);
		if (rc)
			goto out;
		if (!strcmp(format, "json")) {
			json_t *j = mission_to_json(&m);
			cli_print_json(j);
			json_decref(j);
		} else {
			print_mission(&m);
		}
		goto out;
	}
	if (!creating) {
		/* update: start from the stored mission, change what was given. */
		struct mission old;
		rc = cli_load_mission(st, code, &a, &old);
		if (rc)
			goto out;
#define KEEP(f)                                                                          \
	if (!m.f)                                                                        \
	m.f = old.f
		KEEP(name);
		KEEP(organisation);
		KEEP(election_type);
		KEEP(election_date);
		KEEP(country);
		KEEP(long_term_start);
		KEEP(long_term_end);
		KEEP(short_term_start);
		KEEP(short_term_end);
		KEEP(settings);
#undef KEEP
	}
	m.code = code;
	settings = m.settings ? json_loads(m.settings, 0, NULL) : NULL;
	if (!settings)
		settings = json_object();
	for (int i = 0; i < nset; i++)
		if (apply_setting(settings, sets[i])) {
			rc = usage_error("mission", "--set wants KEY=VALUE, not \"%s\"",
			                 sets[i]);
			goto out;
		}
	settings_text = json_dumps(settings, JSON_COMPACT | JSON_PRESERVE_ORDER);
	m.settings = settings_text;
	if (creating && (!m.name || !m.election_type || !m.election_date || !m.country)) {
		rc = usage_error("mission", "create needs --name, --election-type, "
		                            "--election-date and --country");
		goto out;
	}
	if (mission_validate(&m, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (creating ? create_with_forms(st, &m, &e) : store_mission_update(st, &m, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	printf("mission %s %s\n", m.code, creating ? "created" : "updated");
out:
	free(settings_text);
	json_decref(settings);
	store_close(st);
	arena_release(&a);
	return rc;
}
