# pyslurm's verbs.  Everything runs from a fresh Debian 12/13 machine: the
# `deps` step installs Slurm, munge and debootstrap with apt and the Python
# tools into .venv.
#
#   make demo        start a local cluster of the host's Slurm, run scripts/tour.py
#   make test        everything CI runs: unit tests, declaration drift check and
#                    docs build, then the integration suite on Slurm 22.05,
#                    24.11 and 26.05 (the host's natively, the others in roots)
#   make test-host   the same for the host's Slurm only (quick iteration)
#   make test-unit   unit tests only (no cluster)
#   make bench       the benchmarks of scripts/bench/ on a 2000-node cluster
#   make bench-accounting  pyslurm.db over 100,000 jobs in slurmdbd (own cluster)
#   make bench-pilot / bench-psij  pyslurm.pilot against QCG-PilotJob and C;
#                    the PSI/J executor against psij's slurm executor and C
#                    (PYTHON=/usr/bin/python3 VENV=.venv-debian: another interpreter)
#   make docs / lint / cluster-down / clean

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
APT_PACKAGES := slurmctld slurmd slurm-client munge libslurm-dev debootstrap \
                rsync gcc make pkg-config slurmdbd mariadb-server chromium openmpi-bin
MAJORS ?= $(shell sed -n 's/^SLURM_MAJORS = (\(.*\))$$/\1/p' pyslurm/version.py | tr -d '",')

.PHONY: deps build demo test test-host test-unit test-integration docs lint \
        bench bench-accounting bench-pilot bench-psij cluster-up cluster-down clean

deps: $(VENV)/.deps
$(VENV)/.deps: requirements-dev.txt pyproject.toml
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

build: deps
	PYSLURM_BUILD_QUIET=1 $(PY) -m pip install -q --no-build-isolation -e .

demo: build
	$(PY) -m pyslurm.testing up
	eval "$$($(PY) -m pyslurm.testing env)" && $(PY) scripts/tour.py

test: build lint
	$(PY) scripts/test_matrix.py --majors "$(MAJORS)"

test-host: build
	$(PY) scripts/test_matrix.py --host-only

test-unit: build
	$(PY) -m pytest -q tests/unit

test-integration: build
	$(PY) -m pytest -q tests/integration

docs: build
	$(PY) -m mkdocs build --strict -q

lint: deps
	$(PY) -m ruff check pyslurm scripts tests
	PATH="$(VENV)/bin:$$PATH" cython-lint pyslurm
	$(PY) -m mypy

# make bench [PYTHON=/usr/bin/python3 VENV=.venv-debian] [BENCH_JOBS=10000,50000]:
# the interpreter is the one of the venv it builds in (a new VENV for another
# PYTHON); the same-run C baselines are compiled by the scripts.
BENCH_CLUSTER := --dir .cluster-bench
BENCH_JOBS ?= 10000,50000
bench: build
	$(PY) -m pyslurm.testing up $(BENCH_CLUSTER) --extra-nodes 1996
	eval "$$($(PY) -m pyslurm.testing env $(BENCH_CLUSTER))" && \
	  $(PY) -c 'import sys; print("interpreter:", sys.executable, sys.version.split()[0])' && \
	  $(PY) scripts/bench/run.py && \
	  $(PY) scripts/bench/nodes.py && \
	  $(PY) scripts/bench/inventory.py --jobs 1000 && \
	  $(PY) scripts/bench/jobs.py --sizes $(BENCH_JOBS) && \
	  $(PY) scripts/bench/notebook.py --jobs 10000; \
	rc=$$?; $(PY) -m pyslurm.testing down $(BENCH_CLUSTER); exit $$rc

# each starts its own 4-node cluster and stops it again; pilot also installs
# QCG-PilotJob 0.14.2 into a throw-away venv (~/.cache/pyslurm-bench)
bench-pilot: build
	$(PY) scripts/bench/pilot.py

bench-psij: build
	$(PY) scripts/bench/psij.py --dir .cluster-bench-psij

# starts its own cluster with accounting (it writes 100,000 jobs into
# that slurmdbd) and stops it again
bench-accounting: build
	$(PY) scripts/bench/accounting.py

cluster-up: build
	$(PY) -m pyslurm.testing up

cluster-down:
	$(PY) -m pyslurm.testing down

clean:
	rm -rf build site *.egg-info
	find pyslurm -name '*.so' -delete
	find pyslurm -name '*.c' -not -path 'pyslurm/slurm/*' -delete
