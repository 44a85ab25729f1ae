# sluice developer tasks. "make help" lists them.

GO        ?= go
PKGS      ?= ./...
BENCHTIME ?= 1s
FUZZTIME  ?= 30s
IMAGE     ?= sluice:latest
# podman keeps HEALTHCHECK only in the docker image format;
# CONTAINER_BUILD="docker build" for Docker.
CONTAINER_BUILD ?= podman build --format docker

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z\/_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/sluice, stamped with git describe (sluice version)
	$(GO) build -ldflags "$$(scripts/ldflags)" -o bin/sluice ./cmd/sluice

.PHONY: release
release: ## static binaries for linux/amd64, linux/arm64, darwin/arm64 and SHA256SUMS in dist/
	GO=$(GO) scripts/release

.PHONY: image
image: ## build the container image $(IMAGE) from the Containerfile
	$(CONTAINER_BUILD) --build-arg VERSION="$$(scripts/ldflags version)" --build-arg COMMIT="$$(scripts/ldflags commit)" \
		-t $(IMAGE) -f Containerfile .

.PHONY: run
run: build ## build, then serve on 127.0.0.1:4566 with data in ./sluice-data
	bin/sluice serve

.PHONY: test
test: ## run every test
	$(GO) test -count=1 $(PKGS)

.PHONY: test/race
test/race: ## run every test with the race detector
	$(GO) test -count=1 -race $(PKGS)

.PHONY: flakes
flakes: ## run the tests RUNS times (20), every 5th with -race, naming failures
	scripts/flakehunt $(or $(RUNS),20) $(PKGS)

.PHONY: bench
bench: ## run the benchmarks (BENCHTIME=1s)
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

.PHONY: fuzz
fuzz: ## run each fuzz target for FUZZTIME (30s)
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
		for target in $$($(GO) test -list='^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target"; \
			$(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) $$pkg; \
		done; \
	done

.PHONY: fmt
fmt: ## gofmt the tree
	gofmt -w .

.PHONY: check
check: ## gofmt and go vet, failing on any finding
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
