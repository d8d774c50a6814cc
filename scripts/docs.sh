#!/usr/bin/env bash
# npm run docs: the API reference.
#   docs/reference/<language>.md  the jsii part (core and cdk8s constructs) in TypeScript, Python, Java
#                                 and Go, written by jsii-docgen from the jsii assembly (committed: what
#                                 readers of the repository and of the npm package open)
#   docs/api/                     the TypeScript-only part too (regcred/pulumi, the core's functions),
#                                 HTML by typedoc; it fails on an exported symbol without documentation
# With --check, fails when the committed docs/reference pages differ from what the code writes.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
check=false
[ "${1:-}" != --check ] || check=true

npx typedoc
bash scripts/jsii.sh >/dev/null
out="$PWD/docs/reference"
$check && out="$(mktemp -d)"
for language in typescript python java go; do
  (cd build/jsii && npx jsii-docgen --language "$language" --output "$out/$language.md")
done
if $check; then
  stale=0
  for language in typescript python java go; do
    diff -q "$out/$language.md" "docs/reference/$language.md" >/dev/null || { echo "docs/reference/$language.md is not what the code writes" >&2; stale=1; }
  done
  rm -rf "$out"
  [ "$stale" -eq 0 ] || { echo "run: npm run docs, and commit docs/reference" >&2; exit 1; }
fi
echo "docs: docs/reference/{typescript,python,java,go}.md and docs/api/index.html"
