# The front door: a thin wrapper over meson.  See README.md.
BUILD ?= build
MESON_OPTS ?=
ifeq ($(CI),true)
MESON_OPTS += --werror
endif

.PHONY: all deps setup build run test cross-test update-syscalls clean

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

test: deps-test setup
	ninja -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 $(TESTS); \
		rc=$$?; python3 tools/test-summary $(BUILD); exit $$rc

cross-test:
	@echo "cross-test: not implemented yet (see the qemu-user issue)"; exit 1

# Regenerate src/arch/gen from a kernel source tree (Debian's
# linux-source-6.12 package, or KERNEL_SRC=/path/to/linux).
update-syscalls:
	python3 tools/gen-syscalls $(if $(KERNEL_SRC),--kernel $(KERNEL_SRC))

clean:
	rm -rf $(BUILD)
