#!/usr/bin/env bash
# Per-turn overhead of the claude-code provider (the Claude Code CLI, once per turn) beside the
# built-in loop, against the same fake upstream on 127.0.0.1. Writes bench/target/claude-code.md.
#   bench/claude-code.sh          30 measured turns per row (~2-3 minutes on 2 cores)
#   bench/claude-code.sh quick    10 per row
# SKIP_BUILD=1 reuses target/agentchat.jar; CLAUDE_CODE=<path> uses another CLI than the pinned one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
    mvn -B -o -q -DskipTests package
fi
CLI="${CLAUDE_CODE:-$ROOT/claude-code/node_modules/.bin/claude}"
if [ -z "${CLAUDE_CODE:-}" ] && [ ! -x "$CLI" ]; then
    (cd claude-code && npm ci --no-audit --no-fund)
fi
rm -rf "$OUT/classes"
"$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "target/libs/*" bench/src/agentchat/bench/*.java

echo "bench: load before: $(cat /proc/loadavg)" >&2
timeout 600 "$JAVA_HOME/bin/java" -Xmx1g -cp "$OUT/classes:target/libs/*" agentchat.bench.ClaudeCodeBench \
    "$ROOT" "$OUT" "$CLI" "${1:-full}"
echo "bench: results in $OUT/claude-code.md" >&2
