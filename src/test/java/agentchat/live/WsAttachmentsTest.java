package agentchat.live;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RawUpgrade;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
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
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Images in messages as attachments: sent by id or inline, stored once, refused across chats, with or without their bytes. */
@ServerTest
class WsAttachmentsTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());

    private final Api api;
    private final URI base;

    WsAttachmentsTest(Http1Client client, URI base) {
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

    private static JsonObject sendImagePart(JsonObject imagePart) {
        return Json.object().add("type", "send_message").add("content", Json.array()
                .add(Json.object().add("type", "text").add("text", "Look"))
                .add(imagePart)).build();
    }

    private static JsonObject byId(String attachmentId) {
        return Json.object().add("type", "image").add("attachmentId", attachmentId).build();
    }

    private static JsonObject imagePartOf(List<JsonObject> turn) {
        return turn.getFirst().getJsonObject("message").getJsonArray("content").getJsonObject(1);
    }

    private JsonObject storedImagePart(String chatId, String query) {
        Api.Reply reply = api.get("/api/chats/" + chatId + "/messages" + query, ALICE);
        assertThat(reply.text(), reply.status(), is(200));
        return reply.json().getJsonArray("data").getJsonObject(0).getJsonArray("content").getJsonObject(1);
    }

    @Test
    void anUploadedImageSentByIdIsStoredByReferenceAndReachesTheModelWithItsBytes() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        byte[] png = TestImages.png(0x336699);
        JsonObject attachment = api.upload(chatId, ALICE, "image/png", png).data();
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("A blue pixel.")));
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);

        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject part = imagePartOf(ws.send(sendImagePart(byId(attachment.getString("id")))).untilIdle());
            assertThat(part.getString("attachmentId"), is(attachment.getString("id")));
            assertThat(part.getString("url"), is(attachment.getString("url")));
            assertThat(part.getString("mimeType"), is("image/png"));
            assertThat(part.getString("imageData"), is(dataUri));
        }
        JsonObject source = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages")
                .getJsonObject(0).getJsonArray("content").getJsonObject(1).getJsonObject("source");
        assertThat(source.getString("media_type"), is("image/png"));
        assertThat(source.getString("data"), is(Base64.getEncoder().encodeToString(png)));
        assertThat(storedImagePart(chatId, "").getString("imageData"), is(dataUri));
        assertThat(storedImagePart(chatId, "").getString("attachmentId"), is(attachment.getString("id")));
    }

    @Test
    void anInlineImageBecomesAnAttachmentOfTheChat() {
        String chatId = api.createChat(ALICE, null);
        byte[] jpeg = TestImages.jpeg(0xAA5500);
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        JsonObject part;
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            part = imagePartOf(ws.send(sendImagePart(Json.object().add("type", "image").add("mimeType", "image/jpeg")
                    .add("imageData", Base64.getEncoder().encodeToString(jpeg)).build())).untilIdle());
        }
        String attachmentId = part.getString("attachmentId");
        assertThat(part.getString("url"), is("/api/chats/" + chatId + "/attachments/" + attachmentId));

        Api.Reply sameBytes = api.upload(chatId, ALICE, "image/jpeg", jpeg);
        assertThat("the upload finds the inline image's attachment", sameBytes.status(), is(200));
        assertThat(sameBytes.data().getString("id"), is(attachmentId));
    }

    @Test
    void lineWrappedBase64IsAcceptedAsTheSameImage() {
        String chatId = api.createChat(ALICE, null);
        byte[] png = TestImages.png(0x0F0F0F);
        String wrapped = Base64.getMimeEncoder(8, "\r\n".getBytes()).encodeToString(png);
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            JsonObject part = imagePartOf(ws.send(sendImagePart(Json.object().add("type", "image")
                    .add("mimeType", "image/png").add("imageData", wrapped).build())).untilIdle());
            assertThat(part.getString("imageData"), is("data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
        }
    }

    @Test
    void theSameImageSentInlineTwiceIsStoredOnce() {
        String chatId = api.createChat(ALICE, null);
        JsonObject inline = Json.object().add("type", "image")
                .add("imageData", "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(0x010203)))
                .build();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")));
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("two")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            String first = imagePartOf(ws.send(sendImagePart(inline)).untilIdle()).getString("attachmentId");
            String second = imagePartOf(ws.send(sendImagePart(inline)).untilIdle()).getString("attachmentId");
            assertThat(second, is(first));
        }
    }

    @Test
    void anAttachmentOfAnotherChatIsRefusedAndNothingIsStored() {
        String source = api.createChat(ALICE, null);
        String attachmentId = api.upload(source, ALICE, "image/png", TestImages.png(0x111111)).data().getString("id");
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(sendImagePart(byId(attachmentId)));
            assertError(ws, "NOT_FOUND");
            assertStillUsable(api, UPSTREAM, ws, chatId);
        }
    }

    @Test
    void anAttachmentOfAnotherPrincipalIsRefused() {
        String bobsChat = api.createChat(BOB, null);
        String bobsAttachment = api.upload(bobsChat, BOB, "image/png", TestImages.png(0x222222)).data().getString("id");
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(sendImagePart(byId(bobsAttachment)));
            assertError(ws, "NOT_FOUND");
            ws.send(sendImagePart(byId("not an id")));
            assertError(ws, "NOT_FOUND");
            ws.send(sendImagePart(Json.object().add("type", "image").add("attachmentId", 42).build()));
            assertError(ws, "VALIDATION_ERROR");
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(0));
    }

    @Test
    void imageDataFalseLeavesTheBytesOutOfTheHistoryAndTheDefaultKeepsThem() {
        String chatId = api.createChat(ALICE, null);
        byte[] png = TestImages.png(0x445566);
        String attachmentId = api.upload(chatId, ALICE, "image/png", png).data().getString("id");
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(sendImagePart(byId(attachmentId))).untilIdle();
        }
        JsonObject light = storedImagePart(chatId, "?imageData=false");
        assertThat(light.containsKey("imageData"), is(false));
        assertThat(light.getString("attachmentId"), is(attachmentId));
        assertThat(light.getString("url"), is("/api/chats/" + chatId + "/attachments/" + attachmentId));
        assertThat(storedImagePart(chatId, "?imageData=true").getString("imageData"),
                is("data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
        Api.Reply bad = api.get("/api/chats/" + chatId + "/messages?imageData=no", ALICE);
        assertThat(bad.status(), is(400));
        assertThat(bad.code(), is("VALIDATION_ERROR"));
    }

    @Test
    void aSocketOpenedWithImageDataFalseGetsTheStoredMessageWithoutTheBytes() {
        String chatId = api.createChat(ALICE, null);
        String inlineData = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(0x778899));
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        try (WsClient light = WsClient.open(WsClient.wsUri(base, chatId, "token=" + ALICE + "&imageData=false"), null);
             WsClient full = WsClient.open(base, chatId, ALICE)) {
            light.awaitSubscribed();
            full.awaitSubscribed();
            List<JsonObject> turn = full.send(sendImagePart(Json.object().add("type", "image")
                    .add("imageData", inlineData).build())).untilIdle();
            assertThat(imagePartOf(turn).getString("imageData"), is(inlineData));

            JsonObject part = imagePartOf(light.until("user_message_stored"));
            assertThat(part.containsKey("imageData"), is(false));
            assertThat(part.getString("mimeType"), is("image/png"));
            assertThat(part.getString("url"), is(imagePartOf(turn).getString("url")));
            assertThat(WsClient.text(light.untilIdle()), is("ok"));
        }
    }

    @Test
    void aSocketUrlWithABadImageDataValueIsRefusedBeforeTheUpgrade() {
        String chatId = api.createChat(ALICE, null);
        RawUpgrade.Response refused = RawUpgrade.send(base.getPort(),
                "/api/chats/" + chatId + "/ws?token=" + ALICE + "&imageData=maybe", Map.of());
        assertThat(refused.status(), is(400));
        assertThat(Json.parseObject(refused.body()).getString("code"), is("VALIDATION_ERROR"));
    }
}
