package agentchat.live;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.db.Database;
import agentchat.json.Json;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageRepository;
import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.TurnEvents.first;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** regenerate and edit_message on the socket: what they delete, what they announce, what goes upstream. */
@ServerTest
class RegenerateAndEditTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    RegenerateAndEditTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    private static JsonObject regenerate() {
        return Json.object().add("type", "regenerate").build();
    }

    private static JsonObject edit(String messageId, String text) {
        return Json.object().add("type", "edit_message").add("messageId", messageId).add("content", text).build();
    }

    private List<JsonObject> stored(String chatId) {
        return api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getValuesAs(JsonObject.class);
    }

    private static List<String> ids(List<JsonObject> messages) {
        return messages.stream().map(message -> message.getString("id")).toList();
    }

    private static String text(JsonObject message) {
        return message.getJsonArray("content").getValuesAs(JsonObject.class).stream()
                .filter(part -> part.getString("type").equals("text"))
                .map(part -> part.getString("text")).findFirst().orElse("");
    }

    /** A chat with two finished turns: "one" → "first answer", "two" → "second answer". */
    private static void twoTurns(WsClient ws) {
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("first answer")),
                FakeReply.sse(FakeUpstream.anthropicText("second answer")));
        ws.sendMessage("one").untilIdle();
        ws.sendMessage("two").untilIdle();
    }

    @Test
    void regenerateReplacesTheLastAnswerAndSendsTheConversationUpToTheLastUserMessage() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            twoTurns(ws);
            List<JsonObject> before = stored(chatId);
            int request = UPSTREAM.requestCount();
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("better ", "answer")));
            List<JsonObject> events = ws.send(regenerate()).untilIdle();

            assertThat(types(events), contains("messages_deleted", "message_start", "status:thinking",
                    "status:responding", "message_delta", "message_delta", "message_complete", "status:idle"));
            assertThat(events.getFirst().getJsonArray("messageIds").getString(0), is(before.get(3).getString("id")));
            assertThat(events.getFirst().getJsonArray("messageIds").size(), is(1));
            JsonArray sent = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages");
            assertThat(sent.size(), is(3));
            assertThat(sent.getJsonObject(2).toString(), containsString("two"));
            assertThat(sent.toString(), not(containsString("second answer")));

            List<JsonObject> after = stored(chatId);
            assertThat(ids(after.subList(0, 3)), is(ids(before.subList(0, 3))));
            assertThat(after.size(), is(4));
            assertThat(text(after.get(3)), is("better answer"));
            assertThat(after.get(3).getString("id"), is(events.get(1).getString("messageId")));
        }
    }

    @Test
    void regenerateAnswersALastUserMessageThatHasNoAnswerYet() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (Database db = TestApp.openDatabase(APP.database())) {
            new MessageRepository(db, new AttachmentRepository(db)).insertUserMessage(UUID.randomUUID().toString(), chatId,
                    List.of(new MessageContent.Text("left unanswered")), Instant.now());
        }
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            int request = UPSTREAM.requestCount();
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("here you go")));
            List<JsonObject> events = ws.send(regenerate()).untilIdle();
            assertThat(types(events).subList(0, 2), contains("messages_deleted", "message_start"));
            assertThat(events.getFirst().getJsonArray("messageIds").size(), is(0));
            assertThat(UPSTREAM.awaitRequest(request, WsClient.WAIT).body(), containsString("left unanswered"));
        }
        assertThat(text(stored(chatId).get(1)), is("here you go"));
    }

    @Test
    void regenerateInAChatWithoutMessagesIsAValidationErrorAndTheSocketStaysUsable() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject error = ws.send(regenerate()).next();
            assertThat(error.getString("type"), is("error"));
            assertThat(error.getString("code"), is("VALIDATION_ERROR"));
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("fine")));
            assertThat(TurnEvents.completed(ws.sendMessage("still here?").untilIdle()).getString("role"), is("assistant"));
        }
    }

    @Test
    void editingAnEarlierMessageRemovesTheToolTurnAndEverythingAfterIt() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(
                    FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_glob", "Glob", "{\"pattern\":\"*\"}")),
                    FakeReply.sse(FakeUpstream.anthropicText("no files")),
                    FakeReply.sse(FakeUpstream.anthropicText("second answer")));
            ws.sendMessage("list the files").untilIdle();
            ws.sendMessage("two").untilIdle();
            List<JsonObject> before = stored(chatId);
            assertThat(TurnEvents.partTypes(before.get(1)), contains("tool_use", "tool_result", "text"));

            int request = UPSTREAM.requestCount();
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("edited answer")));
            List<JsonObject> events = ws.send(edit(before.get(0).getString("id"), "say hello instead")).untilIdle();

            assertThat(types(events), contains("messages_deleted", "user_message_updated", "message_start",
                    "status:thinking", "status:responding", "message_delta", "message_complete", "status:idle"));
            assertThat(events.get(0).getJsonArray("messageIds").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList(), is(ids(before.subList(1, 4))));
            JsonObject updated = events.get(1).getJsonObject("message");
            assertThat(updated.getString("id"), is(before.get(0).getString("id")));
            assertThat(updated.getString("createdAt"), is(before.get(0).getString("createdAt")));
            assertThat(text(updated), is("say hello instead"));

            JsonArray sent = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages");
            assertThat(sent.size(), is(1));
            assertThat(sent.toString(), containsString("say hello instead"));
            assertThat(sent.toString(), not(containsString("toolu_glob")));

            List<JsonObject> after = stored(chatId);
            assertThat(after.size(), is(2));
            assertThat(after.get(0), is(updated));
            assertThat(text(after.get(1)), is("edited answer"));
            assertThat(api.get("/api/chats/" + chatId + "/export?format=json", ALICE).text(), not(containsString("toolu_glob")));
        }
    }

    private static JsonObject withImage(String type, String attachmentId, String text) {
        var content = Json.array()
                .add(Json.object().add("type", "image").add("attachmentId", attachmentId))
                .add(Json.object().add("type", "text").add("text", text));
        var frame = Json.object().add("type", type).add("content", content);
        return frame.build();
    }

    @Test
    void deletedMessagesTakeTheAttachmentsOnlyTheyUsedWithThem() {
        String chatId = api.createChat(ALICE, null);
        String kept = api.upload(chatId, ALICE, "image/png", TestImages.png(0x010101)).data().getString("id");
        String dropped = api.upload(chatId, ALICE, "image/png", TestImages.png(0x020202)).data().getString("id");
        String unused = api.upload(chatId, ALICE, "image/png", TestImages.png(0x030303)).data().getString("id");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("a")), FakeReply.sse(FakeUpstream.anthropicText("b")),
                    FakeReply.sse(FakeUpstream.anthropicText("c")), FakeReply.sse(FakeUpstream.anthropicText("d")));
            String first = ws.send(withImage("send_message", kept, "one")).untilIdle().getFirst()
                    .getJsonObject("message").getString("id");
            ws.send(withImage("send_message", dropped, "two")).untilIdle();
            ws.send(withImage("send_message", kept, "three uses the first image again")).untilIdle();

            // the edit keeps the first image in the edited message; "two" and its image go
            JsonObject edit = withImage("edit_message", kept, "one, edited");
            ws.send(jakarta.json.Json.createObjectBuilder(edit).add("messageId", first).build()).untilIdle();
        }
        String attachments = "/api/chats/" + chatId + "/attachments/";
        assertThat(api.get(attachments + kept, ALICE).status(), is(200));
        assertThat(api.get(attachments + dropped, ALICE).status(), is(404));
        assertThat(api.get(attachments + unused, ALICE).status(), is(200));
        assertThat(stored(chatId).size(), is(2));
    }

    @Test
    void anEditThatDropsAnImageDeletesItWhenNoOtherMessageUsesIt() {
        String chatId = api.createChat(ALICE, null);
        String image = api.upload(chatId, ALICE, "image/png", TestImages.png(0x040404)).data().getString("id");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("a")), FakeReply.sse(FakeUpstream.anthropicText("b")));
            String first = ws.send(withImage("send_message", image, "look")).untilIdle().getFirst()
                    .getJsonObject("message").getString("id");
            ws.send(edit(first, "never mind the picture")).untilIdle();
        }
        assertThat(api.get("/api/chats/" + chatId + "/attachments/" + image, ALICE).status(), is(404));
        assertThat(TurnEvents.partTypes(stored(chatId).getFirst()), contains("text"));
    }

    @Test
    void anEditedMessageIsFoundByItsNewTextOnly() {
        String chatId = api.createChat(ALICE, "edit search");
        String old = "w" + UUID.randomUUID().toString().substring(0, 8);
        String replacement = "w" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")), FakeReply.sse(FakeUpstream.anthropicText("ok")));
            String userId = ws.sendMessage("about " + old).untilIdle().getFirst().getJsonObject("message").getString("id");
            ws.send(edit(userId, "about " + replacement)).untilIdle();
        }
        assertThat(api.get("/api/chats?q=" + old, ALICE).json().getInt("total"), is(0));
        assertThat(api.get("/api/chats?q=" + replacement, ALICE).json().getInt("total"), is(1));
    }

    @Test
    void aWrongMessageIdIsRefusedAndChangesNothing() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            twoTurns(ws);
            List<JsonObject> before = stored(chatId);
            String otherChat = api.createChat(ALICE, null);

            assertThat(ws.send(edit(UUID.randomUUID().toString(), "x")).next().getString("code"), is("NOT_FOUND"));
            assertThat(ws.send(edit("not-a-uuid", "x")).next().getString("code"), is("NOT_FOUND"));
            assertThat(ws.send(edit(before.get(1).getString("id"), "x")).next().getString("code"), is("VALIDATION_ERROR"));
            assertThat(ws.send(Json.object().add("type", "edit_message").add("content", "x").build()).next()
                    .getString("code"), is("VALIDATION_ERROR"));
            assertThat(ws.send(edit(before.get(0).getString("id"), "   ")).next().getString("code"), is("VALIDATION_ERROR"));
            try (WsClient other = WsClient.open(base, otherChat, ALICE)) {
                JsonObject foreign = other.send(edit(before.get(0).getString("id"), "x")).next();
                assertThat(foreign.getString("code"), is("NOT_FOUND"));
            }
            assertThat(stored(chatId), is(before));
        }
    }

    @Test
    void regenerateAndEditWhileATurnRunsAreChatBusyAndDeleteNothing() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            twoTurns(ws);
            String firstUser = stored(chatId).get(0).getString("id");
            List<FakeEvent> slow = new ArrayList<>();
            FakeUpstream.anthropicText("a", "b", "c", "d").forEach(e -> slow.add(e.delayedBy(Duration.ofMillis(150))));
            UPSTREAM.enqueue(FakeReply.sse(slow));
            ws.sendMessage("three").until("message_start");
            ws.send(regenerate());
            ws.send(edit(firstUser, "changed"));
            List<JsonObject> events = ws.untilIdle();
            List<JsonObject> errors = ofType(events, "error");
            assertThat(errors.stream().map(e -> e.getString("code")).toList(), contains("CHAT_BUSY", "CHAT_BUSY"));
            assertThat(ofType(events, "messages_deleted"), is(empty()));
            assertThat(stored(chatId).size(), is(6));
            assertThat(text(stored(chatId).get(0)), is("one"));
        }
    }

    @Test
    void everySocketOfTheChatSeesTheDeletionAndTheUpdate() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE);
             WsClient watcher = WsClient.open(base, chatId, ALICE)) {
            watcher.awaitSubscribed();
            twoTurns(ws);
            watcher.untilIdle();
            watcher.untilIdle();
            String firstUser = stored(chatId).get(0).getString("id");
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
            ws.send(edit(firstUser, "changed")).untilIdle();
            List<JsonObject> seen = watcher.untilIdle();
            assertThat(types(seen).subList(0, 3), contains("messages_deleted", "user_message_updated", "message_start"));
        }
    }
}
