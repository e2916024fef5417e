# 서울 협동조합 포털 — 자주 쓰는 명령. 처음 실행하면 .venv를 만들고 고정된 버전을 설치합니다.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# (empty where this Makefile is used outside the repository, as test_build_guard.py does)
DECAP := $(if $(wildcard admin/package-lock.json),admin/node_modules/decap-cms/dist/decap-cms.js)
DECAP_SERVER := $(if $(wildcard tests/decap/package-lock.json),tests/decap/node_modules/decap-server/dist/index.js)
VNU := $(if $(wildcard tests/vnu/package-lock.json),tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar)

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
serve: $(VENV)/.deps $(DECAP)
	$(PY) -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Reproducible by default: "today" (upcoming courses, closed programmes, calendar stamps)
# is the last commit's time unless SOURCE_DATE_EPOCH is set, so two builds of one commit
# are byte-identical. The nightly workflow sets it to its own start to refresh the dates.
build: export SOURCE_DATE_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))
# No -q or -v here: with either, MkDocs 1.6 turns strict-mode warnings into success.
build: $(VENV)/.deps $(DECAP)
	$(PY) -m mkdocs build --strict --clean

check: $(VENV)/.deps
	$(PY) -m site_plugins check

# axe-core for the accessibility tests, at the version and checksum in tests/axe/package-lock.json.
tests/axe/node_modules/axe-core/axe.min.js: tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund
	@touch $@

# Decap CMS for the web editor at /admin/ (site_plugins/admin.py copies it into the site) and
# decap-server, the local backend its browser tests save through: the versions and checksums
# in admin/package-lock.json and tests/decap/package-lock.json, no install scripts run.
admin/node_modules/decap-cms/dist/decap-cms.js: admin/package-lock.json
	npm ci --prefix admin --no-audit --no-fund --ignore-scripts
	@touch $@

tests/decap/node_modules/decap-server/dist/index.js: tests/decap/package-lock.json
	npm ci --prefix tests/decap --no-audit --no-fund --ignore-scripts
	@touch $@

# The Nu HTML checker (vnu.jar) for tests/test_validators.py, at the version and checksum in
# tests/vnu/package-lock.json, run with Debian's Java (default-jre-headless, which .ci/run
# installs); no install scripts: vnu-jar's would download a Java runtime of its own.
tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar: tests/vnu/package-lock.json
	npm ci --prefix tests/vnu --no-audit --no-fund --ignore-scripts
	@touch $@

test: $(VENV)/.test-deps tests/axe/node_modules/axe-core/axe.min.js $(DECAP) $(DECAP_SERVER) $(VNU)
	$(PY) -m pytest

BENCH_COOPS ?= 30000
bench: $(VENV)/.test-deps
	$(PY) -m site_plugins bench --coops $(BENCH_COOPS) $(BENCH_ARGS)

clean:
	rm -rf site .cache
