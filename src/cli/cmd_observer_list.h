/* cmd_observer_list.h - "observa observer list" and "observer show", which
 * cmd_observer() dispatches to.  Options and output are described by their
 * --help and in docs/import-formats.md (the JSON shape is registry_json.h). */
#ifndef OBSERVA_CMD_OBSERVER_LIST_H
#define OBSERVA_CMD_OBSERVER_LIST_H

/* argv[0] is "list" or "show" (the subcommand, as getopt expects); the
 * options follow.  Each returns an exit status (EXIT_OK, EXIT_FAIL,
 * EXIT_USAGE) and prints its own messages. */
int observer_list_main(int argc, char **argv);
int observer_show_main(int argc, char **argv);

#endif
