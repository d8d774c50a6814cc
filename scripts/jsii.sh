#!/usr/bin/env bash
# Compiles regcred's jsii assembly (.jsii): the core's public API and the cdk8s constructs (the
# `cdk8s` submodule), from src/index.ts. jsii requires every peer dependency to be a jsii module,
# and @pulumi/* (the Pulumi adapter stays TypeScript-only) and @kubernetes/client-node (for the
# CLI's --cluster) are not, so jsii runs on a copy of the
# package whose package.json leaves them out; the assembly it writes describes the same sources
# that tsc compiles into lib/. The copy (build/jsii) is what jsii-pacmak packs for other languages.
#   REGCRED_REPOSITORY  the repository URL recorded in the assembly (default: this checkout's
#                       git remote, else its directory)
set -euo pipefail
# jsii names Node.js 20 end-of-life on every run; the build runs on the machine's node.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-$(node -p 'process.versions.node.split(".")[0]')}"
cd "$(dirname "$0")/.."
root="$PWD"
stage="$root/build/jsii"

rm -rf "$stage"
mkdir -p "$stage"
cp -r src README.md LICENSE "$stage/"
ln -s "$root/node_modules" "$stage/node_modules"
repository="${REGCRED_REPOSITORY:-$(git config --get remote.origin.url 2>/dev/null || echo "file://$root")}"
node -e '
  const [source, target, repository] = process.argv.slice(1);
  const pkg = JSON.parse(require("fs").readFileSync(source, "utf8"));
  for (const name of Object.keys(pkg.peerDependencies)) {
    if (name.startsWith("@pulumi/") || name === "@kubernetes/client-node") {
      delete pkg.peerDependencies[name];
      delete pkg.peerDependenciesMeta[name];
    }
  }
  pkg.repository = pkg.repository ?? { type: "git", url: repository };
  // The copy holds the core and cdk8s only: no CLI, and nothing to build when it is packed.
  delete pkg.bin;
  delete pkg.scripts;
  require("fs").writeFileSync(target, JSON.stringify(pkg, null, 2) + "\n");
' package.json "$stage/package.json" "$repository"
(cd "$stage" && npx jsii --silence-warnings=reserved-word && node "$root/scripts/lazy-submodules.js" lib/index.js)
cp "$stage/.jsii" "$root/.jsii"
echo "jsii: wrote .jsii ($(node -e 'const a=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(Object.keys(a.types).length + " types")' "$root/.jsii"))"
