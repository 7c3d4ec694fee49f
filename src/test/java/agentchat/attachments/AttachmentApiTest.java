package agentchat.attachments;

import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import agentchat.db.Database;
import agentchat.db.Rows;
import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
import agentchat.testing.WsClient;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** POST and GET /api/chats/{id}/attachments: the bytes round trip, are stored once per chat, cache by ETag, and are refused as the contract says. */
@ServerTest
class AttachmentApiTest {

    /** A small image limit, so that "over the limit" needs no megabytes here (OversizedBodyTest sends those). */
    private static final int LIMIT = 2000;
    private static final TestApp APP = TestApp.create(Map.of("limits.image-bytes", String.valueOf(LIMIT),
            "limits.message-image-bytes", String.valueOf(LIMIT + LIMIT / 2)));
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private final Api api;
    private final Http1Client client;
    private final URI base;

    AttachmentApiTest(Http1Client client, URI base) {
        this.client = client;
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    private record Download(int status, byte[] bytes, String contentType, String etag, String cacheControl,
                            String nosniff) {
    }

    private Download download(String url, String key, String ifNoneMatch) {
        var request = client.get(url);
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        if (ifNoneMatch != null) {
            request.header(HeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        try (HttpClientResponse response = request.request()) {
            return new Download(response.status().code(),
                    response.entity().hasEntity() ? response.as(byte[].class) : new byte[0],
                    response.headers().contentType().map(type -> type.text()).orElse(""),
                    response.headers().first(HeaderNames.ETAG).orElse(null),
                    response.headers().first(HeaderNames.CACHE_CONTROL).orElse(null),
                    response.headers().first(HeaderNames.X_CONTENT_TYPE_OPTIONS).orElse(null));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void anUploadIs201WithTheAttachmentAndItsUrlServesTheSameBytes() throws Exception {
        String chatId = api.createChat(ALICE, null);
        byte[] png = TestImages.png(0x00FF00);

        Api.Reply reply = api.upload(chatId, ALICE, "image/png", png);
        assertThat(reply.text(), reply.status(), is(201));
        JsonObject attachment = reply.data();
        assertThat(attachment.getString("id"), matchesPattern("[0-9a-f-]{36}"));
        assertThat(attachment.getString("chatId"), is(chatId));
        assertThat(attachment.getString("mimeType"), is("image/png"));
        assertThat(attachment.getInt("size"), is(png.length));
        assertThat(attachment.getString("sha256"), is(sha256(png)));
        assertThat(attachment.getString("url"), is("/api/chats/" + chatId + "/attachments/" + attachment.getString("id")));
        assertThat(attachment.getString("createdAt"), matchesPattern(TIMESTAMP));

        Download download = download(attachment.getString("url"), ALICE, null);
        assertThat(download.status(), is(200));
        assertThat(download.bytes(), is(png));
        assertThat(download.contentType(), is("image/png"));
        assertThat(download.etag(), is("\"" + sha256(png) + "\""));
        assertThat(download.cacheControl(), is("private"));
        assertThat(download.nosniff(), is("nosniff"));
    }

    @Test
    void theSameBytesTwiceInOneChatAreStoredOnceAnd200TheSecondTime() {
        String chatId = api.createChat(ALICE, null);
        byte[] jpeg = TestImages.jpeg(0x123456);
        Api.Reply first = api.upload(chatId, ALICE, "image/jpeg", jpeg);
        Api.Reply second = api.upload(chatId, ALICE, "image/jpeg", jpeg);
        assertThat(first.status(), is(201));
        assertThat(second.status(), is(200));
        assertThat(second.data(), is(first.data()));

        String otherChat = api.createChat(ALICE, null);
        Api.Reply elsewhere = api.upload(otherChat, ALICE, "image/jpeg", jpeg);
        assertThat("another chat stores its own copy", elsewhere.status(), is(201));
        assertThat(elsewhere.data().getString("id"), not(first.data().getString("id")));
        assertThat(attachmentRows(chatId), is(1L));
    }

    @Test
    void aMatchingIfNoneMatchIs304WithoutTheBytes() {
        String chatId = api.createChat(ALICE, null);
        String url = api.upload(chatId, ALICE, "image/png", TestImages.png(0x0000FF)).data().getString("url");
        String etag = download(url, ALICE, null).etag();

        Download notModified = download(url, ALICE, etag);
        assertThat(notModified.status(), is(304));
        assertThat(notModified.bytes().length, is(0));
        assertThat(notModified.etag(), is(etag));
        assertThat(notModified.cacheControl(), is("private"));
        assertThat(download(url, ALICE, "\"other\", W/" + etag).status(), is(304));
        assertThat(download(url, ALICE, "\"other\"").status(), is(200));
    }

    @Test
    void anImageOfExactlyTheLimitIsStoredAndOneByteMoreIs413() {
        String chatId = api.createChat(ALICE, null);
        assertThat(api.upload(chatId, ALICE, "image/png", TestImages.pngOfSize(LIMIT)).status(), is(201));
        Api.Reply tooLarge = api.upload(chatId, ALICE, "image/png", TestImages.pngOfSize(LIMIT + 1));
        assertError(tooLarge, 413, "PAYLOAD_TOO_LARGE");
        assertThat(attachmentRows(chatId), is(1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/bmp", "text/plain", "application/octet-stream", "image/svg+xml"})
    void aTypeOutsideTheAllowedListIs415(String type) {
        assertError(api.upload(api.createChat(ALICE, null), ALICE, type, TestImages.png(1)), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anUploadWithoutContentTypeIs415() {
        assertError(api.upload(api.createChat(ALICE, null), ALICE, null, TestImages.png(1)), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void bytesThatAreNotTheDeclaredTypeAre415() {
        String chatId = api.createChat(ALICE, null);
        assertError(api.upload(chatId, ALICE, "image/png", TestImages.jpeg(1)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.upload(chatId, ALICE, "image/gif", "<svg onload=alert(1)>".getBytes()), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(attachmentRows(chatId), is(0L));
    }

    @Test
    void anEmptyBodyIs400() {
        assertError(api.upload(api.createChat(ALICE, null), ALICE, "image/png", new byte[0]), 400, "VALIDATION_ERROR");
    }

    @Test
    void anUnknownChatIs404() {
        assertError(api.upload("5b1f3c2e-0000-4000-8000-000000000000", ALICE, "image/png", TestImages.png(1)), 404,
                "NOT_FOUND");
        assertError(api.upload("not-a-uuid", ALICE, "image/png", TestImages.png(1)), 404, "NOT_FOUND");
    }

    @Test
    void anotherPrincipalsChatAndItsAttachmentsAre404() {
        String alicesChat = api.createChat(ALICE, null);
        String url = api.upload(alicesChat, ALICE, "image/png", TestImages.png(7)).data().getString("url");

        assertError(api.upload(alicesChat, BOB, "image/png", TestImages.png(8)), 404, "NOT_FOUND");
        assertThat(download(url, BOB, null).status(), is(404));
        assertThat(download(url, ALICE, null).status(), is(200));
    }

    @Test
    void anAttachmentIsServedOnlyUnderItsOwnChat() {
        String chatId = api.createChat(ALICE, null);
        String attachmentId = api.upload(chatId, ALICE, "image/png", TestImages.png(9)).data().getString("id");
        String otherChat = api.createChat(ALICE, null);
        assertThat(download("/api/chats/" + otherChat + "/attachments/" + attachmentId, ALICE, null).status(), is(404));
        assertThat(download("/api/chats/" + chatId + "/attachments/5b1f3c2e-0000-4000-8000-000000000000", ALICE, null)
                .status(), is(404));
        assertThat(download("/api/chats/" + chatId + "/attachments/nope", ALICE, null).status(), is(404));
    }

    @Test
    void withoutAKeyBothRoutesAre401() {
        String chatId = api.createChat(ALICE, null);
        String url = api.upload(chatId, ALICE, "image/png", TestImages.png(10)).data().getString("url");
        assertError(api.upload(chatId, null, "image/png", TestImages.png(11)), 401, "INVALID_API_KEY");
        assertThat(download(url, null, null).status(), is(401));
    }

    @Test
    void deletingTheChatDeletesItsAttachments() {
        String chatId = api.createChat(ALICE, null);
        api.upload(chatId, ALICE, "image/png", TestImages.png(12));
        api.upload(chatId, ALICE, "image/jpeg", TestImages.jpeg(12));
        assertThat(attachmentRows(chatId), is(2L));

        assertThat(api.delete("/api/chats/" + chatId, ALICE).status(), is(204));
        assertThat(attachmentRows(chatId), is(0L));
    }

    @Test
    void aMessageWhoseImagesTogetherExceedTheMessageLimitIsRefused() {
        String chatId = api.createChat(ALICE, null);
        String attachmentId = api.upload(chatId, ALICE, "image/png", TestImages.pngOfSize(LIMIT)).data().getString("id");
        JsonObject image = Json.object().add("type", "image").add("attachmentId", attachmentId).build();
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.send(Json.object().add("type", "send_message").add("content", Json.array().add(image).add(image)).build());
            JsonObject refused = ws.next();
            assertThat(refused.toString(), refused.getString("code"), is("VALIDATION_ERROR"));
            assertThat(refused.getString("error"), containsString("together"));

            ws.send(Json.object().add("type", "send_message").add("content", Json.array().add(image)).build());
            assertThat(ws.next().getString("type"), is("user_message_stored"));
        }
    }

    private static void assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.text(), reply.status(), is(status));
        assertThat(reply.contentType(), matchesPattern("application/json.*"));
        assertThat(reply.code(), is(code));
    }

    private static long attachmentRows(String chatId) {
        try (Database db = TestApp.openDatabase(APP.database())) {
            return db.execute().createGet("SELECT COUNT(*) AS n FROM attachments WHERE chat_id = :chatId")
                    .addParam("chatId", chatId).execute().map(row -> Rows.number(row, "n")).orElseThrow();
        }
    }
}
