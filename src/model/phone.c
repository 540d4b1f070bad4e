/* phone.c - normalisation of telephone numbers to E.164 ("+77011234567").
 *
 * The number is read into its digits, an international prefix or a national
 * trunk prefix is recognised, and the result is checked against E.164 and
 * the calling codes of the country table. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "model/country.h"
#include "model/phone.h"

#define E164_MIN   8  /* fewer digits than this is not a whole number */
#define E164_MAX   15 /* ITU-T E.164: at most 15 digits with the country code */
#define DIGITS_MAX 40 /* digits kept while reading; more is too long anyway */
#define SHOW_MAX   64 /* bytes of the input quoted in a message */

#define ONLY_DIGITS "a telephone number has only digits, spaces, + ( ) - . /"

/* Calling codes whose national numbers all have one length.  They let
 * "77011234567" (KZ) or "998901234567" (UZ) be read as international when
 * written without "+", and catch a digit too many or too few. */
static const struct {
	const char *calling;
	size_t nsn;
	const char *where;
} fixed_lengths[] = {
    {"7", 10, "Kazakhstan and Russia"},
    {"373", 8, "Moldova"},
    {"374", 8, "Armenia"},
    {"992", 9, "Tajikistan"},
    {"993", 8, "Turkmenistan"},
    {"994", 9, "Azerbaijan"},
    {"995", 9, "Georgia"},
    {"998", 9, "Uzbekistan"},
};

/* Trunk prefixes accepted besides the table's own, tried first and in this
 * order: Belarus writes "8 029 ..." and "029 ...", Lithuania replaced "8"
 * with "0" in 2025, Uzbekistan dropped "8" and Mexico "01", "044" and "045"
 * in 2019; old habits stay. */
static const struct {
	const char *code;
	const char *prefix[3];
} extra_trunks[] = {
    {"BY", {"80", "0", NULL}},
    {"LT", {"8", NULL, NULL}},
    {"MX", {"044", "045", "01"}},
    {"UZ", {"8", NULL, NULL}},
};

/* Countries where "810" is the international prefix ("8, wait for the tone,
 * 10"), still written before foreign numbers. */
static const char *const dial_810[] = {"BY", "KZ", "RU", "TJ", "TM"};

struct digits {
	char d[DIGITS_MAX + 1];
	size_t n;
};

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Length of the UTF-8 character at s if it is well formed, else 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	for (size_t k = 1; k < n; k++)
		if (!s[k])
			return 0;
	return utf8_valid((const char *)s, n) ? n : 0;
}

/* The input as it may be quoted in a message: control characters and
 * broken UTF-8 become '?', and a long input is cut with "...". */
static void show(const char *input, char out[SHOW_MAX + 4])
{
	const unsigned char *s = (const unsigned char *)input;
	size_t o = 0;

	while (*s) {
		size_t n = utf8_len(s);
		if (o + (n ? n : 1) > SHOW_MAX) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7F))) {
			out[o++] = '?';
			s++;
			continue;
		}
		memcpy(out + o, s, n);
		o += n;
		s += n;
	}
	out[o] = '\0';
}

static bool is_separator(const unsigned char *s, size_t *len)
{
	*len = 1;
	if (s[0] && strchr(" \t.-/()", s[0]))
		return true;
	if (s[0] == 0xC2 && s[1] == 0xA0) { /* no-break space */
		*len = 2;
		return true;
	}
	return false;
}

/* Read the digits of input into dg; *plus tells whether it began with "+". */
static enum status read_digits(const char *input, struct digits *dg, bool *plus,
                               struct err *e)
{
	const unsigned char *s = (const unsigned char *)input;
	size_t pos = 0; /* characters read so far */
	char shown[SHOW_MAX + 4];

	dg->n = 0;
	*plus = false;
	while (*s) {
		size_t n;

		pos++;
		if (*s >= '0' && *s <= '9') {
			if (dg->n < DIGITS_MAX)
				dg->d[dg->n] = (char)*s;
			dg->n++;
			s++;
			continue;
		}
		/* "+44 (0)20 ...": the trunk prefix shown for national use. */
		if (!strncmp((const char *)s, "(0)", 3) && dg->n &&
		    (*plus || (dg->d[0] == '0' && dg->n >= 2 && dg->d[1] == '0'))) {
			s += 3;
			pos += 2;
			continue;
		}
		if (is_separator(s, &n)) {
			s += n;
			continue;
		}
		show(input, shown);
		if (*s == '+') {
			if (*plus || dg->n)
				return err_set(e, ST_INVALID,
				               "\"%s\" has '+' at position %zu; "
				               "'+' may only begin a telephone number",
				               shown, pos);
			*plus = true;
			s++;
			continue;
		}
		n = utf8_len(s);
		if (n == 0)
			return err_set(e, ST_INVALID,
			               "\"%s\" has a byte that is not UTF-8 (0x%02X) "
			               "at position %zu; " ONLY_DIGITS,
			               shown, *s, pos);
		if (n == 1 && (*s < 0x20 || *s == 0x7F))
			return err_set(e, ST_INVALID,
			               "\"%s\" has control character U+%04X at "
			               "position %zu; " ONLY_DIGITS,
			               shown, *s, pos);
		return err_set(e, ST_INVALID,
		               "\"%s\" has '%.*s' at position %zu; " ONLY_DIGITS, shown,
		               (int)n, (const char *)s, pos);
	}
	if (dg->n > DIGITS_MAX)
		dg->n = DIGITS_MAX + 1; /* only "too long" matters now */
	else
		dg->d[dg->n] = '\0';
	return ST_OK;
}

static int fixed_length_index(const char *intl)
{
	for (size_t i = 0; i < sizeof(fixed_lengths) / sizeof(fixed_lengths[0]); i++)
		if (starts_with(intl, fixed_lengths[i].calling))
			return (int)i;
	return -1;
}

/* The country calling code that begins intl (E.164 codes are prefix-free),
 * or NULL. */
static const char *calling_code_of(const char *intl)
{
	size_t n;
	const struct country *t = country_table(&n);

	for (size_t i = 0; i < n; i++)
		if (starts_with(intl, t[i].calling))
			return t[i].calling;
	return NULL;
}

#define INTL_MAX (DIGITS_MAX + 4) /* room for a calling code before them */

/* Turn national digits into international ones (without "+") for country c.
 * Returns dg itself or intl[INTL_MAX], filled. */
static const char *national_to_intl(const struct country *c, const char *dg, size_t n,
                                    char intl[INTL_MAX])
{
	const char *trunks[5];
	size_t nt = 0, cl = strlen(c->calling);
	int fx = fixed_length_index(c->calling);
	bool fixed = fx >= 0 && strcmp(fixed_lengths[fx].calling, c->calling) == 0;
	size_t nsn = fixed ? fixed_lengths[fx].nsn : 0;
	const char *rest = dg;

	for (size_t i = 0; i < sizeof(extra_trunks) / sizeof(extra_trunks[0]); i++)
		if (!strcmp(extra_trunks[i].code, c->code))
			for (int k = 0; k < 3 && extra_trunks[i].prefix[k]; k++)
				trunks[nt++] = extra_trunks[i].prefix[k];
	if (c->trunk[0])
		trunks[nt++] = c->trunk;

	if (fixed) {
		/* "77011234567" in Kazakhstan: the country code without "+". */
		if (n == cl + nsn && starts_with(dg, c->calling))
			return dg;
		/* A trunk prefix only when the rest has the right length, since
		 * national numbers may begin with the same digit ("800"). */
		for (size_t i = 0; i < nt; i++)
			if (n == strlen(trunks[i]) + nsn && starts_with(dg, trunks[i])) {
				rest = dg + strlen(trunks[i]);
				break;
			}
	} else {
		bool trunked = false;
		for (size_t i = 0; i < nt && !trunked; i++)
			if (starts_with(dg, trunks[i])) {
				rest = dg + strlen(trunks[i]);
				trunked = true;
			}
		/* Where national numbers are written with a trunk prefix, one
		 * that begins with the calling code instead ("49 30 ...",
		 * "380 67 ...") is international written without "+". */
		if (!trunked && c->trunk[0] && starts_with(dg, c->calling))
			return dg;
	}
	snprintf(intl, INTL_MAX, "%s%s", c->calling, rest);
	return intl;
}

static bool dials_810(const struct country *c)
{
	for (size_t i = 0; i < sizeof(dial_810) / sizeof(dial_810[0]); i++)
		if (!strcmp(dial_810[i], c->code))
			return true;
	return false;
}

enum status phone_normalise(const char *input, const char *default_country,
                            char out[PHONE_MAX], struct err *e)
{
	struct digits dg;
	char conv[INTL_MAX], shown[SHOW_MAX + 4];
	const struct country *c = NULL;
	const char *intl, *cc;
	bool plus;
	size_t n;
	int fx;
	enum status rc;

	out[0] = '\0';
	if (!input)
		return err_set(e, ST_INVALID, "telephone number is missing");
	rc = read_digits(input, &dg, &plus, e);
	if (rc)
		return rc;
	show(input, shown);
	if (dg.n == 0 && strspn(input, " \t") == strlen(input))
		return err_set(e, ST_INVALID, "telephone number is empty");
	if (dg.n == 0)
		return err_set(e, ST_INVALID, "telephone number \"%s\" has no digits",
		               shown);
	if (dg.n > DIGITS_MAX)
		goto too_long;
	if (default_country && default_country[0]) {
		c = country_by_code(default_country);
		if (!c) {
			char code[SHOW_MAX + 4];
			show(default_country, code);
			return err_set(e, ST_INVALID,
			               "unknown country \"%s\" for telephone number "
			               "\"%s\"",
			               code, shown);
		}
	}

	if (plus) {
		intl = dg.d;
	} else if (starts_with(dg.d, "00")) {
		intl = dg.d + 2;
	} else if (c && dials_810(c) && starts_with(dg.d, "810")) {
		intl = dg.d + 3;
	} else if (c && !strcmp(c->calling, "1") && starts_with(dg.d, "011")) {
		intl = dg.d + 3; /* North America dials abroad with 011 */
	} else if (!c) {
		return err_set(e, ST_INVALID,
		               "national number \"%s\" needs a country: write it with "
		               "+ and the country calling code",
		               shown);
	} else {
		intl = national_to_intl(c, dg.d, dg.n, conv);
	}

	n = strlen(intl);
	if (n < E164_MIN)
		return err_set(e, ST_INVALID,
		               "\"%s\" is too short for a telephone number", shown);
	if (n > E164_MAX)
		goto too_long;
	if (intl[0] == '0')
		return err_set(e, ST_INVALID,
		               "\"%s\" has no country calling code: none begins "
		               "with 0",
		               shown);
	cc = calling_code_of(intl);
	if (!cc)
		return err_set(e, ST_INVALID,
		               "\"%s\" does not begin with a country calling code in "
		               "use",
		               shown);
	fx = fixed_length_index(intl);
	if (fx >= 0 && n != strlen(cc) + fixed_lengths[fx].nsn)
		return err_set(e, ST_INVALID,
		               "\"%s\" has %zu digits after +%s, but numbers in %s "
		               "have %zu",
		               shown, n - strlen(cc), cc, fixed_lengths[fx].where,
		               fixed_lengths[fx].nsn);
	out[0] = '+';
	memcpy(out + 1, intl, n + 1);
	return ST_OK;

too_long:
	return err_set(e, ST_INVALID,
	               "\"%s\" is too long for a telephone number (E.164 allows 15 "
	               "digits with the country calling code)",
	               shown);
}
