# Kalyna: `make run` sets up, builds and starts the server; `make test` sets up and
# runs every test. Both install the Debian packages they need first.
SWIFT ?= swift
BUILD_PACKAGES := pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev
# Printing certificates is checked with headless Chromium and pdfinfo.
TEST_PACKAGES := $(BUILD_PACKAGES) chromium poppler-utils
BENCH_PACKAGES := $(BUILD_PACKAGES) wrk gcc

.PHONY: run test build release deps test-deps bench clean

## run: build in release mode and serve on http://127.0.0.1:8080 (config.json)
run: deps release
	.build/release/kalyna serve

## test: every test (unit, integration against the real server, command line)
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

test-deps:
	@scripts/ensure-packages $(TEST_PACKAGES)
	@# The 360Giving export is checked with a JSON-schema validator.
	@python3 -c "import jsonschema, referencing" 2>/dev/null || python3 -m pip install --quiet jsonschema

## bench: requests/s and latency beside a bare libmicrohttpd hello-world
bench:
	@scripts/ensure-packages $(BENCH_PACKAGES)
	bench/http.sh

clean:
	rm -rf .build
