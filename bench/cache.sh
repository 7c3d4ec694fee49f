#!/usr/bin/env bash
# Prompt caching in tokens: the same chats through agentchat with AGENT_PROMPT_CACHING on and off,
# against the test suite's fake Anthropic upstream that accounts like the real API; prints and
# writes bench/target/cache-results.md. Deterministic (token accounting, not time); ~1-2 minutes.
#   bench/cache.sh               (SKIP_BUILD=1 reuses target/agentchat.jar and target/test-classes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
    # -DskipTests still compiles the tests: the fake upstream lives in target/test-classes
    mvn -B -o -q -DskipTests package
fi
CP="target/test-classes:target/classes:target/libs/*"
rm -rf "$OUT/cache-classes"
"$JAVA_HOME/bin/javac" -d "$OUT/cache-classes" -cp "$CP" bench/src/agentchat/bench/cache/*.java \
    bench/src/agentchat/bench/Bench.java
echo "bench/cache: load before: $(cat /proc/loadavg)" >&2
timeout 900 "$JAVA_HOME/bin/java" -cp "$OUT/cache-classes:$CP" agentchat.bench.cache.CacheBench "$ROOT" "$OUT/cache"
cp "$OUT/cache/cache-results.md" "$OUT/cache-results.md"
echo "bench/cache: results in $OUT/cache-results.md" >&2
