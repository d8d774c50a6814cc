#!/usr/bin/env bash
# npm run test:languages: regcred from the other languages jsii serves, each app written as that
# language's cdk8s docs write apps and compared with the TypeScript app (test/languages/app.ts).
#   Python: the wheel from `npm run package`, installed in a fresh venv with cdk8s and
#           cdk8s-plus-32 from PyPI; pytest runs test/languages/python.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/regcred-languages.XXXXXX")"
trap 'rm -rf "$work"' EXIT

start=$SECONDS
REGCRED_TARGETS=js,python bash scripts/package.sh >"$work/package.log" 2>&1 || { cat "$work/package.log"; exit 1; }
echo "package: $((SECONDS - start)) s ($(cd dist && ls python/*.whl))"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
  "$root"/dist/python/regcred-*.whl cdk8s==2.70.115 cdk8s-plus-32==2.5.105 pytest PyYAML

openssl req -x509 -newkey rsa:4096 -nodes -days 3650 -subj /CN=sealed-secret/O=sealed-secret \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
export GITLAB_TOKEN=gldt-LanguagesToken00000001 SEAL_CERT="$work/tls.crt"
export REGCRED_TS_OUT="$work/typescript" REGCRED_CLI="node $root/lib/cli/main.js"
# jsii's runtime names Node.js 20 end-of-life on every start; the apps run on the machine's node.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
npx tsx test/languages/app.ts "$REGCRED_TS_OUT"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider test/languages/python "$@"
