#!/bin/sh
# Smoke-test a built bundle from the bundle alone: no venv and no Python on the PATH, a fresh home,
# the network cut off (on Linux, with a network namespace), and a check that nothing was written
# inside the bundle. Runs on Linux, macOS, and Windows (Git Bash) in CI.
#
#   .ci/dist/smoke.sh BUNDLE_DIR "COMMAND COMMAND ..."   (the second: every command the CLI has)
set -eu
bundle=$(cd "$1" && pwd)
commands=$2
exe=$bundle/sit-maturity
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/empty-path" "$work/out"
touch "$work/before"
sleep 1  # so anything written inside the bundle from now on is newer than the stamp

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
os=$(uname -s)
# Nothing but the bundle: an empty PATH, no PYTHON* variables, a home of its own (Windows keeps
# the two variables its own libraries need).
run() { $net env -i PATH="$work/empty-path" HOME="$work/home" LANG=C.UTF-8 \
              QT_QPA_PLATFORM=offscreen SYSTEMROOT="${SYSTEMROOT:-}" TEMP="${TEMP:-/tmp}" "$@"; }
net=""
offline() { net=$unshare_n; run "$@"; status=$?; net=""; return $status; }
unshare_n=""
if [ "$os" = Linux ] && unshare -n true 2>/dev/null; then
    unshare_n="unshare -n"
elif [ "$os" = Linux ] && [ -n "${CI:-}" ]; then
    fail "cannot make a network namespace (unshare -n) to prove the bundle works offline"
else
    echo "smoke: no network namespace here; the offline runs keep the network"
fi
run /bin/sh -c 'command -v python3 || command -v python' && fail "a Python is on the PATH"
run /bin/sh -c 'true' || fail "cannot run a program with the bare environment"

name=$(basename "$bundle")
version=${name#sit-maturity-}
version=${version%-*-*}
out=$(run "$exe" --version) || fail "--version exited $?"
echo "$out" | head -n1 | grep -qx "sit-maturity $version" || fail "--version said: $out"
echo "$out" | sed -n 2p | grep -q "^framework cyp-mh-sit " || fail "--version said: $out"
echo "smoke: --version: $(echo "$out" | tr '\n' ' ')"

for command in $commands; do
    run "$exe" "$command" --help >/dev/null 2>&1 || fail "command '$command' is missing or broken"
done
echo "smoke: all $(echo $commands | wc -w) commands present"

offline "$exe" demo --out-dir "$work/out" > "$work/demo.raw" || fail "demo exited $?"
tr -d '\r' < "$work/demo.raw" > "$work/demo.txt"
[ "$(grep -c '\.sitreview$' "$work/demo.txt")" = 2 ] || fail "demo wrote: $(cat "$work/demo.txt")"
sample=$(tail -n1 "$work/demo.txt")
echo "smoke: demo (offline) wrote $(wc -l < "$work/demo.txt") reviews"

# info --json twice: checked in full, then answered from the user's cache, the same both times.
offline "$exe" info "$sample" --json > "$work/info1.json" || fail "info exited $?"
offline "$exe" info "$sample" --json > "$work/info2.json" || fail "info (again) exited $?"
grep -q '"overall"' "$work/info1.json" || fail "info said: $(head -c 300 "$work/info1.json")"
cmp -s "$work/info1.json" "$work/info2.json" || fail "info answered differently the second time"
ls "$work/home/.cache/sit-maturity/info/"*.json >/dev/null 2>&1 \
    || [ "$os" != Linux ] || fail "info kept no answer in the user's cache"
echo "smoke: info --json (offline), then again from the cache"

offline "$exe" export "$sample" > "$work/export.txt" || fail "export exited $?"
for kind in "workbook.xlsx" "board report.pdf" "summary for young people and families.pdf" \
            "data.json"; do
    found=$(find "$work/out" -name "*$kind" -size +1k | head -n1)
    [ -n "$found" ] || fail "export wrote no $kind"
done
echo "smoke: export (offline) wrote the workbook, both PDFs, the JSON and the CSVs"

offline "$exe" open "$sample" --screenshot "$work/window.png" >/dev/null 2>&1 \
    || fail "open --screenshot exited $?"
[ "$(head -c 8 "$work/window.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    || fail "open --screenshot wrote no PNG"
[ "$(wc -c < "$work/window.png")" -gt 20000 ] || fail "the screenshot is nearly empty"
echo "smoke: open SAMPLE --screenshot (offline) drew the window"

# Live voting serves phones on the local network: its server and QR code must be in the bundle.
if [ "$os" = Linux ]; then
    run "$exe" open "$sample" --view workshop --live-voting --bind 127.0.0.1 \
        > "$work/live.txt" 2>&1 &
    live=$!
    tries=0
    until grep -q "^Live voting: http://127.0.0.1:" "$work/live.txt" 2>/dev/null; do
        tries=$((tries + 1))
        if [ $tries -gt 100 ] || ! kill -0 $live 2>/dev/null; then
            kill $live 2>/dev/null || true
            fail "live voting did not start: $(cat "$work/live.txt")"
        fi
        sleep 0.3
    done
    kill $live 2>/dev/null || true
    wait $live 2>/dev/null || true
    echo "smoke: live voting started on 127.0.0.1"
fi

run "$exe" open-sample --screenshot "$work/sample.png" >/dev/null 2>&1 \
    || fail "open-sample --screenshot exited $?"
if [ "$os" = Linux ]; then  # elsewhere the user's folders do not follow HOME
    [ -n "$(find "$work/home" -name samples.txt)" ] || fail "the samples were not kept in the home"
fi
echo "smoke: open-sample built its samples in the user's folders"

written=$(find "$bundle" -newer "$work/before" | head -n5)
[ -z "$written" ] || fail "the bundle wrote inside itself: $written"
echo "smoke: nothing written inside the bundle"
echo "smoke: bundle OK: $bundle"
