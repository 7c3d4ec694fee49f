package db.migration;

import java.io.StringReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Images become attachments: a table of image bytes (a BLOB, so the database stays the one place
 * every instance reads), and every image stored inline as base64 in a message's content is moved
 * there, the content keeping only its attachment id. Identical images of one chat are stored once.
 *
 * <p>Written in Java because the base64 decoding and the rewrite of the content JSON cannot be
 * done by one SQL script on both H2 and MariaDB. It uses JDBC and JSON-P only, nothing of the
 * application, so that later changes to the application cannot change what this migration did.
 */
public class V2__Attachments extends BaseJavaMigration {

    /** Runs unchanged on MariaDB and on H2 in MariaDB mode, like V1. */
    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE attachments (
                id          CHAR(36)     NOT NULL,
                chat_id     CHAR(36)     NOT NULL,
                mime_type   VARCHAR(100) NOT NULL,
                byte_size   BIGINT       NOT NULL,
                sha256      CHAR(64)     NOT NULL,
                data        LONGBLOB     NOT NULL,
                created_at  BIGINT       NOT NULL,
                PRIMARY KEY (id),
                CONSTRAINT attachments_chat FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
            ) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci""",
            "CREATE UNIQUE INDEX attachments_by_chat_sha256 ON attachments (chat_id, sha256)");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
        }
        for (String messageId : messagesWithInlineImages(connection)) {
            moveImages(connection, messageId);
        }
    }

    private static List<String> messagesWithInlineImages(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM messages WHERE content LIKE ?")) {
            select.setString(1, "%\"imageData\"%");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** One message at a time, so that memory holds one message's images at most. */
    private static void moveImages(Connection connection, String messageId) throws SQLException {
        String chatId;
        String content;
        long createdAt;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT chat_id, content, created_at FROM messages WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                chatId = row.getString(1);
                content = row.getString(2);
                createdAt = row.getLong(3);
            }
        }
        JsonArray parts;
        try (JsonReader reader = Json.createReader(new StringReader(content))) {
            parts = reader.readArray();
        }
        JsonArrayBuilder moved = Json.createArrayBuilder();
        for (JsonValue value : parts) {
            JsonObject part = value.asJsonObject();
            if ("image".equals(part.getString("type", "")) && part.containsKey("imageData")) {
                String mimeType = part.getString("mimeType");
                byte[] bytes = Base64.getMimeDecoder().decode(stripDataUri(part.getString("imageData")));
                moved.add(Json.createObjectBuilder()
                        .add("type", "image")
                        .add("mimeType", mimeType)
                        .add("attachmentId", attachment(connection, chatId, mimeType, bytes, createdAt)));
            } else {
                moved.add(part);
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE messages SET content = ? WHERE id = ?")) {
            update.setString(1, moved.build().toString());
            update.setString(2, messageId);
            update.executeUpdate();
        }
    }

    private static String attachment(Connection connection, String chatId, String mimeType, byte[] bytes,
                                     long createdAt) throws SQLException {
        String sha256 = sha256(bytes);
        Optional<String> existing = existing(connection, chatId, sha256);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO attachments (id, chat_id, mime_type, byte_size, sha256, data, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, chatId);
            insert.setString(3, mimeType);
            insert.setLong(4, bytes.length);
            insert.setString(5, sha256);
            insert.setBytes(6, bytes);
            insert.setLong(7, createdAt);
            insert.executeUpdate();
        }
        return id;
    }

    private static Optional<String> existing(Connection connection, String chatId, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM attachments WHERE chat_id = ? AND sha256 = ?")) {
            select.setString(1, chatId);
            select.setString(2, sha256);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private static String stripDataUri(String imageData) {
        int comma = imageData.indexOf(',');
        return imageData.startsWith("data:") && comma > 0 ? imageData.substring(comma + 1) : imageData;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
