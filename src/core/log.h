/* log.h - leveled logging to stderr for the server and long commands.
 *
 * log_msg() checks the level before formatting, so debug lines cost
 * nothing when they are off.  Lower layers do not log; they fill struct err. */
#ifndef OBSERVA_LOG_H
#define OBSERVA_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

extern enum log_level log_threshold;

void log_write(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_msg(lvl, ...)                                                                \
	do {                                                                             \
		if ((lvl) >= log_threshold)                                              \
			log_write((lvl), __VA_ARGS__);                                   \
	} while (0)

#endif
