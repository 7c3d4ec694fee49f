package agentchat.auth;

import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

@ServerTest
class AuthTest {

    /** carol's key is configured by digest only: sha256("carol-secret"). */
    private static final String CAROL_DIGEST = "sha256:" + java.util.HexFormat.of().formatHex(ApiKeys.sha256("carol-secret"));
    private static final TestApp APP = TestApp.create(Map.of(
            "auth.api-keys-env", "alice=" + ALICE + ",bob=" + BOB + ",carol=" + CAROL_DIGEST + ",unnamed-key"));

    private final Api api;
    private final Http1Client client;

    AuthTest(Http1Client client) {
        this.client = client;
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    private static void assertUnauthorized(Api.Reply reply) {
        assertThat(reply.status(), is(401));
        JsonObject body = reply.json();
        assertThat(body, is(Json.object().add("error", "Unauthorized").add("code", "INVALID_API_KEY")
                .add("status", 401).build()));
    }

    @Test
    void missingKeyIs401OnEveryApiRoute() {
        String id = api.createChat(ALICE, null);
        for (String path : List.of("/api/chats", "/api/chats/" + id, "/api/chats/" + id + "/messages", "/api/nope")) {
            assertUnauthorized(api.get(path, null));
        }
        assertUnauthorized(api.post("/api/chats", null, Json.object().build()));
        assertUnauthorized(api.delete("/api/chats/" + id, null));
        assertThat(api.get("/api/chats/" + id, ALICE).status(), is(200));
    }

    @Test
    void wrongKeyIs401() {
        assertUnauthorized(api.get("/api/chats", "alice-key-but-wrong"));
        assertUnauthorized(api.get("/api/chats", ""));
        assertUnauthorized(api.get("/api/chats", CAROL_DIGEST));
    }

    @Test
    void keyInQueryIsNotAcceptedOnRest() {
        assertUnauthorized(api.get("/api/chats?token=" + ALICE, null));
    }

    @Test
    void nonBearerSchemeIs401() {
        try (HttpClientResponse response = client.get("/api/chats")
                .header(HeaderNames.AUTHORIZATION, "Basic " + ALICE).request()) {
            assertThat(response.status().code(), is(401));
        }
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        try (HttpClientResponse response = client.get("/api/chats")
                .header(HeaderNames.AUTHORIZATION, "bearer " + ALICE).request()) {
            assertThat(response.status().code(), is(200));
        }
    }

    @Test
    void keyConfiguredAsSha256DigestWorks() {
        assertThat(api.get("/api/chats", "carol-secret").status(), is(200));
    }

    @Test
    void unnamedKeyIsItsOwnPrincipal() {
        String id = api.createChat("unnamed-key", "mine");
        assertThat(api.get("/api/chats/" + id, "unnamed-key").status(), is(200));
        assertThat(api.get("/api/chats/" + id, ALICE).status(), is(404));
    }

    @Test
    void anotherPrincipalsChatIs404OnEveryRoute() {
        String id = api.createChat(ALICE, "private");
        Api.Reply get = api.get("/api/chats/" + id, BOB);
        assertThat(get.status(), is(404));
        assertThat(get.code(), is("NOT_FOUND"));
        assertThat(api.patch("/api/chats/" + id, BOB, Json.object().add("title", "x").build()).status(), is(404));
        assertThat(api.get("/api/chats/" + id + "/messages", BOB).status(), is(404));
        assertThat(api.delete("/api/chats/" + id, BOB).status(), is(404));
        assertThat(api.get("/api/chats/" + id, ALICE).data().getString("title"), is("private"));
    }

    @Test
    void listShowsOnlyOwnChats() {
        String alices = api.createChat(ALICE, null);
        String bobs = api.createChat(BOB, null);
        List<String> bobSees = api.get("/api/chats?limit=200", BOB).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(chat -> chat.getString("id")).toList();
        assertThat(bobSees, hasItem(bobs));
        assertThat(bobSees, not(hasItem(alices)));
    }

    @Test
    void healthIsPublic() {
        Api.Reply reply = api.get("/health", null);
        assertThat(reply.status(), is(200));
        assertThat(reply.json().getString("status"), is("ok"));
    }
}
