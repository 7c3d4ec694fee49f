package agentchat.live;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.OneFrameWsClient;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.FrameChecks.assertError;
import static agentchat.live.FrameChecks.assertStillUsable;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With the default limits: an image of exactly 10 MiB goes through (one 14 MB frame), one byte more is refused. */
@ServerTest
class WsMaxImageTest {

    static final int TEN_MIB = 10 * 1024 * 1024;

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    WsMaxImageTest(Http1Client client, URI base) {
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

    private static JsonObject imageOf(int bytes) {
        return WsImagesTest.sendImage(Json.object()
                .add("imageData", WsImagesTest.base64(Arrays.copyOf(WsImagesTest.PNG, bytes)))
                .add("mimeType", "image/png"));
    }

    @Test
    void anImageOfExactlyTenMibIsStoredAndAnswered() throws InterruptedException {
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("That is a big one.")));
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.send(imageOf(TEN_MIB)).untilIdle();
            assertThat(turn.getFirst().getString("type"), is("user_message_stored"));
            assertThat(WsClient.text(turn), is("That is a big one."));
        }
        String sent = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages")
                .getJsonObject(0).getJsonArray("content").getJsonObject(1).getJsonObject("source").getString("data");
        assertThat(sent.length(), is(WsImagesTest.base64(new byte[TEN_MIB]).length()));
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages?limit=1", ALICE).json().getJsonArray("data")
                .getJsonObject(0).getJsonArray("content").getJsonObject(1);
        assertThat(stored.getString("imageData").length(), is("data:image/png;base64,".length() + sent.length()));
    }

    /** One 14 MB frame, as a browser sends it: its cost was quadratic in Helidon (see LinearFrameReading). */
    @Test
    void anImageOfTenMibInOneFrameIsStoredAndAnswered() {
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("One frame.")));
        String chatId = api.createChat(ALICE, null);
        try (OneFrameWsClient ws = OneFrameWsClient.open(base.getPort(), "/api/chats/" + chatId + "/ws?token=" + ALICE
                + "&imageData=false")) {
            JsonObject stored = ws.send(imageOf(TEN_MIB)).next();
            assertThat(stored.getString("type"), is("user_message_stored"));
            JsonObject image = stored.getJsonObject("message").getJsonArray("content").getJsonObject(1);
            assertThat(image.getString("mimeType"), is("image/png"));
            assertThat(image.containsKey("imageData"), is(false));
        }
    }

    @Test
    void anImageOneByteOverTenMibIsRefused() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(imageOf(TEN_MIB + 1));
            assertError(ws, "VALIDATION_ERROR");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }
}
