/* cmd_conflict.c - "observa conflict list|resolve": the answers on which
 * two observers of one station disagree (double observation), and a
 * clerk's resolution, which the analyses then use. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "ingest/form_load.h"
#include "ingest/submission_json.h"

static const char help[] =
    "usage: observa conflict list --mission M [--open] [--station S] [--form F]\n"
    "                             [--limit N] [--offset N] [--format text|json]\n"
    "       observa conflict resolve ID --mission M --value JSON\n\n"
    "When two observers report the same station on the same form, every\n"
    "question they answered differently is a conflict; both reports are kept.\n"
    "list prints them by station, form and tag (--open: only those not yet\n"
    "resolved).  resolve settles conflict ID with the value a clerk found right,\n"
    "written as an answer would be (1, \"yes\", 250, [1,3], \"07:45\"); it is\n"
    "checked against the question and recorded with who and when.  A new report\n"
    "that disagrees again reopens the conflict.  See docs/submissions.md.\n";

enum {
	OPT_MISSION = 1,
	OPT_OPEN,
	OPT_STATION,
	OPT_FORM,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT,
	OPT_VALUE
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"open", no_argument, NULL, OPT_OPEN},
    {"station", required_argument, NULL, OPT_STATION},
    {"form", required_argument, NULL, OPT_FORM},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"value", required_argument, NULL, OPT_VALUE},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *format, *value;
	int64_t id;
	struct conflict_filter f;
};

/* ---------------------------------------------------------- list */

static enum status list_one(void *ctx, const struct conflict_row *c)
{
	json_t *items = ctx, *values;
	size_t i;
	json_t *v;

	if (items) {
		json_array_append_new(items, submission_json_conflict(c));
		return ST_OK;
	}
	printf("%-6lld %-14s %-3s %-5s", (long long)c->id, c->station, c->form, c->tag);
	values = c->values ? json_loads(c->values, 0, NULL) : NULL;
	json_array_foreach(values, i, v)
	{
		char *val = json_dumps(json_object_get(v, "value"),
		                       JSON_ENCODE_ANY | JSON_COMPACT);
		printf("%s %s=%s (report %lld)", i ? "," : "",
		       json_string_value(json_object_get(v, "observer")), val ? val : "?",
		       (long long)json_integer_value(json_object_get(v, "submission")));
		free(val);
	}
	json_decref(values);
	if (c->resolved_value)
		printf("  -> resolved: %s by %s", c->resolved_value,
		       c->resolved_by ? c->resolved_by : "?");
	else
		printf("  (open)");
	printf("\n");
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *m, const struct args *a)
{
	json_t *items = strcmp(a->format, "json") ? NULL : json_array();
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_conflict_list(st, m->id, &a->f, &total, list_one, items, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (items) {
		json_t *j =
		    json_pack("{s:I, s:O}", "total", (json_int_t)total, "items", items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld conflict%s\n", (long long)total, total == 1 ? "" : "s");
	}
	json_decref(items);
	return rc;
}

/* ---------------------------------------------------------- resolve */

/* The conflict with id, copied into a. */
struct find {
	int64_t id;
	struct arena *a;
	struct conflict_row found;
	bool ok;
};

static enum status find_one(void *ctx, const struct conflict_row *c)
{
	struct find *fd = ctx;

	if (c->id != fd->id)
		return ST_OK;
	fd->found.id = c->id;
	fd->found.station = arena_strdup(fd->a, c->station);
	fd->found.form = arena_strdup(fd->a, c->form);
	fd->found.tag = arena_strdup(fd->a, c->tag);
	fd->ok = true;
	return ST_OK;
}

/* value as the canonical answer to the conflict's question; *out is JSON
 * text the caller frees. */
static enum status canonical_value(struct store *st, const struct mission *m,
                                   const struct conflict_row *c, const char *text,
                                   char **out, struct err *e)
{
	json_error_t je;
	json_t *value = json_loads(text, JSON_DECODE_ANY, &je), *canon = NULL;
	struct form *f = NULL;
	const struct form_question *q;
	enum status rc = ST_OK;

	*out = NULL;
	if (!value)
		/* A bare word such as yes is taken as the string "yes". */
		value = json_string(text);
	if (!value)
		return err_set(e, ST_INVALID, "--value: %s", je.text);
	if (form_load(st, m->id, c->form, &f, e))
		err_clear(e); /* the form is gone: keep the value as written */
	q = f ? form_question(f, c->tag) : NULL;
	if (q) {
		rc = form_answer_normalise(q, value, &canon, e);
		if (rc)
			err_prefix(e, "--value for %s: ", c->tag);
	} else {
		canon = json_incref(value);
	}
	if (!rc)
		*out = json_dumps(canon ? canon : json_null(),
		                  JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(canon);
	json_decref(value);
	form_free(f);
	return rc;
}

static int do_resolve(struct store *st, const struct mission *m, const struct args *a)
{
	struct conflict_filter all = {0};
	struct arena ar = ARENA_INIT;
	struct find fd = {.id = a->id, .a = &ar};
	char *value = NULL;
	int64_t total;
	struct err e;
	enum status rc;

	err_clear(&e);
	rc = store_conflict_list(st, m->id, &all, &total, find_one, &fd, &e);
	if (!rc && !fd.ok)
		rc = err_set(
		    &e, ST_NOT_FOUND,
		    "no conflict with id %lld in mission %s ('observa conflict list' "
		    "shows them)",
		    (long long)a->id, m->code);
	if (!rc)
		rc = canonical_value(st, m, &fd.found, a->value, &value, &e);
	if (!rc)
		rc = store_conflict_resolve(st, m->id, a->id, value, &e);
	if (rc)
		errorf("%s", e.msg);
	else
		printf("conflict %lld (%s, form %s, %s) resolved: %s\n", (long long)a->id,
		       fd.found.station, fd.found.form, fd.found.tag, value);
	free(value);
	arena_release(&ar);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* ---------------------------------------------------------- main */

int cmd_conflict(int argc, char **argv)
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
	if (strcmp(a.sub, "list") && strcmp(a.sub, "resolve"))
		return usage_error("conflict", "unknown subcommand \"%s\"", a.sub);
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
		case OPT_OPEN:
			a.f.open_only = true;
			break;
		case OPT_STATION:
			a.f.station = optarg;
			break;
		case OPT_FORM:
			a.f.form = optarg;
			break;
		case OPT_LIMIT:
			if (!text_int64(optarg, 0, INT64_MAX, &a.f.limit))
				return usage_error("conflict", "--limit wants a number");
			break;
		case OPT_OFFSET:
			if (!text_int64(optarg, 0, INT64_MAX, &a.f.offset))
				return usage_error("conflict", "--offset wants a number");
			break;
		case OPT_FORMAT:
			a.format = optarg;
			if (strcmp(a.format, "text") && strcmp(a.format, "json"))
				return usage_error("conflict",
				                   "--format is text or json");
			break;
		case OPT_VALUE:
			a.value = optarg;
			break;
		default:
			return usage_error("conflict", "unknown option");
		}
	}
	if (!strcmp(a.sub, "resolve")) {
		if (optind >= argc)
			return usage_error("conflict", "resolve needs the conflict's ID");
		if (!text_int64(argv[optind], 1, INT64_MAX, &a.id))
			return usage_error("conflict",
			                   "\"%s\" is not a conflict ID (a number)",
			                   argv[optind]);
		optind++;
		if (!a.value)
			return usage_error("conflict", "resolve needs --value JSON");
	}
	if (optind < argc)
		return usage_error("conflict", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!a.mission)
		return usage_error("conflict", "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, a.mission, &ar, &m);
	if (rc)
		goto out;
	rc = !strcmp(a.sub, "list") ? do_list(st, &m, &a) : do_resolve(st, &m, &a);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}
