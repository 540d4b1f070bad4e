/* sms_compose.h - a report written as the coded SMS an observer would
 * type (docs/sms.md): the form's code, the station, then a tag and its
 * value per answer, and the comment after "#".  The inverse of
 * sms_parse(): reading the text back gives the same answers. */
#ifndef OBSERVA_SMS_COMPOSE_H
#define OBSERVA_SMS_COMPOSE_H

#include <jansson.h>

#include "core/err.h"
#include "model/form.h"

/* The text of a report on form f at station with answers (tag -> value in
 * any spelling form_answer_normalise() takes) and comment (NULL for none),
 * in a new string the caller frees.  For an incident form the first text
 * question's answer is the text after "#" (and comment is then left out);
 * other text answers cannot be sent by SMS: ST_UNSUPPORTED naming the
 * tag.  ST_INVALID when an answer does not fit its question or a tag is
 * not one of f's. */
enum status sms_compose(const struct form *f, const char *station,
                        const json_t *answers, const char *comment,
                        char **out /* OUT */, struct err *e);

#endif
