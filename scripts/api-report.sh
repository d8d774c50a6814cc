#!/usr/bin/env bash
# The public API report (API Extractor), one file per entry point in api/:
#   npm run check:api    build, then fail when the exported API of `regcred`, `regcred/cdk8s` or
#                        `regcred/pulumi` differs from api/<entry>.api.md (printing the difference)
#   npm run api:update   build, then rewrite the reports; commit them with the change they show
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-check}"
entries=(regcred regcred-cdk8s regcred-pulumi)

npm run --silent build
status=0
for entry in "${entries[@]}"; do
  if [ "$mode" = update ]; then
    npx api-extractor run --local -c "api/$entry.json" >/dev/null
    echo "api:update: api/$entry.api.md"
  elif ! npx api-extractor run -c "api/$entry.json" >/dev/null 2>&1; then
    echo "check:api: the public API of '${entry/-//}' differs from api/$entry.api.md:" >&2
    diff -u "api/$entry.api.md" "build/api/$entry.api.md" >&2 || true
    status=1
  fi
done
[ "$status" -eq 0 ] || echo "check:api: review the difference; if it is the intended change, run npm run api:update and commit api/" >&2
exit "$status"
