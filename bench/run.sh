#!/usr/bin/env bash
# One command for the whole benchmark: builds agentchat, compiles the load generator, starts a
# throwaway MariaDB (if mariadbd is installed), runs every scenario against 127.0.0.1 only, and
# writes bench/target/results.md. Bounded: the generator stops itself after 9 minutes.
#   bench/run.sh          full run (~4-6 minutes on 2 cores)
#   bench/run.sh quick    smaller counts (~2 minutes), for a smoke test
#   BENCH_ONLY=cross bench/run.sh [quick]   only scenario 8 (several instances; needs mariadbd and redis-server)
#   BENCH_ONLY=efficiency bench/run.sh [quick]   only scenario 9 (issue 11's targets; needs wrk, installed here
#       with apt-get when missing); BENCH_VARIANTS and BENCH_PARTS choose servers and parts (bench/README.md)
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
RPID=""
cleanup() {
    for pid in $MPID $RPID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
# Redis for scenario 8 (several instances): a throwaway redis-server on loopback, nothing saved
if command -v redis-server >/dev/null 2>&1; then
    RPORT=$((20000 + RANDOM % 20000))
    redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$OUT" >"$OUT/redis.log" 2>&1 &
    RPID=$!
    export BENCH_REDIS_URL="redis://127.0.0.1:$RPORT"
else
    echo "bench: redis-server not installed (apt-get install redis-server); scenario 7 is skipped" >&2
fi
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

# wrk (Debian's package) drives the REST mix of scenario 9
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: wrk not installed: apt-get install wrk" >&2
        apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } \
            || echo "bench: could not install wrk; scenario 9's REST part will fail" >&2
    else
        echo "bench: wrk not installed (apt-get install wrk as root); scenario 9's REST part will fail" >&2
    fi
fi

LIMIT="${BENCH_LIMIT_MINUTES:-9}"
echo "bench: load before: $(cat /proc/loadavg)" >&2
BENCH_LIMIT_MINUTES="$LIMIT" timeout $(( LIMIT * 60 + 60 )) "$JAVA_HOME/bin/java" -Xmx2g -cp "$OUT/classes:target/libs/*" agentchat.bench.Bench \
    "$ROOT" "$OUT" "$MODE" "${MARIA_ARGS[@]}"
echo "bench: results in $OUT/results.md" >&2
