#!/usr/bin/env bash
# Builds agentchat when needed and runs it on the embedded H2 database under ./data.
# "When needed": the jar is missing, or pom.xml, application.yaml or anything under src/ changed
# since it was built (so a git pull never runs stale code); --build forces a build.
# Finds a JDK >= 21 by itself (JAVA_HOME, else the newest under /usr/lib/jvm).
# JAVA_OPTS is added to the JVM flags below.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=.ci/jdk.sh
. .ci/jdk.sh
jar=target/agentchat.jar
if [ ! -f "$jar" ] || [ "${1:-}" = "--build" ] \
        || [ -n "$(find pom.xml application.yaml src -newer "$jar" -print -quit 2>/dev/null)" ]; then
    mvn -B -q -DskipTests package
fi

# The container image's JVM flags (pom.xml, jib <jvmFlags>; RunScriptTest keeps the two the same):
# the heap a share of the machine's (or container's) memory and the serial collector, so that a
# 512 MiB container holds the server with 10,000 idle sockets; and a class-data archive that the
# first start after a build writes as it exits (JDK 19+: -XX:+AutoCreateSharedArchive) and every
# later start maps (start to healthy 0.7-0.8 s instead of 1.2-1.4 s; bench/README.md, scenario 9).
# The archive notices a rebuilt jar or another JDK by itself and is then written anew.
jvm_flags=(-XX:MaxRAMPercentage=70 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError
    -XX:SharedArchiveFile=target/agentchat.jsa -XX:+AutoCreateSharedArchive -Xlog:cds*=error)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java "${jvm_flags[@]}" ${JAVA_OPTS:-} -jar "$jar"
