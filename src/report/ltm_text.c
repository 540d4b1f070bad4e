/* ltm_text.c - one meeting of the long-term log as text for a terminal
 * (ltm_text.h). */
#include <string.h>

#include "report/ltm_text.h"

/* Text that may run over lines, indented by two spaces and wrapped at
 * spaces to lines of at most WRAP characters (a longer word stays whole). */
#define WRAP 76

/* Characters (UTF-8 code points) of s[0..n). */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static void print_line_wrapped(FILE *out, const char *p, size_t n)
{
	while (n) {
		size_t cut = n, w = 0;
		if (width(p, n) > WRAP) {
			size_t last = 0;
			for (size_t i = 0; i < n && w <= WRAP; i++) {
				if (p[i] == ' ')
					last = i;
				w += ((unsigned char)p[i] & 0xC0) != 0x80;
			}
			if (last)
				cut = last;
		}
		fprintf(out, "  %.*s\n", (int)cut, p);
		while (cut < n && p[cut] == ' ')
			cut++;
		p += cut;
		n -= cut;
	}
}

static void print_block(FILE *out, const char *title, const char *text)
{
	if (!text)
		return;
	fprintf(out, "\n%s:\n", title);
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n)
			print_line_wrapped(out, p, n);
		else
			fprintf(out, "\n");
		if (!nl)
			break;
		p = nl + 1;
	}
}

void ltm_meeting_text(FILE *out, const json_t *j)
{
	const char *s;
	size_t i;
	json_t *v;

#define FIELD(label, key)                                                                \
	do {                                                                             \
		s = json_string_value(json_object_get(j, key));                          \
		if (s)                                                                   \
			fprintf(out, "%-13s %s\n", label, s);                            \
	} while (0)

	fprintf(out, "meeting %lld\n",
	        (long long)json_integer_value(json_object_get(j, "id")));
	s = json_string_value(json_object_get(j, "time"));
	fprintf(out, "%-13s %s%s%s\n", "date",
	        json_string_value(json_object_get(j, "date")), s ? " " : "", s ? s : "");
	FIELD("place", "place");
	fprintf(out, "%-13s %s (%s)\n", "institution",
	        json_string_value(json_object_get(j, "institution")),
	        json_string_value(json_object_get(j, "institution_kind")));
	FIELD("counterpart", "counterpart");
	if (json_array_size(json_object_get(j, "participants")))
		fprintf(out, "%-13s", "participants");
	json_array_foreach(json_object_get(j, "participants"), i, v)
	{
		const char *text = json_string_value(v), *who = NULL;
		size_t k;
		json_t *o;
		json_array_foreach(json_object_get(j, "observers"), k, o)
		{
			if (!strcmp(json_string_value(json_object_get(o, "code")), text))
				who = json_string_value(json_object_get(o, "full_name"));
		}
		fprintf(out, "%s %s", i ? ";" : "", text);
		if (who)
			fprintf(out, " (%s)", who);
	}
	if (json_array_size(json_object_get(j, "participants")))
		fprintf(out, "\n");
	FIELD("topics", "topics");
	FIELD("logged", "created_at");
#undef FIELD
	print_block(out, "summary", json_string_value(json_object_get(j, "summary")));
	print_block(out, "follow-ups",
	            json_string_value(json_object_get(j, "follow_ups")));
	if (json_array_size(json_object_get(j, "documents")))
		fprintf(out, "\ndocuments:\n");
	json_array_foreach(json_object_get(j, "documents"), i, v)
	{
		fprintf(out, "  %-4lld %s %-11s %-17s %s (%s, %lld bytes)\n",
		        (long long)json_integer_value(json_object_get(v, "id")),
		        json_string_value(json_object_get(v, "date")),
		        json_string_value(json_object_get(v, "direction")),
		        json_string_value(json_object_get(v, "kind")),
		        json_string_value(json_object_get(v, "title")),
		        json_string_value(json_object_get(v, "file_name")),
		        (long long)json_integer_value(json_object_get(v, "size")));
	}
}
