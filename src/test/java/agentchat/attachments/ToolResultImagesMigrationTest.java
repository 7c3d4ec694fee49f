package agentchat.attachments;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import agentchat.testing.TestImages;
import agentchat.testing.WsClient;
import db.migration.V7__Tool_result_images;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A database written while tool results kept their images inline (base64 in the message row, and in the
 * chunks of a message still streaming) is migrated at start (V7): every such image becomes an attachment
 * of its chat — the one the chat has already when the bytes are the same — and clients and the model see
 * the same images as before.
 */
class ToolResultImagesMigrationTest {

    private static final String CHAT = "c0a80101-0000-4000-8000-0000000000b1";
    private static final String USERS_IMAGE = "c0a80101-0000-4000-8000-0000000000c1";

    private static String dataUri(String mimeType, byte[] bytes) {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** A tool_result part as servers before V7 stored it: {@code images: [{mimeType, imageData}]}. */
    private static JsonObject inlineToolResult(String toolUseId, String mimeType, byte[]... images) {
        var array = Json.array();
        for (byte[] image : images) {
            array.add(Json.object().add("mimeType", mimeType).add("imageData", dataUri(mimeType, image)));
        }
        return Json.object().add("type", "tool_result").add("toolUseId", toolUseId).add("content", "a screenshot")
                .add("isError", false).add("images", array).build();
    }

    private static JsonObject toolUse(String id) {
        return Json.object().add("type", "tool_use").add("id", id).add("name", "mcp__browser__shot")
                .add("input", Json.object()).build();
    }

    /** A fresh database at V6, the schema before this migration. */
    private static TestDatabase.Target atV6() {
        TestDatabase.Target database = TestDatabase.fresh();
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").target("6").load().migrate();
        return database;
    }

    private static Connection connect(TestDatabase.Target database) throws Exception {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    private static void insertChat(Connection db) throws Exception {
        update(db, "INSERT INTO chats (id, owner, title, session_id, last_seq, created_at, updated_at) "
                + "VALUES ('" + CHAT + "', 'alice', 'Old chat', NULL, 3, 1764064800000, 1764064800000)");
        update(db, "INSERT INTO chat_counts (owner, total) VALUES ('alice', 1)");
    }

    private static RunningServer start(TestDatabase.Target database, FakeUpstream upstream) {
        return RunningServer.start(TestApp.on(database, Map.of("agent.provider", "anthropic",
                "agent.base-url", upstream.baseUrl(), "agent.api-key", "test-upstream-key", "agent.model", "claude-sonnet-4-5")));
    }

    @Test
    void inlineToolImagesOfAnOlderDatabaseBecomeAttachmentsThatClientsAndTheModelStillSee() throws Exception {
        TestDatabase.Target database = atV6();
        byte[] red = TestImages.png(0xFF0000);
        byte[] blue = TestImages.png(0x0000FF);
        byte[] green = TestImages.jpeg(0x00FF00);
        try (Connection db = connect(database)) {
            insertChat(db);
            insertAttachment(db, USERS_IMAGE, red);
            insertMessage(db, "m1", 1, "user", "complete", Json.array()
                    .add(Json.object().add("type", "image").add("mimeType", "image/png").add("attachmentId", USERS_IMAGE))
                    .add(Json.object().add("type", "text").add("text", "Take a screenshot")).build());
            insertMessage(db, "m2", 2, "assistant", "complete", Json.array()
                    .add(toolUse("t1"))
                    .add(inlineToolResult("t1", "image/png", red, blue, blue))
                    .add(Json.object().add("type", "text").add("text", "Red, then blue twice.")).build());
            insertMessage(db, "m3", 3, "assistant", "streaming", Json.array().build());
            insertChunk(db, "m3", 0, "part", toolUse("t2"));
            insertChunk(db, "m3", 1, "part", inlineToolResult("t2", "image/jpeg", green));
        }
        FakeUpstream upstream = FakeUpstream.start();
        try (upstream; RunningServer server = start(database, upstream)) {
            List<JsonObject> messages = server.api().get("/api/chats/" + CHAT + "/messages", ALICE).json()
                    .getJsonArray("data").getValuesAs(JsonObject.class);
            JsonArray images = messages.get(1).getJsonArray("content").getJsonObject(1).getJsonArray("images");
            assertThat("the same bytes as the user's image: that attachment", images.getJsonObject(0),
                    is(image("image/png", USERS_IMAGE, red)));
            String blueId = images.getJsonObject(1).getString("attachmentId");
            assertThat(blueId, not(USERS_IMAGE));
            assertThat(images.getJsonObject(1), is(image("image/png", blueId, blue)));
            assertThat("identical images are one attachment", images.getJsonObject(2), is(images.getJsonObject(1)));
            JsonObject interrupted = messages.get(2);
            assertThat(interrupted.getJsonObject("metadata").getString("stopReason"), is("interrupted"));
            JsonObject greenImage = interrupted.getJsonArray("content").getJsonObject(1).getJsonArray("images").getJsonObject(0);
            assertThat("the streamed chunk's image too", greenImage,
                    is(image("image/jpeg", greenImage.getString("attachmentId"), green)));
            assertThat(server.api().get(greenImage.getString("url"), ALICE).status(), is(200));

            int request = upstream.requestCount();
            upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Still there.")));
            try (WsClient ws = server.socket(CHAT, ALICE)) {
                ws.sendMessage("What did you see?").untilIdle();
            }
            JsonObject sent = upstream.awaitRequest(request, Duration.ofSeconds(15)).json();
            JsonArray blocks = toolResultBlock(sent, "t1").getJsonArray("content");
            assertThat(blocks.getJsonObject(1).getJsonObject("source").getString("data"),
                    is(Base64.getEncoder().encodeToString(red)));
            assertThat(blocks.getJsonObject(2).getJsonObject("source").getString("data"),
                    is(Base64.getEncoder().encodeToString(blue)));
        }
        try (Connection db = connect(database)) {
            assertThat(count(db, "SELECT COUNT(*) FROM attachments WHERE chat_id = '" + CHAT + "'"), is(3L));
            assertThat("no row keeps image bytes", count(db, "SELECT COUNT(*) FROM messages WHERE content LIKE '%imageData%'"),
                    is(0L));
        }
    }

    @Test
    void anImageThatIsNotBase64StaysInlineAndShownWhileTheServerStartsAndMovesTheRest() throws Exception {
        TestDatabase.Target database = atV6();
        byte[] red = TestImages.png(0xFF0000);
        JsonObject brokenImage = Json.object().add("mimeType", "image/png").add("imageData", "data:image/png;base64,A").build();
        JsonObject input = Json.object().add("imageData", dataUri("image/png", red)).build();
        JsonArray content = Json.array()
                .add(Json.object().add("type", "tool_use").add("id", "t1").add("name", "mcp__browser__shot").add("input", input))
                .add(Json.object().add("type", "tool_result").add("toolUseId", "t1").add("content", "two shots")
                        .add("isError", false).add("images", Json.array().add(brokenImage)
                                .add(Json.object().add("mimeType", "image/png").add("imageData", dataUri("image/png", red)))))
                .build();
        try (Connection db = connect(database)) {
            insertChat(db);
            insertMessage(db, "m1", 1, "user", "complete", Json.array()
                    .add(Json.object().add("type", "text").add("text", "Take two")).build());
            insertMessage(db, "m2", 2, "assistant", "complete", content);
        }

        try (FakeUpstream upstream = FakeUpstream.start(); RunningServer server = start(database, upstream)) {
            JsonObject answer = server.api().get("/api/chats/" + CHAT + "/messages", ALICE).json()
                    .getJsonArray("data").getJsonObject(1);
            assertThat("the tool's input is not an image", answer.getJsonArray("content").getJsonObject(0).getJsonObject("input"),
                    is(input));
            JsonArray images = answer.getJsonArray("content").getJsonObject(1).getJsonArray("images");
            assertThat("the broken image is shown as it was stored", images.getJsonObject(0), is(brokenImage));
            String redId = images.getJsonObject(1).getString("attachmentId");
            assertThat(images.getJsonObject(1), is(image("image/png", redId, red)));
        }
    }

    @Test
    void everyPageOfRowsIsMovedAndRunningTheMigrationAgainChangesNothing() throws Exception {
        TestDatabase.Target database = atV6();
        int rows = 2 * V7__Tool_result_images.PAGE + 1;
        try (Connection db = connect(database)) {
            insertChat(db);
            for (int i = 0; i < rows; i++) {
                insertMessage(db, String.format("m%03d", i), i + 1, "assistant", "complete", Json.array().add(toolUse("t" + i))
                        .add(inlineToolResult("t" + i, "image/png", TestImages.png(i))).build());
            }
        }
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();

        try (Connection db = connect(database)) {
            assertThat(count(db, "SELECT COUNT(*) FROM attachments WHERE chat_id = '" + CHAT + "'"), is((long) rows));
            assertThat(count(db, "SELECT COUNT(*) FROM messages WHERE content LIKE '%imageData%'"), is(0L));
            String before = contents(db);

            new V7__Tool_result_images().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return db;
                }
            });

            assertThat(contents(db), is(before));
            assertThat(count(db, "SELECT COUNT(*) FROM attachments WHERE chat_id = '" + CHAT + "'"), is((long) rows));
        }
    }

    private static String contents(Connection db) throws Exception {
        StringBuilder all = new StringBuilder();
        try (PreparedStatement select = db.prepareStatement("SELECT id, content FROM messages ORDER BY id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                all.append(row.getString(1)).append(' ').append(row.getString(2)).append('\n');
            }
        }
        return all.toString();
    }

    private static JsonObject toolResultBlock(JsonObject body, String toolUseId) {
        for (JsonObject message : body.getJsonArray("messages").getValuesAs(JsonObject.class)) {
            for (JsonObject block : message.getJsonArray("content").getValuesAs(JsonObject.class)) {
                if (block.getString("type").equals("tool_result") && block.getString("tool_use_id").equals(toolUseId)) {
                    return block;
                }
            }
        }
        throw new AssertionError("no tool_result for " + toolUseId + " in " + body);
    }

    private static JsonObject image(String mimeType, String attachmentId, byte[] bytes) {
        return Json.object().add("mimeType", mimeType).add("attachmentId", attachmentId)
                .add("url", "/api/chats/" + CHAT + "/attachments/" + attachmentId)
                .add("imageData", dataUri(mimeType, bytes)).build();
    }

    private static void update(Connection db, String sql) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static void insertAttachment(Connection db, String id, byte[] bytes) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO attachments (id, chat_id, mime_type, byte_size, "
                + "sha256, data, created_at) VALUES (?, ?, 'image/png', ?, ?, ?, 1764064800000)")) {
            insert.setString(1, id);
            insert.setString(2, CHAT);
            insert.setLong(3, bytes.length);
            insert.setString(4, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            insert.setBytes(5, bytes);
            insert.executeUpdate();
        }
    }

    private static void insertMessage(Connection db, String id, int seq, String role, String status, JsonArray content)
            throws Exception {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO messages (id, chat_id, seq, role, content, "
                + "metadata, status, stop_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                + "1764064800000, 1764064800000)")) {
            boolean answered = role.equals("assistant") && status.equals("complete");
            insert.setString(1, id);
            insert.setString(2, CHAT);
            insert.setInt(3, seq);
            insert.setString(4, role);
            insert.setString(5, content.toString());
            insert.setString(6, answered ? "{\"stopReason\":\"end_turn\"}" : null);
            insert.setString(7, status);
            insert.setString(8, answered ? "end_turn" : null);
            insert.executeUpdate();
        }
    }

    private static void insertChunk(Connection db, String messageId, int chunkNo, String kind, JsonObject body)
            throws Exception {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO message_chunks (message_id, chunk_no, kind, body) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setInt(2, chunkNo);
            insert.setString(3, kind);
            insert.setString(4, body.toString());
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
