/* cmd_credentials.h - "observa observer credentials", which cmd_observer()
 * dispatches to: an observer's token and PIN for ODK clients. */
#ifndef OBSERVA_CMD_CREDENTIALS_H
#define OBSERVA_CMD_CREDENTIALS_H

/* argv[0] is "credentials"; the options follow.  Returns an exit status
 * and prints its own messages; the secrets go to stdout only. */
int observer_credentials_main(int argc, char **argv);

#endif
