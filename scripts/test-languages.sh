#!/usr/bin/env bash
# npm run test:languages: regcred from the other languages jsii serves, each app written as that
# language's cdk8s docs write apps and compared with the TypeScript app (test/languages/app.ts).
#   Python: the wheel from `npm run package`, installed in a fresh venv with cdk8s and
#           cdk8s-plus-32 from PyPI; pytest runs test/languages/python.
#   Java:   the Maven layout from `npm run package` and cdk8s from Maven Central; Maven Central
#           serves no org.cdk8s:cdk8s-plus-32 here, so jsii-pacmak generates it from the npm package
#           (cached in REGCRED_LANG_CACHE); JUnit runs test/languages/java through Maven.
#   Go:     the module from `npm run package`; the Go module proxy serves no cdk8s module here, so
#           jsii-pacmak generates constructs, cdk8s and cdk8s-plus-32 into build/go from their npm
#           packages (test/languages/go/go.mod replaces them); `go test` runs test/languages/go.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bash scripts/engine.sh install languages
work="$(mktemp -d "${TMPDIR:-/tmp}/regcred-languages.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# jsii names Node.js 20 end-of-life on every start; the apps run on the machine's node.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"

start=$SECONDS
REGCRED_TARGETS=js,python,java,go bash scripts/package.sh >"$work/package.log" 2>&1 || { cat "$work/package.log"; exit 1; }
echo "package: $((SECONDS - start)) s ($(cd dist && ls python/*.whl java/io/regcred/regcred/*/*.jar | tr '\n' ' '))"

version="$(node -p 'require("./package.json").version')"
plus_version="$(node -p 'require("cdk8s-plus-32/package.json").version')"
plus_repo="${REGCRED_LANG_CACHE:-$HOME/.cache/regcred-languages}/cdk8s-plus-32-$plus_version"
if [ ! -f "$plus_repo/java/org/cdk8s/cdk8s-plus-32/$plus_version/cdk8s-plus-32-$plus_version.jar" ]; then
  start=$SECONDS
  rm -rf "$plus_repo" && mkdir -p "$plus_repo"
  npx jsii-pacmak node_modules/cdk8s-plus-32 --targets java --outdir "$plus_repo" >"$work/plus.log" 2>&1 || { cat "$work/plus.log"; exit 1; }
  echo "cdk8s-plus-32 $plus_version for Java, generated: $((SECONDS - start)) s"
fi

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
  "$root"/dist/python/regcred-*.whl cdk8s==2.70.115 cdk8s-plus-32==2.5.105 pytest PyYAML

openssl req -x509 -newkey rsa:4096 -nodes -days 3650 -subj /CN=sealed-secret/O=sealed-secret \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
export GITLAB_TOKEN=gldt-LanguagesToken00000001 SEAL_CERT="$work/tls.crt"
export REGCRED_TS_OUT="$work/typescript" REGCRED_CLI="node $root/lib/cli/main.js"
start=$SECONDS
rm -rf build/go
for dependency in constructs cdk8s cdk8s-plus-32; do
  npx jsii-pacmak "node_modules/$dependency" --targets go --code-only --outdir "build/go/$dependency" \
    >"$work/go-$dependency.log" 2>&1 || { cat "$work/go-$dependency.log"; exit 1; }
done
echo "constructs, cdk8s and cdk8s-plus-32 for Go, generated: $((SECONDS - start)) s"

npx tsx test/languages/app.ts "$REGCRED_TS_OUT"
status=0
rm -rf test/languages/java/target
# Maven keeps what it resolved by version: drop the regcred it took from an earlier dist/java, so
# that this run tests the assembly just built (its version does not change between builds).
m2=$(cd test/languages/java && mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout |
  sed 's/\x1b\[[0-9;]*m//g')
rm -rf "${m2:?}/io/regcred"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider test/languages/python "$@" || status=$?
(cd test/languages/java && mvn -B -q test -Dregcred.repository="file://$root/dist/java" \
  -Dcdk8s-plus.repository="file://$plus_repo/java" -Dcdk8s-plus.version="$plus_version" \
  -Dregcred.version="$version") || status=$?
cat test/languages/java/target/surefire-reports/*.txt 2>/dev/null | grep -h 'Tests run' || true
rm -rf test/languages/java/target
(cd test/languages/go && GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=mod GOPROXY="$(go env GOPROXY | cut -d, -f1)" \
  go test -count=1 ./...) || status=$?
exit "$status"
