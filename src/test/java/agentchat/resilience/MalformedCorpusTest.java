package agentchat.resilience;

import java.net.URI;
import java.util.List;

import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
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
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** A generated corpus of malformed frames and bodies: never a 5xx, never a dropped socket, healthy after. */
@ServerTest
class MalformedCorpusTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start()
            .fallback(FakeReply.sse(FakeUpstream.anthropicText("still fine")));
    private static final TestApp APP = TestApp.create(java.util.Map.of(
            "agent.base-url", UPSTREAM.baseUrl(), "agent.api-key", "x"));

    private final Http1Client client;
    private final Api api;
    private final URI base;

    MalformedCorpusTest(Http1Client client, URI base) {
        this.client = client;
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
    void everyMalformedFrameGetsAnErrorEventAndTheSocketKeepsWorking() {
        List<String> frames = MalformedCorpus.frames();
        assertThat(frames.size(), greaterThanOrEqualTo(200));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            for (String frame : frames) {
                JsonObject event = ws.sendText(frame).next();
                String shown = frame.length() > 80 ? frame.substring(0, 80) + "…" : frame;
                assertThat(shown, event.getString("type"), is("error"));
                assertThat(shown, event.getString("code").matches("[A-Z_]+"), is(true));
            }
            List<JsonObject> turn = ws.sendMessage("a valid message at last").untilIdle();
            assertThat(WsClient.text(turn), is("still fine"));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(2));
        assertThat(api.get("/health", null).status(), is(200));
    }

    @Test
    void noMalformedBodyCausesAServerError() {
        String chatId = api.createChat(ALICE, "keep");
        List<byte[]> bodies = MalformedCorpus.bodies();
        assertThat(bodies.size(), greaterThanOrEqualTo(100));
        for (byte[] body : bodies) {
            for (boolean patch : new boolean[]{false, true}) {
                try (HttpClientResponse response = (patch ? client.patch("/api/chats/" + chatId) : client.post("/api/chats"))
                        .header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit(body)) {
                    int status = response.status().code();
                    String text = response.as(String.class);
                    String shown = new String(body, 0, Math.min(body.length, 60), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(shown + " -> " + text, status, lessThan(500));
                    if (status >= 400) {
                        assertThat(text, text.contains("\"code\""), is(true));
                    }
                }
            }
        }
        assertThat(api.get("/health", null).status(), is(200));
        assertThat(api.get("/api/chats/" + chatId, ALICE).status(), is(200));
    }
}
