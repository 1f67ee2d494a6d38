#!/usr/bin/env bash
# Runs every conformance file through the real `promtool test rules` and through our promtool-test command.
# Fails when either rejects a file under conformance/, when either accepts a file under conformance/must-fail/,
# or when they disagree on any file. Needs /usr/bin/promtool (Debian package `prometheus`).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svc="$(dirname "$here")"
PROMTOOL="${PROMTOOL:-promtool}"
command -v "$PROMTOOL" >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }

# Build only the CLI and the domain it imports (fast, independent of the rest of the service).
(cd "$svc" && npx tsc -p conformance/tsconfig.cli.json) || { echo "build of the test command failed" >&2; exit 2; }
ours=(node "$svc/dist/cli/promtool-test.js")

status=0
check() { # file expected(0|1)
  local file="$1" expected="$2" dir base p o
  dir="$(dirname "$file")"; base="$(basename "$file")"
  (cd "$dir" && "$PROMTOOL" test rules "$base" >/tmp/conformance-promtool.out 2>&1); p=$?
  (cd "$dir" && "${ours[@]}" test rules "$base" >/tmp/conformance-ours.out 2>&1); o=$?
  [ "$p" -ne 0 ] && p=1; [ "$o" -ne 0 ] && o=1
  local verdict="ok"
  if [ "$p" != "$o" ]; then verdict="DISAGREE"; status=1
  elif [ "$p" != "$expected" ]; then verdict="UNEXPECTED"; status=1; fi
  printf '%-40s promtool=%s ours=%s expected=%s %s\n' "${file#"$here"/}" "$p" "$o" "$expected" "$verdict"
  if [ "$verdict" != "ok" ]; then
    echo "--- promtool:"; cat /tmp/conformance-promtool.out; echo "--- ours:"; cat /tmp/conformance-ours.out
  fi
}

for f in "$here"/*.test.yml; do check "$f" 0; done
for f in "$here"/must-fail/*.test.yml; do check "$f" 1; done
tests=$(cat "$here"/*.test.yml | grep -cE "^ *- (expr|eval_time):")
echo "conformance: $(ls "$here"/*.test.yml | wc -l) files, $tests test cases; must-fail: $(ls "$here"/must-fail/*.test.yml | wc -l) files"
[ "$status" -eq 0 ] && echo "promtool and streamwatch agree on every file" || echo "FAILED"
exit "$status"
