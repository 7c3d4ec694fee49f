package agentchat.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs in both executions: {@link TestDatabase#fresh()} gives a new, empty database of this run's kind. */
class TestDatabaseTest {

    @Test
    void freshGivesNewEmptyDatabasesOfTheRunsKind() throws SQLException {
        TestDatabase.Target a = TestDatabase.fresh();
        TestDatabase.Target b = TestDatabase.fresh();
        assertEquals(TestDatabase.kind(), a.kind());
        assertNotEquals(a.url(), b.url());
        assertFalse(a.toString().contains(a.password().isEmpty() ? "\u0000" : a.password()));

        try (Connection c = DriverManager.getConnection(a.url(), a.user(), a.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50))");
            st.execute("INSERT INTO item (name) VALUES ('x')");
        }
        try (Connection c = DriverManager.getConnection(a.url(), a.user(), a.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM item")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        try (Connection c = DriverManager.getConnection(b.url(), b.user(), b.password());
             Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT COUNT(*) FROM item"),
                    "second database must be empty");
        }
    }
}
