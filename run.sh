#!/usr/bin/env bash
# Builds agentchat when needed and runs it on the embedded H2 database under ./data.
# "When needed": the jar is missing, or pom.xml, application.yaml or anything under src/ changed
# since it was built (so a git pull never runs stale code); --build forces a build.
# Finds a JDK >= 21 by itself (JAVA_HOME, else the newest under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=.ci/jdk.sh
. .ci/jdk.sh
jar=target/agentchat.jar
if [ ! -f "$jar" ] || [ "${1:-}" = "--build" ] \
        || [ -n "$(find pom.xml application.yaml src -newer "$jar" -print -quit 2>/dev/null)" ]; then
    mvn -B -q -DskipTests package
fi
exec java -jar "$jar"
