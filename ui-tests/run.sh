#!/usr/bin/env bash
# Browser tests for the web UI: installs what is missing (Debian chromium; playwright-core exactly as
# package-lock.json pins it, with npm ci), then runs `node --test`. Expects target/agentchat.jar (mvn -DskipTests package in the repo root).
# Usage: bash ui-tests/run.sh [test files...]     (from anywhere; .ci/run calls it after the build)
set -euo pipefail

cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
log() { printf '==> %s\n' "$*" >&2; }

apt_updated=false
apt_install() {
    if [ "$apt_updated" = false ]; then
        log "apt-get update"
        apt-get update -q
        apt_updated=true
    fi
    log "apt-get install $*"
    apt-get install -y -q --no-install-recommends "$@"
}

if ! command -v node >/dev/null 2>&1; then
    apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
    echo "ERROR: node >= 20 is needed for the browser tests (found $(node --version))" >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
fi

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    apt_install chromium
fi
export CHROMIUM

# npm ci installs exactly the versions of package-lock.json (and fails if package.json disagrees),
# so every run tests with the same playwright-core; it is quick when npm's cache has it.
log "npm ci (playwright-core as package-lock.json pins it)"
npm ci --no-audit --no-fund --prefer-offline

if [ ! -f ../target/agentchat.jar ]; then
    echo "ERROR: ../target/agentchat.jar is missing: build it first with 'mvn -DskipTests package'" >&2
    exit 1
fi

mkdir -p screenshots
if [ "$#" -gt 0 ]; then
    exec node --test --test-concurrency=1 "$@"
fi
exec node --test --test-concurrency=1
