/* sms_json.h - the SMS log as JSON, the same for the API and the command
 * line: an inbound message with its outcome, an outbound one with its
 * delivery state (docs/sms.md, docs/sms-gateways.md). */
#ifndef OBSERVA_SMS_JSON_H
#define OBSERVA_SMS_JSON_H

#include <jansson.h>

#include "store/store.h"

/* {"id", "gateway", "gateway_id", "phone", "observer", "text",
 * "received_at", "status", "submission", "duplicate_of", "problems",
 * "reply"}; a text that is not UTF-8 shows its other bytes as '?'.
 * New reference. */
json_t *sms_in_json(const struct sms_in_row *m);

/* {"id", "phone", "observer", "text", "kind", "status", "attempts",
 * "next_attempt_at", "last_error", "gateway_id", "created_at", "sent_at",
 * "reply_to"}.  New reference. */
json_t *sms_out_json(const struct sms_out_row *m);

#endif
