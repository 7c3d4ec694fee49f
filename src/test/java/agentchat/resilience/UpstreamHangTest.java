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

/** An upstream that hangs ends the turn with UPSTREAM_TIMEOUT; the chat is free again afterwards. */
@ServerTest
class UpstreamHangTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = TestApp.create(Map.of(
            "agent.base-url", UPSTREAM.baseUrl(), "agent.api-key", "x", "agent.max-retries", "0",
            "agent.response-timeout-ms", "1000", "agent.idle-timeout-ms", "1000"));

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
    void anUpstreamThatNeverAnswersTimesOutAndFreesTheChat() {
        UPSTREAM.enqueue(FakeReply.hang(), FakeReply.sse(FakeUpstream.anthropicText("answered")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("hello?").untilIdle();
            JsonObject error = turn.get(turn.size() - 2);
            assertThat(error.getString("code"), is("UPSTREAM_TIMEOUT"));
            assertThat(error.getString("messageId"), is(turn.get(1).getString("messageId")));
            assertThat(WsClient.text(ws.sendMessage("again").untilIdle()), is("answered"));
        }
    }

    @Test
    void anUpstreamThatStallsMidStreamTimesOutAndKeepsThePartialText() {
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text("started ", "then").head()).thenStall());
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.sendMessage("go").untilIdle();
            assertThat(turn.get(turn.size() - 2).getString("code"), is("UPSTREAM_TIMEOUT"));
        }
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text").startsWith("started"), is(true));
        assertThat(stored.getJsonObject("metadata").getString("stopReason"), is("error"));
        assertThat(stored.getJsonObject("metadata").getString("errorCode"), is("UPSTREAM_TIMEOUT"));
    }
}
