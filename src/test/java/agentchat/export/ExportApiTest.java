package agentchat.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.db.Database;
import agentchat.json.Json;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.MessageRepository;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** GET /api/chats/{id}/export: the whole chat as Markdown or JSON, as a download named after the title. */
@ServerTest
class ExportApiTest {

    private static final TestApp APP = TestApp.create();
    private static final Database DB = TestApp.openDatabase(APP.database());
    private static final MessageRepository MESSAGES = new MessageRepository(DB, new AttachmentRepository(DB));

    private final Api api;
    private final Http1Client client;

    ExportApiTest(Http1Client client) {
        this.api = new Api(client);
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void closeDatabase() {
        DB.close();
    }

    private record Download(int status, String contentType, String disposition, String body) {
    }

    private Download export(String chatId, String query, String key) {
        var request = client.get("/api/chats/" + chatId + "/export").header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        if (query.startsWith("?")) {
            for (String pair : query.substring(1).split("&")) {
                request.queryParam(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        try (HttpClientResponse response = request.request()) {
            return new Download(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""),
                    response.headers().first(HeaderNames.CONTENT_DISPOSITION).orElse(""),
                    response.as(String.class));
        }
    }

    private static void user(String chatId, String text) {
        MESSAGES.insertUserMessage(UUID.randomUUID().toString(), chatId, List.of(new MessageContent.Text(text)),
                Instant.now());
    }

    private static void assistant(String chatId, MessageMetadata metadata, MessageContent... parts) {
        String id = UUID.randomUUID().toString();
        MESSAGES.insertStreaming(id, chatId, Instant.now());
        MESSAGES.complete(id, List.of(parts), metadata, Instant.now());
    }

    @Test
    void markdownIsTheDefaultWithTheTitleEveryMessageInOrderAndReadableToolCalls() {
        String chatId = api.createChat(ALICE, "Release *plan* #3");
        user(chatId, "What is in notes.txt?");
        assistant(chatId, new MessageMetadata(0.0012, 10L, 5L, null, null, 900L, "claude-sonnet-4-5", "end_turn", null),
                new MessageContent.ToolUse("toolu_1", "Read", Json.object().add("path", "notes.txt").build()),
                new MessageContent.ToolResult("toolu_1", "line with ``` fences", false),
                new MessageContent.Text("It says **hello**."));
        user(chatId, "Thanks!");

        Download md = export(chatId, "", ALICE);
        assertThat(md.status(), is(200));
        assertThat(md.contentType(), startsWith("text/markdown"));
        assertThat(md.disposition(), startsWith("attachment; filename=\"Release_plan_3.md\""));
        String body = md.body();
        assertThat(body, startsWith("# Release \\*plan\\* \\#3\n"));
        int first = body.indexOf("## User · ");
        int answer = body.indexOf("## Assistant · ");
        int second = body.indexOf("Thanks!");
        assertThat(first > 0 && first < answer && answer < second, is(true));
        assertThat(body, containsString("What is in notes.txt?"));
        assertThat(body, containsString("**Tool call:** `Read` (toolu_1)\n\n```json\n{\n    \"path\": \"notes.txt\"\n}\n```"));
        assertThat(body, containsString("**Tool result:** (toolu_1)\n\n````text\nline with ``` fences\n````"));
        assertThat(body, containsString("It says **hello**."));
        assertThat(body, containsString("claude-sonnet-4-5 · 10 input / 5 output tokens · $0.0012"));
        assertThat(body.matches("(?s).*## User · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC\n.*"), is(true));
    }

    @Test
    void jsonHoldsTheChatAndEveryMessageUnwrappedHoweverManyPages() {
        String chatId = api.createChat(ALICE, "long");
        for (int i = 0; i < 225; i++) {
            user(chatId, "question " + i);
            assistant(chatId, MessageMetadata.stoppedBy("end_turn"), new MessageContent.Text("answer " + i));
        }
        Download download = export(chatId, "?format=json", ALICE);
        assertThat(download.status(), is(200));
        assertThat(download.contentType(), startsWith("application/json"));
        assertThat(download.disposition(), startsWith("attachment; filename=\"long.json\""));
        JsonObject json = Json.parseObject(download.body());
        assertThat(json.containsKey("data"), is(false));
        assertThat(json.getJsonObject("chat"), is(api.get("/api/chats/" + chatId, ALICE).data()));
        List<JsonObject> exported = json.getJsonArray("messages").getValuesAs(JsonObject.class);
        List<JsonObject> listed = new ArrayList<>();
        for (int offset = 0; offset < 450; offset += 200) {
            listed.addAll(api.get("/api/chats/" + chatId + "/messages?limit=200&offset=" + offset, ALICE).json()
                    .getJsonArray("data").getValuesAs(JsonObject.class));
        }
        assertThat(exported.size(), is(450));
        assertThat(exported, is(listed));
        assertThat(exported.getLast().getJsonArray("content").getJsonObject(0).getString("text"), is("answer 224"));
    }

    @Test
    void markdownOfALongChatHasEveryMessageToo() {
        String chatId = api.createChat(ALICE, "long markdown");
        for (int i = 0; i < 210; i++) {
            user(chatId, "line " + i + " end");
        }
        String body = export(chatId, "?format=markdown", ALICE).body();
        assertThat(body.split("## User · ", -1).length - 1, is(210));
        assertThat(body, containsString("line 209 end"));
    }

    @Test
    void theFileNameComesFromTheTitleSafelyEncoded() {
        String chatId = api.createChat(ALICE, "Plan \"Q3\"/über\\..");
        String disposition = export(chatId, "?format=json", ALICE).disposition();
        assertThat(disposition, is("attachment; filename=\"Plan_Q3_ber.json\"; filename*=UTF-8''Plan%20_Q3_%C3%BCber_.json"));
    }

    @Test
    void imagesAreLinksToTheirUrlInMarkdownAndCarryTheirBytesInJsonUnlessAskedNotTo() {
        String chatId = api.createChat(ALICE, null);
        byte[] png = TestImages.png(0x00FF00);
        JsonObject attachment = api.upload(chatId, ALICE, "image/png", png).data();
        MESSAGES.insertUserMessage(UUID.randomUUID().toString(), chatId, List.of(
                MessageContent.Image.of(chatId, attachment.getString("id"), "image/png"), new MessageContent.Text("see")),
                Instant.now());
        String base64 = java.util.Base64.getEncoder().encodeToString(png);

        String markdown = export(chatId, "", ALICE).body();
        assertThat(markdown, containsString("![image](" + attachment.getString("url") + ")"));
        assertThat(markdown, not(containsString(base64)));

        JsonObject image = Json.parseObject(export(chatId, "?format=json", ALICE).body()).getJsonArray("messages")
                .getJsonObject(0).getJsonArray("content").getJsonObject(0);
        assertThat(image.getString("url"), is(attachment.getString("url")));
        assertThat(image.getString("imageData"), is("data:image/png;base64," + base64));
        JsonObject withoutData = Json.parseObject(export(chatId, "?format=json&imageData=false", ALICE).body())
                .getJsonArray("messages").getJsonObject(0).getJsonArray("content").getJsonObject(0);
        assertThat(withoutData.containsKey("imageData"), is(false));
        assertThat(withoutData.getString("attachmentId"), is(attachment.getString("id")));
    }

    @Test
    void anEmptyChatExportsItsHeaderOnly() {
        String chatId = api.createChat(ALICE, null);
        assertThat(export(chatId, "", ALICE).body(), startsWith("# New Chat\n"));
        JsonObject json = Json.parseObject(export(chatId, "?format=json", ALICE).body());
        assertThat(json.getJsonArray("messages").size(), is(0));
    }

    @Test
    void anUnknownFormatIs400AndAnUnknownOrForeignChat404() {
        String chatId = api.createChat(ALICE, null);
        Api.Reply pdf = api.get("/api/chats/" + chatId + "/export?format=pdf", ALICE);
        assertThat(pdf.status(), is(400));
        assertThat(pdf.code(), is("VALIDATION_ERROR"));
        assertThat(api.get("/api/chats/" + UUID.randomUUID() + "/export", ALICE).code(), is("NOT_FOUND"));
        assertThat(api.get("/api/chats/" + chatId + "/export", BOB).status(), is(404));
        assertThat(api.get("/api/chats/" + chatId + "/export", null).status(), is(401));
    }
}
