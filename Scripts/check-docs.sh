#!/usr/bin/env bash
# Builds each module's DocC catalog from its symbol graph and fails on any
# warning (unresolved links, undocumented topics). No package dependency:
# uses the toolchain's `docc` directly.
set -euo pipefail
cd "$(dirname "$0")/.."
# dump-symbol-graph also loads the test modules, so build them first (swift test needs them anyway).
swift build --build-tests >/dev/null
swift package dump-symbol-graph --minimum-access-level public >/dev/null
graphs=$(find .build -type d -name symbolgraph | head -n 1)
for module in ICPCore ICPCriteria ICPTesting ICPFiles ICPOutcomes ICPReports; do
    dir=$(mktemp -d)
    cp "$graphs/$module".symbols.json "$dir"/
    cp "$graphs/$module"@*.symbols.json "$dir"/ 2>/dev/null || true
    docc convert "Sources/$module/$module.docc" --additional-symbol-graph-dir "$dir" \
        --fallback-display-name "$module" --fallback-bundle-identifier "icp.$module" \
        --output-path "$dir/out" --analyze --warnings-as-errors >"$dir/log" 2>&1 || {
        cat "$dir/log"
        echo "error: documentation for $module has warnings" >&2
        exit 1
    }
    echo "docs: $module ok"
done
