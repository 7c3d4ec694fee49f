#!/usr/bin/env bash
# Builds agentchat (once, or again with --build) and runs it on the embedded H2 database under ./data.
# Finds a JDK >= 21 by itself (JAVA_HOME, else the newest under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=.ci/jdk.sh
. .ci/jdk.sh
if [ ! -f target/agentchat.jar ] || [ "${1:-}" = "--build" ]; then
    mvn -B -q -DskipTests package
fi
exec java -jar target/agentchat.jar
