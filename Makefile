# iotcloud.dashboards: the two commands of the README are `make demo` and `make test`.
# Everything is installed into local virtual environments; nothing else needs to be set up.

PYTHON      ?= python3.11
VENV        := .venv
VENV_OLDEST := .venv-oldest
PY          := $(VENV)/bin/python
# The oldest ansible-core that meta/runtime.yml claims; `make test` runs units and integration on it too.
OLDEST_CORE ?= ansible-core==2.16.19
PORT        ?= 8765
TLS_CERT    ?=
TLS_KEY     ?=
# ansible-test must run from a path .../ansible_collections/iotcloud/dashboards/ outside a git work tree.
BUILD_ROOT  ?= /tmp/iotcloud-dashboards-$(shell printf '%s' "$(CURDIR)" | cksum | cut -d' ' -f1)
COLL        := $(BUILD_ROOT)/ansible_collections/iotcloud/dashboards
ANSIBLE_TEST_ARGS ?= --venv --python 3.11 --color no
# The shared reference folder (OpenAPI document, real templates); read in place, never copied into the repo.
REFERENCE   ?= $(abspath $(CURDIR)/../shared/reference)

.PHONY: help venv venv-oldest collection emulator demo test sanity units contract emulator-tests \
        integration test-oldest build galaxy-check clean

help:
	@echo "make demo      run playbooks/demo.yml against the local emulator"
	@echo "make test      sanity, unit, contract, emulator and integration tests"
	@echo "make emulator  run the emulator in the foreground (PORT=8765, TLS_CERT=, TLS_KEY=)"

$(VENV)/.stamp: requirements-dev.txt emulator/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -U pip
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.stamp

$(VENV_OLDEST)/.stamp: Makefile
	test -x $(VENV_OLDEST)/bin/python || $(PYTHON) -m venv $(VENV_OLDEST) || python3 -m venv $(VENV_OLDEST)
	$(VENV_OLDEST)/bin/python -m pip install --disable-pip-version-check -q "$(OLDEST_CORE)" requests
	touch $@

venv-oldest: $(VENV_OLDEST)/.stamp

# A copy of the collection where ansible-test wants it, plus the offline pip bootstrap stand-in.
collection: venv
	rm -rf $(COLL) && mkdir -p $(COLL)
	tar -cf - --exclude=./.git --exclude=./.venv --exclude=./.venv-oldest --exclude=./tests/output \
	    --exclude=./emulator --exclude=./.ruff_cache \
	    --exclude=./hacking --exclude=./.ci --exclude='*.tar.gz' --exclude='__pycache__' \
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
	$(VENV)/bin/ruff check --no-cache emulator
	$(PY) -m pytest -q -rs -p no:cacheprovider emulator/tests --ignore=emulator/tests/contract

contract: venv
	ARDUINO_OPENAPI_SPEC=$${ARDUINO_OPENAPI_SPEC:-$(REFERENCE)/arduino-iot-openapi-v3.2.0.yaml} \
	  $(PY) -m pytest -q -rs -p no:cacheprovider emulator/tests/contract

integration: collection
	REFERENCE=$(REFERENCE) hacking/with-emulator.sh $(PY) -- hacking/ansible-test-integration.sh $(COLL) $(CURDIR)/$(VENV)/bin/ansible-test $(ANSIBLE_TEST_ARGS)

test-oldest: venv-oldest collection
	cd $(COLL) && $(CURDIR)/$(VENV_OLDEST)/bin/ansible-test units $(ANSIBLE_TEST_ARGS)
	REFERENCE=$(REFERENCE) hacking/with-emulator.sh $(PY) -- hacking/ansible-test-integration.sh $(COLL) $(CURDIR)/$(VENV_OLDEST)/bin/ansible-test $(ANSIBLE_TEST_ARGS)

test: sanity units emulator-tests contract galaxy-check integration test-oldest
	@echo "make test: all suites passed"

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

clean:
	rm -rf $(BUILD_ROOT) build tests/output
