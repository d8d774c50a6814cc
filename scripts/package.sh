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
npm run --silent build
bash scripts/jsii.sh
rm -rf dist/js dist/python dist/java dist/go   # cdk8s synth output lives beside them in dist/
# Other languages from the jsii copy (core and cdk8s, no Pulumi peers); the npm tarball from here.
others="$(tr ',' '\n' <<<"$targets" | grep -vx js | paste -sd, -)"
[ -z "$others" ] || (cd build/jsii && npx jsii-pacmak --targets "$others" --outdir "$PWD/../../dist")
if grep -qx js <<<"${targets//,/$'\n'}"; then
  mkdir -p dist/js
  npm pack --silent --pack-destination dist/js >/dev/null
fi
find dist -maxdepth 3 -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.tar.gz' -o -name '*.pom' -o -name 'go.mod' \) | sort
