# Sourced by .ci/run and run.sh: sets JAVA_HOME to the newest JDK >= 21 under /usr/lib/jvm
# (or keeps a JAVA_HOME that already points at one) and puts it first on PATH.

java_major() {  # $1 = JAVA_VERSION value from a release file: 17.0.15, 21, 1.8.0_402, 25-ea
    local v="$1" major
    major="${v%%[.+_-]*}"
    if [ "$major" = 1 ]; then
        v="${v#1.}"
        major="${v%%[.+_-]*}"
    fi
    case "$major" in '' | *[!0-9]*) echo 0 ;; *) echo "$major" ;; esac
}

find_jdk() {
    local best_home="" best_major=0 release home version major
    for release in /usr/lib/jvm/*/release; do
        [ -f "$release" ] || continue
        home="$(cd "$(dirname "$release")" && pwd -P)"
        [ -x "$home/bin/javac" ] || continue          # a JDK, not a JRE
        version="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$release" | head -n1)"
        major="$(java_major "$version")"
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best_major="$major"
            best_home="$home"
        fi
    done
    [ -n "$best_home" ] || return 1
    printf '%s\n' "$best_home"
}

jdk_major_of() {  # $1 = a JDK home
    java_major "$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/release" 2>/dev/null | head -n1)"
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(jdk_major_of "$JAVA_HOME")" -ge 21 ]; then
    :
elif ! JAVA_HOME="$(find_jdk)"; then
    echo "ERROR: no JDK >= 21 under /usr/lib/jvm (found: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' '))" >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
