# Thin wrapper around CMake. `make demo` and `make test` do all set-up on a fresh Debian 12.
BUILD ?= build
JOBS  ?= $(shell nproc)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local

SELFCHECK_BUILD ?= $(BUILD)-selfcheck

.PHONY: all deps configure build test selfcheck demo bench install deb clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure

# The engine built with HEISEN_SELFCHECK (every fast-path verdict checked against the full path,
# the order graph's invariants after each change), under the core and posix tests; heisen run
# itself is the one `build` made.
selfcheck: build
	cmake -S . -B $(SELFCHECK_BUILD) -G Ninja $(CMAKE_FLAGS) -DHEISEN_SELFCHECK=ON \
	  -DHEISEN_SELFCHECK_TOOL=$(abspath $(BUILD))/bin/heisen
	cmake --build $(SELFCHECK_BUILD) -j $(JOBS)
	ctest --test-dir $(SELFCHECK_BUILD) -j $(JOBS) --output-on-failure

demo: build
	@bash examples/demo.sh $(BUILD)

bench: build
	@bash bench/run.sh $(BUILD)

# Installs into PREFIX (DESTDIR is honoured); the prefix may be moved afterwards.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Debian packages in $(BUILD)/deb: heisen, libheisen-linked0, libheisen-dev.
deb: build
	cpack --config $(BUILD)/CPackConfig.cmake -B $(abspath $(BUILD))/deb
	@ls $(BUILD)/deb/*.deb

clean:
	rm -rf $(BUILD) $(SELFCHECK_BUILD)
