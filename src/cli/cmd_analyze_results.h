/* cmd_analyze_results.h - the results subcommands of "observa analyze"
 * (cmd_analyze.c's table): "protocols", the arithmetic of the protocols
 * observers copied, and "discrepancies", observed against official. */
#ifndef OBSERVA_CMD_ANALYZE_RESULTS_H
#define OBSERVA_CMD_ANALYZE_RESULTS_H

/* argv[0] is the subcommand's name; returns the exit status. */
int analyze_protocols(int argc, char **argv);
int analyze_discrepancies(int argc, char **argv);

#endif
