/* test_xform.c - the XForms of the shipped forms (PR with a ballot applied)
 * read back with expat: the document's structure, itext in every language,
 * binds, body controls, meta, odk:tag, escaping, the checks made
 * constraints, and the formID. */
#include <expat.h>
#include <string.h>

#include "test.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "ingest/xform.h"
#include "model/form.h"
#include "model/forms_builtin.h"

#define XF  "http://www.w3.org/2002/xforms|"
#define XH  "http://www.w3.org/1999/xhtml|"
#define JR  "http://openrosa.org/javarosa|"
#define ODK "http://www.opendatakit.org/xforms|"

/* ---------------------------------------------------------- a small DOM */

struct node {
	char *name;  /* "namespace|local" as expat gives it */
	char **attr; /* name, value, ..., NULL */
	struct buf text;
	struct node **kid;
	size_t nkid;
	struct node *parent;
};

struct dom {
	struct node *root, *cur;
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct dom *d = ud;
	struct node *n = xcalloc(1, sizeof(*n));
	size_t na = 0;

	while (attr[na])
		na++;
	n->name = xstrdup(name);
	n->attr = xcalloc(na + 1, sizeof(char *));
	for (size_t i = 0; i < na; i++)
		n->attr[i] = xstrdup(attr[i]);
	buf_init(&n->text, BUF_NO_CAP);
	n->parent = d->cur;
	if (d->cur) {
		d->cur->kid = xrealloc(d->cur->kid, (d->cur->nkid + 1) * sizeof(n));
		d->cur->kid[d->cur->nkid++] = n;
	} else {
		d->root = n;
	}
	d->cur = n;
}

static void on_end(void *ud, const XML_Char *name)
{
	struct dom *d = ud;

	d->cur = d->cur->parent;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct dom *d = ud;

	if (d->cur)
		buf_append(&d->cur->text, s, (size_t)len);
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	for (size_t i = 0; n->attr[i]; i++)
		free(n->attr[i]);
	free(n->attr);
	free(n->kid);
	free(n->name);
	buf_release(&n->text);
	free(n);
}

/* The document's tree; fails the test when it is not well-formed. */
static struct node *parse(const struct buf *doc)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
	struct dom d = {NULL, NULL};

	XML_SetUserData(p, &d);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	if (XML_Parse(p, doc->ptr, (int)doc->len, 1) != XML_STATUS_OK)
		fail_msg("not well-formed: line %lu: %s\n%s",
		         (unsigned long)XML_GetCurrentLineNumber(p),
		         XML_ErrorString(XML_GetErrorCode(p)), doc->ptr);
	XML_ParserFree(p);
	return d.root;
}

static const char *attr(const struct node *n, const char *name)
{
	for (size_t i = 0; n->attr[i]; i += 2)
		if (!strcmp(n->attr[i], name))
			return n->attr[i + 1];
	return NULL;
}

static struct node *child(const struct node *n, const char *name)
{
	for (size_t i = 0; i < n->nkid; i++)
		if (!strcmp(n->kid[i]->name, name))
			return n->kid[i];
	fail_msg("%s has no %s", n->name, name);
	return NULL;
}

/* The child named name whose attribute key is value, or NULL. */
static struct node *child_with(const struct node *n, const char *name, const char *key,
                               const char *value)
{
	for (size_t i = 0; i < n->nkid; i++) {
		const char *v = attr(n->kid[i], key);
		if (!strcmp(n->kid[i]->name, name) && v && !strcmp(v, value))
			return n->kid[i];
	}
	return NULL;
}

/* ---------------------------------------------------------- the document */

struct doc {
	struct buf xml;
	struct node *root, *model, *data, *body, *tr[2]; /* en, ru */
};

static void doc_open(struct doc *d, const struct form *f, const struct xform_options *opt)
{
	struct err e;

	memset(d, 0, sizeof(*d));
	buf_init(&d->xml, BUF_NO_CAP);
	if (xform_write(f, "kz-2023", opt, &d->xml, &e))
		fail_msg("%s: %s", f->code, e.msg);
	d->root = parse(&d->xml);
	assert_string_equal(d->root->name, XH "html");
	d->model = child(child(d->root, XH "head"), XF "model");
	d->data = child(child(d->model, XF "instance"), XF "data");
	d->body = child(d->root, XH "body");
}

static void doc_close(struct doc *d)
{
	node_free(d->root);
	buf_release(&d->xml);
}

/* The value of itext id in translation t, or NULL. */
static const char *itext(const struct node *t, const char *id)
{
	const struct node *text = child_with(t, XF "text", "id", id);

	return text ? child(text, XF "value")->text.ptr : NULL;
}

/* The id of "jr:itext('id')", or NULL when s is not such a reference. */
static char *itext_ref(const char *s)
{
	size_t n = strlen(s);

	if (strncmp(s, "jr:itext('", 10) || n < 12 || strcmp(s + n - 2, "')"))
		return NULL;
	return xstrndup(s + 10, n - 12);
}

/* Every jr:itext() reference under n resolves in every translation. */
static void refs_resolve(const struct node *n, const struct node *itext_el)
{
	for (size_t i = 0; n->attr[i]; i += 2) {
		char *id = itext_ref(n->attr[i + 1]);
		if (!id)
			continue;
		for (size_t t = 0; t < itext_el->nkid; t++) {
			const char *v = itext(itext_el->kid[t], id);
			if (!v || !*v)
				fail_msg("itext %s missing in %s", id,
				         attr(itext_el->kid[t], "lang"));
		}
		free(id);
	}
	for (size_t i = 0; i < n->nkid; i++)
		refs_resolve(n->kid[i], itext_el);
}

static void check_itext(struct doc *d, const struct form *f)
{
	const struct node *it = child(d->model, XF "itext");

	assert_int_equal(it->nkid, f->nlanguages);
	d->tr[0] = child_with(it, XF "translation", "lang", "English (en)");
	d->tr[1] = child_with(it, XF "translation", "lang", "Русский (ru)");
	assert_non_null(d->tr[0]);
	assert_non_null(d->tr[1]);
	assert_string_equal(attr(d->tr[0], "default"), "true()");
	assert_null(attr(d->tr[1], "default"));
	/* the same ids in every language */
	for (size_t t = 1; t < it->nkid; t++) {
		assert_int_equal(it->kid[t]->nkid, it->kid[0]->nkid);
		for (size_t i = 0; i < it->kid[0]->nkid; i++)
			assert_non_null(
			    itext(it->kid[t], attr(it->kid[0]->kid[i], "id")));
	}
	refs_resolve(d->root, it);
}

/* The label of a body control or item: its itext in lang (0 en, 1 ru). */
static const char *label(const struct doc *d, const struct node *control, int lang)
{
	char *id = itext_ref(attr(child(control, XF "label"), "ref"));
	const char *v;

	assert_non_null(id);
	v = itext(d->tr[lang], id);
	free(id);
	assert_non_null(v);
	return v;
}

static const char *const bind_types[] = {
    [QT_YESNO] = "string",           [QT_INTEGER] = "int", [QT_SELECT_ONE] = "string",
    [QT_SELECT_MULTIPLE] = "string", [QT_TEXT] = "string", [QT_TIME] = "time",
    [QT_RATING] = "string",
};
static const char *const controls[] = {
    [QT_YESNO] = XF "select1",      [QT_INTEGER] = XF "input",
    [QT_SELECT_ONE] = XF "select1", [QT_SELECT_MULTIPLE] = XF "select",
    [QT_TEXT] = XF "input",         [QT_TIME] = XF "input",
    [QT_RATING] = XF "select1",
};

static void check_instance(const struct doc *d, const struct form *f)
{
	const struct node *data = d->data, *meta;
	char id[16], version[XFORM_VERSION_MAX];

	snprintf(id, sizeof(id), "kz-2023_%s", f->code);
	assert_string_equal(attr(data, "id"), id);
	xform_version(f, version);
	assert_string_equal(attr(data, "version"), version);
	/* "1", and for a form with ballot lines "1." and the ballot's hash */
	assert_int_equal(strlen(version), f->choices ? 10 : 1);
	assert_string_equal(attr(data, ODK "prefix"), f->code);
	assert_int_equal(data->nkid, f->nquestions + 4);
	assert_string_equal(data->kid[0]->name, XF "station");
	assert_string_equal(data->kid[1]->name, XF "observer");
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct node *q = data->kid[2 + i];
		char name[64];
		snprintf(name, sizeof(name), XF "%s", f->questions[i].tag);
		assert_string_equal(q->name, name);
		assert_string_equal(attr(q, ODK "tag"), f->questions[i].tag);
		assert_int_equal(q->nkid, 0);
	}
	assert_string_equal(data->kid[f->nquestions + 2]->name, XF "comment");
	meta = data->kid[f->nquestions + 3];
	assert_string_equal(meta->name, XF "meta");
	assert_int_equal(meta->nkid, 2);
	assert_string_equal(meta->kid[0]->name, XF "instanceID");
	assert_string_equal(meta->kid[1]->name, XF "deprecatedID");
}

static void check_binds(const struct doc *d, const struct form *f)
{
	const struct node *b;
	char path[64], range[96];
	size_t nbinds = 0;

	for (size_t i = 0; i < d->model->nkid; i++)
		nbinds += !strcmp(d->model->kid[i]->name, XF "bind");
	assert_int_equal(nbinds, f->nquestions + 5);
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		const char *c;
		snprintf(path, sizeof(path), "/data/%s", q->tag);
		b = child_with(d->model, XF "bind", "nodeset", path);
		if (!b)
			fail_msg("no bind for %s", path);
		assert_string_equal(attr(b, "type"), bind_types[q->type]);
		if (q->required) {
			assert_string_equal(attr(b, "required"), "true()");
			assert_non_null(attr(b, JR "requiredMsg"));
		} else {
			assert_null(attr(b, "required"));
		}
		c = attr(b, "constraint");
		if (q->type == QT_INTEGER) {
			snprintf(range, sizeof(range), ". >= %lld and . <= %lld",
			         (long long)q->min, (long long)q->max);
			assert_non_null(c);
			assert_memory_equal(c, range, strlen(range));
			assert_non_null(attr(b, JR "constraintMsg"));
			snprintf(range, sizeof(range),
			         "Enter a whole number from %lld to %lld",
			         (long long)q->min, (long long)q->max);
			snprintf(path, sizeof(path), "/data/%s:jr:constraintMsg", q->tag);
			assert_memory_equal(itext(d->tr[0], path), range, strlen(range));
		} else if (strcmp(f->code, "TA")) { /* TA's reject check: below */
			assert_null(c);
		}
	}
	b = child_with(d->model, XF "bind", "nodeset", "/data/meta/instanceID");
	assert_non_null(b);
	assert_string_equal(attr(b, "calculate"), "concat('uuid:', uuid())");
	assert_string_equal(attr(b, "readonly"), "true()");
	b = child_with(d->model, XF "bind", "nodeset", "/data/station");
	assert_string_equal(attr(b, "required"), "true()");
	b = child_with(d->model, XF "bind", "nodeset", "/data/observer");
	assert_string_equal(attr(b, "readonly"), "true()");
}

static void check_body(const struct doc *d, const struct form *f)
{
	const struct node *body = d->body;

	assert_int_equal(body->nkid, f->nquestions + 3);
	assert_string_equal(attr(body->kid[0], "ref"), "/data/station");
	assert_string_equal(attr(body->kid[1], "ref"), "/data/observer");
	assert_string_equal(attr(body->kid[f->nquestions + 2], "ref"), "/data/comment");
	for (size_t i = 0; i < f->nquestions; i++) {
		const struct form_question *q = &f->questions[i];
		const struct node *c = body->kid[2 + i];
		char path[64];
		size_t nitems = 0;
		snprintf(path, sizeof(path), "/data/%s", q->tag);
		assert_string_equal(c->name, controls[q->type]);
		assert_string_equal(attr(c, "ref"), path);
		assert_string_equal(label(d, c, 0), form_text(&q->text, "en"));
		assert_string_equal(label(d, c, 1), form_text(&q->text, "ru"));
		if (q->hint.n) {
			char *id = itext_ref(attr(child(c, XF "hint"), "ref"));
			assert_string_equal(itext(d->tr[1], id),
			                    form_text(&q->hint, "ru"));
			free(id);
		}
		for (size_t k = 0; k < c->nkid; k++) {
			const struct node *item = c->kid[k];
			const char *v;
			if (strcmp(item->name, XF "item"))
				continue;
			v = child(item, XF "value")->text.ptr;
			if (q->type == QT_YESNO) {
				assert_string_equal(v, nitems ? "0" : "1");
				assert_string_equal(label(d, item, 0),
				                    nitems ? "No" : "Yes");
				assert_string_equal(label(d, item, 1),
				                    nitems ? "Нет" : "Да");
			} else if (q->type == QT_RATING) {
				char want[4];
				snprintf(want, sizeof(want), "%zu", nitems + 1);
				assert_string_equal(v, want);
			} else {
				const struct form_option *o = &q->options[nitems];
				char want[8];
				snprintf(want, sizeof(want), "%lld", (long long)o->value);
				assert_string_equal(v, want);
				assert_string_equal(label(d, item, 0),
				                    form_text(&o->text, "en"));
				assert_string_equal(label(d, item, 1),
				                    form_text(&o->text, "ru"));
			}
			nitems++;
		}
		assert_int_equal(nitems, q->type == QT_YESNO    ? 2
		                         : q->type == QT_RATING ? 4
		                                                : q->noptions);
	}
}

static struct form *builtin(const char *code)
{
	const char *text = forms_builtin_json(code);
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	assert_non_null(text);
	if (form_parse(text, strlen(text), &f, &p))
		fail_msg("%s: %s: %s", code, p.v[0].path, p.v[0].message);
	form_problems_release(&p);
	return f;
}

static void check_form(const struct form *f)
{
	struct doc d;

	doc_open(&d, f, NULL);
	check_itext(&d, f);
	check_instance(&d, f);
	check_binds(&d, f);
	check_body(&d, f);
	/* the observer comes from the client's user name */
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/observer"),
	         JR "preload"),
	    "property");
	assert_int_equal(d.data->kid[1]->text.len, 0);
	/* the station is a constrained text input */
	assert_string_equal(d.body->kid[0]->name, XF "input");
	assert_non_null(attr(child_with(d.model, XF "bind", "nodeset", "/data/station"),
	                     "constraint"));
	doc_close(&d);
}

static const struct ballot_choice seven[] = {
    {1, "AMANAT", "Amanat", "party"},
    {2, "AKZHOL", "Ak Zhol", "party"},
    {3, "AUYL", "Auyl", "party"},
    {4, "QNP", "People's Party", "party"},
    {5, "RESPUBLICA", "Respublica", "party"},
    {6, "OSDP", "Social Democrats \"OSDP\" & <co>", "party"},
    {7, "BAITAQ", "Baitaq", "party"},
    {8, "AGAINST", "Against all", "against_all"},
};

/* The version names the ballot: another ballot, another version; a
 * report is read only against its own ballot and not a newer form. */
static void test_versions(void **state)
{
	struct ballot_choice other[8];
	struct form *op = builtin("OP"), *pr = builtin("PR"), *f = NULL, *g = NULL;
	char v[XFORM_VERSION_MAX], w[XFORM_VERSION_MAX], older[XFORM_VERSION_MAX];
	struct err e;

	xform_version(op, v);
	assert_string_equal(v, "1");
	assert_int_equal(xform_version_check(op, "1", &e), ST_OK);
	assert_int_equal(xform_version_check(op, NULL, &e), ST_OK);
	assert_int_equal(xform_version_check(op, "", &e), ST_OK);
	assert_int_equal(xform_version_check(op, "2", &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "this server has version 1"));
	assert_int_equal(xform_version_check(op, "v1", &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "never served"));

	memcpy(other, seven, sizeof(other));
	other[0].name = "Amanat party";
	assert_int_equal(form_apply_choices(pr, seven, 8, &f, &e), ST_OK);
	assert_int_equal(form_apply_choices(pr, other, 8, &g, &e), ST_OK);
	xform_version(f, v);
	xform_version(g, w);
	assert_int_equal(strlen(v), 10);
	assert_memory_equal(v, "1.", 2);
	assert_string_not_equal(v, w);
	assert_int_equal(xform_version_check(f, v, &e), ST_OK);
	assert_int_equal(xform_version_check(g, v, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "ballot"));
	assert_int_equal(xform_version_check(f, "1", &e), ST_INVALID);
	/* An older version of the form on the same ballot is read. */
	*(int64_t *)&g->version = 2; /* as a definition with version 2 would be */
	snprintf(older, sizeof(older), "1%s", strchr(w, '.'));
	assert_int_equal(xform_version_check(g, older, &e), ST_OK);
	form_free(f);
	form_free(g);
	form_free(pr);
	form_free(op);
}

static void test_shipped(void **state)
{
	for (size_t i = 0; forms_builtin_code(i); i++) {
		struct form *f = builtin(forms_builtin_code(i));
		check_form(f);
		form_free(f);
	}
}

static void test_protocol_with_ballot(void **state)
{
	struct form *pr = builtin("PR"), *f = NULL;
	struct doc d;
	struct err e;

	assert_int_equal(form_apply_choices(pr, seven, 8, &f, &e), ST_OK);
	assert_int_equal(f->nquestions, 12 + 8);
	check_form(f);
	doc_open(&d, f, NULL);
	check_itext(&d, f);
	assert_string_equal(d.data->kid[2 + 12]->name, XF "P1");
	assert_string_equal(attr(d.data->kid[2 + 19], ODK "tag"), "AA");
	/* the party's name with & < " comes back as written */
	assert_string_equal(itext(d.tr[0], "/data/P6:label"),
	                    "Votes for Social Democrats \"OSDP\" & <co>");
	assert_non_null(
	    strstr(d.xml.ptr, "Social Democrats &quot;OSDP&quot; &amp; &lt;co&gt;"));
	/* flag checks stay with the server: J carries its range only */
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/J"), "constraint"),
	    ". >= 0 and . <= 100000");
	doc_close(&d);
	form_free(f);
	form_free(pr);
}

/* ---------------------------------------------------------- checks */

static void test_reject_check(void **state)
{
	struct form *f = builtin("TA");
	const struct node *b;
	struct doc d;

	doc_open(&d, f, NULL);
	check_itext(&d, f);
	b = child_with(d.model, XF "bind", "nodeset", "/data/I");
	assert_string_equal(attr(b, "constraint"),
	                    ". >= 0 and . <= 10000 and (. = '' or /data/H = '' or "
	                    "number(.) <= number(/data/H))");
	assert_string_equal(itext(d.tr[0], "/data/I:jr:constraintMsg"),
	                    "Enter a whole number from 0 to 10000\nMore protocols with "
	                    "differing figures than protocols watched: please correct "
	                    "the two counts");
	assert_non_null(strstr(d.xml.ptr, "number(.) &lt;= number(/data/H)"));
	/* H, read by the check, is constrained by its range only */
	b = child_with(d.model, XF "bind", "nodeset", "/data/H");
	assert_string_equal(attr(b, "constraint"), ". >= 0 and . <= 10000");
	/* the flag check not (E == 1 and I > 0) is not a constraint */
	assert_null(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/E"), "constraint"));
	doc_close(&d);
	form_free(f);
}

static struct form *parse_def(const char *json)
{
	struct form_problems p = FORM_PROBLEMS_INIT;
	struct form *f = NULL;

	if (form_parse(json, strlen(json), &f, &p))
		fail_msg("%s: %s", p.v[0].path, p.v[0].message);
	form_problems_release(&p);
	return f;
}

static void test_which_checks(void **state)
{
	static const char def[] =
	    "{\"code\": \"XC\", \"version\": 3, \"kind\": \"checklist\", \"phase\": "
	    "\"voting\", \"languages\": [\"en\", \"ru\"], \"name\": {\"en\": \"x\", "
	    "\"ru\": \"x\"}, \"questions\": ["
	    "{\"tag\": \"A\", \"type\": \"yesno\", \"text\": {\"en\": \"a\", \"ru\": "
	    "\"a\"}},"
	    "{\"tag\": \"B\", \"type\": \"integer\", \"min\": -5, \"max\": 3000000000,"
	    " \"text\": {\"en\": \"b\", \"ru\": \"b\"}},"
	    "{\"tag\": \"T\", \"type\": \"time\", \"text\": {\"en\": \"t\", \"ru\": "
	    "\"t\"}},"
	    "{\"tag\": \"Z\", \"type\": \"rating\", \"text\": {\"en\": \"z\", \"ru\": "
	    "\"z\"}}],"
	    "\"checks\": ["
	    "{\"id\": \"c1\", \"expr\": \"Z - 1 >= A+B - 2\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"one\", \"ru\": \"один\"}},"
	    "{\"id\": \"c2\", \"expr\": \"T <= 5\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c3\", \"expr\": \"not (A == 1)\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c4\", \"expr\": \"A == 1 or Z > 2\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c5\", \"expr\": \"A != B\", \"severity\": \"flag\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c6\", \"expr\": \"A == answered(T)\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c7\", \"expr\": \"B*2 < 7\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"m\", \"ru\": \"m\"}},"
	    "{\"id\": \"c8\", \"expr\": \"A != 1\", \"severity\": \"reject\","
	    " \"message\": {\"en\": \"two\", \"ru\": \"два\"}}]}";
	struct form *f = parse_def(def);
	struct doc d;

	doc_open(&d, f, NULL);
	assert_string_equal(attr(d.data, "version"), "3");
	/* Z is the last question c1 reads; A appears only in c8 */
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/Z"), "constraint"),
	    "(. = '' or /data/A = '' or /data/B = '' or "
	    "number(.) - 1 >= number(/data/A) + number(/data/B) - 2)");
	assert_string_equal(itext(child(child(d.model, XF "itext"), XF "translation"),
	                          "/data/Z:jr:constraintMsg"),
	                    "one");
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/A"), "constraint"),
	    "(. = '' or number(.) != 1)");
	/* a range wider than a 32-bit int: a string of digits */
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/B"), "constraint"),
	    "regex(., '^-?[0-9]+$') and . >= -5 and . <= 3000000000");
	assert_string_equal(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/B"), "type"), "string");
	assert_string_equal(attr(d.body->kid[3], "appearance"), "numbers");
	assert_null(
	    attr(child_with(d.model, XF "bind", "nodeset", "/data/T"), "constraint"));
	doc_close(&d);
	form_free(f);
}

/* ---------------------------------------------------------- texts, options */

static void test_escaping_and_languages(void **state)
{
	static const char def[] =
	    "{\"code\": \"ESC\", \"version\": 2, \"kind\": \"incident\", \"phase\": "
	    "\"any\", \"level\": \"territory\", \"languages\": [\"ru\", \"en\", \"kk\", "
	    "\"de\"], \"name\": {\"en\": \"A & B\", \"ru\": \"А & Б\", \"kk\": \"k\", "
	    "\"de\": \"d\"}, \"questions\": [{\"tag\": \"Q_1\", \"type\": "
	    "\"select_multiple\", \"required\": true, \"text\": {\"en\": \"<b>\\\"x\\\" "
	    "& "
	    "'y'</b>\", \"ru\": \"Вопрос\\tс табуляцией\\u0001\", \"kk\": \"Сұрақ\", "
	    "\"de\": \"Frage ]]>\"}, \"hint\": {\"en\": \"line\\r\\nbreak\", \"ru\": "
	    "\"р\", "
	    "\"kk\": \"к\", \"de\": \"d\"}, \"options\": [{\"value\": 0, \"text\": "
	    "{\"en\": "
	    "\"none <\", \"ru\": \"нет\", \"kk\": \"жоқ\", \"de\": \"kein\"}}, "
	    "{\"value\": "
	    "999, \"text\": {\"en\": \"all\", \"ru\": \"все\", \"kk\": \"бәрі\", \"de\": "
	    "\"alle\"}}]}, {\"tag\": \"C\", \"type\": \"text\", \"text\": {\"en\": "
	    "\"c\", "
	    "\"ru\": \"c\", \"kk\": \"c\", \"de\": \"c\"}}]}";
	static const struct xform_station st[] = {
	    {"T-01", "Almaty & <district>"}, {"T-02", NULL}, {"Т-03 \"x\"", "Астана"}};
	struct xform_options opt = {st, 3, "O&'1"};
	struct form *f = parse_def(def);
	const struct node *it, *sel, *b;
	struct doc d;

	doc_open(&d, f, &opt);
	it = child(d.model, XF "itext");
	assert_int_equal(it->nkid, 4);
	assert_string_equal(attr(it->kid[0], "lang"), "Русский (ru)");
	assert_string_equal(attr(it->kid[0], "default"), "true()");
	assert_string_equal(attr(it->kid[1], "lang"), "English (en)");
	assert_null(attr(it->kid[1], "default"));
	assert_string_equal(attr(it->kid[2], "lang"), "Қазақша (kk)");
	assert_string_equal(attr(it->kid[3], "lang"), "de");
	refs_resolve(d.root, it);
	assert_string_equal(itext(it->kid[1], "/data/Q_1:label"), "<b>\"x\" & 'y'</b>");
	assert_string_equal(itext(it->kid[0], "/data/Q_1:label"),
	                    "Вопрос\tс табуляцией\xEF\xBF\xBD");
	assert_string_equal(itext(it->kid[3], "/data/Q_1:label"), "Frage ]]>");
	assert_string_equal(itext(it->kid[1], "/data/Q_1:hint"), "line\r\nbreak");
	assert_string_equal(itext(it->kid[1], "/data/Q_1/0:label"), "none <");
	assert_string_equal(itext(it->kid[2], "/data/Q_1/999:label"), "бәрі");
	assert_string_equal(itext(it->kid[1], "/data/Q_1:jr:requiredMsg"),
	                    "An answer is required");
	assert_string_equal(itext(it->kid[0], "/data/Q_1:jr:requiredMsg"), "Нужен ответ");
	/* the fixed texts: by level, and in English for languages without them */
	assert_string_equal(itext(it->kid[1], "/data/station:label"),
	                    "Territorial election commission");
	assert_string_equal(itext(it->kid[2], "/data/station:label"),
	                    "Аумақтық сайлау комиссиясы");
	assert_string_equal(itext(it->kid[3], "/data/comment:label"), "Comment");
	assert_null(itext(it->kid[0], "/data/station:jr:constraintMsg"));
	assert_string_equal(child(child(d.root, XH "head"), XH "title")->text.ptr,
	                    "А & Б");
	/* select_multiple, text */
	assert_string_equal(d.body->kid[2]->name, XF "select");
	assert_string_equal(attr(d.body->kid[3], "appearance"), "multiline");
	/* the stations to choose from, the observer given */
	sel = d.body->kid[0];
	assert_string_equal(sel->name, XF "select1");
	assert_int_equal(sel->nkid, 2 + 3);
	assert_string_equal(child(sel->kid[2], XF "label")->text.ptr,
	                    "T-01 — Almaty & <district>");
	assert_string_equal(child(sel->kid[3], XF "label")->text.ptr, "T-02");
	assert_string_equal(child(sel->kid[4], XF "value")->text.ptr, "Т-03 \"x\"");
	b = child_with(d.model, XF "bind", "nodeset", "/data/station");
	assert_null(attr(b, "constraint"));
	assert_string_equal(d.data->kid[1]->text.ptr, "O&'1");
	b = child_with(d.model, XF "bind", "nodeset", "/data/observer");
	assert_null(attr(b, JR "preload"));
	assert_string_equal(attr(b, "readonly"), "true()");
	assert_string_equal(attr(d.data, "id"), "kz-2023_ESC");
	assert_string_equal(attr(d.data, "version"), "2");
	doc_close(&d);
	form_free(f);
}

/* ---------------------------------------------------------- errors, ids */

static void test_errors(void **state)
{
	static const char def[] =
	    "{\"code\": \"XR\", \"version\": 1, \"kind\": \"checklist\", \"phase\": "
	    "\"voting\", \"languages\": [\"en\"], \"name\": {\"en\": \"x\"}, "
	    "\"questions\": [{\"tag\": \"Comment\", \"type\": \"text\", \"text\": "
	    "{\"en\": "
	    "\"c\"}}]}";
	struct xform_station bad_station = {"15/3", NULL};
	struct xform_options opt = {&bad_station, 1, NULL};
	struct form *f = parse_def(def), *op = builtin("OP");
	struct buf b;
	struct err e;

	buf_init(&b, BUF_NO_CAP);
	buf_appends(&b, "kept");
	assert_int_equal(xform_write(f, "kz-2023", NULL, &b, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "\"Comment\""));
	assert_string_equal(b.ptr, "kept");
	assert_int_equal(xform_write(op, "KZ 2023", NULL, &b, &e), ST_INVALID);
	assert_int_equal(xform_write(op, "kz-2023", &opt, &b, &e), ST_INVALID);
	opt.nstations = 0;
	opt.observer = "";
	assert_int_equal(xform_write(op, "kz-2023", &opt, &b, &e), ST_INVALID);
	assert_string_equal(b.ptr, "kept");
	buf_release(&b);

	/* too big: the buffer is left as it was */
	buf_init(&b, 1000);
	buf_appends(&b, "kept");
	assert_int_equal(xform_write(op, "kz-2023", NULL, &b, &e), ST_TOO_BIG);
	assert_int_equal(e.code, ST_TOO_BIG);
	assert_string_equal(b.ptr, "kept");
	assert_int_equal(b.len, 4);
	buf_release(&b);
	form_free(f);
	form_free(op);
}

static void test_form_id(void **state)
{
	char m[XFORM_MISSION_MAX + 1], f[XFORM_FORM_MAX + 1];
	char *id = xform_form_id("kz-2023", "OP");

	assert_string_equal(id, "kz-2023_OP");
	assert_true(xform_form_id_split(id, m, f));
	assert_string_equal(m, "kz-2023");
	assert_string_equal(f, "OP");
	free(id);
	assert_true(xform_form_id_split("ab_PRX", m, f));
	assert_string_equal(f, "PRX");
	assert_true(xform_form_id_split("abcdefghijklmnopqrstuvwxyz012345_OP", m, f));
	assert_false(xform_form_id_split("abcdefghijklmnopqrstuvwxyz0123456_OP", m, f));
	assert_string_equal(m, "");
	assert_false(xform_form_id_split("kz-2023_op", m, f));
	assert_false(xform_form_id_split("kz-2023_OPQR", m, f));
	assert_false(xform_form_id_split("kz_2023_OP", m, f));
	assert_false(xform_form_id_split("_OP", m, f));
	assert_false(xform_form_id_split("kz-2023", m, f));
	assert_false(xform_form_id_split("", m, f));
	assert_string_equal(f, "");
}

int test_xform(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped),
	    cmocka_unit_test(test_protocol_with_ballot),
	    cmocka_unit_test(test_reject_check),
	    cmocka_unit_test(test_which_checks),
	    cmocka_unit_test(test_escaping_and_languages),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_form_id),
	    cmocka_unit_test(test_versions),
	};
	return cmocka_run_group_tests_name("xform", tests, NULL, NULL);
}
