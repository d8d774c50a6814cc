#!/usr/bin/env bash
# npm run test:peers — the in-process cdk8s and Pulumi suites against the lowest and the newest
# version of each peer dependency range in package.json that the npm registry serves (the tests
# otherwise run the versions in package-lock.json). Each set is installed once into a cache
# directory named after its versions; the jest tier `peers` (jest.config.js) maps the peers to it.
#
#   bash scripts/test-peers.sh [lowest|newest ...]   (both by default)
#
# NODE_FOR_NEWEST: a node binary for the newest set (@pulumi/pulumi >= 3.249 declares Node >= 22, and
# @kubernetes/client-node 2.x loads undici, which needs it);
# by default the node on PATH runs both.
set -euo pipefail
cd "$(dirname "$0")/.."

# The lowest version of each range that the registry serves, and the newest it serves. Keep these
# and package.json's peerDependencies (and the README's table) in step.
LOWEST=(cdk8s@2.68.0 constructs@10.3.0 @pulumi/pulumi@3.142.0 @pulumi/kubernetes@4.18.0 @kubernetes/client-node@1.0.0)
NEWEST=(cdk8s@2.70.106 constructs@10.8.1 @pulumi/pulumi@3.276.0 @pulumi/kubernetes@4.34.2 @kubernetes/client-node@2.0.1)

CACHE="${REGCRED_PEERS_CACHE:-$HOME/.cache/regcred-peers}"
sets=("$@")
[ "${#sets[@]}" -gt 0 ] || sets=(lowest newest)

status=0
for set in "${sets[@]}"; do
  case "$set" in
    lowest) packages=("${LOWEST[@]}"); node="node" ;;
    newest) packages=("${NEWEST[@]}"); node="${NODE_FOR_NEWEST:-node}" ;;
    *) echo "test-peers: unknown set '$set' (lowest or newest)" >&2; exit 2 ;;
  esac
  key="$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)"
  dir="$CACHE/$set-$key"
  if [ ! -f "$dir/.installed" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{ "name": "regcred-peers", "private": true }' >"$dir/package.json"
    # --engine-strict=false: the newest @pulumi/pulumi names Node >= 22 and is installed as asked.
    npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --engine-strict=false \
      --loglevel=error "${packages[@]}"
    touch "$dir/.installed"
  fi
  echo "test-peers: $set: ${packages[*]} on $("$node" --version)"
  REGCRED_PEERS="$dir" REGCRED_PEER_VERSIONS="${packages[*]}" REGCRED_TIER=peers "$node" node_modules/jest/bin/jest.js --ci || status=$?
done
exit "$status"
