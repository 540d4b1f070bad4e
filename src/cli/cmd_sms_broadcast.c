/* cmd_sms_broadcast.c - "observa sms broadcast": queue one text to the
 * observers of a mission (all of them, or a team, a status, those
 * assigned in a region), one message per observer's first number.  The
 * server's sender sends them (docs/sms-gateways.md). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/sms_broadcast.h"

static const char help[] =
    "usage: observa sms broadcast --mission M --text TEXT [--team T]\n"
    "                             [--region CODE] [--status S] [--allow-long]\n"
    "                             [--dry-run] [--format text|json]\n\n"
    "Queues TEXT for every observer of the mission that matches the filters,\n"
    "one SMS to each observer's first phone number; observers without a\n"
    "number are listed as skipped.  'observa serve' sends the queue through\n"
    "the mission's gateway ('observa sms gateway').\n\n"
    "  --text TEXT    the message: one SMS, 160 characters of the GSM alphabet\n"
    "                 or 70 when one is outside it (its length is printed)\n"
    "  --allow-long   take a longer text (at most 1600 characters), sent in\n"
    "                 parts that the phone joins\n"
    "  --team T       only the observers of team T\n"
    "  --region CODE  only those assigned (any day) to a station or\n"
    "                 commission under location CODE\n"
    "  --status S     only those with accreditation status S (accredited ...)\n"
    "  --dry-run      list who would get it, queue nothing\n"
    "  --format json  {\"queued\", \"skipped\", \"characters\", \"parts\"} (and\n"
    "                 \"recipients\" with --dry-run)\n";

#define CMD "sms broadcast"

struct options {
	const char *mission;
	struct sms_broadcast b;
	bool dry_run, json;
};

/* -1: help printed; otherwise an exit status. */
static int parse(int argc, char **argv, struct options *o)
{
	enum {
		OPT_MISSION = 1,
		OPT_TEXT,
		OPT_TEAM,
		OPT_REGION,
		OPT_STATUS,
		OPT_LONG,
		OPT_DRY,
		OPT_FORMAT
	};
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"text", required_argument, NULL, OPT_TEXT},
	    {"team", required_argument, NULL, OPT_TEAM},
	    {"region", required_argument, NULL, OPT_REGION},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"allow-long", no_argument, NULL, OPT_LONG},
	    {"dry-run", no_argument, NULL, OPT_DRY},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_MISSION:
			o->mission = optarg;
			break;
		case OPT_TEXT:
			o->b.text = optarg;
			break;
		case OPT_TEAM:
			o->b.filter.team = optarg;
			break;
		case OPT_REGION:
			o->b.filter.region = optarg;
			break;
		case OPT_STATUS:
			o->b.filter.status = optarg;
			break;
		case OPT_LONG:
			o->b.allow_long = true;
			break;
		case OPT_DRY:
			o->dry_run = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error(CMD, "--format is text or json");
			o->json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error(CMD, "unknown option");
		}
	}
	if (optind < argc)
		return usage_error(CMD, "unexpected argument \"%s\"", argv[optind]);
	if (!o->b.text)
		return usage_error(CMD, "give the message with --text");
	return EXIT_OK;
}

static void print_json(const struct options *o, int64_t queued)
{
	const struct sms_broadcast *b = &o->b;
	json_t *j = json_pack("{s:I, s:[], s:I, s:I}", "queued", (json_int_t)queued,
	                      "skipped", "characters", (json_int_t)b->chars, "parts",
	                      (json_int_t)b->size.segments);
	json_t *skipped = json_object_get(j, "skipped");

	for (size_t i = 0; i < b->nskipped; i++)
		json_array_append_new(skipped, json_string(b->skipped[i]));
	if (o->dry_run) {
		json_t *to = json_array();
		for (size_t i = 0; i < b->nto; i++)
			json_array_append_new(to, json_pack("{s:s, s:s}", "observer",
			                                    b->to[i].observer, "phone",
			                                    b->to[i].phone));
		json_object_set_new(j, "recipients", to);
	}
	cli_print_json(j);
	json_decref(j);
}

static void print_text(const struct options *o, int64_t queued)
{
	const struct sms_broadcast *b = &o->b;

	if (o->dry_run) {
		for (size_t i = 0; i < b->nto; i++)
			printf("%s\t%s\t%s\n", b->to[i].observer, b->to[i].phone,
			       b->to[i].name ? b->to[i].name : "");
		printf("would queue %zu message%s of %zu character%s", b->nto,
		       b->nto == 1 ? "" : "s", b->chars, b->chars == 1 ? "" : "s");
	} else {
		printf("queued %lld message%s of %zu character%s", (long long)queued,
		       queued == 1 ? "" : "s", b->chars, b->chars == 1 ? "" : "s");
	}
	if (b->size.segments > 1)
		printf(", each sent as %zu SMS", b->size.segments);
	putchar('\n');
	if (b->nskipped) {
		printf("skipped %zu observer%s without a phone number:", b->nskipped,
		       b->nskipped == 1 ? "" : "s");
		for (size_t i = 0; i < b->nskipped; i++)
			printf("%s %s", i ? "," : "", b->skipped[i]);
		putchar('\n');
	}
}

int cmd_sms_broadcast(int argc, char **argv)
{
	struct options o = {0};
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct err e;
	int64_t queued = 0;
	int rc;

	err_clear(&e);
	rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, o.mission, &a, &m);
	if (rc)
		goto out;
	if (sms_broadcast_plan(st, m.id, &o.b, &a, &e) ||
	    (!o.dry_run && sms_broadcast_queue(st, m.id, &o.b, &queued, &e))) {
		if (sms_broadcast_too_long(&o.b))
			errorf(
			    "%s; --allow-long sends it as %zu SMS that the phone joins",
			    e.msg, o.b.size.segments);
		else
			errorf("%s", e.msg);
		rc = e.code == ST_INVALID ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	if (o.json)
		print_json(&o, queued);
	else
		print_text(&o, queued);
	if (!o.dry_run && !o.b.nto)
		warnf("no observer matches: nothing was queued");
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
