#!/usr/bin/env bash
# Renders the README's example report in headless Chromium (Debian's
# package) to PDF, on Letter and on A4, and to PNG, then checks them
# (Scripts/check-report.py): the page count, the one-page ICP alone on the
# first page, and an image that is not blank. Needs the debug build of icp.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check pypdf pillow
icp=.build/debug/icp
dir=$(mktemp -d)
trap '[ -z "${ICP_REPORT_KEEP:-}" ] && rm -rf "$dir"' EXIT
# The README's data: 5,000 accounts with outcomes, and a market that moved.
$icp generate --accounts 5000 --outcomes --output "$dir/crm" 2>/dev/null
$icp generate --accounts 5000 --seed 8 --shift 0.4 --output "$dir/crm-2027" 2>/dev/null
$icp report --profile Examples/Profiles/security-software.json --accounts "$dir/crm/accounts.csv" \
    --outcomes "$dir/crm/history.csv" --label won --reference "$dir/crm-2027/accounts.csv" \
    --as-of 2026-11-30 --output "$dir/report.html"
# The same page forced to A4 (Chromium prints on Letter unless the page says).
sed 's/@page { margin: 12mm; }/@page { size: A4; margin: 12mm; }/' "$dir/report.html" >"$dir/report-a4.html"
render() {
    timeout 180 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-pdf-header-footer \
        --user-data-dir="$dir/profile" "$@" 2>"$dir/chromium.log" || { cat "$dir/chromium.log"; return 1; }
}
render --print-to-pdf="$dir/letter.pdf" "file://$dir/report.html"
render --print-to-pdf="$dir/a4.pdf" "file://$dir/report-a4.html"
render --window-size=1000,1500 --screenshot="$dir/page.png" "file://$dir/report.html"
python3 Scripts/check-report.py "$dir/letter.pdf" "$dir/a4.pdf" "$dir/page.png"
if [ "${ICP_REPORT_IMAGE:-}" != "" ]; then cp "$dir/page.png" "$ICP_REPORT_IMAGE"; fi
