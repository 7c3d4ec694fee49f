package agentchat.db;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.Instant;

import io.helidon.dbclient.DbRow;

/** Column readers that behave the same on H2 and MariaDB (CLOB vs String, Long vs BigInteger). */
public final class Rows {

    private Rows() {
    }

    public static String string(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Clob clob -> readClob(clob);
            default -> value.toString();
        };
    }

    public static long number(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }

    public static Instant instant(DbRow row, String column) {
        return Instant.ofEpochMilli(number(row, column));
    }

    private static String readClob(Clob clob) {
        try (Reader reader = clob.getCharacterStream()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read a text column", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
