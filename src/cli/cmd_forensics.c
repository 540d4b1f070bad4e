/* cmd_forensics.c - "observa forensics": the statistical checks of
 * analysis/forensics.h on a commission's station-level results file, as
 * text or JSON, with the charts as SVG files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/forensics.h"
#include "cli/cli.h"
#include "cli/results_args.h"
#include "core/alloc.h"
#include "core/text.h"
#include "report/chart_curve.h"
#include "report/chart_fingerprint.h"
#include "report/chart_histogram.h"

static const char help[] =
    "usage: observa forensics FILE --registered COL --valid COL --invalid COL\n"
    "                         --choices FROM-TO [--ballots COL] [--id COL,...]\n"
    "                         [--leader NAME|auto] [--svg-dir DIR] [--seed N]\n"
    "                         [--resamples N] [--bins N] [--format text|json]\n\n"
    "Statistical checks of official results with one row per polling station:\n"
    "turnout and leader's-share histograms, the (turnout, share) fingerprint\n"
    "(Klimek et al. 2012), stations above 95%, the integer-percentage test\n"
    "(Kobak et al. 2016) against binomial resamples, and the second-digit\n"
    "Benford test (Mebane) of every choice.\n\n"
    "  --leader NAME|auto  the leader: a choice's name, a part of it or its\n"
    "                      column number; auto (default): the most voted\n"
    "  --svg-dir DIR       write turnout.svg, leader_share.svg, fingerprint.svg\n"
    "                      and cumulative.svg into DIR (made if missing)\n"
    "  --seed N            the resampling's seed (default 1): same seed, same\n"
    "                      figures\n"
    "  --resamples N       binomial resamples (default 1000)\n"
    "  --bins N            bins of the two histograms (default 100: 1 point)\n\n";

static enum status add_station(void *ctx, const struct station_result *s, struct err *e)
{
	forensics_add(ctx, s);
	return ST_OK;
}

/* Write doc to dir/name; prints the error and returns false on failure. */
static bool write_file(const char *dir, const char *name, const struct buf *doc)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	bool ok = fp && fwrite(doc->ptr, 1, doc->len, fp) == doc->len;

	if (fp && fclose(fp))
		ok = false;
	if (!ok)
		errorf("%s: %s", path, strerror(errno));
	free(path);
	return ok;
}

/* The four charts into dir. */
static int write_charts(const struct forensics *f, const char *leader, const char *dir)
{
	char *share = xasprintf("Share of %s", leader);
	char *fp_title = xasprintf("Turnout and share of %s by station", leader);
	char *cum = xasprintf("Cumulative votes of %s by turnout", leader);
	struct chart_histogram th = {"Turnout by polling station", "Turnout",
	                             "Polling stations", f->turnout_hist, f->opts.bins};
	struct chart_histogram lh = {share, share, "Polling stations", f->leader_hist,
	                             f->opts.bins};
	struct chart_fingerprint fp = {fp_title, "Turnout", share, f->fingerprint,
	                               FORENSICS_FP_BINS};
	struct chart_curve cv = {cum, "Turnout", "Share of the votes at lower turnout",
	                         f->cumulative, FORENSICS_FP_BINS};
	struct buf b;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	buf_init(&b, BUF_NO_CAP);
	if (mkdir(dir, 0777) && errno != EEXIST) {
		errorf("%s: %s", dir, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (!rc &&
	    (chart_histogram_svg(&th, &b, &e) || !write_file(dir, "turnout.svg", &b)))
		rc = EXIT_FAIL;
	buf_reset(&b);
	if (!rc && (chart_histogram_svg(&lh, &b, &e) ||
	            !write_file(dir, "leader_share.svg", &b)))
		rc = EXIT_FAIL;
	buf_reset(&b);
	if (!rc && (chart_fingerprint_svg(&fp, &b, &e) ||
	            !write_file(dir, "fingerprint.svg", &b)))
		rc = EXIT_FAIL;
	buf_reset(&b);
	if (!rc &&
	    (chart_curve_svg(&cv, &b, &e) || !write_file(dir, "cumulative.svg", &b)))
		rc = EXIT_FAIL;
	if (e.code)
		errorf("%s", e.msg);
	buf_release(&b);
	free(share);
	free(fp_title);
	free(cum);
	return rc;
}

static void print_text(const struct forensics *f, const char *const *names)
{
	const struct integer_peaks *p = &f->peaks;

	printf("stations %lld, used %lld (left out: %lld without voters on the list, "
	       "%lld without valid ballots, %lld with more ballots than voters)\n",
	       (long long)f->stations, (long long)f->used, (long long)f->no_registered,
	       (long long)f->no_valid, (long long)f->over_registered);
	printf("leader: %s (%s), %lld votes at the stations used\n", names[f->leader],
	       f->leader_auto ? "most votes" : "named", (long long)f->leader_votes);
	printf("turnout above %d%%: %lld stations (%.2f%%)\n", FORENSICS_HIGH_PERCENT,
	       (long long)f->high_turnout,
	       100 * forensics_share(f->high_turnout, f->used));
	printf("leader's share above %d%%: %lld stations (%.2f%%)\n",
	       FORENSICS_HIGH_PERCENT, (long long)f->high_leader,
	       100 * forensics_share(f->high_leader, f->used));
	printf("\ninteger percentages (Kobak et al. 2016), %lld stations tested:\n",
	       (long long)p->stations);
	printf("  observed %lld (turnout %lld, leader %lld)\n", (long long)p->observed,
	       (long long)p->observed_turnout, (long long)p->observed_leader);
	printf("  expected %.1f, sd %.1f (%u binomial resamples, seed %llu)\n",
	       p->expected, p->sd, p->resamples, (unsigned long long)p->seed);
	printf("  z = %.2f\n", p->z);
	printf("\nsecond digits (Mebane's 2BL), counts of 10 or more, 9 d.f.:\n");
	printf("%9s %6s %9s %9s  %s\n", "stations", "mean", "chi2", "p", "choice");
	for (size_t i = 0; i < f->nchoices; i++) {
		const struct benford2 *b = &f->digits[i];
		printf("%9lld %6.3f %9.2f %9.3g  %s\n", (long long)b->n, b->mean, b->chi2,
		       b->p, names[i]);
	}
}

/* --leader: auto or a choice of r. */
static int leader_option(const struct results_csv *r, const char *spec, long *leader)
{
	struct err e;
	size_t i;

	*leader = FORENSICS_LEADER_AUTO;
	if (!spec || !strcmp(spec, "auto"))
		return EXIT_OK;
	err_clear(&e);
	if (results_csv_choice(r, spec, &i, &e))
		return usage_error("forensics", "--leader: %s", e.msg);
	*leader = (long)i;
	return EXIT_OK;
}

int cmd_forensics(int argc, char **argv)
{
	enum { OPT_FORMAT = 1, OPT_LEADER, OPT_SVG, OPT_SEED, OPT_RESAMPLES, OPT_BINS };
	static const struct option opts[] = {
	    RESULTS_OPTIONS,
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"leader", required_argument, NULL, OPT_LEADER},
	    {"svg-dir", required_argument, NULL, OPT_SVG},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"resamples", required_argument, NULL, OPT_RESAMPLES},
	    {"bins", required_argument, NULL, OPT_BINS},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct results_columns cols = {0};
	const char *format = "text", *path, *leader = NULL, *svg_dir = NULL;
	struct forensics_opts fo = {.seed = 1};
	struct results_csv r;
	struct forensics f;
	int64_t v;
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
				return usage_error("forensics",
				                   "--format is text or json");
			break;
		case OPT_LEADER:
			leader = optarg;
			break;
		case OPT_SVG:
			svg_dir = optarg;
			break;
		case OPT_SEED:
			if (!text_int64(optarg, 0, INT64_MAX, &v))
				return usage_error("forensics",
				                   "--seed is a whole number");
			fo.seed = (uint64_t)v;
			break;
		case OPT_RESAMPLES:
			if (!text_int64(optarg, 2, 100000, &v))
				return usage_error("forensics",
				                   "--resamples is from 2 to 100000");
			fo.resamples = (unsigned)v;
			break;
		case OPT_BINS:
			if (!text_int64(optarg, 1, FORENSICS_BINS_MAX, &v))
				return usage_error("forensics", "--bins is from 1 to %d",
				                   FORENSICS_BINS_MAX);
			fo.bins = (unsigned)v;
			break;
		default:
			return usage_error("forensics", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("forensics", "which file? give FILE.csv");
	path = argv[optind];
	if (optind + 1 < argc)
		return usage_error("forensics", "unexpected argument \"%s\"",
		                   argv[optind + 1]);
	rc = results_args_check("forensics", &cols);
	if (rc)
		return rc;
	rc = results_args_open(path, &cols, &r);
	if (rc)
		return rc;
	rc = leader_option(&r, leader, &fo.leader);
	if (rc) {
		results_csv_close(&r);
		return rc;
	}
	forensics_init(&f, r.nchoices, &fo);
	rc = results_args_each(&r, path, add_station, &f);
	if (!rc) {
		if (cli_tty())
			notef("resampling %lld stations %u times", (long long)f.used,
			      f.opts.resamples);
		forensics_finish(&f);
		if (svg_dir)
			rc = write_charts(&f, r.choice_names[f.leader], svg_dir);
	}
	if (!rc && !strcmp(format, "json")) {
		json_t *j = forensics_to_json(&f, (const char *const *)r.choice_names);
		cli_print_json(j);
		json_decref(j);
	} else if (!rc) {
		print_text(&f, (const char *const *)r.choice_names);
		if (svg_dir)
			printf("\ncharts: %s/turnout.svg, leader_share.svg, "
			       "fingerprint.svg, "
			       "cumulative.svg\n",
			       svg_dir);
	}
	forensics_release(&f);
	results_csv_close(&r);
	return rc;
}
