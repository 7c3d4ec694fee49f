#!/usr/bin/env bash
# Time from `java -jar` to the first 200 of /health, without MCP servers, with the tests' MCP server
# (stdio), and with one that never answers initialize (bounded by agent.mcp.start-timeout-seconds, 10).
# Usage: bash bench/mcp-boot.sh [runs]   (after mvn -DskipTests package; needs node; port 18932)
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
server="$PWD/src/test/mcp/test-mcp-server.mjs"
printf '{"mcpServers": {"kit": {"command": "node", "args": ["%s"]}}}\n' "$server" > "$work/mcp.json"
printf '{"mcpServers": {"kit": {"command": "node", "args": ["%s"], "env": {"MCP_TEST_HANG_INIT": "1"}}}}\n' \
    "$server" > "$work/hung.json"
jar="$PWD/target/agentchat.jar"

boot() { # name, AGENT_MCP_CONFIG or ""
    rm -rf "$work/data"
    local start end pid
    start=$(date +%s%N)
    (cd "$work" && PORT=18932 HOST=127.0.0.1 API_KEYS=bench AGENT_MCP_CONFIG="$2" \
        exec "$JAVA_HOME/bin/java" -jar "$jar" > "$work/server.log" 2>&1) &
    pid=$!
    for _ in $(seq 1 1200); do
        curl -sf localhost:18932/health > /dev/null && break
        sleep 0.05
    done
    end=$(date +%s%N)
    printf '%-5s %6d ms   load %s\n' "$1" $(( (end - start) / 1000000 )) "$(cut -d' ' -f1-3 /proc/loadavg)"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

for _ in $(seq 1 "$runs"); do
    boot none ""
    boot mcp "$work/mcp.json"
    boot hung "$work/hung.json"
done
