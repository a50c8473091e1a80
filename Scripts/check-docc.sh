#!/usr/bin/env bash
# Builds every module's DocC catalog with the toolchain's `docc` and fails on any warning
# (unresolved symbol links, missing articles). No swift-docc-plugin dependency is needed:
# symbol graphs come from `swift build -emit-symbol-graph`.
set -euo pipefail
cd "$(dirname "$0")/.."
graphs="$(mktemp -d)"
out="$(mktemp -d)"
status=0
for catalog in Sources/*/*.docc; do
  module="$(basename "$(dirname "$catalog")")"
  swift build --target "$module" -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs/$module" >/dev/null
  # Only this module's graphs (and its extensions of other modules).
  mkdir -p "$graphs/only-$module"
  cp "$graphs/$module/$module".symbols.json "$graphs/only-$module/"
  cp "$graphs/$module/$module"@*.symbols.json "$graphs/only-$module/" 2>/dev/null || true
  log="$(docc convert "$catalog" --additional-symbol-graph-dir "$graphs/only-$module" \
      --output-path "$out/$module" --fallback-display-name "$module" \
      --fallback-bundle-identifier "org.tradinggridbridge.$module" --analyze 2>&1 || true)"
  if echo "$log" | grep -qE "warning|error"; then
    echo "DocC problems in $catalog:"
    echo "$log" | grep -E "warning|error"
    status=1
  else
    echo "DocC: $catalog OK"
  fi
done
exit $status
