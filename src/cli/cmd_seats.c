/* cmd_seats.c - "observa seats": share a list election's seats from a
 * VOTES.csv file by a named method and threshold, or by the rules of a
 * preset election.  Stateless: no database is opened. */
#include <stdio.h>
#include <string.h>

#include "analysis/seats.h"
#include "analysis/seats_json.h"
#include "cli/cli.h"
#include "core/text.h"
#include "ingest/votes_csv.h"
#include "report/seats_text.h"

static const char help[] =
    "usage: observa seats VOTES.csv --seats N [--method METHOD] [--threshold PERCENT]\n"
    "                     [--threshold-base all|valid|lists] [--preset NAME]\n"
    "                     [--format text|json]\n\n"
    "Shares N seats among the lists of VOTES.csv (columns name, votes, and\n"
    "optionally kind: list, against_all or invalid; order: the order of\n"
    "registration, which settles ties).  \"-\" reads standard input.\n\n"
    "  --method          hare (largest remainder, Hare quota; the default),\n"
    "                    droop (largest remainder, Droop quota), dhondt,\n"
    "                    sainte-lague\n"
    "  --threshold       the share a list needs to take part, in percent of\n"
    "                    the base (default 0)\n"
    "  --threshold-base  all: every ballot, invalid ones too (the default);\n"
    "                    valid: lists and against all; lists: lists only\n"
    "  --preset          mazhilis-2023: 69 seats, 5% of the valid ballots, hare;\n"
    "                    mazhilis-2021: 98 seats, 7% of the valid ballots, hare.\n"
    "                    Options given with a preset replace its values.\n\n"
    "Documentation: docs/analysis.md#electoral-systems.\n";

/* The options as given; NULL when absent. */
struct seats_args {
	const char *path, *seats, *method, *threshold, *base, *preset, *format;
};

/* Turn the options into parameters; a usage error's exit status, or 0. */
static int parse_params(const struct seats_args *a, struct seats_params *p,
                        const struct seats_preset **preset)
{
	int64_t n;

	*p = (struct seats_params){SEATS_HARE, 0, 0, SEATS_BASE_ALL};
	*preset = NULL;
	if (a->preset) {
		*preset = seats_preset_find(a->preset);
		if (!*preset)
			return usage_error(
			    "seats",
			    "--preset is mazhilis-2023 or mazhilis-2021, not "
			    "\"%s\"",
			    a->preset);
		*p = (*preset)->params;
	}
	if (a->seats) {
		if (!text_int64(a->seats, 1, SEATS_MAX, &n))
			return usage_error(
			    "seats", "--seats is a whole number from 1 to %d", SEATS_MAX);
		p->seats = n;
	}
	if (!p->seats)
		return usage_error("seats",
		                   "how many seats? give --seats N (or --preset)");
	if (a->method && !seats_method_parse(a->method, &p->method))
		return usage_error("seats",
		                   "--method is hare, droop, dhondt or sainte-lague, not "
		                   "\"%s\"",
		                   a->method);
	if (a->threshold && !seats_percent_parse(a->threshold, &p->threshold_pcm))
		return usage_error(
		    "seats",
		    "--threshold is a percentage from 0 to 100 with at most "
		    "three decimals (5, 7.5), not \"%s\"",
		    a->threshold);
	if (a->base && !seats_base_parse(a->base, &p->base))
		return usage_error("seats",
		                   "--threshold-base is all, valid or lists, not \"%s\"",
		                   a->base);
	return 0;
}

static int run(const struct seats_args *a, const struct seats_params *p,
               const struct seats_preset *preset)
{
	struct votes_table t;
	struct seats_result res;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (votes_csv_load(a->path, &t, &e)) {
		errorf("%s", e.msg);
		votes_table_release(&t);
		return EXIT_FAIL;
	}
	if (seats_allocate(t.rows, t.nrows, p, &res, &e)) {
		errorf("%s", e.msg);
		votes_table_release(&t);
		return EXIT_FAIL;
	}
	if (!strcmp(a->format, "json")) {
		json_t *root = json_object(), *j = seats_to_json(&res, t.rows);
		json_object_set_new(root, "preset",
		                    preset ? json_string(preset->name) : json_null());
		json_object_update(root, j);
		cli_print_json(root);
		json_decref(j);
		json_decref(root);
	} else if (seats_text_write(&res, t.rows, preset ? preset->name : NULL, stdout,
	                            &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
	seats_result_release(&res);
	votes_table_release(&t);
	return rc;
}

int cmd_seats(int argc, char **argv)
{
	enum {
		OPT_SEATS = 1,
		OPT_METHOD,
		OPT_THRESHOLD,
		OPT_BASE,
		OPT_PRESET,
		OPT_FORMAT
	};
	static const struct option opts[] = {
	    {"seats", required_argument, NULL, OPT_SEATS},
	    {"method", required_argument, NULL, OPT_METHOD},
	    {"threshold", required_argument, NULL, OPT_THRESHOLD},
	    {"threshold-base", required_argument, NULL, OPT_BASE},
	    {"preset", required_argument, NULL, OPT_PRESET},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct seats_args a = {.format = "text"};
	const struct seats_preset *preset;
	struct seats_params p;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_SEATS:
			a.seats = optarg;
			break;
		case OPT_METHOD:
			a.method = optarg;
			break;
		case OPT_THRESHOLD:
			a.threshold = optarg;
			break;
		case OPT_BASE:
			a.base = optarg;
			break;
		case OPT_PRESET:
			a.preset = optarg;
			break;
		case OPT_FORMAT:
			a.format = optarg;
			if (strcmp(a.format, "text") && strcmp(a.format, "json"))
				return usage_error("seats", "--format is text or json");
			break;
		default:
			return usage_error("seats", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("seats",
		                   "which file? give VOTES.csv (or - for stdin)");
	a.path = argv[optind++];
	if (optind < argc)
		return usage_error("seats", "unexpected argument \"%s\"", argv[optind]);
	rc = parse_params(&a, &p, &preset);
	if (rc)
		return rc;
	return run(&a, &p, preset);
}
