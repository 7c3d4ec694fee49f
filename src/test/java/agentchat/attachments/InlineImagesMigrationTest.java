package agentchat.attachments;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import agentchat.testing.TestImages;
import jakarta.json.JsonArray;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A database written before attachments existed (images inline as base64 in the message rows) is
 * migrated at start: every image becomes an attachment of its chat, identical ones stored once,
 * and clients see the same images as before.
 */
class InlineImagesMigrationTest {

    private static final String CHAT = "c0a80101-0000-4000-8000-0000000000a1";
    private static final String OTHER_CHAT = "c0a80101-0000-4000-8000-0000000000a2";

    @Test
    void inlineImagesOfAnOlderDatabaseBecomeAttachmentsClientsStillSee() throws Exception {
        TestDatabase.Target database = TestDatabase.fresh();
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").target("1").load().migrate();
        byte[] png = TestImages.png(0x1E90FF);
        byte[] jpeg = TestImages.jpeg(0x228B22);
        String pngUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        String jpegUri = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            insertChat(db, CHAT);
            insertChat(db, OTHER_CHAT);
            insertMessage(db, "m1", CHAT, 1, "user", Json.array()
                    .add(Json.object().add("type", "text").add("text", "Two of the same"))
                    .add(Json.object().add("type", "image").add("imageData", pngUri).add("mimeType", "image/png"))
                    .add(Json.object().add("type", "image").add("imageData", pngUri).add("mimeType", "image/png"))
                    .build());
            insertMessage(db, "m2", CHAT, 2, "assistant", Json.array()
                    .add(Json.object().add("type", "text").add("text", "Two blue squares.")).build());
            insertMessage(db, "m3", OTHER_CHAT, 1, "user", Json.array()
                    .add(Json.object().add("type", "image").add("imageData", jpegUri).add("mimeType", "image/jpeg"))
                    .build());
        }

        TestApp migrated = TestApp.on(database, Map.of());
        try (RunningServer server = RunningServer.start(migrated)) {
            JsonArray content = server.api().get("/api/chats/" + CHAT + "/messages", ALICE).json()
                    .getJsonArray("data").getJsonObject(0).getJsonArray("content");
            assertThat(content.getJsonObject(0).getString("text"), is("Two of the same"));
            String attachmentId = content.getJsonObject(1).getString("attachmentId");
            assertThat(content.getJsonObject(1).getString("imageData"), is(pngUri));
            assertThat(content.getJsonObject(1).getString("url"), is("/api/chats/" + CHAT + "/attachments/" + attachmentId));
            assertThat("identical images of one chat are one attachment",
                    content.getJsonObject(2).getString("attachmentId"), is(attachmentId));

            JsonArray other = server.api().get("/api/chats/" + OTHER_CHAT + "/messages", ALICE).json()
                    .getJsonArray("data").getJsonObject(0).getJsonArray("content");
            assertThat(other.getJsonObject(0).getString("imageData"), is(jpegUri));
            assertThat(other.getJsonObject(0).getString("attachmentId"), not(attachmentId));

            assertThat(server.api().upload(CHAT, ALICE, "image/png", png).status(), is(200));
        }
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            assertThat(count(db, "SELECT COUNT(*) FROM attachments WHERE chat_id = '" + CHAT + "'"), is(1L));
            assertThat("no message keeps image bytes", count(db, "SELECT COUNT(*) FROM messages WHERE content LIKE '%imageData%'"),
                    is(0L));
        }
    }

    private static void insertChat(Connection db, String id) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO chats (id, owner, title, session_id, last_seq, "
                + "created_at, updated_at) VALUES (?, 'alice', 'Old chat', NULL, 2, 1764064800000, 1764064800000)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    private static void insertMessage(Connection db, String id, String chatId, int seq, String role, JsonArray content)
            throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO messages (id, chat_id, seq, role, content, "
                + "metadata, status, stop_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, "
                + "1764064800000, 1764064800000)")) {
            insert.setString(1, id);
            insert.setString(2, chatId);
            insert.setInt(3, seq);
            insert.setString(4, role);
            insert.setString(5, content.toString());
            insert.setString(6, role.equals("user") ? null : "{\"stopReason\":\"end_turn\"}");
            insert.setString(7, role.equals("user") ? null : "end_turn");
            insert.executeUpdate();
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement select = db.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
