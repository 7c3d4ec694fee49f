package agentchat.models;

import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** GET /api/models and a chat's own model and system prompt over REST (PATCH, null = default). */
@ServerTest
class ChatSettingsApiTest {

    private static final TestApp APP = TestApp.create(Map.of(
            "agent.model", "claude-sonnet-4-5",
            "agent.models", "claude-haiku-4-5, claude-opus-4-5 ,claude-haiku-4-5"));

    private final Api api;

    ChatSettingsApiTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    private JsonObject patch(String chatId, JsonObject body, int expectedStatus) {
        Api.Reply reply = api.patch("/api/chats/" + chatId, ALICE, body);
        assertThat(reply.text(), reply.status(), is(expectedStatus));
        return reply.json();
    }

    @Test
    void modelsListsTheConfiguredModelsWithTheDefaultFirstAndMarked() {
        Api.Reply reply = api.get("/api/models", ALICE);
        assertThat(reply.status(), is(200));
        List<JsonObject> models = reply.json().getJsonArray("data").getValuesAs(JsonObject.class);
        assertThat(models.stream().map(m -> m.getString("id")).toList(),
                contains("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5"));
        assertThat(models.stream().map(m -> m.getBoolean("default")).toList(), contains(true, false, false));
        models.forEach(m -> assertThat(m.getString("provider"), is("anthropic")));
    }

    @Test
    void modelsNeedsAKeyAndOnlyAnswersGet() {
        assertThat(api.get("/api/models", null).code(), is("INVALID_API_KEY"));
        Api.Reply post = api.post("/api/models", ALICE, Json.object().build());
        assertThat(post.status(), is(405));
        assertThat(post.code(), is("METHOD_NOT_ALLOWED"));
    }

    @Test
    void aNewChatUsesTheDefaultsShownAsNull() {
        JsonObject chat = api.post("/api/chats", ALICE, null).data();
        assertThat(chat.get("model"), is(JsonValue.NULL));
        assertThat(chat.get("systemPrompt"), is(JsonValue.NULL));
    }

    @Test
    void patchSetsAListedModelAndNullGoesBackToTheDefault() {
        String chatId = api.createChat(ALICE, "pick");
        JsonObject updated = patch(chatId, Json.object().add("model", "claude-opus-4-5").build(), 200).getJsonObject("data");
        assertThat(updated.getString("model"), is("claude-opus-4-5"));
        assertThat(updated.getString("title"), is("pick"));
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().getString("model"), is("claude-opus-4-5"));

        JsonObject reset = patch(chatId, Json.object().addNull("model").build(), 200).getJsonObject("data");
        assertThat(reset.get("model"), is(JsonValue.NULL));
    }

    @Test
    void anUnknownModelIs400AndChangesNothingElseOfThePatch() {
        String chatId = api.createChat(ALICE, "keep me");
        JsonObject error = patch(chatId, Json.object().add("title", "renamed").add("model", "gpt-9-turbo")
                .add("systemPrompt", "Be brief.").build(), 400);
        assertThat(error.getString("code"), is("VALIDATION_ERROR"));
        assertThat(error.getString("error"), containsString("gpt-9-turbo"));
        JsonObject chat = api.get("/api/chats/" + chatId, ALICE).data();
        assertThat(chat.getString("title"), is("keep me"));
        assertThat(chat.get("model"), is(JsonValue.NULL));
        assertThat(chat.get("systemPrompt"), is(JsonValue.NULL));
    }

    @Test
    void aModelThatIsNotAStringIs400() {
        String chatId = api.createChat(ALICE, null);
        assertThat(patch(chatId, Json.object().add("model", 4).build(), 400).getString("code"), is("VALIDATION_ERROR"));
        assertThat(patch(chatId, Json.object().add("systemPrompt", true).build(), 400).getString("code"),
                is("VALIDATION_ERROR"));
    }

    @Test
    void systemPromptIsStoredUpToItsLimitAndBlankOrNullMeansTheDefault() {
        String chatId = api.createChat(ALICE, null);
        String longest = "é".repeat(100_000);
        Api.Reply big = api.send(Method.PATCH, "/api/chats/" + chatId, ALICE, "application/json",
                Json.object().add("systemPrompt", longest).build().toString());
        assertThat(big.status(), is(200));
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().getString("systemPrompt"), is(longest));

        JsonObject tooLong = patch(chatId, Json.object().add("systemPrompt", "x".repeat(100_001)).build(), 400);
        assertThat(tooLong.getString("error"), containsString("100000"));
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().getString("systemPrompt"), is(longest));

        assertThat(patch(chatId, Json.object().add("systemPrompt", "  \n ").build(), 200)
                .getJsonObject("data").get("systemPrompt"), is(JsonValue.NULL));
        patch(chatId, Json.object().add("systemPrompt", "Answer in French.").build(), 200);
        assertThat(patch(chatId, Json.object().addNull("systemPrompt").build(), 200)
                .getJsonObject("data").get("systemPrompt"), is(JsonValue.NULL));
    }

    @Test
    void aPatchWithoutTheNewFieldsLeavesThemAlone() {
        String chatId = api.createChat(ALICE, null);
        patch(chatId, Json.object().add("model", "claude-haiku-4-5").add("systemPrompt", "Be brief.").build(), 200);
        JsonObject renamed = patch(chatId, Json.object().add("title", "Renamed").build(), 200).getJsonObject("data");
        assertThat(renamed.getString("model"), is("claude-haiku-4-5"));
        assertThat(renamed.getString("systemPrompt"), is("Be brief."));
        assertThat(renamed.getString("title"), is("Renamed"));
    }

    @Test
    void changingTheSettingsBumpsUpdatedAt() throws InterruptedException {
        JsonObject created = api.post("/api/chats", ALICE, null).data();
        Thread.sleep(5);
        JsonObject updated = patch(created.getString("id"), Json.object().add("systemPrompt", "Hi").build(), 200)
                .getJsonObject("data");
        assertThat(updated.getString("updatedAt").compareTo(created.getString("updatedAt")), greaterThan(0));
    }

    @Test
    void anotherPrincipalCannotChangeTheSettings() {
        String chatId = api.createChat(ALICE, null);
        Api.Reply reply = api.patch("/api/chats/" + chatId, BOB, Json.object().add("model", "claude-haiku-4-5").build());
        assertThat(reply.status(), is(404));
        assertThat(api.get("/api/chats/" + chatId, ALICE).data().get("model"), is(JsonValue.NULL));
    }
}
