/* cmd_audit.c - "observa audit": print the audit log of every change
 * made through observa (who, when, from where, what, before and after). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"

static const char help[] =
    "usage: observa audit [--db URL] [--mission M] [--entity KIND] [--limit N]\n"
    "                     [--format text|json]\n\n"
    "Print the audit log, newest first: when, who, from where, the action\n"
    "(create, update), the kind of record (mission, location, observer,\n"
    "organisation), its code, and its state before and after as JSON.  The\n"
    "log is append-only; nothing in observa can edit or delete it.\n"
    "--limit defaults to 100; --limit 0 prints everything.\n";

struct audit_ctx {
	int json;
	json_t *arr;
};

static json_t *maybe_json(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	return j ? j : json_null();
}

static enum status print_entry(void *ctx, const struct audit_entry *a)
{
	struct audit_ctx *ac = ctx;

	if (ac->json) {
		json_array_append_new(
		    ac->arr,
		    json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s, s:s?, s:o, s:o}",
		              "id", (json_int_t)a->id, "at", a->at, "actor", a->actor,
		              "origin", a->origin, "mission", a->mission, "action",
		              a->action, "entity", a->entity, "key", a->entity_key,
		              "before", maybe_json(a->before), "after",
		              maybe_json(a->after)));
		return ST_OK;
	}
	printf("%s  %-16s %-10s %-7s %-12s %s%s%s\n", a->at, a->actor, a->origin,
	       a->action, a->entity, a->entity_key ? a->entity_key : "",
	       a->mission ? "  mission " : "", a->mission ? a->mission : "");
	if (a->before)
		printf("    before %s\n", a->before);
	if (a->after)
		printf("    after  %s\n", a->after);
	return ST_OK;
}

int cmd_audit(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_ENTITY, OPT_LIMIT, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"entity", required_argument, NULL, OPT_ENTITY},
	    {"limit", required_argument, NULL, OPT_LIMIT},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct audit_filter f = {.limit = 100};
	struct audit_ctx ac = {0};
	const char *mission_code = NULL, *format = "text";
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct err e;
	int opt, rc;

	err_clear(&e);
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
		case OPT_ENTITY:
			f.entity = optarg;
			break;
		case OPT_LIMIT:
			if (!text_int64(optarg, 0, INT64_MAX, &f.limit))
				return usage_error("audit",
				                   "--limit wants a number, not \"%s\"",
				                   optarg);
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("audit", "--format is text or json");
			break;
		default:
			return usage_error("audit", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("audit", "unexpected argument \"%s\"", argv[optind]);
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	if (mission_code) {
		struct mission m;
		rc = cli_load_mission(st, mission_code, &a, &m);
		if (rc)
			goto out;
		f.mission_id = m.id;
	}
	ac.json = !strcmp(format, "json");
	ac.arr = json_array();
	if (store_audit_list(st, &f, print_entry, &ac, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (ac.json) {
		cli_print_json(ac.arr);
	}
	json_decref(ac.arr);
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
