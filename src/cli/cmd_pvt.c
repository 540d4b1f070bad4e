/* cmd_pvt.c - "observa pvt sample|show|estimate --mission M": the quick
 * count of a mission: draw and store its sample of polling stations, list
 * it with what has reported, and estimate the results from the sample
 * stations' results protocols (docs/analysis.md#quick-count-pvt). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis/pvt_keep.h"
#include "analysis/pvt_mission.h"
#include "analysis/pvt_sample.h"
#include "cli/cli.h"
#include "core/text.h"
#include "ingest/pvt_csv.h"
#include "report/pvt_text.h"

static const char sample_help[] =
    "usage: observa pvt sample --mission M --size N --seed S [--strata ATTRS]\n"
    "                          [--allocation proportional|FILE.csv] [--replace]\n\n"
    "Draw the mission's quick-count sample of polling stations and store it.\n"
    "Without --strata: a simple random sample of N stations.  --strata names\n"
    "what stratifies it, one or more of region, territory, stratum (the\n"
    "station's own stratum column: urban, rural ...) joined by commas; the\n"
    "sample is then allocated in proportion to the strata (largest\n"
    "remainders, at least 2 per stratum), or as FILE.csv gives it (columns\n"
    "stratum,size; --size may then be left out).  The seed (0 to 2^63-1) makes\n"
    "it reproducible: the same stations, strata, size and seed give the same\n"
    "sample.  A mission keeps one sample; --replace draws a new one over it.\n";

static const char show_help[] =
    "usage: observa pvt show --mission M [--format text|json]\n\n"
    "How the mission's sample was drawn, its strata, and its stations with the\n"
    "time each reported its results protocol (form PR).\n";

static const char estimate_help[] =
    "usage: observa pvt estimate --mission M [--official FILE.csv]\n"
    "                            [--format text|json]\n\n"
    "Each choice's share of the valid votes and the turnout, estimated from the\n"
    "results protocols (form PR: the latest version, not rejected) of the sample\n"
    "stations, with margins of error at 95% and 99% and the estimates as the\n"
    "reports arrived.  --official (columns choice,share: a choice's code or name\n"
    "and its official share in percent) says whether each official figure is\n"
    "inside the 95% interval.\n";

enum {
	OPT_MISSION = 1,
	OPT_SIZE,
	OPT_SEED,
	OPT_STRATA,
	OPT_ALLOCATION,
	OPT_REPLACE,
	OPT_FORMAT,
	OPT_OFFICIAL
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"size", required_argument, NULL, OPT_SIZE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"strata", required_argument, NULL, OPT_STRATA},
    {"allocation", required_argument, NULL, OPT_ALLOCATION},
    {"replace", no_argument, NULL, OPT_REPLACE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"official", required_argument, NULL, OPT_OFFICIAL},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *cmd, *help;
	const char *mission, *strata, *allocation, *format, *official;
	int64_t size, seed;
	bool has_seed, replace;
};

/* Options of every subcommand; each checks that it got only its own. */
static int parse(int argc, char **argv, struct args *a, const char *allowed)
{
	int opt;

	a->format = "text";
	a->seed = -1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		if (opt == 'h') {
			fputs(a->help, stdout);
			return -1;
		}
		if (opt < OPT_MISSION || opt > OPT_OFFICIAL ||
		    !strchr(allowed, 'a' + opt))
			return usage_error(a->cmd, "unknown option; see --help");
		switch (opt) {
		case OPT_MISSION:
			a->mission = optarg;
			break;
		case OPT_SIZE:
			if (!text_int64(optarg, 1, INT64_C(100000000), &a->size))
				return usage_error(a->cmd,
				                   "--size \"%s\" is not a whole number "
				                   "from 1",
				                   optarg);
			break;
		case OPT_SEED:
			if (!text_int64(optarg, 0, INT64_MAX, &a->seed))
				return usage_error(
				    a->cmd,
				    "--seed \"%s\" is not a whole number from 0 "
				    "to 9223372036854775807",
				    optarg);
			a->has_seed = true;
			break;
		case OPT_STRATA:
			a->strata = optarg;
			break;
		case OPT_ALLOCATION:
			a->allocation = optarg;
			break;
		case OPT_REPLACE:
			a->replace = true;
			break;
		case OPT_FORMAT:
			a->format = optarg;
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error(a->cmd, "--format is text or json");
			break;
		case OPT_OFFICIAL:
			a->official = optarg;
			break;
		}
	}
	if (optind < argc)
		return usage_error(a->cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!a->mission)
		return usage_error(a->cmd, "which mission? give --mission CODE");
	return EXIT_OK;
}

/* The allowed options of each subcommand, as 'a' + OPT_x letters. */
#define ALLOW(x) ((char)('a' + (x)))

/* ---- sample ---- */

/* Draw and keep the sample; say what was drawn. */
static int keep(struct store *st, const struct mission *m, const struct args *a,
                enum pvt_method method, const struct pvt_alloc *given, size_t ngiven,
                struct arena *ar)
{
	struct pvt_keep_spec spec = {
	    .strata_by = a->strata,
	    .method = method,
	    .size = a->size,
	    .given = given,
	    .ngiven = ngiven,
	    .seed = a->seed,
	    .replace = a->replace,
	};
	struct pvt_kept k;
	struct err e;
	enum status rc;

	err_clear(&e);
	rc = pvt_keep_sample(st, m->id, &spec, ar, &k, &e);
	if (rc == ST_EXISTS) {
		errorf(
		    "mission %s has a quick-count sample already ('observa pvt show'); "
		    "give --replace to draw a new one in its place",
		    m->code);
		return EXIT_FAIL;
	}
	if (rc) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("drew %zu of %zu stations for %s: %s", k.n, k.frame_size, m->code,
	       method == PVT_SRS ? "simple random sample" : pvt_method_name(method));
	if (a->strata)
		printf(" allocation over %zu strata by %s", k.nstrata, a->strata);
	printf(", seed %" PRId64 "%s\n", a->seed,
	       a->replace ? " (replacing the sample)" : "");
	return EXIT_OK;
}

static int pvt_sample(int argc, char **argv)
{
	struct args a = {.cmd = "pvt sample", .help = sample_help};
	const char allowed[] = {ALLOW(OPT_MISSION),
	                        ALLOW(OPT_SIZE),
	                        ALLOW(OPT_SEED),
	                        ALLOW(OPT_STRATA),
	                        ALLOW(OPT_ALLOCATION),
	                        ALLOW(OPT_REPLACE),
	                        0};
	enum pvt_method method = PVT_SRS;
	struct pvt_alloc *given = NULL;
	struct pvt_csv_pair *pairs = NULL;
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	size_t ngiven = 0;
	struct err e;
	int rc = parse(argc, argv, &a, allowed);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	err_clear(&e);
	if (!a.has_seed)
		return usage_error(
		    a.cmd, "give --seed S: the seed makes the sample "
		           "reproducible (choose it openly, e.g. by a public draw)");
	if (a.allocation && !a.strata)
		return usage_error(a.cmd, "--allocation needs --strata");
	if (a.strata)
		method = a.allocation && strcmp(a.allocation, "proportional")
		             ? PVT_GIVEN
		             : PVT_PROPORTIONAL;
	if (!a.size && method != PVT_GIVEN)
		return usage_error(a.cmd, "how many stations? give --size N");
	if (method == PVT_GIVEN) {
		if (pvt_csv_allocation(a.allocation, &ar, &pairs, &ngiven, &e)) {
			errorf("%s", e.msg);
			rc = EXIT_FAIL;
			goto out;
		}
		given = arena_alloc(&ar, (ngiven ? ngiven : 1) * sizeof(*given));
		for (size_t i = 0; i < ngiven; i++)
			given[i] =
			    (struct pvt_alloc){pairs[i].name, (int64_t)pairs[i].value};
	}
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, a.mission, &ar, &m);
	if (rc)
		goto out;
	rc = keep(st, &m, &a, method, given, ngiven, &ar);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}

/* ---- show and estimate ---- */

/* Open the store, the mission and its quick count; prints errors. */
static int load(const struct args *a, const struct pvt_official *off, size_t noff,
                struct store **st, struct arena *ar, struct mission *m,
                struct pvt_mission *pm)
{
	struct err e;
	int rc;

	err_clear(&e);
	memset(pm, 0, sizeof(*pm));
	rc = cli_open_store(st);
	if (!rc)
		rc = cli_load_mission(*st, a->mission, ar, m);
	if (rc)
		return rc;
	if (pvt_mission_estimate(*st, m->id, off, noff, pm, &e)) {
		if (e.code == ST_NOT_FOUND && strstr(e.msg, "quick-count sample"))
			errorf("mission %s has no quick-count sample yet; draw one with "
			       "'observa pvt sample'",
			       m->code);
		else
			errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int finish_json(json_t *j)
{
	cli_print_json(j);
	json_decref(j);
	return EXIT_OK;
}

static int pvt_show(int argc, char **argv)
{
	struct args a = {.cmd = "pvt show", .help = show_help};
	const char allowed[] = {ALLOW(OPT_MISSION), ALLOW(OPT_FORMAT), 0};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct pvt_mission pm = {0};
	struct mission m;
	struct err e;
	int rc = parse(argc, argv, &a, allowed);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	err_clear(&e);
	rc = load(&a, NULL, 0, &st, &ar, &m, &pm);
	if (rc)
		goto out;
	if (!strcmp(a.format, "json"))
		rc = finish_json(pvt_mission_sample_json(&pm, true));
	else if (pvt_text_sample(&pm, m.code, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	pvt_mission_release(&pm);
	store_close(st);
	arena_release(&ar);
	return rc;
}

static int pvt_estimate_cmd(int argc, char **argv)
{
	struct args a = {.cmd = "pvt estimate", .help = estimate_help};
	const char allowed[] = {ALLOW(OPT_MISSION), ALLOW(OPT_FORMAT),
	                        ALLOW(OPT_OFFICIAL), 0};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct pvt_mission pm = {0};
	struct pvt_official *off = NULL;
	struct pvt_csv_pair *pairs;
	struct mission m;
	size_t noff = 0;
	struct err e;
	int rc = parse(argc, argv, &a, allowed);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	err_clear(&e);
	if (a.official) {
		if (pvt_csv_official(a.official, &ar, &pairs, &noff, &e)) {
			errorf("%s", e.msg);
			rc = EXIT_FAIL;
			goto out;
		}
		off = arena_alloc(&ar, (noff ? noff : 1) * sizeof(*off));
		for (size_t i = 0; i < noff; i++)
			off[i] = (struct pvt_official){pairs[i].name, pairs[i].value};
	}
	rc = load(&a, off, noff, &st, &ar, &m, &pm);
	if (rc)
		goto out;
	if (!strcmp(a.format, "json")) {
		json_t *j = pvt_mission_to_json(&pm);
		json_object_set_new(j, "mission", json_string(m.code));
		rc = finish_json(j);
		goto out;
	}
	printf("Quick count of %s\n", m.code);
	if (pvt_text_estimate(&pm.in, &pm.result, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
	if (pm.skipped)
		warnf("%zu sample station%s reported a protocol without a usable figure "
		      "(valid votes or a choice's votes missing) and %s left out",
		      pm.skipped, pm.skipped == 1 ? "" : "s",
		      pm.skipped == 1 ? "is" : "are");
out:
	pvt_mission_release(&pm);
	store_close(st);
	arena_release(&ar);
	return rc;
}

/* ---- the table ---- */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
    {"sample", pvt_sample, "draw and store the mission's sample of stations"},
    {"show", pvt_show, "the sample, its strata and which stations reported"},
    {"estimate", pvt_estimate_cmd, "estimates and margins from the sample's protocols"},
};

#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *out)
{
	fputs("usage: observa pvt WHAT --mission M [OPTIONS]\n\n"
	      "The quick count (parallel vote tabulation).  WHAT is one of:\n",
	      out);
	for (size_t i = 0; i < NSUB; i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n'observa pvt WHAT --help' tells more; docs/analysis.md#quick-count-pvt "
	      "explains "
	      "the method.\n",
	      out);
}

int cmd_pvt(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < NSUB; i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	return usage_error(
	    "pvt", "\"%s\" is not a subcommand; give sample, show or estimate", argv[1]);
}
