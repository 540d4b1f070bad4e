/* cmd_accreditation.c - "observa accreditation": how many observers a
 * mission has, by status, organisation and country, and the sentence
 * missions publish. */
#include <stdio.h>
#include <string.h>

#include "analysis/accreditation.h"
#include "cli/cli.h"

static const char help[] =
    "usage: observa accreditation --mission M [--format text|json] [--db URL]\n\n"
    "Totals of the mission's observers by accreditation status (requested,\n"
    "accredited, refused, withdrawn), by organisation and by country, and the\n"
    "summary sentence: \"793 observers from 12 organisations and 41 countries;\n"
    "612 accredited, 181 pending\".\n";

static void print_groups(const char *title, const struct accreditation_group *g, size_t n,
                         int countries)
{
	printf("\n%-40s %6s %10s %9s %7s %9s\n", title, "total", "accredited", "pending",
	       "refused", "withdrawn");
	for (size_t i = 0; i < n; i++) {
		const char *name = g[i].key;
		char label[160];
		if (!name)
			name = countries ? "(country not given)" : "(no organisation)";
		snprintf(label, sizeof(label), "%s", name);
		printf("%-40s %6lld %10lld %9lld %7lld %9lld\n", label,
		       (long long)g[i].count, (long long)g[i].by_status[ACC_ACCREDITED],
		       (long long)g[i].by_status[ACC_REQUESTED],
		       (long long)g[i].by_status[ACC_REFUSED],
		       (long long)g[i].by_status[ACC_WITHDRAWN]);
	}
}

int cmd_accreditation(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *format = "text";
	struct arena a = ARENA_INIT;
	struct accreditation acc;
	struct store *st = NULL;
	struct mission m;
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
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("accreditation",
				                   "--format is text or json");
			break;
		default:
			return usage_error("accreditation", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("accreditation", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!mission_code)
		return usage_error("accreditation", "--mission is required");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	if (accreditation_compute(st, m.id, &acc, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *j = accreditation_to_json(&acc);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%s\n\n", acc.summary);
		for (int i = 0; i < ACC__COUNT; i++)
			printf("%-12s %6lld\n", accreditation_status_names[i],
			       (long long)acc.by_status[i]);
		printf("%-12s %6lld\n", "total", (long long)acc.total);
		print_groups("organisation", acc.orgs, acc.norgs, 0);
		print_groups("country", acc.countries, acc.ncountries, 1);
	}
	accreditation_release(&acc);
out:
	store_close(st);
	arena_release(&a);
	return rc;
}
