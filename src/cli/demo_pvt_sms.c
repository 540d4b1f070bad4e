/* demo_pvt_sms.c - the evening of the citizen network's observers: once
 * the count is over, each copies the results protocol of the station and
 * sends it by coded SMS; small stations finish first.  A few never send
 * it; a couple send it twice, having no reply yet; one numbers "against
 * all" P8, is refused, and sends it again.  Every message is received as
 * a gateway's would be, stamped with the time it reached the gateway, so
 * the quick count's reports arrive in the order of the evening. */
#include <stdlib.h>
#include <string.h>

#include "cli/demo_pvt_int.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "ingest/intake.h"
#include "ingest/sms_compose.h"
#include "ingest/sms_intake.h"
#include "store/writer.h"

#define SILENT  0.05         /* a sample station's protocol never comes */
#define TWICE   2            /* observers who send theirs a second time */
#define MARCH19 1679184000LL /* 2023-03-19T00:00:00Z */

/* One message on its way. */
struct msg {
	size_t post;
	long local;       /* seconds after midnight of 19 March, local time */
	long long at;     /* when it reached the gateway: seconds since the epoch */
	bool slip;        /* "against all" numbered P8 */
	const char *want; /* what the reading must make of it */
	size_t order;     /* made in this order: ties keep it */
};

struct evening {
	struct msg *v;
	size_t n, alloc;
	unsigned *style; /* per post: how its observer types */
	bool *silent;    /* per post */
};

static struct msg *add_msg(struct evening *ev, size_t post, long local, long delay,
                           int utc, const char *want)
{
	struct msg *m;

	if (ev->n == ev->alloc) {
		ev->alloc = ev->alloc ? 2 * ev->alloc : 512;
		ev->v = xrealloc(ev->v, ev->alloc * sizeof(*ev->v));
	}
	m = &ev->v[ev->n];
	*m = (struct msg){post,  local, MARCH19 + local - utc * 3600L + delay,
	                  false, want,  ev->n};
	ev->n++;
	return m;
}

static int by_arrival(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* A post that sends, drawn; one of those not marked in used. */
static size_t pick(struct demo_pvt *p, const struct evening *ev, bool *used)
{
	size_t i;

	do
		i = demo_rng_below(&p->rng, p->nposts);
	while (ev->silent[i] || used[i]);
	used[i] = true;
	return i;
}

/* When each observer sends, who never does, who sends twice and who
 * slips; the messages in the order they reach the gateway. */
static void plan_evening(struct demo_pvt *p, struct evening *ev)
{
	struct demo_rng *r = &p->rng;
	bool *used = xcalloc(p->nposts + 1, sizeof(*used));
	size_t senders = 0;

	ev->style = xcalloc(p->nposts + 1, sizeof(*ev->style));
	ev->silent = xcalloc(p->nposts + 1, sizeof(*ev->silent));
	for (size_t i = 0; i < p->nposts; i++) {
		const struct pvt_post *post = &p->posts[i];
		int voters = post->registered < 3000 ? post->registered : 3000;
		long minutes = 10 + 45L * voters / 3000 + (long)demo_rng_range(r, 0, 70);
		long local = 21 * 3600L + minutes * 60 + (long)demo_rng_range(r, 0, 59);

		ev->style[i] = (unsigned)demo_rng_below(r, 4);
		/* Where a team copied the protocol too, the station reports
		 * anyway: let it be the network's observer. */
		ev->silent[i] = !post->team_copied && demo_rng_chance(r, SILENT);
		senders += !ev->silent[i];
		if (!ev->silent[i])
			add_msg(ev, i, local, (long)demo_rng_range(r, 3, 40), post->utc,
			        "accepted");
	}
	for (int k = 0; k < TWICE + 1 && senders > TWICE + 1; k++) {
		size_t i = pick(p, ev, used), first = 0;
		struct msg m;
		while (ev->v[first].post != i)
			first++;
		m = ev->v[first];
		if (k < TWICE) {
			/* No reply yet, so the same text again. */
			add_msg(ev, i, m.local + 60L * demo_rng_range(r, 4, 12),
			        (long)demo_rng_range(r, 3, 40), p->posts[i].utc,
			        "duplicate");
		} else {
			/* Refused, then sent again as it should be. */
			ev->v[first].slip = true;
			ev->v[first].want = "rejected";
			add_msg(ev, i, m.local + 60L * demo_rng_range(r, 2, 6),
			        (long)demo_rng_range(r, 3, 40), p->posts[i].utc,
			        "accepted");
		}
	}
	qsort(ev->v, ev->n, sizeof(*ev->v), by_arrival);
	free(used);
}

/* The text of post's protocol as its observer types it; with slip, the
 * against-all line numbered P8 as if it were a party.  A new string. */
static enum status compose(struct demo_pvt *p, const struct evening *ev,
                           const struct msg *m, const struct form *f, char **out,
                           struct err *e)
{
	const struct pvt_post *post = &p->posts[m->post];
	char *plain = NULL, *aa;
	enum status rc = sms_compose(f, post->station, post->protocol, NULL, &plain, e);

	if (rc)
		return rc;
	aa = strstr(plain, " AA");
	if (m->slip && aa) {
		struct buf b;
		buf_init(&b, 256);
		buf_appendf(&b, "%.*s P8 %s", (int)(aa - plain), plain, aa + 3);
		free(plain);
		plain = xstrdup(b.ptr);
		buf_release(&b);
	} else if (m->slip) {
		free(plain);
		return err_set(e, ST_INTERNAL, "demo quick count: no AA line to mistype");
	}
	*out = demo_sms_typed(plain, ev->style[m->post]);
	free(plain);
	return ST_OK;
}

/* "2023-03-19T21:34:10+06:00": local seconds after midnight of 19 March. */
static void local_stamp(long local, int utc, char out[32])
{
	long s = local % DEMO_DAY_SECS;

	snprintf(out, 32, "2023-03-%02ldT%02ld:%02ld:%02ld%+03d:00",
	         19 + local / DEMO_DAY_SECS, s / 3600, s / 60 % 60, s % 60, utc);
}

static enum status send_one(struct demo_pvt *p, const struct evening *ev,
                            const struct msg *m, const struct form *f, struct store *st,
                            const struct mission *mi, struct intake *in, struct writer *w,
                            struct demo_sent *sent, struct err *e)
{
	const struct pvt_post *post = &p->posts[m->post];
	struct sms_result res = {0};
	char sent_at[32], received_at[21];
	char *text = NULL;
	enum status rc = compose(p, ev, m, f, &text, e);
	struct sms_inbound msg = {
	    .gateway = "generic",
	    .from = post->phone,
	    .sent_at = sent_at,
	    .received_at = received_at,
	};

	if (rc)
		return rc;
	local_stamp(m->local, post->utc, sent_at);
	text_time_iso(m->at, received_at);
	msg.text = text;
	msg.len = strlen(text);
	rc = sms_receive(in, st, w, mi, &msg, &res, e);
	if (!rc && strcmp(res.status, m->want))
		rc =
		    err_set(e, ST_INTERNAL, "demo quick count SMS \"%s\": %s, not %s: %s",
		            text, res.status, m->want, res.reply ? res.reply : "");
	if (!rc && !strcmp(res.status, "accepted")) {
		sent->sent++;
		sent->stored++;
	} else if (!rc && !strcmp(res.status, "duplicate")) {
		sent->sent++;
		sent->duplicates++;
	}
	sms_result_release(&res);
	free(text);
	return rc;
}

enum status demo_pvt_messages(struct demo_pvt *p, struct store *st, const char *url,
                              const struct mission *m, struct demo_sent *sent,
                              struct err *e)
{
	struct evening ev = {0};
	struct intake_form *f = NULL;
	struct intake *in = NULL;
	struct writer *w = NULL;
	enum status rc;

	plan_evening(p, &ev);
	rc = writer_start(url, &w, e);
	if (!rc) {
		in = intake_new();
		rc = intake_form_get(in, st, m->id, "PR", &f, e);
		if (!rc && !f)
			rc = err_set(e, ST_INTERNAL, "demo quick count: no form PR");
	}
	for (size_t k = 0; k < ev.n && !rc; k++)
		rc =
		    send_one(p, &ev, &ev.v[k], intake_form_def(f), st, m, in, w, sent, e);
	if (f)
		intake_form_put(in, f);
	if (w)
		writer_stop(w);
	intake_free(in);
	free(ev.v);
	free(ev.style);
	free(ev.silent);
	return rc;
}
