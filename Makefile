# Everyday targets. `make help` lists them.
SWIFT ?= swift
.PHONY: help build test test-core test-postgres run lint format bench browser ci

help:
	@echo "build          debug build with tests"
	@echo "test           the whole suite on embedded SQLite"
	@echo "test-core      the pure FazhiCore tests (seconds, no server)"
	@echo "test-postgres  the suite on a PostgreSQL this starts and stops (scripts/start-postgres.sh)"
	@echo "run            the seeded demo on http://127.0.0.1:8080 (swift run fazhi serve)"
	@echo "lint           swift-format lint with .swift-format (CI fails on violations)"
	@echo "format         rewrite the sources with .swift-format"
	@echo "bench          the release benchmarks (they print numbers)"
	@echo "browser        Chromium checks against a throw-away demo server"
	@echo "ci             everything CI runs (.ci/run)"

build:
	$(SWIFT) build --build-tests

test:
	env -u DATABASE_URL $(SWIFT) test

test-core:
	$(SWIFT) test --filter FazhiCoreTests

test-postgres: build
	@pg_env=$$(scripts/start-postgres.sh) && eval "$$pg_env" && \
	  { $(SWIFT) test --skip-build; status=$$?; scripts/stop-postgres.sh; exit $$status; }

run:
	$(SWIFT) run fazhi serve

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Sources Tests Benchmarks Package.swift

bench:
	$(SWIFT) build -c release
	.build/release/fazhi-bench
	.build/release/fazhi-scan-bench
	.build/release/fazhi-goi-bench
	python3 scripts/page_bench.py .build/release/fazhi --factors 1,100

browser: build
	@data=$$(mktemp -d); FAZHI_DATA_DIR=$$data FAZHI_PORT=18080 .build/debug/fazhi serve > /tmp/fazhi-browser.log 2>&1 & pid=$$!; \
	  for i in $$(seq 1 120); do curl -sf http://127.0.0.1:18080/healthz > /dev/null && break; sleep 0.5; done; \
	  .venv/bin/python scripts/browser_check.py http://127.0.0.1:18080 ci-artifacts/screenshots; status=$$?; \
	  kill $$pid; rm -rf $$data; exit $$status

ci:
	.ci/run
