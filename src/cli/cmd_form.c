/* cmd_form.c - "observa form list|show|add|validate": the mission's forms
 * (checklists, incident report, results protocol), a readable
 * questionnaire or the ODK XForm, and new or changed definitions checked
 * before they are stored. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "ingest/form_load.h"
#include "ingest/forms_install.h"
#include "ingest/xform.h"
#include "model/form.h"

static const char help[] =
    "usage: observa form list --mission M [--format text|json]\n"
    "       observa form show CODE --mission M [--format text|json|xform]\n"
    "                             [--lang LANG]\n"
    "       observa form add FILE.json --mission M\n"
    "       observa form validate FILE.json [--format text|json]\n\n"
    "A mission's forms are the checklists observers fill in (opening OP, voting\n"
    "VO, counting CO, tabulation TA), the incident report IN and the results\n"
    "protocol PR; every new mission starts with these shipped forms.\n\n"
    "show prints the form as reports are checked against it: for a form with\n"
    "ballot lines (PR), one question per choice of the mission's ballot\n"
    "('observa import choices') follows its own questions.  --format json gives\n"
    "that definition in the documented format; --format xform the ODK XForm\n"
    "that ODK Collect and Web Forms fill in, with formID M_CODE (e.g.\n"
    "kz-2023_OP) and every language of the form (docs/odk.md).  --lang picks\n"
    "the language of a text questionnaire (default: the form's first one).\n"
    "add checks FILE.json and stores it, replacing the mission's form with the\n"
    "same code; validate only checks it (no database needed).  Both list every\n"
    "problem with its JSON path, e.g. questions[3].type.  The format is in\n"
    "docs/forms.md.\n";

enum { OPT_MISSION = 1, OPT_FORMAT, OPT_LANG };

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"lang", required_argument, NULL, OPT_LANG},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *format, *lang, *arg;
};

/* ---------------------------------------------------------- files */

/* The whole file at path ("-": standard input) in *out. */
static int read_file(const char *path, struct buf *out)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	int rc = EXIT_OK;

	if (!fp) {
		errorf("cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(out, chunk, n)) {
			errorf("%s: a form definition is at most %zu bytes", path,
			       out->cap);
			rc = EXIT_FAIL;
			break;
		}
	if (!rc && ferror(fp)) {
		errorf("cannot read %s: %s", path, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static void print_problems(FILE *out, const char *path, const struct form_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		fprintf(out, "%s: %s%s%s\n", path, p->v[i].path,
		        p->v[i].path[0] ? ": " : "", p->v[i].message);
}

static json_t *problems_json(const struct form_problems *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "path", p->v[i].path,
		                                   "message", p->v[i].message));
	return a;
}

static int do_validate(const struct args *a)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct form *f = NULL;
	struct buf text;
	int rc;

	buf_init(&text, 16u << 20);
	rc = read_file(a->arg, &text);
	if (rc)
		goto out;
	form_parse(text.ptr, text.len, &f, &problems);
	if (!strcmp(a->format, "json")) {
		json_t *j = json_pack("{s:b, s:o}", "valid", f != NULL, "problems",
		                      problems_json(&problems));
		if (f)
			json_object_set_new(j, "code", json_string(f->code));
		cli_print_json(j);
		json_decref(j);
	} else if (f) {
		printf("%s: form %s (version %lld) is valid: %zu questions, %zu checks\n",
		       a->arg, f->code, (long long)f->version, f->nquestions, f->nchecks);
	} else {
		print_problems(stdout, a->arg, &problems);
		printf("%s: %zu problem%s\n", a->arg, problems.n,
		       problems.n == 1 ? "" : "s");
	}
	rc = f ? EXIT_OK : EXIT_FAIL;
out:
	form_free(f);
	form_problems_release(&problems);
	buf_release(&text);
	return rc;
}

/* ---------------------------------------------------------- add */

static int do_add(struct store *st, const struct mission *m, const struct args *a)
{
	struct form_problems problems = FORM_PROBLEMS_INIT;
	struct form *f = NULL, *applied = NULL;
	struct arena ar = ARENA_INIT;
	struct form_record old;
	enum upsert_result res;
	struct buf text;
	struct err e;
	bool had;
	int rc;

	err_clear(&e);
	buf_init(&text, 16u << 20);
	rc = read_file(a->arg, &text);
	if (rc)
		goto out;
	if (form_parse(text.ptr, text.len, &f, &problems)) {
		print_problems(stderr, a->arg, &problems);
		errorf("%s: %zu problem%s; the form was not stored", a->arg, problems.n,
		       problems.n == 1 ? "" : "s");
		rc = EXIT_FAIL;
		goto out;
	}
	if (form_load_apply_ballot(st, m->id, f, &applied, &e)) {
		errorf("%s: %s; the form was not stored", a->arg, e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	had = store_form_get(st, m->id, f->code, &ar, &old, &e) == ST_OK;
	err_clear(&e);
	if (forms_install_put(st, m->id, f, &res, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (had && res == UPSERT_UPDATED && old.version == f->version)
		warnf(
		    "form %s changed but kept version %lld: raise \"version\" so reports "
		    "checked against each definition can be told apart",
		    f->code, (long long)f->version);
	printf("form %s (version %lld) %s in %s: %zu questions, %zu checks\n", f->code,
	       (long long)f->version,
	       res == UPSERT_INSERTED  ? "added"
	       : res == UPSERT_UPDATED ? "replaced"
	                               : "unchanged",
	       m->code, (applied ? applied : f)->nquestions, f->nchecks);
out:
	form_free(applied);
	form_free(f);
	form_problems_release(&problems);
	buf_release(&text);
	arena_release(&ar);
	return rc;
}

/* ---------------------------------------------------------- list */

struct list_ctx {
	struct store *st;
	int64_t mission_id;
	json_t *arr; /* NULL for text */
	struct err *e;
};

static enum status list_one(void *ctx, const struct form_record *rec)
{
	struct list_ctx *lc = ctx;
	struct form *f = NULL;
	enum status rc;

	rc = form_load(lc->st, lc->mission_id, rec->code, &f, lc->e);
	if (rc)
		return rc;
	if (lc->arr) {
		json_array_append_new(
		    lc->arr,
		    json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:s}", "code",
		              rec->code, "version", (json_int_t)rec->version, "kind",
		              rec->kind, "phase", rec->phase, "name",
		              form_text(&f->name, NULL), "questions",
		              (json_int_t)f->nquestions, "checks", (json_int_t)f->nchecks,
		              "updated_at", rec->updated_at ? rec->updated_at : ""));
	} else {
		printf("%-4s v%-3lld %-10s %-11s %3zu questions  %s\n", rec->code,
		       (long long)rec->version, rec->kind, rec->phase, f->nquestions,
		       form_text(&f->name, NULL));
	}
	form_free(f);
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *m, const struct args *a)
{
	struct err e;
	struct list_ctx lc = {st, m->id, NULL, &e};
	int rc = EXIT_OK;

	err_clear(&e);
	if (!strcmp(a->format, "json"))
		lc.arr = json_array();
	if (store_form_list(st, m->id, list_one, &lc, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (lc.arr) {
		cli_print_json(lc.arr);
	}
	json_decref(lc.arr);
	return rc;
}

/* ---------------------------------------------------------- show */

static void print_question(const struct form_question *q, const char *lang)
{
	const char *hint = form_text(&q->hint, lang);

	printf("  %-5s %s", q->tag, question_type_str(q->type));
	if (q->type == QT_INTEGER)
		printf(" %lld..%lld", (long long)q->min, (long long)q->max);
	if (q->type == QT_RATING)
		printf(" 1-4 (%s .. %s)", form_rating_word(1, lang),
		       form_rating_word(4, lang));
	if (q->required)
		printf(", required");
	printf("\n        %s\n", form_text(&q->text, lang));
	if (*hint)
		printf("        (%s)\n", hint);
	for (size_t i = 0; i < q->noptions; i++)
		printf("          %lld  %s\n", (long long)q->options[i].value,
		       form_text(&q->options[i].text, lang));
	for (int pass = 0; pass < 2; pass++) {
		const int64_t *v = pass ? q->critical : q->negative;
		size_t n = pass ? q->ncritical : q->nnegative;
		if (!n)
			continue;
		printf("        %s:", pass ? "critical (alert)" : "negative");
		for (size_t i = 0; i < n; i++) {
			json_t *j = json_integer(v[i]);
			char *label = form_answer_label(q, j, lang);
			printf("%s %s", i ? "," : "", label);
			free(label);
			json_decref(j);
		}
		printf("\n");
	}
}

static void print_form(const struct form *f, const char *lang)
{
	const char *desc = form_text(&f->description, lang);

	printf("%s  %s\n", f->code, form_text(&f->name, lang));
	printf("version %lld, %s, phase %s, languages", (long long)f->version,
	       form_kind_str(f->kind), form_phase_str(f->phase));
	for (size_t i = 0; i < f->nlanguages; i++)
		printf("%s %s", i ? "," : "", f->languages[i]);
	printf("\n");
	if (*desc)
		printf("%s\n", desc);
	printf("\nQuestions (%zu)\n", f->nquestions);
	for (size_t i = 0; i < f->nquestions; i++)
		print_question(&f->questions[i], lang);
	if (f->choices && !f->nquestions)
		printf("  (none)\n");
	if (f->nchecks)
		printf("\nChecks (%zu)\n", f->nchecks);
	for (size_t i = 0; i < f->nchecks; i++) {
		const struct form_check *c = &f->checks[i];
		printf("  %s (%s): %s\n        %s\n", c->id,
		       check_severity_str(c->severity), expr_text(c->expr),
		       form_text(&c->message, lang));
	}
	if (f->choices)
		printf("\nBallot lines: tags %s1, %s2, ... in ballot order%s%s "
		       "('observa import choices')\n",
		       f->choices->prefix, f->choices->prefix,
		       f->choices->against_all_tag ? "; against all: " : "",
		       f->choices->against_all_tag ? f->choices->against_all_tag : "");
}

static int print_xform(const struct form *f, const struct mission *m)
{
	struct buf x;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	buf_init(&x, BUF_NO_CAP);
	if (xform_write(f, m->code, NULL, &x, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (fwrite(x.ptr, 1, x.len, stdout) != x.len) {
		errorf("cannot write the XForm: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
	buf_release(&x);
	return rc;
}

static int do_show(struct store *st, const struct mission *m, const struct args *a)
{
	struct form *f = NULL;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (form_load(st, m->id, a->arg, &f, &e)) {
		if (e.code == ST_NOT_FOUND)
			errorf("%s in mission %s ('observa form list --mission %s' shows "
			       "them)",
			       e.msg, m->code, m->code);
		else
			errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (!strcmp(a->format, "json")) {
		json_t *j = form_to_json(f);
		cli_print_json(j);
		json_decref(j);
	} else if (!strcmp(a->format, "xform")) {
		rc = print_xform(f, m);
	} else {
		print_form(f, a->lang);
	}
	form_free(f);
	return rc;
}

/* ---------------------------------------------------------- main */

int cmd_form(int argc, char **argv)
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
	if (strcmp(a.sub, "list") && strcmp(a.sub, "show") && strcmp(a.sub, "add") &&
	    strcmp(a.sub, "validate"))
		return usage_error("form", "unknown subcommand \"%s\"", a.sub);
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
		case OPT_FORMAT:
			a.format = optarg;
			if (strcmp(a.format, "text") && strcmp(a.format, "json") &&
			    strcmp(a.format, "xform"))
				return usage_error("form",
				                   "--format is text, json or xform");
			break;
		case OPT_LANG:
			a.lang = optarg;
			break;
		default:
			return usage_error("form", "unknown option");
		}
	}
	if (strcmp(a.sub, "list")) {
		if (optind >= argc)
			return usage_error("form", "%s needs %s", a.sub,
			                   strcmp(a.sub, "show") ? "FILE.json"
			                                         : "the form's CODE");
		a.arg = argv[optind++];
	}
	if (optind < argc)
		return usage_error("form", "unexpected argument \"%s\"", argv[optind]);
	if (!strcmp(a.format, "xform") && strcmp(a.sub, "show"))
		return usage_error("form", "--format xform is for show only");
	if (!strcmp(a.sub, "validate"))
		return do_validate(&a);
	if (!a.mission)
		return usage_error("form", "which mission? give --mission CODE");
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
	else
		rc = do_add(st, &m, &a);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}
