/* cmd_sms.c - "observa sms secret|parse|receive|log": the mission's
 * webhook secret for SMS gateways, how a message would be read and
 * answered, a message received by hand (as from a gateway), and the log
 * of messages with their outcomes.  The gateway's settings and
 * broadcasts have files of their own (cmd_sms_gateway.c,
 * cmd_sms_broadcast.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "ingest/intake.h"
#include "ingest/sms_intake.h"
#include "ingest/sms_json.h"
#include "model/sms_secret.h"
#include "store/writer.h"

static const char help[] =
    "usage: observa sms secret --mission M [--renew]\n"
    "       observa sms parse --mission M --from PHONE TEXT [--format text|json]\n"
    "       observa sms receive --mission M --from PHONE TEXT [--format text|json]\n"
    "       observa sms log --mission M [--status S] [--phone PHONE] [--outbox]\n"
    "                       [--limit N] [--offset N] [--format text|json]\n"
    "       observa sms gateway ...     (observa sms gateway --help)\n"
    "       observa sms broadcast ...   (observa sms broadcast --help)\n\n"
    "secret makes the mission's shared secret that SMS gateways send with\n"
    "each message (POST /sms/generic/M, field \"secret\") and prints it, once,\n"
    "as the last line; only its hash is kept.  --renew replaces it.\n"
    "parse shows how a message from PHONE would be read (form, station,\n"
    "answers, problems) and the reply it would get, storing nothing.\n"
    "receive stores and reads the message as a gateway's would be (gateway\n"
    "\"cli\"), for messages that reached the mission another way; the reply\n"
    "is queued.\n"
    "log lists inbound messages, newest first, with their outcome (status\n"
    "received, accepted, rejected, duplicate or unknown_sender) and reply;\n"
    "--outbox lists outbound messages instead (status queued, sending, sent,\n"
    "delivered, undelivered or failed).  As JSON {\"total\": N, \"items\": [...]}.\n"
    "The message syntax is in docs/sms.md.\n";

enum {
	OPT_MISSION = 1,
	OPT_RENEW,
	OPT_FROM,
	OPT_FORMAT,
	OPT_STATUS,
	OPT_PHONE,
	OPT_OUTBOX,
	OPT_LIMIT,
	OPT_OFFSET
};

static const struct option opts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"renew", no_argument, NULL, OPT_RENEW},
    {"from", required_argument, NULL, OPT_FROM},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"status", required_argument, NULL, OPT_STATUS},
    {"phone", required_argument, NULL, OPT_PHONE},
    {"outbox", no_argument, NULL, OPT_OUTBOX},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    CLI_COMMON_OPTIONS,
    {0},
};

struct args {
	const char *sub, *mission, *from, *text;
	bool renew, json, outbox;
	struct sms_filter f;
};

/* ------------------------------------------------------------- secret */

static int secret(struct store *st, const struct mission *m, const struct args *a,
                  struct arena *ar)
{
	unsigned char raw[24];
	char
	    text[sodium_base64_ENCODED_LEN(24, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char hex[SMS_SECRET_HASH_LEN + 1];
	struct sms_config c = {0};
	struct err e;
	enum status rc;

	rc = store_sms_config_get(st, m->id, ar, &c, &e);
	if (rc && rc != ST_NOT_FOUND) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	if (c.secret_hash && !a->renew) {
		errorf(
		    "mission %s already has an SMS secret, which cannot be shown again; "
		    "--renew makes a new one (gateways must then be given it)",
		    m->code);
		return EXIT_FAIL;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(text, sizeof(text), raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sms_secret_hash(text, hex);
	c.secret_hash = hex;
	if (store_sms_config_put(st, m->id, &c, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("SMS webhook secret of mission %s (shown once; gateways send it as\n"
	       "the field \"secret\" of POST /sms/generic/%s):\n%s\n",
	       m->code, m->code, text);
	return EXIT_OK;
}

/* ------------------------------------------------------ parse, receive */

static void print_result(const struct sms_result *r, bool json)
{
	const json_t *p;
	size_t i;

	if (json) {
		json_t *j = sms_result_json(r);

		if (r->reading)
			json_object_set(j, "reading", r->reading);
		cli_print_json(j);
		json_decref(j);
		return;
	}
	if (r->reading) {
		char *answers =
		    json_dumps(json_object_get(r->reading, "answers"), JSON_COMPACT);
		const char *form = json_string_value(json_object_get(r->reading, "form"));
		const char *station =
		    json_string_value(json_object_get(r->reading, "station"));

		printf("form:     %s\nstation:  %s\nanswers:  %s\n", form ? form : "-",
		       station ? station : "-", answers ? answers : "{}");
		free(answers);
	}
	printf("observer: %s\nstatus:   %s\n", r->observer ? r->observer : "unknown",
	       r->status);
	if (r->message_id)
		printf("message:  %lld\n", (long long)r->message_id);
	if (r->submission_id)
		printf("report:   %lld\n", (long long)r->submission_id);
	json_array_foreach(r->problems, i, p)
	{
		const char *tag = json_string_value(json_object_get(p, "tag"));
		const char *field = json_string_value(json_object_get(p, "field"));

		const char *msg = json_string_value(json_object_get(p, "message"));

		/* The reader's own problems name their tag in the message. */
		if (field && !strcmp(field, "sms"))
			printf("problem:  %s\n", msg);
		else
			printf("problem:  %s: %s\n",
			       tag     ? tag
			       : field ? field
			               : "message",
			       msg);
	}
	printf("reply:    %s\n", r->reply ? r->reply : "");
}

static int read_message(struct store *st, const struct mission *m, const struct args *a)
{
	struct sms_inbound msg = {.gateway = "cli",
	                          .from = a->from,
	                          .text = a->text,
	                          .len = strlen(a->text),
	                          .origin = "local"};
	struct intake *in = intake_new();
	struct writer *w = NULL;
	struct sms_result r = {0};
	struct err e;
	enum status rc;
	int code = EXIT_OK;

	err_clear(&e);
	if (!strcmp(a->sub, "parse")) {
		rc = sms_preview(in, st, m, &msg, &r, &e);
	} else {
		rc = writer_start(cli_db_url, &w, &e);
		if (!rc)
			rc = sms_receive(in, st, w, m, &msg, &r, &e);
	}
	if (rc) {
		errorf("%s", e.msg);
		code = EXIT_FAIL;
	} else {
		print_result(&r, a->json);
	}
	sms_result_release(&r);
	writer_stop(w);
	intake_free(in);
	return code;
}

/* ----------------------------------------------------------------- log */

struct log_ctx {
	json_t *items;
	bool json;
};

static enum status log_in(void *ctx, const struct sms_in_row *r)
{
	struct log_ctx *l = ctx;

	if (l->json) {
		json_array_append_new(l->items, sms_in_json(r));
		return ST_OK;
	}
	printf("%lld  %s  %s (%s)  %s\n  < %s\n", (long long)r->id, r->received_at,
	       r->phone, r->observer ? r->observer : "unknown", r->status, r->text);
	if (r->reply)
		printf("  > %s\n", r->reply);
	return ST_OK;
}

static enum status log_out(void *ctx, const struct sms_out_row *r)
{
	struct log_ctx *l = ctx;

	if (l->json) {
		json_array_append_new(l->items, sms_out_json(r));
		return ST_OK;
	}
	printf("%lld  %s  %s (%s)  %s %s, %lld attempt%s%s%s\n  > %s\n", (long long)r->id,
	       r->created_at, r->phone, r->observer ? r->observer : "-", r->kind,
	       r->status, (long long)r->attempts, r->attempts == 1 ? "" : "s",
	       r->last_error ? ": " : "", r->last_error ? r->last_error : "", r->text);
	return ST_OK;
}

static int log_list(struct store *st, const struct mission *m, const struct args *a)
{
	struct log_ctx l = {json_array(), a->json};
	int64_t total = 0;
	struct err e;
	enum status rc;

	rc = a->outbox ? store_sms_out_list(st, m->id, &a->f, &total, log_out, &l, &e)
	               : store_sms_in_list(st, m->id, &a->f, &total, log_in, &l, &e);
	if (rc) {
		errorf("%s", e.msg);
		json_decref(l.items);
		return EXIT_FAIL;
	}
	if (a->json) {
		json_t *j =
		    json_pack("{s:I, s:O}", "total", (json_int_t)total, "items", l.items);
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("%lld message%s\n", (long long)total, total == 1 ? "" : "s");
	}
	json_decref(l.items);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- main */

static int parse_args(int argc, char **argv, struct args *a)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_common_option(opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			fputs(help, stdout);
			return -1;
		case OPT_MISSION:
			a->mission = optarg;
			break;
		case OPT_RENEW:
			a->renew = true;
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("sms", "--format: text or json");
			a->json = !strcmp(optarg, "json");
			break;
		case OPT_STATUS:
			a->f.status = optarg;
			break;
		case OPT_PHONE:
			a->f.phone = optarg;
			break;
		case OPT_OUTBOX:
			a->outbox = true;
			break;
		case OPT_LIMIT:
		case OPT_OFFSET:
			if (!text_int64(optarg, 0, INT64_MAX,
			                opt == OPT_LIMIT ? &a->f.limit : &a->f.offset))
				return usage_error("sms", "--%s: a whole number from 0",
				                   opt == OPT_LIMIT ? "limit" : "offset");
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (!a->mission)
		return usage_error("sms", "--mission is required");
	if (!strcmp(a->sub, "parse") || !strcmp(a->sub, "receive")) {
		if (!a->from || optind != argc - 1)
			return usage_error("sms",
			                   "%s needs --from PHONE and the message's text",
			                   a->sub);
		a->text = argv[optind];
	} else if (optind != argc) {
		return usage_error("sms", "unexpected argument \"%s\"", argv[optind]);
	}
	return EXIT_OK;
}

int cmd_sms(int argc, char **argv)
{
	struct args a = {0};
	struct arena ar = ARENA_INIT;
	struct store *st = NULL;
	struct mission m;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	a.sub = argv[1];
	if (strcmp(a.sub, "secret") && strcmp(a.sub, "parse") &&
	    strcmp(a.sub, "receive") && strcmp(a.sub, "log"))
		return usage_error("sms", "unknown subcommand \"%s\"", a.sub);
	rc = parse_args(argc - 1, argv + 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = cli_open_store(&st);
	if (!rc)
		rc = cli_load_mission(st, a.mission, &ar, &m);
	if (!rc) {
		if (!strcmp(a.sub, "secret"))
			rc = secret(st, &m, &a, &ar);
		else if (!strcmp(a.sub, "log"))
			rc = log_list(st, &m, &a);
		else
			rc = read_message(st, &m, &a);
	}
	store_close(st);
	arena_release(&ar);
	return rc;
}
