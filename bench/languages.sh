#!/usr/bin/env bash
# npm run bench:languages: the same cdk8s app (bench/languages/synth.ts and synth.py: N cdk8s-plus
# Deployments across 20 namespaces with a GitlabRegistrySecret, App.synth to files) in TypeScript
# and in Python through jsii's process bridge, at N = 100, 1,000, 5,000; medians of 3 runs,
# interleaved; writes bench/LANGUAGES.md. The wheel comes from `npm run package` (Python target).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/regcred-bench-languages.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
REGCRED_TARGETS=python bash scripts/package.sh >"$work/package.log" 2>&1 || { cat "$work/package.log"; exit 1; }
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check dist/python/regcred-*.whl \
  cdk8s==2.70.115 cdk8s-plus-32==2.5.105

# run LANGUAGE N: one synth; prints "<synth ms> <process ms>"
run() {
  local start end synth
  start=$(date +%s%N)
  if [ "$1" = typescript ]; then
    synth=$(node --import tsx bench/languages/synth.ts "$2" "$work/out-ts" | tail -1)
  else
    synth=$("$work/venv/bin/python" bench/languages/synth.py "$2" "$work/out-py" | tail -1)
  fi
  end=$(date +%s%N)
  node -e 'console.log(JSON.parse(process.argv[1]).ms.toFixed(0), ((process.argv[3] - process.argv[2]) / 1e6).toFixed(0))' \
    "$synth" "$start" "$end"
}
median() { sort -n | sed -n 2p; }

{
  echo "# The same cdk8s app in TypeScript and in Python"
  echo
  echo "- machine: $(nproc) cores; $(node --version); $(python3 --version); date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- command: \`npm run bench:languages\`; medians of 3 runs, interleaved; synth = first construct to the"
  echo "  end of App.synth, inside the process; process = the whole command (Python: jsii's runtime starting"
  echo "  a Node.js process and loading the assemblies; TypeScript: tsx compiling the app)"
  echo
  echo "| N | TypeScript synth (ms) | Python synth (ms) | ratio | TypeScript process (ms) | Python process (ms) | ratio | same YAML |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for n in 100 1000 5000; do
    ts_synth=(); py_synth=(); ts_proc=(); py_proc=()
    for _ in 1 2 3; do
      read -r s p < <(run typescript "$n"); ts_synth+=("$s"); ts_proc+=("$p")
      read -r s p < <(run python "$n"); py_synth+=("$s"); py_proc+=("$p")
    done
    ts=$(printf '%s\n' "${ts_synth[@]}" | median); py=$(printf '%s\n' "${py_synth[@]}" | median)
    tp=$(printf '%s\n' "${ts_proc[@]}" | median); pp=$(printf '%s\n' "${py_proc[@]}" | median)
    same=$(cmp -s "$work/out-ts/bench.k8s.yaml" "$work/out-py/bench.k8s.yaml" && echo yes || echo NO)
    echo "| $n | $ts | $py | $(node -p "($py / $ts).toFixed(2)")× | $tp | $pp | $(node -p "($pp / $tp).toFixed(2)")× | $same |"
  done
} | tee bench/LANGUAGES.md
