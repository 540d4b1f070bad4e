/* cmd_report_block.c - "observa report block set|list": the texts of the
 * statement the head of mission writes (summary, conclusions,
 * recommendations), one per mission, language and key, stored and
 * audited; the statement shows a placeholder where one is empty. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "model/statement_block.h"

static const char block_help[] =
    "usage: observa report block set KEY --mission M --lang en|ru --file FILE\n"
    "       observa report block list --mission M [--lang en|ru] [--format text|json]\n\n"
    "The blocks of the statement written by the head of mission: KEY is summary,\n"
    "conclusions or recommendations.  FILE is plain UTF-8 text (\"-\" reads\n"
    "standard input); paragraphs are separated by blank lines.  An empty file\n"
    "empties the block, and the statement shows its placeholder again.  Every\n"
    "change is kept in the audit log.  See docs/statement.md.\n";

/* The whole of path ("-": standard input) in b, at most the block's size. */
static int read_text(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[8192];
	size_t n;
	int rc = EXIT_OK;

	if (!f) {
		errorf("%s: cannot open", path);
		return EXIT_FAIL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n)) {
			errorf("%s: more than %d bytes, the most a block may hold", path,
			       STATEMENT_BLOCK_MAX);
			rc = EXIT_FAIL;
			break;
		}
	if (!rc && ferror(f)) {
		errorf("%s: cannot read", path);
		rc = EXIT_FAIL;
	}
	if (f != stdin)
		fclose(f);
	if (!rc && memchr(b->ptr, '\0', b->len)) {
		errorf("%s: holds a NUL byte; a block is plain text", path);
		rc = EXIT_FAIL;
	}
	return rc;
}

static int block_set(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_LANG, OPT_FILE };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"file", required_argument, NULL, OPT_FILE},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *lang = NULL, *file = NULL, *key;
	static const char *const said[] = {"added", "changed", "unchanged"};
	struct statement_block_row row = {0};
	enum upsert_result res;
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct buf text;
	struct err e;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(block_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_LANG:
			lang = optarg;
			break;
		case OPT_FILE:
			file = optarg;
			break;
		default:
			return usage_error("report block set", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return usage_error(
		    "report block set",
		    "give one KEY: summary, conclusions or recommendations");
	key = argv[optind];
	if (!statement_block_key_valid(key))
		return usage_error("report block set",
		                   "\"%s\" is not a block: summary, conclusions or "
		                   "recommendations",
		                   key);
	if (!mission_code)
		return usage_error("report block set",
		                   "which mission? give --mission CODE");
	if (!lang || !statement_lang_valid(lang))
		return usage_error("report block set", "give --lang en or --lang ru");
	if (!file)
		return usage_error("report block set",
		                   "give --file FILE (\"-\": standard input)");
	buf_init(&text, STATEMENT_BLOCK_MAX);
	rc = read_text(file, &text);
	if (rc)
		goto out;
	rc = cli_open_store(&st);
	if (rc)
		goto out;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	row = (struct statement_block_row){.lang = lang, .key = key, .text = text.ptr};
	if (store_statement_block_put(st, m.id, &row, &res, &e)) {
		errorf("%s: %s", file, e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	notef("block %s (%s) of %s %s", key, lang, m.code, said[res]);
out:
	buf_release(&text);
	store_close(st);
	arena_release(&a);
	return rc;
}

struct listing {
	json_t *items;
	bool json;
};

static enum status list_one(void *ctx, const struct statement_block_row *b)
{
	struct listing *l = ctx;

	if (l->json) {
		json_array_append_new(
		    l->items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "lang", b->lang,
		                        "key", b->key, "text", b->text, "updated_at",
		                        b->updated_at, "updated_by", b->updated_by));
		return ST_OK;
	}
	printf("%s  %-15s  %s by %s%s\n", b->lang, b->key, b->updated_at, b->updated_by,
	       statement_block_empty(b->text) ? "  (empty)" : "");
	if (!statement_block_empty(b->text))
		printf("%s%s\n", b->text,
		       b->text[0] && b->text[strlen(b->text) - 1] == '\n' ? "" : "\n");
	return ST_OK;
}

static int block_list(int argc, char **argv)
{
	enum { OPT_MISSION = 1, OPT_LANG, OPT_FORMAT };
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, OPT_MISSION},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	const char *mission_code = NULL, *lang = NULL;
	struct listing l = {NULL, false};
	struct arena a = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	struct err e;
	int opt, rc;

	err_clear(&e);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(block_help, stdout);
			return EXIT_OK;
		case OPT_MISSION:
			mission_code = optarg;
			break;
		case OPT_LANG:
			lang = optarg;
			if (!statement_lang_valid(lang))
				return usage_error("report block list",
				                   "--lang is en or ru");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("report block list",
				                   "--format is text or json");
			l.json = !strcmp(optarg, "json");
			break;
		default:
			return usage_error("report block list", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("report block list", "unexpected argument \"%s\"",
		                   argv[optind]);
	if (!mission_code)
		return usage_error("report block list",
		                   "which mission? give --mission CODE");
	rc = cli_open_store(&st);
	if (rc)
		return rc;
	rc = cli_load_mission(st, mission_code, &a, &m);
	if (rc)
		goto out;
	l.items = json_array();
	if (store_statement_block_list(st, m.id, lang, list_one, &l, &e)) {
		errorf("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	if (l.json) {
		json_t *doc =
		    json_pack("{s:s, s:O}", "mission", m.code, "items", l.items);
		cli_print_json(doc);
		json_decref(doc);
	}
out:
	json_decref(l.items);
	store_close(st);
	arena_release(&a);
	return rc;
}

int cmd_report_block(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(block_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "set"))
		return block_set(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return block_list(argc - 1, argv + 1);
	return usage_error("report block", "\"%s\" is not set or list", argv[1]);
}
