package agentchat.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the MariaDB fixture with plain JDBC. Runs in the {@code mariadb} surefire execution only: in the h2
 * execution it is skipped by an assumption, so the h2 run never needs (or starts) a MariaDB server.
 */
class MariaDbServerTest {

    private static MariaDbServer server;

    @BeforeEach
    void onlyInMariaDbRun() {
        assumeTrue(TestDatabase.kind() == TestDatabase.Kind.MARIADB,
                "runs in the mariadb execution (-Dagentchat.test.db=mariadb)");
        server = TestDatabase.requireMariaDb();
    }

    @Test
    void twoDatabasesAreSeparateAndUtf8mb4() throws SQLException {
        String url1 = server.createDatabase();
        String url2 = server.createDatabase();
        assertNotEquals(url1, url2);
        assertTrue(url1.startsWith("jdbc:mariadb://"), url1);

        String text = "héllo 👋 мир";
        writeRow(url1, 1, "first " + text);
        writeRow(url2, 1, "second " + text);
        assertEquals("first " + text, readRow(url1, 1));
        assertEquals("second " + text, readRow(url2, 1));

        try (Connection c = connect(url1); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@character_set_database, @@collation_database")) {
            rs.next();
            assertEquals("utf8mb4", rs.getString(1));
            assertEquals("utf8mb4_unicode_ci", rs.getString(2));
        }
    }

    @Test
    void stopAndStartKeepsData() throws SQLException {
        assumeTrue(server.canRestart(), "external DB_URL server cannot be restarted");
        String url = server.createDatabase();
        writeRow(url, 7, "survives restart");
        int port = server.port();

        server.stop();
        try {
            assertThrows(SQLException.class, () -> connect(url).close(), "server should be down");
        } finally {
            server.start();
        }

        assertEquals(port, server.port());
        assertEquals("survives restart", readRow(url, 7));
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    private static void writeRow(String url, int id, String body) throws SQLException {
        try (Connection c = connect(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS note (id INT PRIMARY KEY, body VARCHAR(200) NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (id, body) VALUES (?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, body);
                assertEquals(1, ps.executeUpdate());
            }
        }
    }

    private static String readRow(String url, int id) throws SQLException {
        try (Connection c = connect(url);
             PreparedStatement ps = c.prepareStatement("SELECT body FROM note WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id + " missing");
                return rs.getString(1);
            }
        }
    }
}
