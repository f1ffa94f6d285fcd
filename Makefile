# SPDX-License-Identifier: GPL-2.0
#
# kdump-iommu: the two commands are `make demo` and `make check`.
# Everything is built under build/ (ignored by git).

SHELL    := /bin/bash
LAB      := tools/testing/selftests/iommu/kdump
VMTEST   := scripts/vmtest.sh
RESULT   := python3 scripts/lab/labresult.py
RUN_ID   ?= $(shell date +%Y%m%d-%H%M%S)
# Evaluate once: every target below names the same run.
RUN_ID   := $(RUN_ID)
FUZZ_SECONDS ?= 20

.PHONY: all help deps kernels demo check unit fuzz-long lab-check bench soak crash-check results-doc scale \
	clean distclean \
	series series-check series-distro

all: help

help:
	@echo "make demo      install what is missing, build, crash a q35 + VT-d guest"
	@echo "               with DMA in flight, capture the dump, print the result"
	@echo "make check     every test that runs in CI (.ci/run): unit, kunit,"
	@echo "               series-check, lab-check"
	@echo "make unit      user-space validator tests (ASan/UBSan) and a short fuzz run"
	@echo "make fuzz-long the validator fuzzer for 10 minutes"
	@echo "make lab-check the crash-lab scenarios in $(LAB)/check.list"
	@echo "make bench     every scenario on the patched and the baseline kernel,"
	@echo "               side by side (build/results/bench-*.md)"
	@echo "make soak      each scenario of soak.list SOAK_N (20) times on each kernel"
	@echo "make scale     the handover's cost and memory against the table size:"
	@echo "               results/scale.md and results/scale.png"
	@echo "make crash-check  open lab dumps with the crash utility (log, ps, bt)"
	@echo "make kernels   build the four lab kernels"
	@echo "make deps      install Debian packages and the arm64 guest userspace"
	@echo "make series    the patch series for kernel developers (build/series/out)"
	@echo "make series-check  apply, build (W=1, per patch), checkpatch, sparse,"
	@echo "               kernel-doc and docs gates on the series"
	@echo "make series-distro build drivers/iommu/ with Debian's 6.12 config + the series"

deps:
	@scripts/deps.sh -a

kernels: deps
	@for k in baseline patched; do for a in x86_64 arm64; do \
		scripts/build-kernel.sh -k $$k -a $$a >/dev/null || exit 1; done; done

demo: deps
	@rc=0; $(VMTEST) -r demo-$(RUN_ID) demo || rc=$$?; \
	$(RESULT) show build/results/demo-$(RUN_ID).jsonl && \
	$(RESULT) table build/results/demo-$(RUN_ID).jsonl && exit $$rc

unit: deps
	@$(MAKE) --no-print-directory -C $(LAB)/unit test
	@$(MAKE) --no-print-directory -C $(LAB)/unit fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	@$(MAKE) --no-print-directory -C $(LAB)/scale smoke
	@$(LAB)/vmcore-peek-test.sh
	@python3 $(LAB)/oracle_test.py

fuzz-long: deps
	@$(MAKE) --no-print-directory -C $(LAB)/unit fuzz-long

lab-check: deps
	@rc=0; $(VMTEST) -r check-$(RUN_ID) -l $(LAB)/check.list || rc=$$?; \
	$(RESULT) audit build/results/check-$(RUN_ID).jsonl || rc=1; exit $$rc

# Each part's output is kept in build/check/; the last line sums the parts'
# "N passed, N failed" lines (a part without one counts as a failure).
check: deps
	@mkdir -p build/check
	@set -o pipefail; $(MAKE) --no-print-directory unit 2>&1 | tee build/check/unit.log
	@set -o pipefail; $(MAKE) --no-print-directory kunit 2>&1 | tee build/check/kunit.log
	@set -o pipefail; $(MAKE) --no-print-directory series-check 2>&1 | tee build/check/series.log
	@set -o pipefail; $(MAKE) --no-print-directory lab-check RUN_ID=$(RUN_ID) 2>&1 | tee build/check/lab.log
	@scripts/check-summary.sh build/check/unit.log build/check/kunit.log \
		build/check/series.log build/check/lab.log
	@echo "make check: all parts passed (lab results: build/results/check-$(RUN_ID).jsonl)"

bench: deps
	@$(VMTEST) -r bench-$(RUN_ID) -l $(LAB)/bench.list || true
	@$(RESULT) audit build/results/bench-$(RUN_ID).jsonl || true
	@$(RESULT) table build/results/bench-$(RUN_ID).jsonl > build/results/bench-$(RUN_ID).md
	@echo "table: build/results/bench-$(RUN_ID).md"

# Lab dumps opened with the crash utility (a debug-info kernel variant).
crash-check: deps
	@scripts/lab/crash-check.sh

# Each scenario of soak.list SOAK_N times on each kernel.
SOAK_N ?= 20
soak: deps
	@$(VMTEST) -c $(SOAK_N) -r soak-$(RUN_ID) -l $(LAB)/soak.list || true
	@$(RESULT) soak build/results/soak-$(RUN_ID).jsonl | tee build/results/soak-$(RUN_ID).md

# The handover at scale (user space, a few minutes): table and plot.
scale: deps
	@$(MAKE) --no-print-directory -C $(LAB)/scale run
	@mkdir -p results
	@python3 scripts/scale/report.py build/scale/scale.jsonl results/scale.md results/scale.png

# RESULTS.md from a bench run (and a soak run):
# make results-doc BENCH=build/results/bench-ID.jsonl [SOAK=build/results/soak-ID.jsonl]
# BENCH may name several runs ("A.jsonl B.jsonl"): a later run's rows replace
# an earlier one's for the same scenario and kernel, and the text says so.
results-doc:
	@test -n "$(BENCH)" || { echo "usage: make results-doc BENCH=build/results/bench-ID.jsonl"; exit 1; }
	@{ cat scripts/lab/results-head.md; echo; echo "## The run"; echo; \
	  echo "Run \`$(notdir $(basename $(firstword $(BENCH))))\`$(if $(word 2,$(BENCH)), (with the pairs re-run in \`$(notdir $(basename $(wordlist 2,99,$(BENCH))))\`: a later run's rows replace the earlier's for the same scenario and kernel)), $$(date -u +%Y-%m-%d), QEMU $$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline()).get("qemu_version"))' $(firstword $(BENCH))), $$(nproc) cores, TCG."; \
	  echo; $(RESULT) table $(BENCH); \
	  if [ -n "$(SOAK)" ]; then echo; echo "## Soak"; echo; \
	    echo "Run \`$(notdir $(basename $(SOAK)))\`: each scenario repeated on each kernel."; \
	    echo; $(RESULT) soak $(SOAK) | sed '/^soak:/d'; fi; } > RESULTS.md
	@echo "RESULTS.md written from $(BENCH)"

clean:
	rm -rf build/k build/initramfs build/results

distclean:
	rm -rf build

# The patch series (series.conf, scripts/series/): export it with git
# format-patch against the base in base.conf, gate it, build it with
# Debian's own configuration.
series:
	@scripts/series/make-series.sh

series-check:
	@scripts/series/check-series.sh

series-distro:
	@scripts/series/distro-build.sh

# The KUnit suites of drivers/iommu/kdump/ (its .kunitconfig), in an x86_64
# QEMU guest; prints "N passed, N failed" last.
.PHONY: kunit
kunit:
	@scripts/kunit.sh
