#!/usr/bin/env bash
# The published shape, checked on the tarball users install: publint's packaging rules, and
# attw's type resolution for CommonJS, ESM (node16) and bundler consumers of every entry point.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
tarball="$out/$(npm pack --silent --pack-destination "$out" | tail -1)"
echo "package: $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"
npx --no-install publint run --strict "$tarball"
npx --no-install attw "$tarball"
