/* web_assets.h - the dashboard's files (HTML, CSS, JavaScript, the
 * dictionaries), compiled into the binary: the build turns each file under
 * web/ into a byte array of build/gen/web_assets_data.c, so the server
 * needs no directory of its own and works offline. */
#ifndef OBSERVA_WEB_ASSETS_H
#define OBSERVA_WEB_ASSETS_H

#include <stddef.h>

/* One file: its path below web/ ("/index.html", "/static/app.js"), its
 * bytes (static, followed by a NUL not counted in len) and its CRC as
 * cksum(1) prints it, which makes its ETag. */
struct web_asset {
	const char *path;
	const unsigned char *data;
	size_t len;
	const char *crc;
};

/* The generated table, ended by an entry whose path is NULL. */
extern const struct web_asset web_assets_table[];

/* The file at path ("/static/app.js"), or NULL. */
const struct web_asset *web_asset_find(const char *path);

/* The media type for the file name's extension (with charset for text),
 * "application/octet-stream" for an unknown one.  Static. */
const char *web_asset_type(const char *path);

#endif
