/* cmd_tabulate.c - "observa tabulate": the totals of a commission's
 * station-level results file and the stations whose protocol arithmetic
 * does not add up, read in one pass without a database. */
#include <stdio.h>
#include <string.h>

#include "analysis/tabulate.h"
#include "cli/cli.h"
#include "cli/results_args.h"

#define TEXT_LISTED 20 /* inconsistent stations printed as text */

static const char help[] =
    "usage: observa tabulate FILE --registered COL --valid COL --invalid COL\n"
    "                        --choices FROM-TO [--ballots COL] [--id COL,...]\n"
    "                        [--format text|json]\n\n"
    "Totals of a results file with one row per polling station: stations,\n"
    "voters on the list, ballots, valid and invalid ballots, turnout, and each\n"
    "choice's votes with its share of the valid ballots and of valid + invalid.\n"
    "Every station is checked: valid = the sum of the choices' votes, valid +\n"
    "invalid <= registered, and ballots = valid + invalid when --ballots is\n"
    "given; stations failing a check are listed (all of them with --format\n"
    "json).\n\n";

static enum status add_station(void *ctx, const struct station_result *s, struct err *e)
{
	return tabulate_add(ctx, s, e);
}

static void print_text(const struct tabulate *t, const char *const *names)
{
	int64_t all = t->valid + t->invalid;

	printf("stations    %lld\n", (long long)t->stations);
	printf("registered  %lld\n", (long long)t->registered);
	printf("ballots     %lld%s\n", (long long)t->ballots,
	       t->ballots_given ? "" : " (valid + invalid)");
	printf("valid       %lld\n", (long long)t->valid);
	printf("invalid     %lld\n", (long long)t->invalid);
	printf("turnout     %.2f%%\n\n", 100 * tabulate_ratio(t->ballots, t->registered));
	printf("%12s %8s %8s  %s\n", "votes", "% valid", "% all", "choice");
	for (size_t i = 0; i < t->nchoices; i++)
		printf("%12lld %8.2f %8.2f  %s\n", (long long)t->votes[i],
		       100 * tabulate_ratio(t->votes[i], t->valid),
		       100 * tabulate_ratio(t->votes[i], all), names[i]);
	printf("\nchecks: ");
	for (int i = 0; i < TAB_NCHECKS; i++) {
		unsigned bit = 1u << i;
		if (bit == TAB_BALLOTS && !t->ballots_given)
			continue;
		printf("%s%s (%lld failed)", i ? "; " : "", tabulate_check_text(bit),
		       (long long)t->failed[i]);
	}
	printf("\ninconsistent stations: %zu\n", t->nbad);
	for (size_t i = 0; i < t->nbad && i < TEXT_LISTED; i++) {
		const struct tabulate_row *r = &t->bad[i];

		printf("  line %ld, %s:", r->line, r->id);
		if (r->checks & TAB_VALID_SUM)
			printf(" valid %lld != sum of choices %lld;", (long long)r->valid,
			       (long long)r->choices);
		if (r->checks & TAB_OVER_REGISTERED)
			printf(" valid + invalid %lld > registered %lld;",
			       (long long)(r->valid + r->invalid),
			       (long long)r->registered);
		if (r->checks & TAB_BALLOTS)
			printf(" ballots %lld != valid + invalid %lld;",
			       (long long)r->ballots, (long long)(r->valid + r->invalid));
		putchar('\n');
	}
	if (t->nbad > TEXT_LISTED)
		printf("  ... and %zu more (--format json lists them all)\n",
		       t->nbad - TEXT_LISTED);
}

int cmd_tabulate(int argc, char **argv)
{
	enum { OPT_FORMAT = 1 };
	static const struct option opts[] = {
	    RESULTS_OPTIONS,
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct results_columns cols = {0};
	const char *format = "text", *path = NULL;
	struct results_csv r;
	struct tabulate t;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg) ||
		    results_args_option(&cols, opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			fputs(results_args_help, stdout);
			return EXIT_OK;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("tabulate",
				                   "--format is text or json");
			break;
		default:
			return usage_error("tabulate", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("tabulate", "which file? give FILE.csv");
	path = argv[optind];
	if (optind + 1 < argc)
		return usage_error("tabulate", "unexpected argument \"%s\"",
		                   argv[optind + 1]);
	rc = results_args_check("tabulate", &cols);
	if (rc)
		return rc;
	rc = results_args_open(path, &cols, &r);
	if (rc)
		return rc;
	tabulate_init(&t, r.nchoices, r.has_ballots);
	rc = results_args_each(&r, path, add_station, &t);
	if (!rc && !strcmp(format, "json")) {
		json_t *j = tabulate_to_json(&t, (const char *const *)r.choice_names);
		cli_print_json(j);
		json_decref(j);
	} else if (!rc) {
		print_text(&t, (const char *const *)r.choice_names);
	}
	tabulate_release(&t);
	results_csv_close(&r);
	return rc;
}
