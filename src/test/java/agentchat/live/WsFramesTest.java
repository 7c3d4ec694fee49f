package agentchat.live;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static agentchat.live.FrameChecks.assertError;
import static agentchat.live.FrameChecks.assertStillUsable;
import static agentchat.live.FrameChecks.messageTotal;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of invalid text frame gets an error event with a stable code; nothing is stored; the socket stays usable. */
@ServerTest
class WsFramesTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    WsFramesTest(Http1Client client, URI base) {
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

    private static String send(String content) {
        return "{\"type\":\"send_message\",\"content\":" + content + "}";
    }

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                arguments("not JSON", "hello there", "INVALID_JSON"),
                arguments("truncated JSON", "{\"type\":\"send_message\",", "INVALID_JSON"),
                arguments("an empty frame", "", "INVALID_JSON"),
                arguments("a JSON array", "[{\"type\":\"send_message\",\"content\":\"hi\"}]", "INVALID_JSON"),
                arguments("a JSON string", "\"send_message\"", "INVALID_JSON"),
                arguments("a JSON number", "42", "INVALID_JSON"),
                arguments("JSON null", "null", "INVALID_JSON"),
                arguments("an object followed by garbage", send("\"hi\"") + " trailing", "INVALID_JSON"),
                arguments("no type", "{\"content\":\"hi\"}", "VALIDATION_ERROR"),
                arguments("a numeric type", "{\"type\":1,\"content\":\"hi\"}", "VALIDATION_ERROR"),
                arguments("a null type", "{\"type\":null}", "VALIDATION_ERROR"),
                arguments("an unknown type", "{\"type\":\"dance\"}", "VALIDATION_ERROR"),
                arguments("send_message without content", "{\"type\":\"send_message\"}", "VALIDATION_ERROR"),
                arguments("null content", send("null"), "VALIDATION_ERROR"),
                arguments("empty string content", send("\"\""), "VALIDATION_ERROR"),
                arguments("blank string content", send("\"  \\n\\t \""), "VALIDATION_ERROR"),
                arguments("an empty content array", send("[]"), "VALIDATION_ERROR"),
                arguments("one empty text part", send("[{\"type\":\"text\",\"text\":\"\"}]"), "VALIDATION_ERROR"),
                arguments("only blank text parts",
                        send("[{\"type\":\"text\",\"text\":\" \"},{\"type\":\"text\",\"text\":\"\\n\"}]"),
                        "VALIDATION_ERROR"),
                arguments("numeric content", send("42"), "VALIDATION_ERROR"),
                arguments("object content", send("{\"type\":\"text\",\"text\":\"hi\"}"), "VALIDATION_ERROR"),
                arguments("boolean content", send("true"), "VALIDATION_ERROR"),
                arguments("a part that is not an object", send("[\"hi\"]"), "VALIDATION_ERROR"),
                arguments("a part without type", send("[{\"text\":\"hi\"}]"), "VALIDATION_ERROR"),
                arguments("an unknown part type", send("[{\"type\":\"video\",\"url\":\"x\"}]"), "VALIDATION_ERROR"),
                arguments("a text part without text", send("[{\"type\":\"text\"}]"), "VALIDATION_ERROR"),
                arguments("a text part with numeric text", send("[{\"type\":\"text\",\"text\":5}]"),
                        "VALIDATION_ERROR"),
                arguments("a tool_use part from the client", send("[{\"type\":\"text\",\"text\":\"hi\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\":{}}]"), "VALIDATION_ERROR"),
                arguments("a tool_result part from the client", send("[{\"type\":\"tool_result\","
                        + "\"toolUseId\":\"t1\",\"content\":\"x\",\"isError\":false}]"), "VALIDATION_ERROR"),
                arguments("text over 100,000 characters", send("\"" + "a".repeat(100_001) + "\""), "VALIDATION_ERROR"),
                arguments("text parts together over 100,000 characters", send("[{\"type\":\"text\",\"text\":\""
                        + "a".repeat(60_000) + "\"},{\"type\":\"text\",\"text\":\"" + "b".repeat(40_001) + "\"}]"),
                        "VALIDATION_ERROR"),
                arguments("tool_approval_response for an unknown request",
                        "{\"type\":\"tool_approval_response\",\"requestId\":\"nope\",\"approved\":true}",
                        "UNKNOWN_REQUEST"),
                arguments("tool_approval_response with approved not a boolean",
                        "{\"type\":\"tool_approval_response\",\"requestId\":\"nope\",\"approved\":\"yes\"}",
                        "VALIDATION_ERROR"),
                arguments("tool_approval_response without requestId",
                        "{\"type\":\"tool_approval_response\",\"approved\":true}", "VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("invalidFrames")
    void anInvalidFrameIsAnErrorAndTheSocketStaysUsable(String what, String frame, String code) {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendText(frame);
            assertError(ws, code);
            assertThat(messageTotal(api, chatId), is(0));
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void textOfExactly100000CharactersIsAccepted() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("long read")));
            List<JsonObject> turn = ws.sendMessage("x".repeat(100_000)).untilIdle();
            JsonObject stored = turn.getFirst().getJsonObject("message");
            assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text").length(), is(100_000));
            assertThat(WsClient.text(turn), is("long read"));
        }
    }

    @Test
    void theLimitCountsCharactersNotUtf16Units() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("emoji")));
            List<JsonObject> turn = ws.sendMessage("\uD83D\uDE00".repeat(100_000)).untilIdle();
            assertThat(turn.getFirst().getString("type"), is("user_message_stored"));
        }
    }

    @Test
    void aBinaryFrameIsInvalidJson() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendBinary(send("\"hi\"").getBytes(StandardCharsets.UTF_8));
            assertError(ws, "INVALID_JSON");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void aMessageSplitAcrossContinuationFramesIsReassembled() {
        String chatId = api.createChat(ALICE, null);
        String frame = send("\"reassembled from many frames\"");
        String[] fragments = new String[frame.length() / 5 + 1];
        for (int i = 0; i < fragments.length; i++) {
            fragments[i] = frame.substring(Math.min(frame.length(), i * 5), Math.min(frame.length(), i * 5 + 5));
        }
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("got it")));
            List<JsonObject> turn = ws.sendFragments(fragments).untilIdle();
            assertThat(turn.getFirst().getJsonObject("message").getJsonArray("content").getJsonObject(0)
                    .getString("text"), is("reassembled from many frames"));
            assertThat(WsClient.text(turn), is("got it"));
        }
    }

    @Test
    void cancelWithNothingRunningIsHarmless() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.cancel();
            assertThat(ws.isQuietFor(java.time.Duration.ofMillis(300)), is(true));
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void anInvalidFrameIsAnsweredOnlyToItsSender() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (WsClient sender = WsClient.open(base, chatId, ALICE);
             WsClient other = WsClient.open(base, chatId, ALICE)) {
            other.awaitSubscribed();
            sender.sendText("{oops");
            assertError(sender, "INVALID_JSON");
            assertThat(other.isQuietFor(java.time.Duration.ofMillis(300)), is(true));
        }
    }

    @Test
    void aPlainStringAndATextPartArrayAreStoredAlike() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")),
                    FakeReply.sse(FakeUpstream.anthropicText("two")));
            JsonObject fromString = ws.sendMessage("same words").untilIdle().getFirst().getJsonObject("message");
            JsonObject fromArray = ws.send(Json.object().add("type", "send_message").add("content", Json.array()
                    .add(Json.object().add("type", "text").add("text", "same words")))
                    .build()).untilIdle().getFirst().getJsonObject("message");
            assertThat(fromArray.getJsonArray("content"), is(fromString.getJsonArray("content")));
        }
    }
}
