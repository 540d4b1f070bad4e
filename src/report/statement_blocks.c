/* statement_blocks.c - the parts of the statement people write (the head
 * of mission's summary, conclusions and recommendations), and the
 * placeholder that marks a part still to be written in the draft. */
#include <string.h>

#include "model/statement_block.h"
#include "report/statement_sections.h"

void statement_block_section(struct sdoc *d, const char *key, const char *text,
                             const char *mission)
{
	const char *what;
	char line[512];

	if (text && !statement_block_empty(text)) {
		sdoc_block(d, text);
		return;
	}
	if (!strcmp(key, "summary"))
		what = sdoc_tr(d, "Summary of the head of mission",
		               "Резюме руководителя миссии");
	else if (!strcmp(key, "conclusions"))
		what = sdoc_tr(d, "Conclusions of the head of mission",
		               "Выводы руководителя миссии");
	else if (!strcmp(key, "recommendations"))
		what =
		    sdoc_tr(d, "Recommendations of the mission", "Рекомендации миссии");
	else
		what = key;
	snprintf(line, sizeof(line),
	         "%s: observa report block set %s --mission %s --lang %s --file FILE",
	         what, key, mission, d->lang);
	sdoc_placeholder(d, line);
}
