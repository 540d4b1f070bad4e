/* choice.h - the choices on a mission's ballot (candidates, parties, and
 * "against all"), which give the results-protocol form one line each.
 *
 * A mission imports them from CSV (order,code,name,kind); form.h's
 * form_apply_choices() turns them into questions.  Strings are borrowed. */
#ifndef OBSERVA_CHOICE_H
#define OBSERVA_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define CHOICE_KINDS     "candidate, party, against_all"
#define CHOICE_ORDER_MAX 999 /* orders are 1..CHOICE_ORDER_MAX */
#define CHOICE_NAME_MAX  200 /* characters in a name */
#define CHOICES_MAX      500 /* choices on one ballot */

struct ballot_choice {
	int order;        /* position on the ballot, 1-based; gives the tag P<order> */
	const char *code; /* the mission's code for it; a registry code (location.h) */
	const char *name; /* as printed on the ballot */
	const char *kind; /* "candidate", "party" or "against_all" */
};

/* True when kind is one of CHOICE_KINDS (exactly, lower case). */
bool choice_kind_valid(const char *kind);

/* Check one row on its own: order in range, code a registry code, name
 * 1..CHOICE_NAME_MAX characters without control characters, kind valid.
 * e's message names the field: "kind: \"x\" is not one of ...". */
enum status choice_validate(const struct ballot_choice *c, struct err *e);

/* Check a whole ballot: every row (message prefixed "choice N: ", N the
 * 1-based row), at most CHOICES_MAX rows, orders and codes unique, at most
 * one against_all. */
enum status choice_list_validate(const struct ballot_choice *c, size_t n, struct err *e);

#endif
