package agentchat.resilience;

import java.net.URI;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
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

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The upstream model hanging (no headers at all, or a stream that stops mid-answer): the turn ends
 * with an UPSTREAM_TIMEOUT error event within the configured timeouts, the partial text is kept,
 * and the chat is free again (the next send_message works, no CHAT_BUSY).
 */
@ServerTest
class UpstreamHangTest {

    private static final long RESPONSE_TIMEOUT_MS = 1500;
    private static final long IDLE_TIMEOUT_MS = 1500;
    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = TestApp.create(Map.of(
            "agent.provider", "anthropic",
            "agent.base-url", UPSTREAM.baseUrl(),
            "agent.api-key", "test-upstream-key",
            "agent.model", "claude-sonnet-4-5",
            "agent.max-retries", "0",
            "agent.response-timeout-ms", String.valueOf(RESPONSE_TIMEOUT_MS),
            "agent.idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS)));

    private final Api api;
    private final URI base;

    UpstreamHangTest(Http1Client client, URI base) {
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

    @Test
    void anUpstreamThatNeverAnswersEndsTheTurnWithUpstreamTimeout() {
        UPSTREAM.enqueue(FakeReply.hang());
        String chatId = api.createChat(ALICE, "hang");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            long t0 = System.nanoTime();
            List<JsonObject> events = ws.sendMessage("hello?").untilIdle();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            JsonObject error = events.get(events.size() - 2);
            assertThat(error.toString(), error.getString("type"), is("error"));
            assertThat(error.getString("code"), is("UPSTREAM_TIMEOUT"));
            assertThat(error.getString("messageId"), is(events.get(1).getString("messageId")));
            assertThat("within the configured timeouts", ms, lessThan(RESPONSE_TIMEOUT_MS * 4 + 5000));
            UPSTREAM.fallback(FakeReply.sse(FakeUpstream.anthropicText("fine")));
            assertNextTurnWorks(ws, "fine");
        } finally {
            UPSTREAM.fallback(FakeReply.status(500));
        }
    }

    @Test
    void aStreamThatStallsMidAnswerEndsWithUpstreamTimeoutAndKeepsThePartialText() {
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text("Partial").head()).thenStall());
        String chatId = api.createChat(ALICE, "stall");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            long t0 = System.nanoTime();
            List<JsonObject> events = ws.sendMessage("tell me").untilIdle();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(WsClient.text(events), is("Partial"));
            JsonObject error = events.get(events.size() - 2);
            assertThat(error.toString(), error.getString("code"), is("UPSTREAM_TIMEOUT"));
            assertThat("within the idle timeout", ms, lessThan(IDLE_TIMEOUT_MS + 5000));
            JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json()
                    .getJsonArray("data").getJsonObject(1);
            assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is("Partial"));
            assertThat(stored.getJsonObject("metadata").getString("stopReason"), is("error"));

            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("next")));
            assertNextTurnWorks(ws, "next");
        }
    }

    private static void assertNextTurnWorks(WsClient ws, String text) {
        List<JsonObject> events = ws.sendMessage("again").untilIdle();
        assertThat(events.toString(), events.get(events.size() - 2).getString("type"), is("message_complete"));
        assertThat(WsClient.text(events), is(text));
    }
}
