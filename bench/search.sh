#!/usr/bin/env bash
# Search over a big database: a throwaway MariaDB filled with N chats / M messages (default
# 10,000 / 100,000), agentchat started on it, GET /api/chats?q= timed per kind of query.
#   bench/search.sh                 10,000 chats / 100,000 messages (~5-10 minutes on 2 busy cores)
#   bench/search.sh 1000 10000      a smoke run
# Writes bench/target/search/search-results.md. Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/target/search"
CHATS="${1:-10000}"
MESSAGES="${2:-100000}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
command -v mariadbd >/dev/null 2>&1 || { echo "search bench: needs mariadbd (apt-get install mariadb-server)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"

if [ "${SKIP_BUILD:-}" != 1 ]; then
    mvn -B -o -q -DskipTests package
fi
# a copy of the build, so that a rebuild while the bench runs (minutes) cannot pull classes from under it
mkdir -p "$OUT/app"
cp target/agentchat.jar "$OUT/app/agentchat.jar"
cp -r target/classes "$OUT/app/classes"
cp -r target/libs "$OUT/app/libs"
"$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "$OUT/app/classes:$OUT/app/libs/*" bench/src/agentchat/bench/search/SearchBench.java

MD="$OUT/mariadb"; mkdir -p "$MD/data" "$MD/tmp"
MPORT=$((20000 + RANDOM % 20000))
MPID=""
cleanup() { if [ -n "$MPID" ]; then kill "$MPID" 2>/dev/null || true; wait "$MPID" 2>/dev/null || true; fi; }
trap cleanup EXIT
mariadb-install-db --no-defaults --user=root --datadir="$MD/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$MD/install.log" 2>&1
# A buffer pool that holds the data set (~0.5 GB with the FULLTEXT index), as a production server would
# have; temporary tables in a directory of its own (a shared /tmp was cleaned under a running query).
mariadbd --no-defaults --user=root --datadir="$MD/data" --bind-address=127.0.0.1 --port="$MPORT" \
    --socket="$MD/sock" --pid-file="$MD/pid" --log-error="$MD/error.log" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=1G \
    --tmpdir="$MD/tmp" &
MPID=$!
for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$MD/sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.1
done
mariadb --no-defaults --socket="$MD/sock" -uroot -e "CREATE DATABASE bench; CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON bench.* TO 'bench'@'127.0.0.1';"

echo "search bench: load before: $(cat /proc/loadavg)" >&2
timeout 1800 "$JAVA_HOME/bin/java" -Xmx2g -cp "$OUT/classes:$OUT/app/classes:$OUT/app/libs/*" \
    agentchat.bench.search.SearchBench "$OUT/app/agentchat.jar" "$OUT" "jdbc:mariadb://127.0.0.1:$MPORT/bench" bench bench \
    "$CHATS" "$MESSAGES"
echo "search bench: results in $OUT/search-results.md" >&2
