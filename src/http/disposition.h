/* disposition.h - the Content-Disposition of a file the API sends for
 * download (a report's attachment, a document of the long-term log). */
#ifndef OBSERVA_DISPOSITION_H
#define OBSERVA_DISPOSITION_H

#include "http/http.h"

/* Add "Content-Disposition: attachment" with name, quoted for the plain
 * filename parameter (ASCII; '"' and '\\' escaped, other bytes '_') and
 * percent-encoded for filename* (RFC 6266, RFC 8187). */
void http_disposition(struct http_resp *resp, const char *name);

#endif
