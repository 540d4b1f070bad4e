/* results_args.h - what "observa tabulate" and "observa forensics" share:
 * the options naming a results file's columns, and reading the file with
 * a progress bar on a terminal and its errors printed. */
#ifndef OBSERVA_RESULTS_ARGS_H
#define OBSERVA_RESULTS_ARGS_H

#include <getopt.h>
#include <stdbool.h>

#include "ingest/results_csv.h"

enum {
	RESULTS_OPT_REGISTERED = 2000,
	RESULTS_OPT_VALID,
	RESULTS_OPT_INVALID,
	RESULTS_OPT_CHOICES,
	RESULTS_OPT_BALLOTS,
	RESULTS_OPT_ID,
};

#define RESULTS_OPTIONS                                                                  \
	{"registered", required_argument, NULL, RESULTS_OPT_REGISTERED},                 \
	    {"valid", required_argument, NULL, RESULTS_OPT_VALID},                       \
	    {"invalid", required_argument, NULL, RESULTS_OPT_INVALID},                   \
	    {"choices", required_argument, NULL, RESULTS_OPT_CHOICES},                   \
	    {"ballots", required_argument, NULL, RESULTS_OPT_BALLOTS},                   \
	{                                                                                \
		"id", required_argument, NULL, RESULTS_OPT_ID                            \
	}

/* The help text of the column options, for a command's --help. */
extern const char results_args_help[];

/* True when opt is one of RESULTS_OPTIONS (its value is taken into c). */
bool results_args_option(struct results_columns *c, int opt, const char *arg);

/* EXIT_OK when c has every required column, else a usage error of cmd. */
int results_args_check(const char *cmd, const struct results_columns *c);

/* Open path with c's columns; prints "observa: error: PATH: ..." and
 * returns EXIT_FAIL on failure, EXIT_OK with r open on success. */
int results_args_open(const char *path, const struct results_columns *c,
                      struct results_csv *r);

/* Hand every station of r to fn (results_csv_each), drawing progress on
 * a terminal; prints the error with path and returns EXIT_FAIL on
 * failure. */
int results_args_each(struct results_csv *r, const char *path, results_csv_fn fn,
                      void *ctx);

#endif
