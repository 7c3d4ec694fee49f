package db.migration;

import java.io.StringReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The images tools returned (an MCP tool's screenshot, say) become attachments of their chat, as the
 * user's images did in V2: every image of a tool_result part stored inline as base64 — in a message's
 * content, or in a chunk of a message that was still streaming — moves to the attachments table, and
 * the part keeps only its {@code mimeType} and {@code attachmentId}. Identical images of one chat are
 * stored once, also when the chat has them already as a user's image.
 *
 * <p>Safe to stop and run again: Flyway runs it in one transaction (a failure leaves the database as it
 * was), rows are read in pages of {@value #PAGE} ids and one row's images at a time, a part that already
 * has its attachment is left alone, and the bytes a chat has already are reused, not stored twice. A row
 * it cannot read (not JSON, an image that is not base64) keeps its inline images, which the server still
 * reads and shows: one bad row must not keep the server from starting (on MariaDB a failed migration
 * blocks every later start until {@code flyway repair}).
 *
 * <p>Like V2 it uses JDBC and JSON-P only, nothing of the application — nor of V2, whose helpers it
 * repeats — so that later changes elsewhere cannot change what this migration did.
 */
public class V7__Tool_result_images extends BaseJavaMigration {

    private static final System.Logger LOG = System.getLogger(V7__Tool_result_images.class.getName());

    /** How many row ids are read at a time. */
    public static final int PAGE = 100;
    /** Rows that may hold an inline image: the member name, quoted, can only be a key (quotes in strings are escaped). */
    private static final String INLINE = "%\"imageData\"%";

    /** Where a row belongs: the attachments it gets are of this chat, created at this time. */
    private record Owner(String chatId, long createdAt) {
    }

    private record Chunk(String messageId, int chunkNo) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String after = "";
        for (List<String> page = messagePage(connection, after); !page.isEmpty(); page = messagePage(connection, after)) {
            for (String messageId : page) {
                moveMessageImages(connection, messageId);
            }
            after = page.getLast();
        }
        Chunk chunkAfter = new Chunk("", -1);
        for (List<Chunk> page = chunkPage(connection, chunkAfter); !page.isEmpty(); page = chunkPage(connection, chunkAfter)) {
            for (Chunk chunk : page) {
                moveChunkImages(connection, chunk);
            }
            chunkAfter = page.getLast();
        }
    }

    private static List<String> messagePage(Connection connection, String after) throws SQLException {
        List<String> ids = new ArrayList<>(PAGE);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM messages WHERE id > ? AND content LIKE ? ORDER BY id LIMIT " + PAGE)) {
            select.setString(1, after);
            select.setString(2, INLINE);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private static List<Chunk> chunkPage(Connection connection, Chunk after) throws SQLException {
        List<Chunk> chunks = new ArrayList<>(PAGE);
        try (PreparedStatement select = connection.prepareStatement("SELECT message_id, chunk_no FROM message_chunks "
                + "WHERE (message_id > ? OR (message_id = ? AND chunk_no > ?)) AND kind = 'part' AND body LIKE ? "
                + "ORDER BY message_id, chunk_no LIMIT " + PAGE)) {
            select.setString(1, after.messageId());
            select.setString(2, after.messageId());
            select.setInt(3, after.chunkNo());
            select.setString(4, INLINE);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    chunks.add(new Chunk(rows.getString(1), rows.getInt(2)));
                }
            }
        }
        return chunks;
    }

    private static void moveMessageImages(Connection connection, String messageId) throws SQLException {
        Owner owner;
        String content;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT chat_id, created_at, content FROM messages WHERE id = ?")) {
            select.setString(1, messageId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                owner = new Owner(row.getString(1), row.getLong(2));
                content = row.getString(3);
            }
        }
        JsonArray parts;
        try {
            parts = read(content).asJsonArray();
        } catch (JsonException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, "V7: message " + messageId + " is not a JSON array; left as it was");
            return;
        }
        JsonArrayBuilder moved = Json.createArrayBuilder();
        boolean changed = false;
        for (JsonValue part : parts) {
            JsonValue after = part instanceof JsonObject object ? withAttachments(connection, owner, object) : part;
            changed |= after != part;
            moved.add(after);
        }
        if (changed) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE messages SET content = ? WHERE id = ?")) {
                update.setString(1, moved.build().toString());
                update.setString(2, messageId);
                update.executeUpdate();
            }
        }
    }

    private static void moveChunkImages(Connection connection, Chunk chunk) throws SQLException {
        Owner owner;
        String body;
        try (PreparedStatement select = connection.prepareStatement("SELECT m.chat_id, m.created_at, c.body "
                + "FROM message_chunks c JOIN messages m ON m.id = c.message_id WHERE c.message_id = ? AND c.chunk_no = ?")) {
            select.setString(1, chunk.messageId());
            select.setInt(2, chunk.chunkNo());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                owner = new Owner(row.getString(1), row.getLong(2));
                body = row.getString(3);
            }
        }
        JsonObject part;
        try {
            part = read(body).asJsonObject();
        } catch (JsonException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, "V7: chunk " + chunk + " is not a JSON object; left as it was");
            return;
        }
        JsonObject moved = withAttachments(connection, owner, part);
        if (moved != part) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE message_chunks SET body = ? WHERE message_id = ? AND chunk_no = ?")) {
                update.setString(1, moved.toString());
                update.setString(2, chunk.messageId());
                update.setInt(3, chunk.chunkNo());
                update.executeUpdate();
            }
        }
    }

    /**
     * A tool_result part with its inline images replaced by attachments, or the same object when it has
     * none to move (any other part, one moved already, or an image whose data cannot be decoded).
     */
    private static JsonObject withAttachments(Connection connection, Owner owner, JsonObject part) throws SQLException {
        if (!"tool_result".equals(part.getString("type", "")) || !(part.get("images") instanceof JsonArray images)) {
            return part;
        }
        JsonArrayBuilder moved = Json.createArrayBuilder();
        boolean changed = false;
        for (JsonValue value : images) {
            Optional<JsonObject> attached = value instanceof JsonObject image ? attached(connection, owner, image)
                    : Optional.empty();
            changed |= attached.isPresent();
            moved.add(attached.isPresent() ? attached.get() : value);
        }
        return changed ? Json.createObjectBuilder(part).add("images", moved).build() : part;
    }

    /** The image as {@code {mimeType, attachmentId}}, its bytes stored; empty when it is not an inline image that decodes. */
    private static Optional<JsonObject> attached(Connection connection, Owner owner, JsonObject image) throws SQLException {
        if (image.containsKey("attachmentId") || !(image.get("imageData") instanceof JsonString data)
                || !(image.get("mimeType") instanceof JsonString type)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = decode(data.getString());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "V7: an image of chat " + owner.chatId() + " is not base64; left inline");
            return Optional.empty();
        }
        if (bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.createObjectBuilder()
                .add("mimeType", type.getString())
                .add("attachmentId", attachment(connection, owner, type.getString(), bytes))
                .build());
    }

    /** The id of the chat's attachment with these bytes, stored now if the chat has none. */
    private static String attachment(Connection connection, Owner owner, String mimeType, byte[] bytes)
            throws SQLException {
        String sha256 = sha256(bytes);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM attachments WHERE chat_id = ? AND sha256 = ?")) {
            select.setString(1, owner.chatId());
            select.setString(2, sha256);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return row.getString(1);
                }
            }
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO attachments (id, chat_id, mime_type, byte_size, sha256, data, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, owner.chatId());
            insert.setString(3, mimeType);
            insert.setLong(4, bytes.length);
            insert.setString(5, sha256);
            insert.setBytes(6, bytes);
            insert.setLong(7, owner.createdAt());
            insert.executeUpdate();
        }
        return id;
    }

    /** The bytes of an {@code imageData}: a data: URI or plain base64. */
    private static byte[] decode(String imageData) {
        int comma = imageData.indexOf(',');
        String base64 = imageData.startsWith("data:") && comma > 0 ? imageData.substring(comma + 1) : imageData;
        return Base64.getMimeDecoder().decode(base64);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonValue read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
