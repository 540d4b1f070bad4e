/* test.h - what every unit test file includes: cmocka and its prerequisites.
 *
 * A test file tests/unit/test_NAME.c defines "int test_NAME(void)", which
 * runs its group with cmocka_run_group_tests_name() and returns the number
 * of failures.  The Makefile registers it by its file name. */
#ifndef OBSERVA_TEST_H
#define OBSERVA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define TEST(name) int test_##name(void);
#include "test-list.h"
#undef TEST

#endif
