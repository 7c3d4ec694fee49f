package agentchat.testing;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;

/**
 * Picks the database for this test run from system property {@code agentchat.test.db}: {@code h2} (default) or
 * {@code mariadb}. Surefire's default execution runs with h2, the {@code mariadb} execution with mariadb.
 *
 * <p>When mariadb is asked for but neither {@code DB_URL} nor a {@code mariadbd} binary is there, tests are
 * aborted (reported as skipped) — unless {@code agentchat.test.db.required=true}, then they fail.
 */
public final class TestDatabase {

    public static final String DB_PROPERTY = "agentchat.test.db";
    public static final String REQUIRED_PROPERTY = "agentchat.test.db.required";
    /** The abort message; {@code .ci/run} looks for it in the MariaDB reports. */
    public static final String UNAVAILABLE_MESSAGE = "MariaDB tests skipped: no mariadbd binary and no DB_URL";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    public enum Kind { H2, MARIADB }

    /** Connection data for one new, empty database. */
    public record Target(String url, String user, String password, Kind kind) {
        public boolean isMariaDb() {
            return kind == Kind.MARIADB;
        }

        @Override
        public String toString() {
            return "Target[" + kind + " " + url + " user=" + user + "]"; // no password in logs
        }
    }

    private TestDatabase() {
    }

    /** The kind this run uses, from {@code agentchat.test.db}. */
    public static Kind kind() {
        String value = System.getProperty(DB_PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "h2" -> Kind.H2;
            case "mariadb" -> Kind.MARIADB;
            default -> throw new IllegalStateException(
                    "Unknown " + DB_PROPERTY + "=" + value + " (expected h2 or mariadb)");
        };
    }

    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, "false").trim());
    }

    /** A new, empty database of this run's kind. Aborts (or fails, if required) when MariaDB is unavailable. */
    public static Target fresh() {
        return switch (kind()) {
            case H2 -> h2();
            case MARIADB -> mariaDb();
        };
    }

    /** A new in-memory H2 database in MariaDB mode (kept until the JVM exits). */
    public static Target h2() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "");
        return new Target("jdbc:h2:mem:" + name
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa", "", Kind.H2);
    }

    /** A new MariaDB database, whatever {@code agentchat.test.db} says. */
    public static Target mariaDb() {
        MariaDbServer server = requireMariaDb();
        return new Target(server.createDatabase(), server.user(), server.password(), Kind.MARIADB);
    }

    /**
     * The shared MariaDB server: aborts the calling test when there is none, or throws when
     * {@code agentchat.test.db.required=true}.
     */
    public static MariaDbServer requireMariaDb() {
        Optional<MariaDbServer> server = MariaDbServer.shared();
        if (server.isPresent()) {
            return server.get();
        }
        if (required()) {
            throw new IllegalStateException(UNAVAILABLE_MESSAGE.replace("tests skipped", "required")
                    + " (" + REQUIRED_PROPERTY + "=true): install mariadb-server or set DB_URL/DB_USER/DB_PASSWORD");
        }
        if (WARNED.compareAndSet(false, true)) {
            // the one message meant to be seen in the build output
            System.err.println("WARNING: " + UNAVAILABLE_MESSAGE);
        }
        Assumptions.abort(UNAVAILABLE_MESSAGE);
        throw new AssertionError("unreachable");
    }
}
