package agentchat.live;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.TestDatabase;
import agentchat.testing.TestMcpServer;
import agentchat.testing.WsClient;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.ProviderWire.ANTHROPIC;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.first;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Images a tool returns (the test MCP server's red square) are attachments of the chat, like the user's:
 * stored once per chat, served by their url, kept in the message by id, sent with their bytes only to
 * clients that did not ask for {@code imageData=false} (live, on catch-up, over REST and in exports), and
 * deleted with the last message that used them.
 */
class ToolResultImagesTest {

    private static final byte[] RED_SQUARE = Base64.getDecoder().decode(TestMcpServer.RED_SQUARE_PNG);
    private static final String DATA_URI = "data:image/png;base64," + TestMcpServer.RED_SQUARE_PNG;

    private static FakeUpstream upstream;
    private static RunningServer server;
    private static Http1Client http;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        server = RunningServer.start(LiveTestSupport.appFor(upstream, "anthropic", TestMcpServer.stdio("kit", Map.of())));
        http = Http1Client.builder().baseUri(server.base()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.close();
    }

    private static Api api() {
        return server.api();
    }

    /** The model calls the image tool once ({@code callId}), then answers {@code answer}. */
    private static void enqueueImageTurn(String callId, String answer) {
        upstream.enqueue(ANTHROPIC.toolCall(callId, "mcp__kit__image", Json.object().build()), ANTHROPIC.text(answer));
    }

    private static WsClient socket(String chatId, boolean imageData) {
        return imageData ? server.socket(chatId, ALICE)
                : WsClient.open(WsClient.wsUri(server.base(), chatId, "token=" + ALICE + "&imageData=false"), null);
    }

    private static List<JsonObject> imageTurn(String chatId, String callId) {
        enqueueImageTurn(callId, "A red square.");
        try (WsClient ws = socket(chatId, true)) {
            return ws.sendMessage("Show me").untilIdle();
        }
    }

    private static JsonObject toolImage(JsonObject toolResult) {
        return toolResult.getJsonArray("images").getJsonObject(0);
    }

    /** The tool_result part of the chat's first answer, as GET .../messages shows it with this query. */
    private static JsonObject storedToolResult(String chatId, String query) {
        Api.Reply reply = api().get("/api/chats/" + chatId + "/messages" + query, ALICE);
        assertThat(reply.text(), reply.status(), is(200));
        return reply.json().getJsonArray("data").getJsonObject(1).getJsonArray("content").getJsonObject(1);
    }

    private record Download(int status, byte[] bytes, String contentType, String etag) {
    }

    private static Download download(String url, String ifNoneMatch) {
        var request = http.get(url).header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE);
        if (ifNoneMatch != null) {
            request.header(HeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        try (HttpClientResponse response = request.request()) {
            return new Download(response.status().code(),
                    response.entity().hasEntity() ? response.as(byte[].class) : new byte[0],
                    response.headers().contentType().map(type -> type.text()).orElse(""),
                    response.headers().first(HeaderNames.ETAG).orElse(null));
        }
    }

    /** A count from the server's database, {@code ?} bound to {@code chatId}. */
    private static long count(String sql, String chatId) {
        TestDatabase.Target db = server.app().database();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, chatId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a statement on the server's database, {@code ?} bound to {@code chatId}: a hand edit. */
    private static void execute(String sql, String chatId) {
        TestDatabase.Target db = server.app().database();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, chatId);
            statement.executeUpdate();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long attachmentsOf(String chatId) {
        return count("SELECT COUNT(*) FROM attachments WHERE chat_id = ?", chatId);
    }

    @Test
    void anImageAToolReturnsIsStoredOnceAsAnAttachmentOfTheChatAndServedByItsUrlWithAnEtag() throws Exception {
        String chatId = api().createChat(ALICE, null);

        List<JsonObject> events = imageTurn(chatId, "call_store_1");

        JsonObject image = toolImage(first(events, "tool_result"));
        String attachmentId = image.getString("attachmentId");
        String url = "/api/chats/" + chatId + "/attachments/" + attachmentId;
        assertThat(image, is(Json.object().add("mimeType", "image/png").add("attachmentId", attachmentId)
                .add("url", url).add("imageData", DATA_URI).build()));
        assertThat(toolImage(completed(events).getJsonArray("content").getJsonObject(1)), is(image));
        Download served = download(url, null);
        assertThat(served.status(), is(200));
        assertThat(served.bytes(), is(RED_SQUARE));
        assertThat(served.contentType(), is("image/png"));
        assertThat(served.etag(), is("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(RED_SQUARE)) + "\""));
        assertThat(download(url, served.etag()).status(), is(304));

        List<JsonObject> again = imageTurn(chatId, "call_store_2");

        assertThat("the same bytes in the same chat are the same attachment",
                toolImage(first(again, "tool_result")).getString("attachmentId"), is(attachmentId));
        assertThat(attachmentsOf(chatId), is(1L));
        assertThat("the message rows hold the image by id, not its bytes",
                count("SELECT COUNT(*) FROM messages WHERE chat_id = ? AND content LIKE '%imageData%'", chatId), is(0L));
        assertThat(storedToolResult(chatId, "").getJsonArray("images").getJsonObject(0), is(image));
    }

    @Test
    void withImageDataFalseTheBytesOfAToolImageStayOutOfTheSocketRestAndJsonExport() {
        String chatId = api().createChat(ALICE, null);
        enqueueImageTurn("call_lean_1", "A red square.");
        List<JsonObject> full;
        List<JsonObject> lean;
        try (WsClient fullSocket = socket(chatId, true); WsClient leanSocket = socket(chatId, false)) {
            leanSocket.awaitSubscribed();
            full = fullSocket.sendMessage("Show me").untilIdle();
            lean = leanSocket.untilIdle();
        }

        JsonObject fullImage = toolImage(first(full, "tool_result"));
        assertThat(fullImage.getString("imageData"), is(DATA_URI));
        JsonObject leanImage = toolImage(first(lean, "tool_result"));
        assertThat(leanImage, is(Json.object().add("mimeType", "image/png")
                .add("attachmentId", fullImage.getString("attachmentId")).add("url", fullImage.getString("url")).build()));
        assertThat(toolImage(completed(lean).getJsonArray("content").getJsonObject(1)), is(leanImage));
        assertThat(lean.toString(), not(containsString(TestMcpServer.RED_SQUARE_PNG)));

        assertThat(toolImage(storedToolResult(chatId, "")), is(fullImage));
        assertThat(toolImage(storedToolResult(chatId, "?imageData=false")), is(leanImage));
        String export = "/api/chats/" + chatId + "/export?format=json";
        assertThat(api().get(export, ALICE).text(), containsString(DATA_URI));
        Api.Reply leanExport = api().get(export + "&imageData=false", ALICE);
        assertThat(leanExport.text(), containsString(leanImage.getString("url")));
        assertThat(leanExport.text(), not(containsString("imageData")));
        String markdown = api().get("/api/chats/" + chatId + "/export?format=markdown", ALICE).text();
        assertThat(markdown, containsString("![image](" + leanImage.getString("url") + ")"));
        assertThat(markdown, not(containsString(TestMcpServer.RED_SQUARE_PNG)));
    }

    @Test
    void aSocketJoiningWhileTheTurnRunsCatchesUpOnTheToolImageByItsOwnImageDataRule() {
        String chatId = api().createChat(ALICE, null);
        upstream.enqueue(ANTHROPIC.toolCall("call_join_1", "mcp__kit__image", Json.object().build()),
                ANTHROPIC.toolCall("call_join_2", "mcp__kit__sleep", Json.object().add("ms", 3000).build()), ANTHROPIC.text("Done."));
        try (WsClient sender = socket(chatId, true)) {
            sender.sendMessage("Show me, then wait");
            sender.until(event -> event.getString("type").equals("tool_use") && event.getString("toolUseId").equals("call_join_2"));
            assertThat("the streamed part is stored by id, not with its bytes", count("SELECT COUNT(*) FROM message_chunks c "
                    + "JOIN messages m ON m.id = c.message_id WHERE m.chat_id = ? AND c.body LIKE '%\"attachmentId\"%' "
                    + "AND c.body NOT LIKE '%imageData%'", chatId), is(1L));

            try (WsClient lean = socket(chatId, false); WsClient full = socket(chatId, true)) {
                JsonObject leanImage = toolImage(lean.until("tool_result").getLast());
                JsonObject fullImage = toolImage(full.until("tool_result").getLast());
                assertThat(fullImage.getString("imageData"), is(DATA_URI));
                assertThat(leanImage.containsKey("imageData"), is(false));
                assertThat(leanImage.getString("url"), is(fullImage.getString("url")));
                assertThat(completed(lean.untilIdle()).toString(), not(containsString(TestMcpServer.RED_SQUARE_PNG)));
                full.untilIdle();
            }
            sender.untilIdle();
        }
    }

    @Test
    void regenerateDeletesAToolImageOnlyTheReplacedAnswerUsed() {
        String chatId = api().createChat(ALICE, null);
        String url = toolImage(first(imageTurn(chatId, "call_regen_1"), "tool_result")).getString("url");
        upstream.enqueue(ANTHROPIC.text("Just words this time."));

        try (WsClient ws = socket(chatId, true)) {
            ws.send(Json.object().add("type", "regenerate").build()).untilIdle();
        }

        assertThat(download(url, null).status(), is(404));
        assertThat(attachmentsOf(chatId), is(0L));
    }

    @Test
    void aToolImageTheUsersMessageAlsoHoldsStaysUntilNoMessageUsesIt() {
        String chatId = api().createChat(ALICE, null);
        String userImage = api().upload(chatId, ALICE, "image/png", RED_SQUARE).data().getString("id");
        enqueueImageTurn("call_shared_1", "The same square.");
        upstream.enqueue(ANTHROPIC.text("Still the same square."), ANTHROPIC.text("No picture now."));
        try (WsClient ws = socket(chatId, true)) {
            List<JsonObject> events = ws.send(Json.object().add("type", "send_message").add("content", Json.array()
                    .add(Json.object().add("type", "image").add("attachmentId", userImage))
                    .add(Json.object().add("type", "text").add("text", "Draw this again"))).build()).untilIdle();
            assertThat("the tool's bytes are the upload's: one attachment",
                    toolImage(first(events, "tool_result")).getString("attachmentId"), is(userImage));
            String userMessageId = first(events, "user_message_stored").getJsonObject("message").getString("id");

            ws.send(Json.object().add("type", "regenerate").build()).untilIdle();
            assertThat("the user's message still shows it", download("/api/chats/" + chatId + "/attachments/" + userImage,
                    null).status(), is(200));

            ws.send(Json.object().add("type", "edit_message").add("messageId", userMessageId)
                    .add("content", "Never mind").build()).untilIdle();
        }
        assertThat(download("/api/chats/" + chatId + "/attachments/" + userImage, null).status(), is(404));
    }

    @Test
    void anImageTheServerMayNotKeepIsLeftOutAndTheModelIsToldSo() {
        Map<String, String> config = new HashMap<>(TestMcpServer.stdio("kit", Map.of()));
        config.put("limits.image-types", "image/jpeg");
        try (FakeUpstream jpegOnly = FakeUpstream.start();
             RunningServer strict = RunningServer.start(LiveTestSupport.appFor(jpegOnly, "anthropic", config))) {
            String chatId = strict.api().createChat(ALICE, null);
            jpegOnly.enqueue(ANTHROPIC.toolCall("call_refused_1", "mcp__kit__image", Json.object().build()),
                    ANTHROPIC.text("No picture."));
            List<JsonObject> events;
            try (WsClient ws = strict.socket(chatId, ALICE)) {
                events = ws.sendMessage("Show me").untilIdle();
            }

            JsonObject result = first(events, "tool_result");
            assertThat(result.containsKey("images"), is(false));
            String note = "a red square\n[image left out: Image type image/png is not allowed; allowed: image/jpeg]";
            assertThat(result.getString("output"), is(note));
            assertThat(ANTHROPIC.toolResultIn(jpegOnly.request(1).json(), "call_refused_1").content(), is(note));
        }
    }

    @Test
    void aToolImageWhoseBytesAreGoneReachesTheModelAsANoteAndIsStillListedByItsUrl() {
        String chatId = api().createChat(ALICE, null);
        JsonObject image = toolImage(first(imageTurn(chatId, "call_gone_1"), "tool_result"));
        execute("DELETE FROM attachments WHERE chat_id = ?", chatId);
        int request = upstream.requestCount();
        upstream.enqueue(ANTHROPIC.text("I cannot see it any more."));

        try (WsClient ws = socket(chatId, true)) {
            ws.sendMessage("And now?").untilIdle();
        }

        assertThat(ANTHROPIC.toolResultIn(upstream.request(request).json(), "call_gone_1").content(),
                is("a red square\n[an image that is no longer stored]"));
        assertThat(toolImage(storedToolResult(chatId, "")), is(Json.object().add("mimeType", "image/png")
                .add("attachmentId", image.getString("attachmentId")).add("url", image.getString("url")).build()));
    }

    @Test
    void deletingTheChatDeletesItsToolImages() {
        String chatId = api().createChat(ALICE, null);
        imageTurn(chatId, "call_delete_1");
        assertThat(attachmentsOf(chatId), is(1L));

        assertThat(api().delete("/api/chats/" + chatId, ALICE).status(), is(204));

        assertThat(attachmentsOf(chatId), is(0L));
    }
}
