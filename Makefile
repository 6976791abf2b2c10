# sshauth — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build release run test bench clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

run: build
	@./.build/debug/sshauth

test: deps
	@scripts/run-tests

bench: release
	@bench/fingerprint
	@bench/keygen
	@bench/install
	@bench/wizard

clean:
	rm -rf .build .sandbox
