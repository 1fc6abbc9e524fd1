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

.PHONY: demo bench test test-unit test-integration test-roles sanity lint build-check venv collection clean

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

test: venv collection test-unit test-integration test-roles sanity lint build-check

test-unit:
	$(BIN)/pytest -q -n 2 tests/unit

test-integration:
	$(BIN)/pytest -q -n 2 tests/integration

test-roles:
	$(BIN)/pytest -q -rs tests/roles

sanity: venv
	tools/sanity

lint: venv collection
	$(BIN)/ansible-lint

build-check: venv
	tools/build-check

# Figures, not assertions: the inventory plugin against ngine_io.cloudstack (docs/inventory.md).
bench: venv collection
	$(BIN)/python benchmarks/inventory.py

clean:
	rm -rf .build tests/output
