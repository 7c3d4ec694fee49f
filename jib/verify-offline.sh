#!/usr/bin/env bash
# Offline check of the Jib container image (no Docker, no registry needed).
#
#   bash jib/verify-offline.sh            build target/jib-image.tar (profile jib-offline) and check it
#   bash jib/verify-offline.sh --no-build check an existing target/jib-image.tar
#   extra arguments go to Maven, e.g. bash jib/verify-offline.sh -o
#
# What it proves: the image config Jib writes (entrypoint, exposed port, env, user, working dir, volume), the
# layers (app classes, every runtime dependency, application.yaml, db/migration, the openapi document, the
# files from jib/, a world-writable /app/data), and — by running the image's own entrypoint with the host's JDK
# over the extracted layers, as uid 65532 — that the classpath in the image starts the server in the prod
# profile and that /app/data is writable by the non-root user.
# What it cannot prove: anything about the real base image (eclipse-temurin:21-jre): the tar is built on
# "scratch", so it has no JRE and is not runnable by a container runtime. See jib/README.md.
#
# Needs: a JDK >= 21 (JAVA_HOME or java on PATH), mvn, python3 (standard library only); setpriv (util-linux)
# for the non-root run, else it runs as the current user and says so.
set -euo pipefail

cd "$(dirname "$0")/.."
build=true
if [ "${1:-}" = "--no-build" ]; then
    build=false
    shift
fi

log() { printf '==> jib: %s\n' "$*" >&2; }
# shellcheck source=../.ci/jdk.sh
. .ci/jdk.sh

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
tar_file=target/jib-image.tar
start=$(date +%s)

if [ "$build" = true ]; then
    log "mvn -B -Pjib-offline -DskipTests package $*"
    mvn -B -Pjib-offline -DskipTests package "$@" > target/jib-build.log 2>&1 \
        || { tail -n 40 target/jib-build.log >&2; echo "ERROR: jib build failed (log: target/jib-build.log)" >&2; exit 1; }
fi
[ -f "$tar_file" ] || { echo "ERROR: $tar_file not found (build with -Pjib-offline)" >&2; exit 1; }
built=$(date +%s)

work=$(mktemp -d /tmp/agentchat-jib.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- image config and layers ----------------------------------------------------------------------------------------
python3 - "$tar_file" "$work" <<'PY'
import json, os, re, sys, tarfile, zipfile

tar_path, work = sys.argv[1], sys.argv[2]
failures = []

def check(ok, what):
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        failures.append(what)

def extract(archive, target):
    # our own build output, extracted exactly (modes included); "filter" exists from Python 3.12 (and backports)
    if hasattr(tarfile, "fully_trusted_filter"):
        archive.extractall(target, filter="fully_trusted")
    else:
        archive.extractall(target)

with tarfile.open(tar_path) as image:
    extract(image, os.path.join(work, "image"))
image_dir = os.path.join(work, "image")
manifest = json.load(open(os.path.join(image_dir, "manifest.json")))[0]
config = json.load(open(os.path.join(image_dir, manifest["Config"])))
c = config["config"]

print("image config:")
entry = c.get("Entrypoint") or []
check(entry[:1] == ["java"], "entrypoint starts with java: %s" % entry)
for flag in ("-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
             "-XX:+AutoCreateSharedArchive", "-Xlog:cds*=error"):
    check(flag in entry, "jvm flag " + flag)
archive_flag = [f for f in entry if f.startswith("-XX:SharedArchiveFile=")]
check(len(archive_flag) == 1 and re.fullmatch(r"-XX:SharedArchiveFile=/app/data/agentchat-[0-9A-Za-z._-]+\.jsa", archive_flag[0]) is not None,
      "class-data archive in the data volume, named for the build: %s" % archive_flag)
check(entry[-1:] == ["agentchat.Main"], "main class agentchat.Main")
check("-cp" in entry and entry[entry.index("-cp") + 1] == "@/app/jib-classpath-file", "classpath from /app/jib-classpath-file")
check(c.get("ExposedPorts") == {"8080/tcp": {}}, "exposed port 8080/tcp: %s" % c.get("ExposedPorts"))
check("HELIDON_CONFIG_PROFILE=prod" in (c.get("Env") or []), "env HELIDON_CONFIG_PROFILE=prod: %s" % c.get("Env"))
user = c.get("User", "")
check(user == "65532:65532", "user 65532:65532 (non-root, numeric): %r" % user)
check(c.get("WorkingDir") == "/app", "working dir /app: %r" % c.get("WorkingDir"))
check(c.get("Volumes") == {"/app/data": {}}, "volume /app/data: %s" % c.get("Volumes"))

# Layers, applied in order into one root file system (no whiteouts in a Jib image).
rootfs = os.path.join(work, "rootfs")
entries = {}
for layer in manifest["Layers"]:
    with tarfile.open(os.path.join(image_dir, layer)) as t:
        for member in t.getmembers():
            entries["/" + member.name.lstrip("./").rstrip("/")] = member
        extract(t, rootfs)
print("layers:")
def has(path):
    return path in entries
classpath = open(os.path.join(rootfs, "app/jib-classpath-file")).read().strip().split(":")
app_jars = sorted(p for p in entries if p.startswith("/app/classpath/") and p.endswith(".jar"))
check(len(app_jars) == 1, "the app as one jar in /app/classpath (packaged: a class-data archive needs jars): %s" % app_jars)
app_jar = zipfile.ZipFile(os.path.join(rootfs, app_jars[0].lstrip("/"))) if app_jars else None
names = set(app_jar.namelist()) if app_jar else set()
check({"agentchat/Main.class", "agentchat/App.class"} <= names, "app classes in the app jar")
check("application.yaml" in names, "application.yaml in the app jar")
check("db/migration/V1__chats_and_messages.sql" in names, "db/migration in the app jar")
check("META-INF/openapi.yaml" in names, "META-INF/openapi.yaml in the app jar")
check(not any(p.startswith("/app/classes/") or p.startswith("/app/resources/") for p in entries),
      "no class or resource directories on the classpath")
check(has("/app/CONTAINER.md"), "jib/app/CONTAINER.md copied to /app")
libs = sorted(p for p in entries if p.startswith("/app/libs/") and p.endswith(".jar"))
expected_libs = sorted("/app/libs/" + f for f in os.listdir("target/libs") if f.endswith(".jar"))
check(libs == expected_libs, "/app/libs holds exactly the runtime dependencies of target/libs (%d jars)" % len(libs))
for wanted in ("helidon-webserver-4", "helidon-openapi-4", "h2-", "mariadb-java-client-", "flyway-core-", "HikariCP-"):
    check(any(os.path.basename(l).startswith(wanted) for l in libs), "dependency %s*.jar" % wanted)
check(all(os.path.exists(os.path.join(rootfs, p.lstrip("/"))) or p.endswith("/*")
          for p in classpath), "every entry of jib-classpath-file exists in the image")
data = entries.get("/app/data")
check(data is not None and data.isdir() and (data.mode & 0o777) == 0o777, "/app/data is a directory with mode 777")
check(all(m.uid == 0 and m.gid == 0 for m in entries.values()), "all files root-owned (Jib cannot chown)")
check(not any(p.endswith("/.keep") or p.endswith(".sh") or p == "/README.md" for p in entries), "jib/ helper files excluded")

size = os.path.getsize(tar_path)
layer_sizes = [os.path.getsize(os.path.join(image_dir, l)) for l in manifest["Layers"]]
print("figures: tar %.1f MiB, %d layers (%s), %d files" % (
    size / 1048576, len(layer_sizes),
    ", ".join("%s %.1f KiB" % (h["comment"], s / 1024) for h, s in zip(config["history"], layer_sizes)),
    sum(1 for m in entries.values() if m.isfile())))
json.dump({"entrypoint": entry, "env": c.get("Env")}, open(os.path.join(work, "config.json"), "w"))
if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
PY

# --- run the image's entrypoint over the extracted layers ----------------------------------------------------------
rootfs="$work/rootfs"
sed "s#/app/#$rootfs/app/#g" "$rootfs/app/jib-classpath-file" > "$work/classpath"
mapfile -t entrypoint < <(python3 -c "import json,sys; [print(a) for a in json.load(open(sys.argv[1]))['entrypoint']]" "$work/config.json")
args=()
for arg in "${entrypoint[@]:1}"; do
    if [ "$arg" = "@/app/jib-classpath-file" ]; then arg="@$work/classpath"; fi
    case "$arg" in -XX:SharedArchiveFile=/app/*) arg="-XX:SharedArchiveFile=$rootfs/app/${arg#-XX:SharedArchiveFile=/app/}" ;; esac
    args+=("$arg")
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_user=()
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=65532 --regid=65532 --clear-groups --)
    chmod 755 "$work/rootfs" "$work/rootfs/app"
    chmod 644 "$work/classpath"
else
    log "not root or no setpriv: running as $(id -un), not as uid 65532"
fi
log "running the entrypoint (prod profile, H2 file database under /app/data) on port $port"
(
    cd "$rootfs/app"
    # exec: the background job's pid is the server's own, so the cleanup's kill reaches it
    exec env -i PATH=/usr/bin:/bin HOME=/tmp HELIDON_CONFIG_PROFILE=prod PORT="$port" HOST=127.0.0.1 \
        API_KEYS=smoke-key DB_USER=sa DB_PASSWORD= \
        DB_URL='jdbc:h2:file:./data/smoke;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH' \
        "${as_user[@]}" "$java_bin" "${args[@]}" > "$work/server.log" 2>&1
) &
server_pid=$!
python3 - "$port" "$rootfs" <<'PY' || { echo "--- server log:" >&2; tail -n 40 "$work/server.log" >&2; exit 1; }
import json, os, sys, time, urllib.request, urllib.error
port, rootfs = sys.argv[1], sys.argv[2]
base = "http://127.0.0.1:%s" % port
def get(path, key=None):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + key} if key else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
deadline = time.time() + 40
started = time.time()
while True:
    try:
        status, body = get("/health")
        break
    except Exception:
        if time.time() > deadline:
            print("  FAIL server did not answer /health within 40 s"); sys.exit(1)
        time.sleep(0.2)
print("  ok   server up after %.1f s" % (time.time() - started))
failures = 0
for what, ok in [
        ("/health 200", status == 200 and json.loads(body)["status"] == "ok"),
        ("/api/chats without key 401", get("/api/chats")[0] == 401),
        ("/api/chats with key 200", get("/api/chats", "smoke-key")[0] == 200),
        ("/openapi 200", get("/openapi")[0] == 200),
]:
    print(("  ok   " if ok else "  FAIL ") + what)
    failures += 0 if ok else 1
db = os.path.join(rootfs, "app/data/smoke.mv.db")
ok = os.path.exists(db)
print(("  ok   " if ok else "  FAIL ") + "database file written to /app/data by uid %s" % (os.stat(db).st_uid if ok else "?"))
sys.exit(1 if failures or not ok else 0)
PY
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

# --- the class-data archive: written to the data volume as the first start exits, mapped by the next -----------
archive="$(ls "$rootfs"/app/data/agentchat-*.jsa 2>/dev/null | head -n1)"
if [ -s "$archive" ]; then
    echo "  ok   class-data archive written to /app/data at the first exit ($(( $(stat -c %s "$archive") / 1048576 )) MiB)"
else
    echo "  FAIL no class-data archive in /app/data after the first start (-XX:+AutoCreateSharedArchive)" >&2
    exit 1
fi
log "second start (maps the archive)"
(
    cd "$rootfs/app"
    exec env -i PATH=/usr/bin:/bin HOME=/tmp HELIDON_CONFIG_PROFILE=prod PORT="$port" HOST=127.0.0.1 \
        API_KEYS=smoke-key DB_USER=sa DB_PASSWORD= \
        DB_URL='jdbc:h2:file:./data/smoke;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH' \
        "${as_user[@]}" "$java_bin" -Xshare:on "${args[@]}" > "$work/server2.log" 2>&1
) &
server_pid=$!
python3 - "$port" <<'PY' || { echo "--- server log:" >&2; tail -n 40 "$work/server2.log" >&2; exit 1; }
import sys, time, urllib.request
deadline = time.time() + 40
started = time.time()
while True:
    try:
        with urllib.request.urlopen("http://127.0.0.1:%s/health" % sys.argv[1], timeout=5) as r:
            ok = r.status == 200
        break
    except Exception:
        if time.time() > deadline:
            print("  FAIL second start did not answer /health within 40 s"); sys.exit(1)
        time.sleep(0.02)
print(("  ok   " if ok else "  FAIL ") + "second start, with the archive (-Xshare:on: fails if it cannot be mapped), up after %.2f s" % (time.time() - started))
sys.exit(0 if ok else 1)
PY
grep -o "Started in.*" "$work/server2.log" | sed 's/^/       /' || true
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""
log "OK: image checked in $(( $(date +%s) - start )) s (build $(( built - start )) s)"
