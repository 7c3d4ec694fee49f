package agentchat.live;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.OpenAiStream;
import agentchat.testing.RecordedRequest;
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
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The turn lifecycle through the server with provider openai (Chat Completions streaming from a fake upstream). */
@ServerTest
class OpenAiLiveChatTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "openai", Map.of());

    private final Api api;
    private final URI base;

    OpenAiLiveChatTest(Http1Client client, URI base) {
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

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")
                + (event.getString("type").equals("status") ? ":" + event.getString("status") : "")).toList();
    }

    private static JsonObject find(List<JsonObject> events, String type) {
        return events.stream().filter(e -> e.getString("type").equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
    }

    @Test
    void aTurnStreamsTheDocumentedEventSequence() {
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.openAiText("Hello", ", ", "world")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("Hi there").untilIdle();
            assertThat(types(events), contains("user_message_stored", "message_start", "status:thinking",
                    "status:responding", "message_delta", "message_delta", "message_delta", "message_complete",
                    "status:idle"));
            String messageId = events.get(1).getString("messageId");
            assertThat(events.get(7).getJsonObject("message").getString("id"), is(messageId));
        }
    }

    @Test
    void theStoredAnswerEqualsTheStreamedTextWithUsageInMetadata() {
        UPSTREAM.enqueue(FakeReply.sse(new OpenAiStream().usage(31, 4).text("Four", " score", " and seven").events()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("Quote something").untilIdle();
            String streamed = WsClient.text(events);
            assertThat(streamed, is("Four score and seven"));
            JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                    .getJsonObject(1);
            assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is(streamed));
            assertThat(stored, is(find(events, "message_complete").getJsonObject("message")));
            JsonObject metadata = stored.getJsonObject("metadata");
            assertThat(metadata.getInt("inputTokens"), is(31));
            assertThat(metadata.getInt("outputTokens"), is(4));
            assertThat(metadata.getString("stopReason"), is("end_turn"));
            assertThat(metadata.getString("model"), is("gpt-4o-mini-2024-07-18"));
        }
    }

    @Test
    void cachedPromptTokensAreStoredAsCacheReadsAndPricedAsCachedInput() {
        UPSTREAM.enqueue(FakeReply.sse(new OpenAiStream().usage(5000, 40).cachedTokens(4608).text("Cached.").events()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("Again").untilIdle();
        }

        JsonObject metadata = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1).getJsonObject("metadata");
        assertThat(metadata.getInt("inputTokens"), is(392));
        assertThat(metadata.getInt("cacheReadTokens"), is(4608));
        assertThat(metadata.getInt("cacheWriteTokens"), is(0));
        // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per million tokens
        assertThat(metadata.getJsonNumber("totalCostUsd").doubleValue(),
                   closeTo((392 * 0.15 + 4608 * 0.075 + 40 * 0.6) / 1e6, 1e-12));
    }

    @Test
    void theRequestIsAStreamingChatCompletionWithUsage() throws InterruptedException {
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("ping").untilIdle();
        }
        RecordedRequest sent = UPSTREAM.awaitRequest(request, WsClient.WAIT);
        assertThat(sent.path(), is("/v1/chat/completions"));
        assertThat(sent.header("authorization"), is("Bearer test-upstream-key"));
        JsonObject body = sent.json();
        assertThat(body.getString("model"), is("gpt-4o-mini"));
        assertThat(body.getBoolean("stream"), is(true));
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage"), is(true));
    }

    @Test
    void theSecondTurnSendsTheHistoryInOpenAiFormat() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.openAiText("Paris.")),
                FakeReply.sse(FakeUpstream.openAiText("About 2 million.")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("Capital of France?").untilIdle();
            ws.sendMessage("Population?").untilIdle();
        }
        JsonArray messages = UPSTREAM.awaitRequest(first + 1, WsClient.WAIT).json().getJsonArray("messages");
        List<String> roles = messages.stream().map(m -> m.asJsonObject().getString("role")).toList();
        assertThat(roles, contains("system", "user", "assistant", "user"));
        assertThat(messages.getJsonObject(1).getString("content"), is("Capital of France?"));
        assertThat(messages.getJsonObject(2).getString("content"), is("Paris."));
        assertThat(messages.getJsonObject(3).getString("content"), is("Population?"));
    }

    @Test
    void anImageReachesTheModelAsAnImageUrlDataUri() throws InterruptedException {
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.openAiText("A pixel.")));
        String chatId = api.createChat(ALICE, null);
        String dataUri = "data:image/png;base64," + WsImagesTest.base64(WsImagesTest.PNG);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(WsImagesTest.sendImage(Json.object().add("imageData", dataUri))).untilIdle();
        }
        JsonArray content = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages")
                .getJsonObject(1).getJsonArray("content");
        assertThat(content.getJsonObject(0).getString("type"), is("text"));
        assertThat(content.getJsonObject(1).getString("type"), is("image_url"));
        assertThat(content.getJsonObject(1).getJsonObject("image_url").getString("url"), is(dataUri));
    }

    @Test
    void aServerErrorBeforeTheFirstTokenIsRetried() {
        UPSTREAM.enqueue(FakeReply.json(500, OpenAiStream.errorBody("server_error", "boom")),
                FakeReply.sse(FakeUpstream.openAiText("after a retry")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            assertThat(WsClient.text(turn), is("after a retry"));
            assertThat(types(turn), not(hasItem("error")));
        }
    }

    @Test
    void anErrorChunkMidStreamEndsTheTurnWithAnErrorForThatMessage() {
        List<FakeEvent> events = new ArrayList<>(new OpenAiStream().text("half ").head());
        events.add(FakeEvent.data(OpenAiStream.errorBody("server_error", "The model crashed")));
        UPSTREAM.enqueue(FakeReply.sse(events));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            String messageId = find(turn, "message_start").getString("messageId");
            JsonObject error = turn.get(turn.size() - 2);
            assertThat(error.getString("type"), is("error"));
            assertThat(error.getString("code"), is("UPSTREAM_ERROR"));
            assertThat(error.getString("messageId"), is(messageId));
            assertThat(types(turn), not(hasItem("message_complete")));
        }
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is("half "));
        assertThat(stored.getJsonObject("metadata").getString("stopReason"), is("error"));
    }

    @Test
    void aLengthFinishIsStoredAsMaxTokens() {
        UPSTREAM.enqueue(FakeReply.sse(new OpenAiStream().text("cut sh").finishReason("length").events()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject complete = find(ws.sendMessage("go").untilIdle(), "message_complete");
            assertThat(complete.getJsonObject("message").getJsonObject("metadata").getString("stopReason"),
                    is("max_tokens"));
        }
    }

    @Test
    void aCallToAToolTheServerDoesNotOfferGetsAnErrorResultAndTheModelContinues() throws InterruptedException {
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.openAiToolCalls("call_1", "LaunchRockets", "{\"count\":", "3}")),
                FakeReply.sse(FakeUpstream.openAiText("I cannot do that.")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("Launch").untilIdle();
            JsonObject use = find(turn, "tool_use");
            assertThat(use.getString("toolName"), is("LaunchRockets"));
            assertThat(use.getJsonObject("toolInput").getInt("count"), is(3));
            JsonObject result = find(turn, "tool_result");
            assertThat(result.getString("toolUseId"), is("call_1"));
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(WsClient.text(turn), is("I cannot do that."));
            JsonArray content = find(turn, "message_complete").getJsonObject("message").getJsonArray("content");
            assertThat(content.stream().map(p -> p.asJsonObject().getString("type")).toList(),
                    contains("tool_use", "tool_result", "text"));
        }
        JsonArray second = UPSTREAM.awaitRequest(request + 1, WsClient.WAIT).json().getJsonArray("messages");
        JsonObject toolMessage = second.getJsonObject(second.size() - 1);
        assertThat(toolMessage.getString("role"), is("tool"));
        assertThat(toolMessage.getString("tool_call_id"), is("call_1"));
    }
}
