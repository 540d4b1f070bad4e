/* runner.c - runs every unit-test group, or those named on the command
 * line: "run-tests csv phone".  Tests run with tests/unit as the working
 * directory so fixtures are found as data/... */
#include <stdio.h>
#include <string.h>

#include "test.h"

struct group {
	const char *name;
	int (*run)(void);
};

static const struct group groups[] = {
#define TEST(name) {#name, test_##name},
#include "test-list.h"
#undef TEST
};

int main(int argc, char **argv)
{
	int failed = 0, ran = 0;

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		int wanted = argc < 2;
		for (int a = 1; a < argc; a++)
			if (!strcmp(argv[a], groups[i].name))
				wanted = 1;
		if (!wanted)
			continue;
		failed += groups[i].run();
		ran++;
	}
	if (!ran) {
		fprintf(stderr, "run-tests: no test group matches\n");
		return 2;
	}
	printf("unit test groups: %d run, %d failed test(s)\n", ran, failed);
	return failed ? 1 : 0;
}
