/* cmd_quickcount.c - "observa quickcount SAMPLE.csv --frame FRAME.csv ...":
 * the quick count's estimates from files alone, without a mission: the
 * results of the sample stations that reported and the frame of every
 * station, for the weights and the finite-population correction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pvt_estimate.h"
#include "cli/cli.h"
#include "core/strmap.h"
#include "ingest/pvt_csv.h"
#include "report/pvt_text.h"

static const char help[] =
    "usage: observa quickcount SAMPLE.csv --frame FRAME.csv --valid COL\n"
    "                          --choices FROM-TO [--registered COL --ballots COL]\n"
    "                          [--stratum COL] [--station COL] [--official FILE.csv]\n"
    "                          [--format text|json]\n\n"
    "Estimate each choice's share of the valid votes (and the turnout) from the\n"
    "sample stations that reported, with margins of error at 95% and 99%.\n"
    "SAMPLE.csv has one row per reported sample station, in the order the\n"
    "reports arrived: its code (column \"station\", or --station), its valid\n"
    "votes (--valid), one column per choice (--choices, a range FROM-TO or a\n"
    "list), and optionally voters on the list (--registered) and ballots cast\n"
    "(--ballots) for the turnout.  Columns are named by header text or number.\n"
    "FRAME.csv lists every station of the country (column \"station\"), for the\n"
    "weights and the finite-population correction.  --stratum COL stratifies:\n"
    "the frame's stratum column has the same header (or is named \"stratum\"),\n"
    "and a sample station's stratum must be its stratum in the frame.\n"
    "--official (columns choice,share: a choice's header and its official share\n"
    "in percent) says whether each official figure is inside the 95% interval.\n"
    "Files may be gzip-compressed (.gz); \"-\" reads standard input.\n";

enum {
	OPT_FRAME = 1,
	OPT_VALID,
	OPT_CHOICES,
	OPT_REG,
	OPT_BALLOTS,
	OPT_STRATUM,
	OPT_STATION,
	OPT_OFFICIAL,
	OPT_FORMAT
};

struct qc {
	struct arena a;
	struct pvt_csv_sample sample;
	struct pvt_csv_unit *frame;
	size_t nframe;
	struct strmap where;  /* station -> frame index + 1 */
	struct strmap strata; /* name -> stratum index + 1 */
	struct pvt_stratum_in *st;
	size_t nst;
	struct pvt_report *reps;
	double *official;
};

static int by_name(const void *pa, const void *pb)
{
	const struct pvt_stratum_in *a = pa, *b = pb;

	return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

/* The frame's strata (by name) and populations; one when unstratified. */
static enum status frame_strata(struct qc *q, bool stratified, struct err *e)
{
	q->st = arena_alloc(&q->a, (q->nframe ? q->nframe : 1) * sizeof(*q->st));
	if (!stratified) {
		q->st[0] = (struct pvt_stratum_in){NULL, (int64_t)q->nframe, 0};
		q->nst = 1;
	}
	for (size_t i = 0; i < q->nframe; i++) {
		const struct pvt_csv_unit *u = &q->frame[i];
		void *had;
		if (!strmap_add(&q->where, u->station, (void *)(uintptr_t)(i + 1), &had))
			return err_set(
			    e, ST_INVALID,
			    "frame: line %ld: station \"%s\" is already on line %ld",
			    u->line, u->station, q->frame[(uintptr_t)had - 1].line);
		if (stratified && strmap_add(&q->strata, u->stratum, NULL, NULL))
			q->st[q->nst++] = (struct pvt_stratum_in){u->stratum, 0, 0};
	}
	if (!q->nframe)
		return err_set(e, ST_INVALID, "frame: it lists no station");
	qsort(q->st, q->nst, sizeof(*q->st), by_name);
	for (size_t h = 0; stratified && h < q->nst; h++)
		strmap_set(&q->strata, q->st[h].name, (void *)(uintptr_t)(h + 1));
	for (size_t i = 0; stratified && i < q->nframe; i++)
		q->st[(uintptr_t)strmap_get(&q->strata, q->frame[i].stratum) - 1]
		    .population++;
	return ST_OK;
}

/* The sample's rows as reports, each checked against the frame. */
static enum status to_reports(struct qc *q, const char *path, bool stratified,
                              struct err *e)
{
	q->reps = arena_alloc(&q->a,
	                      (q->sample.nrows ? q->sample.nrows : 1) * sizeof(*q->reps));
	for (size_t i = 0; i < q->sample.nrows; i++) {
		const struct pvt_csv_row *r = &q->sample.rows[i];
		uintptr_t at = (uintptr_t)strmap_get(&q->where, r->station);
		size_t h = 0;
		if (!at)
			return err_set(e, ST_INVALID,
			               "%s: line %ld: station \"%s\" is not in the frame",
			               path, r->line, r->station);
		if (stratified) {
			const char *fs = q->frame[at - 1].stratum;
			if (strcmp(fs, r->stratum))
				return err_set(
				    e, ST_INVALID,
				    "%s: line %ld: station \"%s\" is in stratum \"%s\" "
				    "here but in \"%s\" in the frame",
				    path, r->line, r->station, r->stratum, fs);
			h = (uintptr_t)strmap_get(&q->strata, fs) - 1;
		}
		q->st[h].sampled++;
		q->reps[i] = (struct pvt_report){
		    r->station, h, r->valid, r->votes, r->registered, r->ballots, NULL};
	}
	return ST_OK;
}

static enum status official(struct qc *q, const char *path, struct err *e)
{
	struct pvt_csv_pair *pairs;
	size_t n;
	enum status rc = pvt_csv_official(path, &q->a, &pairs, &n, e);

	if (rc)
		return rc;
	q->official = arena_alloc(&q->a, (q->sample.nchoices + 1) * sizeof(double));
	for (size_t c = 0; c < q->sample.nchoices; c++)
		q->official[c] = NAN;
	for (size_t i = 0; i < n; i++) {
		size_t c = 0;
		while (c < q->sample.nchoices &&
		       strcmp(q->sample.choices[c], pairs[i].name))
			c++;
		if (c == q->sample.nchoices)
			return err_set(
			    e, ST_INVALID,
			    "%s: line %ld: \"%s\" is not one of the choices' columns",
			    path, pairs[i].line, pairs[i].name);
		q->official[c] = pairs[i].value;
	}
	return ST_OK;
}

int cmd_quickcount(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"frame", required_argument, NULL, OPT_FRAME},
	    {"valid", required_argument, NULL, OPT_VALID},
	    {"choices", required_argument, NULL, OPT_CHOICES},
	    {"registered", required_argument, NULL, OPT_REG},
	    {"ballots", required_argument, NULL, OPT_BALLOTS},
	    {"stratum", required_argument, NULL, OPT_STRATUM},
	    {"station", required_argument, NULL, OPT_STATION},
	    {"official", required_argument, NULL, OPT_OFFICIAL},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct pvt_csv_spec spec = {0};
	const char *frame = NULL, *off = NULL, *format = "text", *path;
	struct qc q;
	struct pvt_input in = {0};
	struct pvt_result res = {0};
	struct err e;
	int opt, rc = EXIT_FAIL;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_FRAME:
			frame = optarg;
			break;
		case OPT_VALID:
			spec.valid = optarg;
			break;
		case OPT_CHOICES:
			spec.choices = optarg;
			break;
		case OPT_REG:
			spec.registered = optarg;
			break;
		case OPT_BALLOTS:
			spec.ballots = optarg;
			break;
		case OPT_STRATUM:
			spec.stratum = optarg;
			break;
		case OPT_STATION:
			spec.station = optarg;
			break;
		case OPT_OFFICIAL:
			off = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("quickcount",
				                   "--format is text or json");
			break;
		default:
			return usage_error("quickcount", "unknown option; see --help");
		}
	}
	if (optind + 1 != argc)
		return usage_error("quickcount", optind < argc
		                                     ? "give one SAMPLE.csv"
		                                     : "which sample? give SAMPLE.csv");
	path = argv[optind];
	if (!frame)
		return usage_error("quickcount",
		                   "give --frame FRAME.csv: every station, for "
		                   "the weights and the finite-population "
		                   "correction");
	if (!spec.valid || !spec.choices)
		return usage_error("quickcount",
		                   "give --valid COL and --choices FROM-TO");
	if (!spec.registered != !spec.ballots)
		return usage_error("quickcount",
		                   "the turnout needs both --registered and "
		                   "--ballots");
	memset(&q, 0, sizeof(q));
	strmap_init(&q.where);
	strmap_init(&q.strata);
	if (pvt_csv_sample_read(path, &spec, &q.a, &q.sample, &e) ||
	    pvt_csv_frame(frame, q.sample.stratum_header, &q.a, &q.frame, &q.nframe,
	                  &e) ||
	    frame_strata(&q, spec.stratum != NULL, &e) ||
	    to_reports(&q, path, spec.stratum != NULL, &e) ||
	    (off && official(&q, off, &e))) {
		errorf("%s", e.msg);
		goto out;
	}
	in = (struct pvt_input){.strata = q.st,
	                        .nstrata = q.nst,
	                        .stratified = spec.stratum != NULL,
	                        .choices = q.sample.choices,
	                        .nchoices = q.sample.nchoices,
	                        .official = q.official,
	                        .reports = q.reps,
	                        .nreports = q.sample.nrows,
	                        .sample_size = (int64_t)q.sample.nrows};
	if (pvt_estimate(&in, &res, &e)) {
		errorf("%s", e.msg);
		goto out;
	}
	rc = EXIT_OK;
	if (!strcmp(format, "json")) {
		json_t *j = pvt_result_to_json(&in, &res);
		json_object_set_new(j, "frame_size", json_integer((json_int_t)q.nframe));
		cli_print_json(j);
		json_decref(j);
	} else if (pvt_text_estimate(&in, &res, stdout, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	}
out:
	pvt_result_release(&res);
	strmap_release(&q.where);
	strmap_release(&q.strata);
	arena_release(&q.a);
	return rc;
}
