/* cmd_observer.c - "observa observer list|show|accredit|credentials": the
 * mission's observers, changes to their accreditation with the commission,
 * and their credentials for ODK clients. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_credentials.h"
#include "cli/cmd_observer_list.h"
#include "core/text.h"

static const char help[] =
    "usage: observa observer list --mission M [filters] [--format text|json]\n"
    "       observa observer show CODE --mission M [--format text|json]\n"
    "       observa observer accredit CODE --mission M --status STATUS\n"
    "                                 [--badge NUMBER] [--date YYYY-MM-DD]\n"
    "       observa observer credentials CODE --mission M [--renew]\n"
    "                                 [--base-url URL] [--format text|json|svg]\n\n"
    "accredit records the election commission's decision on an observer:\n"
    "requested -> accredited | refused | withdrawn, accredited -> withdrawn,\n"
    "and refused or withdrawn -> requested for a new request.  --badge is the\n"
    "commission's badge number (accredited only); --date is the date of the\n"
    "request or decision (default: today).  Every change is in the audit log.\n"
    "credentials makes the observer's server URL and PIN for ODK clients,\n"
    "or a page with a QR code that sets ODK Collect up (--format svg).\n"
    "See 'observa observer list --help' for the filters of list and\n"
    "'observa observer credentials --help' for credentials.\n";

static int accredit(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_STATUS, OPT_BADGE, OPT_DATE };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"badge", required_argument, NULL, OPT_BADGE},
	    {"date", required_argument, NULL, OPT_DATE},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *status = NULL, *badge = NULL, *date = NULL;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct observer o;
	enum upsert_result res;
	struct err e;
	char today[21];
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
		case OPT_STATUS:
			status = accreditation_status_canonical(optarg);
			if (!status)
				return usage_error("observer",
				                   "--status \"%s\" is not one of: %s",
				                   optarg, accreditation_statuses_list());
			break;
		case OPT_BADGE:
			badge = optarg;
			break;
		case OPT_DATE:
			if (!text_is_date(optarg))
				return usage_error("observer",
				                   "--date \"%s\" is not YYYY-MM-DD",
				                   optarg);
			date = optarg;
			break;
		default:
			return usage_error("observer", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("observer", "accredit needs the observer's CODE");
	if (optind + 1 < argc)
		return usage_error("observer", "unexpected argument \"%s\"",
		                   argv[optind + 1]);
	if (!status)
		return usage_error("observer", "accredit needs --status");
	if (!date) {
		text_now_iso(today);
		today[10] = '\0';
		date = today;
	}
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	rc = EXIT_FAIL;
	if (store_observer_get(st, m.id, argv[optind], &a, &o, &e)) {
		errorf("%s in mission %s", e.msg, m.code);
		goto out;
	}
	if (!accreditation_transition_ok(o.accreditation_status, status)) {
		errorf(
		    "observer %s is %s and cannot become %s (allowed: requested -> "
		    "accredited, refused or withdrawn; accredited -> withdrawn; refused "
		    "or withdrawn -> requested)",
		    o.code, o.accreditation_status, status);
		goto out;
	}
	if (badge && strcmp(status, "accredited")) {
		errorf("--badge is only for --status accredited");
		goto out;
	}
	if (!strcmp(status, "requested")) {
		o.requested_on = date;
		o.decided_on = NULL;
		o.badge_number = NULL;
	} else if (strcmp(status, o.accreditation_status)) {
		o.decided_on = date;
	}
	if (!strcmp(status, "refused"))
		o.badge_number = NULL;
	if (badge)
		o.badge_number = badge;
	o.accreditation_status = status;
	if (observer_validate(&o, &e) || store_observer_upsert(st, m.id, &o, &res, &e)) {
		errorf("%s", e.msg);
		goto out;
	}
	printf("observer %s is %s%s%s\n", o.code, status,
	       o.badge_number ? ", badge " : "", o.badge_number ? o.badge_number : "");
	rc = EXIT_OK;
out:
	store_close(st);
	arena_release(&a);
	return rc;
}

int cmd_observer(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "list"))
		return observer_list_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return observer_show_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "accredit"))
		return accredit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "credentials"))
		return observer_credentials_main(argc - 1, argv + 1);
	return usage_error("observer", "unknown subcommand \"%s\"", argv[1]);
}
