/* cmd_location.c - "observa location list|show": the mission's regions,
 * districts and polling stations, as text or in the JSON shape of
 * registry_json.h. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "model/registry_json.h"

static const char help[] =
    "usage: observa location list --mission M [--parent CODE | --top] [--level L]\n"
    "                             [--limit N] [--offset N] [--format text|json]\n"
    "       observa location show CODE --mission M [--format text|json]\n\n"
    "list prints the mission's locations ordered by code: all of them, the\n"
    "children of --parent CODE, or those at the top of the tree (--top), at\n"
    "level L (country, region, city, abroad, district, territory, station).\n"
    "--limit and --offset page through a long list.  As JSON, list prints\n"
    "{\"total\": N, \"items\": [...]} where total counts every match, whatever\n"
    "--limit says.  show prints one location with its parent and the number of\n"
    "locations it contains.  Locations are loaded with 'observa import\n"
    "locations'.\n";

enum {
	OPT_MISSION = 1,
	OPT_PARENT,
	OPT_TOP,
	OPT_LEVEL,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"parent", required_argument, NULL, OPT_PARENT},
    {"top", no_argument, NULL, OPT_TOP},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    CLI_COMMON_OPTIONS,
    {0},
};

struct list_ctx {
	bool json;
	json_t *items;
	int64_t shown;
};

/* s on one line: line breaks and other control characters become spaces. */
static void put_line(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 ? ' ' : *s);
	putchar('\n');
}

static enum status list_one(void *ctx, const struct location *l)
{
	struct list_ctx *lc = ctx;

	lc->shown++;
	if (lc->json) {
		json_array_append_new(lc->items, location_to_json(l));
	} else {
		printf("%-16s %-9s %-16s ", l->code, l->level,
		       l->parent ? l->parent : "-");
		put_line(l->name);
	}
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *m,
                   const struct location_filter *f, bool json)
{
	struct list_ctx lc = {json, json ? json_array() : NULL, 0};
	struct arena a = ARENA_INIT;
	struct location parent;
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (f->parent && store_location_get(st, m->id, f->parent, &a, &parent, &e)) {
		errorf("--parent: %s in mission %s", e.msg, m->code);
		rc = EXIT_FAIL;
		goto out;
	}
	if (store_location_list(st, m->id, f, &total, list_one, &lc, &e)) {
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
		int64_t from = f->offset > 0 ? f->offset : 0;
		notef("showed %" PRId64 " of %" PRId64 " locations (from %" PRId64
		      "); use --offset and --limit for others",
		      lc.shown, total, from + 1);
	}
out:
	json_decref(lc.items);
	arena_release(&a);
	return rc;
}

static void print_location(struct store *st, const struct mission *m,
                           const struct location *l, struct arena *a)
{
	struct location_filter f = {.parent = l->code};
	struct location p;
	int64_t children = 0;
	struct err e;

	err_clear(&e);
	printf("location      %s\n", l->code);
	fputs("name          ", stdout);
	put_line(l->name);
	printf("level         %s\n", l->level);
	if (l->parent && !store_location_get(st, m->id, l->parent, a, &p, &e)) {
		printf("parent        %s (", p.code);
		for (const char *c = p.name; *c; c++)
			putchar((unsigned char)*c < 0x20 ? ' ' : *c);
		puts(")");
	} else if (l->parent)
		printf("parent        %s\n", l->parent);
	if (l->registered_voters >= 0)
		printf("voters        %" PRId64 " registered\n", l->registered_voters);
	if (l->has_coords)
		printf("coordinates   %.15g, %.15g\n", l->latitude, l->longitude);
	if (l->stratum)
		printf("stratum       %s\n", l->stratum);
	if (!location_is_station(l) &&
	    !store_location_list(st, m->id, &f, &children, NULL, NULL, &e))
		printf("contains      %" PRId64 " location%s\n", children,
		       children == 1 ? "" : "s");
}

static int do_show(struct store *st, const struct mission *m, const char *code, bool json)
{
	struct arena a = ARENA_INIT;
	struct location l;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_location_get(st, m->id, code, &a, &l, &e)) {
		errorf("%s in mission %s", e.msg, m->code);
		rc = EXIT_FAIL;
		goto out;
	}
	if (json) {
		json_t *j = location_to_json(&l);
		cli_print_json(j);
		json_decref(j);
	} else {
		print_location(st, m, &l, &a);
	}
out:
	arena_release(&a);
	return rc;
}

/* Parse a count for --limit (min 1) or --offset (min 0). */
static bool parse_count(const char *s, int64_t min, int64_t *out)
{
	return text_int64(s, min, INT64_MAX, out);
}

int cmd_location(int argc, char **argv)
{
	struct location_filter f = {0};
	const char *sub, *mission_code = NULL, *code = NULL;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	bool json = false;
	int opt, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "list") && strcmp(sub, "show"))
		return usage_error("location", "unknown subcommand \"%s\"", sub);
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_PARENT:
			f.parent = optarg;
			break;
		case OPT_TOP:
			f.top = true;
			break;
		case OPT_LEVEL:
			f.level = location_level_canonical(optarg);
			if (!f.level)
				return usage_error("location",
				                   "--level \"%s\" is not one of: %s",
				                   optarg, location_levels_list());
			break;
		case OPT_LIMIT:
			if (!parse_count(optarg, 1, &f.limit))
				return usage_error("location",
				                   "--limit wants a whole number of "
				                   "1 or more");
			break;
		case OPT_OFFSET:
			if (!parse_count(optarg, 0, &f.offset))
				return usage_error("location",
				                   "--offset wants a whole number of "
				                   "0 or more");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("location",
				                   "--format is text or json");
			json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error("location", "unknown option");
		}
	}
	if (!strcmp(sub, "show")) {
		if (optind >= argc)
			return usage_error("location", "show needs the location's CODE");
		code = argv[optind++];
		if (f.parent || f.top || f.level || f.limit || f.offset)
			return usage_error("location",
			                   "show takes only --mission and --format");
	}
	if (optind < argc)
		return usage_error("location", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (f.parent && f.top)
		return usage_error("location", "--parent and --top do not go together");
	if (!mission_code)
		return usage_error("location", "which mission? give --mission CODE");

	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (code)
		rc = do_show(st, &m, code, json);
	else
		rc = do_list(st, &m, &f, json);
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
