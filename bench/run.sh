#!/usr/bin/env bash
# One command for the whole benchmark: builds agentchat, compiles the load generator, starts a
# throwaway MariaDB (if mariadbd is installed), runs every scenario against 127.0.0.1 only, and
# writes bench/target/results.md. Bounded: the generator stops itself after 9 minutes.
#   bench/run.sh          full run (~4-6 minutes on 2 cores)
#   bench/run.sh quick    smaller counts (~2 minutes), for a smoke test
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target"
MODE="${1:-full}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
mkdir -p "$OUT"

# 10,000 idle sockets need more than the usual 1024 descriptors, in the server and in the generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "${SKIP_BUILD:-}" != 1 ]; then
    mvn -B -o -q -DskipTests package
fi
rm -rf "$OUT/classes"
"$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "target/libs/*" bench/src/agentchat/bench/*.java

MARIA_ARGS=()
MPID=""
cleanup() { if [ -n "$MPID" ]; then kill "$MPID" 2>/dev/null || true; wait "$MPID" 2>/dev/null || true; fi; }
trap cleanup EXIT
if command -v mariadbd >/dev/null 2>&1; then
    MD="$OUT/mariadb"; rm -rf "$MD"; mkdir -p "$MD/data"
    MPORT=$((20000 + RANDOM % 20000))
    mariadb-install-db --no-defaults --user=root --datadir="$MD/data" --auth-root-authentication-method=socket \
        --skip-test-db >"$MD/install.log" 2>&1
    mariadbd --no-defaults --user=root --datadir="$MD/data" --bind-address=127.0.0.1 --port="$MPORT" \
        --socket="$MD/sock" --pid-file="$MD/pid" --log-error="$MD/error.log" --skip-name-resolve \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci &
    MPID=$!
    for _ in $(seq 1 100); do
        mariadb-admin --no-defaults --socket="$MD/sock" -uroot ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    mariadb --no-defaults --socket="$MD/sock" -uroot -e "CREATE DATABASE bench; CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON bench.* TO 'bench'@'127.0.0.1';"
    MARIA_ARGS=("jdbc:mariadb://127.0.0.1:$MPORT/bench" bench bench)
else
    echo "bench: mariadbd not installed (apt-get install mariadb-server); the MariaDB REST run is skipped" >&2
fi

echo "bench: load before: $(cat /proc/loadavg)" >&2
timeout 600 "$JAVA_HOME/bin/java" -Xmx2g -cp "$OUT/classes:target/libs/*" agentchat.bench.Bench \
    "$ROOT" "$OUT" "$MODE" "${MARIA_ARGS[@]}"
echo "bench: results in $OUT/results.md" >&2
