# The front door: a thin wrapper over meson.  See README.md.
comma := ,
BUILD ?= build
MESON_OPTS ?=
ifeq ($(CI),true)
MESON_OPTS += --werror
endif

.PHONY: all deps-build deps-test setup build run test test-asan valgrind fuzz cross-test \
	update-syscalls clean

all: build

deps-build:
	@tools/install-deps build
deps-test:
	@tools/install-deps test

$(BUILD)/build.ninja:
	@mkdir -p $(BUILD)
	meson setup $(BUILD) $(MESON_OPTS)

setup: $(BUILD)/build.ninja

build: deps-build setup
	ninja -C $(BUILD)

run: build
	@tools/run-demo $(BUILD)

# "make run" may have configured $(BUILD) before Criterion and libseccomp
# were installed, when the 'tests' feature (auto) found nothing and left
# every Criterion suite out.  Enabling the feature explicitly makes meson
# look again, and makes a missing test dependency a configure error rather
# than a quietly shorter test run.  $(1): the build directory, $(2): extra
# options for a first setup.
define tests_enabled
	@if [ -f $(1)/build.ninja ]; then \
		meson configure $(1) -Dtests=enabled >/dev/null; \
	else \
		meson setup $(1) -Dtests=enabled $(2) $(MESON_OPTS); \
	fi
endef

# Every suite, then every suite again under ASan+UBSan (build-asan);
# tools/test-summary fails when a suite listed in tests/suites.txt did not
# run (or one ran that the list does not know).
test: deps-test
	$(call tests_enabled,$(BUILD),)
	ninja -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 $(TESTS); \
		rc=$$?; \
		$(MAKE) --no-print-directory test-asan || rc=1; \
		python3 tools/test-summary --expect tests/suites.txt \
			$(if $(TESTS),--only "$(TESTS)") \
			$(BUILD) $(ASAN_BUILD):packaging; exit $$rc

ASAN_BUILD ?= build-asan
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# The packaging suite installs and links an outside program: not an
# ASan build's job.
test-asan: deps-test
	$(call tests_enabled,$(ASAN_BUILD),-Db_sanitize=address$(comma)undefined \
		-Db_lundef=false -Dbuildtype=debug)
	ninja -C $(ASAN_BUILD)
	$(ASAN_ENV) meson test -C $(ASAN_BUILD) --print-errorlogs \
		--num-processes 2 --no-suite packaging $(TESTS)

# Build for other arches and run the portable suite under qemu-user:
#   make cross-test [ARCHES="s390x armhf aarch64"]  (also ppc64el riscv64 i386)
ARCHES ?= s390x armhf aarch64
cross-test:
	@ARCHES="$(ARCHES)" MESON_OPTS="$(MESON_OPTS)" tools/cross-test

# Compiled test programs under valgrind (memcheck, definite leaks fail).
VALGRIND_SKIP ?= compile-profiles,compile-fuzz,install,compile-kernel,bpf-libseccomp,compat-diff,compat-kernel
valgrind: deps-test setup
	ninja -C $(BUILD)
	python3 tools/valgrind-tests $(BUILD) --skip=$(VALGRIND_SKIP)

# Time-boxed libFuzzer campaign over every target (clang needed):
#   make fuzz [FUZZ_SECONDS=1800] [FUZZ_TARGETS="bpf profile"]
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 120
FUZZ_TARGETS ?= profile bpf compile
fuzz: deps-test
	@[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILD) \
		-Dfuzz=true -Dtests=disabled -Dbuildtype=debugoptimized
	ninja -C $(FUZZ_BUILD)
	@for t in $(FUZZ_TARGETS); do \
		[ -x $(FUZZ_BUILD)/fuzz/fuzz-$$t ] || continue; \
		mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
		seeds=; [ -d fuzz/corpus/$$t ] && seeds=fuzz/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
		$(FUZZ_BUILD)/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=65536 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$t- \
			$(FUZZ_BUILD)/corpus-$$t $$seeds \
			> $(FUZZ_BUILD)/fuzz-$$t.log 2>&1; rc=$$?; \
		grep -E '^(Done|==[0-9]+==ERROR|SUMMARY)' $(FUZZ_BUILD)/fuzz-$$t.log; \
		[ $$rc = 0 ] || { echo "fuzz: $$t failed, see $(FUZZ_BUILD)/fuzz-$$t.log"; exit 1; }; \
	done

# Regenerate src/arch/gen from a kernel source tree or tarball
# (KERNEL_SRC=/usr/src/linux-source-X.Y.tar.xz or a directory) and/or a
# directory of name<TAB>number tables (SYSCALLS_DATA=DIR), merged.  With
# neither, from the sources the committed tables record, if found here.
update-syscalls:
	python3 tools/gen-syscalls $(if $(KERNEL_SRC),--kernel "$(KERNEL_SRC)") \
		$(foreach d,$(SYSCALLS_DATA),--data "$(d)")

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
