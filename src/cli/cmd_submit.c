/* cmd_submit.c - "observa submit FILE --mission M": reports from a file
 * (one JSON object, an array, JSON lines, or a CSV of paper forms) through
 * the same intake as the API, many at a time through the group-commit
 * writer, with one line per report and a summary. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/intake.h"
#include "ingest/submission_csv.h"
#include "ingest/submission_json.h"

static const char help[] =
    "usage: observa submit FILE --mission M [--csv] [--channel CHANNEL]\n"
    "                      [--format text|json]\n\n"
    "Submit reports from FILE (\"-\" reads standard input): one canonical JSON\n"
    "object, a JSON array of them, or one object per line (JSON lines), told\n"
    "apart by the text; or, with --csv or a name ending in .csv, a CSV of paper\n"
    "forms keyed in: columns id, form, station, observer, observed_at, comment,\n"
    "replaces and one column per question tag (an empty cell is not answered;\n"
    "several options of a select_multiple are written 1;3).\n\n"
    "Each report is checked against the mission's form and stored as the API\n"
    "stores it: a report with problems is refused alone and listed with every\n"
    "problem; a report with the id of one already stored is a duplicate when\n"
    "its content is the same (nothing is counted twice) and refused when it\n"
    "differs; \"replaces\" makes a correction.  Malformed JSON or CSV refuses the\n"
    "whole file (nothing is submitted) with its line and column.\n\n"
    "One line is printed per report and then a summary; the exit status is 1\n"
    "if any report was refused.  --channel records how the reports came (api,\n"
    "csv, web, paper, phone, odk, sms; default csv for CSV, api for JSON).  The\n"
    "format is in docs/submissions.md.\n";

#define INPUT_MAX (1u << 30) /* bytes of JSON input */
#define WINDOW    1024       /* reports prepared and in the writer at once */

/* ---------------------------------------------------------- waiting */

struct pending {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t left;
};

struct slot {
	struct intake_item it; /* first: the writer sees it->job */
	struct pending *p;
};

static void job_done(struct writer_job *job)
{
	struct slot *s = (struct slot *)job;

	pthread_mutex_lock(&s->p->mu);
	s->p->left--;
	pthread_cond_signal(&s->p->cv);
	pthread_mutex_unlock(&s->p->mu);
}

/* ---------------------------------------------------------- printing */

struct tally {
	long long stored, flagged, duplicates, refused;
	json_t *reports; /* --format json */
};

/* "line 4", "record 2 (line 5)" or "the report". */
static void label(const struct submission_batch *b, const struct submission_record *r,
                  char *out, size_t size)
{
	if (b->format == SUBMISSION_ARRAY)
		snprintf(out, size, "record %zu (line %ld)", r->index, r->line);
	else if (b->format == SUBMISSION_OBJECT)
		snprintf(out, size, "the report");
	else
		snprintf(out, size, "line %ld", r->line);
}

/* Where a problem is: "column B" for CSV, else the tag or field. */
static void print_problem(const struct submission_batch *b,
                          const struct submission_record *r, const json_t *p)
{
	const char *tag = json_string_value(json_object_get(p, "tag"));
	const char *field = json_string_value(json_object_get(p, "field"));
	const char *sev = json_string_value(json_object_get(p, "severity"));
	const char *msg = json_string_value(json_object_get(p, "message"));
	const char *check = json_string_value(json_object_get(p, "check"));
	const char *where = tag ? tag : field && *field ? field : NULL;

	fputs("  ", stdout);
	if (sev && strcmp(sev, "error"))
		printf("%s: ", sev);
	if (b->format == SUBMISSION_CSV && where)
		printf("line %ld, column %s: ", r->line, where);
	else if (where)
		printf("%s: ", where);
	if (check)
		printf("check %s: ", check);
	printf("%s\n", msg ? msg : "");
}

static void print_result(const struct submission_batch *b,
                         const struct submission_record *r, const struct intake_item *it,
                         struct tally *t)
{
	enum intake_outcome o = intake_item_outcome(it);
	json_t *res = intake_result_json(it), *p;
	char where[64];
	size_t i, n;

	label(b, r, where, sizeof(where));
	if (o == INTAKE_STORED) {
		t->stored++;
		t->flagged += !strcmp(it->rec.status, "flagged");
	} else if (o == INTAKE_DUPLICATE) {
		t->duplicates++;
	} else {
		t->refused++;
	}
	if (t->reports) {
		json_t *one = json_pack("{s:I, s:I, s:s, s:i}", "record",
		                        (json_int_t)r->index, "line", (json_int_t)r->line,
		                        "outcome", intake_outcome_str(o), "http_status",
		                        intake_http_status(it));
		json_object_update(one, res);
		json_array_append_new(t->reports, one);
		json_decref(res);
		return;
	}
	n = it->problems ? json_array_size(it->problems) : 0;
	switch (o) {
	case INTAKE_STORED:
		printf("%s: stored as %lld (%s", where, (long long)it->rec.id,
		       it->rec.status);
		if (it->rec.version > 1)
			printf(", version %lld", (long long)it->rec.version);
		printf(")\n");
		break;
	case INTAKE_DUPLICATE:
		printf("%s: duplicate of %lld, already stored (%s)\n", where,
		       (long long)it->rec.id, it->rec.status);
		break;
	case INTAKE_INVALID:
		printf("%s: refused, %zu problem%s\n", where, n, n == 1 ? "" : "s");
		break;
	case INTAKE_CONFLICT:
		printf("%s: refused: %s\n", where, it->job.err.msg);
		break;
	default:
		printf("%s: not stored: %s\n", where,
		       it->job.err.msg[0] ? it->job.err.msg : "the store failed");
		break;
	}
	if (o != INTAKE_CONFLICT && o != INTAKE_FAILED) {
		json_array_foreach(it->problems, i, p)
		{
			print_problem(b, r, p);
		}
	}
	if (o == INTAKE_STORED) {
		json_array_foreach(json_object_get(res, "alerts"), i, p)
		{
			printf("  alert: %s: %s\n",
			       json_string_value(json_object_get(p, "tag")),
			       json_string_value(json_object_get(p, "message")));
		}
	}
	json_decref(res);
}

/* ---------------------------------------------------------- reading */

static enum status read_all(FILE *fp, struct buf *b, struct err *e)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(b, chunk, n))
			return err_set(
			    e, ST_TOO_BIG,
			    "more than %u MiB of JSON; split the file (JSON lines "
			    "split anywhere between lines)",
			    INPUT_MAX >> 20);
	if (ferror(fp))
		return err_set(e, ST_IO, "cannot read: %s", strerror(errno));
	return ST_OK;
}

static enum status read_batch(FILE *fp, bool csv, struct submission_batch *batch,
                              struct err *e)
{
	struct csv_reader r;
	struct buf b;
	enum status rc;

	if (csv) {
		csv_open_file(&r, fp);
		rc = submission_csv_read(&r, batch, e);
		csv_close(&r);
		return rc;
	}
	buf_init(&b, INPUT_MAX);
	rc = read_all(fp, &b, e);
	if (!rc)
		rc = submission_batch_parse(b.ptr, b.len, batch, e);
	buf_release(&b);
	return rc;
}

/* ---------------------------------------------------------- submitting */

struct run {
	struct intake *in;
	struct store *st;
	struct writer *w;
	const struct mission *m;
	const char *channel;
	struct pending p;
};

/* Prepare and submit records [from, to) in slots, wait for them, print. */
static enum status run_window(struct run *run, const struct submission_batch *b,
                              size_t from, size_t to, struct slot *slots, struct tally *t,
                              struct err *e)
{
	enum status rc = ST_OK;
	size_t i, prepared = 0;

	for (i = from; i < to && !rc; i++) {
		const struct submission_record *r = &b->v[i];
		struct slot *s = &slots[i - from];
		intake_item_init(&s->it);
		s->p = &run->p;
		prepared++;
		if (r->error) {
			intake_item_refuse(&s->it, json_incref(r->problems));
			continue;
		}
		struct submission sub = r->sub;
		sub.channel = run->channel;
		sub.sent_by = run->st->actor; /* "cli:USER" (cli_open_store) */
		sub.origin = "local";
		rc = intake_prepare(run->in, run->st, run->m, &sub, &s->it, e);
		if (rc || s->it.refused)
			continue;
		intake_job(&s->it)->done = job_done;
		pthread_mutex_lock(&run->p.mu);
		run->p.left++;
		pthread_mutex_unlock(&run->p.mu);
		writer_submit(run->w, &s->it.job);
	}
	pthread_mutex_lock(&run->p.mu);
	while (run->p.left)
		pthread_cond_wait(&run->p.cv, &run->p.mu);
	pthread_mutex_unlock(&run->p.mu);
	for (i = 0; i < prepared; i++) {
		if (!rc)
			print_result(b, &b->v[from + i], &slots[i].it, t);
		intake_item_release(&slots[i].it);
	}
	return rc;
}

static enum status submit_all(struct run *run, const struct submission_batch *b,
                              struct tally *t, struct err *e)
{
	struct slot *slots = xcalloc(WINDOW, sizeof(*slots));
	enum status rc = ST_OK;

	pthread_mutex_init(&run->p.mu, NULL);
	pthread_cond_init(&run->p.cv, NULL);
	for (size_t from = 0; from < b->n && !rc; from += WINDOW) {
		size_t to = from + WINDOW < b->n ? from + WINDOW : b->n;
		rc = run_window(run, b, from, to, slots, t, e);
		cli_progress("submitting", (long long)to, (long long)b->n);
	}
	cli_progress_end();
	pthread_cond_destroy(&run->p.cv);
	pthread_mutex_destroy(&run->p.mu);
	free(slots);
	return rc;
}

static void print_summary(const struct tally *t)
{
	long long n = t->stored + t->duplicates + t->refused;

	if (t->reports) {
		json_t *j = json_pack("{s:O, s:I, s:I, s:I, s:I}", "reports", t->reports,
		                      "stored", (json_int_t)t->stored, "flagged",
		                      (json_int_t)t->flagged, "duplicates",
		                      (json_int_t)t->duplicates, "refused",
		                      (json_int_t)t->refused);
		cli_print_json(j);
		json_decref(j);
		return;
	}
	printf("%lld report%s: %lld stored", n, n == 1 ? "" : "s", t->stored);
	if (t->flagged)
		printf(" (%lld flagged)", t->flagged);
	printf(", %lld duplicate%s, %lld refused\n", t->duplicates,
	       t->duplicates == 1 ? "" : "s", t->refused);
}

static bool channel_valid(const char *c)
{
	static const char *const channels[] = {"api",   "csv", "web", "paper",
	                                       "phone", "odk", "sms", NULL};

	for (size_t i = 0; channels[i]; i++)
		if (!strcmp(c, channels[i]))
			return true;
	return false;
}

static bool ends_with_csv(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && text_ieq(path + n - 4, ".csv");
}

int cmd_submit(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_CSV, OPT_CHANNEL, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"csv", no_argument, NULL, OPT_CSV},
	    {"channel", required_argument, NULL, OPT_CHANNEL},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *format = "text", *path, *name;
	struct submission_batch batch = SUBMISSION_BATCH_INIT;
	struct run run = {0};
	struct tally t = {0};
	struct arena a = ARENA_INIT;
	struct mission m;
	struct err e;
	FILE *fp = NULL;
	bool csv = false;
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
		case OPT_CSV:
			csv = true;
			break;
		case OPT_CHANNEL:
			if (!channel_valid(optarg))
				return usage_error("submit", "--channel is one of %s",
				                   SUBMISSION_CHANNELS);
			run.channel = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json"))
				return usage_error("submit", "--format is text or json");
			break;
		default:
			return usage_error("submit", "unknown option");
		}
	}
	if (optind >= argc)
		return usage_error("submit",
		                   "which file? give FILE, or - for standard input");
	path = argv[optind++];
	if (optind < argc)
		return usage_error("submit", "unexpected argument \"%s\"", argv[optind]);
	if (!mission_code)
		return usage_error("submit", "which mission? give --mission CODE");
	csv = csv || ends_with_csv(path);
	if (!run.channel)
		run.channel = csv ? "csv" : "api";

	rc = cli_open_store(&run.st);
	if (rc)
		goto out;
	rc = cli_load_mission(run.st, mission_code, &a, &m);
	if (rc)
		goto out;
	name = strcmp(path, "-") ? path : "stdin";
	fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!fp) {
		errorf("cannot open %s: %s", path, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	if (read_batch(fp, csv, &batch, &e)) {
		errorf("%s: %s", name, e.msg);
		notef("nothing was submitted");
		rc = EXIT_FAIL;
		goto out;
	}
	if (writer_start(cli_db_url, &run.w, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	run.in = intake_new();
	run.m = &m;
	if (!strcmp(format, "json"))
		t.reports = json_array();
	if (submit_all(&run, &batch, &t, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	print_summary(&t);
	rc = t.refused ? EXIT_FAIL : EXIT_OK;
out:
	json_decref(t.reports);
	writer_stop(run.w);
	intake_free(run.in);
	submission_batch_release(&batch);
	if (fp && fp != stdin)
		fclose(fp);
	store_close(run.st);
	arena_release(&a);
	return rc;
}
