#!/usr/bin/env bash
# Runs every conformance file three ways: through the real `promtool test rules`, through our promtool-test
# command (batch evaluation, as promtool does) and through our promtool-test --stream (the streaming runtime,
# fed the input series live; see src/cli/stream-test-runner.ts). Fails when any of them rejects a file under
# conformance/, accepts a file under conformance/must-fail/, or when they disagree on any file.
# conformance/stream-pending/ holds files that promtool and the batch command pass but the stream fails
# because of a known stream bug (named in each file): they are reported as KNOWN and fail the run once the
# stream passes them, so they get moved up into conformance/ with the fix.
# Needs /usr/bin/promtool (Debian package `prometheus`).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svc="$(dirname "$here")"
PROMTOOL="${PROMTOOL:-promtool}"
command -v "$PROMTOOL" >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }

# Build only the CLI and the code it imports (fast, independent of the rest of the service).
(cd "$svc" && npx tsc -p conformance/tsconfig.cli.json) || { echo "build of the test command failed" >&2; exit 2; }
ours=(node "$svc/dist/cli/promtool-test.js")
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
out="$tmp/conformance"

status=0
known=0
check() { # file expected(0|1) [pending]
  local file="$1" expected="$2" pending="${3:-}" dir base p o s
  dir="$(dirname "$file")"; base="$(basename "$file")"
  (cd "$dir" && "$PROMTOOL" test rules "$base" >"$out-promtool.out" 2>&1); p=$?
  (cd "$dir" && "${ours[@]}" test rules "$base" >"$out-ours.out" 2>&1); o=$?
  (cd "$dir" && "${ours[@]}" test rules --stream "$base" >"$out-stream.out" 2>&1); s=$?
  [ "$p" -ne 0 ] && p=1; [ "$o" -ne 0 ] && o=1; [ "$s" -ne 0 ] && s=1
  local verdict="ok"
  if [ -n "$pending" ]; then
    if [ "$p" = 0 ] && [ "$o" = 0 ] && [ "$s" = 1 ]; then verdict="KNOWN"; known=$((known + 1))
    elif [ "$p" = 0 ] && [ "$o" = 0 ]; then verdict="FIXED (move it into conformance/)"; status=1
    else verdict="UNEXPECTED"; status=1; fi
  elif [ "$p" != "$o" ] || [ "$p" != "$s" ]; then verdict="DISAGREE"; status=1
  elif [ "$p" != "$expected" ]; then verdict="UNEXPECTED"; status=1; fi
  printf '%-40s promtool=%s ours=%s stream=%s expected=%s %s\n' "${file#"$here"/}" "$p" "$o" "$s" "$expected" "$verdict"
  if [ "$verdict" != "ok" ]; then
    echo "--- promtool:"; cat "$out-promtool.out"; echo "--- ours:"; cat "$out-ours.out"
    echo "--- ours --stream:"; cat "$out-stream.out"
  fi
}

for f in "$here"/*.test.yml; do check "$f" 0; done
for f in "$here"/must-fail/*.test.yml; do check "$f" 1; done
pending=("$here"/stream-pending/*.test.yml)
[ -e "${pending[0]}" ] || pending=()
for f in "${pending[@]}"; do check "$f" 0 pending; done
tests=$(cat "$here"/*.test.yml | grep -cE "^ *- (expr|eval_time):")
echo "conformance: $(ls "$here"/*.test.yml | wc -l) files, $tests test cases; must-fail: $(ls "$here"/must-fail/*.test.yml | wc -l) files"
[ "$known" -gt 0 ] && echo "known stream bugs (conformance/stream-pending/): $known files"
[ "$status" -eq 0 ] && echo "promtool and streamwatch agree on every file" || echo "FAILED"
exit "$status"
