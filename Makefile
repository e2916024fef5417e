# 서울 협동조합 포털 — 자주 쓰는 명령. 처음 실행하면 .venv를 만들고 고정된 버전을 설치합니다.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test check bench clean

$(VENV)/.deps: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	@touch $@

$(VENV)/.test-deps: $(VENV)/.deps
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

# --dirty: MkDocs keeps the preview folder between rebuilds, so the portal rewrites only
# the pages an edit changed (a co-op edit shows in about a second, not a full rebuild).
serve: $(VENV)/.deps
	$(PY) -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Reproducible by default: "today" (upcoming courses, closed programmes, calendar stamps)
# is the last commit's time unless SOURCE_DATE_EPOCH is set, so two builds of one commit
# are byte-identical. The nightly workflow sets it to its own start to refresh the dates.
build: export SOURCE_DATE_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))
# No -q or -v here: with either, MkDocs 1.6 turns strict-mode warnings into success.
build: $(VENV)/.deps
	$(PY) -m mkdocs build --strict --clean

check: $(VENV)/.deps
	$(PY) -m site_plugins check

# axe-core for the accessibility tests, at the version and checksum in tests/axe/package-lock.json.
tests/axe/node_modules/axe-core/axe.min.js: tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund
	@touch $@

test: $(VENV)/.test-deps tests/axe/node_modules/axe-core/axe.min.js
	$(PY) -m pytest

BENCH_COOPS ?= 30000
bench: $(VENV)/.test-deps
	$(PY) -m site_plugins bench --coops $(BENCH_COOPS) $(BENCH_ARGS)

clean:
	rm -rf site .cache
