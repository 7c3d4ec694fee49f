package agentchat.auth;

import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** With {@code auth.chat-visibility: all} every key sees and edits every chat. */
@ServerTest
class VisibilityAllTest {

    private static final TestApp APP = TestApp.create(Map.of("auth.chat-visibility", "all"));

    private final Api api;

    VisibilityAllTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void everyKeySeesEveryChat() {
        String id = api.createChat(ALICE, "shared");
        assertThat(api.get("/api/chats/" + id, BOB).status(), is(200));
        assertThat(api.patch("/api/chats/" + id, BOB, Json.object().add("title", "by bob").build()).status(), is(200));
        assertThat(api.get("/api/chats", BOB).json().getJsonNumber("total").longValue(), is(1L));
        assertThat(api.delete("/api/chats/" + id, BOB).status(), is(204));
    }
}
