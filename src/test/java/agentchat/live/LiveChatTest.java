package agentchat.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The turn lifecycle over a real socket, with the Anthropic wire format from a fake upstream. */
@ServerTest
class LiveChatTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    LiveChatTest(Http1Client client, URI base) {
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

    private static List<FakeEvent> slow(List<FakeEvent> events, long millis) {
        return events.stream().map(event -> event.delayedBy(Duration.ofMillis(millis))).toList();
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")
                + (event.getString("type").equals("status") ? ":" + event.getString("status") : "")).toList();
    }

    @Test
    void aTurnStreamsTheDocumentedEventSequenceAndStoresWhatWasStreamed() {
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().usage(12, 7).text("Hello", ", ", "world").events()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("Hi there").untilIdle();

            assertThat(types(events), contains("user_message_stored", "message_start", "status:thinking",
                    "status:responding", "message_delta", "message_delta", "message_delta", "message_complete",
                    "status:idle"));
            JsonObject user = events.getFirst().getJsonObject("message");
            assertThat(user.getString("role"), is("user"));
            assertThat(user.getJsonArray("content").getJsonObject(0).getString("text"), is("Hi there"));
            String messageId = events.get(1).getString("messageId");
            events.stream().filter(e -> e.getString("type").equals("message_delta"))
                    .forEach(e -> assertThat(e.getString("messageId"), is(messageId)));
            JsonObject complete = events.get(7).getJsonObject("message");
            assertThat(complete.getString("id"), is(messageId));
            assertThat(complete.getString("role"), is("assistant"));
            assertThat(complete.getJsonArray("content").getJsonObject(0).getString("text"), is("Hello, world"));
            assertThat(WsClient.text(events), is("Hello, world"));
            JsonObject metadata = complete.getJsonObject("metadata");
            assertThat(metadata.getString("stopReason"), is("end_turn"));
            assertThat(metadata.getInt("inputTokens"), is(12));
            assertThat(metadata.getInt("outputTokens"), is(7));
            assertThat(metadata.getString("model").startsWith("claude-sonnet-4-5"), is(true));
            assertThat(metadata.getJsonNumber("durationMs").longValue() >= 0, is(true));

            JsonArray stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
            assertThat(stored.size(), is(2));
            assertThat(stored.getJsonObject(0).getString("id"), is(user.getString("id")));
            assertThat(stored.getJsonObject(1), is(complete));
        }
    }

    @Test
    void theFirstTurnSetsSessionIdAndTitle() {
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().id("msg_session1").text("ok").events()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("  Plan the\n   offsite agenda for next week  ").untilIdle();
        }
        JsonObject chat = api.get("/api/chats/" + chatId, ALICE).data();
        assertThat(chat.getString("title"), is("Plan the"));
        assertThat(chat.getString("sessionId"), is("msg_session1"));
        assertThat(chat.getString("updatedAt").compareTo(chat.getString("createdAt")), greaterThan(0));
    }

    @Test
    void aRenamedChatKeepsItsTitle() {
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        String chatId = api.createChat(ALICE, "Chosen");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("something else").untilIdle();
        }
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().getString("title"), is("Chosen"));
    }

    @Test
    void theSecondTurnSendsTheWholeConversation() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        int before = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Paris.")),
                FakeReply.sse(FakeUpstream.anthropicText("About 2 million.")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("Capital of France?").untilIdle();
            ws.sendMessage("Population?").untilIdle();
        }
        JsonArray messages = UPSTREAM.awaitRequest(before + 1, WsClient.WAIT).json().getJsonArray("messages");
        assertThat(messages.size(), is(3));
        assertThat(messages.getJsonObject(0).getString("role"), is("user"));
        assertThat(messages.getJsonObject(1).getString("role"), is("assistant"));
        assertThat(messages.getJsonObject(1).toString().contains("Paris."), is(true));
        assertThat(messages.getJsonObject(2).toString().contains("Population?"), is(true));
    }

    @Test
    void aSecondMessageWhileGeneratingIsChatBusy() {
        UPSTREAM.enqueue(FakeReply.sse(slow(FakeUpstream.anthropicText("a", "b", "c", "d"), 150)));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("first").until("message_start");
            ws.sendMessage("second");
            List<JsonObject> events = ws.untilIdle();
            JsonObject busy = events.stream().filter(e -> e.getString("type").equals("error")).findFirst().orElseThrow();
            assertThat(busy.getString("code"), is("CHAT_BUSY"));
            assertThat(busy.containsKey("messageId"), is(false));
            assertThat(events.getLast().getString("status"), is("idle"));
            assertThat(events.stream().anyMatch(e -> e.getString("type").equals("message_complete")), is(true));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(2));
    }

    @Test
    void cancelStopsTheUpstreamAndKeepsThePartialAnswer() throws InterruptedException {
        List<FakeEvent> events = new java.util.ArrayList<>(new AnthropicStream().text("partial ", "answer").head());
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(events).thenStall());
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("go").until("message_delta");
            long start = System.nanoTime();
            ws.cancel();
            List<JsonObject> rest = ws.untilIdle();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            JsonObject complete = rest.stream().filter(e -> e.getString("type").equals("message_complete"))
                    .findFirst().orElseThrow().getJsonObject("message");
            assertThat(complete.getJsonObject("metadata").getString("stopReason"), is("cancelled"));
            assertThat(complete.getJsonArray("content").getJsonObject(0).getString("text").startsWith("partial"), is(true));
            assertThat("cancel took " + tookMs + " ms", tookMs < 3000, is(true));
            assertThat(UPSTREAM.awaitClientDisconnect(request, WsClient.WAIT), is(true));
        }
        JsonArray stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
        assertThat(stored.getJsonObject(1).getJsonObject("metadata").getString("stopReason"), is("cancelled"));
    }

    @Test
    void closingTheSocketDoesNotStopTheGeneration() throws InterruptedException {
        UPSTREAM.enqueue(FakeReply.sse(slow(FakeUpstream.anthropicText("one ", "two ", "three"), 100)));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("count").until("message_delta");
        }
        JsonArray stored = awaitMessages(chatId, 2);
        assertThat(stored.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text"),
                is("one two three"));
        assertThat(stored.getJsonObject(1).getJsonObject("metadata").getString("stopReason"), is("end_turn"));
    }

    @Test
    void everySocketOfTheChatSeesTheStreamAndALateJoinerCatchesUp() {
        UPSTREAM.enqueue(FakeReply.sse(slow(FakeUpstream.anthropicText("alpha ", "beta ", "gamma ", "delta"), 150)));
        String chatId = api.createChat(ALICE, null);
        try (WsClient first = WsClient.open(base, chatId, ALICE);
             WsClient second = WsClient.open(base, chatId, ALICE)) {
            second.awaitSubscribed();
            first.sendMessage("go");
            List<JsonObject> early = second.until(e -> e.getString("type").equals("message_delta"));
            try (WsClient late = WsClient.open(base, chatId, ALICE)) {
                List<JsonObject> lateEvents = late.untilIdle();
                assertThat(lateEvents.getFirst().getString("type"), is("message_start"));
                assertThat(lateEvents.get(1).getString("type"), is("message_delta"));
                List<JsonObject> firstEvents = first.untilIdle();
                String full = WsClient.text(firstEvents);
                assertThat(full, is("alpha beta gamma delta"));
                assertThat(WsClient.text(lateEvents), is(full));
                List<JsonObject> secondEvents = new java.util.ArrayList<>(early);
                secondEvents.addAll(second.untilIdle());
                assertThat(WsClient.text(secondEvents), is(full));
                assertThat(types(secondEvents), is(types(firstEvents)));
            }
        }
    }

    @Test
    void deletingAChatStopsItsGenerationAndClosesItsSockets() {
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text("never ", "ends").head()).thenStall());
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("go").until("message_delta");
            assertThat(api.delete("/api/chats/" + chatId, ALICE).status(), is(204));
            assertThat(ws.awaitClose(), is(1000));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).status(), is(404));
    }

    @Test
    void upstreamErrorMidStreamEndsWithErrorAndKeepsText() {
        List<FakeEvent> events = new java.util.ArrayList<>(new AnthropicStream().text("half ").head());
        events.add(AnthropicStream.error("overloaded_error", "Overloaded"));
        UPSTREAM.enqueue(FakeReply.sse(events));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            String messageId = turn.get(1).getString("messageId");
            JsonObject error = turn.get(turn.size() - 2);
            assertThat(error.getString("type"), is("error"));
            assertThat(error.getString("code"), is("UPSTREAM_ERROR"));
            assertThat(error.getString("messageId"), is(messageId));
            assertThat(turn.stream().filter(e -> e.getString("type").equals("message_complete")).count(), is(0L));
        }
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is("half "));
        assertThat(stored.getJsonObject("metadata").getString("stopReason"), is("error"));
    }

    @Test
    void upstreamAuthFailureIsUpstreamAuth() {
        UPSTREAM.enqueue(FakeReply.json(401, AnthropicStream.errorBody("authentication_error", "invalid x-api-key")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            assertThat(turn.get(turn.size() - 2).getString("code"), is("UPSTREAM_AUTH"));
        }
    }

    @Test
    void serverErrorsAreRetriedBeforeTheFirstToken() {
        UPSTREAM.enqueue(FakeReply.status(529), FakeReply.status(503),
                FakeReply.sse(FakeUpstream.anthropicText("after retries")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            assertThat(WsClient.text(turn), is("after retries"));
            assertThat(types(turn), not(org.hamcrest.Matchers.hasItem("error")));
        }
    }

    private JsonArray awaitMessages(String chatId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (true) {
            JsonArray data = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
            if (data.size() >= count || System.nanoTime() > deadline) {
                return data;
            }
            Thread.sleep(50);
        }
    }

    static JsonObject sendMessageFrame(String text) {
        return Json.object().add("type", "send_message").add("content", text).build();
    }
}
