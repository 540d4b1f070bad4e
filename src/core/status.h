/* status.h - the one list of outcome codes shared by every layer.
 *
 * STATUS_MAP is an X-macro: it generates enum status and status_str(), so a
 * code and its description can never drift apart.  ST_OK is zero, so
 * "if (rc) goto out;" reads naturally. */
#ifndef OBSERVA_STATUS_H
#define OBSERVA_STATUS_H

#define STATUS_MAP(X)                                                                    \
	X(OK, "success")                                                                 \
	X(NOMEM, "out of memory")                                                        \
	X(INVALID, "invalid input")                                                      \
	X(NOT_FOUND, "not found")                                                        \
	X(EXISTS, "already exists")                                                      \
	X(CONFLICT, "conflicts with stored data")                                        \
	X(TOO_BIG, "too big")                                                            \
	X(IO, "input/output error")                                                      \
	X(DB, "database error")                                                          \
	X(BUSY, "busy, try again")                                                       \
	X(UNSUPPORTED, "not supported")                                                  \
	X(DENIED, "permission denied")                                                   \
	X(UNAUTHENTICATED, "not authenticated")                                          \
	X(INTERNAL, "internal error")

enum status {
#define X(name, text) ST_##name,
	STATUS_MAP(X)
#undef X
	    ST__COUNT
};

/* Human-readable description of a status; never NULL. */
const char *status_str(enum status st);

#endif
