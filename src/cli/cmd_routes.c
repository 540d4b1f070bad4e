/* cmd_routes.c - "observa routes": every route of the HTTP server with the
 * permission it needs, from the table the server uses (routes.def), so
 * that tests of access control cover each route, new ones included.  Not
 * listed in "observa --help". */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/role.h"
#include "http/router.h"

static const char help[] =
    "usage: observa routes [--format text|json]\n\n"
    "Every route of the HTTP server: method, path pattern, the permission it\n"
    "needs, and whether the route checks its callers itself (public routes,\n"
    "ODK clients, SMS gateways) instead of asking for an account.\n";

static const struct option opts[] = {
    {"format", required_argument, NULL, 1},
    CLI_COMMON_OPTIONS,
    {0},
};

int cmd_routes(int argc, char **argv)
{
	const struct route *r;
	bool json = false;
	json_t *arr;
	size_t n;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (opt != 1 || (strcmp(optarg, "text") && strcmp(optarg, "json")))
			return usage_error("routes", "--format is text or json");
		json = !strcmp(optarg, "json");
	}
	if (optind < argc)
		return usage_error("routes", "unexpected argument \"%s\"", argv[optind]);
	r = router_routes(&n);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (json)
			json_array_append_new(
			    arr, json_pack("{s:s, s:s, s:s, s:b}", "method", r[i].method,
			                   "pattern", r[i].pattern, "permission",
			                   perm_name(r[i].perm), "self_checked",
			                   perm_self_checked(r[i].perm)));
		else
			printf("%-7s %-60s %s\n", r[i].method, r[i].pattern,
			       perm_name(r[i].perm));
	}
	if (json)
		cli_print_json(arr);
	json_decref(arr);
	return EXIT_OK;
}
