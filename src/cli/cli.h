/* cli.h - what every command of the observa CLI shares: the command
 * table, messages, the --db option, and opening the store and mission.
 *
 * A command is "int cmd_NAME(int argc, char **argv)" with argv[0] the
 * command's name; it returns the process exit status (EXIT_OK, EXIT_FAIL
 * for an error in the data or the store, EXIT_USAGE for a wrong command
 * line).  Messages for the user go through errorf/warnf/notef on stderr;
 * results go to stdout. */
#ifndef OBSERVA_CLI_H
#define OBSERVA_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>

#include "core/arena.h"
#include "model/mission.h"
#include "store/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The database URL: --db (before or after the command name), else
 * $OBSERVA_DB, else STORE_DEFAULT_URL. */
extern const char *cli_db_url;

/* "observa: error: ..." on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A plain informational line on stderr ("observa: ..."), so stdout keeps
 * only results. */
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a wrong command line for cmd and return EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Open the store at cli_db_url with the actor set to "cli:$USER".  Prints
 * the error and returns EXIT_FAIL on failure, EXIT_OK on success. */
int cli_open_store(struct store **st /* OUT */);

/* The file of a SQLite database URL ("sqlite:PATH" or a bare path), or
 * NULL for another kind of database (postgres://...). */
const char *cli_sqlite_path(const char *url);

/* Load mission code into m (strings in a); prints the error when absent. */
int cli_load_mission(struct store *st, const char *code, struct arena *a,
                     struct mission *m /* OUT */);

/* Common option handling: true when opt was --db (its value is taken). */
bool cli_common_option(int opt, const char *arg);

/* Options every command accepts; append to a command's own list. */
#define CLI_OPT_DB   1000
#define CLI_OPT_HELP 'h'
#define CLI_COMMON_OPTIONS                                                               \
	{"db", required_argument, NULL, CLI_OPT_DB},                                     \
	{                                                                                \
		"help", no_argument, NULL, CLI_OPT_HELP                                  \
	}

/* Print j on stdout as indented JSON and a newline; reals keep 15
 * significant digits so coordinates read as written ("53.2"). */
void cli_print_json(const json_t *j);

/* True when stderr is a terminal (progress bars are drawn only then). */
bool cli_tty(void);

/* Draw or update a progress bar "label [#####     ] 45%" on stderr when it
 * is a terminal; done/total may be in any unit.  cli_progress_end() ends
 * the line. */
void cli_progress(const char *label, long long done, long long total);
void cli_progress_end(void);

/* The commands. */
int cmd_init(int argc, char **argv);
int cmd_mission(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_observer(int argc, char **argv);
int cmd_location(int argc, char **argv);
int cmd_accreditation(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_form(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_submission(int argc, char **argv);
int cmd_conflict(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_sms(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* Two-word commands: argv[0] is the second word ("broadcast"). */
int cmd_sms_broadcast(int argc, char **argv);
int cmd_sms_gateway(int argc, char **argv);
/* Stateless analyses of a VOTES.csv file (no database). */
int cmd_seats(int argc, char **argv);
int cmd_winner(int argc, char **argv);
int cmd_pvt(int argc, char **argv);
int cmd_quickcount(int argc, char **argv);
int cmd_tabulate(int argc, char **argv);
int cmd_forensics(int argc, char **argv);
/* "observa import results": argv[0] is "results". */
int cmd_import_results(int argc, char **argv);
/* Subcommands in files of their own: argv[0] is the subcommand's name. */
int cmd_analyze_findings(int argc, char **argv);
/* The statement: "report statement" in cmd_report.c; "report block" (argv[0]
 * is "block") in cmd_report_block.c. */
int cmd_report(int argc, char **argv);
int cmd_report_block(int argc, char **argv);
/* The long-term monitoring log (docs/ltm.md). */
int cmd_meeting(int argc, char **argv);
int cmd_document(int argc, char **argv);
/* "observa export WHAT": argv[1] is WHAT. */
int cmd_export(int argc, char **argv);
/* Accounts and API tokens (docs/security.md); "routes" lists the HTTP
 * routes with their permissions, for tests of access control. */
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_routes(int argc, char **argv);

int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

#endif
