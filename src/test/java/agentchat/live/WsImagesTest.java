package agentchat.live;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.FrameChecks.assertError;
import static agentchat.live.FrameChecks.assertStillUsable;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Images in send_message: a real one is stored and reaches the model; bad ones are refused before storing. */
@ServerTest
class WsImagesTest {

    static final byte[] PNG = TestImages.png(0xFF0000);
    static final byte[] JPEG = TestImages.jpeg(0xFF0000);

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    WsImagesTest(Http1Client client, URI base) {
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

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static JsonObject sendImage(JsonObjectBuilder imagePart) {
        return Json.object().add("type", "send_message").add("content", Json.array()
                .add(Json.object().add("type", "text").add("text", "What is this?"))
                .add(imagePart.add("type", "image"))).build();
    }

    private void assertRefused(JsonObject frame) {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(frame);
            assertError(ws, "VALIDATION_ERROR");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void aValidImageIsStoredAsADataUriAndReachesTheModelAsAnImageBlock() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("A red pixel.")));
        String dataUri = "data:image/png;base64," + base64(PNG);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = ws.send(sendImage(Json.object().add("imageData", dataUri)
                    .add("mimeType", "image/png"))).untilIdle();
            JsonObject image = turn.getFirst().getJsonObject("message").getJsonArray("content").getJsonObject(1);
            assertThat(image.getString("type"), is("image"));
            assertThat(image.getString("mimeType"), is("image/png"));
            assertThat(image.getString("imageData"), is(dataUri));
            assertThat(WsClient.text(turn), is("A red pixel."));
        }
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(0).getJsonArray("content").getJsonObject(1);
        assertThat(stored.getString("imageData"), is(dataUri));
        assertThat(stored.getString("mimeType"), is("image/png"));

        JsonObject sent = UPSTREAM.awaitRequest(request, WsClient.WAIT).json()
                .getJsonArray("messages").getJsonObject(0).getJsonArray("content").getJsonObject(1);
        assertThat(sent.getString("type"), is("image"));
        JsonObject source = sent.getJsonObject("source");
        assertThat(source.getString("type"), is("base64"));
        assertThat(source.getString("media_type"), is("image/png"));
        assertThat(source.getString("data"), is(base64(PNG)));
    }

    @Test
    void plainBase64WithAMimeTypeIsStoredAsADataUri() {
        String chatId = api.createChat(ALICE, null);
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("A photo.")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject image = ws.send(sendImage(Json.object().add("imageData", base64(JPEG))
                            .add("mimeType", "image/jpeg"))).untilIdle()
                    .getFirst().getJsonObject("message").getJsonArray("content").getJsonObject(1);
            assertThat(image.getString("imageData"), is("data:image/jpeg;base64," + base64(JPEG)));
            assertThat(image.getString("mimeType"), is("image/jpeg"));
        }
    }

    @Test
    void aDataUriWithoutMimeTypeTakesItsTypeFromTheUri() {
        String chatId = api.createChat(ALICE, null);
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject image = ws.send(sendImage(Json.object().add("imageData", "data:image/png;base64," + base64(PNG))))
                    .untilIdle().getFirst().getJsonObject("message").getJsonArray("content").getJsonObject(1);
            assertThat(image.getString("mimeType"), is("image/png"));
        }
    }

    @Test
    void aTypeOutsideTheAllowedListIsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", base64(TestImages.bmp(0xFF0000)))
                .add("mimeType", "image/bmp")));
    }

    @Test
    void bytesThatAreNotTheDeclaredTypeAreRefused() {
        assertRefused(sendImage(Json.object().add("imageData", base64(JPEG)).add("mimeType", "image/png")));
    }

    @Test
    void textDeclaredAsAnImageIsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", base64("<svg/>".getBytes()))
                .add("mimeType", "image/gif")));
    }

    @Test
    void invalidBase64IsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", "iVBORw0KGgo!!!*not base64*").add("mimeType", "image/png")));
    }

    @Test
    void emptyImageDataIsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", "").add("mimeType", "image/png")));
    }

    @Test
    void plainBase64WithoutMimeTypeIsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", base64(PNG))));
    }

    @Test
    void aDataUriContradictingItsMimeTypeIsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", "data:image/png;base64," + base64(PNG))
                .add("mimeType", "image/jpeg")));
    }

    @Test
    void aDataUriThatIsNotBase64IsRefused() {
        assertRefused(sendImage(Json.object().add("imageData", "data:image/png,rawbytes").add("mimeType", "image/png")));
    }

    @Test
    void anImagePartWithoutImageDataIsRefused() {
        assertRefused(sendImage(Json.object().add("mimeType", "image/png")));
    }
}
