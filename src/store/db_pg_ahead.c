/* db_pg_ahead.c - statements sent ahead of their answers on PostgreSQL:
 * inside a transaction, db_write() and db_exec_later() (db_pg.c) send
 * their statement in libpq's pipeline mode without waiting, and the
 * answers owed are read here, in order, when the connection next needs
 * one (a statement whose rows are wanted goes out in the same pipeline:
 * one round trip for all of them), or by db_sync().  See db_pg_int.h. */
#include <libpq-fe.h>

#include "store/db_pg_int.h"

/* ---- the pipeline ---- */

enum status db_pg_pipe_enter(struct db_pg *d, struct err *e)
{
	if (d->piped)
		return ST_OK;
	if (!PQenterPipelineMode(d->c))
		return db_pg_fail(d->c, NULL, "sending statements ahead", e);
	d->piped = true;
	return ST_OK;
}

/* Read one statement's answer: its result, then the NULL after it.  *out
 * keeps the result when out is given and the answer is good.  An answer
 * after an error in the pipeline is PGRES_PIPELINE_ABORTED: not run. */
static enum status read_answer(struct db_pg *d, const char *what, PGresult **out,
                               struct err *e)
{
	PGresult *res = PQgetResult(d->c), *more;
	ExecStatusType t = PQresultStatus(res);
	enum status st = ST_OK;

	if (!res)
		st = db_pg_fail(d->c, NULL, what, e);
	else if (t == PGRES_PIPELINE_ABORTED)
		st = err_set(e, ST_DB, "%s: not run after an error before it", what);
	else if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		st = db_pg_fail(d->c, res, what, e);
	while (res && (more = PQgetResult(d->c)))
		PQclear(more);
	if (out && !st)
		*out = res;
	else
		PQclear(res);
	return st;
}

/* Send a sync and read every answer owed, then own's when own went out
 * last (its result in *own_res), and leave pipeline mode.  Returns the
 * first error, in e. */
enum status db_pg_drain(struct db_pg *d, const char *own_what, PGresult **own_res,
                        struct err *e)
{
	enum status st = ST_OK;
	struct err later;
	PGresult *res;

	if (!d->piped)
		return ST_OK;
	if (!PQpipelineSync(d->c))
		st = db_pg_fail(d->c, NULL, "sending statements ahead", e);
	for (size_t i = 0; i < d->nowed && PQstatus(d->c) == CONNECTION_OK; i++) {
		enum status one = read_answer(d, d->owed[i].what, NULL, st ? &later : e);

		if (one && d->owed[i].prep)
			d->owed[i].prep->prepared = false;
		if (!st)
			st = one;
	}
	d->nowed = 0;
	if (own_what && PQstatus(d->c) == CONNECTION_OK) {
		enum status one = read_answer(d, own_what, own_res, st ? &later : e);
		if (!st)
			st = one;
	} else if (own_what && !st) {
		st = db_pg_fail(d->c, NULL, own_what, e);
	}
	/* The sync's own answer, then out of pipeline mode. */
	while ((res = PQgetResult(d->c))) {
		ExecStatusType t = PQresultStatus(res);

		PQclear(res);
		if (t == PGRES_PIPELINE_SYNC)
			break;
	}
	PQexitPipelineMode(d->c);
	d->piped = false;
	return st;
}

/* Read every answer owed before the connection is used for anything
 * else; an error kept from before is reported first. */
enum status db_pg_settle(struct db_pg *d, struct err *e)
{
	enum status st = db_pg_drain(d, NULL, NULL, e);

	if (d->has_lost) {
		d->has_lost = false;
		if (!st) {
			st = d->lost.code ? d->lost.code : ST_DB;
			if (e)
				*e = d->lost;
		}
	}
	return st;
}

/* db_pg_settle() where no error can be returned: kept for the next call. */
void db_pg_settle_quietly(struct db_pg *d)
{
	struct err e;

	err_clear(&e);
	if (d->piped && db_pg_drain(d, NULL, NULL, &e) && !d->has_lost) {
		d->lost = e;
		d->has_lost = true;
	}
}

/* Note an answer owed, draining first when the pipeline is full. */
enum status db_pg_owe(struct db_pg *d, const char *what, struct stmt_pg *prep,
                      struct err *e)
{
	d->owed[d->nowed].what = what;
	d->owed[d->nowed].prep = prep;
	if (++d->nowed == OWED_MAX)
		return db_pg_drain(d, NULL, NULL, e);
	return ST_OK;
}

/* Send the statement in the pipeline (prepared first when it is new),
 * its answer owed unless the caller reads it at once (db_pg_drain(own)). */
enum status db_pg_send_ahead(struct stmt_pg *s, const char *what, struct err *e)
{
	struct db_pg *d = PG(s->base.db);
	const char *const *vals = (const char *const *)s->vals;
	enum status st;

	if (d->nowed + 2 > OWED_MAX) {
		st = db_pg_drain(d, NULL, NULL, e);
		if (st)
			return st;
	}
	st = db_pg_pipe_enter(d, e);
	if (st)
		return st;
	if (!s->prepared) {
		if (!PQsendPrepare(d->c, s->name, s->sql, s->nparams, NULL))
			return db_pg_fail(d->c, NULL, what, e);
		s->prepared = true; /* undone by db_pg_drain() when it failed */
		st = db_pg_owe(d, what, s, e);
		if (st)
			return st;
	}
	if (!PQsendQueryPrepared(d->c, s->name, s->nparams, vals, s->lens, s->fmts, 0))
		return db_pg_fail(d->c, NULL, what, e);
	return ST_OK;
}

/* Inside a transaction (or a pipeline already open), statements can go
 * ahead of their answers; outside one each must be answered at once. */
bool db_pg_can_send_ahead(struct db_pg *d)
{
	return d->piped || PQtransactionStatus(d->c) == PQTRANS_INTRANS;
}
