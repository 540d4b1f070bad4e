/* cmd_document.c - "observa document add|list|show|get|delete": the files of the
 * long-term log, handed over (the mission's legal compliance review, its
 * long-term monitoring report) or received, stored with their bytes and
 * hash and given back byte for byte (docs/ltm.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/text.h"
#include "model/ltm_json.h"

static const char help[] =
    "usage: observa document add FILE --mission M --title T --kind K\n"
    "                            --direction handed_over|received [--meeting ID]\n"
    "                            [--date D] [--name NAME] [--content-type TYPE]\n"
    "       observa document list --mission M [--meeting ID] [--kind K]\n"
    "                             [--direction D] [--limit N] [--offset N]\n"
    "                             [--format text|json]\n"
    "       observa document show ID --mission M [--format text|json]\n"
    "       observa document get ID --mission M [-o FILE]\n"
    "       observa document delete ID --mission M\n\n"
    "The long-term log's documents: what the mission handed over or received.\n"
    "add stores FILE (at most 20 MiB) with its BLAKE2b-256 hash.  The kind is\n"
    "one of legal_review, monitoring_report, interim_report, statement, letter,\n"
    "complaint, minutes, programme, other.  --meeting ties it to the meeting it\n"
    "was handed over at; --date defaults to that meeting's date, else today.\n"
    "--name is the file name kept (default FILE's own), --content-type its\n"
    "media type (default guessed from the name).\n"
    "list prints the documents by date; as JSON {\"total\": N, \"items\": [...]}.\n"
    "show prints one document's description; get writes its bytes to standard\n"
    "output or to FILE (-o), after checking them against the stored hash.\n"
    "delete removes a document stored by mistake; the audit log keeps its\n"
    "description and hash.\n"
    "See docs/ltm.md.\n";

enum {
	OPT_MISSION = 1,
	OPT_TITLE,
	OPT_KIND,
	OPT_DIRECTION,
	OPT_MEETING,
	OPT_DATE,
	OPT_NAME,
	OPT_TYPE,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"title", required_argument, NULL, OPT_TITLE},
    {"kind", required_argument, NULL, OPT_KIND},
    {"direction", required_argument, NULL, OPT_DIRECTION},
    {"meeting", required_argument, NULL, OPT_MEETING},
    {"date", required_argument, NULL, OPT_DATE},
    {"name", required_argument, NULL, OPT_NAME},
    {"content-type", required_argument, NULL, OPT_TYPE},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *format, *path, *output;
	struct document d;        /* add */
	struct document_filter f; /* list */
	int64_t id;               /* show, get */
};

/* ---------------------------------------------------------- add */

/* The bytes of path, at most DOCUMENT_MAX_SIZE; the caller frees *out. */
static int read_file(const char *path, char **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat sb;
	size_t cap, n = 0, got;
	char *data;

	if (!fp) {
		errorf("cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	cap = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0
	          ? (size_t)sb.st_size + 1
	          : 65536;
	if (cap > DOCUMENT_MAX_SIZE + 1)
		cap = DOCUMENT_MAX_SIZE + 1;
	data = xmalloc(cap);
	while ((got = fread(data + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap && cap <= DOCUMENT_MAX_SIZE) {
			cap = cap * 2 > DOCUMENT_MAX_SIZE + 1 ? DOCUMENT_MAX_SIZE + 1
			                                      : cap * 2;
			data = xrealloc(data, cap);
		} else if (n == cap) {
			break;
		}
	}
	if (ferror(fp)) {
		errorf("cannot read %s: %s", path, strerror(errno));
		fclose(fp);
		free(data);
		return EXIT_FAIL;
	}
	fclose(fp);
	if (n > DOCUMENT_MAX_SIZE) {
		errorf("%s is larger than 20 MiB, the most a document may have", path);
		free(data);
		return EXIT_FAIL;
	}
	*out = data;
	*len = n;
	return EXIT_OK;
}

static int do_add(struct store *st, const struct mission *mi, struct args *a,
                  struct arena *ar)
{
	char hash[DOCUMENT_HASH_HEX + 1], today[21];
	char *data = NULL;
	size_t len = 0;
	int64_t id = 0;
	struct err e;
	int rc;

	err_clear(&e);
	rc = read_file(a->path, &data, &len);
	if (rc)
		return rc;
	a->d.size = (int64_t)len;
	if (!a->d.file_name) {
		const char *slash = strrchr(a->path, '/');
		a->d.file_name = slash ? slash + 1 : a->path;
	}
	if (!a->d.date && a->d.meeting_id) {
		struct meeting_row r;
		if (store_meeting_get(st, mi->id, a->d.meeting_id, ar, &r, &e)) {
			errorf("--meeting: %s", e.msg);
			free(data);
			return EXIT_FAIL;
		}
		a->d.date = r.date;
	}
	if (!a->d.date) {
		text_now_iso(today);
		today[10] = '\0';
		a->d.date = today;
	}
	if (document_prepare(&a->d, ar, &e) ||
	    store_document_add(st, mi->id, &a->d, data, &id, hash, &e)) {
		errorf("%s", e.msg);
		free(data);
		return EXIT_FAIL;
	}
	free(data);
	printf("document %lld stored: \"%s\" (%s, %s, %lld bytes, blake2b-256 %s)\n",
	       (long long)id, a->d.title, a->d.file_name, a->d.content_type,
	       (long long)a->d.size, hash);
	return EXIT_OK;
}

/* ---------------------------------------------------------- list, show */

static void print_line(const struct document *d)
{
	printf("%-5lld %s  %-11s  %-17s  %s  (%s, %lld bytes", (long long)d->id, d->date,
	       d->direction, d->kind, d->title, d->file_name, (long long)d->size);
	if (d->meeting_id)
		printf(", meeting %lld", (long long)d->meeting_id);
	printf(")\n");
}

static enum status list_one(void *ctx, const struct document *d)
{
	json_t *items = ctx;

	if (items)
		return json_array_append_new(items, document_to_json(d)) ? ST_NOMEM
		                                                         : ST_OK;
	print_line(d);
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *mi, const struct args *a)
{
	json_t *items = strcmp(a->format, "json") ? NULL : json_array();
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_document_list(st, mi->id, &a->f, &total, list_one, items, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (items) {
		json_t *j =
		    json_pack("{s:I, s:O}", "total", (json_int_t)total, "items", items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld document%s\n", (long long)total, total == 1 ? "" : "s");
	}
	json_decref(items);
	return rc;
}

/* Document a->id with its bytes, checked against the stored hash. */
static int load(struct store *st, const struct mission *mi, const struct args *a,
                struct arena *ar, struct document *d, const void **data)
{
	char hash[DOCUMENT_HASH_HEX + 1];
	struct err e;

	err_clear(&e);
	if (store_document_get(st, mi->id, a->id, ar, d, data, &e)) {
		errorf("%s ('observa document list --mission %s' lists them)", e.msg,
		       mi->code);
		return EXIT_FAIL;
	}
	document_hash(*data, (size_t)d->size, hash);
	if (strcmp(hash, d->hash)) {
		errorf(
		    "document %lld: its bytes no longer match the hash stored with them "
		    "(%s, now %s); the database is damaged",
		    (long long)a->id, d->hash, hash);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int do_show(struct store *st, const struct mission *mi, const struct args *a,
                   struct arena *ar)
{
	struct document d;
	const void *data;
	json_t *j;

	if (load(st, mi, a, ar, &d, &data))
		return EXIT_FAIL;
	j = document_to_json(&d);
	if (!strcmp(a->format, "json")) {
		cli_print_json(j);
	} else {
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v)
		{
			char *text = json_dumps(v, JSON_ENCODE_ANY);
			printf("%-13s %s\n", key,
			       json_is_string(v) ? json_string_value(v) : text);
			free(text);
		}
	}
	json_decref(j);
	return EXIT_OK;
}

static int do_get(struct store *st, const struct mission *mi, const struct args *a,
                  struct arena *ar)
{
	struct document d;
	const void *data;
	FILE *fp = stdout;
	int rc = EXIT_OK;

	if (load(st, mi, a, ar, &d, &data))
		return EXIT_FAIL;
	if (a->output && strcmp(a->output, "-")) {
		fp = fopen(a->output, "wb");
		if (!fp) {
			errorf("cannot create %s: %s", a->output, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (fwrite(data, 1, (size_t)d.size, fp) != (size_t)d.size || fflush(fp)) {
		errorf("cannot write %s: %s",
		       fp == stdout ? "standard output" : a->output, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (fp != stdout && fclose(fp) && !rc) {
		errorf("cannot write %s: %s", a->output, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (!rc && fp != stdout)
		notef("wrote %s: %lld bytes, blake2b-256 %s", a->output,
		      (long long)d.size, d.hash);
	return rc;
}

static int do_delete(struct store *st, const struct mission *mi, const struct args *a)
{
	struct err e;

	err_clear(&e);
	if (store_document_delete(st, mi->id, a->id, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("document %lld removed from %s's log\n", (long long)a->id, mi->code);
	return EXIT_OK;
}

/* ---------------------------------------------------------- main */

static int take(struct args *a, int opt, const char *arg)
{
	bool add = !strcmp(a->sub, "add"), list = !strcmp(a->sub, "list");

	switch (opt) {
	case OPT_MISSION:
		a->mission = arg;
		return EXIT_OK;
	case OPT_TITLE:
	case OPT_DATE:
	case OPT_NAME:
	case OPT_TYPE:
		if (!add)
			break;
		if (opt == OPT_TITLE)
			a->d.title = arg;
		else if (opt == OPT_DATE)
			a->d.date = arg;
		else if (opt == OPT_NAME)
			a->d.file_name = arg;
		else
			a->d.content_type = arg;
		return EXIT_OK;
	case OPT_KIND:
	case OPT_DIRECTION:
		if (add) {
			*(opt == OPT_KIND ? &a->d.kind : &a->d.direction) = arg;
			return EXIT_OK;
		}
		if (!list)
			break;
		if (opt == OPT_KIND) {
			a->f.kind = document_kind_canonical(arg);
			if (!a->f.kind)
				return usage_error("document",
				                   "--kind \"%s\" is not one of: %s", arg,
				                   document_kinds_list());
			return EXIT_OK;
		}
		a->f.direction = document_direction_canonical(arg);
		if (!a->f.direction)
			return usage_error(
			    "document",
			    "--direction is handed_over or received, not \"%s\"", arg);
		return EXIT_OK;
	case OPT_MEETING:
		if (!add && !list)
			break;
		if (!text_int64(arg, 1, INT64_MAX,
		                add ? &a->d.meeting_id : &a->f.meeting_id))
			return usage_error("document",
			                   "--meeting wants a meeting's ID (a number)");
		return EXIT_OK;
	case OPT_LIMIT:
	case OPT_OFFSET:
		if (!list)
			break;
		if (!text_int64(arg, 0, INT64_MAX,
		                opt == OPT_LIMIT ? &a->f.limit : &a->f.offset))
			return usage_error("document", "--%s wants a number",
			                   opt == OPT_LIMIT ? "limit" : "offset");
		return EXIT_OK;
	case OPT_FORMAT:
		if (!list && strcmp(a->sub, "show"))
			break;
		if (strcmp(arg, "text") && strcmp(arg, "json"))
			return usage_error("document", "--format is text or json");
		a->format = arg;
		return EXIT_OK;
	case 'o':
		if (strcmp(a->sub, "get"))
			break;
		a->output = arg;
		return EXIT_OK;
	default:
		return usage_error("document", "unknown option");
	}
	return usage_error("document", "%s does not take this option", a->sub);
}

static int positionals(struct args *a, int argc, char **argv)
{
	if (!strcmp(a->sub, "add")) {
		if (optind >= argc)
			return usage_error("document", "add needs the FILE to store");
		a->path = argv[optind++];
		if (!a->d.title || !a->d.kind || !a->d.direction)
			return usage_error("document",
			                   "add needs --title, --kind and --direction");
	} else if (strcmp(a->sub, "list")) {
		if (optind >= argc)
			return usage_error("document", "%s needs the document's ID",
			                   a->sub);
		if (!text_int64(argv[optind], 1, INT64_MAX, &a->id))
			return usage_error("document",
			                   "\"%s\" is not a document's ID (a number)",
			                   argv[optind]);
		optind++;
	}
	if (optind < argc)
		return usage_error("document", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!a->mission)
		return usage_error("document", "which mission? give --mission CODE");
	return EXIT_OK;
}

int cmd_document(int argc, char **argv)
{
	struct args a = {.format = "text"};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct mission mi;
	int opt, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	a.sub = argv[1];
	if (strcmp(a.sub, "add") && strcmp(a.sub, "list") && strcmp(a.sub, "show") &&
	    strcmp(a.sub, "get") && strcmp(a.sub, "delete"))
		return usage_error("document", "unknown subcommand \"%s\"", a.sub);
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		rc = take(&a, opt, optarg);
		if (rc)
			return rc;
	}
	rc = positionals(&a, argc, argv);
	if (rc)
		return rc;
	rc = cli_open_store(&st);
	if (!rc)
		rc = cli_load_mission(st, a.mission, &ar, &mi);
	if (rc)
		goto out;
	if (!strcmp(a.sub, "add"))
		rc = do_add(st, &mi, &a, &ar);
	else if (!strcmp(a.sub, "list"))
		rc = do_list(st, &mi, &a);
	else if (!strcmp(a.sub, "show"))
		rc = do_show(st, &mi, &a, &ar);
	else if (!strcmp(a.sub, "get"))
		rc = do_get(st, &mi, &a, &ar);
	else
		rc = do_delete(st, &mi, &a);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}
