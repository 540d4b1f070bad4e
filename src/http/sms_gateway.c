/* sms_gateway.c - one outbound SMS as one HTTP POST: the request built for
 * the gateway's kind, sent with a libcurl easy handle (time-outs, no
 * redirects, no proxy from the environment, http and https only), and
 * the answer read into an outcome, the gateway's id and an error text. */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "http/sms_gateway.h"

#define ANSWER_MAX  (64 << 10) /* bytes of an answer kept; the rest is dropped */
#define DETAIL_MAX  160        /* bytes of a gateway's message in an error */
#define USER_AGENT  "observa/0.1.0"
#define API_VERSION "/2010-04-01"

enum status sms_gateway_global_init(struct err *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(e, ST_INTERNAL, "libcurl cannot be initialised");
	return ST_OK;
}

void sms_gateway_global_cleanup(void)
{
	curl_global_cleanup();
}

enum sms_send_outcome sms_gateway_classify(long http_status)
{
	if (http_status >= 200 && http_status <= 299)
		return SMS_SEND_TAKEN;
	if (http_status >= 400 && http_status <= 499 && http_status != 408 &&
	    http_status != 429)
		return SMS_SEND_PERMANENT;
	/* 5xx, 408, 429; and 1xx or 3xx, which a POST should not get: a
	 * redirect means the URL is wrong, which the operator can fix. */
	return SMS_SEND_RETRY;
}

enum status sms_gateway_form_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	enum status rc = ST_OK;

	for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			rc = buf_appendc(b, (char)*p);
		} else if (*p == ' ') {
			rc = buf_appendc(b, '+');
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			rc = buf_append(b, enc, sizeof(enc));
		}
	}
	return rc;
}

/* "&name=value" (no '&' first), value form-encoded; skipped when NULL. */
static void field(struct buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	if (b->len)
		buf_appendc(b, '&');
	buf_appends(b, name);
	buf_appendc(b, '=');
	sms_gateway_form_escape(b, value);
}

static bool set(const char *s)
{
	return s && *s;
}

/* base without its trailing slashes, then tail; in a. */
static char *join(struct arena *a, const char *base, const char *tail)
{
	size_t n = strlen(base);
	char *out;

	while (n && base[n - 1] == '/')
		n--;
	out = arena_alloc(a, n + strlen(tail) + 1);
	memcpy(out, base, n);
	memcpy(out + n, tail, strlen(tail) + 1);
	return out;
}

static enum status generic_request(const struct sms_config *c,
                                   const struct sms_gateway_msg *m, struct arena *a,
                                   struct buf *body, struct sms_gateway_request *out,
                                   struct err *e)
{
	char id[24];

	if (!set(c->outbound_url))
		return err_set(e, ST_INVALID, "the generic gateway has no URL");
	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	field(body, "to", m->to);
	field(body, "text", m->text);
	field(body, "id", id);
	field(body, "from", set(c->sender) ? c->sender : NULL);
	out->url = arena_strdup(a, c->outbound_url);
	if (set(c->outbound_user)) {
		out->user = arena_strdup(a, c->outbound_user);
		out->password =
		    arena_strdup(a, c->outbound_secret ? c->outbound_secret : "");
	} else if (set(c->outbound_secret)) {
		out->bearer = arena_strdup(a, c->outbound_secret);
	}
	return ST_OK;
}

static enum status twilio_request(const struct sms_config *c,
                                  const struct sms_gateway_msg *m, struct arena *a,
                                  struct buf *body, struct sms_gateway_request *out,
                                  struct err *e)
{
	struct buf path;

	if (!set(c->outbound_user) || !set(c->outbound_secret))
		return err_set(e, ST_INVALID,
		               "the Twilio gateway needs the account SID and auth token");
	if (!set(c->sender))
		return err_set(e, ST_INVALID,
		               "the Twilio gateway needs a sender (the From number)");
	buf_init(&path, 4096);
	buf_appends(&path, API_VERSION "/Accounts/");
	sms_gateway_form_escape(&path, c->outbound_user);
	buf_appends(&path, "/Messages.json");
	out->url = join(
	    a, set(c->outbound_url) ? c->outbound_url : SMS_GATEWAY_TWILIO_URL, path.ptr);
	buf_release(&path);
	field(body, "To", m->to);
	field(body, "From", c->sender);
	field(body, "Body", m->text);
	field(body, "StatusCallback", set(m->status_url) ? m->status_url : NULL);
	out->user = arena_strdup(a, c->outbound_user);
	out->password = arena_strdup(a, c->outbound_secret);
	return ST_OK;
}

enum status sms_gateway_request(const struct sms_config *c,
                                const struct sms_gateway_msg *m, struct arena *a,
                                struct sms_gateway_request *out, struct err *e)
{
	struct buf body;
	enum status rc;

	memset(out, 0, sizeof(*out));
	if (!set(c->outbound_kind))
		return err_set(e, ST_INVALID, "no outbound gateway configured");
	buf_init(&body, BUF_NO_CAP);
	if (!strcmp(c->outbound_kind, "generic"))
		rc = generic_request(c, m, a, &body, out, e);
	else if (!strcmp(c->outbound_kind, "twilio"))
		rc = twilio_request(c, m, a, &body, out, e);
	else
		rc = err_set(e, ST_INVALID, "unknown outbound gateway kind \"%s\"",
		             c->outbound_kind);
	if (!rc)
		out->body = arena_strndup(a, body.ptr, body.len);
	buf_release(&body);
	return rc;
}

/* ---- the answer ---- */

bool sms_gateway_answer_id(const char *kind, const char *body, size_t len, char *out,
                           size_t n)
{
	const char *key = kind && !strcmp(kind, "twilio") ? "sid" : "id";
	json_t *j = json_loadb(body, len, JSON_DECODE_ANY, NULL);
	json_t *v = json_is_object(j) ? json_object_get(j, key) : NULL;
	bool ok = false;

	if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < n) {
		const char *s = json_string_value(v);
		ok = true;
		/* It goes to logs and comes back in delivery reports: a token. */
		for (const char *c = s; *c; c++)
			if (*c <= ' ' || *c > '~')
				ok = false;
		if (ok)
			snprintf(out, n, "%s", s);
	} else if (json_is_integer(v)) {
		ok = snprintf(out, n, "%lld", (long long)json_integer_value(v)) < (int)n;
	}
	json_decref(j);
	return ok;
}

/* s[0..n) with anything but printable ASCII as '?', cut at max bytes. */
static void printable(char *out, size_t size, const char *s, size_t n, size_t max)
{
	size_t k = 0;

	if (n > max)
		n = max;
	for (size_t i = 0; i < n && k + 1 < size; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[k] = '\0';
}

/* What the gateway said of a refusal: JSON's "message" (Twilio) or
 * "error", else the start of the body. */
static void answer_detail(const char *body, size_t len, char *out, size_t size)
{
	json_t *j = json_loadb(body, len, 0, NULL);
	json_t *v = json_object_get(j, "message");
	const char *s;

	if (!json_is_string(v))
		v = json_object_get(j, "error");
	s = json_string_value(v);
	if (s)
		printable(out, size, s, strlen(s), DETAIL_MAX);
	else
		printable(out, size, body, len, DETAIL_MAX);
	json_decref(j);
}

/* ---- libcurl ---- */

static size_t keep_answer(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct buf *b = ctx;
	size_t n = size * nmemb;

	/* Past the cap the bytes are dropped, not refused: a long answer is
	 * still an answer. */
	buf_append(b, data, n);
	return n;
}

static int check_cancel(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
                        curl_off_t ultotal, curl_off_t ulnow)
{
	const atomic_bool *cancel = ctx;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return cancel && atomic_load(cancel);
}

static void no_answer(struct sms_send_result *out, CURLcode cc, const char *detail,
                      long timeout)
{
	out->outcome = SMS_SEND_RETRY;
	if (cc == CURLE_OPERATION_TIMEDOUT)
		snprintf(out->error, sizeof(out->error), "no answer within %ld s",
		         timeout);
	else if (cc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(out->error, sizeof(out->error),
		         "interrupted: the server was stopping");
	else
		snprintf(out->error, sizeof(out->error), "%s",
		         *detail ? detail : curl_easy_strerror(cc));
}

static void perform(const struct sms_config *c, const struct sms_gateway_request *rq,
                    const struct sms_gateway_opts *o, struct sms_send_result *out)
{
	long connect =
	    o && o->connect_timeout ? o->connect_timeout : SMS_GATEWAY_CONNECT_TIMEOUT;
	long timeout = o && o->timeout ? o->timeout : SMS_GATEWAY_TIMEOUT;
	char curl_err[CURL_ERROR_SIZE] = "", detail[SMS_GATEWAY_ERROR_MAX];
	struct curl_slist *headers = NULL;
	struct buf answer, auth;
	CURL *h = curl_easy_init();
	CURLcode cc;

	if (!h) {
		out->outcome = SMS_SEND_RETRY;
		snprintf(out->error, sizeof(out->error), "libcurl: no handle");
		return;
	}
	buf_init(&answer, ANSWER_MAX);
	buf_init(&auth, BUF_NO_CAP);
	headers = curl_slist_append(headers, "Accept: application/json");
	if (rq->bearer) {
		buf_appendf(&auth, "Authorization: Bearer %s", rq->bearer);
		headers = curl_slist_append(headers, auth.ptr);
	}
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(rq->body));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, USER_AGENT);
	if (rq->user) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, rq->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, rq->password);
	}
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, ""); /* none, whatever the environment */
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	                 connect < timeout ? connect : timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_answer);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_cancel);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, o ? (void *)o->cancel : NULL);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		no_answer(out, cc, curl_err, timeout);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->http_status);
	out->outcome = sms_gateway_classify(out->http_status);
	if (out->outcome == SMS_SEND_TAKEN) {
		sms_gateway_answer_id(c->outbound_kind, answer.ptr, answer.len,
		                      out->gateway_id, sizeof(out->gateway_id));
	} else {
		answer_detail(answer.ptr, answer.len, detail, sizeof(detail));
		snprintf(out->error, sizeof(out->error), "HTTP %ld%s%s", out->http_status,
		         *detail ? ": " : "", detail);
	}
out:
	explicit_bzero(auth.ptr, auth.len); /* the bearer token */
	buf_release(&auth);
	curl_slist_free_all(headers);
	buf_release(&answer);
	curl_easy_cleanup(h);
}

void sms_gateway_send(const struct sms_config *c, const struct sms_gateway_msg *m,
                      const struct sms_gateway_opts *o, struct sms_send_result *out)
{
	struct sms_gateway_request rq;
	struct arena a = ARENA_INIT;
	struct err e;

	memset(out, 0, sizeof(*out));
	err_clear(&e);
	if (sms_gateway_request(c, m, &a, &rq, &e)) {
		out->outcome = SMS_SEND_RETRY;
		snprintf(out->error, sizeof(out->error), "%s", e.msg);
	} else {
		out->attempted = true;
		perform(c, &rq, o, out);
	}
	arena_release(&a);
}
