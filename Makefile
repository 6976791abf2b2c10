# sshauth — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
# How long `make fuzz` runs each harness.
FUZZ_SECONDS ?= 60
# Where `make install` puts the binary, the man page and the completions.
PREFIX ?= /usr/local

.PHONY: deps build release run test fuzz bench install clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product sshauth

run: build
	@./.build/debug/sshauth

test:
	@scripts/install-deps --test
	@scripts/run-tests

fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run

bench: release
	@bench/fingerprint
	@bench/keygen
	@bench/install
	@bench/install-wan
	@bench/wizard

install: release
	@scripts/install-sshauth "$(PREFIX)"

clean:
	rm -rf .build .build-fuzz .sandbox
