# Everything a fresh clone needs: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLLECTIONS := .build/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/cloudstack/cloud
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export PYTHONPATH := $(CURDIR)/simulator
export PATH := $(CURDIR)/$(BIN):$(PATH)
# The older ansible-core minors that meta/runtime.yml admits; .venv holds the newest.
OLDER_CORES := 2.16 2.17 2.18
# What runs under every core: the collection's unit tests (not the simulator's: it is stdlib and
# never imports ansible), the inventory, one smoke play per module.
CORE_SUITES := tests/unit/plugins tests/integration/inventory tests/smoke

.PHONY: demo bench docs docs-lint test test-unit test-integration test-roles sanity lint build-check venv collection clean \
	test-cores $(addprefix test-core-,$(OLDER_CORES)) $(addprefix venv-core-,$(OLDER_CORES))

venv: $(VENV)/.stamp
$(VENV)/.stamp: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# Ansible finds the collection through a link named as Ansible requires.
collection: $(COLLECTION_LINK)
$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

# The demo runs on the simulator unless a cloud is given (CLOUDSTACK_ENDPOINT or CLOUDSTACK_CONFIG).
demo: venv collection
	@if [ -n "$$CLOUDSTACK_ENDPOINT$$CLOUDSTACK_CONFIG" ]; then \
		$(BIN)/ansible-playbook playbooks/demo.yml; \
	else \
		tools/with-simulator -- $(BIN)/ansible-playbook playbooks/demo.yml; \
	fi

STAGES := sanity lint docs-lint test-unit test-integration test-cores test-roles build-check
test: venv collection
	tools/test-stages $(STAGES)

# More workers than cores: the suites spend much of their time waiting on simulators and their jobs (measured on
# 2 cores: unit 205 s with 2 workers, 118 s with 4; integration 627 s with 3; each older core's suites 179 s -> 135 s).
test-unit:
	$(BIN)/pytest -q -n 4 tests/unit

test-integration:
	$(BIN)/pytest -q -n 3 --durations=15 tests/integration

# One venv per older core: ansible-core~=2.N.0, the collection's requirements and pytest.
$(addprefix venv-core-,$(OLDER_CORES)): venv-core-%: .venv-%/.stamp
.venv-%/.stamp: requirements.txt
	$(PYTHON) -m venv .venv-$*
	.venv-$*/bin/pip install -q "ansible-core~=$*.0" -r requirements.txt "pytest>=8" "pytest-xdist>=3"
	touch $@

# The suites under one older core (the newest runs the unit and inventory tests in test-unit and test-integration,
# and instead of the smoke plays each module's full target, which does all a smoke play does and more).
$(addprefix test-core-,$(OLDER_CORES)): test-core-%: .venv-%/.stamp collection
	PATH=$(CURDIR)/.venv-$*/bin:$$PATH .venv-$*/bin/pytest -q -n 4 -p no:cacheprovider $(CORE_SUITES)

test-cores: $(addprefix test-core-,$(OLDER_CORES))

# Two labs at a time, one test file each (the labs share nothing but the apt archive cache, copied in and out).
test-roles:
	$(BIN)/pytest -q -rs -n 2 --dist loadfile tests/roles

sanity: venv
	tools/sanity

lint: venv collection
	$(BIN)/ansible-lint

build-check: venv
	tools/build-check

# The HTML docs site (modules, plugins, roles, guides) in .build/docs/html; docs-lint also runs antsibull-docs' checks,
# and both fail on any Sphinx warning.
docs: collection
	tools/docs

docs-lint: collection
	tools/docs lint

# Figures, not assertions, against ngine_io.cloudstack in its own venv: the inventory plugin (docs/inventory.md),
# then the same playbooks with both collections (benchmarks/playbooks.py; a chart in .build/bench/).
bench: venv collection
	$(BIN)/python benchmarks/inventory.py
	$(BIN)/python benchmarks/playbooks.py

clean:
	rm -rf .build tests/output .venv-docs $(addprefix .venv-,$(OLDER_CORES))
