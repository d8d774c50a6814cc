#!/usr/bin/env bash
# npm run package: the npm tarball and the packages for other languages, in jsii-pacmak's layout:
#   dist/js/regcred-<version>.tgz        the npm package (regcred, regcred/cdk8s, regcred/pulumi, bin)
#   dist/python/regcred-<version>-*.whl  and the sdist
#   dist/java/                           a Maven repository layout (io/regcred/regcred/<version>/)
#   dist/go/regcred/                     a Go module (regcred.io/go/regcred), generated only
# REGCRED_TARGETS chooses the targets (default: js,python,java,go).
set -euo pipefail
cd "$(dirname "$0")/.."
targets="${REGCRED_TARGETS:-js,python,java,go}"
# jsii names the end of life of the Node.js line it runs on, once per process; regcred's own
# supported lines are in package.json's engines.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
npm run --silent build
bash scripts/jsii.sh
rm -rf dist/js dist/python dist/java dist/go   # cdk8s synth output lives beside them in dist/
# Other languages from the jsii copy (core and cdk8s, no Pulumi peers); the npm tarball from here.
wanted() { tr ',' '\n' <<<"$targets" | grep -qx "$1"; }
built="$(tr ',' '\n' <<<"$targets" | grep -vx -e js -e go | paste -sd, -)"
[ -z "$built" ] || (cd build/jsii && npx jsii-pacmak --targets "$built" --outdir "$PWD/../../dist")
# Go: generated, not built here (its build would fetch the cdk8s Go modules, which the Go module
# proxy does not serve here; test:languages builds it against generated ones).
! wanted go || (cd build/jsii && npx jsii-pacmak --targets go --code-only --outdir "$PWD/../../dist")
if wanted js; then
  mkdir -p dist/js
  npm pack --silent --ignore-scripts --pack-destination dist/js >/dev/null   # built above
fi
find dist -maxdepth 3 -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.tar.gz' -o -name '*.pom' -o -name 'go.mod' \) | sort
