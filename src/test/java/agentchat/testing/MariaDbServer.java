package agentchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A MariaDB server for tests, shared by the whole JVM (see {@link #shared()}).
 *
 * <p>Two modes:
 * <ul>
 *   <li><b>external</b>: env {@code DB_URL} ({@code jdbc:mariadb://host:port/...}) plus {@code DB_USER} /
 *       {@code DB_PASSWORD}. That account must be allowed to {@code CREATE DATABASE}. Databases created here
 *       are dropped again when the JVM exits. {@link #stop()} / {@link #start()} are not supported.</li>
 *   <li><b>throwaway</b>: when a {@code mariadbd} binary is found, a private server is started on a free
 *       loopback port with a temporary datadir, and removed at JVM exit.</li>
 * </ul>
 *
 * <p>Every database from {@link #createDatabase()} is new, empty and uses utf8mb4 / utf8mb4_unicode_ci.
 */
public final class MariaDbServer {

    private static final System.Logger LOG = System.getLogger(MariaDbServer.class.getName());

    /** Prefix of throwaway server directories under {@code java.io.tmpdir}. */
    static final String DIR_PREFIX = "agentchat-mariadb-";
    private static final String OWNER_FILE = "owner.pid";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** URL options for test connections: fail fast instead of hanging when the server is gone. */
    static final String URL_OPTIONS = "connectTimeout=5000";

    private static final Object SHARED_LOCK = new Object();
    private static volatile Optional<MariaDbServer> shared;
    private static RuntimeException sharedFailure;

    private final boolean external;
    private final String host;
    private volatile int port;
    private final String user;
    private final String password;
    private final String urlOptions;
    private final AtomicInteger dbCounter = new AtomicInteger();
    private final List<String> createdDatabases = new ArrayList<>();

    // throwaway mode only
    private final Path baseDir;
    private final Path dataDir;
    private final Path mariadbd;
    private Process process;

    private MariaDbServer(String host, int port, String user, String password, String urlOptions) {
        this.external = true;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.urlOptions = urlOptions;
        this.baseDir = null;
        this.dataDir = null;
        this.mariadbd = null;
    }

    private MariaDbServer(Path mariadbd, Path baseDir, int port, String password) {
        this.external = false;
        this.host = "127.0.0.1";
        this.port = port;
        this.user = "agentchat";
        this.password = password;
        this.urlOptions = URL_OPTIONS;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.mariadbd = mariadbd;
    }

    /**
     * The JVM-wide server: the external one from {@code DB_URL}, else a throwaway one if {@code mariadbd} is
     * installed, else empty. The first call may take a few seconds (install + start); a server that was found
     * but fails to start throws, it is not reported as "unavailable".
     */
    public static Optional<MariaDbServer> shared() {
        Optional<MariaDbServer> s = shared;
        if (s != null) {
            return s;
        }
        synchronized (SHARED_LOCK) {
            if (sharedFailure != null) {
                // do not retry a broken server for every test class: same error, at once
                throw new IllegalStateException("MariaDB test server failed earlier: " + sharedFailure.getMessage(),
                        sharedFailure);
            }
            if (shared == null) {
                try {
                    shared = create();
                } catch (RuntimeException e) {
                    sharedFailure = e;
                    throw e;
                }
            }
            return shared;
        }
    }

    private static Optional<MariaDbServer> create() {
        String dbUrl = System.getenv("DB_URL");
        if (dbUrl != null && !dbUrl.isBlank()) {
            return Optional.of(external(dbUrl.trim(),
                    Objects.requireNonNullElse(System.getenv("DB_USER"), ""),
                    Objects.requireNonNullElse(System.getenv("DB_PASSWORD"), "")));
        }
        Optional<Path> binary = findMariadbd();
        if (binary.isEmpty()) {
            LOG.log(Level.INFO, "No DB_URL and no mariadbd binary: MariaDB is unavailable");
            return Optional.empty();
        }
        return Optional.of(throwaway(binary.get()));
    }

    // ---------------------------------------------------------------- external mode

    private static MariaDbServer external(String dbUrl, String user, String password) {
        if (!dbUrl.startsWith("jdbc:mariadb://")) {
            throw new IllegalStateException("DB_URL must start with jdbc:mariadb:// but was " + dbUrl);
        }
        URI uri = URI.create(dbUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalStateException("DB_URL has no host: " + dbUrl);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 3306;
        String options = uri.getRawQuery() == null || uri.getRawQuery().isBlank() ? URL_OPTIONS : uri.getRawQuery();
        MariaDbServer server = new MariaDbServer(uri.getHost(), port, user, password, options);
        try (Connection c = server.adminConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to DB_URL " + dbUrl + " as '" + user + "': " + e, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::dropCreatedDatabases, "mariadb-test-cleanup"));
        LOG.log(Level.INFO, "Using external MariaDB at {0}:{1}", server.host, String.valueOf(port));
        return server;
    }

    private void dropCreatedDatabases() {
        List<String> names;
        synchronized (createdDatabases) {
            names = List.copyOf(createdDatabases);
        }
        if (names.isEmpty()) {
            return;
        }
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            for (String name : names) {
                st.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not drop test databases " + names + ": " + e);
        }
    }

    // ---------------------------------------------------------------- throwaway mode

    static Optional<Path> findMariadbd() {
        // -Dagentchat.test.mariadbd=/path/to/mariadbd picks a binary; =none pretends there is none
        String forced = System.getProperty("agentchat.test.mariadbd", "").trim();
        if (forced.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (!forced.isEmpty()) {
            return Optional.of(Path.of(forced)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "mariadbd"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/mariadbd"));
        candidates.add(Path.of("/usr/sbin/mysqld"));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static Path findInstallDb(Path mariadbd) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "mariadb-install-db"));
                }
            }
        }
        Path binDir = mariadbd.toAbsolutePath().getParent();
        Path prefix = binDir.getParent();
        candidates.add(binDir.resolve("mariadb-install-db"));
        if (prefix != null) {
            candidates.add(prefix.resolve("bin/mariadb-install-db"));
            candidates.add(prefix.resolve("scripts/mariadb-install-db"));
            candidates.add(prefix.resolve("bin/mysql_install_db"));
        }
        candidates.add(Path.of("/usr/bin/mariadb-install-db"));
        candidates.add(Path.of("/usr/bin/mysql_install_db"));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "Found " + mariadbd + " but no mariadb-install-db next to it or on PATH"));
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static MariaDbServer throwaway(Path mariadbd) {
        reapStaleServers();
        long t0 = System.nanoTime();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory(DIR_PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(baseDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp dir for MariaDB", e);
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = "t" + HexFormat.of().formatHex(random);
        MariaDbServer server = new MariaDbServer(mariadbd, baseDir, freePort(), password);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownAndDelete, "mariadb-test-shutdown"));
        server.installDb();
        long t1 = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                server.start();
                break;
            } catch (IllegalStateException e) {
                // the free port may have been taken between probing and binding: try another one
                if (attempt >= 3 || e.getMessage() == null || !e.getMessage().contains("Bind on TCP/IP port")) {
                    throw e;
                }
                LOG.log(Level.INFO, "Port {0} was taken, retrying on another port", String.valueOf(server.port));
                server.port = freePort();
            }
        }
        long t2 = System.nanoTime();
        LOG.log(Level.INFO, "Throwaway MariaDB ready on 127.0.0.1:{0} (install-db {1} ms, start {2} ms, dir {3})",
                String.valueOf(server.port), String.valueOf((t1 - t0) / 1_000_000),
                String.valueOf((t2 - t1) / 1_000_000), baseDir);
        return server;
    }

    private void installDb() {
        Path installDb = findInstallDb(mariadbd);
        List<String> cmd = new ArrayList<>(List.of(
                installDb.toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--auth-root-authentication-method=socket",
                "--skip-test-db",
                "--skip-name-resolve"));
        if (runningAsRoot()) {
            cmd.add("--user=root");
        }
        Path log = baseDir.resolve("install-db.log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db did not finish in 120 s; log: " + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db failed with exit " + p.exitValue()
                        + ": " + String.join(" ", cmd) + "\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + installDb, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running mariadb-install-db", e);
        }
    }

    /**
     * Starts the throwaway server (again) on the same port and datadir; data written before {@link #stop()} is
     * still there. Returns once the server accepts logins, or throws after about 30 s.
     */
    public synchronized void start() {
        requireThrowaway("start");
        if (process != null && process.isAlive()) {
            return;
        }
        Path initFile = baseDir.resolve("init.sql");
        Path errorLog = baseDir.resolve("error.log");
        try {
            // Runs at every start before the server listens: creates the test account (idempotent).
            Files.writeString(initFile, """
                    CREATE USER IF NOT EXISTS 'agentchat'@'%%' IDENTIFIED BY '%1$s';
                    ALTER USER 'agentchat'@'%%' IDENTIFIED BY '%1$s';
                    GRANT ALL PRIVILEGES ON *.* TO 'agentchat'@'%%' WITH GRANT OPTION;
                    """.formatted(password), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(
                mariadbd.toString(), "--no-defaults"));
        if (runningAsRoot()) {
            cmd.add("--user=root");
        }
        cmd.addAll(List.of(
                "--datadir=" + dataDir,
                "--bind-address=127.0.0.1",
                "--port=" + port,
                "--socket=" + baseDir.resolve("mysqld.sock"),
                "--pid-file=" + baseDir.resolve("mariadbd.pid"),
                "--log-error=" + errorLog,
                "--tmpdir=" + baseDir,
                "--init-file=" + initFile,
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--max-allowed-packet=64M",
                "--max-connections=500",
                // speed over durability: this data is thrown away
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-doublewrite=0",
                "--skip-log-bin",
                // native AIO can fail in containers (io_setup limits)
                "--innodb-use-native-aio=0"));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mariadbd, e);
        }
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue()
                        + " during start (port " + port + "). Command: " + String.join(" ", cmd)
                        + "\nerror.log tail:\n" + tail(errorLog));
            }
            try (Connection c = DriverManager.getConnection(
                    "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=1000", user, password)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        String tail = tail(errorLog);
        destroy(process);
        throw new IllegalStateException("mariadbd did not accept connections on 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s (last error: " + last + ")\nerror.log tail:\n" + tail, last);
    }

    /** Stops the throwaway server (SIGTERM, wait, then kill) keeping its datadir, so {@link #start()} can resume. */
    public synchronized void stop() {
        requireThrowaway("stop");
        if (process != null) {
            destroy(process);
            process = null;
        }
    }

    /** Whether {@link #stop()} / {@link #start()} are supported (throwaway server, not DB_URL). */
    public boolean canRestart() {
        return !external;
    }

    public synchronized boolean isRunning() {
        return external || (process != null && process.isAlive());
    }

    private void requireThrowaway(String what) {
        if (external) {
            throw new UnsupportedOperationException(what + "() is not supported for the external DB_URL server");
        }
    }

    private static void destroy(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy(); // SIGTERM: clean InnoDB shutdown
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "mariadbd pid {0} ignored SIGTERM for {1} s, killing it",
                        String.valueOf(p.pid()), STOP_TIMEOUT.toSeconds());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void shutdownAndDelete() {
        synchronized (this) {
            if (process != null) {
                destroy(process);
                process = null;
            }
        }
        deleteTree(baseDir);
    }

    /**
     * Removes directories of throwaway servers whose JVM died without running its shutdown hook (kill -9): kills
     * their mariadbd if it is still running (only a process whose command line names that datadir).
     */
    private static void reapStaleServers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                try {
                    long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
                    if (ProcessHandle.of(owner).isPresent()) {
                        continue; // another live JVM owns it
                    }
                    Path pidFile = dir.resolve("mariadbd.pid");
                    if (Files.exists(pidFile)) {
                        long pid = Long.parseLong(Files.readString(pidFile).trim());
                        String marker = "--datadir=" + dir.resolve("data");
                        ProcessHandle.of(pid)
                                .filter(h -> h.info().commandLine().map(cl -> cl.contains(marker)).orElse(false))
                                .ifPresent(h -> {
                                    LOG.log(Level.INFO, "Stopping stale test mariadbd pid {0}", String.valueOf(pid));
                                    h.destroy();
                                    try {
                                        h.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        h.destroyForcibly();
                                    }
                                });
                    }
                    deleteTree(dir);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "Skipping " + dir + ": " + e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Cannot list " + tmp + ": " + e);
        }
    }

    // ---------------------------------------------------------------- databases

    /**
     * Creates a new, empty, uniquely named database (utf8mb4 / utf8mb4_unicode_ci) and returns its JDBC URL,
     * e.g. {@code jdbc:mariadb://127.0.0.1:PORT/NAME?connectTimeout=5000}. Log in with {@link #user()} /
     * {@link #password()}.
     */
    public String createDatabase() {
        String name = "act_" + ProcessHandle.current().pid() + "_" + dbCounter.incrementAndGet() + "_"
                + HexFormat.of().formatHex(randomBytes(3));
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed on " + host + ":" + port
                    + " as '" + user + "': " + e.getMessage(), e);
        }
        synchronized (createdDatabases) {
            createdDatabases.add(name);
        }
        return "jdbc:mariadb://" + host + ":" + port + "/" + name + "?" + urlOptions;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/?" + urlOptions, user, password);
    }

    // ---------------------------------------------------------------- helpers

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for mariadbd", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "Cannot delete " + p + ": " + e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot delete " + root + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "MariaDbServer[" + (external ? "external " : "throwaway ") + host + ":" + port + "]";
    }
}
