package agentchat.live;

import java.net.URI;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.OpenAiStream;
import agentchat.testing.RecordedRequest;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

/** A chat's own model and system prompt reach the upstream request, and its model prices the turn. */
@ServerTest
class ChatModelTurnTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of(
            "agent.system-prompt", "The server's own prompt.",
            "agent.models", "claude-haiku-4-5,claude-opus-4-5"));

    private final Api api;
    private final URI base;

    ChatModelTurnTest(Http1Client client, URI base) {
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

    private RecordedRequest turn(URI server, String chatId, FakeUpstream upstream, FakeReply reply) throws InterruptedException {
        int index = upstream.requestCount();
        upstream.enqueue(reply);
        try (WsClient ws = WsClient.open(server, chatId, ALICE)) {
            ws.sendMessage("Hello").untilIdle();
        }
        return upstream.awaitRequest(index, WsClient.WAIT);
    }

    /** The system prompt of an Anthropic request: a string, or (with prompt caching) text blocks. */
    private static String systemText(JsonObject body) {
        return switch (body.get("system").getValueType()) {
            case STRING -> body.getString("system");
            case ARRAY -> body.getJsonArray("system").getValuesAs(JsonObject.class).stream()
                    .map(block -> block.getString("text")).collect(java.util.stream.Collectors.joining());
            default -> throw new AssertionError("system is " + body.get("system"));
        };
    }

    @Test
    void aChatWithoutSettingsUsesTheServerDefaults() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        JsonObject body = turn(base, chatId, UPSTREAM, FakeReply.sse(FakeUpstream.anthropicText("ok"))).json();
        assertThat(body.getString("model"), is("claude-sonnet-4-5"));
        assertThat(systemText(body), is("The server's own prompt."));
    }

    @Test
    void theChatsModelAndSystemPromptGoUpstream() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        api.patch("/api/chats/" + chatId, ALICE, Json.object().add("model", "claude-haiku-4-5")
                .add("systemPrompt", "Answer like a pirate.").build());
        JsonObject body = turn(base, chatId, UPSTREAM, FakeReply.sse(FakeUpstream.anthropicText("Arr"))).json();
        assertThat(body.getString("model"), is("claude-haiku-4-5"));
        assertThat(systemText(body), is("Answer like a pirate."));

        api.patch("/api/chats/" + chatId, ALICE, Json.object().addNull("model").addNull("systemPrompt").build());
        JsonObject after = turn(base, chatId, UPSTREAM, FakeReply.sse(FakeUpstream.anthropicText("ok"))).json();
        assertThat(after.getString("model"), is("claude-sonnet-4-5"));
        assertThat(systemText(after), is("The server's own prompt."));
    }

    @Test
    void theChatsModelPricesTheTurnWhenTheUpstreamNamesAnUnpricedModel() {
        String chatId = api.createChat(ALICE, null);
        api.patch("/api/chats/" + chatId, ALICE, Json.object().add("model", "claude-opus-4-5").build());
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().model("opus-alias").usage(1_000_000, 0).text("ok").events()));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject metadata = TurnEvents.completed(ws.sendMessage("price me").untilIdle()).getJsonObject("metadata");
            // claude-opus-4-5 costs $5 per million input tokens; the default model would be $3
            assertThat(metadata.getJsonNumber("totalCostUsd").doubleValue(), closeTo(5.0, 0.001));
        }
    }

    @Test
    void aModelTakenOffTheListFallsBackToTheDefaultAfterARestart() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        api.patch("/api/chats/" + chatId, ALICE, Json.object().add("model", "claude-opus-4-5").build());
        try (FakeUpstream upstream = FakeUpstream.start()) {
            TestApp restarted = LiveTestSupport.appOn(APP.database(), upstream, "anthropic",
                    Map.of("agent.models", "claude-haiku-4-5"));
            WebServer server = WebServer.builder().host("localhost").port(0).update(restarted::configure).build().start();
            try {
                URI uri = URI.create("http://localhost:" + server.port());
                JsonObject body = turn(uri, chatId, upstream, FakeReply.sse(FakeUpstream.anthropicText("ok"))).json();
                assertThat(body.getString("model"), is("claude-sonnet-4-5"));
                Api other = new Api(Http1Client.builder().baseUri(uri).build());
                assertThat(other.get("/api/chats/" + chatId, ALICE).data().getString("model"), is("claude-opus-4-5"));
            } finally {
                server.stop();
                restarted.close();
            }
        }
    }

    @Test
    void theOpenAiFormatCarriesTheChatsModelAndSystemPromptToo() throws InterruptedException {
        try (FakeUpstream upstream = FakeUpstream.start()) {
            TestApp openAi = LiveTestSupport.appFor(upstream, "openai", Map.of("agent.models", "gpt-4.1"));
            WebServer server = WebServer.builder().host("localhost").port(0).update(openAi::configure).build().start();
            try {
                URI uri = URI.create("http://localhost:" + server.port());
                Api other = new Api(Http1Client.builder().baseUri(uri).build());
                String chatId = other.createChat(ALICE, null);
                other.patch("/api/chats/" + chatId, ALICE, Json.object().add("model", "gpt-4.1")
                        .add("systemPrompt", "Only haiku.").build());
                JsonObject body = turn(uri, chatId, upstream,
                        FakeReply.sse(new OpenAiStream().text("ok").events())).json();
                assertThat(body.getString("model"), is("gpt-4.1"));
                JsonObject system = body.getJsonArray("messages").getJsonObject(0);
                assertThat(system.getString("role"), is("system"));
                assertThat(system.getString("content"), is("Only haiku."));
            } finally {
                server.stop();
                openAi.close();
            }
        }
    }
}
