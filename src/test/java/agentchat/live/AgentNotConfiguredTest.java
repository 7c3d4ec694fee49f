package agentchat.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Without a provider key the user message is still stored, then AGENT_NOT_CONFIGURED says how to fix it. */
@ServerTest
class AgentNotConfiguredTest {

    private static final TestApp APP = TestApp.create(Map.of("agent.provider", "anthropic", "agent.api-key", ""));

    private final Api api;
    private final URI base;

    AgentNotConfiguredTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")
                + (event.getString("type").equals("status") ? ":" + event.getString("status") : "")).toList();
    }

    @Test
    void theUserMessageIsStoredThenAgentNotConfiguredThenIdle() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("Anyone there?").untilIdle();
            assertThat(types(events), contains("user_message_stored", "error", "status:idle"));
            JsonObject error = events.get(1);
            assertThat(error.getString("code"), is("AGENT_NOT_CONFIGURED"));
            assertThat(error.containsKey("messageId"), is(false));
        }
    }

    @Test
    void theErrorSaysHowToConfigureTheAgent() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            String message = ws.sendMessage("hello").untilIdle().get(1).getString("error");
            assertThat(message, containsString("AGENT_API_KEY"));
            assertThat(message, containsString("AGENT_PROVIDER"));
        }
    }

    @Test
    void theUserMessageIsInTheChatAndNoAssistantMessageIs() {
        String chatId = api.createChat(ALICE, null);
        String storedId;
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            storedId = ws.sendMessage("keep me").untilIdle().getFirst().getJsonObject("message").getString("id");
        }
        JsonObject page = api.get("/api/chats/" + chatId + "/messages", ALICE).json();
        JsonArray data = page.getJsonArray("data");
        assertThat(page.getInt("total"), is(1));
        assertThat(data.getJsonObject(0).getString("id"), is(storedId));
        assertThat(data.getJsonObject(0).getString("role"), is("user"));
    }

    @Test
    void theChatIsNotLeftBusy() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("one").untilIdle();
            List<JsonObject> second = ws.sendMessage("two").untilIdle();
            assertThat(second.get(1).getString("code"), is("AGENT_NOT_CONFIGURED"));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(2));
    }

    @Test
    void theChatStillGetsItsTitleFromTheFirstMessage() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("Quarterly numbers").untilIdle();
        }
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().getString("title"), is("Quarterly numbers"));
    }

    @Test
    void regenerateWithoutAnAgentIsRefusedAndKeepsTheMessages() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("one").untilIdle();
            JsonObject error = ws.send(jakarta.json.Json.createObjectBuilder().add("type", "regenerate").build()).next();
            assertThat(error.getString("type"), is("error"));
            assertThat(error.getString("code"), is("AGENT_NOT_CONFIGURED"));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(1));
    }

    @Test
    void anEditWithoutAnAgentIsStoredLikeASentMessage() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            String id = ws.sendMessage("typo").untilIdle().getFirst().getJsonObject("message").getString("id");
            List<JsonObject> events = ws.send(jakarta.json.Json.createObjectBuilder().add("type", "edit_message")
                    .add("messageId", id).add("content", "fixed").build()).untilIdle();
            assertThat(types(events), contains("messages_deleted", "user_message_updated", "error", "status:idle"));
            assertThat(events.get(2).getString("code"), is("AGENT_NOT_CONFIGURED"));
        }
        JsonArray data = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
        assertThat(data.getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"), is("fixed"));
    }

    @Test
    void nothingFollowsTheIdleStatus() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("and then?").untilIdle();
            assertThat(ws.isQuietFor(Duration.ofMillis(300)), is(true));
        }
    }
}
