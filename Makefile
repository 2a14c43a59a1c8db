# Weft: `make run` to try it, `make test` to check it.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
WERROR := $(if $(filter true,$(CI)),ON,OFF)

.PHONY: run test test-asan fuzz build server configure web deps bench clean format

run: server web
	@scripts/run.sh

test: build web
	@scripts/test.sh

# The API suite against a weft built with ASan+UBSan (clang, in build-fuzz/).
test-asan: deps
	@scripts/test-asan.sh

# Long fuzz runs (FUZZ_SECONDS per target, default 600); inputs that add coverage are merged into
# tests/fuzz/corpus/ (review and commit them). `make test` runs each target for 60 s, merging nothing.
FUZZ_SECONDS ?= 600
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MERGE=1 scripts/fuzz.sh

build: configure
	@ninja -C $(BUILD_DIR)

# Only the server binary: what `make run` needs.
server: configure
	@ninja -C $(BUILD_DIR) weft

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWEFT_WERROR=$(WERROR) >/dev/null

web: deps
	@cd web && npm run --silent build

deps:
	@scripts/deps.sh

bench: build
	@bench/run.sh && bench/social.sh && bench/spaces.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'bench/*.cc')

clean:
	rm -rf $(BUILD_DIR) build-fuzz web/dist
