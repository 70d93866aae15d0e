# Vigil's build. `make test` is what CI runs (.ci/run) and what the README
# tells a new developer to run: it prepares the real Kubernetes API server
# the integration tests use (etcd from Debian, kube-apiserver built once
# from the k8s.io/kubernetes module and cached), then runs everything.

GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages that run goroutines: tested again under the race detector.
RACE_PKGS     := ./internal/policy/... ./internal/iac/... ./internal/inventory/... ./internal/store/... ./internal/cli/... ./internal/kubetest/... ./internal/jobs/... ./internal/notify/... ./internal/serve/... ./internal/server/...
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -X github.com/vigil-cspm/vigil/internal/cli.Version=$(VERSION)

.PHONY: build test test-unit testenv lint bench fuzz clean image

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/vigil ./cmd/vigil

## test: everything CI runs — lint, unit, rule fixtures, integration against a real API server, race detector
test: lint testenv
	VIGIL_REQUIRE_INTEGRATION=1 $(GO) test -count=1 ./...
	VIGIL_REQUIRE_INTEGRATION=1 $(GO) test -race -count=1 $(RACE_PKGS)
	cd tools/image && $(GO) vet ./... && $(GO) test -count=1 ./...

## image: the OCI image (static, non-root, no shell) in a local OCI layout, bin/oci, checked
image:
	VERSION=$(VERSION) scripts/image.sh bin/oci

## test-unit: the fast loop; integration tests skip when the API server is not built
test-unit:
	$(GO) test ./...

## testenv: install etcd and build (once) the kube-apiserver and the Mailpit the integration tests start
testenv:
	scripts/kube-testenv.sh build >/dev/null
	scripts/mailpit.sh >/dev/null

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './tools/*')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: performance figures (Go benchmarks with -benchmem, end-to-end wall time and peak RSS)
bench:
	scripts/bench.sh

## fuzz: run each fuzz target for a while (FUZZTIME=30s by default): every parser Vigil owns
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./internal/iac/k8s -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/k8s -run '^$$' -fuzz '^FuzzLocator$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/k8s -run '^$$' -fuzz '^FuzzFastReader$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/policy -run '^$$' -fuzz '^FuzzRuleMetadata$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/policy -run '^$$' -fuzz '^FuzzReadPrecompiled$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/awsmodel -run '^$$' -fuzz '^FuzzParsePolicy$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/awsmodel -run '^$$' -fuzz '^FuzzParseCredentialReport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/awsmodel -run '^$$' -fuzz '^FuzzRedactVariables$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/awsmodel -run '^$$' -fuzz '^FuzzTrailSelectors$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/awstest -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/inventory/awsinv -run '^$$' -fuzz '^FuzzQueueARN$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/cfn -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/cfn -run '^$$' -fuzz '^FuzzDetect$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/terraform -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/terraform -run '^$$' -fuzz '^FuzzOverride$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/tfjson -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/notify -run '^$$' -fuzz '^FuzzParseRetryAfter$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/tfjson -run '^$$' -fuzz '^FuzzDetect$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/helm -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iac/helm -run '^$$' -fuzz '^FuzzRenderAsHelm$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/config -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/iacpush -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/admission -run '^$$' -fuzz '^FuzzDecodeReview$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/admission -run '^$$' -fuzz '^FuzzBundle$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x
	$(GO) test ./internal/admission -run '^$$' -fuzz '^FuzzParseServiceExceptions$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x

clean:
	rm -rf bin
