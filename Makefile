# iotcloud.dashboards: the two commands of the README are `make demo` and `make test`.
# Everything is installed into local virtual environments; nothing else needs to be set up.

PYTHON      ?= python3.11
VENV        := .venv
PY          := $(VENV)/bin/python
PORT        ?= 8765
TLS_CERT    ?=
TLS_KEY     ?=
# ansible-test must run from a path .../ansible_collections/iotcloud/dashboards/ outside a git work tree.
BUILD_ROOT  ?= /tmp/iotcloud-dashboards-$(shell printf '%s' "$(CURDIR)" | cksum | cut -d' ' -f1)
COLL        := $(BUILD_ROOT)/ansible_collections/iotcloud/dashboards
ANSIBLE_TEST_ARGS ?= --venv --python 3.11 --color no
# The shared reference folder (OpenAPI document, real templates); read in place, never copied into the repo.
REFERENCE   ?= $(abspath $(CURDIR)/../shared/reference)

# Supported versions. meta/runtime.yml's requires_ansible is OLDEST_CORE (tests/unit/test_runtime.py
# checks it). OLDEST_CORE runs in .venv (requirements-dev.txt, Python 3.11); each newer core in a venv of
# hacking/venvs/core-<core>.txt, cached by requirements hash (hacking/venv.sh), on the Python named
# here. PYTHON_2_21=/path/to/python3.13 (and so on) overrides the interpreter hacking/find-python.sh finds.
OLDEST_CORE := 2.19
CORES       := 2.19 2.20 2.21
PYTHON_2_20 ?= $(shell hacking/find-python.sh 3.12)
PYTHON_2_21 ?= $(shell hacking/find-python.sh 3.13)
PYTHON_TOOLS ?= $(shell hacking/find-python.sh 3.11)
# What make test runs: full sanity once on the oldest core (its multi-version tests on every installed
# Python that core supports), only the Python-dependent sanity tests (compile, import) on the others;
# units on every core; integration on the oldest and the newest. Longest first: make starts jobs in
# this order, and the sanity runs, which take turns (they share ansible-test's venvs), come apart.
MATRIX      := integration-$(OLDEST_CORE) integration-2.21 sanity-$(OLDEST_CORE) \
               units-$(OLDEST_CORE) units-2.20 units-2.21 sanity-versions-2.20 sanity-versions-2.21
# Every run the matrix can do, for make units-2.20 and the like.
MATRIX_ALL  := $(foreach suite,sanity sanity-versions units integration,$(addprefix $(suite)-,$(CORES)))
# Parallel jobs of make test; each matrix run works in its own copy of the collection tree. Three on two
# cores: integration runs spend part of their time waiting (rate limits, retry back-off).
JOBS        ?= 3
# The integration targets that read the reference folder (make test-no-reference runs them without it).
REFERENCE_TARGETS := $(sort $(foreach f,$(shell grep -rl reference_templates tests/integration/targets 2>/dev/null),$(word 4,$(subst /, ,$(f)))))

.PHONY: help venv collection emulator demo test test-suites test-no-reference sanity units contract \
        emulator-tests reliability reliability-slice integration bench bench-counts build galaxy-check docs docs-lint lint ee-check tools clean $(MATRIX_ALL)

help:
	@echo "make demo      run playbooks/demo.yml against the local emulator"
	@echo "make test      sanity, unit, contract, emulator and integration tests on every supported core,"
	@echo "               docs and ansible-lint checks, the execution environment context (JOBS=3 in parallel)"
	@echo "make docs      the docs site into build/docs/html"
	@echo "make units-2.21, sanity-versions-2.20, integration-2.21 ...  one run of the version matrix"
	@echo "make emulator  run the emulator in the foreground (PORT=8765, TLS_CERT=, TLS_KEY=)"

$(VENV)/.stamp: requirements-dev.txt emulator/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -U pip
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.stamp

# A copy of the collection where ansible-test wants it, plus the offline pip bootstrap stand-in.
collection: venv
	rm -rf $(COLL) && mkdir -p $(COLL)
	tar -cf - --exclude=./.git --exclude=./.venv --exclude=./tests/output --exclude=./build --exclude=./.ansible \
	    --exclude=./emulator --exclude=./bench --exclude=./.ruff_cache \
	    --exclude=./hacking --exclude=./.ci --exclude='*.tar.gz' --exclude='__pycache__' --exclude=./tests/reliability \
	    --exclude=./tests/integration/integration_config.yml . | tar -C $(COLL) -xf -
	@# ansible-test runs in the build tree only, so the real templates go beside it (never into git).
	@if [ -d "$(REFERENCE)/templates" ]; then mkdir -p $(COLL)/tests/output/reference && \
	  cp -r "$(REFERENCE)/templates" $(COLL)/tests/output/reference/; fi
	@for venv in $(VENV) $(VENV_OLDEST); do \
	  [ -x $$venv/bin/python ] || continue; \
	  v=$$($$venv/bin/python -c "import re, ansible_test, pathlib; \
	    p = pathlib.Path(ansible_test.__file__).parent / '_internal/python_requirements.py'; \
	    print(re.search(r\"pip='([0-9.]+)'\", p.read_text()).group(1))" 2>/dev/null) || continue; \
	  f=$$HOME/.ansible/test/cache/get_pip_$$(echo $$v | tr . _).py; \
	  if [ ! -f $$f ]; then mkdir -p $$(dirname $$f); cp hacking/get_pip_standin.py $$f; \
	    echo "installed offline pip bootstrap stand-in $$f"; fi; \
	done

emulator: venv
	$(VENV)/bin/iotcloud-emulator --host 127.0.0.1 --port $(PORT) \
	  $(if $(TLS_CERT),--tls-cert $(TLS_CERT)) $(if $(TLS_KEY),--tls-key $(TLS_KEY))

demo: venv
	hacking/with-emulator.sh $(PY) -- hacking/demo.sh $(VENV)

sanity: collection
	cd $(COLL) && $(CURDIR)/$(VENV)/bin/ansible-test sanity $(ANSIBLE_TEST_ARGS)

units: collection
	cd $(COLL) && $(CURDIR)/$(VENV)/bin/ansible-test units $(ANSIBLE_TEST_ARGS)

# The emulator package: linted, then its own tests (the demo's dashboard in Chromium among them).
emulator-tests: venv
	$(VENV)/bin/ruff check --no-cache emulator tests/reliability
	$(PY) -m pytest -q -rs -p no:cacheprovider emulator/tests --ignore=emulator/tests/contract

# The fault matrix (docs/reliability.md): every module x every fault kind against the in-process emulator,
# each cell survived or failed cleanly. make reliability runs every pair and all of tests/reliability and
# writes the table to build/reliability-matrix.md; make reliability-slice (in make test) runs every module and
# every fault kind at least once, and the default slices of the secrets sweep (-vvvv) and the 20-fork test.
reliability: venv
	@mkdir -p build
	RELIABILITY_FULL=1 RELIABILITY_MATRIX_OUT=$(CURDIR)/build/reliability-matrix.md \
	  $(PY) -m pytest -q -rs -p no:cacheprovider tests/reliability
	@echo "reliability: the table is in build/reliability-matrix.md"

reliability-slice: venv
	$(PY) -m pytest -q -rs -p no:cacheprovider tests/reliability
	@# The role's bad-input catalogue runs ansible-playbook; under ansible-test units it is skipped as too slow.
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; mkdir -p "$$tmp/ansible_collections/iotcloud" && \
	  ln -s "$(CURDIR)" "$$tmp/ansible_collections/iotcloud/dashboards" && cd "$$tmp" && \
	  PYTHONPATH="$$tmp" "$(CURDIR)/$(PY)" -m pytest -q -rs -p no:cacheprovider \
	    ansible_collections/iotcloud/dashboards/tests/unit/test_bad_input_role.py

contract: venv
	ARDUINO_OPENAPI_SPEC=$${ARDUINO_OPENAPI_SPEC:-$(REFERENCE)/arduino-iot-openapi-v3.2.0.yaml} \
	  $(PY) -m pytest -q -rs -p no:cacheprovider emulator/tests/contract

integration: collection
	REFERENCE=$(REFERENCE) hacking/with-emulator.sh $(PY) -- hacking/ansible-test-integration.sh $(COLL) $(CURDIR)/$(VENV)/bin/ansible-test $(ANSIBLE_TEST_ARGS)

# The venv of a core: .venv for the oldest, else a cached one on PYTHON_<core> (built on first use).
core_python = $(PYTHON_$(subst .,_,$(1)))
core_venv   = $(if $(filter $(OLDEST_CORE),$(1)),$(CURDIR)/$(VENV),$$(hacking/venv.sh core-$(1) \
              "$(or $(call core_python,$(1)),$(error no Python for ansible-core $(1): install it or set PYTHON_$(subst .,_,$(1))=))"))

$(filter sanity-2%,$(MATRIX_ALL)): sanity-%: collection
	hacking/matrix.sh sanity $* "$(call core_venv,$*)" $(COLL)

$(filter sanity-versions-%,$(MATRIX_ALL)): sanity-versions-%: collection
	hacking/matrix.sh sanity-versions $* "$(call core_venv,$*)" $(COLL)

$(filter units-%,$(MATRIX_ALL)): units-%: collection
	hacking/matrix.sh units $* "$(call core_venv,$*)" $(COLL)

$(filter integration-%,$(MATRIX_ALL)): integration-%: collection
	REFERENCE=$(REFERENCE) hacking/matrix.sh integration $* "$(call core_venv,$*)" $(COLL) $(TARGETS)

# The tools venv: antsibull-docs, Sphinx, ansible-lint, ansible-builder (hacking/venvs/tools.txt).
TOOLS = $$(hacking/venv.sh tools "$(PYTHON_TOOLS)")

tools:
	@hacking/venv.sh tools "$(PYTHON_TOOLS)" >/dev/null

# The plugin and extra docs are valid (what galaxy-importer and docs.ansible.com check).
docs-lint: tools
	hacking/docs-lint.sh "$(TOOLS)"

# ansible-lint production profile over every playbook, role and integration target.
lint: tools
	hacking/lint.sh "$(TOOLS)"

# ansible-builder create, offline, with this collection: the context has it, requests and the base image.
ee-check: tools
	hacking/ee-check.sh "$(TOOLS)"

docs: tools
	hacking/build-docs.sh "$(TOOLS)"

test-suites: $(MATRIX) emulator-tests contract reliability-slice bench-counts galaxy-check docs-lint lint ee-check docs

test:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target test-suites && \
	echo "make test: all suites passed in $$(( $$(date +%s) - start )) s"

# A fresh clone has no ../shared: the suites that read the reference folder pass without it (skipping
# only what needs it, and saying so). .ci/run runs this after make test.
test-no-reference:
	@empty=$$(mktemp -d); trap 'rm -rf "$$empty"' EXIT; \
	$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target REFERENCE="$$empty" \
	  TARGETS="$(REFERENCE_TARGETS)" units-$(OLDEST_CORE) contract integration-$(OLDEST_CORE) integration-2.21 && \
	echo "make test-no-reference: the suites pass without the reference folder"

build: venv
	$(VENV)/bin/ansible-galaxy collection build --force --output-path build/

# The changelog fragments are valid; the tarball builds, installs with ansible-galaxy, and the
# installed modules' docs load.
galaxy-check: venv
	$(VENV)/bin/antsibull-changelog lint
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(VENV)/bin/ansible-galaxy collection build --force --output-path "$$tmp" . >/dev/null && \
	$(VENV)/bin/ansible-galaxy collection install -p "$$tmp/inst" "$$tmp"/iotcloud-dashboards-*.tar.gz >/dev/null && \
	for m in $$(ls plugins/modules | sed -n 's/\.py$$//p'); do \
	  ANSIBLE_COLLECTIONS_PATH="$$tmp/inst" $(VENV)/bin/ansible-doc -t module iotcloud.dashboards.$$m >/dev/null || exit 1; \
	done && echo "galaxy-check: tarball builds, installs and its module docs load"

# The benchmark (docs/performance.md): sync, role, a loop of single tasks and a uri playbook side by
# side against an in-process emulator (BENCH_PORT=0: a free port). BENCH_ARGS=--quick: N=10 and 100,
# one repeat, no forks cells (under 3 minutes). The plot runs in the bench venv (hacking/venvs/bench.txt, matplotlib).
BENCH_PORT ?= 0
BENCH_ARGS ?=
bench: venv
	BENCH_PORT=$(BENCH_PORT) $(PY) bench/bench.py $(BENCH_ARGS)
	$$(hacking/venv.sh bench "$(PYTHON_TOOLS)")/bin/python bench/plot.py bench/results

# The request counts of the benchmark, asserted (deterministic; no wall time is asserted).
bench-counts: venv
	BENCH_PORT=$(BENCH_PORT) $(PY) -m pytest -q -p no:cacheprovider bench/test_counts.py

clean:
	rm -rf $(BUILD_ROOT) build tests/output .ansible
