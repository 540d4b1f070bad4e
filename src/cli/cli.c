/* cli.c - messages, the store and the mission for every command. */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

const char *cli_db_url = STORE_DEFAULT_URL;

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fputs("observa: ", stderr);
	if (kind)
		fprintf(stderr, "%s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void errorf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
}

void warnf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void notef(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "observa %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'observa %s --help'.\n", cmd);
	return EXIT_USAGE;
}

bool cli_common_option(int opt, const char *arg)
{
	if (opt != CLI_OPT_DB)
		return false;
	cli_db_url = arg;
	return true;
}

const char *cli_sqlite_path(const char *url)
{
	if (!strncmp(url, "sqlite:", 7))
		return url + 7;
	return strstr(url, "://") ? NULL : url;
}

int cli_open_store(struct store **st)
{
	struct err e;
	struct passwd *pw = getpwuid(getuid());
	char actor[128];

	err_clear(&e);
	if (store_open(cli_db_url, st, &e)) {
		errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	snprintf(actor, sizeof(actor), "cli:%s", pw ? pw->pw_name : "unknown");
	store_set_actor(*st, actor, "local");
	return EXIT_OK;
}

int cli_load_mission(struct store *st, const char *code, struct arena *a,
                     struct mission *m)
{
	struct err e;

	err_clear(&e);
	if (!code) {
		errorf("which mission? give --mission CODE ('observa mission list' shows "
		       "them)");
		return EXIT_USAGE;
	}
	if (store_mission_get(st, code, a, m, &e)) {
		if (e.code == ST_NOT_FOUND)
			errorf("%s ('observa mission list' shows the missions in %s)",
			       e.msg, cli_db_url);
		else
			errorf("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void cli_print_json(const json_t *j)
{
	json_dumpf(j, stdout,
	           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	putchar('\n');
}

bool cli_tty(void)
{
	return isatty(STDERR_FILENO);
}

static struct timespec last_draw;
static int drawn;

void cli_progress(const char *label, long long done, long long total)
{
	struct timespec now;
	int width = 30, pct, fill;

	if (!cli_tty() || total <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (drawn && done < total &&
	    (now.tv_sec - last_draw.tv_sec) * 1000000000L +
	            (now.tv_nsec - last_draw.tv_nsec) <
	        100000000L)
		return;
	last_draw = now;
	drawn = 1;
	if (done > total)
		done = total;
	pct = (int)(done * 100 / total);
	fill = (int)(done * width / total);
	fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label, fill,
	        "##############################", width - fill, "", pct);
	fflush(stderr);
}

void cli_progress_end(void)
{
	if (drawn && cli_tty())
		fputc('\n', stderr);
	drawn = 0;
}
