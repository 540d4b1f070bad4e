/* cmd_meeting.c - "observa meeting add|update|list|show|import|delete": the
 * long-term monitoring log's meetings with the election commission,
 * parliament, candidates, parties and the others a mission meets in the
 * weeks before the vote (docs/ltm.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/csv_file.h"
#include "ingest/import_meetings.h"
#include "model/ltm_json.h"
#include "report/ltm_report.h"
#include "report/ltm_text.h"

static const char help[] =
    "usage: observa meeting add --mission M --date D --institution-kind K\n"
    "                           --institution NAME [--time HH:MM] [--place P]\n"
    "                           [--counterpart WHO] [--participants LIST]\n"
    "                           [--topics T] [--summary TEXT | --summary-file F]\n"
    "                           [--follow-ups TEXT] [--format text|json]\n"
    "       observa meeting update ID --mission M [the options of add]\n"
    "       observa meeting list --mission M [--from D] [--to D] [--kind K]\n"
    "                            [--search TEXT] [--limit N] [--offset N]\n"
    "                            [--format text|json]\n"
    "       observa meeting show ID --mission M [--format text|json]\n"
    "       observa meeting import FILE --mission M [--dry-run]\n"
    "       observa meeting delete ID --mission M\n\n"
    "The long-term log: whom the mission met in the weeks before the vote.\n"
    "add logs one meeting.  The institution kind is one of election_commission,\n"
    "parliament, candidate, party, local_authority, media, civil_society,\n"
    "government, international, other (CEC, Mazhilis, Senate, akimat, NGO ...\n"
    "are understood).  --participants lists the mission's people, separated\n"
    "by ';', each an observer's code (IPA-001) or a name.  --summary-file reads\n"
    "the summary from a file (- for standard input).  A meeting is known by its\n"
    "date, time, institution and counterpart: one logged twice is refused.\n"
    "update changes the fields given and keeps the others; an empty value\n"
    "(--place \"\") empties an optional field.\n"
    "list prints the meetings by date and time, those matching every filter:\n"
    "dates from and to (both included), kind, and --search words, each of\n"
    "which must occur in the counterpart, institution, topics or summary.  As\n"
    "JSON the output is {\"total\": N, \"items\": [...]}.\n"
    "show prints one meeting with its documents and the observers among its\n"
    "participants.  import reads a CSV file of meetings (columns date, time,\n"
    "place, counterpart, institution_kind, institution, participants, topics,\n"
    "summary, follow_ups), all or nothing; importing it again changes nothing.\n"
    "delete removes a meeting without documents.  See docs/ltm.md.\n";

enum {
	OPT_MISSION = 1,
	OPT_DATE,
	OPT_TIME,
	OPT_PLACE,
	OPT_COUNTERPART,
	OPT_KIND,
	OPT_INSTITUTION,
	OPT_PARTICIPANTS,
	OPT_TOPICS,
	OPT_SUMMARY,
	OPT_SUMMARY_FILE,
	OPT_FOLLOW_UPS,
	OPT_FROM,
	OPT_TO,
	OPT_SEARCH,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_FORMAT,
	OPT_DRY_RUN
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"date", required_argument, NULL, OPT_DATE},
    {"time", required_argument, NULL, OPT_TIME},
    {"place", required_argument, NULL, OPT_PLACE},
    {"counterpart", required_argument, NULL, OPT_COUNTERPART},
    {"institution-kind", required_argument, NULL, OPT_KIND},
    {"kind", required_argument, NULL, OPT_KIND},
    {"institution", required_argument, NULL, OPT_INSTITUTION},
    {"participants", required_argument, NULL, OPT_PARTICIPANTS},
    {"topics", required_argument, NULL, OPT_TOPICS},
    {"summary", required_argument, NULL, OPT_SUMMARY},
    {"summary-file", required_argument, NULL, OPT_SUMMARY_FILE},
    {"follow-ups", required_argument, NULL, OPT_FOLLOW_UPS},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *format, *summary_file, *path;
	struct meeting m;        /* add */
	struct meeting_filter f; /* list */
	int64_t id;              /* update, show, delete */
	bool dry_run;
};

/* ---------------------------------------------------------- add */

/* The whole of path ("-": standard input) as text in a. */
static int read_text(const char *path, struct arena *a, const char **out)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	struct buf b;
	char chunk[8192];
	size_t n;
	int rc = EXIT_OK;

	if (!fp) {
		errorf("cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	buf_init(&b, MEETING_SUMMARY_MAX + 1);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(&b, chunk, n)) {
			errorf("%s: a summary may have at most %d bytes", path,
			       MEETING_SUMMARY_MAX);
			rc = EXIT_FAIL;
			break;
		}
	if (!rc && ferror(fp)) {
		errorf("cannot read %s: %s", path, strerror(errno));
		rc = EXIT_FAIL;
	}
	if (!rc && memchr(b.ptr ? b.ptr : "", '\0', b.len)) {
		errorf("%s: holds a NUL byte; the summary is text", path);
		rc = EXIT_FAIL;
	}
	if (!rc)
		*out = arena_strndup(a, b.ptr ? b.ptr : "", b.len);
	buf_release(&b);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* "2023-02-22 10:00" or "2023-02-22". */
static void print_when(const char *date, const char *time)
{
	printf("%s%s%s", date, time ? " " : "", time ? time : "");
}

static int do_add(struct store *st, const struct mission *mi, struct args *a,
                  struct arena *ar)
{
	struct meeting_row r;
	int64_t id = 0;
	struct err e;

	err_clear(&e);
	if (a->summary_file && read_text(a->summary_file, ar, &a->m.summary))
		return EXIT_FAIL;
	if (meeting_prepare(&a->m, ar, &e) ||
	    store_meeting_add(st, mi->id, &a->m, &id, &e) ||
	    store_meeting_get(st, mi->id, id, ar, &r, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (!strcmp(a->format, "json")) {
		json_t *j = ltm_meeting_json(&r);
		cli_print_json(j);
		json_decref(j);
		return EXIT_OK;
	}
	printf("meeting %lld logged: ", (long long)id);
	print_when(r.date, r.time);
	printf(", %s (%s)%s%s\n", r.institution, r.institution_kind,
	       r.counterpart ? ", " : "", r.counterpart ? r.counterpart : "");
	return EXIT_OK;
}

/* The options given to update, laid over the stored meeting m. */
static void overlay(struct meeting *m, const struct meeting *given)
{
	const char *const *from[] = {
	    &given->date,
	    &given->time,
	    &given->place,
	    &given->counterpart,
	    &given->institution_kind,
	    &given->institution,
	    &given->participants,
	    &given->topics,
	    &given->summary,
	    &given->follow_ups,
	};
	const char **to[] = {
	    &m->date,
	    &m->time,
	    &m->place,
	    &m->counterpart,
	    &m->institution_kind,
	    &m->institution,
	    &m->participants,
	    &m->topics,
	    &m->summary,
	    &m->follow_ups,
	};

	for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++)
		if (*from[i])
			*to[i] = *from[i];
}

static int do_update(struct store *st, const struct mission *mi, struct args *a,
                     struct arena *ar)
{
	struct meeting_row r;
	struct meeting m;
	bool changed = false;
	struct err e;

	err_clear(&e);
	if (a->summary_file && read_text(a->summary_file, ar, &a->m.summary))
		return EXIT_FAIL;
	if (store_meeting_get(st, mi->id, a->id, ar, &r, &e)) {
		errorf("%s ('observa meeting list --mission %s' lists them)", e.msg,
		       mi->code);
		return EXIT_FAIL;
	}
	store_meeting_of_row(&r, &m);
	overlay(&m, &a->m);
	m.id = a->id;
	if (meeting_prepare(&m, ar, &e) ||
	    store_meeting_update(st, mi->id, &m, &changed, &e) ||
	    store_meeting_get(st, mi->id, a->id, ar, &r, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (!strcmp(a->format, "json")) {
		json_t *j = ltm_meeting_json(&r);
		cli_print_json(j);
		json_decref(j);
		return EXIT_OK;
	}
	printf("meeting %lld %s: ", (long long)a->id, changed ? "updated" : "unchanged");
	print_when(r.date, r.time);
	printf(", %s (%s)%s%s\n", r.institution, r.institution_kind,
	       r.counterpart ? ", " : "", r.counterpart ? r.counterpart : "");
	return EXIT_OK;
}

/* ---------------------------------------------------------- list */

static enum status list_one(void *ctx, const struct meeting_row *m)
{
	json_t *items = ctx;

	if (items)
		return json_array_append_new(items, ltm_meeting_json(m)) ? ST_NOMEM
		                                                         : ST_OK;
	printf("%-5lld ", (long long)m->id);
	print_when(m->date, m->time);
	printf("%s  %-19s  %s", m->time ? "" : "      ", m->institution_kind,
	       m->institution);
	if (m->counterpart)
		printf(" (%s)", m->counterpart);
	if (m->ndocuments)
		printf("  [%lld document%s]", (long long)m->ndocuments,
		       m->ndocuments == 1 ? "" : "s");
	printf("\n");
	if (m->topics)
		printf("      %s\n", m->topics);
	return ST_OK;
}

static int do_list(struct store *st, const struct mission *mi, const struct args *a)
{
	json_t *items = strcmp(a->format, "json") ? NULL : json_array();
	int64_t total = 0;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	if (store_meeting_list(st, mi->id, &a->f, &total, list_one, items, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
	} else if (items) {
		json_t *j =
		    json_pack("{s:I, s:O}", "total", (json_int_t)total, "items", items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld meeting%s\n", (long long)total, total == 1 ? "" : "s");
	}
	json_decref(items);
	return rc;
}

/* ---------------------------------------------------------- show */

static int do_show(struct store *st, const struct mission *mi, const struct args *a,
                   struct arena *ar)
{
	struct meeting_row r;
	json_t *j;
	struct err e;

	err_clear(&e);
	if (store_meeting_get(st, mi->id, a->id, ar, &r, &e)) {
		errorf("%s ('observa meeting list --mission %s' lists them)", e.msg,
		       mi->code);
		return EXIT_FAIL;
	}
	j = ltm_meeting_detail(st, mi->id, &r, &e);
	if (!j) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (!strcmp(a->format, "json"))
		cli_print_json(j);
	else
		ltm_meeting_text(stdout, j);
	json_decref(j);
	return EXIT_OK;
}

/* ---------------------------------------------------------- import, delete */

static int do_import(struct store *st, const struct mission *mi, const struct args *a)
{
	struct import_opts io = {.dry_run = a->dry_run};
	struct import_counts c;
	struct csv_reader r;
	struct stat sb;
	FILE *fp = NULL;
	struct err e;
	int rc;

	err_clear(&e);
	if (csv_file_open(a->path, &fp, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
		io.input_size = (long long)sb.st_size;
	csv_open_file(&r, fp);
	rc = import_meetings(&r, st, mi, &io, &c, &e) ? EXIT_FAIL : EXIT_OK;
	csv_close(&r);
	csv_file_close(fp);
	if (rc) {
		errorf("%s: %s", strcmp(a->path, "-") ? a->path : "stdin", e.msg);
		notef("nothing was imported");
		return rc;
	}
	printf("%s %lld meeting%s into %s: %lld new, %lld updated, %lld unchanged\n",
	       a->dry_run ? "would import" : "imported", c.rows, c.rows == 1 ? "" : "s",
	       mi->code, c.inserted, c.updated, c.unchanged);
	return EXIT_OK;
}

static int do_delete(struct store *st, const struct mission *mi, const struct args *a)
{
	struct err e;

	err_clear(&e);
	if (store_meeting_delete(st, mi->id, a->id, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("meeting %lld removed from %s's log\n", (long long)a->id, mi->code);
	return EXIT_OK;
}

/* ---------------------------------------------------------- main */

/* The option's value for sub, or a usage error when sub does not take it. */
static int take(struct args *a, int opt, const char *arg)
{
	static const struct {
		int opt;
		const char *subs;
	} where[] = {
	    {OPT_DATE, "add update"},
	    {OPT_TIME, "add update"},
	    {OPT_PLACE, "add update"},
	    {OPT_COUNTERPART, "add update"},
	    {OPT_KIND, "add update list"},
	    {OPT_INSTITUTION, "add update"},
	    {OPT_PARTICIPANTS, "add update"},
	    {OPT_TOPICS, "add update"},
	    {OPT_SUMMARY, "add update"},
	    {OPT_SUMMARY_FILE, "add update"},
	    {OPT_FOLLOW_UPS, "add update"},
	    {OPT_FROM, "list"},
	    {OPT_TO, "list"},
	    {OPT_SEARCH, "list"},
	    {OPT_LIMIT, "list"},
	    {OPT_OFFSET, "list"},
	    {OPT_FORMAT, "add update list show"},
	    {OPT_DRY_RUN, "import"},
	};
	const char *kind;

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (where[i].opt == opt && !strstr(where[i].subs, a->sub))
			return usage_error("meeting", "%s does not take this option",
			                   a->sub);
	switch (opt) {
	case OPT_MISSION:
		a->mission = arg;
		break;
	case OPT_DATE:
		a->m.date = arg;
		break;
	case OPT_TIME:
		a->m.time = arg;
		break;
	case OPT_PLACE:
		a->m.place = arg;
		break;
	case OPT_COUNTERPART:
		a->m.counterpart = arg;
		break;
	case OPT_INSTITUTION:
		a->m.institution = arg;
		break;
	case OPT_PARTICIPANTS:
		a->m.participants = arg;
		break;
	case OPT_TOPICS:
		a->m.topics = arg;
		break;
	case OPT_SUMMARY:
		a->m.summary = arg;
		break;
	case OPT_SUMMARY_FILE:
		a->summary_file = arg;
		break;
	case OPT_FOLLOW_UPS:
		a->m.follow_ups = arg;
		break;
	case OPT_SEARCH:
		a->f.q = arg;
		break;
	case OPT_DRY_RUN:
		a->dry_run = true;
		break;
	case OPT_KIND:
		if (strcmp(a->sub, "list")) {
			a->m.institution_kind = arg;
			break;
		}
		kind = meeting_kind_canonical(arg);
		if (!kind)
			return usage_error("meeting", "--kind \"%s\" is not one of: %s",
			                   arg, meeting_kinds_list());
		a->f.institution_kind = kind;
		break;
	case OPT_FROM:
	case OPT_TO:
		if (!text_is_date(arg))
			return usage_error("meeting",
			                   "--%s wants a date YYYY-MM-DD, not \"%s\"",
			                   opt == OPT_FROM ? "from" : "to", arg);
		*(opt == OPT_FROM ? &a->f.from : &a->f.to) = arg;
		break;
	case OPT_LIMIT:
	case OPT_OFFSET:
		if (!text_int64(arg, 0, INT64_MAX,
		                opt == OPT_LIMIT ? &a->f.limit : &a->f.offset))
			return usage_error("meeting", "--%s wants a number",
			                   opt == OPT_LIMIT ? "limit" : "offset");
		break;
	case OPT_FORMAT:
		if (strcmp(arg, "text") && strcmp(arg, "json"))
			return usage_error("meeting", "--format is text or json");
		a->format = arg;
		break;
	default:
		return usage_error("meeting", "unknown option");
	}
	return EXIT_OK;
}

/* The positional arguments of a->sub. */
static int positionals(struct args *a, int argc, char **argv)
{
	if (!strcmp(a->sub, "show") || !strcmp(a->sub, "delete") ||
	    !strcmp(a->sub, "update")) {
		if (optind >= argc)
			return usage_error("meeting", "%s needs the meeting's ID",
			                   a->sub);
		if (!text_int64(argv[optind], 1, INT64_MAX, &a->id))
			return usage_error("meeting",
			                   "\"%s\" is not a meeting's ID (a number)",
			                   argv[optind]);
		optind++;
	} else if (!strcmp(a->sub, "import")) {
		if (optind >= argc)
			return usage_error(
			    "meeting",
			    "which file? give FILE.csv, or - for standard input");
		a->path = argv[optind++];
	}
	if (optind < argc)
		return usage_error("meeting", "unexpected argument \"%s\"", argv[optind]);
	if (a->m.summary && a->summary_file)
		return usage_error("meeting",
		                   "give --summary or --summary-file, not both");
	if (!strcmp(a->sub, "add") &&
	    (!a->m.date || !a->m.institution_kind || !a->m.institution))
		return usage_error(
		    "meeting", "add needs --date, --institution-kind and --institution");
	if (!a->mission)
		return usage_error("meeting", "which mission? give --mission CODE");
	return EXIT_OK;
}

int cmd_meeting(int argc, char **argv)
{
	static const char *const subs[] = {"add",  "update", "list",
	                                   "show", "import", "delete"};
	struct args a = {.format = "text"};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct mission mi;
	bool known = false;
	int opt, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	a.sub = argv[1];
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		known = known || !strcmp(a.sub, subs[i]);
	if (!known)
		return usage_error("meeting", "unknown subcommand \"%s\"", a.sub);
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
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
	else if (!strcmp(a.sub, "update"))
		rc = do_update(st, &mi, &a, &ar);
	else if (!strcmp(a.sub, "list"))
		rc = do_list(st, &mi, &a);
	else if (!strcmp(a.sub, "show"))
		rc = do_show(st, &mi, &a, &ar);
	else if (!strcmp(a.sub, "import"))
		rc = do_import(st, &mi, &a);
	else
		rc = do_delete(st, &mi, &a);
out:
	store_close(st);
	arena_release(&ar);
	return rc;
}
