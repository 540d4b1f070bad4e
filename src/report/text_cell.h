/* text_cell.h - cells of plain-text tables for the terminal: measured in
 * characters rather than bytes, so Cyrillic and Kazakh texts line up, kept
 * on one line, and cut with an ellipsis when too wide. */
#ifndef OBSERVA_TEXT_CELL_H
#define OBSERVA_TEXT_CELL_H

#include <stddef.h>
#include <stdio.h>

enum text_cell_align { TEXT_CELL_LEFT, TEXT_CELL_RIGHT };

/* Characters s takes on one line (each run of control characters counts
 * as one space); s is valid UTF-8, NULL counts as "". */
size_t text_cell_width(const char *s);

/* Write s on one line in exactly width characters: padded with spaces on
 * the right (TEXT_CELL_LEFT) or the left (TEXT_CELL_RIGHT), or cut with
 * "…" when wider. */
void text_cell_put(FILE *out, const char *s, size_t width, enum text_cell_align align);

#endif
