/* banned.h - functions observa never calls, made compile errors.
 *
 * Included last by every observa source file through the build's -include
 * flag.  Each has a safer replacement: buf_appendf or snprintf for sprintf
 * and strcat, xstrdup or memcpy for strcpy, strtol with checks for atoi,
 * localtime_r or gmtime_r for localtime. */
#ifndef OBSERVA_BANNED_H
#define OBSERVA_BANNED_H

/* Declare the real functions first, so the macros below only catch calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef gmtime
#define gmtime(t) BANNED(gmtime)

#endif
