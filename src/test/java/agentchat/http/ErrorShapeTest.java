package agentchat.http;

import java.nio.charset.StandardCharsets;

import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

/** Every failure is {@code {error, code, status}} JSON with the right status. */
@ServerTest
class ErrorShapeTest {

    private static final TestApp APP = TestApp.create();

    private final Api api;
    private final Http1Client client;

    ErrorShapeTest(Http1Client client) {
        this.client = client;
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    private static void assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.text(), reply.status(), is(status));
        assertThat(reply.contentType(), matchesPattern("application/json.*"));
        JsonObject body = reply.json();
        assertThat(body.getString("code"), is(code));
        assertThat(body.getInt("status"), is(status));
        assertThat(body.getString("error").isBlank(), is(false));
    }

    @ParameterizedTest
    @CsvSource({"/nope", "/api/nope", "/api/chats/x/y/z", "/healthz"})
    void unknownPathsAre404Json(String path) {
        assertError(api.get(path, ALICE), 404, "NOT_FOUND");
    }

    @ParameterizedTest
    @CsvSource({"POST,/health", "DELETE,/health", "PUT,/api/chats", "DELETE,/api/chats", "POST,/api/chats/ID", "PUT,/api/chats/ID",
            "POST,/api/chats/ID/messages", "DELETE,/api/chats/ID/messages"})
    void wrongMethodsAre405Json(String method, String path) {
        String resolved = path.replace("ID", api.createChat(ALICE, null));
        assertError(api.send(Method.create(method), resolved, ALICE, null, null), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void malformedJsonIs400InvalidJson() {
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/json", "{\"title\":"), 400, "INVALID_JSON");
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/json", "{'title':'x'}"), 400, "INVALID_JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIs400() {
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/json", "[1,2]"), 400, "VALIDATION_ERROR");
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/json", "\"title\""), 400, "VALIDATION_ERROR");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        try (HttpClientResponse response = client.post("/api/chats")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            assertThat(response.status().code(), is(400));
            assertThat(response.as(String.class), matchesPattern(".*INVALID_JSON.*"));
        }
    }

    @Test
    void nonJsonContentTypeIs415() {
        assertError(api.send(Method.POST, "/api/chats", ALICE, "text/plain", "hello"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/x-www-form-urlencoded", "title=x"),
                415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void bodyWithoutContentTypeThatIsNotJsonIs415() {
        assertError(api.send(Method.POST, "/api/chats", ALICE, null, "hello"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void bodyWithoutContentTypeThatIsJsonIsAccepted() {
        assertThat(api.send(Method.POST, "/api/chats", ALICE, null, "{\"title\":\"bare\"}").status(), is(201));
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String big = "{\"title\":\"" + "a".repeat(1024 * 1024) + "\"}";
        assertError(api.send(Method.POST, "/api/chats", ALICE, "application/json", big), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverOneMebibyteIs413() {
        byte[] big = ("{\"title\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (HttpClientResponse response = client.post("/api/chats")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .outputStream(out -> {
                    for (int i = 0; i < big.length; i += 65536) {
                        out.write(big, i, Math.min(65536, big.length - i));
                    }
                    out.close();
                })) {
            assertThat(response.status().code(), is(413));
        }
    }

    @Test
    void oneMebibyteExactlyIsAccepted() {
        String prefix = "{\"title\":\"ok\",\"pad\":\"";
        String body = prefix + "a".repeat(1024 * 1024 - prefix.length() - 2) + "\"}";
        assertThat(body.length(), is(1024 * 1024));
        assertThat(api.send(Method.POST, "/api/chats", ALICE, "application/json", body).status(), is(201));
    }
}
