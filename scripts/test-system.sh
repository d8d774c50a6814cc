#!/usr/bin/env bash
# npm run test:system: the tests that need the real systems (test/engine, test/node,
# test/operators). Builds what is missing (scripts/engine.sh build: about 30 minutes once, needs Go),
# starts the engine and the node, runs the system tier, and stops what it started, on success,
# failure or Ctrl-C alike. Extra arguments go to jest (a file, -t NAME, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/engine.sh install system
bash scripts/engine.sh build
trap 'bash scripts/engine.sh stop || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
eval "$(bash scripts/engine.sh start)"
REGCRED_TIER=system npx jest "$@"
