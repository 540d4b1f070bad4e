/* cmd_submission.c - "observa submission list|show|verify|reject|received":
 * the mission's reports with filters, one report with its versions,
 * conflicts, alerts and attachments, a clerk's review (verified, or
 * rejected with a reason), and the refused reports kept as received. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "ingest/form_load.h"
#include "ingest/intake.h"
#include "ingest/submission_json.h"

static const char help[] =
    "usage: observa submission list --mission M [--form F] [--station S]\n"
    "                               [--observer O] [--status S] [--region R]\n"
    "                               [--channel C] [--all-versions]\n"
    "                               [--limit N] [--offset N] [--format text|json]\n"
    "       observa submission show ID --mission M [--format text|json]\n"
    "       observa submission verify ID --mission M [--note TEXT]\n"
    "       observa submission reject ID --mission M --note TEXT\n"
    "       observa submission received --mission M [--limit N] [--offset N]\n"
    "                                   [--format text|json]\n\n"
    "list prints the mission's reports, newest first, those matching every\n"
    "filter: form code, station code, observer code, status (new, flagged,\n"
    "verified, rejected), region (any location: reports from stations below\n"
    "it) and channel (api, csv, web, paper, phone, odk, sms).  Only the current\n"
    "version of a corrected report is listed unless --all-versions.  As JSON\n"
    "the output is {\"total\": N, \"items\": [...]}.\n"
    "show prints one report: its answers, the problems found, every version,\n"
    "the conflicts with other observers on its station and form, alerts, and\n"
    "the files that came with it (name, type, size, hash).\n"
    "verify and reject record a clerk's review with who and when (--note says\n"
    "why; it is required to reject).  A rejected report leaves the analyses and\n"
    "the conflicts of its station.\n"
    "received lists the reports refused by validation but kept as they came\n"
    "(newest first): channel, observer, problems and the raw text, for a\n"
    "clerk to key in by hand; as JSON {\"total\": N, \"items\": [...]}.\n"
    "Reports are documented in docs/submissions.md.\n";

enum {
	OPT_MISSION = 1,
	OPT_FORM,
	OPT_STATION,
	OPT_OBSERVER,
	OPT_STATUS,
	OPT_REGION,
	OPT_CHANNEL,
	OPT_ALL,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT,
	OPT_NOTE
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"form", required_argument, NULL, OPT_FORM},
    {"station", required_argument, NULL, OPT_STATION},
    {"observer", required_argument, NULL, OPT_OBSERVER},
    {"status", required_argument, NULL, OPT_STATUS},
    {"region", required_argument, NULL, OPT_REGION},
    {"channel", required_argument, NULL, OPT_CHANNEL},
    {"all-versions", no_argument, NULL, OPT_ALL},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"note", required_argument, NULL, OPT_NOTE},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *format, *note;
	int64_t id;
	struct submission_filter f;
};

static bool json_format(const struct args *a)
{
	return !strcmp(a->format, "json");
}

/* ---------------------------------------------------------- list */

struct list_ctx {
	json_t *items; /* NULL for text */
};

static enum status list_one(void *ctx, const struct stored_submission *s)
{
	struct list_ctx *lc = ctx;

	if (lc->items) {
		json_array_append_new(lc->items, stored_submission_to_json(s));
		return ST_OK;
	}
	printf("%-8lld %-3s %-14s %-12s %-8s v%-2lld %-4s %s\n", (long long)s->id,
	       s->form, s->station, s->observer, s->status, (long long)s->version,
	       s->channel ? s->channel : "", s->received_at ? s->received_at : "");
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *m, const struct args *a)
{
	struct list_ctx lc = {json_format(a) ? json_array() : NULL};
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (!lc.items)
		printf("%-8s %-3s %-14s %-12s %-8s %-3s %-4s %s\n", "id", "frm",
		       "station", "observer", "status", "ver", "via", "received");
	if (store_submission_list(st, m->id, &a->f, &total, list_one, &lc, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (lc.items) {
		json_t *j = json_pack("{s:I, s:O}", "total", (json_int_t)total, "items",
		                      lc.items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld report%s\n", (long long)total, total == 1 ? "" : "s");
	}
	json_decref(lc.items);
	return rc;
}

/* ---------------------------------------------------------- show */

static enum status add_version(void *ctx, const struct stored_submission *s)
{
	json_array_append_new(ctx, stored_submission_to_json(s));
	return ST_OK;
}

static enum status add_conflict(void *ctx, const struct conflict_row *c)
{
	json_array_append_new(ctx, submission_json_conflict(c));
	return ST_OK;
}

/* The alerts raised by any version of the report. */
struct alerts_of {
	const json_t *versions;
	json_t *arr;
};

static enum status add_alert(void *ctx, const struct alert_row *a)
{
	struct alerts_of *ao = ctx;
	size_t i;
	json_t *v;

	json_array_foreach(ao->versions, i, v)
	{
		if (json_integer_value(json_object_get(v, "id")) == a->submission_id) {
			json_array_append_new(ao->arr, submission_json_alert(a));
			break;
		}
	}
	return ST_OK;
}

static enum status add_attachment(void *ctx, const struct attachment_row *a)
{
	json_array_append_new(ctx, submission_json_attachment(a));
	return ST_OK;
}

/* The report with everything around it, as JSON. */
static enum status gather(struct store *st, const struct mission *m,
                          const struct stored_submission *s, json_t **out, struct err *e)
{
	struct conflict_filter cf = {.station = s->station, .form = s->form};
	json_t *j = stored_submission_to_json(s), *versions = json_array(),
	       *conflicts = json_array(), *attachments = json_array();
	struct alerts_of ao = {versions, json_array()};
	int64_t total;
	enum status rc;

	rc = store_submission_versions(st, m->id, s->id, add_version, versions, e);
	if (!rc)
		rc = store_conflict_list(st, m->id, &cf, &total, add_conflict, conflicts,
		                         e);
	if (!rc)
		rc = store_alert_list(st, m->id, add_alert, &ao, e);
	if (!rc)
		rc = store_attachment_list(st, m->id, s->id, add_attachment, attachments,
		                           e);
	json_object_set_new(j, "versions", versions);
	json_object_set_new(j, "attachments", attachments);
	json_object_set_new(j, "conflicts", conflicts);
	json_object_set_new(j, "alerts", ao.arr);
	if (rc) {
		json_decref(j);
		j = NULL;
	}
	*out = j;
	return rc;
}

/* An answer in words with its question, when the form knows the tag. */
static void print_answer(const struct form *f, const char *tag, const json_t *value)
{
	const struct form_question *q = f ? form_question(f, tag) : NULL;
	char *label = q ? form_answer_label(q, value, NULL)
	                : json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);

	if (q)
		printf("  %-5s %-24s %s\n", tag, label, form_text(&q->text, NULL));
	else
		printf("  %-5s %s\n", tag, label);
	free(label);
}

/* Member k of o as a string, "" when absent or not a string. */
static const char *sv(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static long long iv(const json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static void print_show(const json_t *j, const struct form *f)
{
	const json_t *review = json_object_get(j, "review");
	const char *key;
	json_t *v;
	size_t i;

	printf("report %lld: form %s v%lld at station %s by observer %s, %s\n",
	       iv(j, "id"), sv(j, "form"), iv(j, "form_version"), sv(j, "station"),
	       sv(j, "observer"), sv(j, "status"));
	if (*sv(j, "client_id"))
		printf("id          %s\n", sv(j, "client_id"));
	if (*sv(j, "replaces"))
		printf("replaces    %s\n", sv(j, "replaces"));
	if (*sv(j, "observed_at"))
		printf("observed    %s\n", sv(j, "observed_at"));
	printf("received    %s via %s\n", sv(j, "received_at"), sv(j, "channel"));
	printf("version     %lld", iv(j, "version"));
	if (iv(j, "superseded_by"))
		printf(" (corrected by report %lld)", iv(j, "superseded_by"));
	printf("\n");
	if (*sv(j, "comment"))
		printf("comment     %s\n", sv(j, "comment"));
	if (json_is_object(review))
		printf("review      %s by %s at %s%s%s\n", sv(j, "status"),
		       sv(review, "by"), sv(review, "at"),
		       *sv(review, "note") ? ": " : "", sv(review, "note"));
	printf("\nanswers\n");
	json_object_foreach(json_object_get(j, "answers"), key, v)
	{
		print_answer(f, key, v);
	}
	if (json_array_size(json_object_get(j, "problems")))
		printf("\nproblems\n");
	json_array_foreach(json_object_get(j, "problems"), i, v)
	{
		printf("  %s: %s%s%s\n", sv(v, "severity"), sv(v, "check"),
		       *sv(v, "check") ? ": " : "", sv(v, "message"));
	}
	printf("\nversions\n");
	json_array_foreach(json_object_get(j, "versions"), i, v)
	{
		printf("  v%lld  report %lld  %s  %s%s\n", iv(v, "version"), iv(v, "id"),
		       sv(v, "received_at"), sv(v, "status"),
		       iv(v, "superseded_by") ? "" : " (current)");
	}
	if (json_array_size(json_object_get(j, "conflicts")))
		printf("\nconflicts with other observers at this station\n");
	json_array_foreach(json_object_get(j, "conflicts"), i, v)
	{
		char *vals = json_dumps(json_object_get(v, "values"), JSON_COMPACT);
		printf("  conflict %lld on %s: %s%s\n", iv(v, "id"), sv(v, "tag"), vals,
		       json_is_true(json_object_get(v, "open")) ? " (open)"
		                                                : " (resolved)");
		free(vals);
	}
	if (json_array_size(json_object_get(j, "alerts")))
		printf("\nalerts\n");
	json_array_foreach(json_object_get(j, "alerts"), i, v)
	{
		printf("  %s\n", sv(v, "message"));
	}
	if (json_array_size(json_object_get(j, "attachments")))
		printf("\nattachments\n");
	json_array_foreach(json_object_get(j, "attachments"), i, v)
	{
		printf("  %-32s %-24s %10lld bytes  %s\n", sv(v, "name"),
		       sv(v, "content_type"), iv(v, "size"), sv(v, "hash"));
	}
}

static int do_show(struct store *st, const struct mission *m, const struct args *a)
{
	struct arena ar = ARENA_INIT;
	struct stored_submission s;
	struct form *f = NULL;
	json_t *j = NULL;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_submission_get(st, m->id, a->id, &ar, &s, &e) ||
	    gather(st, m, &s, &j, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (json_format(a)) {
		cli_print_json(j);
	} else {
		form_load(st, m->id, s.form, &f, &e); /* labels only: fine without */
		print_show(j, f);
	}
out:
	form_free(f);
	json_decref(j);
	arena_release(&ar);
	return rc;
}

/* ---------------------------------------------------------- received */

static enum status received_one(void *ctx, const struct received_row *r)
{
	json_t *j = submission_json_received(r), *p;
	size_t i;

	if (ctx) {
		json_array_append_new(ctx, j);
		return ST_OK;
	}
	printf("received %lld at %s via %s from %s: %s\n", (long long)r->id,
	       r->received_at ? r->received_at : "", r->channel ? r->channel : "",
	       r->observer ? r->observer : "an unknown sender",
	       r->status ? r->status : "");
	json_array_foreach(json_object_get(j, "problems"), i, p)
	{
		const char *tag = sv(p, "tag"), *field = sv(p, "field");

		/* The SMS reader's problems name their tag in the message. */
		if (!strcmp(field, "sms"))
			printf("  problem  %s\n", sv(p, "message"));
		else
			printf("  problem  %s: %s\n",
			       *tag     ? tag
			       : *field ? field
			                : "report",
			       sv(p, "message"));
	}
	printf("%s%s\n\n", sv(j, "raw"),
	       r->raw_len && r->raw[r->raw_len - 1] == '\n' ? "" : "\n");
	json_decref(j);
	return ST_OK;
}

static int do_received(struct store *st, const struct mission *m, const struct args *a)
{
	json_t *items = json_format(a) ? json_array() : NULL;
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_received_list(st, m->id, a->f.limit, a->f.offset, &total, received_one,
	                        items, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (items) {
		json_t *j =
		    json_pack("{s:I, s:O}", "total", (json_int_t)total, "items", items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld report%s kept as received\n", (long long)total,
		       total == 1 ? "" : "s");
	}
	json_decref(items);
	return rc;
}

/* ---------------------------------------------------------- review */

static int do_review(struct store *st, const struct mission *m, const struct args *a)
{
	const char *status = !strcmp(a->sub, "verify") ? "verified" : "rejected";
	struct arena ar = ARENA_INIT;
	struct stored_submission s;
	struct err e;
	enum status rc;
	bool began = false;

	err_clear(&e);
	rc = store_submission_get(st, m->id, a->id, &ar, &s, &e);
	if (!rc && s.superseded_by) {
		rc = err_set(
		    &e, ST_CONFLICT,
		    "report %lld was corrected by report %lld: review the current "
		    "version",
		    (long long)s.id, (long long)s.superseded_by);
	}
	if (!rc) {
		rc = store_begin(st, &e);
		began = !rc;
	}
	if (!rc)
		rc = store_submission_review(st, m->id, a->id, status, a->note, &e);
	if (!rc)
		rc = intake_conflicts_refresh(st, m->id, s.station, s.form, &e);
	if (!rc) {
		rc = store_commit(st, &e);
		began = false;
	}
	if (began)
		store_rollback(st);
	if (rc)
		errorf("%s", e.msg);
	else
		printf("report %lld %s\n", (long long)a->id, status);
	arena_release(&ar);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* ---------------------------------------------------------- main */

static bool parse_count(const char *s, int64_t *out)
{
	return text_int64(s, 0, INT64_MAX, out);
}

int cmd_submission(int argc, char **argv)
{
	struct args a = {.format = "text"};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	int opt, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	a.sub = argv[1];
	if (strcmp(a.sub, "list") && strcmp(a.sub, "show") && strcmp(a.sub, "verify") &&
	    strcmp(a.sub, "reject") && strcmp(a.sub, "received"))
		return usage_error("submission", "unknown subcommand \"%s\"", a.sub);
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			a.mission = optarg;
			break;
		case OPT_FORM:
			a.f.form = optarg;
			break;
		case OPT_STATION:
			a.f.station = optarg;
			break;
		case OPT_OBSERVER:
			a.f.observer = optarg;
			break;
		case OPT_STATUS:
			if (strcmp(optarg, "new") && strcmp(optarg, "flagged") &&
			    strcmp(optarg, "verified") && strcmp(optarg, "rejected"))
				return usage_error("submission",
				                   "--status is new, flagged, "
				                   "verified or rejected");
			a.f.status = optarg;
			break;
		case OPT_REGION:
			a.f.region = optarg;
			break;
		case OPT_CHANNEL:
			a.f.channel = optarg;
			break;
		case OPT_ALL:
			a.f.all_versions = true;
			break;
		case OPT_LIMIT:
			if (!parse_count(optarg, &a.f.limit))
				return usage_error("submission",
				                   "--limit wants a number");
			break;
		case OPT_OFFSET:
			if (!parse_count(optarg, &a.f.offset))
				return usage_error("submission",
				                   "--offset wants a number");
			break;
		case OPT_FORMAT:
			a.format = optarg;
			if (strcmp(a.format, "text") && strcmp(a.format, "json"))
				return usage_error("submission",
				                   "--format is text or json");
			break;
		case OPT_NOTE:
			a.note = optarg;
			break;
		default:
			return usage_error("submission", "unknown option");
		}
	}
	if (strcmp(a.sub, "list") && strcmp(a.sub, "received")) {
		if (optind >= argc)
			return usage_error("submission", "%s needs the report's ID",
			                   a.sub);
		if (!text_int64(argv[optind], 1, INT64_MAX, &a.id))
			return usage_error("submission",
			                   "\"%s\" is not a report ID (a number)",
			                   argv[optind]);
		optind++;
	}
	if (optind < argc)
		return usage_error("submission", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!strcmp(a.sub, "reject") && (!a.note || !*a.note))
		return usage_error("submission", "reject needs --note saying why");
	if (!a.mission)
		return usage_error("submission", "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, a.mission, &ar, &m);
	if (rc)
		goto out;
	if (!strcmp(a.sub, "list"))
		rc = do_list(st, &m, &a);
	else if (!strcmp(a.sub, "show"))
		rc = do_show(st, &m, &a);
	else if (!strcmp(a.sub, "received"))
		rc = do_received(st, &m, &a);
	else
		rc = do_review(st, &m, &a);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}
