package agentchat.db;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.Instant;

import io.helidon.dbclient.DbRow;

/** Column readers that behave the same on H2 and MariaDB (CLOB vs String, BLOB vs byte[], Long vs BigInteger). */
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

    /** A binary column, read into one array of its exact size. */
    public static byte[] bytes(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElseThrow();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        Blob blob = (Blob) value;
        try {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read a binary column", e);
        }
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
