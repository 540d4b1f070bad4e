# observa - build, test and demo.
#
#   make          build ./observa
#   make test     install what is missing, build, run every test
#   make demo     install what is missing, build, serve a demo mission
#   make fuzz     run every fuzz target for FUZZ_SECONDS each
#   make check    formatting and static checks

CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libsodium libpq expat libqrencode zlib libcurl gnutls
WARN     := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wno-format-truncation
BASEFLAGS = -std=c17 -D_GNU_SOURCE -Isrc -Ibuild/gen -include src/core/banned.h \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS   ?= -O2 -g
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ASANFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60
# make test's short run of each fuzz target (its corpus, then new inputs):
# 16 targets at 4 s, two at a time, take about 40 s on two cores.
FUZZ_SMOKE_SECONDS ?= 4

# Sources made at build time (below) are compiled like those in src/.
GEN_SRC  := build/gen/forms_builtin_data.c build/gen/web_assets_data.c
SRC      := $(shell find src -name '*.c' | sort) $(GEN_SRC)
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
WEB      := $(shell find web -type f 2>/dev/null | sort)

# Unit tests link every layer below the command line.
TLIB_SRC := $(filter-out src/cli/%,$(LIB_SRC))

OBJ      := $(SRC:%.c=build/obj/%.o)
ASAN_LIB := $(LIB_SRC:%.c=build/asan/%.o)
TLIB_OBJ := $(TLIB_SRC:%.c=build/obj/%.o)
ASAN_TLIB:= $(TLIB_SRC:%.c=build/asan/%.o)
ASAN_MAIN:= build/asan/src/cli/main.o
TEST_OBJ := $(TEST_SRC:%.c=build/obj/%.o) build/obj/tests/unit/runner.o \
            build/obj/tests/unit/fixture.o
ASAN_TOBJ:= $(TEST_SRC:%.c=build/asan/%.o) build/asan/tests/unit/runner.o \
            build/asan/tests/unit/fixture.o

.PHONY: all deps test unit unit-asan e2e fuzz-smoke fuzz demo check clean
all: observa

deps:
	@scripts/install-deps.sh

observa: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/asan/observa: $(ASAN_LIB) $(ASAN_MAIN)
	$(CC) $(ASANFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: %.c build/gen/test-list.h
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(BASEFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c build/gen/test-list.h
	@mkdir -p $(dir $@)
	@echo "CC [asan] $<"
	@$(CC) $(BASEFLAGS) $(WARN) $(ASANFLAGS) -MMD -MP -c -o $@ $<

# The unit-test list is made from the file names, so adding
# tests/unit/test_foo.c (which defines int test_foo(void)) registers it.
build/gen/test-list.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ for f in $(TEST_SRC); do n=$$(basename $$f .c); echo "TEST($${n#test_})"; done; } > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@

# The shipped forms are compiled in: each forms/CODE.json becomes a byte
# array in build/gen/forms_builtin_data.c (see src/model/forms_builtin.h).
FORMS    := $(sort $(wildcard forms/*.json))
build/gen/forms_builtin_data.c: $(FORMS) Makefile
	@mkdir -p $(dir $@)
	@echo "GEN $@"
	@{ echo '/* Generated from the JSON files in forms/ by the Makefile: do not edit. */'; \
	  echo '#include "model/forms_builtin.h"'; \
	  for f in $(FORMS); do n=$$(basename $$f .json); \
	    echo "static const unsigned char form_$$n[] = {"; \
	    od -An -v -tx1 $$f | sed 's/[0-9a-f][0-9a-f]/0x&,/g'; \
	    echo '0};'; done; \
	  echo 'const struct forms_builtin forms_builtin_table[] = {'; \
	  for f in $(FORMS); do n=$$(basename $$f .json); \
	    echo "{\"$$n\", (const char *)form_$$n},"; done; \
	  echo '{0, 0}};'; } > $@.tmp && mv $@.tmp $@

# The dashboard is compiled in too: each file under web/ becomes a byte
# array in build/gen/web_assets_data.c, served at its path below web/
# (web/index.html at /), with an ETag from its CRC (src/http/web_assets.h).
build/gen/web_assets_data.c: $(WEB) Makefile
	@mkdir -p $(dir $@)
	@echo "GEN $@"
	@{ echo '/* Generated from the files under web/ by the Makefile: do not edit. */'; \
	  echo '#include "http/web_assets.h"'; \
	  i=0; for f in $(WEB); do \
	    echo "static const unsigned char asset_$$i[] = {"; \
	    od -An -v -tx1 $$f | sed 's/[0-9a-f][0-9a-f]/0x&,/g'; \
	    echo '0};'; i=$$((i+1)); done; \
	  echo 'const struct web_asset web_assets_table[] = {'; \
	  i=0; for f in $(WEB); do \
	    echo "{\"$${f#web}\", asset_$$i, sizeof(asset_$$i) - 1, \"$$(cksum < $$f | cut -d' ' -f1)\"},"; \
	    i=$$((i+1)); done; \
	  echo '{0, 0, 0, 0}};'; } > $@.tmp && mv $@.tmp $@

build/run-tests: $(TLIB_OBJ) $(TEST_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS) -lcmocka

build/asan/run-tests: $(ASAN_TLIB) $(ASAN_TOBJ)
	$(CC) $(ASANFLAGS) -o $@ $^ $(LIBS) -lcmocka

# Tests: unit tests, the same under ASan+UBSan, fuzz smoke runs, end to end.
# make test builds on every core, then runs the suites side by side
# (scripts/test-suites.sh): the unit tests, once, in the ASan+UBSan build
# (make unit runs them in the release build) with the fuzz smoke runs,
# into build/unit-fuzz.log, printed when they end; and the end-to-end
# suite on SQLite and on PostgreSQL (e2e-both), printed as it goes.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) observa build/asan/run-tests \
	  build/asan/observa $(FUZZ_BIN)
	@MAKE="$(MAKE)" scripts/test-suites.sh $(CURDIR)/build/asan/observa $(CURDIR)/observa

unit: build/run-tests
	cd tests/unit && ../../scripts/with-pg.sh ../../build/run-tests

unit-asan: build/asan/run-tests
	cd tests/unit && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1 ../../scripts/with-pg.sh ../../build/asan/run-tests

e2e: build/asan/observa observa
	rm -rf build/e2e-demo
	cd tests/e2e && OBSERVA_BIN=$(CURDIR)/build/asan/observa \
	  ASAN_OPTIONS=detect_leaks=1 node --test --test-concurrency=2 *.test.mjs

# The end-to-end suite on both back-ends at once (scripts/e2e-both.sh):
# SQLite's pass (ASan+UBSan build) prints as it goes, PostgreSQL's
# (release build) after it.
.PHONY: e2e-both
e2e-both: build/asan/observa observa
	scripts/e2e-both.sh $(CURDIR)/build/asan/observa $(CURDIR)/observa

# The same end-to-end tests on PostgreSQL: a throwaway cluster, a database
# per test.  E2E_PG_TESTS picks files (default: all of them).
E2E_PG_TESTS ?= *.test.mjs
.PHONY: e2e-pg
e2e-pg: build/asan/observa observa
	rm -rf build/e2e-demo
	cd tests/e2e && OBSERVA_BIN=$(CURDIR)/build/asan/observa OBSERVA_E2E_BACKEND=postgres \
	  ASAN_OPTIONS=detect_leaks=1 ../../scripts/with-pg.sh \
	  node --test --test-concurrency=2 $(E2E_PG_TESTS)

# Fuzz targets: tests/fuzz/fuzz_NAME.c, each built with libFuzzer.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB := $(filter-out src/http/% src/cli/%,$(LIB_SRC)) \
            src/http/url.c src/http/http_req.c src/http/public_url.c \
            src/http/cookie.c src/http/digest.c src/http/auth_cookie.c \
            src/http/sms_form.c
FUZZ_OBJ := $(FUZZ_LIB:%.c=build/fuzz/obj/%.o)
FUZZFLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined
# The library is compiled once for every target; each target links it.
build/fuzz/obj/%.o: %.c build/gen/test-list.h
	@mkdir -p $(dir $@)
	@echo "CC [fuzz] $<"
	@clang $(BASEFLAGS) $(FUZZFLAGS) -MMD -MP -c -o $@ $<

.SECONDARY: $(FUZZ_OBJ)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p build/fuzz
	@echo "LINK [fuzz] $@"
	@clang $(BASEFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined \
	  -o $@ $< $(FUZZ_OBJ) $(LIBS)

# JOBS targets at a time.
fuzz-smoke: $(FUZZ_BIN)
	@printf '%s\n' $(FUZZ_BIN) | xargs -P $(JOBS) -I{} sh -c 'f={}; n=$$(basename $$f); \
	  mkdir -p build/fuzz/corpus-$$n; \
	  echo "fuzz: $$n for $(FUZZ_SMOKE_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SMOKE_SECONDS) -print_final_stats=0 build/fuzz/corpus-$$n tests/fuzz/corpus/$$n \
	    >build/fuzz/$$n.log 2>&1 || { tail -40 build/fuzz/$$n.log; echo "fuzz: $$n FAILED"; exit 255; }'

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus-$$n tests/fuzz/corpus/$$n || exit 1; done

demo: deps observa
	./observa demo --port 8080

check:
	clang-format --dry-run --Werror $(filter-out $(GEN_SRC),$(SRC)) $(TEST_SRC)
	cppcheck --quiet --error-exitcode=1 --enable=warning -Isrc src

clean:
	rm -rf build observa

-include $(shell find build -name '*.d' 2>/dev/null)
