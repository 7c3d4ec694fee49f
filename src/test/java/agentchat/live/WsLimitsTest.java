package agentchat.live;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.FrameChecks.assertError;
import static agentchat.live.FrameChecks.assertStillUsable;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With small configured limits: an image over the byte limit and a message over the frame limit are refused. */
@ServerTest
class WsLimitsTest {

    static final int IMAGE_BYTES = 1000;
    static final int MESSAGE_CHARS = 20_000;

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of(
            "limits.image-bytes", String.valueOf(IMAGE_BYTES),
            "limits.ws-message-bytes", String.valueOf(MESSAGE_CHARS)));

    private final Api api;
    private final URI base;

    WsLimitsTest(Http1Client client, URI base) {
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

    private static byte[] pngOfSize(int size) {
        return Arrays.copyOf(WsImagesTest.PNG, size);
    }

    @Test
    void anImageOverTheLimitIsRefused() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(WsImagesTest.sendImage(Json.object().add("imageData", WsImagesTest.base64(pngOfSize(IMAGE_BYTES + 1)))
                    .add("mimeType", "image/png")));
            assertError(ws, "VALIDATION_ERROR");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void anImageOfExactlyTheLimitIsAccepted() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("seen")));
            ws.send(WsImagesTest.sendImage(Json.object().add("imageData", WsImagesTest.base64(pngOfSize(IMAGE_BYTES)))
                    .add("mimeType", "image/png")));
            assertThat(ws.untilIdle().getFirst().getString("type"),
                    is("user_message_stored"));
        }
    }

    @Test
    void aMessageOverTheLimitInOneFrameIsMessageTooLarge() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("y".repeat(MESSAGE_CHARS));
            assertError(ws, "MESSAGE_TOO_LARGE");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void aMessageOverTheLimitAcrossFramesIsMessageTooLarge() {
        String chatId = api.createChat(ALICE, null);
        String frame = "{\"type\":\"send_message\",\"content\":\"" + "z".repeat(MESSAGE_CHARS) + "\"}";
        int third = frame.length() / 3;
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendFragments(frame.substring(0, third), frame.substring(third, 2 * third), frame.substring(2 * third));
            assertError(ws, "MESSAGE_TOO_LARGE");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }
}
