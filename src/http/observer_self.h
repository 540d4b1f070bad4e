/* observer_self.h - what an observer's account may do as the observer it
 * is.  An account with the role observer on a mission is named by the
 * observer's code there (`observa user add O-0042 --role observer
 * --mission M`): it sends reports as that observer only, and sees the
 * stations that observer is assigned to (docs/security.md). */
#ifndef OBSERVA_OBSERVER_SELF_H
#define OBSERVA_OBSERVER_SELF_H

#include <stdbool.h>

#include "http/http.h"
#include "model/mission.h"

/* True in *is when req's caller acts on mission m as an observer (its
 * role there is "observer"; an admin never is). */
enum status observer_self(struct http_req *req, const struct mission *m,
                          bool *is /* OUT */);

/* ST_DENIED, naming both, when req's caller is an observer on m and
 * observer (a report's; NULL: none given, which validation refuses) is
 * another code than its own, or when station (the report's; NULL: none
 * given) is not one its observer is assigned to on m, whatever the day;
 * ST_OK otherwise, and always for every other account. */
enum status observer_self_check(struct http_req *req, const struct mission *m,
                                const char *observer, const char *station);

#endif
