package agentchat.resilience;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * A fixed-seed corpus of malformed REST bodies and WebSocket frames against the running server:
 * never a 5xx (nor an INTERNAL_ERROR event), never a dropped socket, and the server healthy and
 * working afterwards. The agent is left unconfigured so that a frame which happens to be a valid
 * send_message ends at once (AGENT_NOT_CONFIGURED) instead of starting a generation.
 */
@ServerTest
class MalformedInputTest {

    private static final TestApp APP = TestApp.create(Map.of("agent.api-key", ""));

    private final Http1Client client;
    private final Api api;
    private final URI base;

    MalformedInputTest(Http1Client client, URI base) {
        this.client = client;
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void theCorpusIsLargeEnough() {
        int total = MalformedInputCorpus.restBodies().size() + MalformedInputCorpus.socketFrames().size()
                + MalformedInputCorpus.binaryFrames().size();
        assertThat(total, greaterThanOrEqualTo(200));
    }

    @Test
    void malformedRestBodiesNeverGetA5xx() {
        String chatId = api.createChat(ALICE, "target");
        List<String> failures = new ArrayList<>();
        for (MalformedInputCorpus.Case c : MalformedInputCorpus.restBodies()) {
            check(failures, c, "POST /api/chats", post(Method.POST, "/api/chats", c.bytes()));
            check(failures, c, "PATCH chat", post(Method.PATCH, "/api/chats/" + chatId, c.bytes()));
        }
        for (String query : List.of("limit=abc", "limit=99999999999999999999", "offset=-1", "limit=-5", "limit=1e3",
                "offset=99999999999999999999", "limit=%00", "limit=", "offset=%FF", "limit=1&limit=2")) {
            Api.Reply reply = api.get("/api/chats?" + query, ALICE);
            if (reply.status() >= 500 || !isErrorOrData(reply.text())) {
                failures.add("GET /api/chats?" + query + " → " + reply.status() + " " + abbreviate(reply.text()));
            }
            reply = api.get("/api/chats/" + chatId + "/messages?" + query, ALICE);
            if (reply.status() >= 500 || !isErrorOrData(reply.text())) {
                failures.add("GET messages?" + query + " → " + reply.status() + " " + abbreviate(reply.text()));
            }
        }
        assertThat(failures, is(empty()));
        assertThat(api.get("/health", null).status(), is(200));
        assertThat(api.get("/api/chats/" + chatId, ALICE).status(), is(200));
        assertThat(api.post("/api/chats", ALICE, Json.object().add("title", "still fine").build()).status(), is(201));
    }

    @Test
    void malformedFramesGetErrorEventsAndTheSocketStaysOpen() {
        String chatId = api.createChat(ALICE, "socket target");
        List<String> failures = new ArrayList<>();
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            int probe = 0;
            for (MalformedInputCorpus.Case c : MalformedInputCorpus.socketFrames()) {
                ws.sendText(c.text());
                probe = sync(ws, c, ++probe, failures);
            }
            for (MalformedInputCorpus.Case c : MalformedInputCorpus.binaryFrames()) {
                ws.sendBinary(c.bytes());
                probe = sync(ws, c, ++probe, failures);
            }
            // a message split over many frames, larger in total than limits.ws-message-bytes (16 MiB)
            List<String> parts = new ArrayList<>();
            String mebibyte = "m".repeat(1024 * 1024);
            parts.add("{\"type\":\"send_message\",\"content\":\"");
            for (int i = 0; i < 17; i++) {
                parts.add(mebibyte);
            }
            parts.add("\"}");
            ws.sendFragments(parts.toArray(String[]::new));
            sync(ws, new MalformedInputCorpus.Case("17 MiB in fragments", new byte[0]), ++probe, failures);

            assertThat(failures, is(empty()));
            assertThat(ws.isOpen(), is(true));
            // a valid frame still works on the same socket
            List<JsonObject> events = ws.sendMessage("after the corpus").untilIdle();
            assertThat(events.getFirst().getString("type"), is("user_message_stored"));
        }
        assertThat(api.get("/health", null).status(), is(200));
    }

    /** Sends a probe frame and reads up to its answer, checking what came before it. */
    private static int sync(WsClient ws, MalformedInputCorpus.Case c, int probe, List<String> failures) {
        if (!ws.isOpen()) {
            throw new AssertionError("socket closed by the server after frame: " + c + "; earlier failures " + failures);
        }
        String marker = "probe" + probe;
        ws.send(Json.object().add("type", marker).build());
        for (JsonObject event : ws.until(e -> e.getString("type").equals("error")
                && e.getString("error").contains(marker))) {
            if (event.getString("type").equals("error") && "INTERNAL_ERROR".equals(event.getString("code"))) {
                failures.add(c + " → " + event);
            }
        }
        return probe;
    }

    private HttpClientResponse raw(Method method, String path, byte[] body) {
        return client.method(method).path(path)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body);
    }

    private Api.Reply post(Method method, String path, byte[] body) {
        try (HttpClientResponse response = raw(method, path, body)) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            return new Api.Reply(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""), text);
        }
    }

    private static void check(List<String> failures, MalformedInputCorpus.Case c, String what, Api.Reply reply) {
        if (reply.status() >= 500 || !isErrorOrData(reply.text())) {
            failures.add(what + " " + c + " → " + reply.status() + " " + abbreviate(reply.text()));
        }
    }

    /** The body is JSON: {error, code, status} or {data}. */
    private static boolean isErrorOrData(String text) {
        try {
            JsonObject json = Json.parseObject(text);
            return json.containsKey("data") || (json.containsKey("code") && json.containsKey("error"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
