#!/usr/bin/env bash
# The real systems behind regcred's tests, behind one door:
#   scripts/engine.sh install [TIER...]
#                             Debian's packages that a test tier runs (e2e: a registry and client for
#                             npm test; system: containerd and runc for the node; languages: Python's
#                             venv, Java and Maven); as root, only what is missing
#   scripts/engine.sh build   compile Pulumi's CLI, Node.js, YAML and Python language hosts and Kubernetes
#                             provider, kube-apiserver, kube-controller-manager, kubelet, etcd, the Sealed
#                             Secrets controller, the External Secrets Operator, sops, Flux's
#                             kustomize-controller and the node's pause binary
#                             into a cache outside git; each part is rebuilt only when its inputs change
#   scripts/engine.sh pin [PART...]
#                             rewrite the go.mod and go.sum of scripts/engine/PART from the versions below
#   scripts/engine.sh start   start etcd, the API server, the controller manager, the Sealed Secrets
#                             controller, the External Secrets Operator and Flux's kustomize-controller
#                             on 127.0.0.1, and a node:
#                             Debian's containerd and the kubelet,
#                             with an image registry for its sandbox image; print `export` lines (PATH,
#                             PULUMI_HOME, KUBECONFIG, ...)
#   scripts/engine.sh stop    stop what start started (by its own PID records) and remove its state
#   scripts/engine.sh node-policy POLICY [IMAGES]
#                             restart the kubelet with another image pull credentials verification
#                             policy (KEP-2535)
# Versions are pinned here, matched to package-lock.json where the npm packages must agree.
set -euo pipefail

PULUMI_VERSION=3.248.0                                   # = @pulumi/pulumi in package-lock.json
PULUMI_LANGUAGE_HOST_SDK=3.68.0                          # last sdk/v3 that carries the nodejs language host
PULUMI_KUBERNETES_VERSION=4.34.2                         # = @pulumi/kubernetes in package-lock.json
PULUMI_YAML_VERSION=1.25.0                               # the YAML language host (its own pkg/v3, v3.206.0)
PULUMI_JAVA_VERSION=1.12.0                               # pulumi-java's code generator (= com.pulumi:pulumi in test/languages/pulumi-java)
PULUMI_KUBERNETES_PROVIDER_MODULE=v4.0.0-20260115033456-f47bc2d6f199
PULUMI_KUBERNETES_SDK=v4.22.2                            # its sdk/v3 requirement stays below pkg/v3's
KUBERNETES_VERSION=1.37.2
SEALED_SECRETS_VERSION=0.27.1                            # = test/operators/go.mod; its controller runs too
EXTERNAL_SECRETS_CRDS_VERSION=1.3.2                      # the external-secrets.io/v1 CRDs (config/crds/bases)
EXTERNAL_SECRETS_VERSION=0.16.2                          # = test/operators/go.mod; its controller runs too
ETCD_VERSION=3.7.3
SOPS_VERSION=3.13.3                                      # the sops CLI, which opens regcred's SOPS Secrets
FLUX_KUSTOMIZE_VERSION=1.9.6                             # Flux's kustomize-controller, which decrypts them (1.10 needs fluxcd/pkg modules the proxy refuses)
FLUX_SOURCE_VERSION=1.9.0                                # source-controller, for its CRDs only (= its api in flux's go.sum)
NODE_NAME=regcred-node
# Debian's packages each tier runs, installed by `install TIER...`:
#   e2e        npm test's end-to-end tests: the registry and client, htpasswd, openssl, setpriv (util-linux),
#              git and rsync (gitlab-ci-local runs the GitLab CI template), python3-venv (pre-commit)
#   system     npm run test:system: curl, the node's containerd and runc, and age (age-keygen makes the
#              identity SOPS Secrets are decrypted with)
#   languages  npm run test:languages: Python's venv (the wheel and cdk8s from PyPI), Java and Maven
E2E_PACKAGES=(docker-registry skopeo apache2-utils openssl util-linux git rsync python3-venv)
SYSTEM_PACKAGES=(curl containerd runc age)
LANGUAGE_PACKAGES=(python3-venv openjdk-17-jdk-headless maven)

CACHE="${REGCRED_ENGINE_CACHE:-/var/cache/regcred-engine}"
STATE="${REGCRED_ENGINE_STATE:-/tmp/regcred-engine}"
BIN="$CACHE/bin"
PLUGINS="$CACHE/plugins"   # not on PATH: the provider is installed as a Pulumi plugin
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

log() { printf 'engine: %s\n' "$*" >&2; }
die() { printf 'engine: error: %s\n' "$*" >&2; exit 1; }

# install [TIER...]: the Debian packages of each TIER (all tiers when none is named); as root, only
# what is missing.
cmd_install() {
  local tiers=("$@") wanted=() missing=() t p
  [ "${#tiers[@]}" -gt 0 ] || tiers=(e2e system languages)
  for t in "${tiers[@]}"; do
    case "$t" in
      e2e) wanted+=("${E2E_PACKAGES[@]}") ;;
      system) wanted+=("${E2E_PACKAGES[@]}" "${SYSTEM_PACKAGES[@]}") ;;
      languages) wanted+=("${LANGUAGE_PACKAGES[@]}") ;;
      *) die "usage: $0 install [e2e|system|languages]..." ;;
    esac
  done
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}; install them with: sudo bash scripts/engine.sh install ${tiers[*]}"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# One Go build cache and module cache for every part, inside the engine cache: a warm cache
# rebuilds a changed part in seconds, and an empty one is a truly cold build. Builds read the
# committed go.mod and go.sum as they are (-mod=readonly): a module that does not resolve fails.
go_env() {
  command -v go >/dev/null || die "Go is not installed; the engine tests need Go $(printf '>= 1.24') to build Pulumi and Kubernetes"
  local proxy
  proxy="$(go env GOPROXY)"; proxy="${proxy%%,*}"
  export GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=readonly GOPROXY="$proxy" \
    GOCACHE="$CACHE/go/build" GOMODCACHE="$CACHE/go/mod"
}

# gobuild [LDFLAGS] ARGS...: go build without paths or debug information (smaller, faster links).
gobuild() {
  local ld="$1"; shift
  go build -trimpath -ldflags "-s -w $ld" "$@"
}

# timed PART FUNCTION: runs the build step and says how long it took.
timed() {
  local part="$1" start=$SECONDS; shift
  "$@"
  log "$part: $((SECONDS - start)) s"
}

# The Go modules the parts are built from: scripts/engine/PART, each with its go.mod and go.sum
# committed. `pin` writes them from the versions at the top of this file.
MODULES="$ROOT/scripts/engine"

# requirements PART: the "MODULE VERSION" lines PART's go.mod holds, from the pins above.
requirements() {
  case "$1" in
    pulumi|sdkgen) printf '%s\n' "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION" ;;
    language-host|python-host) printf '%s\n' "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_LANGUAGE_HOST_SDK" ;;
    yaml-host) printf '%s\n' "github.com/pulumi/pulumi-yaml v$PULUMI_YAML_VERSION" ;;
    java-gen) printf '%s\n' "github.com/pulumi/pulumi-java/pkg v$PULUMI_JAVA_VERSION" ;;
    kubernetes) printf '%s\n' "k8s.io/kubernetes v$KUBERNETES_VERSION" ;;
    etcd) printf '%s\n' "go.etcd.io/etcd/server/v3 v$ETCD_VERSION" ;;
    sealed-secrets) printf '%s\n' "github.com/bitnami-labs/sealed-secrets v$SEALED_SECRETS_VERSION" ;;
    external-secrets) printf '%s\n' "github.com/external-secrets/external-secrets v$EXTERNAL_SECRETS_VERSION" ;;
    provider) printf '%s\n' "github.com/pulumi/pulumi-kubernetes/sdk/v4 $PULUMI_KUBERNETES_SDK" ;;
    sops) printf '%s\n' "github.com/getsops/sops/v3 v$SOPS_VERSION" ;;
    flux) printf '%s\n' "github.com/fluxcd/kustomize-controller v$FLUX_KUSTOMIZE_VERSION" "github.com/fluxcd/kustomize-controller/api v$FLUX_KUSTOMIZE_VERSION" ;;
    *) die "no Go module named $1 (scripts/engine/)" ;;
  esac
}

# replaces PART: the replace directives PART's go.mod carries (those of the upstream go.mod it stands for).
replaces() {
  case "$1" in
    pulumi|sdkgen|language-host|python-host|yaml-host|sealed-secrets)
      printf 'replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e\n' ;;
    external-secrets)
      printf 'replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e\n'
      printf 'replace github.com/Masterminds/sprig/v3 => github.com/external-secrets/sprig/v3 v3.3.0\n' ;;
    java-gen)
      printf 'replace github.com/Sirupsen/logrus => github.com/sirupsen/logrus v1.5.0\n'
      printf 'replace github.com/gogo/protobuf => github.com/gogo/protobuf v1.3.2\n' ;;
    flux) # the module's own, its ./api from the module proxy instead
      printf 'replace github.com/opencontainers/go-digest => github.com/opencontainers/go-digest v1.0.1-0.20220411205349-bde1400a84be\n'
      printf 'replace sigs.k8s.io/kustomize/api => sigs.k8s.io/kustomize/api v0.21.1\n'
      printf 'replace sigs.k8s.io/kustomize/kyaml => sigs.k8s.io/kustomize/kyaml v0.21.1\n'
      printf 'replace gopkg.in/yaml.v3 => gopkg.in/yaml.v3 v3.0.1\n' ;;
    kubernetes) # every staging module k8s.io/kubernetes replaces with a directory, from the module proxy instead
      sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9.-]*\) => \./staging/.*#replace \1 => \1 v0.'"${KUBERNETES_VERSION#1.}"'#p' \
        "$(module_dir "k8s.io/kubernetes@v$KUBERNETES_VERSION")/go.mod" ;;
  esac
}

# module_dir MODULE@VERSION: downloads the module from the proxy and prints its directory.
module_dir() {
  local dir
  dir="$(cd "$CACHE" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || die "cannot download $1 from $GOPROXY"
  printf '%s' "$dir"
}

# pinned PART: fails unless PART's committed go.mod holds the versions pinned above.
pinned() {
  local line pattern
  while read -r line; do
    pattern="$(printf '%s' "$line" | sed 's/[.]/\\./g')"
    grep -qE "[[:space:]]$pattern( |$)" "$MODULES/$1/go.mod" \
      || die "scripts/engine/$1/go.mod does not hold $line, the version pinned in scripts/engine.sh; run: bash scripts/engine.sh pin $1 (and commit its go.mod and go.sum)"
  done < <(requirements "$1")
}

# key INPUT...: a digest of the build's inputs (files and strings) and of the Go toolchain.
key() {
  { go env GOVERSION; local input
    for input in "$@"; do if [ -f "$input" ]; then cat "$input"; else printf '%s\n' "$input"; fi; done
  } | sha256sum | cut -c1-16
}

# up_to_date PART KEY OUTPUT...: true when every OUTPUT exists and PART was last built from KEY.
# Each part records its key in $CACHE/stamps/PART once built, so a changed pin rebuilds that part only.
up_to_date() {
  local part="$1" key="$2" out; shift 2
  for out in "$@"; do [ -e "$out" ] || return 1; done
  [ "$(cat "$CACHE/stamps/$part" 2>/dev/null)" = "$key" ]
}
stamp() { mkdir -p "$CACHE/stamps"; printf '%s' "$2" >"$CACHE/stamps/$1"; }

# go_part PART LDFLAGS TAGS OUTPUT PACKAGE...: builds the PACKAGEs of module PART into OUTPUT (a file,
# or a directory ending in / for several commands), unless they were built from the same module and flags.
go_part() {
  local part="$1" ld="$2" tags="$3" out="$4" k p outputs=(); shift 4
  if [ "${out%/}" != "$out" ]; then for p in "$@"; do outputs+=("$out${p##*/}"); done; else outputs=("$out"); fi
  pinned "$part"
  k="$(key "$MODULES/$part"/go.mod "$MODULES/$part"/go.sum "$MODULES/$part"/*.go "$ld" "$tags")"
  up_to_date "$part" "$k" "${outputs[@]}" && return
  log "building $part ($(requirements "$part" | paste -sd ' '))"
  # shellcheck disable=SC2086 # the tags option is two words or none
  (cd "$MODULES/$part" && gobuild "$ld" ${tags:+-tags $tags} -o "$out" "$@")
  stamp "$part" "$k"
}

PULUMI_VERSION_FLAG="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"

build_pulumi() { go_part pulumi "$PULUMI_VERSION_FLAG" osusergo "$BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi; }

build_language_host() {
  go_part language-host "" osusergo "$BIN/pulumi-language-nodejs" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
}

build_yaml_host() {
  go_part yaml-host "" osusergo "$BIN/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

build_python_host() {
  go_part python-host "" osusergo "$BIN/pulumi-language-python" \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
  # The host runs programs through this script of the same module, found beside it.
  install -m 755 "$(cd "$MODULES/python-host" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)/python/cmd/pulumi-language-python-exec" \
    "$BIN/pulumi-language-python-exec"
}

# regcred-sdkgen: Pulumi's Python code generator over a package schema (the Python host built here
# predates `pulumi package gen-sdk`'s GeneratePackage call).
build_sdkgen() { go_part sdkgen "" "" "$BIN/regcred-sdkgen" .; }

# pulumi-java-gen: pulumi-java's Java code generator over a package schema (no Java language host
# is built; the tests generate and compile a Java SDK of the package).
build_java_gen() {
  go_part java-gen "" "" "$BIN/pulumi-java-gen" github.com/pulumi/pulumi-java/pkg/cmd/pulumi-java-gen
}

# The provider builds from its own module's source (its main embeds a schema the module ships
# without), with the go.mod and go.sum of scripts/engine/provider in place of the module's own.
build_provider() {
  local mod="github.com/pulumi/pulumi-kubernetes/provider/v4@$PULUMI_KUBERNETES_PROVIDER_MODULE" k src dir
  pinned provider
  k="$(key "$MODULES/provider/go.mod" "$MODULES/provider/go.sum" "$mod" "$PULUMI_KUBERNETES_VERSION")"
  up_to_date provider "$k" "$PLUGINS/pulumi-resource-kubernetes" && return
  log "building pulumi-resource-kubernetes $PULUMI_KUBERNETES_VERSION"
  src="$(module_dir "$mod")"
  dir="$CACHE/src/provider"
  rm -rf "$dir"; mkdir -p "$CACHE/src"; cp -r "$src" "$dir"; chmod -R u+w "$dir"
  cp "$MODULES/provider/go.mod" "$MODULES/provider/go.sum" "$dir/"
  (cd "$dir/cmd/pulumi-resource-kubernetes"
   node -e '
     const fs = require("fs");
     const schema = JSON.parse(fs.readFileSync("schema.json", "utf8"));
     schema.version = process.argv[1];
     fs.writeFileSync("schema-embed.json", JSON.stringify(schema));
     fs.writeFileSync("terraform-mapping-embed.json", JSON.stringify(JSON.parse(fs.readFileSync("terraform-mapping.json", "utf8"))));
   ' "$PULUMI_KUBERNETES_VERSION")
  (cd "$dir" && gobuild "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PULUMI_KUBERNETES_VERSION" \
     -o "$PLUGINS/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes)
  stamp provider "$k"
}

# One go build for the three commands: their shared packages compile once, in parallel.
build_kubernetes() {
  local minor="${KUBERNETES_VERSION#1.}"; minor="${minor%%.*}"
  go_part kubernetes "-X k8s.io/component-base/version.gitVersion=v$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" "" \
    "$BIN/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubelet
}

build_etcd() { go_part etcd "" "" "$BIN/etcd" .; }

# The node's sandbox image and the node tests' test image run this: sleep until SIGTERM.
build_pause() {
  local k; k="$(key "$ROOT/scripts/pause/go.mod" "$ROOT/scripts/pause/main.go")"
  up_to_date pause "$k" "$BIN/regcred-pause" && return
  log "building the pause binary"
  (cd "$ROOT/scripts/pause" && CGO_ENABLED=0 gobuild "" -o "$BIN/regcred-pause" .)
  stamp pause "$k"
}

# The operators' own code (Sealed Secrets' Unseal, External Secrets' template engine) behind one
# command, test/operators.
build_operators() {
  local src="$ROOT/test/operators" k
  k="$(key "$src/go.mod" "$src/go.sum" "$src"/*.go)"
  up_to_date operators "$k" "$BIN/regcred-operators" && return
  log "building test/operators (sealed-secrets, external-secrets)"
  (cd "$src" && gobuild "" -o "$BIN/regcred-operators" .)
  stamp operators "$k"
}

# The Sealed Secrets controller itself (cmd/controller), which the node tests run.
build_sealed_secrets() {
  go_part sealed-secrets "" osusergo "$BIN/sealed-secrets-controller" github.com/bitnami-labs/sealed-secrets/cmd/controller
}

# The External Secrets Operator's controller (the module's main, v0.16.2: the one its CRDs'
# external-secrets.io/v1 served here works with). Its ExternalSecret controller imports every
# provider (pkg/provider/register), so the whole operator is built.
build_external_secrets() {
  go_part external-secrets "" osusergo "$BIN/external-secrets" github.com/external-secrets/external-secrets
}

# SOPS's own CLI (cmd/sops), which the tests open regcred's SOPS Secrets with.
build_sops() {
  go_part sops "" "" "$BIN/sops" github.com/getsops/sops/v3/cmd/sops
}

# Flux's kustomize-controller (the module's main), which the node tests run out of cluster.
build_flux() {
  go_part flux "" "" "$BIN/kustomize-controller" github.com/fluxcd/kustomize-controller
}

# The operators' CRDs, for the API server: $CACHE/crds/*.yaml.
fetch_crds() {
  local k ss eso kc sc
  local sources=(buckets externalartifacts gitrepositories ocirepositories) s
  k="$(key "$SEALED_SECRETS_VERSION" "$EXTERNAL_SECRETS_CRDS_VERSION" "$FLUX_KUSTOMIZE_VERSION" "$FLUX_SOURCE_VERSION" "${sources[*]}")"
  up_to_date crds "$k" "$CACHE/crds/bitnami.com_sealedsecrets.yaml" "$CACHE/crds/external-secrets.io_externalsecrets.yaml" \
    "$CACHE/crds/kustomize.toolkit.fluxcd.io_kustomizations.yaml" && return
  ss="$(module_dir "github.com/bitnami-labs/sealed-secrets@v$SEALED_SECRETS_VERSION")"
  eso="$(module_dir "github.com/external-secrets/external-secrets@v$EXTERNAL_SECRETS_CRDS_VERSION")"
  kc="$(module_dir "github.com/fluxcd/kustomize-controller@v$FLUX_KUSTOMIZE_VERSION")"
  sc="$(module_dir "github.com/fluxcd/source-controller@v$FLUX_SOURCE_VERSION")"
  rm -rf "$CACHE/crds"; mkdir -p "$CACHE/crds"
  cp "$ss/helm/sealed-secrets/crds/"*.yaml "$eso/config/crds/bases/"*.yaml "$CACHE/crds/"
  # The kustomize-controller watches every kind of source; it starts once their CRDs are served.
  cp "$kc/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml" "$CACHE/crds/"
  for s in "${sources[@]}"; do cp "$sc/config/crd/bases/source.toolkit.fluxcd.io_$s.yaml" "$CACHE/crds/"; done
  rm -f "$CACHE/crds/kustomization.yaml"
  chmod u+w "$CACHE/crds/"*.yaml
  stamp crds "$k"
}

# Two lanes side by side: Go keeps both cores busy while compiling, but each lane also waits on
# downloads and single-threaded links, which the other lane fills.
cmd_build() {
  go_env
  mkdir -p "$BIN" "$PLUGINS"
  local start=$SECONDS
  timed "pause binary" build_pause
  timed "operators' CRDs" fetch_crds
  ( timed "etcd" build_etcd; timed "kubernetes" build_kubernetes; timed "test/operators" build_operators
    timed "sealed-secrets-controller" build_sealed_secrets; timed "external-secrets" build_external_secrets
    timed "sops" build_sops; timed "kustomize-controller" build_flux ) &
  local kube=$!
  ( timed "pulumi" build_pulumi; timed "pulumi-language-nodejs" build_language_host
    timed "pulumi-resource-kubernetes" build_provider; timed "pulumi-language-yaml" build_yaml_host
    timed "pulumi-language-python" build_python_host; timed "regcred-sdkgen" build_sdkgen
    timed "pulumi-java-gen" build_java_gen ) &
  local pulumi=$!
  local failed=0
  wait "$kube" || failed=1
  wait "$pulumi" || failed=1
  [ "$failed" -eq 0 ] || die "the build failed (see above)"
  log "built in $((SECONDS - start)) s: $(ls "$BIN" | tr '\n' ' ')in $BIN; provider plugin in $PLUGINS"
}

# pin [PART...]: writes each part's go.mod (all parts when none is named) from the versions pinned
# above and completes it and its go.sum with `go mod tidy`, for a commit. Fails where tidy fails.
cmd_pin() {
  go_env
  export GOFLAGS=-mod=mod
  local part parts=("$@")
  [ "${#parts[@]}" -gt 0 ] || parts=(pulumi language-host yaml-host python-host sdkgen java-gen provider kubernetes etcd sealed-secrets external-secrets sops flux)
  for part in "${parts[@]}"; do
    requirements "$part" >/dev/null
    if [ "$part" = provider ]; then pin_provider; continue; fi
    local tmp; tmp="$(mktemp)"
    { printf 'module regcred.test/%s\n\ngo 1.24\n\nrequire (\n' "$part"
      requirements "$part" | sed 's/^/\t/'
      printf ')\n\n'
      replaces "$part"
    } >"$tmp"
    mv "$tmp" "$MODULES/$part/go.mod"
    rm -f "$MODULES/$part/go.sum"
    (cd "$MODULES/$part" && go mod tidy) || die "go mod tidy failed in scripts/engine/$part"
    log "pinned scripts/engine/$part"
  done
}

# The provider's go.mod is its module's own, with its sdk/v4 replaced by the pinned version.
pin_provider() {
  local src dir
  src="$(module_dir "github.com/pulumi/pulumi-kubernetes/provider/v4@$PULUMI_KUBERNETES_PROVIDER_MODULE")"
  dir="$(mktemp -d)"
  cp -r "$src/." "$dir/"; chmod -R u+w "$dir"
  (cd "$dir" && go mod edit -replace "github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$PULUMI_KUBERNETES_SDK" \
    && go mod tidy) || die "go mod tidy failed for the provider"
  cp "$dir/go.mod" "$dir/go.sum" "$MODULES/provider/"
  rm -rf "$dir"
  log "pinned scripts/engine/provider"
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# start_daemon NAME CMD...: runs CMD in the background, logging to $STATE/NAME.log, its PID in $STATE/NAME.pid.
start_daemon() {
  local name="$1"; shift
  "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

wait_until() { # SECONDS DESCRIPTION CMD...
  local seconds="$1" what="$2"; shift 2
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || die "$what did not come up in ${seconds}s (logs in $STATE)"
    sleep 0.3
  done
}

cmd_start() {
  [ -f "$CACHE/crds/bitnami.com_sealedsecrets.yaml" ] || die "$CACHE/crds is missing; run: bash scripts/engine.sh build"
  for b in bin/etcd bin/kube-apiserver bin/kube-controller-manager bin/kubelet bin/regcred-pause bin/regcred-operators bin/sealed-secrets-controller bin/external-secrets bin/kustomize-controller bin/sops bin/pulumi bin/pulumi-language-nodejs plugins/pulumi-resource-kubernetes; do
    [ -x "$CACHE/$b" ] || die "$CACHE/$b is missing; run: bash scripts/engine.sh build (about 30 minutes once, needs Go)"
  done
  if [ -e "$STATE/etcd.pid" ]; then
    kill -0 "$(cat "$STATE/etcd.pid")" 2>/dev/null && die "already started (state in $STATE); run: bash scripts/engine.sh stop"
    log "removing the state of an engine that is no longer running ($STATE)"
    cmd_stop
  fi
  rm -rf "$STATE"
  mkdir -p "$STATE/pki" "$STATE/etcd" "$STATE/pulumi-home" "$STATE/backend"
  local etcd_client etcd_peer apiserver
  etcd_client="$(free_port)"; etcd_peer="$(free_port)"; apiserver="$(free_port)"
  local token
  token="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  printf '%s,admin,admin,"system:masters"\n' "$token" >"$STATE/pki/tokens.csv"
  openssl genrsa -out "$STATE/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$STATE/pki/sa.key" -pubout -out "$STATE/pki/sa.pub" 2>/dev/null

  start_daemon etcd "$BIN/etcd" --name regcred --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "regcred=http://127.0.0.1:$etcd_peer" --log-level error
  start_daemon kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_client" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$apiserver" \
    --endpoint-reconciler-type none --cert-dir "$STATE/pki" \
    --token-auth-file "$STATE/pki/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$STATE/pki/sa.pub" \
    --service-account-signing-key-file "$STATE/pki/sa.key" --service-cluster-ip-range 10.96.0.0/16
  cat >"$STATE/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: regcred
  cluster: { server: "https://127.0.0.1:$apiserver", insecure-skip-tls-verify: true }
users:
- name: admin
  user: { token: "$token" }
contexts:
- name: regcred
  context: { cluster: regcred, user: admin, namespace: default }
current-context: regcred
KUBECONFIG
  wait_until 60 "kube-apiserver" kubectl --kubeconfig "$STATE/kubeconfig" get --raw /readyz
  # The controllers a cluster runs for the pods users write: each namespace gets its default
  # ServiceAccount and the kube-root-ca.crt ConfigMap that every pod's service-account volume mounts;
  # the garbage collector ends the foreground deletions the Kubernetes provider starts.
  wait_until 30 "the API server's serving certificate" test -s "$STATE/pki/apiserver.crt"
  start_daemon kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/kubeconfig" --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --controllers garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller,root-ca-certificate-publisher-controller,deployment-controller,replicaset-controller \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/apiserver.crt" \
    --use-service-account-credentials=false
  wait_until 60 "kube-controller-manager" kubectl --kubeconfig "$STATE/kubeconfig" get serviceaccount default -n default
  wait_until 60 "the kube-root-ca.crt ConfigMap" kubectl --kubeconfig "$STATE/kubeconfig" get configmap kube-root-ca.crt -n default
  kill -0 "$(cat "$STATE/kube-controller-manager.pid")" 2>/dev/null \
    || die "kube-controller-manager exited: $(tail -3 "$STATE/kube-controller-manager.log")"
  # The Sealed Secrets and External Secrets CRDs, so that their objects can be created and validated.
  kubectl --kubeconfig "$STATE/kubeconfig" apply --server-side -f "$CACHE/crds" >/dev/null \
    && kubectl --kubeconfig "$STATE/kubeconfig" wait --for=condition=Established --timeout=60s -f "$CACHE/crds" >/dev/null \
    || die "cannot install the operators' CRDs from $CACHE/crds"
  start_sealed_secrets "$token" "$apiserver"
  start_external_secrets
  start_flux
  start_node

  export PULUMI_HOME="$STATE/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  "$BIN/pulumi" plugin install resource kubernetes "v$PULUMI_KUBERNETES_VERSION" --file "$PLUGINS/pulumi-resource-kubernetes" >/dev/null 2>&1 \
    || die "pulumi plugin install of the Kubernetes provider failed"
  log "API server https://127.0.0.1:$apiserver, etcd 127.0.0.1:$etcd_client, state in $STATE"
  cat <<EXPORTS
export PATH="$BIN:\$PATH"
export KUBECONFIG="$STATE/kubeconfig"
export PULUMI_HOME="$STATE/pulumi-home"
export PULUMI_BACKEND_URL="file://$STATE/backend"
export PULUMI_CONFIG_PASSPHRASE="regcred-engine-tests"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export REGCRED_ENGINE_STATE="$STATE"
export REGCRED_E2E_NODE="$NODE_NAME"
export CONTAINERD_CERTS_D="$STATE/certs.d"
export CONTAINERD_ADDRESS="$STATE/containerd/containerd.sock"
export REGCRED_PAUSE_BINARY="$BIN/regcred-pause"
export REGCRED_OPERATORS="$BIN/regcred-operators"
export REGCRED_OPERATOR_CRDS="$CACHE/crds"
export REGCRED_PAUSE_IMAGE="$(cat "$STATE/pause-image")"
export REGCRED_SEALED_SECRETS_URL="$(cat "$STATE/sealed-secrets-url")"
EXPORTS
}

# start_external_secrets: the External Secrets Operator's controller, out of cluster with the
# engine's kubeconfig; its metrics listen on 127.0.0.1 (no webhook, no health probes). PushSecrets
# are not reconciled: the tests push nothing.
start_external_secrets() {
  local metrics; metrics="$(free_port)"
  start_daemon external-secrets env KUBECONFIG="$STATE/kubeconfig" "$BIN/external-secrets" \
    --metrics-addr "127.0.0.1:$metrics" --enable-push-secret-reconciler=false \
    --enable-cluster-push-secret-reconciler=false
  wait_until 60 "the External Secrets Operator" curl -fsS -o /dev/null "http://127.0.0.1:$metrics/metrics"
}

# start_flux: Flux's kustomize-controller, out of cluster with the engine's kubeconfig, watching every
# namespace; it reports no events and elects no leader, and its endpoints listen on 127.0.0.1. It
# fetches each Kustomization's artifact from the URL its source's status names.
start_flux() {
  local metrics health; metrics="$(free_port)"; health="$(free_port)"
  start_daemon kustomize-controller env KUBECONFIG="$STATE/kubeconfig" RUNTIME_NAMESPACE=flux-system \
    "$BIN/kustomize-controller" --metrics-addr "127.0.0.1:$metrics" --health-addr "127.0.0.1:$health" \
    --enable-leader-election=false --watch-all-namespaces=true --no-remote-bases=true
  wait_until 60 "Flux's kustomize-controller" curl -fsS -o /dev/null "http://127.0.0.1:$health/readyz"
}

# start_sealed_secrets TOKEN APISERVER_PORT: the Sealed Secrets controller, out of cluster. It reads
# only the in-cluster configuration (client-go's rest.InClusterConfig: the service account files
# at a fixed path under /var/run/secrets, and KUBERNETES_SERVICE_HOST/PORT), so it runs in a mount
# namespace of its own, where a private /run holds that path as a link to the engine's files; no
# file outside $STATE changes. Its HTTP endpoints (certificate, metrics) listen on 127.0.0.1.
start_sealed_secrets() {
  local dir="$STATE/sealed-secrets/serviceaccount" port metrics
  mkdir -p "$dir"
  printf '%s' "$1" >"$dir/token"
  cp "$STATE/pki/apiserver.crt" "$dir/ca.crt"
  printf 'kube-system' >"$dir/namespace"
  port="$(free_port)"; metrics="$(free_port)"
  start_daemon sealed-secrets env KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$2" POD_NAMESPACE=kube-system \
    unshare --mount --propagation private sh -c \
      'mount -t tmpfs tmpfs /run && mkdir -p /run/secrets/kubernetes.io && ln -s "$1" /run/secrets/kubernetes.io/serviceaccount && exec "$2" --listen-addr "127.0.0.1:$3" --listen-metrics-addr "127.0.0.1:$4" --key-size 2048' \
      sh "$dir" "$BIN/sealed-secrets-controller" "$port" "$metrics"
  wait_until 60 "the Sealed Secrets controller's certificate" curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/cert.pem"
  printf 'http://127.0.0.1:%s' "$port" >"$STATE/sealed-secrets-url"
}

# plain_http_registry HOST:PORT: containerd pulls from it over plain HTTP (read on every pull).
plain_http_registry() {
  mkdir -p "$STATE/certs.d/$1"
  printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' "$1" "$1" \
    >"$STATE/certs.d/$1/hosts.toml"
}

# The node: a registry for the sandbox image (nothing can be downloaded here), containerd and the
# kubelet as $NODE_NAME. Pods name the node (no scheduler) and use the host's network (no CNI).
start_node() {
  command -v containerd >/dev/null && command -v runc >/dev/null \
    || die "containerd and runc are missing; install them with: bash scripts/engine.sh install"
  local images="127.0.0.1:$(free_port)"
  mkdir -p "$STATE/images" "$STATE/certs.d" "$STATE/containerd" "$STATE/kubelet"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
    "$STATE/images/data" "$images" >"$STATE/images/config.yml"
  start_daemon images docker-registry serve "$STATE/images/config.yml"
  wait_until 30 "the images registry" curl -sf "http://$images/v2/"
  plain_http_registry "$images"
  local pause="$images/regcred/pause:1"
  "$ROOT/node_modules/.bin/tsx" "$ROOT/test/e2e/oci-image.ts" "$STATE/images/pause-oci" 1 "$BIN/regcred-pause" \
    || die "cannot build the pause image (run npm ci first)"
  skopeo copy --quiet --dest-tls-verify=false "oci:$STATE/images/pause-oci:1" "docker://$pause" >/dev/null \
    || die "cannot push the pause image to $images"
  printf '%s' "$pause" >"$STATE/pause-image"

  containerd config default | sed \
    -e "s#^root = .*#root = \"$STATE/containerd/root\"#" \
    -e "s#^state = .*#state = \"$STATE/containerd/state\"#" \
    -e "s#^\(  address = \)\"/run/containerd/containerd.sock\"#\1\"$STATE/containerd/containerd.sock\"#" \
    -e "s#sandbox_image = .*#sandbox_image = \"$pause\"#" \
    -e "s#restrict_oom_score_adj = false#restrict_oom_score_adj = true#" \
    -e "s#^\(      config_path = \)\"\"#\1\"$STATE/certs.d\"#" \
    >"$STATE/containerd/config.toml"
  grep -q "config_path = \"$STATE/certs.d\"" "$STATE/containerd/config.toml" || die "containerd's default config changed shape"
  start_daemon containerd containerd --config "$STATE/containerd/config.toml"
  wait_until 30 "containerd" test -S "$STATE/containerd/containerd.sock"

  cat >"$STATE/kubelet/config.yaml" <<CONFIG
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $(free_port)
readOnlyPort: 0
healthzPort: 0
authentication: { anonymous: { enabled: true }, webhook: { enabled: false } }
authorization: { mode: AlwaysAllow }
containerRuntimeEndpoint: unix://$STATE/containerd/containerd.sock
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1% }
serializeImagePulls: false
registryPullQPS: 0
maxPods: 250
imagePullCredentialsVerificationPolicy: NeverVerifyPreloadedImages
CONFIG
  start_kubelet
  wait_until 60 "the kubelet (node $NODE_NAME)" kubectl --kubeconfig "$STATE/kubeconfig" get node "$NODE_NAME"
  log "node $NODE_NAME: containerd $STATE/containerd/containerd.sock, sandbox image $pause"
}

start_kubelet() {
  start_daemon kubelet "$BIN/kubelet" --config "$STATE/kubelet/config.yaml" --kubeconfig "$STATE/kubeconfig" \
    --hostname-override "$NODE_NAME" --node-ip 127.0.0.1 --root-dir "$STATE/kubelet/root" \
    --cert-dir "$STATE/kubelet/pki"
  local port; port="$(sed -n 's/^port: //p' "$STATE/kubelet/config.yaml")"
  wait_until 60 "the kubelet's API (127.0.0.1:$port)" curl -skf "https://127.0.0.1:$port/healthz"
}

# The kubelet again with another imagePullCredentialsVerificationPolicy (KEP-2535) and, for
# NeverVerifyAllowlistedImages, the images that skip verification. Running pods keep running.
cmd_node_policy() {
  local policy="${1:-}" allowlist="${2:-}"
  case "$policy" in
    NeverVerify|NeverVerifyPreloadedImages|NeverVerifyAllowlistedImages|AlwaysVerify) ;;
    *) die "usage: $0 node-policy NeverVerify|NeverVerifyPreloadedImages|NeverVerifyAllowlistedImages|AlwaysVerify [IMAGE,...]" ;;
  esac
  [ -f "$STATE/kubelet.pid" ] || die "the node is not running; run: bash scripts/engine.sh start"
  stop_daemon kubelet
  sed -i -e "s#^imagePullCredentialsVerificationPolicy: .*#imagePullCredentialsVerificationPolicy: $policy#" \
    -e '/^preloadedImagesVerificationAllowlist:/d' "$STATE/kubelet/config.yaml"
  [ -z "$allowlist" ] || printf 'preloadedImagesVerificationAllowlist: [%s]\n' "$allowlist" >>"$STATE/kubelet/config.yaml"
  start_kubelet
  log "kubelet restarted with imagePullCredentialsVerificationPolicy $policy${allowlist:+ (allowlist $allowlist)}"
}

# Stops every pod's processes: containerd's shims outlive containerd.
stop_pods() {
  local sock="$STATE/containerd/containerd.sock"
  [ -S "$sock" ] || return 0
  local ctr="ctr --address $sock --namespace k8s.io"
  for task in $($ctr tasks ls -q 2>/dev/null); do $ctr tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true; done
  sleep 0.5
  for task in $($ctr tasks ls -q 2>/dev/null); do $ctr tasks delete -f "$task" >/dev/null 2>&1 || true; done
}

# containerd's shims outlive containerd; each one's PID is in the shim.pid file containerd wrote
# into its task's bundle under $STATE.
stop_shims() {
  local pidfile pid
  [ -d "$STATE/containerd/state" ] || return 0
  while read -r pidfile; do
    pid="$(cat "$pidfile" 2>/dev/null)" || continue
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  done < <(find "$STATE/containerd/state" -name shim.pid 2>/dev/null)
}

cmd_stop() {
  stop_daemon kubelet
  stop_pods
  for name in containerd images kustomize-controller external-secrets sealed-secrets kube-controller-manager kube-apiserver etcd; do stop_daemon "$name"; done
  stop_shims
  # Mounts the kubelet and containerd left (volumes, snapshots, shm), deepest first.
  awk -v state="$STATE" 'index($2, state) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

stop_daemon() {
  local name="$1"
  local pidfile="$STATE/$name.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}


case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  pin) shift; cmd_pin "$@" ;;
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  node-policy) shift; cmd_node_policy "$@" ;;
  *) die "usage: $0 install [TIER...]|build|pin [PART...]|start|stop|node-policy POLICY [ALLOWLIST]" ;;
esac
